"""The light the page was lit by (white-balanced on the artwork's own white, or on its colours
when the ground cannot tell), then each element's colour against the charter's in CIEDE2000, its
thin strokes measured as the blend of ink and ground they are, and the @ glyph's and the letters'
ink."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import cv2
import numpy as np

from ..charter import hex_rgb, unit_rgb_hex
from ..model import ElementMeasure
from ..templates import ReferenceSet, gray
from .caption import CaptionRead
from .elements import MIN_OVERLAID_STROKE_PX
from .frame import (
    CAPTION_ELEMENT,
    MARK_ELEMENT,
    core_mask,
    drawn_over_another,
    ink_stroke_width,
    stroke_width,
    unit_rgb,
)

if TYPE_CHECKING:
    from ..charter import Charter


#: Thinnest stroke, in page pixels, whose colour is measured: JPEG's chroma subsampling (2×2
#: blocks) and anti-aliasing mix a stroke under 3 px with its background.
MIN_STROKE_PX = 3.0


#: CIEDE2000's lightness weight kL for strokes thinner than ``THIN_STROKE_PX`` (1 elsewhere; 2 is
#: the setting the CIE gives for textured samples such as textiles): blur and anti-aliasing mix a
#: thin stroke with its background mostly in lightness, while a recolouring changes hue. On the
#: benchmark's seed-1 corpus, black letters 3.2 px wide of clean mono logos measured #484848 to
#: #545650 (20-25 ΔE00 with kL 1, 10-13 with kL 2), white ones #C0BEC9 (16, 9); blue letters
#: recoloured green stay at 44.
THIN_LIGHTNESS_WEIGHT = 2.0


#: Shares of an element's colour in the blends with the background that a stroke too thin to
#: judge is compared with when the variant is chosen: its measured pixels are the quarter farthest
#: from the background, so at least about half its own colour.
BLEND_SHARES = np.linspace(0.4, 1.0, 7, dtype=np.float32)


#: Strokes thinner than this, in the pixels they are measured in (the page's, or the canonical
#: raster's when it is coarser), are mostly anti-aliased edge: their colour is taken from the pixels
#: least mixed with their surroundings (see _colours). The canonical raster counts as well: the
#: wordmark of a large mono logo, wide on the page but a few pixels once resampled to 64 px per S,
#: measured dark grey from its whole core (tests/test_engine.py has such a logo).
THIN_STROKE_PX = 6.0


#: Share (%) of an element's pixels, the farthest from the background, whose median is its colour.
CORE_SHARE = 25.0


#: Gains allowed by the white balance on the artwork's white: beyond, the "white" is not white
#: (a tinted print, a recoloured glyph) and colours are measured as they are.
MAX_WHITE_GAIN = 1.15


#: Gains allowed when the light ground around the logo shows the same light as its white: a page
#: photographed in dim or tinted light (its paper reads as grey, or yellow under a lamp). Up to 1.8,
#: a page whose white reads at 0.55 of full scale: ``benchmarks/capture_sweep.py`` judges the clean
#: logo on a light page compliant at 0.6 and under a lamp's cast (blue at 0.65 of red), where the
#: gain of 1.15 alone read the arrow and the band as recoloured (at 0.5 the page reads as dark). On a
#: dark ground, which does not show the light, such gains are kept only when the artwork's own
#: colours confirm them, and so are a light ground's own gains where the glyph is not the page's
#: white (see :func:`white_balance`).
MAX_LIGHT_GAIN = 1.8


#: How much brighter than white, in any channel (0..1), the ground may turn under the gains of the
#: artwork's white for both to count as lit alike: paper whiter than the glyph by JPEG's and the
#: camera's noise. A glyph recoloured grey on a white page makes that page read far brighter than
#: white (a grey of 0.8 by 1.25).
LIGHT_GROUND_EXCESS = 0.06


@dataclass(frozen=True)
class ColourPass:
    """What the colour pass (:func:`_colours`) reads a picture against: the reference set, the
    charter, the element measures it records each colour on, the background colour seen around
    the artwork (None when none was) and the mark's height in page pixels."""

    refs: ReferenceSet
    charter: Charter
    elements: dict[str, ElementMeasure]
    ground: np.ndarray | None
    mark_px: float


