"""svg_raster: SVG images found on web pages, rendered to PNG within limits, or refused.

An SVG from the web is hostile: it may be huge, declare entities (the "billion laughs"), point at
local files or remote resources, or ask for an enormous canvas. Before resvg (through ``resvg_py``)
renders it, the text must be under the limit ``max_svg_bytes``, declare no DTD or entity,
reference nothing outside itself (only ``#fragment`` and ``data:`` references) and nest its
elements no deeper than ``max_svg_depth`` (read by expat first: resvg crashes the process on
deeper ones); the rendering is
scaled to fit ``max_svg_side`` pixels (:class:`~logo_check.limits.Limits`). Whatever fails raises
:class:`~logo_check.errors.UnreadableInputError` with a stable code (``svg_refused`` or ``truncated``).
"""

from __future__ import annotations

import re

from .errors import UnreadableInputError
from .i18n import LibraryReason
from .limits import DEFAULT_LIMITS, Limits

#: Side used when the SVG declares no usable size.
DEFAULT_SVG_SIDE = 512

_ROOT = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE | re.DOTALL)
#: ``="12.5px"``; possessive after the number, so that a value of spaces not closed by a quote is
#: gone over once (two runs of ``\s*`` around ``(?:px)?`` took quadratic time on it)
_NUMBER = rb"\s*=\s*[\"']\s*([0-9.]+)\s*+(?:px\s*+)?[\"']"
_WIDTH = re.compile(rb"\swidth" + _NUMBER)
_HEIGHT = re.compile(rb"\sheight" + _NUMBER)
_VIEWBOX = re.compile(rb"\sviewBox\s*=\s*[\"']\s*[-0-9.]+[\s,]+[-0-9.]+[\s,]+([0-9.]+)[\s,]+([0-9.]+)\s*[\"']")
_REFERENCE = re.compile(rb"""(?:href|src)\s*=\s*["']\s*([^"'\s]*)""", re.IGNORECASE)
_CSS_URL = re.compile(rb"""url\(\s*["']?\s*([^"')\s]*)""", re.IGNORECASE)


def looks_like_svg(data: bytes) -> bool:
    """True when the bytes start (after an XML declaration, comments or a BOM) with an ``<svg`` root."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<svg") or (head.startswith((b"<?xml", b"<!--")) and b"<svg" in head)


def svg_to_png(data: bytes, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """PNG bytes of the SVG ``data`` rendered within the limits above, on white."""
    if len(data) > limits.max_svg_bytes:
        raise UnreadableInputError("too_large", size=len(data), limit=limits.max_svg_bytes)
    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        raise UnreadableInputError("svg_refused", reason="DTD / entity declaration")
    for pattern in (_REFERENCE, _CSS_URL):
        for match in pattern.finditer(data):
            target = match.group(1).lower()
            if target and not target.startswith((b"#", b"data:")):
                raise UnreadableInputError("svg_refused", reason=f"external reference {target[:80].decode('latin-1')}")
    _check_depth(data, limits.max_svg_depth)
    width, height = _size(data)
    scale = min(1.0, limits.max_svg_side / max(width, height))
    width, height = max(1, round(width * scale)), max(1, round(height * scale))
    import resvg_py

    try:
        text = data.decode("utf-8")
        png = resvg_py.svg_to_bytes(
            svg_string=text, width=width, height=height, background="#ffffff", skip_system_fonts=True
        )
    except (UnicodeDecodeError, ValueError) as exc:
        raise UnreadableInputError("truncated", reason=LibraryReason.of(exc)) from None
    return bytes(png)


class _TooDeepError(Exception):
    pass


def _check_depth(data: bytes, limit: int) -> None:
    """Refuse (``svg_refused``) an SVG whose elements nest deeper than ``limit``, and one that is
    not well-formed XML (``truncated``: resvg would refuse it too), read with expat (no DTD gets
    this far, see :func:`svg_to_png`)."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    depth = 0

    def start(_name: str, _attributes: object) -> None:
        nonlocal depth
        depth += 1
        if depth > limit:
            raise _TooDeepError

    def end(_name: str) -> None:
        nonlocal depth
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except _TooDeepError:
        raise UnreadableInputError("svg_refused", reason=f"elements nested deeper than {limit}") from None
    except expat.ExpatError as exc:
        raise UnreadableInputError("truncated", reason=LibraryReason.of(exc)) from None


def _size(data: bytes) -> tuple[float, float]:
    """The SVG's intended size in pixels, from its root's width/height or its viewBox."""
    root = _ROOT.search(data)
    if root is None:
        raise UnreadableInputError("truncated", reason="no <svg> root element")
    tag = root.group(0)
    width, height = _number(_WIDTH, tag), _number(_HEIGHT, tag)
    box = _VIEWBOX.search(tag)
    box_w, box_h = (float(box.group(1)), float(box.group(2))) if box else (None, None)
    if width and height:
        return width, height
    if box_w and box_h:
        if width:
            return width, width * box_h / box_w
        if height:
            return height * box_w / box_h, height
        return box_w, box_h
    return float(width or DEFAULT_SVG_SIDE), float(height or DEFAULT_SVG_SIDE)


def _number(pattern: re.Pattern[bytes], tag: bytes) -> float | None:
    match = pattern.search(tag)
    if not match:
        return None
    try:
        value = float(match.group(1))
    except ValueError:
        return None
    return value if value > 0 else None
