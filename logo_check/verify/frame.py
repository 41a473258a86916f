"""The canonical frame: the page resampled into the artwork's frame at a working scale, the
reference's masks there (element boxes, strokes, cores, lone edges, the clear-space ring), and
the few conversions between the frame's pixels and the page's (the mark's height, slack radii,
blob areas) that every measurement shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

import cv2
import numpy as np

from ..blur import isolated_edges
from ..detect import jacobian, pyramid_level, to_pyramid_level
from ..templates import CanonicalFrame, ReferenceSet, caption_text_box, reference_set

if TYPE_CHECKING:
    from ..charter import Charter


#: Working scale bounds, in px per S: below 32 a pixel is more than the offset tolerance, above 64 nothing more is
#: learnt about colours or positions and the cost grows with the square.
MIN_WORK_SCALE = 32.0


MAX_WORK_SCALE = 64.0


#: Smallest foreign blob counted, as a share of S²: single pixels of noise or ringing are not content.
MIN_FOREIGN_BLOB = 0.01


#: Smallest foreign blob counted over the artwork, in the page's pixels, whatever S (the larger
#: of this and ``MIN_FOREIGN_BLOB`` applies). JPEG's artefacts and the resampling of a small logo
#: leave specks whose size is set by the page's pixels, not by the mark: on the seed-3 corpus
#: (benchmarks/addition_blobs.py), the blobs of clean logos of S 29-38 px covered 12 to 19 page
#: pixels, the smallest addition that measured anything 104. 32 px is half a JPEG block; it binds
#: under S 57 px, where 0.01 S² is smaller.
MIN_FOREIGN_BLOB_PX = 32.0


MARK_ELEMENT = "at_sign"


#: The element that carries the category's words.
CAPTION_ELEMENT = "caption"


#: How close (largest channel difference, 0..1) a pixel of the reference must be to an element's
#: charter colour to count as drawn in it: anti-aliased edges mix it with the next colour.
COLOUR_CLOSE = 0.08


#: Least spread between the largest and the smallest channel (0..255) of a charter colour searched
#: by its closeness (see :func:`_colour_scores`): under it, a white, grey or black, which the
#: luminance already shows. The charter's blue and red spread by 164 and 188.
MIN_CHROMA = 40


def mark_height_px(h: np.ndarray, charter: Charter) -> float:
    """S, the mark's height, in page pixels for the homography ``h`` (artwork frame → page): the
    length of the image of the artwork's vertical unit at its centre (the derivative there, so a
    perspective view gives the height at the centre). The one definition of S in pixels: the
    measurements (:attr:`~logo_check.model.Measurements.mark_height_px`) and the evidence pictures
    (:mod:`logo_check.evidence`) both use it."""
    j = jacobian(h, (charter.aspect_ratio / 2, 0.5))
    return float(np.linalg.norm(j[:, 1]))


def to_canonical(
    rgb: np.ndarray, h: np.ndarray, frame: CanonicalFrame, mark_px: float
) -> tuple[np.ndarray, np.ndarray]:
    """The page resampled into ``frame`` (float RGB 0..1) and the mask of pixels inside the page.

    The page is first reduced on a pyramid to about the frame's resolution, so that resampling
    does not alias.
    """
    level = pyramid_level(mark_px, frame.scale)
    source = rgb
    for _ in range(level):
        if min(source.shape[:2]) < 4:
            break
        source = cv2.pyrDown(source)
    factor = rgb.shape[1] / source.shape[1]
    to_level = to_pyramid_level(factor)
    warp = to_level @ h @ np.linalg.inv(frame.to_pixels())
    size = frame.size
    image = cv2.warpPerspective(
        source, warp, size, flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP, borderMode=cv2.BORDER_REPLICATE
    )
    ones = np.full(source.shape[:2], 255, np.uint8)
    inside = cv2.warpPerspective(ones, warp, size, flags=cv2.INTER_NEAREST | cv2.WARP_INVERSE_MAP) > 0
    return image.astype(np.float32) / 255.0, inside


def on_page_mask(h: np.ndarray, frame: CanonicalFrame, width: float, height: float, grow_px: float) -> np.ndarray:
    """The pixels of ``frame`` whose centre falls on the page (``width`` × ``height``) grown by
    ``grow_px`` page pixels on every side, the frame placed by ``h`` (artwork frame → page)."""
    cols, rows = frame.size
    xs, ys = np.meshgrid(np.arange(cols, dtype=float), np.arange(rows, dtype=float))
    to_page = h @ np.linalg.inv(frame.to_pixels())
    points = to_page @ np.stack([xs.ravel(), ys.ravel(), np.ones(xs.size)])
    with np.errstate(divide="ignore", invalid="ignore"):
        x, y = points[0] / points[2], points[1] / points[2]
    low = -0.5 - grow_px
    on = (points[2] > 0) & (x >= low) & (x < width - 0.5 + grow_px) & (y >= low) & (y < height - 0.5 + grow_px)
    return on.reshape(rows, cols)


def box_mask(refs: ReferenceSet) -> np.ndarray:
    """The artwork's box as a mask of ``refs``' frame (computed once; read-only)."""
    cached = refs.derived.get(("box",))
    if cached is None:
        cached = np.zeros(refs.alpha.shape, bool)
        cached[artwork_box(refs)] = True
        cached.flags.writeable = False
        refs.derived[("box",)] = cached
    return cached


def artwork_box(refs: ReferenceSet) -> tuple[slice, slice]:
    return refs.frame.box_slice((0.0, 0.0, refs.frame.aspect, 1.0))


def ring_mask(refs: ReferenceSet, charter: Charter, inset: float = 0.0) -> np.ndarray:
    """The clear-space margin around the artwork's box (less its outer ``inset`` S)."""
    m = charter.clear_space.margin - inset
    outer = np.zeros(refs.alpha.shape, bool)
    outer[refs.frame.box_slice((-m, -m, refs.frame.aspect + m, 1 + m))] = True
    return outer & ~box_mask(refs)


