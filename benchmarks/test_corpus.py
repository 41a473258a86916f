"""Tests of the benchmark corpus generator: plan sizes, determinism, label sanity.

Run with ``.venv/bin/pytest benchmarks/test_corpus.py`` (a few seconds; no npm needed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import corpus
import corpus_page
import pytest

NO_BRANDS: dict[str, Any] = {"simple_icons": None, "iconify": None, "root": None}
ALL_BRANDS: dict[str, Any] = {"simple_icons": "x", "iconify": "x", "root": None}


def generate(out: Path, jobs: list[corpus.Job], seed: int = 7) -> list[dict[str, Any]]:
    corpus._init_worker(str(out), seed, NO_BRANDS)
    return [corpus.run_job(j) for j in jobs]


def sample_jobs() -> list[corpus.Job]:
    jobs = [corpus.Job(corpus.POSITIVES, i, corpus.POSITIVE_KINDS[i % 4]) for i in range(4)]
    jobs += [corpus.Job(code, 0, code) for code in ("rotated", "cropped", "clear_space", "caption_unknown")]
    jobs += [corpus.Job(corpus.NEGATIVES, i, kind) for i, kind in enumerate(("photo", "email_icon"))]
    return jobs


def test_plan_sizes() -> None:
    full = corpus.plan("full", ALL_BRANDS)
    sets: dict[str, int] = {}
    for j in full:
        sets[j.set_name] = sets.get(j.set_name, 0) + 1
    assert sets[corpus.NEGATIVES] >= 1000
    assert all(sets[code] >= 60 for code in corpus.MODIFIED_SETS)
    assert sets[corpus.POSITIVES] >= 900  # a third of the first marks in each bucket: >= 300 each
    without_npm = corpus.plan("full", NO_BRANDS)
    assert sum(j.set_name == corpus.NEGATIVES for j in without_npm) >= 1000
    small = corpus.plan("small", ALL_BRANDS)
    assert 50 <= len(small) <= 70
    assert len({(j.set_name, j.index) for j in full}) == len(full)


def test_bucket_names() -> None:
    assert corpus.bucket_name(24.0) == "24-40"
    assert corpus.bucket_name(39.99) == "24-40"
    assert corpus.bucket_name(40.0) == "40-100"
    assert corpus.bucket_name(400.0) == "100-400"
    assert corpus.bucket_name(400.5) is None
    assert corpus.bucket_name(23.0) is None


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    jobs = sample_jobs()
    first = generate(tmp_path / "a", jobs)
    second = generate(tmp_path / "b", jobs)
    assert first == second
    for label in first:
        assert (tmp_path / "a" / label["file"]).read_bytes() == (tmp_path / "b" / label["file"]).read_bytes()
    other = generate(tmp_path / "c", jobs[:1], seed=8)
    assert (tmp_path / "c" / other[0]["file"]).read_bytes() != (tmp_path / "a" / first[0]["file"]).read_bytes()


def test_labels_are_consistent(tmp_path: Path) -> None:
    labels = generate(tmp_path, sample_jobs())
    for label in labels:
        w, h = label["width"], label["height"]
        assert (tmp_path / label["file"]).is_file()
        if label["set"] == corpus.NEGATIVES:
            assert label["instances"] == []
            assert label["expected_code"] is None
            continue
        assert label["instances"]
        for inst in label["instances"]:
            x0, y0, x1, y1 = inst["bbox"]
            assert 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h
            assert len(inst["quad"]) == 4
        if label["set"] == corpus.POSITIVES:
            assert label["expected_code"] is None
            for inst in label["instances"]:
                assert inst["bucket"] is not None
                assert inst["bbox"] == inst["bbox_unclipped"]  # a clean logo is never cut
                if inst["variant"] == "mono" or inst["mark_height_px"] < corpus.SCREEN_MIN_MARGIN:
                    assert label["channel"] == "sms"
        else:
            assert label["expected_code"] == label["set"]
            assert label["channel"] == "web"
    cropped = next(e for e in labels if e["set"] == "cropped")["instances"][0]
    assert 0.09 <= cropped["detail"]["fraction_measured"] <= 0.41
    rotated = next(e for e in labels if e["set"] == "rotated")["instances"][0]
    assert 8 <= abs(rotated["rotation_deg"]) <= 25
    intruded = next(e for e in labels if e["set"] == "clear_space")["instances"][0]["detail"]
    assert intruded["margin_share"] >= corpus.MIN_INTRUSION
    assert intruded["gap_s"] < 0.25


@pytest.mark.parametrize("code", corpus.MODIFIED_SETS)
def test_every_modification_builds(code: str) -> None:
    import numpy as np

    for i in range(4):
        inst, declared, _ = corpus.modified_instance(code, i, np.random.default_rng(i))
        assert declared in corpus.categories()
        assert inst.expected_code == code
        tile = corpus.prepare(inst)
        assert tile.image.getbbox() is not None


@pytest.mark.parametrize(
    ("colour", "ground", "expected"),
    [
        ("#444444", "#FFFFFF", "#444444"),  # grey text on a white page stays grey
        ("#444444", "#1C1C1C", "#BBBBBB"),  # on a dark plate it is drawn light
        ("#111111", "#111111", "#EEEEEE"),  # a black icon on a black plate: its complement
        ("#808080", "#7F7F7F", "#000000"),  # mid grey has no visible complement: black or white
    ],
)
def test_modifications_stand_out_from_what_they_are_drawn_on(colour: str, ground: str, expected: str) -> None:
    drawn = corpus_page.visible_on(colour, ground)
    assert drawn == expected
    assert corpus_page.contrast_ratio(drawn, ground) >= corpus_page.MIN_VISIBLE_CONTRAST


def test_an_icon_too_dark_for_its_plate_is_redrawn_and_a_tile_keeps_its_glyph() -> None:
    import numpy as np
    from PIL import Image

    tile = np.zeros((20, 20, 4), np.uint8)
    tile[..., :3], tile[..., 3] = (30, 30, 30), 255
    tile[8:12, 8:12, :3] = 255  # the white glyph on the tile
    redrawn = np.asarray(corpus.icon_visible_on(Image.fromarray(tile, "RGBA"), "#1C1C1C"))
    tile_colour = corpus_page.rgb_hex(redrawn[0, 0, :3])
    assert corpus_page.contrast_ratio(tile_colour, "#1C1C1C") >= corpus_page.MIN_VISIBLE_CONTRAST
    assert (redrawn[8:12, 8:12, :3] == 255).all()
    assert (np.asarray(corpus.icon_visible_on(Image.fromarray(tile, "RGBA"), "#FFFFFF")) == tile).all()


def seed_one(set_name: str, index: int) -> tuple[Any, dict[str, Any]]:
    """Image ``index`` of ``set_name`` in the benchmark's corpus of seed 1, generated and encoded
    here as ``corpus.py`` writes it (the sets used below draw no npm brand logo), and its labels."""
    import numpy as np

    kind = corpus.POSITIVE_KINDS[index % len(corpus.POSITIVE_KINDS)] if set_name == corpus.POSITIVES else set_name
    job = corpus.Job(set_name, index, kind)
    rng = corpus.job_rng(1, job)
    if set_name == corpus.POSITIVES:
        image, profile, meta = corpus.gen_positive(job, rng)
    else:
        image, profile, meta = corpus.gen_modified(job, rng, {})
    data, _, _ = corpus.finish(np.ascontiguousarray(image), rng, profile)
    return data, meta


def instances_of_seed_one(set_name: str, index: int) -> list[Any]:
    """The instances the engine finds on that image, with its labels' channel and category."""
    from logo_check.api import check_image

    data, meta = seed_one(set_name, index)
    report = check_image(data, category=meta["category"], channel=meta["channel"])
    return report.documents[0].pages[0].instances


