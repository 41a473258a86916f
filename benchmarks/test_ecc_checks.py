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
    # the logo on the page is registered: both stages saw a registration that was kept
    assert any(kept for _, kept, _ in out[0]) and any(kept for _, kept, _ in out[1])
    assert all(-1.0 <= score <= 1.0 for values in out.values() for score, _, _ in values)
    assert (detect._ECC_STAGES, detect._ecc, detect._fit) == (configured, ecc, fit)
    assert "configured threshold" in ecc_checks.markdown(out)