def balanced_colours(
    image: np.ndarray, gains: np.ndarray, colour_pass: ColourPass
) -> tuple[np.ndarray, np.ndarray | None, str]:
    """``image`` and the background colour under the white balance ``gains`` (clipped at white),
    and the variant the elements' colours, measured on it, fit best (see :func:`_colours`, which
    records each element's colour)."""
    c = colour_pass
    balanced = np.clip(image * gains, 0.0, 1.0)
    ground = None if c.ground is None else np.clip(c.ground * gains, 0.0, 1.0)
    return balanced, ground, _colours(balanced, c.refs, c.charter, c.elements, ground, c.mark_px)


def gains_within(gains: np.ndarray, limit: float) -> bool:
    """Whether every per-channel gain lies between ``1 / limit`` and ``limit``."""
    return bool(gains.max() <= limit and gains.min() >= 1 / limit)


def _all_in_tolerance(elements: dict[str, ElementMeasure], charter: Charter) -> bool:
    """Whether every element judged for its colour stands within the raster colour tolerance."""
    limit = charter.colour_tolerance.raster
    return all(e.delta_e is None or e.delta_e <= limit for e in elements.values() if e.present)


def _misfit(elements: dict[str, ElementMeasure]) -> float:
    """The sum of the colour differences of the elements judged for their colour."""
    return float(sum(e.delta_e for e in elements.values() if e.present and e.delta_e is not None))


def white_balance(
    image: np.ndarray, refs: ReferenceSet, charter: Charter, elements: dict, ground: np.ndarray | None
) -> tuple[np.ndarray, bool]:
    """Per-channel gains that make the artwork's white white: the @ glyph's core. (The caption's
    letters are white too, but where they stand depends on the category, not read yet: the first
    category's letters fall on the band of another's, and that grey median brightened a white @
    by 14 % on the benchmark.)

    Gains up to ``MAX_WHITE_GAIN`` are always applied; up to ``MAX_LIGHT_GAIN`` when ``ground``,
    the colour of a light background around the artwork, reads as lit alike (the gains do not
    make it brighter than white by more than ``LIGHT_GROUND_EXCESS``): then the light, not the
    glyph, is off. A dark ground does not show the light: there such gains, or none when the
    glyph's are beyond, are returned unconfirmed (False), for :func:`confirmed_light` to keep
    them, or those of the reversed wordmark's white, only if they bring every element's colour
    within tolerance and closer to the charter than no gains (a reversed logo on a dark plate in
    a dim room or under a lamp). On a light ground where the glyph's gains
    are refused, the glyph is not the page's white (:func:`judge_ink` judges it); when that
    ground reads clearly dim or tinted (its own gains beyond ``MAX_WHITE_GAIN``, up to
    ``MAX_LIGHT_GAIN``), its gains are returned unconfirmed in the same way: a room's light, or a
    grey page, which the artwork's colours tell apart. Beyond, the colours are measured as they
    are. Returns the gains and whether they stand on their own."""
    white = charter.rgb("white") if "white" in charter.colours else (255, 255, 255)
    unit = np.ones(3, np.float32)
    if not elements[MARK_ELEMENT].present:
        return unit, True
    mask = core_mask(refs, MARK_ELEMENT, next(iter(refs.rgb)), white)
    if mask.sum() < 9:
        return unit, True
    measured = np.median(image[mask], axis=0)
    gains = ((np.array(white, np.float32) / 255.0) / np.maximum(measured, 1e-3)).astype(np.float32)
    if gains_within(gains, MAX_WHITE_GAIN):
        return gains, True
    if ground is None:
        return unit, True
    within = gains_within(gains, MAX_LIGHT_GAIN)
    if float(gray(ground[None, :])[0]) < 0.5:
        return (gains if within else unit), False
    if within and float((ground * gains).max()) <= 1.0 + LIGHT_GROUND_EXCESS:
        return gains, True
    # the glyph is not the page's white (drawn off-white, grey or in a colour, or blurred into the
    # disc); a ground that reads clearly dim or tinted may still show the light, as the artwork's
    # own colours must then confirm
    ground_gains = np.maximum((np.array(white, np.float32) / 255.0) / np.maximum(ground, 1e-3), 1.0)
    if gains_within(ground_gains, MAX_WHITE_GAIN) or not gains_within(ground_gains, MAX_LIGHT_GAIN):
        return unit, True
    return ground_gains.astype(np.float32), False


