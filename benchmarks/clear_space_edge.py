"""Body text set around a logo at a given distance: where the clear space starts to count it.

The charter's clear space is 0.25 S around the artwork's box. Each case here is the clean colour
artwork, upright, at a mark height S, on a light page of grey text lines (``tests/scenes.py``,
``lined_page``: lines 8 px tall every 26 px) that stop ``margin`` S from the artwork's box on
every side, saved as PNG or as JPEG of quality 50, and scanned on the ``sms`` channel (so that
the smaller marks are not too small). A margin of 0.25 S or more keeps the clear space; under it,
the text is inside. Each cell gives, over the seeds, how many instances got ``clear_space``, the
median share of the margin it measured (in %), and any other violation.

    python benchmarks/clear_space_edge.py [--margins 0.1,0.15,0.2,0.25,0.3] [--heights 60,100,150,180]
        [--seeds 3] [--workers 2]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from parallel import run_all

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

MARGINS = (0.1, 0.15, 0.2, 0.25, 0.3)
HEIGHTS = (60.0, 100.0, 150.0, 180.0)
ENCODINGS = ("png", "jpeg50")
CATEGORY = "offre_referencee"


def page_with_text(mark_px: float, margin: float, seed: int) -> np.ndarray:
    """The clean artwork at ``mark_px``, centred a fraction of a pixel off the grid, with text
    lines stopping ``margin`` S from its box."""
    from scenes import blank_around, lined_page, scene, similarity

    from logo_check.charter import load_charter

    charter = load_charter()
    centre = (640.0 + 0.37 * seed, 360.0 + 0.29 * seed)
    h = similarity(mark_px, 0.0, *centre, charter.aspect_ratio)
    page = lined_page(seed=seed, blank=blank_around(h, charter.aspect_ratio, margin=margin))
    image, _ = scene(charter, mark_px=mark_px, centre=centre, page=page)
    return image


def judge_case(job: tuple[float, float, str, int]) -> dict:
    """The clear space measured on one case (None when nothing is found) and its violations."""
    from scenes import jpeg

    from logo_check.api import check_image

    mark_px, margin, encoding, seed = job
    image = page_with_text(mark_px, margin, seed)
    if encoding != "png":
        image = jpeg(image, int(encoding.removeprefix("jpeg")))
    report = check_image(image, channel="sms", category=CATEGORY)
    found = [i for p in report.documents[0].pages for i in p.instances]
    if not found:
        return {"mark_px": mark_px, "margin": margin, "found": False, "share": None, "codes": []}
    instance = max(found, key=lambda i: i.mark_height)
    share = next((f.measured for f in instance.findings if f.code == "clear_space"), None)
    codes = sorted(f.code for f in instance.findings if f.severity == "violation")
    return {"mark_px": mark_px, "margin": margin, "found": True, "share": share, "codes": codes}


def cell(rows: list[dict]) -> str:
    """``flagged/cases`` median share, and other violations by count."""
    flagged = [r for r in rows if "clear_space" in r["codes"]]
    text = f"{len(flagged)}/{len(rows)}"
    shares = [r["share"] for r in rows if r["share"] is not None]
    if flagged and shares:
        text += f" {np.median(shares):.0f} %"
    others = Counter(c for r in rows for c in r["codes"] if c != "clear_space")
    missed = sum(not r["found"] for r in rows)
    extra = [f"{c} {n}" for c, n in sorted(others.items())] + ([f"not found {missed}"] if missed else [])
    return text + (f" ({', '.join(extra)})" if extra else "")


def table(rows: list[dict], margins: list[float], heights: list[float]) -> str:
    lines = [
        "| text at (S) | " + " | ".join(f"S {h:g} px" for h in heights) + " |",
        "| --- |" + " --- |" * len(heights),
    ]
    for margin in margins:
        cells = [cell([r for r in rows if r["margin"] == margin and r["mark_px"] == h]) for h in heights]
        lines.append(f"| {margin:g} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--margins", default=",".join(f"{m:g}" for m in MARGINS), help="where the text stops, in S")
    parser.add_argument("--heights", default=",".join(f"{h:g}" for h in HEIGHTS), help="mark heights S, in px")
    parser.add_argument("--seeds", type=int, default=3, help="pages per cell and encoding")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    margins = [float(v) for v in args.margins.split(",")]
    heights = [float(v) for v in args.heights.split(",")]
    jobs = [(h, m, e, s) for h in heights for m in margins for e in ENCODINGS for s in range(args.seeds)]
    rows = run_all(judge_case, jobs, args.workers, chunksize=2)
    print(table(rows, margins, heights))


if __name__ == "__main__":
    main()
