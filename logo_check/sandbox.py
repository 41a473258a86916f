"""Run a function in a child process that is killed at a wall-clock limit.

Used for the work of third-party C libraries on untrusted files (MuPDF can hang or crash on a
crafted PDF, and Python cannot interrupt it from inside). The child is a plain fork of the
calling process (a few milliseconds, modules already loaded, and unlike the "spawn" and
"forkserver" methods it does not re-import the caller's main script); it runs only the reader,
which uses no thread pool that a fork could leave locked. The
child's address space is capped (:data:`CHILD_MEMORY_BYTES`), so a file that makes the library
allocate without end fails alone instead of exhausting the machine.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
from collections.abc import Callable
from typing import Any

from .errors import UnreadableInputError

#: Address space allowed to a child, in bytes: MuPDF renders a 40 Mpx region in about 160 MiB;
#: the interpreter with NumPy and PyMuPDF maps about 0.6 GiB; 4 GiB leaves room for both.
CHILD_MEMORY_BYTES = 4 * 1024**3


def _mp_context() -> Any:
    return multiprocessing.get_context("fork")


def run_limited(func: Callable[..., Any], args: tuple[Any, ...], seconds: float) -> Any:
    """``func(*args)`` in a child process; its result, or the exception it raised.

    A child still running after ``seconds`` is killed (:class:`UnreadableInputError`
    ``pdf_timeout``); a child that dies without answering gives ``pdf_crashed``. ``func`` must be
    importable by name (a module-level function).
    """
    ctx = _mp_context()
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child_main, args=(sender, func, args), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            child.kill()
            child.join()
            raise UnreadableInputError("pdf_timeout", seconds=round(seconds))
        try:
            ok, value = receiver.recv()
        except (EOFError, OSError):
            child.join()
            raise UnreadableInputError("pdf_crashed", reason=_exit_reason(child.exitcode)) from None
    finally:
        receiver.close()
    child.join()
    if ok:
        return value
    raise value


def _exit_reason(code: int | None) -> str:
    if code is not None and code < 0:
        import signal

        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"


def _child_main(sender: multiprocessing.connection.Connection, func: Callable[..., Any], args: tuple[Any, ...]) -> None:
    import contextlib
    import faulthandler
    import resource

    faulthandler.disable()  # a crash of the reader is reported as this input's error, not dumped

    # a lower hard limit already in place is kept
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_BYTES, CHILD_MEMORY_BYTES))
    try:
        result: tuple[bool, Any] = (True, func(*args))
    except UnreadableInputError as exc:
        result = (False, exc)
    except MemoryError:
        result = (False, UnreadableInputError("pdf_crashed", reason="out of memory"))
    except Exception as exc:  # a library's own error on this file: reported for this input
        result = (False, UnreadableInputError("pdf_unreadable", reason=f"{type(exc).__name__}: {exc}"))
    sender.send(result)
    sender.close()
