"""The job queue and the workers: a check that crashes or hangs fails alone with a reason, a job
whose worker died is claimed again when its lease runs out, a job recorded twice gives the same
rows, and unreadable uploads end as failed jobs that say why."""

from __future__ import annotations

import io
import json
import os
import signal
import time
import zipfile
from pathlib import Path

import pytest
from service_support import World, assert_error_shape, logo_png, run_queued

from service import create_app, jobs
from service.checking import run_check
from service.db import DB_FILE, connect, migrate


def submit(world: World, files: list[tuple[bytes, str]]) -> list[int]:
    client = create_app(world.settings()).test_client()
    response = client.post(
        "/api/v1/submissions",
        headers={"Authorization": f"Bearer {world.tokens['partner_a']}"},
        data={"files": [(io.BytesIO(b), n) for b, n in files]},
    )
    assert response.status_code == 201, response.get_json()
    return [s["id"] for s in response.get_json()["submissions"]]


def state(world: World, submission_id: int) -> dict:
    client = create_app(world.settings()).test_client()
    headers = {"Authorization": f"Bearer {world.tokens['reviewer']}"}
    return client.get(f"/api/v1/submissions/{submission_id}", headers=headers).get_json()


def crashing_check(store_root: str, job: jobs.ClaimedJob) -> jobs.JobOutcome:
    if job.filename == "crash.png":
        os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer would
    if job.filename == "hang.png":
        time.sleep(60)
    return run_check(store_root, job)


def test_a_crash_and_a_hang_fail_alone(world: World, charter) -> None:
    png = logo_png(charter)
    crash, hang, fine = submit(world, [(png, "crash.png"), (png, "hang.png"), (png, "fine.png")])
    started = time.monotonic()
    assert run_queued(world.settings(JOB_TIMEOUT=1.5), check=crashing_check) == 3
    assert time.monotonic() - started < 30
    crashed, hung, ok = state(world, crash), state(world, hang), state(world, fine)
    assert crashed["state"] == "failed" and crashed["error"]["code"] == "crashed"
    assert f"signal {int(signal.SIGKILL)}" in crashed["error"]["message"]["en"]
    assert hung["state"] == "failed" and hung["error"]["code"] == "timeout"
    assert "1.5 s" in hung["error"]["message"]["en"]
    assert ok["state"] == "done" and ok["verdict"] == "compliant"


def test_an_expired_lease_is_claimed_again_and_recorded_once(world: World, charter) -> None:
    (sid,) = submit(world, [(logo_png(charter, recoloured=True), "a.png")])
    con = connect(world.folder / DB_FILE)
    try:
        first = jobs.claim(con, "dead-worker", lease=0.05, max_attempts=3)
        assert first is not None and first.attempts == 1
        assert jobs.claim(con, "other", lease=30, max_attempts=3) is None or pytest.fail("the lease still holds")
    finally:
        con.close()
    time.sleep(0.1)  # the first worker died: its lease runs out
    assert run_queued(world.settings()) == 1
    done = state(world, sid)
    assert done["state"] == "done" and done["attempts"] == 2 and done["verdict"] == "non_compliant"
    con = connect(world.folder / DB_FILE)
    try:
        job = jobs.latest_job(con, sid)
        rows = con.execute(
            "SELECT code, page, instance, position FROM findings WHERE job_id = ?", (job["id"],)
        ).fetchall()
        # the dead worker's late answer is refused: the job is no longer its own
        assert not jobs.finish(con, job["id"], "dead-worker", jobs.JobOutcome(state="failed", error_code="x"))
        # the same outcome recorded again (a re-run of the same job) gives the same rows
        con.execute("UPDATE jobs SET state = 'running', worker = 'again' WHERE id = ?", (job["id"],))
        outcome = run_check(str(world.folder / "files"), jobs.ClaimedJob(job["id"], sid, 3, *_file(con, sid)))
        assert jobs.finish(con, job["id"], "again", outcome)
        again = con.execute("SELECT code, page, instance, position FROM findings WHERE job_id = ?", (job["id"],))
        assert [tuple(r) for r in again.fetchall()] == [tuple(r) for r in rows] and rows
    finally:
        con.close()


