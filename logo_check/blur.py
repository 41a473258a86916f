"""How blurred an instance is, measured on the edges of its reference.

The estimate re-blurs the image (Zhuo and Sim's method for defocus maps, 2011): at a step edge
blurred by a Gaussian of ``sigma``, the gradient's peak is proportional to ``1 / sigma``; blurred
again by a known ``sigma_r`` it is proportional to ``1 / sqrt(sigma² + sigma_r²)``, so the ratio
``R`` of the two peaks gives ``sigma = sigma_r / sqrt(R² - 1)`` whatever the edge's contrast. It
holds at edges that are alone over a few sigmas: the reference artwork says where those are
(:func:`isolated_edges`), so that the letters' close strokes, whose peaks fall faster, do not
count.

The value is the image's whole blur, as the measurements see it: the page's own (print, camera,
JPEG, resampling) and the resampling into the canonical frame.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

#: The extra blur applied to read the ratio, in S: about the blur the estimate must tell apart
#: (the method is most precise near ``sigma_r``, and the measurements start to fail at 0.04 S).
REBLUR = 0.05
#: How alone an edge of the reference must be to be used: its gradient's peak, once the reference
#: is blurred by ``REBLUR``, at least this share of a lone step's of the same height (a stroke
#: narrower than about 3 ``REBLUR`` falls well under it).
MIN_ISOLATION = 0.8
#: Least height of a reference edge used, in its 0..1 luma: a step between two close tones says
#: little once the page's noise is added.
MIN_STEP = 0.25
#: Least gradient, in luma per pixel, of an instance's edge for it to count: flatter ones are
#: noise or a step the instance does not have (an element missing, a tone of the background).
MIN_GRADIENT = 0.02
#: Fewest edge pixels that must count for an estimate.
MIN_EDGE_PIXELS = 40


def _gradient(image: np.ndarray) -> np.ndarray:
    gx = cv2.Sobel(image, cv2.CV_32F, 1, 0, ksize=3, scale=1 / 8)
    gy = cv2.Sobel(image, cv2.CV_32F, 0, 1, ksize=3, scale=1 / 8)
    return cv2.magnitude(gx, gy)


def isolated_edges(reference: np.ndarray, scale: float) -> np.ndarray:
    """The ridge pixels of the lone step edges of ``reference`` (float luma 0..1 of the artwork,
    sharp, ``scale`` px per S): where its gradient peaks across an edge that keeps, blurred by
    ``REBLUR``, the gradient of a step alone (no other edge within a few ``REBLUR``)."""
    sigma = REBLUR * scale
    sharp = _gradient(reference)
    blurred = _gradient(cv2.GaussianBlur(reference, (0, 0), sigma))
    side = 2 * int(2 * sigma) + 1
    kernel = np.ones((side, side), np.uint8)
    height = cv2.dilate(reference, kernel) - cv2.erode(reference, kernel)
    lone = blurred * sigma * math.sqrt(2 * math.pi) >= MIN_ISOLATION * height
    ridge = sharp >= cv2.dilate(sharp, np.ones((3, 3), np.uint8)) - 1e-6
    return lone & ridge & (height >= MIN_STEP) & (sharp >= 0.5 * MIN_STEP)


def blur_sigma(image: np.ndarray, edges: np.ndarray, scale: float) -> float | None:
    """The Gaussian blur of ``image`` (float luma 0..1 in the reference's frame, ``scale`` px per
    S) at the reference's lone edges ``edges``, in S: the median over those edges, weighted by
    their gradient. None when too few of them show in the image."""
    sigma_r = REBLUR * scale
    # the peak near each edge pixel: registration leaves the image's edge a pixel or two off
    near = np.ones((5, 5), np.uint8)
    peak = cv2.dilate(_gradient(image), near)[edges]
    reblurred = cv2.dilate(_gradient(cv2.GaussianBlur(image, (0, 0), sigma_r)), near)[edges]
    ratio = peak / np.maximum(reblurred, 1e-6)
    usable = (peak >= MIN_GRADIENT) & (ratio > 1.0 + 1e-3)
    if int(usable.sum()) < MIN_EDGE_PIXELS:
        return None
    sigmas = sigma_r / np.sqrt(ratio[usable] ** 2 - 1.0)
    weights = peak[usable]
    order = np.argsort(sigmas)
    cumulative = np.cumsum(weights[order])
    median = sigmas[order][int(np.searchsorted(cumulative, cumulative[-1] / 2))]
    return float(median) / scale


#: Where the plateaus on either side of a lone edge are read, in S from the edge: inside the
#: room a lone edge has to itself (``isolated_edges`` keeps edges alone over about 0.1 S), and
#: beyond the halo of a camera's or an editor's sharpening on marks of 40 px and more (a few
#: pixels of the page).
PLATEAU_S = 0.08
#: Least luma step (0..1) between the two plateaus for an edge to tell its overshoot.
MIN_PLATEAU_STEP = 0.15


def edge_overshoot(image: np.ndarray, reference: np.ndarray, edges: np.ndarray, scale: float) -> float | None:
    """How far the luma of ``image`` goes beyond its two plateaus near the reference's lone edges
    ``edges``, as a share of the step between the plateaus: the median over those edges of the
    larger of the overshoot on the light side and the undershoot on the dark one (either may be
    clipped at white or black). About 0 for a sharp or blurred image; an unsharp mask of amount
    1 and a radius of a few pixels gives about 0.2. ``image`` and ``reference`` are float luma
    0..1 in the reference's frame (``scale`` px per S); the reference's gradient says which way
    each edge faces. None when too few edges show a step."""
    ys, xs = np.nonzero(edges)
    if len(ys) < MIN_EDGE_PIXELS:
        return None
    gx = cv2.Sobel(reference, cv2.CV_32F, 1, 0, ksize=3)[ys, xs]
    gy = cv2.Sobel(reference, cv2.CV_32F, 0, 1, ksize=3)[ys, xs]
    norm = np.maximum(np.hypot(gx, gy), 1e-6)
    nx, ny = gx / norm, gy / norm  # towards the light side
    reach = max(2, round(PLATEAU_S * scale))
    offsets = np.arange(-reach, reach + 1, dtype=np.float32)
    map_x = (xs[:, None] + nx[:, None] * offsets[None, :]).astype(np.float32)
    map_y = (ys[:, None] + ny[:, None] * offsets[None, :]).astype(np.float32)
    profiles = cv2.remap(image.astype(np.float32), map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    dark, light = profiles[:, 0], profiles[:, -1]
    step = light - dark
    usable = step >= MIN_PLATEAU_STEP
    if int(usable.sum()) < MIN_EDGE_PIXELS:
        return None
    over = np.maximum(profiles[:, reach + 1 : -1].max(axis=1) - light, 0.0)
    under = np.maximum(dark - profiles[:, 1:reach].min(axis=1), 0.0)
    return float(np.median((np.maximum(over, under) / np.maximum(step, 1e-6))[usable]))
