"""The pages: upload, submissions list, report with decisions, letters and cases, partner page."""

from __future__ import annotations

import json
import re
import unicodedata

from flask import Blueprint, Response, current_app, flash, g, redirect, render_template, request, url_for

from logo_check.codes import VERDICTS

from .. import accounts, actions, jobs
from ..access import ALL, STAFF, lang, requires, visible_finding, visible_letter, visible_partner, visible_submission
from ..checking import flat_pages
from ..db_session import db, store
from ..errors import ServiceError, Term
from ..i18n import translate
from ..validation import one_of, parse_id

bp = Blueprint("web", __name__)

REPORT_TYPES = {"json": "application/json", "html": "text/html", "csv": "text/csv"}
#: the stored HTML report embeds its images and styles; nothing else may load
REPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def output_response(
    submission, name: str, mimetype: str, download: str | None = None, missing: str = "format_unavailable"
) -> Response:
    """A stored rendering of the submission's latest finished check: 409 ``not_ready`` before it
    finished, 404 ``missing`` when it has no such rendering."""
    job = jobs.latest_done_job(db(), submission["id"])
    outputs = jobs.job_outputs(job)
    if name not in outputs:
        if job is None:
            latest = jobs.latest_job(db(), submission["id"])
            raise ServiceError(409, "not_ready", state=Term(f"state_{latest['state'] if latest else 'queued'}"))
        raise ServiceError(404, missing)
    response = stored_file(outputs[name], mimetype, download, attachment=download is not None)
    if mimetype == "text/html":
        response.headers["Content-Security-Policy"] = REPORT_CSP
    return response


def stored_file(sha256: str, mimetype: str, name: str | None = None, attachment: bool = False) -> Response:
    """A file of the store (read whole: reports and pictures are small, an upload is at most
    MAX_UPLOAD_BYTES), with its name in Content-Disposition when given.

    Werkzeug's ``send_file`` writes the name as RFC 6266 wants it: plain ``filename`` for an ASCII
    name, else an ASCII fallback and ``filename*=UTF-8''...`` (a raw ``日本€.png`` made the WSGI
    server, which sends headers as Latin-1, fail with a 500). An upload's name is hostile: its
    control characters (which no header may hold) become ``_`` first."""
    import io

    from flask import send_file

    data = store().read(sha256)
    if not name:
        return Response(data, mimetype=mimetype)
    name = "".join("_" if unicodedata.category(c) == "Cc" else c for c in name)
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=attachment, download_name=name)


def report_name(fmt: str, language: str) -> str:
    return "report.json" if fmt == "json" else f"report.{language}.{fmt}"


#: ``fr``, ``en``, ``fr-2``, …: a stored part of the HTML report (``report.PART.html``)
REPORT_PART = re.compile(r"(?:fr|en)(?:-[1-9][0-9]{0,5})?")


def report_part_response(submission, part: str) -> Response:
    """A part of the stored HTML report, in the language it was written in: the links between
    the parts of a long report (``report.fr-2.html`` …) lead here."""
    if not REPORT_PART.fullmatch(part):
        raise ServiceError(404, "not_found")
    return output_response(submission, f"report.{part}.html", "text/html", missing="not_found")


def original_response(submission) -> Response:
    return stored_file(submission["sha256"], "application/octet-stream", submission["filename"], attachment=True)


IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg"}


def image_response(submission, name: str) -> Response:
    kind = IMAGE_TYPES.get(name[-4:])
    if kind is None or "/" in name or name.startswith("report."):
        raise ServiceError(404, "not_found")
    return output_response(submission, name, kind, missing="not_found")  # an image name, not a format


@bp.route("/")
@requires(*ALL)
def home():
    return redirect(url_for("web.submissions"))


def _partners():
    if g.user.is_partner:
        return db().execute("SELECT * FROM partners WHERE id = ?", (g.user.partner_id,)).fetchall()
    return db().execute("SELECT * FROM partners ORDER BY name").fetchall()


@bp.route("/upload", methods=["GET", "POST"])
@requires(*ALL)
def upload():
    charter = actions.charter()
    if request.method == "POST":
        ids = actions.submit(g.user, request.files.getlist("files"), request.form)
        flash(translate("uploaded", lang(), count=len(ids)))
        return redirect(url_for("web.submissions"))
    partners = _partners()
    categories = list(charter.categories)
    own = g.user.is_partner and partners and accounts.partner_categories(partners[0])
    if own:
        categories = accounts.partner_categories(partners[0])
    return render_template(
        "upload.html",
        charter=charter,
        partners=partners,
        categories=categories,
        category_required=bool(own),
        max_files=current_app.config["MAX_UPLOAD_FILES"],
        max_mb=current_app.config["MAX_UPLOAD_BYTES"] // (1024 * 1024),
    )


