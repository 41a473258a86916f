"""Background workers: each claims jobs from SQLite and runs every check in a child process.

The child (forked from the warm worker, so the engine is already imported) runs
:func:`service.checking.run_check` and sends its outcome back through a pipe. The worker keeps the
job's lease alive while it waits; a child that exceeds the wall-clock limit is killed and the job
fails with ``timeout``; a child that dies without an answer fails the job with ``crashed`` (and the
signal). Either way only that document fails: the worker goes on with the next job. A worker that
is itself killed leaves its job ``running`` with a lease that runs out; the next worker to look
claims it again.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import socket
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import jobs
from .db import DB_FILE, connect
from .jobs import ClaimedJob, JobOutcome

POLL_SECONDS = 0.25
Check = Callable[[str, ClaimedJob], JobOutcome]


def _die_with_parent() -> None:
    """Linux: have the kernel kill this process when its parent dies (no orphaned checks)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _child(send: Any, check: Check, store_root: str, job: ClaimedJob) -> None:
    from . import checking

    _die_with_parent()
    checking.PROGRESS = lambda done, total: send.send(("progress", done, total))
    try:
        outcome = check(store_root, job)
    except Exception as exc:  # the engine's bug: this document fails, with the reason
        outcome = JobOutcome(state="failed", error_code="internal_error", error_detail=f"{type(exc).__name__}: {exc}")
    send.send(("outcome", outcome))
    send.close()


def run_job(
    con: Any, job: ClaimedJob, worker: str, store_root: str, settings: dict[str, Any], check: Check | None = None
) -> JobOutcome:
    """Run ``job`` in a child process within the wall-clock limit; record and return its outcome."""
    from .checking import run_check

    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    receive, send = context.Pipe(duplex=False)
    # not a daemon: the check may start its own child (the PDF reader does); it dies with us (PDEATHSIG)
    child = context.Process(target=_child, args=(send, check or run_check, store_root, job), daemon=False)
    started = time.monotonic()
    child.start()
    send.close()
    lease, timeout = float(settings["JOB_LEASE"]), float(settings["JOB_TIMEOUT"])
    last_beat = time.monotonic()
    outcome: JobOutcome | None = None
    while True:
        if receive.poll(min(POLL_SECONDS, lease / 3)):
            try:
                message = receive.recv()
            except EOFError:  # the child died before it answered
                break
            if message[0] == "progress":
                jobs.record_progress(con, job.id, worker, message[1], message[2])
                continue
            outcome = message[1]
            break
        if not child.is_alive():
            break
        if time.monotonic() - started > timeout:
            child.kill()
            outcome = JobOutcome(state="failed", error_code="timeout", error_detail=f"{timeout:g}")
            break
        if time.monotonic() - last_beat > lease / 3:
            if not jobs.heartbeat(con, job.id, worker, lease):
                child.kill()  # the job was taken from us (lease lost): let its new owner finish it
                child.join()
                return JobOutcome(state="lost")
            last_beat = time.monotonic()
    child.join(5)
    if child.is_alive():
        child.kill()
        child.join()
    if outcome is None:
        code = child.exitcode
        reason = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        outcome = JobOutcome(state="failed", error_code="crashed", error_detail=reason)
    jobs.finish(con, job.id, worker, outcome)
    return outcome


def work(
    data_dir: str, settings: dict[str, Any], stop: Any = None, once: bool = False, check: Check | None = None
) -> int:
    """Claim and run jobs until ``stop`` is set (or, with ``once``, until the queue is empty).

    Returns how many jobs it ran. Stops by itself when its parent process is gone.
    """
    import logo_check.api  # noqa: F401  (warm: children fork with the engine imported)

    parent = os.getppid()
    name = f"{socket.gethostname()}:{os.getpid()}"
    con = connect(Path(data_dir) / DB_FILE)
    store_root = str(Path(data_dir) / "files")
    ran = 0
    try:
        while not (stop is not None and stop.is_set()):
            if not once and os.getppid() != parent:
                break
            try:
                job = jobs.claim(con, name, float(settings["JOB_LEASE"]), int(settings["JOB_MAX_ATTEMPTS"]))
                if job is None:
                    if once:
                        break
                    time.sleep(POLL_SECONDS)
                    continue
                run_job(con, job, name, store_root, settings, check)
                ran += 1
            except sqlite3.Error as exc:  # the database was busy beyond its timeout, or the disk is full:
                if once:  # the job's lease runs out and it is claimed again; this worker goes on
                    raise
                print(f"logo-check worker {name}: {exc}", file=sys.stderr, flush=True)
                time.sleep(1.0)
    finally:
        con.close()
    return ran


def worker_main(data_dir: str, settings: dict[str, Any], stop: Any) -> None:
    """Entry point of a worker process started by ``logo-check serve``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops us through ``stop``
    _die_with_parent()
    work(data_dir, settings, stop)
