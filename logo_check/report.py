"""report: the result of a scan as typed objects, their JSON (SPEC §4) and the run's exit code.

Lengths are stored in the page's unit (``px`` for images, ``pt`` for PDF pages): the pipeline
converts page pixels with :attr:`~logo_check.model.Page.unit_per_pixel`. :meth:`Report.to_dict`
rounds every number to 2 decimals; ``logo_check/schema/report.schema.json`` describes the result.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import ExitCode
from .model import Finding, Note

if TYPE_CHECKING:
    from .evidence import InstanceEvidence, Preview

SCHEMA = "logo-check/report"
SCHEMA_VERSION = 1
SCHEMA_FILE = "schema/report.schema.json"  # inside the package
_DECIMALS = 2


@dataclass
class InstanceReport:
    """One instance of the logo on a page, as reported."""

    bbox: tuple[float, float, float, float]  # page unit
    quad: list[tuple[float, float]]  # page unit, TL, TR, BR, BL
    score: float
    caption: str | None
    variant: str | None
    mark_height: float  # S, page unit
    verdict: str
    findings: list[Finding]
    review_reason: str | None = None  # why the verdict is review
    mirrored: bool = False  # registered to the mirrored artwork
    # crop, reference and heatmap for the HTML report, kept when the scan was asked for evidence;
    # never written to JSON
    evidence: InstanceEvidence | None = field(default=None, repr=False, compare=False)


@dataclass
class PageReport:
    index: int
    width: float  # page unit
    height: float  # page unit
    unit: str
    instances: list[InstanceReport] = field(default_factory=list)
    unit_per_pixel: float = 1.0  # page unit per pixel of the page as scanned
    source: str | None = None  # an HTML page's image: its address as the page writes it
    # the page downscaled, kept when the scan was asked for evidence (HTML report); never in JSON
    preview: Preview | None = field(default=None, repr=False, compare=False)


@dataclass
class InputError:
    """Why an input (or a part of it) could not be read; ``code`` is stable."""

    code: str
    message: dict[str, str]  # {"fr": ..., "en": ...}


@dataclass
class DocumentReport:
    source: str  # the path as given (or the name given for bytes)
    sha256: str | None  # of the bytes read; None when they could not be read
    kind: str  # image, pdf, html, text
    channel: str
    category: str | None
    date: dt.date | None
    verdict: str
    pages: list[PageReport] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    # findings about the document as a whole: the denomination in its text
    findings: list[Finding] = field(default_factory=list)
    # what reading it involved: alpha composited on white, EXIF orientation 6 applied... (English
    # in the JSON, the report's language in HTML)
    notes: list[Note] = field(default_factory=list)


@dataclass
class Report:
    charter_id: str
    charter_version: str
    documents: list[DocumentReport] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready report (SPEC §4)."""
        return {
            "schema": SCHEMA,
            "version": SCHEMA_VERSION,
            "charter": {"id": self.charter_id, "version": self.charter_version},
            "documents": [_document(d) for d in self.documents],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The report as JSON text (UTF-8 characters kept as they are)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def exit_code(report: Report) -> ExitCode:
    """3 when some input could not be read, else 1 when some use is non-compliant, else 0.

    (2, bad usage, is raised before any report exists.)
    """
    if any(d.errors for d in report.documents):
        return ExitCode.UNREADABLE_INPUT
    if any(d.verdict == "non_compliant" for d in report.documents):
        return ExitCode.NON_COMPLIANT
    return ExitCode.OK


def load_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :meth:`Report.to_dict`, shipped with the package."""
    from importlib.resources import files

    return json.loads(files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))


# -- to_dict helpers ---------------------------------------------------------------------------


def _num(value: float) -> float | int:
    """A number rounded to 2 decimals; whole numbers stay integers if they were."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    rounded = round(float(value), _DECIMALS)
    return 0.0 if rounded == 0 else rounded  # no -0.0


def _value(value: float | str | None) -> float | int | str | None:
    return value if value is None or isinstance(value, str) else _num(value)


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "element": f.element,
        "severity": f.severity,
        "measured": _value(f.measured),
        "limit": _value(f.limit),
        "rule": f.rule,
        "message": dict(f.message),
    }


