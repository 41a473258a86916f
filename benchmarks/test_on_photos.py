"""Tests of benchmarks/on_photos.py: the cases it draws and the table it prints."""

from __future__ import annotations

import on_photos


def test_a_case_holds_the_artwork_where_its_box_says() -> None:
    page, box, mark = on_photos.case(0, 3)
    assert page.shape == (*on_photos.PAGE, 3) and mark in on_photos.MARK_HEIGHTS
    x0, y0, x1, y1 = box
    assert 0 <= x0 < x1 <= on_photos.PAGE[1] and 0 <= y0 < y1 <= on_photos.PAGE[0]
    assert abs((y1 - y0) - mark) < 1.0  # the artwork's box is one S tall
    again, box_again, _ = on_photos.case(0, 3)  # the same case from the same seed and index
    assert (again == page).all() and box_again == box


def test_the_summary_counts_found_and_cleanly_judged_instances() -> None:
    rows = [
        {"index": 0, "mark_px": 40.0, "found": False, "codes": [], "off_s": None},
        {"index": 1, "mark_px": 40.0, "found": True, "codes": ["clear_space", "low_contrast"], "off_s": 0.02},
        {
            "index": 2,
            "mark_px": 80.0,
            "found": True,
            "codes": ["addition", "clear_space"],
            "off_s": 0.3,
            "turn_deg": 9.0,
        },
        {"index": 3, "mark_px": 80.0, "found": True, "codes": ["element_missing"], "off_s": 0.1, "turn_deg": -0.4},
    ]
    text = on_photos.summary(rows)
    assert "| 40 | 2 | 1 | 1 | 1 | 1 |" in text and "| 80 | 2 | 2 | 1 | 2 | 0 |" in text
    assert "| all | 4 | 3 | 2 | 3 | 1 |" in text
    assert "spurious findings on the instances found: addition 1, element_missing 1" in text
    # the turn of the instances placed within 0.1 S only (the one 0.3 S off is turned by 9°)
    assert "largest turn from upright of the 1 placed within 0.1 S: 0.40°" in text
