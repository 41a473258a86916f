"""Test images of the logo, generated here from the charter pack's master SVGs.

Every picture the engine tests use comes from these functions: the artwork is rendered by resvg
from the master SVG (optionally edited at the SVG level: an element recoloured, removed or moved),
warped by a known homography onto a generated page (plain, with grey "text" lines, or a
scikit-image photograph), then optionally JPEG-compressed. The ground truth is the homography.
"""

from __future__ import annotations

import io
import math
import re

import cv2
import numpy as np
import resvg_py
from PIL import Image

from logo_check.charter import Charter
from logo_check.templates import svg_with_only

PAGE = (720, 1280)  # height, width


def artwork_svg(charter: Charter, category: str = "offre_referencee", variant: str = "colour") -> str:
    return charter.artwork_path(category, variant).read_text(encoding="utf-8")


def recolour(svg: str, shape_id: str, colour: str) -> str:
    """The SVG with the fill of the shape ``shape_id`` replaced by ``colour``."""
    return re.sub(rf'(id="{shape_id}"[^>]*?fill=")#[0-9A-Fa-f]{{6}}', rf"\g<1>{colour}", svg)


def without(svg: str, *shape_ids: str) -> str:
    """The SVG without the shapes ``shape_ids``."""
    keep = tuple(i for i in re.findall(r'id="([^"]+)"', svg) if i not in shape_ids)
    return svg_with_only(svg, keep)


def moved(svg: str, shape_ids: tuple[str, ...], dx: float, dy: float) -> str:
    """The SVG with the shapes ``shape_ids`` translated by (dx, dy) user units (S = 1000)."""
    for shape_id in shape_ids:
        svg = svg.replace(f'id="{shape_id}"', f'id="{shape_id}" transform="translate({dx} {dy})"')
    return svg


def render_svg(svg: str, height: int, aspect: float) -> np.ndarray:
    """RGBA uint8 of ``svg`` rendered ``height`` pixels tall."""
    png = resvg_py.svg_to_bytes(svg_string=svg, height=height, width=round(height * aspect), skip_system_fonts=True)
    return np.asarray(Image.open(io.BytesIO(bytes(png))).convert("RGBA"))


def lined_page(
    seed: int = 0, shape: tuple[int, int] = PAGE, background: int = 246, blank: tuple[int, int, int, int] | None = None
) -> np.ndarray:
    """A light page with grey text-like lines, none inside ``blank`` (x0, y0, x1, y1)."""
    rng = np.random.default_rng(seed)
    page = np.full((*shape, 3), background, np.uint8)
    for y in range(30, shape[0] - 20, 26):
        x = 30
        while x < shape[1] - 60:
            w = int(rng.integers(20, 90))
            cv2.rectangle(page, (x, y), (min(x + w, shape[1] - 30), y + 8), (120, 120, 125), -1)
            x += w + int(rng.integers(8, 16))
    if blank is not None:
        x0, y0, x1, y1 = blank
        page[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)] = background
    return page


def blank_around(h: np.ndarray, aspect: float, margin: float = 0.45) -> tuple[int, int, int, int]:
    """The page box of the artwork under ``h`` grown by ``margin`` S (clear space and more)."""
    pts = corners_with_margin(h, aspect, margin)
    x0, y0 = pts.min(axis=0)
    x1, y1 = pts.max(axis=0)
    return int(x0), int(y0), math.ceil(x1), math.ceil(y1)


def corners_with_margin(h: np.ndarray, aspect: float, margin: float) -> np.ndarray:
    m = margin
    pts = np.array([[-m, -m, 1], [aspect + m, -m, 1], [aspect + m, 1 + m, 1], [-m, 1 + m, 1]], float).T
    p = h @ pts
    return (p[:2] / p[2]).T


def plain_page(colour: tuple[int, int, int], shape: tuple[int, int] = PAGE) -> np.ndarray:
    return np.full((*shape, 3), colour, np.uint8)


def similarity(mark_px: float, angle_deg: float, x: float, y: float, aspect: float) -> np.ndarray:
    """Artwork frame (S units) → page: S = ``mark_px``, rotated CCW about the artwork's centre,
    which lands on (x, y)."""
    a = math.radians(angle_deg)
    c, s = math.cos(a), math.sin(a)
    linear = mark_px * np.array([[c, s], [-s, c]])
    centre = np.array([aspect / 2, 0.5])
    h = np.eye(3)
    h[:2, :2] = linear
    h[:2, 2] = np.array([x, y]) - linear @ centre
    return h


def place(page: np.ndarray, rgba: np.ndarray, frame_to_page: np.ndarray) -> np.ndarray:
    """``page`` with the artwork ``rgba`` (rendered S = its height) warped on by ``frame_to_page``."""
    height = rgba.shape[0]
    to_frame = np.diag([1 / height, 1 / height, 1.0])
    warp = frame_to_page @ to_frame
    size = (page.shape[1], page.shape[0])
    layer = cv2.warpPerspective(rgba.astype(np.float32), warp, size, flags=cv2.INTER_AREA)
    alpha = layer[..., 3:4] / 255.0
    out = page.astype(np.float32) * (1 - alpha) + layer[..., :3] * alpha
    return np.clip(out + 0.5, 0, 255).astype(np.uint8)


