#!/usr/bin/env python3
"""Score logo-check's detector and checker on a corpus written by ``benchmarks/corpus.py``.

Usage::

    python benchmarks/score.py DIR [--limit N] [--workers 1] [--sets a,b] [--fake-engine] [--cpu-time]

Runs ``logo_check.api.check_image(path, channel=..., category=..., date=None)`` on every image of
``DIR/labels.json``, matches the reported instances to the ground truth (IoU ≥ 0.5 between the
axis-aligned boxes, greedy, one to one), prints one Markdown table of the metrics and the ten
worst misses, and writes every image's result to ``DIR/results.json``.

Time is measured in the scanning process, on one core (OpenCV, OpenMP and BLAS threads set to
1), and given as a ratio to ``cv2.imdecode`` of the same file bytes; wall-clock time by default,
the process's CPU time with ``--cpu-time`` (steadier when other jobs share the machine).

``--fake-engine`` replaces the engine by one that answers from the labels themselves (perfect
answers, after decoding the image): it checks the scorer's arithmetic while the engine is not
written yet.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from logo_check.pipeline import box_iou as iou

IOU_THRESHOLD = 0.5
THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
)
POSITIVES = "positives"
NEGATIVES = "negatives"
BUCKETS = ("24-40", "40-100", "100-400")
#: Artwork width / height, to turn a false box into an equivalent mark height for ranking misses.
ASPECT = 5.6
DECODE_REPEATS = 3

Box = tuple[float, float, float, float]
CheckImage = Callable[..., Any]


# --- matching ------------------------------------------------------------------------------------


def match(
    truth: Sequence[Sequence[float]], predicted: Sequence[Sequence[float]], threshold: float = IOU_THRESHOLD
) -> list[tuple[int, int, float]]:
    """One-to-one matches (truth index, predicted index, IoU) with IoU ≥ ``threshold``.

    Greedy: pairs are taken by decreasing IoU (ties: lower truth, then lower predicted index),
    each box at most once.
    """
    pairs = []
    for ti, t in enumerate(truth):
        for pi, p in enumerate(predicted):
            v = iou(t, p)
            if v >= threshold:
                pairs.append((-v, ti, pi))
    pairs.sort()
    used_t: set[int] = set()
    used_p: set[int] = set()
    out = []
    for neg, ti, pi in pairs:
        if ti in used_t or pi in used_p:
            continue
        used_t.add(ti)
        used_p.add(pi)
        out.append((ti, pi, -neg))
    return sorted(out)


# --- engine results ------------------------------------------------------------------------------


@dataclass
class Finding:
    code: str
    severity: str
    element: str | None = None


@dataclass
class Predicted:
    bbox: Box
    verdict: str
    findings: list[Finding] = field(default_factory=list)

    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "violation"]


@dataclass
class ImageResult:
    """Everything the scorer keeps about one image."""

    file: str
    set: str
    kind: str
    width: int
    height: int
    expected_code: str | None
    expected_element: str | None
    truth: list[dict[str, Any]]
    predicted: list[Predicted]
    matches: list[tuple[int, int, float]]
    decode_s: float
    scan_s: float
    error: str | None = None
    acceptable: list[str] = field(default_factory=list)

    def match_of(self, truth_index: int) -> Predicted | None:
        for ti, pi, _ in self.matches:
            if ti == truth_index:
                return self.predicted[pi]
        return None

    def unmatched_predictions(self) -> list[Predicted]:
        used = {pi for _, pi, _ in self.matches}
        return [p for i, p in enumerate(self.predicted) if i not in used]


def extract(report: Any) -> list[Predicted]:
    """The instances of ``report.documents[0].pages[0]`` as :class:`Predicted`."""
    documents = getattr(report, "documents", None) or []
    if not documents:
        return []
    pages = getattr(documents[0], "pages", None) or []
    if not pages:
        return []
    out = []
    for inst in getattr(pages[0], "instances", None) or []:
        bbox = tuple(float(v) for v in inst.bbox)
        findings = [
            Finding(str(f.code), str(getattr(f, "severity", "")), getattr(f, "element", None))
            for f in getattr(inst, "findings", None) or []
        ]
        out.append(Predicted(bbox, str(getattr(inst, "verdict", "")), findings))  # type: ignore[arg-type]
    return out


def fake_engine(root: Path, entries: Iterable[dict[str, Any]]) -> CheckImage:
    """A ``check_image`` that decodes the file and returns the labels as a perfect report."""
    by_path = {str((root / e["file"]).resolve()): e for e in entries}

    def check_image(path: str | os.PathLike[str], channel: str, category: str | None, date: Any = None) -> Any:
        import cv2
        import numpy as np

        entry = by_path[str(Path(path).resolve())]
        cv2.imdecode(np.frombuffer(Path(path).read_bytes(), np.uint8), cv2.IMREAD_COLOR)
        instances = []
        for t in entry["instances"]:
            findings = []
            if t.get("expected_code"):
                findings.append(
                    SimpleNamespace(code=t["expected_code"], severity="violation", element=t.get("expected_element"))
                )
            verdict = "non_compliant" if findings else "compliant"
            instances.append(SimpleNamespace(bbox=tuple(t["bbox"]), verdict=verdict, findings=findings))
        page = SimpleNamespace(instances=instances)
        return SimpleNamespace(documents=[SimpleNamespace(pages=[page])])

    return check_image


def load_engine() -> CheckImage:
    """``logo_check.api.check_image``, or exit with a clear message while it does not exist."""
    try:
        from logo_check.api import check_image
    except ImportError as exc:
        sys.exit(
            f"logo_check.api.check_image is not available yet ({exc}).\n"
            "Run with --fake-engine to check the scorer itself."
        )
    return check_image


# --- running ---------------------------------------------------------------------------------------


def limit_threads() -> None:
    """One core: OpenMP/BLAS threads (before NumPy loads) and OpenCV threads."""
    for name in THREAD_VARIABLES:
        os.environ[name] = "1"
    import cv2

    cv2.setNumThreads(1)


def score_image(
    root: Path, entry: dict[str, Any], check: CheckImage, clock: Callable[[], float] = time.perf_counter
) -> ImageResult:
    """Decode (timed), scan (timed) and match one image of the corpus; ``clock`` is the timer
    (wall time by default, ``time.process_time`` for the CPU time of this process)."""
    import cv2
    import numpy as np

    path = root / entry["file"]
    data = path.read_bytes()
    buf = np.frombuffer(data, np.uint8)
    times = []
    for _ in range(DECODE_REPEATS):
        t0 = clock()
        cv2.imdecode(buf, cv2.IMREAD_COLOR)
        times.append(clock() - t0)
    decode_s = sorted(times)[len(times) // 2]
    error = None
    predicted: list[Predicted] = []
    t0 = clock()
    try:
        report = check(str(path), channel=entry["channel"], category=entry["category"], date=None)
        scan_s = clock() - t0
        predicted = extract(report)
    except Exception as exc:  # an engine failure is a result to report, not a scorer crash
        scan_s = clock() - t0
        error = f"{type(exc).__name__}: {exc}"
    truth = entry["instances"]
    matches = match([t["bbox"] for t in truth], [p.bbox for p in predicted])
    acceptable = sorted({c for t in truth for c in t.get("acceptable_codes", [])})
    return ImageResult(
        file=entry["file"],
        set=entry["set"],
        kind=entry.get("kind", ""),
        width=int(entry["width"]),
        height=int(entry["height"]),
        expected_code=entry.get("expected_code"),
        expected_element=entry.get("expected_element"),
        truth=truth,
        predicted=predicted,
        matches=matches,
        decode_s=decode_s,
        scan_s=scan_s,
        error=error,
        acceptable=acceptable,
    )


_WORKER: dict[str, Any] = {}


def _init_worker(root: str, fake: bool, entries: list[dict[str, Any]], cpu_time: bool = False) -> None:
    limit_threads()
    _WORKER["root"] = Path(root)
    _WORKER["check"] = fake_engine(Path(root), entries) if fake else load_engine()
    _WORKER["clock"] = time.process_time if cpu_time else time.perf_counter


def _work(entry: dict[str, Any]) -> ImageResult:
    return score_image(_WORKER["root"], entry, _WORKER["check"], _WORKER["clock"])


def interleave(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Spread the sets evenly, so that any prefix (``--limit``) samples each set in proportion."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in entries:
        groups[e["set"]].append(e)
    keyed = [((k + 0.5) / len(group), name, k) for name, group in groups.items() for k in range(len(group))]
    return [groups[name][k] for _, name, k in sorted(keyed)]


# --- aggregation -----------------------------------------------------------------------------------


def rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0–100) with linear interpolation (NumPy's default)."""
    if not values:
        return None
    data = sorted(values)
    pos = (len(data) - 1) * q / 100
    lo = math.floor(pos)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def timing(results: Sequence[ImageResult]) -> dict[str, Any]:
    ratios = [r.scan_s / r.decode_s for r in results if r.decode_s > 0 and r.error is None]
    return {
        "images": len(ratios),
        "median_ratio": percentile(ratios, 50),
        "p90_ratio": percentile(ratios, 90),
        "median_scan_ms": percentile([r.scan_s * 1000 for r in results if r.error is None], 50),
        "median_decode_ms": percentile([r.decode_s * 1000 for r in results], 50),
    }


