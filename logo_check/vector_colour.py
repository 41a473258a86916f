"""Exact colours for logos drawn as vectors (PDF drawings): each element's colour read from the
fill value of the drawing that paints it, instead of from its rendered pixels.

A rendering antialiases thin strokes (3-5 ΔE00 on the wordmark of a clean render), so pixel
statistics need the raster tolerance; a drawing's fill is the exact value the designer chose,
which the charter's tighter ``vector`` tolerance is made for. For each element that verify found
present, the fills whose boxes lie in the element's box (registered onto the raster) are the
candidates, and the one nearest the colour measured on the pixels is the element's own paint
(the disc's blue rather than its white ring). An element with no such fill keeps its pixel
measurement and the raster tolerance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from .charter import Charter
    from .model import Measurements

#: A fill is taken for the element's paint only when the colour measured on the rendered pixels
#: is this close to it (ΔE00): the raster tolerance, since the rendering of that very fill is what
#: was measured, antialiasing included.
MAX_RENDER_DELTA_E = 15.0
#: A fill smaller than this share of the element's box (on each axis) is a detail (a highlight,
#: a letter's counter), not the element's paint.
MIN_FILL_SHARE = 0.2

Fill = tuple[tuple[float, float, float, float], tuple[int, int, int]]


def apply_exact_colours(m: Measurements, homography: np.ndarray, fills: list[Fill], charter: Charter) -> None:
    """Replace the colour of each present element of ``m`` by its drawing's exact fill, where one
    is found, with its ΔE00 to the charter colour of ``m.variant``; those elements are marked
    ``exact``. ``fills`` are (box in raster pixels, RGB) pairs; ``homography`` maps the artwork
    frame to raster pixels."""
    import numpy as np
    from skimage.color import deltaE_ciede2000, rgb2lab

    from .charter import hex_rgb, unit_rgb_hex

    if not fills or m.variant is None:
        return
    boxes = np.array([f[0] for f in fills], dtype=np.float64)
    colours = np.array([f[1] for f in fills], dtype=np.float64) / 255.0
    fill_lab = rgb2lab(colours[None])[0]
    centres = (boxes[:, :2] + boxes[:, 2:]) / 2
    sizes = boxes[:, 2:] - boxes[:, :2]
    for name, e in m.elements.items():
        if not e.present or e.colour is None:
            continue
        x0, y0, x1, y1 = _element_box_px(homography, charter, name)
        inside = (
            (centres[:, 0] >= x0)
            & (centres[:, 0] <= x1)
            & (centres[:, 1] >= y0)
            & (centres[:, 1] <= y1)
            & (sizes[:, 0] >= MIN_FILL_SHARE * (x1 - x0))
            & (sizes[:, 1] >= MIN_FILL_SHARE * (y1 - y0))
        )
        if not inside.any():
            continue
        measured = np.array(hex_rgb(e.colour), dtype=np.float64) / 255.0
        distance = deltaE_ciede2000(fill_lab[inside], np.repeat(rgb2lab(measured[None, None])[0], inside.sum(), 0))
        best = int(np.argmin(distance))
        if distance[best] > MAX_RENDER_DELTA_E:
            continue
        rgb = colours[inside][best]
        expected = np.array(charter.rgb(charter.elements[name].colour[m.variant]), dtype=np.float64) / 255.0
        e.delta_e = float(deltaE_ciede2000(rgb2lab(rgb[None, None])[0], rgb2lab(expected[None, None])[0])[0])
        e.colour = unit_rgb_hex(rgb)
        e.exact = True


def _element_box_px(homography: np.ndarray, charter: Charter, name: str) -> tuple[float, float, float, float]:
    import numpy as np

    corners = np.array(charter.elements[name].box.corners(charter.aspect_ratio))
    mapped = np.c_[corners, np.ones(4)] @ homography.T
    xy = mapped[:, :2] / mapped[:, 2:3]
    return float(xy[:, 0].min()), float(xy[:, 1].min()), float(xy[:, 0].max()), float(xy[:, 1].max())
