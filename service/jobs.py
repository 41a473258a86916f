"""Submissions and their check jobs in SQLite: enqueue, claim with a lease, heartbeat, finish.

A job is claimed by one worker at a time: ``claim`` takes the oldest queued job, or a running one
whose lease ran out (its worker died: ``kill -9``, power cut), in one ``BEGIN IMMEDIATE``
transaction. ``finish`` writes the outcome only if the job is still this worker's, and replaces the
job's findings in the same transaction, so running a job twice gives the same rows.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from typing import Any

from .db import transaction

STATES = ("queued", "running", "done", "failed")
#: A re-run's finding takes an earlier decision when its instance's box overlaps the earlier one by
#: at least this intersection over union: the same instance found again (the same file gives the
#: same box; a box moved by more than a third of its size is another instance).
CARRY_OVER_IOU = 0.5


@dataclass(frozen=True)
class ClaimedJob:
    id: int
    submission_id: int
    attempts: int
    sha256: str
    filename: str
    channel: str
    category: str | None
    material_date: str | None
    look_turned: bool = False  # also look for logos turned sideways or upside down


@dataclass
class JobOutcome:
    """What a check produced: ``state`` done or failed, the stored renderings and the findings."""

    state: str
    verdict: str | None = None
    pages: int | None = None
    outputs: dict[str, str] | None = None  # name -> sha256 in the store
    findings: list[dict[str, Any]] | None = None
    error_code: str | None = None
    error_detail: str | None = None


def create_submission(
    con: sqlite3.Connection,
    *,
    partner_id: int,
    user_id: int,
    filename: str,
    sha256: str,
    size: int,
    channel: str,
    category: str | None,
    material_date: str | None,
    look_turned: bool = False,
) -> int:
    """A submission and its first job, in one transaction; returns the submission's id."""
    now = time.time()
    with transaction(con):
        cur = con.execute(
            "INSERT INTO submissions (partner_id, uploaded_by, filename, sha256, size, channel, category, "
            "material_date, created_at, look_turned) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (partner_id, user_id, filename, sha256, size, channel, category, material_date, now, int(look_turned)),
        )
        submission_id = int(cur.lastrowid)
        con.execute("INSERT INTO jobs (submission_id, created_at) VALUES (?, ?)", (submission_id, now))
    return submission_id


def enqueue(con: sqlite3.Connection, submission_id: int) -> int:
    """A new job for the submission (a re-run); an unfinished one is reused."""
    with transaction(con):
        return enqueue_in_transaction(con, submission_id)


def enqueue_in_transaction(con: sqlite3.Connection, submission_id: int) -> int:
    """:func:`enqueue` inside the caller's transaction (which checked first that the re-run is allowed)."""
    row = con.execute(
        "SELECT id FROM jobs WHERE submission_id = ? AND state IN ('queued', 'running')", (submission_id,)
    ).fetchone()
    if row:
        return int(row["id"])
    cur = con.execute("INSERT INTO jobs (submission_id, created_at) VALUES (?, ?)", (submission_id, time.time()))
    return int(cur.lastrowid)


def claim(con: sqlite3.Connection, worker: str, lease: float, max_attempts: int) -> ClaimedJob | None:
    """The next job for ``worker``, now leased to it for ``lease`` seconds; None when there is none.

    A job already started ``max_attempts`` times (each time its worker died) fails instead.
    """
    now = time.time()
    with transaction(con):
        while True:
            row = con.execute(
                "SELECT jobs.id, jobs.attempts, submissions.id AS submission_id, sha256, filename, channel, category, "
                "material_date, look_turned FROM jobs JOIN submissions ON submissions.id = jobs.submission_id "
                "WHERE (jobs.state = 'queued' OR (jobs.state = 'running' AND jobs.lease_until < ?)) "
                "AND submissions.deleted_at IS NULL ORDER BY jobs.id LIMIT 1",
                (now,),
            ).fetchone()
            if row is None:
                return None
            if row["attempts"] >= max_attempts:
                con.execute(
                    "UPDATE jobs SET state = 'failed', error_code = 'interrupted', error_detail = ?, finished_at = ?, "
                    "lease_until = NULL WHERE id = ?",
                    (str(row["attempts"]), now, row["id"]),
                )
                continue
            con.execute(
                "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_until = ?, worker = ?, "
                "started_at = ?, progress_done = NULL, progress_total = NULL WHERE id = ?",
                (now + lease, worker, now, row["id"]),
            )
            return ClaimedJob(
                id=row["id"],
                submission_id=row["submission_id"],
                attempts=row["attempts"] + 1,
                sha256=row["sha256"],
                filename=row["filename"],
                channel=row["channel"],
                category=row["category"],
                material_date=row["material_date"],
                look_turned=bool(row["look_turned"]),
            )