def confirmed_light(
    image: np.ndarray, gains: np.ndarray, colour_pass: ColourPass
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray | None, str]]:
    """The white balance the artwork's own colours confirm, and :func:`balanced_colours` under
    it, its colours left recorded on ``elements``.

    ``gains`` (the @ glyph's, or a light ground's) and those that make white the elements the
    variant read without gains draws in white but for the mark (a reversed logo's wordmark: on a
    dark ground, the one white left to show the light when the glyph is off white) are
    hypotheses: one is kept when under it every element judged for colour falls within the raster
    tolerance and the sum of their differences is the smallest, and smaller than with no gains;
    otherwise the colours are measured as they are."""
    unit = np.ones(3, np.float32)
    elements, charter = colour_pass.elements, colour_pass.charter
    best = unit, balanced_colours(image, unit, colour_pass)
    best_misfit, best_record = _misfit(elements), _colour_record(elements)
    hypotheses = [g for g in (gains, _witness_gains(elements, charter, best[1][2])) if g is not None]
    for hypothesis in hypotheses:
        if np.array_equal(hypothesis, unit) or not gains_within(hypothesis, MAX_LIGHT_GAIN):
            continue
        lit = balanced_colours(image, hypothesis, colour_pass)
        if _all_in_tolerance(elements, charter) and _misfit(elements) < best_misfit:
            best, best_misfit, best_record = (hypothesis, lit), _misfit(elements), _colour_record(elements)
    for name, (colour, delta_e) in best_record.items():
        elements[name].colour, elements[name].delta_e = colour, delta_e
    return best


def _colour_record(elements: dict[str, ElementMeasure]) -> dict[str, tuple[str | None, float | None]]:
    """What :func:`_colours` records on each element, to be put back."""
    return {name: (e.colour, e.delta_e) for name, e in elements.items()}


def _witness_gains(elements: dict[str, ElementMeasure], charter: Charter, variant: str) -> np.ndarray | None:
    """The per-channel gains that make white the measured colour of the elements ``variant``
    draws in white, other than the mark, or None when there is none. A stroke too thin to be
    judged for colour counts too (its colour is that of its pixels least mixed with the ground,
    see :func:`_colours`): read darker than drawn, its gains only brighten the other colours
    beyond what the artwork confirms (the reversed wordmark at S 40-48 px,
    ``benchmarks/glyph_colours.py``)."""
    if "white" not in charter.colours:
        return None
    white = unit_rgb(charter.rgb("white"))
    seen = [
        unit_rgb(hex_rgb(e.colour))
        for name, e in elements.items()
        if name != MARK_ELEMENT
        and e.present
        and e.colour is not None
        and charter.elements[name].colour.get(variant) == "white"
    ]
    if not seen:
        return None
    return np.maximum(white / np.maximum(np.median(seen, axis=0), 1e-3), 1.0).astype(np.float32)


