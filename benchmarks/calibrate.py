#!/usr/bin/env python3
"""Print the distributions of verify's measurements on a labelled corpus, to set the charter's
tolerances from data.

Usage::

    python benchmarks/calibrate.py CORPUS [CORPUS ...] [--json OUT]

For every ground-truth instance (``benchmarks/corpus.py`` labels) that the detector finds, the
measurements are collected; the clean instances give the spread a tolerance must allow
(percentiles 50, 95, 99 and the maximum), and each modified set gives the values its
modification produces (percentiles 1, 5 and 50), so that a limit can be put between the two. The
reasons written beside the tolerances in ``charter/charter.toml`` quote this command's output.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import numpy as np

from logo_check.charter import load_charter
from logo_check.detect import detect
from logo_check.ingest import read_image
from logo_check.pipeline import box_iou as iou
from logo_check.verify import measure


def rows_of(m: object) -> dict[str, float]:
    """The scalar measurements of one instance, by name."""
    out: dict[str, float] = {
        "score": m.score,
        "caption_score": m.caption_score,
        "caption_margin": m.caption_margin,
        "scale_ratio": m.scale_ratio,
        "shear_deg": m.shear_deg,
        "rotation_abs_deg": abs(m.rotation_deg),
        "addition": m.addition,
        "clear_space": m.clear_space,
        "cropped": m.cropped,
        "contrast": m.contrast,
        "perspective": m.perspective,
    }
    if m.caption_layout is not None:
        out["caption_layout.match"], out["caption_layout.width"] = m.caption_layout
    if m.context_rotation_deg is not None:
        out["rotation_vs_context_deg"] = abs(((m.rotation_deg - m.context_rotation_deg) + 45) % 90 - 45)
    for name, e in m.elements.items():
        out[f"{name}.match"] = e.match
        out[f"{name}.offset"] = e.offset
        if e.delta_e is not None:
            out[f"{name}.delta_e"] = e.delta_e
        if e.ink_delta_e is not None:
            out[f"{name}.ink_delta_e"] = e.ink_delta_e
    return out


def collect(corpora: list[Path]) -> dict[str, dict[str, list[float]]]:
    charter = load_charter()
    values: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for corpus in corpora:
        labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
        for entry in labels["images"]:
            if not entry["instances"]:
                continue
            pages = read_image((corpus / entry["file"]).read_bytes(), entry["file"])
            found = [(c, measure(pages[0], c, charter)) for c in detect(pages[0], charter)]
            measured = [m for _, m in found if m is not None]
            proposal_scores = {id(m): c.proposal_score for c, m in found if m is not None}
            for truth in entry["instances"]:
                best = max(measured, key=lambda m: iou(truth["bbox"], m.bbox), default=None)
                group = "clean" if not truth.get("modified") else entry["set"]
                if best is None or iou(truth["bbox"], best.bbox) < 0.5:
                    values[group]["missed"].append(1.0)
                    continue
                for key, value in rows_of(best).items():
                    values[group][key].append(float(value))
                values[group]["proposal_score"].append(proposal_scores[id(best)])
                if group == "clean":
                    values[group]["variant_ok"].append(float(best.variant == truth["variant"]))
                    values[group]["caption_ok"].append(float(best.caption == truth["caption"]))
    return values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--json", type=Path, help="write every value to this file")
    args = parser.parse_args(argv)
    values = collect(args.corpora)
    clean = values.get("clean", {})
    print(f"clean instances measured: {len(clean.get('score', []))}, missed: {len(clean.get('missed', []))}")
    print("\n| measurement (clean) | p50 | p95 | p99 | max | min |\n| --- | ---: | ---: | ---: | ---: | ---: |")
    for key in sorted(clean):
        v = np.array(clean[key])
        if key == "missed" or len(v) == 0:
            continue
        p = np.percentile(v, [50, 95, 99])
        print(f"| {key} | {p[0]:.3f} | {p[1]:.3f} | {p[2]:.3f} | {v.max():.3f} | {v.min():.3f} |")
    print(
        "\n| modified set | measurement | p1 | p5 | p50 | p95 | n |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |"
    )
    for group in sorted(values):
        if group == "clean":
            continue
        for key in sorted(values[group]):
            v = np.array(values[group][key])
            if key == "missed":
                print(f"| {group} | missed | | | | | {len(v)} |")
                continue
            p = np.percentile(v, [1, 5, 50, 95])
            print(f"| {group} | {key} | {p[0]:.3f} | {p[1]:.3f} | {p[2]:.3f} | {p[3]:.3f} | {len(v)} |")
    if args.json:
        args.json.write_text(json.dumps(values, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
