"""resume_state: the resume file of a scan (``--resume STATE``), JSON lines appended one by one.

The first line names the kind of scan (:data:`CRAWL_FORMAT`, a crawl's images; :data:`FILES_FORMAT`,
files and folders) and the settings the results depend on (charter, channel, category, declared
date, logo-check version); each further line is one finished item: its key (the SHA-256 of the
image's or the file's bytes) and its result: for a crawl, the image's document as in the JSON
report; for files, the file's documents. A line is written with a single ``write`` on a file
opened for appending, then flushed to disk, so an interruption (Ctrl-C, a kill, a crash) leaves at
worst one incomplete last line, which the next run drops. A state made with other settings is
refused rather than mixed in.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .errors import UsageError
from .i18n import LibraryReason

CRAWL_FORMAT = "logo-check/crawl-state"
FILES_FORMAT = "logo-check/files-state"
FORMAT_VERSION = 1


class ResumeState:
    """Finished items of earlier runs (``done``), and the file new ones are appended to."""

    def __init__(self, path: str | os.PathLike[str], settings: dict[str, Any], format_name: str = CRAWL_FORMAT) -> None:
        self.path = Path(path)
        self.settings = settings
        self.format = format_name
        self.done: dict[str, dict[str, Any]] = {}
        good_end = self._load()
        try:
            self.fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            if good_end is not None:
                os.truncate(self.path, good_end)  # drop an incomplete last line
            if not good_end:
                self._write({"format": self.format, "version": FORMAT_VERSION, "settings": settings})
        except OSError as exc:
            raise UsageError("resume_unreadable", path=self.path, reason=LibraryReason.of(exc)) from None

    def _load(self) -> int | None:
        """Read the file if it exists; the offset just after its last complete line (None: no file)."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise UsageError("resume_unreadable", path=self.path, reason=LibraryReason.of(exc)) from None
        end = 0
        for line in data.splitlines(keepends=True):
            if not line.endswith(b"\n"):
                break
            try:
                entry = json.loads(line)
            except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes
                if end == 0:  # a complete first line that is not ours: never overwrite the file
                    raise UsageError("resume_not_ours", path=self.path, format=self.format) from None
                break
            if end == 0:
                if not isinstance(entry, dict) or entry.get("format") != self.format:
                    raise UsageError("resume_not_ours", path=self.path, format=self.format)
                if entry.get("settings") != self.settings:
                    raise UsageError(
                        "resume_mismatch", path=self.path, detail=_difference(entry.get("settings"), self.settings)
                    )
            elif (
                isinstance(entry, dict)
                and isinstance(entry.get("key"), str)
                and isinstance(entry.get("document"), dict)
            ):
                self.done[entry["key"]] = entry["document"]
            else:
                break
            end += len(line)
        return end

    def record(self, key: str, document: dict[str, Any]) -> None:
        """Append one finished item."""
        self._write({"key": key, "document": document})

    def _write(self, entry: dict[str, Any]) -> None:
        line = (json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        os.write(self.fd, line)
        os.fsync(self.fd)

    def close(self) -> None:
        os.close(self.fd)


def _difference(old: Any, new: dict[str, Any]) -> str:
    if not isinstance(old, dict):
        return "?"
    keys = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    return ", ".join(f"{k}: {old.get(k)!r} ≠ {new.get(k)!r}" for k in keys)
