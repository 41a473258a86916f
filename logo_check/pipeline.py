"""pipeline: detect → measure → judge on each page, and one document from an input's bytes.

:func:`detect` and :func:`measure` below are the pipeline's one access point to the engine
(:mod:`logo_check.detect`, :mod:`logo_check.verify`), imported on first use; tests replace them
here to exercise the stages after the engine on their own.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from .caption_text import band_corners, band_text
from .denomination import find_denomination
from .errors import UnreadableInputError
from .limits import DEFAULT_LIMITS, Limits
from .model import Candidate, Context, Document, Measurements, Note, Page
from .policy import caption_read, document_verdict, judge, judge_text, review_reason, text_verdict
from .report import DocumentReport, InputError, InstanceReport, PageReport

if TYPE_CHECKING:
    from .charter import Charter
    from .evidence import InstanceEvidence
    from .ingest_html import PageFiles
    from .raster_pool import RasterPool

#: When set, called after each raster of a document with (rasters scanned, rasters in the document):
#: the progress of a long document (set by :func:`logo_check.api.check_document`'s ``progress``).
PROGRESS: ContextVar[Callable[[int, int], None] | None] = ContextVar("logo_check_progress", default=None)
#: When set, a document of at least :data:`logo_check.raster_pool.MIN_POOLED_RASTERS` rasters has
#: them scanned in this pool's worker processes (set by :func:`logo_check.api.scan_paths` for a
#: single file and more than one worker).
RASTER_POOL: ContextVar[RasterPool | None] = ContextVar("logo_check_raster_pool", default=None)


def detect(page: Page, charter: Charter) -> list[Candidate]:
    """The engine's candidates on ``page`` (:func:`logo_check.detect.detect`)."""
    from .detect import detect as engine_detect
    from .threads import limit_blas

    limit_blas()
    return engine_detect(page, charter)


def measure(page: Page, candidate: Candidate, charter: Charter) -> tuple[Candidate, Measurements] | None:
    """The engine's measurements of ``candidate`` (:func:`logo_check.verify.measure`), with the
    registration they were made on; None when verify finds that the candidate is not the logo (too
    few of its elements).

    Two second looks may replace the first registration:

    - when the colours measured are those of another variant than the one made for the logo's
      background (the mono variant; a colour logo on a dark ground), the registration is refined
      against that variant's own tones (:func:`logo_check.detect.register_as`, kept only when it
      fits them at least as well as the first registration fitted its templates) and the instance
      measured again; the second measurement is kept when it reads the same variant with no fewer
      elements. Registered against the colour variant's tones, where the mono variant's disc and
      letters are one black, the mono logo file 32 px tall settled a pixel high, and its caption
      measured as altered (benchmarks/logo_files.py); a colour logo whose wordmark was recoloured
      white reads as reversed, and fits the reversed tones worse.
    - an element found missing that the registration could do without: the candidate is
      registered again without it (:func:`logo_check.detect.register_without`) and measured
      again, and the second measurement is kept when it finds more elements present (an element
      drawn in other tones than expected, such as a reversed logo's white wordmark on a light
      page, can pull the registration off and then measure as missing); then once more without
      the captions' words too, kept when it finds more elements present, or as many and fewer
      of them altered (held by the first category's words, another category's band was pulled
      along, its caption read as moved; without them the fit is affine and fails more often, on
      logos pasted on photographs, so it comes second).
    """
    from .detect import detachable, register_as, register_without
    from .verify import measure as engine_measure

    first = engine_measure(page, candidate, charter)
    if first is None:
        return None
    made_for = charter.made_for(first.background)
    if first.variant is not None and made_for is not None and first.variant != made_for:
        again = register_as(page, candidate, charter, first.variant, first.background)
        candidate, first = _second_look(page, charter, (candidate, first), again, _reads_as)
    missing = [name for name in detachable(charter) if name in first.elements and not first.elements[name].present]
    if missing:
        again = register_without(page, candidate, charter, missing[0], first.background)
        candidate, first = _second_look(page, charter, (candidate, first), again, _finds_more)
        again = register_without(page, candidate, charter, missing[0], first.background, words=False)
        candidate, first = _second_look(page, charter, (candidate, first), again, _reads_more)
    return candidate, first


