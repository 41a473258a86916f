"""Tests of compare_runs.py on two small runs written here (the shape of ``score.py --out``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import compare_runs


def image(name: str, set_name: str, boxes: list[list[float]], verdict: str, codes: list[str]) -> dict[str, Any]:
    truth = [{"bbox": [0.0, 0.0, 200.0, 40.0], "mark_height_px": 40.0, "variant": "mono"}]
    findings = [{"code": c, "severity": "violation", "element": None} for c in codes]
    findings.append({"code": "exception_applied", "severity": "info", "element": None})
    predicted = [{"bbox": b, "verdict": verdict, "findings": findings} for b in boxes]
    return {"file": name, "set": set_name, "truth": truth, "predicted": predicted, "matches": [[0, 0, 0.9]]}


def write(path: Path, images: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps({"images": images}), encoding="utf-8")
    return path


def test_changed_verdicts_and_moved_boxes(tmp_path: Path) -> None:
    before = write(
        tmp_path / "before.json",
        [
            image("a.png", "positives", [[1.2, 0.0, 200.0, 40.0]], "compliant", []),
            image("b.png", "positives", [[0.0, 2.0, 200.0, 40.0]], "compliant", []),
            image("c.png", "rotated", [[0.0, 0.0, 200.0, 40.0]], "non_compliant", ["rotated"]),
        ],
    )
    after = write(
        tmp_path / "after.json",
        [
            image("a.png", "positives", [[0.2, 0.0, 200.0, 40.0]], "compliant", []),  # 1.2 px → 0.2 px
            image("b.png", "positives", [[0.0, 3.0, 200.0, 40.0]], "non_compliant", ["distorted"]),
            image("c.png", "rotated", [[0.0, 0.0, 200.0, 40.05]], "non_compliant", ["rotated"]),  # not a move
        ],
    )
    out = compare_runs.compare(compare_runs.load(before), compare_runs.load(after))
    assert "`b.png`" in out and "`a.png`" not in out and "`c.png`" not in out
    assert "('non_compliant', ('distorted',))" in out
    assert "changed: positives 1 (of 3)" in out
    # a closer (1.2 → 0.2 px), b farther (2 → 3 px): medians of 0.03 and 0.05 S before, of 0.005
    # and 0.075 S after
    assert "| positives | mono | 2 | 1 | 1 | 0.040 | 0.040 |" in out
    assert "rotated |" not in out.split("| --- |")[-1]
