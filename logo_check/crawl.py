"""crawl: scan crawled sites from web archives (WARC), image by image and page by page.

The archives are read once, record by record (:mod:`logo_check.warc`), in this process: HTML pages
give the link graph and the images each page shows (:mod:`logo_check.links`), with those a browser
crawler recorded the page loading (``urn:pageinfo:`` records and ``WARC-Page-ID``:
``_Scan.loads``, its scripts' images); stylesheets give the images of their ``url()``; image
responses (PNG, JPEG, GIF, WebP, BMP, TIFF, SVG) and the pages' inline SVGs and ``data:`` images
become work items. Each distinct image (the SHA-256 of its bytes)
is checked once, however many pages show it, by :func:`check_item` — here, in worker processes or on
a Dask cluster (:mod:`logo_check.crawl_run`), with at most a few items in flight so memory stays
bounded; the image bytes are dropped once checked.

Unless a date is declared, each use of an image is judged at its own date, while the image is
measured once: the worker checks it without a date and the date's part of the policy
(:func:`logo_check.policy.date_findings`, ``expired_use``) is applied here, per image and date
(:meth:`_Scan.document_at`). A page captured several times shows its latest capture's content
(:class:`PageRecord`), its images judged at that capture's date; the image's own document at the
latest date it was in use (captured itself, or shown by a captured page, an earlier content of a
page included), so a use past the end of the right of use is flagged however early the first
capture was.

:func:`scan_archives` returns a :class:`CrawlResult`: the report of SPEC §4 (one document per
distinct image, plus one per archive that had problems) and the per-site view
(:mod:`logo_check.site_report`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from . import __version__
from .charter import Charter
from .errors import UnreadableInputError, UsageError
from .i18n import LibraryReason
from .limits import DEFAULT_LIMITS, Limits
from .links import (
    MAX_CSS_IMPORT_DEPTH,
    css_urls,
    decode_data_url,
    decode_html,
    host_of,
    looks_like_html,
    normalise_url,
    parse_page,
    standalone_svg,
)
from .model import Context, Finding
from .report import DocumentReport, InputError, Report, document_from_dict, document_to_dict
from .site_graph import LinkGraph
from .warc import MAX_PAGE_LOADS

if TYPE_CHECKING:
    from .site_report import SiteReport


_HTML_TYPES = ("text/html", "application/xhtml+xml")
_KEY = "sha256:"


@dataclass(frozen=True)
class ImageItem:
    """One distinct image to check: its bytes (dropped once checked) and where it was first seen."""

    key: str  # SHA-256 of ``data``
    source: str  # URL of the first capture (``page#svg-N`` for inline SVG, ``page#data-N`` for data:)
    data: bytes


@dataclass
class PageContent:
    """What one capture of a page shows: its images and stylesheets, the denomination in its text."""

    refs: list[str]  # image URLs, or "sha256:<key>" for inline SVGs and data: images
    stylesheets: list[str]
    text_findings: list[Finding]  # the denomination in the page's text (denomination_altered)
    refused_svgs: int = 0
    # the WARC-Page-ID of the capture made by loading the page in a browser crawler: what it
    # loaded (:attr:`_Scan.loads`), its scripts' doing included, is shown too
    page_id: str | None = field(default=None, compare=False)


@dataclass
class PageRecord:
    """One captured HTML page: where, when, what it shows; no bytes are kept.

    A page captured several times shows the content of its latest capture (``content``); a content
    a capture of another date replaced is kept in ``earlier`` with the date of its own latest
    capture, so that the images it showed are still dated by their use."""

    url: str
    host: str
    date: dt.date | None  # of its earliest capture
    archive: str
    offset: int
    content: PageContent
    captures: int = 1
    last_date: dt.date | None = None  # of its latest capture (``date`` when captured once)
    earlier: list[tuple[dt.date | None, PageContent]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.last_date is None:
            self.last_date = self.date

    def captured_again(
        self, date: dt.date | None, content: PageContent | None = None, page_id: str | None = None
    ) -> None:
        """Another capture, at ``date``, showing ``content`` (None: the same as the latest, a
        revisit, loaded as the browser page ``page_id``). A different content replaces the page's
        when this capture is not older than its latest one; the older of the two is kept in
        ``earlier``. The same markup loaded by a browser again is another content: its scripts
        may have loaded other images."""
        if content is None:
            content = dataclasses.replace(self.content, page_id=page_id) if page_id else self.content
        if content != self.content or content.page_id != self.content.page_id:
            if self.last_date is None or date is None or date >= self.last_date:
                self.earlier.append((self.last_date, self.content))
                self.content = content
            else:
                self.earlier.append((date, content))
        self.captures += 1
        self.last_date = _latest(self.last_date, date)
        if date is not None and (self.date is None or date < self.date):
            self.date = date  # archives need not be read in date order


@dataclass
class CrawlStats:
    archives: int = 0
    records: int = 0  # responses and revisits read
    pages: int = 0
    images: int = 0  # distinct images (work items)
    resumed: int = 0  # of which taken from the resume state
    revisits: int = 0
    revisits_resolved: int = 0


@dataclass
class CrawlResult:
    """A crawl scan: the report (SPEC §4) and the per-site view."""

    report: Report
    sites: list[SiteReport]
    stats: CrawlStats
    catalogue_url: str | None = None
    site_rules_checked: bool = True
    images_by_key: dict[str, DocumentReport] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from .site_report import crawl_section, site_to_dict

        out = self.report.to_dict()
        out["crawl"] = crawl_section(self)
        out["sites"] = [site_to_dict(s) for s in self.sites]
        return out

    def to_json(self, indent: int | None = 2) -> str:
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


def check_item(
    item: ImageItem,
    channel: str,
    category: str | None,
    date: dt.date | None,
    charter_path: str,
    limits: Limits = DEFAULT_LIMITS,
    look_turned: bool = False,
    evidence: bool = False,
):
    """Check one image; (its key, its document as in the JSON report, its pictures). Runs in any
    worker.

    ``date`` is the declared date; without one the image is judged without a date, each of its
    uses being dated afterwards (:meth:`_Scan.document_at`). ``look_turned`` also looks for logos
    turned sideways or upside down (``Context.look_turned``). With ``evidence``, the pictures of
    an image in which the logo was found (:func:`logo_check.site_pictures.pictures_of`), else None."""
    from .charter import load_charter
    from .pipeline import scan_bytes
    from .site_pictures import pictures_of

    charter = load_charter(charter_path)
    ctx = Context(channel=channel, category=category, date=date, look_turned=look_turned)
    # an SVG is told from its bytes and rendered within the limits, as any SVG file is (ingest)
    document = scan_bytes(item.data, item.source, ctx, charter, evidence=evidence, limits=limits)
    pictures = pictures_of(document) if evidence else None
    return item.key, document_to_dict(document, note_keys=True), pictures


def crashed_item(ctx: Context, item: ImageItem):
    """The result of an item whose check killed the process running it (a crash inside a native
    decoder, :mod:`logo_check.crawl_run`): a document with the error ``check_crashed``, as
    :func:`check_item` gives its results."""
    from .pipeline import unreadable_document

    document = unreadable_document(item.source, item.key, ctx, UnreadableInputError("check_crashed"))
    return item.key, document_to_dict(document, note_keys=True), None


def settings_of(charter: Charter, ctx: Context, limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """What an item's result depends on besides its bytes (the resume state is only valid for these)."""
    return {
        "charter": [charter.id, charter.version],
        "channel": ctx.channel,
        "category": ctx.category,
        "date": ctx.date.isoformat() if ctx.date else None,
        "look_turned": ctx.look_turned,
        "limits": dataclasses.asdict(limits),
        "logo_check": __version__,
    }


