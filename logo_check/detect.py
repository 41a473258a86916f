"""detect: find candidate instances of the logo on a page and register each to the artwork frame.

Three steps, each independent of colour (a recoloured or mono logo must be found, then flagged):

1. **Proposals** — the mark is a round blob about S wide. On a pyramid of the page's luma, an
   adaptive threshold in both polarities (dark on light, light on dark) splits the page into
   connected components; roughly square, partly filled components of the right size at each level
   become proposals (centre, size). Each level covers one octave of mark heights, so the search
   costs about the same at every scale.
2. **Orientation** — for each proposal, the artwork's rest (wordmark, band) must stand to the right
   of the mark. Every hypothesis of rotation (±30°), mirror and size correction is sampled at once
   into a small canonical raster and correlated with the reference, on a light and a dark
   background (polarity-free: the reversed variant has a light wordmark).
3. **Registration** — the best hypotheses are refined to a homography with ECC (enhanced
   correlation coefficient, invariant to brightness and contrast), first coarse then fine; the final
   correlation is the candidate's score.

A logo pasted straight onto a photograph, with no plate behind it, shows the picture in its gaps and
around it, where those templates expect a plain background, and its disc may run into the picture.
It is searched a second way, over the artwork's own pixels only ("masked"): each proposal's
hypotheses are also correlated with the artwork weighted by its coverage, dark blobs ringed as the
inside of the @ propose the mark they sit in, and the best masked hypotheses, with the plain
registrations that are not confident, are registered by ECC over the artwork's pixels. A plain
registration is kept over a masked one of the same instance unless the masked one fits clearly
better (``MASKED_HANDICAP``).
"""

from __future__ import annotations

import bisect
import dataclasses
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import cv2
import numpy as np

from .model import Candidate
from .templates import CanonicalFrame, background_template, caption_text_box, gray, reference_set

if TYPE_CHECKING:
    from .charter import Charter
    from .model import Page