def _instance(i: InstanceReport) -> dict[str, Any]:
    out: dict[str, Any] = {
        "bbox": [_num(v) for v in i.bbox],
        "quad": [[_num(x), _num(y)] for x, y in i.quad],
        "score": _num(i.score),
        "caption": i.caption,
        "variant": i.variant,
        "mark_height": _num(i.mark_height),
        "verdict": i.verdict,
        "findings": [_finding(f) for f in i.findings],
    }
    if i.verdict == "review":
        out["review_reason"] = i.review_reason or ""
    return out


def _page(p: PageReport) -> dict[str, Any]:
    out: dict[str, Any] = {"index": p.index}
    if p.source is not None:
        out["source"] = p.source
    out |= {"width": _num(p.width), "height": _num(p.height), "unit": p.unit}
    out["instances"] = [_instance(i) for i in p.instances]
    return out


def _document(d: DocumentReport) -> dict[str, Any]:
    return {
        "source": d.source,
        "sha256": d.sha256,
        "kind": d.kind,
        "channel": d.channel,
        "category": d.category,
        "date": d.date.isoformat() if d.date else None,
        "verdict": d.verdict,
        "pages": [_page(p) for p in d.pages],
        "findings": [_finding(f) for f in d.findings],
        "notes": [note.text("en") for note in d.notes],
        "errors": [{"code": e.code, "message": dict(e.message)} for e in d.errors],
    }


# -- documents as JSON and back (crawl results cross processes, machines and resume files) -----


#: The field a stored document (:func:`document_to_dict` with ``note_keys``) keeps its reading
#: notes' message keys and parameters in, beside the schema's English ``notes``.
NOTE_KEYS = "note_keys"


def document_to_dict(d: DocumentReport, note_keys: bool = False) -> dict[str, Any]:
    """One document of the JSON report (SPEC §4), numbers rounded as in :meth:`Report.to_dict`;
    with ``note_keys``, for a store that reads it back (a crawl's results), also its reading notes'
    keys and parameters (``NOTE_KEYS``, not in the report's schema), so that they can be shown in
    any language again."""
    data = _document(d)
    if note_keys:
        data[NOTE_KEYS] = [[note.key, dict(note.params)] for note in d.notes]
    return data


def document_from_dict(data: dict[str, Any]) -> DocumentReport:
    """The inverse of :func:`document_to_dict` (page images and homographies are not in the JSON;
    reading notes stored without their keys come back as their English words)."""
    return DocumentReport(
        source=data["source"],
        sha256=data["sha256"],
        kind=data["kind"],
        channel=data["channel"],
        category=data["category"],
        date=dt.date.fromisoformat(data["date"]) if data["date"] else None,
        verdict=data["verdict"],
        pages=[
            PageReport(
                index=p["index"],
                width=p["width"],
                height=p["height"],
                unit=p["unit"],
                instances=[_instance_from_dict(i) for i in p["instances"]],
                source=p.get("source"),
            )
            for p in data["pages"]
        ],
        errors=[InputError(e["code"], dict(e["message"])) for e in data["errors"]],
        findings=[Finding(**f) for f in data.get("findings", [])],
        notes=[Note.of(key, **params) for key, params in data[NOTE_KEYS]]
        if NOTE_KEYS in data
        else [Note.of("recorded", text=text) for text in data.get("notes", [])],
    )


def _instance_from_dict(i: dict[str, Any]) -> InstanceReport:
    return InstanceReport(
        bbox=tuple(i["bbox"]),  # type: ignore[arg-type]
        quad=[(x, y) for x, y in i["quad"]],
        score=i["score"],
        caption=i["caption"],
        variant=i["variant"],
        mark_height=i["mark_height"],
        verdict=i["verdict"],
        findings=[Finding(**f) for f in i["findings"]],
        review_reason=i.get("review_reason"),
    )