def _second_look(
    page: Page,
    charter: Charter,
    first: tuple[Candidate, Measurements],
    again: Candidate | None,
    better: Callable[[Measurements, Measurements], bool],
) -> tuple[Candidate, Measurements]:
    """``again`` (a registration made a second way, None when there is none) with its
    measurements, when they are ``better(second, first)`` than the ``first`` registration's;
    else ``first``."""
    from .verify import measure as engine_measure

    if again is None:
        return first
    second = engine_measure(page, again, charter)
    return (again, second) if second is not None and better(second, first[1]) else first


def _reads_as(second: Measurements, first: Measurements) -> bool:
    """Whether ``second`` reads the variant ``first`` read, with no fewer elements present."""
    return second.variant == first.variant and _present(second) >= _present(first)


def _finds_more(second: Measurements, first: Measurements) -> bool:
    """Whether ``second`` finds more elements present than ``first``."""
    return _present(second) > _present(first)


def _reads_more(second: Measurements, first: Measurements) -> bool:
    """Whether ``second`` finds more elements present than ``first``, or as many and fewer of
    them altered."""
    return _finds_more(second, first) or (_present(second) == _present(first) and _altered(second) < _altered(first))


def _altered(m: Measurements) -> int:
    return sum(e.present and e.altered for e in m.elements.values())


def _present(m: Measurements) -> int:
    return sum(e.present for e in m.elements.values())


def page_context(page: Page, ctx: Context) -> Context:
    """``ctx`` completed with what the page itself knows (vector content, millimetres per pixel,
    the turn the page gives the raster)."""
    return dataclasses.replace(
        ctx,
        vector=ctx.vector or page.vector,
        mm_per_pixel=page.mm_per_pixel if page.mm_per_pixel is not None else ctx.mm_per_pixel,
        turn_deg=page.turn_deg,
    )


