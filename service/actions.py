"""What the pages and the API do, once: upload, re-run, delete, decide, write a letter, close a case.

Each function takes the acting user, checks what is asked against the charter and the rules, and
raises :class:`~service.errors.ServiceError` with a stable code when it cannot be done.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import time
from dataclasses import dataclass
from typing import Any

from flask import current_app

from . import accounts, jobs
from .accounts import User
from .db import transaction
from .db_session import db, store
from .errors import ServiceError, Term
from .i18n import translate

DECISIONS = {"confirm": "confirmed", "dismiss": "dismissed"}
OUTCOMES = ("rectified", "withdrawn")
MAX_FILENAME = 200
MAX_COMMENT = 4000


@dataclass
class Upload:
    """A file received and stored (content-addressed), not yet a submission."""

    filename: str
    sha256: str
    size: int


def charter() -> Any:
    from logo_check.charter import load_charter

    return load_charter()


def store_uploads(files: list[Any]) -> list[Upload]:
    """Store the uploaded files within the limits (413 beyond them, 400 for an empty one).

    Each file is streamed to the store while it is hashed; a refused upload creates no submission
    (a file already stored stays in the store, unreferenced).
    """
    from .store import TooLargeError

    limit_files, limit_bytes = current_app.config["MAX_UPLOAD_FILES"], current_app.config["MAX_UPLOAD_BYTES"]
    files = [f for f in files if f is not None and (f.filename or "") != ""]
    if not files:
        raise ServiceError(400, "no_files")
    if len(files) > limit_files:
        raise ServiceError(413, "too_many_files", count=len(files), limit=limit_files)
    out = []
    for f in files:
        name = os.path.basename((f.filename or "upload").replace("\\", "/"))[:MAX_FILENAME] or "upload"
        try:
            sha, size = store().put_stream(f.stream, limit_bytes)
        except TooLargeError:
            raise ServiceError(413, "file_too_large", name=name, limit=limit_bytes) from None
        if size == 0:
            raise ServiceError(400, "empty_file", name=name)
        out.append(Upload(name, sha, size))
    return out


def resolve_partner(user: User, partner_field: str | None) -> sqlite3.Row:
    if user.is_partner:
        row = db().execute("SELECT * FROM partners WHERE id = ?", (user.partner_id,)).fetchone()
        if row["status"] != "active":
            raise ServiceError(403, "partner_inactive", state=Term(f"status_{row['status']}"))
        return row
    try:
        partner_id = int(partner_field or "")
    except ValueError:
        raise ServiceError(400, "partner_required") from None
    row = db().execute("SELECT * FROM partners WHERE id = ?", (partner_id,)).fetchone()
    if row is None:
        raise ServiceError(400, "partner_unknown", value=partner_id)
    return row


def check_context(
    user: User, partner: sqlite3.Row, channel: str | None, category: str | None, date: str | None
) -> tuple[str, str | None, str | None]:
    """The declared channel, category and date, checked against the charter and the partner.

    A partner with categories set by the admin declares one of them (its only one by default);
    without categories, the caption is only checked to be one of the charter's.
    """
    from logo_check.api import make_context
    from logo_check.errors import UsageError

    channel, category, date = (channel or "web").strip(), (category or "").strip() or None, (date or "").strip() or None
    allowed = accounts.partner_categories(partner)
    if category is None and user.is_partner and allowed:
        if len(allowed) > 1:
            raise ServiceError(400, "category_required", known=", ".join(allowed))
        category = allowed[0]
    try:
        make_context(charter(), channel, category, date)
    except UsageError as exc:
        raise ServiceError(400, "bad_context", messages={"fr": exc.render("fr"), "en": exc.render("en")}) from None
    if category is not None and allowed and category not in allowed:
        raise ServiceError(400, "category_not_allowed", value=category, known=", ".join(allowed))
    return channel, category, date


def submit(user: User, files: list[Any], form: Any) -> list[int]:
    """Store the files and queue one check per file; the new submissions' ids."""
    partner = resolve_partner(user, form.get("partner_id"))
    from .validation import flag

    channel, category, date = check_context(user, partner, form.get("channel"), form.get("category"), form.get("date"))
    look_turned = flag(form, "turned")
    uploads = store_uploads(files)
    ids = []
    for upload in uploads:
        ids.append(
            jobs.create_submission(
                db(),
                partner_id=partner["id"],
                user_id=user.id,
                filename=upload.filename,
                sha256=upload.sha256,
                size=upload.size,
                channel=channel,
                category=category,
                material_date=date,
                look_turned=look_turned,
            )
        )
    return ids


