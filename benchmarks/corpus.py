#!/usr/bin/env python3
"""Generate the labelled benchmark corpus of logo-check's detector and checker.

Usage::

    python benchmarks/corpus.py --out DIR --seed N [--size small|full] [--workers N] [--cache DIR] [--no-npm]

Writes the images under ``DIR/positives``, ``DIR/modified/<finding code>`` and ``DIR/negatives``,
and ``DIR/labels.json``: one entry per image with the declared channel and category and the
ground-truth instances (the artwork's box and corners in image pixels, mark height S, variant,
caption, and the finding code a modified instance must raise). ``docs/benchmarks.md`` describes
the sets and where every picture comes from.

Deterministic: each image is drawn from its own ``numpy`` generator seeded by (seed, set, index),
so the same seed gives byte-identical files whatever the number of workers. The brand-logo
negatives need the npm packages pinned below (installed at run time into ``--cache``, outside the
repository); without npm that subset is left out and the run says so.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import shutil
import subprocess
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from corpus_art import (
    Art,
    Tile,
    caption_outline,
    charter,
    draw_text_on_band,
    icon_elements,
    master,
    render,
    render_svg,
    scale_linear,
)
from corpus_page import (
    ACCENTS,
    DARK_BACKGROUNDS,
    LIGHT_BACKGROUNDS,
    TEXT_GREYS,
    Painter,
    Rect,
    draw_brochure,
    draw_photo_extras,
    draw_web,
    email_token,
    finish,
    font,
    grow,
    hex_rgb,
    intersects,
    luminance,
    photo_canvas,
    photo_crop,
    pick,
    rgb_hex,
    visible_on,
    words,
)
from PIL import Image, ImageDraw

from logo_check.codes import FINDING_CODES

GENERATOR = "logo-check benchmarks/corpus.py"
FORMAT_VERSION = 1
SIMPLE_ICONS = ("simple-icons", "16.37.0")
ICONIFY_LOGOS = ("@iconify-json/logos", "1.2.19")

POSITIVES = "positives"
NEGATIVES = "negatives"
#: One modified set per finding code that applies to images: the date and the denomination as text
#: are not in pictures, and an exception is not a violation.
MODIFIED_SETS = tuple(c for c in FINDING_CODES if c not in ("expired_use", "denomination_altered", "exception_applied"))
#: Mark-height buckets (px) for detection recall; the upper bound is inclusive for the last one.
BUCKETS = (("24-40", 24.0, 40.0), ("40-100", 40.0, 100.0), ("100-400", 100.0, 400.0))
#: Clean marks are drawn from this range: 24 px is the smallest S allowed at all (sms, with the
#: reduced_min_size waiver), so the lowest bucket starts one pixel above it to stay clean.
CLEAN_S_RANGE = (25.0, 400.0)
#: Clean images whose smallest mark is under this height are declared on channel sms (minimum
#: 24 px) instead of web/e-mail/video (minimum 40 px), with a margin for measuring error.
SCREEN_MIN_MARGIN = 44.0
#: Clean clear space: content keeps at least this many S from the artwork's box (charter: 0.25).
CLEAN_MARGIN = 0.35
POSITIVE_KINDS = ("photo", "web", "brochure", "brochure_photo")
NEGATIVE_KINDS = ("photo", "page", "email_text", "email_icon", "brand_simple_icons", "brand_iconify")
SCREEN_SIZES = ((1280, 720), (1920, 1080), (2560, 1440), (3840, 2160))
SCREEN_WEIGHTS = (2.0, 4.0, 1.0, 0.5)
PAGE_SIZES = ((1240, 1754), (1654, 2339), (2480, 3508), (3508, 2480))
PAGE_WEIGHTS = (3.0, 2.0, 1.0, 0.5)

SIZES: dict[str, dict[str, Any]] = {
    "small": {
        POSITIVES: {"photo": 4, "web": 4, "brochure": 4, "brochure_photo": 4},
        "modified": 2,
        NEGATIVES: {
            "photo": 3,
            "page": 3,
            "email_text": 3,
            "email_icon": 3,
            "brand_simple_icons": 2,
            "brand_iconify": 2,
        },
    },
    "full": {
        POSITIVES: {"photo": 300, "web": 240, "brochure": 180, "brochure_photo": 180},
        "modified": 72,
        NEGATIVES: {
            "photo": 280,
            "page": 260,
            "email_text": 230,
            "email_icon": 230,
            "brand_simple_icons": 180,
            "brand_iconify": 70,
        },
    },
}

UNKNOWN_CAPTIONS = (
    "OFFRE SPÉCIALE",
    "PARTENAIRE OFFICIEL",
    "SOLUTION RECOMMANDÉE",
    "PRESTATAIRE AGRÉÉ",
    "NOUVEAUTÉ 2008",
    "MEMBRE DU RÉSEAU",
    "SERVICE CERTIFIÉ",
    "ESPACE CONSEIL",
)
FOREIGN_COLOURS = ("#FFD400", "#2BA84A", "#FF7F00", "#8E44AD", "#E91E8C", "#00A8A8", "#7A4A1E")


# --- jobs and seeds ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One image to generate."""

    set_name: str
    index: int
    kind: str


def job_rng(seed: int, job: Job) -> np.random.Generator:
    """The image's own generator: depends only on the seed, the set and the index."""
    return np.random.default_rng(np.random.SeedSequence([seed, zlib.crc32(job.set_name.encode()), job.index]))


def plan(size: str, brands: dict[str, Any]) -> list[Job]:
    """Every image of a corpus size, in a fixed order."""
    spec = SIZES[size]
    jobs: list[Job] = []
    counts = spec[POSITIVES]
    per_kind = {k: 0 for k in POSITIVE_KINDS}
    total = sum(counts.values())
    i = 0
    while len(jobs) < total:
        kind = POSITIVE_KINDS[i % len(POSITIVE_KINDS)]
        if per_kind[kind] < counts[kind]:
            jobs.append(Job(POSITIVES, i, kind))
            per_kind[kind] += 1
        i += 1
    for code in MODIFIED_SETS:
        jobs.extend(Job(code, n, code) for n in range(spec["modified"]))
    n = 0
    for kind, count in spec[NEGATIVES].items():
        if kind == "brand_simple_icons" and not brands.get("simple_icons"):
            continue
        if kind == "brand_iconify" and not brands.get("iconify"):
            continue
        for _ in range(count):
            jobs.append(Job(NEGATIVES, n, kind))
            n += 1
    return jobs


# --- small helpers -------------------------------------------------------------------------------


def categories() -> list[str]:
    return list(charter().categories)


