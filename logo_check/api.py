"""The public entry points: one image to a report (:func:`check_image`), and files and folders to
one report (:func:`scan_paths`). Both validate the declared channel, category and date against the
charter (:class:`~logo_check.errors.UsageError`, exit code 2, when they do not fit).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from .charter import Charter, load_charter
from .errors import UsageError
from .model import Context, Page
from .report import DocumentReport, Report

if TYPE_CHECKING:
    import numpy as np

    from .limits import Limits

Source = str | os.PathLike[str] | bytes | bytearray | memoryview
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_image(
    source: Source | np.ndarray,
    *,
    channel: str = "web",
    category: str | None = None,
    date: dt.date | str | None = None,
    charter: Charter | str | os.PathLike[str] | None = None,
    name: str | None = None,
    look_turned: bool = False,
) -> Report:
    """Scan one image and return its report.

    ``source`` is a path, the file's bytes, or an RGB ``uint8`` array of shape (height, width, 3).
    ``name`` is the document's ``source`` in the report (default: the path, ``<bytes>`` or
    ``<array>``). ``date`` is the material's own date (a :class:`datetime.date` or ``YYYY-MM-DD``),
    never today's. ``look_turned`` also looks for logos turned sideways or upside down
    (:func:`make_context`). An input that cannot be read raises
    :class:`~logo_check.errors.UnreadableInputError` (exit code 3).
    """
    import hashlib

    from .ingest import read_bytes, read_image
    from .pipeline import scan_pages

    pack = charter if isinstance(charter, Charter) else load_charter(charter)
    ctx = make_context(pack, channel, category, date, look_turned)
    if isinstance(source, bytes | bytearray | memoryview):
        data, label = bytes(source), name or "<bytes>"
    elif isinstance(source, str | os.PathLike):
        data, label = read_bytes(source), name or os.fspath(source)
    else:
        page = _array_page(source)
        return Report(pack.id, pack.version, [scan_pages([page], name or "<array>", None, ctx, pack)])
    pages = read_image(data, label)
    document = scan_pages(pages, label, hashlib.sha256(data).hexdigest(), ctx, pack)
    return Report(pack.id, pack.version, [document])


def check_document(
    source: Source,
    *,
    channel: str = "web",
    category: str | None = None,
    date: dt.date | str | None = None,
    charter: Charter | str | os.PathLike[str] | None = None,
    name: str | None = None,
    evidence: bool = False,
    progress: Callable[[int, int], None] | None = None,
    with_files: bool = True,
    look_turned: bool = False,
) -> Report:
    """Scan one input of any supported kind (an image, a PDF, an HTML page, a text, or a ZIP archive
    of them; a path or its bytes) and return its report: one document, or one per member of an
    archive.

    Unlike :func:`check_image`, an input that cannot be read does not raise: its document carries
    the error (``errors``), as in a batch scan. ``evidence`` keeps a preview of each page and
    pictures of each instance (:mod:`logo_check.evidence`) in the report objects, for
    :func:`logo_check.report_html.render_html`; they never go into the JSON. ``progress``, when
    given, is called after each image the engine scans in a document (a raster input, or a PDF page's
    picture or drawing) with (images done, images in that document). ``look_turned`` also looks for
    logos turned sideways or upside down (:func:`make_context`). An HTML page given by its path
    reads its images from its folder and sub-folders unless ``with_files`` is false (a file kept
    among other people's, as the service keeps uploads); given as bytes, only those it carries
    (``data:`` URLs, inline SVG), and in a ZIP archive those of the archive.
    """
    from .pipeline import PROGRESS, scan_file, scan_input

    pack = charter if isinstance(charter, Charter) else load_charter(charter)
    ctx = make_context(pack, channel, category, date, look_turned)
    token = PROGRESS.set(progress)
    try:
        if isinstance(source, bytes | bytearray | memoryview):
            documents = scan_input(bytes(source), name or "<bytes>", ctx, pack, evidence)
        else:
            path = os.fspath(source)
            documents = scan_file(path, ctx, pack, evidence, with_files=with_files)
            if name is not None:
                _renamed(documents, path, name)
    finally:
        PROGRESS.reset(token)
    return Report(pack.id, pack.version, documents)


def scan_paths(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    channel: str = "web",
    category: str | None = None,
    date: dt.date | str | None = None,
    workers: int = 1,
    charter_path: str | os.PathLike[str] | None = None,
    progress: bool = False,
    evidence: bool = False,
    look_turned: bool = False,
    resume: str | os.PathLike[str] | None = None,
    limits: Limits | None = None,
    on_documents: Callable[[list[DocumentReport]], None] | None = None,
) -> Report:
    """Scan files and folders (recursively) into one report, one document per file (one per
    member for a ZIP archive).

    Folders are walked in sorted order, skipping hidden entries (names starting with a dot);
    a file named twice is scanned once. A file that cannot be read gives a document with an entry
    in ``errors`` and the run goes on. ``workers`` > 1 scans files in that many processes; a file
    whose scan kills its process (a crash inside a native library: no exception reaches Python)
    is then reported (``check_crashed``) and the run goes on, the files that were being scanned
    beside it scanned again. ``progress`` shows a progress bar on stderr. ``evidence`` keeps page
    previews and instance pictures for the HTML report (as in :func:`check_document`).
    ``limits`` bounds what an untrusted input may make the scan do (default
    :data:`logo_check.limits.DEFAULT_LIMITS`). ``on_documents``, when given, receives each file's
    documents as soon as they and those of every file before it are done, in the files' order (the
    HTML report of the command line is written so, :class:`logo_check.report_html.HtmlPartsWriter`).

    ``resume`` names a state file (:mod:`logo_check.resume_state`): each file scanned is appended
    to it with its documents, keyed by the SHA-256 of its bytes, and a file an earlier run with the
    same settings finished is not scanned again (the same bytes under another path or name
    included), so that an interrupted scan of a large folder goes on where it stopped. A file
    whose reading gave an error is scanned again. The state holds no pictures: it cannot be used
    with ``evidence`` (:class:`UsageError` ``resume_with_evidence``).
    """
    from .limits import DEFAULT_LIMITS

    charter = load_charter(charter_path)
    ctx = make_context(charter, channel, category, date, look_turned)
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise UsageError("bad_workers", value=workers)
    limits = DEFAULT_LIMITS if limits is None else limits
    files = expand_paths([paths] if isinstance(paths, str | os.PathLike) else paths)
    state = None
    if resume is not None:
        if evidence:
            raise UsageError("resume_with_evidence")
        from .crawl import settings_of
        from .resume_state import FILES_FORMAT, ResumeState

        state = ResumeState(resume, settings_of(charter, ctx, limits), FILES_FORMAT)
    try:
        scan = _FileScan(ctx, charter, evidence, limits)
        documents = _scan_files(files, scan, workers, progress, state, on_documents)
    finally:
        if state is not None:
            state.close()
    return Report(charter.id, charter.version, documents)


@dataclass(frozen=True)
class _FileScan:
    """How each file of :func:`scan_paths` is scanned."""

    ctx: Context
    charter: Charter
    evidence: bool
    limits: Limits


def _scan_files(
    files: list[str],
    scan: _FileScan,
    workers: int,
    progress: bool,
    state: Any,
    on_documents: Callable[[list[DocumentReport]], None] | None = None,
) -> list[DocumentReport]:
    """The documents of ``files``, in their order: those ``state`` holds taken from it, the
    others scanned (in ``workers`` processes) and added to it; each file's given to
    ``on_documents`` in order as soon as it can be."""
    found: dict[int, list[DocumentReport]] = _InOrder(on_documents)
    keys: dict[int, str | None] = {}
    todo: list[int] = []
    for n, path in enumerate(files):
        key = _file_key(path) if state is not None else None
        stored = state.done.get(key) if key is not None else None
        restored = _restored(stored, path) if stored is not None else None
        if restored is not None:
            found[n] = restored
        else:
            keys[n] = key
            todo.append(n)
    if workers == 1 or len(todo) < 2:
        from .pipeline import scan_file

        results: Iterable[tuple[int, list[DocumentReport]]] = (
            (n, scan_file(files[n], scan.ctx, scan.charter, scan.evidence, scan.limits)) for n in todo
        )
        single = len(todo) == 1  # one document: its pages spread, and a bar of its images
        with _raster_pool(workers if single else 1), _image_progress(progress and single):
            _collect(len(todo), results, found, keys, files, state, progress and not single)
    else:
        from .crawl_run import PoolRunner

        runner = PoolRunner(
            min(workers, len(todo)),
            _scan_file_in_worker,
            scan.ctx,
            str(scan.charter.path),
            scan.evidence,
            scan.limits,
            on_crash=partial(_crashed_file, scan),
        )
        results = _pooled(runner, [(n, files[n]) for n in todo])
        _collect(len(todo), results, found, keys, files, state, progress)
    return [d for n in range(len(files)) for d in found[n]]


@contextmanager
def _image_progress(show: bool) -> Iterator[None]:
    """With ``show``, a progress bar on stderr of the images (pages, embedded images, drawings) of
    the one document scanned meanwhile: a bar of one file would stand still for minutes on a long
    PDF."""
    if not show:
        yield
        return
    import sys

    from tqdm import tqdm

    from .pipeline import PROGRESS

    bar: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, file=sys.stderr, unit="img", leave=False)
        bar.update(done - bar.n)

    token = PROGRESS.set(update)
    try:
        yield
    finally:
        PROGRESS.reset(token)
        if bar is not None:
            bar.close()


@contextmanager
def _raster_pool(workers: int) -> Iterator[None]:
    """With ``workers`` > 1, the rasters of a long document scanned meanwhile go to that many worker
    processes (:mod:`logo_check.raster_pool`), stopped at the end."""
    if workers < 2:
        yield
        return
    from .pipeline import RASTER_POOL
    from .raster_pool import RasterPool

    with RasterPool(workers) as pool:
        token = RASTER_POOL.set(pool)
        try:
            yield
        finally:
            RASTER_POOL.reset(token)


def _pooled(runner: Any, items: list[Any]) -> Iterator[Any]:
    """The results of ``items`` run by ``runner`` (:mod:`logo_check.crawl_run`), as they finish,
    with at most its window of them in flight."""
    try:
        for item in items:
            runner.submit(item)
            while runner.pending >= runner.window:
                yield from runner.finished(wait=True)
        while runner.pending:
            yield from runner.finished(wait=True)
    finally:
        runner.close(cancel=True)


class _InOrder(dict):  # type: ignore[type-arg]
    """The documents of each file by its number, handed to ``on_documents`` in the files' order as
    soon as every file before is done."""

    def __init__(self, on_documents: Callable[[list[DocumentReport]], None] | None) -> None:
        super().__init__()
        self.on_documents = on_documents
        self.next = 0

    def __setitem__(self, n: int, documents: list[DocumentReport]) -> None:
        super().__setitem__(n, documents)
        while self.on_documents is not None and self.next in self:
            self.on_documents(self[self.next])
            self.next += 1


def _collect(
    total: int,
    results: Iterable[tuple[int, list[DocumentReport]]],
    found: dict[int, list[DocumentReport]],
    keys: dict[int, str | None],
    files: list[str],
    state: Any,
    progress: bool,
) -> None:
    """Each file's documents (``(n, documents)`` in any order) into ``found``, and into ``state``
    when read without an error."""
    from .report import document_to_dict

    for n, documents in _progress(results, total, progress):
        found[n] = documents
        key = keys.get(n)
        if state is not None and key is not None and not any(d.errors for d in documents):
            stored = [document_to_dict(d, note_keys=True) for d in documents]
            state.record(key, {"path": files[n], "documents": stored})


def _file_key(path: str) -> str | None:
    """The SHA-256 of the file's bytes; None when it cannot be read (it is then scanned, to report why)."""
    import hashlib

    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def _restored(stored: dict[str, Any], path: str) -> list[DocumentReport] | None:
    """A file's documents as a resume state holds them, named after ``path`` (the same bytes may
    have been scanned under another name); None when the entry is not such (the file is then
    scanned again)."""
    from .report import document_from_dict

    try:
        documents = [document_from_dict(d) for d in stored["documents"]]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    _renamed(documents, str(stored.get("path", "")), path)
    return documents