def release_orphans(con: sqlite3.Connection, host: str) -> int:
    """Let the jobs of dead workers of this machine be claimed now rather than when their lease ends.

    A worker is named ``host:pid``; a running job whose worker is on ``host`` and whose process is
    gone (killed with the server) has its lease ended. Returns how many were released.
    """
    released = 0
    with transaction(con):
        for row in con.execute("SELECT id, worker FROM jobs WHERE state = 'running'").fetchall():
            name, _, pid = (row["worker"] or "").rpartition(":")
            if name != host or not pid.isdigit():
                continue
            if not _alive(int(pid)):
                con.execute("UPDATE jobs SET lease_until = 0 WHERE id = ?", (row["id"],))
                released += 1
    return released


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, dead but not yet reaped, does not)."""
    import os
    from pathlib import Path

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a live process of another user
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[0] != "Z"


def heartbeat(con: sqlite3.Connection, job_id: int, worker: str, lease: float) -> bool:
    """Extend the lease; False when the job is no longer this worker's."""
    with transaction(con):
        cur = con.execute(
            "UPDATE jobs SET lease_until = ? WHERE id = ? AND worker = ? AND state = 'running'",
            (time.time() + lease, job_id, worker),
        )
    return cur.rowcount == 1


def record_progress(con: sqlite3.Connection, job_id: int, worker: str, done: int, total: int) -> None:
    with transaction(con):
        con.execute(
            "UPDATE jobs SET progress_done = ?, progress_total = ? WHERE id = ? AND worker = ? AND state = 'running'",
            (done, total, job_id, worker),
        )


def finish(con: sqlite3.Connection, job_id: int, worker: str, outcome: JobOutcome) -> bool:
    """Record the outcome (and replace the job's findings) if the job is still ``worker``'s."""
    with transaction(con):
        cur = con.execute(
            "UPDATE jobs SET state = ?, verdict = ?, pages = ?, outputs = ?, error_code = ?, error_detail = ?, "
            "finished_at = ?, lease_until = NULL WHERE id = ? AND worker = ? AND state = 'running'",
            (
                outcome.state,
                outcome.verdict,
                outcome.pages,
                json.dumps(outcome.outputs or {}),
                outcome.error_code,
                outcome.error_detail,
                time.time(),
                job_id,
                worker,
            ),
        )
        if cur.rowcount != 1:
            return False
        con.execute("DELETE FROM findings WHERE job_id = ? AND id NOT IN (SELECT finding_id FROM decisions)", (job_id,))
        for f in outcome.findings or []:
            box = f.get("box")
            con.execute(
                "INSERT OR IGNORE INTO findings (job_id, document, page, instance, position, code, element, severity, "
                "rule, measured, lim, message_fr, message_en, box) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    job_id,
                    f.get("document", 0),
                    f["page"],
                    f["instance"],
                    f["position"],
                    f["code"],
                    f["element"],
                    f["severity"],
                    f["rule"],
                    _text(f["measured"]),
                    _text(f["limit"]),
                    f["message"]["fr"],
                    f["message"]["en"],
                    None if box is None else json.dumps([float(v) for v in box]),
                ),
            )
        if outcome.state == "done":
            carry_over_decisions(con, job_id)
    return True


def backfill_boxes(con: sqlite3.Connection, store: Any) -> int:
    """Give the instance findings recorded before findings kept their instance's box (schema
    migration 4) the box their check's stored report gives them, so that a re-run carries their
    decisions over (:func:`carry_over_decisions`) as it does for newer ones. Idempotent, run at
    start; a report missing from the store leaves its findings as they are. Returns how many
    findings got a box."""
    from .checking import flat_pages

    rows = con.execute(
        "SELECT findings.id, findings.page, findings.instance, jobs.outputs FROM findings "
        "JOIN jobs ON jobs.id = findings.job_id WHERE findings.box IS NULL AND findings.instance >= 0 "
        "ORDER BY findings.job_id"
    ).fetchall()
    reports: dict[str, list[dict[str, Any]] | None] = {}
    filled = 0
    with transaction(con):
        for row in rows:
            sha = job_outputs(row).get("report.json")
            if sha is None:
                continue
            if sha not in reports:
                try:
                    reports[sha] = [page for _, _, page in flat_pages(json.loads(store.read(sha)))]
                except (OSError, ValueError, KeyError):
                    reports[sha] = None
            pages = reports[sha]
            if pages is None or not 0 <= row["page"] < len(pages):
                continue
            instances = pages[row["page"]]["instances"]
            if 0 <= row["instance"] < len(instances):
                box = json.dumps([float(v) for v in instances[row["instance"]]["bbox"]])
                con.execute("UPDATE findings SET box = ? WHERE id = ?", (box, row["id"]))
                filled += 1
    return filled


