"""ingest for PDFs: the rasters a PDF's logos can be found in, its text and its date.

A logo in a PDF is an embedded image or vector drawings (with glyphs as outlines or as text). So
each page gives:

- for every embedded image, the page region it covers, grown by :data:`IMAGE_MARGIN`, rendered at
  the image's own resolution: what the page shows of it, placement and overlays included (an
  image under :data:`MIN_IMAGE_SIDE` pixels cannot hold a readable logo and is skipped);
- every cluster of vector drawings (PyMuPDF's ``cluster_drawings``), grown by a margin so that the
  clear space, any text beside it and the background are in view, rendered at
  :func:`render_zoom` — the resolution at which a mark half the print minimum of the charter the
  scan was given (:func:`print_minimum_mm`) is still :data:`DETECT_MARK_PX` pixels tall;
- its text, for the denomination, and the words of its text layer each raster shows (a caption set
  as text on a logo's band, :mod:`logo_check.caption_text`).

Pages are not rendered as a whole (only the regions of their images and drawings), which keeps a
text page cheap; a page preview is rendered only when the HTML report asks for it. Lengths are in PDF
points from the page's top-left corner (SPEC §4). The date of the material is the document's
modification date, else its creation date, from the metadata.

Everything MuPDF does runs in a child process killed at the document's time limit
(:mod:`logo_check.sandbox`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import UnreadableInputError
from .i18n import LibraryReason
from .limits import DEFAULT_LIMITS, Limits
from .model import Document, Note, Page

if TYPE_CHECKING:
    from .charter import Charter

POINTS_PER_INCH = 72.0
MM_PER_POINT = 25.4 / POINTS_PER_INCH
#: Mark height, in pixels, that a rendered mark half the print minimum should have: the engine
#: finds 99.8 % of marks of 24–40 px and all above 40 (docs/benchmarks.md).
DETECT_MARK_PX = 40.0
#: Share of the print minimum still rendered large enough to be found, so that a mark that is too
#: small is reported as ``too_small`` rather than missed.
DETECT_FRACTION_OF_MINIMUM = 0.5
#: An embedded image smaller than this on both sides cannot hold a logo the engine can read
#: (a mark of 24 px with its wordmark needs more than 24 px in both directions).
MIN_IMAGE_SIDE = 24
#: An embedded image is rendered with this share of its shorter side around it, so that the clear
#: space (0.25 S) of a logo image (the artwork alone, one S high) and its background are in view;
#: at most ``IMAGE_MARGIN_MAX_PT``: a photograph holds the surroundings of a logo inside it, and a
#: margin of a third of its side would render it at twice its area.
IMAGE_MARGIN = 0.3
#: Largest margin around an embedded image, in points: the clear space of a logo image up to 120 pt
#: (42 mm) high, four times the print minimum.
IMAGE_MARGIN_MAX_PT = 36.0
#: An embedded image placed turned by a quarter turn or more, to within this many degrees, is
#: rendered and then turned back by whole quarter turns, so that the engine, which searches
#: turns up to 30° either side of upright, sees it upright; the report adds the turn back
#: (``Context.turn_deg``): a logo image set along a page's side is found and judged ``rotated``.
QUARTER_TURN_SLACK_DEG = 30.0
#: A group of drawing clusters this many times taller than wide is also rendered grown for an
#: artwork turned a quarter turn, and scanned turned either way (drawings, unlike images, carry no
#: placement that says their turn): the artwork is more than five times wider than tall, and a
#: logo set along a page's side makes such a group. The exact fills of the drawings
#: (``Page.fills``) are not carried to the turned rasters, whose colours are judged as a raster's.
TALL_REGION = 1.5
#: A drawing cluster is grown on every side by this share of its height before rendering, so that
#: the clear space (0.25 S) and the background around the artwork are in view; a cluster narrower
#: than the artwork (the mark alone, its wordmark and caption being text or separate clusters) is
#: grown on the left and right by the width it lacks too.
CLUSTER_MARGIN = 0.6
#: Drawing clusters smaller than this share of the smallest mark worth finding (half the print
#: minimum: 14.2 pt for 10 mm) on both sides are skipped (about 10 pt for a 10 mm minimum).
MIN_CLUSTER_SHARE = 0.7
#: The print minimum assumed, in mm, when the charter has no print channel (a pack made for screens
#: only): a PDF can still be checked against it and its drawings need a resolution. 10 mm is the
#: print minimum of the default charter pack; a pack with a print channel never uses it.
FALLBACK_PRINT_MINIMUM_MM = 10.0
#: Long side of a page preview (HTML report only), in pixels.
PREVIEW_PX = 1600

_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})?(\d{2})?")


def read_pdf(
    data: bytes, limits: Limits = DEFAULT_LIMITS, previews: bool = False, charter: Charter | None = None
) -> Document:
    """The rasters, text and date of a PDF, read in a child process within the time limit.

    ``charter`` (default: the default pack) sets the resolution drawings are rendered at
    (:func:`render_zoom`), the smallest cluster rendered and the artwork's aspect ratio the
    clusters are grown by."""
    from .charter import load_charter
    from .sandbox import run_limited

    pack = charter if charter is not None else load_charter()
    drawings = DrawingSettings(render_zoom(pack), min_cluster_pt(pack), pack.aspect_ratio)
    return run_limited(extract, (data, limits, drawings, previews), limits.document_seconds)


@dataclass(frozen=True)
class DrawingSettings:
    """What the child process needs of the charter to render a PDF's drawing clusters."""

    zoom: float  # pixels per point
    min_cluster_pt: float  # smaller clusters (both sides) are skipped
    aspect_ratio: float  # the artwork's width / height


