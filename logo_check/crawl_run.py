"""crawl_run: where a crawl's work items are checked — in this process, in local worker processes, or
on a Dask distributed cluster — behind one small interface. :func:`logo_check.api.scan_paths` runs
the files of a scan with ``workers`` > 1 through :class:`PoolRunner` too.

A runner takes items with :meth:`submit` and hands back finished results with :meth:`finished`;
the caller keeps at most :attr:`window` items in flight, so memory stays bounded whatever the
archive's size. The function run on each item (:func:`logo_check.crawl.check_item`) and its
arguments are the same everywhere, so the three runners give the same results.

An item whose check kills the process running it (a crash inside a native decoder: no exception
reaches Python) does not stop the run: the local pool is started again and the items that were
in flight are checked once more one at a time, so that the one that kills its worker again is
known; on a Dask cluster the scheduler retries it (``distributed.scheduler.allowed-failures``),
then gives it up (``KilledWorker``) with the items that were running beside it on that worker,
and each of those is checked once more on its own. Either way the result of the item that kills
its worker again is ``on_crash(item)``, given by the caller. (On a cluster, an item that happens
to run beside another crashing item in both of its tries would be given up too.)
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

    def __init__(
        self,
        workers: int,
        function: Callable[..., Any],
        *args: Any,
        on_crash: Callable[[Any], Any] | None = None,
    ) -> None:
        self.workers = workers
        self.pool = process_pool(self.workers)
        self.function, self.args = function, args
        self.on_crash = on_crash
        self.futures: dict[Any, Any] = {}  # future -> its item
        self.window = workers * ITEMS_PER_WORKER

    def submit(self, item: Any) -> None:
        self.futures[self.pool.submit(self.function, item, *self.args)] = item

    def finished(self, wait: bool) -> list[Any]:
        from concurrent.futures import FIRST_COMPLETED
        from concurrent.futures import wait as wait_for
        from concurrent.futures.process import BrokenProcessPool

        if not self.futures:
            return []
        done, _ = wait_for(list(self.futures), timeout=None if wait else 0, return_when=FIRST_COMPLETED)
        results, suspects = [], []
        for future in done:
            item = self.futures.pop(future)
            try:
                results.append(future.result())
            except BrokenProcessPool:
                suspects.append(item)
        if suspects:  # a worker died: every item still in flight failed with it
            suspects += self.futures.values()
            self.futures = {}
            results += self._one_by_one(suspects)
        return results

    def _one_by_one(self, items: list[Any]) -> list[Any]:
        """The items of a broken pool checked again one at a time in a new pool; the result of one
        that kills its worker again is ``on_crash(item)`` (without ``on_crash``, the error is raised)."""
        from concurrent.futures.process import BrokenProcessPool

        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = process_pool(self.workers)
        results = []
        for item in items:
            try:
                results.append(self.pool.submit(self.function, item, *self.args).result())
            except BrokenProcessPool:
                if self.on_crash is None:
                    raise
                results.append(self.on_crash(item))
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = process_pool(self.workers)
        return results

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


def process_pool(workers: int) -> Any:
    """A ``ProcessPoolExecutor`` of ``workers`` engine processes (also the pages of one long
    document's, :mod:`logo_check.raster_pool`). Forkserver: workers start from a clean process, not
    from a fork of this one, whose OpenCV and BLAS thread pools (when already loaded) must not be
    copied into a child mid-state; each set up by :func:`_start_worker`."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("forkserver")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker)


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

    def __init__(
        self, scheduler: Any, function: Callable[..., Any], *args: Any, on_crash: Callable[[Any], Any] | None = None
    ) -> None:
        self.on_crash = on_crash
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
        self.futures: dict[Any, Any] = {}  # future -> its item
        # like local workers: OpenCV on one thread per Dask worker thread (Dask already sets
        # OMP_NUM_THREADS=1 and the like in the workers it starts)
        self.client.register_plugin(_one_thread_plugin(), name="logo-check-one-thread")
        threads = sum(self.client.nthreads().values()) or 1
        self.window = threads * ITEMS_PER_WORKER

    def submit(self, item: Any) -> None:
        self.futures[self._submitted(item)] = item

    def _submitted(self, item: Any) -> Any:
        """The future of ``item``'s check; a large image travels to a worker on its own rather than
        inside the task's description."""
        sent = self.client.scatter(item, direct=True) if len(getattr(item, "data", b"")) > SCATTER_BYTES else item
        return self.client.submit(self.function, sent, *self.args, pure=False)

    def finished(self, wait: bool) -> list[Any]:
        from distributed import wait as wait_for

        if not self.futures:
            return []
        from distributed.scheduler import KilledWorker

        if wait:
            # distributed.wait asks for the current client, and the runner's own client is not the
            # default one (set_as_default=False: a library must not change its caller's default)
            with self.client.as_current():
                done, _ = wait_for(list(self.futures), return_when="FIRST_COMPLETED")
        else:
            done = {f for f in self.futures if f.done()}
        results = []
        for future in done:
            item = self.futures.pop(future)
            try:
                results.append(future.result())
            except KilledWorker:  # its workers died on it as often as the scheduler allows
                if self.on_crash is None:
                    raise
                results.append(self._once_more(item))
            future.release()
        return results

    def _once_more(self, item: Any) -> Any:
        """``item``, given up by the scheduler, checked once more on its own (waiting for it): an
        image that was only running beside the one that crashed its worker comes through; the
        one that crashes it again gets ``on_crash(item)``."""
        from distributed.scheduler import KilledWorker

        future = self._submitted(item)
        try:
            return future.result()
        except KilledWorker:
            assert self.on_crash is not None
            return self.on_crash(item)
        finally:
            future.release()

    @property
    def pending(self) -> int:
        return len(self.futures)

    def close(self, cancel: bool = False) -> None:
        if cancel and self.futures:
            self.client.cancel(list(self.futures))
        self.futures = {}
        if self.own_client:
            self.client.close()