def judge_ink(
    balanced: np.ndarray,
    colour_pass: ColourPass,
    element: ElementMeasure,
    variant: str,
    blur: float | None,
    letters: CaptionRead | None = None,
) -> None:
    """Record on ``element`` the colour of its ink (the @ glyph's white; the caption's letters, of
    the category ``letters`` read, where the band was found) in the white-balanced image
    ``balanced`` and its CIEDE2000 to the ink of ``variant`` as drawn, blurred as much as the
    instance (``blur``, in S: a blurred glyph, 0.06 S wide, takes on the disc's colour), where its
    strokes are ``MIN_STROKE_PX`` wide or more (at any width for letters read darker than their
    band: they are not the ink, whatever blends them) and the colour pass saw a ground. The
    balance it is read under follows the light a light ground shows, or on a dark one the gains
    the artwork's colours confirm (see :func:`confirmed_light`)."""
    from skimage.color import deltaE_ciede2000, rgb2lab

    refs, charter, name = colour_pass.refs, colour_pass.charter, element.name
    ink = charter.elements[name].ink
    if ink is None or not element.present or colour_pass.ground is None:
        return
    inverted = letters is not None and letters.inverted
    if not inverted and ink_stroke_width(charter, name) * colour_pass.mark_px < MIN_STROKE_PX:
        return
    if letters is None:
        mask = core_mask(refs, name, next(iter(refs.rgb)), charter.rgb(ink))
        drawn, seen_mask = refs.rgb[variant], mask
    else:
        assert letters.category is not None  # measure judges the letters of a caption read
        mask = refs.caption_letters[letters.category]
        drawn = _caption_drawn(refs, charter, letters.category, variant)
        seen_mask = _shifted(mask, letters.shift)
    if mask.sum() < 9 or seen_mask.sum() < 9:
        return
    sigma_px = (blur or 0.0) * refs.frame.scale
    if sigma_px > 0.3:  # under a third of a pixel, a Gaussian leaves the raster as it is
        drawn = cv2.GaussianBlur(drawn, (0, 0), sigma_px)
    if letters is None:
        seen, expected = np.median(balanced[mask], axis=0), np.median(drawn[mask], axis=0)
        candidates = expected[None, :]
    else:
        # letters are mostly anti-aliased edge: their pixels least mixed with the band, seen and
        # drawn alike (as for thin strokes, see _colours). The page, finer than the canonical
        # raster, keeps its letters sharper than the raster draws them: the ink is compared with
        # its blends with the band, from pure to as mixed as the blurred drawing's
        band = unit_rgb(charter.rgb(charter.elements[name].colour[variant]))
        measured_band = unit_rgb(hex_rgb(element.colour)) if element.colour else band
        seen = np.median(_least_mixed(balanced[seen_mask], measured_band), axis=0)
        expected = np.median(_least_mixed(drawn[mask], band), axis=0)
        pure = unit_rgb(charter.rgb(ink))
        direction = pure - band
        share = float(np.clip((expected - band) @ direction / max(float(direction @ direction), 1e-6), 0.0, 1.0))
        shares = np.linspace(share, 1.0, 11, dtype=np.float32)[:, None]
        candidates = shares * pure[None, :] + (1.0 - shares) * band[None, :]
    element.ink_colour = unit_rgb_hex(seen)
    lab = rgb2lab(np.vstack([seen[None, :], candidates]).astype(np.float64)[None])[0]
    element.ink_delta_e = float(np.min(deltaE_ciede2000(lab[:1], lab[1:])))


def _shifted(mask: np.ndarray, shift: tuple[int, int]) -> np.ndarray:
    """``mask`` moved by ``shift`` (rows, columns), what leaves it dropped."""
    rows, cols = shift
    out = np.zeros_like(mask)
    h, w = mask.shape
    out[max(0, rows) : h + min(0, rows), max(0, cols) : w + min(0, cols)] = mask[
        max(0, -rows) : h + min(0, -rows), max(0, -cols) : w + min(0, -cols)
    ]
    return out


def _least_mixed(pixels: np.ndarray, *grounds: np.ndarray) -> np.ndarray:
    """The ``CORE_SHARE`` % of ``pixels`` (N×3) farthest from the nearest of the colours
    ``grounds``."""
    distance = np.min([np.linalg.norm(pixels - ground[None, :], axis=1) for ground in grounds], axis=0)
    return pixels[distance >= np.percentile(distance, 100 - CORE_SHARE)]


def _caption_drawn(refs: ReferenceSet, charter: Charter, category: str, variant: str) -> np.ndarray:
    """The artwork of ``variant`` with the caption of ``category`` on its band (the reference
    rasters draw the first category's): the letters' coverage, read from the category's grey
    rendering, mixes the ink with the band's colour (computed once per reference set)."""
    key = ("caption drawn", category, variant)
    cached = refs.derived.get(key)
    if cached is not None:
        return cached
    spec = charter.elements[CAPTION_ELEMENT]
    rendered_band = unit_rgb(charter.rgb(spec.colour[next(iter(charter.variants))]))
    ink = unit_rgb(charter.rgb(spec.ink or "white"))
    band_grey, ink_grey = (float(gray(c[None])[0]) for c in (rendered_band, ink))
    coverage = np.clip((refs.caption_gray[category] - band_grey) / (ink_grey - band_grey), 0.0, 1.0)
    band = refs.element_alpha[CAPTION_ELEMENT] > 0.98
    drawn = refs.rgb[variant].copy()
    band_colour = unit_rgb(charter.rgb(spec.colour[variant]))
    drawn[band] = coverage[band, None] * ink + (1.0 - coverage[band, None]) * band_colour
    drawn.flags.writeable = False
    refs.derived[key] = drawn
    return drawn


