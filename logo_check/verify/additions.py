"""Foreign content inside the artwork: the pixels of its box that no colour the artwork puts near
them, nor a mix of two or three of them (JPEG, blur, chroma subsampling, sharpening), explains,
counted as blobs of a least area."""

from __future__ import annotations

from typing import TYPE_CHECKING

import cv2
import numpy as np

from ..charter import hex_rgb
from ..model import ElementMeasure
from ..templates import ReferenceSet
from .frame import CAPTION_ELEMENT, blob_area, box_mask, drawn_in, has_hue, slack_radius, text_line_mask, unit_rgb
from .surroundings import BUSY_FACTOR, FOREIGN_DISTANCE

if TYPE_CHECKING:
    from ..charter import Charter


#: RGB distance above which a pixel inside a drawn element, at least ``INTERIOR_EDGE_PX`` page px
#: from every edge between the artwork's colours, is foreign. There a flat colour has nothing to
#: mix with (JPEG's chroma subsampling and ringing spread an edge over 2-4 px, see the charter's
#: ``colour_spread_px``): a word in a colour near the band's, whose thin strokes JPEG dilutes, stays
#: under ``FOREIGN_DISTANCE`` but not under this. Set on the seed-3 corpus (benchmarks/corpus.py
#: --seed 3 --size full; docs/benchmarks.md has the figures of benchmarks/score.py): 45 found more
#: of its additions without giving more clean logos one, the same from 2, 3 or 4 px; lower
#: distances from 2 or 3 px gave clean logos additions.
INTERIOR_FOREIGN_DISTANCE = 45.0


INTERIOR_EDGE_PX = 3.0


#: Farthest a pixel where a colour with a hue meets a white, grey or black (the red band and the
#: caption's white letters) may stand from what JPEG's chroma averaging makes of their mix (see
#: :func:`_subsampled_distance`) to be explained by it. There the averaging only takes chroma from
#: one to the other: a clean logo saved at quality 70 and then at 90, whose band next to the letters
#: had lost some of its red, read as an addition at marks of 64 to 80 px
#: (``benchmarks/capture_sweep.py``). The full foreign distance would explain other hues too: with
#: 60, a purple word on the band (``benchmarks/test_addition_blobs.py``) was no longer found.
AVERAGED_CHROMA_DISTANCE = 30.0


#: Overshoot of the artwork's lone edges (``blur.edge_overshoot``) from which an instance counts as
#: sharpened: ``benchmarks/capture_sweep.py`` reads at most 0.028 on pictures that were not (light,
#: tint, tone curve, a JPEG saved twice, resampling), 0.043 to 0.176 after an unsharp mask on marks
#: of 40 and 80 px (a halftone screen's dots read up to 0.13 and are allowed for alike).
MIN_SHARPENED = 0.03


#: On a sharpened instance, how far a pixel near an edge between two of the artwork's colours may
#: overshoot the step between them (see :func:`_subsampled_distance`), per unit of the overshoot read on
#: the lone edges (a median: the strongest edges overshoot more), and at most.
HALO_PER_OVERSHOOT = 2.5


MAX_HALO = 0.5


#: Least distance, in page pixels, at which foreign marks are joined into one (the charter's
#: ``addition_gap``, in S, gives the distance): JPEG's ringing leaves specks a few pixels apart
#: along every edge, which joined add up to blobs on clean logos. 0.1 S is 4 px from a mark height
#: of 40 px, the web minimum. (With the gap at 0.16 S, joined from 25 px, benchmarks/score.py gave
#: 60 of the 1,122 clean instances of the seed-3 corpus an addition, all under 40 px.)
MIN_JOIN_PX = 4.0


