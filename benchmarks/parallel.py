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


def sweep_arguments(description: str, heights: Sequence[float], argv: list[str] | None) -> tuple[list[float], int]:
    """The mark heights (``--heights``, comma-separated, default ``heights``) and the worker count
    (``--workers``, default 1) of a sweep script's command line ``argv``."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--heights", default=",".join(f"{h:g}" for h in heights), help="mark heights S, in px")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    return [float(v) for v in args.heights.split(",")], args.workers
