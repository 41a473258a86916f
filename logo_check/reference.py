"""Render the charter's master artwork at a requested size.

The master SVGs hold outlines only, so rendering needs no font. resvg (through ``resvg_py``) is
the renderer: it imports in milliseconds, renders without system fonts, and gives the same bytes
for the same arguments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .charter import Charter
from .errors import UsageError

if TYPE_CHECKING:
    import numpy as np

#: Largest artwork height accepted, in pixels; taller requests are treated as mistakes.
MAX_RENDER_HEIGHT = 20_000
#: Largest PNG rendering, in pixels (width × height): bounds memory to about 1 GiB of RGBA.
#: The artwork is about 5.6 times as wide as tall, so this allows heights up to about 6,600 px;
#: an SVG has no such limit.
MAX_RENDER_PIXELS = 250_000_000


def check_choice(charter: Charter, category: str, variant: str) -> None:
    """Raise :class:`UsageError` unless ``category`` and ``variant`` are in the charter."""
    if category not in charter.categories:
        raise UsageError("unknown_category", value=category, known=", ".join(charter.categories))
    if variant not in charter.variants:
        raise UsageError("unknown_variant", value=variant, known=", ".join(charter.variants))


def artwork_width(charter: Charter, height: int) -> int:
    """The width in pixels of the artwork rendered ``height`` pixels tall."""
    return max(1, round(height * charter.aspect_ratio))


def check_height(charter: Charter, height: int, raster: bool) -> None:
    if not 1 <= height <= MAX_RENDER_HEIGHT:
        raise UsageError("bad_height", value=height, limit=MAX_RENDER_HEIGHT)
    pixels = artwork_width(charter, height) * height
    if raster and pixels > MAX_RENDER_PIXELS:
        raise UsageError("too_many_pixels", pixels=pixels, limit=MAX_RENDER_PIXELS)


def artwork_svg(charter: Charter, category: str, variant: str, height: int | None = None) -> str:
    """The master SVG text; with ``height``, its width and height attributes set to that size."""
    check_choice(charter, category, variant)
    text = charter.artwork_path(category, variant).read_text(encoding="utf-8")
    if height is None:
        return text
    check_height(charter, height, raster=False)
    import re

    size = f'width="{artwork_width(charter, height)}" height="{height}"'
    return re.sub(r'width="[^"]*" height="[^"]*"', size, text, count=1)


def render_png(charter: Charter, category: str, variant: str, height: int, background: str | None = None) -> bytes:
    """PNG bytes of the artwork ``height`` pixels tall (transparent unless ``background``)."""
    check_choice(charter, category, variant)
    check_height(charter, height, raster=True)
    import resvg_py

    svg = artwork_svg(charter, category, variant, height)
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg,
            width=artwork_width(charter, height),
            height=height,
            background=background,
            skip_system_fonts=True,
        )
    )


def render_rgba(charter: Charter, category: str, variant: str, height: int) -> np.ndarray:
    """The artwork as an RGBA ``uint8`` array of shape (height, width, 4)."""
    import cv2
    import numpy as np

    data = render_png(charter, category, variant, height)
    bgra = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    return cv2.cvtColor(bgra, cv2.COLOR_BGRA2RGBA)