def scan_archives(
    archives: Iterable[str | os.PathLike[str]],
    ctx: Context,
    charter: Charter,
    *,
    workers: int = 1,
    resume: str | os.PathLike[str] | None = None,
    dask_scheduler: Any = None,
    catalogue_url: str | None = None,
    progress: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    pictures: str | os.PathLike[str] | None = None,
) -> CrawlResult:
    """Scan the web archives into one :class:`CrawlResult` (see the module's docstring).

    ``workers`` > 1 checks images in that many processes; ``dask_scheduler`` (an address such as
    ``tcp://host:8786``, or a ``distributed.Client``) sends them to a Dask cluster instead.
    ``resume`` names a state file: items finished by an earlier run with the same settings are
    not checked again, and each item finished now is added to it. ``pictures`` names a folder
    where the evidence pictures of each image in which the logo is found are written as its
    check finishes (:mod:`logo_check.site_pictures`); :class:`UsageError` ``cannot_write`` when
    they cannot be.
    """
    from .crawl_run import DaskRunner, InlineRunner, PoolRunner
    from .resume_state import CRAWL_FORMAT, ResumeState

    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise UsageError("bad_workers", value=workers)
    paths = [os.fspath(p) for p in archives]
    args = (ctx.channel, ctx.category, ctx.date, str(charter.path), limits, ctx.look_turned, pictures is not None)
    state = ResumeState(resume, settings_of(charter, ctx, limits), CRAWL_FORMAT) if resume is not None else None
    crashed = functools.partial(crashed_item, ctx)
    try:
        if dask_scheduler is not None:
            runner: Any = DaskRunner(dask_scheduler, check_item, *args, on_crash=crashed)
        elif workers > 1:
            runner = PoolRunner(workers, check_item, *args, on_crash=crashed)
        else:
            runner = InlineRunner(check_item, *args)
    except BaseException:
        if state is not None:
            state.close()
        raise
    scan = _Scan(charter, ctx, runner, state, _progress_bar(paths, progress), limits, pictures)
    cancel = True
    try:
        for path in paths:
            scan.read_archive(path)
        scan.drain()
        cancel = False
    finally:
        runner.close(cancel=cancel)
        scan.bar.close()
        if state is not None:
            state.close()
    return scan.result(catalogue_url)