def addition_share(
    image: np.ndarray,
    refs: ReferenceSet,
    charter: Charter,
    elements: dict[str, ElementMeasure],
    variant: str,
    caption: str | None,
    model: np.ndarray,
    busyness: float,
    inside: np.ndarray,
    mark_px: float,
    halo: float = 0.0,
) -> float:
    """Share of the artwork's box covered by foreign content, over its elements or in its gaps.

    Each pixel of the box is compared with the colours the artwork puts near it (see
    :func:`_palette_layers`): each element in the colour it was measured in (a recoloured element
    is a colour finding, not an addition), its ink, and the background model. A pixel is explained
    by one of those colours or by a mix of two of them that both stand within the charter's
    ``registration_slack`` of it (anti-aliasing, blur and a slightly shifted registration only mix
    neighbouring colours); it is foreign when its distance to every such colour and mix exceeds
    ``FOREIGN_DISTANCE`` (more on a busy background, in the gaps; less, ``INTERIOR_FOREIGN_DISTANCE``,
    inside an element away from its edges). Only blobs of at least
    ``MIN_FOREIGN_BLOB`` S² count. On a sharpened instance (``halo`` > 0, see :func:`sharpening_halo`), the
    mixes near an edge may overshoot it as sharpening does (:func:`_subsampled_distance`).
    """
    layers, unknown_letters = _palette_layers(refs, charter, elements, variant, caption, model)
    box = box_mask(refs)
    flat = box & inside & ~unknown_letters
    if not flat.any():
        return 0.0
    tol = charter.content_tolerance
    distance = _unexplained(image, layers, flat, slack_radius(refs, charter, mark_px), halo) * 255.0
    in_gaps = refs.alpha < 0.02
    threshold = np.where(in_gaps, max(FOREIGN_DISTANCE, BUSY_FACTOR * busyness), FOREIGN_DISTANCE)
    interior = (refs.alpha > 0.5) & (_edge_distance_px(refs, layers, mark_px) >= INTERIOR_EDGE_PX)
    threshold = np.where(interior, INTERIOR_FOREIGN_DISTANCE, threshold)
    gap = tol.addition_gap if tol.addition_gap * mark_px >= MIN_JOIN_PX else 0.0
    return blob_area((distance > threshold) & flat, refs, mark_px, gap) / float(box.sum())


def sharpening_halo(overshoot: float | None) -> float:
    """How far the mixes at the artwork's edges may overshoot (see :func:`_subsampled_distance`), given
    the overshoot read on its lone edges: none unless the instance is sharpened."""
    if overshoot is None or overshoot < MIN_SHARPENED:
        return 0.0
    return min(MAX_HALO, HALO_PER_OVERSHOOT * overshoot)


def _edge_distance_px(refs: ReferenceSet, layers: list[tuple[np.ndarray, np.ndarray]], mark_px: float) -> np.ndarray:
    """Distance of each pixel of ``refs``' frame to the nearest edge between the artwork's colours
    (the layers' outlines and the artwork's own), in the page's pixels (the mark ``mark_px`` high)."""
    square = np.ones((3, 3), np.uint8)
    edges = np.zeros(refs.alpha.shape, np.uint8)
    for mask, _ in layers:
        m = mask.astype(np.uint8)
        edges |= m ^ cv2.erode(m, square, borderType=cv2.BORDER_CONSTANT, borderValue=0)
    drawn = (refs.alpha > 0.5).astype(np.uint8)
    edges |= drawn ^ cv2.erode(drawn, square)
    return cv2.distanceTransform(1 - edges, cv2.DIST_L2, 3) * (mark_px / refs.frame.scale)


