"""Clean logos on grounds of many colours, through JPEG with and without chroma subsampling.

The corpus puts its logos on white, light plates, pages and photographs. A partner's layout may
set the colour variant on any light ground, a yellow or an orange one or a shading banner
included, and the reversed variant on any dark one. JPEG keeps luma per pixel but, by default,
averages chroma over 2 × 2 pixels (4:2:0), which turns the edge between two colours of opposite
hues (blue letters on yellow) into colours that no mix of the two gives. Each case here is the
clean artwork of the variant made for the ground (colour on a light ground, reversed on a dark
one), upright, on a plain page of that colour or on a light gradient shading from left to right
across the page, saved as JPEG 90 and 75 with 4:2:0 subsampling and as JPEG 90 without (4:4:4),
and scanned on the web channel with its category declared. A cell lists the violations of the
three encodings at one mark height, in that order (``ok``: none).

The charter's contrast limit makes some dark grounds a violation (``low_contrast``) by design:
the reversed variant's blue disc on the charter blue or on a mid grey.

    python benchmarks/grounds.py [--heights 40,80,160] [--workers 2]
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy as np
from parallel import run_all, sweep_arguments

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

#: Light grounds (colour variant) and dark grounds (reversed variant).
LIGHT = (
    "#FFFFFF",
    "#FFF8E7",
    "#EEEEEE",
    "#CCCCCC",
    "#DDEEFF",
    "#ADD8E6",
    "#87CEEB",
    "#FFE4E1",
    "#FF69B4",
    "#E8F5E9",
    "#90EE90",
    "#00FFFF",
    "#F0E68C",
    "#FFFF00",
    "#FFD700",
    "#CCFF00",
    "#FFA500",
)
DARK = ("#000000", "#1A1A1A", "#003366", "#333366", "#4A0000", "#0B3D0B", "#2E4053", "#555555", "#7F0000", "#0055A4")
#: Light gradients, left to right across the page (a banner's shading), under the colour variant.
GRADIENTS = ("#FFFFFF>#C8E1FF", "#FFFFFF>#78A0E6", "#FFF8E7>#FFB45A", "#D2D2D2>#FFFFFF")
#: (quality, Pillow's subsampling: 2 is 4:2:0, 0 is 4:4:4)
ENCODINGS = ((90, 2), (75, 2), (90, 0))
HEIGHTS = (40.0, 80.0, 160.0)
CATEGORY = "offre_referencee"


def ground_page(ground: str) -> np.ndarray:
    """A page of the plain colour ``ground``, or of the gradient ``"#from>#to"``, left to right."""
    from scenes import PAGE, plain_page

    from logo_check.charter import hex_rgb

    if ">" not in ground:
        return plain_page(hex_rgb(ground))
    start, end = (np.array(hex_rgb(c), float) for c in ground.split(">"))
    t = np.linspace(0.0, 1.0, PAGE[1])[None, :, None]
    row = start * (1 - t) + end * t
    return np.ascontiguousarray(np.broadcast_to(row + 0.5, (*PAGE, 3)).astype(np.uint8))


def encoded(ground: str, mark_px: float, quality: int, subsampling: int) -> bytes:
    """The clean artwork of the variant made for ``ground`` on a page of it, as JPEG."""
    from PIL import Image
    from scenes import artwork_svg, scene

    from logo_check.charter import load_charter

    charter = load_charter()
    variant = "reversed" if ground in DARK else "colour"
    image, _ = scene(charter, artwork_svg(charter, CATEGORY, variant), mark_px=mark_px, page=ground_page(ground))
    out = io.BytesIO()
    Image.fromarray(image).save(out, "JPEG", quality=quality, subsampling=subsampling)
    return out.getvalue()


def judge_case(job: tuple[str, float]) -> tuple[str, float, str]:
    """The violations of one ground and height in each encoding, as one cell."""
    from logo_check.api import check_image

    ground, mark_px = job
    parts = []
    for quality, subsampling in ENCODINGS:
        report = check_image(encoded(ground, mark_px, quality, subsampling), channel="web", category=CATEGORY)
        found = [i for p in report.documents[0].pages for i in p.instances]
        if not found:
            parts.append("none")
            continue
        codes = sorted({f.code for f in found[0].findings if f.severity == "violation"})
        parts.append(",".join(codes) or "ok")
    return ground, mark_px, " / ".join(parts)


def table(cells: list[tuple[str, float, str]], heights: list[float]) -> str:
    by = {(g, h): text for g, h, text in cells}
    lines = [
        "| ground | variant | " + " | ".join(f"S {h:g} px" for h in heights) + " |",
        "| --- | --- |" + " --- |" * len(heights),
    ]
    for ground in (*LIGHT, *GRADIENTS, *DARK):
        variant = "reversed" if ground in DARK else "colour"
        lines.append(f"| `{ground}` | {variant} | " + " | ".join(by[(ground, h)] for h in heights) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    heights, workers = sweep_arguments(__doc__.splitlines()[0], HEIGHTS, argv)
    jobs = [(g, h) for g in (*LIGHT, *GRADIENTS, *DARK) for h in heights]
    cells = run_all(judge_case, jobs, workers)
    print(table(cells, heights))


if __name__ == "__main__":
    main()
