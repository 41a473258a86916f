"""Tests of benchmarks/size_error.py: the cases it draws and the tables it prints."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import size_error


@pytest.mark.parametrize("way", size_error.WAYS)
def test_each_way_draws_the_artwork_at_the_height_asked(way: str) -> None:
    image = size_error.draw(way, 30.0, np.random.default_rng(0))
    assert image.shape == (*size_error.PAGE, 3) and image.dtype == np.uint8
    # the disc, the largest blue region (far bluer than red), is the mark's height tall at any turn
    blue = ((image[..., 2].astype(int) - image[..., 0]) > 60).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(blue)
    disc = stats[1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))]
    assert 26 <= disc[cv2.CC_STAT_HEIGHT] <= 32


def test_a_case_measures_the_mark_it_drew() -> None:
    row = size_error.measure_case((0, "area", 40.0, 0))
    assert row["way"] == "area" and row["mark_px"] == 40.0
    assert row["measured"] == pytest.approx(40.0, rel=0.02)


def test_the_tables_give_the_errors_and_the_marks_under_each_minimum() -> None:
    rows = [
        {"way": "area", "mark_px": 40.0, "measured": 39.6},
        {"way": "area", "mark_px": 40.0, "measured": 40.2},
        {"way": "nearest", "mark_px": 40.0, "measured": 39.0},
        {"way": "nearest", "mark_px": 40.0, "measured": None},
    ]
    errors = size_error.error_table(rows)
    assert "| area | 2 | 2 | 0.75 % |" in errors and "| 1.00 % |" in errors
    assert "| nearest | 2 | 1 | 2.50 % | 2.50 % | 2.50 % | 2.50 % |" in errors
    assert "| all | 4 | 3 |" in errors and "| warped |" not in errors
    minimum = size_error.minimum_table(rows, {"web": 40.0}, 0.02)
    assert "under it by more than 2 %" in minimum
    assert "| web (40 px) | 4 | 3 | 2 | 1 |" in minimum
