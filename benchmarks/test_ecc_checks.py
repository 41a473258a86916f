"""Tests of benchmarks/ecc_checks.py on an image drawn by the corpus generator (corpus.py)."""

from __future__ import annotations

import json
from pathlib import Path

import corpus
import ecc_checks
import pytest


@pytest.mark.slow  # draws a page with the logo and runs the detector on it: several seconds
def test_early_looks_are_collected_and_the_detector_restored(tmp_path: Path) -> None:
    import logo_check.detect as detect

    configured, ecc, fit = detect._ECC_STAGES, detect._ecc, detect._fit
    corpus._init_worker(str(tmp_path), 5, {"simple_icons": None, "iconify": None, "root": None})
    entry = corpus.run_job(corpus.Job(corpus.POSITIVES, 0, "web"))
    (tmp_path / "labels.json").write_text(json.dumps({"images": [entry]}))
    out = ecc_checks.collect([tmp_path])
    # the logo on the page is registered: both stages with an early check (the first and the
    # last) saw a registration that was kept
    last = len(detect._ECC_STAGES) - 1
    assert set(out) == {0, last}
    assert any(kept for _, kept, _ in out[0]) and any(kept for _, kept, _ in out[last])
    assert all(-1.0 <= score <= 1.0 for values in out.values() for score, _, _ in values)
    assert (detect._ECC_STAGES, detect._ecc, detect._fit) == (configured, ecc, fit)
    assert "configured threshold" in ecc_checks.markdown(out)


@pytest.mark.slow  # draws a page and runs the detector on it: several seconds
def test_registrations_refined_from_a_partial_fit_are_collected(tmp_path: Path) -> None:
    # a logo without its caption band (the element_missing set): the artwork without the band
    # fits it confidently, and that fit is refined once more with the whole artwork from its
    # homography (detect._fit's ``start``), a call the collector must pass on as made
    import logo_check.detect as detect

    fit = detect._fit
    starts: list[bool] = []

    def spy(*args: object, **kwargs: object) -> object:
        starts.append(kwargs.get("start") is not None)
        return fit(*args, **kwargs)

    corpus._init_worker(str(tmp_path), 5, {"simple_icons": None, "iconify": None, "root": None})
    entry = corpus.run_job(corpus.Job("element_missing", 1, "element_missing"))
    (tmp_path / "labels.json").write_text(json.dumps({"images": [entry]}))
    detect._fit = spy
    try:
        out = ecc_checks.collect([tmp_path])
    finally:
        detect._fit = fit
    assert any(starts)
    assert any(kept for _, kept, _ in out[len(detect._ECC_STAGES) - 1])