def violations(instance: Any) -> set[str]:
    return {f.code for f in instance.findings if f.severity == "violation"}


def violations_of_seed_one(set_name: str, index: int) -> list[set[str]]:
    """The violation codes of each instance the engine finds on that image."""
    return [violations(i) for i in instances_of_seed_one(set_name, index)]


@pytest.mark.parametrize("index", [9, 51])
def test_reversed_logo_on_a_light_plate_is_the_wrong_variant_not_a_missing_wordmark(index: int) -> None:
    # variant_not_allowed, "reversed_on_light": the reversed logo's white wordmark anti-correlates
    # with the light page's template, and the first registration squeezed the logo, its wordmark
    # then "missing"; the pipeline's second look registers it without the wordmark
    [instance] = instances_of_seed_one("variant_not_allowed", index)
    found = violations(instance)
    assert instance.variant == "reversed" and "variant_not_allowed" in found, instance.findings
    assert "element_missing" not in found, instance.findings


@pytest.mark.parametrize("index", [0, 7, 36, 43, 48])
def test_logos_cut_by_the_page_edge_are_found_and_cropped(index: int) -> None:
    # cut through the mark, the band or the wordmark, by the left or the bottom edge (18-35 % of
    # the artwork outside); none was found before the orientation search compared the part on the
    # page as itself, or (7, 48) after that, until the whole artwork was registered from its own
    # pose, or (36) then, until the better of that and the partial fit's refinement was kept
    found = violations_of_seed_one("cropped", index)
    assert any("cropped" in codes for codes in found), found


@pytest.mark.parametrize("index", [291, 599])
def test_small_photographed_logos_keep_their_clear_space(index: int) -> None:
    # clean photographed brochures (S 33 and 25 px, turned 12 and 23 degrees, blurred, noisy, JPEG
    # 62). The band's red and the wordmark's blue, spread by blur and JPEG over the first pixels of
    # the margin, took 3.8 and 4.1 % of the clear space until the pixels within the charter's
    # colour_spread_px of the artwork were left out of it, as they are for additions
    [found] = violations_of_seed_one(corpus.POSITIVES, index)
    assert "clear_space" not in found, found


@pytest.mark.parametrize("index", [25, 57])
def test_a_word_in_thin_type_over_a_reversed_logo_is_an_addition(index: int) -> None:
    # "+1" in purple over the band's end and in orange over the wordmark (S 134 and 100 px, PNG):
    # 0.24 and 0.25 % of the artwork's box, under the addition limit until it went from 0.3 to
    # 0.2 % with the floor of MIN_FOREIGN_BLOB_PX
    [found] = violations_of_seed_one("addition", index)
    assert "addition" in found, found
