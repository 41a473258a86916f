"""Could the orientation search's score drop proposals before registration? What it gives on
negatives, and the least it gives a logo the detector finds.

On each image of a corpus written by ``corpus.py``, the detector's plain steps run as in
``logo_check.detect.detect`` (proposals, orientation search, registration of the best hypotheses),
keeping the orientation score of each hypothesis. The script prints, for negatives, how many
proposals and hypotheses an image has and how many hypotheses would be registered (at most
``MAX_REFINED``) under several least scores; for images with a logo, the orientation scores of the
hypotheses whose registration became an instance on a true logo (IoU ≥ 0.5 with its box): the
least of them bounds any such threshold.

    python benchmarks/orientation_gate.py CORPUS [--negatives 60] [--logos 300] [--workers 2] [--seed 5]
"""

from __future__ import annotations

import argparse
import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

#: Least orientation scores tried (the detector's is ``detect.ORIENT_MIN_SCORE``).
THRESHOLDS = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


def hypotheses(path: Path) -> tuple[Any, list[Any], list[tuple[Any, Any]]]:
    """The image's pyramid, its oriented hypotheses (best first), and the instances the detector
    keeps, each with the hypothesis it was registered from."""
    import cv2

    from logo_check import detect as d
    from logo_check.charter import load_charter

    charter = load_charter()
    rgb = cv2.cvtColor(cv2.imread(str(path)), cv2.COLOR_BGR2RGB)
    pyramid = d._pyramid(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))
    proposals = d._proposals(pyramid, d._chroma_pyramids(rgb), d._band_geometry(charter))
    # the plain search only: the hypotheses compared over the artwork's own pixels have a bar
    # of their own (detect.ORIENT_MIN_MASKED_SCORE)
    oriented = [p for p in d._orient(pyramid, proposals, charter) if not p.masked] if proposals else []
    registered: list[tuple[Any, Any, Any]] = []
    for hypothesis in d._to_refine(oriented):
        if any(
            c.score >= d.CONFIDENT_SCORE and d._inside_polygon(q, hypothesis.x, hypothesis.y) for c, q, _ in registered
        ):
            continue
        candidate = d._register(pyramid, hypothesis, charter)
        if candidate is not None and candidate.score >= d.MIN_SCORE:
            registered.append((candidate, d._artwork_quad(candidate.homography, charter), hypothesis))
    registered.sort(key=lambda cqh: -cqh[0].score)
    kept: list[tuple[Any, Any, Any]] = []
    for candidate, quad, hypothesis in registered:
        if all(d._overlap(quad, other) <= 0.3 for _, other, _ in kept):
            kept.append((candidate, quad, hypothesis))
    return proposals, oriented, [(quad, hypothesis) for _, quad, hypothesis in kept]


def measure(job: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    """One image: its proposal count, its hypotheses' scores, and the scores of the hypotheses that
    became instances on a true logo."""
    import cv2

    from logo_check.api import box_iou

    cv2.setNumThreads(1)
    corpus, entry = job
    proposals, oriented, kept = hypotheses(Path(corpus) / entry["file"])
    on_logos = []
    for quad, hypothesis in kept:
        box = (float(quad[:, 0].min()), float(quad[:, 1].min()), float(quad[:, 0].max()), float(quad[:, 1].max()))
        if any(box_iou(box, tuple(i["bbox"])) >= 0.5 for i in entry["instances"]):
            on_logos.append(float(hypothesis.score))
    return {
        "set": entry["set"],
        "proposals": len(proposals),
        "scores": [float(h.score) for h in oriented],
        "on_logos": on_logos,
        "instances": len(entry["instances"]),
    }


def summary(rows: list[dict[str, Any]], refined: int) -> str:
    """The Markdown tables of the results."""
    negatives = [r for r in rows if r["set"] == "negatives"]
    logos = [r for r in rows if r["set"] != "negatives"]
    out = []
    if negatives:
        proposals = np.mean([r["proposals"] for r in negatives])
        out.append(f"Negatives: {len(negatives)} images, {proposals:.1f} proposals each")
        out.append("")
        out.append(f"| least orientation score | hypotheses per image | registered per image (at most {refined}) |")
        out.append("| ---: | ---: | ---: |")
        for t in THRESHOLDS:
            above = [sum(s >= t for s in r["scores"]) for r in negatives]
            out.append(f"| {t:.2f} | {np.mean(above):.1f} | {np.mean(np.minimum(above, refined)):.1f} |")
        out.append("")
    if logos:
        scores = np.array([s for r in logos for s in r["on_logos"]])
        total = sum(r["instances"] for r in logos)
        out.append(f"Images with logos: {len(logos)}, {len(scores)} instances found on {total} logos")
        if len(scores):
            low = np.percentile(scores, [0, 1, 5, 10])
            out.append(
                "orientation score of the hypotheses found on a logo: least "
                f"{low[0]:.3f}, 1st percentile {low[1]:.3f}, 5th {low[2]:.3f}, 10th {low[3]:.3f}"
            )
            lost = ", ".join(f"{t:.2f}: {int((scores < t).sum())}" for t in THRESHOLDS)
            out.append(f"instances lost under each least score: {lost}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    from logo_check.detect import MAX_REFINED

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--negatives", type=int, default=60, help="negative images drawn")
    parser.add_argument("--logos", type=int, default=300, help="images with logos drawn (positives and modified)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=5, help="of the draw")
    args = parser.parse_args(argv)
    entries = json.loads((args.corpus / "labels.json").read_text(encoding="utf-8"))["images"]
    rng = np.random.default_rng(args.seed)
    negatives = [e for e in entries if e["set"] == "negatives"]
    logos = [e for e in entries if e["set"] != "negatives"]
    chosen = [negatives[i] for i in rng.permutation(len(negatives))[: args.negatives]]
    chosen += [logos[i] for i in rng.permutation(len(logos))[: args.logos]]
    jobs = [(str(args.corpus), e) for e in chosen]
    with ProcessPoolExecutor(args.workers) as pool:
        rows = list(pool.map(measure, jobs, chunksize=4))
    print(summary(rows, MAX_REFINED))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