def _renamed(documents: list[DocumentReport], before: str, after: str) -> None:
    """The documents of the input ``before`` named after ``after`` instead (an archive's members
    keep their own part of the name: ``after!member``)."""
    for d in documents:
        if before and d.source.startswith(before):
            d.source = after + d.source[len(before) :]


def make_context(
    charter: Charter,
    channel: str,
    category: str | None = None,
    date: dt.date | str | None = None,
    look_turned: bool = False,
) -> Context:
    """The declared context, checked against ``charter``; :class:`UsageError` when it does not fit.
    ``look_turned`` also looks for logos turned sideways or upside down in images (about four times
    the time; see :data:`logo_check.pipeline.LOOKED_TURNS`)."""
    if channel not in charter.channels:
        raise UsageError("unknown_channel", value=channel, known=", ".join(charter.channels))
    if category is not None and category not in charter.categories:
        raise UsageError("unknown_category", value=category, known=", ".join(charter.categories))
    return Context(channel=channel, category=category, date=parse_date(date), look_turned=bool(look_turned))


def parse_date(value: dt.date | str | None) -> dt.date | None:
    """A date given as :class:`datetime.date` (a datetime keeps its date) or ``YYYY-MM-DD``."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise UsageError("bad_date", value=value)


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Files named and files found under folders named (sorted, hidden entries skipped), each once.

    A path that does not exist is kept: scanning it reports it as not found. A sub-folder that
    cannot be listed is kept too, and reported as unreadable.
    """
    out: list[str] = []
    seen: set[str] = set()
    for path in paths:
        given = os.fspath(path)
        items = _walk(given) if os.path.isdir(given) else [given]
        for item in items:
            if item not in seen:
                seen.add(item)
                out.append(item)
    return out


