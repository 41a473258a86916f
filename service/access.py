"""Who is asking, and what they may see.

Pages use the session (cookie); ``/api/`` uses ``Authorization: Bearer <token>`` only. A partner
sees its own submissions, letters and partner record; anything else answers 404, exactly as an id
that does not exist, so that ids reveal nothing.
"""

from __future__ import annotations

import functools
import secrets
import sqlite3
from collections.abc import Callable
from typing import Any

from flask import current_app, g, redirect, request, session, url_for

from . import accounts
from .db_session import db
from .errors import ServiceError
from .i18n import DEFAULT_LANGUAGE, LANGUAGES


def load_user() -> None:
    """``before_request``: sets ``g.user`` (an :class:`accounts.User` or None)."""
    g.user = None
    if request.path.startswith("/api/"):
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            g.user = accounts.user_by_token(db(), token.strip())
        return
    user_id = session.get("user_id")
    if isinstance(user_id, int):
        g.user = accounts.user_for_session(db(), user_id, session.get(SESSION_GENERATION))
        if g.user is None:  # logged out elsewhere, disabled, or gone: this session is over
            kept = {key: session[key] for key in ("lang", CSRF_FIELD) if key in session}
            session.clear()
            session.update(kept)  # the form then answers 401 (login required), not a CSRF error


#: the session's key for the user's session generation at login (:func:`accounts.user_for_session`)
SESSION_GENERATION = "generation"


def start_session(user: accounts.User) -> None:
    """A new session for ``user`` (no fixation), at its current generation; the language is kept."""
    lang = session.get("lang")
    session.clear()
    session["user_id"] = user.id
    session[SESSION_GENERATION] = accounts.session_generation(db(), user.id)
    if lang:
        session["lang"] = lang


def lang() -> str:
    chosen = session.get("lang") if not request.path.startswith("/api/") else None
    if chosen in LANGUAGES:
        return chosen
    best = request.accept_languages.best_match(LANGUAGES) if request.path.startswith("/api/") else None
    return best or DEFAULT_LANGUAGE


def requires(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The view needs a logged-in user with one of ``roles`` (401/redirect to login, else 403)."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            user = g.get("user")
            if user is None:
                if request.path.startswith("/api/") or request.method != "GET":
                    raise ServiceError(401, "unauthorized")
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if user.role not in roles:
                raise ServiceError(403, "forbidden")
            return view(*args, **kwargs)

        wrapper.roles = roles  # type: ignore[attr-defined]
        return wrapper

    return decorate


ALL = ("partner", "reviewer", "admin")
STAFF = ("reviewer", "admin")


def visible_submission(submission_id: int) -> sqlite3.Row:
    row = (
        db()
        .execute(
            "SELECT submissions.*, partners.name AS partner_name FROM submissions "
            "JOIN partners ON partners.id = submissions.partner_id WHERE submissions.id = ? AND deleted_at IS NULL",
            (submission_id,),
        )
        .fetchone()
    )
    if row is None or (g.user.is_partner and row["partner_id"] != g.user.partner_id):
        raise ServiceError(404, "not_found")
    return row


def visible_partner(partner_id: int) -> sqlite3.Row:
    row = db().execute("SELECT * FROM partners WHERE id = ?", (partner_id,)).fetchone()
    if row is None or (g.user.is_partner and row["id"] != g.user.partner_id):
        raise ServiceError(404, "not_found")
    return row


def visible_letter(letter_id: int) -> sqlite3.Row:
    row = db().execute("SELECT * FROM letters WHERE id = ?", (letter_id,)).fetchone()
    if row is None or (g.user.is_partner and row["partner_id"] != g.user.partner_id):
        raise ServiceError(404, "not_found")
    return row


def visible_finding(finding_id: int) -> tuple[sqlite3.Row, sqlite3.Row]:
    """The finding and its submission (404 unless the submission is visible)."""
    row = (
        db()
        .execute(
            "SELECT findings.*, jobs.submission_id FROM findings JOIN jobs ON jobs.id = findings.job_id "
            "WHERE findings.id = ?",
            (finding_id,),
        )
        .fetchone()
    )
    if row is None:
        raise ServiceError(404, "not_found")
    return row, visible_submission(row["submission_id"])


CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


def csrf_token() -> str:
    token = session.get(CSRF_FIELD)
    if not token:
        token = session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return token


def check_csrf() -> None:
    """``before_request``: every state-changing page request carries the session's CSRF token."""
    if request.method in ("GET", "HEAD", "OPTIONS") or request.path.startswith("/api/"):
        return
    expected = session.get(CSRF_FIELD)
    given = request.headers.get(CSRF_HEADER) or request.form.get(CSRF_FIELD)
    if not expected or not given or not secrets.compare_digest(str(expected), str(given)):
        raise ServiceError(400, "csrf")


def client_address() -> str:
    return request.remote_addr or "unknown"


def settings(key: str) -> Any:
    return current_app.config[key]
