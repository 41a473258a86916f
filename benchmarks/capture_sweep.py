"""Clean logos through what a camera, a printer or an image editor does to a picture.

The corpus (``corpus.py``) photographs its brochures in white light, with at most a 6 % fall-off,
and never sharpens, screens or re-lights a picture. Pictures reviewers receive do all of that: a
page photographed under a lamp or in a dim room (its paper reads grey or yellow), a camera's or an
editor's sharpening (an unsharp mask leaves a dark and a light rim along every edge), a printed
page scanned with its halftone screen, a print's duller colours, a thumbnail resized without
filtering, a picture saved as JPEG once more. Each case here is the clean artwork on a page,
upright, at a mark height S, changed by one condition, then saved as JPEG 90 (as a camera or an
editor would), and scanned on the ``print`` channel with its category declared. Two grounds: the
colour variant on a light page of grey lines (``tests/scenes.py``) and the reversed variant on a
plain dark page. A cell gives the verdict and the violations (``compliant`` alone: none;
``none``: no logo found). A second table says what allowing for a condition costs: whether
additions drawn on the colour artwork (``ADDITIONS``) are still reported under a few conditions.
A third gives the overshoot verify reads at the artwork's lone edges on each case (how sharpened
the instance looks, ``Measurements.overshoot``), from which it allows for sharpening.

    python benchmarks/capture_sweep.py [--heights 40,64,80,160] [--workers 2]
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from parallel import run_all, sweep_arguments

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

HEIGHTS = (40.0, 64.0, 80.0, 160.0)
CATEGORY = "offre_referencee"
CHANNEL = "print"
#: The grounds: (name, variant, page colour or None for the page of grey lines).
GROUNDS = (("light page", "colour", None), ("dark page", "reversed", (28, 28, 28)))
JPEG_QUALITY = 90


def gains(image: np.ndarray, red: float, green: float, blue: float) -> np.ndarray:
    """Each channel scaled: the light's level and colour (a camera left at one white balance)."""
    scaled = image.astype(np.float32) * np.array([red, green, blue], np.float32)
    return np.clip(scaled + 0.5, 0, 255).astype(np.uint8)


def desaturated(image: np.ndarray, share: float) -> np.ndarray:
    """Each pixel moved ``share`` of the way to its grey: a print's duller gamut."""
    rgb = image.astype(np.float32)
    grey = rgb @ np.array([0.299, 0.587, 0.114], np.float32)
    return np.clip(rgb * (1 - share) + grey[..., None] * share + 0.5, 0, 255).astype(np.uint8)


def gamma(image: np.ndarray, power: float) -> np.ndarray:
    """A tone curve: each channel's 0..1 value raised to ``power``."""
    import cv2

    table = np.clip((np.arange(256) / 255.0) ** power * 255 + 0.5, 0, 255).astype(np.uint8)
    return cv2.LUT(image, table)


def fall_off(image: np.ndarray, depth: float) -> np.ndarray:
    """Light falling off from the left edge to the right by ``depth`` (0..1)."""
    ramp = np.linspace(1.0, 1.0 - depth, image.shape[1], dtype=np.float32)[None, :, None]
    return np.clip(image * ramp + 0.5, 0, 255).astype(np.uint8)


def unsharp(image: np.ndarray, amount: float, sigma: float) -> np.ndarray:
    """An unsharp mask: the image plus ``amount`` times its difference from a Gaussian blur."""
    import cv2

    blurred = cv2.GaussianBlur(image, (0, 0), sigma)
    return cv2.addWeighted(image, 1 + amount, blurred, -amount, 0)


#: Screen angles of the cyan, magenta and yellow halftone screens, in degrees: 15° and 75° as in
#: print, 45° for the third (0°, yellow's, falls on the pixel grid and samples too few of its
#: dot's thresholds for the coverage to follow the tone).
SCREEN_ANGLES = (15.0, 75.0, 45.0)


