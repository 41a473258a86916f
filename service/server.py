"""``logo-check serve``: the data folder, the worker processes and the web server in one command.

The web server is waitress (a production WSGI server in pure Python, on every platform). The
workers are separate processes (see :mod:`service.worker`); they stop with the server, and when the
server is killed they notice and exit (their running job is picked up again at the next start).
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
import time
from pathlib import Path
from typing import Any

from .db import DB_FILE, connect, migrate
from .settings import from_environment, unknown_variables

#: How often ``serve`` looks for worker processes that died, in seconds.
WORKER_CHECK_SECONDS = 2.0


def prepare(data_dir: str | None, lang: str = "fr") -> dict[str, Any]:
    """Settings with ``data_dir`` applied; the folder and its database created and migrated. A
    ``LOGO_CHECK_*`` variable that nothing reads is named on stderr (a misspelt setting)."""
    from .i18n import translate

    for name, meant in unknown_variables():
        key = "setting_unknown_meant" if meant else "setting_unknown"
        print(f"logo-check: {translate(key, lang, variable=name, meant=meant)}", file=sys.stderr, flush=True)
    settings = from_environment()
    if data_dir:
        settings["DATA_DIR"] = data_dir
    folder = Path(settings["DATA_DIR"]).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    settings["DATA_DIR"] = str(folder)
    migrate(folder / DB_FILE)
    return settings


def user_count(settings: dict[str, Any]) -> int:
    con = connect(Path(settings["DATA_DIR"]) / DB_FILE)
    try:
        return int(con.execute("SELECT COUNT(*) FROM users").fetchone()[0])
    finally:
        con.close()


def release_orphans(settings: dict[str, Any]) -> None:
    """At start: the jobs left running by this machine's dead workers are claimable at once."""
    import socket

    from .jobs import release_orphans as release

    con = connect(Path(settings["DATA_DIR"]) / DB_FILE)
    try:
        release(con, socket.gethostname())
    finally:
        con.close()


def start_workers(settings: dict[str, Any], count: int, stop: Any = None) -> tuple[list[Any], Any]:
    """``count`` worker processes (spawned: a fresh interpreter, no state copied from the server)."""
    from .worker import worker_main

    context = multiprocessing.get_context("spawn")
    stop = stop if stop is not None else context.Event()
    workers = [
        context.Process(target=worker_main, args=(settings["DATA_DIR"], settings, stop), name=f"logo-check-worker-{n}")
        for n in range(count)
    ]
    for w in workers:
        w.start()
    return workers, stop


def _keep_workers(pool: list[Any], settings: dict[str, Any], stop: Any) -> None:
    """Start again any worker process that died (until the server stops)."""
    while not stop.wait(WORKER_CHECK_SECONDS):
        for n, worker in enumerate(pool):
            if not worker.is_alive() and not stop.is_set():
                worker.join(0)
                print(f"logo-check: worker {worker.pid} exited ({worker.exitcode}); starting another", file=sys.stderr)
                release_orphans(settings)  # its job is claimable now, not when its lease runs out
                pool[n] = start_workers(settings, 1, stop)[0][0]


#: How far waitress's own body limit is above the app's (``MAX_CONTENT_LENGTH``): a body up to it is
#: received and the app refuses it (413 ``too_large``, a JSON error or a page); waitress keeps at
#: most that much of a refused request (in a temporary file).
BODY_LIMIT_MARGIN = 64 * 1024 * 1024


def web_server(app: Any, host: str, port: int) -> Any:
    """waitress serving ``app`` (8 threads), not started.

    Its body limit is :data:`BODY_LIMIT_MARGIN` above the app's, so that the app itself refuses
    an over-limit request, in the one error shape. A body even beyond waitress's limit is refused by
    waitress from its ``Content-Length``, in its own words: answering that one in the service's
    shape would take hooking into waitress's channel and task classes, which it does not offer as
    an extension point.
    """
    from waitress import create_server

    limit = int(app.config["MAX_CONTENT_LENGTH"]) + BODY_LIMIT_MARGIN
    return create_server(app, host=host, port=port, threads=8, ident="logo-check", max_request_body_size=limit)


def _ignore_signals() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def serve(host: str, port: int, data_dir: str | None, workers: int | None, lang: str) -> int:
    from . import create_app
    from .i18n import translate

    settings = prepare(data_dir, lang)
    count = workers if workers is not None else int(settings["WORKERS"])
    release_orphans(settings)
    server = web_server(create_app(settings), host, port)
    pool, stop = start_workers(settings, count)
    url = f"http://{host}:{server.effective_port}"
    print(translate("serve_started", lang, url=url, folder=settings["DATA_DIR"], workers=count), flush=True)
    if user_count(settings) == 0:
        print(translate("serve_no_user", lang, folder=settings["DATA_DIR"]), flush=True)

    def shut_down(signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, shut_down)
    import threading

    threading.Thread(target=_keep_workers, args=(pool, settings, stop), daemon=True).start()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        _ignore_signals()  # a second Ctrl-C or SIGTERM does not cut the shutdown short
        stop.set()
        server.close()
        for w in pool:
            w.join(10)
            if w.is_alive():
                w.kill()
        print(translate("serve_stopped", lang), file=sys.stderr, flush=True)
    return 0


def work(data_dir: str | None, workers: int | None, lang: str) -> int:
    """Only the check processes, until SIGTERM or Ctrl-C (the web side runs elsewhere)."""
    from .i18n import translate

    settings = prepare(data_dir, lang)
    count = workers if workers is not None else int(settings["WORKERS"])
    release_orphans(settings)
    pool, stop = start_workers(settings, count)
    print(translate("work_started", lang, folder=settings["DATA_DIR"], workers=count), flush=True)

    def shut_down(signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, shut_down)
    try:
        while all(w.is_alive() for w in pool):
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        _ignore_signals()
        stop.set()
        for w in pool:
            w.join(10)
            if w.is_alive():
                w.kill()
    return 0


def add_user(
    data_dir: str | None, role: str, code: str, partner: str | None, password: str, lang: str
) -> tuple[int, int | None]:
    """Create a user (and its partner, named ``partner``, when it does not exist yet)."""
    from . import accounts

    settings = prepare(data_dir, lang)
    con = connect(Path(settings["DATA_DIR"]) / DB_FILE)
    try:
        partner_id = None
        if partner is not None:
            row = (
                con.execute("SELECT id FROM partners WHERE id = ?", (int(partner),)).fetchone()
                if partner.isdigit()
                else con.execute("SELECT id FROM partners WHERE name = ?", (partner,)).fetchone()
            )
            partner_id = row["id"] if row else accounts.create_partner(con, partner, [])
        return accounts.create_user(con, code, password, role, partner_id), partner_id
    finally:
        con.close()


def add_token(data_dir: str | None, code: str, name: str) -> str | None:
    """A new API token for the active user ``code`` (None when there is no such user)."""
    from . import accounts

    settings = prepare(data_dir)
    con = connect(Path(settings["DATA_DIR"]) / DB_FILE)
    try:
        row = con.execute("SELECT id FROM users WHERE code = ? AND active = 1", (code.strip(),)).fetchone()
        return None if row is None else accounts.create_token(con, row["id"], name)[1]
    finally:
        con.close()
