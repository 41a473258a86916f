"""Tests of benchmarks/stage_times.py on an image drawn by the corpus generator (corpus.py)."""

from __future__ import annotations

import json
from pathlib import Path

import corpus
import pytest
import stage_times


@pytest.mark.slow  # draws a page and scans it four times: several seconds
def test_stage_times_add_up_to_the_scan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus._init_worker(str(tmp_path), 5, {"simple_icons": None, "iconify": None, "root": None})
    entries = [corpus.run_job(corpus.Job(corpus.NEGATIVES, 0, "email_icon"))]
    (tmp_path / "labels.json").write_text(json.dumps({"images": entries}))
    times = stage_times.stage_times(tmp_path, entries)
    stages = [name for name, _, _ in stage_times.STAGES]
    assert all(times[name] >= 0 for name in stages) and times["decode"] > 0
    assert times["proposals"] > 0 and times["orientation search"] > 0
    assert sum(times[name] for name in [*stages, "other"]) == pytest.approx(times["scan"])
    # the engine's functions are given back unwrapped
    import logo_check.detect

    assert logo_check.detect._orient.__module__ == "logo_check.detect"
    assert stage_times.main([str(tmp_path), "--size", "", "--limit", "1"]) == 0
    assert "| orientation search |" in capsys.readouterr().out
    assert stage_times.main([str(tmp_path), "--size", "1x1"]) == 2