#: The artwork's formats one may download, with their media types.
ARTWORK_FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
#: Height of a downloaded artwork when none is asked for, in pixels (a web page's logo).
ARTWORK_HEIGHT = 200


def artwork_categories(user: User) -> list[str]:
    """The categories whose artwork ``user`` may download (the artwork page's choice)."""
    if not user.is_partner:
        return _categories_of(None)
    return _categories_of(db().execute("SELECT * FROM partners WHERE id = ?", (user.partner_id,)).fetchone())


def _categories_of(partner: sqlite3.Row | None) -> list[str]:
    """A partner's own categories when the admin set them, else every category of the charter."""
    return (accounts.partner_categories(partner) if partner is not None else []) or list(charter().categories)


def artwork(user: User, args: Any) -> tuple[bytes, str, str]:
    """The official artwork (bytes, media type, file name) for the query ``args``: ``category``
    (default the first ``user`` may have), ``variant`` (colour), ``height`` in pixels (200) and
    ``format`` (png or svg), rendered as ``logo-check reference render`` does."""
    from logo_check.errors import UsageError
    from logo_check.reference import artwork_svg, render_png

    from .validation import one_of

    # a partner whose right of use is suspended or withdrawn gets none (403), as for its uploads
    allowed = _categories_of(resolve_partner(user, None) if user.is_partner else None)
    category = (args.get("category") or "").strip() or allowed[0]
    variant = (args.get("variant") or "").strip() or "colour"
    fmt = (args.get("format") or "png").strip().lower()
    if fmt not in ARTWORK_FORMATS:
        raise one_of("format", tuple(ARTWORK_FORMATS))
    try:
        height = int(args.get("height") or ARTWORK_HEIGHT)
    except ValueError:
        raise ServiceError(400, "bad_height", value=str(args.get("height"))[:20]) from None
    if category in charter().categories and category not in allowed:
        raise ServiceError(400, "category_not_allowed", value=category, known=", ".join(allowed))
    try:
        if fmt == "svg":
            data = artwork_svg(charter(), category, variant, height).encode("utf-8")
        else:
            data = render_png(charter(), category, variant, height)
    except UsageError as exc:
        raise ServiceError(400, "bad_artwork", messages={"fr": exc.render("fr"), "en": exc.render("en")}) from None
    return data, ARTWORK_FORMATS[fmt], f"logo-{category}-{variant}-{height}px.{fmt}"


def change_refusal(user: User, submission: sqlite3.Row, *, delete: bool) -> ServiceError | None:
    """Why ``user`` may not delete (``delete``) or re-run the submission; None when it may.

    Nobody deletes a submission that a warning letter cites, or that a case cites as its re-check.
    A partner deletes or re-runs only its own submissions that no staff member has acted on (no
    decision on any of its findings, not cited by a letter or a case), and none while its partner
    is not active (suspended, right of use withdrawn). Staff re-run any submission.
    Call it inside the transaction that makes the change, so that nothing slips in between.
    """
    con, submission_id = db(), submission["id"]
    if user.is_partner:
        state = con.execute("SELECT status FROM partners WHERE id = ?", (submission["partner_id"],)).fetchone()[0]
        if state != "active":
            return ServiceError(
                403, "partner_inactive", key="error_partner_inactive_changes", state=Term(f"status_{state}")
            )
    elif not delete:
        return None
    if con.execute("SELECT 1 FROM letters WHERE submission_id = ?", (submission_id,)).fetchone():
        return ServiceError(409, "cited_by_letter")
    if con.execute("SELECT 1 FROM letters WHERE recheck_submission_id = ?", (submission_id,)).fetchone():
        return ServiceError(409, "cited_as_recheck")
    if user.is_partner:
        decided = con.execute(
            "SELECT 1 FROM decisions JOIN findings ON findings.id = decisions.finding_id "
            "JOIN jobs ON jobs.id = findings.job_id WHERE jobs.submission_id = ? LIMIT 1",
            (submission_id,),
        ).fetchone()
        if decided:
            return ServiceError(409, "submission_reviewed")
    return None


def _still_there(submission_id: int) -> None:
    """Inside a write transaction: the submission was not deleted meanwhile (else 404, as for any
    hidden submission), so that no decision, letter or case ever cites a deleted submission."""
    row = db().execute("SELECT deleted_at FROM submissions WHERE id = ?", (submission_id,)).fetchone()
    if row is None or row["deleted_at"] is not None:
        raise ServiceError(404, "not_found")


