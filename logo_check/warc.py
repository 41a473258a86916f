"""warc: stream the captures of a web archive (WARC 1.0/1.1, plain or gzip), one record at a time.

Only what a site scan needs comes out: each ``response`` (and ``resource``) record as a
:class:`Capture` holding the HTTP payload, decoded from its transfer and content encodings by
warcio, and each ``revisit`` record as a :class:`Revisit` naming the earlier capture it repeats.
Nothing is kept between records, so memory stays bounded whatever the archive's size.

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


@dataclass
class RecordProblem:
    """A record, or the rest of the archive, that could not be read; ``code`` is stable."""

    offset: int
    code: str  # warc_not_warc, warc_unreadable, warc_record_too_large, warc_payload_too_large
    params: dict[str, object] = field(default_factory=dict)
    fatal: bool = False  # reading this archive stopped here


WarcEvent = Capture | Revisit | RecordProblem
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


def read_warc(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> Iterator[WarcEvent]:
    """The captures, revisits and problems of the archive at ``path``, in file order."""
    from warcio.archiveiterator import ArchiveIterator

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
            except _READ_ERRORS as exc:
                yield RecordProblem(
                    _safe_offset(iterator, offset), "warc_unreadable", {"reason": LibraryReason.of(exc)}, True
                )
                return
            finally:
                if warnings.getvalue():
                    yield RecordProblem(
                        offset, "warc_bad_length", {"reason": LibraryReason.first_line(warnings.getvalue())}
                    )
            offset = _safe_offset(iterator, offset)  # where this record starts (before it is read)
            try:
                event = _event(record, offset, limits)
            except _READ_ERRORS as exc:
                yield RecordProblem(offset, "warc_unreadable", {"reason": LibraryReason.of(exc)}, True)
                return
            if event is not None:
                yield event
                if isinstance(event, RecordProblem) and event.fatal:
                    return
    finally:
        handle.close()


def _event(record, offset: int, limits: Limits) -> WarcEvent | None:
    kind = record.rec_type
    if kind not in ("response", "resource", "revisit"):
        return None
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI") or ""
    date = _date(headers.get_header("WARC-Date"))
    digest = headers.get_header("WARC-Payload-Digest")
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
