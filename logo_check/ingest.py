"""ingest: turn an input file's bytes into a :class:`~logo_check.model.Document` of RGB rasters.

The kind of input (image, PDF, text, archive) is decided from the bytes, never from the name
(:func:`sniff`); PDFs are read by :mod:`logo_check.ingest_pdf`, texts by
:mod:`logo_check.ingest_text`, ZIP archives are opened by :mod:`logo_check.ingest_zip`.
Images (PNG, JPEG, WebP, BMP, GIF, TIFF) give each distinct frame or page up to the limits of
:mod:`logo_check.limits`.
The pixel count is checked from the header before anything is decoded; alpha is composited on
white (on a dark grey when the opaque part's outline is mostly white), the EXIF orientation
applied, and colours converted to sRGB through the embedded ICC profile when there is one (CMYK
without a profile gets Pillow's plain conversion). Whatever cannot be read
raises :class:`~logo_check.errors.UnreadableInputError` with a stable code.
"""

from __future__ import annotations

import functools
import io
import os
import struct
import warnings
import zlib
from typing import TYPE_CHECKING

from .errors import UnreadableInputError
from .i18n import LibraryReason
from .limits import DEFAULT_LIMITS, Limits
from .model import Document, Note, Page

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image, ImageCms

    from .charter import Charter
    from .ingest_html import PageFiles

#: Largest file read, in bytes (:attr:`Limits.max_file_bytes`).
MAX_FILE_BYTES = DEFAULT_LIMITS.max_file_bytes
#: Largest image decoded, in pixels (:attr:`Limits.max_image_pixels`), checked from the header.
MAX_IMAGE_PIXELS = DEFAULT_LIMITS.max_image_pixels
#: The formats read, as Pillow names them; the bytes decide, not the file name.
IMAGE_FORMATS = ("PNG", "JPEG", "WEBP", "AVIF", "HEIF", "BMP", "GIF", "TIFF")

_EXIF_ORIENTATION = 0x0112
#: What Pillow raises on damaged files: besides its documented errors, a TIFF page whose tags are
#: missing raises TypeError ("Missing dimensions") or KeyError when it is reached, and its AVIF
#: decoder RuntimeError ("Decoding of color planes failed") (fuzzing passes found each of them
#: stopping the whole run).
_DECODE_ERRORS = (
    OSError,
    SyntaxError,
    EOFError,
    ValueError,
    struct.error,
    zlib.error,
    IndexError,
    TypeError,
    KeyError,
    RuntimeError,
)