def rerun(user: User, submission: sqlite3.Row) -> int:
    """Queue the submission's check again (see :func:`change_refusal` for who may)."""
    with transaction(db()):
        refusal = change_refusal(user, submission, delete=False)
        if refusal is not None:
            raise refusal
        job_id = jobs.enqueue_in_transaction(db(), submission["id"])
        accounts.audit(db(), user.id, "rerun", f"submission:{submission['id']}")
    return job_id


def delete(user: User, submission: sqlite3.Row) -> None:
    """Hide the submission (kept for the audit trail); see :func:`change_refusal` for who may."""
    with transaction(db()):
        refusal = change_refusal(user, submission, delete=True)
        if refusal is not None:
            raise refusal
        db().execute("UPDATE submissions SET deleted_at = ? WHERE id = ?", (time.time(), submission["id"]))
        accounts.audit(db(), user.id, "delete", f"submission:{submission['id']}")


def status(submission: sqlite3.Row) -> dict[str, Any]:
    """The submission and its latest job, as the API and the list page show it."""
    job = jobs.latest_job(db(), submission["id"])
    error = None
    if job is not None and job["state"] == "failed":
        error = {"code": job["error_code"], "message": job_error_message(job)}
    return {
        "id": submission["id"],
        "filename": submission["filename"],
        "sha256": submission["sha256"],
        "size": submission["size"],
        "partner_id": submission["partner_id"],
        "channel": submission["channel"],
        "category": submission["category"],
        "date": submission["material_date"],
        "turned": bool(submission["look_turned"]),
        "uploaded_at": _iso(submission["created_at"]),
        "state": job["state"] if job else "queued",
        "attempts": job["attempts"] if job else 0,
        "progress": (
            {"done": job["progress_done"], "total": job["progress_total"]}
            if job and job["state"] == "running" and job["progress_total"]
            else None
        ),
        "started_at": _iso(job["started_at"]) if job else None,
        "finished_at": _iso(job["finished_at"]) if job else None,
        "verdict": job["verdict"] if job and job["state"] in ("done", "failed") else None,
        "pages": job["pages"] if job else None,
        "error": error,
        "outputs": sorted(jobs.job_outputs(job)) if job else [],
    }


def job_error_message(job: sqlite3.Row) -> dict[str, str]:
    code, detail = job["error_code"], job["error_detail"] or ""
    if detail.startswith("{"):  # the engine's own bilingual message for an unreadable input
        return dict(json.loads(detail))
    key = f"job_{code}"
    from .i18n import MESSAGES

    if key not in MESSAGES:
        return {"fr": f"{code} {detail}", "en": f"{code} {detail}"}
    return {lang: translate(key, lang, detail=detail) for lang in ("fr", "en")}


def _iso(timestamp: float | None) -> str | None:
    if timestamp is None:
        return None
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).isoformat(timespec="seconds")


def findings(submission_id: int) -> list[sqlite3.Row]:
    job = jobs.latest_done_job(db(), submission_id)
    if job is None:
        return []
    return (
        db()
        .execute("SELECT * FROM findings WHERE job_id = ? ORDER BY page, instance, position", (job["id"],))
        .fetchall()
    )


def finding_dict(row: sqlite3.Row) -> dict[str, Any]:
    history = (
        db()
        .execute(
            "SELECT decisions.*, users.code FROM decisions JOIN users ON users.id = decisions.user_id "
            "WHERE finding_id = ? ORDER BY decisions.id",
            (row["id"],),
        )
        .fetchall()
    )
    return {
        "id": row["id"],
        "document": row["document"],
        "page": row["page"],
        "instance": row["instance"],
        "code": row["code"],
        "element": row["element"],
        "severity": row["severity"],
        "rule": row["rule"],
        "measured": row["measured"],
        "limit": row["lim"],
        "message": {"fr": row["message_fr"], "en": row["message_en"]},
        "decision": row["decision"],
        "carried_from": row["carried_from"],
        "history": [
            {
                "by": h["code"],
                "decision": h["decision"],
                "comment": h["comment"],
                "at": _iso(h["at"]),
                "carried_from": h["carried_from"],
            }
            for h in history
        ],
    }


