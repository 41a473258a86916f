"""Reference rasters of the artwork in the *canonical frame*, built from the charter pack.

The canonical frame is the artwork frame (units of S, see :mod:`logo_check.model`) sampled at
``scale`` pixels per S, with a ``margin`` (in S) around the artwork so that the clear space is in
view. Pixel (u, v) of a canonical raster is the frame point ((u + 0.5) / scale - margin,
(v + 0.5) / scale - margin).

Everything is rendered from the master SVGs: whole artworks per variant and category, and each
element alone (the shapes named by the element's ``svg_ids``), so that masks follow the artwork
whatever it looks like.
"""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import cv2
import numpy as np

if TYPE_CHECKING:
    from .charter import Charter

_SVG_NS = "http://www.w3.org/2000/svg"


@dataclass
class CanonicalFrame:
    """Pixel geometry of a canonical raster."""

    scale: float  # pixels per S
    margin: float  # in S, on every side
    aspect: float  # artwork width / height

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) in pixels."""
        return (
            round((self.aspect + 2 * self.margin) * self.scale),
            round((1 + 2 * self.margin) * self.scale),
        )

    def to_pixels(self) -> np.ndarray:
        """3×3 matrix: artwork frame (S units) → canonical pixels (pixel centres at +0.5)."""
        s, m = self.scale, self.margin
        return np.array([[s, 0, s * m - 0.5], [0, s, s * m - 0.5], [0, 0, 1]], float)

    def box_slice(self, box: tuple[float, float, float, float]) -> tuple[slice, slice]:
        """Rows and columns of a box given in S units (x0, y0, x1, y1)."""
        s, m = self.scale, self.margin
        w, h = self.size
        x0, x1 = (max(0, min(w, round((v + m) * s))) for v in (box[0], box[2]))
        y0, y1 = (max(0, min(h, round((v + m) * s))) for v in (box[1], box[3]))
        return slice(y0, y1), slice(x0, x1)


@dataclass
class ReferenceSet:
    """Rasters of the reference artwork in one canonical frame.

    ``rgb[variant]`` are float32 RGB in 0..1 composited on nothing (use with ``alpha``);
    ``gray_on[(variant, background)]`` gray renderings on a light or dark background;
    ``element_alpha[name]`` the coverage of each element drawn alone (colour variant);
    ``caption_gray[category]`` gray rendering of the caption element of each category.
    """

    frame: CanonicalFrame
    alpha: np.ndarray
    rgb: dict[str, np.ndarray]
    element_alpha: dict[str, np.ndarray]
    caption_gray: dict[str, np.ndarray]
    #: for each category, the caption element's coverage (band and letters) and its letters alone
    caption_letters: dict[str, np.ndarray] = field(default_factory=dict)
    gray_on: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    #: for each background ("light", "dark"), the variant made for it (first in the charter)
    variant_for: dict[str, str] = field(default_factory=dict)
    #: gray renderings of the artwork without one element, by (element, background)
    without_gray: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    #: masks that verify derives from these rasters, kept so that each is computed once
    derived: dict[tuple, np.ndarray] = field(default_factory=dict)

    def template(self, background: str, variant: str | None = None) -> np.ndarray:
        """Gray rendering of ``variant`` (by default the variant made for ``background``), on that
        background."""
        return self.gray_on[(variant or self.variant_for[background], background)]


_LOCK = threading.Lock()
_CACHE: dict[tuple[str, str, float, float], ReferenceSet] = {}

LIGHT_BACKGROUND = 0.96  # gray level of the light background the templates are composited on
DARK_BACKGROUND = 0.15  # and of the dark one


def background_level(background: str) -> float:
    """Gray level of the "light" or "dark" background the templates are composited on."""
    return LIGHT_BACKGROUND if background == "light" else DARK_BACKGROUND


def svg_with_only(svg_text: str, keep_ids: tuple[str, ...] | None) -> str:
    """The SVG with only the shapes whose id is in ``keep_ids`` (all shapes when None)."""
    if keep_ids is None:
        return svg_text
    ET.register_namespace("", _SVG_NS)
    root = ET.fromstring(svg_text)
    for child in list(root):
        tag = child.tag.split("}")[-1]
        if tag in ("title", "desc", "defs"):
            continue
        if child.get("id") not in keep_ids:
            root.remove(child)
    return ET.tostring(root, encoding="unicode")


def _render(svg_text: str, frame: CanonicalFrame) -> np.ndarray:
    """RGBA float32 (0..1) of an artwork SVG placed in ``frame``."""
    import resvg_py

    width, height = frame.size
    art_h = round(frame.scale)
    art_w = max(1, round(frame.scale * frame.aspect))
    png = resvg_py.svg_to_bytes(svg_string=svg_text, width=art_w, height=art_h, skip_system_fonts=True)
    bgra = cv2.imdecode(np.frombuffer(bytes(png), np.uint8), cv2.IMREAD_UNCHANGED)
    rgba = cv2.cvtColor(bgra, cv2.COLOR_BGRA2RGBA).astype(np.float32) / 255.0
    out = np.zeros((height, width, 4), np.float32)
    off = round(frame.margin * frame.scale)
    h = min(art_h, height - off)
    w = min(art_w, width - off)
    out[off : off + h, off : off + w] = rgba[:h, :w]
    return out


def gray(rgb: np.ndarray) -> np.ndarray:
    """Luma (Rec. 601, as OpenCV) of float RGB in 0..1."""
    return (rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114).astype(np.float32)


_TEMPLATE_CACHE: dict[tuple[str, str, float, float, str, str | None, str | None], np.ndarray] = {}


def background_template(
    charter: Charter,
    scale: float,
    margin: float,
    background: str,
    without: str | None = None,
    variant: str | None = None,
) -> np.ndarray:
    """Gray rendering, at ``scale`` px per S with ``margin``, of ``variant`` (by default the
    variant made for ``background``, "light" or "dark"), composited on that background, optionally
    without the element ``without`` (cached)."""
    key = (str(charter.path), charter.version, float(scale), float(margin), background, without, variant)
    with _LOCK:
        cached = _TEMPLATE_CACHE.get(key)
    if cached is not None:
        return cached
    variant = variant or charter.made_for(background)
    assert variant is not None, f"the charter pack has no variant made for a {background} background"
    frame = CanonicalFrame(scale, margin, charter.aspect_ratio)
    svg = charter.artwork_path(next(iter(charter.categories)), variant).read_text(encoding="utf-8")
    if without is not None:
        keep = tuple(i for name, e in charter.elements.items() if name != without for i in e.svg_ids)
        svg = svg_with_only(svg, keep)
    rgba = _render(svg, frame)
    level = background_level(background)
    template = gray(rgba[..., :3] * rgba[..., 3:4] + level * (1 - rgba[..., 3:4]))
    with _LOCK:
        _TEMPLATE_CACHE[key] = template
    return template


#: Scale, in px per S, at which the box of the captions' letters is measured: a letter's stroke
#: is then about 2 px, so the box is exact to about 0.03 S.
TEXT_BOX_SCALE = 32.0
_TEXT_BOXES: dict[tuple[str, str], tuple[float, float, float, float]] = {}


def caption_text_box(charter: Charter) -> tuple[float, float, float, float]:
    """The box (x0, y0, x1, y1, in S) that holds the letters of every category's caption: the
    only part of the artwork that depends on the category."""
    key = (str(charter.path), charter.version)
    if key not in _TEXT_BOXES:
        refs = reference_set(charter, TEXT_BOX_SCALE, 0.0)
        union = np.logical_or.reduce(list(refs.caption_letters.values()))
        rows, cols = np.nonzero(union)
        s = refs.frame.scale
        _TEXT_BOXES[key] = (
            float(cols.min() / s),
            float(rows.min() / s),
            float((cols.max() + 1) / s),
            float((rows.max() + 1) / s),
        )
    return _TEXT_BOXES[key]


def reference_set(charter: Charter, scale: float, margin: float) -> ReferenceSet:
    """The rasters of ``charter``'s artwork at ``scale`` px per S with ``margin`` S around (cached)."""
    key = (str(charter.path), charter.version, float(scale), float(margin))
    with _LOCK:
        cached = _CACHE.get(key)
    if cached is not None:
        return cached
    frame = CanonicalFrame(scale, margin, charter.aspect_ratio)
    first_category = next(iter(charter.categories))
    rgb: dict[str, np.ndarray] = {}
    alpha = None
    for variant in charter.variants:
        svg = charter.artwork_path(first_category, variant).read_text(encoding="utf-8")
        rgba = _render(svg, frame)
        rgb[variant] = rgba[..., :3]
        alpha = rgba[..., 3] if alpha is None else np.maximum(alpha, rgba[..., 3])
    colour_variant = next(iter(charter.variants))
    base_svg = charter.artwork_path(first_category, colour_variant).read_text(encoding="utf-8")
    element_alpha = {
        name: _render(svg_with_only(base_svg, element.svg_ids), frame)[..., 3]
        for name, element in charter.elements.items()
    }
    caption_ids = charter.elements["caption"].svg_ids
    caption_gray = {}
    caption_letters = {}
    for category in charter.categories:
        svg = charter.artwork_path(category, colour_variant).read_text(encoding="utf-8")
        rgba = _render(svg_with_only(svg, caption_ids), frame)
        caption_gray[category] = gray(rgba[..., :3] * rgba[..., 3:4] + LIGHT_BACKGROUND * (1 - rgba[..., 3:4]))
        caption_letters[category] = (rgba[..., 3] > 0.5) & (gray(rgba[..., :3]) > 0.8)
    assert alpha is not None
    refs = ReferenceSet(frame, alpha, rgb, element_alpha, caption_gray, caption_letters)
    for background in ("light", "dark"):
        made_for = charter.made_for(background)
        if made_for is not None:
            refs.variant_for[background] = made_for
    all_ids = tuple(i for e in charter.elements.values() for i in e.svg_ids)
    for background, variant in refs.variant_for.items():
        svg = charter.artwork_path(first_category, variant).read_text(encoding="utf-8")
        level = background_level(background)
        for name, element in charter.elements.items():
            rest = tuple(i for i in all_ids if i not in element.svg_ids)
            rgba = _render(svg_with_only(svg, rest), frame)
            refs.without_gray[(name, background)] = gray(rgba[..., :3] * rgba[..., 3:4] + level * (1 - rgba[..., 3:4]))
    for variant, colours in rgb.items():
        a = alpha[..., None]
        for name, level in (("light", LIGHT_BACKGROUND), ("dark", DARK_BACKGROUND)):
            refs.gray_on[(variant, name)] = gray(colours * a + level * (1 - a))
    # the set is shared by every later measurement at this scale: nobody may write into it
    for raster in (alpha, *rgb.values(), *element_alpha.values(), *caption_gray.values(), *caption_letters.values()):
        raster.flags.writeable = False
    for raster in (*refs.without_gray.values(), *refs.gray_on.values()):
        raster.flags.writeable = False
    with _LOCK:
        _CACHE[key] = refs
    return refs