def print_minimum_mm(charter: Charter) -> float:
    """The smallest mark height the charter allows in print, in mm (its print channels'
    ``min_mark_height``), else :data:`FALLBACK_PRINT_MINIMUM_MM`."""
    return min(
        (c.min_mark_height for c in charter.channels.values() if c.medium == "print" and c.min_mark_height > 0),
        default=FALLBACK_PRINT_MINIMUM_MM,
    )


def render_zoom(charter: Charter) -> float:
    """Pixels per point for rendering vector drawings, from the charter's print minimum."""
    px_per_mm = DETECT_MARK_PX / (DETECT_FRACTION_OF_MINIMUM * print_minimum_mm(charter))
    return px_per_mm * MM_PER_POINT


def min_cluster_pt(charter: Charter) -> float:
    """The smallest drawing cluster worth rendering, in points, from the charter's print minimum."""
    return MIN_CLUSTER_SHARE * DETECT_FRACTION_OF_MINIMUM * print_minimum_mm(charter) / MM_PER_POINT


def extract(data: bytes, limits: Limits, drawings: DrawingSettings, previews: bool) -> Document:
    """The work done in the child process (see :func:`read_pdf`)."""
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # MuPDF's FileDataError and friends
        raise UnreadableInputError("pdf_unreadable", reason=LibraryReason.of(exc)) from None
    zoom = drawings.zoom
    with doc:
        if doc.needs_pass and not doc.authenticate(""):
            raise UnreadableInputError("pdf_encrypted")
        if doc.page_count > limits.max_pdf_pages:
            raise UnreadableInputError("too_many_pages", pages=doc.page_count, limit=limits.max_pdf_pages)
        document = Document(kind="pdf", unit="pt", page_sizes=[], date=_metadata_date(doc.metadata or {}))
        warnings = pymupdf.TOOLS.mupdf_warnings()
        if doc.is_repaired:
            document.errors.append(("pdf_repaired", {"reason": _first_line(warnings) or "xref"}))
        if doc.is_encrypted:
            document.notes.append(Note.of("pdf_opened_without_password"))
        text_chars = 0
        for index in range(doc.page_count):
            try:
                page = doc.load_page(index)
            except Exception as exc:
                document.page_sizes.append((0.0, 0.0))
                document.errors.append(("pdf_unreadable", {"reason": f"page {index + 1}: {exc}"}))
                continue
            width, height = float(page.rect.width), float(page.rect.height)
            document.page_sizes.append((width, height))
            if max(width, height) > limits.max_pdf_page_side_pt or width * height * zoom**2 > limits.max_page_pixels:
                document.errors.append(
                    ("page_too_large", {"page": index + 1, "width": round(width), "height": round(height)})
                )
                continue
            _page_images(page, index, limits, drawings, document)
            first_drawn = len(document.rasters)
            _page_drawings(page, index, limits, drawings, document)
            # one text extraction for the page's text, its words and their visibility (the three
            # read the same flags; the spans' dict would otherwise keep image blocks, unused here)
            textpage = page.get_textpage(flags=pymupdf.TEXTFLAGS_TEXT)
            text = page.get_text(textpage=textpage)
            if text.strip() and text_chars < limits.max_text_chars:
                text = text[: limits.max_text_chars - text_chars]
                text_chars += len(text)
                document.text.append((index, text))
                # the words over drawings only: text over an embedded image is most often the
                # invisible layer a scanner's OCR lays over its picture
                words = _page_words(page, textpage, len(text)) if len(document.rasters) > first_drawn else []
                for raster in document.rasters[first_drawn:]:
                    raster.words = _words_on(raster, words)
            if previews:
                document.previews[index] = _render(page, page.rect, PREVIEW_PX / max(width, height), index)
        return document