def aggregate(results: Sequence[ImageResult]) -> dict[str, Any]:
    """Every metric of the table, with numerators and denominators."""
    recall: dict[str, list[int]] = {b: [0, 0] for b in BUCKETS}
    recall_all = [0, 0]
    recall_mod = [0, 0]
    tp = fp = 0
    neg_images = neg_instances = 0
    neg_kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    modified: dict[str, dict[str, Any]] = {}
    clean_n = clean_violation = clean_review = 0
    clean_codes: Counter[str] = Counter()
    for r in results:
        tp += len(r.matches)
        fp += len(r.unmatched_predictions())
        if r.set == NEGATIVES:
            neg_images += 1
            neg_instances += len(r.predicted)
            neg_kinds[r.kind][0] += 1
            neg_kinds[r.kind][1] += len(r.predicted)
            continue
        for ti, t in enumerate(r.truth):
            found = r.match_of(ti)
            if r.set == POSITIVES:
                recall_all[1] += 1
                recall_all[0] += found is not None
                if t.get("bucket") in recall:
                    recall[t["bucket"]][1] += 1
                    recall[t["bucket"]][0] += found is not None
                if found is not None:
                    clean_n += 1
                    codes = {f.code for f in found.violations()}
                    clean_violation += bool(codes)
                    clean_codes.update(codes)
                    clean_review += found.verdict == "review"
            else:
                recall_mod[1] += 1
                recall_mod[0] += found is not None
        if r.set not in (POSITIVES, NEGATIVES):
            m = modified.setdefault(
                r.set,
                {"images": 0, "detected": 0, "reported": 0, "with_element": 0, "element_right": 0, "other": Counter()},
            )
            m["images"] += 1
            found = r.match_of(0) if r.truth else None
            if found is None:
                continue
            m["detected"] += 1
            hits = [f for f in found.violations() if f.code == r.expected_code]
            if hits:
                m["reported"] += 1
                if r.expected_element:
                    m["with_element"] += 1
                    m["element_right"] += any(f.element == r.expected_element for f in hits)
            skip = {r.expected_code, *r.acceptable}
            m["other"].update({f.code for f in found.violations()} - skip)
    summary: dict[str, Any] = {
        "images": len(results),
        "errors": sum(r.error is not None for r in results),
        "recall_by_bucket": {b: {"found": v[0], "total": v[1], "rate": rate(*v)} for b, v in recall.items()},
        "recall_clean": {"found": recall_all[0], "total": recall_all[1], "rate": rate(*recall_all)},
        "recall_modified": {"found": recall_mod[0], "total": recall_mod[1], "rate": rate(*recall_mod)},
        "precision": {"true": tp, "false": fp, "rate": rate(tp, tp + fp)},
        "negatives": {
            "images": neg_images,
            "instances": neg_instances,
            "per_1000": 1000 * neg_instances / neg_images if neg_images else None,
            "by_kind": {k: {"images": v[0], "instances": v[1]} for k, v in sorted(neg_kinds.items())},
        },
        "modified": {
            code: {
                "images": m["images"],
                "detected": m["detected"],
                "reported": m["reported"],
                "rate": rate(m["reported"], m["images"]),
                "with_element": m["with_element"],
                "element_right": m["element_right"],
                "other_codes": m["other"].most_common(3),
            }
            for code, m in sorted(modified.items())
        },
        "clean": {
            "instances": clean_n,
            "with_violation": clean_violation,
            "violation_rate": rate(clean_violation, clean_n),
            "top_codes": sorted(clean_codes.items(), key=lambda kv: (-kv[1], kv[0]))[:5],
            "review": clean_review,
            "review_rate": rate(clean_review, clean_n),
        },
        "timing": {
            "negatives": timing([r for r in results if r.set == NEGATIVES]),
            "single_1920x1080": timing(
                [r for r in results if r.set == POSITIVES and len(r.truth) == 1 and (r.width, r.height) == (1920, 1080)]
            ),
        },
    }
    return summary


