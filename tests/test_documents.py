"""Documents beyond single images — PDFs, animations, multi-page TIFFs, texts, ZIP archives — and
every hostile input of SPEC §7, each built here on the fly (PyMuPDF, Pillow and zipfile write
them), each refused with a clear code while the other inputs of the run are still reported.

The engine is replaced by one that finds nothing (``no_logo_engine``) where only ingest is under
test; the PDF end-to-end checks with the real engine are in benchmarks/test_brochure.py.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import resource
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from builders import nested_svg
from PIL import Image

from logo_check import pipeline
from logo_check.api import check_document, scan_paths
from logo_check.charter import Charter, load_charter
from logo_check.errors import UnreadableInputError
from logo_check.ingest import read_document, sniff
from logo_check.ingest_zip import iter_members
from logo_check.limits import DEFAULT_LIMITS, Limits
from logo_check.raster_pool import RasterPool
from logo_check.sandbox import run_limited

DENOMINATION = "Entrepreneurs, faites le choix de l'économie numérique"


@pytest.fixture
def no_logo_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "detect", lambda page, charter: [])


def _png(size: tuple[int, int] = (64, 48), seed: int = 0) -> bytes:
    rng = np.random.default_rng(seed)
    out = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)).save(out, "PNG")
    return out.getvalue()


def _pdf(pages: int = 1, size: tuple[float, float] = (595, 842), text: str = "", **save: object) -> bytes:
    import pymupdf

    doc = pymupdf.open()
    for _ in range(pages):
        page = doc.new_page(width=size[0], height=size[1])
        if text:
            page.insert_text((50, 100), text, fontsize=11)
    return doc.tobytes(**save)


def _codes(report_documents: list) -> list[list[str]]:
    return [[e.code for e in d.errors] for d in report_documents]


# -- kinds from the bytes ----------------------------------------------------------------------


def test_sniff_decides_from_the_bytes_not_the_name() -> None:
    assert sniff(_png()) == "image"
    assert sniff(_pdf()) == "pdf"
    assert sniff(b"PK\x03\x04rest") == "zip"
    assert sniff(b"WARC/1.1\r\n") == "warc"
    assert sniff(DENOMINATION.encode("utf-8")) == "text"
    assert sniff(b"\x00\x01\x02binary") is None
    # SVG is XML, which reads as text: its root tells it (a web page holding an SVG is still text)
    assert sniff(b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>') == "svg"
    assert sniff(b"<!DOCTYPE html><html><body><svg></svg></body></html>") == "text"
    assert sniff(b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00") == "image"  # AVIF
    assert sniff(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00") == "image"  # HEIC, a phone's photograph
    assert sniff(b"RIFF\x10\x00\x00\x00WAVEfmt ") is None  # a RIFF file that is no WebP


@pytest.mark.parametrize("fmt", ["AVIF", "HEIF"])
def test_avif_and_heic_images_are_read(charter: Charter, fmt: str) -> None:
    """AVIF, which web sites serve more and more (Pillow decodes it), and HEIC, the format phones
    save photographs in (pillow-heif decodes it)."""
    from scenes import scene

    from logo_check.ingest import read_frames

    read_frames(_png(), "x.png")  # registers the HEIF plugin, which this test also writes with
    image, _ = scene(charter, mark_px=80)
    out = io.BytesIO()
    Image.fromarray(image).save(out, fmt, quality=70)
    (document,) = check_document(out.getvalue(), channel="web", category="offre_referencee", name="logo").documents
    assert document.kind == "image" and document.verdict == "compliant", document
    assert [n.params for n in document.notes if n.key == "format"] == [(("format", fmt),)]


def test_a_damaged_avif_is_an_error_of_that_input(no_logo_engine: None) -> None:
    """Pillow's AVIF decoder raises RuntimeError on a damaged file (here its primary item names
    an item that is not there), which stopped the whole run (found by a fuzzing pass)."""
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, "AVIF", quality=60)
    data = bytearray(out.getvalue())
    item = data.index(b"pitm") + 8  # after the box type, its version and flags: the item's id
    data[item : item + 2] = b"\x77\x77"
    (document,) = check_document(bytes(data), name="x.avif").documents
    assert [e.code for e in document.errors] == ["truncated"] and document.verdict == "review"


def test_an_svg_logo_file_is_scanned_as_the_image_it_draws(charter: Charter) -> None:
    """The master artwork as an SVG file, 100 px tall: rendered at its own size and judged, as a
    partner's logo file; one that declares an entity is refused, as on a web page."""
    from logo_check.reference import artwork_svg

    svg = artwork_svg(charter, "offre_referencee", "colour", 100).encode("utf-8")
    report = check_document(svg, channel="web", category="offre_referencee", name="logo.svg")
    (document,) = report.documents
    assert document.kind == "image" and document.verdict == "compliant"
    assert [n.key for n in document.notes] == ["svg_rendered"]
    (instance,) = [i for p in document.pages for i in p.instances]
    assert instance.mark_height == pytest.approx(100, abs=2)
    hostile = svg.replace(b"<svg ", b'<!DOCTYPE svg [<!ENTITY x "y">]>\n<svg ', 1)
    refused = check_document(hostile, channel="web", name="hostile.svg").documents[0]
    assert refused.kind == "image" and [e.code for e in refused.errors] == ["svg_refused"]