#: Most instances reported per page (SPEC: up to 20 must be found; a few more leave room).
MAX_INSTANCES = 24
#: Smallest mark height searched, in pixels: the web/e-mail minimum is 40 px and SMS allows 24 px;
#: 20 px leaves room for a too-small logo to be found and flagged.
MIN_MARK_PX = 20
#: Least ratio of a blob's shorter side to its longer one: the disc's own (1), lowered by a
#: perspective view, and by a stretch up to the benchmark's 1.5 (a stretched logo must be found to
#: be reported distorted).
MIN_BLOB_SQUARENESS = 0.65
#: The same for a blob touching the page's edge, which the edge may have cut: a disc cut through
#: its centre. Such a blob's size and centre are taken from its side along the edge, the disc's
#: whole diameter (its average size would lead the orientation search astray).
MIN_EDGE_BLOB_SQUARENESS = 0.5
#: Most band-shaped components turned into proposals per threshold map (text rules look alike).
MAX_BAND_PROPOSALS = 40
#: A band cut by the page's left edge tells the mark's size by its height alone, which blur and
#: the threshold thicken by a pixel or two, and the mark lies beyond the band's whole length from
#: its right end: 5 S away, so that a size 12 % too large put the mark 0.5 S off, further than the
#: orientation search's shifts reach (benchmark seed 23: three logos cut through the wordmark at
#: S 76-89 px, their band 30 px tall for 27). Such a band proposes the mark at its measured size
#: and at these shares of it, each placed from the band's right end.
CUT_BAND_SIZES = (1.0, 0.9, 0.8)
#: Rotations searched, in degrees either side of upright: photographs of printed brochures.
MAX_ROTATION_DEG = 30.0
#: The grid's step. Each proposal's best hypotheses (plain and masked) are then scored half a step
#: either side of their turn too (``_OrientationSearch.between``): 3° off the grid's turns, the
#: band's far end stands 0.25 S off at the orientation search's scale, about the band's height,
#: and a logo scores 0.15 or more under its refined score (tests/test_orientation.py). On an A4
#: page at 300 dpi, whose letters make a thousand proposals, that put large logos out of the
#: ``MAX_REFINED``: turned whole by 3°, 8 or 9 of the 75 logos of seed 1's largest positives were
#: missed (benchmarks/skewed.py; docs/benchmarks.md, "Turned between the orientation grid's
#: steps"). A finer grid would cost the whole search in proportion, the best's neighbours a few
#: rasters.
ROTATION_STEP_DEG = 6.0
#: Least score of a proposal's best hypothesis, plain (partial templates handicapped) or masked,
#: for its turn to be refined: a logo 3° off the grid's turns scores more than 0.5 on the grid
#: alone (tests/test_orientation.py), and random blobs stay near 0.2 (``ORIENT_MIN_SCORE``).
REFINE_TURN_MIN_SCORE = 0.4
#: Most rasters of the half-step grid sampled at once: OpenCV remaps at most 32,767 rows, and a
#: raster of the orientation search has fewer than 20.
BATCH_SAMPLES = 1024
#: Size corrections tried around a proposal's blob size (blob sizes are within about ±10 %).
SIZE_FACTORS = (0.88, 1.0, 1.12)
#: Position corrections tried around a proposal's blob centre, in pixels of the orientation
#: search's canonical raster (0.1 S each): the centre and the eight around it (a blob's centre is
#: off by less than 0.1 of its size; ECC does the rest). They follow the hypothesis' rotation; the
#: diagonals make up for the page-aligned steps a rotated cross no longer has (a large rotated
#: logo of the benchmark's seed 1 ranked below forty other proposals with the cross alone).
SHIFTS = ((0, 0), (-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (1, -1), (-1, 1), (1, 1))
#: Two hypotheses are at the same place when their centres are within this share of the blob's
#: size in x and in y: one and a half of the orientation grid's position steps (0.1 S, see
#: ``SHIFTS``), so that neighbouring steps of one mark count as one place.
SAME_PLACE = 0.15
#: Canonical scale of the orientation search, in px per S: coarse enough to be cheap, fine enough
#: to see the two wordmark lines and the band.
ORIENT_SCALE = 10.0
#: How much better the artwork without one element must fit than the whole artwork to be used.
PARTIAL_MARGIN = 0.08
#: Correlation a hypothesis needs to be refined (the background and blur lower real ones to about
#: 0.5; random blobs stay near 0.2).
ORIENT_MIN_SCORE = 0.35
#: Least standard deviation, in grey levels, of the page under a hypothesis for it to be compared:
#: a flat window (JPEG noise on a plain colour is about 1-2 levels) holds no artwork.
MIN_WINDOW_STD = 2.0
#: Least share of a hypothesis' samples on the page for it to be compared: a logo cut by the page's
#: edge is still found while most of it is on the page (a use cut by half is sent to review anyway).
MIN_ON_PAGE = 0.5
#: Most hypotheses refined per page (the most expensive step).
MAX_REFINED = 40
#: Of those, most whose best hypothesis reaches beyond the page's edge. Compared over their part on
#: the page, a few samples of texture correlate as well as a logo: at a photographed page's edge
#: they outnumbered the rest and crowded a clean logo of the benchmark's seed 8 out of the 40, while
#: the logos cut by the edge in seed 1's cropped set rank among the first few of them.
MAX_REFINED_CUT = 10
#: Canonical scale of the final registration, in px per S (capped by the instance's own size).
REFINE_SCALE = 48.0
#: How far the registered outline's proportions may depart from the artwork's (a stretched logo
#: is reported as distorted; one squeezed to half its width is not a registration to trust).
MAX_OUTLINE_STRETCH = 1.6
#: Correlation above which a registration is trusted enough to skip other proposals inside it.
CONFIDENT_SCORE = 0.85
#: Correlation a registered candidate needs to be kept (verify then decides element by element):
#: clean instances register above 0.8, low-contrast and wrong-variant ones above 0.58.
MIN_SCORE = 0.55
#: A logo pasted straight onto a photograph, with no plate: the picture shows in the artwork's
#: gaps and around it, where the plain templates expect a plain background, and its disc runs into
#: the picture. Those logos are searched again over the artwork's own pixels ("masked"). On
#: benchmarks/on_photos.py (60 such uses per seed), the plain search alone found 46 (seed 0) and 33
#: (seed 1); with the masked one, 58 and 59 (docs/benchmarks.md has the figures and commands).
#:
#: Correlation a masked hypothesis needs to be registered: at the true poses of the 14 logos of
#: seed 0 the plain search missed, the masked templates scored 0.53 to 0.82 but for one (0.35, a
#: logo on a light picture).
ORIENT_MIN_MASKED_SCORE = 0.5
#: Elements the masked orientation templates leave out: at ``ORIENT_SCALE`` the wordmark's strokes
#: are under a pixel, so the page there mixes its letters with whatever is behind them.
MASKED_LEFT_OUT = ("wordmark",)
#: Most masked hypotheses registered per page (after the plain ones): a negative of the benchmark
#: has about five above ``ORIENT_MIN_MASKED_SCORE``.
MAX_REFINED_MASKED = 20
#: Correlation a masked registration needs to be kept. It compares fewer pixels than a plain one,
#: and none of the picture: the logos of on_photos.py's seed 0 registered at 0.73 to 0.95, and
#: the benchmark's 1,250 negatives gave no false instance at the plain registrations' ``MIN_SCORE``.
MIN_MASKED_SCORE = MIN_SCORE
#: How much better a masked registration must fit than a plain one of the same instance to be kept
#: instead: over the artwork's own pixels alone, a correlation comes higher for the same fit.
MASKED_HANDICAP = 0.1
#: How far, in S, a corner of a plain registration (below ``CONFIDENT_SCORE``) must move when it is
#: refined over the artwork's own pixels for that refinement to replace it: less is the same fit.
MASKED_MOVE = 0.05


@dataclass
class _Proposal:
    x: float  # page pixels, blob centre
    y: float
    size: float  # page pixels, blob diameter
    score: float = 0.0
    angle: float = 0.0
    mirrored: bool = False
    scale: float = 0.0  # S in page pixels
    background: str = "light"
    left_out: str | None = None  # the element the best orientation template did without
    whole: _Proposal | None = None  # with left_out: the best hypothesis of the whole artwork
    cut: bool = False  # the best hypothesis reaches beyond the page's edge
    masked: bool = False  # compared over the artwork's own pixels only (see _MaskedTemplates)
    inner: bool = False  # a dark blob taken for the inside of the @'s ring: searched masked only
    variant: str | None = None  # the variant whose tones the registration compares (default: the background's)


def detect(page: Page, charter: Charter) -> list[Candidate]:
    """Every candidate instance on ``page``, registered, best first; at most ``MAX_INSTANCES``."""
    gray = cv2.cvtColor(page.image, cv2.COLOR_RGB2GRAY)
    pyramid = _pyramid(gray)
    proposals = _proposals(pyramid, _chroma_pyramids(page.image), _band_geometry(charter), mark_ring(charter))
    if not proposals:
        return []
    oriented = _orient(pyramid, proposals, charter)
    registered: list[tuple[Candidate, np.ndarray]] = []
    for proposal in _to_refine([p for p in oriented if not p.masked]):
        if any(_confident(c, proposal) and _inside_polygon(q, proposal.x, proposal.y) for c, q in registered):
            continue  # this mark already belongs to a confidently registered instance
        candidate = _register(pyramid, proposal, charter)
        if candidate is not None and candidate.score >= MIN_SCORE:
            registered.append((candidate, _artwork_quad(candidate.homography, charter)))
    registered = _register_masked(pyramid, oriented, registered, charter)
    # several proposals of one mark register to the same instance: keep the best fit of each (a
    # fit over the artwork's pixels alone, which has fewer to match, must be clearly better)
    registered.sort(key=lambda cq: -(cq[0].score - (MASKED_HANDICAP if cq[0].masked else 0.0)))
    kept: list[tuple[Candidate, np.ndarray]] = []
    for candidate, quad in registered:
        if all(_overlap(quad, other) <= 0.3 for _, other in kept):
            kept.append((candidate, quad))
    return [c for c, _ in kept[:MAX_INSTANCES]]


def _confident(candidate: Candidate, proposal: _Proposal) -> bool:
    """Whether ``candidate`` is registered well enough for ``proposal``, inside it, to be left
    unregistered: ``CONFIDENT_SCORE``, and with the whole artwork unless the proposal too is of
    the artwork without an element. A fit without an element compares less of it and can settle
    confidently off the logo: on a page photographed at an angle (benchmarks/photographed.py), the
    artwork without its wordmark fitted 0.92 with a corner 56 px off, where the whole artwork from
    the next proposal fitted 0.99; the better of the two is kept (see :func:`detect`)."""
    return candidate.score >= CONFIDENT_SCORE and (candidate.left_out is None or proposal.left_out is not None)


def _register_masked(
    pyramid: list[np.ndarray],
    oriented: list[_Proposal],
    registered: list[tuple[Candidate, np.ndarray]],
    charter: Charter,
) -> list[tuple[Candidate, np.ndarray]]:
    """The plain registrations ``registered`` (candidates and outlines), each refined over the
    artwork's own pixels where it may have settled off the logo, and the masked hypotheses of
    ``oriented`` registered where no plain registration is confident, in the variants made for a
    light and for a dark background: a logo pasted straight onto a photograph (see
    ``ORIENT_MIN_MASKED_SCORE``)."""
    # a registration that compares a busy picture in the artwork's gaps with a plain background
    # may settle off the logo: refined over the artwork's own pixels, it is kept when it moved
    out = [(c, q) if c.score >= CONFIDENT_SCORE else _on_own_pixels(pyramid, c, q, charter) for c, q in registered]
    confident = [q for c, q in registered if c.score >= CONFIDENT_SCORE]
    for proposal in [p for p in oriented if p.masked][:MAX_REFINED_MASKED]:
        if any(_inside_polygon(q, proposal.x, proposal.y) for q in confident):
            continue
        # the masked orientation templates leave the wordmark out, which tells the colour variant
        # (blue letters) from the reversed one (white): both are registered, the better kept
        fits = [_fit(pyramid, dataclasses.replace(proposal, background=b), charter, None) for b in ("light", "dark")]
        candidate = max((f for f in fits if f is not None), key=lambda f: f.score, default=None)
        if candidate is not None and candidate.score >= MIN_MASKED_SCORE:
            out.append((candidate, _artwork_quad(candidate.homography, charter)))
    return out


def _on_own_pixels(
    pyramid: list[np.ndarray], candidate: Candidate, quad: np.ndarray, charter: Charter
) -> tuple[Candidate, np.ndarray]:
    """``candidate`` and its outline ``quad``, or, when the artwork compared over its own pixels
    alone registers clearly elsewhere from it (a corner moved by ``MASKED_MOVE`` S or more) and
    fits there clearly better (by ``MASKED_HANDICAP``), that registration."""
    pose = _pose(candidate, charter, "light")
    pose.masked = True
    fit = _fit(pyramid, pose, charter, None, start=candidate.homography, stages=_ECC_STAGES[-1:])
    if fit is None or fit.score < max(MIN_MASKED_SCORE, candidate.score + MASKED_HANDICAP):
        return candidate, quad
    moved = _artwork_quad(fit.homography, charter)
    if np.abs(moved - quad).max() < MASKED_MOVE * pose.scale:
        return candidate, quad
    return dataclasses.replace(fit, proposal_score=candidate.proposal_score), moved


def _to_refine(oriented: list[_Proposal]) -> list[_Proposal]:
    """The best ``MAX_REFINED`` hypotheses, at most ``MAX_REFINED_CUT`` of them cut by the page's edge."""
    out: list[_Proposal] = []
    cut = 0
    for p in oriented:
        if p.cut:
            if cut == MAX_REFINED_CUT:
                continue
            cut += 1
        out.append(p)
        if len(out) == MAX_REFINED:
            break
    return out


# -- proposals -----------------------------------------------------------------------------------


def _pyramid(image: np.ndarray) -> list[np.ndarray]:
    levels = [image]
    while min(levels[-1].shape[:2]) >= 2 * 24:
        levels.append(cv2.pyrDown(levels[-1]))
    return levels


def _chroma_pyramids(rgb: np.ndarray) -> list[list[np.ndarray]]:
    """Pyramids of the two chroma channels of CIELAB (a*, b*), from half resolution up.

    A mark can have the luma of its background (a blue disc on brown wood): it still differs in
    chroma. Level 0 is left out: chroma is subsampled by JPEG, so at full resolution it only
    repeats the half-resolution level.
    """
    half = cv2.pyrDown(rgb)
    lab = _pyramid(cv2.cvtColor(half, cv2.COLOR_RGB2Lab))
    return [[None, *(level[..., c] for level in lab)] for c in (1, 2)]  # type: ignore[list-item]


def _proposals(
    pyramid: list[np.ndarray],
    chroma: list[list[np.ndarray]],
    band: tuple[float, float, float, float],
    ring: MarkRing | None = None,
) -> list[_Proposal]:
    """Round blobs of one octave of sizes per pyramid level, both polarities, luma and chroma;
    on luma, caption bands (for a logo whose mark is cut off by the page's edge); and, with
    ``ring`` (see :func:`mark_ring`), dark blobs taken for the inside of the @'s ring."""
    found: list[_Proposal] = []
    for channel, levels in enumerate([pyramid, *chroma]):
        for level, image in enumerate(levels):
            if image is None:
                continue
            lo = MIN_MARK_PX * 0.9 if level == 0 else 21.0
            offset = 6 if channel == 0 else 4  # chroma channels have a smaller range than luma
            dark = _dark_map(image, 46.0, offset)
            found += _blobs(dark, level, lo, 46.0, False, band if channel == 0 else None, ring)
            # the light map is the dark one's complement: a pixel is dark when it is below its
            # neighbourhood's mean by more than the offset, light otherwise
            found += _blobs(cv2.bitwise_not(dark), level, lo, 46.0, True, band if channel == 0 else None)
    # the insides of @ rings are merged apart: searched masked only, they must not take the place of
    # a plain proposal at the same spot
    return _merge_proposals([p for p in found if not p.inner]) + _merge_proposals([p for p in found if p.inner])


#: Scale, in px per S, at which the mark's @ ring is measured (see mark_ring).
RING_SCALE = 64.0
#: Points sampled around a dark blob on each circle of :func:`_ringed`, and how many must agree:
#: half. The arrow and the @'s tail break the white ring on a side, and the adaptive threshold
#: leaves much of a large disc at its neighbourhood's mean (not dark). On benchmarks/on_photos.py
#: (seeds 0 and 1, 60 uses each) 6 of 8 found 56 and 57 logos, 4 of 8 found 58 and 59 (as many as
#: with no check); on the benchmark's negatives, 4 of 8 keeps 10 of the 100 dark blobs per image
#: that would be taken for the inside of a ring without the check.
RING_SAMPLES = 8
RING_AGREE = 4


@dataclass(frozen=True)
class MarkRing:
    """The mark seen from the inside of its @ ring, in S: the ring's hole (the largest region the
    @'s white strokes enclose: the mean of its width and height), and the radii of a circle on
    the white ring and of one on the disc around it."""

    hole: float
    ring_radius: float
    disc_radius: float


_RINGS: dict[tuple[str, str], MarkRing] = {}


def mark_ring(charter: Charter) -> MarkRing:
    """The geometry of the mark's @ ring (see :class:`MarkRing`), measured on the colour artwork.

    When the disc has the tone of what lies around it (a blue disc on a dark photograph), its blob
    runs into the picture, while the blue inside the @'s ring stays a blob of its own, ringed by
    the white glyph and then by the disc: its size tells the mark's."""
    key = (str(charter.path), charter.version)
    if key not in _RINGS:
        refs = reference_set(charter, RING_SCALE, 0.0)
        colour = next(iter(charter.variants))
        disc = refs.element_alpha["at_sign"] > 0.5
        white = disc & (gray(refs.rgb[colour]) > 0.8)
        _, _, stats, _ = cv2.connectedComponentsWithStats((~white).astype(np.uint8), connectivity=4)
        rows, cols = white.shape
        x, y, w, h, area = (stats[:, i] for i in range(5))
        enclosed = (x > 0) & (y > 0) & (x + w < cols) & (y + h < rows)
        enclosed[0] = False  # label 0 is the white strokes themselves
        largest = int(np.argmax(np.where(enclosed, area, 0)))
        hole = float((w[largest] + h[largest]) / 2 / RING_SCALE)
        ys, xs = np.nonzero(white)
        glyph = float((np.ptp(xs) + np.ptp(ys) + 2) / 4 / RING_SCALE)  # the white glyph's half extent
        ys, xs = np.nonzero(disc)
        radius = float((np.ptp(xs) + np.ptp(ys) + 2) / 4 / RING_SCALE)
        _RINGS[key] = MarkRing(hole, (hole / 2 + glyph) / 2, (glyph + radius) / 2)
    return _RINGS[key]


def _ringed(binary: np.ndarray, x: float, y: float, size: float, ring: MarkRing) -> bool:
    """Whether the dark blob ``size`` px wide at (``x``, ``y``) of the dark map ``binary`` is ringed
    as the inside of the @ is: light on a circle through the white glyph, dark on one through the
    disc around it (``RING_AGREE`` of ``RING_SAMPLES`` points each)."""
    mark = size / ring.hole
    angles = np.arange(RING_SAMPLES) * (2 * np.pi / RING_SAMPLES)
    rows, cols = binary.shape
    counts = []
    for radius in (ring.ring_radius, ring.disc_radius):
        xs = np.clip(np.round(x + radius * mark * np.cos(angles)).astype(int), 0, cols - 1)
        ys = np.clip(np.round(y + radius * mark * np.sin(angles)).astype(int), 0, rows - 1)
        counts.append(int(np.count_nonzero(binary[ys, xs])))
    return RING_SAMPLES - counts[0] >= RING_AGREE and counts[1] >= RING_AGREE


def _dark_map(image: np.ndarray, hi: float, offset: int) -> np.ndarray:
    """255 where ``image`` is darker than the mean of its neighbourhood (a little wider than the
    largest blob sought, ``hi`` px) by more than ``offset``, 0 elsewhere."""
    block = 2 * int(hi * 0.6) + 1
    return cv2.adaptiveThreshold(image, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, offset)


def _band_geometry(charter: Charter) -> tuple[float, float, float, float]:
    """The caption band seen from the mark: (height, length, mark centre's x offset from the band's
    left end, its y offset from the band's middle), in S."""
    box = charter.elements["caption"].box
    mark = _mark_centre(charter)
    a = charter.aspect_ratio
    return (box.y1 - box.y0, (box.x1 - box.x0) * a, mark[0] - box.x0 * a, mark[1] - (box.y0 + box.y1) / 2)


def _blobs(
    binary: np.ndarray,
    level: int,
    lo: float,
    hi: float,
    light: bool,
    band: tuple[float, float, float, float] | None,
    ring: MarkRing | None = None,
) -> list[_Proposal]:
    """Roughly square, partly filled components between ``lo`` and ``hi`` px of one threshold map
    (of light or dark pixels), (with ``band``) the upright bands of a mark that size, and (with
    ``ring``) the marks around dark blobs ringed as the inside of the @ is (see :func:`_ringed`)."""
    factor = 2**level
    # Grana's block-based labelling: the same components as the default algorithm, in half the time
    _, _, stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(binary, 8, cv2.CV_32S, cv2.CCL_GRANA)
    x, y, w, h, area = (stats[:, i].astype(float) for i in range(5))
    side = np.maximum(w, h)
    fill = area / np.maximum(w * h, 1)
    squareness = np.minimum(w, h) / np.maximum(side, 1)
    # a blob that touches the page's edge may be a disc the edge cut, not a stretched one: it
    # would come with a wrong size and take the place of the proposals that lead to that logo
    rows, cols = binary.shape
    on_edge = (x <= 0) | (y <= 0) | (x + w >= cols) | (y + h >= rows)
    least = np.where(on_edge, MIN_EDGE_BLOB_SQUARENESS, MIN_BLOB_SQUARENESS)
    keep = (side >= lo) & (side <= hi) & (squareness >= least)
    keep &= (fill >= 0.2) & (fill <= 0.92)
    out = []
    for i in np.flatnonzero(keep):
        cx, cy, size = x[i] + w[i] / 2, y[i] + h[i] / 2, (w[i] + h[i]) / 2
        if on_edge[i] and h[i] > w[i] and (x[i] <= 0) != (x[i] + w[i] >= cols):  # cut by a side
            cx, size = (x[i] + w[i] - h[i] / 2 if x[i] <= 0 else x[i] + h[i] / 2), h[i]
        elif on_edge[i] and w[i] > h[i] and (y[i] <= 0) != (y[i] + h[i] >= rows):  # by the top or bottom
            cy, size = (y[i] + h[i] - w[i] / 2 if y[i] <= 0 else y[i] + w[i] / 2), w[i]
        elif on_edge[i] and squareness[i] < MIN_BLOB_SQUARENESS:
            continue  # cut in a corner, or along its longer side: no diameter to trust
        # a dark blob may be the inside of the @'s ring, when the disc runs into the background
        inner = ring is not None and not light and _ringed(binary, cx - 0.5, cy - 0.5, size, ring)
        cx, cy, size = cx * factor - 0.5 * (factor - 1), cy * factor - 0.5 * (factor - 1), size * factor
        out.append(_Proposal(cx, cy, size))
        if light:  # a light blob may be the @ alone (0.7 S)
            out.append(_Proposal(cx, cy, size / 0.72))
        elif inner and ring is not None:
            out.append(_Proposal(cx, cy, size / ring.hole, inner=True))
    if band is not None:
        height, length, dx, dy = band
        ratio = w / np.maximum(h, 1)
        # a whole band, or one cut by the page's edge (then only its height tells the mark's size)
        at_edge = (x <= 0) | (x + w >= cols)
        # a whole band's length tells the mark's size twelve times more finely than its height,
        # which blur and the threshold thicken by a pixel or two (a band of a 178 px mark measured
        # 48 px per S from its height at the level that covers up to 46)
        marks = np.where(at_edge, h / height, w / length)
        shaped = ((ratio > 0.8 * length / height) & (ratio < 1.2 * length / height)) | (at_edge & (ratio > 2))
        bands = np.flatnonzero(shaped & (marks >= lo) & (marks <= hi) & (fill >= 0.5))
        for i in bands[:MAX_BAND_PROPOSALS]:
            right = (x[i] + w[i]) * factor  # the band's right end, whole even when its left is cut
            for share in CUT_BAND_SIZES if x[i] <= 0 else (1.0,):
                s = marks[i] * factor * share
                left = right - length * s if x[i] <= 0 else x[i] * factor
                out.append(_Proposal(left + dx * s, (y[i] + h[i] / 2) * factor + dy * s, s))
    return out


def _merge_proposals(found: list[_Proposal]) -> list[_Proposal]:
    """``found`` without the proposals that repeat a larger one: centre within ``SAME_PLACE`` of its size,
    and size within 13 % of it."""
    found.sort(key=lambda p: -p.size)
    kept: list[_Proposal] = []
    # kept sizes, negated so that they ascend: the kept proposals a smaller one can repeat (those
    # less than 1 / 0.87 of its size) are the end of the list, found by bisection; a busy page
    # has a thousand proposals, and comparing them all pairwise showed in its profile
    sizes: list[float] = []
    for p in found:
        start = bisect.bisect_left(sizes, -p.size / 0.87)
        if any(
            abs(p.x - q.x) < SAME_PLACE * q.size and abs(p.y - q.y) < SAME_PLACE * q.size and p.size / q.size > 0.87
            for q in kept[start:]
        ):
            continue
        kept.append(p)
        sizes.append(-p.size)
    return kept


# -- orientation search --------------------------------------------------------------------------


def _mark_centre(charter: Charter) -> tuple[float, float]:
    """Centre of the mark (the at_sign element) in the artwork frame, in S."""
    box = charter.elements["at_sign"].box
    return (box.x0 + box.x1) / 2 * charter.aspect_ratio, (box.y0 + box.y1) / 2


def similarity(
    centre: tuple[float, float], mark_centre: tuple[float, float], scale: float, angle_deg: float, mirrored: bool
) -> np.ndarray:
    """3×3 artwork frame → page: the mark centre to ``centre``, S to ``scale`` px, rotated
    counter-clockwise by ``angle_deg`` (image y down), mirrored about the mark's vertical axis."""
    a = math.radians(angle_deg)
    c, s = math.cos(a), math.sin(a)
    flip = -1.0 if mirrored else 1.0
    linear = scale * np.array([[c, s], [-s, c]]) @ np.diag([flip, 1.0])
    offset = np.array(centre) - linear @ np.array(mark_centre)
    out = np.eye(3)
    out[:2, :2] = linear
    out[:2, 2] = offset
    return out


@dataclass
class _Hypotheses:
    """A grid of orientation hypotheses and where each samples the page, per unit of blob size.

    Each (rotation, mirror, size) samples one canonical raster padded by ``pad`` pixels on every
    side; its position corrections are windows of that raster shifted by whole pixels (one
    canonical pixel is 1 / ``ORIENT_SCALE`` of S), so that they cost a correlation, not a
    resampling of the page. Hypothesis ``i`` is sample ``i // shifts`` in window ``i % shifts``.
    """

    angle: np.ndarray  # radians, counter-clockwise, per hypothesis
    mirror: np.ndarray  # 1 or -1
    size: np.ndarray  # size correction
    dx: np.ndarray  # position correction (the mark centre's page offset), in blob sizes
    dy: np.ndarray
    unit: np.ndarray  # (2, samples, padded pixels) page offsets from the blob centre per blob size
    extent: float  # farthest sample from the blob centre, in blob sizes
    shape: tuple[int, int]  # (rows, columns) of the padded raster
    pad: int
    shifts: tuple[tuple[int, int], ...]  # canonical pixel shifts of the windows


def _hypotheses(
    charter: Charter, frame: CanonicalFrame, angles: np.ndarray, sizes: tuple[float, ...], shifts: tuple
) -> _Hypotheses:
    width, height = frame.size
    pad = max(max(abs(du), abs(dv)) for du, dv in shifts)
    cols, rows = width + 2 * pad, height + 2 * pad
    us, vs = np.meshgrid((np.arange(cols) - pad + 0.5) / frame.scale, (np.arange(rows) - pad + 0.5) / frame.scale)
    mark = _mark_centre(charter)
    # frame points relative to the mark centre, (2, pixels)
    rel = np.stack([us.ravel() - mark[0], vs.ravel() - mark[1]])
    angle, mirror, size = (g.ravel() for g in np.meshgrid(angles, (1.0, -1.0), sizes, indexing="ij"))
    cos, sin = np.cos(angle), np.sin(angle)
    # linear part per sample, in units of the blob size: R(angle) @ diag(mirror, 1) * size
    linear = np.stack([np.stack([cos * mirror, sin], -1), np.stack([-sin * mirror, cos], -1)], -2) * size[:, None, None]
    # (2, samples, pixels): page offsets per unit of blob size, x and y planes contiguous so
    # that each reshapes into a remap map without a copy
    unit = np.ascontiguousarray((linear @ rel).transpose(1, 0, 2)).astype(np.float32)
    # a window shifted by (du, dv) canonical pixels places the mark centre that far off
    steps = np.array(shifts, float).T / frame.scale  # (2, shifts), in S
    offsets = linear @ steps  # (samples, 2, shifts), in blob sizes
    n = len(shifts)
    return _Hypotheses(
        angle=np.repeat(angle, n),
        mirror=np.repeat(mirror, n),
        size=np.repeat(size, n),
        dx=offsets[:, 0, :].ravel(),
        dy=offsets[:, 1, :].ravel(),
        unit=unit,
        extent=float(np.abs(unit).max()),
        shape=(rows, cols),
        pad=pad,
        shifts=tuple(shifts),
    )


def _orientation_scores(
    pyramid: list[np.ndarray], p: _Proposal, search: _OrientationSearch
) -> tuple[np.ndarray | None, np.ndarray | None, np.ndarray]:
    """Correlation of every hypothesis of the search's grid around proposal ``p`` with every
    template, (hypotheses, templates), the share of each hypothesis' samples on the page,
    (hypotheses,), and the correlation with every masked template, (hypotheses, masked
    templates). The first two are None for a proposal searched masked only (``inner``)."""
    hyp = search.grid
    level = pyramid_level(p.size, ORIENT_SCALE, len(pyramid))
    factor = 2**level
    maps = _sample_maps(hyp.unit, p, factor)
    image = pyramid[level]
    patches = _sampled(image, maps, hyp.shape)
    valid = None
    level_h, level_w = image.shape[:2]
    reach = hyp.extent * p.size * 1.2 / factor
    if not (reach < p.x / factor < level_w - reach and reach < p.y / factor < level_h - reach):
        # a logo cut by the page's edge: only the samples on the page are compared
        valid = _on_level(maps, image.shape).reshape(patches.shape)
        if valid.all():
            valid = None
        else:
            patches *= valid
    return _window_scores(patches, valid, search, plain=not p.inner)


def _half_step_scores(
    pyramid: list[np.ndarray], todo: list[tuple[_Proposal, list[int]]], search: _OrientationSearch
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """:func:`_orientation_scores` of each proposal of ``todo`` over its ``samples`` of the
    half-step grid (``search.between``; the plain scores of an ``inner`` proposal are computed
    and not used), all proposals searched at one pyramid level sampled and scored at once: a few
    samples each, for which the calls, not the products, would cost."""
    hyp = search.between
    levels = [pyramid_level(p.size, ORIENT_SCALE, len(pyramid)) for p, _ in todo]
    out: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = [None] * len(todo)  # type: ignore[list-item]
    # at most BATCH_SAMPLES rasters at once (OpenCV remaps at most 32,767 rows)
    batches = [(level, ks) for level in sorted(set(levels)) for ks in _batched(todo, levels, level)]
    for level, group in batches:
        maps = np.concatenate([_sample_maps(hyp.unit[:, todo[k][1]], todo[k][0], 2**level) for k in group], axis=1)
        image = pyramid[level]
        patches = _sampled(image, maps, hyp.shape)
        valid = _on_level(maps, image.shape).reshape(patches.shape)
        patches *= valid
        scores, on_page, masked = _window_scores(patches, valid, search, plain=True)
        assert scores is not None and on_page is not None
        n = len(hyp.shifts)
        start = 0
        for k in group:
            stop = start + len(todo[k][1]) * n
            out[k] = (scores[start:stop], on_page[start:stop], masked[start:stop])
            start = stop
    return out


def _batched(todo: list[tuple[_Proposal, list[int]]], levels: list[int], level: int) -> list[list[int]]:
    """The indices of ``todo`` searched at ``level``, in groups of at most ``BATCH_SAMPLES`` samples
    (or one proposal's)."""
    groups: list[list[int]] = [[]]
    count = 0
    for k, lv in enumerate(levels):
        if lv != level:
            continue
        if groups[-1] and count + len(todo[k][1]) > BATCH_SAMPLES:
            groups.append([])
            count = 0
        groups[-1].append(k)
        count += len(todo[k][1])
    return groups


def _sample_maps(unit: np.ndarray, p: _Proposal, factor: int) -> np.ndarray:
    """Where each hypothesis of ``unit`` (per blob size, see _Hypotheses) samples pyramid level
    ``factor`` around proposal ``p``: (2, samples, pixels)."""
    # page → level coordinates of every sample: (unit * size + centre + 0.5) / f - 0.5
    scale = np.float32(p.size / factor)
    maps = np.empty_like(unit)
    for axis, c in ((0, p.x), (1, p.y)):
        np.multiply(unit[axis], scale, out=maps[axis])
        maps[axis] += np.float32((c + 0.5) / factor - 0.5)
    return maps


def _sampled(image: np.ndarray, maps: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """``image`` sampled at ``maps``, one raster of ``shape`` per row, each centred on its mean
    (so that the windows' variances lose no precision): (samples, pixels)."""
    rows, cols = shape
    sampled = cv2.remap(
        image, maps[0].reshape(-1, cols), maps[1].reshape(-1, cols), cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    patches = sampled.reshape(-1, rows * cols).astype(np.float32)
    patches -= patches.mean(axis=1, keepdims=True)
    return patches


def _on_level(maps: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """1 where ``maps`` samples inside an image of ``shape``, 0 outside: (samples, pixels)."""
    rows, cols = shape[:2]
    outside = (maps[0] < -0.5) | (maps[0] > cols - 0.5) | (maps[1] < -0.5) | (maps[1] > rows - 0.5)
    return (~outside).astype(np.float32)


def _window_scores(
    patches: np.ndarray, valid: np.ndarray | None, search: _OrientationSearch, plain: bool
) -> tuple[np.ndarray | None, np.ndarray | None, np.ndarray]:
    """The scores of :func:`_orientation_scores` from the sampled rasters ``patches`` (zeroed
    off the page, where ``valid`` is 0); without ``plain``, the masked ones alone."""
    # every shifted window at once: the templates and the windows' ones placed in the padded
    # raster at each shift (see _shifted), so that dot products, sums and sums of squares are
    # three matrix products
    templates = search.templates
    n, count = len(search.grid.shifts), np.float32(templates.shape[1])
    masked = _masked_scores(patches, valid, search.masked, n)
    if not plain:  # searched masked only
        return None, None, masked
    placed, ones = search.placed, search.ones
    on_page = np.ones(len(patches) * n, np.float32)
    dot = (patches @ placed).reshape(len(patches), n, len(templates))
    total = patches @ ones
    squares = (patches * patches) @ ones
    template_norm = np.float32(1.0)
    if valid is not None:
        count = np.maximum(valid @ ones, 1.0)
        # over the samples on the page, the templates no longer sum to zero nor have unit norm:
        # the correlation is taken over those samples alone, so that the part of a logo on the
        # page scores as it matches, not less for the part the edge cut off
        template_sum = (valid @ placed).reshape(dot.shape)
        template_squares = (valid @ search.placed_squared).reshape(dot.shape)
        dot -= (total / count)[:, :, None] * template_sum
        template_norm = np.sqrt(np.maximum(template_squares - template_sum * template_sum / count[:, :, None], 0.0))
        on_page = (count / templates.shape[1]).ravel()
    norm = np.sqrt(np.maximum(squares - total * total / count, 0.0))
    scores = dot / (norm[:, :, None] * template_norm + 1e-6)
    # a window that is flat, or mostly off the page, correlates with nothing: in float32 its
    # norm is rounding error, which made scores far above 1 on a page's edge
    judged = norm >= MIN_WINDOW_STD * np.sqrt(count)
    if valid is not None:
        judged &= count >= MIN_ON_PAGE * templates.shape[1]
    scores[~judged] = 0.0
    return scores.reshape(-1, len(templates)), on_page, masked


def _masked_scores(patches: np.ndarray, valid: np.ndarray | None, masked: _MaskedTemplates, shifts: int) -> np.ndarray:
    """Correlation of every hypothesis' window with every masked template, each pixel weighted by
    the artwork's coverage (and, with ``valid``, over the samples on the page alone), (hypotheses,
    masked templates): what lies in the artwork's gaps and around it counts for nothing."""
    dot = (patches @ masked.placed).reshape(len(patches), shifts, -1)
    total = patches @ masked.weights
    squares = (patches * patches) @ masked.weights
    weight: np.ndarray | np.float32 = np.float32(masked.weight)
    template_norm: np.ndarray | np.float32 = np.float32(1.0)
    if valid is not None:  # the templates' weighted sums over the samples on the page
        weight = np.maximum(valid @ masked.weights, 1e-6)
        template_sum = (valid @ masked.placed).reshape(dot.shape)
        template_squares = (valid @ masked.placed_squared).reshape(dot.shape)
        dot -= (total / weight)[:, :, None] * template_sum
        template_norm = np.sqrt(np.maximum(template_squares - template_sum * template_sum / weight[:, :, None], 0.0))
    variance = np.maximum(squares - total * total / weight, 0.0)
    scores = dot / (np.sqrt(variance)[:, :, None] * template_norm + 1e-6)
    judged = variance >= MIN_WINDOW_STD**2 * weight
    if valid is not None:
        judged &= weight >= MIN_ON_PAGE * masked.weight
    scores[~judged] = 0.0
    return scores.reshape(-1, dot.shape[2])


def _shifted(templates: np.ndarray, hyp: _Hypotheses) -> tuple[np.ndarray, np.ndarray]:
    """The templates placed in ``hyp``'s padded raster at each of its shifts, (padded pixels,
    shifts × templates), and the window of each shift as ones, (padded pixels, shifts)."""
    rows, cols = hyp.shape
    h, w, pad = rows - 2 * hyp.pad, cols - 2 * hyp.pad, hyp.pad
    placed = np.zeros((len(hyp.shifts), len(templates), rows, cols), np.float32)
    ones = np.zeros((len(hyp.shifts), rows, cols), np.float32)
    for k, (du, dv) in enumerate(hyp.shifts):
        placed[k, :, pad + dv : pad + dv + h, pad + du : pad + du + w] = templates.reshape(-1, h, w)
        ones[k, pad + dv : pad + dv + h, pad + du : pad + du + w] = 1.0
    return placed.reshape(-1, rows * cols).T.copy(), ones.reshape(-1, rows * cols).T.copy()


@dataclass
class _MaskedTemplates:
    """The artwork compared over its own pixels only, each pixel weighted by its coverage: a logo
    pasted straight onto a photograph shows the photograph in its gaps and around it, which no
    plain background template matches. One template: without the wordmark (see
    ``MASKED_LEFT_OUT``), the variants made for a light and a dark background are the same."""

    placed: np.ndarray  # weight × template at each shift of the grid's padded raster
    placed_squared: np.ndarray  # weight × template² (for the correlation over a part of the raster)
    weights: np.ndarray  # the weights at each shift, (padded pixels, shifts)
    weight: float  # their sum


@dataclass
class _OrientationSearch:
    """What the orientation search compares: its templates (the whole artwork and the artwork
    without each detachable element, on a light and a dark background) and its hypotheses."""

    templates: np.ndarray  # (templates, pixels), zero mean, unit norm
    variants: list[tuple[str, str | None]]  # (background, element left out) of each template
    full: np.ndarray  # True for the templates of the whole artwork
    grid: _Hypotheses
    # the same rotations shifted by half a step (one fewer), to refine the grid's best turns
    between: _Hypotheses
    placed: np.ndarray  # the templates at each shift of the grid's padded raster (see _shifted)
    placed_squared: np.ndarray  # their squares (for the correlation over a part of the raster)
    ones: np.ndarray  # each shift's window
    masked: _MaskedTemplates


#: Orientation searches built, by charter pack (path and version), as the templates are cached.
_SEARCHES: dict[tuple[str, str], _OrientationSearch] = {}


def _orientation_search(charter: Charter) -> _OrientationSearch:
    """The orientation search's templates and hypotheses for ``charter`` (built once per pack:
    every page, and every raster of a PDF, uses the same)."""
    key = (str(charter.path), charter.version)
    if key not in _SEARCHES:
        _SEARCHES[key] = _build_orientation_search(charter)
    return _SEARCHES[key]


def _build_orientation_search(charter: Charter) -> _OrientationSearch:
    frame = CanonicalFrame(ORIENT_SCALE, 0.0, charter.aspect_ratio)
    variants = [(b, left_out) for b in ("light", "dark") for left_out in (None, *detachable(charter))]
    templates = np.stack([_zero_mean(background_template(charter, ORIENT_SCALE, 0.0, b, w)) for b, w in variants])
    angles = np.radians(np.arange(-MAX_ROTATION_DEG, MAX_ROTATION_DEG + 1e-6, ROTATION_STEP_DEG))
    grid = _hypotheses(charter, frame, angles, SIZE_FACTORS, SHIFTS)
    placed, ones = _shifted(templates, grid)
    return _OrientationSearch(
        masked=_masked_templates(charter, grid),
        templates=templates,
        variants=variants,
        full=np.array([w is None for _, w in variants]),
        grid=grid,
        between=_hypotheses(charter, frame, (angles[:-1] + angles[1:]) / 2, SIZE_FACTORS, SHIFTS),
        placed=placed,
        placed_squared=placed * placed,
        ones=ones,
    )


def _masked_templates(charter: Charter, grid: _Hypotheses) -> _MaskedTemplates:
    """The artwork but its wordmark, weighted by its coverage: at the orientation search's scale a
    letter's stroke is under a pixel, so the page there mixes the letters with whatever is
    behind them, light or dark (the solid disc and band carry the pose)."""
    refs = reference_set(charter, ORIENT_SCALE, 0.0)
    weight = np.maximum.reduce([a for name, a in refs.element_alpha.items() if name not in MASKED_LEFT_OUT])
    weight = weight.astype(np.float32).ravel()
    total = float(weight.sum())
    t = gray(refs.rgb[refs.variant_for["light"]]).ravel()
    t = t - float((weight * t).sum()) / total
    t = t / math.sqrt(float((weight * t * t).sum()))
    placed, _ = _shifted((weight * t)[None, :], grid)
    squared, _ = _shifted((weight * t * t)[None, :], grid)
    weights, _ = _shifted(weight[None, :], grid)
    return _MaskedTemplates(placed, squared, weights, total)


def _orient(pyramid: list[np.ndarray], proposals: list[_Proposal], charter: Charter) -> list[_Proposal]:
    """Best rotation, mirror, size and position of each proposal (one correlation per hypothesis,
    the best refined by half a step of turn, see ``ROTATION_STEP_DEG``); and, where the artwork
    compared over its own pixels fits better, that pose too (masked)."""
    search = _orientation_search(charter)
    full = search.full
    grid = [_orientation_scores(pyramid, p, search) for p in proposals]
    for scores, _, _ in grid:
        if scores is not None:
            # a partial template (an element left out) fits any misaligned artwork a little
            # better: it wins only by a clear margin over the whole artwork
            scores[:, ~full] -= PARTIAL_MARGIN
    todo = [(k, _turns_to_refine(search, scores, masked, on_page)) for k, (scores, on_page, masked) in enumerate(grid)]
    todo = [(k, samples) for k, samples in todo if samples]
    scored = _half_step_scores(pyramid, [(proposals[k], samples) for k, samples in todo], search)
    refined = {k: (samples, fine) for (k, samples), fine in zip(todo, scored, strict=True)}
    out: list[_Proposal] = []
    for k, (p, (scores, on_page, masked)) in enumerate(zip(proposals, grid, strict=True)):
        samples, fine_scores = refined.get(k, ([], None))
        poses = _Poses(search, samples)
        if fine_scores is not None:
            fine, fine_on_page, fine_masked = fine_scores
            masked = np.concatenate([masked, fine_masked])
            if scores is not None and on_page is not None:
                fine[:, ~full] -= PARTIAL_MARGIN
                scores, on_page = np.concatenate([scores, fine]), np.concatenate([on_page, fine_on_page])
        j, m = np.unravel_index(int(np.argmax(masked)), masked.shape)
        if masked[j, m] >= ORIENT_MIN_MASKED_SCORE:
            pose = poses.corrected(p, int(j), 0, float(masked[j, m]))
            pose.masked = True  # registered in both variants (see _register_masked)
            out.append(pose)
        if scores is None or on_page is None:
            continue
        i, b = np.unravel_index(int(np.argmax(scores)), scores.shape)
        best = float(scores[i, b]) + (0.0 if full[b] else PARTIAL_MARGIN)
        if best < ORIENT_MIN_SCORE:
            continue
        oriented = poses.corrected(p, int(i), int(b), best)
        oriented.cut = bool(on_page[i] < 1.0)
        if not full[b]:
            # the registration falls back on the whole artwork when the partial fit is poor:
            # from the whole artwork's own best pose, which may differ from the partial one's
            whole = scores[:, full]
            j, m = np.unravel_index(int(np.argmax(whole)), whole.shape)
            oriented.whole = poses.corrected(p, int(j), int(np.flatnonzero(full)[m]), float(whole[j, m]))
        out.append(oriented)
    out.sort(key=lambda p: -p.score)
    return out


def _turns_to_refine(
    search: _OrientationSearch, scores: np.ndarray | None, masked: np.ndarray, on_page: np.ndarray | None
) -> list[int]:
    """The samples of ``search.between`` that refine the turn of the best masked and the best
    plain hypothesis of one proposal (``scores`` with the partial templates' handicap), each when
    it scores ``REFINE_TURN_MIN_SCORE`` or more; and, when that plain one reaches beyond the
    page's edge (``on_page`` under 1), of the best one wholly on the page.

    Compared over its samples on the page alone, a hypothesis cut by the edge can score on the
    mark alone: on a page of 3840 px, a logo of S 262 px turned 15° was outscored by its own
    mark taken for a mirrored logo running off the page (0.71, half its samples on the page)
    while its pose 3° off the grid scored 0.62; refined to its own turn it wins, and is no
    longer among the few cut hypotheses refined per page (``MAX_REFINED_CUT``)."""
    tops = []
    tables = [masked, scores]
    if scores is not None and on_page is not None and on_page[int(np.argmax(scores)) // scores.shape[1]] < 1.0:
        tables.append(np.where((on_page >= 1.0)[:, None], scores, -np.inf))
    for table in tables:
        if table is not None:
            best = int(np.argmax(table))
            if table.flat[best] >= REFINE_TURN_MIN_SCORE:
                tops.append(best // table.shape[1] // len(SHIFTS))
    return sorted({n for top in tops for n in _between(search, top)})


def _between(search: _OrientationSearch, sample: int) -> list[int]:
    """The samples of ``search.between`` half a step either side of the grid's ``sample`` (one at
    the grid's ends), with its mirror and size."""
    per_angle = 2 * len(SIZE_FACTORS)  # the grid's samples are ordered by angle, mirror, size
    angle, rest = divmod(sample, per_angle)
    last = len(search.between.unit[0]) // per_angle - 1
    return [a * per_angle + rest for a in (angle - 1, angle) if 0 <= a <= last]


class _Poses:
    """The hypotheses of one proposal's orientation search in the order they were scored: the
    whole grid, then ``samples`` of the half-step grid, each with all its shifts."""

    def __init__(self, search: _OrientationSearch, samples: list[int]) -> None:
        self.search, self.samples, self.count = search, samples, len(search.grid.angle)

    def corrected(self, p: _Proposal, i: int, b: int, score: float) -> _Proposal:
        """Proposal ``p`` corrected by hypothesis ``i`` with template ``b``."""
        if i < self.count:
            return _corrected(p, self.search.grid, self.search.variants, i, b, score)
        sample, shift = divmod(i - self.count, len(SHIFTS))
        index = self.samples[sample] * len(SHIFTS) + shift
        return _corrected(p, self.search.between, self.search.variants, index, b, score)


def _corrected(
    p: _Proposal, hyp: _Hypotheses, variants: list[tuple[str, str | None]], i: int, b: int, score: float
) -> _Proposal:
    """Proposal ``p`` corrected by hypothesis ``i`` of ``hyp``, with template ``b`` of ``variants``."""
    return _Proposal(
        p.x + hyp.dx[i] * p.size,
        p.y + hyp.dy[i] * p.size,
        p.size,
        score,
        float(np.degrees(hyp.angle[i])),
        bool(hyp.mirror[i] < 0),
        p.size * float(hyp.size[i]),
        variants[b][0],
        variants[b][1],
    )


def _zero_mean(template: np.ndarray) -> np.ndarray:
    t = template.astype(np.float32).ravel()
    t = t - t.mean()
    return t / (np.linalg.norm(t) + 1e-6)


# -- registration --------------------------------------------------------------------------------


def _register(pyramid: list[np.ndarray], proposal: _Proposal, charter: Charter) -> Candidate | None:
    """Refine a hypothesis to a homography with ECC, from coarse to fine.

    Each stage's template is the reference on the proposal's background at that stage's scale,
    and its input the pyramid level whose resolution is closest above it (ECC samples the input
    without low-pass filtering: a finer input would alias). The coarse stage uses an affine model
    (fewer parameters, wider basin), the last one a homography.

    A logo missing a whole element (the caption band, the wordmark) pulls the registration
    toward something else: when the orientation search found the artwork without that element
    the better fit, the element is left out of the comparison. That fit, when there is one, is
    then refined once more with the whole artwork, which is kept unless clearly worse: a mono
    logo's wordmark, say, is darker than the template's and may lose the orientation search while
    being there.
    """
    fit = _fit(pyramid, proposal, charter, proposal.left_out)
    if proposal.left_out is None:
        return fit
    if fit is None and not proposal.cut and _same_pose(proposal, proposal.whole):
        # away from the page's edge, where the artwork without an element does not register from a
        # pose, neither does the whole artwork from the same pose: on half the seed-3 corpus not one
        # of those second registrations landed on a logo, while on a page without one, where nearly
        # every hypothesis is a partial one, they were a good part of the registrations' time. From
        # another pose it may (a logo of seed 8 turned 18° whose partial fit had started at -30°);
        # at the edge the partial template can win with a poor pose (tests/test_engine.py has a logo
        # cut through its band that only the whole artwork's own pose finds)
        return None
    wholes = []
    if fit is not None and fit.score >= CONFIDENT_SCORE:
        # the partial template may have won only because the element is drawn in other tones than
        # the template's (a mono logo): registered, that element tells whether it is there
        wholes.append(_fit(pyramid, proposal, charter, None, start=fit.homography, stages=_ECC_STAGES[-1:]))
    if fit is None or fit.score < CONFIDENT_SCORE or proposal.cut:
        # at the page's edge the partial template wins more easily, and its fit can be confidently
        # wrong: the whole artwork is registered from its own pose as well, the better one kept
        wholes.append(_fit(pyramid, proposal.whole or proposal, charter, None))
    whole = max((w for w in wholes if w is not None), key=lambda w: w.score, default=None)
    if whole is not None and (fit is None or whole.score >= fit.score - PARTIAL_MARGIN):
        return whole
    return fit


def _same_pose(p: _Proposal, q: _Proposal | None) -> bool:
    """Whether hypothesis ``q`` starts where ``p`` does: the same mirror, a turn within one step of
    the orientation grid, a centre within ``SAME_PLACE`` of the blob's size."""
    return (
        q is not None
        and q.mirrored == p.mirrored
        and abs(q.angle - p.angle) <= ROTATION_STEP_DEG + 1e-6
        and abs(q.x - p.x) <= SAME_PLACE * p.size
        and abs(q.y - p.y) <= SAME_PLACE * p.size
    )


def register_without(
    page: Page, candidate: Candidate, charter: Charter, element: str, background: str, words: bool = True
) -> Candidate | None:
    """``candidate`` registered again from its mark's pose with ``element`` left out of the
    comparison (on a ``background`` "light" or "dark"); None when that fails.

    An element drawn in other tones than the template's pulls the registration: a reversed logo's
    white wordmark on a light page anti-correlates with the template's blue one, and ECC squeezed
    such logos to move their letters apart (the wordmark then measured as missing). The captions'
    words then hold the rest in place, but they are the first category's: another category's
    pulled its band by 0.15 S along it. With ``words`` False they are left out too, and the fit
    stays affine (``_WITHOUT_STAGES``).
    """
    pose = _pose(candidate, charter, background)
    if words:
        return _refit(page, candidate, pose, charter, element)
    return _refit(page, candidate, pose, charter, element, stages=_WITHOUT_STAGES, words=False)


def register_as(page: Page, candidate: Candidate, charter: Charter, variant: str, background: str) -> Candidate | None:
    """``candidate`` refined by the fine ECC stage from its homography, compared with the tones
    of ``variant`` on a ``background`` "light" or "dark" (over the artwork's own pixels when the
    candidate was); None when that fails or fits worse than ``candidate`` did."""
    pose = dataclasses.replace(_pose(candidate, charter, background), variant=variant, masked=candidate.masked)
    fit = _refit(page, candidate, pose, charter, None, start=candidate.homography, stages=_ECC_STAGES[-1:])
    return fit if fit is not None and fit.score >= candidate.score else None


def _refit(
    page: Page,
    candidate: Candidate,
    pose: _Proposal,
    charter: Charter,
    left_out: str | None,
    start: np.ndarray | None = None,
    stages: tuple[tuple, ...] | None = None,
    words: bool = True,
) -> Candidate | None:
    """A second registration of ``candidate`` on ``page`` from ``pose`` (see :func:`_fit`), with
    the proposal score of ``candidate``; None when it fails."""
    pyramid = _pyramid(cv2.cvtColor(page.image, cv2.COLOR_RGB2GRAY))
    fit = _fit(pyramid, pose, charter, left_out, start, stages, words)
    return None if fit is None else dataclasses.replace(fit, proposal_score=candidate.proposal_score)


def _pose(candidate: Candidate, charter: Charter, background: str) -> _Proposal:
    """A hypothesis at ``candidate``'s mark: its centre, size, turn and mirroring."""
    h = candidate.homography
    mark = _mark_centre(charter)
    centre = h @ np.array([mark[0], mark[1], 1.0])
    j = jacobian(h, mark)
    scale = math.sqrt(abs(float(np.linalg.det(j))))
    return _Proposal(
        float(centre[0] / centre[2]),
        float(centre[1] / centre[2]),
        scale,
        angle=rotation_deg(j),
        mirrored=candidate.mirrored,
        scale=scale,
        background=background,
    )


def detachable(charter: Charter) -> list[str]:
    """Elements whose box stays clear of the mark's: they can be missing without moving it."""
    mark = charter.elements["at_sign"].box
    return [
        name for name, element in charter.elements.items() if element.box.x0 >= mark.x1 or element.box.x1 <= mark.x0
    ]


def _fit(
    pyramid: list[np.ndarray],
    proposal: _Proposal,
    charter: Charter,
    left_out: str | None,
    start: np.ndarray | None = None,
    stages: tuple[tuple, ...] | None = None,
    words: bool = True,
) -> Candidate | None:
    """ECC ``stages`` (all by default) from the proposal's pose or from the homography ``start``,
    comparing every pixel of the artwork but the captions' letters and the element ``left_out``
    (see :func:`_registration_mask`; ``words`` False leaves the letters out with it). An optional
    stage (the perspective's) runs only from a fit that reaches its least correlation, is kept only
    when it raises the correlation by ``PERSPECTIVE_GAIN``, and then gives the next stage
    ``PERSPECTIVE_ITERATIONS`` more."""
    p = proposal
    h = similarity((p.x, p.y), _mark_centre(charter), p.scale, p.angle, p.mirrored) if start is None else start
    score = 0.0
    done: tuple[float, int] | None = None  # the last stage's scale and motion
    more_iterations = 0  # given to the next stage run, after a perspective kept
    for scale, motion, smoothing, iterations, min_score, early, optional in stages or _ECC_STAGES:
        scale = min(scale, _quantised(proposal.scale))
        if motion == cv2.MOTION_HOMOGRAPHY and proposal.scale < MIN_PERSPECTIVE_SCALE:
            motion = cv2.MOTION_AFFINE  # too few pixels to pin down a perspective
        if (scale, motion) == done:
            continue  # a stage for the perspective, which this mark is too small for
        done = (scale, motion)
        if optional and score < min_score:
            continue  # too poor a fit for the freedom: the last fit stands
        iterations, more_iterations = iterations + more_iterations, 0
        level = pyramid_level(proposal.scale, scale, len(pyramid))
        factor = 2.0**level
        frame = CanonicalFrame(scale, ECC_MARGIN, charter.aspect_ratio)
        to_pixels = frame.to_pixels()
        # ECC filters its whole input image at every call: give it only the window around the
        # hypothesis, and the warp from the template to that window
        image, to_window = _ecc_window(pyramid[level], to_pyramid_level(factor) @ h, charter, proposal.scale / factor)
        to_level = to_window @ to_pyramid_level(factor)
        warp = to_level @ h @ np.linalg.inv(to_pixels)
        warp = (warp / warp[2, 2]).astype(np.float32)
        if level > 0 and proposal.scale / factor < PYRAMID_SMOOTHING_RATIO * scale:
            smoothing = max(smoothing, PYRAMID_SMOOTHING)
        if motion == cv2.MOTION_AFFINE:
            warp = warp[:2].copy()
        template = background_template(charter, scale, ECC_MARGIN, proposal.background, variant=proposal.variant)
        mask = _registration_mask(charter, scale, left_out, proposal.masked, words)
        try:
            if early is not None:  # a first few iterations: a hypothesis far from the logo stops here
                score, warp = _ecc(template, image, mask, warp, motion, early[0], smoothing)
                if score < early[1]:
                    return None
                iterations -= early[0]
            found, warp = _ecc(template, image, mask, warp, motion, iterations, smoothing)
        except cv2.error:
            if optional:  # the last fit stands
                continue
            return None
        if warp.shape[0] == 2:
            warp = np.vstack([warp, [0, 0, 1]])
        fitted = np.linalg.inv(to_level) @ warp.astype(float) @ to_pixels
        if optional:
            if found < score + PERSPECTIVE_GAIN or not _plausible(fitted, proposal, charter):
                continue  # too little gained for the freedom taken: the last fit stands
            more_iterations = PERSPECTIVE_ITERATIONS  # a far end moved far: the next stage needs more steps
        score, h = found, fitted
        if not _plausible(h, proposal, charter) or score < min_score:
            return None
    return Candidate(
        homography=h / h[2, 2],
        score=float(max(0.0, score)),
        mirrored=proposal.mirrored,
        proposal_score=proposal.score,
        masked=proposal.masked,
        left_out=left_out,
    )


def _registration_mask(
    charter: Charter, scale: float, left_out: str | None, masked: bool = False, words: bool = True
) -> np.ndarray:
    """The pixels of the registration template at ``scale`` that ECC compares (cached): all but
    the captions' letters, or, when given, all but the element ``left_out`` with a rim around it.

    The caption's words depend on the category, which is not known yet: compared with one
    category's words, another's pull the registration along the band (a 3-6 % stretch of small
    logos on the benchmark). The band around them still places the caption. Without an element,
    though, the words are needed: the band's outline alone lets a homography tilt the far end."""
    key = (str(charter.path), charter.version, scale, left_out, masked, words)
    mask = _MASKS.get(key)
    if mask is None:
        frame = CanonicalFrame(scale, ECC_MARGIN, charter.aspect_ratio)
        mask = np.full(frame.size[::-1], 255, np.uint8)
        if left_out is None or not words:
            mask[frame.box_slice(caption_text_box(charter))] = 0
        if left_out is not None:  # with an element left out, the words hold the rest in place
            box = charter.elements[left_out].box
            a = charter.aspect_ratio
            mask[frame.box_slice((box.x0 * a - 0.1, box.y0 - 0.1, box.x1 * a + 0.1, box.y1 + 0.1))] = 0
        if masked:  # the artwork's own pixels only
            mask[reference_set(charter, scale, ECC_MARGIN).alpha <= 0.5] = 0
        _MASKS[key] = mask
    return mask


_MASKS: dict[tuple[str, str, float, str | None, bool, bool], np.ndarray] = {}


def _ecc(
    template: np.ndarray,
    image: np.ndarray,
    mask: np.ndarray | None,
    warp: np.ndarray,
    motion: int,
    iterations: int,
    smoothing: int,
) -> tuple[float, np.ndarray]:
    """At most ``iterations`` of ECC from ``warp`` (``mask``: the template pixels compared)."""
    criteria = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, iterations, 1e-5)
    if mask is None:
        return cv2.findTransformECC(template, image, warp, motion, criteria, None, smoothing)
    return cv2.findTransformECCWithMask(template, image, mask, None, warp, motion, criteria, smoothing)


#: ECC stages: (canonical scale in px per S, motion model, Gaussian smoothing kernel, most
#: iterations, least correlation to go on, an early check: (iterations, least correlation
#: after them) or None, and whether the stage is optional, see :func:`_fit`). The first, blurred
#: stage sees blobs instead of letters, so it is not caught by the text's repeating strokes, and
#: it is cheap: a candidate that does not reach 0.5
#: there is dropped before the costly fine stage. Most hypotheses are not the logo and would run
#: every iteration of both stages: the early checks drop those still under 0.50 after 8 of the
#: first stage's 40 iterations, and under 0.48 after 15 of the fine stage's 60.
#: ``benchmarks/ecc_checks.py CORPUS --limit 1200`` on the full corpus of seed 3 (not the
#: benchmark's seed 1): the 795 registrations kept on a logo stood at 0.568 or more after those
#: 8 iterations (the next at 0.685) and at 0.569 or more after those 15 (the next at 0.594);
#: 65 % of the 70,930 other registrations of the first stage were under 0.50, and 74 to 85 % of
#: the 12,427 of the fine stage under 0.48 (it prints 0.45 and 0.50); the earlier thresholds,
#: 0.45 and 0.40, set on the small corpora of seeds 11 to 13, dropped 51 % and 53 %.
#:
#: Between them, the perspective is fitted on the blurred artwork (20 iterations at most): from
#: the first stage's affine fit, the fine stage alone settled with the far end of the band 20 to
#: 60 px off on a page photographed at an angle (turned by 20° about its vertical axis before a
#: phone's wide lens, or by 20° about each axis; S 90-140 px: ``tests/test_engine.py``,
#: photographed pages); from the perspective's, 0.4 px, given ``PERSPECTIVE_ITERATIONS`` more.
#: The perspective is kept only when it raises the blurred stage's correlation by
#: ``PERSPECTIVE_GAIN``: on those pages it did by 0.066 to 0.13, while on a logo whose wordmark is
#: missing or unseen (seed 1: ``element_missing_00044``, ``low_contrast_00006`` and ``00041``:
#: white or blue letters on their own colour) it gained 0.002 to 0.021 by pulling the band's far
#: end into the wordmark's place, which moved their boxes by 0.34 S. Pages turned less, or seen
#: through a longer lens, gain less (0.007 to 0.031) and keep the affine start, from which most
#: register as well (one, turned 20° about each axis before a 2× lens, S 140 px, is 21 px off).
PERSPECTIVE_GAIN = 0.04
PERSPECTIVE_ITERATIONS = 40
#: The perspective is tried only from an affine fit at least this good (the optional stage's
#: "least correlation", read before it runs): on those photographed pages the affine fit stood at
#: 0.82 to 0.95, while three quarters of the hypotheses of the benchmark's negatives that reach
#: that stage stand under 0.7 (seed 1, 30 negatives: 266 such hypotheses, median 0.60), where the
#: stage cost 8 % of the scan.
PERSPECTIVE_MIN_SCORE = 0.7
_ECC_STAGES = (
    (16.0, cv2.MOTION_AFFINE, 3, 40, 0.5, (8, 0.50), False),
    (16.0, cv2.MOTION_HOMOGRAPHY, 3, 20, PERSPECTIVE_MIN_SCORE, None, True),
    (48.0, cv2.MOTION_HOMOGRAPHY, 1, 60, 0.0, (15, 0.48), False),
)
#: The stages of a registration made again without an element and without the captions' words
#: (:func:`register_without`): affine throughout, as the band's outline alone would let a
#: homography tilt its far end (the perspective's own stage left out).
_WITHOUT_STAGES = tuple((scale, cv2.MOTION_AFFINE, *rest) for scale, _, *rest in (_ECC_STAGES[0], _ECC_STAGES[-1]))
#: Least Gaussian kernel (px) with which ECC smooths the template and the input when the input
#: is a reduced level of the pyramid near the template's own scale: each level is low-passed by
#: ``cv2.pyrDown``, the template is not, and at the template's scale (a mark of 80, 160 or 320 px
#: against the 40 px per S templates) their edges disagreed enough for ECC's steps to overshoot
#: and settle up to 1.3 % narrow, from the true pose it started from (correlation 0.92-0.93, 0.99
#: with this smoothing; the artwork file 160 and 320 px tall then read an addition along its
#: edges: ``benchmarks/logo_files.py``). The page's own pixels (level 0) are as sharp as the
#: template: no smoothing there.
PYRAMID_SMOOTHING = 3
#: Largest ratio of the level's scale to the template's at which that smoothing applies. From the
#: true pose of a clean logo on white, the fine stage's correlation unsmoothed against smoothed:
#: 0.92 / 0.99 at a ratio of 1 (S 80, 160, 320 px), 0.97 / 0.996 at 1.125 (S 180), 0.98 / 0.998 at
#: 1.25 (S 100, 200, 400), 0.99 / 0.99 at 1.5 (S 60, 120, 250). Smoothed at every reduced level,
#: a logo of the benchmark's cropped set (seed 1, ``cropped_00036``), its mark cut off by the
#: page's edge and registered from a ratio of 1.41, kept its fit without the wordmark over the
#: whole artwork's and was lost.
PYRAMID_SMOOTHING_RATIO = 1.3
#: Margin of the registration templates, in S: a little background around the artwork's edges.
ECC_MARGIN = 0.05
#: Scales (px per S) of the registration templates for instances smaller than a stage's scale.
_SMALL_SCALES = (12.0, 16.0, 20.0, 24.0, 32.0, 40.0)
#: Smallest mark height, in px, whose registration may include perspective.
MIN_PERSPECTIVE_SCALE = 32.0


#: Room left around the hypothesis' artwork in the window given to ECC, in S: ten times how far
#: the orientation search's start is off (0.1 of the blob's size, 12 % of its scale), so that a
#: registration that converges never reaches the window's edge (a runaway one is rejected anyway).
ECC_WINDOW_MARGIN = 1.0


def _ecc_window(image: np.ndarray, h: np.ndarray, charter: Charter, mark_px: float) -> tuple[np.ndarray, np.ndarray]:
    """The part of ``image`` (a pyramid level) around the artwork placed by ``h`` (artwork frame →
    level pixels; the mark ``mark_px`` high there), as floats in 0..1, and the 3×3 translation from
    level pixels to the window's pixels. The whole level when the outline does not map to the page."""
    corners = h @ np.array([[0, 0, 1], [charter.aspect_ratio, 0, 1], [charter.aspect_ratio, 1, 1], [0, 1, 1]], float).T
    if np.any(corners[2] <= 0):
        return image.astype(np.float32) / 255.0, np.eye(3)
    xy = corners[:2] / corners[2]
    pad = ECC_WINDOW_MARGIN * mark_px + 4  # + the smoothing kernel and gradient's reach
    rows, cols = image.shape[:2]
    x0, y0 = (max(0, math.floor(v - pad)) for v in xy.min(axis=1))
    x1 = min(cols, math.ceil(xy[0].max() + pad) + 1)
    y1 = min(rows, math.ceil(xy[1].max() + pad) + 1)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return image.astype(np.float32) / 255.0, np.eye(3)
    shift = np.array([[1.0, 0.0, -x0], [0.0, 1.0, -y0], [0.0, 0.0, 1.0]])
    return image[y0:y1, x0:x1].astype(np.float32) / 255.0, shift


def _quantised(scale: float) -> float:
    """The largest of the fixed template scales not above ``scale`` (templates are cached by scale)."""
    return max([s for s in _SMALL_SCALES if s <= scale] or [_SMALL_SCALES[0]])


def _plausible(h: np.ndarray, proposal: _Proposal, charter: Charter) -> bool:
    """ECC can run away on a poor start: keep homographies near the hypothesis' size and shape."""
    singular = np.linalg.svd(jacobian(h, (charter.aspect_ratio / 2, 0.5)), compute_uv=False)
    if singular[1] <= 0:
        return False
    # the artwork's outline must stay a convex quadrilateral of about the artwork's proportions
    # (a homography can fold or squeeze its far end while its centre looks right)
    quad = _artwork_quad(h, charter)
    if not cv2.isContourConvex(quad.astype(np.float32)):
        return False
    j = jacobian(h, (charter.aspect_ratio / 2, 0.5))
    if abs(rotation_deg(j)) > MAX_ROTATION_DEG + 10 or np.linalg.norm(j[:, 1]) < 0.9 * MIN_MARK_PX:
        return False
    width = (np.linalg.norm(quad[1] - quad[0]) + np.linalg.norm(quad[2] - quad[3])) / 2
    height = (np.linalg.norm(quad[3] - quad[0]) + np.linalg.norm(quad[2] - quad[1])) / 2
    if not 1 / MAX_OUTLINE_STRETCH < width / max(height, 1e-6) / charter.aspect_ratio < MAX_OUTLINE_STRETCH:
        return False
    return (
        singular[0] / singular[1] < 2.0
        and 0.5 * proposal.scale < math.sqrt(singular[0] * singular[1]) < 2.0 * proposal.scale
    )


def pyramid_level(size_px: float, target_px: float, levels: int | None = None) -> int:
    """The coarsest pyramid level (each halving the last) at which something ``size_px`` page
    pixels wide is still at least ``target_px`` wide: sampling it there at ``target_px`` does not
    alias. At most ``levels - 1`` when the pyramid has ``levels`` levels."""
    level = max(0, math.floor(math.log2(max(size_px / target_px, 1.0))))
    return level if levels is None else min(level, levels - 1)


def to_pyramid_level(factor: float) -> np.ndarray:
    """3×3 matrix: page pixels → pixels of the pyramid level reduced by ``factor`` (pixel centres)."""
    return np.array([[1 / factor, 0, 0.5 / factor - 0.5], [0, 1 / factor, 0.5 / factor - 0.5], [0, 0, 1]])


def jacobian(h: np.ndarray, point: tuple[float, float]) -> np.ndarray:
    """2×2 derivative of the homography ``h`` at ``point``: its local affine part."""
    x, y = point
    u, v, w = h @ np.array([x, y, 1.0])
    return np.array(
        [
            [(h[0, 0] * w - u * h[2, 0]) / w**2, (h[0, 1] * w - u * h[2, 1]) / w**2],
            [(h[1, 0] * w - v * h[2, 0]) / w**2, (h[1, 1] * w - v * h[2, 1]) / w**2],
        ]
    )


def rotation_deg(j: np.ndarray) -> float:
    """Counter-clockwise rotation, in degrees (image y down), of the local affine map ``j`` with its
    mirroring undone: the ``angle_deg`` that :func:`similarity` was given."""
    x_axis = -j[:, 0] if np.linalg.det(j) < 0 else j[:, 0]
    return math.degrees(math.atan2(-x_axis[1], x_axis[0]))


def _artwork_quad(h: np.ndarray, charter: Charter) -> np.ndarray:
    corners = np.array([[0, 0, 1], [charter.aspect_ratio, 0, 1], [charter.aspect_ratio, 1, 1], [0, 1, 1]], float).T
    page = h @ corners
    return (page[:2] / page[2]).T


def _inside_polygon(quad: np.ndarray, x: float, y: float) -> bool:
    return cv2.pointPolygonTest(quad.astype(np.float32), (float(x), float(y)), False) >= 0


def _overlap(a: np.ndarray, b: np.ndarray) -> float:
    """Intersection over the smaller area of two convex quadrilaterals."""
    area, _ = cv2.intersectConvexConvex(a.astype(np.float32), b.astype(np.float32))
    smaller = min(cv2.contourArea(a.astype(np.float32)), cv2.contourArea(b.astype(np.float32)))
    return float(area / smaller) if smaller > 0 else 0.0