def log_uniform(rng: np.random.Generator, lo: float, hi: float) -> float:
    return float(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def sample_mark_height(rng: np.random.Generator, bucket: int) -> float:
    """S drawn log-uniform within a bucket (the buckets get equal numbers of primary marks)."""
    _, lo, hi = BUCKETS[bucket]
    lo = max(lo, CLEAN_S_RANGE[0])
    return round(log_uniform(rng, lo, min(hi, CLEAN_S_RANGE[1])), 1)


def bucket_name(mark_height: float) -> str | None:
    for name, lo, hi in BUCKETS:
        if lo <= mark_height < hi or (hi == BUCKETS[-1][2] and mark_height == hi):
            return name
    return None


def choose_size(
    rng: np.random.Generator, sizes: tuple[tuple[int, int], ...], weights: tuple[float, ...], need: tuple[float, float]
) -> tuple[int, int]:
    """A canvas size at least ``need`` (w, h), drawn by weight among those that fit."""
    fits = [(s, w) for s, w in zip(sizes, weights, strict=True) if s[0] >= need[0] and s[1] >= need[1]]
    fits = sorted(fits, key=lambda sw: sw[0][0] * sw[0][1])[:2]  # big canvases only when needed
    if not fits:
        return max(sizes, key=lambda s: s[0] * s[1])
    p = np.array([w for _, w in fits])
    return fits[int(rng.choice(len(fits), p=p / p.sum()))][0]


def rotation(theta_deg: float) -> np.ndarray:
    """Counter-clockwise rotation on screen (y grows downward)."""
    t = math.radians(theta_deg)
    return np.array([[math.cos(t), math.sin(t)], [-math.sin(t), math.cos(t)]])


def delta_e00(a: str, b: str) -> float:
    from skimage.color import deltaE_ciede2000, rgb2lab

    la = rgb2lab(np.array([[hex_rgb(a)]], dtype=float) / 255.0)
    lb = rgb2lab(np.array([[hex_rgb(b)]], dtype=float) / 255.0)
    return float(deltaE_ciede2000(la, lb)[0, 0])


def lab_lightness(colour: str) -> float:
    from skimage.color import rgb2lab

    return float(rgb2lab(np.array([[hex_rgb(colour)]], dtype=float) / 255.0)[0, 0, 0])


# --- instances -----------------------------------------------------------------------------------


@dataclass
class Instance:
    """One artwork to place on a page, and its ground truth."""

    art: Art
    linear: np.ndarray
    mark_height: float
    variant: str
    caption: str | None
    plate: str | None = None  # plate colour drawn behind the artwork; None: the page itself
    plate_shape: str = "rect"  # rect, rounded or strip
    margin: float = 0.5  # plate margin around the artwork's box, in S
    expected_code: str | None = None
    expected_element: str | None = None
    acceptable: tuple[str, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict)
    tile_ops: list[Callable[[Tile], dict[str, Any]]] = field(default_factory=list)
    anchor: tuple[float, float] | None = None  # forced position of the artwork box's top-left
    tile: Tile | None = None
    pos: tuple[int, int] = (0, 0)  # page position of the tile's pixel (0, 0)
    keepout: Rect = (0.0, 0.0, 0.0, 0.0)

    def quad(self) -> np.ndarray:
        assert self.tile is not None
        return self.tile.corners() + np.asarray(self.pos, dtype=float)

    def box(self) -> Rect:
        q = self.quad()
        return float(q[:, 0].min()), float(q[:, 1].min()), float(q[:, 0].max()), float(q[:, 1].max())


def new_instance(category: str, variant: str, mark_height: float, **kw: Any) -> Instance:
    art = master(category, variant)
    return Instance(art, scale_linear(mark_height, art), mark_height, variant, category, **kw)


def prepare(inst: Instance) -> Tile:
    """Render the instance's tile and apply its raster modifications (once)."""
    if inst.tile is not None:
        return inst.tile
    tile = render(inst.art, inst.linear)
    for op in inst.tile_ops:
        inst.detail.update(op(tile))
    inst.tile = tile
    return tile


def place_all(
    instances: list[Instance], width: int, height: int, rng: np.random.Generator, reserved: list[Rect] | None = None
) -> list[Instance]:
    """Place instances without overlap (plates and clear space included); returns those placed.

    The first instance is always placed (the canvas is chosen to fit it); later ones are dropped
    when no free spot is found.
    """
    placed: list[Instance] = []
    taken = list(reserved or [])
    edge = 4.0
    for n, inst in enumerate(instances):
        tile = prepare(inst)
        fx0, fy0, fx1, fy1 = tile.footprint()
        s = inst.mark_height
        room_m = min((width - 2 * edge - (fx1 - fx0)) / 2, (height - 2 * edge - (fy1 - fy0)) / 2) / s
        m = min(inst.margin, room_m) * s
        if inst.anchor is not None:
            x, y = inst.anchor
            inst.pos = (round(x - fx0), round(y - fy0))
            inst.keepout = grow(inst.box(), inst.margin * s)
            placed.append(inst)
            taken.append(inst.keepout)
            continue
        if m < CLEAN_MARGIN * s * 0.999:
            if n == 0:
                m = max(m, 0.27 * s)
            else:
                continue
        fw, fh = fx1 - fx0 + 2 * m, fy1 - fy0 + 2 * m
        spot = None
        for _ in range(300):
            x = rng.uniform(edge, max(edge, width - edge - fw))
            y = rng.uniform(edge, max(edge, height - edge - fh))
            r = (x, y, x + fw, y + fh)
            if not any(intersects(r, t, 0.1 * s) for t in taken):
                spot = r
                break
        if spot is None:
            if n == 0:
                spot = (edge, edge, edge + fw, edge + fh)
            else:
                continue
        inst.pos = (round(spot[0] + m - fx0), round(spot[1] + m - fy0))
        inst.keepout = grow(inst.box(), m)
        placed.append(inst)
        taken.append(inst.keepout)
    return placed


def draw_plates(image: Image.Image, instances: list[Instance]) -> None:
    draw = ImageDraw.Draw(image)
    for inst in instances:
        if inst.plate is None:
            continue
        r = inst.keepout
        if inst.plate_shape == "strip":
            draw.rectangle((0, r[1], image.width, r[3]), fill=inst.plate)
        elif inst.plate_shape == "rounded":
            radius = min(r[2] - r[0], r[3] - r[1]) * 0.2
            draw.rounded_rectangle(r, radius=radius, fill=inst.plate)
        else:
            draw.rectangle(r, fill=inst.plate)


def paste_tiles(image: Image.Image, instances: list[Instance]) -> None:
    for inst in instances:
        assert inst.tile is not None
        image.paste(inst.tile.image, inst.pos, inst.tile.image)


def compose(
    layout: str,
    width: int,
    height: int,
    rng: np.random.Generator,
    instances: list[Instance],
    background: str | None = None,
    email_rate: float = 0.0,
    reserved: list[Rect] | None = None,
) -> tuple[Image.Image, list[Instance], list[str]]:
    """A page (photo, web or brochure) holding ``instances``: (image, placed instances, sources)."""
    placed = place_all(instances, width, height, rng, reserved)
    keepouts = [i.keepout for i in placed]
    for inst in placed:  # a strip plate spans the width: nothing else may sit beside the logo
        if inst.plate is not None and inst.plate_shape == "strip":
            keepouts.append((0.0, inst.keepout[1], float(width), inst.keepout[3]))
    keepouts += list(reserved or [])
    sources = ["pillow:layout"]
    if layout == "photo":
        image, sources = photo_canvas(rng, width, height, shift=rng.random() < 0.3)
        painter = Painter(image, rng, keepouts, width / 1280, email_rate)
        draw_photo_extras(painter)
    else:
        colour = background or pick(rng, LIGHT_BACKGROUNDS)
        image = Image.new("RGB", (width, height), colour)
        painter = Painter(image, rng, keepouts, width / 1280, email_rate)
        if layout == "web":
            draw_web(painter)
        else:
            draw_brochure(painter)
    draw_plates(image, placed)
    paste_tiles(image, placed)
    return image, placed, sources


def instance_label(
    inst: Instance,
    width: int,
    height: int,
    context: str,
    homography: np.ndarray | None = None,
    rotation_deg: float = 0.0,
    perspective: float = 0.0,
) -> dict[str, Any]:
    """The ground truth of a placed instance (optionally mapped by a page → image homography)."""
    quad = inst.quad()
    if homography is not None:
        quad = cv2.perspectiveTransform(quad.reshape(-1, 1, 2), homography).reshape(-1, 2)
    x0, y0 = quad.min(axis=0)
    x1, y1 = quad.max(axis=0)
    clipped = [max(0.0, x0), max(0.0, y0), min(float(width), x1), min(float(height), y1)]
    mark = float((np.linalg.norm(quad[3] - quad[0]) + np.linalg.norm(quad[2] - quad[1])) / 2)
    return {
        "bbox": [round(float(v), 2) for v in clipped],
        "bbox_unclipped": [round(float(v), 2) for v in (x0, y0, x1, y1)],
        "quad": [[round(float(x), 2), round(float(y), 2)] for x, y in quad],
        "mark_height_px": round(mark, 2),
        "bucket": bucket_name(mark),
        "variant": inst.variant,
        "caption": inst.caption,
        "rotation_deg": round(rotation_deg, 2),
        "perspective": round(perspective, 4),
        "context": context,
        "plate": inst.plate,
        "modified": inst.expected_code is not None,
        "expected_code": inst.expected_code,
        "expected_element": inst.expected_element,
        "acceptable_codes": list(inst.acceptable),
        "detail": inst.detail,
    }


def light_plate(rng: np.random.Generator) -> str:
    return pick(rng, LIGHT_BACKGROUNDS)


def dark_plate(rng: np.random.Generator) -> str:
    return pick(rng, DARK_BACKGROUNDS)


def plate_for(variant: str, rng: np.random.Generator, layout: str) -> tuple[str | None, str]:
    """The plate an instance of ``variant`` needs on a ``layout`` page: (colour or None, shape)."""
    shape = pick(rng, ("rect", "rounded", "strip")) if layout in ("photo", "web") else pick(rng, ("rect", "rounded"))
    if variant == "reversed":
        return dark_plate(rng), shape
    if layout == "photo":
        return light_plate(rng), shape
    return None, "rect"


def channel_for(instances: list[dict[str, Any]], rng: np.random.Generator) -> str:
    """sms when a mark is mono or small (its waivers make it compliant), else a screen channel."""
    if any(i["variant"] == "mono" for i in instances) or any(
        i["mark_height_px"] < SCREEN_MIN_MARGIN for i in instances
    ):
        return "sms"
    return pick(rng, ("web", "email", "video"))


# --- positives -----------------------------------------------------------------------------------


def gen_positive(job: Job, rng: np.random.Generator) -> tuple[np.ndarray, str, dict[str, Any]]:
    """A clean image: one or more reference artworks placed as the charter wants."""
    k = POSITIVE_KINDS.index(job.kind)
    j = job.index // len(POSITIVE_KINDS)
    variants = list(charter().variants)
    variant = variants[j % len(variants)]
    bucket = (j + j // 3) % len(BUCKETS)
    cats = categories()
    category = cats[(j + k) % len(cats)]
    mark = sample_mark_height(rng, bucket)
    if job.kind == "brochure_photo":
        return gen_brochure_photo(rng, category, variant, mark)
    extra = 0
    if rng.random() < 0.25:
        extra = int(rng.choice([1, 2, 3, 4], p=[0.45, 0.3, 0.15, 0.1]))
    layout = job.kind
    marks = [mark] + [sample_mark_height(rng, int(rng.integers(len(BUCKETS)))) for _ in range(extra)]
    need = (6.8 * mark + 16, 1.9 * mark + 16)
    if layout == "brochure":
        width, height = choose_size(rng, PAGE_SIZES, PAGE_WEIGHTS, need)
    else:
        width, height = choose_size(rng, SCREEN_SIZES, SCREEN_WEIGHTS, need)
    # keep multi-instance pages feasible: drop extra marks once they would fill a third of the page
    budget = width * height / 3
    kept = []
    for n, m in enumerate(marks):
        area = (5.6 + 2 * CLEAN_MARGIN + 0.4) * (1 + 2 * CLEAN_MARGIN + 0.4) * m * m
        if n == 0 or area <= budget:
            kept.append(m)
            budget -= area
    instances = []
    for n, m in enumerate(kept):
        v = variant if n == 0 else pick(rng, ("colour", "reversed", "colour", "mono"))
        plate, shape = plate_for(v, rng, layout)
        if len(kept) > 1 and shape == "strip":
            shape = "rect"
        margin = float(rng.uniform(CLEAN_MARGIN + 0.02, 1.1))
        instances.append(new_instance(category, v, m, plate=plate, plate_shape=shape, margin=margin))
    image, placed, sources = compose(layout, width, height, rng, instances)
    labels = [instance_label(i, width, height, layout) for i in placed]
    meta = {
        "channel": channel_for(labels, rng),
        "category": category,
        "kind": layout,
        "sources": sources,
        "instances": labels,
    }
    return np.asarray(image), "photo" if layout in ("photo", "brochure") else "screen", meta


def gen_brochure_photo(
    rng: np.random.Generator, category: str, variant: str, mark: float
) -> tuple[np.ndarray, str, dict[str, Any]]:
    """A photograph of a printed page: the page (text lines and the logo) turns and tilts as one."""
    theta = float(rng.uniform(-30, 30))
    sigma = float(rng.uniform(0.85, 1.15))  # image pixels per page pixel
    page_mark = mark / sigma
    landscape = page_mark > 170 or rng.random() < 0.3
    k = float(rng.uniform(1.2, 2.6))
    page_w = max(700.0, min(3000.0, k * 6.8 * page_mark))
    page_w = max(page_w, (5.6 + 2 * 0.8) * page_mark + 40)
    page_h = page_w / 1.414 if landscape else page_w * 1.414
    page_h = max(page_h, 3.2 * page_mark + 40)
    pw, ph = round(page_w), round(page_h)
    plate, shape = plate_for(variant, rng, "brochure")
    instances = [
        new_instance(category, variant, page_mark, plate=plate, plate_shape=shape, margin=float(rng.uniform(0.45, 1.0)))
    ]
    if rng.random() < 0.1:
        # at least 27 px once photographed (sigma and a little perspective): still a clean size
        second = max(page_mark * float(rng.uniform(0.5, 1.0)), 27.0 / sigma)
        v2 = "colour" if variant != "mono" else "mono"
        instances.append(new_instance(category, v2, second, margin=0.6))
    paper = pick(rng, ("#FFFFFF", "#FBFAF6", "#F6F6F2"))
    page, placed, _ = compose("brochure", pw, ph, rng, instances, background=paper)
    first = placed[0]
    centre = first.quad().mean(axis=0)
    corners = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], dtype=float)
    dest = (corners - centre) @ (sigma * rotation(theta)).T
    jitter = float(rng.uniform(0.0, 0.025))
    diag = math.hypot(pw, ph) * sigma
    dest = dest + rng.normal(0.0, 1.0, (4, 2)) * jitter * diag / 2
    homography = cv2.getPerspectiveTransform(corners.astype(np.float32), dest.astype(np.float32))
    quad = cv2.perspectiveTransform(first.quad().reshape(-1, 1, 2), homography).reshape(-1, 2)
    measured = (np.linalg.norm(quad[3] - quad[0]) + np.linalg.norm(quad[2] - quad[1])) / 2
    homography = np.diag([mark / measured, mark / measured, 1.0]) @ homography
    quads = [cv2.perspectiveTransform(i.quad().reshape(-1, 1, 2), homography).reshape(-1, 2) for i in placed]
    allq = np.concatenate(quads)
    qx0, qy0 = allq.min(axis=0)
    qx1, qy1 = allq.max(axis=0)
    pad = 0.6 * mark + 8
    width, height = choose_size(rng, SCREEN_SIZES, SCREEN_WEIGHTS, (qx1 - qx0 + 2 * pad, qy1 - qy0 + 2 * pad))
    tx = rng.uniform(pad - qx0, max(pad - qx0, width - pad - qx1))
    ty = rng.uniform(pad - qy0, max(pad - qy0, height - pad - qy1))
    homography = np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]], dtype=float) @ homography
    background, sources = photo_canvas(rng, width, height, shift=rng.random() < 0.3)
    warped = cv2.warpPerspective(np.asarray(page), homography, (width, height), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((ph, pw), 255, np.uint8), homography, (width, height), flags=cv2.INTER_LINEAR)
    # alpha blend (page over photo) in 16-bit integers
    m16 = mask.astype(np.uint16)[:, :, None]
    out = (np.asarray(background).astype(np.uint16) * (255 - m16) + warped.astype(np.uint16) * m16 + 127) // 255
    # soft light fall-off across the scene (at most 6 %), as a separable ramp
    a = float(rng.uniform(0.0, 0.06))
    phi = float(rng.uniform(0, 2 * math.pi))
    xs = np.arange(width, dtype=np.float32) * math.cos(phi)
    ys = np.arange(height, dtype=np.float32) * math.sin(phi)
    ramp = ys[:, None] + xs[None, :]
    ramp -= ramp.min()
    gain = ((1.0 - a * ramp / max(float(ramp.max()), 1e-6)) * 256).astype(np.uint16)
    image = ((out * gain[:, :, None]) >> 8).astype(np.uint8)
    labels = [instance_label(i, width, height, "brochure_photo", homography, theta, jitter) for i in placed]
    meta = {
        "channel": channel_for(labels, rng),
        "category": category,
        "kind": "brochure_photo",
        "sources": [*sources, "pillow:layout"],
        "instances": labels,
    }
    return image, "photo", meta