@bp.route("/artwork")
@requires(*ALL)
def artwork():
    charter = actions.charter()
    return render_template(
        "artwork.html",
        charter=charter,
        categories=actions.artwork_categories(g.user),
        formats=list(actions.ARTWORK_FORMATS),
        height=actions.ARTWORK_HEIGHT,
    )


@bp.route("/artwork/file")
@requires(*ALL)
def artwork_file():
    return artwork_response(g.user, request.args)


def artwork_response(user, args) -> Response:
    import io

    from flask import send_file

    data, mimetype, name = actions.artwork(user, args)
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)


#: most submissions one list shows (the newest first, after the filters)
LIST_LIMIT = 500


def list_submissions(args) -> list[dict]:
    """The newest :data:`LIST_LIMIT` visible submissions matching the filters ``partner``,
    ``state`` (of the latest job) and ``verdict``; the filters are applied in SQL, before the limit."""
    state, verdict = args.get("state") or None, args.get("verdict") or None
    if state is not None and state not in jobs.STATES:
        raise one_of("state", jobs.STATES)
    if verdict is not None and verdict not in VERDICTS:
        raise one_of("verdict", VERDICTS)
    query = (
        "SELECT submissions.*, partners.name AS partner_name FROM submissions "
        "JOIN partners ON partners.id = submissions.partner_id "
        "LEFT JOIN jobs AS latest ON latest.id = (SELECT MAX(id) FROM jobs WHERE jobs.submission_id = submissions.id) "
        "WHERE deleted_at IS NULL"
    )
    params: list = []
    if g.user.is_partner:
        query += " AND submissions.partner_id = ?"
        params.append(g.user.partner_id)
    elif args.get("partner"):
        query += " AND submissions.partner_id = ?"
        params.append(parse_id(args.get("partner"), "partner"))
    if state is not None:  # as actions.status: no job yet counts as queued
        query += " AND COALESCE(latest.state, 'queued') = ?"
        params.append(state)
    if verdict is not None:  # a verdict is shown once the job is done or failed
        query += " AND latest.state IN ('done', 'failed') AND latest.verdict = ?"
        params.append(verdict)
    rows = db().execute(query + " ORDER BY submissions.id DESC LIMIT ?", [*params, LIST_LIMIT]).fetchall()
    return [actions.status(row) | {"partner_name": row["partner_name"]} for row in rows]


@bp.route("/submissions")
@requires(*ALL)
def submissions():
    return render_template("submissions.html", items=list_submissions(request.args), partners=_partners())


@bp.route("/submissions/<int:submission_id>")
@requires(*ALL)
def report(submission_id: int):
    submission = visible_submission(submission_id)
    item = actions.status(submission)
    job = jobs.latest_done_job(db(), submission_id)
    documents, pages = [], []
    if job is not None and "report.json" in jobs.job_outputs(job):
        data = json.loads(store().read(jobs.job_outputs(job)["report.json"]))
        documents = data["documents"]
        pages = [{"number": g, "document": d, **page} for g, d, page in flat_pages(data)]
    findings = [actions.finding_dict(f) for f in actions.findings(submission_id)]
    letters = db().execute("SELECT * FROM letters WHERE submission_id = ? ORDER BY id", (submission_id,)).fetchall()
    # the buttons one may use; for the others, why not (the message the action itself would answer)
    refusals = {
        action: actions.change_refusal(g.user, submission, delete=action == "delete") for action in ("rerun", "delete")
    }
    notices = {r.code: r.body()["error"]["message"][lang()] for r in refusals.values() if r is not None}
    return render_template(
        "report.html",
        can_rerun=refusals["rerun"] is None,
        can_delete=refusals["delete"] is None,
        notices=notices,
        submission=submission,
        item=item,
        documents=documents,
        pages=pages,
        outputs=jobs.job_outputs(job),
        findings=findings,
        letters=letters,
        # the staff's own notes: never given to a partner's page
        staff_notes=None if g.user.is_partner else actions.staff_notes(submission_id),
        max_note_chars=actions.MAX_COMMENT,
        error_message=(item["error"]["message"].get(lang()) if item["error"] else None),
    )


@bp.route("/submissions/<int:submission_id>/report.<any(json, html, csv):fmt>")
@requires(*ALL)
def report_file(submission_id: int, fmt: str):
    submission = visible_submission(submission_id)
    download = f"logo-check-{submission_id}.{fmt}" if fmt != "html" else None
    return output_response(submission, report_name(fmt, lang()), REPORT_TYPES[fmt], download)


@bp.route("/submissions/<int:submission_id>/report.<part>.html")
@requires(*ALL)
def report_part(submission_id: int, part: str):
    return report_part_response(visible_submission(submission_id), part)


