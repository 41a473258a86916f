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
                kind = "text/css" if name.lower().endswith(".css") else ""
                if name.lower().endswith((".html", ".htm")):
                    kind = "text/html"
                yield Capture(
                    url=mirror_url(host, relative),
                    date=None,
                    offset=0,
                    status=200,
                    content_type=kind,
                    location=None,
                    payload=payload,
                    payload_digest=None,
                )
