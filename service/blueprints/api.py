"""The REST API under ``/api/v1``: bearer tokens, JSON in and out, the one error shape.

Every route is described in :mod:`service.openapi` (``GET /api/v1/openapi.json``); a test checks
that the document and the routes match.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, jsonify, request, url_for

from .. import accounts, actions
from ..access import ALL, STAFF, lang, requires, visible_finding, visible_letter, visible_partner, visible_submission
from ..db_session import db
from ..errors import ServiceError
from ..validation import identifier, json_object, text, text_list
from . import web

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _account_error(exc: accounts.AccountError) -> ServiceError:
    """An account error as the API answers it: 409 for a name another partner has, else 400."""
    return ServiceError(409 if exc.code == "partner_exists" else 400, exc.code, **exc.params)


def _submission(row) -> dict[str, Any]:
    item = actions.status(row)
    item["links"] = {
        "self": url_for("api.submission", submission_id=row["id"]),
        "report": url_for("api.report", submission_id=row["id"], fmt="json"),
        "findings": url_for("api.findings", submission_id=row["id"]),
    }
    return item


@bp.route("/openapi.json")
def openapi():
    from ..openapi import document

    return jsonify(document())


@bp.route("/health")
def health():
    counts = {state: 0 for state in ("queued", "running", "done", "failed")}
    for row in db().execute("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state"):
        counts[row["state"]] = row["n"]
    return jsonify({"status": "ok", "jobs": counts})


@bp.route("/submissions", methods=["GET"])
@requires(*ALL)
def submissions():
    return jsonify({"submissions": web.list_submissions(request.args)})


@bp.route("/submissions", methods=["POST"])
@requires(*ALL)
def submit():
    ids = actions.submit(g.user, request.files.getlist("files"), request.form)
    rows = [visible_submission(i) for i in ids]
    return jsonify({"submissions": [_submission(r) for r in rows]}), 201


@bp.route("/submissions/<int:submission_id>", methods=["GET"])
@requires(*ALL)
def submission(submission_id: int):
    return jsonify(_submission(visible_submission(submission_id)))


@bp.route("/submissions/<int:submission_id>", methods=["DELETE"])
@requires(*ALL)
def delete(submission_id: int):
    actions.delete(g.user, visible_submission(submission_id))
    return "", 204


@bp.route("/submissions/<int:submission_id>/rerun", methods=["POST"])
@requires(*ALL)
def rerun(submission_id: int):
    row = visible_submission(submission_id)
    actions.rerun(g.user, row)
    return jsonify(_submission(row)), 202


@bp.route("/submissions/<int:submission_id>/report.<any(json, html, csv):fmt>")
@requires(*ALL)
def report(submission_id: int, fmt: str):
    row = visible_submission(submission_id)
    return web.output_response(row, web.report_name(fmt, lang()), web.REPORT_TYPES[fmt])


@bp.route("/submissions/<int:submission_id>/report.<part>.html")
@requires(*ALL)
def report_part(submission_id: int, part: str):
    return web.report_part_response(visible_submission(submission_id), part)


@bp.route("/submissions/<int:submission_id>/images/<name>")
@requires(*ALL)
def image(submission_id: int, name: str):
    return web.image_response(visible_submission(submission_id), name)


@bp.route("/submissions/<int:submission_id>/download")
@requires(*ALL)
def download(submission_id: int):
    return web.original_response(visible_submission(submission_id))


@bp.route("/submissions/<int:submission_id>/findings")
@requires(*ALL)
def findings(submission_id: int):
    visible_submission(submission_id)
    return jsonify({"findings": [actions.finding_dict(f) for f in actions.findings(submission_id)]})


@bp.route("/submissions/<int:submission_id>/notes", methods=["GET", "POST"])
@requires(*STAFF)
def notes(submission_id: int):
    submission = visible_submission(submission_id)
    if request.method == "POST":
        return jsonify(actions.add_staff_note(g.user, submission, text(json_object(), "text"))), 201
    return jsonify({"notes": actions.staff_notes(submission_id)})


@bp.route("/findings/<int:finding_id>/decision", methods=["POST"])
@requires(*STAFF)
def decision(finding_id: int):
    finding, _ = visible_finding(finding_id)
    data = json_object()
    actions.decide(g.user, finding, text(data, "decision"), text(data, "comment"))
    row = db().execute("SELECT * FROM findings WHERE id = ?", (finding_id,)).fetchone()
    return jsonify(actions.finding_dict(row))


@bp.route("/submissions/<int:submission_id>/letters", methods=["POST"])
@requires(*STAFF)
def make_letter(submission_id: int):
    letter_id = actions.make_letter(g.user, visible_submission(submission_id))
    return jsonify(actions.letter_dict(visible_letter(letter_id))), 201


@bp.route("/letters/<int:letter_id>")
@requires(*ALL)
def letter(letter_id: int):
    return jsonify(actions.letter_dict(visible_letter(letter_id)))


@bp.route("/letters/<int:letter_id>.pdf")
@requires(*ALL)
def letter_pdf(letter_id: int):
    return web.letter_pdf_response(visible_letter(letter_id))


@bp.route("/letters/<int:letter_id>/send", methods=["POST"])
@requires(*STAFF)
def send_letter(letter_id: int):
    actions.send_letter(g.user, visible_letter(letter_id))
    return jsonify(actions.letter_dict(visible_letter(letter_id)))


@bp.route("/letters/<int:letter_id>/case", methods=["POST"])
@requires(*STAFF)
def case(letter_id: int):
    row = visible_letter(letter_id)
    data = json_object()
    actions.record_case(
        g.user, row, identifier(data, "recheck_submission_id"), text(data, "outcome"), text(data, "comment")
    )
    return jsonify(actions.letter_dict(visible_letter(letter_id)))


@bp.route("/artwork", methods=["GET"])
@requires(*ALL)
def artwork():
    return web.artwork_response(g.user, request.args)


def _partner(row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "categories": accounts.partner_categories(row),
        "status": row["status"],
        "email": row["email"],
    }


@bp.route("/partners", methods=["GET"])
@requires(*ALL)
def partners():
    if g.user.is_partner:
        rows = db().execute("SELECT * FROM partners WHERE id = ?", (g.user.partner_id,)).fetchall()
    else:
        rows = db().execute("SELECT * FROM partners ORDER BY name").fetchall()
    return jsonify({"partners": [_partner(r) for r in rows]})


def _categories(data: dict[str, Any]) -> list[str] | None:
    value = text_list(data, "categories")
    if value is None:
        return None
    known = actions.charter().categories
    if any(c not in known for c in value):
        raise ServiceError(400, "bad_field", field="categories")
    return value


@bp.route("/partners", methods=["POST"])
@requires("admin")
def create_partner():
    data = json_object()
    try:
        partner_id = accounts.create_partner(
            db(),
            text(data, "name") or "",
            _categories(data) or [],
            text(data, "status") or "active",
            text(data, "email"),
        )
    except accounts.AccountError as exc:
        raise _account_error(exc) from None
    return jsonify(_partner(visible_partner(partner_id))), 201


@bp.route("/partners/<int:partner_id>", methods=["GET"])
@requires(*ALL)
def partner(partner_id: int):
    return jsonify(_partner(visible_partner(partner_id)))


@bp.route("/partners/<int:partner_id>", methods=["PATCH"])
@requires("admin")
def update_partner(partner_id: int):
    visible_partner(partner_id)
    data = json_object()
    try:
        accounts.update_partner(
            db(),
            partner_id,
            name=text(data, "name"),
            categories=_categories(data),
            status=text(data, "status"),
            email=text(data, "email"),
        )
    except accounts.AccountError as exc:
        raise _account_error(exc) from None
    return jsonify(_partner(visible_partner(partner_id)))


def _token(row) -> dict[str, Any]:
    return {"id": row["id"], "user_id": row["user_id"], "name": row["name"], "revoked": row["revoked_at"] is not None}


@bp.route("/tokens", methods=["GET"])
@requires(*ALL)
def tokens():
    if g.user.role == "admin":
        rows = db().execute("SELECT * FROM tokens ORDER BY id").fetchall()
    else:
        rows = db().execute("SELECT * FROM tokens WHERE user_id = ? ORDER BY id", (g.user.id,)).fetchall()
    return jsonify({"tokens": [_token(r) for r in rows]})


@bp.route("/tokens", methods=["POST"])
@requires(*ALL)
def create_token():
    data = json_object() if request.content_length else {}
    user_id, name = identifier(data, "user_id"), text(data, "name") or ""
    if user_id is not None and user_id != g.user.id:
        if g.user.role != "admin":
            raise ServiceError(403, "forbidden")
        if accounts.user_by_id(db(), user_id) is None:
            raise ServiceError(400, "bad_field", field="user_id")
    token_id, token = accounts.create_token(db(), user_id or g.user.id, name)
    row = db().execute("SELECT * FROM tokens WHERE id = ?", (token_id,)).fetchone()
    return jsonify(_token(row) | {"token": token}), 201


@bp.route("/tokens/<int:token_id>", methods=["DELETE"])
@requires(*ALL)
def revoke_token(token_id: int):
    row = db().execute("SELECT * FROM tokens WHERE id = ?", (token_id,)).fetchone()
    if row is None or (g.user.role != "admin" and row["user_id"] != g.user.id):
        raise ServiceError(404, "not_found")
    accounts.revoke_token(db(), token_id)
    return "", 204
