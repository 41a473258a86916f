"""Thread pools of the numerical libraries, sized for the engine.

The engine's matrix products are small and many: OpenBLAS spreading each over every core costs
CPU for no gain (measured on a 1080p negative: 0.54 s wall and 1.04 s CPU with the default
threads, 0.52 s and 0.78 s with one; several worker processes, each with a full pool, slow each
other down many times over). So the engine runs BLAS on one thread in every process
(:func:`limit_blas`; threadpoolctl sets it at run time, for libraries already loaded, where
environment variables would come too late), and a worker process, one of N on N cores, asks for
one thread of OpenCV and OpenMP too (:func:`one_thread_per_worker`).

OpenCV's thread count is never changed with ``cv2.setNumThreads`` in a worker: in a process forked
from one whose OpenCV pool is running, that call waits for the pool's threads, which the fork did
not copy, and the worker hangs (as ``scan_paths`` workers did). A worker asks for one thread
through OpenCV's ``OPENCV_FOR_THREADS_NUM`` instead, which OpenCV reads when it first starts its
pool in that process: a worker started clean (``forkserver`` or ``spawn``, as the crawl's are) gets
one thread; a worker forked from a process whose pool has started keeps the pool it inherited.
"""

from __future__ import annotations

import os

#: The process in which :func:`limit_blas` last ran: a process forked from it sets its own limits
#: again (for the BLAS libraries loaded since, which it holds too).
_blas_limited_in: int | None = None

#: Environment variables read by the thread pools a worker starts after this point: OpenCV's
#: (read when its pool first starts), OpenMP's and the BLAS libraries' (read when they load).
ONE_THREAD_VARIABLES = ("OPENCV_FOR_THREADS_NUM", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def limit_blas() -> None:
    """BLAS pools of this process on one thread (once per process: a forked child, which inherits
    the flag, runs it again)."""
    global _blas_limited_in
    if _blas_limited_in == os.getpid():
        return
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    _blas_limited_in = os.getpid()


def one_thread_per_worker() -> None:
    """A worker process's setting: BLAS on one thread now, and one thread for the OpenCV and
    OpenMP pools that start in it later (a value already set in the environment is kept). Safe in
    any worker, however it was started: nothing here waits for another thread."""
    for name in ONE_THREAD_VARIABLES:
        os.environ.setdefault(name, "1")
    limit_blas()