def _palette_layers(
    refs: ReferenceSet,
    charter: Charter,
    elements: dict[str, ElementMeasure],
    variant: str,
    caption: str | None,
    model: np.ndarray,
) -> tuple[list[tuple[np.ndarray, np.ndarray]], np.ndarray]:
    """Where the artwork puts each of its colours: (mask, colour) pairs, the colour RGB 0..1 (the
    background's varies from pixel to pixel), and the letters left out of the measure (those of a
    caption that reads as none of the categories: other words are no addition).

    Each element's main colour is the one measured on it, when it was, and so is its ink where
    that was judged (the @ glyph: a recoloured glyph is a colour finding, not an addition); the
    band carries the letters of the caption that was read (the reference draws the first
    category's). Where an
    element was measured missing, what it covered may show: the background, and the colours of
    the elements drawn under it (the disc under the arrow). Its absence is the ``element_missing``
    finding (or the channel's waiver), not an addition; other content in its place still is one.
    """
    drawn = refs.alpha > 0.5
    band = refs.element_alpha[CAPTION_ELEMENT] > 0.5
    first = next(iter(refs.caption_letters))
    letters = refs.caption_letters.get(caption or first, refs.caption_letters[first])
    unknown_letters = np.zeros(band.shape, bool)
    if elements[CAPTION_ELEMENT].present and (caption is None or elements[CAPTION_ELEMENT].retypeset):
        unknown_letters = text_line_mask(refs, charter, pad=0.05)
    missing = np.zeros(drawn.shape, bool)
    for name, measure in elements.items():
        if not measure.present:
            missing |= refs.element_alpha[name] > 0.02
    layers: list[tuple[np.ndarray, np.ndarray]] = [(~drawn | missing, model)]
    inks: dict[str, np.ndarray] = {}
    for name, spec in charter.elements.items():
        own = (refs.element_alpha[name] > 0.5) & drawn
        main = unit_rgb(hex_rgb(elements[name].colour)) if elements[name].colour else None
        charter_main = unit_rgb(charter.rgb(spec.colour[variant]))
        close = drawn_in(refs, variant, charter.rgb(spec.colour[variant]))
        if name == CAPTION_ELEMENT:
            close = band & ~letters
        layers.append((own & close, charter_main if main is None else main))
        if main is not None and elements[name].delta_e is None:
            # strokes too thin to keep their colour (not judged for it) were measured as a blend
            # with what lies around them: the colour they were drawn in may show as well
            layers.append((own & close, charter_main))
        under = missing & (refs.element_alpha[name] > 0.5)  # this element, where a missing one lay over it
        layers.append((under, charter_main if main is None else main))
        if spec.ink is not None:
            ink = unit_rgb(charter.rgb(spec.ink))
            layers.append((under, ink))
            ink_close = drawn_in(refs, variant, charter.rgb(spec.ink))
            mask = letters if name == CAPTION_ELEMENT else own & ink_close & ~close
            inks[spec.ink] = inks[spec.ink] | mask if spec.ink in inks else mask
            measured_ink = elements[name].ink_colour
            if measured_ink is not None:
                layers.append((mask, unit_rgb(hex_rgb(measured_ink))))
    for ink_name, mask in inks.items():
        layers.append((mask, unit_rgb(charter.rgb(ink_name))))
    return [(mask, colour) for mask, colour in layers if mask.any()], unknown_letters


def _unexplained(
    image: np.ndarray,
    layers: list[tuple[np.ndarray, np.ndarray]],
    where: np.ndarray,
    radius: int,
    overshoot: float = 0.0,
) -> np.ndarray:
    """For each pixel of ``where``, its RGB distance to the nearest colour of the layers within
    ``radius`` px of it, or to the nearest mix of two or three such colours (0 elsewhere): blur
    mixes the arrow's red, its white outline and the disc's blue where they meet. Where two
    colours meet, JPEG's chroma averaging is allowed for (see :func:`_subsampled_distance`; for a
    colour with a hue and one without, only within ``AVERAGED_CHROMA_DISTANCE``), and with
    ``overshoot`` > 0, a sharpened edge's rims."""
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1,) * 2)
    pixels = image[where]
    near = [cv2.dilate(mask.astype(np.uint8), kernel)[where] > 0 for mask, _ in layers]
    own = [mask[where] for mask, _ in layers]
    colours = [colour[where] if colour.ndim == 3 else np.broadcast_to(colour, pixels.shape) for _, colour in layers]
    # whether each layer's colour has a hue, per pixel for the background's, once for the others
    hue = [
        has_hue(c) if layer.ndim == 3 else np.broadcast_to(has_hue(layer[None, :]), len(pixels))
        for c, (_, layer) in zip(colours, layers, strict=True)
    ]
    best = np.full(len(pixels), np.inf, np.float32)
    count = len(layers)
    for i in range(count):
        best = np.where(near[i], np.minimum(best, np.linalg.norm(pixels - colours[i], axis=1)), best)
        for j in range(i + 1, count):
            both = near[i] & near[j]
            if both.any():
                a, b = colours[i][both], colours[j][both]
                d = _segment_distance(pixels[both], a, b)
                hued = hue[i][both] & hue[j][both]
                if hued.any():  # two colours with hue meet: JPEG averaged their chroma apart from luma
                    d[hued] = np.minimum(d[hued], _subsampled_distance(pixels[both][hued], a[hued], b[hued]))
                one = hue[i][both] ^ hue[j][both]
                if one.any():  # a hue and a neutral: only the chroma's line between them is explained
                    averaged = _subsampled_distance(pixels[both][one], a[one], b[one])
                    close = averaged <= AVERAGED_CHROMA_DISTANCE / 255.0
                    d[one] = np.where(close, np.minimum(d[one], averaged), d[one])
                if overshoot > 0:  # a sharpened edge: each side's luma overshoots away from the other's
                    halo = _subsampled_distance(pixels[both], a, b, overshoot, own[i][both], own[j][both])
                    d = np.minimum(d, halo)
                best[both] = np.minimum(best[both], d)
            for k in range(j + 1, count):
                all_three = both & near[k]
                if all_three.any():
                    c = (colours[i][all_three], colours[j][all_three], colours[k][all_three])
                    best[all_three] = np.minimum(best[all_three], _triangle_distance(pixels[all_three], *c))
    out = np.zeros(where.shape, np.float32)
    out[where] = np.where(np.isfinite(best), best, 0.0)
    return out