def halftoned(image: np.ndarray, cell: float) -> np.ndarray:
    """Printed with round-dot screens of ``cell`` px (cyan, magenta and yellow at ``SCREEN_ANGLES``;
    each dot covers its cell's share of ink, so the tone is kept on average), then scanned: a blur
    of a little under half a cell."""
    import cv2

    ink = 1.0 - image.astype(np.float32) / 255.0
    rows, cols = ink.shape[:2]
    ys, xs = np.mgrid[0:rows, 0:cols].astype(np.float32)
    # the spot function's values over one cell, sorted: a threshold's rank there is the ink share
    # under it, which makes the dots' coverage equal to the tone
    grid = np.linspace(0.0, 1.0, 128, endpoint=False)
    spots = np.sort(((np.cos(2 * np.pi * grid)[:, None] + np.cos(2 * np.pi * grid)[None, :]) / 4 + 0.5).ravel())
    printed = np.empty_like(ink)
    for channel, angle in enumerate(np.deg2rad(SCREEN_ANGLES)):
        u = (xs * np.cos(angle) + ys * np.sin(angle)) / cell
        v = (ys * np.cos(angle) - xs * np.sin(angle)) / cell
        spot = (np.cos(2 * np.pi * u) + np.cos(2 * np.pi * v)) / 4 + 0.5
        threshold = np.searchsorted(spots, spot) / spots.size
        printed[..., channel] = ink[..., channel] > threshold
    paper = ((1.0 - printed) * 255).astype(np.uint8)
    return cv2.GaussianBlur(paper, (0, 0), 0.45 * cell)


def jpeg_round_trip(image: np.ndarray, quality: int) -> np.ndarray:
    """Saved as JPEG at ``quality`` and read back: a picture saved once before (the case is then
    saved again at ``JPEG_QUALITY``)."""
    from PIL import Image

    out = io.BytesIO()
    Image.fromarray(image).save(out, "JPEG", quality=quality)
    return np.asarray(Image.open(io.BytesIO(out.getvalue())).convert("RGB"))


def nearest_half(image: np.ndarray) -> np.ndarray:
    """Resized to half without filtering (a thumbnail made by dropping pixels)."""
    return np.ascontiguousarray(image[::2, ::2])


#: The conditions, in the order printed: (name, what it does to the RGB page). A condition that
#: resizes the page resizes the mark with it (``nearest ×0.5`` halves S).
CONDITIONS: tuple[tuple[str, Callable[[np.ndarray], np.ndarray]], ...] = (
    ("as drawn", lambda im: im),
    ("exposure ×0.8", lambda im: gains(im, 0.8, 0.8, 0.8)),
    ("exposure ×0.7", lambda im: gains(im, 0.7, 0.7, 0.7)),
    ("exposure ×0.6", lambda im: gains(im, 0.6, 0.6, 0.6)),
    ("exposure ×0.5", lambda im: gains(im, 0.5, 0.5, 0.5)),
    ("exposure ×1.15", lambda im: gains(im, 1.15, 1.15, 1.15)),
    ("lamp 1/0.92/0.78", lambda im: gains(im, 1.0, 0.92, 0.78)),
    ("lamp 1/0.88/0.65", lambda im: gains(im, 1.0, 0.88, 0.65)),
    ("dim lamp 0.8/0.72/0.6", lambda im: gains(im, 0.8, 0.72, 0.6)),
    ("shade 0.82/0.92/1", lambda im: gains(im, 0.82, 0.92, 1.0)),
    ("desaturated 25 %", lambda im: desaturated(im, 0.25)),
    ("desaturated 40 %", lambda im: desaturated(im, 0.4)),
    ("gamma 0.7", lambda im: gamma(im, 0.7)),
    ("gamma 1.4", lambda im: gamma(im, 1.4)),
    ("fall-off 20 %", lambda im: fall_off(im, 0.2)),
    ("fall-off 35 %", lambda im: fall_off(im, 0.35)),
    ("unsharp 0.3 σ1.5", lambda im: unsharp(im, 0.3, 1.5)),
    ("unsharp 0.6 σ1.5", lambda im: unsharp(im, 0.6, 1.5)),
    ("unsharp 1 σ1.5", lambda im: unsharp(im, 1.0, 1.5)),
    ("unsharp 1.5 σ0.8", lambda im: unsharp(im, 1.5, 0.8)),
    ("unsharp 2 σ1", lambda im: unsharp(im, 2.0, 1.0)),
    ("halftone 3 px", lambda im: halftoned(im, 3.0)),
    ("halftone 2 px", lambda im: halftoned(im, 2.0)),
    ("JPEG 70 before", lambda im: jpeg_round_trip(im, 70)),
    ("JPEG 50 before", lambda im: jpeg_round_trip(im, 50)),
    ("nearest ×0.5", nearest_half),
)


