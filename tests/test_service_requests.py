"""What clients send, checked: JSON bodies of the wrong shape or type, ids beyond SQLite's range,
conflicts on names, superseded findings, filters. Everything answers in the one error shape, never
500. The checks are recorded straight into the database (``jobs.finish``): no engine runs here."""

from __future__ import annotations

import contextlib
import io
import json
import time
from typing import Any

import pytest
from service_support import World, assert_error_shape, login_session

from service import create_app
from service.db import DB_FILE, connect
from service.jobs import JobOutcome, claim, create_submission, enqueue, finish

HUGE = "99999999999999999999999"


def bearer(world: World, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {world.tokens[who]}"}


def _finding(n: int) -> dict[str, Any]:
    return {
        "document": 0,
        "page": 0,
        "instance": n,
        "position": 0,
        "code": "colour_changed",
        "element": "disc",
        "box": [100 + 200 * n, 100, 200 + 200 * n, 150],
        "severity": "violation",
        "rule": "CGU art. X",
        "measured": None,
        "limit": None,
        "message": {"fr": "couleur", "en": "colour"},
    }


def run_check(world: World, submission_id: int, findings: int = 1, state: str = "done") -> list[int]:
    """Record a finished check of the submission's queued job: its findings' ids."""
    con = connect(world.folder / DB_FILE)
    try:
        job = claim(con, "test:1", 60.0, 3)
        assert job is not None and job.submission_id == submission_id
        outcome = JobOutcome(
            state=state,
            verdict="non_compliant" if state == "done" else None,
            pages=1,
            outputs={},
            findings=[_finding(n) for n in range(findings)] if state == "done" else [],
            error_code=None if state == "done" else "crashed",
        )
        assert finish(con, job.id, "test:1", outcome)
        return [r["id"] for r in con.execute("SELECT id FROM findings WHERE job_id = ? ORDER BY id", (job.id,))]
    finally:
        con.close()


def submit(world: World, partner: str = "A", created_at: float | None = None) -> int:
    con = connect(world.folder / DB_FILE)
    try:
        sid = create_submission(
            con,
            partner_id=world.partners[partner],
            user_id=world.users["partner_a" if partner == "A" else "partner_b"],
            filename="flyer.png",
            sha256="0" * 64,
            size=1,
            channel="web",
            category=None,
            material_date=None,
        )
        if created_at is not None:
            con.execute("UPDATE submissions SET created_at = ? WHERE id = ?", (created_at, sid))
        return sid
    finally:
        con.close()


def rerun(world: World, submission_id: int) -> None:
    con = connect(world.folder / DB_FILE)
    try:
        enqueue(con, submission_id)
    finally:
        con.close()


def letter_for(world: World, submission_id: int, finding_ids: list[int], created_at: float | None = None) -> int:
    con = connect(world.folder / DB_FILE)
    try:
        cur = con.execute(
            "INSERT INTO letters (submission_id, partner_id, created_by, created_at, deadline, pdf_sha256, findings) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                submission_id,
                world.partners["A"],
                world.users["reviewer"],
                time.time() if created_at is None else created_at,
                "2026-01-25",
                "0" * 64,
                json.dumps(finding_ids),
            ),
        )
        return int(cur.lastrowid)
    finally:
        con.close()


