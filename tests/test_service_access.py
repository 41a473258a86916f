"""The authorisation matrix: every route of the app × partner A, partner B, reviewer, admin and an
anonymous visitor. The objects named in the URLs (submission, finding, letter, partner) are partner
A's: partner B must get 404 exactly as for an id that does not exist.

The world (tests/service_support.py) is built once: the one real check (a generated page with a
recoloured logo) runs in the worker; each case then starts from a fresh copy of that database (the
file store only ever grows), so a delete or a decision in one case changes nothing in the others.
"""

from __future__ import annotations

import io
import shutil
from typing import Any

import pytest
from service_support import ROLES, World, assert_error_shape, login_session, logo_png, make_world, run_queued

from service import create_app
from service.db import DB_FILE, connect

OK, LOGIN, E401, E403, E404 = "ok", "login", 401, 403, 404

# expected answer per endpoint: (partner_a, partner_b, reviewer, admin, anonymous)
OWNED = (OK, E404, OK, OK, None)  # anonymous: LOGIN for a page GET, 401 otherwise
STAFF = (E403, E403, OK, OK, None)
ADMIN = (E403, E403, E403, OK, None)
EVERYONE = (OK, OK, OK, OK, None)
PUBLIC = (OK, OK, OK, OK, OK)
# partner A's submission is cited by a letter: those allowed to delete it get 409, after the access check
CITED = (409, E404, 409, 409, None)
# ... and a reviewer decided on it: partner A may no longer re-run it (409); staff may
REVIEWED = (409, E404, OK, OK, None)
# sending a letter by e-mail: staff only; this world has no mail server, so those allowed get 409
MAIL_OFF = (E403, E403, 409, 409, None)
EXPECTED: dict[tuple[str, str], tuple[Any, ...]] = {
    ("auth.login", "GET"): PUBLIC,
    ("auth.login", "POST"): (OK, OK, OK, OK, E401),  # each with its own password; anonymous with a wrong one
    ("auth.logout", "POST"): PUBLIC,
    ("auth.language", "GET"): PUBLIC,
    ("web.home", "GET"): EVERYONE,
    ("web.upload", "GET"): EVERYONE,
    ("web.upload", "POST"): EVERYONE,
    ("web.submissions", "GET"): EVERYONE,
    ("web.artwork", "GET"): EVERYONE,
    ("web.artwork_file", "GET"): EVERYONE,
    ("web.report", "GET"): OWNED,
    ("web.report_file", "GET"): OWNED,
    ("web.report_part", "GET"): OWNED,
    ("web.image", "GET"): OWNED,
    ("web.download", "GET"): OWNED,
    ("web.delete", "POST"): CITED,
    ("web.rerun", "POST"): REVIEWED,
    ("web.decision", "POST"): STAFF,
    ("web.add_note", "POST"): STAFF,
    ("web.make_letter", "POST"): STAFF,
    ("web.case", "GET"): OWNED,
    ("web.letter_pdf", "GET"): OWNED,
    ("web.record_case", "POST"): STAFF,
    ("web.send_letter", "POST"): MAIL_OFF,
    ("web.partner", "GET"): OWNED,
    ("web.my_partner", "GET"): (OK, OK, E403, E403, None),
    ("admin.partners", "GET"): ADMIN,
    ("admin.partners", "POST"): ADMIN,
    ("admin.partner", "POST"): ADMIN,
    ("admin.users", "GET"): ADMIN,
    ("admin.users", "POST"): ADMIN,
    ("admin.user_active", "POST"): ADMIN,
    ("admin.tokens", "GET"): ADMIN,
    ("admin.tokens", "POST"): ADMIN,
    ("admin.revoke", "POST"): ADMIN,
    ("api.openapi", "GET"): PUBLIC,
    ("api.health", "GET"): PUBLIC,
    ("api.submissions", "GET"): EVERYONE,
    ("api.submit", "POST"): EVERYONE,
    ("api.submission", "GET"): OWNED,
    ("api.delete", "DELETE"): CITED,
    ("api.rerun", "POST"): REVIEWED,
    ("api.report", "GET"): OWNED,
    ("api.report_part", "GET"): OWNED,
    ("api.image", "GET"): OWNED,
    ("api.download", "GET"): OWNED,
    ("api.findings", "GET"): OWNED,
    ("api.decision", "POST"): STAFF,
    ("api.notes", "GET"): STAFF,
    ("api.notes", "POST"): STAFF,
    ("api.make_letter", "POST"): STAFF,
    ("api.letter", "GET"): OWNED,
    ("api.letter_pdf", "GET"): OWNED,
    ("api.case", "POST"): STAFF,
    ("api.send_letter", "POST"): MAIL_OFF,
    ("api.artwork", "GET"): EVERYONE,
    ("api.partners", "GET"): EVERYONE,
    ("api.create_partner", "POST"): ADMIN,
    ("api.partner", "GET"): OWNED,
    ("api.update_partner", "PATCH"): ADMIN,
    ("api.tokens", "GET"): EVERYONE,
    ("api.create_token", "POST"): EVERYONE,
    ("api.revoke_token", "DELETE"): (OK, OK, OK, OK, None),  # each revokes a token of its own (see _values)
}
WHO = (*ROLES, "anonymous")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, charter) -> World:
    """Partner A's checked submission with a confirmed finding and a letter; partner B's upload."""
    world = make_world(tmp_path_factory.mktemp("matrix") / "data")
    app = create_app(world.settings())
    client = app.test_client()
    for who, name in (("partner_a", "a.png"), ("partner_b", "b.png")):
        response = client.post(
            "/api/v1/submissions",
            headers={"Authorization": f"Bearer {world.tokens[who]}"},
            data={"files": [(io.BytesIO(logo_png(charter, recoloured=True)), name)]},
        )
        assert response.status_code == 201, response.get_json()
    assert run_queued(world.settings()) == 2
    reviewer = {"Authorization": f"Bearer {world.tokens['reviewer']}"}
    findings = client.get("/api/v1/submissions/1/findings", headers=reviewer).get_json()["findings"]
    assert findings, "the recoloured logo gives at least one finding"
    decided = client.post(
        f"/api/v1/findings/{findings[0]['id']}/decision",
        headers=reviewer,
        json={"decision": "confirm", "comment": "vu"},
    )
    assert decided.status_code == 200
    assert client.post("/api/v1/submissions/1/letters", headers=reviewer).status_code == 201
    # partner A's material sent after the letter: the case's re-check (submission 3)
    later = client.post(
        "/api/v1/submissions",
        headers={"Authorization": f"Bearer {world.tokens['partner_a']}"},
        data={"files": [(io.BytesIO(_small_png(charter)), "later.png")]},
    )
    assert later.status_code == 201 and later.get_json()["submissions"][0]["id"] == RECHECK_ID
    return world