def _file(con, sid: int) -> tuple:
    row = con.execute("SELECT sha256, filename, channel, category, material_date FROM submissions WHERE id = ?", (sid,))
    return tuple(row.fetchone())


def test_the_jobs_of_dead_workers_of_this_machine_are_released_at_start(world: World, charter) -> None:
    import socket
    import subprocess
    import sys

    submit(world, [(logo_png(charter), "a.png")])
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    host = socket.gethostname()
    con = connect(world.folder / DB_FILE)
    try:
        assert jobs.claim(con, f"{host}:{int(gone.stdout)}", lease=3600, max_attempts=3) is not None
        assert jobs.claim(con, "next", lease=30, max_attempts=3) is None  # its lease holds an hour
        assert jobs.release_orphans(con, "another-host") == 0
        assert jobs.release_orphans(con, host) == 1  # that process has exited
        assert jobs.claim(con, "next", lease=30, max_attempts=3) is not None
    finally:
        con.close()


def test_a_job_interrupted_too_often_fails(world: World, charter) -> None:
    (sid,) = submit(world, [(logo_png(charter), "a.png")])
    con = connect(world.folder / DB_FILE)
    try:
        for _ in range(2):
            assert jobs.claim(con, "dying", lease=0.01, max_attempts=2) is not None
            time.sleep(0.02)
        assert jobs.claim(con, "next", lease=30, max_attempts=2) is None
    finally:
        con.close()
    failed = state(world, sid)
    assert failed["state"] == "failed" and failed["error"]["code"] == "interrupted"


