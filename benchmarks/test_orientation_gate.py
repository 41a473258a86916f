"""Tests of benchmarks/orientation_gate.py: the detector's steps it repeats, and its tables."""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import orientation_gate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def test_the_steps_repeated_find_what_the_detector_finds(tmp_path: Path) -> None:
    from scenes import corners, scene

    from logo_check.charter import load_charter
    from logo_check.detect import detect
    from logo_check.model import Page

    charter = load_charter()
    image, h = scene(charter, mark_px=70)
    cv2.imwrite(str(tmp_path / "logo.png"), cv2.cvtColor(image, cv2.COLOR_RGB2BGR))
    quad = corners(h, charter.aspect_ratio)
    box = [float(quad[:, 0].min()), float(quad[:, 1].min()), float(quad[:, 0].max()), float(quad[:, 1].max())]
    entry = {"file": "logo.png", "set": "positives", "instances": [{"bbox": box}]}
    row = orientation_gate.measure((str(tmp_path), entry))
    assert row["proposals"] >= len(row["scores"]) > 0 and row["instances"] == 1
    assert len(row["on_logos"]) == 1 and row["on_logos"][0] >= 0.6
    _, _, kept = orientation_gate.hypotheses(tmp_path / "logo.png")
    assert len(kept) == len(detect(Page(0, image), charter))


def test_the_tables_count_hypotheses_and_instances_lost() -> None:
    rows = [
        {"set": "negatives", "proposals": 10, "scores": [0.7, 0.5, 0.4, 0.3], "on_logos": [], "instances": 0},
        {"set": "negatives", "proposals": 20, "scores": [0.45, 0.36], "on_logos": [], "instances": 0},
        {"set": "positives", "proposals": 5, "scores": [0.8], "on_logos": [0.8, 0.52], "instances": 2},
    ]
    text = orientation_gate.summary(rows, refined=2)
    assert "Negatives: 2 images, 15.0 proposals each" in text
    assert "| 0.35 | 2.5 | 2.0 |" in text and "| 0.50 | 1.0 | 1.0 |" in text
    assert "2 instances found on 2 logos" in text and "least 0.520" in text
    assert "0.50: 0" in text and "0.55: 1" in text