# --- modified sets ---------------------------------------------------------------------------------


def foreign_colour(rng: np.random.Generator, original: str, lightness: tuple[float, float]) -> tuple[str, float]:
    """A colour clearly unlike ``original`` and every charter colour (ΔE00 > 25 and > 20)."""
    import colorsys

    palette = list(charter().colours.values())
    for _ in range(2000):
        h = rng.uniform(0, 1)
        s = rng.uniform(0.55, 1.0)
        v = rng.uniform(0.35, 0.95)
        colour = rgb_hex([c * 255 for c in colorsys.hsv_to_rgb(h, s, v)])
        if not lightness[0] <= lab_lightness(colour) <= lightness[1]:
            continue
        de = delta_e00(colour, original)
        if de > 25 and all(delta_e00(colour, p) > 20 for p in palette):
            return colour, de
    raise RuntimeError("no foreign colour found")


def light_grey_tint(rng: np.random.Generator) -> str:
    """A light but clearly non-white background (CIE L* 78–88): 'light' to the charter."""
    target = rng.uniform(78, 88)
    tint = rng.integers(-10, 11, 3)
    lo, hi = 120.0, 255.0
    colour = "#C8C8C8"
    for _ in range(30):
        g = (lo + hi) / 2
        colour = rgb_hex(np.clip(g + tint, 0, 255))
        if lab_lightness(colour) < target:
            lo = g
        else:
            hi = g
    return colour