def worst_misses(results: Sequence[ImageResult], count: int = 10) -> list[dict[str, Any]]:
    """The ``count`` worst misses, ranked by the size of the mark concerned (bigger is worse)."""
    misses = []
    for r in results:
        for ti, t in enumerate(r.truth):
            found = r.match_of(ti)
            s = float(t.get("mark_height_px", 0.0))
            if found is None:
                misses.append({"miss": "not detected", "file": r.file, "mark_px": s, "detail": r.error or r.set})
            elif r.set == POSITIVES and found.violations():
                codes = ", ".join(sorted({f.code for f in found.violations()}))
                misses.append({"miss": "false violation", "file": r.file, "mark_px": s, "detail": codes})
            elif (
                r.set not in (POSITIVES, NEGATIVES)
                and ti == 0
                and not any(f.code == r.expected_code for f in found.violations())
            ):
                got = ", ".join(sorted({f.code for f in found.violations()})) or found.verdict
                detail = f"expected {r.expected_code}, got {got}"
                misses.append({"miss": "code not reported", "file": r.file, "mark_px": s, "detail": detail})
        for p in r.unmatched_predictions():
            area = max(0.0, p.bbox[2] - p.bbox[0]) * max(0.0, p.bbox[3] - p.bbox[1])
            s = math.sqrt(area / ASPECT)
            box = ", ".join(f"{v:.0f}" for v in p.bbox)
            misses.append({"miss": "false instance", "file": r.file, "mark_px": s, "detail": f"box {box} ({r.set})"})
    misses.sort(key=lambda m: (-m["mark_px"], m["file"], m["miss"]))
    return misses[:count]


