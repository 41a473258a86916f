"""pipeline: detect → measure → judge on each page, and one document from an input's bytes.

:func:`detect` and :func:`measure` below are the pipeline's one access point to the engine
(:mod:`logo_check.detect`, :mod:`logo_check.verify`), imported on first use; tests replace them
here to exercise the stages after the engine on their own.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import TYPE_CHECKING

from .errors import UnreadableInputError
from .model import Candidate, Context, Measurements, Page
from .policy import document_verdict, judge, review_reason
from .report import DocumentReport, InputError, InstanceReport, PageReport

if TYPE_CHECKING:
    from .charter import Charter
    from .evidence import InstanceEvidence


def detect(page: Page, charter: Charter) -> list[Candidate]:
    """The engine's candidates on ``page`` (:func:`logo_check.detect.detect`)."""
    from .detect import detect as engine_detect

    return engine_detect(page, charter)


def measure(page: Page, candidate: Candidate, charter: Charter) -> Measurements | None:
    """The engine's measurements of ``candidate`` (:func:`logo_check.verify.measure`); None when
    verify finds that the candidate is not the logo (too few of its elements)."""
    from .verify import measure as engine_measure

    return engine_measure(page, candidate, charter)


def page_context(page: Page, ctx: Context) -> Context:
    """``ctx`` completed with what the page itself knows (vector content, millimetres per pixel)."""
    return dataclasses.replace(
        ctx,
        vector=ctx.vector or page.vector,
        mm_per_pixel=page.mm_per_pixel if page.mm_per_pixel is not None else ctx.mm_per_pixel,
    )


def scan_page(page: Page, ctx: Context, charter: Charter, evidence: bool = False) -> PageReport:
    """Every instance of the logo on ``page``, measured and judged; lengths in the page's unit.

    ``evidence`` keeps a preview of the page and pictures of each instance in the report (for the
    HTML report, :mod:`logo_check.evidence`); otherwise only what the JSON report needs is kept.
    """
    ctx = page_context(page, ctx)
    k = page.unit_per_pixel
    width, height = (page.width, page.height) if k == 1 else (page.width * k, page.height * k)
    report = PageReport(index=page.index, width=width, height=height, unit=page.unit, unit_per_pixel=k)
    if evidence:
        from .evidence import page_preview

        report.preview = page_preview(page.image)
    for candidate in detect(page, charter):
        m = measure(page, candidate, charter)
        if m is None:
            continue
        findings, verdict = judge(m, ctx, charter)
        x0, y0, x1, y1 = m.bbox
        report.instances.append(
            InstanceReport(
                bbox=(x0 * k, y0 * k, x1 * k, y1 * k),
                quad=[(x * k, y * k) for x, y in m.quad],
                score=m.score,
                caption=m.caption,
                variant=m.variant,
                mark_height=m.mark_height_px * k,
                verdict=verdict,
                findings=findings,
                review_reason=review_reason(m, charter) if verdict == "review" else None,
                mirrored=m.mirrored,
                evidence=_evidence(page, candidate, m, ctx, charter) if evidence else None,
            )
        )
    return report


def _evidence(
    page: Page, candidate: Candidate, m: Measurements, ctx: Context, charter: Charter
) -> InstanceEvidence | None:
    from .evidence import instance_evidence

    return instance_evidence(
        page.image, candidate.homography, charter, m.caption, m.variant, mirrored=m.mirrored, category=ctx.category
    )


def scan_pages(
    pages: list[Page], source: str, sha256: str | None, ctx: Context, charter: Charter, evidence: bool = False
) -> DocumentReport:
    """The report of one document already turned into pages."""
    page_reports = [scan_page(page, ctx, charter, evidence) for page in pages]
    verdicts = [i.verdict for p in page_reports for i in p.instances]
    verdict = document_verdict(verdicts, had_pages=bool(page_reports))
    return _document(source, sha256, ctx, verdict, pages=page_reports)


def unreadable_document(source: str, sha256: str | None, ctx: Context, error: UnreadableInputError) -> DocumentReport:
    """The report of an input that could not be read: no page, one error."""
    verdict = document_verdict([], had_pages=False)
    return _document(source, sha256, ctx, verdict, errors=[InputError(error.code, error.messages())])


def _document(source: str, sha256: str | None, ctx: Context, verdict: str, **parts: list) -> DocumentReport:
    return DocumentReport(
        source=source,
        sha256=sha256,
        kind="image",
        channel=ctx.channel,
        category=ctx.category,
        date=ctx.date,
        verdict=verdict,
        **parts,
    )


def scan_bytes(data: bytes, source: str, ctx: Context, charter: Charter, evidence: bool = False) -> DocumentReport:
    """The report of one input file's bytes; an unreadable input gives a report with an error."""
    from .ingest import read_image

    sha256 = hashlib.sha256(data).hexdigest()
    try:
        pages = read_image(data, source)
    except UnreadableInputError as error:
        return unreadable_document(source, sha256, ctx, error)
    return scan_pages(pages, source, sha256, ctx, charter, evidence)


def scan_file(path: str, ctx: Context, charter: Charter, evidence: bool = False) -> DocumentReport:
    """The report of the file at ``path`` (reported under ``path`` as given)."""
    from .ingest import read_bytes

    try:
        data = read_bytes(path)
    except UnreadableInputError as error:
        return unreadable_document(path, None, ctx, error)
    return scan_bytes(data, path, ctx, charter, evidence)