def count(world: World, table: str) -> int:
    con = connect(world.folder / DB_FILE)
    try:
        return int(con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    finally:
        con.close()


# --- 1. wrong JSON types and ids beyond SQLite's range: 400 (or 404 for a path), never 500 -----------

BAD_BODIES = [
    # (route key, who, JSON body, field named in the message or None for the body itself)
    ("decision", "reviewer", {"decision": "confirm", "comment": 5}, "comment"),
    ("decision", "reviewer", {"decision": ["confirm"]}, "decision"),
    ("decision", "reviewer", {"decision": {"a": 1}}, "decision"),
    ("decision", "reviewer", ["confirm"], None),
    ("tokens", "admin", [1], None),
    ("tokens", "admin", "str", None),
    ("tokens", "admin", {"user_id": True}, "user_id"),
    ("tokens", "admin", {"user_id": False}, "user_id"),
    ("tokens", "admin", {"user_id": 1.0}, "user_id"),
    ("tokens", "admin", {"user_id": int(HUGE)}, "user_id"),
    ("tokens", "admin", {"user_id": "1"}, "user_id"),
    ("tokens", "partner_a", {"name": ["a"]}, "name"),
    ("partner_patch", "admin", {"name": 5}, "name"),
    ("partner_patch", "admin", {"categories": [["x"]]}, "categories"),
    ("partner_patch", "admin", {"categories": "offre_referencee"}, "categories"),
    ("partner_patch", "admin", {"status": 1}, "status"),
    ("partner_post", "admin", {"name": "Z2", "categories": [{"a": 1}]}, "categories"),
    ("partner_post", "admin", {"name": ["Z2"]}, "name"),
    ("case", "reviewer", {"comment": 5, "outcome": "rectified"}, "comment"),
    ("case", "reviewer", {"outcome": ["rectified"]}, "outcome"),
    ("case", "reviewer", {"recheck_submission_id": True}, "recheck_submission_id"),
    ("case", "reviewer", {"recheck_submission_id": "1"}, "recheck_submission_id"),
    ("case", "reviewer", {"recheck_submission_id": int(HUGE)}, "recheck_submission_id"),
]


@pytest.mark.parametrize(("route", "who", "payload", "field"), BAD_BODIES)
def test_a_body_of_the_wrong_shape_or_type_answers_400_naming_the_field(
    world: World, route: str, who: str, payload: Any, field: str | None
) -> None:
    sid = submit(world)
    (finding,) = run_check(world, sid)
    letter = letter_for(world, sid, [finding])
    path, method = {
        "decision": (f"/api/v1/findings/{finding}/decision", "POST"),
        "tokens": ("/api/v1/tokens", "POST"),
        "partner_patch": (f"/api/v1/partners/{world.partners['A']}", "PATCH"),
        "partner_post": ("/api/v1/partners", "POST"),
        "case": (f"/api/v1/letters/{letter}/case", "POST"),
    }[route]
    before = {t: count(world, t) for t in ("tokens", "partners", "decisions", "audit")}
    client = create_app(world.settings()).test_client()
    response = client.open(path, method=method, headers=bearer(world, who), json=payload)
    if field is None:
        error = assert_error_shape(response, 400, "bad_body")
        assert "JSON" in error["message"]["fr"] and "JSON" in error["message"]["en"]
    else:
        error = assert_error_shape(response, 400, "bad_field")
        assert f"« {field} »" in error["message"]["fr"] and f"'{field}'" in error["message"]["en"], error
    assert {t: count(world, t) for t in before} == before  # nothing written
    partner = client.get(f"/api/v1/partners/{world.partners['A']}", headers=bearer(world, "admin")).get_json()
    assert partner["name"] == "Partenaire A" and partner["categories"] == []


def test_an_empty_token_request_still_makes_a_token_for_the_caller(world: World) -> None:
    client = create_app(world.settings()).test_client()
    created = client.post("/api/v1/tokens", headers=bearer(world, "partner_a"))
    assert created.status_code == 201 and created.get_json()["user_id"] == world.users["partner_a"]
    named = client.post("/api/v1/tokens", headers=bearer(world, "admin"), json={"name": "ci", "user_id": None})
    assert named.status_code == 201 and named.get_json()["name"] == "ci"
    assert named.get_json()["user_id"] == world.users["admin"]


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/submissions/{HUGE}",
        f"/api/v1/submissions/{HUGE}/findings",
        f"/api/v1/findings/{HUGE}/decision",
        f"/api/v1/letters/{HUGE}",
        f"/api/v1/partners/{HUGE}",
        f"/submissions/{HUGE}",
        f"/letters/{HUGE}",
        f"/partners/{HUGE}",
    ],
)
def test_an_id_beyond_sqlite_in_the_path_is_not_found(world: World, path: str) -> None:
    client = create_app(world.settings()).test_client()
    login_session(client, world.users["admin"])
    method = "POST" if path.endswith("decision") else "GET"
    assert_error_shape(client.open(path, method=method, headers=bearer(world, "admin"), json={}), 404, "not_found")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("DELETE", f"/api/v1/submissions/{HUGE}"),
        ("DELETE", "/api/v1/submissions/0"),
        ("PATCH", f"/api/v1/partners/{HUGE}"),
        ("PATCH", "/api/v1/partners/0"),
    ],
)
def test_an_id_of_nothing_is_not_found_whatever_the_method(world: World, method: str, path: str) -> None:
    """Not 405: the route exists for this method; the id names nothing."""
    client = create_app(world.settings()).test_client()
    response = client.open(path, method=method, headers=bearer(world, "admin"), json={"name": "x"})
    assert_error_shape(response, 404, "not_found")


