"""ingest: turn an input file's bytes into RGB pages.

Images (PNG, JPEG, WebP, BMP, GIF, TIFF) are recognised from their bytes, never from their name.
The pixel count is checked from the header before anything is decoded; alpha is composited on
white, the EXIF orientation applied, and colours converted to sRGB through the embedded ICC profile
when there is one (CMYK without a profile gets Pillow's plain conversion). Whatever cannot be read
raises :class:`~logo_check.errors.UnreadableInputError` with a stable code.
"""

from __future__ import annotations

import io
import os
import struct
import warnings
import zlib
from typing import TYPE_CHECKING

from .errors import UnreadableInputError
from .model import Page

if TYPE_CHECKING:
    from PIL import Image, ImageCms

#: Largest file read, in bytes.
MAX_FILE_BYTES = 200 * 1024 * 1024
#: Largest image decoded, in pixels (width × height): about 300 MiB as RGB, the size of a 600 dpi
#: A3 scan. Checked from the header, before decoding. Pillow itself only warns below twice its own
#: limit (about 179 million pixels); here it is an error.
MAX_IMAGE_PIXELS = 100_000_000
#: The formats read, as Pillow names them; the bytes decide, not the file name.
IMAGE_FORMATS = ("PNG", "JPEG", "WEBP", "BMP", "GIF", "TIFF")

_EXIF_ORIENTATION = 0x0112
_DECODE_ERRORS = (OSError, SyntaxError, EOFError, ValueError, struct.error, zlib.error, IndexError)


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of the file at ``path``, refusing files over :data:`MAX_FILE_BYTES` before reading."""
    try:
        size = os.stat(path).st_size
        if size > MAX_FILE_BYTES:
            raise UnreadableInputError("too_large", size=size, limit=MAX_FILE_BYTES)
        with open(path, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise UnreadableInputError("not_found") from None
    except OSError as exc:
        raise UnreadableInputError("unreadable", reason=exc.strerror or exc) from None


def read_image(data: bytes, name: str) -> list[Page]:
    """The pages of an image file: one page (the first frame of a GIF, the first page of a TIFF).

    ``name`` is only used in messages; the format comes from the bytes.
    """
    from PIL import Image, ImageOps

    if not data:
        raise UnreadableInputError("empty_file")
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableInputError("too_large", size=len(data), limit=MAX_FILE_BYTES)
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            im = Image.open(io.BytesIO(data), formats=IMAGE_FORMATS)
        except Image.DecompressionBombError:
            raise UnreadableInputError("too_many_pixels", limit=MAX_IMAGE_PIXELS) from None
        except Image.UnidentifiedImageError:
            raise UnreadableInputError("unknown_format", known=", ".join(IMAGE_FORMATS)) from None
        except _DECODE_ERRORS as exc:
            raise UnreadableInputError("truncated", reason=_reason(exc)) from None
        with im:
            width, height = im.size
            if width * height > MAX_IMAGE_PIXELS:
                raise UnreadableInputError("too_many_pixels", limit=MAX_IMAGE_PIXELS)
            try:
                im.load()
                icc = im.info.get("icc_profile")
                orientation = im.getexif().get(_EXIF_ORIENTATION, 1)
                oriented = ImageOps.exif_transpose(im)
                if orientation not in (None, 1):
                    notes.append(f"EXIF orientation {orientation} applied")
                rgb = _to_srgb(oriented, icc, notes)
            except _DECODE_ERRORS as exc:
                raise UnreadableInputError("truncated", reason=_reason(exc)) from None
            fmt = im.format
    notes += sorted(
        {f"decoder: {w.message}" for w in caught if not issubclass(w.category, Image.DecompressionBombWarning)}
    )
    import numpy as np

    image = np.array(rgb, dtype=np.uint8)
    if fmt:
        notes.insert(0, f"format {fmt}")
    return [Page(index=0, image=image, notes=notes)]


def _reason(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def _to_srgb(im: Image.Image, icc: bytes | None, notes: list[str]) -> Image.Image:
    """``im`` as 8-bit sRGB RGB, alpha composited on white."""
    from PIL import Image

    im = _to_8bit(im, notes)
    has_alpha = "A" in im.getbands() or "a" in im.getbands() or "transparency" in im.info
    alpha = None
    if has_alpha:
        rgba = im.convert("RGBA")
        alpha = rgba.getchannel("A")
        base = im.convert("L") if im.mode in ("L", "LA", "La") else rgba.convert("RGB")
    else:
        base = im
    if base.mode not in ("L", "RGB", "CMYK"):
        base = base.convert("RGB")
    if icc:
        base = _apply_profile(base, icc, notes)
    if base.mode == "CMYK":
        notes.append("CMYK converted without an ICC profile")
    rgb = base.convert("RGB")
    if alpha is not None and alpha.getextrema()[0] < 255:
        white = Image.new("RGBA", rgb.size, (255, 255, 255, 255))
        rgb.putalpha(alpha)
        rgb = Image.alpha_composite(white, rgb).convert("RGB")
        notes.append("alpha composited on white")
    return rgb


def _to_8bit(im: Image.Image, notes: list[str]) -> Image.Image:
    """16-bit and float greys (PNG, TIFF) brought to 8-bit L."""
    if im.mode not in ("I", "F") and not im.mode.startswith("I;16"):
        return im
    import numpy as np
    from PIL import Image

    values = np.asarray(im, dtype=np.float64)
    scale = 1.0 if im.mode == "F" else 257.0  # 16-bit range to 8-bit
    notes.append(f"{im.mode} grey reduced to 8 bits")
    return Image.fromarray(np.clip(np.rint(values / scale), 0, 255).astype(np.uint8), "L")


def _apply_profile(base: Image.Image, icc: bytes, notes: list[str]) -> Image.Image:
    """``base`` converted from its embedded ICC profile to sRGB; unchanged (with a note) when the
    profile cannot be used."""
    from PIL import ImageCms

    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(base, source, _srgb_profile(), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as exc:
        notes.append(f"embedded ICC profile ignored ({_reason(exc)})")
        return base
    if converted is None:  # only with inPlace=True; keeps the type checker honest
        return base
    notes.append(f"{base.mode} converted to sRGB with the embedded ICC profile")
    return converted


_SRGB: ImageCms.ImageCmsProfile | None = None


def _srgb_profile() -> ImageCms.ImageCmsProfile:
    """The sRGB profile, built once per process."""
    global _SRGB
    if _SRGB is None:
        from PIL import ImageCms

        _SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    return _SRGB
