"""mirror: a crawl saved as a folder (``wget --mirror`` and the like), read as captures.

A mirrored folder holds one sub-folder per host (``www.example.fr/``, ``www.example.fr:8080/``) with
the site's files at their URL paths; ``index.html`` stands for a folder's own URL (``/about/`` is
``about/index.html``). :func:`is_mirror` recognises such a folder: a sub-folder named like a host
name that holds an ``index.html`` or ``index.htm``. :func:`read_mirror` yields a
:class:`~logo_check.warc.Capture` per file, in sorted order, with what a folder can say: the URL
(``http://`` — a mirror does not keep the scheme), no capture date (a file's modification time is
the server's Last-Modified at best, not the day it was seen), the type from the name for
stylesheets and from the bytes for the rest. Files over the limit ``max_warc_payload_bytes``
are skipped with a :class:`~logo_check.warc.RecordProblem` (``mirror_file_too_large``).

The same layout inside a ZIP archive (a zipped mirror: ``www.example.fr/index.html`` among its
members) is recognised by :func:`is_zip_mirror` and read by :func:`read_zip_mirror`, member by
member within the archive limits of :mod:`logo_check.ingest_zip`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from urllib.parse import quote

from .limits import DEFAULT_LIMITS, Limits
from .warc import Capture, RecordProblem

_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]+(?::\d{1,5})?$", re.IGNORECASE)
_INDEX = ("index.html", "index.htm")


def is_mirror(folder: str | os.PathLike[str]) -> bool:
    """True when ``folder`` holds a mirrored site (see the module's docstring)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return False
    return any(e.is_dir() and _HOST.match(e.name) and _has_index(e.path) for e in entries)


def _has_index(path: str) -> bool:
    return any(os.path.isfile(os.path.join(path, name)) for name in _INDEX)


def mirror_url(host: str, relative: str) -> str:
    """The URL of the file ``relative`` (``/``-separated) under the host folder ``host``."""
    path = "/" + relative
    for name in _INDEX:
        if path.endswith("/" + name):
            path = path[: -len(name)]
    return f"http://{host.lower()}{quote(path, safe='/%?=&;:@!$,~+')}"


def mirror_aliases(url: str) -> list[str]:
    """The other URLs of a mirrored file: with https, and a folder's URL with its index file."""
    forms = [url]
    if url.endswith("/"):
        forms += [url + name for name in _INDEX]
    return [f for f in forms if f != url] + ["https://" + f[len("http://") :] for f in forms]


def is_zip_mirror(path: str | os.PathLike[str]) -> bool:
    """True when the file at ``path`` is a ZIP archive holding a mirrored site."""
    import zipfile

    try:
        with open(path, "rb") as handle:
            if not handle.read(4).startswith(b"PK\x03\x04"):
                return False
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return False
    return any(_zip_host_file(name) is not None and name.split("/", 1)[1] in _INDEX for name in names)


def _zip_host_file(name: str) -> tuple[str, str] | None:
    """(host, path under it) of a member in a host folder, else None."""
    host, _, relative = name.partition("/")
    if not relative or relative.endswith("/") or not _HOST.match(host):
        return None
    return host, relative


def read_zip_mirror(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> Iterator[Capture | RecordProblem]:
    """A capture per member of every host folder of the zipped mirror at ``path``; a member that
    cannot be read gives a :class:`~logo_check.warc.RecordProblem` with its archive error code."""
    from .errors import UnreadableInputError
    from .ingest import read_bytes
    from .ingest_zip import iter_members

    try:
        members = iter_members(read_bytes(path, limits), limits)
        for member in members:
            place = _zip_host_file(member.name)
            if member.error is not None:
                yield RecordProblem(0, member.error.code, {**member.error.params, "file": member.name})
                continue
            if place is None or member.data is None:
                continue
            host, relative = place
            yield _capture(host, relative, member.data)
    except UnreadableInputError as error:
        yield RecordProblem(0, error.code, dict(error.params))


def _capture(host: str, relative: str, payload: bytes) -> Capture:
    name = relative.rsplit("/", 1)[-1].lower()
    kind = "text/css" if name.endswith(".css") else ""
    if name.endswith((".html", ".htm")):
        kind = "text/html"
    return Capture(
        url=mirror_url(host, relative),
        date=None,
        offset=0,
        status=200,
        content_type=kind,
        location=None,
        payload=payload,
        payload_digest=None,
    )


def read_mirror(folder: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> Iterator[Capture | RecordProblem]:
    """A capture per file of every host folder of the mirror at ``folder``."""
    root = os.fspath(folder)
    for host in sorted(e.name for e in os.scandir(root) if e.is_dir() and _HOST.match(e.name)):
        base = os.path.join(root, host)
        for directory, dirs, files in os.walk(base):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(directory, name)
                relative = os.path.relpath(path, base).replace(os.sep, "/")
                try:
                    size = os.path.getsize(path)
                    if size > limits.max_warc_payload_bytes:
                        params = {"file": relative, "size": size, "limit": limits.max_warc_payload_bytes}
                        yield RecordProblem(0, "mirror_file_too_large", params)
                        continue
                    with open(path, "rb") as handle:
                        payload = handle.read()
                except OSError:
                    continue
                yield _capture(host, relative, payload)