def _page_words(page: Any, textpage: Any, most_chars: int) -> list[tuple[tuple[float, float, float, float], str]]:
    """The visible words of ``page``'s text layer (read from its ``textpage``), boxed in the page
    as shown (a /Rotate turns the content), up to ``most_chars`` characters in all (the share of
    the text limit its text took). Text drawn invisible (render mode 3, an OCR layer) is left out."""
    import pymupdf

    hidden = [
        pymupdf.Rect(span["bbox"])
        for block in page.get_text("dict", textpage=textpage)["blocks"]
        for line in block.get("lines", ())
        for span in line["spans"]
        if span.get("alpha", 255) == 0
    ]
    words, chars = [], 0
    for x0, y0, x1, y1, word, *_ in page.get_text("words", textpage=textpage):
        chars += len(word)
        if chars > most_chars:
            break
        box = pymupdf.Rect(x0, y0, x1, y1)
        centre = (box.tl + box.br) / 2
        if any(centre in rect for rect in hidden):
            continue
        shown = box * page.rotation_matrix
        words.append(((shown.x0, shown.y0, shown.x1, shown.y1), word))
    return words


def _words_on(
    raster: Page, words: list[tuple[tuple[float, float, float, float], str]]
) -> list[tuple[tuple[float, float, float, float], str]]:
    """The ``words`` whose centre lies within the part of the page ``raster`` shows."""
    import numpy as np

    h, w = raster.image.shape[:2]
    corners = np.array([[0, 0, 1], [w, 0, 1], [w, h, 1], [0, h, 1]], dtype=np.float64) @ raster.unit_matrix().T
    (x0, y0), (x1, y1) = corners.min(axis=0), corners.max(axis=0)
    return [
        (box, word) for box, word in words if x0 <= (box[0] + box[2]) / 2 <= x1 and y0 <= (box[1] + box[3]) / 2 <= y1
    ]


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0][:200] if text.strip() else ""


def _metadata_date(metadata: dict[str, str]) -> dt.date | None:
    for key in ("modDate", "creationDate"):
        match = _PDF_DATE.match((metadata.get(key) or "").strip())
        if match:
            year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
            try:
                return dt.date(int(year), int(month), int(day))
            except ValueError:
                continue
    return None


