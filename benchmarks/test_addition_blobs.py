"""Tests of benchmarks/addition_blobs.py: the table it prints, and the blobs it records on an
image drawn by the corpus generator (corpus.py)."""

from __future__ import annotations

from pathlib import Path

import addition_blobs
import corpus


def test_the_table_lists_clean_blobs_and_the_smallest_additions() -> None:
    rows = [
        {"group": "clean", "file": "a.jpg", "mark_px": 31.5, "addition": 0.0, "blobs_px": [19.0, 12.0], "plain": 0.5},
        {"group": "clean", "file": "b.jpg", "mark_px": 80.0, "addition": 0.0, "blobs_px": []},
        {"group": "addition", "file": "c.png", "mark_px": 100.0, "addition": 0.0025, "blobs_px": [140.0]},
        {"group": "addition", "file": "d.jpg", "mark_px": 90.0, "addition": 0.0, "blobs_px": []},
        {"group": "addition", "file": "e.jpg", "mark_px": 120.0, "addition": 0.004, "blobs_px": [400.0, 90.0]},
    ]
    text = addition_blobs.markdown(rows, lowest=2)
    assert "clean instances measured: 2, with a blob of 0.01 S² or more: 1" in text
    assert "| a.jpg | 31.5 | 19, 12 | 0.00% |" in text and "b.jpg" not in text
    # the two smallest additions, smallest first; the third is left out of the list
    assert text.index("| d.jpg | 90.0 | none | 0.00% |") < text.index("| c.png | 100.0 | 140 | 0.25% |")
    assert "e.jpg" not in text
    assert "smallest largest blob of addition: 140 page px" in text
    # one clean instance says how plain its surroundings are: under the bound of 0.8
    assert "| clean | 1 | 0.500 | 0.500 | 1 |" in text and "| addition |" not in text.split("plain ground")[1]


def test_the_blobs_of_an_addition_are_recorded_and_verify_restored(tmp_path: Path) -> None:
    from logo_check import verify
    from logo_check.verify import additions, surroundings

    original, original_plain = additions.blob_area, verify.plain_share
    corpus._init_worker(str(tmp_path), 1, {"simple_icons": None, "iconify": None, "root": None})
    entry = corpus.run_job(corpus.Job("addition", 25, "addition"))  # "+1" over a reversed logo's band
    addition_blobs.record()
    try:
        [row] = addition_blobs.measure_image((str(tmp_path), entry))
    finally:
        additions.blob_area, verify.plain_share = original, original_plain
    # S 134 px: the word's blob covers more than both floors (0.01 S² is 180 page px)
    assert row["group"] == "addition" and row["blobs_px"][0] > 180, row
    assert row["addition"] > 0.002, row
    # drawn on a plain page: the page around its box is a plain ground, not a picture
    assert row["plain"] > surroundings.PLAIN_SHARE, row
