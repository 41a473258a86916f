"""Web archives (WARC) of generated partner sites, with their ground truth, for the crawl tests and
benchmarks/crawl_bench.py.

Everything is generated here: the images are the charter pack's master artwork rendered by resvg
(tests/scenes.py) and placed on small canvases (320 × 160 px, the mark 48 px tall: cheap for the
engine and above the web minimum of 40 px), encoded as PNG, JPEG, GIF, WebP or kept as SVG; a
"modified" logo has its arrow recoloured green. The pages are plain HTML written by this module and
the archive is written record by record with warcio's WARCWriter.

:func:`fixture_crawl` writes the small hand-planned crawl of the tests (two sites, click depths and
catalogue distances stated literally in :data:`EXPECTED_PAGES`, not computed); :func:`broken_archives`
writes the damaged ones; :func:`bench_crawl` writes a large one for the benchmark.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scenes
from PIL import Image
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from logo_check.charter import Charter
from logo_check.reference import artwork_svg

CANVAS = (320, 160)  # width, height
MARK = 48  # the mark's height on the canvas, px
CATALOGUE = "https://catalogue.example.gouv.fr/offres"
CAPTURE_DAY = "2008-06-02"  # before the charter's valid_until: logos are judged on their looks


# -- images ---------------------------------------------------------------------------------------


def logo_canvas(charter: Charter, modified: bool = False, shift: int = 0, tint: int = 255) -> np.ndarray:
    """RGB canvas with one logo (arrow recoloured green when ``modified``), ``shift`` px off centre."""
    svg = scenes.artwork_svg(charter)
    if modified:
        svg = scenes.recolour(svg, "arrow", "#00AA00")
    rgba = _rendered(charter, svg)
    page = np.full((CANVAS[1], CANVAS[0], 3), tint, np.uint8)
    h = scenes.similarity(MARK, 0.0, CANVAS[0] / 2 + shift, CANVAS[1] / 2, charter.aspect_ratio)
    return scenes.place(page, rgba, h)


_RENDERED: dict[str, np.ndarray] = {}


def _rendered(charter: Charter, svg: str) -> np.ndarray:
    if svg not in _RENDERED:
        _RENDERED[svg] = scenes.render_svg(svg, MARK * 2, charter.aspect_ratio)
    return _RENDERED[svg]


def plain_canvas(seed: int) -> np.ndarray:
    """A canvas without the logo: soft random blocks of colour."""
    rng = np.random.default_rng(seed)
    page = np.full((CANVAS[1], CANVAS[0], 3), 235, np.uint8)
    for _ in range(4):
        x, y = int(rng.integers(0, CANVAS[0] - 60)), int(rng.integers(0, CANVAS[1] - 40))
        page[y : y + 40, x : x + 60] = rng.integers(60, 200, 3)
    return page


def encode(image: np.ndarray, fmt: str) -> bytes:
    out = io.BytesIO()
    options = {"quality": 90} if fmt in ("JPEG", "WEBP") else {}
    Image.fromarray(image).save(out, fmt, **options)
    return out.getvalue()


def logo_svg(charter: Charter) -> bytes:
    """The master artwork as an SVG file, 48 px tall."""
    return artwork_svg(charter, "offre_referencee", "colour", MARK).encode("utf-8")


def inline_svg(charter: Charter) -> str:
    """The master artwork as an inline ``<svg>`` element (no XML declaration)."""
    text = artwork_svg(charter, "offre_referencee", "colour", MARK)
    return text[text.index("<svg") :]


# -- archive writing -------------------------------------------------------------------------------


@dataclass
class Resource:
    url: str
    body: bytes
    content_type: str
    status: str = "200 OK"
    headers: list[tuple[str, str]] = field(default_factory=list)
    revisit_of: str | None = None  # URL of the earlier capture this repeats (a revisit record)
    digest_only: bool = False  # the revisit names no earlier URI or date, only the payload digest
    date: str = CAPTURE_DAY
    decoded: bytes | None = None  # the body without its HTTP encodings, when it has some
    page_id: str | None = None  # WARC-Page-ID, as a browser crawler (Browsertrix) writes it
    resource: bool = False  # a resource record (no HTTP headers), as a crawler's urn:pageinfo:


def warc_date(day: str, second: int) -> str:
    return f"{day}T10:{second // 60 % 60:02d}:{second % 60:02d}Z"


def write_warc(path: Path, resources: Iterable[Resource], compress: bool = True) -> None:
    """Write ``resources`` as response (or revisit, or resource) records, in order."""
    payload_digests: dict[str, tuple[str, str]] = {}  # url → (digest, date)
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=compress)
        for n, res in enumerate(resources):
            date = warc_date(res.date, n)
            headers = [("Content-Type", res.content_type), *res.headers]
            warc_headers = {"WARC-Date": date, **({"WARC-Page-ID": res.page_id} if res.page_id else {})}
            if res.resource:
                record = writer.create_warc_record(
                    res.url,
                    "resource",
                    payload=io.BytesIO(res.body),
                    length=len(res.body),
                    warc_content_type=res.content_type,
                    warc_headers_dict=warc_headers,
                )
            elif res.revisit_of is not None:
                digest, first_date = payload_digests[res.revisit_of]
                http = StatusAndHeaders(res.status, headers, protocol="HTTP/1.1")
                record = writer.create_revisit_record(
                    res.url,
                    digest,
                    res.revisit_of,
                    first_date,
                    http_headers=http,
                    warc_headers_dict=warc_headers,
                )
                if res.digest_only:
                    record.rec_headers.remove_header("WARC-Refers-To-Target-URI")
                    record.rec_headers.remove_header("WARC-Refers-To-Date")
            else:
                if not any(k.lower() == "transfer-encoding" for k, _ in res.headers):
                    headers.append(("Content-Length", str(len(res.body))))
                http = StatusAndHeaders(res.status, headers, protocol="HTTP/1.1")
                record = writer.create_warc_record(
                    res.url,
                    "response",
                    payload=io.BytesIO(res.body),
                    length=len(res.body),
                    http_headers=http,
                    warc_headers_dict=warc_headers,
                )
                payload_digests[res.url] = (record.rec_headers.get_header("WARC-Payload-Digest"), date)
            writer.write_record(record)


def page(title: str, body: str) -> bytes:
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body>{body}</body></html>".encode()


def chunked(body: bytes, size: int = 100) -> bytes:
    """``body`` in HTTP/1.1 chunked transfer encoding."""
    parts = [b"%x\r\n%s\r\n" % (len(body[i : i + size]), body[i : i + size]) for i in range(0, len(body), size)]
    return b"".join(parts) + b"0\r\n\r\n"


# -- the test crawl ----------------------------------------------------------------------------------

A = "https://www.alpha.test"
B = "http://shop.beta.test"


@dataclass(frozen=True)
class ExpectedPage:
    depth: int | None  # clicks from the home page; None: not reachable
    catalogue_clicks: int | None  # clicks to CATALOGUE; None: not within reach of the crawl
    shows_logo: bool
    verdict: str  # the page's verdict: its logos' worst, no_logo without one
    site_findings: tuple[str, ...]  # codes of the site rules' warnings on the page


# Ground truth, written by hand from the plan in fixture_crawl (not computed from it).
EXPECTED_PAGES: dict[str, ExpectedPage] = {
    f"{A}/": ExpectedPage(0, 2, True, "compliant", ()),
    f"{A}/products": ExpectedPage(1, 1, True, "compliant", ()),
    f"{A}/about": ExpectedPage(1, 3, True, "compliant", ("catalogue_too_far",)),
    f"{A}/l1": ExpectedPage(1, 6, False, "no_logo", ()),
    f"{A}/l2": ExpectedPage(2, 5, False, "no_logo", ()),
    f"{A}/l3": ExpectedPage(3, 4, False, "no_logo", ()),
    f"{A}/l4": ExpectedPage(4, 3, False, "no_logo", ()),
    f"{A}/l5": ExpectedPage(5, 2, False, "no_logo", ()),
    f"{A}/l6": ExpectedPage(6, 1, True, "compliant", ()),
    f"{A}/l7": ExpectedPage(7, 1, True, "compliant", ("page_too_deep",)),
    f"{A}/styled": ExpectedPage(2, 1, True, "non_compliant", ()),
    f"{A}/orphan": ExpectedPage(None, 1, True, "non_compliant", ("page_unreachable",)),
    f"{A}/mentions": ExpectedPage(1, None, False, "non_compliant", ()),  # no link out
    f"{B}/": ExpectedPage(0, 1, True, "compliant", ()),
    f"{B}/cat": ExpectedPage(1, 1, True, "non_compliant", ()),
    f"{B}/noimg": ExpectedPage(1, 2, False, "no_logo", ()),
}
# Distinct images the crawl holds: png, jpeg, gif, webp, svg, the inline svg, the modified png,
# the plain photo (no logo); the revisits and the second URL of logo.png add none.
EXPECTED_IMAGES = 8


def fixture_crawl(charter: Charter, path: Path) -> Path:
    """The two-site test crawl (see :data:`EXPECTED_PAGES`) as a gzip WARC at ``path``."""
    write_warc(path, fixture_resources(charter))
    return path


def fixture_mirror(charter: Charter, folder: Path) -> Path:
    """The same crawl as a mirrored folder (as ``wget --mirror`` lays it out): a folder per host,
    each file at its URL's path, ``index.html`` for a folder's URL; revisits are not files."""
    for res in fixture_resources(charter):
        if res.revisit_of is not None:
            continue
        host, _, path = res.url.split("://", 1)[1].partition("/")
        target = folder / host / (path if path and not path.endswith("/") else path + "index.html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(res.decoded if res.decoded is not None else res.body)
    return folder


def fixture_resources(charter: Charter) -> list[Resource]:
    """The records of the test crawl, in capture order."""
    clean = logo_canvas(charter)
    modified = encode(logo_canvas(charter, modified=True), "PNG")
    png, jpeg, gif, webp = (encode(clean, f) for f in ("PNG", "JPEG", "GIF", "WEBP"))
    photo = encode(plain_canvas(1), "PNG")
    cat = f'<a href="{CATALOGUE}">catalogue</a>'
    denomination = charter.denomination
    res: list[Resource] = [
        Resource(
            f"{A}/",
            page(
                "Accueil",
                f'<p>{denomination}</p><img src="/img/logo.png"><a href="products">'
                'Produits</a> <a href="/about#team">À propos</a> <a href="/l1">suite</a>'
                '<a href="/mentions">mentions</a>'
                '<a href="mailto:x@alpha.test">m</a>',
            ),
            "text/html; charset=utf-8",
        ),
        Resource(f"{A}/img/logo.png", png, "image/png"),
        Resource(
            f"{A}/products",
            page(
                "Produits",
                f"<div style=\"background: url('/img/logo.gif')\">x</div>{cat}"
                '<a href="/">accueil</a><a href="/styled">css</a>',
            ),
            "text/html",
        ),
        Resource(f"{A}/img/logo.gif", gif, "image/gif"),
        Resource(
            f"{A}/about", page("À propos", '<img src="img/logo.png" alt="logo"> <a href="/">accueil</a>'), "text/html"
        ),
        # the same logo again under another URL, stored as a revisit found by its payload digest alone
        Resource(f"{A}/copy/logo.png", b"", "image/png", revisit_of=f"{A}/img/logo.png", digest_only=True),
        Resource(
            f"{A}/styled",
            page("CSS", f'<link rel="stylesheet" href="/site.css"><p class="hero">x</p>{cat}'),
            "text/html",
        ),
        Resource(f"{A}/site.css", b".hero { background-image: url(img/changed.png); }", "text/css"),
        Resource(f"{A}/img/changed.png", modified, "image/png"),
        Resource(f"{A}/orphan", page("Orphan", f'<img src="/img/changed.png">{cat}'), "text/html"),
        Resource(f"{A}/img/photo.png", photo, "image/png"),
        # the denomination altered in the page's text (one letter added)
        Resource(f"{A}/mentions", page("Mentions", f"<p>{denomination}s</p>"), "text/html"),
    ]
    for n in range(1, 8):
        extra = ""
        if n == 3:
            extra = '<img src="/img/photo.png">'
        if n == 6:
            extra = '<picture><source srcset="/img/logo.webp 1x" type="image/webp"><img src="/img/none.png"></picture>'
            extra += cat
        if n == 7:
            extra = f'<img srcset="/img/logo.jpg 2x, /img/missing.jpg 3x">{cat}'
        res.append(Resource(f"{A}/l{n}", page(f"L{n}", f'<a href="/l{n + 1}">suite</a>{extra}'), "text/html"))
    res += [
        Resource(f"{A}/img/logo.webp", webp, "image/webp"),
        Resource(f"{A}/img/logo.jpg", jpeg, "image/jpeg"),
        # a second capture of /l3, stored as a revisit naming the first by URI and date
        Resource(f"{A}/l3", b"", "text/html", revisit_of=f"{A}/l3", date="2008-06-03"),
    ]
    home_b = page(
        "Boutique",
        f'<h1>Logo</h1>{inline_svg(charter)}<a href="/cat">catalogue</a><a href="/noimg">n</a>'
        f'<a href="https://www.alpha.test/">partner</a>{cat}',
    )
    res += [
        # gzip content encoding and chunked transfer encoding, decoded by warcio
        Resource(
            f"{B}/",
            chunked(gzip.compress(home_b)),
            "text/html",
            headers=[("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
            decoded=home_b,
        ),
        Resource(
            f"{B}/cat", page("Cat", f'<img src="logo.svg"><img src="/changed.png">{cat}<a href="/">h</a>'), "text/html"
        ),
        Resource(f"{B}/logo.svg", logo_svg(charter), "image/svg+xml"),
        Resource(f"{B}/changed.png", modified, "image/png"),
        Resource(f"{B}/noimg", page("Rien", '<a href="/cat">cat</a>'), "text/html"),
    ]
    return res


# -- damaged archives -----------------------------------------------------------------------------------


def broken_archives(charter: Charter, folder: Path, bomb_bytes: int) -> dict[str, Path]:
    """Damaged archives, each holding first one good page with the logo (``/ok``, shown by ``/ok.png``):

    ``truncated`` (the last record cut in its middle), ``wrong_length`` (a Content-Length 10 bytes
    short), ``bomb`` (a gzip-encoded page that inflates to ``bomb_bytes``), ``not_warc`` (PNG bytes
    named .warc).
    """
    png = encode(logo_canvas(charter), "PNG")
    good = [
        Resource("http://ok.test/", page("ok", '<img src="/ok.png">'), "text/html"),
        Resource("http://ok.test/ok.png", png, "image/png"),
    ]
    out: dict[str, Path] = {}
    out["truncated"] = folder / "truncated.warc.gz"
    write_warc(
        out["truncated"], [*good, Resource("http://ok.test/big.png", encode(plain_canvas(3), "PNG"), "image/png")]
    )
    data = out["truncated"].read_bytes()
    out["truncated"].write_bytes(data[: len(data) - 300])

    out["wrong_length"] = folder / "wrong_length.warc"
    write_warc(
        out["wrong_length"], [*good, Resource("http://ok.test/p2", page("p2", "x" * 50), "text/html")], compress=False
    )
    data = out["wrong_length"].read_bytes()
    last = data.index(b"Content-Length: ", data.index(b"WARC-Target-URI: http://ok.test/p2"))  # the WARC header
    end = data.index(b"\r\n", last)
    value = int(data[last + 16 : end])
    out["wrong_length"].write_bytes(data[: last + 16] + str(value - 10).encode() + data[end:])

    out["bomb"] = folder / "bomb.warc.gz"
    bomb = gzip.compress(b"\0" * bomb_bytes, compresslevel=9)
    write_warc(
        out["bomb"], [*good, Resource("http://ok.test/bomb", bomb, "text/html", headers=[("Content-Encoding", "gzip")])]
    )

    out["not_warc"] = folder / "not_warc.warc"
    out["not_warc"].write_bytes(png)
    return out


# -- the benchmark crawl --------------------------------------------------------------------------------


@dataclass
class BenchTruth:
    pages: int
    images: int
    logo_images: int
    modified_images: int


def bench_crawl(
    charter: Charter,
    path: Path,
    pages: int,
    images: int,
    logo_share: float = 0.3,
    modified_share: float = 0.2,
    sites: int = 10,
    seed: int = 1,
) -> BenchTruth:
    """A crawl of ``sites`` sites, ``pages`` pages in all, showing ``images`` distinct images
    (``logo_share`` of them with the logo, ``modified_share`` of those with the arrow recoloured).
    Every page links to the next one of its site and to its home page; each image is shown once, plus
    one shared image per page; written image by image, so memory stays small."""
    rng = random.Random(seed)
    logo_count = round(images * logo_share)
    modified_count = round(logo_count * modified_share)
    fmts = ("PNG", "JPEG", "WEBP")

    def image(n: int) -> tuple[bytes, str]:
        fmt = fmts[n % len(fmts)]
        if n < logo_count:
            # a light tint and a shift; the logo stays compliant or is modified
            canvas = logo_canvas(charter, modified=n < modified_count, shift=(n * 7) % 21 - 10, tint=255 - n % 12)
        else:
            canvas = plain_canvas(seed * 100_000 + n)
        # distinct bytes for every image, in every format: its number as a strip of grey 8 × 8 blocks
        # along the bottom edge, far from the logo's clear space (JPEG keeps 8 × 8 blocks apart)
        for k, digit in enumerate(f"{n:06d}"):
            canvas[CANVAS[1] - 8 :, 8 * k : 8 * k + 8] = 120 + 12 * int(digit)
        return encode(canvas, fmt), "image/" + fmt.lower()

    order = list(range(images))
    rng.shuffle(order)
    per_page = [len(order[i::pages]) for i in range(pages)]
    host_of = [i % sites for i in range(pages)]

    def resources() -> Iterable[Resource]:
        cursor = 0
        index_in_site = [0] * sites
        for p in range(pages):
            site = host_of[p]
            base = f"http://site{site}.bench.test"
            k = index_in_site[site]
            index_in_site[site] += 1
            url = f"{base}/" if k == 0 else f"{base}/p{k}"
            shown = order[cursor : cursor + per_page[p]]
            cursor += per_page[p]
            imgs = "".join(f'<img src="/i/{n}">' for n in shown)
            body = f'<a href="/p{k + 1}">next</a><a href="/">home</a>{imgs}<img src="http://site0.bench.test/i/{order[0]}">'
            yield Resource(url, page(f"p{p}", body), "text/html")
            for n in shown:
                data, kind = image(n)
                yield Resource(f"{base}/i/{n}", data, kind)

    write_warc(path, resources())
    return BenchTruth(pages=pages, images=images, logo_images=logo_count, modified_images=modified_count)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def capture_day() -> dt.date:
    return dt.date.fromisoformat(CAPTURE_DAY)
