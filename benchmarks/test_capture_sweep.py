"""Tests of benchmarks/capture_sweep.py: its conditions, its cases and the table it prints."""

from __future__ import annotations

import capture_sweep
import numpy as np
import pytest


def test_a_halftone_keeps_the_tone_on_average() -> None:
    # each dot covers its cell's share of ink: a flat colour keeps its mean through the screen
    flat = np.full((96, 96, 3), (200, 120, 60), np.uint8)
    printed = capture_sweep.halftoned(flat, 3.0)
    assert printed[40:56, 40:56].std() > 5  # dots, not a flat colour
    assert np.abs(printed[8:-8, 8:-8].reshape(-1, 3).mean(axis=0) - (200, 120, 60)).max() < 6


def test_the_light_and_the_tone_curve_change_the_page_as_named() -> None:
    page = np.full((4, 4, 3), 200, np.uint8)
    assert (capture_sweep.gains(page, 0.5, 1.0, 1.2)[0, 0] == (100, 200, 240)).all()
    assert capture_sweep.desaturated(np.full((2, 2, 3), (255, 0, 0), np.uint8), 1.0)[0, 0, 1] == 76
    assert capture_sweep.fall_off(page, 0.5)[0, -1, 0] == 100
    assert capture_sweep.gamma(page, 1.0)[0, 0, 0] == 200


def test_an_unsharp_mask_overshoots_an_edge() -> None:
    edge = np.zeros((20, 20, 3), np.uint8)
    edge[:, 10:] = 200
    sharpened = capture_sweep.unsharp(edge, 1.0, 1.5)
    assert sharpened[:, 10:, 0].max() > 200 and sharpened[:, 11:, 0].min() >= 200


@pytest.mark.parametrize("condition", ["as drawn", "exposure ×0.7", "unsharp 1 σ1.5"])
def test_a_clean_logo_in_the_conditions_the_engine_allows_for_is_compliant(condition: str) -> None:
    index = [name for name, _ in capture_sweep.CONDITIONS].index(condition)
    _, ground, height, text = capture_sweep.judge_case((index, 0, 80.0))
    assert (ground, height, text) == (0, 80.0, "compliant")


def test_the_table_has_a_row_per_condition_and_a_column_per_ground_and_height() -> None:
    conditions = range(len(capture_sweep.CONDITIONS))
    cells = [(c, g, h, "compliant") for c in conditions for g in range(2) for h in (40.0, 80.0)]
    lines = capture_sweep.table(cells, [40.0, 80.0]).splitlines()
    columns = "light page, S 40 px | light page, S 80 px | dark page, S 40 px | dark page, S 80 px"
    assert lines[0] == f"| condition | {columns} |"
    assert len(lines) == 2 + len(capture_sweep.CONDITIONS)
    assert lines[2] == "| as drawn | compliant | compliant | compliant | compliant |"


def test_an_addition_is_drawn_on_the_artwork() -> None:
    outline = capture_sweep.with_addition(0)
    assert 'id="disc"' in outline and 'stroke-width="20"' in outline
    square = capture_sweep.with_addition(2)
    assert square.rstrip().endswith('fill="#2BA84A"/>\n</svg>')


def test_an_addition_under_a_condition_is_reported_or_marked_missed() -> None:
    names = [name for name, _ in capture_sweep.CONDITIONS]
    green = [name for name, _ in capture_sweep.ADDITIONS].index("green square 0.28 S on the wordmark")
    sharpened = names.index("unsharp 1 σ1.5")
    assert capture_sweep.judge_addition((green, sharpened, 80.0)) == (green, sharpened, 80.0, True)
    cells = [(a, 0, h, a != 1) for a in range(len(capture_sweep.ADDITIONS)) for h in capture_sweep.ADDITION_HEIGHTS]
    lines = capture_sweep.addition_table(cells).splitlines()
    assert lines[0] == "| addition | as drawn, S 40 px | as drawn, S 80 px |"
    assert lines[3] == "| outline 0.04 S round the disc | **missed** | **missed** |"


def test_the_overshoot_read_tells_a_sharpened_case() -> None:
    names = [name for name, _ in capture_sweep.CONDITIONS]
    plain = capture_sweep.overshoot_read((names.index("as drawn"), 0, 80.0))[3]
    sharpened = capture_sweep.overshoot_read((names.index("unsharp 1 σ1.5"), 0, 80.0))[3]
    assert plain is not None and sharpened is not None and plain < 0.03 < sharpened
    cells = [(c, g, h, 0.01234) for c in range(len(capture_sweep.CONDITIONS)) for g in range(2) for h in (40.0, 80.0)]
    lines = capture_sweep.overshoot_table(cells).splitlines()
    assert lines[2] == "| as drawn | 0.012 | 0.012 | 0.012 | 0.012 |"
