"""The API and the pages through Flask's test client: the OpenAPI document against the routes, the
one JSON error shape, upload limits, CSRF, login throttling, and the reviewer's flow from upload to
the closed case. Test images are generated (tests/service_support.py)."""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Any

import pytest
from service_support import PASSWORD, World, assert_error_shape, login_session, logo_png, make_world, run_queued

from service import create_app


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> World:
    """Partner A (category offre_referencee only), partner B, a reviewer and an admin (each test
    gets a fresh copy: tests/conftest.py's ``world``)."""
    return make_world(tmp_path_factory.mktemp("api") / "data", categories=["offre_referencee"])


def bearer(world: World, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {world.tokens[who]}"}


def upload(client: Any, world: World, who: str, files: list[tuple[bytes, str]], **fields: str) -> Any:
    data: dict[str, Any] = {"files": [(io.BytesIO(b), name) for b, name in files], **fields}
    return client.post("/api/v1/submissions", headers=bearer(world, who), data=data)


def test_openapi_document_matches_the_routes(world: World) -> None:
    app = create_app(world.settings())
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    documented = {
        (path, method.upper())
        for path, item in document["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    }
    routed = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
            routed |= {(path, m) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert documented == routed
    for path, item in document["paths"].items():  # every path parameter is declared
        names = {p["name"] for p in item.get("parameters", [])}
        assert names == set(re.findall(r"{([^}]+)}", path)), path


def test_errors_have_one_shape(world: World, charter) -> None:
    app = create_app(world.settings(MAX_UPLOAD_FILES=2, MAX_UPLOAD_BYTES=20_000))
    client = app.test_client()
    png = logo_png(charter)
    assert_error_shape(client.get("/api/v1/nowhere"), 404, "not_found")
    assert_error_shape(client.get("/nowhere"), 404, "not_found")
    assert_error_shape(client.put("/api/v1/submissions"), 405, "method_not_allowed")
    assert_error_shape(client.get("/api/v1/submissions"), 401, "unauthorized")
    assert_error_shape(client.get("/api/v1/submissions", headers={"Authorization": "Bearer nope"}), 401)
    assert_error_shape(client.get("/api/v1/submissions/999", headers=bearer(world, "admin")), 404, "not_found")
    assert_error_shape(client.post("/api/v1/partners", headers=bearer(world, "reviewer"), json={}), 403, "forbidden")
    assert_error_shape(upload(client, world, "partner_a", []), 400, "no_files")
    assert_error_shape(upload(client, world, "partner_a", [(b"", "empty.png")]), 400, "empty_file")
    assert_error_shape(upload(client, world, "partner_a", [(png, "a.png")] * 3), 413, "too_many_files")
    assert_error_shape(upload(client, world, "partner_a", [(b"x" * 20_001, "big.png")]), 413, "file_too_large")
    assert_error_shape(upload(client, world, "partner_a", [(png, "a.png")], channel="fax"), 400, "bad_context")
    assert_error_shape(upload(client, world, "partner_a", [(png, "a.png")], date="2024-13-01"), 400, "bad_context")
    error = assert_error_shape(
        upload(client, world, "partner_a", [(png, "a.png")], category="conseiller_tpe"), 400, "category_not_allowed"
    )
    assert "conseiller_tpe" in error["message"]["fr"]
    assert_error_shape(upload(client, world, "reviewer", [(png, "a.png")]), 400, "partner_required")
    # partner A has one category: it is the default when none is declared
    declared = upload(client, world, "partner_a", [(png, "a.png")]).get_json()["submissions"][0]
    assert declared["category"] == "offre_referencee"
    # the whole request beyond the server's limit: werkzeug's 413, in the same shape
    app.config["MAX_CONTENT_LENGTH"] = 1000
    assert_error_shape(upload(client, world, "partner_a", [(png, "a.png")]), 413, "too_large")
    # a page form without the CSRF token
    login_session(client, world.users["partner_a"])
    assert_error_shape(client.post("/submissions/1/rerun"), 400, "csrf")
    assert_error_shape(client.post("/api/v1/findings/1/decision", headers=bearer(world, "reviewer"), data="x"), 404)
    # a browser asking for a page gets the same error as HTML
    page = client.get("/nowhere", headers={"Accept": "text/html"})
    assert page.status_code == 404 and b'data-code="not_found"' in page.data


def test_an_internal_error_answers_500_in_the_shape(world: World) -> None:
    app = create_app(world.settings())

    @app.route("/api/v1/boom")
    def boom():
        raise RuntimeError("boom")

    assert_error_shape(app.test_client().get("/api/v1/boom"), 500, "internal_error")


def test_login_is_generic_and_throttled(world: World) -> None:
    app = create_app(world.settings(LOGIN_MAX_FAILURES=3))
    client = app.test_client()
    login_session(client, None)
    bad_password = client.post("/login", data={"code": "partner_a", "password": "wrong", "csrf_token": "test-csrf"})
    unknown_user = client.post("/login", data={"code": "nobody", "password": "wrong", "csrf_token": "test-csrf"})
    assert assert_error_shape(bad_password, 401, "bad_login") == assert_error_shape(unknown_user, 401, "bad_login")
    client.post("/login", data={"code": "partner_a", "password": "wrong", "csrf_token": "test-csrf"})
    # three failures from this address: even the right password is refused for now
    right = client.post("/login", data={"code": "partner_a", "password": PASSWORD, "csrf_token": "test-csrf"})
    assert_error_shape(right, 429, "login_throttled")


def test_login_sets_a_safe_session_cookie(world: World) -> None:
    app = create_app(world.settings())
    client = app.test_client()
    client.get("/login")
    token = client.get_cookie("logo_check") and _csrf(client)
    response = client.post(
        "/login", data={"code": "reviewer", "password": PASSWORD, "csrf_token": token, "next": "//evil"}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    other = app.test_client()
    other.get("/login", base_url="https://localhost")
    secure = other.post(
        "/login",
        data={"code": "reviewer", "password": PASSWORD, "csrf_token": _csrf(other)},
        base_url="https://localhost",
    )
    assert "Secure" in secure.headers["Set-Cookie"]


UNSAFE_NEXT = [
    "/\t/evil.com",
    "/\n/evil.com",
    "/\r\n/x",
    "/\x00/evil.com",
    "/\x7f/evil.com",
    "/\x85/evil.com",
    "//evil.com",
    "/\\evil.com",
    "\\/evil.com",
    "https://evil.com/",
    "evil.com",
    " /evil",
    "",
]


@pytest.mark.parametrize("target", UNSAFE_NEXT, ids=[repr(t) for t in UNSAFE_NEXT])
def test_next_is_only_a_local_path(world: World, target: str) -> None:
    """``next`` (language switch, login) is a path of this site or ``/``: no control character, no
    backslash, no second slash (browsers drop tabs and newlines, so ``/<TAB>/evil.com`` is ``//evil.com``)."""
    app = create_app(world.settings())
    client = app.test_client()
    switched = client.get("/lang/en", query_string={"next": target})
    assert switched.status_code == 302 and switched.headers["Location"] == "/", switched.headers.get("Location")
    client.get("/login")
    logged_in = client.post(
        "/login", data={"code": "reviewer", "password": PASSWORD, "csrf_token": _csrf(client), "next": target}
    )
    assert logged_in.status_code == 302 and logged_in.headers["Location"] == "/", logged_in.headers.get("Location")


def test_a_local_next_is_kept(world: World) -> None:
    client = create_app(world.settings()).test_client()
    switched = client.get("/lang/en", query_string={"next": "/submissions?state=done"})
    assert switched.headers["Location"] == "/submissions?state=done"
    client.get("/login")
    logged_in = client.post(
        "/login", data={"code": "reviewer", "password": PASSWORD, "csrf_token": _csrf(client), "next": "/upload"}
    )
    assert logged_in.headers["Location"] == "/upload"


def _csrf(client: Any) -> str:
    with client.session_transaction() as session:
        return session["csrf_token"]


def test_pages_are_french_by_default_with_an_english_switch(world: World) -> None:
    client = create_app(world.settings()).test_client()
    assert "Connexion" in client.get("/login").get_data(as_text=True)
    client.get("/lang/en")
    assert "Log in" in client.get("/login").get_data(as_text=True)


def test_a_long_html_report_is_served_in_linked_parts(
    world: World, charter, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    """A report whose pictures need several files is stored in parts (``report.fr.html``, then
    ``report.fr-2.html``); the route of the HTML report gives the first, whose relative links lead
    to the others through ``report.PART.html``, each under the report's CSP; nothing else there."""
    from PIL import Image

    import logo_check.report_html

    monkeypatch.setattr(logo_check.report_html, "MAX_PART_PICTURE_BYTES", 1)  # a page a part (the check forks)
    frames = [Image.open(io.BytesIO(logo_png(charter))), Image.open(io.BytesIO(logo_png(charter, recoloured=True)))]
    tiff = io.BytesIO()
    frames[0].save(tiff, "TIFF", save_all=True, append_images=frames[1:], compression="tiff_deflate")
    settings = world.settings()
    client = create_app(settings).test_client()
    sid = upload(client, world, "partner_a", [(tiff.getvalue(), "deux-pages.tif")]).get_json()["submissions"][0]["id"]
    assert run_queued(settings) == 1
    owner, base = bearer(world, "partner_a"), f"/api/v1/submissions/{sid}"
    first = client.get(f"{base}/report.html", headers=owner).get_data(as_text=True)
    assert 'href="report.fr-2.html"' in first and 'id="doc-1-page-1"' in first and 'id="doc-1-page-2"' not in first
    second = client.get(f"{base}/report.fr-2.html", headers=owner)
    assert second.status_code == 200 and "default-src 'none'" in second.headers["Content-Security-Policy"]
    assert 'id="doc-1-page-2"' in second.get_data(as_text=True)
    assert 'href="report.fr.html#summary"' in second.get_data(as_text=True)
    assert client.get(f"{base}/report.fr.html", headers=owner).get_data(as_text=True) == first
    assert 'lang="en"' in client.get(f"{base}/report.en-2.html", headers=owner).get_data(as_text=True)
    assert_error_shape(client.get(f"{base}/report.fr-3.html", headers=owner), 404, "not_found")
    assert_error_shape(client.get(f"{base}/report.json.html", headers=owner), 404, "not_found")
    assert_error_shape(client.get(f"{base}/report.fr-2.html", headers=bearer(world, "partner_b")), 404, "not_found")
    login_session(client, world.users["partner_a"])
    page = client.get(f"/submissions/{sid}/report.fr-2.html")
    assert page.status_code == 200 and 'id="doc-1-page-2"' in page.get_data(as_text=True)


def test_review_flow_from_upload_to_closed_case(world: World, charter) -> None:
    settings = world.settings(TODAY="2026-01-10")
    app = create_app(settings)
    client = app.test_client()
    created = upload(client, world, "partner_a", [(logo_png(charter, recoloured=True), "flyer.png")])
    assert created.status_code == 201
    sid = created.get_json()["submissions"][0]["id"]
    status = client.get(f"/api/v1/submissions/{sid}", headers=bearer(world, "partner_a")).get_json()
    assert status["state"] == "queued"
    assert_error_shape(client.get(f"/api/v1/submissions/{sid}/report.json", headers=bearer(world, "partner_a")), 409)
    assert run_queued(settings) == 1
    status = client.get(f"/api/v1/submissions/{sid}", headers=bearer(world, "partner_a")).get_json()
    assert status["state"] == "done" and status["verdict"] == "non_compliant" and status["pages"] == 1
    report = client.get(f"/api/v1/submissions/{sid}/report.json", headers=bearer(world, "partner_a")).get_json()
    assert report["schema"] == "logo-check/report" and report["documents"][0]["source"] == "flyer.png"
    image = client.get(f"/api/v1/submissions/{sid}/images/page-0.jpg", headers=bearer(world, "partner_a"))
    assert image.status_code == 200 and image.data.startswith(b"\xff\xd8") and image.mimetype == "image/jpeg"
    html = client.get(f"/api/v1/submissions/{sid}/report.html", headers=bearer(world, "partner_a"))
    assert html.mimetype == "text/html" and "default-src 'none'" in html.headers["Content-Security-Policy"]
    assert html.get_data(as_text=True).lstrip().startswith("<!DOCTYPE html>") and 'lang="fr"' in html.get_data(
        as_text=True
    )
    english = client.get(
        f"/api/v1/submissions/{sid}/report.html", headers={**bearer(world, "partner_a"), "Accept-Language": "en"}
    )
    assert 'lang="en"' in english.get_data(as_text=True)
    table = client.get(f"/api/v1/submissions/{sid}/report.csv", headers=bearer(world, "partner_a"))
    assert table.mimetype == "text/csv" and "colour_changed" in table.get_data(as_text=True)
    for name in ("crop-0-0.png", "ref-0-0.png", "heat-0-0.png"):
        picture = client.get(f"/api/v1/submissions/{sid}/images/{name}", headers=bearer(world, "partner_a"))
        assert picture.status_code == 200 and picture.data.startswith(b"\x89PNG"), name
    original = client.get(f"/api/v1/submissions/{sid}/download", headers=bearer(world, "partner_a"))
    assert original.data == logo_png(charter, recoloured=True)
    assert original.headers["Content-Disposition"] == "attachment; filename=flyer.png"

    reviewer = bearer(world, "reviewer")
    findings = client.get(f"/api/v1/submissions/{sid}/findings", headers=reviewer).get_json()["findings"]
    codes = {f["code"] for f in findings}
    assert "colour_changed" in codes
    # no letter without a confirmed finding
    assert_error_shape(
        client.post(f"/api/v1/submissions/{sid}/letters", headers=reviewer), 409, "no_confirmed_findings"
    )
    first = findings[0]["id"]
    no_comment = client.post(f"/api/v1/findings/{first}/decision", headers=reviewer, json={"decision": "confirm"})
    assert_error_shape(no_comment, 400, "comment_required")
    client.post(
        f"/api/v1/findings/{first}/decision", headers=reviewer, json={"decision": "dismiss", "comment": "doute"}
    )
    decided = client.post(
        f"/api/v1/findings/{first}/decision",
        headers=reviewer,
        json={"decision": "confirm", "comment": "couleur vérifiée"},
    ).get_json()
    assert decided["decision"] == "confirmed"
    assert [(h["by"], h["decision"], h["comment"]) for h in decided["history"]] == [
        ("reviewer", "dismissed", "doute"),
        ("reviewer", "confirmed", "couleur vérifiée"),
    ]
    letter = client.post(f"/api/v1/submissions/{sid}/letters", headers=reviewer)
    assert letter.status_code == 201
    case = letter.get_json()
    assert case["deadline"] == "2026-01-25" and case["findings"] == [first] and case["outcome"] is None
    pdf = client.get(f"/api/v1/letters/{case['id']}.pdf", headers=bearer(world, "partner_a"))
    assert pdf.mimetype == "application/pdf"
    text = _pdf_text(pdf.data)
    assert "CGU art. X" in text and "25 janvier 2026" in text and "Partenaire A" in text and "flyer.png" in text
    assert _pdf_image_count(pdf.data) >= 2  # the crop as found and the official artwork

    # the material a letter cites cannot be deleted
    assert_error_shape(client.delete(f"/api/v1/submissions/{sid}", headers=bearer(world, "partner_a")), 409)
    # withdrawal is refused before the deadline; after it, the re-check and the outcome are recorded
    early = client.post(f"/api/v1/letters/{case['id']}/case", headers=reviewer, json={"outcome": "withdrawn"})
    assert_error_shape(early, 409, "deadline_not_passed")
    recheck = upload(client, world, "partner_a", [(logo_png(charter), "flyer-v2.png")]).get_json()["submissions"][0]
    assert_error_shape(
        client.post(
            f"/api/v1/letters/{case['id']}/case", headers=reviewer, json={"recheck_submission_id": 999, "outcome": ""}
        ),
        400,
        "recheck_not_partner",
    )
    app.config["TODAY"] = "2026-01-26"
    assert run_queued(settings) == 1
    closed = client.post(
        f"/api/v1/letters/{case['id']}/case",
        headers=reviewer,
        json={"recheck_submission_id": recheck["id"], "outcome": "rectified", "comment": "corrigé"},
    ).get_json()
    assert closed["outcome"] == "rectified" and closed["deadline_passed"] is True
    assert closed["recheck"]["id"] == recheck["id"] and closed["recheck"]["state"] == "done"
    partner_view = client.get(f"/api/v1/letters/{case['id']}", headers=bearer(world, "partner_a")).get_json()
    assert partner_view["outcome"] == "rectified"
    assert_error_shape(
        client.post(f"/api/v1/letters/{case['id']}/case", headers=reviewer, json={"outcome": "withdrawn"}), 409
    )


def test_withdrawal_after_the_deadline_withdraws_the_partner(world: World, charter) -> None:
    settings = world.settings(TODAY="2026-03-01")
    app = create_app(settings)
    client = app.test_client()
    sid = upload(client, world, "partner_a", [(logo_png(charter, recoloured=True), "x.png")]).get_json()
    sid = sid["submissions"][0]["id"]
    run_queued(settings)
    reviewer = bearer(world, "reviewer")
    finding = client.get(f"/api/v1/submissions/{sid}/findings", headers=reviewer).get_json()["findings"][0]
    client.post(
        f"/api/v1/findings/{finding['id']}/decision", headers=reviewer, json={"decision": "confirm", "comment": "ok"}
    )
    letter = client.post(f"/api/v1/submissions/{sid}/letters", headers=reviewer).get_json()
    app.config["TODAY"] = "2026-03-17"
    closed = client.post(f"/api/v1/letters/{letter['id']}/case", headers=reviewer, json={"outcome": "withdrawn"})
    assert closed.get_json()["outcome"] == "withdrawn"
    partner = client.get(f"/api/v1/partners/{world.partners['A']}", headers=reviewer).get_json()
    assert partner["status"] == "withdrawn"
    # a withdrawn partner can no longer upload
    assert_error_shape(upload(client, world, "partner_a", [(logo_png(charter), "y.png")]), 403, "partner_inactive")


def test_partner_list_shows_only_its_own(world: World, charter) -> None:
    client = create_app(world.settings()).test_client()
    upload(client, world, "partner_a", [(logo_png(charter), "a.png")])
    upload(client, world, "partner_b", [(logo_png(charter), "b.png")])

    def names(who: str) -> list[str]:
        listed = client.get("/api/v1/submissions", headers=bearer(world, who)).get_json()["submissions"]
        return [s["filename"] for s in listed]

    assert names("partner_a") == ["a.png"]
    assert names("partner_b") == ["b.png"]
    assert sorted(names("reviewer")) == ["a.png", "b.png"]
    partners = client.get("/api/v1/partners", headers=bearer(world, "partner_b")).get_json()["partners"]
    assert [p["name"] for p in partners] == ["Partenaire B"]
    # partner B deletes its own: gone for everyone; partner A's stays
    assert_error_shape(client.delete("/api/v1/submissions/2", headers=bearer(world, "partner_a")), 404)
    assert client.delete("/api/v1/submissions/2", headers=bearer(world, "partner_b")).status_code == 204
    assert_error_shape(client.get("/api/v1/submissions/2", headers=bearer(world, "reviewer")), 404)
    assert sorted(names("reviewer")) == ["a.png"]


def test_tokens_are_shown_once_and_can_be_revoked(world: World) -> None:
    client = create_app(world.settings()).test_client()
    created = client.post("/api/v1/tokens", headers=bearer(world, "partner_a"), json={"name": "ci"}).get_json()
    mine = {"Authorization": f"Bearer {created['token']}"}
    assert client.get("/api/v1/submissions", headers=mine).status_code == 200
    listed = client.get("/api/v1/tokens", headers=mine).get_json()["tokens"]
    assert all("token" not in t for t in listed)
    assert client.delete(f"/api/v1/tokens/{created['id']}", headers=mine).status_code == 204
    assert_error_shape(client.get("/api/v1/submissions", headers=mine), 401)


def test_web_pages_for_a_finished_check(world: World, charter) -> None:
    settings = world.settings()
    client = create_app(settings).test_client()
    upload(client, world, "partner_a", [(logo_png(charter, recoloured=True), "flyer.png")])
    run_queued(settings)
    login_session(client, world.users["reviewer"])
    page = client.get("/submissions/1").get_data(as_text=True)
    assert "non conforme" in page and "colour_changed" in page and 'name="decision" value="confirm"' in page
    assert "crop-0-0.png" in page and "ref-0-0.png" in page
    login_session(client, world.users["partner_a"])
    own = client.get("/submissions/1").get_data(as_text=True)
    assert "colour_changed" in own and 'value="confirm"' not in own  # partners see findings, not the decision forms


def _audit(world: World, action: str) -> list[tuple[int | None, str, str]]:
    from service.db import DB_FILE, connect

    con = connect(world.folder / DB_FILE)
    try:
        rows = con.execute("SELECT user_id, target, detail FROM audit WHERE action = ? ORDER BY id", (action,))
        return [(r["user_id"], r["target"], r["detail"]) for r in rows]
    finally:
        con.close()


def test_decisions_are_carried_over_to_a_rerun(world: World, charter) -> None:
    settings = world.settings()
    client = create_app(settings).test_client()
    sid = upload(client, world, "partner_a", [(logo_png(charter, recoloured=True), "flyer.png")]).get_json()
    sid = sid["submissions"][0]["id"]
    assert run_queued(settings) == 1
    reviewer = bearer(world, "reviewer")
    before = client.get(f"/api/v1/submissions/{sid}/findings", headers=reviewer).get_json()["findings"]
    (colour,) = [f for f in before if f["code"] == "colour_changed"]
    undecided = [f for f in before if f["id"] != colour["id"]]
    for decision, comment in (("dismiss", "doute"), ("confirm", "couleur vérifiée")):
        client.post(
            f"/api/v1/findings/{colour['id']}/decision",
            headers=reviewer,
            json={"decision": decision, "comment": comment},
        )

    assert client.post(f"/api/v1/submissions/{sid}/rerun", headers=reviewer).status_code in (200, 201, 202)
    assert run_queued(settings) == 1
    after = client.get(f"/api/v1/submissions/{sid}/findings", headers=reviewer).get_json()["findings"]
    assert {f["id"] for f in after}.isdisjoint(f["id"] for f in before)  # the re-run's own findings
    (carried,) = [f for f in after if f["code"] == "colour_changed"]
    assert carried["decision"] == "confirmed" and carried["carried_from"] == colour["id"]
    assert [(h["by"], h["decision"], h["comment"], h["carried_from"]) for h in carried["history"]] == [
        ("reviewer", "dismissed", "doute", colour["id"]),
        ("reviewer", "confirmed", "couleur vérifiée", colour["id"]),
    ]
    # the findings nobody decided stay to be decided
    others = [f for f in after if f["id"] != carried["id"]]
    assert len(others) == len(undecided)
    assert all(f["decision"] == "pending" and f["carried_from"] is None and not f["history"] for f in others)
    assert _audit(world, "carry_over") == [(None, f"finding:{carried['id']}", f"finding:{colour['id']} confirmed")]
    # the letter can be made from the carried decision at once
    letter = client.post(f"/api/v1/submissions/{sid}/letters", headers=reviewer)
    assert letter.status_code == 201 and letter.get_json()["findings"] == [carried["id"]]

    login_session(client, world.users["reviewer"])
    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert f'data-carried-from="{colour["id"]}"' in page
    assert f"Décision reprise de la vérification précédente (constat n° {colour['id']})" in page
    assert "(reprise)" in page


def _synthetic_check(findings: list[dict[str, Any]]) -> Any:
    """A check that reports ``findings`` (code, element, box) on page 0 of document 0."""
    from service.jobs import JobOutcome

    def check(store_root: str, job: Any) -> JobOutcome:
        rows = [
            {
                "document": 0,
                "page": 0,
                "instance": i,
                "position": 0,
                "code": f["code"],
                "element": f["element"],
                "box": f["box"],
                "severity": "violation",
                "rule": "CGU",
                "measured": None,
                "limit": None,
                "message": {"fr": f["code"], "en": f["code"]},
            }
            for i, f in enumerate(findings)
        ]
        return JobOutcome(state="done", verdict="non_compliant", pages=1, outputs={}, findings=rows)

    return check


def test_only_the_same_finding_on_the_same_instance_is_carried_over(world: World, charter) -> None:
    settings = world.settings()
    client = create_app(settings).test_client()
    sid = upload(client, world, "partner_a", [(logo_png(charter), "flyer.png")]).get_json()["submissions"][0]["id"]
    first = [
        {"code": "colour_changed", "element": "disc", "box": [100, 100, 200, 150]},
        {"code": "clear_space", "element": None, "box": [300, 300, 400, 350]},
        {"code": "element_missing", "element": "arrow", "box": [500, 100, 600, 150]},
    ]
    assert run_queued(settings, check=_synthetic_check(first)) == 1
    reviewer = bearer(world, "reviewer")
    earlier = client.get(f"/api/v1/submissions/{sid}/findings", headers=reviewer).get_json()["findings"]
    for f in earlier:
        client.post(
            f"/api/v1/findings/{f['id']}/decision", headers=reviewer, json={"decision": "confirm", "comment": "vu"}
        )
    client.post(f"/api/v1/submissions/{sid}/rerun", headers=reviewer)
    second = [
        # the same instance, its box moved by a tenth of its width: IoU 0.82
        {"code": "colour_changed", "element": "disc", "box": [110, 100, 210, 150]},
        # the same code, but an instance elsewhere (IoU 0.33)
        {"code": "clear_space", "element": None, "box": [350, 300, 450, 350]},
        # the same box, another element
        {"code": "element_missing", "element": "at_sign", "box": [500, 100, 600, 150]},
    ]
    assert run_queued(settings, check=_synthetic_check(second)) == 1
    later = client.get(f"/api/v1/submissions/{sid}/findings", headers=reviewer).get_json()["findings"]
    carried = {(f["code"], f["element"]): (f["decision"], f["carried_from"]) for f in later}
    assert carried == {
        ("colour_changed", "disc"): ("confirmed", earlier[0]["id"]),
        ("clear_space", None): ("pending", None),
        ("element_missing", "at_sign"): ("pending", None),
    }
    assert len(_audit(world, "carry_over")) == 1


def _pdf_text(data: bytes) -> str:
    import pymupdf

    with pymupdf.open(stream=data, filetype="pdf") as document:
        text = " ".join(" ".join(page.get_text().split()) for page in document)
    return unicodedata.normalize("NFKC", text)  # the layout sets ligatures (fl, ffi)


def _pdf_image_count(data: bytes) -> int:
    import pymupdf

    with pymupdf.open(stream=data, filetype="pdf") as document:
        return sum(len(page.get_images()) for page in document)


def test_admin_pages_manage_partners_users_and_tokens(world: World) -> None:
    client = create_app(world.settings()).test_client()
    login_session(client, world.users["admin"])
    form = {"csrf_token": "test-csrf"}
    created = client.post(
        "/admin/partners", data={**form, "name": "Partenaire C", "categories": ["conseiller_tpe", "nonsense"]}
    )
    assert created.status_code == 302
    partners = client.get("/api/v1/partners", headers=bearer(world, "admin")).get_json()["partners"]
    c = next(p for p in partners if p["name"] == "Partenaire C")
    assert c["categories"] == ["conseiller_tpe"] and c["status"] == "active"
    client.post(f"/admin/partners/{c['id']}", data={**form, "name": "Partenaire C", "status": "suspended"})
    assert client.get(f"/api/v1/partners/{c['id']}", headers=bearer(world, "admin")).get_json()["status"] == "suspended"
    assert_error_shape(client.post("/admin/partners", data={**form, "name": "Partenaire C"}), 400, "partner_exists")
    user = {**form, "code": "carla", "password": "long enough", "role": "partner", "partner_id": str(c["id"])}
    assert client.post("/admin/users", data=user).status_code == 302
    assert_error_shape(client.post("/admin/users", data=user), 400, "user_exists")
    assert_error_shape(client.post("/admin/users", data={**user, "code": "x", "password": "short"}), 400)
    page = client.get("/admin/users").get_data(as_text=True)
    assert "carla" in page
    client.post("/admin/tokens", data={**form, "user_id": str(world.users["reviewer"]), "name": "robot"})
    listed = client.get("/api/v1/tokens", headers=bearer(world, "admin")).get_json()["tokens"]
    robot = next(t for t in listed if t["name"] == "robot")
    client.post(f"/admin/tokens/{robot['id']}/revoke", data=form)
    listed = client.get("/api/v1/tokens", headers=bearer(world, "admin")).get_json()["tokens"]
    assert next(t for t in listed if t["id"] == robot["id"])["revoked"] is True
    # an account disabled by the admin can no longer use its token
    client.post(f"/admin/users/{world.users['partner_b']}/active", data={**form, "active": "0"})
    assert_error_shape(client.get("/api/v1/submissions", headers=bearer(world, "partner_b")), 401)


def test_a_partner_cannot_hide_what_staff_acted_on(world: World, charter) -> None:
    """A partner deletes or re-runs only its own submissions that no staff member acted on (no
    decision, no letter, not a case's re-check), and none once its right of use is not active."""
    settings = world.settings(TODAY="2026-01-10")
    client = create_app(settings).test_client()
    png = logo_png(charter)
    partner, reviewer, admin = bearer(world, "partner_a"), bearer(world, "reviewer"), bearer(world, "admin")
    names = ["decided.png", "untouched.png", "letter.png", "later.png"]
    ids = [s["id"] for s in upload(client, world, "partner_a", [(png, n) for n in names]).get_json()["submissions"]]
    decided, untouched, cited, later = ids
    one = [{"code": "colour_changed", "element": "disc", "box": [100, 100, 200, 150]}]
    assert run_queued(settings, check=_synthetic_check(one)) == len(ids)

    def decide(sid: int) -> None:
        (finding,) = client.get(f"/api/v1/submissions/{sid}/findings", headers=reviewer).get_json()["findings"]
        answer = client.post(
            f"/api/v1/findings/{finding['id']}/decision",
            headers=reviewer,
            json={"decision": "confirm", "comment": "vu"},
        )
        assert answer.status_code == 200

    # a reviewer confirmed a finding, no letter yet: the partner can neither delete nor re-run it
    decide(decided)
    for response in (
        client.delete(f"/api/v1/submissions/{decided}", headers=partner),
        client.post(f"/api/v1/submissions/{decided}/rerun", headers=partner),
    ):
        error = assert_error_shape(response, 409, "submission_reviewed")
        assert "décision" in error["message"]["fr"] and "decided" in error["message"]["en"]
    assert client.get(f"/api/v1/submissions/{decided}", headers=reviewer).status_code == 200
    # nobody acted on this one: the partner re-runs it and deletes it
    assert client.post(f"/api/v1/submissions/{untouched}/rerun", headers=partner).status_code == 202
    assert client.delete(f"/api/v1/submissions/{untouched}", headers=partner).status_code == 204

    # a letter's submission and the case's re-check: nobody deletes them, the partner does not re-run them
    decide(cited)
    letter = client.post(f"/api/v1/submissions/{cited}/letters", headers=reviewer).get_json()
    # the re-check is material sent after the letter
    recheck = upload(client, world, "partner_a", [(png, "recheck.png")]).get_json()["submissions"][0]["id"]
    attached = client.post(
        f"/api/v1/letters/{letter['id']}/case", headers=reviewer, json={"recheck_submission_id": recheck}
    )
    assert attached.status_code == 200 and attached.get_json()["recheck"]["id"] == recheck
    for sid, code in ((cited, "cited_by_letter"), (recheck, "cited_as_recheck")):
        for who in (partner, reviewer, admin):
            assert_error_shape(client.delete(f"/api/v1/submissions/{sid}", headers=who), 409, code)
        assert_error_shape(client.post(f"/api/v1/submissions/{sid}/rerun", headers=partner), 409, code)
        assert client.post(f"/api/v1/submissions/{sid}/rerun", headers=reviewer).status_code == 202
    assert client.get(f"/api/v1/letters/{letter['id']}", headers=reviewer).get_json()["recheck"]["id"] == recheck

    # the same refusal on the pages: no button that would fail, the reason instead, and the same error
    login_session(client, world.users["partner_a"])
    page = client.get(f"/submissions/{decided}").get_data(as_text=True)
    assert (
        f'action="/submissions/{decided}/delete"' not in page and f'action="/submissions/{decided}/rerun"' not in page
    )
    assert 'data-code="submission_reviewed"' in page and "décision" in page
    refused = client.post(
        f"/submissions/{decided}/delete", data={"csrf_token": "test-csrf"}, headers={"Accept": "text/html"}
    )
    assert refused.status_code == 409 and 'data-code="submission_reviewed"' in refused.get_data(as_text=True)
    assert_error_shape(client.post(f"/submissions/{decided}/rerun", data={"csrf_token": "test-csrf"}), 409)
    page = client.get(f"/submissions/{later}").get_data(as_text=True)
    assert f'action="/submissions/{later}/delete"' in page and f'action="/submissions/{later}/rerun"' in page

    # a suspended (or withdrawn) partner changes none of its submissions; staff still may
    suspended = client.patch(f"/api/v1/partners/{world.partners['A']}", headers=admin, json={"status": "suspended"})
    assert suspended.status_code == 200
    for response in (
        client.delete(f"/api/v1/submissions/{later}", headers=partner),
        client.post(f"/api/v1/submissions/{later}/rerun", headers=partner),
    ):
        error = assert_error_shape(response, 403, "partner_inactive")
        assert "suspendu" in error["message"]["fr"] and "suspended" in error["message"]["en"]
    page = client.get(f"/submissions/{later}").get_data(as_text=True)
    assert 'data-code="partner_inactive"' in page and f'action="/submissions/{later}/delete"' not in page
    assert client.delete(f"/api/v1/submissions/{later}", headers=reviewer).status_code == 204


@pytest.mark.parametrize(
    # the ASCII fallback is Werkzeug's send_file's: accents dropped, other characters left out
    ("name", "fallback"),
    [("日本€.png", ".png"), ("cœur.png", "cur.png"), ("café déjà.png", "cafe deja.png")],
)
def test_an_original_with_a_non_latin_name_downloads(world: World, charter, name: str, fallback: str) -> None:
    """Content-Disposition per RFC 6266: an ASCII ``filename`` and the real name in ``filename*``
    (a raw non-Latin-1 name made the server (waitress) fail with a 500)."""
    from urllib.parse import quote

    from werkzeug.http import parse_options_header

    client = create_app(world.settings()).test_client()
    png = logo_png(charter)
    sid = upload(client, world, "partner_a", [(png, name)]).get_json()["submissions"][0]["id"]
    login_session(client, world.users["reviewer"])
    for response in (
        client.get(f"/api/v1/submissions/{sid}/download", headers=bearer(world, "partner_a")),
        client.get(f"/submissions/{sid}/download"),
    ):
        assert response.status_code == 200 and response.data == png
        header = response.headers["Content-Disposition"]
        header.encode("ascii")  # the WSGI server sends headers as Latin-1: ASCII is safe everywhere
        assert header.startswith("attachment; filename=") and f"; filename*=UTF-8''{quote(name)}" in header, header
        assert parse_options_header(header.split("; filename*=")[0]) == ("attachment", {"filename": fallback})
        assert parse_options_header(header) == ("attachment", {"filename": name})


def _multipart(parts: list[tuple[bytes, bytes]], boundary: bytes = b"lc-boundary") -> tuple[bytes, str]:
    """A multipart/form-data body built by hand: (part headers, content) as raw bytes."""
    body = b"".join(b"--%s\r\n%s\r\n\r\n%s\r\n" % (boundary, headers, content) for headers, content in parts)
    return body + b"--%s--\r\n" % boundary, f"multipart/form-data; boundary={boundary.decode()}"


def test_a_form_that_cannot_be_read_is_refused_with_a_reason(world: World, charter) -> None:
    """One part whose file name is not UTF-8 (``caf\\xe9.png``, as an old client in Windows-1252
    sends it): werkzeug's silent form parser read the whole form as empty (``no_files``, or
    ``partner_required`` for a reviewer). It is now refused as such, saying what to do."""
    client = create_app(world.settings()).test_client()
    png = logo_png(charter)

    def file_part(raw_name: bytes) -> tuple[bytes, bytes]:
        headers = b'Content-Disposition: form-data; name="files"; filename="%s"\r\nContent-Type: image/png' % raw_name
        return headers, png

    partner = (b'Content-Disposition: form-data; name="partner_id"', str(world.partners["A"]).encode())
    body, content_type = _multipart([file_part(b"caf\xe9.png"), file_part(b"recolour.png"), partner])
    refused = client.post(
        "/api/v1/submissions", headers=bearer(world, "reviewer"), data=body, content_type=content_type
    )
    assert_error_shape(refused, 400, "form_unreadable")
    assert "UTF-8" in refused.get_json()["error"]["message"]["en"]
    # the upload page: a page of the same error, not a CSRF error
    login_session(client, world.users["partner_a"])
    csrf = (b'Content-Disposition: form-data; name="csrf_token"', b"test-csrf")
    body, content_type = _multipart([file_part(b"caf\xe9.png"), csrf])
    page = client.post("/upload", data=body, content_type=content_type, headers={"Accept": "text/html"})
    assert page.status_code == 400 and "form_unreadable" in page.get_data(as_text=True)
    # the same form with a UTF-8 name goes through
    body, content_type = _multipart([file_part("café.png".encode()), partner])
    created = client.post(
        "/api/v1/submissions", headers=bearer(world, "reviewer"), data=body, content_type=content_type
    )
    assert created.status_code == 201 and created.get_json()["submissions"][0]["filename"] == "café.png"


def _log_in(client: Any, code: str) -> str:
    """Log in through the form and open a page (which gives the session its CSRF token); the session
    cookie's value."""
    client.get("/login")
    response = client.post("/login", data={"code": code, "password": PASSWORD, "csrf_token": _csrf(client)})
    assert response.status_code == 302 and response.headers["Location"] == "/", response.get_data(as_text=True)
    assert client.get("/submissions").status_code == 200
    return client.get_cookie("logo_check").value


def _with_cookie(app: Any, value: str) -> Any:
    client = app.test_client()
    client.set_cookie("logo_check", value)
    return client


def test_logout_ends_the_session_everywhere(world: World) -> None:
    """Flask's session cookie is signed, not stored: a copy taken before logout used to stay valid."""
    app = create_app(world.settings())
    client = app.test_client()
    before = _log_in(client, "reviewer")
    copy = _with_cookie(app, before)
    assert copy.get("/submissions").status_code == 200
    csrf = _csrf(client)
    assert client.post("/logout", data={"csrf_token": csrf}).status_code == 302
    refused = copy.get("/submissions")
    assert refused.status_code == 302 and "/login" in refused.headers["Location"]
    # the copied cookie is logged out: its forms are refused too, and the page asks to log in
    copy = _with_cookie(app, before)
    assert_error_shape(copy.post("/upload", data={"csrf_token": csrf}), 401, "unauthorized")
    # logging in again gives a new session; the old cookie stays refused
    again = _log_in(app.test_client(), "reviewer")
    assert _with_cookie(app, again).get("/submissions").status_code == 200
    assert _with_cookie(app, before).get("/submissions").status_code == 302
    # a session cookie of before this change (a user id, no generation) is refused as well
    legacy = app.test_client()
    with legacy.session_transaction() as session:
        session["user_id"] = world.users["reviewer"]
    assert legacy.get("/submissions").status_code == 302


def test_disabling_a_user_ends_its_sessions(world: World) -> None:
    app = create_app(world.settings())
    before = _log_in(app.test_client(), "partner_b")
    assert _with_cookie(app, before).get("/submissions").status_code == 200
    admin = app.test_client()
    login_session(admin, world.users["admin"])
    for active in ("0", "1"):
        answer = admin.post(
            f"/admin/users/{world.users['partner_b']}/active", data={"csrf_token": "test-csrf", "active": active}
        )
        assert answer.status_code == 302
    refused = _with_cookie(app, before).get("/submissions")
    assert refused.status_code == 302 and "/login" in refused.headers["Location"]
    assert _with_cookie(app, _log_in(app.test_client(), "partner_b")).get("/submissions").status_code == 200


def _visible_text(page: str) -> tuple[str, list[str]]:
    """The text a reader sees of an HTML page (text nodes) and the images' alt texts."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.text: list[str] = []
            self.alts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.skip += tag in ("style", "script")
            self.alts += [v or "" for k, v in attrs if tag == "img" and k == "alt"]

        def handle_endtag(self, tag: str) -> None:
            self.skip -= tag in ("style", "script")

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.text.append(data)

    reader = Reader()
    reader.feed(page)
    return " ".join(" ".join(reader.text).split()), reader.alts


def confirmed_submission(world: World, charter, comment: str, **settings: str) -> tuple[Any, int]:
    """A test client and the id of partner A's submission of a recoloured logo on print, checked,
    whose first finding a reviewer confirmed with ``comment``."""
    config = world.settings(**settings)
    client = create_app(config).test_client()
    created = upload(client, world, "partner_a", [(logo_png(charter, recoloured=True), "flyer.png")], channel="print")
    sid = created.get_json()["submissions"][0]["id"]
    run_queued(config)
    reviewer = bearer(world, "reviewer")
    finding = client.get(f"/api/v1/submissions/{sid}/findings", headers=reviewer).get_json()["findings"][0]
    decision = {"decision": "confirm", "comment": comment}
    client.post(f"/api/v1/findings/{finding['id']}/decision", headers=reviewer, json=decision)
    return client, sid


def test_pages_speak_each_language_with_its_own_typography_and_the_charter_labels(world: World, charter) -> None:
    client, sid = confirmed_submission(world, charter, "vu", TODAY="2026-01-10")
    reviewer = bearer(world, "reviewer")
    letter = client.post(f"/api/v1/submissions/{sid}/letters", headers=reviewer).get_json()["id"]
    login_session(client, world.users["reviewer"])
    pages = (f"/submissions/{sid}", f"/partners/{world.partners['A']}", f"/letters/{letter}")
    seen: dict[str, dict[str, tuple[str, list[str]]]] = {}
    for lang in ("fr", "en"):
        client.get(f"/lang/{lang}")
        seen[lang] = {path: _visible_text(client.get(path).get_data(as_text=True)) for path in pages}
    report_fr, alts_fr = seen["fr"][pages[0]]
    report_en, alts_en = seen["en"][pages[0]]
    for path in pages:
        english, _ = seen["en"][path]
        assert not re.search(r"\w :", english), (path, re.findall(r".{20}\w :.{10}", english))
        assert "offre_referencee" not in english and "offre_referencee" not in seen["fr"][path][0], path
    assert "Partenaire : " in report_fr and "Verdict : " in report_fr and "confirmé : vu" in report_fr
    assert (
        "Partner: " in report_en and "State: " in report_en and "Rule: " in report_en and "confirmed: vu" in report_en
    )
    assert "Offre référencée" in report_fr and "imprimé" in report_fr
    assert "Listed offer" in report_en and "Channel: print" in report_en
    assert "Listed offer" in seen["en"][pages[1]][0] and "Status: active" in seen["en"][pages[1]][0]
    assert "Deadline: 2026-01-25" in seen["en"][pages[2]][0] and "Échéance : 2026-01-25" in seen["fr"][pages[2]][0]
    assert {"Page 1", "Trouvé", "Référence", "Écart de couleur"} <= set(alts_fr), alts_fr
    assert {"Page 1", "Found", "Reference", "Colour difference"} <= set(alts_en), alts_en
    assert not {"crop", "reference", "heatmap", "page 1"} & set(alts_fr)


def test_messages_name_states_and_statuses_in_their_own_language(world: World, charter) -> None:
    client = create_app(world.settings()).test_client()
    sid = upload(client, world, "partner_a", [(logo_png(charter), "a.png")]).get_json()["submissions"][0]["id"]
    error = assert_error_shape(
        client.get(f"/api/v1/submissions/{sid}/report.json", headers=bearer(world, "partner_a")), 409, "not_ready"
    )
    assert "(état : en attente)" in error["message"]["fr"] and "(state: queued)" in error["message"]["en"]
    admin = bearer(world, "admin")
    client.patch(f"/api/v1/partners/{world.partners['A']}", headers=admin, json={"status": "suspended"})
    error = assert_error_shape(upload(client, world, "partner_a", [(logo_png(charter), "b.png")]), 403)
    assert error["message"]["fr"] == "Ce partenaire n'est pas actif (suspendu)."
    assert error["message"]["en"] == "This partner is not active (suspended)."


def test_pages_name_every_verdict_and_severity_in_both_languages() -> None:
    # the report pages show a finding's severity and an instance's verdict in words
    # (templates finding.html, report.html): none may fall back to its code
    from logo_check.codes import SEVERITIES, VERDICTS
    from service.i18n import MESSAGES

    for key in [f"severity_{s}" for s in SEVERITIES] + [f"verdict_{v}" for v in VERDICTS]:
        assert set(MESSAGES.get(key, {})) == {"fr", "en"}, key


def test_a_partner_reads_the_decisions_on_its_findings_with_their_comments(world: World, charter) -> None:
    # README, Roles: a reviewer's comment is written for the partner to read
    client, sid = confirmed_submission(world, charter, "flèche recolorée en vert")
    login_session(client, world.users["partner_a"])
    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert "flèche recolorée en vert" in page and 'name="decision"' not in page
    # when the decision was made, as a French page writes a time
    assert re.search(r"\b\d\d/\d\d/20\d\d \d\d:\d\d UTC\b", page)


def test_pages_write_times_in_their_language() -> None:
    from service import moment

    assert moment("2026-03-01T08:05:09+00:00", "fr") == "01/03/2026 08:05 UTC"
    assert moment("2026-03-01T08:05:09+00:00", "en") == "2026-03-01 08:05 UTC"
    assert moment("not a time", "fr") == "not a time" and moment(None, "en") == ""


def _blurred_logo_png(charter) -> bytes:
    """A logo (S = 100 px) blurred by 0.06 S: its findings of detail are warnings, and it is to review."""
    import cv2
    import numpy as np
    from PIL import Image
    from scenes import scene

    image, _ = scene(charter, mark_px=100)
    out = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(cv2.GaussianBlur(image, (0, 0), 6.0))).save(out, "PNG")
    return out.getvalue()


def test_the_report_page_says_why_a_logo_is_to_review(world: World, charter) -> None:
    """A logo « à examiner » says why, in the page's language, to the reviewer and to the partner,
    beside its findings whose severity is in words."""
    settings = world.settings()
    client = create_app(settings).test_client()
    created = upload(client, world, "partner_a", [(_blurred_logo_png(charter), "flou.png")])
    sid = created.get_json()["submissions"][0]["id"]
    run_queued(settings)
    report = client.get(f"/api/v1/submissions/{sid}/report.json", headers=bearer(world, "reviewer")).get_json()
    (instance,) = report["documents"][0]["pages"][0]["instances"]
    assert instance["verdict"] == "review" and " / " in instance["review_reason"]
    for who in ("reviewer", "partner_a"):
        login_session(client, world.users[who])
        for lang, words, other in (
            ("fr", ("Raison de l'examen : image trop floue pour juger", "(avertissement)"), "too blurred"),
            ("en", ("Reason for review: image too blurred to judge", "(warning)"), "trop floue"),
        ):
            client.get(f"/lang/{lang}")
            text, _ = _visible_text(client.get(f"/submissions/{sid}").get_data(as_text=True))
            assert all(w in text for w in words), (who, lang, text)
            assert other not in text, (who, lang)


def test_staff_notes_are_kept_for_the_staff_and_never_shown_to_the_partner(world: World, charter) -> None:
    """README, Roles: a reviewer writes notes on a submission for the ministry's staff (a phone call,
    what was agreed); the partner can neither read them, on the API or its report page, nor add any."""
    settings = world.settings()
    client = create_app(settings).test_client()
    sid = upload(client, world, "partner_a", [(logo_png(charter), "flyer.png")]).get_json()["submissions"][0]["id"]
    reviewer, partner = bearer(world, "reviewer"), bearer(world, "partner_a")
    assert client.get(f"/api/v1/submissions/{sid}/notes", headers=reviewer).get_json() == {"notes": []}
    created = client.post(
        f"/api/v1/submissions/{sid}/notes", headers=reviewer, json={"text": "  Appel du 3 mars : <b>corrige</b>  "}
    )
    assert created.status_code == 201
    note = created.get_json()
    assert (note["by"], note["text"]) == ("reviewer", "Appel du 3 mars : <b>corrige</b>") and note["at"]
    assert client.get(f"/api/v1/submissions/{sid}/notes", headers=reviewer).get_json() == {"notes": [note]}
    assert _audit(world, "staff_note") == [(world.users["reviewer"], f"submission:{sid}", f"note:{note['id']}")]
    # bad notes say why; none is cut short
    assert_error_shape(
        client.post(f"/api/v1/submissions/{sid}/notes", headers=reviewer, json={"text": " "}), 400, "note_required"
    )
    too_long = client.post(f"/api/v1/submissions/{sid}/notes", headers=reviewer, json={"text": "x" * 4001})
    assert_error_shape(too_long, 400, "note_too_long")
    assert_error_shape(
        client.post(f"/api/v1/submissions/{sid}/notes", headers=reviewer, json={"text": 3}), 400, "bad_field"
    )
    # the partner: neither read nor write
    assert_error_shape(client.get(f"/api/v1/submissions/{sid}/notes", headers=partner), 403, "forbidden")
    assert_error_shape(
        client.post(f"/api/v1/submissions/{sid}/notes", headers=partner, json={"text": "x"}), 403, "forbidden"
    )
    assert_error_shape(client.get("/api/v1/submissions/999/notes", headers=reviewer), 404, "not_found")

    login_session(client, world.users["reviewer"])
    added = client.post(f"/submissions/{sid}/notes", data={"text": "Relance prévue", "csrf_token": "test-csrf"})
    assert added.status_code == 302 and "#note-" in added.headers["Location"]
    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert "Notes internes" in page and "Relance prévue" in page
    assert "Appel du 3 mars : &lt;b&gt;corrige&lt;/b&gt;" in page  # text, not markup
    login_session(client, world.users["partner_a"])
    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert "Relance prévue" not in page and "Appel du 3 mars" not in page and "Notes internes" not in page
    assert client.post(f"/submissions/{sid}/notes", data={"text": "x", "csrf_token": "test-csrf"}).status_code == 403


def test_a_web_archive_uploaded_fails_and_says_where_sites_are_scanned(world: World) -> None:
    """The service checks documents; a crawled site (a WARC) is scanned by the command line, page
    by page: the upload's check fails with a message that says so, on the API and on its page."""
    import gzip

    settings = world.settings()
    client = create_app(settings).test_client()
    warc = gzip.compress(b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n")
    sid = upload(client, world, "partner_a", [(warc, "site.warc.gz")]).get_json()["submissions"][0]["id"]
    run_queued(settings)
    status = client.get(f"/api/v1/submissions/{sid}", headers=bearer(world, "partner_a")).get_json()
    assert status["state"] == "failed" and status["error"]["code"] == "web_archive_not_here"
    assert "logo-check scan FICHIER.warc.gz" in status["error"]["message"]["fr"]
    login_session(client, world.users["partner_a"])
    page = client.get(f"/submissions/{sid}").get_data(as_text=True)
    assert 'data-code="web_archive_not_here"' in page and "logo-check scan FICHIER.warc.gz" in page


def test_a_json_body_nested_too_deep_is_a_bad_body(world: World) -> None:
    """Arrays nested deeper than Python's JSON parser goes raised RecursionError: a 500 and a
    traceback in the log for what is a client's malformed body."""
    client = create_app(world.settings()).test_client()
    headers = {**bearer(world, "admin"), "Content-Type": "application/json"}
    assert_error_shape(client.post("/api/v1/partners", data="[" * 100_000, headers=headers), 400, "bad_body")
