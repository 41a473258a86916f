"""Sizes and times of the report formats on one generated page.

The page is tests/scenes.py ``two_logos``: 1920 × 1080 pixels with two instances of the logo (one
compliant, one with a recoloured disc, turned 5°). It is written as PNG to a temporary folder,
scanned without and with evidence (after a warm-up scan), and each report format is rendered; the
script prints the bytes of each report and of the evidence the scan kept, and the CPU seconds of
the scans and of each rendering (CPU time, not wall time: the figures hold on a busy machine).
Then the HTML report of a long document made of ``--pages`` copies of that page (each with its two
instances): its size, how many of its pages keep a full preview
(``report_html.MAX_INSTANCE_PAGE_PREVIEW_BYTES``), the size of a reduced one, and the report's
size with every preview and picture kept in full; then the same document as the CLI writes it with
``--out`` (``report_html.render_html_parts``): how many files, their sizes and the time.

    .venv/bin/python benchmarks/report_sizes.py [--width 1920 --height 1080] [--pages 500]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import cv2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from scenes import two_logos

from logo_check.api import scan_paths
from logo_check.charter import load_charter
from logo_check.report_csv import render_csv
from logo_check.report_html import render_html


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=1920)
    parser.add_argument("--height", type=int, default=1080)
    parser.add_argument("--pages", type=int, default=500, help="pages of the long document")
    args = parser.parse_args()
    charter = load_charter()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.png"
        page = two_logos(charter, (args.height, args.width))
        path.write_bytes(cv2.imencode(".png", cv2.cvtColor(page, cv2.COLOR_RGB2BGR))[1].tobytes())
        scan_paths(path)  # warm-up: reference rasters and caches, so the two timings compare
        start = time.process_time()
        plain = scan_paths(path)
        scan_plain = time.process_time() - start
        start = time.process_time()
        report = scan_paths(path, evidence=True)
        scan_evidence = time.process_time() - start
    assert plain.to_json() == report.to_json()
    (document,) = report.documents
    (scanned,) = document.pages
    preview = scanned.preview
    assert preview is not None
    instances = [i.evidence for i in scanned.instances if i.evidence is not None]
    print(f"page: {args.width} × {args.height} px, {len(scanned.instances)} instances")
    print(f"scan without evidence: {scan_plain:.2f} s CPU; with evidence: {scan_evidence:.2f} s CPU")
    print(f"preview: {preview.width} × {preview.height} px, {len(preview.data)} bytes (JPEG)")
    for number, e in enumerate(instances, 1):
        print(
            f"instance {number}: {e.width} × {e.height} px; crop {len(e.crop)} B, reference {len(e.reference)} B, "
            f"heatmap {len(e.heatmap)} B (PNG)"
        )
    for name, render in (
        ("json", lambda: report.to_json()),
        ("csv", lambda: render_csv(report)),
        ("html", lambda: render_html(report)),
    ):
        start = time.process_time()
        text = render()
        elapsed = time.process_time() - start
        print(f"{name}: {len(text.encode('utf-8'))} bytes, rendered in {elapsed * 1000:.0f} ms CPU")
    long_document(report, args.pages)


def long_document(report, pages: int) -> None:
    """The HTML report of a document of ``pages`` copies of the scanned page."""
    import dataclasses

    from logo_check.evidence import reduced_preview
    from logo_check.report_html import (
        MAX_INSTANCE_PAGE_PREVIEW_BYTES,
        MAX_PART_PICTURE_BYTES,
        REDUCED_PREVIEW_MAX_SIDE,
        REDUCED_PREVIEW_QUALITY,
        render_html_parts,
    )

    (document,) = report.documents
    (page,) = document.pages
    copies = [dataclasses.replace(page, index=i) for i in range(pages)]
    long = dataclasses.replace(report, documents=[dataclasses.replace(document, pages=copies)])
    start = time.process_time()
    size = len(render_html(long).encode("utf-8"))
    elapsed = time.process_time() - start
    unbounded = len(render_html(long, max_instance_page_previews=1 << 62, max_instance_pictures=1 << 62).encode())
    full = min(pages, MAX_INSTANCE_PAGE_PREVIEW_BYTES // len(page.preview.data))
    reduced = reduced_preview(page.preview, REDUCED_PREVIEW_MAX_SIDE, REDUCED_PREVIEW_QUALITY)
    print(
        f"html of a {pages}-page document (this page on each): {size} bytes, rendered in {elapsed:.1f} s CPU; "
        f"{full} full previews, the others reduced to {reduced.width} × {reduced.height} px, "
        f"{len(reduced.data)} bytes; "
        f"{unbounded} bytes with every preview and picture in full"
    )
    start = time.process_time()
    parts = render_html_parts(long)
    elapsed = time.process_time() - start
    sizes = [len(part.html.encode("utf-8")) for part in parts]
    print(
        f"html in parts (every picture in full, {MAX_PART_PICTURE_BYTES} bytes of pictures a part): "
        f"{len(parts)} files, {sum(sizes)} bytes in all, the largest {max(sizes)} bytes, "
        f"rendered in {elapsed:.1f} s CPU"
    )


if __name__ == "__main__":
    main()
