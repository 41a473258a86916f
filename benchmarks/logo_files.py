"""The logo file itself: the artwork alone, cropped to it, as a partner downloads and pre-checks it.

Each case is the master artwork of one category and variant rendered alone at a mark height S (the
file's height), with no margin or with 2 px of it, saved as:

- ``png``: with its transparency (the engine lays it on white, or on a dark grey when the outline of
  its opaque part is mostly white, as the reversed variant's wordmark is, and says which);
- ``jpeg``: flattened on white, quality 90;
- for the reversed variant, made for dark backgrounds, also ``png-dark`` and ``jpeg-dark``:
  flattened on a dark grey (#202020), as PNG and as JPEG 90.

Each is scanned on the channel that allows it at that size (sms for the mono variant and for
marks under 40 px, web otherwise) with its own category declared. A cell gives how many of the
eight cases (four categories, two margins) are compliant, and the violations of the others.

    python benchmarks/logo_files.py [--heights 24,28,32,36,40,48,64,80,100,120,160,200,250,320,400] [--workers 2]
"""

from __future__ import annotations

import argparse
import io
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from parallel import run_all

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

HEIGHTS = (24, 28, 32, 36, 40, 48, 64, 80, 100, 120, 160, 200, 250, 320, 400)
#: (variant, encoding) of each row.
ROWS = (
    ("colour", "png"),
    ("colour", "jpeg"),
    ("mono", "png"),
    ("mono", "jpeg"),
    ("reversed", "png"),
    ("reversed", "png-dark"),
    ("reversed", "jpeg-dark"),
)
MARGINS_PX = (0, 2)
DARK = (32, 32, 32)


def logo_file(category: str, variant: str, mark_px: int, margin_px: int, encoding: str) -> bytes:
    """The file's bytes: the artwork rendered ``mark_px`` tall with ``margin_px`` around it."""
    from PIL import Image
    from scenes import artwork_svg, render_svg

    from logo_check.charter import load_charter

    charter = load_charter()
    rgba = render_svg(artwork_svg(charter, category=category, variant=variant), mark_px, charter.aspect_ratio)
    m = margin_px
    canvas = np.zeros((rgba.shape[0] + 2 * m, rgba.shape[1] + 2 * m, 4), np.uint8)
    canvas[m : m + rgba.shape[0], m : m + rgba.shape[1]] = rgba
    picture = Image.fromarray(canvas, "RGBA")
    out = io.BytesIO()
    if encoding == "png":
        picture.save(out, "PNG")
        return out.getvalue()
    ground = Image.new("RGBA", picture.size, (*DARK, 255) if encoding.endswith("dark") else (255, 255, 255, 255))
    flat = Image.alpha_composite(ground, picture).convert("RGB")
    if encoding.startswith("jpeg"):
        flat.save(out, "JPEG", quality=90)
    else:
        flat.save(out, "PNG")
    return out.getvalue()


def channel_for(variant: str, mark_px: int) -> str:
    return "sms" if variant == "mono" or mark_px < 40 else "web"


def judge_case(job: tuple[str, str, int, int, str]) -> dict:
    """One file scanned: compliant or not, and its violations ("no logo" when none is found)."""
    from logo_check.api import check_image

    category, variant, mark_px, margin_px, encoding = job
    data = logo_file(category, variant, mark_px, margin_px, encoding)
    report = check_image(data, channel=channel_for(variant, mark_px), category=category)
    found = [i for p in report.documents[0].pages for i in p.instances]
    if not found:
        return {"variant": variant, "encoding": encoding, "mark_px": mark_px, "compliant": False, "codes": ["no logo"]}
    instance = max(found, key=lambda i: i.mark_height)
    violations = [f for f in instance.findings if f.severity == "violation"]
    codes = sorted(f.code + (f"({f.element})" if f.element else "") for f in violations)
    return {
        "variant": variant,
        "encoding": encoding,
        "mark_px": mark_px,
        "compliant": instance.verdict == "compliant",
        "codes": codes,
    }


def cell(rows: list[dict]) -> str:
    """``compliant/cases``, then the other cases' violations by count."""
    good = sum(r["compliant"] for r in rows)
    others = Counter(c for r in rows if not r["compliant"] for c in r["codes"] or ["review"])
    extra = ", ".join(f"{c} {n}" for c, n in sorted(others.items()))
    return f"{good}/{len(rows)}" + (f" ({extra})" if extra else "")


def table(rows: list[dict], heights: list[int]) -> str:
    lines = [
        "| variant, file | " + " | ".join(f"S {h} px" for h in heights) + " |",
        "| --- |" + " --- |" * len(heights),
    ]
    for variant, encoding in ROWS:
        cells = [
            cell([r for r in rows if (r["variant"], r["encoding"], r["mark_px"]) == (variant, encoding, h)])
            for h in heights
        ]
        lines.append(f"| {variant}, {encoding} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heights", default=",".join(str(h) for h in HEIGHTS), help="mark heights S, in px")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    from logo_check.charter import load_charter

    categories = list(load_charter().categories)
    heights = [int(v) for v in args.heights.split(",")]
    jobs = [
        (category, variant, h, m, encoding)
        for variant, encoding in ROWS
        for h in heights
        for category in categories
        for m in MARGINS_PX
    ]
    rows = run_all(judge_case, jobs, args.workers, chunksize=4)
    print(table(rows, heights))


if __name__ == "__main__":
    main()