def _walk(folder: str) -> list[str]:
    found: list[str] = []

    def unreadable(error: OSError) -> None:
        found.append(error.filename)

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [os.path.join(root, f) for f in files if not f.startswith(".")]
    return sorted(found)


def _scan_file_in_worker(
    item: tuple[int, str], ctx: Context, charter_path: str, evidence: bool, limits: Limits
) -> tuple[int, list[DocumentReport]]:
    from .pipeline import scan_file

    n, path = item
    return n, scan_file(path, ctx, load_charter(charter_path), evidence, limits)


def _crashed_file(scan: _FileScan, item: tuple[int, str]) -> tuple[int, list[DocumentReport]]:
    """The report of a file whose scan killed its worker process, again when scanned alone: its
    bytes' hash and kind when they can be read, and the error ``check_crashed``."""
    import hashlib

    from .errors import UnreadableInputError
    from .ingest import read_bytes, sniff
    from .pipeline import report_kind, unreadable_document

    n, path = item
    try:
        data = read_bytes(path, scan.limits)
    except UnreadableInputError:
        sha256, kind = None, "image"
    else:
        sha256, kind = hashlib.sha256(data).hexdigest(), report_kind(sniff(data))
    return n, [unreadable_document(path, sha256, scan.ctx, UnreadableInputError("check_crashed"), kind)]


