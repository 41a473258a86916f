"""HTML pages given alone, with their files, in a ZIP archive or as bytes: a document of kind
``html`` whose pages are the images it shows (logo_check.ingest_html).

Every page and image is generated here: the logo pages by tests/service_support.logo_png (the
charter's master artwork rendered onto a small page by tests/scenes.py), the markup by hand."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from service_support import logo_png

from logo_check import check_document, pipeline
from logo_check.api import make_context
from logo_check.limits import Limits
from logo_check.report import Report, load_schema
from logo_check.report_csv import render_csv
from logo_check.report_html import render_html

DENOMINATION = "Entrepreneurs, faites le choix de l'économie numérique"
DECLARED = "offre_referencee"


@pytest.fixture
def no_logo_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "detect", lambda page, charter: [])


def _page(*images: str, head: str = "", text: str = DENOMINATION) -> bytes:
    tags = "".join(f'<img src="{src}" alt="">' for src in images)
    return f"<!DOCTYPE html><html><head>{head}</head><body><h1>{text}</h1>{tags}</body></html>".encode()


def _png(colour: tuple[int, int, int], size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def _data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _summary(document) -> list[tuple[str | None, list[str]]]:
    """(source, sorted finding codes of each instance) per page."""
    return [
        (p.source, [",".join(sorted(f.code for f in i.findings)) or i.verdict for i in p.instances])
        for p in document.pages
    ]


def test_a_page_saved_with_its_files_is_checked_image_by_image(tmp_path: Path, charter) -> None:
    """A browser's « page complète »: page.html and a folder of its files. Each image it shows is
    a page of the document, in the page's order and each once, named as the page writes it; what
    it shows but cannot be read is an error naming the image."""
    files = tmp_path / "page_files"
    files.mkdir()
    (files / "logo.png").write_bytes(logo_png(charter))
    (files / "style.css").write_text('@import "more.css"; .b { background: url(band.png) }')
    (files / "more.css").write_text(".c { background: url('logo.png') }")  # the same file again
    (files / "band.png").write_bytes(_png((200, 30, 30)))
    (tmp_path / "outside.png").write_bytes(_png((0, 0, 0)))
    recoloured = _data_url(logo_png(charter, recoloured=True))
    markup = _page(
        "page_files/logo.png",
        "page_files/logo.png?v=2",  # the same file by another address
        recoloured,
        "page_files/missing.png",
        "../outside.png",
        "https://www.example.fr/logo.png",
        head='<link rel="stylesheet" href="page_files/style.css">',
    )
    (tmp_path / "page.html").write_bytes(markup.replace(b"</body>", b'<svg width="8" height="8"></svg></body>'))

    (document,) = check_document(tmp_path / "page.html", channel="web").documents
    assert document.kind == "html" and document.verdict == "non_compliant"
    pages = _summary(document)
    assert pages[0] == ("page_files/logo.png", ["compliant"])
    assert pages[1][0].startswith("data:image/png;base64,… (") and pages[1][1] == ["colour_changed"]
    assert pages[2:] == [("page_files/band.png", []), ("<svg> #1", [])]
    errors = [(e.code, e.message["en"]) for e in document.errors]
    assert errors == [
        ("html_image_missing", "image page_files/missing.png not found among the page's files"),
        ("html_image_outside", "image ../outside.png outside the page's folder: not read"),
        (
            "html_image_remote",
            "image https://www.example.fr/logo.png on a web site: not downloaded (a site is "
            "checked from its web archive)",
        ),
    ]
    assert document.findings == []  # the exact denomination in the page's text

    report = Report(charter.id, charter.version, [document]).to_dict()
    import jsonschema

    jsonschema.validate(report, load_schema())
    assert [p.get("source") for p in report["documents"][0]["pages"]][:1] == ["page_files/logo.png"]


def test_an_svg_logo_placed_by_object_or_embed_is_checked(tmp_path: Path, charter) -> None:
    """An SVG logo is often placed with ``<object data>`` or ``<embed src>``: those that show an
    image (declared so, or named as an image file) are pages of the document; a Flash animation so
    embedded is not an image to look for. A table cell's ``background`` (HTML 4) is an image too."""
    from logo_check.reference import artwork_svg

    (tmp_path / "logo.svg").write_text(artwork_svg(charter, DECLARED, "colour", 120), encoding="utf-8")
    (tmp_path / "logo-dark").write_bytes(logo_png(charter))
    markup = _page(text=DENOMINATION).replace(
        b"</body>",
        b'<object data="logo.svg"></object><embed src="logo-dark" type="image/png">'
        b'<embed src="intro.swf" type="application/x-shockwave-flash"><object data="clip.mp4"></object>'
        b'<table background="cell.png"><tr><td>x</td></tr></table></body>',
    )
    (tmp_path / "cell.png").write_bytes(logo_png(charter, size=(300, 500)))
    (tmp_path / "page.html").write_bytes(markup)
    (document,) = check_document(tmp_path / "page.html", channel="web").documents
    assert _summary(document) == [
        ("logo.svg", ["compliant"]),
        ("logo-dark", ["compliant"]),
        ("cell.png", ["compliant"]),  # HTML 4's background attribute
    ]
    assert document.errors == [] and document.verdict == "compliant"