#: Additions drawn on the colour artwork (artwork units, S = 1000), to see what a condition that
#: the engine allows for costs: (name, SVG fragment drawn on top, or a stroke round the disc).
ADDITIONS: tuple[tuple[str, str], ...] = (
    ("outline 0.02 S round the disc", "stroke:20"),
    ("outline 0.04 S round the disc", "stroke:40"),
    ("green square 0.28 S on the wordmark", '<rect x="2600" y="150" width="280" height="280" fill="#2BA84A"/>'),
    ("grey square 0.28 S on the wordmark", '<rect x="2600" y="150" width="280" height="280" fill="#7F7F7F"/>'),
    ("dark blue square 0.28 S on the wordmark", '<rect x="2600" y="150" width="280" height="280" fill="#003060"/>'),
    ("purple disc 0.26 S on the mark", '<circle cx="330" cy="300" r="130" fill="#8E44AD"/>'),
)
#: The conditions the additions are drawn under (names of ``CONDITIONS``), and their mark heights.
ADDITION_CONDITIONS = ("as drawn", "unsharp 1 σ1.5", "JPEG 70 before")
ADDITION_HEIGHTS = (40.0, 80.0)


def with_addition(addition: int) -> str:
    """The colour artwork of ``CATEGORY`` with addition ``addition`` (an index of ``ADDITIONS``)."""
    import re

    from scenes import artwork_svg

    from logo_check.charter import load_charter

    svg = artwork_svg(load_charter(), CATEGORY, "colour")
    drawn = ADDITIONS[addition][1]
    if drawn.startswith("stroke:"):
        width = drawn.split(":")[1]
        return re.sub(r'(<circle id="disc"[^>]*?)\s*/>', rf'\1 stroke="#202020" stroke-width="{width}"/>', svg)
    return svg.replace("</svg>", f"{drawn}\n</svg>")


def page(ground: int, mark_px: float) -> np.ndarray:
    """The clean artwork of ground ``ground`` (an index of ``GROUNDS``) at ``mark_px``, upright."""
    from scenes import artwork_svg, plain_page, scene

    from logo_check.charter import load_charter

    charter = load_charter()
    _, variant, colour = GROUNDS[ground]
    background = None if colour is None else plain_page(colour)
    image, _ = scene(charter, artwork_svg(charter, CATEGORY, variant), mark_px=mark_px, page=background)
    return image


def captured(condition: int, ground: int, mark_px: float) -> bytes:
    """Case (``condition``, ``ground``, ``mark_px``) as the JPEG file scanned."""
    from PIL import Image

    image = CONDITIONS[condition][1](page(ground, mark_px))
    out = io.BytesIO()
    Image.fromarray(image).save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def judge_case(job: tuple[int, int, float]) -> tuple[int, int, float, str]:
    """One case's cell: the first instance's verdict and violations."""
    condition, ground, mark_px = job
    return condition, ground, mark_px, judged(captured(condition, ground, mark_px), CHANNEL, CATEGORY)


def judged(data: bytes, channel: str, category: str) -> str:
    """The first instance's verdict and violations in the image file ``data`` scanned on
    ``channel`` with ``category`` declared (``none``: no logo found)."""
    from logo_check.api import check_image

    report = check_image(data, channel=channel, category=category)
    found = [i for p in report.documents[0].pages for i in p.instances]
    if not found:
        return "none"
    codes = [f.code + (f"({f.element})" if f.element else "") for f in found[0].findings if f.severity == "violation"]
    return " ".join([found[0].verdict, *codes])


def judge_addition(job: tuple[int, int, float]) -> tuple[int, int, float, bool]:
    """Whether addition ``job[0]`` under condition ``job[1]`` at ``job[2]`` px is reported."""
    from PIL import Image
    from scenes import scene

    from logo_check.api import check_image
    from logo_check.charter import load_charter

    addition, condition, mark_px = job
    image, _ = scene(load_charter(), with_addition(addition), mark_px=mark_px)
    out = io.BytesIO()
    Image.fromarray(CONDITIONS[condition][1](image)).save(out, "JPEG", quality=JPEG_QUALITY)
    report = check_image(out.getvalue(), channel=CHANNEL, category=CATEGORY)
    found = [i for p in report.documents[0].pages for i in p.instances]
    return addition, condition, mark_px, bool(found) and any(f.code == "addition" for f in found[0].findings)


