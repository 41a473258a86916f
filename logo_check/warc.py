"""warc: stream the captures of a web archive (WARC 1.0/1.1, plain or gzip), one record at a time.

Only what a site scan needs comes out: each ``response`` (and ``resource``) record as a
:class:`Capture` holding the HTTP payload, decoded from its transfer and content encodings by
warcio, and each ``revisit`` record as a :class:`Revisit` naming the earlier capture it repeats.
Nothing is kept between records, so memory stays bounded whatever the archive's size.

A crawler that loads each page in a browser (Browsertrix, ArchiveWeb.page) records what the page
loaded as it ran, its scripts' doing included: each record it writes for a page carries the page's
``WARC-Page-ID`` (:attr:`Capture.page_id`), and a ``resource`` record ``urn:pageinfo:<page URL>``
lists every URL the page loaded with its type, whether it was captured for this page or an earlier
one. Such a record comes out as a :class:`PageLoads`: the images and stylesheets the page loaded.

Limits (SPEC §7, :class:`~logo_check.limits.Limits`): a record whose block is larger than
``max_warc_record_bytes`` is skipped unread, and a payload that decompresses to more than
``max_warc_payload_bytes`` (a gzip bomb) is dropped; both become a :class:`RecordProblem` with the
record's offset, and the archive goes on. A file that is not a WARC, or whose records stop parsing
(a truncated record, a wrong ``Content-Length``), ends with a :class:`RecordProblem` at the offset
where reading failed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import io
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from .i18n import LibraryReason
from .limits import DEFAULT_LIMITS, Limits

#: How many bytes of a file are looked at to tell a WARC from anything else.
_SNIFF_BYTES = 64
#: Most URLs kept from one page's list of loads (``urn:pageinfo:``): a page showing more images
#: than that is not a partner's page, and the crawl keeps each page's list until the end.
MAX_PAGE_LOADS = 5000
#: The target URI of a browser crawler's record of what a page loaded, before the page's URL.
PAGE_INFO_PREFIX = "urn:pageinfo:"
_DRAIN_BYTES = 1 << 16


@dataclass
class Capture:
    """One captured resource: a ``response`` (HTTP) or ``resource`` record, payload decoded."""

    url: str
    date: dt.date | None  # WARC-Date, the capture's day
    offset: int  # of the record in the (compressed) file
    status: int | None  # HTTP status; None for resource records
    content_type: str  # lower-case media type without parameters ("" when not given)
    location: str | None  # the Location header of a redirect
    payload: bytes
    payload_digest: str | None  # WARC-Payload-Digest as written ("sha1:...")
    charset: str | None = None  # the charset parameter of the Content-Type, lower case
    page_id: str | None = None  # WARC-Page-ID: the page loaded in a browser when this was captured


@dataclass
class PageLoads:
    """What one page loaded in a browser crawler (a ``urn:pageinfo:`` record): the URLs of the
    images and of the stylesheets it loaded, successfully, in the order listed."""

    url: str  # the page's
    date: dt.date | None
    offset: int
    page_id: str | None
    images: list[str]
    stylesheets: list[str]


@dataclass
class Revisit:
    """A ``revisit`` record: the same payload as an earlier capture, not stored again."""

    url: str
    date: dt.date | None
    offset: int
    refers_to_url: str | None
    refers_to_date: str | None  # WARC-Refers-To-Date as written
    payload_digest: str | None
    status: int | None = None
    location: str | None = None
    page_id: str | None = None


@dataclass
class RecordProblem:
    """A record, or the rest of the archive, that could not be read; ``code`` is stable."""

    offset: int
    code: str  # warc_not_warc, warc_unreadable, warc_record_too_large, warc_payload_too_large, ...
    params: dict[str, object] = field(default_factory=dict)
    fatal: bool = False  # reading this archive stopped here


WarcEvent = Capture | Revisit | PageLoads | RecordProblem
_READ_ERRORS = (OSError, EOFError, ValueError, zlib.error, gzip.BadGzipFile)


def is_warc(path: str | os.PathLike[str]) -> bool:
    """True when the file's bytes start like a WARC record (plain or gzip), whatever its name."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES * 64)
    except OSError:
        return False
    return looks_like_warc(head)


