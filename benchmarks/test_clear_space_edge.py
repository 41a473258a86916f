"""Tests of benchmarks/clear_space_edge.py: the pages it draws and the cells it prints."""

from __future__ import annotations

import clear_space_edge
import numpy as np


def test_the_text_stops_where_asked() -> None:
    near, far = (clear_space_edge.page_with_text(100.0, m, 0) for m in (0.1, 0.3))
    assert near.shape == far.shape and near.dtype == np.uint8
    # the text lines' grey (120) reaches closer to the logo's left edge when the margin is smaller
    row = near.shape[0] // 2 - 13
    grey = (np.abs(near[row].astype(int) - 120).max(axis=1) < 12).nonzero()[0]
    grey_far = (np.abs(far[row].astype(int) - 120).max(axis=1) < 12).nonzero()[0]
    from logo_check.charter import load_charter

    left_edge = 640 - 100 * load_charter().aspect_ratio / 2  # the artwork is centred on x 640
    # text stops 0.1 S (10 px) from it on one page, 0.3 S (30 px) on the other
    assert grey[grey < left_edge].max() > grey_far[grey_far < left_edge].max() + 15
    assert left_edge - 14 <= grey[grey < left_edge].max() <= left_edge - 8


def test_a_case_reports_the_clear_space_taken() -> None:
    inside = clear_space_edge.judge_case((100.0, 0.1, "png", 0))
    outside = clear_space_edge.judge_case((100.0, 0.3, "jpeg50", 0))
    assert inside["found"] and "clear_space" in inside["codes"] and inside["share"] > 3
    assert outside["found"] and outside["codes"] == [] and outside["share"] is None


def test_a_cell_counts_the_flagged_cases_and_other_findings() -> None:
    rows = [
        {"found": True, "share": 20.0, "codes": ["clear_space"]},
        {"found": True, "share": 40.0, "codes": ["addition", "clear_space"]},
        {"found": True, "share": None, "codes": []},
        {"found": False, "share": None, "codes": []},
    ]
    assert clear_space_edge.cell(rows) == "2/4 30 % (addition 1, not found 1)"
    assert clear_space_edge.cell(rows[2:3]) == "0/1"