def decide(user: User, finding: sqlite3.Row, decision: str | None, comment: str | None) -> None:
    """Record a reviewer's decision on a finding of the submission's current report (its latest
    finished check); a finding of an earlier check, replaced by a re-run, answers 409
    ``finding_superseded`` (``finding`` comes from :func:`service.access.visible_finding`)."""
    if decision not in DECISIONS:
        raise ServiceError(400, "bad_decision", value=decision)
    comment = (comment or "").strip()[:MAX_COMMENT]
    if not comment:
        raise ServiceError(400, "comment_required")
    with transaction(db()):
        _still_there(finding["submission_id"])
        current = jobs.latest_done_job(db(), finding["submission_id"])
        if current is None or current["id"] != finding["job_id"]:
            raise ServiceError(409, "finding_superseded", submission=finding["submission_id"])
        db().execute("UPDATE findings SET decision = ? WHERE id = ?", (DECISIONS[decision], finding["id"]))
        db().execute(
            "INSERT INTO decisions (finding_id, user_id, decision, comment, at) VALUES (?, ?, ?, ?, ?)",
            (finding["id"], user.id, DECISIONS[decision], comment, time.time()),
        )
        accounts.audit(db(), user.id, decision, f"finding:{finding['id']}", comment)


def add_staff_note(user: User, submission: sqlite3.Row, note: str | None) -> dict[str, Any]:
    """Record a staff member's note on the submission (never shown to its partner: the routes
    that show notes are the staff's); the note, as :func:`staff_notes` gives it. Empty: 400
    ``note_required``; longer than :data:`MAX_COMMENT` characters: 400 ``note_too_long`` (a note
    is not cut short silently)."""
    note = (note or "").strip()
    if not note:
        raise ServiceError(400, "note_required")
    if len(note) > MAX_COMMENT:
        raise ServiceError(400, "note_too_long", limit=MAX_COMMENT)
    at = time.time()
    with transaction(db()):
        _still_there(submission["id"])
        cursor = db().execute(
            "INSERT INTO staff_notes (submission_id, user_id, text, at) VALUES (?, ?, ?, ?)",
            (submission["id"], user.id, note, at),
        )
        note_id = int(cursor.lastrowid or 0)
        accounts.audit(db(), user.id, "staff_note", f"submission:{submission['id']}", f"note:{note_id}")
    return _note_dict(note_id, user.code, at, note)


def staff_notes(submission_id: int) -> list[dict[str, Any]]:
    """The staff's notes on a submission, oldest first: who, when, what."""
    rows = (
        db()
        .execute(
            "SELECT staff_notes.*, users.code FROM staff_notes JOIN users ON users.id = staff_notes.user_id "
            "WHERE submission_id = ? ORDER BY staff_notes.id",
            (submission_id,),
        )
        .fetchall()
    )
    return [_note_dict(r["id"], r["code"], r["at"], r["text"]) for r in rows]


def _note_dict(note_id: int, by: str, at: float, text: str) -> dict[str, Any]:
    return {"id": note_id, "by": by, "at": _iso(at), "text": text}


def today() -> dt.date:
    """Today's date (the ``TODAY`` setting, ``YYYY-MM-DD``, fixes it, for tests and demonstrations)."""
    fixed = current_app.config.get("TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


def make_letter(user: User, submission: sqlite3.Row) -> int:
    """The warning letter (PDF) citing the submission's confirmed findings; the letter's id."""
    from .letters import render_letter

    confirmed = [f for f in findings(submission["id"]) if f["decision"] == "confirmed"]
    if not confirmed:
        raise ServiceError(409, "no_confirmed_findings")
    partner = db().execute("SELECT * FROM partners WHERE id = ?", (submission["partner_id"],)).fetchone()
    issued = today()
    deadline = issued + dt.timedelta(days=int(current_app.config["LETTER_DEADLINE_DAYS"]))
    job = jobs.latest_done_job(db(), submission["id"])
    outputs = jobs.job_outputs(job)
    images = {}
    for f in confirmed:
        for kind in ("crop", "ref"):
            name = f"{kind}-{f['page']}-{f['instance']}.png"
            if name in outputs:
                images[name] = store().read(outputs[name])
    pdf = render_letter(
        partner_name=partner["name"],
        submission=submission,
        findings=[finding_dict(f) for f in confirmed],
        images=images,
        issued=issued,
        deadline=deadline,
        charter=charter(),
    )
    sha = store().put(pdf)
    with transaction(db()):
        _still_there(submission["id"])
        cur = db().execute(
            "INSERT INTO letters (submission_id, partner_id, created_by, created_at, deadline, pdf_sha256, findings) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                submission["id"],
                submission["partner_id"],
                user.id,
                time.time(),
                deadline.isoformat(),
                sha,
                json.dumps([f["id"] for f in confirmed]),
            ),
        )
        accounts.audit(db(), user.id, "letter", f"submission:{submission['id']}", f"letter:{cur.lastrowid}")
    return int(cur.lastrowid)