def element_box(refs: ReferenceSet, charter: Charter, name: str, pad: float = 0.0) -> tuple[float, ...]:
    box = charter.elements[name].box
    a = refs.frame.aspect
    return (box.x0 * a - pad, box.y0 - pad, box.x1 * a + pad, box.y1 + pad)


def stroke_width(refs: ReferenceSet, name: str) -> float:
    """Typical stroke width of an element, in S: twice the 90th percentile of the distance from
    its pixels to its edge (the wordmark's letters are thin, the band is thick)."""
    key = (refs.frame.scale, name)
    if key not in _STROKES:
        _STROKES[key] = _typical_width(refs.element_alpha[name] > 0.5, refs.frame.scale)
    return _STROKES[key]


def ink_stroke_width(charter: Charter, name: str) -> float:
    """Typical stroke width, in S, of element ``name``'s ink (the @ glyph in the disc), measured on
    the finest reference raster verify works at (on coarser ones a 0.06 S stroke reads wider)."""
    key = (str(charter.path), charter.version, name)
    if key not in _INK_STROKES:
        refs = reference_set(charter, MAX_WORK_SCALE, 0.0)
        ink = charter.rgb(charter.elements[name].ink or "white")
        drawn = drawn_in(refs, next(iter(refs.rgb)), ink) & (refs.element_alpha[name] > 0.5)
        _INK_STROKES[key] = _typical_width(drawn, refs.frame.scale)
    return _INK_STROKES[key]


_INK_STROKES: dict[tuple[str, str, str], float] = {}


def _typical_width(mask: np.ndarray, scale: float) -> float:
    """Twice the 90th percentile of the distance from ``mask``'s pixels to its edge, in S."""
    distance = cv2.distanceTransform(mask.astype(np.uint8), cv2.DIST_L2, 3)
    inside = distance[mask]
    return 2.0 * float(np.percentile(inside, 90)) / scale if inside.size else 0.0


_STROKES: dict[tuple[float, str], float] = {}


def core_mask(refs: ReferenceSet, name: str, variant: str, colour: tuple[int, int, int]) -> np.ndarray:
    """Pixels of element ``name`` drawn in ``colour`` in ``variant``, away from its edges
    (computed once per reference set; read-only)."""
    key = ("core", name, variant, tuple(colour))
    cached = refs.derived.get(key)
    if cached is not None:
        return cached
    close = drawn_in(refs, variant, colour)
    mask = (close & (refs.element_alpha[name] > 0.98)).astype(np.uint8)
    radius = max(1, round(refs.frame.scale * 0.02))
    eroded = cv2.erode(mask, np.ones((2 * radius + 1, 2 * radius + 1), np.uint8))
    core = (eroded if eroded.sum() >= 9 else mask).astype(bool)
    core.flags.writeable = False
    refs.derived[key] = core
    return core


def drawn_over_another(refs: ReferenceSet, name: str) -> bool:
    """Whether most of element ``name`` covers another element (the arrow over the disc): its
    presence is then weighed against the artwork without it (:func:`measure_element`), and its colour,
    mixed with two others, needs a wider stroke to be judged (:func:`_least_stroke_px`)."""
    key = ("over", name)
    if key not in refs.derived:
        own = refs.element_alpha[name] > 0.5
        others = np.logical_or.reduce([a > 0.5 for n, a in refs.element_alpha.items() if n != name])
        refs.derived[key] = np.array(own.any() and float((own & others).sum()) / own.sum() > 0.3)
    return bool(refs.derived[key])


def outer_slack(refs: ReferenceSet, charter: Charter) -> float:
    """How far inside the clear space's outer edge, in S, a graphic drawn right up to that edge
    may appear: the charter's ``registration_slack``, and at least one pixel of ``refs``' frame
    (resampling spreads an edge over one)."""
    return max(charter.content_tolerance.registration_slack, 1.0 / refs.frame.scale)