def _page_images(page: Any, index: int, limits: Limits, settings: DrawingSettings, document: Document) -> None:
    """Each embedded image of ``page``, rendered as it is printed: the page region it covers, grown
    by :data:`IMAGE_MARGIN`, at the image's own resolution (at least the drawings' one).

    Rendering the region, rather than taking the image's pixels, shows what the page shows: the
    placement's rotation, mirroring or stretching, what is drawn or written over the image or
    beside it in its clear space, and the page's edge. (Judged on its own pixels, a logo image
    placed mirrored, turned or stretched by its transform, or with a shape drawn over it, was
    compliant.)
    """
    import pymupdf

    seen: set[tuple[int, tuple[float, ...]]] = set()
    count = 0
    for info in page.get_image_info(xrefs=True):
        xref, width, height = info.get("xref", 0), info.get("width", 0), info.get("height", 0)
        key = (xref, tuple(round(v, 3) for v in info["transform"]))
        if xref <= 0 or key in seen or min(width, height) < MIN_IMAGE_SIDE:
            continue
        seen.add(key)
        if count >= limits.max_images_per_page:
            document.errors.append(("too_many_images", {"page": index + 1, "limit": limits.max_images_per_page}))
            break
        if width * height > limits.max_image_pixels:
            document.errors.append(("too_many_pixels", {"limit": limits.max_image_pixels}))
            continue
        count += 1
        m = pymupdf.Matrix(info["transform"])  # the image's unit square → page
        placed = pymupdf.Rect(info["bbox"])  # where it lands, in the frame the drawings are clipped in
        grow = min(IMAGE_MARGIN * min(placed.width, placed.height), IMAGE_MARGIN_MAX_PT)
        region = pymupdf.Rect(placed.x0 - grow, placed.y0 - grow, placed.x1 + grow, placed.y1 + grow)
        region &= page.cropbox
        if region.is_empty:
            continue
        # the image's own pixels per point, as placed (the mean of its two axes' scales)
        native = ((width * height) / max(abs(m.a * m.d - m.b * m.c), 1e-9)) ** 0.5
        zoom = max(native, settings.zoom)
        if region.width * region.height * zoom**2 > limits.max_render_pixels:
            zoom = (limits.max_render_pixels / (region.width * region.height)) ** 0.5
        try:
            raster = _render(page, region, zoom, index)
        except Exception as exc:
            document.errors.append(("embedded_image_unreadable", {"page": index + 1, "reason": LibraryReason.of(exc)}))
            continue
        document.rasters.append(raster.turned(quarter_turns(m, page.rotation)))


def quarter_turns(transform: Any, page_rotation: int = 0) -> int:
    """How many quarter turns, counter-clockwise as shown, the image placed by ``transform`` (its
    unit square → the page's content) is turned from upright on a page shown turned by
    ``page_rotation`` degrees clockwise (its /Rotate): 0 unless the image's downward axis is within
    ``QUARTER_TURN_SLACK_DEG`` of another quarter turn. The image's vertical axis says it (a
    mirror placement flips the horizontal one and is the engine's to find)."""
    import math

    down = math.degrees(math.atan2(transform.d, transform.c)) + page_rotation  # 90: upright
    turned = (90.0 - down + 180.0) % 360.0 - 180.0  # counter-clockwise as shown
    quarters = round(turned / 90.0)
    if quarters % 4 == 0 or abs(turned - 90.0 * quarters) > QUARTER_TURN_SLACK_DEG:
        return 0
    return quarters % 4


def _page_drawings(page: Any, index: int, limits: Limits, settings: DrawingSettings, document: Document) -> None:
    """Each cluster of vector drawings on ``page``, grown by its margin, rendered as a raster; a
    group of clusters taller than wide also rendered grown the other way and turned a quarter turn
    either way (see ``TALL_REGION``)."""
    import pymupdf

    try:
        drawings = page.get_drawings()
        clusters = page.cluster_drawings(drawings=drawings)
    except Exception as exc:  # broken content stream: reported, the images are still checked
        document.errors.append(("pdf_unreadable", {"reason": f"page {index + 1}: {exc}"}))
        return
    # the drawings are in the page's content coordinates, which a /Rotate of 90° or 270° turns a
    # quarter turn from the page as shown: there an artwork upright as shown lies along y
    sideways = page.rotation % 180 == 90
    groups: list[tuple[Any, Any]] = []  # (the region rendered, the bounding box of its clusters)
    for rect in clusters:
        if max(rect.width, rect.height) < settings.min_cluster_pt:
            continue
        region, box = _grown(rect, settings.aspect_ratio, upright=not sideways) & page.rect, pymupdf.Rect(rect)
        for other, other_box in list(groups):
            if region.intersects(other):
                region, box = region | other, box | other_box
                groups.remove((other, other_box))
        groups.append((pymupdf.Rect(region), pymupdf.Rect(box)))
    for region, box in groups:
        raster = _render_region(page, region, index, limits, settings, document)
        if raster is None:
            continue
        raster.fills = _fills_in(drawings, region, raster, page.rotation_matrix)
        document.rasters.append(raster)
        shown = box * page.rotation_matrix
        if shown.height > TALL_REGION * shown.width:
            raster.drawings_group = len(document.rasters)
            turned_region = _grown(box, settings.aspect_ratio, upright=sideways) & page.rect
            turned = _render_region(page, turned_region, index, limits, settings, document)
            if turned is not None:
                turned.drawings_group = raster.drawings_group
                document.rasters += [turned.turned(quarters) for quarters in (1, 3)]