@pytest.mark.parametrize("value", [HUGE, "abc", "-1", "0", "1.5", "٣"])
def test_a_partner_filter_that_is_not_an_id_answers_400(world: World, value: str) -> None:
    client = create_app(world.settings()).test_client()
    error = assert_error_shape(
        client.get("/api/v1/submissions", query_string={"partner": value}, headers=bearer(world, "reviewer")),
        400,
        "bad_field",
    )
    assert "« partner »" in error["message"]["fr"]
    login_session(client, world.users["reviewer"])
    page = client.get("/submissions", query_string={"partner": value}, headers={"Accept": "text/html"})
    assert page.status_code == 400 and b'data-code="bad_field"' in page.data


def test_ids_in_page_forms_beyond_sqlite_answer_400(world: World) -> None:
    sid = submit(world)
    (finding,) = run_check(world, sid)
    letter = letter_for(world, sid, [finding])
    client = create_app(world.settings()).test_client()
    login_session(client, world.users["admin"])
    form = {"csrf_token": "test-csrf"}
    assert_error_shape(client.post(f"/letters/{letter}/case", data={**form, "recheck_submission_id": HUGE}), 400)
    assert_error_shape(client.post("/admin/tokens", data={**form, "user_id": HUGE}), 400, "bad_field")
    user = {**form, "code": "zed", "password": "long enough", "role": "partner", "partner_id": HUGE}
    assert_error_shape(client.post("/admin/users", data=user), 400, "bad_field")


# --- 2. renaming a partner to a name another partner has: refused as creating it is ----------------


def test_renaming_a_partner_to_an_existing_name_is_refused(world: World) -> None:
    client = create_app(world.settings()).test_client()
    a, b = world.partners["A"], world.partners["B"]
    admin = bearer(world, "admin")
    taken = client.patch(f"/api/v1/partners/{a}", headers=admin, json={"name": " Partenaire B ", "status": "suspended"})
    error = assert_error_shape(taken, 409, "partner_exists")
    assert "« Partenaire B »" in error["message"]["fr"] and "'Partenaire B'" in error["message"]["en"]
    unchanged = client.get(f"/api/v1/partners/{a}", headers=admin).get_json()
    assert unchanged["name"] == "Partenaire A" and unchanged["status"] == "active"  # all or nothing
    login_session(client, world.users["admin"])
    form = client.post(f"/admin/partners/{a}", data={"csrf_token": "test-csrf", "name": "Partenaire B"})
    assert_error_shape(form, 400, "partner_exists")
    page = client.post(
        f"/admin/partners/{a}",
        data={"csrf_token": "test-csrf", "name": "Partenaire B"},
        headers={"Accept": "text/html"},
    )
    assert page.status_code == 400 and b'data-code="partner_exists"' in page.data
    # its own name again, or a free one, is fine
    assert client.patch(f"/api/v1/partners/{a}", headers=admin, json={"name": "Partenaire A"}).status_code == 200
    assert client.patch(f"/api/v1/partners/{b}", headers=admin, json={"name": "Bobco"}).get_json()["name"] == "Bobco"