def test_an_svg_nested_too_deep_is_refused_before_it_can_crash_the_process(tmp_path: Path) -> None:
    """resvg recurses per nesting level: 300 nested groups crashed the whole process with a
    segmentation fault (no exception to catch, the run lost). Run in a child process, so that a
    regression fails this test instead of the test run; the limit, ``max_svg_depth``, leaves a
    drawing nested as deep as the limit rendered, and a file that is not XML ``truncated``."""
    (tmp_path / "deep.svg").write_bytes(nested_svg(300))
    (tmp_path / "fine.svg").write_bytes(nested_svg(DEFAULT_LIMITS.max_svg_depth - 2))  # the root and the rect count
    (tmp_path / "broken.svg").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><g></svg>')
    code = (
        "import json, sys; from logo_check.api import scan_paths; "
        "print(json.dumps([[e.code for e in d.errors] for d in scan_paths(sys.argv[1:]).documents]))"
    )
    names = ["deep.svg", "fine.svg", "broken.svg"]
    done = subprocess.run(
        [sys.executable, "-c", code, *[str(tmp_path / n) for n in names]], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == [["svg_refused"], [], ["truncated"]]


# -- frames and pages ----------------------------------------------------------------------------


def _gif(frames: int, distinct: bool = True) -> bytes:
    images = [
        Image.fromarray(
            np.full((8, 8, 3), (i * 37 % 256, i % 7, 3) if distinct else (i % 2 * 200, 0, 3), dtype=np.uint8)
        ).convert("P")
        for i in range(frames)
    ]
    out = io.BytesIO()
    images[0].save(out, "GIF", save_all=True, append_images=images[1:], duration=40, loop=0)
    return out.getvalue()


def test_animated_gif_gives_each_distinct_frame() -> None:
    document = read_document(_gif(3), "a.gif")
    assert document.kind == "image" and len(document.rasters) == 3 and document.errors == []
    assert [r.index for r in document.rasters] == [0, 1, 2] and len(document.page_sizes) == 3


def test_gif_with_10000_frames_stops_at_the_limit() -> None:
    started = time.monotonic()
    document = read_document(_gif(10_000), "many.gif")
    assert len(document.rasters) == DEFAULT_LIMITS.max_frames
    assert [code for code, _ in document.errors] == ["too_many_frames"]
    assert time.monotonic() - started < 30  # bounded work, not 10,000 decodes of big frames


def test_a_gif_read_in_part_is_reviewed_not_passed(no_logo_engine: None) -> None:
    """Frames past the limit are not checked: the frames read being clean does not make the
    document clean (SPEC §3: review, with the reason in its errors)."""
    whole = check_document(_gif(3), name="short.gif").documents[0]
    assert whole.verdict == "no_logo" and whole.errors == []
    (document,) = check_document(_gif(DEFAULT_LIMITS.max_frames + 5), name="long.gif").documents
    assert [e.code for e in document.errors] == ["too_many_frames"] and document.verdict == "review"


def test_repeated_frames_are_read_once() -> None:
    document = read_document(_gif(50, distinct=False), "blink.gif")  # two frames, alternating
    assert len(document.rasters) == 2 and document.errors == []


def test_multipage_tiff_gives_every_page() -> None:
    frames = [Image.fromarray(np.full((16, 16, 3), v, dtype=np.uint8)) for v in (10, 120, 240)]
    out = io.BytesIO()
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:])
    document = read_document(out.getvalue(), "scan.tif")
    assert len(document.rasters) == 3 and document.errors == []


# -- texts and the denomination --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"Spot radio : « {DENOMINATION} ».", []),
        # quoted or bracketed without a space: the marks are not part of the passage
        (f"Spot radio : «{DENOMINATION}».", []),
        (f'Spot radio : "{DENOMINATION}"', []),
        (f"Spot radio : “{DENOMINATION}”.", []),
        (f"Spot radio : „{DENOMINATION}“ ; *{DENOMINATION}*", []),
        (f"Spot radio ({DENOMINATION}).", []),
        (f"Spot radio : ({DENOMINATION.replace('numérique', 'digitale')}).", ["denomination_altered"]),
        ("Spot : Entrepreneurs, faites le choix de l'économie digitale.", ["denomination_altered"]),
        ("Spot : Entrepreneurs, faites le bon choix de l'économie numérique.", ["denomination_altered"]),
        ("Spot : Entrepreneurs, faites le choix du numérique.", ["denomination_altered"]),
        ("Spot : Entreprises, faites le choix de l'économie numérique.", ["denomination_altered"]),
        ("Les entrepreneurs font le choix de l'économie de marché.", []),
        ("Rien à voir avec l'opération.", []),
    ],
)
def test_text_denomination(text: str, expected: list[str], no_logo_engine: None) -> None:
    report = check_document(text.encode("utf-8"), channel="web", name="spot.txt")
    (document,) = report.documents
    assert document.kind == "text" and document.errors == []
    assert [f.code for f in document.findings] == expected
    if expected:
        finding = document.findings[0]
        assert finding.limit == DENOMINATION and finding.severity == "violation"
        assert "«" in finding.message["fr"] and "“" in finding.message["en"]
        assert document.verdict == "non_compliant"


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        (f"<p>{DENOMINATION}</p>", []),
        (f"<!DOCTYPE html><html><body><h1>{DENOMINATION}</h1><script>var s = 'Entrepreneurs';</script>", []),
        (f"Voir <b>{DENOMINATION.replace('numérique', 'digitale')}</b>", ["denomination_altered"]),
    ],
)
def test_html_markup_is_read_for_its_visible_text(markup: str, expected: list[str], no_logo_engine: None) -> None:
    """Tags would stick to the denomination's words: an HTML page or fragment is read as a crawled
    page is, for its visible text (scripts left out)."""
    (document,) = check_document(markup.encode("utf-8"), channel="web", name="page.html").documents
    assert document.kind == "html" and [str(note) for note in document.notes] == [
        "HTML page: visible text and images shown (0)"
    ]
    assert [f.code for f in document.findings] == expected
    assert document.verdict == ("non_compliant" if expected else "compliant")


