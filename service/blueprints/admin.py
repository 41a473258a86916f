"""Administration pages: partners (name, categories, status), users, API tokens."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from .. import accounts, actions
from ..access import lang, requires
from ..db_session import db
from ..errors import ServiceError
from ..i18n import translate
from ..validation import parse_id

bp = Blueprint("admin", __name__, url_prefix="/admin")


def account_error(exc: accounts.AccountError) -> ServiceError:
    return ServiceError(400, exc.code, **exc.params)


@bp.route("/partners", methods=["GET", "POST"])
@requires("admin")
def partners():
    charter = actions.charter()
    if request.method == "POST":
        categories = [c for c in request.form.getlist("categories") if c in charter.categories]
        try:
            accounts.create_partner(
                db(),
                request.form.get("name", ""),
                categories,
                request.form.get("status", "active"),
                request.form.get("email"),
            )
        except accounts.AccountError as exc:
            raise account_error(exc) from None
        flash(translate("saved", lang()))
        return redirect(url_for("admin.partners"))
    rows = db().execute("SELECT * FROM partners ORDER BY name").fetchall()
    return render_template(
        "admin_partners.html",
        partners=[(r, accounts.partner_categories(r)) for r in rows],
        charter=charter,
        statuses=accounts.PARTNER_STATUSES,
    )


@bp.route("/partners/<int:partner_id>", methods=["POST"])
@requires("admin")
def partner(partner_id: int):
    charter = actions.charter()
    if db().execute("SELECT 1 FROM partners WHERE id = ?", (partner_id,)).fetchone() is None:
        raise ServiceError(404, "not_found")
    categories = [c for c in request.form.getlist("categories") if c in charter.categories]
    try:
        accounts.update_partner(
            db(),
            partner_id,
            name=request.form.get("name"),
            categories=categories,
            status=request.form.get("status"),
            email=request.form.get("email"),
        )
    except accounts.AccountError as exc:
        raise account_error(exc) from None
    flash(translate("saved", lang()))
    return redirect(url_for("admin.partners"))


@bp.route("/users", methods=["GET", "POST"])
@requires("admin")
def users():
    if request.method == "POST":
        form = request.form
        partner_id = parse_id(form.get("partner_id"), "partner_id") if form.get("role") == "partner" else None
        try:
            accounts.create_user(db(), form.get("code", ""), form.get("password", ""), form.get("role", ""), partner_id)
        except accounts.AccountError as exc:
            raise account_error(exc) from None
        flash(translate("saved", lang()))
        return redirect(url_for("admin.users"))
    rows = (
        db()
        .execute(
            "SELECT users.*, partners.name AS partner_name FROM users "
            "LEFT JOIN partners ON partners.id = users.partner_id "
            "ORDER BY users.code"
        )
        .fetchall()
    )
    partners_rows = db().execute("SELECT * FROM partners ORDER BY name").fetchall()
    return render_template("admin_users.html", users=rows, partners=partners_rows, roles=accounts.ROLES)


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@requires("admin")
def user_active(user_id: int):
    if db().execute("SELECT 1 FROM users WHERE id = ?", (user_id,)).fetchone() is None:
        raise ServiceError(404, "not_found")
    if user_id == g.user.id:
        raise ServiceError(409, "conflict")
    accounts.set_user_active(db(), user_id, request.form.get("active") == "1")
    return redirect(url_for("admin.users"))


@bp.route("/tokens", methods=["GET", "POST"])
@requires("admin")
def tokens():
    if request.method == "POST":
        user_id = parse_id(request.form.get("user_id"), "user_id")
        if user_id is None or db().execute("SELECT 1 FROM users WHERE id = ?", (user_id,)).fetchone() is None:
            raise ServiceError(400, "bad_field", field="user_id")
        _, token = accounts.create_token(db(), user_id, request.form.get("name", ""))
        flash(translate("token_created", lang(), token=token))
        return redirect(url_for("admin.tokens"))
    rows = (
        db()
        .execute(
            "SELECT tokens.*, users.code FROM tokens JOIN users ON users.id = tokens.user_id ORDER BY tokens.id DESC"
        )
        .fetchall()
    )
    users_rows = db().execute("SELECT id, code, role FROM users WHERE active = 1 ORDER BY code").fetchall()
    return render_template("admin_tokens.html", tokens=rows, users=users_rows)


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@requires("admin")
def revoke(token_id: int):
    if db().execute("SELECT 1 FROM tokens WHERE id = ?", (token_id,)).fetchone() is None:
        raise ServiceError(404, "not_found")
    accounts.revoke_token(db(), token_id)
    return redirect(url_for("admin.tokens"))