class _Scan:
    """The state of one crawl scan while its archives stream through."""

    def __init__(
        self,
        charter: Charter,
        ctx: Context,
        runner: Any,
        state: Any,
        bar: Any,
        limits: Limits,
        pictures: str | os.PathLike[str] | None = None,
    ) -> None:
        self.charter = charter
        self.pictures = pictures
        self.limits = limits
        self.ctx = ctx
        self.runner = runner
        self.state = state
        self.bar = bar
        self.graph = LinkGraph()
        self.pages: dict[str, PageRecord] = {}
        self.images: dict[str, str] = {}  # url → image key
        self.styles: dict[str, tuple[list[str], list[str]]] = {}  # url → (images, imports)
        self.digests: dict[str, str] = {}  # WARC-Payload-Digest → url of its first capture
        # WARC-Page-ID → the images and stylesheets that browser page loaded (URLs, each once)
        self.loads: dict[str, tuple[dict[str, None], dict[str, None]]] = {}
        self.order: list[str] = []  # image keys in order of first sight
        self.seen: set[str] = set()
        self.results: dict[str, dict[str, Any]] = {}
        self.image_dates: dict[str, dt.date] = {}  # image key → latest capture date of the image
        self.judged: dict[tuple[str, dt.date | None], DocumentReport] = {}  # (key, date of use) → document
        self.archive_docs: list[DocumentReport] = []
        self.stats = CrawlStats()

    # -- reading ----------------------------------------------------------------------------
    def read_archive(self, path: str) -> None:
        """Read a web archive, or a mirrored folder (:mod:`logo_check.mirror`)."""
        from .mirror import is_zip_mirror, mirror_aliases, read_mirror, read_zip_mirror
        from .warc import Capture, PageLoads, RecordProblem, read_warc

        self.stats.archives += 1
        errors: list[InputError] = []
        position = 0
        if os.path.isdir(path):
            mirrored, events = True, read_mirror(path, self.limits)
        elif is_zip_mirror(path):
            mirrored, events = True, read_zip_mirror(path, self.limits)
        else:
            mirrored, events = False, read_warc(path, self.limits)
        for event in events:
            if isinstance(event, RecordProblem):
                params = {"offset": event.offset, **event.params}
                errors.append(InputError(event.code, UnreadableInputError(event.code, **params).messages()))
                continue
            self.stats.records += 1
            self.bar.update(max(0, event.offset - position))
            position = max(position, event.offset)
            if isinstance(event, Capture):
                if mirrored:  # the URLs a mirrored file also answers to (https, index.html)
                    for alias in mirror_aliases(event.url):
                        self.graph.add_redirect(alias, event.url)
                self.capture(event, path)
            elif isinstance(event, PageLoads):
                if event.page_id:
                    self.loaded(event.page_id, event.images, event.stylesheets)
            else:
                self.revisit(event, path, errors)
        self.bar.update(max(0, _size(path) - position) if not mirrored else 0)
        if errors:
            # the archive itself, as a document: where it could not be read (review: nothing says it is clean)
            self.archive_docs.append(
                DocumentReport(
                    path, None, "archive", self.ctx.channel, self.ctx.category, self.ctx.date, "review", errors=errors
                )
            )

    def capture(self, event: Any, archive: str) -> None:
        url = normalise_url(event.url)
        if event.payload_digest:
            self.digests.setdefault(event.payload_digest, url)
        status = event.status
        if status is not None and 300 <= status < 400 and event.location:
            self.graph.add_redirect(url, normalise_url(urljoin(url, event.location)))
            return
        if status is not None and not 200 <= status < 300:
            return
        data, kind = event.payload, event.content_type
        page_id = getattr(event, "page_id", None)
        if kind in _HTML_TYPES or (not kind.startswith("image/") and looks_like_html(data)):
            html = decode_html(data, getattr(event, "charset", None))
            self.page(url, html, event.date, archive, event.offset, page_id)
        elif kind == "text/css":
            self.styles.setdefault(url, css_urls(data.decode("utf-8", "replace"), url))
            if page_id:
                self.loaded(page_id, [], [url])
        else:
            from .ingest import is_image
            from .svg_raster import looks_like_svg

            if kind.startswith("image/") or is_image(data) or looks_like_svg(data):
                self.images[url] = self.offer(data, url, event.date)
                if page_id:
                    self.loaded(page_id, [url], [])

    def loaded(self, page_id: str, images: list[str], stylesheets: list[str]) -> None:
        """The browser page ``page_id`` loaded these images and stylesheets (URLs)."""
        shown, sheets = self.loads.setdefault(page_id, ({}, {}))
        for url in images[: MAX_PAGE_LOADS - len(shown)]:
            shown[normalise_url(url)] = None
        for url in stylesheets[: MAX_PAGE_LOADS - len(sheets)]:
            sheets[normalise_url(url)] = None

    def revisit(self, event: Any, archive: str, errors: list[InputError]) -> None:
        self.stats.revisits += 1
        url = normalise_url(event.url)
        source = None
        if event.refers_to_url:
            referred = normalise_url(event.refers_to_url)
            if referred in self.pages or referred in self.images or referred in self.styles:
                source = referred
        if source is None and event.payload_digest:
            source = self.digests.get(event.payload_digest)
        if source is None:
            params = {"offset": event.offset, "url": url}
            code = "warc_revisit_unresolved"
            errors.append(InputError(code, UnreadableInputError(code, **params).messages()))
            return
        self.stats.revisits_resolved += 1
        if source in self.pages:
            first = self.pages[source]
            if url in self.pages:
                self.pages[url].captured_again(event.date, page_id=event.page_id)
            else:
                self.pages[url] = PageRecord(url, host_of(url), event.date, archive, event.offset, first.content)
                self.graph.add_page(url, list(self.graph.links.get(source, [])))
                self.stats.pages += 1
        elif source in self.images:
            self.images.setdefault(url, self.images[source])
            self._dated(self.images[source], event.date)  # the image captured again (unchanged)
            if event.page_id:
                self.loaded(event.page_id, [url], [])
        elif source in self.styles:
            self.styles.setdefault(url, self.styles[source])
            if event.page_id:
                self.loaded(event.page_id, [], [url])

    def page(
        self, url: str, html: str, date: dt.date | None, archive: str, offset: int, page_id: str | None = None
    ) -> None:
        parsed = parse_page(html, url)
        refs = []
        for image in [*parsed.images, *parsed.lazy_images]:
            if image.lower().startswith("data:"):
                payload = decode_data_url(image)
                if payload is not None:
                    refs.append(_KEY + self.offer(payload, f"{url}#data-{len(refs)}", date))
            else:
                refs.append(image)
        for n, svg_text in enumerate(parsed.inline_svgs):
            refs.append(_KEY + self.offer(standalone_svg(svg_text), f"{url}#svg-{n}", date))
        findings = page_text_findings(parsed.text, self.ctx, self.charter)
        content = PageContent(refs, parsed.stylesheets, findings, parsed.refused_svgs, page_id)
        self.graph.add_page(url, parsed.links)
        if url in self.pages:
            self.pages[url].captured_again(date, content)
            return
        self.pages[url] = PageRecord(url, host_of(url), date, archive, offset, content)
        self.stats.pages += 1

    # -- checking -------------------------------------------------------------------------------
    def offer(self, data: bytes, source: str, date: dt.date | None) -> str:
        """The image's key; checks it unless it was already seen (or is in the resume state)."""
        key = hashlib.sha256(data).hexdigest()
        self._dated(key, date)
        if key in self.seen:
            return key
        self.seen.add(key)
        self.order.append(key)
        self.stats.images += 1
        stored = self.state.done.get(key) if self.state is not None else None
        # a result is reused for the same bytes judged at the same date: the declared one, else none
        # (the state's settings match)
        if stored is not None and stored.get("date") == (self.ctx.date.isoformat() if self.ctx.date else None):
            self.results[key] = {**stored, "source": source}
            self.stats.resumed += 1
            return key
        while self.runner.pending >= self.runner.window:
            self.collect(wait=True)
        self.runner.submit(ImageItem(key, source, data))
        self.collect(wait=False)
        return key

    def collect(self, wait: bool) -> None:
        for key, document, pictures in self.runner.finished(wait):
            self.results[key] = document
            if pictures is not None and self.pictures is not None:
                self._write_pictures(key, pictures)
            if self.state is not None:
                self.state.record(key, document)
            self.bar.set_postfix_str(f"{len(self.results)} images", refresh=False)

    def _write_pictures(self, key: str, pictures: Any) -> None:
        from .site_pictures import write_pictures

        assert self.pictures is not None
        try:
            write_pictures(self.pictures, key, pictures)
        except OSError as exc:
            raise UsageError("cannot_write", path=self.pictures, reason=LibraryReason.of(exc)) from None

    def drain(self) -> None:
        while self.runner.pending:
            self.collect(wait=True)

    def _dated(self, key: str, date: dt.date | None) -> None:
        """The image ``key`` was captured on ``date``."""
        latest = _latest(self.image_dates.get(key), date)
        if latest is not None:
            self.image_dates[key] = latest

    # -- result -----------------------------------------------------------------------------------
    def document_at(self, key: str, date: dt.date | None) -> DocumentReport:
        """The document of image ``key`` judged at the date of one of its uses: its instances get the
        findings of that date (``expired_use`` past the right of use) and the verdicts they give.
        With a declared date, the image was already judged at it, whatever the use."""
        from .policy import document_verdict, judged_at

        if self.ctx.date is not None:
            date = self.ctx.date
        if (key, date) not in self.judged:
            document = document_from_dict(self.results[key])
            if self.ctx.date is None:
                document.date = date
                for page in document.pages:
                    for instance in page.instances:
                        instance.findings, instance.verdict = judged_at(
                            instance.findings, instance.verdict, date, self.charter
                        )
                if any(page.instances for page in document.pages):
                    verdicts = [i.verdict for page in document.pages for i in page.instances]
                    document.verdict = document_verdict(verdicts, had_pages=True)
            self.judged[(key, date)] = document
        return self.judged[(key, date)]

    def last_uses(self) -> dict[str, dt.date | None]:
        """Each image's latest date of use: its own latest capture, or that of a page showing it."""
        latest: dict[str, dt.date | None] = {key: self.image_dates.get(key) for key in self.order}
        for record in self.pages.values():
            uses = [(record.last_date, record.content), *record.earlier]
            for date, content in uses:
                for key in self.content_images(content)[0]:
                    latest[key] = _latest(latest.get(key), date)
        return latest

    def result(self, catalogue_url: str | None) -> CrawlResult:
        from .site_report import build_sites

        last_uses = self.last_uses()
        documents = {key: self.document_at(key, last_uses[key]) for key in self.order}
        report = Report(self.charter.id, self.charter.version, [*documents.values(), *self.archive_docs])
        sites = build_sites(self, catalogue_url)
        return CrawlResult(
            report=report,
            sites=sites,
            stats=self.stats,
            catalogue_url=catalogue_url,
            site_rules_checked=self.charter.site_rules is not None,
            images_by_key=documents,
        )

    def page_images(self, page: PageRecord) -> tuple[list[str], int]:
        """The keys of the images ``page`` shows (its latest capture: each once, in order) and how
        many were not captured."""
        return self.content_images(page.content)

    def content_images(self, content: PageContent) -> tuple[list[str], int]:
        """The keys of the images ``content`` shows (each once, in order) and how many were not captured."""
        refs, sheets = dict.fromkeys(content.refs), dict.fromkeys(content.stylesheets)
        if content.page_id is not None:  # what the page loaded in a browser crawler, scripts' doing included
            shown, loaded_sheets = self.loads.get(content.page_id, ({}, {}))
            refs.update(shown)
            sheets.update(loaded_sheets)
        keys: list[str] = []
        missing = 0
        for ref in refs:
            if ref.startswith(_KEY):
                keys.append(ref[len(_KEY) :])
            else:
                key = self.images.get(self.graph.resolve(ref))
                if key is None:
                    missing += 1
                else:
                    keys.append(key)
        for sheet in sheets:
            found, lost = self._style_images(sheet, 0)
            keys += found
            missing += lost
        return list(dict.fromkeys(keys)), missing

    def _style_images(self, url: str, depth: int) -> tuple[list[str], int]:
        style = self.styles.get(self.graph.resolve(url))
        if style is None or depth > MAX_CSS_IMPORT_DEPTH:
            return [], 0
        images, imports = style
        keys, missing = [], 0
        for image in images:
            key = self.images.get(self.graph.resolve(image))
            if key is None:
                missing += 1
            else:
                keys.append(key)
        for sheet in imports:
            found, lost = self._style_images(sheet, depth + 1)
            keys += found
            missing += lost
        return keys, missing


