"""Tests of benchmarks/photographed.py: one case it scans and the table it prints."""

from __future__ import annotations

import photographed


def test_a_clean_logo_on_a_page_seen_square_on_is_compliant_and_measures_its_noise() -> None:
    row = photographed.judge_case((0, 0, 0, 90.0, 0, "clean"))
    assert row["verdict"] == "compliant" and not row["distorted"]
    assert row["perspective"] is not None and row["perspective"] < 0.006


def test_the_summary_counts_the_verdicts_per_camera() -> None:
    def row(
        camera: tuple[int, int], logo: str, verdict: str, distorted: bool, perspective: float | None = None
    ) -> dict:
        return {"camera": camera, "logo": logo, "verdict": verdict, "distorted": distorted, "perspective": perspective}

    rows = [
        row((0, 0), "clean", "compliant", False, 0.002),
        row((0, 0), "sheared", "non_compliant", True, 0.001),
        row((30, 0), "clean", "review", True),
        row((30, 0), "clean", "compliant", False),
        row((30, 0), "stretched up", "review", True),
        row((30, 0), "stretched across", "missed", False),
        row((40, 0), "clean", "non_compliant", False) | {"measured": [("too_small", 37.0)]},
        row((40, 0), "sheared", "compliant", False),
    ]
    text = photographed.summary(rows)
    assert "| 0°, 0° | 1/1 | 0/1 | 0/1 | 1/1 | 0/1 | 0/1 | 0 |" in text
    assert "| 30°, 0° | 1/2 | 1/2 | 0/2 | 0/2 | 1/2 | 0/2 | 1 |" in text
    assert "largest perspective registered on the 2 logos seen square on: 0.0020" in text
    assert "violations given to clean logos: too_small 1" in text
    assert "distorted logos judged compliant: sheared 1" in text


def test_the_listing_gives_each_clean_logo_judged_non_compliant() -> None:
    rows = [
        {
            "logo": "clean",
            "verdict": "non_compliant",
            "case": (30, 0, 0, 50.0, 0, "clean"),
            "measured": [("too_small", 37.01)],
        },
        {"logo": "clean", "verdict": "review", "case": (30, 0, 0, 90.0, 0, "clean"), "measured": []},
        {"logo": "sheared", "verdict": "non_compliant", "case": (0, 0, 0, 90.0, 1, "sheared"), "measured": []},
    ]
    assert photographed.listing(rows).splitlines()[2:] == ["- 30°, 0°, 0.8, S 50, middle: too_small 37.01"]
