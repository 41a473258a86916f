"""Partners, users, API tokens and login throttling, on a database connection.

Passwords are kept as werkzeug's scrypt hashes; API tokens are shown once and kept as their
SHA-256 (a token is 32 random bytes, so a fast hash is enough).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import time
from dataclasses import dataclass

from .db import transaction

ROLES = ("partner", "reviewer", "admin")
PARTNER_STATUSES = ("active", "suspended", "withdrawn")
MIN_PASSWORD_LENGTH = 8
PASSWORD_METHOD = "scrypt"
#: a hash compared against when the user code is unknown, so that both answers take as long
_DUMMY_HASH: str | None = None


class AccountError(ValueError):
    """A request about accounts that cannot be done; ``code`` names the problem (i18n key error_<code>)."""

    def __init__(self, code: str, /, **params: object) -> None:
        self.code, self.params = code, params
        super().__init__(code)


@dataclass(frozen=True)
class User:
    id: int
    code: str
    role: str
    partner_id: int | None

    @property
    def is_partner(self) -> bool:
        return self.role == "partner"


def _user(row: sqlite3.Row) -> User:
    return User(row["id"], row["code"], row["role"], row["partner_id"])


def hash_password(password: str) -> str:
    from werkzeug.security import generate_password_hash

    return generate_password_hash(password, method=PASSWORD_METHOD)


def create_partner(
    con: sqlite3.Connection, name: str, categories: list[str], status: str = "active", email: str | None = None
) -> int:
    name = name.strip()
    if not name:
        raise AccountError("partner_name")
    if status not in PARTNER_STATUSES:
        raise AccountError("partner_status", value=status)
    address = partner_email(email)
    try:
        with transaction(con):
            cur = con.execute(
                "INSERT INTO partners (name, categories, status, created_at, email) VALUES (?, ?, ?, ?, ?)",
                (name, json.dumps(sorted(set(categories))), status, time.time(), address),
            )
    except sqlite3.IntegrityError:
        raise AccountError("partner_exists", name=name) from None
    return int(cur.lastrowid)


def update_partner(
    con: sqlite3.Connection,
    partner_id: int,
    *,
    name: str | None,
    categories: list[str] | None,
    status: str | None,
    email: str | None = None,
) -> None:
    """Change what is given (None: unchanged; an empty e-mail address removes it), all or nothing;
    a name another partner has is refused (``partner_exists``), as when creating one."""
    if status is not None and status not in PARTNER_STATUSES:
        raise AccountError("partner_status", value=status)
    if name is not None and not name.strip():
        raise AccountError("partner_name")
    address = partner_email(email)
    try:
        with transaction(con):
            if email is not None:
                con.execute("UPDATE partners SET email = ? WHERE id = ?", (address, partner_id))
            if name is not None:
                con.execute("UPDATE partners SET name = ? WHERE id = ?", (name.strip(), partner_id))
            if categories is not None:
                con.execute(
                    "UPDATE partners SET categories = ? WHERE id = ?",
                    (json.dumps(sorted(set(categories))), partner_id),
                )
            if status is not None:
                con.execute("UPDATE partners SET status = ? WHERE id = ?", (status, partner_id))
    except sqlite3.IntegrityError:
        raise AccountError("partner_exists", name=(name or "").strip()) from None


def partner_email(value: str | None) -> str | None:
    """The address to store: None for none given or an empty one; refused (``partner_email``) when
    it is not one plain mailbox (:func:`service.mail.valid_address`)."""
    from .mail import valid_address

    address = (value or "").strip()
    if not address:
        return None
    if not valid_address(address):
        raise AccountError("partner_email", value=address[:100])
    return address


def partner_categories(row: sqlite3.Row) -> list[str]:
    return list(json.loads(row["categories"]))


def create_user(con: sqlite3.Connection, code: str, password: str, role: str, partner_id: int | None = None) -> int:
    code = code.strip()
    if not code or len(code) > 64 or any(c.isspace() for c in code):
        raise AccountError("user_code")
    if role not in ROLES:
        raise AccountError("user_role", value=role)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("password_short", minimum=MIN_PASSWORD_LENGTH)
    if (role == "partner") != (partner_id is not None):
        raise AccountError("partner_required" if role == "partner" else "partner_only_for_partners")
    if partner_id is not None and con.execute("SELECT 1 FROM partners WHERE id = ?", (partner_id,)).fetchone() is None:
        raise AccountError("partner_unknown", value=partner_id)
    try:
        with transaction(con):
            cur = con.execute(
                "INSERT INTO users (code, password_hash, role, partner_id, created_at) VALUES (?, ?, ?, ?, ?)",
                (code, hash_password(password), role, partner_id, time.time()),
            )
    except sqlite3.IntegrityError:
        raise AccountError("user_exists", code=code) from None
    return int(cur.lastrowid)


def set_user_active(con: sqlite3.Connection, user_id: int, active: bool) -> None:
    """Enable or disable an account; disabling ends its sessions (:func:`end_sessions`)."""
    with transaction(con):
        con.execute("UPDATE users SET active = ? WHERE id = ?", (int(active), user_id))
        if not active:
            _bump_generation(con, user_id)


def user_by_id(con: sqlite3.Connection, user_id: int) -> User | None:
    row = con.execute("SELECT * FROM users WHERE id = ? AND active = 1", (user_id,)).fetchone()
    return _user(row) if row else None


def session_generation(con: sqlite3.Connection, user_id: int) -> int:
    """The user's session generation, put in the session at login (see :func:`user_for_session`)."""
    return int(con.execute("SELECT session_generation FROM users WHERE id = ?", (user_id,)).fetchone()[0])


