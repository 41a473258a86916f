"""Thread pools of the numerical libraries, sized for the engine.

The engine's matrix products are small and many: OpenBLAS spreading each over every core costs
CPU for no gain (measured on a 1080p negative: 0.54 s wall and 1.04 s CPU with the default
threads, 0.52 s and 0.78 s with one; several worker processes, each with a full pool, slow each
other down many times over). So the engine runs BLAS on one thread in every process
(:func:`limit_blas`); a worker process started before OpenCV runs any thread can also put OpenCV
on one thread (:func:`one_thread_per_process`) — not one forked from a process whose OpenCV pool
is running, which would wait for threads the fork did not copy. threadpoolctl sets BLAS at run
time, for libraries already loaded, where environment variables would come too late.
"""

from __future__ import annotations

_blas_limited = False


def limit_blas() -> None:
    """BLAS and OpenMP pools of this process on one thread (once per process)."""
    global _blas_limited
    if _blas_limited:
        return
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    _blas_limited = True


def one_thread_per_process() -> None:
    """A worker process's setting: BLAS and OpenCV on one thread each."""
    import cv2

    cv2.setNumThreads(1)
    limit_blas()