def letter_dict(row: sqlite3.Row) -> dict[str, Any]:
    recheck = None
    if row["recheck_submission_id"]:
        sub = db().execute("SELECT * FROM submissions WHERE id = ?", (row["recheck_submission_id"],)).fetchone()
        recheck = status(sub) if sub else None
    return {
        "id": row["id"],
        "submission_id": row["submission_id"],
        "partner_id": row["partner_id"],
        "issued_at": _iso(row["created_at"]),
        "deadline": row["deadline"],
        "deadline_passed": today() > dt.date.fromisoformat(row["deadline"]),
        "findings": json.loads(row["findings"]),
        "recheck": recheck,
        "outcome": row["outcome"],
        "outcome_at": _iso(row["outcome_at"]),
        "outcome_comment": row["outcome_comment"],
        "sent_at": _iso(row["sent_at"]),
        "sent_to": row["sent_to"],
    }


def send_letter(user: User, letter: sqlite3.Row) -> None:
    """E-mail the warning letter's PDF to its partner's address (:mod:`service.mail`); the letter is
    marked sent once the server has accepted it. Every attempt is in the audit trail."""
    from . import mail
    from .letters import french_date

    config = current_app.config
    if not mail.configured(config):
        raise ServiceError(409, "mail_not_configured")
    partner = db().execute("SELECT * FROM partners WHERE id = ?", (letter["partner_id"],)).fetchone()
    if not partner["email"]:
        raise ServiceError(409, "partner_no_email")
    submission = db().execute("SELECT * FROM submissions WHERE id = ?", (letter["submission_id"],)).fetchone()
    denomination = charter().denomination
    deadline = dt.date.fromisoformat(letter["deadline"])
    words = {"id": letter["id"], "title": denomination, "partner": partner["name"], "filename": submission["filename"]}
    subject = translate("mail_subject", "fr", **words)
    body = "\n\n".join(
        [
            translate("mail_body", "fr", **words, deadline=french_date(deadline)),
            "— English —",
            translate("mail_body", "en", **words, deadline=deadline.isoformat()),
        ]
    )
    pdf = store().read(letter["pdf_sha256"])
    outgoing = mail.Letter(partner["email"], subject, body, pdf, f"avertissement-{letter['id']}.pdf")
    target = f"letter:{letter['id']}"
    try:
        mail.send(outgoing, config)
    except mail.MailError as exc:
        with transaction(db()):
            accounts.audit(db(), user.id, "letter_send_failed", target, f"to={partner['email']} {exc.reason}")
        raise ServiceError(502, "mail_failed", reason=exc.reason) from None
    with transaction(db()):
        db().execute(
            "UPDATE letters SET sent_at = ?, sent_to = ? WHERE id = ?", (time.time(), partner["email"], letter["id"])
        )
        accounts.audit(db(), user.id, "letter_sent", target, f"to={partner['email']}")


def record_case(user: User, letter: sqlite3.Row, recheck: int | None, outcome: str | None, comment: str | None) -> None:
    """Attach the re-check submission and/or record the case's outcome (rectified / withdrawn)."""
    if letter["outcome"]:
        raise ServiceError(409, "outcome_recorded")
    if outcome:
        if outcome not in OUTCOMES:
            raise ServiceError(400, "bad_outcome", value=outcome)
        if outcome == "withdrawn" and today() <= dt.date.fromisoformat(letter["deadline"]):
            raise ServiceError(409, "deadline_not_passed", deadline=letter["deadline"])
    with transaction(db()):
        if recheck is not None:  # checked here: the partner cannot delete it in between
            row = (
                db()
                .execute(
                    "SELECT partner_id, created_at FROM submissions WHERE id = ? AND deleted_at IS NULL", (recheck,)
                )
                .fetchone()
            )
            if row is None or row["partner_id"] != letter["partner_id"]:
                raise ServiceError(400, "recheck_not_partner")
            if row["created_at"] <= letter["created_at"]:  # the re-check is material sent after the letter
                raise ServiceError(400, "recheck_before_letter", id=recheck, issued=_iso(letter["created_at"])[:10])
            db().execute("UPDATE letters SET recheck_submission_id = ? WHERE id = ?", (recheck, letter["id"]))
        if outcome:
            db().execute(
                "UPDATE letters SET outcome = ?, outcome_by = ?, outcome_at = ?, outcome_comment = ? WHERE id = ?",
                (outcome, user.id, time.time(), (comment or "").strip()[:MAX_COMMENT], letter["id"]),
            )
            if outcome == "withdrawn":
                db().execute("UPDATE partners SET status = 'withdrawn' WHERE id = ?", (letter["partner_id"],))
        accounts.audit(db(), user.id, "case", f"letter:{letter['id']}", f"recheck={recheck} outcome={outcome}")