def test_texts_built_to_make_a_regular_expression_backtrack_are_read_at_once(no_logo_engine: None) -> None:
    """Three patterns that took exponential or quadratic time on a crafted text: empty comments
    before the text (telling HTML from text: 6.5 s for 26 of them, years for a hundred), blank lines
    after a hyphen (joining a word broken at a line's end: 0.65 s for 8,000), spaces in an SVG's
    width (its size). Each is read now, with the same meaning as before."""
    from logo_check.denomination import normalise
    from logo_check.ingest_text import is_html
    from logo_check.svg_raster import svg_to_png

    assert not is_html("<!-- -->" * 100_000 + " texte")
    assert is_html("<!-- a -->\n <!--b--><!DOCTYPE html><p>") and is_html("Un texte </p >")
    assert not is_html("<!-- <html> sans fin")
    (document,) = check_document(
        ("<!-- -->" * 100 + " " + DENOMINATION).encode(), channel="radio", name="s.txt"
    ).documents
    assert document.kind == "text" and document.findings[0].code == "exception_applied"
    assert normalise("a-" + "\n" * 1_000_000) == "a-"
    assert normalise("l'écono-\n  mie numé- \t\n\n rique, auto- école") == "l'économie numérique, auto- école"
    width = b'<svg xmlns="http://www.w3.org/2000/svg" width="1' + b" " * 2_000_000 + b'x" height="30"/>'
    assert svg_to_png(width).startswith(b"\x89PNG")  # the width unreadable: the default side


def test_overlapping_readings_of_the_denomination_keep_the_best_ranked() -> None:
    """The passages kept are those a greedy pass over the ranked candidates keeps when it
    compares each with every passage kept so far (the rule), found by bisection since a text of
    thousands of copies made that comparison quadratic: the same on random candidates."""
    import random

    from logo_check.denomination import _without_overlaps

    rng = random.Random(5)
    for _ in range(200):
        ranked = []
        for _ in range(rng.randint(0, 60)):
            start = rng.randint(0, 300)
            ranked.append((rng.random(), rng.random(), start, start + rng.randint(1, 40)))
        naive: list[tuple[float, float, int, int]] = []
        for c in ranked:
            if all(c[3] <= k[2] or c[2] >= k[3] for k in naive):
                naive.append(c)
        assert _without_overlaps(ranked) == naive


def test_exact_denomination_on_radio_is_an_applied_exception() -> None:
    report = check_document(f"{DENOMINATION}\n".encode("cp1252"), channel="radio", name="spot.txt")
    (document,) = report.documents
    assert [f.code for f in document.findings] == ["exception_applied"]
    assert document.verdict == "compliant"


def test_text_without_denomination_has_no_logo() -> None:
    (document,) = check_document(b"Bonjour.\n", channel="radio").documents
    assert document.verdict == "no_logo" and document.findings == []


def test_text_after_the_right_of_use_is_expired() -> None:
    (document,) = check_document(DENOMINATION.encode(), channel="radio", date="2009-02-01").documents
    assert "expired_use" in [f.code for f in document.findings]


# -- PDFs ------------------------------------------------------------------------------------


def test_pdf_text_layer_and_metadata_date(no_logo_engine: None) -> None:
    import pymupdf

    doc = pymupdf.open(stream=_pdf(2, text="Entrepreneurs, faites le choix de l'économie digitale"))
    doc.set_metadata({"modDate": "D:20090301120000"})
    (document,) = check_document(doc.tobytes(), channel="print", name="b.pdf").documents
    assert document.kind == "pdf" and document.errors == []
    assert [(p.index, p.unit, p.width, p.height) for p in document.pages] == [(0, "pt", 595, 842), (1, "pt", 595, 842)]
    assert document.date is not None and document.date.isoformat() == "2009-03-01"
    assert [f.code for f in document.findings] == ["denomination_altered", "denomination_altered"]
    (declared,) = check_document(doc.tobytes(), channel="print", date="2008-01-01").documents
    assert declared.date is not None and declared.date.isoformat() == "2008-01-01"  # the declared date wins