@bp.route("/submissions/<int:submission_id>/images/<name>")
@requires(*ALL)
def image(submission_id: int, name: str):
    return image_response(visible_submission(submission_id), name)


@bp.route("/submissions/<int:submission_id>/download")
@requires(*ALL)
def download(submission_id: int):
    return original_response(visible_submission(submission_id))


@bp.route("/submissions/<int:submission_id>/delete", methods=["POST"])
@requires(*ALL)
def delete(submission_id: int):
    actions.delete(g.user, visible_submission(submission_id))
    flash(translate("deleted", lang()))
    return redirect(url_for("web.submissions"))


@bp.route("/submissions/<int:submission_id>/rerun", methods=["POST"])
@requires(*ALL)
def rerun(submission_id: int):
    actions.rerun(g.user, visible_submission(submission_id))
    flash(translate("requeued", lang()))
    return redirect(url_for("web.report", submission_id=submission_id))


@bp.route("/findings/<int:finding_id>/decision", methods=["POST"])
@requires(*STAFF)
def decision(finding_id: int):
    finding, submission = visible_finding(finding_id)
    report = url_for("web.report", submission_id=submission["id"])
    try:
        actions.decide(g.user, finding, request.form.get("decision"), request.form.get("comment"))
    except ServiceError as exc:
        if exc.code != "finding_superseded":
            raise
        flash(exc.body()["error"]["message"][lang()])  # back to the current report, the decision to redo
        return redirect(report)
    return redirect(report + f"#finding-{finding_id}")


@bp.route("/submissions/<int:submission_id>/notes", methods=["POST"])
@requires(*STAFF)
def add_note(submission_id: int):
    submission = visible_submission(submission_id)
    note = actions.add_staff_note(g.user, submission, request.form.get("text"))
    return redirect(url_for("web.report", submission_id=submission_id) + f"#note-{note['id']}")


@bp.route("/submissions/<int:submission_id>/letters", methods=["POST"])
@requires(*STAFF)
def make_letter(submission_id: int):
    letter_id = actions.make_letter(g.user, visible_submission(submission_id))
    return redirect(url_for("web.case", letter_id=letter_id))


@bp.route("/letters/<int:letter_id>")
@requires(*ALL)
def case(letter_id: int):
    letter = visible_letter(letter_id)
    submission = db().execute("SELECT * FROM submissions WHERE id = ?", (letter["submission_id"],)).fetchone()
    partner = db().execute("SELECT * FROM partners WHERE id = ?", (letter["partner_id"],)).fetchone()
    from .. import mail

    return render_template(
        "case.html",
        letter=actions.letter_dict(letter),
        submission=submission,
        partner=partner,
        mail_on=mail.configured(current_app.config),
    )


@bp.route("/letters/<int:letter_id>.pdf")
@requires(*ALL)
def letter_pdf(letter_id: int):
    return letter_pdf_response(visible_letter(letter_id))


def letter_pdf_response(letter) -> Response:
    return stored_file(letter["pdf_sha256"], "application/pdf", f"avertissement-{letter['id']}.pdf")


@bp.route("/letters/<int:letter_id>/send", methods=["POST"])
@requires(*STAFF)
def send_letter(letter_id: int):
    letter = visible_letter(letter_id)
    actions.send_letter(g.user, letter)
    flash(translate("letter_was_sent", lang(), to=visible_letter(letter_id)["sent_to"]))
    return redirect(url_for("web.case", letter_id=letter_id))


@bp.route("/letters/<int:letter_id>/case", methods=["POST"])
@requires(*STAFF)
def record_case(letter_id: int):
    letter = visible_letter(letter_id)
    form = request.form
    recheck = parse_id(form.get("recheck_submission_id"), "recheck_submission_id")
    actions.record_case(g.user, letter, recheck, form.get("outcome"), form.get("comment"))
    flash(translate("saved", lang()))
    return redirect(url_for("web.case", letter_id=letter_id))


@bp.route("/partners/<int:partner_id>")
@requires(*ALL)
def partner(partner_id: int):
    row = visible_partner(partner_id)
    subs = (
        db()
        .execute(
            "SELECT * FROM submissions WHERE partner_id = ? AND deleted_at IS NULL ORDER BY id DESC", (partner_id,)
        )
        .fetchall()
    )
    letters = db().execute("SELECT * FROM letters WHERE partner_id = ? ORDER BY id DESC", (partner_id,)).fetchall()
    return render_template(
        "partner.html",
        partner=row,
        categories=accounts.partner_categories(row),
        items=[actions.status(s) for s in subs],
        letters=[actions.letter_dict(x) for x in letters],
    )


@bp.route("/partner")
@requires("partner")
def my_partner():
    return redirect(url_for("web.partner", partner_id=g.user.partner_id))
