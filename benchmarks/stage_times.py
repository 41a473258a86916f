#!/usr/bin/env python3
"""Where the scan's time goes, stage by stage, on images of a corpus written by ``corpus.py``.

Usage::

    python benchmarks/stage_times.py DIR [--limit 16] [--size 1920x1080] [--sets negatives,positives]

Scans the selected images with ``logo_check.api.check_image`` as ``score.py`` does (one core:
OpenCV, OpenMP and BLAS threads set to 1) and times, in the process's CPU time, the decoding
of the same bytes by ``cv2.imdecode`` and each stage of the scan: ingest (``read_image``), the
detector's proposals, orientation search, ECC registration and registration over the artwork's
own pixels (logos on photographs), and verify's measurements; what
is left (pyramids, policy, report) is "other". The first image is scanned once beforehand so
that one-time costs (imports, reference renderings) do not count. Prints one Markdown table:
milliseconds per image, share of the scan and ratio to ``cv2.imdecode``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from score import interleave, limit_threads

#: (module, function) of each timed stage, in the order of the scan
STAGES = (
    ("ingest", "logo_check.ingest", "read_image"),
    ("proposals", "logo_check.detect", "_proposals"),
    ("orientation search", "logo_check.detect", "_orient"),
    ("ECC registration", "logo_check.detect", "_register"),
    ("masked registration", "logo_check.detect", "_register_masked"),
    ("verify", "logo_check.verify", "measure"),
)


def timed(function: Callable[..., Any], totals: dict[str, float], name: str) -> Callable[..., Any]:
    """``function``, adding the CPU time of each call to ``totals[name]``."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            totals[name] += time.process_time() - t0

    return wrapper


def select(entries: list[dict[str, Any]], size: str | None, sets: str | None, limit: int) -> list[dict[str, Any]]:
    if size:
        width, height = (int(v) for v in size.lower().split("x"))
        entries = [e for e in entries if (int(e["width"]), int(e["height"])) == (width, height)]
    if sets:
        wanted = set(sets.split(","))
        entries = [e for e in entries if e["set"] in wanted]
    return interleave(entries)[:limit]


def stage_times(root: Path, entries: list[dict[str, Any]]) -> dict[str, float]:
    """CPU seconds per image of decoding, of each stage and of the whole scan (means)."""
    import importlib

    import cv2
    import numpy as np

    from logo_check.api import check_image

    totals = {name: 0.0 for name, _, _ in STAGES}
    originals = []
    for name, module_name, function_name in STAGES:
        module = importlib.import_module(module_name)
        originals.append((module, function_name, getattr(module, function_name)))
        setattr(module, function_name, timed(getattr(module, function_name), totals, name))
    scan = decode = 0.0
    try:
        for n, entry in enumerate([entries[0], *entries]):
            if n == 1:  # the first scan only warmed the caches
                totals.update(dict.fromkeys(totals, 0.0))
                scan = decode = 0.0
            path = root / entry["file"]
            buf = np.frombuffer(path.read_bytes(), np.uint8)
            t0 = time.process_time()
            cv2.imdecode(buf, cv2.IMREAD_COLOR)
            decode += time.process_time() - t0
            t0 = time.process_time()
            check_image(str(path), channel=entry["channel"], category=entry["category"], date=None)
            scan += time.process_time() - t0
    finally:
        for module, function_name, function in originals:
            setattr(module, function_name, function)
    count = len(entries)
    out = {name: value / count for name, value in totals.items()}
    out["other"] = scan / count - sum(out.values())
    out["scan"] = scan / count
    out["decode"] = decode / count
    return out


def markdown(times: dict[str, float], count: int) -> str:
    rows = [
        f"{count} images; CPU time per image; cv2.imdecode {times['decode'] * 1000:.1f} ms\n",
        "| stage | ms per image | share of the scan | / cv2.imdecode |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name in [*(s[0] for s in STAGES), "other", "scan"]:
        value = times[name]
        rows.append(f"| {name} | {value * 1000:.1f} | {value / times['scan']:.0%} | {value / times['decode']:.1f}× |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time each stage of the scan on images of a benchmark corpus.")
    parser.add_argument("corpus", help="folder written by benchmarks/corpus.py")
    parser.add_argument("--limit", type=int, default=16, help="images timed (default 16)")
    parser.add_argument("--size", default="1920x1080", help="only images of this size, WxH ('' for all)")
    parser.add_argument("--sets", default=None, help="comma-separated set names (default: all)")
    args = parser.parse_args(argv)
    limit_threads()
    root = Path(args.corpus)
    labels = json.loads((root / "labels.json").read_text(encoding="utf-8"))
    entries = select(labels["images"], args.size, args.sets, args.limit)
    if not entries:
        print("no image matches", file=sys.stderr)
        return 2
    print(markdown(stage_times(root, entries), len(entries)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