# --- 3. a request body over the limit: the app refuses it in the one error shape ----------------------


def test_a_body_over_the_limit_answers_413_in_the_shape_on_the_api_and_a_page_on_the_web(world: World) -> None:
    app = create_app(world.settings())
    app.config["MAX_CONTENT_LENGTH"] = limit = 2000  # small bodies: the test client keeps them in memory
    client = app.test_client()
    big = b"x" * (limit + 1)
    files = {"files": [(io.BytesIO(big), "big.png")]}
    assert_error_shape(client.post("/api/v1/submissions", headers=bearer(world, "partner_a"), data=files), 413)
    too_large = client.post("/api/v1/tokens", headers=bearer(world, "partner_a"), json={"name": "x" * limit})
    assert_error_shape(too_large, 413, "too_large")
    login_session(client, world.users["partner_a"])
    page = client.post(
        "/upload",
        data={"csrf_token": "test-csrf", "files": [(io.BytesIO(big), "big.png")]},
        headers={"Accept": "text/html"},
    )
    assert page.status_code == 413 and page.mimetype == "text/html" and b'data-code="too_large"' in page.data
    assert "Requête trop volumineuse." in page.get_data(as_text=True)


@pytest.fixture
def waitress_url(world: World) -> Any:
    """The app behind waitress as ``logo-check serve`` sets it up, in a thread (no workers)."""
    import threading

    from service.server import web_server

    app = create_app(world.settings(MAX_UPLOAD_BYTES=200_000, MAX_UPLOAD_FILES=2))
    server = web_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.effective_port}", app.config["MAX_CONTENT_LENGTH"]
    finally:
        server.close()
        thread.join(5)


def _post(address: str, path: str, length: int, headers: dict[str, str], send: int) -> tuple[int, str, bytes]:
    """POST ``length`` announced bytes (``send`` of them actually sent): status, type, body."""
    import socket

    host, port = address.split(":")
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    with socket.create_connection((host, int(port)), timeout=20) as sock:
        sock.sendall(f"POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Length: {length}\r\n{head}\r\n".encode())
        try:
            for start in range(0, send, 1 << 20):
                sock.sendall(b"x" * min(1 << 20, send - start))
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server answered and closed before reading everything
        data = b""
        with contextlib.suppress(OSError):
            while chunk := sock.recv(65536):
                data += chunk
    head_part, _, body = data.partition(b"\r\n\r\n")
    lines = head_part.decode("latin-1").split("\r\n")
    fields = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), fields.get("Content-Type", ""), body


def test_waitress_lets_the_app_answer_an_over_limit_body(world: World, waitress_url: Any) -> None:
    address, limit = waitress_url
    api = {"Authorization": f"Bearer {world.tokens['partner_a']}", "Content-Type": "application/octet-stream"}
    # 11 MB with MAX_UPLOAD_BYTES=200000: within waitress's margin, the app answers
    status, kind, body = _post(address, "/api/v1/submissions", 11_000_000, api, 11_000_000)
    assert status == 413 and kind == "application/json", body[:200]
    assert json.loads(body)["error"]["code"] == "too_large"
    # far beyond (refused by waitress itself from the Content-Length): a 413 still, in waitress's words
    from service.server import BODY_LIMIT_MARGIN

    status, _, _ = _post(address, "/api/v1/submissions", limit + BODY_LIMIT_MARGIN + 1, api, 0)
    assert status == 413


# --- 4. a decision on a finding replaced by a re-run: refused, not silently lost ---------------------


