"""Tests of benchmarks/blur_sweep.py: its cases and the cells it prints."""

from __future__ import annotations

import blur_sweep


def test_a_sharp_logo_reads_little_blur_and_is_compliant() -> None:
    blur, verdict, findings = blur_sweep.judge(60.0, 0.0)
    assert blur is not None and blur < 0.02
    assert verdict == "compliant" and findings == []


def test_the_blur_applied_is_a_share_of_the_mark_height() -> None:
    sharp, blurred = blur_sweep.blurred_logo(40.0, 0.0), blur_sweep.blurred_logo(40.0, 0.05)
    assert sharp.shape == blurred.shape and (sharp != blurred).any()
    assert blur_sweep.judge(40.0, 0.05)[0] > 0.04


def test_a_cell_gives_the_blur_the_verdict_and_the_findings() -> None:
    assert blur_sweep.cell(0.0456, "review", ["~element_missing(arrow)"]) == "0.046 review ~element_missing(arrow)"
    assert blur_sweep.cell(None, "no_logo", []) == "- no_logo"