def test_encrypted_pdf_is_refused_unless_it_opens_without_password() -> None:
    import pymupdf

    locked = _pdf(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    (document,) = check_document(locked, name="locked.pdf").documents
    assert _codes([document]) == [["pdf_encrypted"]] and document.kind == "pdf"
    assert "mot de passe" in document.errors[0].message["fr"]
    owner_only = _pdf(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner")
    (opened,) = check_document(owner_only, name="owner.pdf").documents
    assert opened.errors == [] and len(opened.pages) == 1


def test_pdf_with_5000_pages_is_refused() -> None:
    (document,) = check_document(_pdf(5_000), name="long.pdf").documents
    assert _codes([document]) == [["too_many_pages"]]
    assert "5000" in document.errors[0].message["en"]


def test_pdf_page_of_5_by_5_metres_is_refused(no_logo_engine: None) -> None:
    side = 5000 / 25.4 * 72  # 5 m in points
    (document,) = check_document(_pdf(1, size=(side, side)), name="huge.pdf").documents
    assert _codes([document]) == [["page_too_large"]]


def test_pdf_with_broken_xref_is_repaired_and_says_so(no_logo_engine: None) -> None:
    data = bytearray(_pdf(1, text="x"))
    at = data.rfind(b"startxref")
    data[at + 10 : at + 20] = b"9999999999"
    (document,) = check_document(bytes(data), name="broken.pdf").documents
    assert _codes([document]) == [["pdf_repaired"]] and len(document.pages) == 1


def _drawings_pdf(sides_pt: list[float]) -> bytes:
    """A page with one filled square per side length, far apart (one drawing cluster each)."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for i, side in enumerate(sides_pt):
        x, y = 250.0, 100 + 400 * i
        page.draw_rect(pymupdf.Rect(x, y, x + side, y + side), color=None, fill=(0.0, 0.33, 0.64))
    return doc.tobytes()


def _read_drawings(monkeypatch: pytest.MonkeyPatch, run: Callable[[], object]) -> list[Any]:
    """The drawing rasters of the PDF documents read while ``run`` scans."""
    read: list[Any] = []
    original = pipeline.scan_document

    def keep(document: Any, *args: Any, **kwargs: Any) -> Any:
        read.extend(page for page in document.rasters if page.notes and page.notes[0].key == "pdf_rendered")
        return original(document, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "scan_document", keep)
        run()
    return read


def test_pdf_drawings_follow_the_charter_the_scan_was_given(
    charter: Charter, charter_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_logo_engine: None
) -> None:
    from logo_check.ingest_pdf import FALLBACK_PRINT_MINIMUM_MM, print_minimum_mm, render_zoom

    # the print minimum of a custom pack, twice the default one: drawings rendered at half the
    # resolution, and a cluster of 15 pt (more than half of the default minimum's 5 mm scaled by
    # the cluster share, less than the custom pack's) is no longer rendered
    text = charter_copy.read_text(encoding="utf-8")
    assert text.count("min_mark_height = 10.0") == 1
    charter_copy.write_text(text.replace("min_mark_height = 10.0", "min_mark_height = 20.0"), encoding="utf-8")
    custom = load_charter(charter_copy)
    assert print_minimum_mm(charter) == 10.0 and print_minimum_mm(custom) == 20.0
    pdf = _drawings_pdf([40.0, 15.0])
    (tmp_path / "d.pdf").write_bytes(pdf)

    default = _read_drawings(monkeypatch, lambda: check_document(pdf, channel="print", name="d.pdf"))
    assert [round(p.unit_per_pixel * render_zoom(charter), 6) for p in default] == [1.0, 1.0]
    by_api = _read_drawings(monkeypatch, lambda: check_document(pdf, channel="print", charter=custom, name="d.pdf"))
    by_path = _read_drawings(
        monkeypatch, lambda: scan_paths([tmp_path / "d.pdf"], channel="print", charter_path=charter_copy)
    )
    for read in (by_api, by_path):
        assert len(read) == 1  # the 15 pt square is below the custom pack's smallest cluster
        assert read[0].unit_per_pixel == pytest.approx(2 / render_zoom(charter))
        assert read[0].unit_per_pixel == pytest.approx(1 / render_zoom(custom))

    # a pack without a print channel: the named fallback, not a number buried in the reader
    screen_only = dataclasses.replace(
        charter, channels={k: c for k, c in charter.channels.items() if c.medium != "print"}
    )
    assert print_minimum_mm(screen_only) == FALLBACK_PRINT_MINIMUM_MM


def test_garbage_after_pdf_header_is_unreadable() -> None:
    (document,) = check_document(b"%PDF-1.7\n" + b"\x00garbage" * 10, name="bad.pdf").documents
    assert document.errors and document.errors[0].code in ("pdf_unreadable", "pdf_repaired")


def test_child_is_killed_at_the_time_limit() -> None:
    started = time.monotonic()
    with pytest.raises(UnreadableInputError) as info:
        run_limited(time.sleep, (30,), 0.5)
    assert info.value.code == "pdf_timeout" and time.monotonic() - started < 10


def test_child_crash_is_an_error_of_that_input() -> None:
    with pytest.raises(UnreadableInputError) as info:
        run_limited(os.abort, (), 20)
    assert info.value.code == "pdf_crashed" and "SIGABRT" in str(info.value)


def test_embedded_image_is_rendered_where_it_is_placed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine sees the page region the image covers, with a margin, at the image's own
    resolution (at least the drawings'), and its pixels map to points on the page."""
    import pymupdf

    from logo_check.charter import load_charter
    from logo_check.ingest_pdf import IMAGE_MARGIN, IMAGE_MARGIN_MAX_PT, render_zoom

    seen = []

    def record(page, charter):
        seen.append((page.image.shape, page.to_unit))
        return []

    monkeypatch.setattr(pipeline, "detect", record)
    doc = pymupdf.open()
    doc.new_page().insert_image(pymupdf.Rect(100, 200, 356, 392), stream=_png((1024, 768)))  # 4 px per point
    check_document(doc.tobytes(), name="img.pdf")
    ((shape, to_unit),) = seen
    matrix = np.array(to_unit)
    assert matrix[0, 0] == pytest.approx(1 / 4) and matrix[1, 1] == pytest.approx(1 / 4)  # native: 4 px per pt
    grow = min(IMAGE_MARGIN * 192, IMAGE_MARGIN_MAX_PT)
    assert np.allclose(matrix @ [0, 0, 1], [100 - grow, 200 - grow], atol=0.5)
    assert shape[:2] == pytest.approx(((192 + 2 * grow) * 4, (256 + 2 * grow) * 4), abs=2)
    seen.clear()
    doc = pymupdf.open()
    doc.new_page().insert_image(pymupdf.Rect(100, 200, 164, 248), stream=_png((64, 48)))  # 1 px per point
    check_document(doc.tobytes(), name="small.pdf")
    ((_, to_unit),) = seen
    assert np.array(to_unit)[0, 0] == pytest.approx(1 / render_zoom(load_charter()))  # never below the drawings'


def test_a_logo_on_a_turned_page_is_found_as_the_page_shows_it(charter: Charter) -> None:
    """A landscape page made by /Rotate 90 with its content turned back: the logo shows upright,
    and its box is in the shown page's points (MuPDF clips in the shown page's coordinates: the
    regions were taken in the content's and rendered the wrong part of the page)."""
    import pymupdf

    from logo_check.reference import render_png

    png = render_png(charter, "offre_referencee", "colour", 240, background="#ffffff")
    height = 20 / 25.4 * 72
    doc = pymupdf.open()
    page = doc.new_page()
    page.set_rotation(90)
    page.insert_image(pymupdf.Rect(300, 60, 300 + height, 60 + height * charter.aspect_ratio), stream=png, rotate=90)
    report = check_document(doc.tobytes(), channel="print", category="offre_referencee", name="turned.pdf")
    (page_report,) = report.documents[0].pages
    assert (page_report.width, page_report.height) == (842, 595)
    (instance,) = page_report.instances
    assert instance.verdict == "compliant", instance.findings
    shown = pymupdf.Rect(300, 60, 300 + height, 60 + height * charter.aspect_ratio) * page.rotation_matrix
    assert instance.bbox == pytest.approx((shown.x0, shown.y0, shown.x1, shown.y1), abs=2)


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_an_embedded_logo_turned_by_quarter_turns_is_found_and_rotated(charter: Charter, turn: int) -> None:
    """An image placed turned by a quarter turn or more (a logo set along a page's side): rendered,
    turned back upright for the engine, and judged with the turn added back; its box is where the
    page shows it."""
    import pymupdf

    from logo_check.reference import render_png

    png = render_png(charter, "offre_referencee", "colour", 240, background="#ffffff")
    height = 20 / 25.4 * 72
    width = height * charter.aspect_ratio
    rect = pymupdf.Rect(150, 200, 150 + (height if turn % 180 else width), 200 + (width if turn % 180 else height))
    doc = pymupdf.open()
    doc.new_page().insert_image(rect, stream=png, rotate=turn)
    report = check_document(doc.tobytes(), channel="print", category="offre_referencee", name="turned.pdf")
    (instance,) = [i for p in report.documents[0].pages for i in p.instances]
    (rotated,) = [f for f in instance.findings if f.code == "rotated"]
    # PyMuPDF's rotate turns the image counter-clockwise, as the report's rotation counts
    assert rotated.measured == pytest.approx((turn + 180) % 360 - 180, abs=1.0)
    assert {f.code for f in instance.findings if f.severity == "violation"} == {"rotated"}
    assert instance.bbox == pytest.approx((rect.x0, rect.y0, rect.x1, rect.y1), abs=2)


@pytest.mark.parametrize(("turn", "page_turn"), [(90, 0), (270, 0), (0, 90)])
def test_a_vector_logo_set_along_the_page_s_side_is_found_once_and_rotated(
    charter: Charter, turn: int, page_turn: int
) -> None:
    """Drawings carry no placement: a group of them taller than wide as the page shows it is also
    read turned a quarter turn either way; the askew registration the drawings gave as is, on a
    part of the artwork, is dropped for the turned reading. Last case: the logo upright in the
    page's content, which a /Rotate of 90° shows turned clockwise."""
    import pymupdf

    from logo_check.reference import artwork_svg

    height = 20 / 25.4 * 72
    width = height * charter.aspect_ratio
    rect = pymupdf.Rect(150, 200, 150 + (height if turn else width), 200 + (width if turn else height))
    master = pymupdf.open("svg", artwork_svg(charter, "offre_referencee", "colour", 100).encode())
    doc = pymupdf.open()
    page = doc.new_page()
    page.set_rotation(page_turn)
    page.show_pdf_page(rect, pymupdf.open("pdf", master.convert_to_pdf()), 0, rotate=turn)
    report = check_document(doc.tobytes(), channel="print", category="offre_referencee", name="side.pdf")
    (instance,) = [i for p in report.documents[0].pages for i in p.instances]
    assert {f.code for f in instance.findings if f.severity == "violation"} == {"rotated"}
    (rotated,) = [f for f in instance.findings if f.code == "rotated"]
    # counter-clockwise as shown: the content's turn, less the page's (a /Rotate turns clockwise)
    assert rotated.measured == pytest.approx((turn - page_turn + 180) % 360 - 180, abs=1.0)
    shown = rect * page.rotation_matrix
    assert instance.bbox == pytest.approx((shown.x0, shown.y0, shown.x1, shown.y1), abs=2)


def _logo_with_text_on_its_band(
    charter: Charter, text: str, outlined_caption: bool = False, invisible: bool = False, page_turn: int = 0
) -> bytes:
    """A PDF page with the vector artwork 20 mm high whose caption is ``text`` set as PDF text
    (Helvetica Bold, white, centred on the band) instead of outlines; with ``outlined_caption``
    the artwork keeps its own caption too, and ``invisible`` sets the text in render mode 3 (an
    OCR layer)."""
    import pymupdf

    from logo_check.reference import artwork_svg

    svg = artwork_svg(charter, "offre_referencee", "colour", 100)
    if not outlined_caption:
        svg = re.sub(r'<path id="caption"[^>]*/>', "", svg)
    master = pymupdf.open("pdf", pymupdf.open("svg", svg.encode()).convert_to_pdf())
    doc = pymupdf.open()
    page = doc.new_page()
    s = 20 / 25.4 * 72
    rect = pymupdf.Rect(100, 200, 100 + s * charter.aspect_ratio, 200 + s)
    page.show_pdf_page(rect, master, 0)
    size = 0.165 * s  # the artwork's caption capitals: 0.165 S, centred on the band (x 3.375 S)
    width = pymupdf.get_text_length(text, fontname="hebo", fontsize=size)
    origin = (rect.x0 + 3.375 * s - width / 2, rect.y0 + 0.882 * s)
    page.insert_text(origin, text, fontname="hebo", fontsize=size, color=(1, 1, 1), render_mode=3 if invisible else 0)
    page.set_rotation(page_turn)
    return doc.tobytes()


@pytest.mark.parametrize(
    ("text", "page_turn", "code", "caption"),
    [
        ("OFFRE RÉFÉRENCÉE", 0, None, "offre_referencee"),
        ("OFFRE REFERENCEE", 0, "caption_unknown", None),  # its accents lost: in pixels, much the same
        ("OFFRE REFERENCEE", 90, "caption_unknown", None),
        ("CENTRE DE COMPÉTENCE TPE", 0, "caption_mismatch", "centre_competence_tpe"),
    ],
)
def test_a_caption_set_as_pdf_text_is_judged_by_its_text(
    charter: Charter, text: str, page_turn: int, code: str | None, caption: str | None
) -> None:
    data = _logo_with_text_on_its_band(charter, text, page_turn=page_turn)
    report = check_document(data, channel="print", category="offre_referencee", name="caption.pdf")
    (instance,) = [i for p in report.documents[0].pages for i in p.instances]
    assert instance.caption == caption
    found = [f for f in instance.findings if f.code in {"caption_unknown", "caption_mismatch"}]
    assert [f.code for f in found] == ([code] if code else []), instance.findings
    if code == "caption_unknown":
        assert found[0].measured == text and f"« {text} »" in found[0].message["fr"]
        assert f"“{text}”" in found[0].message["en"]


def test_invisible_text_on_a_band_is_not_read(charter: Charter) -> None:
    """An OCR layer's text (render mode 3) misread over a faithful caption: the pixels are read."""
    data = _logo_with_text_on_its_band(charter, "OFFRE REFERENCEE", outlined_caption=True, invisible=True)
    report = check_document(data, channel="print", category="offre_referencee", name="ocr.pdf")
    (instance,) = [i for p in report.documents[0].pages for i in p.instances]
    assert instance.verdict == "compliant" and instance.caption == "offre_referencee", instance.findings


def _change_placement(doc: Any, page: Any, change: Callable[[float, float, float, float], tuple]) -> None:
    """The last image placement "a 0 0 d e f cm" of ``page``'s content replaced by ``change``'s."""
    xref = page.get_contents()[-1]
    stream = doc.xref_stream(xref).decode()
    found = re.search(r"([\d.]+) 0 0 ([\d.]+) ([\d.]+) ([\d.]+) cm", stream)
    assert found is not None
    a, d, e, f = change(*map(float, found.groups()))
    doc.update_stream(xref, stream.replace(found.group(0), f"{a} 0 0 {d} {e} {f} cm").encode())


def test_embedded_logo_is_judged_as_placed(charter: Charter) -> None:
    """Its placement stretched, or a shape drawn over it: judged on what the page shows (both were
    compliant when the image's own pixels were judged)."""
    import pymupdf

    from logo_check.reference import render_png

    png = render_png(charter, "offre_referencee", "colour", 240, background="#ffffff")
    height = 20 / 25.4 * 72  # 20 mm
    width = height * charter.aspect_ratio

    def judged(stretch: float = 1.0, overlay: bool = False, mirror: bool = False, flip: bool = False) -> set[str]:
        doc = pymupdf.open()
        page = doc.new_page()
        rect = pymupdf.Rect(60, 300, 60 + width * stretch, 300 + height)
        page.insert_image(rect, stream=png, keep_proportion=False)
        if mirror:  # the image's matrix turned into its mirror image: "a 0 0 d e f cm" → "-a 0 0 d e+a f cm"
            _change_placement(doc, page, lambda a, d, e, f: (-a, d, e + a, f))
        if flip:  # upside down: "a 0 0 d e f cm" → "a 0 0 -d e f+d cm"
            _change_placement(doc, page, lambda a, d, e, f: (a, -d, e, f + d))
        if overlay:
            page.draw_rect(
                pymupdf.Rect(rect.x0 + width * 0.5, rect.y0 + 2, rect.x0 + width * 0.6, rect.y0 + 14),
                fill=(0, 0.6, 0.2),
            )
        report = check_document(doc.tobytes(), channel="print", category="offre_referencee", name="placed.pdf")
        (instance,) = [i for p in report.documents[0].pages for i in p.instances]
        return {f.code for f in instance.findings if f.severity == "violation"}

    assert judged() == set()
    assert "distorted" in judged(stretch=1.3)
    assert "addition" in judged(overlay=True)
    assert judged(mirror=True) == {"mirrored"}
    # upside down: the mirror image turned by half a turn
    assert judged(flip=True) == {"mirrored", "rotated"}


# -- ZIP archives ------------------------------------------------------------------------------


def _zip(entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info, data)
    return out.getvalue()


def _symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def test_zip_members_are_documents_and_hostile_ones_are_refused(no_logo_engine: None) -> None:
    inner = _zip([("x.png", _png())])
    data = _zip(
        [
            ("ok/a.png", _png()),
            ("../evil.png", _png()),
            ("/etc/abs.png", _png()),
            (_symlink("link.png"), b"/etc/passwd"),
            ("nested.zip", inner),
            ("notes.txt", DENOMINATION.encode()),
        ]
    )
    report = check_document(data, name="lot.zip")
    sources = [d.source for d in report.documents]
    assert sources == [
        "lot.zip!ok/a.png",
        "lot.zip!../evil.png",
        "lot.zip!/etc/abs.png",
        "lot.zip!link.png",
        "lot.zip!nested.zip",
        "lot.zip!notes.txt",
    ]
    assert _codes(report.documents) == [
        [],
        ["unsafe_member_name"],
        ["unsafe_member_name"],
        ["member_is_link"],
        ["nested_archive"],
        [],
    ]
    assert report.documents[0].verdict == "no_logo" and report.documents[5].kind == "text"


def test_zip_bomb_is_not_decompressed() -> None:
    bomb = _zip([("zeros.png", bytes(50 * 1024 * 1024))])
    assert len(bomb) < 1024 * 1024
    (member,) = list(iter_members(bomb))
    assert member.data is None and member.error is not None and member.error.code == "compression_ratio"


def test_archive_budget_and_member_count() -> None:
    data = _zip([(f"{i}.png", _png(seed=i)) for i in range(5)])
    members = list(iter_members(data, Limits(max_archive_members=3)))
    assert [m.error.code for m in members if m.error] == ["too_many_members"] and len(members) == 4
    total = sum(len(m.data or b"") for m in iter_members(data))
    members = list(iter_members(data, Limits(max_uncompressed_bytes=total // 2)))
    assert members[-1].error is not None and members[-1].error.code == "archive_too_big"


def test_broken_zip_is_an_error_of_that_input(no_logo_engine: None) -> None:
    (document,) = check_document(b"PK\x03\x04" + b"\x00" * 40, name="bad.zip").documents
    assert _codes([document]) == [["not_a_zip"]]


def test_a_tiff_page_whose_header_is_damaged_is_an_error_of_that_page(no_logo_engine: None) -> None:
    """A multi-page TIFF whose second page lacks its width and height tags: Pillow raises
    TypeError (« Missing dimensions ») as soon as the pages are counted, which stopped the whole
    run (a fuzzing pass found it); the first page is read and the second is reported unreadable."""
    import struct

    first_page, second_page = Image.new("RGB", (40, 30), (200, 10, 10)), Image.new("RGB", (40, 30), (10, 10, 200))
    out = io.BytesIO()
    first_page.save(out, "TIFF", save_all=True, append_images=[second_page])
    data = bytearray(out.getvalue())
    assert data[:2] == b"II"
    first = struct.unpack_from("<I", data, 4)[0]
    second = struct.unpack_from("<I", data, first + 2 + 12 * struct.unpack_from("<H", data, first)[0])[0]
    for k in range(struct.unpack_from("<H", data, second)[0]):
        entry = second + 2 + 12 * k
        if struct.unpack_from("<H", data, entry)[0] in (256, 257):  # ImageWidth, ImageLength
            struct.pack_into("<H", data, entry, 65000 + k)
    (document,) = check_document(bytes(data), name="two.tif").documents
    assert [(p.width, p.height) for p in document.pages] == [(40.0, 30.0)]
    assert [e.code for e in document.errors] == ["frame_unreadable"]
    assert "frame 2" in document.errors[0].message["en"] and document.verdict == "review"


def test_a_zip_member_whose_compressed_data_is_damaged_is_an_error_of_that_member(no_logo_engine: None) -> None:
    """A deflated member whose stream is damaged fails in zlib itself, which escaped as an internal
    error and stopped the whole run; it is that member's error, and the other members are read."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("damaged.png", _png() * 3)
        z.writestr("fine.png", _png())
    data = bytearray(archive.getvalue())
    start = data.index(b"damaged.png") + len("damaged.png")
    data[start + 20 : start + 40] = b"\xff" * 20  # inside the first member's deflate stream
    documents = check_document(bytes(data), name="x.zip").documents
    assert [(d.source, _codes([d])[0]) for d in documents] == [
        ("x.zip!damaged.png", ["not_a_zip"]),
        ("x.zip!fine.png", []),
    ]


def test_an_unreadable_input_has_the_kind_its_bytes_show(no_logo_engine: None) -> None:
    """The kind of a document that could not be read is what its bytes were found to be before
    reading failed (a PDF, a text, an archive); ``image`` for an image and for bytes of no known
    kind (or none at all)."""
    import pymupdf

    def kinds(data: bytes) -> list[tuple[str, list[str]]]:
        return [(d.kind, [e.code for e in d.errors]) for d in check_document(data, name="x").documents]

    locked = _pdf(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    assert kinds(locked) == [("pdf", ["pdf_encrypted"])]
    assert kinds(b"Entrepreneurs \x81\x8d\x8f") == [("text", ["text_encoding"])]
    assert kinds(b"PK\x03\x04" + b"\x00" * 40) == [("archive", ["not_a_zip"])]
    assert kinds(_zip([])) == [("archive", ["empty_archive"])]
    assert kinds(b"WARC/1.1\r\nWARC-Type: warcinfo\r\n\r\n") == [("archive", ["web_archive_not_here"])]
    assert kinds(_zip([("inner.zip", _zip([("x.png", _png())])), (_symlink("link.png"), b"x.png")])) == [
        ("archive", ["nested_archive"]),
        ("image", ["member_is_link"]),  # bytes never read: no kind known
    ]
    assert kinds(_png()[:60]) == [("image", ["truncated"])]
    assert kinds(b"\x00\x01 junk") == [("image", ["unknown_format"])]
    assert kinds(b"") == [("image", ["empty_file"])]


# -- a run over every hostile input ------------------------------------------------------------


def test_every_hostile_input_is_reported_and_the_run_goes_on(tmp_path: Path, no_logo_engine: None) -> None:
    import pymupdf

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-good.png").write_bytes(_png())
    (folder / "empty.png").write_bytes(b"")
    (folder / "locked.pdf").write_bytes(_pdf(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o"))
    (folder / "really-a-pdf.png").write_bytes(_pdf(text=DENOMINATION))
    (folder / "truncated.png").write_bytes(_png()[:60])
    (folder / "bomb.zip").write_bytes(_zip([("z.png", bytes(20 * 1024 * 1024))]))
    before = sorted(p.name for p in tmp_path.rglob("*"))
    report = scan_paths([folder], channel="web")
    codes = {Path(d.source.split("!")[0]).name: [e.code for e in d.errors] for d in report.documents}
    assert codes == {
        "a-good.png": [],
        "bomb.zip": ["compression_ratio"],
        "empty.png": ["empty_file"],
        "locked.pdf": ["pdf_encrypted"],
        "really-a-pdf.png": [],
        "truncated.png": ["truncated"],
    }
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing written anywhere


@pytest.mark.slow
def test_memory_stays_bounded_on_a_bomb(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    bomb.write_bytes(_zip([("z.png", bytes(300 * 1024 * 1024))]))
    result = subprocess.run(
        [sys.executable, "-m", "logo_check", "scan", str(bomb)], capture_output=True, text=True, check=False
    )
    assert (
        result.returncode == 3 and json.loads(result.stdout)["documents"][0]["errors"][0]["code"] == "compression_ratio"
    )
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak_kib < 1024 * 1024  # under 1 GiB while the member would be 300 MiB


def test_pages_left_are_named_as_ranges() -> None:
    assert pipeline._ranges([1, 2, 3, 5]) == "1-3, 5"
    assert pipeline._ranges([4]) == "4"
    assert pipeline._ranges([1, 3, 4, 5, 9, 10]) == "1, 3-5, 9-10"


# -- the pages of one long document in worker processes -----------------------------------------


def _three_page_tiff(charter: Charter) -> bytes:
    """A TIFF of three distinct pages: a page with the logo, then two of noise."""
    from service_support import logo_png

    rng = np.random.default_rng(4)
    pages = [Image.open(io.BytesIO(logo_png(charter)))] + [
        Image.fromarray(rng.integers(0, 256, (120, 160, 3), dtype=np.uint8)) for _ in range(2)
    ]
    out = io.BytesIO()
    pages[0].save(out, "TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate")
    return out.getvalue()


def test_a_long_documents_pages_in_worker_processes_give_the_same_report(
    charter: Charter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A single file scanned with several workers has its rasters scanned in worker processes
    (here from three of them, the bar lowered): the report is the one scanned here."""
    from logo_check import raster_pool

    path = tmp_path / "three.tif"
    path.write_bytes(_three_page_tiff(charter))
    alone = scan_paths(path, workers=1).to_json()
    monkeypatch.setattr(raster_pool, "MIN_POOLED_RASTERS", 3)
    pooled = []
    real_submit = raster_pool.RasterPool.submit
    monkeypatch.setattr(
        raster_pool.RasterPool, "submit", lambda self, *a: pooled.append(a[1].index) or real_submit(self, *a)
    )
    assert scan_paths(path, workers=2).to_json() == alone
    assert pooled == [0, 1, 2]
    assert json.loads(alone)["documents"][0]["pages"][0]["instances"]  # the logo was found


class _CrashingPool(RasterPool):
    """A pool whose worker dies (``os.abort``, a real SIGABRT in the worker) on the second page."""

    restarted = 0

    def submit(self, function: Callable[..., Any], *args: Any) -> Any:
        return super().submit(os.abort) if args[0].index == 1 else super().submit(function, *args)

    def restart(self) -> None:
        type(self).restarted += 1
        super().restart()


def test_a_page_that_kills_its_worker_is_reported_and_the_other_pages_judged(
    charter: Charter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that dies breaks the pool with every page in flight: the pages are scanned again
    one at a time in new workers, and only the page that kills its worker again is reported
    unread (``pages_crashed``); the others are judged."""
    from logo_check import raster_pool
    from logo_check.pipeline import RASTER_POOL

    monkeypatch.setattr(raster_pool, "MIN_POOLED_RASTERS", 3)
    with _CrashingPool(2) as pool:
        token = RASTER_POOL.set(pool)
        try:
            (document,) = check_document(_three_page_tiff(charter), name="three.tif").documents
        finally:
            RASTER_POOL.reset(token)
    assert [e.code for e in document.errors] == ["pages_crashed"] and _CrashingPool.restarted == 2
    assert document.errors[0].message["en"].endswith("pages 2 not checked")
    assert document.pages[0].instances and len(document.pages) == 3 and document.verdict == "review"


def test_the_time_limit_holds_for_pages_in_worker_processes(
    charter: Charter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limit per document counts the wait for the workers too: past it, the pages not yet
    scanned are reported (``pages_timeout``), whichever process was scanning them."""
    from logo_check import raster_pool

    path = tmp_path / "three.tif"
    path.write_bytes(_three_page_tiff(charter))
    monkeypatch.setattr(raster_pool, "MIN_POOLED_RASTERS", 3)
    # 50 ms: less than a worker process takes to start and import the engine
    report = scan_paths(path, workers=2, limits=dataclasses.replace(DEFAULT_LIMITS, document_seconds=0.05))
    (document,) = report.documents
    assert [e.code for e in document.errors] == ["pages_timeout"] and "pages 1-3" in document.errors[0].message["en"]