def _progress(items: Iterable[Any], total: int, show: bool) -> Iterator[Any]:
    if not show:
        yield from items
        return
    import sys

    from tqdm import tqdm

    yield from tqdm(items, total=total, file=sys.stderr, unit="doc", leave=False)


def box_iou(a: Sequence[float], b: Sequence[float]) -> float:
    """Intersection over union of two (x0, y0, x1, y1) boxes (0 for empty boxes): how much two
    instances overlap, as the engine measures it when it merges a PDF page's instances."""
    from .pipeline import box_iou as iou

    return iou(a, b)


def _array_page(array: Any) -> Page:
    import numpy as np

    if not (isinstance(array, np.ndarray) and array.dtype == np.uint8 and array.ndim == 3 and array.shape[2] == 3):
        if isinstance(array, np.ndarray):
            raise UsageError("bad_array", dtype=array.dtype, shape=array.shape)
        raise UsageError("bad_source", kind=type(array).__name__)
    if array.shape[0] == 0 or array.shape[1] == 0:
        raise UsageError("bad_array", dtype=array.dtype, shape=array.shape)
    return Page(index=0, image=np.ascontiguousarray(array))


__all__ = ["box_iou", "check_document", "check_image", "expand_paths", "make_context", "parse_date", "scan_paths"]