# --- report ----------------------------------------------------------------------------------------


def fmt_rate(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f} %"


def fmt_ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}×"


def markdown(summary: dict[str, Any]) -> str:
    """The metrics as one Markdown table."""
    rows = [("metric", "value", "count"), ("---", "---:", "---")]
    for b, v in summary["recall_by_bucket"].items():
        rows.append((f"detection recall, clean, S {b} px", fmt_rate(v["rate"]), f"{v['found']}/{v['total']}"))
    v = summary["recall_clean"]
    rows.append(("detection recall, clean, all sizes", fmt_rate(v["rate"]), f"{v['found']}/{v['total']}"))
    v = summary["recall_modified"]
    rows.append(("detection recall, modified instances", fmt_rate(v["rate"]), f"{v['found']}/{v['total']}"))
    v = summary["precision"]
    rows.append(("precision (IoU ≥ 0.5, all images)", fmt_rate(v["rate"]), f"{v['true']}/{v['true'] + v['false']}"))
    v = summary["negatives"]
    per = "n/a" if v["per_1000"] is None else f"{v['per_1000']:.1f}"
    kinds = "; ".join(f"{k} {x['instances']}/{x['images']}" for k, x in v["by_kind"].items() if x["instances"])
    rows.append(
        (
            "false instances per 1,000 negative images",
            per,
            f"{v['instances']} in {v['images']}" + (f" ({kinds})" if kinds else ""),
        )
    )
    for code, m in summary["modified"].items():
        extra = f"{m['reported']}/{m['images']}, detected {m['detected']}"
        if m["with_element"]:
            extra += f", right element {m['element_right']}/{m['with_element']}"
        if m["other_codes"]:
            extra += "; also " + ", ".join(f"{c} {n}" for c, n in m["other_codes"])
        rows.append((f"`{code}`: expected code reported", fmt_rate(m["rate"]), extra))
    c = summary["clean"]
    top = ", ".join(f"{code} {n}" for code, n in c["top_codes"])
    rows.append(
        (
            "clean instances with a violation",
            fmt_rate(c["violation_rate"]),
            f"{c['with_violation']}/{c['instances']}" + (f" ({top})" if top else ""),
        )
    )
    rows.append(("clean instances with verdict review", fmt_rate(c["review_rate"]), f"{c['review']}/{c['instances']}"))
    for name, label in (("negatives", "negatives"), ("single_1920x1080", "1920×1080, one instance")):
        t = summary["timing"][name]
        ms = "n/a" if t["median_scan_ms"] is None else f"{t['median_scan_ms']:.0f} ms"
        dec = "n/a" if t["median_decode_ms"] is None else f"{t['median_decode_ms']:.1f} ms"
        rows.append(
            (
                f"time / cv2.imdecode, {label} (median, p90)",
                f"{fmt_ratio(t['median_ratio'])}, {fmt_ratio(t['p90_ratio'])}",
                f"{t['images']} images; median scan {ms}, decode {dec}",
            )
        )
    rows.append(("engine errors", str(summary["errors"]), f"of {summary['images']} images"))
    return "\n".join("| " + " | ".join(r) + " |" for r in rows)


