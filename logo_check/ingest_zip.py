"""ingest for ZIP archives: each member is a document of its own, read in memory within limits.

Nothing is ever extracted to disk, so a member name cannot write anywhere; names are still
checked (absolute paths, ``..``, drive letters, control characters, excessive length), and
symbolic links, encrypted members and archives inside the archive are refused, each with its
own error. Sizes are checked against the header and again while reading, since headers can lie:
a member's uncompressed bytes may not exceed :attr:`~logo_check.limits.Limits.max_compression_ratio`
times its compressed size, and the whole archive's not
:attr:`~logo_check.limits.Limits.max_uncompressed_bytes`.
"""

from __future__ import annotations

import io
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from .errors import UnreadableInputError
from .i18n import LibraryReason
from .limits import DEFAULT_LIMITS, Limits

_CHUNK = 1024 * 1024
#: Members this small compress badly and are never bombs; the ratio test starts above.
_RATIO_FLOOR_BYTES = 64 * 1024


@dataclass
class Member:
    """One member of an archive: its bytes, or why they were not read."""

    name: str
    data: bytes | None
    error: UnreadableInputError | None = None


def iter_members(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Iterator[Member]:
    """The file members of the ZIP archive ``data``, in archive order (folders skipped).

    Raises :class:`UnreadableInputError` ``not_a_zip`` when the archive itself cannot be read;
    a member that cannot be read is yielded with its error, and the others still are.
    """
    archive = _open(data)
    budget = limits.max_uncompressed_bytes
    with archive:
        files = [info for info in archive.infolist() if not info.is_dir()]
        for count, info in enumerate(files):
            name = info.filename
            if count >= limits.max_archive_members:
                yield Member("", None, UnreadableInputError("too_many_members", limit=limits.max_archive_members))
                return
            refusal = _refusal(info, limits)
            if refusal is not None:
                shown = _printable(name, limits) if refusal.code == "unsafe_member_name" else name
                yield Member(shown, None, refusal)
                continue
            if budget <= 0:
                yield Member(name, None, UnreadableInputError("archive_too_big", limit=limits.max_uncompressed_bytes))
                return
            try:
                content = _read_member(archive, info, limits, budget)
            except UnreadableInputError as error:
                yield Member(name, None, error)
                if error.code == "archive_too_big":
                    return
                continue
            budget -= len(content)
            yield Member(name, content)


def read_member(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> bytes | None:
    """The bytes of the member ``name`` of the ZIP archive ``data`` (a file an HTML page in the
    archive shows), read within the same limits as :func:`iter_members`; None when there is no
    such file. A member refused by those limits raises its :class:`UnreadableInputError`."""
    with _open(data) as archive:
        try:
            info = archive.getinfo(name)
        except KeyError:
            return None
        if info.is_dir():
            return None
        refusal = _refusal(info, limits)
        if refusal is not None:
            raise refusal
        return _read_member(archive, info, limits, limits.max_uncompressed_bytes)


def _open(data: bytes) -> zipfile.ZipFile:
    """The ZIP archive ``data``, its central directory read; ``not_a_zip`` when it cannot be."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableInputError("not_a_zip", reason=LibraryReason.of(exc)) from None


def _refusal(info: zipfile.ZipInfo, limits: Limits) -> UnreadableInputError | None:
    """Why a member is refused before it is read (an unsafe name, a symbolic link, encryption),
    or None."""
    problem = _name_problem(info.filename, limits)
    if problem:
        return UnreadableInputError("unsafe_member_name", reason=problem)
    if stat.S_ISLNK(info.external_attr >> 16):
        return UnreadableInputError("member_is_link")
    if info.flag_bits & 0x1:
        return UnreadableInputError("member_encrypted")
    return None


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, budget: int) -> bytes:
    ceiling = max(_RATIO_FLOOR_BYTES, int(info.compress_size * limits.max_compression_ratio))
    if info.file_size > ceiling:
        ratio = info.file_size / max(1, info.compress_size)
        raise UnreadableInputError("compression_ratio", ratio=round(ratio), limit=round(limits.max_compression_ratio))
    cap = min(ceiling, budget, limits.max_file_bytes)
    out = bytearray()
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                out += chunk
                if len(out) > cap:
                    if len(out) > budget:
                        raise UnreadableInputError("archive_too_big", limit=limits.max_uncompressed_bytes)
                    if len(out) > limits.max_file_bytes:
                        raise UnreadableInputError("too_large", size=len(out), limit=limits.max_file_bytes)
                    ratio = len(out) / max(1, info.compress_size)
                    raise UnreadableInputError(
                        "compression_ratio", ratio=round(ratio), limit=round(limits.max_compression_ratio)
                    )
    # a member whose deflate stream is damaged fails in zlib itself, not as a bad ZIP
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise UnreadableInputError("not_a_zip", reason=LibraryReason.of(exc)) from None
    return bytes(out)


def _name_problem(name: str, limits: Limits) -> str | None:
    """Why a member name is refused, or None when it is a plain relative path."""
    if len(name) > limits.max_member_name:
        return f"longer than {limits.max_member_name} characters"
    if any(ord(c) < 32 for c in name):
        return "control character"
    unified = name.replace("\\", "/")
    if unified.startswith("/") or (len(unified) > 1 and unified[1] == ":"):
        return "absolute path"
    if ".." in unified.split("/"):
        return "'..' in the path"
    return None


def _printable(name: str, limits: Limits) -> str:
    shown = "".join(c if ord(c) >= 32 else "?" for c in name)
    return shown[:200] + ("…" if len(shown) > 200 else "")
