#!/usr/bin/env python3
"""Print what the ECC registration's early checks see, to set their thresholds from data.

Usage::

    python benchmarks/ecc_checks.py CORPUS [CORPUS ...] [--look STAGE:ITERATIONS ...] [--limit N]

The detector (``logo_check.detect``) stops an ECC stage after its first few iterations when the
correlation is still low (``_ECC_STAGES``: iterations and least correlation of each stage's early
check). This script runs the detector on every image of the corpora with the early checks turned
off and, at each stage that has one, also measures the correlation the early check would see. Each stage's
registrations are then split by their outcome: *kept on a logo* when the whole registration
ends at or above ``MIN_SCORE`` (the detector keeps it) and its artwork's box matches a
ground-truth instance (IoU at least 0.5): an early check must never drop one of those; the
*others* otherwise (a registration kept elsewhere is verify's to reject). It prints, per
stage, the lowest early correlations of the kept ones and the share of the others under a few
thresholds (the configured one among them). ``--look`` measures a stage's early correlation
after another number of iterations than the configured one. The reasons written beside
``_ECC_STAGES`` quote this command's output.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from score import interleave, iou, limit_threads

THRESHOLDS = (0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.65)


def collect(
    corpora: list[Path], looks: dict[int, int] | None = None, limit: int | None = None
) -> dict[int, list[tuple[float, bool, str]]]:
    """(early correlation, kept, image file) of every ECC stage run, by stage index; ``looks``
    replaces the number of iterations of some stages' early looks."""
    import cv2

    import logo_check.detect as detect
    from logo_check.charter import load_charter
    from logo_check.ingest import read_image

    charter = load_charter()
    configured = detect._ECC_STAGES
    # a stage is told by its iterations and motion (a mark too small for a perspective is
    # registered affine throughout); the fine stage, last, may be given more iterations
    stage_of = {(stage[3], stage[1]): i for i, stage in enumerate(configured)}
    looks = looks or {}
    runs: list[tuple[int, float]] = []
    out: dict[int, list[tuple[float, bool, str]]] = defaultdict(list)
    current = [""]
    truth: list[list[dict[str, Any]]] = [[]]
    ecc, fit = detect._ecc, detect._fit

    def ecc_with_early_look(
        template: Any, image: Any, mask: Any, warp: Any, motion: int, iterations: int, smoothing: int
    ) -> Any:
        stage = stage_of.get((iterations, motion), len(configured) - 1)
        early = configured[stage][5]
        if early is not None:
            try:
                score = ecc(template, image, mask, warp.copy(), motion, looks.get(stage, early[0]), smoothing)[0]
            except cv2.error:
                score = -1.0
            runs.append((stage, float(score)))
        return ecc(template, image, mask, warp, motion, iterations, smoothing)

    def fit_and_record(*args: Any, **kwargs: Any) -> Any:
        runs.clear()
        candidate = fit(*args, **kwargs)
        kept = candidate is not None and candidate.score >= detect.MIN_SCORE
        if kept:
            quad = detect._artwork_quad(candidate.homography, charter)
            box = (*quad.min(axis=0), *quad.max(axis=0))
            kept = any(iou(t["bbox"], box) >= 0.5 for t in truth[0])
        for stage, score in runs:
            out[stage].append((score, kept, current[0]))
        return candidate

    detect._ECC_STAGES = tuple((*stage[:5], None, *stage[6:]) for stage in configured)
    detect._ecc, detect._fit = ecc_with_early_look, fit_and_record
    try:
        for root in corpora:
            labels = json.loads((root / "labels.json").read_text(encoding="utf-8"))
            for entry in interleave(labels["images"])[:limit] if limit else labels["images"]:
                current[0] = f"{root.name}/{entry['file']}"
                truth[0] = entry["instances"]
                for page in read_image((root / entry["file"]).read_bytes(), entry["file"]):
                    detect.detect(page, charter)
    finally:
        detect._ECC_STAGES, detect._ecc, detect._fit = configured, ecc, fit
    return out


def markdown(out: dict[int, list[tuple[float, bool, str]]], looks: dict[int, int] | None = None) -> str:
    import logo_check.detect as detect

    rows = []
    for stage, values in sorted(out.items()):
        scale, _, _, iterations, _, early, *_ = detect._ECC_STAGES[stage]
        if early is None:  # a stage without an early check: nothing to set
            continue
        kept = sorted((score, name) for score, k, name in values if k)
        others = [score for score, k, _ in values if not k]
        look = (looks or {}).get(stage, early[0])
        rows.append(f"### stage {stage} ({scale:g} px per S, {iterations} iterations; look after {look})\n")
        lowest = ", ".join(f"{v:.3f} ({name})" for v, name in kept[:5])
        rows.append(f"- kept on a logo: {len(kept)}; lowest early correlations: {lowest}")
        thresholds = sorted({*THRESHOLDS, early[1]})
        shares = ", ".join(f"< {t:.2f}: {sum(v < t for v in others) / max(len(others), 1):.0%}" for t in thresholds)
        rows.append(f"- other registrations: {len(others)}; share under each threshold: {shares}")
        rows.append(f"- configured threshold: {early[1]:.2f}\n")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Early correlations of the ECC stages on labelled corpora.")
    parser.add_argument("corpora", nargs="+", help="folders written by benchmarks/corpus.py")
    parser.add_argument("--look", action="append", default=[], help="STAGE:ITERATIONS of an early look")
    parser.add_argument("--limit", type=int, default=None, help="images per corpus, every set sampled")
    args = parser.parse_args(argv)
    limit_threads()
    looks = {int(a): int(b) for a, b in (v.split(":") for v in args.look)}
    print(markdown(collect([Path(c) for c in args.corpora], looks, args.limit), looks))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
