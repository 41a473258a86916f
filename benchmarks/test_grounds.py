"""Tests of benchmarks/grounds.py: the files it writes and the table it prints."""

from __future__ import annotations

import io

import grounds
import numpy as np
from PIL import Image

from logo_check.charter import hex_rgb


def test_each_ground_gets_the_variant_made_for_it_in_the_encoding_asked() -> None:
    light = Image.open(io.BytesIO(grounds.encoded("#FFD700", 60.0, 90, 2)))
    dark = Image.open(io.BytesIO(grounds.encoded("#003366", 60.0, 90, 0)))
    assert light.format == dark.format == "JPEG"
    corner = np.asarray(light.convert("RGB"))[5, 5].astype(int)
    assert np.abs(corner - hex_rgb("#FFD700")).max() < 8  # the page is the ground
    # the reversed variant's wordmark is white: the dark page holds near-white pixels
    assert (np.asarray(dark.convert("RGB")).min(axis=2) > 220).any()


def test_a_gradient_runs_from_one_colour_to_the_other() -> None:
    page = grounds.ground_page("#FFFFFF>#78A0E6")
    assert tuple(page[0, 0]) == (255, 255, 255) and tuple(page[-1, -1]) == hex_rgb("#78A0E6")
    assert tuple(grounds.ground_page("#FFD700")[3, 7]) == hex_rgb("#FFD700")


def test_a_case_gives_the_violations_of_the_three_encodings() -> None:
    ground, mark_px, text = grounds.judge_case(("#FFFFFF", 60.0))
    assert (ground, mark_px, text) == ("#FFFFFF", 60.0, "ok / ok / ok")


def test_the_table_has_a_row_per_ground() -> None:
    every = (*grounds.LIGHT, *grounds.GRADIENTS, *grounds.DARK)
    cells = [(g, h, "ok / ok / ok") for g in every for h in (40.0, 80.0)]
    text = grounds.table(cells, [40.0, 80.0])
    assert text.count("\n") == 1 + len(every)
    assert "| `#FFD700` | colour | ok / ok / ok | ok / ok / ok |" in text
    assert "| `#003366` | reversed |" in text