def test_a_stylesheet_that_cannot_be_read_is_noted_not_an_error(tmp_path: Path, no_logo_engine: None) -> None:
    """A saved page names fonts and frameworks on other sites: their stylesheets are noted as not
    read; the page is not made incomplete by them."""
    (tmp_path / "logo.png").write_bytes(_png((0, 0, 255)))
    head = '<link rel="stylesheet" href="https://fonts.example.com/css"><link rel="stylesheet" href="gone.css">'
    (tmp_path / "page.html").write_bytes(_page("logo.png", head=head))
    (document,) = check_document(tmp_path / "page.html").documents
    assert document.errors == [] and [p.source for p in document.pages] == ["logo.png"]
    noted = "2 of the page's stylesheets not read (on another site or missing: https://fonts.example.com/css)"
    assert any(str(note).startswith(noted) for note in document.notes)


def test_images_named_for_a_lazy_loading_script_are_checked_and_only_noted_when_missing(
    tmp_path: Path, charter
) -> None:
    """The logo a lazy-loading script puts into place (``data-src``, its ``src`` a blank) is checked
    as a page of the document; a browser saves a page with the images it loaded in ``src`` and the
    script's attribute still naming the site's: such an image that cannot be read is a note, not
    an error that would leave the page incomplete."""
    (tmp_path / "logo.png").write_bytes(logo_png(charter, recoloured=True))
    (tmp_path / "seen.png").write_bytes(_png((0, 0, 255)))
    blank = _data_url(_png((255, 255, 255), (1, 1)))
    body = (
        f'<img src="{blank}" data-src="logo.png" class="lazyload">'
        '<img src="seen.png" data-src="https://partner.example.fr/seen.png">'
        '<div data-bg="gone.png"></div>'
    )
    (tmp_path / "page.html").write_bytes(
        _page(head="", text=DENOMINATION).replace(b"</body>", body.encode() + b"</body>")
    )
    (document,) = check_document(tmp_path / "page.html", channel="web").documents
    assert document.errors == [] and document.verdict == "non_compliant"
    pages = _summary(document)
    assert [source for source, _ in pages][1:] == ["seen.png", "logo.png"]
    assert pages[2][1] == ["colour_changed"]
    noted = "2 image(s) named for a lazy-loading script not read (on the site or missing: https://partner.example.fr/seen.png)"
    assert any(str(note).startswith(noted) for note in document.notes), document.notes


def test_a_symbolic_link_out_of_the_page_folder_is_not_followed(tmp_path: Path, no_logo_engine: None) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(_png((1, 2, 3)))
    folder = tmp_path / "site"
    folder.mkdir()
    os.symlink(secret, folder / "link.png")
    (folder / "page.html").write_bytes(_page("link.png"))
    (document,) = check_document(folder / "page.html").documents
    assert document.pages == [] and [e.code for e in document.errors] == ["html_image_outside"]