def near_brand_blue(rng: np.random.Generator) -> str:
    """A dark blue within a few ΔE00 of the charter blue: the disc and the wordmark vanish on it."""
    blue = charter().colours["blue"]
    base = np.array(hex_rgb(blue), dtype=float)
    for _ in range(1000):
        colour = rgb_hex(base + rng.integers(-14, 15, 3))
        if delta_e00(colour, blue) < 6:
            return colour
    return blue


def star_points(cx: float, cy: float, r: float) -> str:
    pts = []
    for n in range(10):
        rr = r if n % 2 == 0 else r * 0.45
        a = -math.pi / 2 + n * math.pi / 5
        pts.append(f"{cx + rr * math.cos(a):.1f},{cy + rr * math.sin(a):.1f}")
    return " ".join(pts)


def text_op(text: str, centre: tuple[float, float], height_units: float, colour: str) -> Callable[[Tile], dict]:
    """A tile operation drawing ``text`` (Pillow's font) centred on an artwork-unit point."""

    def op(tile: Tile) -> dict[str, Any]:
        scale = math.sqrt(abs(float(np.linalg.det(tile.linear))))
        size = max(6, round(height_units * scale * 1.1))
        cx, cy = tile.to_tile(np.array([centre]))[0]
        x0, y0, x1, y1 = tile.footprint()
        f = font(size)
        while size > 6 and f.getlength(text) > (x1 - x0) * 0.3:
            size -= 1
            f = font(size)
        half = f.getlength(text) / 2 + 1
        cx = min(max(cx, x0 + half), x1 - half)  # the whole text stays inside the artwork's box
        ImageDraw.Draw(tile.image).text((cx, cy), text, fill=colour, font=f, anchor="mm")
        tl, tt, tr, tb = ImageDraw.Draw(tile.image).textbbox((cx, cy), text, font=f, anchor="mm")
        w, h = x1 - x0, y1 - y0
        box = [(tl - x0) / w, (tt - y0) / h, (tr - x0) / w, (tb - y0) / h]
        return {"text": text, "font": "pillow-default", "box": [round(v, 4) for v in box]}

    return op


