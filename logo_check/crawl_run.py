"""crawl_run: where a crawl's work items are checked — in this process, in local worker processes, or
on a Dask distributed cluster — behind one small interface.

A runner takes items with :meth:`submit` and hands back finished results with :meth:`finished`;
the caller keeps at most :attr:`window` items in flight, so memory stays bounded whatever the
archive's size. The function run on each item (:func:`logo_check.crawl.check_item`) and its
arguments are the same everywhere, so the three runners give the same results.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import UsageError
from .i18n import LibraryReason

#: Items in flight per worker: enough to keep every worker busy while the archive is read.
ITEMS_PER_WORKER = 4
#: How long to try reaching a Dask scheduler before giving up (a usage error, exit code 2).
DASK_CONNECT_TIMEOUT = "10s"
#: Images larger than this (bytes) are sent to Dask workers with ``scatter``, not in the task itself.
SCATTER_BYTES = 1024 * 1024


class InlineRunner:
    """Checks each item at once, in this process (``--workers 1``), with BLAS on one thread as
    everywhere in the engine. OpenCV keeps this process's own setting: changing it here could hang
    (this process may be a fork of one whose OpenCV pool runs: :mod:`logo_check.threads`)."""

    window = 1

    def __init__(self, function: Callable[..., Any], *args: Any) -> None:
        from .threads import limit_blas

        limit_blas()
        self.function, self.args = function, args
        self.results: list[Any] = []

    def submit(self, item: Any) -> None:
        self.results.append(self.function(item, *self.args))

    def finished(self, wait: bool) -> list[Any]:
        out, self.results = self.results, []
        return out

    @property
    def pending(self) -> int:
        return len(self.results)

    def close(self, cancel: bool = False) -> None:
        pass


class PoolRunner:
    """Local worker processes (``--workers N``)."""

    def __init__(self, workers: int, function: Callable[..., Any], *args: Any) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # forkserver: workers start from a clean process, not from a fork of this one, whose OpenCV
        # and BLAS thread pools (when already loaded) must not be copied into a child mid-state
        context = multiprocessing.get_context("forkserver")
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker)
        self.function, self.args = function, args
        self.futures: set[Any] = set()
        self.window = workers * ITEMS_PER_WORKER

    def submit(self, item: Any) -> None:
        self.futures.add(self.pool.submit(self.function, item, *self.args))

    def finished(self, wait: bool) -> list[Any]:
        from concurrent.futures import FIRST_COMPLETED
        from concurrent.futures import wait as wait_for

        if not self.futures:
            return []
        done, self.futures = wait_for(self.futures, timeout=None if wait else 0, return_when=FIRST_COMPLETED)
        return [future.result() for future in done]

    @property
    def pending(self) -> int:
        return len(self.futures)

    def close(self, cancel: bool = False) -> None:
        self.pool.shutdown(wait=True, cancel_futures=cancel)


def _one_thread_plugin() -> Any:
    """A Dask worker plugin: one thread per pool in each worker (present and future), as in local
    workers (:func:`logo_check.threads.one_thread_per_worker`). Defined on first use, so that
    distributed is only imported with --dask-scheduler (cloudpickle ships it)."""
    from distributed import WorkerPlugin

    class OneThread(WorkerPlugin):
        def setup(self, worker: Any) -> None:
            from logo_check.threads import one_thread_per_worker

            one_thread_per_worker()

    return OneThread()


def _start_worker() -> None:
    """Set up a worker process: one thread each (N processes on N cores, not N × N threads: the
    engine's OpenCV calls would otherwise each spread over every core), and Ctrl-C ignored (the main
    process stops the scan, cancels what is queued and keeps the resume state consistent, instead of
    every worker printing its own traceback). Nothing here may wait for a thread
    (:mod:`logo_check.threads`): a worker can be a fork of a process whose OpenCV pool runs."""
    import signal

    from .threads import one_thread_per_worker

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    one_thread_per_worker()


class DaskRunner:
    """A Dask distributed cluster (``--dask-scheduler tcp://HOST:PORT``), or a ``Client`` given."""

    def __init__(self, scheduler: Any, function: Callable[..., Any], *args: Any) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise UsageError("dask_missing") from None
        if isinstance(scheduler, str):
            try:
                self.client = Client(scheduler, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False)
            except (OSError, TimeoutError) as exc:
                raise UsageError("dask_unreachable", address=scheduler, reason=LibraryReason.of(exc)) from None
            self.own_client = True
        else:
            self.client, self.own_client = scheduler, False
        self.function, self.args = function, args
        self.futures: set[Any] = set()
        # like local workers: OpenCV on one thread per Dask worker thread (Dask already sets
        # OMP_NUM_THREADS=1 and the like in the workers it starts)
        self.client.register_plugin(_one_thread_plugin(), name="logo-check-one-thread")
        threads = sum(self.client.nthreads().values()) or 1
        self.window = threads * ITEMS_PER_WORKER

    def submit(self, item: Any) -> None:
        # a large image travels to a worker on its own rather than inside the task's description
        if len(getattr(item, "data", b"")) > SCATTER_BYTES:
            item = self.client.scatter(item, direct=True)
        self.futures.add(self.client.submit(self.function, item, *self.args, pure=False))

    def finished(self, wait: bool) -> list[Any]:
        from distributed import wait as wait_for

        if not self.futures:
            return []
        if wait:
            # distributed.wait asks for the current client, and the runner's own client is not the
            # default one (set_as_default=False: a library must not change its caller's default)
            with self.client.as_current():
                done, not_done = wait_for(list(self.futures), return_when="FIRST_COMPLETED")
        else:
            done = {f for f in self.futures if f.done()}
            not_done = self.futures - done
        self.futures = set(not_done)
        results = [future.result() for future in done]
        for future in done:
            future.release()
        return results

    @property
    def pending(self) -> int:
        return len(self.futures)

    def close(self, cancel: bool = False) -> None:
        if cancel and self.futures:
            self.client.cancel(list(self.futures))
        self.futures = set()
        if self.own_client:
            self.client.close()
