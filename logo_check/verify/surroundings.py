"""What surrounds the artwork: the background seen in the clear-space ring, a model of it (a
plain ground or an inpainted picture), the share of the clear space taken by foreign content, and
the contrast between the artwork and its background."""

from __future__ import annotations

from typing import TYPE_CHECKING

import cv2
import numpy as np

from ..model import ElementMeasure
from ..templates import ReferenceSet, gray
from .frame import MIN_FOREIGN_BLOB, artwork_box, box_mask, near_artwork, ring_mask, slack_radius

if TYPE_CHECKING:
    from ..charter import Charter


#: RGB distance (0..441) above which a pixel of the artwork's gaps or clear space differs from the
#: background: well above JPEG noise (about 20) and photographic grain, below any drawn shape.
FOREIGN_DISTANCE = 60.0


#: Busyness (see background_model) under which a background counts as plain: JPEG noise on a
#: flat colour stays under about 10.
QUIET_BACKGROUND = 20.0


#: On a busy background (a photograph), a pixel is foreign only beyond this many times the
#: background's own busyness: texture is not content.
BUSY_FACTOR = 2.5


#: Share of the clear-space ring that must lie on the page for its pixels to tell the background.
#: Under it, what the ring holds on the page is a sliver along the artwork's edge, its anti-aliased
#: rim: a logo file cropped to its artwork and registered a pixel off read as on a dark background
#: (the official artwork rendered 177 px high: a dark background, its band missing, an addition of
#: 46 %). The background is then read in the artwork's own gaps.
MIN_RING_ON_PAGE = 0.1


def background_seen(refs: ReferenceSet, charter: Charter, inside: np.ndarray, mark_px: float) -> np.ndarray:
    """The pixels of ``refs``' frame that show the background: the clear-space ring on the page;
    when too little of it is (:data:`MIN_RING_ON_PAGE`), the artwork's gaps inside its box, away
    from its shapes by the colour slack."""
    ring = ring_mask(refs, charter)
    seen = ring & inside
    if seen.sum() >= MIN_RING_ON_PAGE * ring.sum():
        return seen
    gaps = box_mask(refs) & inside & ~near_artwork(refs, slack_radius(refs, charter, mark_px))
    return gaps if gaps.sum() >= MIN_BACKGROUND_PIXELS else seen


#: Share of the page around the artwork's box within ``PLAIN_DISTANCE`` of its median colour from
#: which the background is a ground with things on it (text, rules, a partner's logo), not a
#: picture: its model is that ground (see ``_ground_plane``). An inpainting from text set around
#: the logo greyed the whole box and margin (benchmarks/clear_space_edge.py).
GROUND_SHARE = 0.5


#: Fewest pixels a background colour is measured from.
MIN_BACKGROUND_PIXELS = 16


def background_model(
    image: np.ndarray, refs: ReferenceSet, charter: Charter, inside: np.ndarray, seen: np.ndarray, plain: float
) -> tuple[np.ndarray, float]:
    """What the background would look like without the logo, and how busy it is.

    The busyness is the 90th percentile of how far the pixels around the artwork's box stand
    from their 5×5 median, in RGB units (0..441). On a quiet background the model is the median
    colour around the box: one intruder cannot shift it. On a busy one (a photograph) it is the
    box and its clear space inpainted from the band of page around them (Telea's method). When
    the page shows too little around the box (``seen``, see :func:`background_seen`, holds the
    artwork's gaps instead of its ring), the model is the median of what ``seen`` shows.
    """
    u8 = np.clip(image * 255, 0, 255).astype(np.uint8)
    surroundings = ~box_mask(refs) & inside
    if not (seen & ~box_mask(refs)).any():  # the background seen in the artwork's gaps only
        surroundings = seen
    if surroundings.sum() < MIN_BACKGROUND_PIXELS:
        return image, 0.0
    deviation = np.linalg.norm(u8.astype(np.float32) - cv2.medianBlur(u8, 5).astype(np.float32), axis=2)
    busyness = float(np.percentile(deviation[surroundings], 90))
    if busyness < QUIET_BACKGROUND or plain >= GROUND_SHARE:
        return _ground_plane(image, surroundings), busyness
    inner = box_mask(refs) | ring_mask(refs, charter)
    model = cv2.inpaint(u8, inner.astype(np.uint8) * 255, 3, cv2.INPAINT_TELEA).astype(np.float32) / 255.0
    return model, busyness


