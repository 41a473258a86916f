"""The service as deployed: ``logo-check serve`` in a subprocess on 127.0.0.1, accounts from the
command line, uploads over HTTP. Test images are generated (tests/service_support.py)."""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from service_server import Server, add_user, cli
from service_support import logo_png
from test_service_worker import hostile_files

PASSWORD = "a long enough password"


def test_users_add_reads_the_password_from_stdin_and_refuses_a_short_one(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = cli(
        "users",
        "add",
        "--role",
        "partner",
        "--code",
        "acme",
        "--partner",
        "ACME",
        "--data-dir",
        str(data),
        stdin=PASSWORD + "\n",
    )
    assert done.returncode == 0, done.stderr
    # the role and the partner in words of the message's language, not the role's key
    assert done.stderr == "compte « acme » créé (rôle partenaire, partenaire n° 1).\n"
    english = cli(
        "--lang",
        "en",
        "users",
        "add",
        "--role",
        "reviewer",
        "--code",
        "rev",
        "--data-dir",
        str(data),
        stdin=PASSWORD + "\n",
    )
    assert english.stderr == "account 'rev' created (role reviewer).\n"
    again = cli("users", "add", "--role", "reviewer", "--code", "acme", "--data-dir", str(data), stdin=PASSWORD + "\n")
    assert again.returncode == 2 and "acme" in again.stderr
    short = cli("users", "add", "--role", "reviewer", "--code", "bob", "--data-dir", str(data), stdin="short\n")
    assert short.returncode == 2
    orphan = cli("users", "add", "--role", "partner", "--code", "eve", "--data-dir", str(data), stdin=PASSWORD + "\n")
    assert orphan.returncode == 2


def test_end_to_end_over_http(tmp_path: Path, charter) -> None:
    data = tmp_path / "data"
    partner = add_user(data, "partner", "acme", PASSWORD, partner="ACME")
    reviewer = add_user(data, "reviewer", "rev", PASSWORD)
    with Server(data, LOGO_CHECK_MAX_UPLOAD_BYTES="1000000", LOGO_CHECK_MAX_UPLOAD_FILES="2") as server:
        status, health = server.json("GET", "/api/v1/health")
        assert status == 200 and health["status"] == "ok"
        status, body = server.upload(partner, [(logo_png(charter, recoloured=True), "flyer.png")], channel="web")
        assert status == 201, body
        sid = body["submissions"][0]["id"]
        final = server.wait_for(partner, sid)
        assert final["state"] == "done" and final["verdict"] == "non_compliant"
        status, findings = server.json("GET", f"/api/v1/submissions/{sid}/findings", reviewer)
        assert status == 200 and any(f["code"] == "colour_changed" for f in findings["findings"])
        status, page, headers = server.request("GET", f"/api/v1/submissions/{sid}/images/page-0.jpg", partner)
        assert status == 200 and page.startswith(b"\xff\xd8") and headers["Content-Type"] == "image/jpeg"
        status, error = server.json("GET", "/api/v1/submissions/9999", partner)
        assert status == 404 and error["error"]["code"] == "not_found"
        status, error = server.upload(partner, [(b"x" * 3_000_000, "big.png")])  # beyond the limit set below
        assert status == 413 and error["error"]["code"] in ("file_too_large", "too_large"), error


def test_a_job_killed_with_its_worker_completes_after_a_restart(tmp_path: Path, charter) -> None:
    data = tmp_path / "data"
    token = add_user(data, "partner", "acme", PASSWORD, partner="ACME")
    big = logo_png(charter, recoloured=True, size=(2160, 3840))  # a few seconds of checking
    server = Server(data, LOGO_CHECK_JOB_LEASE="60")
    try:
        status, body = server.upload(token, [(big, "poster.png")])
        assert status == 201, body
        sid = body["submissions"][0]["id"]
        running = server.wait_for(token, sid, states=("running", "done", "failed"))
        assert running["state"] == "running", "the check must still be running when the worker is killed"
    finally:
        server.kill()  # kill -9: the server, the worker and the check
    restarted = time.monotonic()
    with Server(data, LOGO_CHECK_JOB_LEASE="60") as again:
        # claimed again at once (its worker is gone), not when its 60 s lease runs out
        again.wait_for(token, sid, states=("done",), timeout=50)
        assert time.monotonic() - restarted < 50
        final = again.wait_for(token, sid, timeout=180)
        assert final["state"] == "done" and final["attempts"] == 2 and final["verdict"] == "non_compliant"


@pytest.mark.slow
def test_a_killed_worker_is_replaced_and_its_job_completes(tmp_path: Path, charter) -> None:
    import signal
    import sqlite3

    data = tmp_path / "data"
    token = add_user(data, "partner", "acme", PASSWORD, partner="ACME")
    big = logo_png(charter, recoloured=True, size=(2160, 3840))
    with Server(data, LOGO_CHECK_JOB_LEASE="60") as server:
        status, body = server.upload(token, [(big, "poster.png")])
        assert status == 201, body
        sid = body["submissions"][0]["id"]
        assert server.wait_for(token, sid, states=("running", "done", "failed"))["state"] == "running"
        con = sqlite3.connect(data / "logo-check.sqlite3")
        try:
            worker = con.execute("SELECT worker FROM jobs WHERE submission_id = ?", (sid,)).fetchone()[0]
        finally:
            con.close()
        os.kill(int(worker.rpartition(":")[2]), signal.SIGKILL)  # the worker alone; the server lives on
        killed = time.monotonic()
        final = server.wait_for(token, sid, states=("done",), timeout=50)
        assert time.monotonic() - killed < 50 and final["attempts"] == 2 and final["verdict"] == "non_compliant"
        assert server.json("GET", "/api/v1/health")[0] == 200


@pytest.mark.slow
def test_concurrent_uploads_and_hostile_files_while_serving(tmp_path: Path, charter) -> None:
    data = tmp_path / "data"
    token = add_user(data, "partner", "acme", PASSWORD, partner="ACME")
    png = logo_png(charter)
    with Server(data, workers=2) as server:

        def one(n: int) -> tuple[int, object]:
            return server.upload(token, [(png, f"flyer-{n}.png")])

        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(one, range(16)))
        assert all(status == 201 for status, _ in results), [b for s, b in results if s != 201]
        status, body = server.upload(token, hostile_files())
        assert status == 201, body
        hostile = [s["id"] for s in body["submissions"]]
        while True:  # the service answers while it works through the hostile files
            status, health = server.json("GET", "/api/v1/health")
            assert status == 200
            if health["jobs"]["queued"] == 0 and health["jobs"]["running"] == 0:
                break
            time.sleep(0.2)
        for sid in hostile:
            final = server.wait_for(token, sid)
            assert (final["state"] == "failed" and final["error"]["code"]) or final["verdict"] in ("review", "no_logo")
        ids = [b["submissions"][0]["id"] for _, b in results]
        assert all(server.wait_for(token, i)["verdict"] == "compliant" for i in ids)
    assert "database is locked" not in server.stderr and "Traceback" not in server.stderr, server.stderr


def test_a_misspelt_setting_is_named_at_start(tmp_path: Path) -> None:
    """A ``LOGO_CHECK_*`` variable that nothing reads (a misspelt setting, whose default then
    applies without a word) is named on stderr, with the setting it most likely meant; the
    command goes on."""
    import subprocess
    import sys

    from service.settings import unknown_variables

    environ = {"LOGO_CHECK_SMTP_HOTS": "smtp.example.fr", "LOGO_CHECK_XYZ": "1", "LOGO_CHECK_LANG": "en", "PATH": "x"}
    assert unknown_variables(environ) == [("LOGO_CHECK_SMTP_HOTS", "LOGO_CHECK_SMTP_HOST"), ("LOGO_CHECK_XYZ", None)]
    env = {**os.environ, "LOGO_CHECK_SMTP_HOTS": "smtp.example.fr"}
    command = ["--lang", "en", "users", "add", "--role", "reviewer", "--code", "rev", "--data-dir", str(tmp_path)]
    done = subprocess.run(
        [sys.executable, "-m", "logo_check", *command],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        "logo-check: unknown environment variable LOGO_CHECK_SMTP_HOTS, ignored: did you mean LOGO_CHECK_SMTP_HOST?",
        "account 'rev' created (role reviewer).",
    ]