def carry_over_decisions(con: sqlite3.Connection, job_id: int) -> int:
    """Carry the reviewers' decisions of the submission's previous check over to ``job_id``'s
    findings that are the same: same document, page, code and element, and for a finding about an
    instance, an instance box overlapping the earlier one by at least :data:`CARRY_OVER_IOU`
    (``logo_check.box_iou``); for a finding about a whole document, the same measured value. Each
    earlier finding is carried to one new finding at most (the most overlapping). The new finding
    takes the decision and a copy of its history (marked ``carried_from``), and the audit trail
    records the carry-over (action ``carry_over``, no user). Call inside the caller's transaction;
    returns how many decisions were carried."""
    from logo_check import box_iou

    from .accounts import audit

    previous = con.execute(
        "SELECT id FROM jobs WHERE submission_id = (SELECT submission_id FROM jobs WHERE id = ?) AND id < ? "
        "AND state = 'done' ORDER BY id DESC LIMIT 1",
        (job_id, job_id),
    ).fetchone()
    if previous is None:
        return 0
    decided = con.execute(
        "SELECT * FROM findings WHERE job_id = ? AND decision != 'pending' ORDER BY id", (previous["id"],)
    ).fetchall()
    fresh = con.execute(
        "SELECT * FROM findings WHERE job_id = ? AND decision = 'pending' "
        "AND id NOT IN (SELECT finding_id FROM decisions) ORDER BY id",
        (job_id,),
    ).fetchall()
    pairs: list[tuple[float, int, int]] = []  # (overlap, new finding, earlier finding)
    for new in fresh:
        for old in decided:
            if (new["document"], new["page"], new["code"], new["element"]) != (
                old["document"],
                old["page"],
                old["code"],
                old["element"],
            ):
                continue
            if new["box"] is None or old["box"] is None:
                same = new["box"] is None and old["box"] is None and new["measured"] == old["measured"]
                overlap = 1.0 if same else 0.0
            else:
                overlap = box_iou(json.loads(new["box"]), json.loads(old["box"]))
            if overlap >= CARRY_OVER_IOU:
                pairs.append((overlap, new["id"], old["id"]))
    taken_new: set[int] = set()
    taken_old: set[int] = set()
    by_id = {old["id"]: old for old in decided}
    for _, new_id, old_id in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if new_id in taken_new or old_id in taken_old:
            continue
        taken_new.add(new_id)
        taken_old.add(old_id)
        decision = by_id[old_id]["decision"]
        con.execute("UPDATE findings SET decision = ?, carried_from = ? WHERE id = ?", (decision, old_id, new_id))
        con.execute(
            "INSERT INTO decisions (finding_id, user_id, decision, comment, at, carried_from) "
            "SELECT ?, user_id, decision, comment, at, finding_id FROM decisions WHERE finding_id = ? ORDER BY id",
            (new_id, old_id),
        )
        audit(con, None, "carry_over", f"finding:{new_id}", f"finding:{old_id} {decision}")
    return len(taken_new)


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def latest_job(con: sqlite3.Connection, submission_id: int) -> sqlite3.Row | None:
    return con.execute(
        "SELECT * FROM jobs WHERE submission_id = ? ORDER BY id DESC LIMIT 1", (submission_id,)
    ).fetchone()


def latest_done_job(con: sqlite3.Connection, submission_id: int) -> sqlite3.Row | None:
    return con.execute(
        "SELECT * FROM jobs WHERE submission_id = ? AND state IN ('done', 'failed') ORDER BY id DESC LIMIT 1",
        (submission_id,),
    ).fetchone()


def job_outputs(job: sqlite3.Row | None) -> dict[str, str]:
    if job is None or not job["outputs"]:
        return {}
    return dict(json.loads(job["outputs"]))
