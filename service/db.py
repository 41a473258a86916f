"""SQLite storage: one connection per use, WAL mode, a busy timeout, and numbered migrations.

The schema only ever moves forward: :data:`MIGRATIONS` is a list of SQL scripts; the table
``migrations`` records which ones ran. Add a new script at the end, never edit an old one.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .settings import DB_BUSY_TIMEOUT_MS

DB_FILE = "logo-check.sqlite3"

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE partners (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        categories TEXT NOT NULL DEFAULT '[]',   -- JSON list of charter category keys
        status TEXT NOT NULL DEFAULT 'active',   -- active | suspended | withdrawn
        created_at REAL NOT NULL
    );
    CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('partner', 'reviewer', 'admin')),
        partner_id INTEGER REFERENCES partners(id),
        active INTEGER NOT NULL DEFAULT 1,
        created_at REAL NOT NULL,
        CHECK ((role = 'partner') = (partner_id IS NOT NULL))
    );
    CREATE TABLE tokens (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,         -- sha256 of the token; the token itself is shown once
        created_at REAL NOT NULL,
        revoked_at REAL
    );
    CREATE TABLE login_failures (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL,
        address TEXT NOT NULL,
        at REAL NOT NULL
    );
    CREATE INDEX login_failures_code ON login_failures(code, at);
    CREATE INDEX login_failures_address ON login_failures(address, at);
    CREATE TABLE submissions (
        id INTEGER PRIMARY KEY,
        partner_id INTEGER NOT NULL REFERENCES partners(id),
        uploaded_by INTEGER NOT NULL REFERENCES users(id),
        filename TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        channel TEXT NOT NULL,
        category TEXT,
        material_date TEXT,
        created_at REAL NOT NULL,
        deleted_at REAL
    );
    CREATE INDEX submissions_partner ON submissions(partner_id);
    CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        state TEXT NOT NULL DEFAULT 'queued',    -- queued | running | done | failed
        attempts INTEGER NOT NULL DEFAULT 0,
        lease_until REAL,
        worker TEXT,
        created_at REAL NOT NULL,
        started_at REAL,
        finished_at REAL,
        error_code TEXT,
        error_detail TEXT,
        verdict TEXT,
        pages INTEGER,
        outputs TEXT                             -- JSON {name: sha256} of the stored renderings
    );
    CREATE INDEX jobs_state ON jobs(state, id);
    CREATE INDEX jobs_submission ON jobs(submission_id);
    CREATE TABLE findings (
        id INTEGER PRIMARY KEY,
        job_id INTEGER NOT NULL REFERENCES jobs(id),
        page INTEGER NOT NULL,
        instance INTEGER NOT NULL,
        position INTEGER NOT NULL,
        code TEXT NOT NULL,
        element TEXT,
        severity TEXT NOT NULL,
        rule TEXT,
        measured TEXT,
        lim TEXT,
        message_fr TEXT NOT NULL,
        message_en TEXT NOT NULL,
        decision TEXT NOT NULL DEFAULT 'pending', -- pending | confirmed | dismissed
        UNIQUE (job_id, page, instance, position)
    );
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        finding_id INTEGER NOT NULL REFERENCES findings(id),
        user_id INTEGER NOT NULL REFERENCES users(id),
        decision TEXT NOT NULL,
        comment TEXT NOT NULL,
        at REAL NOT NULL
    );
    CREATE TABLE letters (
        id INTEGER PRIMARY KEY,
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        partner_id INTEGER NOT NULL REFERENCES partners(id),
        created_by INTEGER NOT NULL REFERENCES users(id),
        created_at REAL NOT NULL,
        deadline TEXT NOT NULL,                  -- YYYY-MM-DD
        pdf_sha256 TEXT NOT NULL,
        findings TEXT NOT NULL,                  -- JSON list of the confirmed finding ids cited
        recheck_submission_id INTEGER REFERENCES submissions(id),
        outcome TEXT,                            -- rectified | withdrawn
        outcome_by INTEGER REFERENCES users(id),
        outcome_at REAL,
        outcome_comment TEXT
    );
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        user_id INTEGER REFERENCES users(id),
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        at REAL NOT NULL
    );
    """,
    # 2: a report holds one document per member of an archive: which document a finding is about
    """
    ALTER TABLE findings ADD COLUMN document INTEGER NOT NULL DEFAULT 0;
    """,
    # 3: progress of a running check: images done and images in the document being checked
    """
    ALTER TABLE jobs ADD COLUMN progress_done INTEGER;
    ALTER TABLE jobs ADD COLUMN progress_total INTEGER;
    """,
    # 4: decisions carried over to a re-run: the instance's box (page unit, JSON [x0, y0, x1, y1];
    # NULL for a finding about a whole document), and the earlier finding a decision was carried from
    """
    ALTER TABLE findings ADD COLUMN box TEXT;
    ALTER TABLE findings ADD COLUMN carried_from INTEGER REFERENCES findings(id);
    ALTER TABLE decisions ADD COLUMN carried_from INTEGER REFERENCES findings(id);
    """,
    # 5: server-side end of sessions: the session cookie carries the user's generation at login; it is
    # bumped at logout and when the account is disabled, which ends every session opened before
    """
    ALTER TABLE users ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 0;
    """,
    # 6: warning letters sent by e-mail: the partner's address, and when and to whom a letter was
    # last sent (every attempt, failed ones too, is in the audit trail)
    """
    ALTER TABLE partners ADD COLUMN email TEXT;
    ALTER TABLE letters ADD COLUMN sent_at REAL;
    ALTER TABLE letters ADD COLUMN sent_to TEXT;
    """,
    # 7: a submission checked for logos turned sideways or upside down too (logo-check scan --turned)
    """
    ALTER TABLE submissions ADD COLUMN look_turned INTEGER NOT NULL DEFAULT 0;
    """,
    # 8: notes of the ministry's staff on a submission, which its partner never sees (a phone call,
    # what was agreed), beside the decisions' comments, which are written for the partner
    """
    CREATE TABLE staff_notes (
        id INTEGER PRIMARY KEY,
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        user_id INTEGER NOT NULL REFERENCES users(id),
        text TEXT NOT NULL,
        at REAL NOT NULL
    );
    CREATE INDEX staff_notes_submission ON staff_notes (submission_id);
    """,
]