#: RGB → YCbCr (JPEG's, without the offsets), and back.
_TO_YCC = np.array([[0.299, 0.587, 0.114], [-0.168736, -0.331264, 0.5], [0.5, -0.418688, -0.081312]], np.float32)


_FROM_YCC = np.linalg.inv(_TO_YCC).astype(np.float32)


def _subsampled_distance(
    x: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    overshoot: float = 0.0,
    on_a: np.ndarray | None = None,
    on_b: np.ndarray | None = None,
) -> np.ndarray:
    """Row-wise RGB distance from the points ``x`` to what JPEG's chroma subsampling makes of a
    mix of the colours ``a`` and ``b``: the luma of one mix with the chroma of another. JPEG keeps
    luma per pixel but averages chroma over blocks of 2 × 2, so that where two colours of
    opposite hues meet (blue letters on a yellow ground) a pixel takes the luma of its own mix and
    the chroma of its block's: a dark grey or a pale one, far from any mix of the two.

    With ``overshoot``, the same for a sharpened edge: on the side drawn in ``a`` (``on_a``), the
    luma may go beyond ``a``'s, away from ``b``'s, by up to ``overshoot`` of their difference (the
    same on ``b``'s side, ``on_b``). Cameras and image editors sharpen (an unsharp mask): a darker
    rim inside the blue disc, a lighter one on the paper around it. Points on neither side (the
    edge's own anti-aliased pixels) get no overshoot."""
    px, pa, pb = x @ _TO_YCC.T, a @ _TO_YCC.T, b @ _TO_YCC.T
    la, lb = pa[:, 0], pb[:, 0]
    lo, hi = np.minimum(la, lb), np.maximum(la, lb)
    if overshoot > 0 and on_a is not None and on_b is not None:
        reach = overshoot * (hi - lo)
        own = np.where(on_a, la, np.where(on_b, lb, np.nan))
        lo, hi = np.where(own == lo, lo - reach, lo), np.where(own == hi, hi + reach, hi)
    luma = np.clip(px[:, 0], lo, hi) - px[:, 0]
    chroma = _nearest_on_segment(px[:, 1:], pa[:, 1:], pb[:, 1:]) - px[:, 1:]
    return np.linalg.norm(np.column_stack([luma, chroma]) @ _FROM_YCC.T, axis=1)


def _triangle_distance(x: np.ndarray, a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Row-wise distance from the points ``x`` to the triangles (a, b, c): to the plane when the
    projection falls inside, else to the nearest edge."""
    ab, ac, ax = b - a, c - a, x - a
    d00, d01, d11 = np.sum(ab * ab, axis=1), np.sum(ab * ac, axis=1), np.sum(ac * ac, axis=1)
    d20, d21 = np.sum(ax * ab, axis=1), np.sum(ax * ac, axis=1)
    denominator = d00 * d11 - d01 * d01
    safe = np.where(np.abs(denominator) > 1e-12, denominator, 1.0)
    v = (d11 * d20 - d01 * d21) / safe
    w = (d00 * d21 - d01 * d20) / safe
    inside = (np.abs(denominator) > 1e-12) & (v >= 0) & (w >= 0) & (v + w <= 1)
    plane = np.linalg.norm(ax - v[:, None] * ab - w[:, None] * ac, axis=1)
    edges = np.minimum.reduce([_segment_distance(x, a, b), _segment_distance(x, a, c), _segment_distance(x, b, c)])
    return np.where(inside, plane, edges)


def _segment_distance(x: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise distance from the points ``x`` to the segments [a, b]."""
    return np.linalg.norm(x - _nearest_on_segment(x, a, b), axis=1)


def _nearest_on_segment(x: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise: the point of the segment [a, b] nearest to ``x``."""
    ab = b - a
    t = np.clip(np.sum((x - a) * ab, axis=1) / np.maximum(np.sum(ab * ab, axis=1), 1e-9), 0.0, 1.0)
    return a + t[:, None] * ab
