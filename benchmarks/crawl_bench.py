"""Throughput of the crawl scan on a generated web archive: 1 worker, 2 workers, 2 workers writing
the HTML report's pictures (``scan_archives(pictures=...)``, as ``--format html`` does), and a local
Dask cluster of 2 worker processes; speed-up, peak memory, the pictures' files and bytes, and
whether the four reports are identical.

The archive comes from tests/crawl_builder.py (bench_crawl): ``--pages`` pages over 10 sites showing
``--images`` distinct images, 30 % of them with the logo and a fifth of those with the arrow
recoloured. Each configuration runs in a child process of its own; its peak memory is the largest
total resident set of that process and all its descendants (worker processes, Dask's scheduler and
workers), sampled from /proc every 0.2 s, and the child's own peak from resource.getrusage.

    .venv/bin/python benchmarks/crawl_bench.py --pages 2000 --images 5000 --out bench-crawl
    .venv/bin/python benchmarks/crawl_bench.py --pages 200 --images 500 --out bench-crawl-small

Prints a Markdown table and writes ``results.json`` beside the archive.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))  # crawl_builder and scenes

CONFIGS = ("workers-1", "workers-2", "workers-2-pictures", "dask-2")


def generate(out: Path, pages: int, images: int) -> tuple[Path, dict]:
    import crawl_builder

    from logo_check.charter import load_charter

    out.mkdir(parents=True, exist_ok=True)
    archive = out / "crawl.warc.gz"
    started = time.monotonic()
    truth = crawl_builder.bench_crawl(load_charter(), archive, pages=pages, images=images)
    return archive, {**truth.__dict__, "seconds": round(time.monotonic() - started, 1), "bytes": archive.stat().st_size}


def child(config: str, archive: Path, report: Path) -> None:
    """Run one configuration; print its timings and memory as JSON on stdout."""
    from logo_check.api import make_context
    from logo_check.charter import load_charter
    from logo_check.crawl import scan_archives

    charter = load_charter()
    ctx = make_context(charter, "web")
    cluster = client = None
    options: dict = {"workers": 1}
    if config == "workers-2":
        options = {"workers": 2}
    elif config == "workers-2-pictures":
        import shutil

        pictures = report.parent / "pictures"
        shutil.rmtree(pictures, ignore_errors=True)
        options = {"workers": 2, "pictures": pictures}
    elif config == "dask-2":
        from distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        options = {"dask_scheduler": client}
    sampler = TreeMemory()
    sampler.start()
    started = time.monotonic()
    result = scan_archives([archive], ctx, charter, **options)
    seconds = time.monotonic() - started
    sampler.stop()
    report.write_text(result.to_json(), encoding="utf-8")
    if client is not None:
        client.close()
        cluster.close()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    stats = result.stats
    written = list(options["pictures"].iterdir()) if "pictures" in options else []
    print(
        json.dumps(
            {
                "config": config,
                "picture_files": len(written),
                "picture_bytes": sum(f.stat().st_size for f in written),
                "seconds": round(seconds, 2),
                "images": stats.images,
                "pages": stats.pages,
                "images_per_second": round(stats.images / seconds, 2),
                "peak_rss_mib_main": round(own / 1024, 1),  # ru_maxrss is in KiB on Linux
                "peak_rss_mib_waited_children": round(children / 1024, 1),
                "peak_rss_mib_tree": round(sampler.peak / 2**20, 1),
            }
        )
    )


class TreeMemory:
    """The peak of the summed resident sets of this process and its descendants, sampled."""

    def __init__(self, period: float = 0.2) -> None:
        import threading

        self.period = period
        self.peak = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.done.set()
        self.thread.join()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, tree_rss(os.getpid()))
            self.done.wait(self.period)


def tree_rss(root: int) -> int:
    """Bytes resident in ``root`` and every process descending from it (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    tree = {root}
    grown = True
    while grown:
        grown = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grown = True
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    return total


def summary(report: Path) -> dict:
    data = json.loads(report.read_text(encoding="utf-8"))
    docs = data["documents"]
    return {
        "with_logo": sum(any(p["instances"] for p in d["pages"]) for d in docs),
        "non_compliant": sum(d["verdict"] == "non_compliant" for d in docs),
        "errors": sum(bool(d["errors"]) for d in docs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--images", type=int, default=5000)
    parser.add_argument("--out", type=Path, default=Path("bench-crawl"))
    parser.add_argument("--child", choices=CONFIGS, help=argparse.SUPPRESS)
    parser.add_argument("--archive", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.archive, args.report)
        return
    archive, truth = generate(args.out, args.pages, args.images)
    print(f"archive: {archive} ({truth['bytes'] / 2**20:.1f} MiB, generated in {truth['seconds']} s)", file=sys.stderr)
    runs = {}
    for config in CONFIGS:
        report = args.out / f"report-{config}.json"
        command = [sys.executable, __file__, "--child", config, "--archive", str(archive), "--report", str(report)]
        done = subprocess.run(
            command, check=True, capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"}
        )
        runs[config] = json.loads(done.stdout.strip().splitlines()[-1])
        print(json.dumps(runs[config]), file=sys.stderr)
    reports = {c: json.loads((args.out / f"report-{c}.json").read_text(encoding="utf-8")) for c in CONFIGS}
    identical = all(reports[c] == reports["workers-1"] for c in CONFIGS)
    one, two, pictured, dask = (runs[c]["seconds"] for c in CONFIGS)
    results = {
        "truth": truth,
        "runs": runs,
        "speed_up_2_workers": round(one / two, 2),
        "dask_overhead_vs_2_workers": round(dask / two, 2),
        "pictures_time_vs_2_workers": round(pictured / two, 2),
        "identical_reports": identical,
        "found": summary(args.out / "report-workers-1.json"),
        "cpu_count": os.cpu_count(),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }
    (args.out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print("| run | seconds | images/s | peak RSS, main process (MiB) | peak RSS, all processes (MiB) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for config in CONFIGS:
        r = runs[config]
        memory = f"{r['peak_rss_mib_main']} | {r['peak_rss_mib_tree']}"
        print(f"| {config} | {r['seconds']} | {r['images_per_second']} | {memory} |")
    print(
        f"\nspeed-up with 2 workers: {results['speed_up_2_workers']}x; Dask time / 2 local workers: "
        f"{results['dask_overhead_vs_2_workers']}; with pictures / without (2 workers): "
        f"{results['pictures_time_vs_2_workers']}, {runs['workers-2-pictures']['picture_files']} files, "
        f"{runs['workers-2-pictures']['picture_bytes']} bytes; identical reports: {identical}; "
        f"truth: {truth['logo_images']} logo images ({truth['modified_images']} modified) of {truth['images']}; "
        f"found: {results['found']}; load average at the end: {results['load_average_at_end']}"
    )


if __name__ == "__main__":
    main()