def _latest(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return b if a is None else a if b is None else max(a, b)


def page_text_findings(text: str, ctx: Context, charter: Charter) -> list[Finding]:
    """The findings about the denomination in a page's visible text (``denomination_altered`` for
    each altered copy), as for the text of any document (:mod:`logo_check.denomination`)."""
    from .denomination import find_denomination
    from .policy import judge_text

    return judge_text(find_denomination(text, charter), ctx, charter, text_only=False)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def set_postfix_str(self, text: str, refresh: bool = True) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(paths: list[str], show: bool) -> Any:
    """A bar over the archives' bytes (so its estimate of the time left is real), with the images
    checked so far and their rate in its postfix."""
    if not show:
        return _NoBar()
    import sys

    from tqdm import tqdm

    return _ItemsBar(tqdm(total=sum(_size(p) for p in paths), unit="B", unit_scale=True, file=sys.stderr, leave=False))


class _ItemsBar:
    """tqdm over bytes, with images/s shown beside the byte rate."""

    def __init__(self, bar: Any) -> None:
        import time

        self.bar = bar
        self.start = time.monotonic()
        self.items = 0

    def update(self, n: int) -> None:
        self.bar.update(n)

    def set_postfix_str(self, text: str, refresh: bool = True) -> None:
        import time

        self.items += 1
        rate = self.items / max(1e-6, time.monotonic() - self.start)
        self.bar.set_postfix_str(f"{text}, {rate:.1f} images/s", refresh=refresh)

    def close(self) -> None:
        self.bar.close()
