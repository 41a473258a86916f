#!/usr/bin/env python3
"""One long PDF scanned with one worker, then with several: its pages spread over worker processes.

The document is ``benchmarks/brochure.py``'s three pages repeated ``--copies`` times. Each run is
``logo_check.api.scan_paths`` on that one file (``workers=1``: the pages one after the other in this
process; ``workers=N``: the rasters of a document of at least ``raster_pool.MIN_POOLED_RASTERS`` in
N worker processes, started for the run). Prints the wall time of each run (the median of
``--repeat``), the rasters the document holds, and whether the reports are identical.

    cd benchmarks && ../.venv/bin/python pdf_pages.py --copies 4,16 --workers 2 --repeat 3
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", default="4,16", help="copies of the three brochure pages, comma-separated")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from brochure import PAGES, build_brochure

    from logo_check.api import scan_paths
    from logo_check.charter import load_charter
    from logo_check.ingest import read_document

    print(f"| pages | rasters | 1 worker (s) | {args.workers} workers (s) | ratio | identical |")
    print("| ---: | ---: | ---: | ---: | ---: | --- |")
    with tempfile.TemporaryDirectory() as folder:
        for copies in (int(c) for c in args.copies.split(",")):
            pdf = Path(folder) / f"brochure-{copies}.pdf"
            pdf.write_bytes(build_brochure(PAGES * copies))
            rasters = len(read_document(pdf.read_bytes(), pdf.name, charter=load_charter()).rasters)
            scan_paths(pdf)  # warm-up: caches and reference renderings, as a long run has them
            times, reports = {}, {}
            for workers in (1, args.workers):
                runs = []
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    reports[workers] = scan_paths(pdf, workers=workers).to_json()
                    runs.append(time.perf_counter() - started)
                times[workers] = statistics.median(runs)
            one, many = times[1], times[args.workers]
            same = reports[1] == reports[args.workers]
            print(f"| {3 * copies} | {rasters} | {one:.2f} | {many:.2f} | {one / many:.2f} | {same} |")


if __name__ == "__main__":
    main()
