"""Printed pages photographed at an angle: how the engine judges the logo's proportions.

A phone held over a brochure sees its page turned: about its horizontal axis (tilt), its
vertical one (pan) or both. The page then foreshortens the logo, which the charter does not
forbid, and a logo stretched or sheared on the page itself must still be caught. Each case is a
lined page 1440 × 1080 px holding one logo (clean, stretched by 1.2 along its width or its
height, or sheared by 12°) at a mark height of 50, 90 or 140 px, in the middle of the page or
in its upper quarter; the page is photographed by a pinhole camera (``tests/scenes.py``,
``photographed``) whose focal length is 0.8 or 1.5 times the picture's width (a phone's main lens,
a 2× lens), turned by each of the ``CAMERAS`` below, then saved as JPEG 85. The picture is scanned
on the web channel.

The script prints, for each camera, the verdicts of the clean logos (those a ``distorted``
finding sends to review count apart) and of the distorted ones, the violations given to clean
logos and the distorted logos judged compliant (by kind), then the largest perspective
(``perspective_of`` in ``logo_check/verify/geometry.py``) registered on the pages seen square
on: the noise over which ``MIN_CAMERA_PERSPECTIVE`` keeps a camera from explaining a distortion. With ``--list``,
each clean logo given a violation, with the values measured.

    python benchmarks/photographed.py [--workers 2] [--list]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from parallel import run_all

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

#: (tilt, pan) of the page, in degrees.
CAMERAS = ((0, 0), (10, 0), (20, 0), (30, 0), (40, 0), (0, 20), (0, 30), (20, 20))
#: Focal lengths, as multiples of the picture's width.
FOCALS = (0.8, 1.5)
#: Mark heights drawn, in px.
MARK_HEIGHTS = (50.0, 90.0, 140.0)
#: Where the logo stands: the page's middle, or the middle of its upper quarter.
PLACES = ((0.5, 0.5), (0.5, 0.25))
#: The logos drawn: name and the linear map applied to the artwork about its centre.
LOGOS = {
    "clean": ((1.0, 0.0), (0.0, 1.0)),
    "stretched across": ((1.2, 0.0), (0.0, 1.0)),
    "stretched up": ((1.0, 0.0), (0.0, 1.2)),
    "sheared": ((1.0, 0.2126), (0.0, 1.0)),  # tan 12°
}
PAGE = (1080, 1440)  # height, width


def judge_case(job: tuple[int, float, int, float, int, str]) -> dict:
    """Scan one case: (tilt, pan, focal's index, mark height, place's index, logo)."""
    import scenes

    from logo_check import detect
    from logo_check.api import box_iou, check_image
    from logo_check.charter import load_charter
    from logo_check.model import Page
    from logo_check.verify.geometry import perspective_of

    tilt, pan, focal, mark, place, logo = job
    charter = load_charter()
    height, width = PAGE
    camera = scenes.photographed(PAGE, tilt, pan, FOCALS[focal] * width)
    centre = (PLACES[place][0] * width, PLACES[place][1] * height)
    image, h = scenes.photographed_logo(charter, PAGE, camera, mark, centre, np.array(LOGOS[logo]))
    image = scenes.jpeg(image, 85)
    quad = scenes.corners(h, charter.aspect_ratio)
    box = (float(quad[:, 0].min()), float(quad[:, 1].min()), float(quad[:, 0].max()), float(quad[:, 1].max()))
    report = check_image(image, channel="web")
    on_it = [i for p in report.documents[0].pages for i in p.instances if box_iou(i.bbox, box) >= 0.5]
    perspective = None
    if tilt == 0 and pan == 0:
        candidates = detect.detect(Page(index=0, image=image), charter)
        if candidates:
            perspective = perspective_of(candidates[0].homography, charter)
    best = on_it[0] if on_it else None
    return {
        "camera": (tilt, pan),
        "logo": logo,
        "verdict": "missed" if best is None else best.verdict,
        "distorted": best is not None and any(f.code == "distorted" for f in best.findings),
        "measured": [] if best is None else [(f.code, f.measured) for f in best.findings if f.severity == "violation"],
        "case": job,
        "perspective": perspective,
    }


def summary(rows: list[dict]) -> str:
    """The figures, as Markdown."""
    lines = [
        "| tilt, pan | clean: compliant | clean: review (perspective) | clean: non-compliant "
        "| distorted: non-compliant | distorted: review | distorted: compliant | missed |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for camera in CAMERAS:
        group = [r for r in rows if r["camera"] == camera]
        clean = Counter((r["verdict"], r["distorted"]) for r in group if r["logo"] == "clean")
        bent = Counter(r["verdict"] for r in group if r["logo"] != "clean")
        n_clean = sum(clean.values())
        n_bent = sum(bent.values())
        lines.append(
            f"| {camera[0]}°, {camera[1]}° "
            f"| {clean[('compliant', False)]}/{n_clean} "
            f"| {clean[('review', True)]}/{n_clean} "
            f"| {sum(v for (verdict, _), v in clean.items() if verdict == 'non_compliant')}/{n_clean} "
            f"| {bent['non_compliant']}/{n_bent} | {bent['review']}/{n_bent} | {bent['compliant']}/{n_bent} "
            f"| {sum(r['verdict'] == 'missed' for r in group)} |"
        )
    noise = [r["perspective"] for r in rows if r["perspective"] is not None]
    lines.append("")
    wrong = Counter(code for r in rows if r["logo"] == "clean" for code in {c for c, _ in r.get("measured", [])})
    listed = ", ".join(f"{code} {n}" for code, n in sorted(wrong.items(), key=lambda kv: (-kv[1], kv[0])))
    lines.append(f"violations given to clean logos: {listed or 'none'}")
    missed = Counter(r["logo"] for r in rows if r["logo"] != "clean" and r["verdict"] == "compliant")
    passed = ", ".join(f"{logo} {n}" for logo, n in sorted(missed.items()))
    lines.append(f"distorted logos judged compliant: {passed or 'none'}")
    lines.append(f"largest perspective registered on the {len(noise)} logos seen square on: {max(noise):.4f}")
    return "\n".join(lines)


def listing(rows: list[dict]) -> str:
    """Each clean logo given a violation: its case and the violations with their measured values."""
    lines = ["", "clean logos given a violation (tilt, pan, focal / width, S, place):"]
    for r in rows:
        if r["logo"] == "clean" and r["verdict"] == "non_compliant":
            tilt, pan, focal, mark, place, _ = r["case"]
            found = ", ".join(
                f"{code} {value:.2f}" if isinstance(value, float) else code for code, value in r["measured"]
            )
            where = "middle" if PLACES[place][1] == 0.5 else "upper quarter"
            lines.append(f"- {tilt}°, {pan}°, {FOCALS[focal]:g}, S {mark:g}, {where}: {found}")
    return "\n".join(lines)


def jobs() -> list[tuple[int, float, int, float, int, str]]:
    return [
        (tilt, pan, focal, mark, place, logo)
        for tilt, pan in CAMERAS
        for focal in range(len(FOCALS))
        for mark in MARK_HEIGHTS
        for place in range(len(PLACES))
        for logo in LOGOS
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--list", action="store_true", help="also list the clean logos given a violation")
    args = parser.parse_args(argv)
    rows = run_all(judge_case, jobs(), args.workers)
    print(summary(rows))
    if args.list:
        print(listing(rows))


if __name__ == "__main__":
    main()
