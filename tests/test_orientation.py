"""The orientation search's shifted windows (logo_check.detect._orientation_scores) against a
direct resampling of the page for each hypothesis: the same correlations, away from the page's
edges and across them. The page is random noise drawn here (seeded), so every pixel matters."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest

from logo_check import detect
from logo_check.charter import Charter


def direct_scores(image: np.ndarray, p: detect._Proposal, search: detect._OrientationSearch, i: int) -> np.ndarray:
    """Correlations of hypothesis ``i`` with each template, from its own resampling of the page,
    the samples off the page left out."""
    hyp = search.grid
    rows, cols = hyp.shape
    h, w, pad = rows - 2 * hyp.pad, cols - 2 * hyp.pad, hyp.pad
    # the unshifted raster's samples of this rotation, mirror and size, moved by the hypothesis'
    # own position correction (in blob sizes)
    sample = i // len(hyp.shifts)
    unit = hyp.unit[:, sample].reshape(2, rows, cols)[:, pad : pad + h, pad : pad + w]
    map_x = (unit[0] * p.size + p.x + hyp.dx[i] * p.size).astype(np.float32)
    map_y = (unit[1] * p.size + p.y + hyp.dy[i] * p.size).astype(np.float32)
    values = cv2.remap(image, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE).astype(float).ravel()
    rows_, cols_ = image.shape
    on_page = ((map_x >= -0.5) & (map_x <= cols_ - 0.5) & (map_y >= -0.5) & (map_y <= rows_ - 0.5)).ravel()
    if on_page.mean() < detect.MIN_ON_PAGE:  # mostly off the page: not compared
        return np.zeros(len(search.templates))
    v = values[on_page] - values[on_page].mean()
    t = search.templates[:, on_page].astype(float)
    t -= t.mean(axis=1, keepdims=True)
    t /= np.linalg.norm(t, axis=1, keepdims=True)  # the correlation over the samples on the page
    return (t @ v) / (np.linalg.norm(v) + 1e-6)


@pytest.mark.parametrize("where", ["inside", "across the edge"])
def test_shifted_windows_are_direct_resamplings(charter: Charter, where: str) -> None:
    rng = np.random.default_rng(7)
    image = cv2.GaussianBlur(rng.integers(0, 256, (120, 200), dtype=np.uint8), (0, 0), 1.0)
    # blob of 10 px: the search samples the page itself (pyramid level 0)
    p = detect._Proposal(x=100.0 if where == "inside" else 8.0, y=60.0, size=10.0)
    search = detect._orientation_search(charter)
    scores, _ = detect._orientation_scores([image], p, search)
    hyp = search.grid
    assert scores.shape == (len(hyp.angle), len(search.templates))
    for i in rng.choice(len(hyp.angle), 25, replace=False):
        np.testing.assert_allclose(scores[i], direct_scores(image, p, search, int(i)), atol=2e-3)


def test_shifts_follow_the_hypothesis_rotation(charter: Charter) -> None:
    search = detect._orientation_search(charter)
    hyp = search.grid
    for i in range(len(hyp.angle)):
        du, dv = hyp.shifts[i % len(hyp.shifts)]
        step = hyp.size[i] / detect.ORIENT_SCALE  # one canonical pixel, in blob sizes
        a = hyp.angle[i]
        expected = (
            step * (math.cos(a) * hyp.mirror[i] * du + math.sin(a) * dv),
            step * (-math.sin(a) * hyp.mirror[i] * du + math.cos(a) * dv),
        )
        assert (hyp.dx[i], hyp.dy[i]) == pytest.approx(expected, abs=1e-9)
