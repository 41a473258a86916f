"""Blurred clean logos: the blur the engine reads, and how it judges them.

The benchmark corpus blurs its photographed pages by 0.3 to 1 px, which is at most about 0.04 S on
its smallest marks; a screenshot of a thumbnail or a photograph out of focus blurs far more. Each
case here is the clean colour artwork on a page of grey lines (``tests/scenes.py``), upright, at a
mark height S, blurred by a Gaussian of ``sigma`` × S, saved as PNG (no JPEG loss), and scanned on
the ``sms`` channel (whose minimum, 24 px, lets the smallest marks be judged on their detail).
Each cell gives the blur read (``Measurements.blur``, in S), the verdict, and the findings other
than ``exception_applied`` (a warning is marked ``~``).

    python benchmarks/blur_sweep.py [--heights 24,40,60,100,160] [--sigmas 0,0.02,0.035,0.04,0.045,0.05,0.06,0.08]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

HEIGHTS = (24.0, 40.0, 60.0, 100.0, 160.0)
SIGMAS = (0.0, 0.02, 0.035, 0.04, 0.045, 0.05, 0.06, 0.08)
CATEGORY = "offre_referencee"
CHANNEL = "sms"


def blurred_logo(mark_px: float, sigma: float) -> np.ndarray:
    """The clean artwork at ``mark_px`` on a page of grey lines, blurred by ``sigma`` × S."""
    import cv2
    from scenes import scene

    from logo_check.charter import load_charter

    page, _ = scene(load_charter(), mark_px=mark_px)
    return cv2.GaussianBlur(page, (0, 0), sigma * mark_px) if sigma > 0 else page


def judge(mark_px: float, sigma: float) -> tuple[float | None, str, list[str]]:
    """The blur read on the instance found, its verdict and its findings (warnings marked ``~``);
    (None, "no_logo", []) when none is found."""
    from logo_check import detect, verify
    from logo_check.charter import load_charter
    from logo_check.model import Context, Page
    from logo_check.policy import judge as judge_instance

    charter = load_charter()
    page = Page(0, blurred_logo(mark_px, sigma))
    for candidate in detect.detect(page, charter):
        m = verify.measure(page, candidate, charter)
        if m is None:
            continue
        findings, verdict = judge_instance(m, Context(channel=CHANNEL, category=CATEGORY), charter)
        shown = [
            ("~" if f.severity == "warning" else "") + f.code + (f"({f.element})" if f.element else "")
            for f in findings
            if f.code != "exception_applied"
        ]
        return m.blur, verdict, shown
    return None, "no_logo", []


def cell(blur: float | None, verdict: str, findings: list[str]) -> str:
    read = "-" if blur is None else f"{blur:.3f}"
    return f"{read} {verdict}" + (f" {', '.join(findings)}" if findings else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heights", default=",".join(f"{h:g}" for h in HEIGHTS), help="mark heights S, in px")
    parser.add_argument("--sigmas", default=",".join(f"{s:g}" for s in SIGMAS), help="blurs, in S")
    args = parser.parse_args(argv)
    heights = [float(v) for v in args.heights.split(",")]
    sigmas = [float(v) for v in args.sigmas.split(",")]
    print("| σ (S) | " + " | ".join(f"S {h:g} px" for h in heights) + " |")
    print("| --- |" + " --- |" * len(heights))
    for sigma in sigmas:
        cells = [cell(*judge(h, sigma)) for h in heights]
        print(f"| {sigma:g} | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
