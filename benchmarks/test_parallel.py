"""Tests of benchmarks/parallel.py."""

from __future__ import annotations

import math

from parallel import run_all


def test_results_keep_the_jobs_order_in_this_process_and_in_workers() -> None:
    jobs = [4.0, 9.0, 16.0, 25.0, 36.0]
    assert run_all(math.sqrt, jobs, 1) == [2.0, 3.0, 4.0, 5.0, 6.0]
    assert run_all(math.sqrt, jobs, 2, chunksize=2) == [2.0, 3.0, 4.0, 5.0, 6.0]


def test_a_sweep_reads_its_heights_and_workers() -> None:
    from parallel import sweep_arguments

    assert sweep_arguments("a sweep", (40.0, 80.0), []) == ([40.0, 80.0], 1)
    assert sweep_arguments("a sweep", (40.0,), ["--heights", "24,32.5", "--workers", "2"]) == ([24.0, 32.5], 2)