def user_for_session(con: sqlite3.Connection, user_id: int, generation: object) -> User | None:
    """The active user of a session opened at ``generation``; None once that generation has ended.

    Flask's session cookie is signed, not stored: without this, a copy of the cookie taken before
    logout would stay valid until the key changes.
    """
    if not isinstance(generation, int) or isinstance(generation, bool):
        return None  # a cookie of before the generations (schema 5), or not ours
    row = con.execute(
        "SELECT * FROM users WHERE id = ? AND active = 1 AND session_generation = ?", (user_id, generation)
    ).fetchone()
    return _user(row) if row else None


def end_sessions(con: sqlite3.Connection, user_id: int) -> None:
    """End every session of the user (at logout; a password change, when there is one, must call it too)."""
    with transaction(con):
        _bump_generation(con, user_id)


def _bump_generation(con: sqlite3.Connection, user_id: int) -> None:
    con.execute("UPDATE users SET session_generation = session_generation + 1 WHERE id = ?", (user_id,))


def throttled(con: sqlite3.Connection, code: str, address: str, max_failures: int, window: float) -> bool:
    """True when ``code`` or ``address`` failed to log in ``max_failures`` times within ``window`` seconds."""
    since = time.time() - window
    by_code = con.execute("SELECT COUNT(*) FROM login_failures WHERE code = ? AND at > ?", (code, since)).fetchone()[0]
    by_address = con.execute(
        "SELECT COUNT(*) FROM login_failures WHERE address = ? AND at > ?", (address, since)
    ).fetchone()[0]
    return by_code >= max_failures or by_address >= max_failures


def authenticate(con: sqlite3.Connection, code: str, password: str, address: str) -> User | None:
    """The user whose code and password these are, else None (and the failure is recorded)."""
    from werkzeug.security import check_password_hash

    global _DUMMY_HASH
    row = con.execute("SELECT * FROM users WHERE code = ? AND active = 1", (code.strip(),)).fetchone()
    if row is None:
        _DUMMY_HASH = _DUMMY_HASH or hash_password(secrets.token_hex(8))
        check_password_hash(_DUMMY_HASH, password)
        ok = False
    else:
        ok = check_password_hash(row["password_hash"], password)
    with transaction(con):
        if ok:
            con.execute("DELETE FROM login_failures WHERE code = ?", (code.strip(),))
        else:
            con.execute(
                "INSERT INTO login_failures (code, address, at) VALUES (?, ?, ?)", (code.strip(), address, time.time())
            )
    return _user(row) if ok and row is not None else None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(con: sqlite3.Connection, user_id: int, name: str) -> tuple[int, str]:
    """A new API token for ``user_id``: (its id, the token, shown only now)."""
    token = "lc_" + secrets.token_urlsafe(32)
    with transaction(con):
        cur = con.execute(
            "INSERT INTO tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)",
            (user_id, name.strip() or "token", _token_hash(token), time.time()),
        )
    return int(cur.lastrowid), token


def revoke_token(con: sqlite3.Connection, token_id: int) -> None:
    with transaction(con):
        con.execute("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", (time.time(), token_id))


def user_by_token(con: sqlite3.Connection, token: str) -> User | None:
    row = con.execute(
        "SELECT users.* FROM tokens JOIN users ON users.id = tokens.user_id "
        "WHERE tokens.token_hash = ? AND tokens.revoked_at IS NULL AND users.active = 1",
        (_token_hash(token),),
    ).fetchone()
    return _user(row) if row else None


def audit(con: sqlite3.Connection, user_id: int | None, action: str, target: str, detail: str = "") -> None:
    """One line of the audit trail (who, what, on what, when); call inside the caller's transaction."""
    con.execute(
        "INSERT INTO audit (user_id, action, target, detail, at) VALUES (?, ?, ?, ?, ?)",
        (user_id, action, target, detail, time.time()),
    )