#: Mark heights at which the overshoot read on each condition is printed (see :func:`overshoot_read`).
OVERSHOOT_HEIGHTS = (40.0, 80.0)


def overshoot_read(job: tuple[int, int, float]) -> tuple[int, int, float, float | None]:
    """The overshoot verify reads on case ``job`` (``Measurements.overshoot``: how sharpened the
    instance looks), on its first instance; None when none is found or too few edges show."""
    from logo_check import detect, verify
    from logo_check.charter import load_charter
    from logo_check.ingest import read_image

    condition, ground, mark_px = job
    charter = load_charter()
    [page] = read_image(captured(condition, ground, mark_px), "case")
    for candidate in detect.detect(page, charter):
        measured = verify.measure(page, candidate, charter)
        if measured is not None:
            return condition, ground, mark_px, measured.overshoot
    return condition, ground, mark_px, None


def overshoot_table(cells: list[tuple[int, int, float, float | None]]) -> str:
    by = {(c, g, h): value for c, g, h, value in cells}
    head = [f"{GROUNDS[g][0]}, S {h:g} px" for g in range(len(GROUNDS)) for h in OVERSHOOT_HEIGHTS]
    lines = ["| condition | " + " | ".join(head) + " |", "| --- |" + " ---: |" * len(head)]
    for c, (name, _) in enumerate(CONDITIONS):
        values = [by[(c, g, h)] for g in range(len(GROUNDS)) for h in OVERSHOOT_HEIGHTS]
        lines.append(f"| {name} | " + " | ".join("-" if v is None else f"{v:.3f}" for v in values) + " |")
    return "\n".join(lines)


def addition_table(cells: list[tuple[int, int, float, bool]]) -> str:
    by = {(a, c, h): seen for a, c, h, seen in cells}
    conditions = sorted({c for _, c, _, _ in cells})
    head = [f"{CONDITIONS[c][0]}, S {h:g} px" for c in conditions for h in ADDITION_HEIGHTS]
    lines = ["| addition | " + " | ".join(head) + " |", "| --- |" + " --- |" * len(head)]
    for a, (name, _) in enumerate(ADDITIONS):
        row = ["addition" if by[(a, c, h)] else "**missed**" for c in conditions for h in ADDITION_HEIGHTS]
        lines.append(f"| {name} | " + " | ".join(row) + " |")
    return "\n".join(lines)


def table(cells: list[tuple[int, int, float, str]], heights: list[float]) -> str:
    by = {(c, g, h): text for c, g, h, text in cells}
    head = [f"{GROUNDS[g][0]}, S {h:g} px" for g in range(len(GROUNDS)) for h in heights]
    lines = ["| condition | " + " | ".join(head) + " |", "| --- |" + " --- |" * len(head)]
    for c, (name, _) in enumerate(CONDITIONS):
        row = [by[(c, g, h)] for g in range(len(GROUNDS)) for h in heights]
        lines.append(f"| {name} | " + " | ".join(row) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    heights, workers = sweep_arguments(__doc__.splitlines()[0], HEIGHTS, argv)
    jobs = [(c, g, h) for c in range(len(CONDITIONS)) for g in range(len(GROUNDS)) for h in heights]
    cells = run_all(judge_case, jobs, workers)
    print(table(cells, heights))
    compliant = sum(text == "compliant" for *_, text in cells)
    print(f"\n{compliant} of {len(cells)} cases compliant\n")
    names = [name for name, _ in CONDITIONS]
    conditions = [names.index(name) for name in ADDITION_CONDITIONS]
    jobs = [(a, c, h) for a in range(len(ADDITIONS)) for c in conditions for h in ADDITION_HEIGHTS]
    print(addition_table(run_all(judge_addition, jobs, workers)))
    print()
    jobs = [(c, g, h) for c in range(len(CONDITIONS)) for g in range(len(GROUNDS)) for h in OVERSHOOT_HEIGHTS]
    print(overshoot_table(run_all(overshoot_read, jobs, workers)))


if __name__ == "__main__":
    main()
