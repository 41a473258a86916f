"""Tests of benchmarks/skewed.py: the turned picture, the map it returns, and the table it prints."""

from __future__ import annotations

import numpy as np
import pytest
import skewed


@pytest.mark.parametrize("angle", [0.0, 3.0, -15.0])
def test_the_turned_picture_holds_it_all_where_the_map_says(angle: float) -> None:
    image = np.zeros((90, 160, 3), np.uint8)
    image[20:26, 120:126] = (200, 30, 40)  # a red square near a corner
    out, matrix = skewed.turned(image, angle)
    a = np.radians(abs(angle))
    assert out.shape[1] >= 160 * np.cos(a) + 90 * np.sin(a) - 1
    assert out.shape[0] >= 90 * np.cos(a) + 160 * np.sin(a) - 1
    x, y = matrix @ np.array([123.0, 23.0, 1.0])  # the square's centre, turned
    assert out[round(y - 0.5), round(x - 0.5)].tolist() == pytest.approx([200, 30, 40], abs=12)
    # every pixel of the picture lands on the canvas; the corners it leaves are white
    corners = np.array([[0, 0, 1], [160, 0, 1], [160, 90, 1], [0, 90, 1]], float) @ matrix.T
    assert corners.min() >= -1e-6 and (corners <= np.array(out.shape[1::-1]) + 1e-6).all()
    if angle:
        assert out[0, 0].tolist() == list(skewed.CORNERS)


@pytest.mark.parametrize("scale", [0.5, 1.7])
def test_a_resized_picture_s_map_follows_it(scale: float) -> None:
    image = np.zeros((90, 160, 3), np.uint8)
    image[20:30, 110:130] = (200, 30, 40)
    out, matrix = skewed.turned(image, 3.0, scale)
    assert out.shape[1] == pytest.approx(
        160 * scale * np.cos(np.radians(3)) + 90 * scale * np.sin(np.radians(3)), abs=2
    )
    x, y = matrix @ np.array([120.0, 25.0, 1.0])  # the rectangle's centre
    assert out[round(y - 0.5), round(x - 0.5)].tolist() == pytest.approx([200, 30, 40], abs=25)


def test_the_summary_counts_found_and_judged_logos_per_turn() -> None:
    rows = [
        {"file": "a.jpg", "angle": 0.0, "mark_px": 250.0, "found": True, "verdict": "compliant", "codes": []},
        {"file": "a.jpg", "angle": 3.0, "mark_px": 250.0, "found": False, "verdict": None, "codes": []},
        {"file": "b.jpg", "angle": 3.0, "mark_px": 40.0, "found": True, "verdict": "review", "codes": []},
        {
            "file": "b.jpg",
            "angle": 0.0,
            "mark_px": 40.0,
            "found": True,
            "verdict": "non_compliant",
            "codes": ["rotated"],
        },
    ]
    rows.append({"file": "c.jpg", "angle": 3.0, "beyond": True})  # turned past the engine's range
    text = skewed.summary(rows)
    assert "| 0 | 0 | 2 | 2 | 1 | 0 | 1 |" in text and "| 3 | 1 | 2 | 1 | 0 | 1 | 0 |" in text
    assert "violations: rotated 1" in text
    assert "missed: a.jpg at 3° (S 250 px)" in text
    assert "given a violation: b.jpg at 0° (S 40 px: rotated)" in text