def test_a_decision_on_a_superseded_finding_answers_409(world: World) -> None:
    sid = submit(world)
    (old,) = run_check(world, sid)
    client = create_app(world.settings()).test_client()
    reviewer = bearer(world, "reviewer")
    decide = {"decision": "confirm", "comment": "vu"}
    rerun(world, sid)
    # the re-run not finished yet: the report still shows the earlier check, whose findings are decided
    assert client.post(f"/api/v1/findings/{old}/decision", headers=reviewer, json=decide).status_code == 200
    (new,) = run_check(world, sid)  # the decision is carried over to the re-run's finding
    decisions = count(world, "decisions")
    error = assert_error_shape(
        client.post(f"/api/v1/findings/{old}/decision", headers=reviewer, json=decide), 409, "finding_superseded"
    )
    assert f"n° {sid}" in error["message"]["fr"] and f"no. {sid}" in error["message"]["en"]
    assert count(world, "decisions") == decisions
    login_session(client, world.users["reviewer"])
    form = client.post(f"/findings/{old}/decision", data={"csrf_token": "test-csrf", **decide})
    assert form.status_code == 302 and form.headers["Location"] == f"/submissions/{sid}"
    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert "remplacée depuis par une nouvelle" in page
    assert count(world, "decisions") == decisions
    assert client.post(f"/api/v1/findings/{new}/decision", headers=reviewer, json=decide).status_code == 200
    # a re-run that failed replaces the report too: no finding of the earlier check is current
    rerun(world, sid)
    run_check(world, sid, state="failed")
    assert_error_shape(
        client.post(f"/api/v1/findings/{new}/decision", headers=reviewer, json=decide), 409, "finding_superseded"
    )


# --- 5. an image name the check did not produce is not found (not "format unavailable") ------------


def test_an_unknown_image_is_not_found(world: World) -> None:
    sid = submit(world)
    run_check(world, sid)
    client = create_app(world.settings()).test_client()
    for name in ("x.png", "crop-9-9.png", "page-7.jpg"):
        response = client.get(f"/api/v1/submissions/{sid}/images/{name}", headers=bearer(world, "partner_a"))
        assert_error_shape(response, 404, "not_found")
    # a report format the check did not produce keeps its own code
    missing = client.get(f"/api/v1/submissions/{sid}/report.csv", headers=bearer(world, "partner_a"))
    assert_error_shape(missing, 404, "format_unavailable")


# --- 6. the letter gives the deadline it was set with; a deadline below one day is refused ------------


def test_the_letter_gives_the_number_of_days_it_was_set_with(world: World) -> None:
    from test_service_api import _pdf_text

    sid = submit(world)
    (finding,) = run_check(world, sid)
    client = create_app(world.settings(TODAY="2026-01-10", LETTER_DEADLINE_DAYS=30)).test_client()
    reviewer = bearer(world, "reviewer")
    client.post(f"/api/v1/findings/{finding}/decision", headers=reviewer, json={"decision": "confirm", "comment": "vu"})
    letter = client.post(f"/api/v1/submissions/{sid}/letters", headers=reviewer).get_json()
    assert letter["deadline"] == "2026-02-09"
    text = _pdf_text(client.get(f"/api/v1/letters/{letter['id']}.pdf", headers=reviewer).data)
    assert "dans un délai de 30 jours, soit au plus tard le 9 février 2026" in text, text
    assert "quinze" not in text


def test_one_day_is_singular() -> None:
    from service.letters import french_days

    assert (french_days(1), french_days(15)) == ("1 jour", "15 jours")


@pytest.mark.parametrize("days", [0, -3])
def test_a_deadline_below_one_day_is_refused_at_start(world: World, days: int) -> None:
    from service.settings import SettingError

    with pytest.raises(SettingError) as refused:
        create_app(world.settings(LETTER_DEADLINE_DAYS=days))
    assert "LOGO_CHECK_LETTER_DEADLINE_DAYS" in refused.value.render("fr") and "au moins 1" in refused.value.render(
        "fr"
    )
    assert "at least 1" in refused.value.render("en")