def jpeg(image: np.ndarray, quality: int = 85) -> np.ndarray:
    out = io.BytesIO()
    Image.fromarray(image).save(out, "JPEG", quality=quality)
    return np.asarray(Image.open(io.BytesIO(out.getvalue())).convert("RGB"))


def scene(
    charter: Charter,
    svg: str | None = None,
    mark_px: float = 80.0,
    angle: float = 0.0,
    centre: tuple[float, float] = (640.0, 360.0),
    page: np.ndarray | None = None,
    warp: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """An image holding one instance, and its frame → page homography."""
    svg = svg or artwork_svg(charter)
    h = similarity(mark_px, angle, *centre, charter.aspect_ratio)
    if warp is not None:
        h = warp @ h
    render_height = int(max(64, mark_px * 2))
    rgba = render_svg(svg, render_height, charter.aspect_ratio)
    if page is None:
        page = lined_page(blank=blank_around(h, charter.aspect_ratio))
    return place(page.copy(), rgba, h), h


def corners(h: np.ndarray, aspect: float) -> np.ndarray:
    """The artwork's four corners on the page (TL, TR, BR, BL)."""
    return corners_with_margin(h, aspect, 0.0)


def two_logos(charter: Charter, shape: tuple[int, int] = (1080, 1920)) -> np.ndarray:
    """A lined page with two instances: a clean one (S = 90 px, upright) and one whose disc is
    green (S = 70 px, turned 5°): compliant and non-compliant on the web channel."""
    aspect = charter.aspect_ratio
    height, width = shape
    clean_h = similarity(90, 0, width * 0.31, height * 0.28, aspect)
    green_h = similarity(70, 5, width * 0.68, height * 0.74, aspect)
    page = lined_page(shape=shape)
    for h in (clean_h, green_h):
        x0, y0, x1, y1 = blank_around(h, aspect)
        page[max(0, y0) : y1, max(0, x0) : x1] = 246
    svg = artwork_svg(charter)
    page = place(page, render_svg(svg, 180, aspect), clean_h)
    return place(page, render_svg(recolour(svg, "disc", "#2E8B57"), 180, aspect), green_h)


def photographed(
    shape: tuple[int, int], tilt_deg: float, pan_deg: float, focal: float, zoom: float = 0.85
) -> np.ndarray:
    """Page → photograph homography of a flat page ``shape`` (height, width) taken by a pinhole
    camera of focal length ``focal`` (pixels), its axis through the page's centre and the
    picture's, the page turned by ``tilt_deg`` about its horizontal axis then ``pan_deg`` about
    its vertical one; upright, the page fills ``zoom`` of the picture, which has the page's shape."""
    height, width = shape
    centred = np.array([[1.0, 0.0, -width / 2], [0.0, 1.0, -height / 2], [0.0, 0.0, 1.0]])
    t, p = math.radians(tilt_deg), math.radians(pan_deg)
    tilt = np.array([[1, 0, 0], [0, math.cos(t), -math.sin(t)], [0, math.sin(t), math.cos(t)]])
    pan = np.array([[math.cos(p), 0, math.sin(p)], [0, 1, 0], [-math.sin(p), 0, math.cos(p)]])
    turned = pan @ tilt
    # the page's plane (z = 0) turned, then set at the distance where it fills ``zoom`` upright
    plane = np.column_stack([turned[:, 0], turned[:, 1], [0.0, 0.0, focal / zoom]])
    return np.linalg.inv(centred) @ np.diag([focal, focal, 1.0]) @ plane @ centred


def photographed_logo(
    charter: Charter,
    shape: tuple[int, int],
    camera: np.ndarray,
    mark_px: float,
    centre: tuple[float, float],
    linear: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """A lined page ``shape`` (height, width) holding one upright logo of S ``mark_px`` centred at
    ``centre`` on the page, distorted there by the 2×2 ``linear`` about its own centre when given,
    then seen through ``camera`` (page → picture, see :func:`photographed`; the picture shows a
    dark ground beyond the page); and the artwork frame → picture homography."""
    aspect = charter.aspect_ratio
    height, width = shape
    upright = similarity(mark_px, 0.0, *centre, aspect)
    about = np.array([[1.0, 0.0, aspect / 2], [0.0, 1.0, 0.5], [0.0, 0.0, 1.0]])
    own = np.eye(3)
    if linear is not None:
        own[:2, :2] = linear
    on_page = upright @ about @ own @ np.linalg.inv(about)
    page = lined_page(shape=shape, blank=blank_around(on_page, aspect, margin=0.6))
    page = cv2.warpPerspective(page, camera, (width, height), borderValue=(60, 60, 60))
    return scene(charter, mark_px=mark_px, centre=centre, page=page, warp=camera @ on_page @ np.linalg.inv(upright))
