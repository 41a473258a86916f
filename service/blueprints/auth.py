"""Login, logout and the language switch."""

from __future__ import annotations

import unicodedata

from flask import Blueprint, g, redirect, render_template, request, session, url_for

from .. import accounts
from ..access import client_address, settings, start_session
from ..db_session import db
from ..errors import ServiceError
from ..i18n import LANGUAGES

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only a path of this site, else the start page: never an open redirect.

    A local path starts with one ``/`` (not ``//``: another host) and holds no backslash (``/\\host``)
    and no control character: browsers drop tabs and newlines from a URL, so ``/<TAB>/evil.com``
    would become ``//evil.com``, and CR/LF cannot go into a header at all.
    """
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not any(unicodedata.category(c) == "Cc" for c in target)
    ):
        return target
    return url_for("web.home")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        if g.user is not None:
            return redirect(url_for("web.home"))
        return render_template("login.html", next=request.args.get("next", ""))
    code, password = request.form.get("code", ""), request.form.get("password", "")
    address = client_address()
    if accounts.throttled(db(), code.strip(), address, settings("LOGIN_MAX_FAILURES"), settings("LOGIN_WINDOW")):
        raise ServiceError(429, "login_throttled")
    user = accounts.authenticate(db(), code, password, address)
    if user is None:
        raise ServiceError(401, "bad_login")
    start_session(user)
    return redirect(_safe_next(request.form.get("next")))


@bp.route("/logout", methods=["POST"])
def logout():
    """Ends the user's sessions on the server too: a copy of the cookie no longer opens anything."""
    if g.user is not None:
        accounts.end_sessions(db(), g.user.id)
    session.clear()
    return redirect(url_for("auth.login"))


@bp.route("/lang/<code>")
def language(code: str):
    if code not in LANGUAGES:
        raise ServiceError(404, "not_found")
    session["lang"] = code
    return redirect(_safe_next(request.args.get("next")))
