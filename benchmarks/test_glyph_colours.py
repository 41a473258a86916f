"""Tests of benchmarks/glyph_colours.py: the pictures it scans and the table it prints."""

from __future__ import annotations

import io

import glyph_colours
import numpy as np
from PIL import Image


def test_white_is_the_charter_glyph_and_grey_departs_from_it() -> None:
    assert glyph_colours.delta_e_to_white("#FFFFFF") < 1e-6
    assert 15.0 < glyph_colours.delta_e_to_white("#B0B0B0") < 25.0


def test_a_light_scales_the_whole_picture() -> None:
    white = np.asarray(Image.open(io.BytesIO(glyph_colours.captured("#FFFFFF", 0, 0, 60.0))).convert("RGB"))
    dim = np.asarray(Image.open(io.BytesIO(glyph_colours.captured("#FFFFFF", 0, 1, 60.0))).convert("RGB"))
    # the page's corner, white in white light, reads at 0.7 of it in the dim room
    assert white[3, 3].min() > 245 and abs(int(dim[3, 3, 0]) - round(0.7 * int(white[3, 3, 0]))) <= 3


def test_the_dark_ground_gets_the_reversed_variant() -> None:
    dark = np.asarray(Image.open(io.BytesIO(glyph_colours.captured("#FFFFFF", 1, 0, 60.0))).convert("RGB"))
    assert dark[3, 3].max() < 40  # the page is dark
    assert (dark.min(axis=2) > 220).any()  # the reversed variant's white wordmark


def test_a_grey_glyph_is_a_colour_change_and_a_white_one_is_not() -> None:
    assert glyph_colours.judge_case(("#FFFFFF", 0, 0, 100.0))[4] == "compliant"
    assert glyph_colours.judge_case(("#8C8C8C", 0, 0, 100.0))[4] == "non_compliant colour_changed(at_sign)"


def test_the_table_has_a_row_per_glyph_colour_and_light() -> None:
    cells = [
        (c, g, li, h, "compliant")
        for c in glyph_colours.COLOURS
        for g in range(len(glyph_colours.GROUNDS))
        for li in range(len(glyph_colours.LIGHTS))
        for h in (40.0, 80.0)
    ]
    text = glyph_colours.table(cells, [40.0, 80.0])
    rows = len(glyph_colours.COLOURS) * len(glyph_colours.GROUNDS) * len(glyph_colours.LIGHTS)
    assert text.count("\n") == 1 + rows
    assert "| `#FFFFFF` | 0.0 | light page | white | compliant | compliant |" in text
    assert "| `#B0B0B0` | 18.4 | dark page | dim ×0.7 | compliant | compliant |" in text


def test_the_other_inks_are_drawn_in_the_colour_asked() -> None:
    assert glyph_colours.judge_other_ink(("caption", "#FFFFFF", 100.0)) == ("caption", "#FFFFFF", 100.0, "compliant")
    cells = [
        (shape, c, h, "compliant")
        for shape, cs in glyph_colours.OTHER_INKS
        for c in cs
        for h in glyph_colours.OTHER_HEIGHTS
    ]
    text = glyph_colours.other_inks_table(cells)
    assert text.count("\n") == 1 + sum(len(cs) for _, cs in glyph_colours.OTHER_INKS)
    assert "| `arrow-outline` | `#000000` | 100.0 | compliant | compliant | compliant |" in text