def read_bytes(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of the file at ``path``, refusing files over the size limit before reading."""
    try:
        size = os.stat(path).st_size
        if size > limits.max_file_bytes:
            raise UnreadableInputError("too_large", size=size, limit=limits.max_file_bytes)
        with open(path, "rb") as handle:
            return handle.read(limits.max_file_bytes + 1)
    except FileNotFoundError:
        raise UnreadableInputError("not_found") from None
    except OSError as exc:
        raise UnreadableInputError("unreadable", reason=LibraryReason.of(exc)) from None


def sniff(data: bytes) -> str | None:
    """The kind of input these bytes are, from their first bytes: ``image``, ``svg``, ``pdf``,
    ``zip``, ``warc``, ``text``, or None when none fits. Never from the file name."""
    head = data[:1024]
    if b"%PDF-" in head and not head.startswith(b"PK"):  # a PDF may start after some junk
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(b"WARC/"):
        return "warc"
    if head[:2] == b"\x1f\x8b":  # gzip: a web archive is the one kind written that way
        from .warc import looks_like_warc

        if looks_like_warc(data[:65536]):
            return "warc"
    if is_image(head):
        return "image"
    from .svg_raster import looks_like_svg

    if looks_like_svg(data):  # XML, which would read as text: a logo file partners often have
        return "svg"
    if _looks_like_text(head):
        return "text"
    return None


_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"BM",
    b"II*\x00",
    b"MM\x00*",
    b"RIFF",
)


#: ISO base media file brands of AVIF and HEIF (HEIC) still images and sequences, after the
#: ``ftyp`` box type.
_ISOBMFF_BRANDS = (b"avif", b"avis", b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1")


def is_image(data: bytes) -> bool:
    """Whether ``data`` starts as one of the raster formats read (``IMAGE_FORMATS``) does."""
    if data.startswith(_IMAGE_MAGIC) and not (data.startswith(b"RIFF") and data[8:12] != b"WEBP"):
        return True
    return data[4:8] == b"ftyp" and data[8:12] in _ISOBMFF_BRANDS


def _looks_like_text(head: bytes) -> bool:
    """Plain text in UTF-8, UTF-16 (with its byte-order mark) or Windows-1252: no control bytes."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if not head or b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls == 0


def _check_size(data: bytes, limits: Limits) -> None:
    """Refuse empty input, and input over the size limit, before anything reads it."""
    if not data:
        raise UnreadableInputError("empty_file")
    if len(data) > limits.max_file_bytes:
        raise UnreadableInputError("too_large", size=len(data), limit=limits.max_file_bytes)


def read_document(
    data: bytes,
    name: str,
    limits: Limits = DEFAULT_LIMITS,
    previews: bool = False,
    charter: Charter | None = None,
    files: PageFiles | None = None,
    path: str = "",
) -> Document:
    """``data`` as a :class:`~logo_check.model.Document` (an image, a PDF, an HTML page or a text).

    ``charter`` is the pack the document is checked against (default: the default pack): it sets
    how a PDF's vector drawings are rendered (:func:`logo_check.ingest_pdf.read_pdf`). ``files``
    are the files that came with the input, where an HTML page's images are read from, and
    ``path`` the input's own place among them (:func:`logo_check.ingest_html.read_html`).

    Archives (ZIP, WARC) are not documents: they are opened by :mod:`logo_check.ingest_zip` and
    the crawl reader. ``previews`` asks PDFs for low-resolution page images (for the HTML report).
    """
    _check_size(data, limits)
    kind = sniff(data)
    if kind == "pdf":
        from .ingest_pdf import read_pdf

        return read_pdf(data, limits, previews, charter)
    if kind == "text":
        from .ingest_text import read_text

        return read_text(data, limits, name, files, path)
    _refuse_archive(kind)
    pages, errors = _frames_of_kind(data, name, limits, kind)
    sizes = [(float(p.width), float(p.height)) for p in pages]
    return Document(kind="image", unit="px", page_sizes=sizes, rasters=pages, errors=errors)


def _refuse_archive(kind: str | None) -> None:
    """Archives are not documents: a web archive (a crawled site: its pages, links and dates are
    the crawl scan's to read) raises ``web_archive_not_here``, a ZIP ``archive_not_here``."""
    if kind == "warc":
        raise UnreadableInputError("web_archive_not_here")
    if kind == "zip":
        raise UnreadableInputError("archive_not_here", kind=kind.upper())


def image_frames(
    data: bytes, name: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[list[Page], list[tuple[str, dict[str, object]]]]:
    """The frames of an image file or an SVG drawing (from the bytes: :func:`sniff`), and the
    partial errors; any other kind of input raises ``unknown_format``."""
    _check_size(data, limits)
    return _frames_of_kind(data, name, limits, sniff(data))


def _frames_of_kind(
    data: bytes, name: str, limits: Limits, kind: str | None
) -> tuple[list[Page], list[tuple[str, dict[str, object]]]]:
    """:func:`image_frames` for bytes :func:`sniff` already found to be of ``kind``."""
    if kind == "svg":
        return _svg_frames(data, name, limits)
    if kind not in ("image", None):
        raise UnreadableInputError("unknown_format", known=", ".join(IMAGE_FORMATS))
    return read_frames(data, name, limits)


def _svg_frames(data: bytes, name: str, limits: Limits) -> tuple[list[Page], list[tuple[str, dict[str, object]]]]:
    """An SVG file's page, as :func:`read_frames` gives an image's: rendered on white at its own
    size (scaled down to ``limits.max_svg_side``) by :func:`logo_check.svg_raster.svg_to_png`,
    which refuses a DTD, an entity or an external reference (``svg_refused``), as it does for a
    web page's SVG."""
    from .svg_raster import svg_to_png

    pages, errors = read_frames(svg_to_png(data, limits), name, limits)
    for page in pages:
        page.notes = [Note.of("svg_rendered", width=page.width, height=page.height)]
    return pages, errors


def read_image(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> list[Page]:
    """The first page of an image file (the first frame of a GIF, the first page of a TIFF).

    ``name`` is only used in messages; the format comes from the bytes. A ZIP archive raises
    ``archive_not_here``, a web archive ``web_archive_not_here``, as in :func:`read_document`.
    """
    _check_size(data, limits)
    _refuse_archive(sniff(data))
    pages, _ = read_frames(data, name, limits, max_pages=1)
    return pages


def read_frames(
    data: bytes, name: str, limits: Limits = DEFAULT_LIMITS, max_pages: int | None = None
) -> tuple[list[Page], list[tuple[str, dict[str, object]]]]:
    """Every distinct frame (animated GIF, WebP) or page (TIFF) of an image file, up to the limits,
    and the partial errors (frames or pages left unread)."""
    from PIL import Image

    _check_size(data, limits)
    _register_heif()
    errors: list[tuple[str, dict[str, object]]] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            im = Image.open(io.BytesIO(data), formats=IMAGE_FORMATS)
        except Image.DecompressionBombError:
            raise UnreadableInputError("too_many_pixels", limit=limits.max_image_pixels) from None
        except Image.UnidentifiedImageError:
            raise UnreadableInputError("unknown_format", known=", ".join(IMAGE_FORMATS)) from None
        except _DECODE_ERRORS as exc:
            raise UnreadableInputError("truncated", reason=LibraryReason.of(exc)) from None
        with im:
            fmt = im.format or ""
            limit = limits.max_tiff_pages if fmt == "TIFF" else limits.max_frames
            if max_pages is not None:
                limit = min(limit, max_pages)
            pages = _frames(im, limit, limits, errors, max_pages is None)
    messages = sorted({str(w.message) for w in caught if not issubclass(w.category, Image.DecompressionBombWarning)})
    notes = [Note.of("decoder", message=message) for message in messages]
    for page in pages:
        page.notes = [Note.of("format", format=fmt), *page.notes, *notes] if fmt else [*page.notes, *notes]
    return pages, errors


@functools.cache
def _register_heif() -> None:
    """Teach Pillow HEIF (HEIC) through pillow-heif, once per process: no thumbnails, one decoding
    thread (the engine runs one process per core)."""
    from pillow_heif import register_heif_opener

    register_heif_opener(thumbnails=False, decode_threads=1)


def _frames(
    im: Image.Image, limit: int, limits: Limits, errors: list[tuple[str, dict[str, object]]], report_rest: bool
) -> list[Page]:
    """Decode the distinct frames of ``im``, at most ``limit``; duplicates are skipped."""
    import hashlib

    pages: list[Page] = []
    seen: set[bytes] = set()
    frame = 0
    # frames are compared by hash only when there can be several (hashing costs a third of a
    # JPEG's decoding); counting them reads every page's header, and a damaged one both counts as
    # another and leaves the file elsewhere: back to the first frame
    several = _several_frames(im)
    if several and im.tell() != 0:
        try:
            im.seek(0)
        except _DECODE_ERRORS as exc:
            raise UnreadableInputError("truncated", reason=LibraryReason.of(exc)) from None
    # repeated frames cost a decode each: visit at most this many before giving up on the rest
    max_visits = limit * _VISITS_PER_DISTINCT_FRAME
    while True:
        width, height = im.size
        if width * height > limits.max_image_pixels:
            raise UnreadableInputError("too_many_pixels", limit=limits.max_image_pixels)
        notes: list[Note] = []
        try:
            im.load()
            rgb = _oriented_srgb(im, notes)
        except _DECODE_ERRORS as exc:
            if not pages:
                raise UnreadableInputError("truncated", reason=LibraryReason.of(exc)) from None
            errors.append(("frame_unreadable", {"frame": frame + 1, "reason": LibraryReason.of(exc)}))
            break
        image = _as_array(rgb)
        digest = hashlib.sha256(image.data).digest() if several else b""
        if digest not in seen:
            seen.add(digest)
            pages.append(Page(index=len(pages), image=image, notes=notes))
        frame += 1
        try:
            im.seek(frame)
        except EOFError:
            break
        except _DECODE_ERRORS as exc:
            errors.append(("frame_unreadable", {"frame": frame + 1, "reason": LibraryReason.of(exc)}))
            break
        if len(pages) >= limit or frame >= max_visits:
            if report_rest:
                errors.append(("too_many_frames", {"limit": limit}))
            break
    return pages


def _several_frames(im: Image.Image) -> bool:
    """Whether the file may hold more than one frame or page (counting them reads every page's
    header: a damaged one counts as another)."""
    try:
        return getattr(im, "n_frames", 1) > 1
    except _DECODE_ERRORS:
        return True


#: An animation that repeats frames (a blink, a pause) is still read to its distinct frames, but not
#: through thousands of copies: 10 visits per distinct frame allowed covers real banners.
_VISITS_PER_DISTINCT_FRAME = 10


def _as_array(rgb: Image.Image) -> np.ndarray:
    """An RGB image's pixels as a read-only (height, width, 3) uint8 array over the bytes Pillow
    gives (``np.array`` on a Pillow image copies them twice more, which costs as much as decoding
    the JPEG). Pages are never written in place."""
    import numpy as np

    width, height = rgb.size
    return np.frombuffer(rgb.tobytes(), dtype=np.uint8).reshape(height, width, 3)


def _oriented_srgb(im: Image.Image, notes: list[Note]) -> Image.Image:
    from PIL import ImageOps

    icc = im.info.get("icc_profile")
    orientation = im.getexif().get(_EXIF_ORIENTATION, 1)
    oriented = im
    if orientation not in (None, 1):
        oriented = ImageOps.exif_transpose(im)  # a copy: only when there is something to turn
        notes.append(Note.of("exif_orientation", orientation=str(orientation)))
    return _to_srgb(oriented, icc, notes)


def _to_srgb(im: Image.Image, icc: bytes | None, notes: list[Note]) -> Image.Image:
    """``im`` as 8-bit sRGB RGB, alpha composited on white (or a dark grey, see :func:`_made_for_dark`)."""
    from PIL import Image

    im = _to_8bit(im, notes)
    has_alpha = "A" in im.getbands() or "a" in im.getbands() or "transparency" in im.info
    alpha = None
    if has_alpha:
        rgba = im.convert("RGBA")
        alpha = rgba.getchannel("A")
        base = im.convert("L") if im.mode in ("L", "LA", "La") else rgba.convert("RGB")
    else:
        base = im
    if base.mode not in ("L", "RGB", "CMYK"):
        base = base.convert("RGB")
    if icc:
        base = _apply_profile(base, icc, notes)
    if base.mode == "CMYK":
        notes.append(Note.of("cmyk_without_profile"))
    rgb = base if base.mode == "RGB" else base.convert("RGB")
    if alpha is not None and alpha.getextrema()[0] < 255:
        dark = _made_for_dark(rgb, alpha)
        ground = Image.new("RGBA", rgb.size, DARK_GROUND if dark else (255, 255, 255, 255))
        rgb.putalpha(alpha)
        rgb = Image.alpha_composite(ground, rgb).convert("RGB")
        notes.append(Note.of("alpha_on_dark") if dark else Note.of("alpha_on_white"))
    return rgb


#: What a transparent image whose outline is mostly white is laid on (see :func:`_made_for_dark`):
#: a dark grey, as dark pages and plates mostly are. Laid on pure black, one of the tight reversed
#: logo files of benchmarks/logo_files.py (S 32 px) registered off the logo; on this grey none does.
DARK_GROUND = (32, 32, 32, 255)
#: Share of the pixels along the edge of an image's opaque part that must be near white (every
#: channel at :data:`NEAR_WHITE` or more) for the image to be taken as made for a dark ground. The
#: reversed logo's white wordmark stands on transparency all along its letters; the colour logo's
#: only white on its edge is the arrow's thin outline at its tail.
WHITE_EDGE_SHARE = 0.25
NEAR_WHITE = 230
#: Fewest edge pixels from which an outline is judged at all.
MIN_EDGE_PIXELS = 64
#: Share of the image's width and height a white region must span to be a plate the image holds
#: its content on (a logo on a white plate with rounded corners): that white is a ground, and the
#: image is laid on white.
PLATE_SPAN = 0.8


def _made_for_dark(rgb: Image.Image, alpha: Image.Image) -> bool:
    """Whether a transparent image is made to sit on a dark ground: much of its opaque part's
    edge (pixels next to transparent ones) is white, which a white ground would make vanish (a
    reversed logo file: its white wordmark, laid on white, read as a logo without its wordmark),
    and that white is strokes, not a plate spanning the image (:data:`PLATE_SPAN`)."""
    import cv2
    import numpy as np

    opaque = np.asarray(alpha) >= 128
    cross = cv2.getStructuringElement(cv2.MORPH_CROSS, (3, 3))
    edge = opaque & (cv2.dilate((~opaque).astype(np.uint8), cross) > 0)  # opaque, beside a clear pixel
    if edge.sum() < MIN_EDGE_PIXELS:
        return False
    white = np.asarray(rgb).min(axis=2) >= NEAR_WHITE
    if float((edge & white).sum()) / float(edge.sum()) < WHITE_EDGE_SHARE:
        return False
    _, _, stats, _ = cv2.connectedComponentsWithStats((white & opaque).astype(np.uint8), connectivity=8)
    rows, cols = opaque.shape
    plate = (stats[1:, cv2.CC_STAT_WIDTH] >= PLATE_SPAN * cols) & (stats[1:, cv2.CC_STAT_HEIGHT] >= PLATE_SPAN * rows)
    return not plate.any()


def _to_8bit(im: Image.Image, notes: list[Note]) -> Image.Image:
    """16-bit and float greys (PNG, TIFF) brought to 8-bit L."""
    if im.mode not in ("I", "F") and not im.mode.startswith("I;16"):
        return im
    import numpy as np
    from PIL import Image

    values = np.asarray(im, dtype=np.float64)
    scale = 1.0 if im.mode == "F" else 257.0  # 16-bit range to 8-bit
    notes.append(Note.of("grey_to_8_bits", mode=im.mode))
    return Image.fromarray(np.clip(np.rint(values / scale), 0, 255).astype(np.uint8), "L")


def _apply_profile(base: Image.Image, icc: bytes, notes: list[Note]) -> Image.Image:
    """``base`` converted from its embedded ICC profile to sRGB; unchanged (with a note) when the
    profile cannot be used."""
    from PIL import ImageCms

    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(base, source, _srgb_profile(), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as exc:
        notes.append(Note.of("icc_profile_ignored", reason=LibraryReason.of(exc)))
        return base
    if converted is None:  # only with inPlace=True; keeps the type checker honest
        return base
    notes.append(Note.of("icc_profile_applied", mode=base.mode))
    return converted


_SRGB: ImageCms.ImageCmsProfile | None = None


def _srgb_profile() -> ImageCms.ImageCmsProfile:
    """The sRGB profile, built once per process."""
    global _SRGB
    if _SRGB is None:
        from PIL import ImageCms

        _SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    return _SRGB
