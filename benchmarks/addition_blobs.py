#!/usr/bin/env python3
"""Print the foreign blobs that verify's addition measure finds, in the page's pixels, to set its
floors and limit from data.

Usage::

    python benchmarks/addition_blobs.py CORPUS [CORPUS ...] [--sets positives,addition] [--workers N]

verify counts a blob of foreign pixels over the artwork when it covers at least
``MIN_FOREIGN_BLOB`` S² and ``MIN_FOREIGN_BLOB_PX`` pixels of the page (``_blob_area``). This script
runs the detector and verify on every image of the chosen sets, matches the measured instances
to the labels (IoU at least 0.5), and records, for each instance, the blobs that pass the first
floor alone, with their size in page pixels. It prints every clean instance that has such a
blob (its mark height, the blobs' sizes and the addition it is given), and, for each modified
set, its instances with the smallest blobs and the smallest additions: the data behind
``MIN_FOREIGN_BLOB_PX`` in ``logo_check/verify/frame.py`` and the charter's ``addition`` limit. It
also prints, for each group, how plain the page around each instance's box is (``plain_share`` in
``logo_check/verify/surroundings.py``):
the data behind ``PLAIN_SHARE``, under which the picture around a logo explains its gaps.
"""

from __future__ import annotations

import argparse
import json
from multiprocessing import Pool
from pathlib import Path
from typing import Any

from score import iou, limit_threads

_blobs: list[float] = []  # page pixels of each blob of the instance being measured
_plain: list[float] = []  # the plain share of the page around the instance being measured


def _recording_blob_area(original: Any) -> Any:
    """``blob_area`` (:mod:`logo_check.verify.frame`) that also keeps, in ``_blobs``, the size in
    page pixels of every blob of at least ``MIN_FOREIGN_BLOB`` S²."""
    from logo_check.verify.frame import MIN_FOREIGN_BLOB, blob_inks

    def blob_area(foreign: Any, refs: Any, mark_px: float, gap: float = 0.0) -> float:
        ink = blob_inks(foreign, refs, gap)
        page_px = (mark_px / refs.frame.scale) ** 2
        _blobs.extend(float(i) * page_px for i in ink[ink >= MIN_FOREIGN_BLOB * refs.frame.scale**2])
        return original(foreign, refs, mark_px, gap)

    return blob_area


def _recording_plain_share(original: Any) -> Any:
    """``verify.plain_share`` that also keeps its value in ``_plain``."""

    def plain_share(*args: Any) -> float:
        share = original(*args)
        _plain.append(share)
        return share

    return plain_share


def record() -> None:
    """Make the ``verify`` package record the blobs and plain shares of what it measures (where
    :mod:`logo_check.verify.additions` and :func:`~logo_check.verify.measure` look them up)."""
    from logo_check import verify
    from logo_check.verify import additions

    additions.blob_area = _recording_blob_area(additions.blob_area)
    verify.plain_share = _recording_plain_share(verify.plain_share)


def _init_worker() -> None:
    limit_threads()
    record()


def measure_image(job: tuple[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per labelled instance of the image that the engine finds: its group (``clean`` or
    the modified set), mark height, addition and blobs."""
    from logo_check.charter import load_charter
    from logo_check.detect import detect
    from logo_check.ingest import read_image
    from logo_check.verify import measure

    corpus, entry = job
    charter = load_charter()
    page = read_image((Path(corpus) / entry["file"]).read_bytes(), entry["file"])[0]
    found = []
    for candidate in detect(page, charter):
        _blobs.clear()
        _plain.clear()
        m = measure(page, candidate, charter)
        if m is not None:
            found.append((m, list(_blobs), _plain[-1] if _plain else None))
    rows = []
    for truth in entry["instances"]:
        best = max(found, key=lambda f: iou(truth["bbox"], f[0].bbox), default=None)
        if best is None or iou(truth["bbox"], best[0].bbox) < 0.5:
            continue
        rows.append(
            {
                "group": entry["set"] if truth.get("modified") else "clean",
                "file": f"{corpus}/{entry['file']}",
                "mark_px": truth["mark_height_px"],
                "addition": best[0].addition,
                "blobs_px": sorted(best[1], reverse=True),
                "plain": best[2],
            }
        )
    return rows


def markdown(rows: list[dict[str, Any]], lowest: int = 8) -> str:
    """The clean instances with a blob, and each modified set's ``lowest`` smallest additions."""
    clean = [r for r in rows if r["group"] == "clean"]
    with_blobs = sorted((r for r in clean if r["blobs_px"]), key=lambda r: r["mark_px"])
    lines = [f"clean instances measured: {len(clean)}, with a blob of 0.01 S² or more: {len(with_blobs)}", ""]
    lines += ["| clean instance | S (px) | blobs (page px) | addition |", "| --- | ---: | --- | ---: |"]
    lines += [
        f"| {r['file']} | {r['mark_px']:.1f} | {', '.join(f'{b:.0f}' for b in r['blobs_px'])} | {r['addition']:.2%} |"
        for r in with_blobs
    ]
    for group in sorted({r["group"] for r in rows} - {"clean"}):
        members = sorted((r for r in rows if r["group"] == group), key=lambda r: r["addition"])
        lines += ["", f"{group}: {len(members)} instances measured; the {lowest} smallest additions:", ""]
        lines += ["| instance | S (px) | largest blob (page px) | addition |", "| --- | ---: | ---: | ---: |"]
        for r in members[:lowest]:
            largest = f"{r['blobs_px'][0]:.0f}" if r["blobs_px"] else "none"
            lines.append(f"| {r['file']} | {r['mark_px']:.1f} | {largest} | {r['addition']:.2%} |")
        sizes = [r["blobs_px"][0] for r in members if r["blobs_px"]]
        if sizes:
            lines += ["", f"smallest largest blob of {group}: {min(sizes):.0f} page px"]
    return "\n".join([*lines, "", *plain_table(rows)])


def plain_table(rows: list[dict[str, Any]]) -> list[str]:
    """For each group, how plain the page around its instances' boxes is, against the bound under
    which verify takes the page around for a picture (``logo_check.verify.surroundings.PLAIN_SHARE``)."""
    from logo_check.verify.surroundings import PLAIN_SHARE

    lines = [
        f"plain ground around the box (plain_share; under {PLAIN_SHARE:g}, a picture):",
        "",
        "| group | instances | least | 1st percentile | under the bound |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for group in sorted({r["group"] for r in rows}):
        shares = sorted(r["plain"] for r in rows if r["group"] == group and r.get("plain") is not None)
        if shares:
            p1 = shares[int(0.01 * (len(shares) - 1))]
            under = sum(s < PLAIN_SHARE for s in shares)
            lines.append(f"| {group} | {len(shares)} | {shares[0]:.3f} | {p1:.3f} | {under} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--sets", default="positives,addition", help="sets to measure, comma-separated")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--lowest", type=int, default=8, help="instances shown per modified set")
    parser.add_argument("--json", type=Path, help="write every row to this file")
    args = parser.parse_args(argv)
    sets = set(args.sets.split(","))
    jobs = []
    for corpus in args.corpora:
        labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
        jobs += [(str(corpus), e) for e in labels["images"] if e["set"] in sets and e["instances"]]
    with Pool(args.workers, initializer=_init_worker) as pool:
        rows = [row for rows in pool.imap(measure_image, jobs, chunksize=4) for row in rows]
    print(markdown(rows, args.lowest))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
