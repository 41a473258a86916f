"""The report formats other than JSON: evidence kept at scan time, CSV and HTML, and
`logo-check scan --format`.

Inputs come from tests/conftest.py (``scanned_folder``: a generated page with two instances under a
hostile name, a page of noise, an empty file) and from tests/scenes.py; the hand-built reports use
tests/builders.py measurements judged by the real policy.
"""

from __future__ import annotations

import base64
import copy
import csv
import dataclasses
import datetime as dt
import io
import pickle
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import cv2
import numpy as np
import pytest
from builders import clean, element
from conftest import HOSTILE_NAME
from PIL import Image
from scenes import artwork_svg, recolour, scene, similarity

from logo_check.api import check_document, scan_paths
from logo_check.charter import Charter, Text
from logo_check.cli import main
from logo_check.evidence import InstanceEvidence, frame_size, instance_evidence, page_preview, rectify
from logo_check.i18n import Number, in_both, in_both_joined
from logo_check.model import Context, Finding, Measurements
from logo_check.policy import judge
from logo_check.report import DocumentReport, InputError, InstanceReport, PageReport, Report
from logo_check.report_csv import COLUMN_LABELS, COLUMNS, guard, render_csv
from logo_check.report_html import part_names, render_html, render_html_parts


def _decode(png: bytes) -> np.ndarray:
    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    assert image is not None
    return cv2.cvtColor(image, cv2.COLOR_BGR2RGB)


def _gray_correlation(a: np.ndarray, b: np.ndarray) -> float:
    ga = cv2.cvtColor(a, cv2.COLOR_RGB2GRAY).astype(float).ravel()
    gb = cv2.cvtColor(b, cv2.COLOR_RGB2GRAY).astype(float).ravel()
    return float(np.corrcoef(ga, gb)[0, 1])


def _by_name(report: Report, name: str) -> DocumentReport:
    (document,) = [d for d in report.documents if Path(d.source).name == name]
    return document


# -- evidence -------------------------------------------------------------------------------------


def test_clean_instance_crop_resembles_the_reference(charter: Charter) -> None:
    image, h = scene(charter, mark_px=90, angle=8)
    e = instance_evidence(image, h, charter, "offre_referencee", "colour")
    crop, reference, heat = _decode(e.crop), _decode(e.reference), _decode(e.heatmap)
    assert crop.shape == reference.shape == heat.shape == (e.height, e.width, 3)
    assert (e.width, e.height) == frame_size(charter)
    assert _gray_correlation(crop, reference) > 0.9
    assert e.mean_delta_e < 6
    # the same crop against another caption's reference differs more
    other = instance_evidence(image, h, charter, "conseiller_tpe", "colour")
    assert _gray_correlation(_decode(other.crop), _decode(other.reference)) < _gray_correlation(crop, reference)


