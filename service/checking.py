"""One document's check, as run in a worker's child process: the engine through ``logo_check.api``,
then every rendering the pages will need, written to the file store at job time (so that no page
ever runs the engine again).

Outputs (names in the job's ``outputs``): ``report.json``, ``report.LANG.html`` (and
``report.LANG-2.html`` … for a long report, :func:`logo_check.report_html.render_html_parts`) and
``report.LANG.csv`` (French and English); ``page-P.jpg`` (the engine's preview of the page with
each instance outlined); ``crop-P-I.png`` (the instance as found, rectified), ``ref-P-I.png`` (the
official artwork in the same frame) and ``heat-P-I.png`` (their colour difference).

An archive gives one document per member: ``P`` numbers the pages of all the documents in order
(:func:`flat_pages`); a finding about a whole document (its text) has page ``-1 - document``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .jobs import ClaimedJob, JobOutcome
from .store import FileStore

PREVIEW_QUALITY = 85
VERDICT_COLOURS = {"compliant": (0, 150, 70), "non_compliant": (210, 30, 30), "review": (230, 140, 0)}


#: set in the check's child process: where to send (pages done, pages in the document)
PROGRESS: Callable[[int, int], None] | None = None


def run_check(store_root: str, job: ClaimedJob) -> JobOutcome:
    """Check the submission's file and store its renderings; the outcome to record."""
    from logo_check.api import check_document

    store = FileStore(Path(store_root))
    report = check_document(
        store.path(job.sha256),
        channel=job.channel,
        category=job.category,
        date=job.material_date,
        name=job.filename,
        evidence=True,
        progress=PROGRESS,
        with_files=False,  # the store holds every partner's files: an HTML upload reads only its own
        look_turned=job.look_turned,
    )
    outputs = {"report.json": store.put(report.to_json().encode("utf-8"))}
    outputs.update(_report_renderings(report, store))
    data = report.to_dict()
    findings = []
    for d, document in enumerate(data["documents"]):
        for k, f in enumerate(document.get("findings", [])):
            findings.append({"document": d, "page": -1 - d, "instance": -1, "position": k, **f})
    for g, d, page in flat_pages(data):
        for i, instance in enumerate(page["instances"]):
            for k, f in enumerate(instance["findings"]):
                box = instance["bbox"]
                findings.append({"document": d, "page": g, "instance": i, "position": k, "box": box, **f})
    outputs.update(_images(report, store))
    verdict = overall_verdict([d["verdict"] for d in data["documents"]])
    pages = sum(len(d["pages"]) for d in data["documents"])
    errors = [e for d in data["documents"] for e in d["errors"]]
    if errors and pages == 0:
        return JobOutcome(
            state="failed",
            verdict=verdict,
            pages=0,
            outputs=outputs,
            findings=[],
            error_code=errors[0]["code"],
            error_detail=json.dumps(errors[0]["message"], ensure_ascii=False),
        )
    return JobOutcome(state="done", verdict=verdict, pages=pages, outputs=outputs, findings=findings)


#: the submission's verdict is its documents' worst, in this order
VERDICT_ORDER = ("non_compliant", "review", "compliant", "no_logo")


def overall_verdict(verdicts: list[str]) -> str | None:
    ranked = [v for v in VERDICT_ORDER if v in verdicts]
    return ranked[0] if ranked else None


def flat_pages(data: dict[str, Any]) -> list[tuple[int, int, dict[str, Any]]]:
    """(page number across all documents, document index, page) of a report's JSON."""
    out = []
    for d, document in enumerate(data["documents"]):
        for page in document["pages"]:
            out.append((len(out), d, page))
    return out


def _report_renderings(report: Any, store: FileStore) -> dict[str, str]:
    """The report in HTML (in parts for a long document: ``report.LANG.html``, then
    ``report.LANG-2.html`` …, linked to one another) and CSV, in French and English."""
    from logo_check.report_csv import render_csv
    from logo_check.report_html import render_html_parts

    out: dict[str, str] = {}
    for lang in ("fr", "en"):
        for part in render_html_parts(report, f"report.{lang}.html", lang=lang):
            out[part.name] = store.put(part.html.encode("utf-8"))
        out[f"report.{lang}.csv"] = store.put(render_csv(report, lang).encode("utf-8"))
    return out


def _images(report: Any, store: FileStore) -> dict[str, str]:
    """Each page's preview with its instances outlined, and each instance's evidence (the crop as
    found, the reference beside it, the colour-difference heatmap), as the engine kept them."""
    from PIL import Image, ImageDraw

    out: dict[str, str] = {}
    pages = [page for document in report.documents for page in document.pages]
    for p, page in enumerate(pages):
        for i, instance in enumerate(page.instances):
            evidence = instance.evidence
            if evidence is not None:
                out[f"crop-{p}-{i}.png"] = store.put(evidence.crop)
                out[f"ref-{p}-{i}.png"] = store.put(evidence.reference)
                out[f"heat-{p}-{i}.png"] = store.put(evidence.heatmap)
        if page.preview is None or not page.width:
            continue
        preview = Image.open(io.BytesIO(page.preview.data)).convert("RGB")
        scale = preview.width / page.width  # preview pixels per page unit
        draw = ImageDraw.Draw(preview)
        for i, instance in enumerate(page.instances):
            colour = VERDICT_COLOURS.get(instance.verdict, (60, 60, 60))
            quad = [(x * scale, y * scale) for x, y in instance.quad]
            draw.line([*quad, quad[0]], fill=colour, width=max(2, round(3 * max(preview.size) / 1000)))
            draw.text((quad[0][0] + 2, max(0, quad[0][1] - 14)), f"#{i + 1}", fill=colour)
        buffer = io.BytesIO()
        preview.save(buffer, "JPEG", quality=PREVIEW_QUALITY)
        out[f"page-{p}.jpg"] = store.put(buffer.getvalue())
    return out
