"""The charter's master artwork for the benchmark corpus: load, modify at the SVG level, render.

The master SVGs (``reference_assets/artwork``) hold one element per part of the logo, each with an
id: ``disc``, ``at``, ``arrow-outline``, ``arrow``, ``wordmark``, ``band``, ``caption``. An
:class:`Art` is that list of elements, which the corpus recolours, drops, moves or extends before
rendering it through an affine map with resvg (no system font is loaded, so the same SVG gives the
same pixels everywhere).

Coordinates: *artwork units* are the master SVG's user units (the artwork is ``art.height`` units
tall, that is S); *local pixels* are the artwork units mapped by the 2×2 ``linear`` part of the
rendering; a :class:`Tile` knows where its pixel (0, 0) falls in local pixels.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

import numpy as np
import resvg_py
from PIL import Image, ImageDraw, ImageFont

if TYPE_CHECKING:
    from logo_check.charter import Charter

REPO = Path(__file__).resolve().parent.parent
SVG_NS = "{http://www.w3.org/2000/svg}"
#: Fonts tried, in order, to re-typeset a caption in *another* typeface than the master's
#: DejaVu Sans Bold. Pillow's built-in font has no accented capitals, so it comes last (accents are
#: then dropped, which the label records).
OTHER_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
)
MASTER_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


@functools.cache
def charter() -> Charter:
    """The charter pack as the engine loads it (``$LOGO_CHECK_CHARTER`` or the bundled one)."""
    from logo_check.charter import load_charter

    return load_charter()


@dataclass(frozen=True)
class ArtElement:
    """One SVG element of the master artwork: its tag (without namespace) and attributes."""

    tag: str
    attrib: tuple[tuple[str, str], ...]

    @property
    def id(self) -> str:
        return dict(self.attrib).get("id", "")

    def with_attrs(self, **changes: str) -> ArtElement:
        """A copy with attributes changed or added (``stroke_width`` style names are not used)."""
        attrs = dict(self.attrib)
        attrs.update(changes)
        return ArtElement(self.tag, tuple(attrs.items()))

    def xml(self) -> str:
        attrs = " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in self.attrib)
        return f"<{self.tag} {attrs}/>"


@dataclass
class Art:
    """An editable copy of one master artwork (category × variant)."""

    category: str
    variant: str
    width: float  # artwork units
    height: float  # artwork units (S)
    elements: list[ArtElement]
    extra: list[str] = field(default_factory=list)  # raw SVG drawn on top, in artwork units

    def copy(self) -> Art:
        return Art(self.category, self.variant, self.width, self.height, list(self.elements), list(self.extra))

    def ids(self) -> list[str]:
        return [e.id for e in self.elements]

    def recolour(self, element_id: str, colour: str) -> None:
        """Set the fill of the element ``element_id``."""
        self.elements = [e.with_attrs(fill=colour) if e.id == element_id else e for e in self.elements]

    def drop(self, *element_ids: str) -> None:
        """Remove elements."""
        self.elements = [e for e in self.elements if e.id not in element_ids]

    def move(self, dx: float, dy: float, *element_ids: str) -> None:
        """Translate elements by (dx, dy) artwork units."""
        self.elements = [
            e.with_attrs(transform=f"translate({dx:.3f} {dy:.3f})") if e.id in element_ids else e for e in self.elements
        ]

    def replace_path(self, element_id: str, d: str) -> None:
        """Replace the path data of ``element_id``."""
        self.elements = [e.with_attrs(d=d) if e.id == element_id else e for e in self.elements]

    def attr(self, element_id: str, name: str) -> str:
        for e in self.elements:
            if e.id == element_id:
                return dict(e.attrib)[name]
        raise KeyError(element_id)

    def xml(self) -> str:
        return "".join(e.xml() for e in self.elements) + "".join(self.extra)


@functools.cache
def _master(category: str, variant: str) -> Art:
    text = charter().artwork_path(category, variant).read_text(encoding="utf-8")
    root = ElementTree.fromstring(text)
    _, _, width, height = (float(v) for v in root.attrib["viewBox"].split())
    elements = [
        ArtElement(child.tag.removeprefix(SVG_NS), tuple(child.attrib.items()))
        for child in root
        if child.tag != SVG_NS + "title"
    ]
    return Art(category, variant, width, height, elements)


def master(category: str, variant: str) -> Art:
    """A fresh editable copy of the master artwork."""
    return _master(category, variant).copy()


def icon_elements(art: Art) -> str:
    """Only the disc and the @ of an artwork: a generic e-mail icon drawn from our own SVG."""
    return "".join(e.xml() for e in art.elements if e.id in ("disc", "at"))


# --- rendering -----------------------------------------------------------------------------------


@dataclass
class Tile:
    """A rendered artwork: RGBA image, and where the artwork's frame falls in it."""

    image: Image.Image
    origin: tuple[int, int]  # local pixel coordinates of the tile's pixel (0, 0)
    linear: np.ndarray  # 2×2, artwork units → local pixels
    art_width: float
    art_height: float

    def to_tile(self, points: np.ndarray) -> np.ndarray:
        """Artwork-unit points (N, 2) → tile pixel coordinates."""
        pts = np.asarray(points, dtype=float).reshape(-1, 2)
        return pts @ self.linear.T - np.asarray(self.origin, dtype=float)

    def corners(self) -> np.ndarray:
        """The artwork box's corners (TL, TR, BR, BL of the artwork frame) in tile pixels."""
        w, h = self.art_width, self.art_height
        return self.to_tile(np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=float))

    def footprint(self) -> tuple[float, float, float, float]:
        """Axis-aligned box of the artwork in tile pixels."""
        c = self.corners()
        return float(c[:, 0].min()), float(c[:, 1].min()), float(c[:, 0].max()), float(c[:, 1].max())


