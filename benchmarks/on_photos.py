"""Logos placed straight on photographs, with no plate behind them: how many the engine finds, and
how many of those it judges without a finding that the placement cannot explain.

The benchmark corpus (``corpus.py``) puts a plate behind every logo it lays on a photograph, as a
partner following the charter would. A logo pasted straight onto a busy picture is a use reviewers
must catch too (its clear space and contrast are not kept, and the colour variant is made for a
light background). Each case here is the clean colour artwork, upright, at a mark height of 40 to
120 px, at a random place of a random crop of a scikit-image photograph (``corpus_page.photo_crop``),
1280 × 720 px, saved as PNG (no JPEG loss). The script prints:

- found: an instance whose box covers the artwork's with IoU ≥ 0.5;
- placed within 0.1 S: found, and no side of its box more than ``PLACED_S`` S from the artwork's
  (a registration that squeezed the far end or turned the logo is found, but misjudged);
- with a violation: found and given any violation (such a placement should not pass);
- judged cleanly: found, and given none of the findings an intact, upright logo cannot earn
  (``SPURIOUS``); what the placement may earn (``variant_not_allowed``, ``clear_space``,
  ``low_contrast``, ``too_small``) is allowed;
- then the findings that an intact logo cannot earn, by code, and the largest turn from upright
  (the top edge of the registered artwork against the image's rows) of the instances placed within
  0.1 S: the registration error behind the charter's ``axis_aligned_deg``.

    python benchmarks/on_photos.py [--seed 0] [--count 60] [--workers 2]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from parallel import run_all

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

#: Findings an intact, upright colour logo cannot earn wherever it is placed.
SPURIOUS = frozenset(
    {
        "rotated",
        "distorted",
        "mirrored",
        "element_missing",
        "element_altered",
        "colour_changed",
        "caption_unknown",
        "caption_mismatch",
        "addition",
        "cropped",
    }
)
#: Farthest a side of a found instance's box may stand from the artwork's, in S, to count as placed.
PLACED_S = 0.1
#: Mark heights drawn, in px.
MARK_HEIGHTS = (40.0, 60.0, 80.0, 120.0)
PAGE = (720, 1280)


def case(seed: int, index: int) -> tuple[np.ndarray, tuple[float, float, float, float], float]:
    """Case ``index`` of ``seed``: the page, the artwork's true box and the mark height."""
    import corpus_page
    from scenes import corners, scene

    from logo_check.charter import load_charter

    charter = load_charter()
    rng = np.random.default_rng([seed, index])
    photo, _ = corpus_page.photo_crop(rng, PAGE[1], PAGE[0], grey=False)
    mark = float(MARK_HEIGHTS[int(rng.integers(len(MARK_HEIGHTS)))])
    width = mark * charter.aspect_ratio
    centre = (float(rng.uniform(width / 2 + 10, PAGE[1] - width / 2 - 10)), float(rng.uniform(mark, PAGE[0] - mark)))
    page, h = scene(charter, mark_px=mark, page=photo, centre=centre)
    quad = corners(h, charter.aspect_ratio)
    box = (float(quad[:, 0].min()), float(quad[:, 1].min()), float(quad[:, 0].max()), float(quad[:, 1].max()))
    return page, box, mark


def judge_case(job: tuple[int, int]) -> dict:
    """Scan one case; what was found on the artwork and with which findings."""
    from logo_check.api import box_iou, check_image

    page, box, mark = case(*job)
    report = check_image(page)
    on_it = [i for p in report.documents[0].pages for i in p.instances if box_iou(i.bbox, box) >= 0.5]
    codes = sorted({f.code for i in on_it for f in i.findings if f.severity == "violation"})
    best = min(on_it, key=lambda i: max(abs(a - b) for a, b in zip(i.bbox, box, strict=True)), default=None)
    off = None if best is None else max(abs(a - b) for a, b in zip(best.bbox, box, strict=True)) / mark
    turn = None
    if best is not None:
        (x0, y0), (x1, y1) = best.quad[0], best.quad[1]
        turn = float(np.degrees(np.arctan2(-(y1 - y0), x1 - x0)))
    return {"index": job[1], "mark_px": mark, "found": bool(on_it), "codes": codes, "off_s": off, "turn_deg": turn}


def summary(rows: list[dict]) -> str:
    """The figures, as Markdown."""
    found = [r for r in rows if r["found"]]
    spurious = Counter(c for r in found for c in r["codes"] if c in SPURIOUS)
    lines = [
        "| mark height (px) | cases | found | placed within 0.1 S | with a violation | judged cleanly |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for mark in [*sorted({r["mark_px"] for r in rows}), None]:
        group = [r for r in rows if mark is None or r["mark_px"] == mark]
        hits = [r for r in group if r["found"]]
        flagged = [r for r in hits if r["codes"]]
        good = [r for r in hits if not SPURIOUS & set(r["codes"])]
        placed = [r for r in hits if r.get("off_s") is not None and r["off_s"] <= PLACED_S]
        label = "all" if mark is None else f"{mark:g}"
        lines.append(f"| {label} | {len(group)} | {len(hits)} | {len(placed)} | {len(flagged)} | {len(good)} |")
    lines.append("")
    lines.append(
        "spurious findings on the instances found: "
        + (", ".join(f"{c} {n}" for c, n in spurious.most_common()) or "none")
    )
    turns = [abs(r["turn_deg"]) for r in found if r.get("turn_deg") is not None and r["off_s"] <= PLACED_S]
    if turns:
        lines.append(f"largest turn from upright of the {len(turns)} placed within {PLACED_S:g} S: {max(turns):.2f}°")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    jobs = [(args.seed, i) for i in range(args.count)]
    rows = run_all(judge_case, jobs, args.workers)
    print(summary(rows))


if __name__ == "__main__":
    main()
