"""The orientation search's shifted windows (logo_check.detect._orientation_scores) against a
direct resampling of the page for each hypothesis: the same correlations, away from the page's
edges and across them, with the plain templates and with the masked ones (weighted by the artwork's
coverage). The page is random noise drawn here (seeded), so every pixel matters."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest

from logo_check import detect
from logo_check.charter import Charter


def direct_samples(
    image: np.ndarray, p: detect._Proposal, search: detect._OrientationSearch, i: int, grid: str = "grid"
) -> tuple[np.ndarray, np.ndarray, tuple[slice, slice]]:
    """Hypothesis ``i``'s own resampling of the page, whether each sample lies on the page, and
    the unshifted window in the padded raster of the search's ``grid`` (``grid`` or ``between``)."""
    hyp = getattr(search, grid)
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
    return values, on_page, (slice(pad, pad + h), slice(pad, pad + w))


def direct_scores(
    image: np.ndarray, p: detect._Proposal, search: detect._OrientationSearch, i: int, grid: str = "grid"
) -> np.ndarray:
    """Correlations of hypothesis ``i`` of ``grid`` with each template, from its own resampling of
    the page, the samples off the page left out."""
    values, on_page, _ = direct_samples(image, p, search, i, grid)
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
    scores, _, masked = detect._orientation_scores([image], p, search)
    hyp = search.grid
    assert scores.shape == (len(hyp.angle), len(search.templates))
    assert masked.shape == (len(hyp.angle), search.masked.placed.shape[1] // len(hyp.shifts))
    for i in rng.choice(len(hyp.angle), 25, replace=False):
        np.testing.assert_allclose(scores[i], direct_scores(image, p, search, int(i)), atol=2e-3)
        # the masked templates too, each sample weighted by the artwork's coverage
        np.testing.assert_allclose(masked[i], direct_masked_scores(image, p, search, int(i)), atol=2e-3)


def test_the_half_step_grid_lies_between_the_grid_s_turns(charter: Charter) -> None:
    search = detect._orientation_search(charter)
    grid, between, n = search.grid, search.between, len(detect.SHIFTS)
    half = math.radians(detect.ROTATION_STEP_DEG) / 2
    for sample in range(len(grid.angle) // n):
        neighbours = detect._between(search, sample)
        i = sample * n
        # both neighbours but at the grid's two ends, turned half a step either way
        expected = {-half, half} - ({-half} if grid.angle[i] == grid.angle.min() else set())
        expected -= {half} if grid.angle[i] == grid.angle.max() else set()
        assert {round(float(between.angle[j * n] - grid.angle[i]), 9) for j in neighbours} == {
            round(a, 9) for a in expected
        }
        for j in neighbours:  # the same mirror and size, and the same shifts
            assert (between.mirror[j * n], between.size[j * n]) == (grid.mirror[i], grid.size[i])


def test_a_hypothesis_cut_by_the_edge_does_not_keep_the_best_on_the_page_unrefined(charter: Charter) -> None:
    # one proposal's scores: its best hypothesis reaches beyond the page's edge (half its samples
    # on the page, scored on those alone), the best one wholly on the page lies elsewhere on the grid
    search = detect._orientation_search(charter)
    n, templates = len(detect.SHIFTS), len(search.full)
    count = len(search.grid.angle)
    scores = np.full((count, templates), 0.2, np.float32)
    on_page = np.ones(count, np.float32)
    cut, inside = 10 * n, 31 * n  # two samples of the grid, unshifted
    scores[cut, 0], on_page[cut] = 0.71, 0.51
    scores[inside, 0] = 0.62
    masked = np.zeros((count, 1), np.float32)
    refined = detect._turns_to_refine(search, scores, masked, on_page)
    assert set(detect._between(search, 10)) | set(detect._between(search, 31)) == set(refined)
    # wholly on the page, the best hypothesis alone is refined
    on_page[cut] = 1.0
    assert set(detect._turns_to_refine(search, scores, masked, on_page)) == set(detect._between(search, 10))


def test_half_step_scores_are_direct_resamplings(charter: Charter, monkeypatch: pytest.MonkeyPatch) -> None:
    """The half-step grid's scores, sampled and scored for several proposals at once (two
    pyramid levels, one proposal across the page's edge), equal each hypothesis' own resampling;
    in batches of any size."""
    rng = np.random.default_rng(11)
    image = cv2.GaussianBlur(rng.integers(0, 256, (160, 240), dtype=np.uint8), (0, 0), 1.0)
    pyramid = detect._pyramid(image)
    search = detect._orientation_search(charter)
    todo = [
        (detect._Proposal(x=120.0, y=80.0, size=10.0), [0, 7, 33]),
        (detect._Proposal(x=6.0, y=80.0, size=10.0), [12]),
        (detect._Proposal(x=119.5, y=79.5, size=20.0), [5, 59]),  # sampled at level 1
    ]
    assert {detect.pyramid_level(p.size, detect.ORIENT_SCALE, len(pyramid)) for p, _ in todo} == {0, 1}
    out = detect._half_step_scores(pyramid, todo, search)
    n = len(detect.SHIFTS)
    for (p, samples), (scores, on_page, masked) in zip(todo, out, strict=True):
        assert scores.shape == (len(samples) * n, len(search.templates)) and on_page.shape == (len(samples) * n,)
        level = detect.pyramid_level(p.size, detect.ORIENT_SCALE, len(pyramid))
        f = 2**level  # the proposal in the level's own pixels
        at_level = detect._Proposal(x=(p.x + 0.5) / f - 0.5, y=(p.y + 0.5) / f - 0.5, size=p.size / f)
        for row in range(len(scores)):
            i = samples[row // n] * n + row % n
            expected = direct_scores(pyramid[level], at_level, search, i, "between")
            np.testing.assert_allclose(scores[row], expected, atol=2e-3)
            expected = direct_masked_scores(pyramid[level], at_level, search, i, "between")
            np.testing.assert_allclose(masked[row], expected, atol=2e-3)
    monkeypatch.setattr(detect, "BATCH_SAMPLES", 2)
    for batched, whole in zip(detect._half_step_scores(pyramid, todo, search), out, strict=True):
        for a, b in zip(batched, whole, strict=True):
            np.testing.assert_allclose(a, b, atol=1e-5)


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


def direct_masked_scores(
    image: np.ndarray, p: detect._Proposal, search: detect._OrientationSearch, i: int, grid: str = "grid"
) -> np.ndarray:
    """Correlations of hypothesis ``i`` of ``grid`` with each masked template from its own
    resampling of the page, each sample weighted by the artwork's coverage, the samples off the
    page left out."""
    masked = search.masked
    rows, cols = search.grid.shape
    values, on_page, window = direct_samples(image, p, search, i, grid)
    # the unshifted window (shift 0 is (0, 0)) holds each template's weights and weighted values
    weight = masked.weights[:, 0].reshape(rows, cols)[window].astype(float).ravel() * on_page
    if weight.sum() < detect.MIN_ON_PAGE * masked.weight:
        return np.zeros(masked.placed.shape[1] // len(search.grid.shifts))
    out = []
    for k in range(masked.placed.shape[1] // len(search.grid.shifts)):
        weighted = masked.placed[:, k].reshape(rows, cols)[window].astype(float).ravel()
        t = np.divide(
            weighted,
            masked.weights[:, 0].reshape(rows, cols)[window].ravel(),
            out=np.zeros_like(weighted),
            where=weighted != 0,
        )
        t_centred = t - (weight * t).sum() / weight.sum()
        v_centred = values - (weight * values).sum() / weight.sum()
        cov = (weight * t_centred * v_centred).sum()
        out.append(cov / np.sqrt((weight * t_centred**2).sum() * (weight * v_centred**2).sum()))
    return np.array(out)


def test_masked_templates_ignore_what_lies_around_the_artwork(charter: Charter) -> None:
    """The artwork drawn at a hypothesis' pose over noise: the plain templates, which expect a
    plain background there, fit it poorly; the masked ones, which look at the artwork's own pixels
    only, fit it nearly perfectly."""
    search = detect._orientation_search(charter)
    hyp, masked = search.grid, search.masked
    rows, cols = hyp.shape
    h, w, pad = rows - 2 * hyp.pad, cols - 2 * hyp.pad, hyp.pad
    window = (slice(pad, pad + h), slice(pad, pad + w))
    weight = masked.weights[:, 0].reshape(rows, cols)[window]
    values = np.divide(
        masked.placed[:, 0].reshape(rows, cols)[window], weight, out=np.zeros_like(weight), where=weight > 0
    )
    rng = np.random.default_rng(9)
    noise = rng.uniform(values.min(), values.max(), values.shape)
    # the canonical raster is the page itself (blob size ORIENT_SCALE / size of the mark in S)
    raster = np.where(weight > 0, values, noise)
    image = np.clip((raster - raster.min()) / np.ptp(raster) * 255, 0, 255).astype(np.uint8)
    upright = [
        i
        for i in range(len(hyp.angle))
        if hyp.angle[i] == 0 and hyp.mirror[i] > 0 and hyp.size[i] == 1.0 and hyp.dx[i] == 0 and hyp.dy[i] == 0
    ]
    mark_x, mark_y = detect._mark_centre(charter)
    p = detect._Proposal(
        x=mark_x * detect.ORIENT_SCALE - 0.5, y=mark_y * detect.ORIENT_SCALE - 0.5, size=detect.ORIENT_SCALE
    )
    scores, _, masked_scores = detect._orientation_scores([image], p, search)
    i = upright[0]
    assert masked_scores[i].max() > 0.99
    assert scores[i].max() < 0.5


@pytest.mark.parametrize(("on_grid", "between"), [(0.0, 3.0), (12.0, 15.0), (-24.0, -27.0)])
def test_a_logo_turned_between_the_grid_s_steps_scores_as_one_on_them(
    charter: Charter, on_grid: float, between: float
) -> None:
    """A logo turned half a step from the orientation grid's turns is oriented at its own turn and
    scores about as well as one turned by a turn of the grid. Before the half-step refinement it
    scored 0.2-0.25 less, and on an A4 page at 300 dpi that put large logos behind the page's
    letters, out of the hypotheses registered."""
    from scenes import blank_around, lined_page, scene, similarity

    search = detect._orientation_search(charter)

    def best_near(angle: float) -> tuple[detect._Proposal, float]:
        """The best hypothesis oriented near the mark, and the best score of the grid alone there."""
        centre = (640.0, 360.0)
        blank = blank_around(similarity(120.0, angle, *centre, charter.aspect_ratio), charter.aspect_ratio)
        image, h = scene(charter, mark_px=120.0, angle=angle, centre=centre, page=lined_page(3, blank=blank))
        gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
        pyramid = detect._pyramid(gray)
        proposals = detect._proposals(
            pyramid, detect._chroma_pyramids(image), detect._band_geometry(charter), detect.mark_ring(charter)
        )
        mark = h @ np.array([*detect._mark_centre(charter), 1.0])

        def near(p: detect._Proposal) -> bool:
            return abs(p.x - mark[0]) < 0.2 * 120 and abs(p.y - mark[1]) < 0.2 * 120

        oriented = [p for p in detect._orient(pyramid, proposals, charter) if not p.masked and near(p)]
        grid = [detect._orientation_scores(pyramid, p, search)[0] for p in proposals if near(p) and not p.inner]
        handicap = np.where(search.full, 0.0, detect.PARTIAL_MARGIN)
        return max(oriented, key=lambda p: p.score), max(float((s - handicap).max()) for s in grid)

    (turned, grid_only), (level, _) = best_near(between), best_near(on_grid)
    assert turned.angle == pytest.approx(between, abs=0.1)
    assert turned.score > level.score - 0.05, (turned.score, level.score)
    # on the grid alone it scored far less, but enough for its turn to be refined
    assert detect.REFINE_TURN_MIN_SCORE + 0.1 < grid_only < turned.score - 0.15, (grid_only, turned.score)
