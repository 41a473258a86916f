"""The @ glyph drawn in other colours than white, in white, dim and tinted light.

The corpus's ``colour_changed`` set recolours the disc, the arrow and the wordmark, never the @
glyph inside the disc. The glyph's white is also what verify balances the picture's light on, so
a glyph drawn grey could pass for a page photographed in a dim room. Each case here is the colour
artwork with its glyph (``at`` in the master SVG) filled with one colour, upright on a light page
of grey lines (``tests/scenes.py``) at a mark height S, under one light (every channel of the
picture scaled), saved as JPEG 90 and scanned on the ``print`` channel with its category
declared. A cell gives the verdict and the violations of the first instance (``compliant``
alone: none; ``none``: no logo found), and each row the glyph colour's CIEDE2000 to white, which
the charter's raster colour tolerance (15) is compared with.

    python benchmarks/glyph_colours.py [--heights 40,50,64,100,160] [--workers 2]
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy as np
from parallel import run_all, sweep_arguments

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

#: Glyph colours: white (the charter's), greys, and tints of a few hues.
COLOURS = ("#FFFFFF", "#E6E6E6", "#CCCCCC", "#B0B0B0", "#8C8C8C", "#FFD700", "#FFB8B8", "#BFE0FF", "#C8F0C8")
#: Lights: (name, per-channel gains of the whole picture).
LIGHTS = (("white", (1.0, 1.0, 1.0)), ("dim ×0.7", (0.7, 0.7, 0.7)), ("lamp 1/0.88/0.65", (1.0, 0.88, 0.65)))
HEIGHTS = (40.0, 50.0, 64.0, 100.0, 160.0)
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


def captured(colour: str, light: int, mark_px: float) -> bytes:
    """The artwork with its glyph in ``colour``, under light ``light`` (an index of ``LIGHTS``), as JPEG."""
    from PIL import Image
    from scenes import artwork_svg, recolour, scene

    from logo_check.charter import load_charter

    charter = load_charter()
    image, _ = scene(charter, recolour(artwork_svg(charter, CATEGORY, "colour"), "at", colour), mark_px=mark_px)
    gains = np.array(LIGHTS[light][1], np.float32)
    lit = np.clip(image.astype(np.float32) * gains + 0.5, 0, 255).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(lit).save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def judge_case(job: tuple[str, int, float]) -> tuple[str, int, float, str]:
    """One case's cell: the first instance's verdict and violations."""
    from logo_check.api import check_image

    colour, light, mark_px = job
    report = check_image(captured(colour, light, mark_px), channel=CHANNEL, category=CATEGORY)
    found = [i for p in report.documents[0].pages for i in p.instances]
    if not found:
        return colour, light, mark_px, "none"
    codes = [f.code + (f"({f.element})" if f.element else "") for f in found[0].findings if f.severity == "violation"]
    return colour, light, mark_px, " ".join([found[0].verdict, *codes])


def table(cells: list[tuple[str, int, float, str]], heights: list[float]) -> str:
    by = {(c, li, h): text for c, li, h, text in cells}
    lines = [
        "| glyph | ΔE00 to white | light | " + " | ".join(f"S {h:g} px" for h in heights) + " |",
        "| --- | ---: | --- |" + " --- |" * len(heights),
    ]
    for colour in COLOURS:
        for light, (name, _) in enumerate(LIGHTS):
            cells_text = " | ".join(by[(colour, light, h)] for h in heights)
            lines.append(f"| `{colour}` | {delta_e_to_white(colour):.1f} | {name} | {cells_text} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    heights, workers = sweep_arguments(__doc__.splitlines()[0], HEIGHTS, argv)
    jobs = [(c, li, h) for c in COLOURS for li in range(len(LIGHTS)) for h in heights]
    print(table(run_all(judge_case, jobs, workers), heights))


if __name__ == "__main__":
    main()