def modified_instance(code: str, i: int, rng: np.random.Generator) -> tuple[Instance, str, dict[str, Any]]:
    """The modified instance of image ``i`` of set ``code``: (instance, declared category, image extras)."""
    cats = categories()
    category = cats[(i + i // 4) % len(cats)]
    declared = category
    variant = "reversed" if (i // 8) % 4 == 3 else "colour"
    lo, hi = 50.0, 200.0
    if code in ("element_altered", "caption_mismatch", "caption_unknown", "addition"):
        lo, hi = 70.0, 220.0
    mark = round(log_uniform(rng, lo, hi), 1)
    extras: dict[str, Any] = {"case": None}
    kw: dict[str, Any] = {"expected_code": code, "margin": float(rng.uniform(0.5, 1.1))}

    def make(v: str = variant, m: float = mark) -> Instance:
        plate = dark_plate(rng) if v == "reversed" else None
        return new_instance(category, v, m, plate=plate, plate_shape=pick(rng, ("rect", "rounded")), **kw)

    if code == "colour_changed":
        element, svg_id = (("at_sign", "disc"), ("arrow", "arrow"), ("wordmark", "wordmark"))[i % 3]
        inst = make("colour")
        original = inst.art.attr(svg_id, "fill")
        colour, de = foreign_colour(rng, original, (30.0, 62.0))
        inst.art.recolour(svg_id, colour)
        inst.expected_element = element
        inst.detail = {"element": element, "from": original, "to": colour, "delta_e00": round(de, 1)}
        extras["case"] = element
    elif code == "variant_not_allowed":
        case = ("mono_on_web", "reversed_on_light")[i % 2]
        if case == "mono_on_web":
            inst = make("mono")
        else:
            inst = make("reversed")
            inst.plate = light_grey_tint(rng)
            inst.acceptable = ("low_contrast",)
        inst.detail = {"case": case, "background": inst.plate or "page"}
        extras["case"] = case
    elif code == "distorted":
        case = ("stretch_x", "stretch_y", "shear_x", "shear_y")[i % 4]
        inst = make()
        s = mark / inst.art.height
        if case.startswith("stretch"):
            f = float(rng.uniform(1.2, 1.5))
            inst.linear = np.array([[s * f, 0], [0, s]]) if case == "stretch_x" else np.array([[s, 0], [0, s * f]])
            inst.detail = {"case": case, "factor": round(f, 3)}
        else:
            a = float(rng.uniform(10, 20)) * (1 if rng.random() < 0.5 else -1)
            t = math.tan(math.radians(a))
            inst.linear = np.array([[s, s * t], [0, s]]) if case == "shear_x" else np.array([[s, 0], [s * t, s]])
            inst.detail = {"case": case, "angle_deg": round(a, 2)}
        extras["case"] = case
    elif code == "rotated":
        inst = make()
        theta = float(rng.uniform(8, 25)) * (1 if rng.random() < 0.5 else -1)
        inst.linear = (mark / inst.art.height) * rotation(theta)
        inst.detail = {"rotation_deg": round(theta, 2)}
        extras["rotation_deg"] = theta
    elif code == "mirrored":
        inst = make()
        s = mark / inst.art.height
        inst.linear = np.array([[-s, 0], [0, s]])
        inst.detail = {"case": "horizontal_flip"}
    elif code == "element_missing":
        element = ("arrow", "caption", "wordmark")[i % 3]
        inst = make()
        ids = {"arrow": ("arrow", "arrow-outline"), "caption": ("band", "caption"), "wordmark": ("wordmark",)}
        inst.art.drop(*ids[element])
        inst.expected_element = element
        if element == "caption":
            inst.caption = None
        inst.detail = {"removed": element}
        extras["case"] = element
    elif code == "element_altered":
        case = ("arrow_moved", "caption_retypeset")[i % 2]
        inst = make()
        if case == "arrow_moved":
            d = float(rng.uniform(0.15, 0.3))
            phi = math.radians(float(rng.uniform(-90, 0)))  # up and/or right: the arrow stays in the box
            dx, dy = d * inst.art.height * math.cos(phi), d * inst.art.height * math.sin(phi)
            inst.art.move(dx, dy, "arrow", "arrow-outline")
            inst.expected_element = "arrow"
            inst.detail = {
                "case": case,
                "offset_s": round(d, 3),
                "dx_s": round(dx / 1000, 3),
                "dy_s": round(dy / 1000, 3),
            }
        else:
            inst.art.drop("caption")
            text = charter().categories[category].caption
            art = inst.art
            inst.tile_ops.append(lambda tile: draw_text_on_band(tile, art, text))
            inst.expected_element = "caption"
            inst.detail = {"case": case}
        extras["case"] = case
    elif code == "caption_mismatch":
        inst = make()
        declared = cats[(cats.index(category) + 1 + i % (len(cats) - 1)) % len(cats)]
        inst.detail = {"caption": category, "declared": declared}
    elif code == "caption_unknown":
        inst = make()
        text = UNKNOWN_CAPTIONS[i % len(UNKNOWN_CAPTIONS)]
        d = caption_outline(inst.art, text)
        if d is not None:
            inst.art.replace_path("caption", d)
            inst.detail = {"text": text, "font": "DejaVuSans-Bold outlines"}
        else:
            inst.art.drop("caption")
            art = inst.art
            inst.tile_ops.append(lambda tile: draw_text_on_band(tile, art, text))
            inst.detail = {"text": text}
        inst.caption = "unknown"
        declared = pick(rng, cats)
        extras["case"] = text
    elif code == "addition":
        inst = make()
        kind = ("shape", "text")[i % 2]
        region = ("band_end", "wordmark", "disc")[(i // 2) % 3]
        w, h = inst.art.width, inst.art.height
        z = float(rng.uniform(0.25, 0.33 if region == "band_end" else 0.45)) * h
        if region == "band_end":
            cx, cy = w - z / 2 - float(rng.uniform(0.03, 0.2)) * h, 0.645 * h + 0.355 * h / 2
        elif region == "wordmark":
            cx, cy = float(rng.uniform(1150 + z / 2, w - z / 2)), float(rng.uniform(z / 2 + 25, 552 - z / 2))
        else:
            cx, cy = 500 + float(rng.uniform(-150, 150)), 500 + float(rng.uniform(-150, 150))
        colour = pick(rng, FOREIGN_COLOURS)
        if kind == "shape":
            shape = pick(rng, ("star", "circle", "square", "triangle"))
            r = z / 2
            if shape == "star":
                xml = f'<polygon points="{star_points(cx, cy, r)}" fill="{colour}"/>'
            elif shape == "circle":
                xml = f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="{colour}"/>'
            elif shape == "square":
                xml = f'<rect x="{cx - r:.1f}" y="{cy - r:.1f}" width="{z:.1f}" height="{z:.1f}" fill="{colour}"/>'
            else:
                points = f"{cx:.1f},{cy - r:.1f} {cx + r:.1f},{cy + r:.1f} {cx - r:.1f},{cy + r:.1f}"
                xml = f'<polygon points="{points}" fill="{colour}"/>'
            inst.art.extra.append(xml)
            what = shape
        else:
            what = pick(rng, ("NEW", "2008", "-20%", "TOP", "+1", "OK"))
            inst.tile_ops.append(text_op(what, (cx, cy), z, colour))
        box = [(cx - z / 2) / w, (cy - z / 2) / h, (cx + z / 2) / w, (cy + z / 2) / h]
        inst.detail = {
            "kind": kind,
            "what": what,
            "region": region,
            "colour": colour,
            "box": [round(v, 4) for v in box],
        }
        extras["case"] = f"{kind}:{region}"
    elif code == "clear_space":
        inst = make()
        inst.margin = 2.2
        side = ("left", "right", "top", "bottom")[i % 4]
        kind = ("block", "photo", "text", "partner")[(i // 4) % 4]
        inst.detail = {"side": side, "intruder": kind}
        extras["case"] = f"{kind}:{side}"
    elif code == "cropped":
        inst = make()
        side = ("left", "right", "top", "bottom")[i % 4]
        inst.detail = {"side": side, "fraction": round(float(rng.uniform(0.10, 0.40)), 3)}
        inst.acceptable = ("element_missing",)
        extras["case"] = side
    elif code == "too_small":
        mark = round(float(rng.uniform(30, 38)), 1)
        inst = make(m=mark)
        inst.margin = float(rng.uniform(0.6, 1.5))
        inst.detail = {"mark_height_px": mark, "channel_minimum_px": charter().channels["web"].min_mark_height}
    elif code == "low_contrast":
        case = ("colour_on_blue", "reversed_on_white")[i % 2]
        if case == "colour_on_blue":
            inst = make("colour")
            inst.plate = near_brand_blue(rng)
            inst.plate_shape = pick(rng, ("rect", "rounded", "strip"))
            inst.acceptable = ("variant_not_allowed",)
        else:
            inst = make("reversed")
            inst.plate = "#FFFFFF"
            inst.acceptable = ("variant_not_allowed",)
        inst.detail = {"case": case, "background": inst.plate}
        extras["case"] = case
    else:
        raise ValueError(code)
    return inst, declared, extras


def crop_anchor(inst: Instance, width: int, height: int, rng: np.random.Generator) -> None:
    """Force the instance across an image edge so that ``fraction`` of its area is outside."""
    tile = prepare(inst)
    fx0, fy0, fx1, fy1 = tile.footprint()
    w, h = fx1 - fx0, fy1 - fy0
    f = inst.detail["fraction"]
    side = inst.detail["side"]
    m = 0.6 * inst.mark_height
    if side in ("left", "right"):
        y = float(rng.uniform(m + 4, height - h - m - 4))
        x = -f * w if side == "left" else width - (1 - f) * w
    else:
        x = float(rng.uniform(m + 4, width - w - m - 4))
        y = -f * h if side == "top" else height - (1 - f) * h
    inst.anchor = (x, y)


#: A clear-space intruder must cover at least this share of the 0.25 S margin (retried otherwise).
MIN_INTRUSION = 0.04


def intrude(image: Image.Image, inst: Instance, rng: np.random.Generator, brands: dict[str, Any]) -> dict[str, Any]:
    """Draw a graphic within the clear space (0.25 S) of ``inst``; returns what was drawn."""
    found: dict[str, Any] = {}
    for _ in range(6):
        trial = image.copy()
        found = _intruder(trial, inst, rng, brands)
        if found["margin_share"] >= MIN_INTRUSION:
            break
    image.paste(trial)
    return found


def _intruder(image: Image.Image, inst: Instance, rng: np.random.Generator, brands: dict[str, Any]) -> dict[str, Any]:
    x0, y0, x1, y1 = inst.box()
    s = inst.mark_height
    side, kind = inst.detail["side"], inst.detail["intruder"]
    margin = charter().clear_space.margin * s
    g = float(rng.uniform(0.0, 0.08)) * s
    d = float(rng.uniform(0.7, 1.5)) * s
    if side in ("left", "right"):
        top = y0 - margin - float(rng.uniform(0, 0.3)) * s
        bottom = y1 + margin + float(rng.uniform(0, 0.3)) * s
        r = (x0 - g - d, top, x0 - g, bottom) if side == "left" else (x1 + g, top, x1 + g + d, bottom)
    else:
        span = float(rng.uniform(1.5, 4.0)) * s
        a = float(rng.uniform(x0, max(x0, x1 - span)))
        r = (a, y0 - g - d, a + span, y0 - g) if side == "top" else (a, y1 + g, a + span, y1 + g + d)
    r = (max(0.0, r[0]), max(0.0, r[1]), min(float(image.width), r[2]), min(float(image.height), r[3]))
    # what the intruder is drawn on: its colours are made to stand out from it (see visible_on)
    ground = rgb_hex(np.median(np.asarray(image.convert("RGB").crop(tuple(int(v) for v in r))).reshape(-1, 3), axis=0))
    draw = ImageDraw.Draw(image)
    inked: list[Rect] = []
    if kind == "partner" and not brands.get("simple_icons"):
        kind = "block"
    if kind == "block":
        draw.rectangle(r, fill=visible_on(pick(rng, ACCENTS), ground))
        inked.append(r)
    elif kind == "photo":
        w, h = max(8, int(r[2] - r[0])), max(8, int(r[3] - r[1]))
        block, _ = photo_crop(rng, w, h)
        image.paste(Image.fromarray(block), (int(r[0]), int(r[1])))
        inked.append((int(r[0]), int(r[1]), int(r[0]) + w, int(r[1]) + h))
    elif kind == "text":
        size = max(8, round(0.3 * s))
        f = font(size)
        colour = visible_on(pick(rng, TEXT_GREYS), ground)
        lines = max(1, int((r[3] - r[1]) // (size * 1.25)))
        for n in range(lines):
            text = words(rng, 6)
            while len(text) > 3 and f.getlength(text) > r[2] - r[0]:
                text = text[:-1]
            if side == "left":  # each line ends at the inner edge, next to the logo
                xy, anchor = (r[2], r[1] + n * size * 1.25), "ra"
            elif side == "top":
                xy, anchor = (r[0], r[3] - n * size * 1.25), "ld"
            else:
                xy, anchor = (r[0], r[1] + n * size * 1.25), "la"
            draw.text(xy, text, fill=colour, font=f, anchor=anchor)
            inked.append(draw.textbbox(xy, text, font=f, anchor=anchor))
    else:
        icon, title = brand_icon(rng, brands, int(min(r[2] - r[0], r[3] - r[1])))
        icon = icon_visible_on(icon, ground)
        bx0, by0, bx1, by1 = icon.getbbox() or (0, 0, icon.width, icon.height)
        cy = (r[1] + r[3]) / 2 - (by0 + by1) / 2
        if side == "left":  # the icon's ink touches the inner edge of the intruder's box
            xy = (int(r[2] - bx1), int(cy))
        elif side == "right":
            xy = (int(r[0] - bx0), int(cy))
        elif side == "top":
            xy = (int(r[0] - bx0), int(r[3] - by1))
        else:
            xy = (int(r[0] - bx0), int(r[1] - by0))
        image.paste(icon, xy, icon)
        inked.append((xy[0] + bx0, xy[1] + by0, xy[0] + bx1, xy[1] + by1))
        kind = f"partner:{title}"
    ring = (x1 - x0 + 2 * margin) * (y1 - y0 + 2 * margin) - (x1 - x0) * (y1 - y0)
    covered = 0.0
    for q in inked:
        outer = (max(q[0], x0 - margin), max(q[1], y0 - margin), min(q[2], x1 + margin), min(q[3], y1 + margin))
        if outer[2] > outer[0] and outer[3] > outer[1]:
            covered += (outer[2] - outer[0]) * (outer[3] - outer[1])
    gap = min(max(x0 - q[2], q[0] - x1, y0 - q[3], q[1] - y1) for q in inked) if inked else None
    return {
        "intruder": kind,
        "intruder_box": [round(float(v), 1) for v in r],
        "margin_share": round(covered / ring, 4),
        "gap_s": round(float(gap) / s, 3) if gap is not None else None,
    }


def icon_visible_on(icon: Image.Image, ground: str) -> Image.Image:
    """``icon`` (RGBA) with its main colour (the median of its opaque pixels, and the pixels near
    it) replaced by one that stands out from ``ground`` (see visible_on); a tile keeps its glyph."""
    rgba = np.asarray(icon).copy()
    opaque = rgba[..., 3] > 128
    if not opaque.any():
        return icon
    main = np.median(rgba[opaque][:, :3], axis=0)
    wanted = visible_on(rgb_hex(main), ground)
    if wanted == rgb_hex(main):
        return icon
    near = np.linalg.norm(rgba[..., :3].astype(float) - main, axis=2) < 40
    rgba[near, :3] = hex_rgb(wanted)
    return Image.fromarray(rgba, "RGBA")


def gen_modified(job: Job, rng: np.random.Generator, brands: dict[str, Any]) -> tuple[np.ndarray, str, dict[str, Any]]:
    """One image with one modified instance on a clean web page or brochure."""
    code, i = job.set_name, job.index
    inst, declared, extras = modified_instance(code, i, rng)
    layout = ("web", "brochure")[(i // 2) % 2]
    fx0, fy0, fx1, fy1 = prepare(inst).footprint()
    room = 2 * max(1.2, inst.margin if code == "clear_space" else 0.6) * inst.mark_height + 16
    need = (fx1 - fx0 + room, fy1 - fy0 + room)
    if layout == "web":
        width, height = choose_size(rng, SCREEN_SIZES[:3], (3.0, 3.0, 1.0), need)
    else:
        width, height = choose_size(rng, PAGE_SIZES[:3], (3.0, 1.0, 0.5), need)
    background = None
    if code == "low_contrast" and inst.detail["case"] == "reversed_on_white":
        background = "#FFFFFF"
        inst.plate = None
    if code == "cropped":
        crop_anchor(inst, width, height, rng)
    image, _, sources = compose(layout, width, height, rng, [inst], background=background)
    if code == "clear_space":
        inst.detail.update(intrude(image, inst, rng, brands))
    rot = float(extras.pop("rotation_deg", 0.0))
    label = instance_label(inst, width, height, layout, rotation_deg=rot)
    if code == "cropped":
        x0, y0, x1, y1 = label["bbox_unclipped"]
        cx0, cy0, cx1, cy1 = label["bbox"]
        label["detail"]["fraction_measured"] = round(1 - (cx1 - cx0) * (cy1 - cy0) / ((x1 - x0) * (y1 - y0)), 3)
    meta = {
        "channel": "web",
        "category": declared,
        "kind": layout,
        "sources": sources,
        "instances": [label],
        "case": extras.get("case"),
    }
    return np.asarray(image), "modified", meta


# --- brand logos (npm, at run time) ----------------------------------------------------------------


def npm_install(cache: Path, packages: list[tuple[str, str]]) -> dict[str, Any]:
    """Install the pinned packages into ``cache`` (npm's own client); returns what is available."""
    found: dict[str, Any] = {"simple_icons": None, "iconify": None, "root": str(cache / "node_modules")}
    wanted = []
    for name, version in packages:
        pkg = cache / "node_modules" / name / "package.json"
        ok = pkg.is_file() and json.loads(pkg.read_text(encoding="utf-8")).get("version") == version
        if not ok:
            wanted.append(f"{name}@{version}")
    if wanted:
        npm = shutil.which("npm")
        if npm is None:
            print("npm not found: the brand-logo negatives (simple-icons, @iconify-json/logos) are left out")
            return found
        cache.mkdir(parents=True, exist_ok=True)
        cmd = [npm, "install", "--prefix", str(cache), "--no-save", "--no-package-lock", "--no-audit", "--no-fund"]
        cmd += ["--ignore-scripts", "--loglevel=error", *wanted]
        print(f"installing {', '.join(wanted)} into {cache} (npm)")
        try:
            subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=600)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            detail = getattr(exc, "stderr", "") or str(exc)
            print(f"npm install failed ({detail.strip().splitlines()[-1:] or exc}): brand-logo subsets are left out")
    for (name, version), key in zip(packages, ("simple_icons", "iconify"), strict=True):
        pkg = cache / "node_modules" / name / "package.json"
        if pkg.is_file() and json.loads(pkg.read_text(encoding="utf-8")).get("version") == version:
            found[key] = version
        else:
            print(f"{name}@{version} unavailable: its brand-logo negatives are left out")
    return found


@functools.cache
def simple_icons_catalog(root: str) -> list[tuple[str, str, str]]:
    """(slug, hex colour, title) of every simple-icons icon, sorted by slug."""
    data = json.loads((Path(root) / "simple-icons" / "data" / "simple-icons.json").read_text(encoding="utf-8"))
    entries = data if isinstance(data, list) else data.get("icons", [])
    out = []
    for e in entries:
        slug = e.get("slug")
        if slug and (Path(root) / "simple-icons" / "icons" / f"{slug}.svg").is_file():
            out.append((slug, "#" + e["hex"].upper(), e["title"]))
    return sorted(out)


@functools.cache
def iconify_catalog(root: str) -> tuple[int, int, list[tuple[str, str, int, int]]]:
    """(name, body, width, height) of every @iconify-json/logos icon, sorted by name."""
    data = json.loads((Path(root) / "@iconify-json" / "logos" / "icons.json").read_text(encoding="utf-8"))
    dw, dh = int(data.get("width", 16)), int(data.get("height", 16))
    out = []
    for name, e in sorted(data["icons"].items()):
        if e.get("hidden"):
            continue
        out.append((name, e["body"], int(e.get("width", dw)), int(e.get("height", dh))))
    return dw, dh, out


def brand_icon(
    rng: np.random.Generator, brands: dict[str, Any], size: int, style: str | None = None
) -> tuple[Image.Image, str]:
    """A simple-icons logo ``size`` px square in a brand-like style: (RGBA image, slug)."""
    root = brands["root"]
    catalog = simple_icons_catalog(root)
    slug, colour, _ = catalog[int(rng.integers(len(catalog)))]
    text = (Path(root) / "simple-icons" / "icons" / f"{slug}.svg").read_text(encoding="utf-8")
    style = style or pick(rng, ("brand", "brand", "tile", "black"))
    size = max(12, int(size))
    if style == "tile":
        inner = max(8, int(size * 0.62))
        glyph = render_svg(text.replace("<svg ", '<svg fill="#FFFFFF" ', 1), inner, inner)
        tile = Image.new("RGBA", (size, size), (0, 0, 0, 0))
        ImageDraw.Draw(tile).rounded_rectangle((0, 0, size - 1, size - 1), radius=size * 0.2, fill=colour)
        tile.paste(glyph, ((size - inner) // 2, (size - inner) // 2), glyph)
        return tile, slug
    fill = colour if style == "brand" and luminance(colour) < 0.75 else "#111111"
    return render_svg(text.replace("<svg ", f'<svg fill="{fill}" ', 1), size, size), slug


def iconify_logo(rng: np.random.Generator, brands: dict[str, Any], height: int) -> tuple[Image.Image, str]:
    """A multi-colour @iconify-json/logos logo ``height`` px tall: (RGBA image, name)."""
    _, _, catalog = iconify_catalog(brands["root"])
    name, body, w, h = catalog[int(rng.integers(len(catalog)))]
    height = max(12, int(height))
    width = max(12, min(round(height * w / h), height * 6))
    height = max(12, round(width * h / w)) if width == height * 6 else height
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{width}" height="{height}">{body}</svg>'
    )
    return render_svg(svg, width, height), name


# --- negatives -----------------------------------------------------------------------------------


def find_spot(
    rng: np.random.Generator, width: int, height: int, w: float, h: float, taken: list[Rect], gap: float
) -> Rect | None:
    for _ in range(200):
        x = rng.uniform(8, max(8.0, width - w - 8))
        y = rng.uniform(8, max(8.0, height - h - 8))
        r = (x, y, x + w, y + h)
        if r[2] <= width and r[3] <= height and not any(intersects(r, t, gap) for t in taken):
            return r
    return None


def email_icon(rng: np.random.Generator, size: int) -> tuple[Image.Image, str]:
    """A generic e-mail icon: our disc and @ alone (various colours), or a Pillow circle with '@'."""
    blue = charter().colours["blue"]
    disc = pick(rng, (blue, blue, "#1E88E5", "#D32F2F", "#2E7D32", "#616161", "#000000", "#F57C00", "#6A1B9A"))
    glyph = "#FFFFFF" if rng.random() < 0.85 else pick(rng, ("#FFEB3B", "#000000"))
    if rng.random() < 0.55:
        art = master(categories()[0], "colour")
        art.recolour("disc", disc)
        art.recolour("at", glyph)
        svg = (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {art.height:g} {art.height:g}" '
            f'width="{size}" height="{size}">{icon_elements(art)}</svg>'
        )
        return render_svg(svg, size, size), f"svg-disc-at:{disc}"
    tile = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(tile)
    if rng.random() < 0.8:
        draw.ellipse((0, 0, size - 1, size - 1), fill=disc)
    else:
        draw.ellipse((0, 0, size - 1, size - 1), outline=disc, width=max(1, size // 12))
        glyph = disc
    draw.text((size / 2, size / 2), "@", fill=glyph, font=font(round(size * 0.75)), anchor="mm")
    return tile, f"pillow-circle-at:{disc}"


def gen_negative(job: Job, rng: np.random.Generator, brands: dict[str, Any]) -> tuple[np.ndarray, str, dict[str, Any]]:
    """An image without the logo (photo, page, e-mail text or icons, other brands' logos)."""
    kind = job.kind
    cats = categories()
    meta: dict[str, Any] = {"channel": "web", "category": cats[job.index % len(cats)], "kind": kind, "instances": []}
    if kind == "photo":
        sizes = ((1280, 720), (1920, 1080), (1024, 768), (2560, 1440), (1080, 1350), (800, 600))
        width, height = sizes[int(rng.integers(len(sizes)))]
        image, sources = photo_canvas(rng, width, height, shift=rng.random() < 0.5)
        meta["sources"] = sources
        return np.asarray(image), "photo", meta
    layout = pick(rng, ("web", "brochure"))
    if layout == "web":
        width, height = ((1280, 720), (1920, 1080), (2560, 1440))[int(rng.choice(3, p=[0.4, 0.5, 0.1]))]
    else:
        width, height = ((1240, 1754), (1654, 2339))[int(rng.integers(2))]
    scale = width / 1280
    reserved: list[Rect] = []
    drawers: list[Callable[[Image.Image], None]] = []
    sources = ["pillow:layout"]
    if kind == "email_icon":
        for _ in range(int(rng.integers(1, 7))):
            size = int(log_uniform(rng, 20, 200))
            twoline = rng.random() < 0.35
            text_w = size * (5.0 if twoline else 4.0)
            spot = find_spot(rng, width, height, size + text_w, size * 1.1, reserved, 10)
            if spot is None:
                continue
            reserved.append(spot)
            icon, what = email_icon(rng, size)
            sources.append(what)
            drawers.append(functools.partial(_draw_icon_text, icon=icon, spot=spot, twoline=twoline, rng=rng))
    elif kind == "email_text":
        for _ in range(int(rng.integers(1, 4))):
            size = int(log_uniform(rng, 18, 64))
            text = pick(rng, ("Contact : ", "Ecrivez-nous a ", "Courriel : ", "Infos : ", "")) + email_token(rng)
            spot = find_spot(rng, width, height, font(size).getlength(text) + 20, size * 1.6, reserved, 10)
            if spot is not None:
                reserved.append(spot)
                drawers.append(functools.partial(_draw_text, text=text, spot=spot, size=size, rng=rng))
        if rng.random() < 0.5:
            size = int(log_uniform(rng, 40, 220))
            spot = find_spot(rng, width, height, size, size * 1.2, reserved, 10)
            if spot is not None:
                reserved.append(spot)
                drawers.append(functools.partial(_draw_text, text="@", spot=spot, size=size, rng=rng))
    elif kind in ("brand_simple_icons", "brand_iconify"):
        if rng.random() < 0.5:  # a row of partner logos
            count = int(rng.integers(3, 9))
            size = int(log_uniform(rng, 24, 120))
            row_w = count * size * (1.6 if kind == "brand_simple_icons" else 4.0)
            spot = find_spot(rng, width, height, min(row_w, width - 20), size * 1.8, reserved, 10)
            if spot is not None:
                reserved.append(spot)
                drawers.append(
                    functools.partial(
                        _draw_brand_row, kind=kind, spot=spot, count=count, size=size, rng=rng, brands=brands
                    )
                )
        for _ in range(int(rng.integers(1, 4))):
            size = int(log_uniform(rng, 32, 300))
            w = size * (3.5 if kind == "brand_simple_icons" else 5.0)
            spot = find_spot(rng, width, height, min(w, width - 20), size * 1.2, reserved, 10)
            if spot is not None:
                reserved.append(spot)
                drawers.append(
                    functools.partial(_draw_brand_single, kind=kind, spot=spot, size=size, rng=rng, brands=brands)
                )
        sources.append("npm:" + ("simple-icons" if kind == "brand_simple_icons" else "@iconify-json/logos"))
    email_rate = float(rng.uniform(0.05, 0.12)) if kind == "email_text" else 0.0
    image = Image.new("RGB", (width, height), pick(rng, LIGHT_BACKGROUNDS))
    painter = Painter(image, rng, reserved, scale, email_rate)
    if layout == "web":
        draw_web(painter)
    else:
        draw_brochure(painter)
    drawn: list[str] = []
    for fn in drawers:
        result = fn(image)
        if result:
            drawn.append(result)
    meta["sources"] = sources
    meta["layout"] = layout
    if drawn:
        meta["drawn"] = drawn
    return np.asarray(image), "screen" if layout == "web" else "photo", meta


def _draw_icon_text(image: Image.Image, icon: Image.Image, spot: Rect, twoline: bool, rng: np.random.Generator) -> str:
    x, y = int(spot[0]), int(spot[1])
    image.paste(icon, (x, y), icon)
    draw = ImageDraw.Draw(image)
    size = icon.height
    blue = charter().colours["blue"]
    if twoline:  # two lines of blue text beside the icon: a wordmark look-alike that is not the logo
        f = font(max(8, round(size * 0.28)))
        draw.text((x + size * 1.15, y + size * 0.05), words(rng, 4), fill=blue, font=f)
        draw.text((x + size * 1.15, y + size * 0.4), words(rng, 3), fill=blue, font=f)
    elif rng.random() < 0.7:
        f = font(max(8, round(size * 0.35)))
        draw.text((x + size * 1.2, y + size * 0.3), email_token(rng), fill=pick(rng, ("#333333", blue)), font=f)
    return "icon"


def _draw_text(image: Image.Image, text: str, spot: Rect, size: int, rng: np.random.Generator) -> str:
    colour = pick(rng, ("#222222", "#444444", charter().colours["blue"], charter().colours["red"], *ACCENTS))
    ImageDraw.Draw(image).text((spot[0] + 10, spot[1] + size * 0.2), text, fill=colour, font=font(size))
    return text


def _brand(kind: str, rng: np.random.Generator, brands: dict[str, Any], size: int) -> tuple[Image.Image, str]:
    if kind == "brand_simple_icons":
        return brand_icon(rng, brands, size)
    return iconify_logo(rng, brands, size)


def _draw_brand_row(
    image: Image.Image, kind: str, spot: Rect, count: int, size: int, rng: np.random.Generator, brands: dict[str, Any]
) -> str:
    x = spot[0]
    names = []
    for _ in range(count):
        logo, name = _brand(kind, rng, brands, size)
        if x + logo.width > spot[2]:
            break
        image.paste(logo, (int(x), int(spot[1] + size * 0.4)), logo)
        names.append(name)
        x += logo.width + size * 0.6
    return "row:" + ",".join(names)


def _draw_brand_single(
    image: Image.Image, kind: str, spot: Rect, size: int, rng: np.random.Generator, brands: dict[str, Any]
) -> str:
    logo, name = _brand(kind, rng, brands, size)
    image.paste(logo, (int(spot[0]), int(spot[1])), logo)
    if kind == "brand_simple_icons" and rng.random() < 0.6:  # the brand's name beside its mark
        f = font(max(8, round(size * 0.4)))
        ImageDraw.Draw(image).text((spot[0] + size * 1.2, spot[1] + size * 0.3), name, fill="#222222", font=f)
    return name


# --- driver ----------------------------------------------------------------------------------------

_STATE: dict[str, Any] = {}


def _init_worker(out: str, seed: int, brands: dict[str, Any]) -> None:
    cv2.setNumThreads(1)
    _STATE.update(out=Path(out), seed=seed, brands=brands)


def file_stem(job: Job) -> str:
    if job.set_name == POSITIVES:
        return f"positives/pos_{job.index:05d}"
    if job.set_name == NEGATIVES:
        return f"negatives/neg_{job.index:05d}"
    return f"modified/{job.set_name}/{job.set_name}_{job.index:05d}"


def run_job(job: Job) -> dict[str, Any]:
    """Generate, write and label one image (in a worker)."""
    rng = job_rng(_STATE["seed"], job)
    brands = _STATE["brands"]
    if job.set_name == POSITIVES:
        image, profile, meta = gen_positive(job, rng)
    elif job.set_name == NEGATIVES:
        image, profile, meta = gen_negative(job, rng, brands)
    else:
        image, profile, meta = gen_modified(job, rng, brands)
    data, ext, enc = finish(np.ascontiguousarray(image), rng, profile)
    rel = f"{file_stem(job)}.{ext}"
    path = _STATE["out"] / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    expected = meta["instances"][0]["expected_code"] if job.set_name in MODIFIED_SETS else None
    element = meta["instances"][0]["expected_element"] if job.set_name in MODIFIED_SETS else None
    label = {
        "file": rel,
        "set": job.set_name,
        "index": job.index,
        "kind": meta.pop("kind"),
        "channel": meta.pop("channel"),
        "category": meta.pop("category"),
        "date": None,
        "width": int(image.shape[1]),
        "height": int(image.shape[0]),
        "expected_code": expected,
        "expected_element": element,
        **enc,
        **meta,
    }
    return label


def remove_previous(out: Path) -> None:
    """Delete the files a previous run listed in ``out/labels.json`` (ours only)."""
    labels = out / "labels.json"
    if not labels.is_file():
        return
    try:
        old = json.loads(labels.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return
    if old.get("generator") != GENERATOR:
        return
    for entry in old.get("images", []):
        p = out / entry["file"]
        if p.is_file() and p.resolve().is_relative_to(out.resolve()):
            p.unlink()


def default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "logo-check-bench"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate logo-check's labelled benchmark corpus.")
    parser.add_argument("--out", required=True, help="output folder (created)")
    parser.add_argument("--seed", type=int, required=True, help="corpus seed (same seed, same bytes)")
    parser.add_argument("--size", choices=sorted(SIZES), default="small", help="small: ~60 images; full: ~3,000")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes (default: all cores)")
    parser.add_argument("--cache", default=None, help="npm cache folder (default: $XDG_CACHE_HOME/logo-check-bench)")
    parser.add_argument("--no-npm", action="store_true", help="leave out the brand-logo negatives (no npm)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    if args.no_npm:
        print("--no-npm: the brand-logo negatives (simple-icons, @iconify-json/logos) are left out")
        brands: dict[str, Any] = {"simple_icons": None, "iconify": None, "root": None}
    else:
        cache = Path(args.cache) if args.cache else default_cache()
        brands = npm_install(cache / "npm", [SIMPLE_ICONS, ICONIFY_LOGOS])
    jobs = plan(args.size, brands)
    remove_previous(out)
    charter()  # load once before forking
    labels: list[dict[str, Any]] = []
    if args.workers <= 1:
        _init_worker(str(out), args.seed, brands)
        labels = [run_job(j) for j in jobs]
    else:
        import multiprocessing

        with multiprocessing.Pool(args.workers, _init_worker, (str(out), args.seed, brands)) as pool:
            labels = list(pool.imap_unordered(run_job, jobs, chunksize=4))
    labels.sort(key=lambda e: e["file"])
    counts = Counter(e["set"] for e in labels)
    buckets = Counter(i["bucket"] for e in labels if e["set"] == POSITIVES for i in e["instances"])
    document = {
        "generator": GENERATOR,
        "format": FORMAT_VERSION,
        "seed": args.seed,
        "size": args.size,
        "charter": {"id": charter().id, "version": charter().version},
        "clear_space_margin": charter().clear_space.margin,
        "buckets": [{"name": n, "min": lo, "max": hi} for n, lo, hi in BUCKETS],
        "brand_packages": {
            SIMPLE_ICONS[0]: brands.get("simple_icons"),
            ICONIFY_LOGOS[0]: brands.get("iconify"),
        },
        "counts": dict(sorted(counts.items())),
        "positive_instances_by_bucket": {n: buckets.get(n, 0) for n, _, _ in BUCKETS},
        "images": labels,
    }
    (out / "labels.json").write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    elapsed = time.perf_counter() - start
    print(f"{len(labels)} images in {out} ({elapsed:.1f} s, {args.workers} worker(s))")
    for name, n in sorted(counts.items()):
        print(f"  {name:22s} {n:5d}")
    print("  clean instances by mark height: " + ", ".join(f"{n} px: {buckets.get(n, 0)}" for n, _, _ in BUCKETS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
