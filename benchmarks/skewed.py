"""Whole pictures turned a little: a page skewed on a scanner's glass, a phone held crooked.

The corpus's ``brochure_photo`` images turn a page inside a photograph; this script turns the
whole picture instead, so that nothing in it stays level. Each clean positive of a corpus made by
``corpus.py`` (the first ``--count`` of at least ``--min-pixels`` pixels) is turned about its
centre by each of ``--angles`` degrees (counter-clockwise positive), on a canvas grown to hold it
all (the corners white, as a scanner's lid leaves them), saved as JPEG 90 and scanned with its
labelled channel and category. For each turn the script prints the logos found (IoU ≥ 0.5 with the
turned artwork's box), their verdicts, and the violations given to them (an intact logo turned
with its whole page earns none: the page's text turns with it). The logos whose turn, the
corpus's own (a photographed brochure's) plus the picture's, passes 30° are counted apart: the
engine looks within 30° of upright.

Large pages are where a turn between the orientation search's steps counts most: an A4 page at
300 dpi has a thousand or more proposals (its letters), and a logo scored a few hundredths under
its due ranks behind them (``detect.ROTATION_STEP_DEG``).

With ``--scale``, each picture is first resized by that factor (a thumbnail, or a small picture
enlarged: its logos then show the blur and JPEG damage of a smaller mark at a larger size); the
logos of S 24 px or more once resized are counted, and ``--channel sms`` declares the channel
whose minimum is 24 px instead of the labelled one.

    python benchmarks/skewed.py CORPUS [--angles 0,3,-3,15] [--min-pixels 8000000] [--count 60]
        [--scale 1.7 --channel sms] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import numpy as np
from parallel import run_all

#: Quality the turned pictures are saved at: a scanner's or a phone's usual.
JPEG_QUALITY = 90
#: The colour of the canvas's corners the turned picture leaves bare.
CORNERS = (255, 255, 255)
#: Smallest mark height, once resized, of the logos counted: the least any channel allows.
MIN_MARK_PX = 24.0
#: Farthest turn from upright of the logos counted (the corpus's own turn plus the picture's): the
#: engine looks within 30° of upright (``logo_check.detect.MAX_ROTATION_DEG``; further, only quarter
#: turns with ``--turned``). The logos turned further are counted apart.
MAX_TURN_DEG = 30.0


def turned(image: np.ndarray, angle_deg: float, scale: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """``image`` resized by ``scale`` (by pixel area when reduced, a thumbnail; bicubically when
    enlarged), then turned about its centre by ``angle_deg`` (counter-clockwise) on a canvas grown
    to hold it all; and the 2 × 3 map from its pixels to the new picture's."""
    import cv2

    sized = image
    if scale != 1.0:
        interpolation = cv2.INTER_AREA if scale < 1.0 else cv2.INTER_CUBIC
        size = (round(image.shape[1] * scale), round(image.shape[0] * scale))
        sized = cv2.resize(image, size, interpolation=interpolation)
    rows, cols = sized.shape[:2]
    matrix = cv2.getRotationMatrix2D((cols / 2, rows / 2), angle_deg, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    width, height = int(np.ceil(rows * sin + cols * cos)), int(np.ceil(rows * cos + cols * sin))
    matrix[0, 2] += width / 2 - cols / 2
    matrix[1, 2] += height / 2 - rows / 2
    out = cv2.warpAffine(sized, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=CORNERS)
    resize = np.diag([cols / image.shape[1], rows / image.shape[0], 1.0])
    return out, (np.vstack([matrix, [0.0, 0.0, 1.0]]) @ resize)[:2]


def judge_image(job: tuple[str, dict, list[float], float]) -> list[dict]:
    """Scan image ``entry`` of corpus ``root`` resized by ``scale`` and turned by each angle; a
    row per labelled instance (of S ``MIN_MARK_PX`` or more once resized)."""
    import io

    from PIL import Image

    from logo_check.api import box_iou, check_image

    root, entry, angles, scale = job
    image = np.asarray(Image.open(Path(root) / entry["file"]).convert("RGB"))
    rows = []
    for angle in angles:
        page, matrix = turned(image, angle, scale)
        data = io.BytesIO()
        Image.fromarray(page).save(data, "JPEG", quality=JPEG_QUALITY)
        report = check_image(data.getvalue(), channel=entry["channel"], category=entry["category"])
        found = [i for p in report.documents[0].pages for i in p.instances]
        for instance in entry["instances"]:
            if instance["mark_height_px"] * scale < MIN_MARK_PX:
                continue
            if abs(instance["rotation_deg"] + angle) > MAX_TURN_DEG:
                rows.append({"file": entry["file"], "angle": angle, "beyond": True})
                continue
            quad = np.array(instance["quad"], float) @ matrix[:, :2].T + matrix[:, 2]
            box = (*quad.min(axis=0), *quad.max(axis=0))
            best = max(found, key=lambda i: box_iou(i.bbox, box), default=None)
            hit = best is not None and box_iou(best.bbox, box) >= 0.5
            rows.append(
                {
                    "file": entry["file"],
                    "angle": angle,
                    "mark_px": instance["mark_height_px"] * scale,
                    "found": hit,
                    "verdict": best.verdict if hit and best else None,
                    "codes": sorted({f.code for f in best.findings if f.severity == "violation"})
                    if hit and best
                    else [],
                }
            )
    return rows


def summary(rows: list[dict]) -> str:
    """The figures, as Markdown: a line per turn, then what was missed or given a violation."""
    lines = [
        f"| turn (°) | beyond ±{MAX_TURN_DEG:g}° | instances | found | compliant | review | with a violation |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for angle in sorted({r["angle"] for r in rows}):
        beyond = sum(1 for r in rows if r["angle"] == angle and r.get("beyond"))
        group = [r for r in rows if r["angle"] == angle and not r.get("beyond")]
        verdicts = Counter(r["verdict"] for r in group if r["found"])
        flagged = sum(1 for r in group if r["codes"])
        lines.append(
            f"| {angle:g} | {beyond} | {len(group)} | {sum(r['found'] for r in group)} | {verdicts['compliant']} "
            f"| {verdicts['review']} | {flagged} |"
        )
    rows = [r for r in rows if not r.get("beyond")]
    codes = Counter(c for r in rows for c in r["codes"])
    lines.append("")
    lines.append("violations: " + (", ".join(f"{c} {n}" for c, n in codes.most_common()) or "none"))
    missed = [r for r in rows if not r["found"]]
    lines.append(
        "missed: " + (", ".join(f"{r['file']} at {r['angle']:g}° (S {r['mark_px']:.0f} px)" for r in missed) or "none")
    )
    flagged = [r for r in rows if r["codes"]]
    described = (f"{r['file']} at {r['angle']:g}° (S {r['mark_px']:.0f} px: {' '.join(r['codes'])})" for r in flagged)
    lines.append("given a violation: " + (", ".join(described) or "none"))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a folder made by corpus.py")
    parser.add_argument("--angles", default="0,3,-3,15", help="turns in degrees, comma-separated")
    parser.add_argument("--min-pixels", type=int, default=0, help="only the images of at least this many pixels")
    parser.add_argument("--count", type=int, default=60, help="the first this many images that qualify")
    parser.add_argument("--scale", type=float, default=1.0, help="resize the pictures by this factor first")
    parser.add_argument("--channel", help="declare this channel instead of the labelled one")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    labels = json.loads((args.corpus / "labels.json").read_text(encoding="utf-8"))
    entries = [
        e
        for e in labels["images"]
        if e["set"] == "positives" and e["width"] * e["height"] >= args.min_pixels and e["instances"]
    ][: args.count]
    angles = [float(a) for a in args.angles.split(",")]
    if args.channel:
        entries = [{**e, "channel": args.channel} for e in entries]
    jobs = [(str(args.corpus), e, angles, args.scale) for e in entries]
    rows = [row for result in run_all(judge_image, jobs, args.workers) for row in result]
    print(f"{len(entries)} images of {args.corpus.name}, seed {labels['seed']}, resized by {args.scale:g}")
    print(summary(rows))


if __name__ == "__main__":
    main()