def connect(path: Path) -> sqlite3.Connection:
    """A connection in WAL mode with a busy timeout, foreign keys on, rows as :class:`sqlite3.Row`.

    ``isolation_level=None``: no implicit transactions; writers use :func:`transaction`.
    """
    con = sqlite3.connect(path, timeout=DB_BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
    con.row_factory = sqlite3.Row
    con.execute(f"PRAGMA busy_timeout = {DB_BUSY_TIMEOUT_MS}")
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = FULL")  # a commit survives a power cut, not only a killed process
    con.execute("PRAGMA foreign_keys = ON")
    return con


@contextmanager
def transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on error): the write lock is taken at the start,
    so two writers wait for each other (busy timeout) instead of failing on upgrade."""
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def migrate(path: Path) -> int:
    """Apply the migrations not yet applied; return the schema version."""
    con = connect(path)
    try:
        with transaction(con):
            con.execute("CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, applied_at REAL NOT NULL)")
            done = {row[0] for row in con.execute("SELECT version FROM migrations")}
            for version, script in enumerate(MIGRATIONS, start=1):
                if version in done:
                    continue
                for statement in _statements(script):
                    con.execute(statement)
                con.execute("INSERT INTO migrations (version, applied_at) VALUES (?, ?)", (version, time.time()))
        return len(MIGRATIONS)
    finally:
        con.close()


def _statements(script: str) -> list[str]:
    """The statements of a migration script (no semicolons inside statements in our scripts)."""
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