def _ground_plane(image: np.ndarray, surroundings: np.ndarray) -> np.ndarray:
    """A plain ground under the whole frame: in each channel a plane (a + b x + c y) fitted to the
    pixels of ``surroundings`` that lie within :data:`PLAIN_DISTANCE` of it, starting from those
    near their median colour. A flat ground gives its colour; a gradient (a banner shading from
    white to blue) goes on under the artwork as it runs around it, where its median colour
    stood far from both its ends; content standing on part of the ground is left out of the fit."""
    ys, xs = np.nonzero(surroundings)
    step = max(1, len(ys) // GROUND_FIT_SAMPLES)  # a plane needs few pixels: an even sample of them
    ys, xs = ys[::step], xs[::step]
    values = image[ys, xs].astype(np.float64)
    keep = np.linalg.norm(values - np.median(values, axis=0), axis=1) * 255.0 <= PLAIN_DISTANCE
    if keep.sum() < MIN_BACKGROUND_PIXELS:
        keep[:] = True
    design = np.column_stack([np.ones(len(xs)), xs, ys]).astype(np.float64)
    for _ in range(GROUND_FIT_ROUNDS):
        coefficients = np.linalg.lstsq(design[keep], values[keep], rcond=None)[0]
        near = np.linalg.norm(design @ coefficients - values, axis=1) * 255.0 <= PLAIN_DISTANCE
        if near.sum() < MIN_BACKGROUND_PIXELS or (near == keep).all():
            break
        keep = near
    rows, cols = image.shape[:2]
    yy, xx = np.mgrid[0:rows, 0:cols]
    plane = coefficients[0] + xx[..., None] * coefficients[1] + yy[..., None] * coefficients[2]
    return plane.astype(np.float32)


#: Fits of :func:`_ground_plane`, each to the pixels near the last: the first is near the median
#: colour only, the next takes a gradient's ends, and a third rarely moves.
GROUND_FIT_ROUNDS = 3


#: Most pixels around the box :func:`_ground_plane` fits (every n-th of them): three parameters
#: per channel, which a few thousand pixels pin down well within JPEG's noise.
GROUND_FIT_SAMPLES = 4000


#: Distance (RGB units, 0..441) from the median colour of the page around the box within which a
#: pixel belongs to a plain ground: JPEG's noise and a plate's gentle shading stay well within it.
PLAIN_DISTANCE = 30.0


#: Share of the page around the box that must lie on a plain ground (:data:`PLAIN_DISTANCE`) for
#: the logo to count as standing on one; under it, the logo stands on a picture. On the seed-1
#: corpus (``benchmarks/addition_blobs.py bench-output --sets positives,addition,clear_space``), the
#: 1,191 clean logos (plates and pages, photographed or not) measure 0.910 or more and the 72
#: additions 0.984 or more; 8 of the 72 logos with content in their clear space fall under 0.8.
#: A logo pasted on a photograph mostly measures far less, but one on a dark sky with stars, or
#: crossed by one object of its picture, measures 0.8-0.95: left to the plain ground's model, where
#: content of the colours next to the logo (a line of text beyond the clear space) cannot hide an
#: addition.
PLAIN_SHARE = 0.8


#: Bins per RGB channel of the histogram of a picture's colours (see :func:`picture_shows_through`):
#: 16 levels of 256, so that JPEG's and the resampling's shifts of a colour fall in its bin or the next.
PICTURE_BINS = 16


#: Fewest pixels of the surroundings, in a bin or its neighbours, for a colour to count as the
#: picture's: single pixels of noise or of an edge's mix do not make a colour the picture's.
PICTURE_MIN_PIXELS = 4


def plain_share(image: np.ndarray, refs: ReferenceSet, inside: np.ndarray) -> float:
    """Share of the page around the artwork's box (in ``refs``' frame, on the page) within
    :data:`PLAIN_DISTANCE` of its median colour: 1 on a plate or a plain page, less on a picture."""
    surroundings = ~box_mask(refs) & inside
    if surroundings.sum() < MIN_BACKGROUND_PIXELS:
        return 1.0
    pixels = image[surroundings]
    distance = np.linalg.norm(pixels - np.median(pixels, axis=0), axis=1) * 255.0
    return float((distance <= PLAIN_DISTANCE).mean())


def picture_shows_through(
    image: np.ndarray, refs: ReferenceSet, inside: np.ndarray, model: np.ndarray, plain: float
) -> np.ndarray:
    """The background model for the artwork's box: when the logo stands on a picture (less than
    :data:`PLAIN_SHARE` of the page around its box is a plain ground), a pixel of the artwork's
    gaps whose colour the picture around holds (in its histogram, a bin or the next,
    :data:`PICTURE_BINS`, :data:`PICTURE_MIN_PIXELS`) is the picture showing through, its own
    model, and the rest of the box is inpainted from those pixels; on a plain ground, ``model``
    (see :func:`background_model`).

    A logo pasted on a photograph shows the photograph in its gaps (between the letters, around
    the band): neither a median colour nor an inpainting from around the box can guess what is
    there, and it read as foreign content inside the artwork (an ``addition`` on almost every
    such logo of benchmarks/on_photos.py). What fills the clear space is the ``clear_space``
    finding's. Content in colours the picture around does not hold is still an addition; content
    in the picture's own colours is not told from the picture.
    """
    if plain >= PLAIN_SHARE:
        return model
    surroundings = ~box_mask(refs) & inside
    u8 = np.clip(image * 255, 0, 255).astype(np.uint8)
    codes = u8 // (256 // PICTURE_BINS)
    hist = np.zeros((PICTURE_BINS,) * 3, np.int32)
    picked = codes[surroundings]
    np.add.at(hist, (picked[:, 0], picked[:, 1], picked[:, 2]), 1)
    for axis in range(3):  # each bin with its neighbours, along every channel
        padded = np.pad(hist, [(1, 1) if a == axis else (0, 0) for a in range(3)])
        hist = sum(np.take(padded, range(k, k + PICTURE_BINS), axis=axis) for k in range(3))
    held = hist >= PICTURE_MIN_PIXELS
    box = box_mask(refs)
    shows = box & (refs.alpha < 0.02) & held[codes[..., 0], codes[..., 1], codes[..., 2]]
    # under the artwork's shapes, and where the gaps hold other colours, the picture is guessed
    # from the gaps that show it: an edge's anti-aliasing mixes a shape with the picture right there
    guessed = cv2.inpaint(u8, (box & ~shows).astype(np.uint8) * 255, 3, cv2.INPAINT_TELEA)
    return np.where(box[..., None], guessed.astype(np.float32) / 255.0, model).astype(np.float32)


def foreign_share(
    image: np.ndarray,
    refs: ReferenceSet,
    inside: np.ndarray,
    region: np.ndarray,
    model: np.ndarray,
    busyness: float,
    slack: int,
    gap: float,
    reach: np.ndarray | None = None,
) -> float:
    """Share of the background pixels of ``region`` covered by foreign blobs that enter ``reach``
    (default: ``region``).

    Background pixels are those the reference leaves empty, kept ``slack`` frame pixels away from
    its elements (anti-aliasing, JPEG's colour spread and registration error live there);
    ``model`` and ``busyness`` describe the background (see background_model). A pixel is
    foreign when it differs from the background model by more than ``FOREIGN_DISTANCE`` or, on a
    busy background, by more than ``BUSY_FACTOR`` times its busyness. Foreign pixels less than
    ``gap`` S apart are joined, blobs of at least ``MIN_FOREIGN_BLOB`` S² count, and each covers
    its bounding box (in the artwork's frame): a graphic takes the room it spans (a line of text
    its line, another logo its box), not only its ink. Blobs that reach into the region are
    followed over the whole frame outside the artwork's box, so that a graphic entering it from
    outside takes the room its box spans there, not only that of the tip that enters; blobs that
    stay outside take none. A graphic that stops at the region's outer edge is outside it, though
    resampling and registration may put its edge a little inside: ``reach``, the region less that
    error at its outer edge (see :func:`outer_slack`), is what a blob must enter to count.
    """
    background = inside & ~near_artwork(refs, slack)
    empty = region & background
    if empty.sum() == 0:
        return 0.0
    reach = empty if reach is None else reach & background
    distance = np.linalg.norm(image - model, axis=2) * 255.0
    foreign = (distance > max(FOREIGN_DISTANCE, BUSY_FACTOR * busyness)) & background
    size = max(1, round(gap * refs.frame.scale))
    joined = cv2.morphologyEx(foreign.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((size, size), np.uint8))
    joined &= (background & ~box_mask(refs)).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    entering = np.unique(labels[reach & (joined > 0)])
    counted = entering[stats[entering, cv2.CC_STAT_AREA] >= MIN_FOREIGN_BLOB * refs.frame.scale**2]
    kept = np.isin(labels, counted).astype(np.uint8)
    covered = np.zeros(joined.shape, bool)
    for side in _sides(refs):
        # a graphic's room is taken on each side of the box apart: text set all around a logo
        # takes a band on each side, not the box that holds them all (the whole margin)
        _, _, boxes, _ = cv2.connectedComponentsWithStats(np.ascontiguousarray(kept[side]), connectivity=8)
        part = covered[side]
        for x, y, w, h in boxes[1:, :4]:
            part[y : y + h, x : x + w] = True
    return float((covered & empty).sum()) / float(empty.sum())


def _sides(refs: ReferenceSet) -> tuple[tuple[slice, slice], ...]:
    """The four parts of ``refs``' frame around the artwork's box: left and right of it (corners
    included), above and below it."""
    rows, cols = artwork_box(refs)
    everything = slice(None)
    return (
        (everything, slice(None, cols.start)),
        (everything, slice(cols.stop, None)),
        (slice(None, rows.start), cols),
        (slice(rows.stop, None), cols),
    )


def _relative_luminance(rgb: np.ndarray) -> np.ndarray:
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def contrast_ratio(
    image: np.ndarray,
    refs: ReferenceSet,
    charter: Charter,
    elements: dict[str, ElementMeasure],
    seen: np.ndarray,
    artwork: np.ndarray,
    inside: np.ndarray,
    cut_off: set[str],
) -> float:
    """WCAG contrast ratio between the background (the pixels ``seen`` of it, see
    :func:`background_seen`) and the element that stands on it least well among the mark and the
    wordmark (the band carries its own background for the caption), measured where the reference
    puts them, inside the page."""
    if not seen.any():
        return 21.0
    background = _relative_luminance(np.median(image[seen], axis=0))
    ratios = []
    for name in ("at_sign", "wordmark"):  # present or not: an element lost in the background is the point
        if name in cut_off:
            continue
        mask = (refs.element_alpha[name] > 0.98) & artwork & inside
        if name == "at_sign":  # the disc, without its white glyph
            mask &= gray(refs.rgb[next(iter(refs.rgb))]) < 0.8
        if mask.sum() < 4:
            continue
        lum = _relative_luminance(np.median(image[mask], axis=0))
        hi, lo = max(lum, background), min(lum, background)
        ratios.append((hi + 0.05) / (lo + 0.05))
    return float(min(ratios)) if ratios else 21.0