def test_serve_refuses_a_bad_deadline_with_exit_code_2(
    world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from logo_check.cli import main
    from service import server

    def no_server(*args: Any) -> Any:
        raise AssertionError("the server must not start")

    monkeypatch.setattr(server, "web_server", no_server)
    for value, words in (("0", "au moins 1"), ("quinze", "n'est pas un nombre")):
        monkeypatch.setenv("LOGO_CHECK_LETTER_DEADLINE_DAYS", value)
        assert main(["serve", "--port", "0", "--data-dir", str(world.folder), "--lang", "fr"]) == 2
        error = capsys.readouterr().err
        assert "LOGO_CHECK_LETTER_DEADLINE_DAYS" in error and words in error, error


# --- 7. the re-check is a submission sent after the letter ----------------------------------------


def test_a_recheck_sent_before_the_letter_is_refused(world: World) -> None:
    now = time.time()
    sid = submit(world, created_at=now - 100)
    (finding,) = run_check(world, sid)
    earlier = submit(world, created_at=now - 50)
    letter = letter_for(world, sid, [finding], created_at=now - 10)
    later = submit(world, created_at=now)
    client = create_app(world.settings()).test_client()
    reviewer = bearer(world, "reviewer")
    for old in (sid, earlier):
        refused = client.post(f"/api/v1/letters/{letter}/case", headers=reviewer, json={"recheck_submission_id": old})
        error = assert_error_shape(refused, 400, "recheck_before_letter")
        assert f"n° {old} est antérieur au courrier" in error["message"]["fr"]
    login_session(client, world.users["reviewer"])
    page = client.post(
        f"/letters/{letter}/case",
        data={"csrf_token": "test-csrf", "recheck_submission_id": str(earlier)},
        headers={"Accept": "text/html"},
    )
    assert page.status_code == 400 and b'data-code="recheck_before_letter"' in page.data
    assert client.get(f"/api/v1/letters/{letter}", headers=reviewer).get_json()["recheck"] is None
    accepted = client.post(f"/api/v1/letters/{letter}/case", headers=reviewer, json={"recheck_submission_id": later})
    assert accepted.status_code == 200 and accepted.get_json()["recheck"]["id"] == later


# --- 9. the list's filters are applied before its limit -------------------------------------------


def test_list_filters_apply_before_the_limit(world: World) -> None:
    from service.blueprints.web import LIST_LIMIT

    old = submit(world)
    run_check(world, old)  # done, non_compliant: the oldest of all
    con = connect(world.folder / DB_FILE)
    try:
        with con:
            con.execute("BEGIN")
            for _ in range(LIST_LIMIT + 1):  # newer submissions, still queued
                cur = con.execute(
                    "INSERT INTO submissions (partner_id, uploaded_by, filename, sha256, size, channel, created_at) "
                    "VALUES (?, ?, 'n.png', ?, 1, 'web', ?)",
                    (world.partners["B"], world.users["partner_b"], "0" * 64, time.time()),
                )
                con.execute("INSERT INTO jobs (submission_id, created_at) VALUES (?, ?)", (cur.lastrowid, time.time()))
    finally:
        con.close()
    client = create_app(world.settings()).test_client()
    reviewer = bearer(world, "reviewer")

    def listed(**query: str) -> list[int]:
        response = client.get("/api/v1/submissions", query_string=query, headers=reviewer)
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        return [s["id"] for s in response.get_json()["submissions"]]

    assert len(listed()) == LIST_LIMIT and old not in listed()
    assert listed(state="done") == [old]
    assert listed(verdict="non_compliant") == [old]
    assert listed(state="done", verdict="non_compliant", partner=str(world.partners["A"])) == [old]
    assert listed(state="failed") == [] and listed(verdict="compliant") == []
    assert len(listed(state="queued")) == LIST_LIMIT
    login_session(client, world.users["reviewer"])
    page = client.get("/submissions?state=done").get_data(as_text=True)
    assert f'href="/submissions/{old}"' in page
    for field, value in (("state", "nope"), ("verdict", "ok")):
        error = assert_error_shape(
            client.get("/api/v1/submissions", query_string={field: value}, headers=reviewer), 400
        )
        assert f"« {field} »" in error["message"]["fr"]