def scale_linear(mark_height: float, art: Art) -> np.ndarray:
    """The linear map that renders ``art`` with a mark height of ``mark_height`` pixels."""
    s = mark_height / art.height
    return np.array([[s, 0.0], [0.0, s]])


def render(art: Art, linear: np.ndarray, pad: int = 2) -> Tile:
    """Render ``art`` through ``linear`` (artwork units → pixels) into a tight RGBA tile."""
    w, h = art.width, art.height
    box = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=float) @ linear.T
    x0 = int(np.floor(box[:, 0].min())) - pad
    y0 = int(np.floor(box[:, 1].min())) - pad
    width = int(np.ceil(box[:, 0].max())) + pad - x0
    height = int(np.ceil(box[:, 1].max())) + pad - y0
    a, c = linear[0]
    b, d = linear[1]
    matrix = f"{a:.6f} {b:.6f} {c:.6f} {d:.6f} {-x0} {-y0}"
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f'<g transform="matrix({matrix})">{art.xml()}</g></svg>'
    )
    png = resvg_py.svg_to_bytes(svg_string=svg, width=width, height=height, skip_system_fonts=True)
    image = Image.open(io.BytesIO(bytes(png))).convert("RGBA")
    return Tile(image, (x0, y0), np.array(linear, dtype=float), w, h)


def render_svg(svg: str, width: int, height: int) -> Image.Image:
    """Render a whole SVG document to an RGBA image of the given size."""
    png = resvg_py.svg_to_bytes(svg_string=svg, width=width, height=height, skip_system_fonts=True)
    return Image.open(io.BytesIO(bytes(png))).convert("RGBA")


# --- typesetting -------------------------------------------------------------------------------


@functools.cache
def _typesetter() -> Any | None:
    """The artwork generator's own typesetter (DejaVu Sans Bold outlines), or None without the font."""
    if not MASTER_FONT.is_file():
        return None
    try:
        spec = importlib.util.spec_from_file_location("_make_artwork", REPO / "reference_assets" / "make_artwork.py")
        if spec is None or spec.loader is None:
            return None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
        return module, module.Typesetter(MASTER_FONT)
    except (ImportError, OSError):
        return None


def band_box(art: Art) -> tuple[float, float, float, float]:
    """The caption band's box in artwork units."""
    x = float(art.attr("band", "x"))
    y = float(art.attr("band", "y"))
    return x, y, x + float(art.attr("band", "width")), y + float(art.attr("band", "height"))


def caption_outline(art: Art, text: str) -> str | None:
    """SVG path data for ``text`` typeset like the master captions (same font, size, baseline)."""
    found = _typesetter()
    if found is None:
        return None
    module, ts = found
    bx0, by0, bx1, by1 = band_box(art)
    size = module.CAPTION_SIZE * art.height
    cap_height = size * 1493 / 2048  # DejaVu Sans Bold cap height, as the generator uses
    baseline = by0 + (by1 - by0) / 2 + cap_height / 2
    probe = ts.outline(text, size, 0.0, baseline)
    text_width = probe.box[2] - probe.box[0]
    room = (bx1 - bx0) - 2 * module.CAPTION_PADDING * art.height
    if text_width > room:  # shrink long words to fit the band, as a designer would
        size *= room / text_width
        cap_height = size * 1493 / 2048
        baseline = by0 + (by1 - by0) / 2 + cap_height / 2
        probe = ts.outline(text, size, 0.0, baseline)
        text_width = probe.box[2] - probe.box[0]
    return ts.outline(text, size, (bx0 + bx1) / 2 - text_width / 2, baseline).d


@functools.cache
def other_font(size: int) -> tuple[ImageFont.FreeTypeFont, str, bool]:
    """A font unlike the master's, at ``size`` px: (font, name, has accented capitals)."""
    for path in OTHER_FONTS:
        if path.is_file():
            return ImageFont.truetype(str(path), size), path.stem, True
    return ImageFont.load_default(size), "pillow-default", False


def strip_accents(text: str) -> str:
    """``text`` without diacritics (for fonts that lack accented capitals)."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def draw_text_on_band(tile: Tile, art: Art, text: str, cap_fraction: float = 0.1203) -> dict[str, Any]:
    """Draw ``text`` in white, centred on the band of an unrotated tile, in another typeface.

    ``cap_fraction`` is the master caption's cap height in S; the text is sized to match it and
    shrunk to fit the band.
    """
    bx0, by0, bx1, by1 = band_box(art)
    (x0, y0), (x1, y1) = tile.to_tile(np.array([[bx0, by0], [bx1, by1]]))
    s_px = float(tile.linear[1, 1]) * art.height
    cap_px = max(4.0, cap_fraction * s_px)
    probe, name, accents = other_font(100)
    if not accents:
        text = strip_accents(text)
    bb = probe.getbbox("H")
    size = max(6, round(100 * cap_px / (bb[3] - bb[1])))
    font = other_font(size)[0]
    room = (x1 - x0) * 0.94
    while font.getlength(text) > room and size > 6:
        size -= 1
        font = other_font(size)[0]
    draw = ImageDraw.Draw(tile.image)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    draw.text((cx, cy), text, fill=(255, 255, 255, 255), font=font, anchor="mm")
    return {"font": name, "text": text, "font_px": size}
