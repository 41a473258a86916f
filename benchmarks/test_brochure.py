"""The generated brochure (benchmarks/brochure.py) through the real engine: every logo use is
found on its page, boxed in PDF points where it was placed, and judged as the ground truth says."""

from __future__ import annotations

import brochure
import pytest

from logo_check.api import check_document


@pytest.fixture(scope="module")
def document():
    report = check_document(brochure.build_brochure(), channel="print", category=brochure.DECLARED_CATEGORY)
    (doc,) = report.documents
    return doc


def test_every_use_is_found_where_it_was_placed(document) -> None:
    assert document.kind == "pdf" and document.errors == []
    assert [p.unit for p in document.pages] == ["pt"] * len(brochure.PAGES)
    for page, spec in zip(document.pages, brochure.PAGES, strict=True):
        (instance,) = page.instances
        use = spec.logo
        x0, y0 = use.x_mm * brochure.MM, use.y_mm * brochure.MM
        assert instance.bbox[0] == pytest.approx(x0, abs=2) and instance.bbox[1] == pytest.approx(y0, abs=2)
        assert instance.mark_height == pytest.approx(use.mark_mm * brochure.MM, rel=0.03)
        assert instance.caption == use.caption


def test_verdicts_and_findings_follow_the_ground_truth(document) -> None:
    codes = [[f.code for f in p.instances[0].findings] for p in document.pages]
    assert codes == [[], [], ["caption_mismatch"]]
    assert [p.instances[0].verdict for p in document.pages] == ["compliant", "compliant", "non_compliant"]
    assert [f.code for f in document.findings] == ["denomination_altered"]
    assert document.verdict == "non_compliant"
    assert document.date is not None and document.date.isoformat() == "2008-05-15"  # from the metadata


def test_a_small_printed_mark_is_too_small_in_millimetres() -> None:
    small = (brochure.BrochurePage("Petit", brochure.LogoUse("vector", "offre_referencee", 20, 40, 7), "", None),)
    (doc,) = check_document(brochure.build_brochure(small), channel="print").documents
    (instance,) = doc.pages[0].instances
    (finding,) = [f for f in instance.findings if f.code == "too_small"]
    assert finding.measured == pytest.approx(7.0, abs=0.3) and finding.limit == 10.0


def test_cli_html_report_boxes_all_three(tmp_path) -> None:
    from logo_check.cli import main

    pdf = tmp_path / "brochure.pdf"
    pdf.write_bytes(brochure.build_brochure())
    out = tmp_path / "report.html"
    code = main(["scan", str(pdf), "--channel", "print", "--category", brochure.DECLARED_CATEGORY, "--format", "html"])
    assert code == 1  # non-compliant uses (exit code 1), written to stdout when --out is not given
    code = main(["scan", str(pdf), "--category", brochure.DECLARED_CATEGORY, "--format", "html", "--out", str(out)])
    html = out.read_text(encoding="utf-8")
    assert code == 1
    assert html.count('<polygon class="box v-compliant"') == 2
    assert html.count('<polygon class="box v-non_compliant"') == 1
    assert "caption_mismatch" in html and "denomination_altered" in html


@pytest.mark.parametrize(("colour", "expected"), [("#EF4135", []), ("#F05A30", ["colour_changed"])])
def test_vector_colours_are_exact(colour: str, expected: list[str]) -> None:
    """A drawing's fill is compared exactly (vector tolerance, 3 ΔE00): an arrow recoloured by
    6.8 ΔE00 — invisible to the raster tolerance of 15 — is found, the charter red is not."""
    use = brochure.LogoUse("vector", "offre_referencee", 20, 40, 16, recolour=("arrow", colour))
    (doc,) = check_document(brochure.build_brochure((brochure.BrochurePage("Flèche", use, "", None),))).documents
    (instance,) = doc.pages[0].instances
    assert [f.code for f in instance.findings] == expected
    if expected:
        (finding,) = instance.findings
        assert finding.element == "arrow" and finding.measured == pytest.approx(6.8, abs=0.1) and finding.limit == 3.0
