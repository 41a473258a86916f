"""ingest: every image format to the same RGB pixels, and every kind of bad input to a clean error."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageCms

from logo_check import ingest
from logo_check.errors import ExitCode, UnreadableInputError
from logo_check.i18n import LibraryReason
from logo_check.ingest import MAX_IMAGE_PIXELS, read_bytes, read_image
from logo_check.limits import Limits
from logo_check.model import Note


def _pixels(seed: int = 0, size: tuple[int, int] = (48, 64)) -> np.ndarray:
    """Flat colour blocks with a few gradients: compresses well, survives JPEG at quality 100."""
    rng = np.random.default_rng(seed)
    blocks = rng.integers(0, 256, (size[0] // 8, size[1] // 8, 3), dtype=np.uint8)
    return np.kron(blocks, np.ones((8, 8, 1), dtype=np.uint8))


def _encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def _one_page(data: bytes, name: str = "x") -> np.ndarray:
    pages = read_image(data, name)
    assert len(pages) == 1
    page = pages[0]
    assert page.image.dtype == np.uint8 and page.image.ndim == 3 and page.image.shape[2] == 3
    assert page.unit == "px" and page.unit_per_pixel == 1.0 and page.index == 0
    return page.image


@pytest.mark.parametrize(
    ("fmt", "options"),
    [
        ("PNG", {}),
        ("BMP", {}),
        ("TIFF", {}),
        ("TIFF", {"compression": "tiff_lzw"}),
        ("WEBP", {"lossless": True}),
    ],
)
def test_lossless_formats_round_trip(fmt: str, options: dict[str, object]) -> None:
    pixels = _pixels()
    assert np.array_equal(_one_page(_encode(Image.fromarray(pixels), fmt, **options)), pixels)


def test_jpeg_gives_the_pixels_pillow_decodes() -> None:
    data = _encode(Image.fromarray(_pixels()), "JPEG", quality=100, subsampling=0)
    expected = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    got = _one_page(data)
    assert np.array_equal(got, expected)
    assert np.abs(got.astype(int) - _pixels()).mean() < 2


def test_gif_first_frame() -> None:
    palette_image = Image.fromarray(_pixels()).quantize(16)
    first = np.asarray(palette_image.convert("RGB"))
    second = Image.fromarray(255 - first).quantize(16)
    data = _encode(palette_image, "GIF", save_all=True, append_images=[second])
    assert np.array_equal(_one_page(data), first)


def test_tiff_first_page() -> None:
    first, second = _pixels(1), _pixels(2)
    data = _encode(Image.fromarray(first), "TIFF", save_all=True, append_images=[Image.fromarray(second)])
    assert np.array_equal(_one_page(data), first)


def test_grey_and_palette_images_become_rgb() -> None:
    grey = _pixels()[..., 0]
    got = _one_page(_encode(Image.fromarray(grey), "PNG"))
    assert np.array_equal(got, np.stack([grey] * 3, axis=2))
    palette = Image.fromarray(_pixels()).quantize(16)
    assert np.array_equal(_one_page(_encode(palette, "PNG")), np.asarray(palette.convert("RGB")))
    sixteen = Image.fromarray(grey.astype(np.uint16) * 257)
    assert sixteen.mode.startswith("I;16")
    assert np.array_equal(_one_page(_encode(sixteen, "PNG")), np.stack([grey] * 3, axis=2))


def test_format_comes_from_the_bytes_not_the_name() -> None:
    pixels = _pixels()
    assert np.array_equal(_one_page(_encode(Image.fromarray(pixels), "PNG"), "photo.jpg"), pixels)


def test_alpha_is_composited_on_white() -> None:
    rgba = np.zeros((16, 16, 4), dtype=np.uint8)
    rgba[..., 0] = 200  # red channel
    rgba[:8, :, 3] = 255  # top half opaque, bottom half transparent
    rgba[8:12, :, 3] = 128  # then half transparent
    pages = read_image(_encode(Image.fromarray(rgba, "RGBA"), "PNG"), "a.png")
    image = pages[0].image
    assert tuple(image[0, 0]) == (200, 0, 0)
    assert tuple(image[15, 15]) == (255, 255, 255)
    assert abs(int(image[9, 0, 1]) - 127) <= 1 and abs(int(image[9, 0, 0]) - 228) <= 1
    assert Note("alpha_on_white") in pages[0].notes
    assert [note.text("fr") for note in pages[0].notes] == ["format PNG", "transparence posée sur du blanc"]


def test_a_transparent_image_whose_outline_is_white_is_laid_on_dark_grey() -> None:
    # white letters on transparency (a reversed logo's wordmark): on white they would vanish
    rgba = np.zeros((40, 120, 4), dtype=np.uint8)
    for x in range(10, 110, 12):
        rgba[10:30, x : x + 6] = (255, 255, 255, 255)
    pages = read_image(_encode(Image.fromarray(rgba, "RGBA"), "PNG"), "a.png")
    assert tuple(pages[0].image[0, 0]) == ingest.DARK_GROUND[:3]
    assert tuple(pages[0].image[20, 12]) == (255, 255, 255)
    assert Note("alpha_on_dark") in pages[0].notes and Note("alpha_on_white") not in pages[0].notes
    assert "gris sombre" in pages[0].notes[-1].text("fr") and "dark grey" in pages[0].notes[-1].text("en")
    # the same bars in blue, with a white core (the colour logo's @ in its disc): on white
    rgba[10:30, :, :3] = np.where(rgba[10:30, :, 3:4] > 0, (0, 85, 164), 0)
    for x in range(10, 110, 12):
        rgba[14:26, x + 2 : x + 4, :3] = 255
    pages = read_image(_encode(Image.fromarray(rgba, "RGBA"), "PNG"), "b.png")
    assert tuple(pages[0].image[0, 0]) == (255, 255, 255) and Note("alpha_on_white") in pages[0].notes
    # a white plate with transparent rounded corners holding a blue disc: its white edge is a
    # ground spanning the image, not strokes
    plate = np.zeros((60, 160, 4), dtype=np.uint8)
    plate[4:-4, :] = plate[:, 4:-4] = (255, 255, 255, 255)
    plate[15:45, 20:50] = (0, 85, 164, 255)
    pages = read_image(_encode(Image.fromarray(plate, "RGBA"), "PNG"), "c.png")
    assert tuple(pages[0].image[0, 0]) == (255, 255, 255) and Note("alpha_on_white") in pages[0].notes


def test_opaque_alpha_leaves_no_note() -> None:
    rgba = np.full((8, 8, 4), 255, dtype=np.uint8)
    pages = read_image(_encode(Image.fromarray(rgba, "RGBA"), "PNG"), "a.png")
    assert Note("alpha_on_white") not in pages[0].notes


def test_exif_orientation_is_applied() -> None:
    pixels = _pixels(size=(16, 32))  # 16 tall, 32 wide
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: rotate 90° clockwise to view
    data = _encode(Image.fromarray(pixels), "PNG", exif=exif)
    pages = read_image(data, "rotated.png")
    assert pages[0].image.shape == (32, 16, 3)
    assert np.array_equal(pages[0].image, np.rot90(pixels, k=-1))
    assert Note.of("exif_orientation", orientation="6") in pages[0].notes
    assert "EXIF orientation 6 applied" in [str(note) for note in pages[0].notes]


def test_embedded_icc_profile_converts_to_srgb() -> None:
    pixels = _pixels()
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    pages = read_image(_encode(Image.fromarray(pixels), "PNG", icc_profile=icc), "icc.png")
    assert np.abs(pages[0].image.astype(int) - pixels).max() <= 2
    assert "RGB converted to sRGB with the embedded ICC profile" in [str(note) for note in pages[0].notes]


def test_cmyk_jpeg_becomes_rgb() -> None:
    pixels = _pixels()
    cmyk = Image.fromarray(pixels).convert("CMYK")
    image = _one_page(_encode(cmyk, "JPEG", quality=100))
    assert np.abs(image.astype(int) - pixels).mean() < 4


def test_broken_icc_profile_is_ignored_with_a_note() -> None:
    pixels = _pixels()
    pages = read_image(_encode(Image.fromarray(pixels), "PNG", icc_profile=b"not a profile"), "x.png")
    assert np.array_equal(pages[0].image, pixels)
    assert any(note.key == "icc_profile_ignored" for note in pages[0].notes)
    assert any(note.text("fr").startswith("profil ICC intégré ignoré (") for note in pages[0].notes)


def _error(data: bytes) -> UnreadableInputError:
    with pytest.raises(UnreadableInputError) as info:
        read_image(data, "bad")
    error = info.value
    assert error.exit_code == ExitCode.UNREADABLE_INPUT
    messages = error.messages()
    assert set(messages) == {"fr", "en"} and messages["fr"] != messages["en"]
    return error


def test_empty_file() -> None:
    assert _error(b"").code == "empty_file"


def test_not_an_image() -> None:
    error = _error(b"%PDF-1.4 this is no image\n" * 10)
    assert error.code == "unknown_format" and "PNG" in error.render("en")


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated(fmt: str) -> None:
    data = _encode(Image.fromarray(_pixels(size=(256, 256))), fmt)
    error = _error(data[: len(data) // 2])
    assert error.code == "truncated"
    # Pillow's reason is English: the French message gives it in French, the English one as is
    assert "fichier image tronqué" in error.render("fr") and "truncated" not in error.render("fr")
    assert "image file is truncated" in error.render("en")


def test_a_library_reason_is_never_bare_english_in_french() -> None:
    known = LibraryReason("image file is truncated (130 bytes not processed)")
    assert known.text("fr") == "fichier image tronqué (130 octets non lus)" and str(known) == known.message
    assert LibraryReason.of(FileNotFoundError(2, "No such file or directory")).text("fr") == (
        "fichier ou dossier introuvable"
    )
    unknown = LibraryReason("some new failure")
    assert unknown.text("fr") == "message en anglais : « some new failure »"
    assert unknown.text("en") == "some new failure"


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` × ``height`` pixels, with one tiny IDAT chunk."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (100_000, 100_000),  # Pillow refuses it itself (over twice its limit)
        (12_000, 9_000),  # Pillow would only warn: an error here
    ],
)
def test_too_many_pixels_before_decoding(width: int, height: int) -> None:
    assert width * height > MAX_IMAGE_PIXELS
    error = _error(_png_header(width, height))
    assert error.code == "too_many_pixels" and f"{MAX_IMAGE_PIXELS:,}" in error.render("en")
    assert f"{MAX_IMAGE_PIXELS:,}".replace(",", "\u202f") in error.render("fr")  # thousands grouped


def test_under_the_limit_a_lying_header_is_truncated_without_warning() -> None:
    # 95 million pixels: under logo-check's limit, over Pillow's warning threshold.
    assert _error(_png_header(10_000, 9_500)).code == "truncated"


def test_file_size_limit(tmp_path: Path) -> None:
    small = Limits(max_file_bytes=100)
    data = _encode(Image.fromarray(_pixels()), "PNG")
    with pytest.raises(UnreadableInputError) as info:
        read_image(data, "x", small)
    assert info.value.code == "too_large"
    path = tmp_path / "big.png"
    path.write_bytes(data)
    with pytest.raises(UnreadableInputError) as info:
        read_bytes(path, small)
    assert info.value.code == "too_large"


def test_read_bytes_errors(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInputError) as info:
        read_bytes(tmp_path / "none.png")
    assert info.value.code == "not_found" and info.value.render("fr") == "fichier introuvable"
    with pytest.raises(UnreadableInputError) as info:
        read_bytes(tmp_path)
    assert info.value.code == "unreadable"


def test_every_reading_note_has_its_message_in_both_languages() -> None:
    """Each note the readers write (``Note.of("key", ...)``) has a French and an English message
    with the same parameters, and only the notes the readers write have one."""
    import re
    import string

    from logo_check.i18n import MESSAGES

    source = "".join(p.read_text(encoding="utf-8") for p in (Path(__file__).parent.parent / "logo_check").glob("*.py"))
    written = set(re.findall(r'Note\.of\("(\w+)"', source))
    assert {"alpha_on_white", "exif_orientation", "pdf_rendered", "html_page"} <= written
    assert written == {key.removeprefix("note_") for key in MESSAGES if key.startswith("note_")}
    for key in written:
        fr, en = (MESSAGES[f"note_{key}"][lang] for lang in ("fr", "en"))
        assert {f for _, f, _, _ in string.Formatter().parse(fr) if f} == {
            f for _, f, _, _ in string.Formatter().parse(en) if f
        }, key