def scan_raster(page: Page, ctx: Context, charter: Charter, evidence: bool = False) -> list[InstanceReport]:
    """Every instance of the logo on one raster, measured and judged; lengths in the page's unit
    (the raster's :meth:`~logo_check.model.Page.unit_matrix` places it on its page).

    ``evidence`` keeps pictures of each instance (for the HTML report, :mod:`logo_check.evidence`).
    """
    import numpy as np

    ctx = page_context(page, ctx)
    matrix = page.unit_matrix()
    linear = matrix[:, :2]
    scale = float(abs(np.linalg.det(linear))) ** 0.5

    def to_unit(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
        array = np.asarray(points, dtype=np.float64) @ linear.T + matrix[:, 2]
        return [(float(x), float(y)) for x, y in array]

    instances = []
    for found in detect(page, charter):
        measured = measure(page, found, charter)
        if measured is None:
            continue
        candidate, m = measured
        if page.fills:
            from .vector_colour import apply_exact_colours

            apply_exact_colours(m, candidate.homography, page.fills, charter)
        if page.words:
            m.caption_text = band_text(page.words, to_unit(band_corners(candidate.homography, charter)))
        findings, verdict = judge(m, ctx, charter)
        x0, y0, x1, y1 = m.bbox
        corners = to_unit([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
        xs, ys = [x for x, _ in corners], [y for _, y in corners]
        instances.append(
            InstanceReport(
                bbox=(min(xs), min(ys), max(xs), max(ys)),
                quad=to_unit(m.quad),
                score=m.score,
                caption=caption_read(m, charter),
                variant=m.variant,
                mark_height=m.mark_height_px * scale,
                verdict=verdict,
                findings=findings,
                review_reason=review_reason(m, charter, findings) if verdict == "review" else None,
                mirrored=m.mirrored,
                evidence=_evidence(page, candidate, m, ctx, charter) if evidence else None,
            )
        )
    return instances


def _evidence(
    page: Page, candidate: Candidate, m: Measurements, ctx: Context, charter: Charter
) -> InstanceEvidence | None:
    from .evidence import instance_evidence

    return instance_evidence(
        page.image, candidate.homography, charter, m.caption, m.variant, mirrored=m.mirrored, category=ctx.category
    )


def scan_document(
    document: Document,
    source: str,
    sha256: str | None,
    ctx: Context,
    charter: Charter,
    evidence: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> DocumentReport:
    """The report of one document read by ingest: its rasters scanned and placed on their pages,
    the denomination in its text judged, its partial errors reported.

    The declared date wins over the document's own (its metadata). The engine's work stops at the
    time limit per document; the pages left are reported in ``errors``.
    """
    from .evidence import page_preview

    started = time.monotonic()
    if ctx.date is None and document.date is not None:
        ctx = dataclasses.replace(ctx, date=document.date)
    pages = [
        PageReport(index=i, width=w, height=h, unit=document.unit, source=document.page_sources.get(i))
        for i, (w, h) in enumerate(document.page_sizes)
    ]
    errors = [InputError(code, UnreadableInputError(code, **params).messages()) for code, params in document.errors]
    readings: dict[int, list[tuple[bool, list[InstanceReport]]]] = {}  # drawings group → (turned, found)
    deadline = started + limits.document_seconds
    crashed: list[int] = []  # pages whose raster killed its worker process, again when alone
    for position, raster, found in _scanned_rasters(document.rasters, ctx, charter, evidence, deadline):
        if found == "pages_timeout":
            left = _ranges(sorted({r.index + 1 for r in document.rasters[position:]}))
            error = UnreadableInputError("pages_timeout", seconds=round(limits.document_seconds), pages=left)
            errors.append(InputError(error.code, error.messages()))
            break
        if isinstance(found, str):
            crashed.append(raster.index + 1)
            continue
        page = pages[raster.index]
        if raster.drawings_group is not None:
            readings.setdefault(raster.drawings_group, []).append((raster.turn_deg != 0, found))
        page.instances.extend(found)
        if evidence and page.preview is None and raster.to_unit is None and raster.index not in document.previews:
            page.preview, page.unit_per_pixel = page_preview(raster.image), raster.unit_per_pixel
        report_progress = PROGRESS.get()
        if report_progress is not None:
            report_progress(position + 1, len(document.rasters))
    if crashed:
        error = UnreadableInputError("pages_crashed", pages=_ranges(sorted(set(crashed))))
        errors.append(InputError(error.code, error.messages()))
    for index, preview in document.previews.items():
        if evidence and index < len(pages):
            pages[index].preview, pages[index].unit_per_pixel = page_preview(preview.image), preview.unit_per_pixel
    for page in pages:
        page.instances = _distinct(_without_stray_readings(page.instances, readings))
    occurrences = [o for index, text in document.text for o in find_denomination(text, charter, index)]
    text_only = document.kind in TEXT_KINDS and not document.rasters
    text_findings = judge_text(occurrences, ctx, charter, text_only=text_only)
    verdicts = [i.verdict for p in pages for i in p.instances]
    text_verdict_ = text_verdict(text_findings, occurrences)
    if text_verdict_ is not None:
        verdicts.append(text_verdict_)
    readable = bool(pages) or document.kind in TEXT_KINDS
    return DocumentReport(
        source=source,
        sha256=sha256,
        kind=document.kind,
        channel=ctx.channel,
        category=ctx.category,
        date=ctx.date,
        # an error beside the pages read is a part left unread (or a repaired PDF to check)
        verdict=document_verdict(verdicts, had_pages=readable, complete=not errors),
        pages=pages,
        errors=errors,
        findings=text_findings,
        notes=_notes(document),
    )


def raster_instances(
    raster: Page, ctx: Context, charter: Charter | str, evidence: bool = False
) -> list[InstanceReport]:
    """The instances of one raster: scanned as it is and, when ``ctx`` looks for turned logos, at
    its other quarter turns too, one reading per place. ``charter`` may be the pack's path (in a
    worker process of :data:`RASTER_POOL`)."""
    if isinstance(charter, str):
        from .charter import load_charter

        charter = load_charter(charter)
    found = scan_raster(raster, ctx, charter, evidence)
    if ctx.look_turned and (raster.drawings_group is None or raster.turn_deg == 0):
        for quarters in LOOKED_TURNS:
            turned = scan_raster(raster.turned(quarters), ctx, charter, evidence)
            found += [i for i in turned if i.score >= TURNED_MIN_SCORE]
        found = _one_per_place(found, charter)
    return found


def _scanned_rasters(
    rasters: list[Page], ctx: Context, charter: Charter, evidence: bool, deadline: float
) -> Iterator[tuple[int, Page, list[InstanceReport] | str]]:
    """(position, raster, its instances) for each raster in order, scanned here or, for a long
    document while :data:`RASTER_POOL` is set, in its worker processes. A raster not scanned by
    ``deadline`` (time.monotonic) has the error code ``pages_timeout`` for instances, and nothing
    follows it. A worker that dies breaks the pool with every raster in flight: the rasters left are
    then scanned one at a time in new workers, and one that kills its worker again has the code
    ``pages_crashed``."""
    from concurrent.futures import TimeoutError as FutureTimeout
    from concurrent.futures.process import BrokenProcessPool

    from .raster_pool import MIN_POOLED_RASTERS

    pool = RASTER_POOL.get()
    if pool is None or len(rasters) < MIN_POOLED_RASTERS:
        for position, raster in enumerate(rasters):
            if time.monotonic() > deadline:
                yield position, raster, "pages_timeout"
                return
            yield position, raster, raster_instances(raster, ctx, charter, evidence)
        return

    def submit(raster: Page) -> Any:
        return pool.submit(raster_instances, raster, ctx, str(charter.path), evidence)

    def outcome(future: Any) -> list[InstanceReport] | str:
        try:
            return future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            return "pages_timeout"
        except BrokenProcessPool:
            pool.restart()
            return "pages_crashed"

    futures = [submit(raster) for raster in rasters]
    alone = False  # after a crash: one raster at a time, to tell which one crashes
    try:
        for position, raster in enumerate(rasters):
            found = outcome(submit(raster) if alone else futures[position])
            if found == "pages_crashed" and not alone:
                alone = True
                found = outcome(submit(raster))
            yield position, raster, found
            if found == "pages_timeout":
                return
    finally:
        for future in futures:
            future.cancel()


def _notes(document: Document) -> list[Note]:
    """The document's reading notes and its rasters', each once, in order."""
    return list(dict.fromkeys([*document.notes, *(n for r in document.rasters for n in r.notes)]))


#: Two instances found in different rasters of one page (an embedded image and the drawings
#: around it) are the same when their boxes overlap by more than this share (intersection over
#: union); the better-scored one is kept.
SAME_INSTANCE_IOU = 0.5


def _without_stray_readings(
    instances: list[InstanceReport], readings: dict[int, list[tuple[bool, list[InstanceReport]]]]
) -> list[InstanceReport]:
    """``instances`` without those read in a group of drawings as is that overlap one read in the
    same group turned: the artwork set along the page's side, read turned, can also be registered
    askew as is, on a part of it (``ingest_pdf.TALL_REGION``)."""
    stray: set[int] = set()
    for group in readings.values():
        turned = [i for was_turned, found in group if was_turned for i in found]
        for was_turned, found in group:
            if not was_turned:
                stray |= {id(i) for i in found if any(box_iou(i.bbox, t.bbox) > 0 for t in turned)}
    return [i for i in instances if id(i) not in stray]


def _one_per_place(instances: list[InstanceReport], charter: Charter) -> list[InstanceReport]:
    """The instances a raster's readings at its four turns give, one per place: of two where one's
    mark lies inside the other's artwork, the better registered. A logo is read whole in the turn
    that shows it within 30° of upright; the other turns see it further turned and can only
    register a part of it (the mark alone, read as a logo missing its other elements)."""
    import cv2
    import numpy as np

    from .verify import MARK_ELEMENT

    box = charter.elements[MARK_ELEMENT].box
    centre = np.array([[[(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2]]], np.float32)
    square = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], np.float32)

    def mark(i: InstanceReport) -> tuple[float, float]:
        to_page = cv2.getPerspectiveTransform(square, np.asarray(i.quad, np.float32))
        x, y = cv2.perspectiveTransform(centre, to_page)[0, 0]
        return float(x), float(y)

    def inside(point: tuple[float, float], i: InstanceReport) -> bool:
        return cv2.pointPolygonTest(np.asarray(i.quad, np.float32), point, False) >= 0

    kept: list[InstanceReport] = []
    for instance in sorted(instances, key=lambda i: -i.score):
        if not any(inside(mark(instance), other) or inside(mark(other), instance) for other in kept):
            kept.append(instance)
    return kept


def _distinct(instances: list[InstanceReport]) -> list[InstanceReport]:
    kept: list[InstanceReport] = []
    for instance in sorted(instances, key=lambda i: -i.score):
        if all(box_iou(instance.bbox, other.bbox) <= SAME_INSTANCE_IOU for other in kept):
            kept.append(instance)
    return sorted(kept, key=lambda i: (i.bbox[1], i.bbox[0]))


def box_iou(a: Sequence[float], b: Sequence[float]) -> float:
    """Intersection over union of two (x0, y0, x1, y1) boxes; 0 for empty boxes."""
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    area_a = max(0.0, a[2] - a[0]) * max(0.0, a[3] - a[1])
    area_b = max(0.0, b[2] - b[0]) * max(0.0, b[3] - b[1])
    union = area_a + area_b - inter
    return inter / union if union > 0 else 0.0


def _ranges(numbers: list[int]) -> str:
    """1, 2, 3, 5 → "1-3, 5"."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs)


def scan_pages(
    pages: list[Page], source: str, sha256: str | None, ctx: Context, charter: Charter, evidence: bool = False
) -> DocumentReport:
    """The report of an image document already turned into pages (one raster per page)."""
    sizes = [(float(p.width), float(p.height)) for p in pages]
    document = Document(kind="image", unit="px", page_sizes=sizes, rasters=pages)
    return scan_document(document, source, sha256, ctx, charter, evidence)


def unreadable_document(
    source: str, sha256: str | None, ctx: Context, error: UnreadableInputError, kind: str = "image"
) -> DocumentReport:
    """The report of an input that could not be read: no page, one error. ``kind`` is what its
    bytes were found to be before reading failed (:func:`report_kind`)."""
    return DocumentReport(
        source=source,
        sha256=sha256,
        kind=kind,
        channel=ctx.channel,
        category=ctx.category,
        date=ctx.date,
        verdict=document_verdict([], had_pages=False),
        errors=[InputError(error.code, error.messages())],
    )


def scan_bytes(
    data: bytes,
    source: str,
    ctx: Context,
    charter: Charter,
    evidence: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    files: PageFiles | None = None,
    path: str = "",
) -> DocumentReport:
    """The report of one document's bytes (an image, a PDF, an HTML page or a text); an unreadable
    input gives a report with an error. Archives are opened by :func:`scan_input`. ``files`` are
    those that came with the input, where an HTML page's images are read from, and ``path`` the
    input's place among them (:func:`logo_check.ingest_html.read_html`)."""
    from .ingest import read_document

    sha256 = hashlib.sha256(data).hexdigest()
    try:
        document = read_document(data, source, limits, evidence, charter, files, path)
    except UnreadableInputError as error:
        from .ingest import sniff

        return unreadable_document(source, sha256, ctx, error, report_kind(sniff(data)))
    return scan_document(document, source, sha256, ctx, charter, evidence, limits)


def scan_input(
    data: bytes,
    source: str,
    ctx: Context,
    charter: Charter,
    evidence: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    files: PageFiles | None = None,
    path: str = "",
) -> list[DocumentReport]:
    """The reports of one input: one document, or one per member of a ZIP archive (named
    ``archive.zip!member``). An archive inside the archive is not opened. An HTML page reads its
    images from ``files`` (as :func:`scan_bytes`), one in an archive from the archive's members."""
    from .ingest import sniff
    from .ingest_html import ArchiveFiles
    from .ingest_zip import iter_members

    if sniff(data) != "zip":
        return [scan_bytes(data, source, ctx, charter, evidence, limits, files, path)]
    members = ArchiveFiles(data, limits)
    sha256 = hashlib.sha256(data).hexdigest()
    reports = []
    try:
        for member in iter_members(data, limits):
            name = f"{source}!{member.name}" if member.name else source
            if member.error is not None:
                reports.append(unreadable_document(name, None, ctx, member.error))
            elif sniff(member.data or b"") == "zip":
                error = UnreadableInputError("nested_archive")
                digest = hashlib.sha256(member.data or b"").hexdigest()
                reports.append(unreadable_document(name, digest, ctx, error, ARCHIVE))
            else:
                member_data = member.data or b""
                reports.append(scan_bytes(member_data, name, ctx, charter, evidence, limits, members, member.name))
    except UnreadableInputError as error:
        reports.append(unreadable_document(source, sha256, ctx, error, ARCHIVE))
    if not reports:
        reports.append(unreadable_document(source, sha256, ctx, UnreadableInputError("empty_archive"), ARCHIVE))
    return reports


#: The quarter turns (clockwise) a raster is also scanned at when the user asks for logos turned
#: sideways or upside down (``Context.look_turned``): with the engine's ±30° around each, a logo
#: turned by 60-120°, 150-210° or 240-300° is found too. For a PDF's vector drawings, only the
#: region as rendered is: the ones ingest also renders turned (``ingest_pdf.TALL_REGION``) stand
#: for a turn already, and their readings override the upright ones they overlap.
LOOKED_TURNS = (1, 2, 3)
#: Least registration score of an instance found at one of those turns (the upright scan keeps
#: them from ``detect.MIN_SCORE``, 0.55): three more scans give a textured window three more
#: chances to register as a logo. ``benchmarks/turned.py`` prints the scores of what the turns add
#: on negatives without this bar (0.658 and 0.697 on the first 200 of seed 1, each a garbled
#: reading: cropped, distorted, elements missing) and of the turned logos it finds (0.965 or more on
#: its lined pages, 0.962 saved as JPEG 60). A logo both turned and registered poorly (stretched,
#: on a busy photograph) may fall under the bar: it is the upright scan's to find.
TURNED_MIN_SCORE = 0.75

#: The kinds of document read for their text: a text, an HTML page (with images or not).
TEXT_KINDS = ("text", "html")

#: The report's ``kind`` of an archive (ZIP, web archive) reported as a document: one that could
#: not be opened, or an archive inside an archive.
ARCHIVE = "archive"


def report_kind(sniffed: str | None) -> str:
    """The report's ``kind`` of bytes that :func:`logo_check.ingest.sniff` found to be ``sniffed``:
    ``pdf``, ``text`` (HTML markup included), ``archive`` for a ZIP or a web archive, and ``image``
    for an image and for bytes of no known kind."""
    return {"pdf": "pdf", "text": "text", "zip": ARCHIVE, "warc": ARCHIVE}.get(sniffed or "", "image")


def scan_file(
    path: str,
    ctx: Context,
    charter: Charter,
    evidence: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    with_files: bool = True,
) -> list[DocumentReport]:
    """The reports of the file at ``path`` (reported under ``path`` as given): one document, or one
    per member of a ZIP archive. With ``with_files``, an HTML page reads its images from its own
    folder and sub-folders (:class:`~logo_check.ingest_html.FolderFiles`); without, from nowhere
    (a file stored among other people's files)."""
    from .ingest import read_bytes
    from .ingest_html import FolderFiles

    try:
        data = read_bytes(path, limits)
    except UnreadableInputError as error:
        return [unreadable_document(path, None, ctx, error)]
    files = FolderFiles(os.path.dirname(path) or ".", limits) if with_files else None
    return scan_input(data, path, ctx, charter, evidence, limits, files, os.path.basename(path))
