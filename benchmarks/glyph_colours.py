"""The @ glyph drawn in other colours than white, in white, dim and tinted light.

The corpus's ``colour_changed`` set recolours the disc, the arrow and the wordmark, never the @
glyph inside the disc. The glyph's white is also what verify balances the picture's light on, so
a glyph drawn grey could pass for a page photographed in a dim room. Each case here is the
artwork with its glyph (``at`` in the master SVG) filled with one colour, upright at a mark height
S on one of two grounds (the colour variant on a light page of grey lines, ``tests/scenes.py``;
the reversed variant on a plain dark page), under one light (every channel of the picture
scaled), saved as JPEG 90 and scanned on the ``print`` channel with its category declared. A
cell gives the verdict and the violations of the first instance (``compliant`` alone: none;
``none``: no logo found), and each row the glyph colour's CIEDE2000 to white, which the
charter's raster colour tolerance (15) is compared with. A second table does the same for the
artwork's other white inks, the arrow's outline and the caption's letters, on the light page in
white light.

    python benchmarks/glyph_colours.py [--heights 40,48,56,80,160] [--workers 2]
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy as np
from capture_sweep import judged
from parallel import run_all, sweep_arguments

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

#: Glyph colours: white (the charter's), greys, and tints of a few hues.
COLOURS = ("#FFFFFF", "#E6E6E6", "#CCCCCC", "#B0B0B0", "#8C8C8C", "#FFD700", "#FFB8B8", "#BFE0FF", "#C8F0C8")
#: The grounds: (name, variant, page colour or None for the page of grey lines).
GROUNDS = (("light page", "colour", None), ("dark page", "reversed", (28, 28, 28)))
#: Lights: (name, per-channel gains of the whole picture).
LIGHTS = (("white", (1.0, 1.0, 1.0)), ("dim ×0.7", (0.7, 0.7, 0.7)), ("lamp 1/0.88/0.65", (1.0, 0.88, 0.65)))
HEIGHTS = (40.0, 48.0, 56.0, 80.0, 160.0)
#: The other white inks (shape ids of the master SVG) and the colours they are drawn in.
OTHER_INKS = (("arrow-outline", ("#000000", "#FFD700")), ("caption", ("#000000", "#0055A4", "#FFD700", "#CCCCCC")))
OTHER_HEIGHTS = (64.0, 100.0, 120.0, 160.0)
CATEGORY = "offre_referencee"
CHANNEL = "print"
JPEG_QUALITY = 90


def delta_e_to_white(colour: str) -> float:
    """CIEDE2000 between ``colour`` ("#RRGGBB") and white."""
    from skimage.color import deltaE_ciede2000, rgb2lab

    from logo_check.charter import hex_rgb

    pair = np.array([[hex_rgb(colour), (255, 255, 255)]], np.float64) / 255.0
    lab = rgb2lab(pair)
    return float(deltaE_ciede2000(lab[0, 0], lab[0, 1]))


def captured(colour: str, ground: int, light: int, mark_px: float, shape: str = "at") -> bytes:
    """The artwork made for ground ``ground`` (an index of ``GROUNDS``) with its ``shape`` (the
    glyph by default) in ``colour``, under light ``light`` (an index of ``LIGHTS``), as JPEG."""
    from PIL import Image
    from scenes import artwork_svg, plain_page, recolour, scene

    from logo_check.charter import load_charter

    charter = load_charter()
    _, variant, page_colour = GROUNDS[ground]
    svg = recolour(artwork_svg(charter, CATEGORY, variant), shape, colour)
    image, _ = scene(charter, svg, mark_px=mark_px, page=None if page_colour is None else plain_page(page_colour))
    gains = np.array(LIGHTS[light][1], np.float32)
    lit = np.clip(image.astype(np.float32) * gains + 0.5, 0, 255).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(lit).save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


Case = tuple[str, int, int, float]


def judge_case(job: Case) -> tuple[str, int, int, float, str]:
    """One case's cell: the first instance's verdict and violations."""
    return (*job, judged(captured(*job), CHANNEL, CATEGORY))


def judge_other_ink(job: tuple[str, str, float]) -> tuple[str, str, float, str]:
    """The cell of ``shape`` drawn in ``colour`` at ``mark_px``, on the light page in white light."""
    shape, colour, mark_px = job
    return shape, colour, mark_px, judged(captured(colour, 0, 0, mark_px, shape), CHANNEL, CATEGORY)


def table(cells: list[tuple[str, int, int, float, str]], heights: list[float]) -> str:
    by = {(c, g, li, h): text for c, g, li, h, text in cells}
    lines = [
        "| glyph | ΔE00 to white | ground | light | " + " | ".join(f"S {h:g} px" for h in heights) + " |",
        "| --- | ---: | --- | --- |" + " --- |" * len(heights),
    ]
    for colour in COLOURS:
        for ground, (ground_name, _, _) in enumerate(GROUNDS):
            for light, (name, _) in enumerate(LIGHTS):
                cells_text = " | ".join(by[(colour, ground, light, h)] for h in heights)
                lines.append(f"| `{colour}` | {delta_e_to_white(colour):.1f} | {ground_name} | {name} | {cells_text} |")
    return "\n".join(lines)


def other_inks_table(cells: list[tuple[str, str, float, str]]) -> str:
    by = {(shape, c, h): text for shape, c, h, text in cells}
    lines = [
        "| ink | colour | ΔE00 to white | " + " | ".join(f"S {h:g} px" for h in OTHER_HEIGHTS) + " |",
        "| --- | --- | ---: |" + " --- |" * len(OTHER_HEIGHTS),
    ]
    for shape, colours in OTHER_INKS:
        for colour in colours:
            cells_text = " | ".join(by[(shape, colour, h)] for h in OTHER_HEIGHTS)
            lines.append(f"| `{shape}` | `{colour}` | {delta_e_to_white(colour):.1f} | {cells_text} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    heights, workers = sweep_arguments(__doc__.splitlines()[0], HEIGHTS, argv)
    jobs = [(c, g, li, h) for c in COLOURS for g in range(len(GROUNDS)) for li in range(len(LIGHTS)) for h in heights]
    print(table(run_all(judge_case, jobs, workers), heights))
    others = [(shape, c, h) for shape, colours in OTHER_INKS for c in colours for h in OTHER_HEIGHTS]
    print()
    print(other_inks_table(run_all(judge_other_ink, others, workers)))


if __name__ == "__main__":
    main()