def _grown(rect: Any, aspect_ratio: float, upright: bool) -> Any:
    """``rect`` grown by ``CLUSTER_MARGIN`` of its height on every side, and on its left and right
    by the width it lacks to hold an artwork ``aspect_ratio`` times wider than tall; with
    ``upright`` False, the same for an artwork turned a quarter turn (its height along x)."""
    import pymupdf

    across, along = (rect.height, rect.width) if upright else (rect.width, rect.height)
    margin = CLUSTER_MARGIN * across
    wide = margin + max(0.0, aspect_ratio * across - along)
    grow_x, grow_y = (wide, margin) if upright else (margin, wide)
    return pymupdf.Rect(rect.x0 - grow_x, rect.y0 - grow_y, rect.x1 + grow_x, rect.y1 + grow_y)


def _render_region(
    page: Any, region: Any, index: int, limits: Limits, settings: DrawingSettings, document: Document
) -> Page | None:
    """``region`` of ``page`` rendered at the drawings' resolution, lowered to keep within
    ``limits.max_render_pixels``; None (and an error) when that would go under ``min_pdf_dpi``."""
    scale = settings.zoom
    pixels = region.width * region.height * scale**2
    if pixels > limits.max_render_pixels:
        scale = (limits.max_render_pixels / (region.width * region.height)) ** 0.5
        if scale * POINTS_PER_INCH < limits.min_pdf_dpi:
            size = {"page": index + 1, "width": round(region.width), "height": round(region.height)}
            document.errors.append(("page_too_large", size))
            return None
    return _render(page, region, scale, index)


def _fills_in(drawings: list[dict[str, Any]], region: Any, raster: Page, rotation: Any) -> list:
    """The opaque RGB fills of ``drawings`` that lie in ``region``, boxed in ``raster``'s pixels
    (``rotation``: the page's content → shown coordinates, those of the raster)."""
    (a, _, c), (_, e, f) = raster.to_unit or ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0))
    fills = []
    for drawing in drawings:
        fill, rect = drawing.get("fill"), drawing.get("rect")
        if not fill or len(fill) != 3 or rect is None or (drawing.get("fill_opacity") or 1.0) < 1.0:
            continue
        if not region.contains(rect):
            continue
        rect = rect * rotation
        box = ((rect.x0 - c) / a, (rect.y0 - f) / e, (rect.x1 - c) / a, (rect.y1 - f) / e)
        fills.append((box, tuple(round(v * 255) for v in fill)))
    return fills


def _render(page: Any, clip: Any, zoom: float, index: int) -> Page:
    """``clip`` (in the page's content coordinates, those of its drawings and images) rendered as
    the page is shown: MuPDF clips in the shown page's coordinates, which a page's /Rotate turns."""
    import numpy as np
    import pymupdf

    shown = pymupdf.Rect(clip) * page.rotation_matrix
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), clip=shown, alpha=False, colorspace=pymupdf.csRGB)
    image = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width, pix.n)[:, :, :3].copy()
    # the pixmap's origin is the clip's corner rounded to whole pixels
    x0, y0 = pix.x / zoom, pix.y / zoom
    return Page(
        index=index,
        image=image,
        unit="pt",
        unit_per_pixel=1.0 / zoom,
        mm_per_pixel=MM_PER_POINT / zoom,
        # Not flagged ``vector`` as a whole: the rendered pixels are antialiased like any raster's;
        # the elements whose paint is found among the drawings' fills get exact colours
        # (logo_check.vector_colour) and the vector tolerance, the others the raster one.
        vector=False,
        notes=[Note.of("pdf_rendered", dpi=f"{zoom * POINTS_PER_INCH:.0f}")],
        to_unit=((1.0 / zoom, 0.0, x0), (0.0, 1.0 / zoom, y0)),
    )
