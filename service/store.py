"""Content-addressed file store: every file is kept once, under its SHA-256, written atomically.

Files live in ``<data>/files/ab/cdef...`` outside any web root; the service serves them only
through routes that check who may see them. A write goes to a temporary file in the same folder,
is flushed and fsynced, then renamed into place (and the folder fsynced): a crash leaves either the
whole file or nothing.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO

_SHA = re.compile(r"^[0-9a-f]{64}$")


class TooLargeError(ValueError):
    """A stream longer than the limit given to :meth:`FileStore.put_stream`."""


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        if not _SHA.match(sha256):
            raise ValueError(f"not a SHA-256: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:]

    def put(self, data: bytes) -> str:
        """Store ``data`` (once) and return its SHA-256."""
        digest = hashlib.sha256(data).hexdigest()
        target = self.path(digest)
        if target.exists():
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(target.parent)
        return digest

    def put_stream(self, stream: BinaryIO, limit: int, chunk: int = 1 << 20) -> tuple[str, int]:
        """Store what ``stream`` holds, hashing it on the way (never all in memory); its SHA-256 and
        size. More than ``limit`` bytes raises :class:`TooLargeError` and stores nothing."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.root)
        try:
            with os.fdopen(fd, "wb") as handle:
                while block := stream.read(chunk):
                    size += len(block)
                    if size > limit:
                        raise TooLargeError(size)
                    digest.update(block)
                    handle.write(block)
                handle.flush()
                os.fsync(handle.fileno())
            sha = digest.hexdigest()
            target = self.path(sha)
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                Path(tmp).unlink()
            else:
                os.replace(tmp, target)
                _fsync_dir(target.parent)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha, size

    def read(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).exists()


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # not every platform opens folders
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