def slack_radius(refs: ReferenceSet, charter: Charter, mark_px: float) -> int:
    """How far, in ``refs``' frame pixels, an artwork's colour may stray from where it is drawn on
    a clean logo: the larger of the charter's ``registration_slack`` (in S) and ``colour_spread_px``
    (in the page's pixels, the mark ``mark_px`` high), and at least one pixel."""
    tol = charter.content_tolerance
    return max(1, round(refs.frame.scale * max(tol.registration_slack, tol.colour_spread_px / mark_px)))


def unit_rgb(rgb: tuple[int, int, int]) -> np.ndarray:
    """An 8-bit RGB triple as float32 RGB in 0..1."""
    return np.array(rgb, np.float32) / 255.0


def lone_edges(refs: ReferenceSet, variant: str | None, background: str) -> np.ndarray:
    """The lone edges of the reference (see :func:`~logo_check.blur.isolated_edges`) in the
    variant measured (or the one made for the background) on that background (cached; read-only)."""
    key = ("lone_edges", variant, background)
    cached = refs.derived.get(key)
    if cached is None:
        cached = isolated_edges(refs.template(background, variant), refs.frame.scale)
        cached.flags.writeable = False
        refs.derived[key] = cached
    return cached


def near_artwork(refs: ReferenceSet, slack: int) -> np.ndarray:
    """The pixels of ``refs``' frame within ``slack`` frame pixels of the artwork's shapes, where its
    colours may stray (computed once per slack; read-only)."""
    key = ("near_artwork", slack)
    cached = refs.derived.get(key)
    if cached is None:
        drawn = (refs.alpha > 0.02).astype(np.uint8)
        cached = cv2.dilate(drawn, np.ones((2 * slack + 1,) * 2, np.uint8)) > 0
        cached.flags.writeable = False
        refs.derived[key] = cached
    return cached


def text_line_mask(refs: ReferenceSet, charter: Charter, pad: float = 0.0) -> np.ndarray:
    """The box around the letters of every category's caption, with a margin of ``pad`` S, as a
    mask of ``refs``' frame (computed once per margin; read-only)."""
    key = ("text_line", pad)
    cached = refs.derived.get(key)
    if cached is None:
        x0, y0, x1, y1 = caption_text_box(charter)
        cached = np.zeros(refs.alpha.shape, bool)
        cached[refs.frame.box_slice((x0 - pad, y0 - pad, x1 + pad, y1 + pad))] = True
        cached.flags.writeable = False
        refs.derived[key] = cached
    return cached


def drawn_in(refs: ReferenceSet, variant: str, colour: tuple[int, int, int]) -> np.ndarray:
    """Where ``refs``' raster of ``variant`` is drawn in ``colour`` (8-bit RGB): within
    :data:`COLOUR_CLOSE` of it in every channel (its anti-aliased edges are not); computed once
    per reference set, read-only."""
    key = ("drawn_in", variant, tuple(colour))
    cached = refs.derived.get(key)
    if cached is None:
        cached = np.abs(refs.rgb[variant] - unit_rgb(colour)).max(axis=2) < COLOUR_CLOSE
        cached.flags.writeable = False
        refs.derived[key] = cached
    return cached


def has_hue(colours: np.ndarray) -> np.ndarray:
    """Row-wise: whether each RGB colour (0..1) has a hue, its channels spreading by
    :data:`MIN_CHROMA` or more."""
    return (colours.max(axis=1) - colours.min(axis=1)) * 255.0 >= MIN_CHROMA


def blob_area(foreign: np.ndarray, refs: ReferenceSet, mark_px: float, gap: float = 0.0) -> float:
    """Pixels of ``foreign`` in blobs of at least ``MIN_FOREIGN_BLOB`` S² and ``MIN_FOREIGN_BLOB_PX``
    pixels of the page, where the mark is ``mark_px`` high (smaller ones are noise); with ``gap``
    (in S), pixels that close belong to one blob (only their own pixels count)."""
    ink = blob_inks(foreign, refs, gap)
    page_px = (refs.frame.scale / mark_px) ** 2  # frame pixels per page pixel
    least = max(MIN_FOREIGN_BLOB * refs.frame.scale**2, MIN_FOREIGN_BLOB_PX * page_px)
    return float(ink[ink >= least].sum())


def blob_inks(foreign: np.ndarray, refs: ReferenceSet, gap: float = 0.0) -> np.ndarray:
    """The pixels of ``foreign`` in each of its blobs, pixels less than ``gap`` S apart being one."""
    pixels = foreign.astype(np.uint8)
    radius = round(gap * refs.frame.scale / 2)
    grouped = cv2.dilate(pixels, np.ones((2 * radius + 1,) * 2, np.uint8)) if radius >= 1 else pixels
    count, labels = cv2.connectedComponents(grouped, connectivity=8)
    return np.bincount(labels[foreign], minlength=count)[1:]