def looks_like_warc(head: bytes) -> bool:
    """True when ``head`` (the first bytes of a file) starts a WARC record, plain or gzip."""
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, _SNIFF_BYTES)
        except zlib.error:
            return False
    return head.lstrip(b"\r\n")[:6] in (b"WARC/1", b"WARC/0")


#: What warcio writes on stderr when a record is not followed by its blank lines (a wrong
#: ``Content-Length``); anything else it writes there is a stream it could not decompress.
_WRONG_LENGTH_WARNING = "Record not followed by newline"


def read_warc(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> Iterator[WarcEvent]:
    """The captures, revisits and problems of the archive at ``path``, in file order.

    warcio raises its own exceptions for a record whose header does not parse (a gzip member
    corrupted in the middle of an archive decompresses to junk), and writes on stderr what it
    cannot decompress: both become problems of the archive, at the record's offset, and never
    reach the user's terminal or stop the run."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    read_errors = (*_READ_ERRORS, ArchiveLoadFailed, StatusAndHeadersParserException)
    # moving to the next record is warcio's code alone, which fails on some malformed headers
    # with errors of its own making (a missing header line: ``None.startswith``)
    next_errors = (*read_errors, AttributeError, TypeError, IndexError, KeyError)

    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed in the finally below, after the generator ends)
    except OSError as exc:
        yield RecordProblem(0, "warc_unreadable", {"reason": exc.strerror or exc}, fatal=True)
        return
    try:
        head = handle.read(_SNIFF_BYTES * 64)
        if not looks_like_warc(head):
            yield RecordProblem(0, "warc_not_warc", fatal=True)
            return
        handle.seek(0)
        iterator = ArchiveIterator(handle, check_digests=False)
        records = iter(iterator)
        offset = 0
        while True:
            warnings = io.StringIO()
            try:
                # warcio reports a record not followed by its blank lines (a wrong Content-Length) on
                # stderr while moving to the next record: caught here and reported as a problem
                with contextlib.redirect_stderr(warnings):
                    record = next(records)
            except StopIteration:
                return
            except next_errors as exc:
                yield RecordProblem(
                    _safe_offset(iterator, offset), "warc_unreadable", {"reason": LibraryReason.of(exc)}, True
                )
                return
            finally:
                if warnings.getvalue():
                    yield _warned(offset, warnings.getvalue())
            offset = _safe_offset(iterator, offset)  # where this record starts (before it is read)
            warnings = io.StringIO()
            try:
                with contextlib.redirect_stderr(warnings):  # a payload warcio cannot decompress
                    event = _event(record, offset, limits)
            except read_errors as exc:
                yield RecordProblem(offset, "warc_unreadable", {"reason": LibraryReason.of(exc)}, True)
                return
            if warnings.getvalue():
                yield _warned(offset, warnings.getvalue())
            if event is not None:
                yield event
                if isinstance(event, RecordProblem) and event.fatal:
                    return
    finally:
        handle.close()


def _warned(offset: int, text: str) -> RecordProblem:
    """What warcio wrote on stderr about the record at ``offset``, as a problem of the archive."""
    code = "warc_bad_length" if _WRONG_LENGTH_WARNING in text else "warc_unreadable"
    return RecordProblem(offset, code, {"reason": LibraryReason.first_line(text)})


def _event(record, offset: int, limits: Limits) -> WarcEvent | None:
    kind = record.rec_type
    if kind not in ("response", "resource", "revisit"):
        return None
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI") or ""
    date = _date(headers.get_header("WARC-Date"))
    digest = headers.get_header("WARC-Payload-Digest")
    page_id = headers.get_header("WARC-Page-ID") or None
    http = record.http_headers if kind != "resource" else None
    status = _status(http)
    location = http.get_header("Location") if http is not None else None
    if kind == "revisit":
        return Revisit(
            url=url,
            date=date,
            offset=offset,
            refers_to_url=headers.get_header("WARC-Refers-To-Target-URI"),
            refers_to_date=headers.get_header("WARC-Refers-To-Date"),
            payload_digest=digest,
            status=status,
            location=location,
            page_id=page_id,
        )
    length = int(record.length or 0)
    if length > limits.max_warc_record_bytes:
        return RecordProblem(offset, "warc_record_too_large", {"size": length, "limit": limits.max_warc_record_bytes})
    payload = record.content_stream().read(limits.max_warc_payload_bytes + 1)
    if len(payload) > limits.max_warc_payload_bytes:
        return RecordProblem(offset, "warc_payload_too_large", {"limit": limits.max_warc_payload_bytes})
    # the file ended inside the record: fewer bytes than its Content-Length announced
    raw = record.raw_stream
    while raw.read(_DRAIN_BYTES):
        pass
    missing = getattr(raw, "limit", 0)
    if isinstance(missing, int) and missing > 0:
        return RecordProblem(offset, "warc_truncated", {"missing": missing, "size": length}, fatal=True)
    if kind == "resource" and url.startswith(PAGE_INFO_PREFIX):
        return page_loads(payload, url[len(PAGE_INFO_PREFIX) :], date, offset, page_id)
    if http is not None:
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = headers.get_header("Content-Type") or ""
    return Capture(
        url=url,
        date=date,
        offset=offset,
        status=status,
        content_type=content_type.split(";", 1)[0].strip().lower(),
        location=location,
        payload=payload,
        payload_digest=digest,
        charset=_charset(content_type),
        page_id=page_id,
    )


def page_loads(
    payload: bytes, url: str, date: dt.date | None, offset: int, page_id: str | None
) -> PageLoads | RecordProblem:
    """A ``urn:pageinfo:`` record's JSON (``{"pageid", "url", "urls": {URL: {"status", "mime",
    "type"}}}``) as the images and stylesheets the page loaded with a 2xx status (or none given),
    at most :data:`MAX_PAGE_LOADS`; a :class:`RecordProblem` (``warc_page_loads_unreadable``)
    when it is not such JSON."""
    import json

    try:
        info = json.loads(payload)
        urls = info["urls"]
        if not isinstance(urls, dict):
            raise TypeError("urls is not an object")
    except (ValueError, TypeError, KeyError, RecursionError) as exc:  # RecursionError: nested too deep
        return RecordProblem(offset, "warc_page_loads_unreadable", {"reason": LibraryReason.of(exc)})
    images: list[str] = []
    stylesheets: list[str] = []
    for target, load in list(urls.items())[:MAX_PAGE_LOADS]:
        load = load if isinstance(load, dict) else {}
        status, kind, mime = load.get("status"), str(load.get("type", "")).lower(), str(load.get("mime", "")).lower()
        if isinstance(status, int) and not 200 <= status < 300:
            continue
        if kind == "image" or (not kind and mime.startswith("image/")):
            images.append(target)
        elif kind == "stylesheet" or (not kind and mime == "text/css"):
            stylesheets.append(target)
    own = info.get("pageid")
    return PageLoads(
        url=str(info.get("url") or url),
        date=date,
        offset=offset,
        page_id=own if isinstance(own, str) and own else page_id,
        images=images,
        stylesheets=stylesheets,
    )


def _charset(content_type: str) -> str | None:
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'").lower()
    return None


def _status(http) -> int | None:
    if http is None:
        return None
    try:
        return int(http.get_statuscode())
    except (TypeError, ValueError):
        return None


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _safe_offset(iterator, fallback: int) -> int:
    try:
        return int(iterator.offset)
    except (AttributeError, TypeError, ValueError):
        return fallback