def _values(world: World, who: str, charter) -> dict[str, Any]:
    con = connect(world.folder / DB_FILE)
    try:
        finding = con.execute("SELECT findings.id FROM findings JOIN jobs ON jobs.id = job_id WHERE submission_id = 1")
        finding_id = finding.fetchone()[0]
        letter_id = con.execute("SELECT id FROM letters WHERE partner_id = ?", (world.partners["A"],)).fetchone()[0]
        own = world.users.get(who, world.users["partner_a"])
        token_id = con.execute("SELECT id FROM tokens WHERE user_id = ?", (own,)).fetchone()[0]
    finally:
        con.close()
    return {
        "submission_id": 1,
        "finding_id": finding_id,
        "letter_id": letter_id,
        "partner_id": world.partners["A"],
        "user_id": world.users["partner_b"],
        "token_id": token_id,
        "name": "page-0.jpg",
        "fmt": "json",
        "part": "fr",
        "code": "en",
    }


def _payload(endpoint: str, world: World, charter, who: str) -> dict[str, Any]:
    """A request body that the endpoint accepts, so that an allowed role gets a success."""
    from service_support import PASSWORD

    png = _small_png(charter)
    forms = {
        "auth.login": {"code": who, "password": PASSWORD if who in world.users else "wrong password"},
        "web.upload": {"files": [(io.BytesIO(png), "n.png")], "partner_id": str(world.partners["A"])},
        "api.submit": {"files": [(io.BytesIO(png), "n.png")], "partner_id": str(world.partners["A"])},
        "web.decision": {"decision": "dismiss", "comment": "matrice"},
        "web.add_note": {"text": "matrice"},
        "web.record_case": {"recheck_submission_id": str(RECHECK_ID)},
        "admin.partners": {"name": "Partenaire C"},
        "admin.partner": {"name": "Partenaire A bis", "status": "active"},
        "admin.users": {"code": "newuser", "password": "long enough password", "role": "reviewer"},
        "admin.user_active": {"active": "0"},
        "admin.tokens": {"user_id": str(world.users["reviewer"]), "name": "t"},
    }
    bodies = {
        "api.decision": {"decision": "dismiss", "comment": "matrice"},
        "api.notes": {"text": "matrice"},
        "api.case": {"recheck_submission_id": RECHECK_ID},
        "api.create_partner": {"name": "Partenaire C"},
        "api.update_partner": {"status": "suspended"},
        "api.create_token": {"name": "t"},
    }
    if endpoint in forms:
        return {"data": forms[endpoint]}
    if endpoint in bodies:
        return {"json": bodies[endpoint]}
    return {}


