"""Each element of the artwork looked for near its charter place: present or not (against the
artwork without it where it is drawn over another), shaped as drawn or altered, how far off; the
elements the background hides, those the page's edge cuts off, those too thin to decide."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import cv2
import numpy as np

from ..model import ElementMeasure
from ..templates import ReferenceSet
from .frame import (
    CAPTION_ELEMENT,
    drawn_in,
    drawn_over_another,
    element_box,
    has_hue,
    stroke_width,
    text_line_mask,
    unit_rgb,
)

if TYPE_CHECKING:
    from ..charter import Charter


#: How far an element is looked for around its charter position, in S.
SEARCH_RADIUS = 0.35


#: The same for an element drawn over another (the arrow, outlined in white, over the blue disc),
#: which mixes with two colours besides the page's. On the seed-3 corpus (benchmarks/corpus.py
#: --seed 3 --size full), 11 clean JPEG logos with S 25-29 px (arrow strokes of 3.6-4.2 px)
#: measured their red arrow 15-21 ΔE00 off, above the raster limit. Reversed logos on dark plates
#: mix the most, up to S 37 px; the benchmark's seed 1 had two clean ones over the limit at 33 and
#: 34 px, and a reversed logo of 35 px on a dark grey plate, blurred (sigma 1 px) and saved as JPEG
#: at quality 40 (tests/test_engine.py), measured 15.5. The arrow's colour is judged from S 38 px
#: (5.5 px strokes); the benchmark's colour_changed set starts at 50 px, and under 40 px only SMS
#: allows the logo at all.
MIN_OVERLAID_STROKE_PX = 5.5


#: How much better the artwork with an element must explain its pixels than the artwork without
#: it, in correlation, for an element drawn over another to count as present.
PRESENCE_MARGIN = 0.1


#: Share of an element that must lie inside the page for it to be judged: what the page's edge cuts
#: off is the cropped finding's, not a missing or reshaped element.
VISIBLE_SHARE = 0.9


def measure_element(
    name: str, lum: np.ndarray, refs: ReferenceSet, charter: Charter, background: str, image: np.ndarray
) -> ElementMeasure:
    """Where the element is (masked correlation search around its place) and how well it matches.

    The template is the whole artwork on the instance's background, cropped to the element's box,
    and only the element's own pixels are compared (with a rim of background around elements that
    stand on the background): an element removed from the
    artwork leaves what was under it, which does not correlate with it. An element standing on the
    background that the luminance does not show as drawn (under the presence or the altered match)
    is looked for once more by its charter colours in ``image`` (see :func:`_colour_scores`): a
    blue wordmark on a dark or busy picture.
    """
    tol = charter.element_tolerance
    template_full = refs.gray_on[(refs.variant_for.get(background) or next(iter(refs.rgb)), background)]
    rows, cols = refs.frame.box_slice(element_box(refs, charter, name, pad=0.03))
    template = template_full[rows, cols]
    own = (refs.element_alpha[name][rows, cols] > 0.1).astype(np.uint8)
    without = refs.without_gray[(name, background)][rows, cols]
    overlaid = drawn_over_another(refs, name)
    if not overlaid:  # its edge with the background is part of its shape: compare a rim of it too
        radius = max(1, round(0.03 * refs.frame.scale))
        own = cv2.dilate(own, np.ones((2 * radius + 1,) * 2, np.uint8))
    if name == CAPTION_ELEMENT:
        # the words depend on the category (read later, by read_caption): the band is placed and
        # compared by its own shape, not by the first category's words, which pulled it along
        # itself by up to 0.17 S on clean logos of the benchmark
        own[text_line_mask(refs, charter)[rows, cols]] = 0
    mask = own.astype(np.float32)
    pad = round(SEARCH_RADIUS * refs.frame.scale)
    r0, r1 = max(0, rows.start - pad), min(lum.shape[0], rows.stop + pad)
    c0, c1 = max(0, cols.start - pad), min(lum.shape[1], cols.stop + pad)
    region = lum[r0:r1, c0:c1]
    if template[own > 0].std() < 1e-6 or region.shape[0] < template.shape[0] or region.shape[1] < template.shape[1]:
        return ElementMeasure(name, False, 0.0, 0.0)
    scores = cv2.matchTemplate(region, template, cv2.TM_CCOEFF_NORMED, mask=mask)
    scores = np.nan_to_num(scores, nan=0.0, posinf=0.0, neginf=0.0)
    if name == "wordmark":  # a reversed wordmark on the wrong background is still the wordmark
        scores = np.abs(scores)
    if not overlaid and float(scores.max()) < max(tol.presence_match, tol.altered_match):
        colour = _colour_scores(name, image[r0:r1, c0:c1], refs, charter, (rows, cols), mask)
        if colour is not None:
            scores = np.maximum(scores, colour)
    _, best, _, (bx, by) = cv2.minMaxLoc(scores)
    fx, fy = _subpixel_peak(scores, bx, by)
    dx = (c0 + fx - cols.start) / refs.frame.scale
    dy = (r0 + fy - rows.start) / refs.frame.scale
    offset = float(math.hypot(dx, dy))
    match = float(best)
    present = match >= tol.presence_match
    # an element drawn over another (the arrow over the disc) leaves that other one when removed:
    # present only if the artwork with it explains the pixels clearly better than without it
    margin = None
    if present and overlaid:
        window = lum[r0 + by : r0 + by + template.shape[0], c0 + bx : c0 + bx + template.shape[1]]
        alternative = float(cv2.matchTemplate(window, without, cv2.TM_CCOEFF_NORMED, mask=mask)[0, 0])
        margin = match - float(np.nan_to_num(alternative))
        present = margin >= PRESENCE_MARGIN
    altered = present and (match < tol.altered_match or offset > tol.offset)
    detail = ""
    if present and offset > tol.offset:
        detail = f"déplacé de {offset:.2f} S / moved by {offset:.2f} S"
    elif altered:
        detail = f"corrélation {match:.2f} / correlation {match:.2f}"
    return ElementMeasure(
        name, present, match, offset if present else 0.0, detail=detail, altered=altered, presence_margin=margin
    )


def _colour_scores(
    name: str,
    region: np.ndarray,
    refs: ReferenceSet,
    charter: Charter,
    box: tuple[slice, slice],
    mask: np.ndarray,
) -> np.ndarray | None:
    """The element's place searched by its colour: for each colour the charter gives it (one per
    variant), the closeness of ``region``'s pixels to that colour correlated, over ``mask``, with
    where the reference draws that colour in the element's ``box``; the best over its colours.

    On a picture whose luminance is near the element's (a blue wordmark on a dark photograph, a
    red band on a brown one), the luminance template sees the picture's texture, not the letters;
    the element's own colour still stands apart. Only an element in one of its charter colours is
    found this way: a recoloured one is still looked for by its luminance alone. Colours without
    hue (:data:`MIN_CHROMA`: the mono variant's black, the reversed wordmark's white) are left to
    the luminance, which sees them as well: closeness to black found a dark plate's edge against
    white letters where a mono caption would be (seed 8, a reversed logo without its caption).
    """
    rows, cols = box
    own = refs.element_alpha[name][rows, cols] > 0.5
    best = None
    seen: set[tuple[int, int, int]] = set()
    for variant, colours in charter.elements[name].colour.items():
        rgb = charter.rgb(colours)
        target = unit_rgb(rgb)
        if rgb in seen or variant not in refs.rgb or not has_hue(target[None])[0]:
            continue
        seen.add(rgb)
        drawn = own & drawn_in(refs, variant, rgb)[rows, cols]
        template = drawn.astype(np.float32)
        if template[mask > 0].std() < 1e-6:
            continue
        closeness = -np.linalg.norm(region - target, axis=2).astype(np.float32)
        scores = cv2.matchTemplate(closeness, template, cv2.TM_CCOEFF_NORMED, mask=mask)
        scores = np.nan_to_num(scores, nan=0.0, posinf=0.0, neginf=0.0)
        best = scores if best is None else np.maximum(best, scores)
    return best


def hidden_by_background(
    elements: dict[str, ElementMeasure],
    refs: ReferenceSet,
    charter: Charter,
    variant: str | None,
    bg_colour: np.ndarray | None,
) -> set[str]:
    """Elements drawn on the background, measured missing or altered, whose colour in ``variant``
    stands within the charter's ``hidden_delta_e`` (CIEDE2000) of the background ``bg_colour``: a
    blue wordmark on a plate of the charter blue, which no one can see apart from it. Whether such
    an element is there, or reshaped, is not judged; the contrast measure says why."""
    if variant is None or bg_colour is None:
        return set()
    names = [
        name
        for name, e in elements.items()
        if (not e.present or e.altered)
        and not drawn_over_another(refs, name)
        and variant in charter.elements[name].colour
    ]
    hidden = _hidden_on(bg_colour, [charter.elements[n].colour[variant] for n in names], charter)
    return {name for name, is_hidden in zip(names, hidden, strict=True) if is_hidden}


def _hidden_on(bg_colour: np.ndarray, colour_names: list[str], charter: Charter) -> list[bool]:
    """For each charter colour of ``colour_names``, whether it stands within the charter's
    ``hidden_delta_e`` (CIEDE2000) of the background ``bg_colour``."""
    if not colour_names:
        return []
    from skimage.color import deltaE_ciede2000, rgb2lab

    colours = np.array([unit_rgb(charter.rgb(c)) for c in colour_names])
    background = np.repeat(np.clip(bg_colour, 0, 1)[None].astype(np.float64), len(colour_names), 0)
    distance = deltaE_ciede2000(rgb2lab(colours[None])[0], rgb2lab(background[None])[0])
    return [bool(d < charter.contrast_tolerance.hidden_delta_e) for d in distance]


def note_variants_hiding(
    elements: dict[str, ElementMeasure], charter: Charter, variant: str | None, bg_colour: np.ndarray | None
) -> None:
    """Record on each element measured missing another variant that would draw it in a colour the
    background hides, and every element present in the colours ``variant`` gives them
    (``ElementMeasure.hidden_in``): the reversed logo's white wordmark on a white page leaves the
    colour variant without its wordmark in the pixels, and the two cannot be told apart."""
    if variant is None or bg_colour is None:
        return
    present = [name for name, e in elements.items() if e.present]
    for name, e in elements.items():
        if e.present:
            continue
        spec = charter.elements[name].colour
        for other in charter.variants:
            if other == variant or other not in spec or variant not in spec:
                continue
            alike = all(
                charter.elements[n].colour.get(other) == charter.elements[n].colour.get(variant) for n in present
            )
            if alike and _hidden_on(bg_colour, [spec[other]], charter)[0]:
                e.hidden_in = other
                break


def undecided_elements(elements: dict[str, ElementMeasure], refs: ReferenceSet, mark_px: float) -> set[str]:
    """Elements drawn over another that are neither clearly there nor clearly not: the artwork
    with them explains the pixels better than without, but by less than ``PRESENCE_MARGIN``, and
    their strokes are thinner than ``MIN_OVERLAID_STROKE_PX``. Not judged; the instance goes to
    review. (On the seed-3 corpus, the red arrows of 5 clean reversed logos with S 26-28 px
    stood 0.0-0.1 above the disc without them; an arrow removed leaves the disc better explained
    without it, a margin under 0.)"""
    return {
        name
        for name, e in elements.items()
        if e.presence_margin is not None
        and 0.0 <= e.presence_margin < PRESENCE_MARGIN
        and stroke_width(refs, name) * mark_px < MIN_OVERLAID_STROKE_PX
    }


def elements_cut_off(refs: ReferenceSet, inside: np.ndarray) -> set[str]:
    """The elements of which more than ``1 - VISIBLE_SHARE`` lies outside the page: they are
    neither judged (``cropped`` says what the edge took) nor needed to accept the instance."""
    out = set()
    for name, alpha in refs.element_alpha.items():
        own = alpha > 0.5
        if own.any() and float((own & inside).sum()) / float(own.sum()) < VISIBLE_SHARE:
            out.add(name)
    return out


def _subpixel_peak(scores: np.ndarray, x: int, y: int) -> tuple[float, float]:
    """The peak of ``scores`` at (x, y), refined by a parabola through its neighbours."""

    def refine(minus: float, centre: float, plus: float) -> float:
        denominator = minus - 2 * centre + plus
        return 0.0 if abs(denominator) < 1e-9 else float(np.clip(0.5 * (minus - plus) / denominator, -0.5, 0.5))

    h, w = scores.shape
    fx = x + (refine(scores[y, x - 1], scores[y, x], scores[y, x + 1]) if 0 < x < w - 1 else 0.0)
    fy = y + (refine(scores[y - 1, x], scores[y, x], scores[y + 1, x]) if 0 < y < h - 1 else 0.0)
    return fx, fy
