"""raster_pool: the rasters of one long document scanned in worker processes.

``logo-check scan brochure.pdf`` on a machine of several cores scanned the document's pages one
after the other in the command's own process: files are what ``--workers`` spreads, and there was
one. When a scan has a single file to read and more than one worker (:func:`logo_check.api.scan_paths`),
it sets :data:`logo_check.pipeline.RASTER_POOL` to a :class:`RasterPool`, and a document of at
least :data:`MIN_POOLED_RASTERS` rasters has them scanned there, each by the same function as in
the process (:func:`logo_check.pipeline.raster_instances`), so the report is the same. The worker
processes start on first use (a single image never pays for them), from a forkserver as the
crawl's do (:mod:`logo_check.crawl_run`), one thread each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: Rasters a document needs for its scan to go to the pool: starting the workers costs about a
#: second (each imports the engine), so a short document would wait longer for them than it
#: gains. ``benchmarks/pdf_pages.py --copies 1,2,4,8,16 --repeat 1`` with this bar at 4 and 2
#: workers: 5 rasters went 0.51 times as fast as alone, 10 rasters 0.94 times, 20 rasters 1.24
#: times, 80 rasters 1.64 times (docs/benchmarks.md).
MIN_POOLED_RASTERS = 16


class RasterPool:
    """Worker processes for the rasters of long documents, started on first use; a context manager
    that stops them."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor: Any = None

    def submit(self, function: Callable[..., Any], *args: Any) -> Any:
        """The future of ``function(*args)`` in a worker process."""
        if self._executor is None:
            from .crawl_run import process_pool

            self._executor = process_pool(self.workers)
        return self._executor.submit(function, *args)

    def restart(self) -> None:
        """Drop the workers (after one died: the executor is broken); the next use starts others."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> RasterPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
