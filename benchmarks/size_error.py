"""How exactly the engine measures a mark's height, and what that means at a channel's minimum.

The benchmark corpus (``corpus.py``) keeps its clean marks clear of every minimum (25 px and more
on sms, 44 px and more on the other screen channels), so that no clean logo sits on a boundary.
Material does: a partner who sizes the logo at exactly the minimum is compliant. Each case here is
the clean colour artwork drawn on a light page of grey lines (``tests/scenes.py``) at a mark height
S drawn between 24 and 80 px, in one of five ways:

- ``warped``: rendered at twice its size and warped onto the page, turned by up to ±30° about a
  centre off the pixel grid (a photograph or a layout at an angle);
- ``area``, ``linear``, ``cubic``, ``nearest``: rendered 400 px tall and resized upright to S with
  that OpenCV interpolation, pasted at a whole pixel (what an image editor, or a browser scaling
  an ``<img>``, does; old browsers used the nearest neighbour);

then saved as PNG, or as JPEG of quality 40 to 95 for half the cases. The script prints, per way,
the relative error of the measured mark height (``Instance.mark_height``) against S: median and
largest of its absolute value, and its 95th and 99th percentiles; and then, for the same ways with
S at exactly each screen minimum (24 px on sms, 40 px on web), how many measured under the
minimum, and how many under it by more than the charter's ``height_error`` (``too_small``).

    python benchmarks/size_error.py [--count 60] [--seed 0] [--workers 2]
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import numpy as np
from parallel import run_all

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

#: The ways a case is drawn (see the module's docstring).
WAYS = ("warped", "area", "linear", "cubic", "nearest")
#: Mark heights drawn, in px.
HEIGHTS = (24.0, 80.0)
#: Channels whose minimum is tested, with the category declared.
MINIMUM_CHANNELS = ("sms", "web")
CATEGORY = "offre_referencee"
PAGE = (360, 720)
#: Height of the large rendering that the resizing ways scale down, in px.
MASTER_PX = 400


def draw(way: str, mark_px: float, rng: np.random.Generator) -> np.ndarray:
    """A page holding the clean artwork at ``mark_px``, drawn ``way``, encoded as PNG or JPEG."""
    import cv2
    from PIL import Image
    from scenes import artwork_svg, lined_page, render_svg, scene

    from logo_check.charter import load_charter

    charter = load_charter()
    aspect = charter.aspect_ratio
    page = lined_page(shape=PAGE, blank=(20, 20, PAGE[1] - 20, PAGE[0] - 20))
    if way == "warped":
        centre = (PAGE[1] / 2 + float(rng.uniform(-0.5, 0.5)), PAGE[0] / 2 + float(rng.uniform(-0.5, 0.5)))
        image, _ = scene(charter, mark_px=mark_px, angle=float(rng.uniform(-30, 30)), centre=centre, page=page)
    else:
        flags = {"area": cv2.INTER_AREA, "linear": cv2.INTER_LINEAR, "cubic": cv2.INTER_CUBIC}
        flag = flags.get(way, cv2.INTER_NEAREST)
        master = render_svg(artwork_svg(charter), MASTER_PX, aspect).astype(np.float32)
        height = round(mark_px)
        small = np.clip(cv2.resize(master, (round(height * aspect), height), interpolation=flag), 0, 255)
        y0, x0 = (PAGE[0] - height) // 2, (PAGE[1] - small.shape[1]) // 2
        region = (slice(y0, y0 + height), slice(x0, x0 + small.shape[1]))
        alpha = small[..., 3:4] / 255.0
        layered = page.astype(np.float32)
        layered[region] = layered[region] * (1 - alpha) + small[..., :3] * alpha
        image = np.clip(layered + 0.5, 0, 255).astype(np.uint8)
    out = io.BytesIO()
    if rng.random() < 0.5:
        Image.fromarray(image).save(out, "JPEG", quality=int(rng.integers(40, 96)))
    else:
        Image.fromarray(image).save(out, "PNG")
    return np.asarray(Image.open(io.BytesIO(out.getvalue())).convert("RGB"))


def measure_case(job: tuple[int, str, float | None, int]) -> dict:
    """Case ``index`` of ``seed`` drawn ``way`` at ``mark_px`` (None: a height drawn in
    ``HEIGHTS``): S, the height measured (None when no instance is found) and the findings."""
    from logo_check.api import check_image

    seed, way, mark_px, index = job
    rng = np.random.default_rng([seed, WAYS.index(way), index, 0 if mark_px is None else int(mark_px)])
    if mark_px is None:
        mark_px = float(round(rng.uniform(*HEIGHTS))) if way != "warped" else float(rng.uniform(*HEIGHTS))
    image = draw(way, mark_px, rng)
    report = check_image(image, channel="sms", category=CATEGORY)
    found = [i for p in report.documents[0].pages for i in p.instances]
    measured = max((i.mark_height for i in found), default=None)
    return {"way": way, "mark_px": mark_px, "measured": measured}


def error_table(rows: list[dict]) -> str:
    """Per way, the relative error of the measured height, as Markdown."""
    lines = [
        "| way | cases | found | median abs. error | 95th pct. | 99th pct. | largest |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for way in [*WAYS, None]:
        group = [r for r in rows if way is None or r["way"] == way]
        errors = np.array([abs(r["measured"] / r["mark_px"] - 1) for r in group if r["measured"] is not None])
        if not group:
            continue
        cells = [f"{100 * v:.2f} %" for v in _spread(errors)] if len(errors) else ["-"] * 4
        lines.append(f"| {way or 'all'} | {len(group)} | {len(errors)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _spread(errors: np.ndarray) -> tuple[float, float, float, float]:
    return (
        float(np.median(errors)),
        float(np.percentile(errors, 95)),
        float(np.percentile(errors, 99)),
        float(errors.max()),
    )


def minimum_table(rows: list[dict], minima: dict[str, float], height_error: float) -> str:
    """Per channel's minimum, the marks drawn at exactly that height measured under it, and under
    it by more than ``height_error`` (the charter's: what ``too_small`` needs), as Markdown."""
    lines = [
        "| channel (minimum) | cases | found | measured under the minimum "
        f"| under it by more than {100 * height_error:g} % |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for channel, minimum in minima.items():
        group = [r for r in rows if r["mark_px"] == minimum]
        heights = [r["measured"] for r in group if r["measured"] is not None]
        under = sum(h < minimum for h in heights)
        flagged = sum(h < minimum * (1 - height_error) for h in heights)
        lines.append(f"| {channel} ({minimum:g} px) | {len(group)} | {len(heights)} | {under} | {flagged} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--count", type=int, default=60, help="cases per way (and per way and minimum)")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    from logo_check.charter import load_charter

    charter = load_charter()
    minima = {c: charter.channels[c].min_mark_height for c in MINIMUM_CHANNELS}
    spread = [(args.seed, w, None, i) for w in WAYS for i in range(args.count)]
    at_minimum = [(args.seed, w, m, i) for m in minima.values() for w in WAYS for i in range(args.count // len(WAYS))]
    rows = run_all(measure_case, spread + at_minimum, args.workers, chunksize=4)
    print(error_table(rows[: len(spread)]))
    print()
    print(minimum_table(rows[len(spread) :], minima, charter.geometry_tolerance.height_error))


if __name__ == "__main__":
    main()
