"""report_csv: a report as CSV, one row per instance, for spreadsheets.

The header row is in the report's language (:data:`COLUMN_LABELS`; in English the labels are the
column names of :data:`COLUMNS`); codes and verdicts in the cells are the JSON report's, in every
language, messages and review reasons in the report's language. A document without any instance
(no logo found, a text, or unreadable) still has one row, with empty instance columns. A page
taken from another file (an image an HTML page shows) gives that file's address (``page_source``). The
document's own findings (the denomination in its text) and errors are repeated on each of its rows.
Numbers are rounded as in the JSON report; lengths are in the page's unit (``unit`` column). Text
cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return: file names are hostile) get a leading apostrophe.
"""

from __future__ import annotations

import csv
import io

from .i18n import DEFAULT_LANGUAGE, in_language
from .report import DocumentReport, InstanceReport, PageReport, Report

COLUMNS = (
    "source",
    "sha256",
    "kind",
    "channel",
    "category",
    "date",
    "document_verdict",
    "page",
    "page_source",
    "unit",
    "instance",
    "bbox_x0",
    "bbox_y0",
    "bbox_x1",
    "bbox_y1",
    "caption",
    "variant",
    "mark_height",
    "score",
    "verdict",
    "review_reason",
    "finding_codes",
    "messages",
    "document_finding_codes",
    "document_messages",
    "error_codes",
    "errors",
)
#: The header row's label of each column in French; in English a column is labelled by its name.
COLUMN_LABELS: dict[str, dict[str, str]] = {
    "source": {"fr": "source"},
    "sha256": {"fr": "sha256"},
    "kind": {"fr": "type"},
    "channel": {"fr": "canal"},
    "category": {"fr": "catégorie"},
    "date": {"fr": "date"},
    "document_verdict": {"fr": "verdict_document"},
    "page": {"fr": "page"},
    "page_source": {"fr": "source_page"},
    "unit": {"fr": "unité"},
    "instance": {"fr": "instance"},
    "bbox_x0": {"fr": "boîte_x0"},
    "bbox_y0": {"fr": "boîte_y0"},
    "bbox_x1": {"fr": "boîte_x1"},
    "bbox_y1": {"fr": "boîte_y1"},
    "caption": {"fr": "bandeau"},
    "variant": {"fr": "variante"},
    "mark_height": {"fr": "hauteur_marque"},
    "score": {"fr": "score"},
    "verdict": {"fr": "verdict"},
    "review_reason": {"fr": "raison_examen"},
    "finding_codes": {"fr": "codes_constats"},
    "messages": {"fr": "messages"},
    "document_finding_codes": {"fr": "codes_constats_document"},
    "document_messages": {"fr": "messages_document"},
    "error_codes": {"fr": "codes_erreurs"},
    "errors": {"fr": "erreurs"},
}
#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Joins several codes or messages in one cell.
SEPARATOR = " | "

Cell = str | int | float | None
_INSTANCE_COLUMNS = COLUMNS.index("document_finding_codes") - COLUMNS.index("page")  # page … messages


def render_csv(report: Report, lang: str = DEFAULT_LANGUAGE) -> str:
    """The report as CSV text (header row first, ``\\r\\n`` line ends); header and messages in
    ``lang``."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header(COLUMNS, COLUMN_LABELS, lang))
    for row in rows(report, lang):
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def rows(report: Report, lang: str = DEFAULT_LANGUAGE) -> list[list[Cell]]:
    """The data rows, in :data:`COLUMNS` order, before any quoting or guarding."""
    out: list[list[Cell]] = []
    for document in report.documents:
        start = _document_cells(document, lang)
        found = [(page, number, i) for page in document.pages for number, i in enumerate(page.instances, 1)]
        if not found:
            out.append(start[:7] + [None] * _INSTANCE_COLUMNS + start[7:])
        for page, number, instance in found:
            out.append(start[:7] + _instance_cells(page, number, instance, lang) + start[7:])
    return out


def header(columns: tuple[str, ...], labels: dict[str, dict[str, str]], lang: str) -> list[str]:
    """The header row of ``columns`` in ``lang``: each column's label, else its name."""
    return [labels.get(column, {}).get(lang, column) for column in columns]


def guard(text: str) -> str:
    """``text`` made inert for spreadsheets: a leading apostrophe when it could start a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _document_cells(d: DocumentReport, lang: str) -> list[Cell]:
    return [
        d.source,
        d.sha256,
        d.kind,
        d.channel,
        d.category,
        d.date.isoformat() if d.date else None,
        d.verdict,
        SEPARATOR.join(f.code for f in d.findings),
        SEPARATOR.join(_message(f.message, lang) for f in d.findings),
        SEPARATOR.join(e.code for e in d.errors),
        SEPARATOR.join(_message(e.message, lang) for e in d.errors),
    ]


def _instance_cells(page: PageReport, number: int, i: InstanceReport, lang: str) -> list[Cell]:
    return [
        page.index + 1,
        page.source,
        page.unit,
        number,
        *(_num(v) for v in i.bbox),
        i.caption,
        i.variant,
        _num(i.mark_height),
        _num(i.score),
        i.verdict,
        in_language(i.review_reason, lang) if i.verdict == "review" and i.review_reason is not None else None,
        SEPARATOR.join(f.code for f in i.findings),
        SEPARATOR.join(_message(f.message, lang) for f in i.findings),
    ]


def _message(message: dict[str, str], lang: str) -> str:
    return message.get(lang) or message.get(DEFAULT_LANGUAGE) or next(iter(message.values()), "")


def _num(value: float) -> float | int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    rounded = round(float(value), 2)
    return 0.0 if rounded == 0 else rounded


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return guard(value)
    return str(value)