_PNG: dict[str, bytes] = {}
#: the submission partner A sent after its letter, the re-check a case may record
RECHECK_ID = 3


def _small_png(charter) -> bytes:
    if "png" not in _PNG:
        _PNG["png"] = logo_png(charter)
    return _PNG["png"]


def _routes(app) -> list[tuple[str, str, Any]]:
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            out.append((rule.endpoint, method, rule))
    return out


def test_every_route_is_in_the_matrix(world: World) -> None:
    app = create_app(world.settings())
    assert {(e, m) for e, m, _ in _routes(app)} == set(EXPECTED)


CASES = [(endpoint, method, i) for (endpoint, method) in EXPECTED for i in range(len(WHO))]


@pytest.fixture(scope="module")
def arena(world: World, tmp_path_factory: pytest.TempPathFactory) -> tuple[World, Any]:
    """A copy of the world and one app on it; each case restores the database (see :func:`_restore`)."""
    copy = world.copy(tmp_path_factory.mktemp("arena") / "data")
    return copy, create_app(copy.settings())


def _restore(world: World, arena: World) -> None:
    for suffix in ("-wal", "-shm"):
        (arena.folder / (DB_FILE + suffix)).unlink(missing_ok=True)
    shutil.copyfile(world.folder / DB_FILE, arena.folder / DB_FILE)


@pytest.mark.parametrize(("endpoint", "method", "who_index"), CASES, ids=[f"{e}-{m}-{WHO[i]}" for e, m, i in CASES])
def test_authorisation_matrix(
    world: World, arena: tuple[World, Any], charter, endpoint: str, method: str, who_index: int
) -> None:
    who = WHO[who_index]
    copy, app = arena
    _restore(world, copy)
    rule = next(r for e, m, r in _routes(app) if e == endpoint and m == method)
    values = _values(copy, who, charter)
    with app.test_request_context():
        from flask import url_for

        url = url_for(endpoint, **{k: values[k] for k in rule.arguments})
    client = app.test_client()
    headers = {"X-CSRF-Token": "test-csrf"}
    if url.startswith("/api/"):
        if who != "anonymous":
            headers["Authorization"] = f"Bearer {copy.tokens[who]}"
    else:
        login_session(client, copy.users.get(who))
    response = client.open(url, method=method, headers=headers, **_payload(endpoint, copy, charter, who))
    expected = EXPECTED[(endpoint, method)][who_index]
    if expected is None:  # anonymous on a protected route
        expected = LOGIN if method == "GET" and not url.startswith("/api/") else E401
    status = response.status_code
    if expected == OK:
        assert status < 400, (status, response.get_data(as_text=True)[:300])
        if not endpoint.startswith("auth."):
            assert "/login" not in response.headers.get("Location", ""), "an allowed user is not sent to login"
    elif expected == LOGIN:
        assert status == 302 and "/login" in response.headers["Location"]
    else:
        assert_error_shape(response, expected)
