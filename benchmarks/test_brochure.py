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
