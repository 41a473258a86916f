"""One way for the small benchmark scripts to run their cases: in worker processes or in this one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any


def run_all(function: Callable[[Any], Any], jobs: Sequence[Any], workers: int, chunksize: int = 1) -> list[Any]:
    """``function`` applied to every job, in order: in ``workers`` processes when more than one
    (``function`` and the jobs must then pickle), else here."""
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            return list(pool.map(function, jobs, chunksize=chunksize))
    return [function(job) for job in jobs]