def _colours(
    image: np.ndarray,
    refs: ReferenceSet,
    charter: Charter,
    elements: dict[str, ElementMeasure],
    background: np.ndarray | None,
    mark_px: float,
) -> str:
    """Measure each present element's main colour in ``image`` (RGB within 0..1, as
    :func:`balanced_colours` clips it); return the variant they fit best.

    The colour of an element is the median of its core pixels (where the reference draws it in
    its main colour, in any variant); for thin shapes such as letters, whose cores are mostly
    anti-aliased edges, only the ``CORE_SHARE`` % of those pixels farthest from the background are
    kept. Every present element takes part in the choice of the variant, but a colour difference
    is reported only for elements whose strokes are wide enough (:func:`_least_stroke_px`).
    """
    from skimage.color import deltaE_ciede2000, rgb2lab

    stroke_px = {name: stroke_width(refs, name) * mark_px for name in elements}
    # measured in the canonical raster, which is finer or coarser than the page
    measured_px = {name: stroke_width(refs, name) * min(mark_px, refs.frame.scale) for name in elements}
    measured: dict[str, np.ndarray] = {}
    for name, e in elements.items():
        if not e.present:
            continue
        masks = [
            core_mask(refs, name, variant, charter.rgb(charter.elements[name].colour[variant]))
            for variant in charter.variants
        ]
        mask = np.logical_or.reduce(masks)
        if not mask.any():
            continue
        pixels = image[mask]
        if background is not None and len(pixels) >= 8 and measured_px[name] < THIN_STROKE_PX:
            # the pixels least mixed with what surrounds the shape: the background and the
            # element's own ink (the arrow's white outline)
            ink = charter.elements[name].ink
            pixels = _least_mixed(pixels, background, *([] if ink is None else [unit_rgb(charter.rgb(ink))]))
        measured[name] = np.median(pixels, axis=0)
    if not measured:
        return next(iter(charter.variants))
    names = list(measured)
    judged = {n: stroke_px[n] >= _least_stroke_px(refs, n) for n in names}
    thin = np.array([measured_px[n] < THIN_STROKE_PX for n in names])
    lab = rgb2lab(np.array([measured[n] for n in names])[None])[0]
    best_variant, best_total, best_deltas = None, math.inf, None
    for variant in charter.variants:
        refs_rgb = np.array([charter.rgb(charter.elements[n].colour[variant]) for n in names], np.float32) / 255.0
        refs_lab = rgb2lab(refs_rgb[None])[0]
        deltas = np.where(
            thin, deltaE_ciede2000(lab, refs_lab, kL=THIN_LIGHTNESS_WEIGHT), deltaE_ciede2000(lab, refs_lab)
        )
        votes = deltas.copy()
        if background is not None:
            # a stroke too thin to judge still tells the variant, by the blends of its charter
            # colour with the background that anti-aliasing and JPEG make of it (dark-blue letters
            # 1.7 px wide on white measure light blue, nearer white than blue)
            for i, name in enumerate(names):
                if not judged[name]:
                    blends = BLEND_SHARES[:, None] * refs_rgb[i] + (1 - BLEND_SHARES[:, None]) * background[None, :]
                    votes[i] = float(np.min(deltaE_ciede2000(lab[i][None], rgb2lab(blends[None])[0])))
        total = float(np.sum(votes))
        if total < best_total:
            best_variant, best_total, best_deltas = variant, total, deltas
    assert best_variant is not None and best_deltas is not None
    for name, delta in zip(names, best_deltas, strict=True):
        elements[name].colour = unit_rgb_hex(measured[name])
        if judged[name]:  # thinner: too mixed to judge
            elements[name].delta_e = float(delta)
    return best_variant


def _least_stroke_px(refs: ReferenceSet, name: str) -> float:
    """The thinnest stroke, in page pixels, at which element ``name``'s colour is judged."""
    return MIN_OVERLAID_STROKE_PX if drawn_over_another(refs, name) else MIN_STROKE_PX