def hostile_files() -> list[tuple[bytes, str]]:
    """Uploads the engine must refuse with a reason (generated here)."""
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.png", b"\0" * 5_000_000)
    header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (100_000).to_bytes(4, "big") * 2 + b"\x08\x02\x00\x00\x00"
    return [
        (b"not an image at all", "text.png"),
        (header + b"\x00" * 64, "huge-header.png"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "truncated.png"),
        (bomb.getvalue(), "bomb.zip"),
        (b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF", "broken.pdf"),
    ]


def test_hostile_uploads_fail_with_a_reason_and_the_service_goes_on(world: World, charter) -> None:
    ids = submit(world, [*hostile_files(), (logo_png(charter), "fine.png")])
    assert run_queued(world.settings(JOB_TIMEOUT=60)) == len(ids)
    results = [state(world, i) for i in ids]
    for result in results[:-1]:
        assert result["state"] in ("failed", "done"), result
        if result["state"] == "failed":
            assert result["error"]["code"] and result["error"]["message"]["fr"], result
        else:  # read as a container with nothing usable inside: the report says why
            assert result["verdict"] in ("review", "no_logo"), result
    assert results[-1]["state"] == "done" and results[-1]["verdict"] == "compliant"


def test_an_empty_upload_is_refused_at_once(world: World) -> None:
    client = create_app(world.settings()).test_client()
    response = client.post(
        "/api/v1/submissions",
        headers={"Authorization": f"Bearer {world.tokens['partner_a']}"},
        data={"files": [(io.BytesIO(b""), "empty.png")]},
    )
    assert_error_shape(response, 400, "empty_file")


def test_migrations_run_once(tmp_path: Path) -> None:
    path = tmp_path / DB_FILE
    assert migrate(path) == migrate(path) == 8
    con = connect(path)
    try:
        assert [r[0] for r in con.execute("SELECT version FROM migrations")] == [1, 2, 3, 4, 5, 6, 7, 8]
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    finally:
        con.close()


def test_a_version_1_database_is_upgraded_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from service import db

    path = tmp_path / DB_FILE
    monkeypatch.setattr(db, "MIGRATIONS", db.MIGRATIONS[:1])
    assert migrate(path) == 1
    con = connect(path)
    try:
        con.execute("INSERT INTO partners (name, created_at) VALUES ('P', 0)")
    finally:
        con.close()
    monkeypatch.undo()
    assert migrate(path) == 8
    con = connect(path)
    try:
        assert con.execute("SELECT name FROM partners").fetchone()[0] == "P"
        columns = {r["name"] for r in con.execute("PRAGMA table_info(findings)")}
        assert {"document", "box", "carried_from"} <= columns
        assert "carried_from" in {r["name"] for r in con.execute("PRAGMA table_info(decisions)")}
        assert "session_generation" in {r["name"] for r in con.execute("PRAGMA table_info(users)")}
        assert con.execute("SELECT email FROM partners").fetchone()[0] is None  # none yet: letters not e-mailed
        assert {"sent_at", "sent_to"} <= {r["name"] for r in con.execute("PRAGMA table_info(letters)")}
    finally:
        con.close()


def test_a_version_4_data_folder_upgrades_and_its_users_log_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Schema 5 (session generations) on a data folder of the previous release: its accounts keep
    working; a session cookie of before the upgrade has no generation and must log in again."""
    from service_support import PASSWORD

    from service import accounts, db

    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setattr(db, "MIGRATIONS", db.MIGRATIONS[:4])
    assert migrate(folder / DB_FILE) == 4
    con = connect(folder / DB_FILE)
    try:
        user_id = accounts.create_user(con, "old_reviewer", PASSWORD, "reviewer")
    finally:
        con.close()
    monkeypatch.undo()
    app = create_app({"DATA_DIR": str(folder), "SECRET_KEY": "test-secret"})  # migrates to the latest
    con = connect(folder / DB_FILE)
    try:
        assert [r[0] for r in con.execute("SELECT version FROM migrations")] == [1, 2, 3, 4, 5, 6, 7, 8]
        assert con.execute("SELECT session_generation FROM users WHERE id = ?", (user_id,)).fetchone()[0] == 0
    finally:
        con.close()
    old = app.test_client()
    with old.session_transaction() as session:
        session.update(user_id=user_id, csrf_token="t")
    assert old.get("/submissions").status_code == 302
    client = app.test_client()
    client.get("/login")
    with client.session_transaction() as session:
        token = session["csrf_token"]
    logged_in = client.post("/login", data={"code": "old_reviewer", "password": PASSWORD, "csrf_token": token})
    assert logged_in.status_code == 302 and client.get("/submissions").status_code == 200


def test_the_store_keeps_each_content_once(tmp_path: Path) -> None:
    from service.store import FileStore

    store = FileStore(tmp_path / "files")
    first, second = store.put(b"abc"), store.put(b"abc")
    assert first == second and store.read(first) == b"abc"
    assert [p.name for p in (tmp_path / "files").rglob("*") if p.is_file()] == [first[2:]]
    with pytest.raises(ValueError):
        store.path("../../etc/passwd")
    streamed = store.put_stream(io.BytesIO(b"abc"), limit=3, chunk=2)
    assert streamed == (first, 3)
    from service.store import TooLargeError

    with pytest.raises(TooLargeError):
        store.put_stream(io.BytesIO(b"abcd"), limit=3, chunk=2)
    assert not [p for p in (tmp_path / "files").rglob(".tmp-*")]  # nothing left behind


def test_an_archive_is_checked_member_by_member(world: World, charter) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("good.png", logo_png(charter))
        z.writestr("bad.png", logo_png(charter, recoloured=True))
    (sid,) = submit(world, [(archive.getvalue(), "campaign.zip")])
    assert run_queued(world.settings()) == 1
    done = state(world, sid)
    assert done["state"] == "done" and done["verdict"] == "non_compliant" and done["pages"] == 2
    client = create_app(world.settings()).test_client()
    headers = {"Authorization": f"Bearer {world.tokens['reviewer']}"}
    report = client.get(f"/api/v1/submissions/{sid}/report.json", headers=headers).get_json()
    sources = [d["source"] for d in report["documents"]]
    assert len(sources) == 2 and all(s.startswith("campaign.zip") for s in sources)
    bad = next(i for i, d in enumerate(report["documents"]) if d["source"].endswith("bad.png"))
    findings = client.get(f"/api/v1/submissions/{sid}/findings", headers=headers).get_json()["findings"]
    assert findings and {f["document"] for f in findings} == {bad} and {f["page"] for f in findings} == {bad}
    for page in (0, 1):
        assert client.get(f"/api/v1/submissions/{sid}/images/page-{page}.jpg", headers=headers).status_code == 200
    from service_support import login_session

    login_session(client, world.users["reviewer"])
    html = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert "campaign.zip" in html and html.count('class="finding') == len(findings)


def test_a_zipped_web_page_is_checked_with_its_images(world: World, charter) -> None:
    """A page saved with its files and zipped: one document per member, the page's own pages
    named by the image they show in the report page."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("page.html", '<html><body><img src="img/logo%20bleu.png"></body></html>')
        z.writestr("img/logo bleu.png", logo_png(charter, recoloured=True))
    (sid,) = submit(world, [(archive.getvalue(), "page.zip")])
    assert run_queued(world.settings()) == 1
    assert state(world, sid)["verdict"] == "non_compliant"
    client = create_app(world.settings()).test_client()
    from service_support import login_session

    login_session(client, world.users["reviewer"])
    html = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert html.count('<small class="page-source">image img/logo bleu.png</small>') == 1


def test_an_upload_asks_for_turned_logos_to_be_looked_for(world: World, charter) -> None:
    """The upload's ``turned`` field (a checkbox on the page) sends the check looking for logos
    turned sideways or upside down, as ``logo-check scan --turned`` does."""
    from PIL import Image
    from scenes import scene

    image, _ = scene(charter, mark_px=50, angle=180.0)
    out = io.BytesIO()
    Image.fromarray(image).save(out, "PNG")
    upside_down = out.getvalue()
    client = create_app(world.settings()).test_client()
    partner = {"Authorization": f"Bearer {world.tokens['partner_a']}"}

    def upload(**fields: str) -> int:
        data = {"files": [(io.BytesIO(upside_down), "upside-down.png")], **fields}
        response = client.post("/api/v1/submissions", headers=partner, data=data)
        assert response.status_code == 201, response.get_json()
        return response.get_json()["submissions"][0]["id"]

    plain, turned = upload(), upload(turned="true")
    refused = client.post(
        "/api/v1/submissions", headers=partner, data={"files": [(io.BytesIO(upside_down), "x.png")], "turned": "maybe"}
    )
    assert_error_shape(refused, 400, "bad_field")
    assert run_queued(world.settings()) == 2
    assert (state(world, plain)["turned"], state(world, plain)["verdict"]) == (False, "no_logo")
    assert (state(world, turned)["turned"], state(world, turned)["verdict"]) == (True, "non_compliant")
    reviewer = {"Authorization": f"Bearer {world.tokens['reviewer']}"}
    findings = client.get(f"/api/v1/submissions/{turned}/findings", headers=reviewer).get_json()["findings"]
    assert [f["code"] for f in findings] == ["rotated"]


def test_decisions_recorded_before_findings_kept_their_box_carry_over(world: World, charter) -> None:
    """A data folder of before schema 4: its instance findings have no box, and a re-run could not
    carry their decisions over. At start the service reads the boxes from the stored reports."""
    (sid,) = submit(world, [(logo_png(charter, recoloured=True), "old.png")])
    assert run_queued(world.settings()) == 1
    client = create_app(world.settings()).test_client()
    reviewer = {"Authorization": f"Bearer {world.tokens['reviewer']}"}
    (finding, *_) = client.get(f"/api/v1/submissions/{sid}/findings", headers=reviewer).get_json()["findings"]
    decided = {"decision": "confirm", "comment": "vu"}
    assert client.post(f"/api/v1/findings/{finding['id']}/decision", headers=reviewer, json=decided).status_code == 200
    con = connect(world.folder / DB_FILE)
    try:
        box = con.execute("SELECT box FROM findings WHERE id = ?", (finding["id"],)).fetchone()[0]
        con.execute("UPDATE findings SET box = NULL")  # as recorded before schema 4
        con.commit()
    finally:
        con.close()
    client = create_app(world.settings()).test_client()  # the service starts again
    con = connect(world.folder / DB_FILE)
    try:
        assert con.execute("SELECT box FROM findings WHERE id = ?", (finding["id"],)).fetchone()[0] == box
    finally:
        con.close()
    assert client.post(f"/api/v1/submissions/{sid}/rerun", headers=reviewer).status_code in (200, 201, 202)
    assert run_queued(world.settings()) == 1
    after = client.get(f"/api/v1/submissions/{sid}/findings", headers=reviewer).get_json()["findings"]
    carried = [f for f in after if f.get("carried_from") == finding["id"]]
    assert len(carried) == 1 and carried[0]["decision"] == "confirmed"


def test_a_pdf_is_checked_page_by_page(world: World, charter) -> None:
    import pymupdf

    document = pymupdf.open()
    for recoloured in (False, True):  # page 1 compliant, page 2 with a recoloured disc
        page = document.new_page(width=595, height=842)
        page.insert_image(pymupdf.Rect(60, 60, 535, 327), stream=logo_png(charter, recoloured=recoloured))
    pdf = document.tobytes(garbage=3, deflate=True)  # small: the test client spools bodies over 500 kB
    document.close()
    (sid,) = submit(world, [(pdf, "brochure.pdf")])
    assert run_queued(world.settings()) == 1
    done = state(world, sid)
    assert done["state"] == "done" and done["pages"] == 2 and done["verdict"] == "non_compliant"
    client = create_app(world.settings()).test_client()
    headers = {"Authorization": f"Bearer {world.tokens['reviewer']}"}
    findings = client.get(f"/api/v1/submissions/{sid}/findings", headers=headers).get_json()["findings"]
    assert {f["page"] for f in findings if f["severity"] == "violation"} == {1}
    report = client.get(f"/api/v1/submissions/{sid}/report.json", headers=headers).get_json()
    assert report["documents"][0]["kind"] == "pdf" and report["documents"][0]["pages"][0]["unit"] == "pt"


def test_a_running_check_reports_its_progress(world: World, charter, tmp_path: Path) -> None:
    import pymupdf

    from logo_check.api import check_document

    document = pymupdf.open()
    for _ in range(3):
        page = document.new_page(width=595, height=842)
        page.insert_image(pymupdf.Rect(60, 60, 535, 327), stream=logo_png(charter))
    pdf = document.tobytes(garbage=3, deflate=True)
    document.close()
    calls: list[tuple[int, int]] = []
    check_document(pdf, name="three.pdf", progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]

    seen = tmp_path / "seen.json"

    def watched_check(store_root: str, job: jobs.ClaimedJob) -> jobs.JobOutcome:
        """Runs in the check's child process: the real check, then a look at what the status
        route shows before the outcome goes back to the worker."""
        outcome = run_check(store_root, job)  # sends its progress to the worker as it goes
        app = create_app(world.settings())
        headers = {"Authorization": f"Bearer {world.tokens['reviewer']}"}
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # the worker records the progress as it receives it
            shown = app.test_client().get(f"/api/v1/submissions/{job.submission_id}", headers=headers).get_json()
            if shown["progress"] == {"done": 3, "total": 3}:
                break
            time.sleep(0.05)
        seen.write_text(json.dumps(shown))
        return outcome

    (sid,) = submit(world, [(pdf, "three.pdf")])
    assert run_queued(world.settings(), check=watched_check) == 1
    while_running = json.loads(seen.read_text())
    assert while_running["state"] == "running" and while_running["progress"] == {"done": 3, "total": 3}
    done = state(world, sid)
    assert done["state"] == "done" and done["progress"] is None and done["pages"] == 3
