"""One document's check, as run in a worker's child process: the engine through ``logo_check.api``,
then every rendering the pages will need, written to the file store at job time (so that no page
ever runs the engine again).

Outputs (names in the job's ``outputs``): ``report.json``; ``report.fr.html``, ``report.en.html``
and ``report.csv`` when the report modules are installed; ``page-P.png`` (the page with each
instance outlined, at most :data:`PAGE_PREVIEW_PX` on its long side); ``crop-P-I.png`` (the
instance as found) and ``ref-P-I.png`` (the official artwork beside it).

An archive gives one document per member: ``P`` numbers the pages of all the documents in order
(:func:`flat_pages`); a finding about a whole document (its text) has page ``-1 - document``.
"""

from __future__ import annotations

import inspect
import io
import json
from pathlib import Path
from typing import Any

from .jobs import ClaimedJob, JobOutcome
from .store import FileStore

PAGE_PREVIEW_PX = 1600
CROP_MAX_PX = 320
VERDICT_COLOURS = {"compliant": (0, 150, 70), "non_compliant": (210, 30, 30), "review": (230, 140, 0)}


def run_check(store_root: str, job: ClaimedJob) -> JobOutcome:
    """Check the submission's file and store its renderings; the outcome to record."""
    from logo_check.api import check_document

    store = FileStore(Path(store_root))
    keep = "evidence" if "evidence" in inspect.signature(check_document).parameters else "keep_images"
    report = check_document(
        store.path(job.sha256),
        channel=job.channel,
        category=job.category,
        date=job.material_date,
        name=job.filename,
        **{keep: True},
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
                findings.append({"document": d, "page": g, "instance": i, "position": k, **f})
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
    out: dict[str, str] = {}
    try:
        from logo_check.report_html import render_html
    except ImportError:
        pass
    else:
        for lang in ("fr", "en"):
            out[f"report.{lang}.html"] = store.put(render_html(report, lang=lang).encode("utf-8"))
    try:
        from logo_check.report_csv import render_csv
    except ImportError:
        pass
    else:
        out["report.csv"] = store.put(render_csv(report).encode("utf-8"))
    return out


def _png(image: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=False)
    return buffer.getvalue()


def _images(report: Any, store: FileStore) -> dict[str, str]:
    """The annotated pages, each instance's crop and the reference artwork beside it."""
    from PIL import Image, ImageDraw

    out: dict[str, str] = {}
    pages = [(document, page) for document in report.documents for page in document.pages]
    for p, (document, page) in enumerate(pages):
        if page.image is None:
            continue
        full = Image.fromarray(page.image)
        to_px = 1.0 / (page.unit_per_pixel or 1.0)
        for i, instance in enumerate(page.instances):
            x0, y0, x1, y1 = (v * to_px for v in instance.bbox)
            pad = 0.1 * max(x1 - x0, y1 - y0)
            box = (
                max(0, int(x0 - pad)),
                max(0, int(y0 - pad)),
                min(full.width, int(x1 + pad) + 1),
                min(full.height, int(y1 + pad) + 1),
            )
            if box[2] > box[0] and box[3] > box[1]:
                crop = full.crop(box)
                crop.thumbnail((CROP_MAX_PX * 6, CROP_MAX_PX))
                out[f"crop-{p}-{i}.png"] = store.put(_png(crop))
                reference = _reference(report, document, instance, crop.height)
                if reference is not None:
                    out[f"ref-{p}-{i}.png"] = store.put(reference)
        scale = min(1.0, PAGE_PREVIEW_PX / max(full.width, full.height))
        preview = (
            full.resize((max(1, round(full.width * scale)), max(1, round(full.height * scale)))) if scale < 1 else full
        )
        preview = preview.convert("RGB")
        draw = ImageDraw.Draw(preview)
        for i, instance in enumerate(page.instances):
            colour = VERDICT_COLOURS.get(instance.verdict, (60, 60, 60))
            quad = [(x * to_px * scale, y * to_px * scale) for x, y in instance.quad]
            draw.line([*quad, quad[0]], fill=colour, width=max(2, round(3 * max(preview.size) / 1000)))
            draw.text((quad[0][0] + 2, max(0, quad[0][1] - 14)), f"#{i + 1}", fill=colour)
        out[f"page-{p}.png"] = store.put(_png(preview))
    return out


def _reference(report: Any, document: Any, instance: Any, height: int) -> bytes | None:
    from logo_check.charter import load_charter
    from logo_check.errors import UsageError
    from logo_check.reference import render_png

    charter = load_charter()
    caption = instance.caption or document.category or next(iter(charter.categories))
    variant = instance.variant if instance.variant in charter.variants else "colour"
    mark = max(16, min(CROP_MAX_PX, int(height / 1.3)))
    try:
        return render_png(charter, caption, variant, mark, background="#FFFFFF" if variant != "reversed" else "#333333")
    except UsageError:
        return None