def test_a_page_in_a_zip_archive_reads_the_archive_members(charter) -> None:
    """A page zipped with its files, in a folder of the archive: its images are the archive's
    members, addressed from the page's own folder; nothing outside the archive is read. The
    images are also documents of their own, as every member is."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("site/page.html", _page("img/logo.png", "../top.png", "../../escape.png"))
        z.writestr("site/img/logo.png", logo_png(charter, recoloured=True))
        z.writestr("top.png", _png((10, 10, 10)))
    documents = check_document(archive.getvalue(), name="site.zip").documents
    by_source = {d.source: d for d in documents}
    page = by_source["site.zip!site/page.html"]
    assert page.kind == "html" and page.verdict == "non_compliant"
    assert _summary(page) == [("img/logo.png", ["colour_changed"]), ("../top.png", [])]
    assert [(e.code, e.message["en"]) for e in page.errors] == [
        ("html_image_outside", "image ../../escape.png outside the page's folder: not read")
    ]
    assert by_source["site.zip!site/img/logo.png"].verdict == "non_compliant"


def test_a_page_given_alone_reads_only_what_it_carries(charter) -> None:
    """As bytes (an upload), a page has no folder: a data: URL is checked, a file it names is an
    error that says how to send it."""
    markup = _page(_data_url(logo_png(charter)), "logo.png")
    (document,) = check_document(markup, name="page.html").documents
    assert _summary(document) == [(document.pages[0].source, ["compliant"])]
    (error,) = document.errors
    assert error.code == "html_image_not_given"
    assert error.message["fr"] == "image logo.png non fournie : envoyez la page avec ses fichiers dans une archive ZIP"


def test_without_files_a_page_on_disk_reads_nothing_beside_it(tmp_path: Path, no_logo_engine: None) -> None:
    (tmp_path / "logo.png").write_bytes(_png((0, 0, 255)))
    (tmp_path / "page.html").write_bytes(_page("logo.png"))
    (with_files,) = check_document(tmp_path / "page.html").documents
    (alone,) = check_document(tmp_path / "page.html", with_files=False).documents
    assert [p.source for p in with_files.pages] == ["logo.png"] and with_files.errors == []
    assert alone.pages == [] and [e.code for e in alone.errors] == ["html_image_not_given"]


def test_an_image_that_does_not_decode_says_why_in_both_languages(tmp_path: Path, no_logo_engine: None) -> None:
    (tmp_path / "cut.png").write_bytes(_png((0, 0, 255))[:60])
    (tmp_path / "page.html").write_bytes(_page("cut.png", "data:image/png;base64,@@@"))
    (document,) = check_document(tmp_path / "page.html").documents
    codes = [e.code for e in document.errors]  # what could not be fetched, then what did not decode
    assert codes == ["html_data_url_unreadable", "html_image_unreadable"]
    unreadable = document.errors[1].message
    assert unreadable["en"].startswith("image cut.png unreadable: ") and "truncated" in unreadable["en"].lower()
    assert (
        unreadable["fr"].startswith("image cut.png illisible : ") and "message en anglais" not in unreadable["fr"][:40]
    )


@pytest.mark.parametrize(
    ("limits", "code", "pages"),
    [
        (Limits(max_images_per_page=2), "too_many_images", 2),
        (Limits(max_page_pixels=40 * 30 * 2), "html_images_too_many_pixels", 2),
        (Limits(max_uncompressed_bytes=1), "html_images_too_big", 1),
    ],
)
def test_the_images_of_a_page_are_bounded(tmp_path: Path, limits: Limits, code: str, pages: int, charter) -> None:
    for n in range(4):
        (tmp_path / f"{n}.png").write_bytes(_png((n, 0, 0)))
    (tmp_path / "page.html").write_bytes(_page(*(f"{n}.png" for n in range(4))))
    ctx = make_context(charter, "web", None, None)
    (document,) = pipeline.scan_file(str(tmp_path / "page.html"), ctx, charter, limits=limits)
    assert len(document.pages) == pages and [e.code for e in document.errors] == [code]


def test_the_reports_name_each_page_by_its_image(tmp_path: Path, charter) -> None:
    (tmp_path / "logo.png").write_bytes(logo_png(charter))
    (tmp_path / "page.html").write_bytes(_page("logo.png"))
    report = check_document(tmp_path / "page.html", evidence=True)
    assert "Page 1 — image logo.png" in render_html(report, "fr")
    header, row = render_csv(report, "en").splitlines()[:2]
    columns = header.split(",")
    assert row.split(",")[columns.index("page_source")] == "logo.png"
    assert json.loads(report.to_json())["documents"][0]["pages"][0]["source"] == "logo.png"


def test_a_service_upload_reads_no_other_stored_file(tmp_path: Path, charter) -> None:
    """The service keeps every upload under its SHA-256 (``ab/cdef…``): a page uploaded alone must
    not read another partner's file stored beside it, even one it names exactly."""
    from service.checking import run_check
    from service.jobs import ClaimedJob
    from service.store import FileStore

    store = FileStore(tmp_path / "files")
    other = store.put(logo_png(charter))
    for nonce in range(100_000):  # a page whose SHA-256 starts as the other file's: same folder
        markup = _page(other[2:], text=f"{DENOMINATION} {nonce}")
        if hashlib.sha256(markup).hexdigest()[:2] == other[:2]:
            break
    page = store.put(markup)
    assert store.path(page).parent == store.path(other).parent
    outcome = run_check(str(store.root), ClaimedJob(1, 1, 1, page, "page.html", "web", None, None))
    assert outcome.state == "failed" and outcome.error_code == "html_image_not_given"
