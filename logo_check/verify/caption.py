"""Which caption the band carries: its letters correlated with the four captions' (light on the
band or drawn dark), and, on marks whose letters show their word gaps, the layout of its words,
which tells a caption re-typeset in another face from other words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import cv2
import numpy as np

from ..model import ElementMeasure
from ..templates import ReferenceSet
from .frame import CAPTION_ELEMENT, element_box

if TYPE_CHECKING:
    from ..charter import Charter


#: How much better the best caption must correlate than the second best to be read, and under
#: which margin it is read but marked for review. benchmarks/calibrate.py: clean bands keep a
#: margin above 0.089, bands with other words stay under 0.124 (p50 0.077).
CAPTION_MARGIN = 0.085


CAPTION_CLEAR_MARGIN = 0.13


#: Least correlation of a caption read inverted (letters darker than the band): letters drawn
#: black or blue read 0.68-0.96 from S 48 px (``benchmarks/glyph_colours.py``); a white caption
#: blurred by 0.05-0.08 S at S 40 px read inverted as another category at 0.37-0.5
#: (``benchmarks/blur_sweep.py``).
INVERTED_CAPTION_MATCH = 0.6


#: How far the caption is searched around its place, in S.
CAPTION_SEARCH = 0.06


#: Blur given to the captions' references before they are compared with the band, in page pixels
#: (a Gaussian's sigma), on marks whose letters are too small for their word gaps to show
#: (``caption_layout_min_px``): the band's letters come through the page's own pixels, its print or
#: JPEG blur and the resampling, the references are rendered sharp, and with letters 3 to 7 page px
#: tall that difference decides the margin over the next caption. Set on the seed-3 corpus
#: (benchmarks/corpus.py --seed 3 --size full; docs/benchmarks.md has the figures of
#: benchmarks/score.py): with sharp references some of its clean captions under 40 px were not
#: read, with 0.4 to 0.6 px none, and with 1 px more went to review for a thin margin.
#: Larger letters are compared sharp: blurred, a caption re-typeset in another face read clearly
#: as its own (seed 1, element_altered_00025, S 117 px) and its layout was no longer checked.
CAPTION_BLUR_PX = 0.6


@dataclass(frozen=True)
class CaptionRead:
    """What :func:`read_caption` read on the band."""

    category: str | None  # None: no caption read
    score: float  # correlation with that category's caption
    margin: float  # over the runner-up
    inverted: bool = False  # letters darker than the band (drawn in a dark colour, not the ink)
    shift: tuple[int, int] = (0, 0)  # (rows, columns) from where the registration puts the band


def read_caption(
    lum: np.ndarray, refs: ReferenceSet, charter: Charter, caption: ElementMeasure, mark_px: float
) -> CaptionRead:
    """The category whose caption the band carries best, that correlation, its margin over the
    runner-up, whether the letters read darker than the band, and where the band was found.

    Each category's caption is searched within ``CAPTION_SEARCH`` S of its place (the band may sit
    a pixel or two away from where the registration puts it); on a mark ``mark_px`` high too small
    for the layout check, blurred by ``CAPTION_BLUR_PX`` of the page's pixels as its letters are.
    Letters darker than the band correlate negatively with their caption, as clearly as light
    ones positively: the caption is read that way when it is read so more strongly, clearly
    (``INVERTED_CAPTION_MATCH``, and ``CAPTION_CLEAR_MARGIN``: letters drawn black or blue on the
    band read with margins of 0.15 at S 48 px to 0.4, ``benchmarks/glyph_colours.py``), where
    the letters are legible (``caption_legible_px``: other words on the band of a mark of S 26 px
    read inverted as another caption with a margin of 0.09).
    """
    if not caption.present:
        return CaptionRead(None, 0.0, 0.0)
    rows, cols = refs.frame.box_slice(element_box(refs, charter, CAPTION_ELEMENT))
    pad = max(1, round(CAPTION_SEARCH * refs.frame.scale))
    r0, r1 = max(0, rows.start - pad), min(lum.shape[0], rows.stop + pad)
    c0, c1 = max(0, cols.start - pad), min(lum.shape[1], cols.stop + pad)
    region = lum[r0:r1, c0:c1]
    scores: dict[str, float] = {}
    inverted: dict[str, float] = {}
    places: dict[tuple[str, bool], tuple[int, int]] = {}
    small = mark_px < charter.element_tolerance.caption_layout_min_px
    sigma = CAPTION_BLUR_PX * refs.frame.scale / max(mark_px, 1.0)
    for category, reference in refs.caption_gray.items():
        template = reference[rows, cols]
        if small:
            template = cv2.GaussianBlur(template, (0, 0), sigma)
        if region.shape[0] < template.shape[0] or region.shape[1] < template.shape[1]:
            continue
        least, most, at_least, at_most = cv2.minMaxLoc(cv2.matchTemplate(region, template, cv2.TM_CCOEFF_NORMED))
        scores[category], inverted[category] = float(most), -float(least)
        for dark, (x, y) in ((False, at_most), (True, at_least)):
            places[(category, dark)] = (r0 + y - rows.start, c0 + x - cols.start)
    if not scores:
        return CaptionRead(None, 0.0, 0.0)
    best, best_score, margin = _best_read(scores)
    dark, dark_score, dark_margin = _best_read(inverted)
    legible = mark_px >= charter.element_tolerance.caption_legible_px
    if (
        legible
        and dark_score > best_score
        and dark_score >= INVERTED_CAPTION_MATCH
        and dark_margin >= CAPTION_CLEAR_MARGIN
    ):
        return CaptionRead(dark, dark_score, dark_margin, True, places[(dark, True)])
    if best_score < charter.element_tolerance.caption_match or margin < CAPTION_MARGIN:
        return CaptionRead(None, best_score, margin)
    return CaptionRead(best, best_score, margin, False, places[(best, False)])


def _best_read(scores: dict[str, float]) -> tuple[str, float, float]:
    """The category of the highest score, that score and its margin over the runner-up: the four
    captions share letters, so that a band with other words correlates with all of them about
    equally, a real caption clearly better with its own."""
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best, best_score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else -1.0
    return best, best_score, best_score - runner_up


#: Bins of the letters' column profile along the text line, and its smoothing (in bins): enough
#: to place each word gap to about 1 % of the line, smooth enough that another typeface's letter
#: widths do not move them out of step.
LAYOUT_BINS = 120


LAYOUT_SMOOTH = 1.5


#: Inset from the band's edges, in S, inside which its letters are looked for.
BAND_INSET = 0.04


def check_layout(
    lum: np.ndarray,
    refs: ReferenceSet,
    charter: Charter,
    band: ElementMeasure,
    read: tuple[str | None, float],
    mark_px: float,
) -> tuple[str | None, tuple[float, float] | None]:
    """The caption once the layout of the band's words is taken into account, and the layout
    measurement it rests on (correlation, length ratio; None when the layout was not read).
    ``read`` is what :func:`read_caption` read and its margin.

    The correlation of the band with each caption depends on the letters' shapes; the layout of
    the words (:func:`_caption_layout`) does not depend on the typeface. Where the letters are
    large enough (``caption_layout_min_px``) and the caption was not read clearly (no caption,
    or a margin under ``CAPTION_CLEAR_MARGIN``), the band carries a caption re-typeset in another
    typeface when its words fall where one caption's do, at about its length (the caption element
    is then marked altered), and other words (None) when they do not.
    """
    caption, margin = read
    tol = charter.element_tolerance
    if not band.present or mark_px < tol.caption_layout_min_px:
        return caption, None
    if caption is not None and margin >= CAPTION_CLEAR_MARGIN:
        return caption, None
    layout = _caption_layout(lum, refs, charter)
    if not layout:
        return caption, None
    if caption is not None:
        best, (match, width) = caption, layout.get(caption, (0.0, 0.0))
    else:
        best, (match, width) = max(layout.items(), key=lambda kv: kv[1][0])
    if match >= tol.caption_layout_match and abs(width - 1.0) <= tol.caption_layout_width:
        band.altered = True
        band.retypeset = True
        band.detail = f"mise en page {match:.2f} / layout {match:.2f}"
        return best, (match, width)
    return None, (match, width)


def _caption_layout(lum: np.ndarray, refs: ReferenceSet, charter: Charter) -> dict[str, tuple[float, float]]:
    """For each category, how the words on the band fall compared with its caption's: the
    correlation of the two column profiles of the letters (each stretched over its own text
    length), and the ratio of the text lengths. Empty when the band shows no letters."""
    rows, cols = _band_interior(refs, charter)
    inner = lum[rows, cols]
    u8 = np.clip(inner * 255, 0, 255).astype(np.uint8)
    _, letters = cv2.threshold(u8, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    found = _column_profile(letters > 0)
    if found is None:
        return {}
    profile, length = found
    out = {}
    for category, reference in _reference_layouts(refs, charter).items():
        ref_profile, ref_length = reference
        a, b = profile - profile.mean(), ref_profile - ref_profile.mean()
        norm = float(np.sqrt((a @ a) * (b @ b)))
        out[category] = (float(a @ b) / norm if norm > 1e-9 else 0.0, length / ref_length)
    return out


def _band_interior(refs: ReferenceSet, charter: Charter) -> tuple[slice, slice]:
    x0, y0, x1, y1 = element_box(refs, charter, CAPTION_ELEMENT)
    return refs.frame.box_slice((x0 + BAND_INSET, y0 + BAND_INSET, x1 - BAND_INSET, y1 - BAND_INSET))


def _reference_layouts(refs: ReferenceSet, charter: Charter) -> dict[str, tuple[np.ndarray, float]]:
    """Column profiles and text lengths of the reference captions (computed once per reference set)."""
    key = ("layouts",)
    cached = refs.derived.get(key)
    if cached is None:
        rows, cols = _band_interior(refs, charter)
        cached = {}
        for category, letters in refs.caption_letters.items():
            found = _column_profile(letters[rows, cols])
            if found is not None:
                cached[category] = found
        refs.derived[key] = cached  # type: ignore[assignment]
    return cached  # type: ignore[return-value]


def _column_profile(letters: np.ndarray) -> tuple[np.ndarray, float] | None:
    """The share of each column covered by letters, from the first letter column to the last,
    resampled to ``LAYOUT_BINS`` bins and smoothed; and that text length in pixels."""
    columns = letters.mean(axis=0).astype(np.float32)
    on = np.flatnonzero(columns > 0)
    if len(on) < 4:
        return None
    x0, x1 = int(on[0]), int(on[-1]) + 1
    profile = cv2.resize(columns[None, x0:x1], (LAYOUT_BINS, 1), interpolation=cv2.INTER_AREA)
    profile = cv2.GaussianBlur(profile, (0, 0), LAYOUT_SMOOTH)[0]
    return profile, float(x1 - x0)