def test_heatmap_lights_up_a_recoloured_element(charter: Charter) -> None:
    image, h = scene(charter, svg=recolour(artwork_svg(charter), "disc", "#2E8B57"), mark_px=90)
    e = instance_evidence(image, h, charter, "offre_referencee", "colour")
    assert e.mean_delta_e > 8
    heat = cv2.cvtColor(_decode(e.heatmap), cv2.COLOR_RGB2GRAY).astype(float)
    margin = round(charter.clear_space.margin * e.height / (1 + 2 * charter.clear_space.margin))
    disc = heat[margin : e.height - margin, margin : 2 * margin]  # the left part of the disc
    band = heat[e.height // 2 : e.height - margin, e.width // 2 : e.width - 2 * margin]  # wordmark/caption area
    assert disc.mean() > band.mean() + 40


def test_rectify_marks_what_falls_outside_the_page(charter: Charter) -> None:
    image, h = scene(charter, mark_px=80, centre=(60.0, 360.0))  # the artwork runs off the left edge
    crop, inside = rectify(image, h, charter)
    assert inside.shape == crop.shape[:2]
    assert not inside[:, :5].any() and inside[:, -5:].all()


def test_evidence_measures_the_mark_height_as_the_measurements_do(
    charter: Charter, monkeypatch: pytest.MonkeyPatch
) -> None:
    from logo_check import verify

    # S in pixels is the scale of a similarity, whatever its angle (the normal case: as before)
    for size, angle in ((90.0, 0.0), (37.5, 25.0)):
        h = similarity(size, angle, 300.0, 200.0, charter.aspect_ratio)
        assert verify.mark_height_px(h, charter) == pytest.approx(size)
    # in perspective, the height at the artwork's centre (the derivative there)
    h = similarity(80.0, 0.0, 300.0, 200.0, charter.aspect_ratio) @ np.array([[1, 0, 0], [0, 1, 0], [0.05, 0.2, 1.0]])
    centre = np.array([charter.aspect_ratio / 2, 0.5, 1.0])
    step = np.array([0.0, 1e-6, 0.0])
    ends = [h @ (centre - step), h @ (centre + step)]
    exact = np.hypot(*(ends[1][:2] / ends[1][2] - ends[0][:2] / ends[0][2])) / 2e-6
    assert verify.mark_height_px(h, charter) == pytest.approx(exact, rel=1e-4)
    # the evidence pictures take S from that one function
    image, h = scene(charter, mark_px=300)
    asked: list[np.ndarray] = []

    def spy(homography: np.ndarray, pack: Charter) -> float:
        asked.append(homography)
        return 300.0

    monkeypatch.setattr(verify, "mark_height_px", spy)
    rectify(image, h, charter)
    assert len(asked) == 1 and asked[0] is h


def test_mirrored_instance_is_shown_as_the_page_shows_it_and_degenerate_gives_none(charter: Charter) -> None:
    image, h = scene(charter, mark_px=60)
    straight = _decode(instance_evidence(image, h, charter, None, None).crop)
    shown = instance_evidence(image, h, charter, None, None, mirrored=True)
    assert shown is not None and np.array_equal(_decode(shown.crop), straight[:, ::-1])
    assert instance_evidence(image, np.zeros((3, 3)), charter, None, None) is None


def test_page_preview_is_bounded_and_keeps_the_shape() -> None:
    big = np.zeros((2400, 3600, 3), np.uint8)
    preview = page_preview(big)
    assert (preview.width, preview.height) == (1600, 1067)
    assert _decode(preview.data).shape == (1067, 1600, 3)
    small = page_preview(np.zeros((100, 80, 3), np.uint8))
    assert (small.width, small.height, small.mime) == (80, 100, "image/jpeg")


def test_evidence_is_kept_only_when_asked_and_never_in_the_json(scanned_folder: Path, evidence_report: Report) -> None:
    plain = check_document(scanned_folder / HOSTILE_NAME)
    assert all(p.preview is None and all(i.evidence is None for i in p.instances) for p in plain.documents[0].pages)
    document = _by_name(evidence_report, HOSTILE_NAME)
    assert plain.to_dict()["documents"] == [Report("", "", [document]).to_dict()["documents"][0]]
    (page,) = document.pages
    assert page.preview is not None and (page.preview.width, page.preview.height) == (1280, 720)
    assert len(page.instances) == 2 and all(i.evidence is not None for i in page.instances)
    # bounded: a 1280 × 720 page with two instances keeps well under a megabyte
    kept = len(page.preview.data) + sum(
        len(i.evidence.crop) + len(i.evidence.reference) + len(i.evidence.heatmap) for i in page.instances
    )
    assert kept < 1_000_000
    assert pickle.loads(pickle.dumps(document)).pages[0].instances[0].evidence == page.instances[0].evidence


def test_evidence_comes_back_from_worker_processes(scanned_folder: Path, evidence_report: Report) -> None:
    report = scan_paths(scanned_folder, evidence=True, workers=2)
    document = _by_name(report, HOSTILE_NAME)
    assert [i.evidence for i in document.pages[0].instances] == [
        i.evidence for i in _by_name(evidence_report, HOSTILE_NAME).pages[0].instances
    ]


def test_check_document_evidence(scanned_folder: Path, evidence_report: Report) -> None:
    report = check_document((scanned_folder / HOSTILE_NAME).read_bytes(), name="page.png", evidence=True)
    (page,) = report.documents[0].pages
    expected = _by_name(evidence_report, HOSTILE_NAME).pages[0]
    assert page.preview == expected.preview
    assert [i.evidence for i in page.instances] == [i.evidence for i in expected.instances]


# -- hand-built reports ---------------------------------------------------------------------------


def _instance(charter: Charter, review: bool = False, bbox: tuple[float, ...] = (10, 20, 310, 74)) -> InstanceReport:
    m = clean(score=0.3) if review else clean(rotation_deg=9.0)
    findings, verdict = judge(m, Context(), charter)
    return _judged(m, findings, verdict, bbox, review_reason="score 0.30 < 0.50" if verdict == "review" else None)


def _judged(
    m: Measurements, findings: list[Finding], verdict: str, bbox: tuple[float, ...], **extra: object
) -> InstanceReport:
    """The report of an instance measured ``m`` and judged, in the upright box ``bbox``, 54 units high."""
    x0, y0, x1, y1 = bbox
    return InstanceReport(
        bbox=(x0, y0, x1, y1),
        quad=[(x0, y0), (x1, y0), (x1, y1), (x0, y1)],
        score=m.score,
        caption=m.caption,
        variant=m.variant,
        mark_height=54.0,
        verdict=verdict,
        findings=findings,
        **extra,
    )


_TEXT_FINDING = Finding(
    code="denomination_altered",
    element=None,
    severity="violation",
    measured="Entrepreneurs, faites le choix de l'économie numériques",
    limit="Entrepreneurs, faites le choix de l'économie numérique",
    rule="CGU art. X",
    message={"fr": "La dénomination est altérée <b>.", "en": "The denomination is altered <b>."},
)


def _hand_report(charter: Charter, source: str = '=HYPERLINK("http://x")') -> Report:
    page = PageReport(
        index=0,
        width=400,
        height=300,
        unit="px",
        instances=[_instance(charter), _instance(charter, review=True, bbox=(-12.5, 100, 288, 154))],
    )
    documents = [
        DocumentReport(source, "a" * 64, "image", "web", None, dt.date(2008, 6, 1), "non_compliant", [page]),
        DocumentReport(
            "+plain.txt",
            "b" * 64,
            "text",
            "radio",
            None,
            None,
            "non_compliant",
            findings=[_TEXT_FINDING],
        ),
        DocumentReport(
            "@broken.png",
            None,
            "image",
            "web",
            None,
            None,
            "review",
            errors=[InputError("empty_file", {"fr": "fichier vide", "en": "empty file"})],
        ),
    ]
    return Report(charter.id, charter.version, documents)


# -- CSV ------------------------------------------------------------------------------------------


def _csv(text: str, lang: str = "fr") -> list[dict[str, str]]:
    """The data rows keyed by column name, after checking the header row is in ``lang``."""
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [COLUMN_LABELS[c][lang] if lang == "fr" else c for c in COLUMNS]
    assert all(len(r) == len(COLUMNS) for r in rows)
    return [dict(zip(COLUMNS, r, strict=True)) for r in rows[1:]]


def test_csv_one_row_per_instance_and_per_document_without_one(charter: Charter) -> None:
    rows = _csv(render_csv(_hand_report(charter)))
    assert [(r["instance"], r["verdict"], r["document_verdict"]) for r in rows] == [
        ("1", "non_compliant", "non_compliant"),
        ("2", "review", "non_compliant"),
        ("", "", "non_compliant"),
        ("", "", "review"),
    ]
    first, second, text, broken = rows
    assert (first["page"], first["unit"], first["bbox_x0"], first["bbox_x1"]) == ("1", "px", "10", "310")
    assert first["finding_codes"] == "rotated" and "tourné" in first["messages"]
    assert first["date"] == "2008-06-01" and first["sha256"] == "a" * 64
    assert second["review_reason"] == "score 0.30 < 0.50" and second["bbox_x0"] == "-12.5"  # numbers not guarded
    assert (text["kind"], text["error_codes"], text["page"], text["finding_codes"]) == ("text", "", "", "")
    assert (text["document_finding_codes"], text["document_messages"]) == (
        "denomination_altered",
        "La dénomination est altérée <b>.",
    )
    assert first["document_finding_codes"] == ""
    assert (broken["error_codes"], broken["errors"], broken["sha256"]) == ("empty_file", "fichier vide", "")


def test_csv_guards_against_formulas(charter: Charter) -> None:
    rows = _csv(render_csv(_hand_report(charter)))
    assert [r["source"] for r in rows] == [
        '\'=HYPERLINK("http://x")',
        '\'=HYPERLINK("http://x")',
        "'+plain.txt",
        "'@broken.png",
    ]
    assert [guard(s) for s in ("-1", "\tx", "a=b", "")] == ["'-1", "'\tx", "a=b", ""]


def test_csv_header_in_the_reports_language(charter: Charter) -> None:
    text = render_csv(_hand_report(charter))
    french = next(csv.reader(io.StringIO(text)))
    assert french[:7] == ["source", "sha256", "type", "canal", "catégorie", "date", "verdict_document"]
    assert len(set(french)) == len(COLUMNS) and set(COLUMN_LABELS) == set(COLUMNS)
    english = next(csv.reader(io.StringIO(render_csv(_hand_report(charter), lang="en"))))
    assert tuple(english) == COLUMNS  # in English the labels are the column names


def test_csv_messages_in_english(charter: Charter) -> None:
    first, _, _, broken = _csv(render_csv(_hand_report(charter), lang="en"), "en")
    assert "rotated" in first["messages"] and "tourné" not in first["messages"]
    assert broken["errors"] == "empty file"


def test_csv_of_a_real_scan(evidence_report: Report) -> None:
    rows = _csv(render_csv(evidence_report))
    by_name = {}
    for r in rows:
        by_name.setdefault(Path(r["source"]).name, []).append(r)
    assert sorted(r["verdict"] for r in by_name[HOSTILE_NAME]) == ["compliant", "non_compliant"]
    assert [(r["document_verdict"], r["error_codes"]) for r in by_name["noise.png"]] == [("no_logo", "")]
    assert [(r["document_verdict"], r["error_codes"]) for r in by_name["empty.png"]] == [("review", "empty_file")]


# -- HTML -----------------------------------------------------------------------------------------


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


def test_html_is_self_contained(evidence_report: Report) -> None:
    html = render_html(evidence_report)
    tags = _parse(html).tags
    for tag, attrs in tags:
        assert tag not in ("script", "link", "iframe", "object", "embed", "base"), tag
        for name in ("src", "href"):
            value = attrs.get(name)
            if value is not None:
                assert value.startswith(("data:", "#")), (tag, name, value[:40])
    assert "url(" not in html and "@import" not in html
    images = [a for t, a in tags if t == "img"]
    assert len(images) == 2 + 2 * 3  # two page previews (noise.png too), crop / reference / heatmap of 2 instances
    for attrs in images:
        _, data = re.fullmatch(r"data:(image/(?:png|jpeg));base64,(.+)", attrs["src"] or "").groups()
        assert _decode(base64.b64decode(data)).shape[:2] == (int(attrs["height"] or 0), int(attrs["width"] or 0))


def test_html_keeps_the_crop_alone_past_the_pictures_budget(evidence_report: Report) -> None:
    """Two instances, room for the three pictures of the first only: the second keeps its crop."""
    first = next(i.evidence for d in evidence_report.documents for p in d.pages for i in p.instances)
    assert first is not None
    budget = len(first.crop) + len(first.reference) + len(first.heatmap)
    html = render_html(evidence_report, max_instance_pictures=budget)
    images = [a for t, a in _parse(html).tags if t == "img"]
    assert len(images) == 2 + 3 + 1  # two previews, the first instance's three pictures, the second's crop
    assert html.count("Référence et carte des écarts omises") == 1
    assert "Référence et carte des écarts omises" not in render_html(evidence_report)


def test_html_boxes_every_instance_in_preview_pixels(evidence_report: Report) -> None:
    tags = _parse(render_html(evidence_report)).tags
    instances = [i for d in evidence_report.documents for p in d.pages for i in p.instances]
    polygons = [a for t, a in tags if t == "polygon"]
    assert len(polygons) == len(instances) == 2
    colours = {"compliant": "#1a7f37", "non_compliant": "#c62828"}
    assert [a["stroke"] for a in polygons] == [colours[i.verdict] for i in instances]


def test_html_boxes_follow_the_preview_scale(charter: Charter) -> None:
    report = _hand_report(charter)
    page = report.documents[0].pages[0]
    page.width, page.height, page.unit = 841.89, 595.28, "pt"  # an A4 page in points, landscape
    page.preview = page_preview(np.zeros((2480, 3508, 3), np.uint8))  # rendered at 300 dpi
    tags = _parse(render_html(report)).tags
    (overlay,) = [a for t, a in tags if t == "svg" and a.get("class") == "overlay"]
    assert overlay["viewbox"] == "0 0 1600 1131"
    polygons = [a for t, a in tags if t == "polygon"]
    for attrs, instance in zip(polygons, page.instances, strict=True):
        points = np.array([[float(v) for v in p.split(",")] for p in (attrs["points"] or "").split()])
        expected = np.array(instance.quad) * [1600 / 841.89, 1131 / 595.28]
        assert np.allclose(points, expected, atol=0.06)


def test_html_keeps_the_previews_of_pages_without_a_logo_within_a_budget(charter: Charter) -> None:
    """A long document: the page with an instance keeps its preview; the pages without one keep
    theirs, in order, while their bytes stay within the budget, and are blanks with a note after."""
    report = _hand_report(charter)
    with_logo = report.documents[0].pages[0]
    with_logo.preview = page_preview(np.full((300, 400, 3), 90, np.uint8))
    rng = np.random.default_rng(5)
    empty = [
        PageReport(
            index=i,
            width=400,
            height=300,
            unit="px",
            preview=page_preview(rng.integers(0, 255, (300, 400, 3), np.uint8)),
        )
        for i in range(1, 6)
    ]
    report.documents[0].pages += empty
    size = len(empty[0].preview.data)  # type: ignore[union-attr]
    budget = 2 * size + size // 2  # room for two of the five, whatever the random pages weigh
    assert all(abs(len(p.preview.data) - size) < size // 4 for p in empty)  # type: ignore[union-attr]
    html = render_html(report, max_empty_page_previews=budget)
    figures = re.findall(r'<figure id="doc-1-page-(\d+)">(<div class="stage"><img|<svg)', html)
    assert figures == [
        ("1", '<div class="stage"><img'),
        ("2", '<div class="stage"><img'),
        ("3", '<div class="stage"><img'),
    ] + [(str(n), "<svg") for n in (4, 5, 6)]
    assert html.count("Aperçu omis pour limiter la taille du rapport") == 3
    english = render_html(report, lang="en", max_empty_page_previews=budget)
    assert english.count(f"keep theirs up to {budget / 1e6:.2f}".rstrip("0").rstrip(".")) == 3
    assert html.count("<img") == len(re.findall("<img", render_html(report))) - 3  # the default budget keeps all


def test_html_reduces_the_previews_of_pages_with_a_logo_past_a_budget(charter: Charter) -> None:
    """A logo on every page of a long document: the first pages keep full previews within the
    budget, the others a reduced one (boxes drawn to its scale) with a note, their instances kept."""
    import dataclasses

    report = _hand_report(charter)
    first = report.documents[0].pages[0]
    first.width, first.height = 1600, 1200
    rng = np.random.default_rng(7)
    pages = [
        dataclasses.replace(first, index=i, preview=page_preview(rng.integers(0, 255, (1200, 1600, 3), np.uint8)))
        for i in range(4)
    ]
    report.documents[0].pages = pages
    size = max(len(p.preview.data) for p in pages)  # type: ignore[union-attr]
    html = render_html(report, max_instance_page_previews=2 * size)
    overlays = [a for t, a in _parse(html).tags if t == "svg" and a.get("class") == "overlay"]
    assert [a["viewbox"] for a in overlays] == ["0 0 1600 1200"] * 2 + ["0 0 640 480"] * 2
    assert html.count("Aperçu réduit pour limiter la taille du rapport") == 2
    assert html.count('class="box ') == 4 * len(first.instances)
    for reduced in re.findall(r'<img src="data:image/jpeg;base64,([^"]+)" width="640"', html):
        assert len(base64.b64decode(reduced)) < size / 5
    assert "Aperçu réduit" not in render_html(report)  # the default budget keeps them all


def _long_report(evidence_report: Report, charter: Charter, first: int, second: int) -> Report:
    """A report of ``first`` then ``second`` copies of the scanned page with two instances (its
    preview and evidence), then the hand-built text document and unreadable file."""
    (page,) = [p for d in evidence_report.documents for p in d.pages if p.instances]
    documents = [
        DocumentReport(name, "c" * 64, "pdf", "print", None, None, "non_compliant", [])
        for name in ("long.pdf", "second.pdf")
    ]
    # each page its own copy, instances and pictures included, as a scan makes them
    documents[0].pages = [dataclasses.replace(copy.deepcopy(page), index=i) for i in range(first)]
    documents[1].pages = [dataclasses.replace(copy.deepcopy(page), index=i) for i in range(second)]
    return Report(charter.id, charter.version, documents + _hand_report(charter).documents[1:])


def _page_bytes(page: PageReport) -> int:
    assert page.preview is not None
    pictures = [len(e.crop) + len(e.reference) + len(e.heatmap) for i in page.instances if (e := i.evidence)]
    return len(page.preview.data) + sum(pictures)


def _ids_and_links(html: str) -> tuple[set[str], list[str]]:
    tags = _parse(html).tags
    ids = {a["id"] or "" for _, a in tags if "id" in a}
    return ids, [a["href"] or "" for t, a in tags if t == "a"]


def test_html_in_parts_keeps_every_picture_and_links_its_parts(evidence_report: Report, charter: Charter) -> None:
    """Ten pages with two logos each, three pages' pictures a part: four files, the first with the
    summary and the list of parts, every page once and in order, every picture in full, every link
    leading to a part and an anchor that exist."""
    report = _long_report(evidence_report, charter, 7, 3)
    size = _page_bytes(report.documents[0].pages[0])
    parts = render_html_parts(report, "rapport final.html", max_part_pictures=3 * size + size // 2)
    names = [p.name for p in parts]
    assert (
        names
        == part_names("rapport final.html", 4)
        == ["rapport final.html"] + [f"rapport final-{k}.html" for k in (2, 3, 4)]
    )
    pages = [re.findall(r'<figure id="doc-(\d+)-page-(\d+)">', p.html) for p in parts]
    assert pages == [
        [("1", "1"), ("1", "2"), ("1", "3")],
        [("1", "4"), ("1", "5"), ("1", "6")],
        [("1", "7"), ("2", "1"), ("2", "2")],
        [("2", "3")],
    ]
    anchors = {p.name: _ids_and_links(p.html)[0] for p in parts}
    for k, part in enumerate(parts):
        assert part.html.count("<img") == len(pages[k]) * (1 + 3 * 2)  # preview, then 3 pictures × 2 logos
        assert "omises" not in part.html and "Aperçu réduit" not in part.html
        assert ('id="summary"' in part.html) == (k == 0) and ('id="parts"' in part.html) == (k == 0)
        assert f"<strong>Partie {k + 1} / 4</strong>" in part.html
        assert ('rel="prev"' in part.html) == (k > 0) and ('rel="next"' in part.html) == (k < 3)
        _, links = _ids_and_links(part.html)
        assert links, k
        for link in links:
            target, _, anchor = link.partition("#")
            name = unquote(target) if target else part.name
            assert name in anchors, link
            assert not anchor or anchor in anchors[name], link
    # a document is introduced once; its later pages are marked as continued
    assert parts[0].html.count('id="doc-1"') == 1 and 'id="doc-1"' not in parts[1].html
    assert "long.pdf <small>(suite)</small>" in parts[1].html and "second.pdf <small>(suite)</small>" in parts[3].html
    assert 'href="rapport%20final-3.html#doc-2"' in parts[0].html  # the summary leads to each document
    assert 'href="rapport%20final-4.html#doc-3"' in parts[0].html  # the text document, after the last page
    assert "1. long.pdf — pages 1 à 3" in parts[0].html and "2. second.pdf — page 3" in parts[0].html
    english = render_html_parts(report, lang="en", max_part_pictures=3 * size + size // 2)
    assert "<strong>Part 2 / 4</strong>" in english[1].html and "long.pdf <small>(continued)</small>" in english[1].html


def test_html_parts_are_written_as_the_documents_come(evidence_report: Report, charter: Charter) -> None:
    """The writer behind ``--out`` writes each part but the first as soon as the next begins, and
    drops its pictures then; ``finish`` writes the first and the last and sets the number of parts
    in the others: the same files as the report rendered at once."""
    from logo_check.report_html import HtmlPartsWriter

    report = _long_report(evidence_report, charter, 7, 3)
    size = _page_bytes(report.documents[0].pages[0])
    budget = 3 * size + size // 2
    expected = {p.name: p.html for p in render_html_parts(copy.deepcopy(report), "r.html", max_part_pictures=budget)}
    files: dict[str, str] = {}
    order: list[tuple[str, int]] = []

    added: list[str] = []  # the documents given to the writer so far

    def write(name: str, html: str) -> None:
        files[name] = html
        order.append((name, len(added)))

    writer = HtmlPartsWriter(
        charter.id, charter.version, write, "r.html", max_part_pictures=budget, release_pictures=True
    )
    for document in report.documents:
        writer.add([document])
        added.append(document.source)
    # before the end: the pictures of the parts written are dropped, the first's and last's kept
    long, second = report.documents[:2]
    assert [p.preview is None for p in long.pages] == [False] * 3 + [True] * 4
    assert [all(i.evidence is None for i in p.instances) for p in second.pages] == [True, True, False]
    names = writer.finish(files.__getitem__, files.__setitem__)
    assert names == list(expected) and files == expected
    # r-2.html once r-3.html began (with the first document's seventh page), r-3.html once r-4.html
    # began (the second document's last page); the first and the last at the end
    assert order == [("r-2.html", 0), ("r-3.html", 1), ("r-4.html", 4), ("r.html", 4)]


def test_html_in_parts_keeps_a_short_report_in_one_file(evidence_report: Report) -> None:
    (part,) = render_html_parts(evidence_report, "r.html")
    assert part.name == "r.html" and part.html == render_html(evidence_report)


def test_html_in_parts_bounds_the_sections_of_a_part(charter: Charter) -> None:
    """Pages without pictures still fill a part: at most ``max_part_sections`` headings and pages."""
    report = _hand_report(charter)
    first = report.documents[0].pages[0]
    report.documents[0].pages = [dataclasses.replace(first, index=i) for i in range(5)]
    parts = render_html_parts(report, max_part_sections=3)
    sections = [len(re.findall(r'<section class="(?:document|page)', p.html)) for p in parts]
    assert sections == [3, 3, 3, 1] and len(parts) == 4  # heading, pages 1-2; 3-4; 5, text; broken
    shown = [re.findall(r'<figure id="doc-1-page-(\d+)">', p.html) for p in parts]
    assert shown == [["1", "2"], ["3", "4"], ["5"], []]
    assert re.search(r'<section class="document" id="doc-3">', parts[3].html)


def test_html_numbers_in_the_reports_language(charter: Charter) -> None:
    """French writes a decimal comma, as the findings' messages do; a box's numbers are then
    separated by semicolons."""
    report = _hand_report(charter)
    assert "-12,5 ; 100 ; 288 ; 154 px" in render_html(report)
    assert "-12.5, 100, 288, 154 px" in render_html(report, lang="en")


def test_html_escapes_hostile_names(evidence_report: Report, charter: Charter) -> None:
    html = render_html(evidence_report)
    assert "<img src=x" not in html
    assert not [a for _, a in _parse(html).tags if "onerror" in a]
    assert "&lt;img src=x onerror=alert(1)&gt;&quot;&amp;&#x27;=1+1.png" in html
    assert HOSTILE_NAME in "".join(_parse(html).text)  # shown as text, as it is
    hand = render_html(_hand_report(charter, source="</style><script>alert(1)</script>"))
    assert "<script" not in hand and "&lt;/style&gt;&lt;script&gt;" in hand


def test_html_shows_findings_reasons_and_errors_in_each_language(charter: Charter) -> None:
    report = _hand_report(charter)
    fr, en = render_html(report), render_html(report, lang="en")
    assert '<html lang="fr">' in fr and '<html lang="en">' in en
    rotated = next(f for f in report.documents[0].pages[0].instances[0].findings if f.code == "rotated")
    for html, lang, words in (
        (fr, "fr", ("Synthèse", "non conforme", "à examiner", "Logo n° 1")),
        (en, "en", ("Summary", "to review", "Logo no. 1")),
    ):
        text = " ".join(_parse(html).text)
        assert all(w in text for w in words)
        assert rotated.message[lang] in text and rotated.rule in text
        assert "score 0.30 < 0.50" in text  # review reason
        assert ("fichier vide" if lang == "fr" else "empty file") in text and "empty_file" in text
        assert ("Constats" if lang == "fr" else "Findings") in text
        assert _TEXT_FINDING.message[lang] in text and _TEXT_FINDING.measured in text
    assert "non-compliant" in " ".join(_parse(en).text) and "non conforme" not in en
    assert "altérée <b>" not in fr and "altérée &lt;b&gt;" in fr
    # without evidence the page is still drawn (a blank of its shape), with its boxes
    tags = _parse(fr).tags
    assert len([a for t, a in tags if t == "polygon"]) == 2 and not [a for t, a in tags if t == "img"]


def _keys_report(charter: Charter) -> Report:
    """A report whose documents and instance carry keys of every sort: kinds, a channel, a declared
    category, a caption, a variant, an element, and findings whose values are keys."""
    m = element(clean(variant="mono", caption="equipement_reference"), "at_sign", delta_e=30.0)
    findings, verdict = judge(m, Context(channel="email", category="offre_referencee"), charter)
    assert {f.code for f in findings} == {"variant_not_allowed", "caption_mismatch", "colour_changed"}
    png = _encode_png(np.full((20, 60, 3), 255, dtype=np.uint8))
    evidence = InstanceEvidence(png, png, png, 60, 20, 1.0, "equipement_reference", "mono")
    instance = _judged(m, findings, verdict, (10, 20, 310, 74), evidence=evidence)
    page = PageReport(index=0, width=400, height=300, unit="pt", instances=[instance])
    documents = [
        DocumentReport("flyer", "a" * 64, "pdf", "email", "offre_referencee", None, verdict, [page]),
        DocumentReport("script", "b" * 64, "text", "radio", None, None, "no_logo"),
        DocumentReport("lot", "c" * 64, "archive", "web", None, None, "review"),
    ]
    return Report(charter.id, charter.version, documents)


def _encode_png(image: np.ndarray) -> bytes:
    ok, png = cv2.imencode(".png", image)
    assert ok
    return png.tobytes()


def test_html_names_things_by_the_charters_labels_not_their_keys(charter: Charter) -> None:
    """Kinds, channels, categories, captions, variants, elements and the values of findings that
    are keys are shown in the report's words; the finding and error codes stay (they are codes)."""
    report = _keys_report(charter)
    for lang, words in (
        (
            "fr",
            [
                "PDF",
                "texte",
                "archive",
                "courriel",
                "radio",
                "Offre référencée",
                "ÉQUIPEMENT RÉFÉRENCÉ",
                "monochrome",
                "arobase (disque et @)",
                "la variante monochrome est admise",
                "non conforme",
            ],
        ),
        (
            "en",
            [
                "PDF",
                "text",
                "archive",
                "e-mail",
                "radio",
                "Listed offer",
                "ÉQUIPEMENT RÉFÉRENCÉ",
                "monochrome",
                "at sign (disc and @)",
                "the monochrome variant is allowed",
                "non-compliant",
            ],
        ),
    ):
        cells = [c.strip() for c in _parse(render_html(report, lang=lang)).text if c.strip()]
        text = " ".join(cells)
        for word in words:
            assert word in cells or word in text, (lang, word)
        raw = {"pdf", "mono", "mono_allowed", "equipement_reference", "offre_referencee", "email", "at_sign"}
        assert not raw & set(re.findall(r"[\w-]+", text)), (lang, raw & set(re.findall(r"[\w-]+", text)))
        assert "variant_not_allowed" in cells and "caption_mismatch" in cells  # codes stay codes
    fr = " ".join(_parse(render_html(report)).text)
    assert "Référence (ÉQUIPEMENT RÉFÉRENCÉ, monochrome)" in fr
    # the labels are those of the pack the report was made with
    email = dataclasses.replace(charter.channels["email"], label=Text("mél", "electronic mail"))
    custom = dataclasses.replace(charter, channels={**charter.channels, "email": email})
    assert "mél" in _parse(render_html(report, charter=custom)).text


def test_reading_notes_in_english_in_the_json_and_in_the_reports_language_in_html() -> None:
    """A document's reading notes stay English strings in the JSON (the schema says so) and are
    shown in the HTML report in its language."""
    rgba = np.zeros((16, 32, 4), dtype=np.uint8)
    rgba[:8, :, 3] = 255  # half transparent
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(out, "PNG", exif=exif)
    report = check_document(out.getvalue(), name="turned.png")
    (document,) = report.to_dict()["documents"]
    assert document["notes"] == ["format PNG", "EXIF orientation 6 applied", "alpha composited on white"]
    fr = " ".join(_parse(render_html(report)).text)
    en = " ".join(_parse(render_html(report, lang="en")).text)
    assert "Notes de lecture" in fr and "Reading notes" in en
    assert "orientation EXIF 6 appliquée" in fr and "transparence posée sur du blanc" in fr
    assert "alpha composited on white" not in fr and "EXIF orientation 6 applied" in en
    assert "alpha composited on white" in en


# -- command line ---------------------------------------------------------------------------------


def test_cli_formats(scanned_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.csv"
    inputs = [str(scanned_folder / "noise.png"), str(scanned_folder / "empty.png")]
    assert main(["--lang", "en", "scan", *inputs, "--format", "csv", "--out", str(out)]) == 3
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark for spreadsheets
    rows = _csv(data.decode("utf-8-sig"), "en")
    assert [(r["document_verdict"], r["error_codes"], r["errors"]) for r in rows] == [
        ("no_logo", "", ""),
        ("review", "empty_file", "empty file"),
    ]
    capsys.readouterr()
    assert main(["scan", str(scanned_folder), "--format", "html"]) == 3
    html = capsys.readouterr().out
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fr">' in html
    assert html.count("data:image/jpeg;base64,") == 2 and html.count("data:image/png;base64,") == 6
    assert main(["scan", str(scanned_folder), "--format", "xml"]) == 2
    assert "xml" in capsys.readouterr().err


def test_cli_writes_a_long_html_report_in_parts(
    scanned_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--out`` writes the parts beside the first; on standard output, one file."""
    import logo_check.report_html

    monkeypatch.setattr(logo_check.report_html, "MAX_PART_PICTURE_BYTES", 1)  # a page a part
    out = tmp_path / "report.html"
    assert main(["scan", str(scanned_folder), "--format", "html", "--out", str(out)]) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report-2.html", "report.html"]
    assert "rapport HTML en 2 fichiers, de report.html à report-2.html" in capsys.readouterr().err
    assert 'href="report-2.html#doc-3"' in out.read_text(encoding="utf-8")
    assert main(["scan", str(scanned_folder), "--format", "html"]) == 3
    captured = capsys.readouterr()
    assert captured.out.count("<!DOCTYPE html>") == 1 and "fichiers" not in captured.err


@pytest.mark.slow
def test_html_of_a_pdf_boxes_an_embedded_image_and_vectors(charter: Charter, tmp_path: Path) -> None:
    """A two-page PDF built here with PyMuPDF: the artwork as an embedded PNG on page 1, and as
    vectors (the master SVG with a green disc, converted by PyMuPDF) on page 2."""
    import pymupdf
    from scenes import render_svg

    pdf = pymupdf.open()
    first = pdf.new_page(width=595, height=842)
    rgba = render_svg(artwork_svg(charter), 200, charter.aspect_ratio)
    png = cv2.imencode(".png", cv2.cvtColor(rgba, cv2.COLOR_RGBA2BGRA))[1].tobytes()
    first.insert_image(pymupdf.Rect(100, 200, 100 + 60 * charter.aspect_ratio, 260), stream=png)
    second = pdf.new_page(width=595, height=842)
    vector = pymupdf.open(
        "pdf", pymupdf.open("svg", recolour(artwork_svg(charter), "disc", "#2E8B57").encode()).convert_to_pdf()
    )
    second.show_pdf_page(pymupdf.Rect(150, 400, 150 + 50 * charter.aspect_ratio, 450), vector, 0)
    path = tmp_path / "brochure.pdf"
    pdf.save(path)

    report = check_document(path, evidence=True)
    (document,) = report.documents
    assert [(p.unit, len(p.instances)) for p in document.pages] == [("pt", 1), ("pt", 1)]
    assert [p.instances[0].verdict for p in document.pages] == ["compliant", "non_compliant"]
    assert all(p.preview is not None and p.instances[0].evidence is not None for p in document.pages)
    tags = _parse(render_html(report)).tags
    polygons = [a for t, a in tags if t == "polygon"]
    for attrs, page in zip(polygons, document.pages, strict=True):
        assert page.preview is not None
        points = np.array([[float(v) for v in p.split(",")] for p in (attrs["points"] or "").split()])
        expected = np.array(page.instances[0].quad) * [
            page.preview.width / page.width,
            page.preview.height / page.height,
        ]
        assert np.allclose(points, expected, atol=0.06)


#: Review reasons as the engine writes them into the JSON report, « French / English »
#: (logo_check.i18n.in_both), and how the French and the English report show them.
_REASONS = [
    (
        in_both("review_outside_page", share=Number(0.37, 0, "%")),
        "37 % du logo hors de la page",
        "37% of the artwork outside the page",
    ),
    (
        in_both("review_registration_score", score=Number(0.45, 2, fixed=True)),
        "score de recalage 0,45",
        "registration score 0.45",
    ),
    (
        in_both_joined(
            [
                ("review_too_thin", {"element": "flèche", "margin": Number(0.03, 2, fixed=True)}),
                ("review_too_thin", {"element": "bandeau", "margin": Number(0.01, 2, fixed=True)}),
            ]
        ),
        "flèche : tracé trop fin pour le distinguer de ce qu'il recouvre (marge 0,03) ; "
        "bandeau : tracé trop fin pour le distinguer de ce qu'il recouvre (marge 0,01)",
        "flèche: too thin to tell from what it is drawn over (margin 0.03); "
        "bandeau: too thin to tell from what it is drawn over (margin 0.01)",
    ),
    ("score 0.30 < 0.50", "score 0.30 < 0.50", "score 0.30 < 0.50"),  # in one language: as it is
]


@pytest.mark.parametrize(("reason", "fr", "en"), _REASONS)
def test_review_reason_in_the_reports_language(charter: Charter, reason: str, fr: str, en: str) -> None:
    """The HTML report and the CSV give an instance's review reason in their language only, with its
    typography, where the JSON has both."""
    report = _hand_report(charter)
    report.documents[0].pages[0].instances[1].review_reason = reason
    for lang, shown, other in (("fr", fr, en), ("en", en, fr)):
        text = " ".join(_parse(render_html(report, lang=lang)).text)
        assert shown in text, (lang, text)
        assert other == shown or other not in text, (lang, other)
        (_, second, _, _) = _csv(render_csv(report, lang), lang)
        assert second["review_reason"] == shown
    assert report.to_dict()["documents"][0]["pages"][0]["instances"][1]["review_reason"] == reason  # the JSON's


def test_html_calls_review_by_the_verdicts_word(charter: Charter) -> None:
    """The verdict reads « à examiner »: the reason for it is « Raison de l'examen », as on the
    service's pages, not « de la revue »."""
    text = " ".join(_parse(render_html(_hand_report(charter))).text)
    assert "à examiner" in text and "Raison de l'examen" in text and "revue" not in text


def test_csv_calls_review_by_the_verdicts_word(charter: Charter) -> None:
    french = next(csv.reader(io.StringIO(render_csv(_hand_report(charter)))))
    assert "raison_examen" in french and not [label for label in french if "revue" in label]


def test_html_limit_of_a_variant_not_allowed_reads_as_the_exception_it_needs(charter: Charter) -> None:
    """A mono logo on the web: its limit is the channel exception it would need, not a bare « la
    variante monochrome est admise » beside a violation."""
    report = _keys_report(charter)
    for lang, limit in (
        ("fr", "exception de canal requise : la variante monochrome est admise"),
        ("en", "channel exception required: the monochrome variant is allowed"),
    ):
        cells = [c.strip() for c in _parse(render_html(report, lang=lang)).text]
        assert limit in cells, (lang, [c for c in cells if "mono" in c])


def test_html_calls_the_heatmap_as_the_service_does(evidence_report: Report) -> None:
    """The heatmap is « Écart de couleur » on the service's pages: the report calls it so too."""
    from service.i18n import MESSAGES as SERVICE

    for lang in ("fr", "en"):
        text = " ".join(_parse(render_html(evidence_report, lang=lang)).text)
        assert f"{SERVICE['report_heatmap'][lang]} (" in text and "ΔE2000" in text, lang
