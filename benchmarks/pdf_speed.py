"""PDF speed: the time to scan an A4 page of the generated brochure, as a ratio to the time
PyMuPDF takes to render the same page at 150 dpi, both measured in this one run (issue target:
at most 3×); the time of reading the PDF alone (its child process, rasters and text, no engine) is
shown beside them. Each page is timed on its own (a one-page PDF), the median of ``--repeat`` runs.

    python benchmarks/pdf_speed.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

import brochure


def _median_seconds(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import pymupdf

    from logo_check.api import check_document
    from logo_check.ingest import read_document

    check_document(brochure.build_brochure(brochure.PAGES[:1]), channel="print")  # warm the caches and the child
    print("| page | logo drawn as | render 150 dpi (ms) | PDF read in its child (ms) | scan (ms) | ratio |")
    print("|---|---|---:|---:|---:|---:|")
    ratios = []
    for number, spec in enumerate(brochure.PAGES, start=1):
        data = brochure.build_brochure((spec,))

        def render(data: bytes = data) -> None:
            with pymupdf.open(stream=data, filetype="pdf") as doc:
                doc[0].get_pixmap(dpi=150)

        def scan(data: bytes = data) -> None:
            check_document(data, channel="print", category=brochure.DECLARED_CATEGORY)

        def read(data: bytes = data) -> None:
            read_document(data, "page.pdf")

        render_s = _median_seconds(render, args.repeat)
        read_s = _median_seconds(read, args.repeat)
        scan_s = _median_seconds(scan, args.repeat)
        ratios.append(scan_s / render_s)
        how = spec.logo.how if spec.logo else "-"
        print(
            f"| {number} | {how} | {render_s * 1000:.0f} | {read_s * 1000:.0f} | {scan_s * 1000:.0f} "
            f"| {scan_s / render_s:.1f}× |"
        )
    print(f"\nmedian ratio: {statistics.median(ratios):.1f}× (target ≤ 3×)")


if __name__ == "__main__":
    main()
