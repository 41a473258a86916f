"""Logos turned sideways or upside down, found with ``look_turned`` (``logo-check scan --turned``).

The engine looks for logos within 30° of upright; ``look_turned`` also scans each raster turned a
quarter, a half and three quarters of a turn (``logo_check.pipeline.LOOKED_TURNS``). Each case here
is the clean colour artwork at a mark height of 40 to 120 px on a generated lined page (``scenes.
lined_page``: text lines around a blank plate 0.45 S wide, 1920 × 1080 px, PNG), turned by a quarter, a half or three
quarters of a turn plus up to ±25°, or within ±25° of upright, at a random place. For each case,
scanned with ``look_turned``, the script prints:

- found: an instance whose box covers the artwork's with IoU ≥ 0.5 (and the same without
  ``look_turned``);
- rotated right: found and given ``rotated`` with a measured turn within 3° of the truth (within
  ±25° of upright, where ``rotated`` is due only past the charter's limit: given it exactly when the
  turn is past the limit);
- spurious: found and given a finding an intact logo cannot earn (other than ``rotated``);
- the CPU time of the scan against the same scan without ``look_turned``;
- the lowest registration score of the turned logos found (``--jpeg Q`` saves the pages as JPEG).

With ``--negatives DIR`` (the ``negatives`` folder of a corpus made by ``corpus.py``) it also scans
the first ``--limit`` images there with and without ``look_turned`` and prints the instances found
(every one is false), the CPU time of each, and the scores of the instances the turns would add
without the bar ``pipeline.TURNED_MIN_SCORE`` on them.

    python benchmarks/turned.py [--seed 0] [--count 48] [--workers 2] [--jpeg 60] [--negatives DIR --limit 200]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from on_photos import SPURIOUS as PHOTO_SPURIOUS
from parallel import run_all

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

#: Findings an intact logo cannot earn on a plain plate, whatever its turn: those it cannot earn on
#: a photograph, but ``rotated`` (judged here apart), and the placement's own on a plate.
SPURIOUS = (PHOTO_SPURIOUS - {"rotated"}) | {"clear_space", "low_contrast"}
MARK_HEIGHTS = (40.0, 60.0, 80.0, 120.0)
#: Turns drawn: upright, a quarter, a half, three quarters (counter-clockwise), each ± JITTER_DEG.
TURNS = (0.0, 90.0, 180.0, 270.0)
JITTER_DEG = 25.0
#: How far the measured turn may stand from the truth.
TURN_TOLERANCE_DEG = 3.0
PAGE = (1080, 1920)


def case(
    seed: int, index: int, quality: int | None = None
) -> tuple[np.ndarray, tuple[float, float, float, float], float, float]:
    """Case ``index`` of ``seed``: the page (saved as JPEG of ``quality`` when given), the
    artwork's true box, the mark height, the turn."""
    from scenes import blank_around, corners, lined_page, scene, similarity

    from logo_check.charter import load_charter

    charter = load_charter()
    aspect = charter.aspect_ratio
    rng = np.random.default_rng([seed, index])
    mark = float(MARK_HEIGHTS[index % len(MARK_HEIGHTS)])
    turn = TURNS[(index // len(MARK_HEIGHTS)) % len(TURNS)] + float(rng.uniform(-JITTER_DEG, JITTER_DEG))
    reach = mark * (aspect**2 + 1) ** 0.5 / 2 + mark  # half the diagonal and a mark's height
    centre = (float(rng.uniform(reach, PAGE[1] - reach)), float(rng.uniform(reach, PAGE[0] - reach)))
    blank = blank_around(similarity(mark, turn, *centre, aspect), aspect)
    page, h = scene(charter, mark_px=mark, angle=turn, centre=centre, page=lined_page(index, PAGE, blank=blank))
    quad = corners(h, charter.aspect_ratio)
    box = (float(quad[:, 0].min()), float(quad[:, 1].min()), float(quad[:, 0].max()), float(quad[:, 1].max()))
    if quality is not None:
        from scenes import jpeg

        page = jpeg(page, quality)
    return page, box, mark, turn


def _scan_time(image: np.ndarray, look_turned: bool):
    from logo_check.api import check_image

    start = time.process_time()
    report = check_image(image, look_turned=look_turned)
    return report.documents[0], time.process_time() - start


def judge_case(job: tuple[int, int, int | None]) -> dict:
    """Scan one case with and without ``look_turned``; what was found on the artwork."""
    from logo_check.api import box_iou
    from logo_check.charter import load_charter

    page, box, mark, turn = case(*job)
    document, seconds = _scan_time(page, True)
    upright, upright_seconds = _scan_time(page, False)
    on_it = [i for p in document.pages for i in p.instances if box_iou(i.bbox, box) >= 0.5]
    found_upright = any(box_iou(i.bbox, box) >= 0.5 for p in upright.pages for i in p.instances)
    codes = sorted({f.code for i in on_it for f in i.findings if f.severity == "violation"})
    rotations = [f.measured for i in on_it for f in i.findings if f.code == "rotated"]
    truth = (turn + 180.0) % 360.0 - 180.0
    limit = load_charter().geometry_tolerance.rotation_deg
    if abs(truth) <= limit:
        right = not rotations
    else:
        right = any(abs((float(r) - truth + 180.0) % 360.0 - 180.0) <= TURN_TOLERANCE_DEG for r in rotations)
    return {
        "mark_px": mark,
        "turn": TURNS[(job[1] // len(MARK_HEIGHTS)) % len(TURNS)],
        "found": bool(on_it),
        "found_upright": found_upright,
        "rotated_right": bool(on_it) and right,
        "codes": codes,
        "others": sum(len(p.instances) for p in document.pages) - len(on_it),
        "scores": [i.score for i in on_it],
        "seconds": seconds,
        "upright_seconds": upright_seconds,
    }


def scan_negative(path: str) -> dict:
    """One negative scanned upright, with ``look_turned``, and with it but no bar on the turned
    readings' score (``pipeline.TURNED_MIN_SCORE``): the instances found, and the scores of those
    the turns add without the bar."""
    from PIL import Image

    from logo_check import pipeline
    from logo_check.api import box_iou

    image = np.asarray(Image.open(path).convert("RGB"))
    turned, seconds = _scan_time(image, True)
    upright, upright_seconds = _scan_time(image, False)
    bar, pipeline.TURNED_MIN_SCORE = pipeline.TURNED_MIN_SCORE, 0.0
    try:
        unbarred, _ = _scan_time(image, True)
    finally:
        pipeline.TURNED_MIN_SCORE = bar
    before = [i.bbox for p in upright.pages for i in p.instances]
    added = [i.score for p in unbarred.pages for i in p.instances if all(box_iou(i.bbox, b) < 0.5 for b in before)]
    count = lambda d: sum(len(p.instances) for p in d.pages)  # noqa: E731
    return {
        "turned": count(turned),
        "upright": count(upright),
        "added_scores": added,
        "seconds": seconds,
        "upright_seconds": upright_seconds,
    }


def summary(rows: list[dict]) -> str:
    lines = [
        "| turn (± 25°) | cases | found | found without look_turned | rotated right | spurious | other instances "
        "| CPU s, turned / upright |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for turn in [*TURNS, None]:
        group = [r for r in rows if turn is None or r["turn"] == turn]
        if not group:
            continue
        found = [r for r in group if r["found"]]
        spurious = [r for r in found if SPURIOUS & set(r["codes"])]
        seconds = sum(r["seconds"] for r in group) / len(group)
        upright = sum(r["upright_seconds"] for r in group) / len(group)
        label = "all" if turn is None else f"{turn:g}°"
        lines.append(
            f"| {label} | {len(group)} | {len(found)} | {sum(r['found_upright'] for r in group)} "
            f"| {sum(r['rotated_right'] for r in group)} | {len(spurious)} "
            f"| {sum(r['others'] for r in group)} | {seconds:.2f} / {upright:.2f} |"
        )
    codes = Counter(c for r in rows if r["found"] for c in r["codes"] if c in SPURIOUS)
    lines.append("")
    lines.append("spurious findings: " + (", ".join(f"{c} {n}" for c, n in codes.most_common()) or "none"))
    scores = [x for r in rows if r["turn"] != 0.0 for x in r["scores"]]
    if scores:
        lines.append(f"lowest registration score of the turned logos found: {min(scores):.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--count", type=int, default=48)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--negatives", help="a corpus's negatives folder")
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--jpeg", type=int, metavar="QUALITY", help="save the pages as JPEG of this quality")
    args = parser.parse_args(argv)
    rows = run_all(judge_case, [(args.seed, i, args.jpeg) for i in range(args.count)], args.workers)
    print(summary(rows))
    if args.negatives:
        paths = sorted(str(p) for p in Path(args.negatives).iterdir() if p.suffix in (".jpg", ".png"))[: args.limit]
        found = run_all(scan_negative, paths, args.workers)
        turned, upright = sum(r["turned"] for r in found), sum(r["upright"] for r in found)
        seconds = sum(r["seconds"] for r in found) / len(found)
        upright_seconds = sum(r["upright_seconds"] for r in found) / len(found)
        print()
        added = sorted(round(x, 3) for r in found for x in r["added_scores"])
        print(
            f"{len(found)} negatives: {turned} false instances with look_turned, {upright} without; "
            f"CPU {seconds:.2f} s per image with, {upright_seconds:.2f} s without; "
            f"scores of the instances the turns add with no bar on them: {added or 'none'}"
        )


if __name__ == "__main__":
    main()
