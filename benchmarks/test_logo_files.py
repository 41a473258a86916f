"""Tests of benchmarks/logo_files.py: the files it writes and the cells it prints."""

from __future__ import annotations

import io

import logo_files
import numpy as np
from PIL import Image


def test_a_file_holds_the_artwork_alone_with_the_margin_asked() -> None:
    tight = Image.open(io.BytesIO(logo_files.logo_file("offre_referencee", "colour", 40, 0, "png")))
    padded = Image.open(io.BytesIO(logo_files.logo_file("offre_referencee", "colour", 40, 2, "png")))
    assert tight.mode == "RGBA" and padded.size == (tight.width + 4, tight.height + 4)
    alpha = np.asarray(tight)[..., 3]
    # the artwork touches every edge of the tight file: the disc left, top and bottom, the band right
    assert alpha[:, 0].max() > 128 and alpha[:, -1].max() > 128 and alpha[0].max() > 128 and alpha[-1].max() > 128
    dark = Image.open(io.BytesIO(logo_files.logo_file("offre_referencee", "reversed", 40, 2, "jpeg-dark")))
    assert dark.format == "JPEG" and np.asarray(dark)[0, 0].max() < 45  # flattened on the dark grey


def test_the_channel_allows_the_variant_and_size() -> None:
    assert logo_files.channel_for("mono", 100) == "sms"
    assert logo_files.channel_for("colour", 32) == "sms"
    assert logo_files.channel_for("colour", 40) == "web"


def test_a_case_is_judged_on_its_own_category() -> None:
    row = logo_files.judge_case(("centre_competence_tpe", "colour", 48, 0, "png"))
    assert row == {"variant": "colour", "encoding": "png", "mark_px": 48, "compliant": True, "codes": []}


def test_a_cell_counts_the_compliant_files_and_the_others_violations() -> None:
    rows = [
        {"compliant": True, "codes": []},
        {"compliant": False, "codes": ["cropped"]},
        {"compliant": False, "codes": ["cropped", "element_altered(caption)"]},
        {"compliant": False, "codes": []},
    ]
    assert logo_files.cell(rows) == "1/4 (cropped 2, element_altered(caption) 1, review 1)"
