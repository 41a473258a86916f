"""The master artwork: reproducible from the font, deterministic to render, and in agreement with
the element boxes and colours the charter declares. Images are rendered here from the master SVGs."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from logo_check.charter import Charter
from logo_check.reference import artwork_width, render_png, render_rgba

REPO = Path(__file__).resolve().parent.parent
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
HEIGHT = 400


def _near(rgba: np.ndarray, rgb: tuple[int, int, int], tol: int = 24) -> np.ndarray:
    """Opaque pixels within ``tol`` (per channel) of ``rgb``."""
    diff = np.abs(rgba[..., :3].astype(int) - np.array(rgb)).max(axis=2)
    return (diff <= tol) & (rgba[..., 3] == 255)


def _pixel_box(box: list[float], width: int, height: int, pad: float = 1.5) -> tuple[float, float, float, float]:
    return box[0] * width - pad, box[1] * height - pad, box[2] * width + pad, box[3] * height + pad


def _inside(mask: np.ndarray, box: tuple[float, float, float, float]) -> bool:
    ys, xs = np.nonzero(mask)
    return bool(len(xs)) and xs.min() >= box[0] and ys.min() >= box[1] and xs.max() < box[2] and ys.max() < box[3]


def _bbox(mask: np.ndarray) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(mask)
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


@pytest.mark.skipif(
    not FONT.is_file() or importlib.util.find_spec("fontTools") is None,
    reason="needs fonts-dejavu-core and fonttools (installed by .ci/run and make test)",
)
def test_master_svgs_are_reproduced_by_the_generator(tmp_path: Path) -> None:
    out = tmp_path / "artwork"
    subprocess.run(
        [sys.executable, str(REPO / "reference_assets" / "make_artwork.py"), "--font", str(FONT), "--out", str(out)],
        check=True,
    )
    committed = sorted((REPO / "reference_assets" / "artwork").glob("*.svg"))
    assert len(committed) == 12
    for path in committed:
        assert (out / path.name).read_bytes() == path.read_bytes(), path.name


def test_master_svgs_hold_no_text_or_font(charter: Charter) -> None:
    for category in charter.categories:
        for variant in charter.variants:
            svg = charter.artwork_path(category, variant).read_text(encoding="utf-8")
            assert "<text" not in svg and "font" not in svg


def test_rendering_is_deterministic(charter: Charter) -> None:
    first = render_png(charter, "offre_referencee", "colour", 200)
    second = render_png(charter, "offre_referencee", "colour", 200)
    assert first == second


@pytest.mark.parametrize("height", [16, 24, 40, 333, 1000, 4000])
def test_heights_render_with_the_right_size(charter: Charter, height: int) -> None:
    rgba = render_rgba(charter, "conseiller_tpe", "colour", height)
    assert rgba.shape == (height, artwork_width(charter, height), 4)
    assert rgba[..., 3].any()


def test_element_boxes_agree_with_pixels(charter: Charter) -> None:
    rgba = render_rgba(charter, "conseiller_tpe", "colour", HEIGHT)
    h, w = rgba.shape[:2]
    boxes = {name: _pixel_box(e.box.as_list(), w, h) for name, e in charter.elements.items()}
    mark_right = boxes["at_sign"][2]
    red = _near(rgba, charter.rgb("red"))
    blue = _near(rgba, charter.rgb("blue"))
    white = _near(rgba, charter.rgb("white"))
    columns = np.arange(w)[None, :]
    # the red of the arrow lies in the arrow box, the red of the band in the caption box
    assert _inside(red & (columns < mark_right), boxes["arrow"])
    assert _inside(red & (columns >= mark_right), boxes["caption"])
    # the blue disc in at_sign, the blue text in wordmark
    assert _inside(blue & (columns < mark_right), boxes["at_sign"])
    assert _inside(blue & (columns >= mark_right), boxes["wordmark"])
    # and the boxes are tight: their edges touch the pixels of their element
    tight = 3.0 + 2 * 0.02 * h  # the arrow box includes the white outline
    for mask, name, slack in (
        (blue & (columns >= mark_right), "wordmark", 3.0),
        (red & (columns >= mark_right), "caption", 3.0),
        (red & (columns < mark_right), "arrow", tight),
    ):
        found = _bbox(mask)
        assert all(abs(a - b) <= slack for a, b in zip(found, boxes[name], strict=True)), (name, found, boxes[name])
    # the white @ is inside the disc: white pixels of the mark that are not the arrow's outline
    ys, xs = np.nonzero(white & (columns < mark_right))
    arrow = boxes["arrow"]
    outside_arrow = ~((xs >= arrow[0]) & (xs < arrow[2]) & (ys >= arrow[1]) & (ys < arrow[3]))
    r = h / 2
    distance = np.hypot(xs[outside_arrow] + 0.5 - r, ys[outside_arrow] + 0.5 - r)
    assert len(distance) > 0.05 * h * h
    assert distance.max() < r


@pytest.mark.parametrize("variant", ["colour", "reversed", "mono"])
def test_every_variant_uses_only_its_palette(charter: Charter, variant: str) -> None:
    palette = np.array([charter.rgb(name) for name in charter.variants[variant].palette], float)
    for category in charter.categories:
        rgba = render_rgba(charter, category, variant, 120)
        opaque = rgba[..., 3] == 255
        pixels = rgba[..., :3][opaque].astype(float)
        # anti-aliasing blends two palette colours: each pixel lies near a segment between two
        # of them (or on one of them)
        best = np.full(len(pixels), np.inf)
        for i in range(len(palette)):
            for j in range(len(palette)):
                a, b = palette[i], palette[j]
                d = b - a
                t = np.clip(((pixels - a) @ d) / max(d @ d, 1e-9), 0, 1) if i != j else np.zeros(len(pixels))
                best = np.minimum(best, np.linalg.norm(pixels - (a + t[:, None] * d), axis=1))
        assert best.max() <= 12, (category, variant, best.max())
        exact = np.zeros(len(pixels), bool)
        for colour in palette:
            exact |= np.abs(pixels - colour).max(axis=1) <= 2
        assert exact.mean() > 0.85


def test_the_four_captions_render_different_bands(charter: Charter) -> None:
    caption = charter.elements["caption"].box
    bands, rests = [], []
    for category in charter.categories:
        rgba = render_rgba(charter, category, "colour", 100).astype(int)
        h, w = rgba.shape[:2]
        bands.append(rgba[int(caption.y0 * h) :, int(caption.x0 * w) :, :3])
        rests.append(rgba[: int(caption.y0 * h) - 1])
    # everything above the band is the same artwork; the bands differ pairwise
    assert all(np.array_equal(rest, rests[0]) for rest in rests)
    for i in range(len(bands)):
        for j in range(i + 1, len(bands)):
            assert np.abs(bands[i] - bands[j]).mean() > 5