def misses_markdown(misses: Sequence[dict[str, Any]]) -> str:
    rows = ["| # | miss | file | S (px) | detail |", "| ---: | --- | --- | ---: | --- |"]
    for n, m in enumerate(misses, 1):
        rows.append(f"| {n} | {m['miss']} | {m['file']} | {m['mark_px']:.0f} | {m['detail']} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score logo-check on a benchmark corpus.")
    parser.add_argument("corpus", help="folder written by benchmarks/corpus.py")
    parser.add_argument("--limit", type=int, default=None, help="score only N images (every set sampled in proportion)")
    parser.add_argument("--workers", type=int, default=1, help="processes, each on one core (default 1)")
    parser.add_argument("--sets", default=None, help="comma-separated set names to score (default: all)")
    parser.add_argument("--fake-engine", action="store_true", help="answer from the labels (checks the scorer)")
    parser.add_argument("--out", default=None, help="per-image results (default: CORPUS/results.json)")
    parser.add_argument(
        "--cpu-time",
        action="store_true",
        help="time decoding and scanning with the process's CPU time instead of the wall clock "
        "(steadier on a machine shared with other jobs)",
    )
    args = parser.parse_args(argv)
    limit_threads()
    root = Path(args.corpus)
    labels = json.loads((root / "labels.json").read_text(encoding="utf-8"))
    entries = labels["images"]
    if args.sets:
        wanted = set(args.sets.split(","))
        entries = [e for e in entries if e["set"] in wanted]
    entries = interleave(entries)
    if args.limit is not None:
        entries = entries[: args.limit]
    start = time.perf_counter()
    if args.workers <= 1:
        _init_worker(str(root), args.fake_engine, entries, args.cpu_time)
        results = []
        for n, e in enumerate(entries, 1):
            results.append(_work(e))
            if n % 200 == 0:
                print(f"  {n}/{len(entries)} images", file=sys.stderr)
    else:
        import multiprocessing

        initargs = (str(root), args.fake_engine, entries, args.cpu_time)
        with multiprocessing.Pool(args.workers, _init_worker, initargs) as pool:
            results = list(pool.imap(_work, entries, chunksize=2))
    elapsed = time.perf_counter() - start
    summary = aggregate(results)
    misses = worst_misses(results)
    engine = "fake engine (answers from the labels)" if args.fake_engine else "logo_check.api.check_image"
    clock = "CPU time" if args.cpu_time else "wall time"
    print(f"## logo-check benchmark: {root} ({len(results)} images, {engine}, {elapsed:.0f} s; timings in {clock})\n")
    print(markdown(summary))
    print("\n### 10 worst misses\n")
    print(misses_markdown(misses) if misses else "(none)")
    out = Path(args.out) if args.out else root / "results.json"
    document = {
        "corpus": {"seed": labels.get("seed"), "size": labels.get("size"), "format": labels.get("format")},
        "engine": engine,
        "summary": summary,
        "worst_misses": misses,
        "images": [asdict(r) for r in results],
    }
    out.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nper-image results: {out}")
    if summary["errors"]:
        first = next(r for r in results if r.error)
        print(f"{summary['errors']} image(s) failed in the engine; first: {first.file}: {first.error}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
