"""evidence: the pictures a person needs to see where and why, kept at scan time for the HTML report.

A scan that is asked for evidence keeps, instead of the page's pixels, a downscaled preview of each
page (:func:`page_preview`) and, for each instance, three small pictures in the artwork's own frame
(:func:`instance_evidence`): the instance rectified through the inverse of its registration, the
reference artwork rendered at the same size, and a map of their colour difference (CIEDE2000).
Everything is encoded bytes (JPEG or PNG) of bounded size, so reports stay small and can travel
between worker processes. Nothing here goes into the JSON report.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from .charter import Charter

#: Longest side of a page preview, in pixels (larger pages are downscaled, smaller ones kept).
PREVIEW_MAX_SIDE = 1600
#: JPEG quality of page previews.
PREVIEW_QUALITY = 85
#: Pixels per S (the mark's height) of the rectified pictures of an instance.
EVIDENCE_SCALE = 96
#: ΔE2000 shown at the top of the heatmap's colour scale (larger differences saturate).
HEATMAP_MAX_DELTA_E = 40.0
#: Gaussian blur (pixels) of crop and reference before their difference: edges that the
#: registration places within a pixel of the reference's do not light up the heatmap.
DIFFERENCE_BLUR = 1.0
#: Gray level (0..255) of the rectified crop where the frame falls outside the page.
OUTSIDE_PAGE = 128
#: zlib level of the instances' PNG pictures. 6 (zlib's own default) makes files 1.5 % larger
#: than 9 and takes a quarter of the time: 3.4-3.8 ms against 15.6-16.6 ms a picture of 586 ×
#: 144 px, three a logo (one-off timing on the pictures of a web image and of a 1080p page).
PNG_COMPRESSION = 6

#: (pack, version, caption, variant, scale, width, height) → the reference placed in the frame
_FRAMED: dict[tuple[str, str, str, str, float, int, int], np.ndarray] = {}
_FRAMED_LOCK = threading.Lock()


@dataclass(frozen=True)
class Preview:
    """A page downscaled for display: encoded image bytes and their size in pixels."""

    data: bytes
    mime: str  # "image/jpeg"
    width: int
    height: int


@dataclass(frozen=True)
class InstanceEvidence:
    """Pictures of one instance in the artwork frame (with the clear-space margin), all PNG of
    ``width`` × ``height`` pixels: the rectified crop, the reference, and the difference heatmap."""

    crop: bytes
    reference: bytes
    heatmap: bytes
    width: int
    height: int
    mean_delta_e: float  # mean CIEDE2000 between crop and reference over the artwork's pixels
    reference_caption: str  # the category whose caption the reference carries
    reference_variant: str  # the variant the reference is drawn in

    @property
    def size(self) -> int:
        """Bytes of the three pictures."""
        return len(self.crop) + len(self.reference) + len(self.heatmap)


def page_preview(image: np.ndarray, max_side: int = PREVIEW_MAX_SIDE, quality: int = PREVIEW_QUALITY) -> Preview:
    """The RGB ``uint8`` page ``image`` as JPEG, downscaled to at most ``max_side`` pixels long."""
    import cv2

    height, width = image.shape[:2]
    factor = min(1.0, max_side / max(height, width))
    if factor < 1.0:
        size = (max(1, round(width * factor)), max(1, round(height * factor)))
        image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    ok, data = cv2.imencode(".jpg", cv2.cvtColor(image, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:  # pragma: no cover - OpenCV encodes any uint8 RGB image
        raise RuntimeError("JPEG encoding failed")
    return Preview(bytes(data), "image/jpeg", int(image.shape[1]), int(image.shape[0]))


def reduced_preview(preview: Preview, max_side: int, quality: int) -> Preview:
    """``preview`` encoded again at most ``max_side`` pixels long and at JPEG ``quality``."""
    import cv2
    import numpy as np

    image = cv2.imdecode(np.frombuffer(preview.data, np.uint8), cv2.IMREAD_COLOR)
    if image is None:  # pragma: no cover - previews are JPEG this module encoded
        return preview
    return page_preview(cv2.cvtColor(image, cv2.COLOR_BGR2RGB), max_side, quality)


def instance_evidence(
    image: np.ndarray,
    homography: np.ndarray,
    charter: Charter,
    caption: str | None,
    variant: str | None,
    mirrored: bool = False,
    category: str | None = None,
    scale: float = EVIDENCE_SCALE,
) -> InstanceEvidence | None:
    """The evidence of one instance of the page ``image`` (RGB ``uint8``), or None when its
    registration cannot be inverted (a degenerate ``homography``).

    ``homography`` maps the artwork frame (units of S) to page pixels. The reference carries the
    instance's ``caption`` and ``variant`` when they are known, else the declared ``category`` and
    the charter's first variant. A mirrored instance's crop is flipped back to how the page shows
    it, so that the mirroring is visible against the reference.
    """
    import numpy as np

    if not np.all(np.isfinite(homography)) or abs(np.linalg.det(homography)) < 1e-12:
        return None
    crop, inside = rectify(image, homography, charter, scale)
    if mirrored:
        crop, inside = crop[:, ::-1].copy(), inside[:, ::-1].copy()
    reference_caption = caption or category or next(iter(charter.categories))
    reference_variant = variant or next(iter(charter.variants))
    art = reference_in_frame(charter, reference_caption, reference_variant, scale, crop.shape[1], crop.shape[0])
    alpha = art[..., 3:4].astype(np.float32) / 255.0
    ring = (alpha[..., 0] == 0) & inside
    background = np.median(crop[ring], axis=0) if ring.any() else np.full(3, 255.0)
    reference = art[..., :3].astype(np.float32) * alpha + background[None, None, :].astype(np.float32) * (1 - alpha)
    reference = np.clip(reference + 0.5, 0, 255).astype(np.uint8)
    delta = delta_e_map(crop, reference)
    artwork = (alpha[..., 0] > 0.5) & inside
    mean_delta = float(delta[artwork].mean()) if artwork.any() else 0.0
    heat = heatmap(delta, inside)
    return InstanceEvidence(
        crop=encode_png(crop),
        reference=encode_png(reference),
        heatmap=encode_png(heat),
        width=int(crop.shape[1]),
        height=int(crop.shape[0]),
        mean_delta_e=mean_delta,
        reference_caption=reference_caption,
        reference_variant=reference_variant,
    )


def frame_size(charter: Charter, scale: float = EVIDENCE_SCALE) -> tuple[int, int]:
    """(width, height) in pixels of the evidence pictures: the artwork and its clear space."""
    margin = charter.clear_space.margin
    return round((charter.aspect_ratio + 2 * margin) * scale), round((1 + 2 * margin) * scale)


def rectify(
    image: np.ndarray, homography: np.ndarray, charter: Charter, scale: float = EVIDENCE_SCALE
) -> tuple[np.ndarray, np.ndarray]:
    """The page region under the artwork frame (plus the clear-space margin), resampled at ``scale``
    pixels per S: RGB ``uint8``, and the mask of the pixels that fall inside the page."""
    import cv2
    import numpy as np

    from .verify import mark_height_px

    margin = charter.clear_space.margin
    width, height = frame_size(charter, scale)
    # frame (S units) → evidence pixels, pixel centres at +0.5
    to_pixels = np.array([[scale, 0, scale * margin - 0.5], [0, scale, scale * margin - 0.5], [0, 0, 1]], float)
    page_to_evidence = to_pixels @ np.linalg.inv(homography)
    # shrink the page first when it is much larger than the evidence, so the warp does not alias
    mark_px = mark_height_px(homography, charter)
    factor = min(1.0, 1.5 * scale / mark_px) if mark_px > 0 else 1.0
    source = image
    if factor < 0.75:
        source = cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        undo = np.diag([image.shape[1] / source.shape[1], image.shape[0] / source.shape[0], 1.0])
        page_to_evidence = page_to_evidence @ undo
    crop = cv2.warpPerspective(
        source,
        page_to_evidence,
        (width, height),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=(OUTSIDE_PAGE, OUTSIDE_PAGE, OUTSIDE_PAGE),
    )
    ones = np.full(source.shape[:2], 255, np.uint8)
    inside = cv2.warpPerspective(ones, page_to_evidence, (width, height), flags=cv2.INTER_NEAREST) > 0
    return crop, inside


def reference_in_frame(
    charter: Charter, caption: str, variant: str, scale: float, width: int, height: int
) -> np.ndarray:
    """The reference artwork as RGBA ``uint8`` placed in the evidence frame (transparent margin);
    cached, read-only (a rendering takes about 9 ms, and every instance of a caption and variant
    has the same)."""
    import numpy as np

    from .reference import render_rgba

    key = (str(charter.path), charter.version, caption, variant, float(scale), width, height)
    with _FRAMED_LOCK:
        cached = _FRAMED.get(key)
    if cached is not None:
        return cached
    art = render_rgba(charter, caption, variant, max(1, round(scale)))
    out = np.zeros((height, width, 4), np.uint8)
    off = round(charter.clear_space.margin * scale)
    h = min(art.shape[0], height - off)
    w = min(art.shape[1], width - off)
    out[off : off + h, off : off + w] = art[:h, :w]
    out.flags.writeable = False
    with _FRAMED_LOCK:
        _FRAMED[key] = out
    return out


def delta_e_map(a: np.ndarray, b: np.ndarray, blur: float = DIFFERENCE_BLUR) -> np.ndarray:
    """Per-pixel CIEDE2000 between two RGB ``uint8`` images of the same shape (float32), both
    blurred by a Gaussian of ``blur`` pixels first so that a sub-pixel misregistration of edges does
    not dominate the map."""
    import cv2
    import numpy as np
    from skimage.color import deltaE_ciede2000, rgb2lab

    def lab(rgb: np.ndarray) -> np.ndarray:
        smooth = rgb.astype(np.float32) / 255.0
        if blur > 0:
            smooth = cv2.GaussianBlur(smooth, (0, 0), blur)
        return rgb2lab(smooth)

    return deltaE_ciede2000(lab(a), lab(b)).astype(np.float32)


def heatmap(delta: np.ndarray, inside: np.ndarray | None = None, top: float = HEATMAP_MAX_DELTA_E) -> np.ndarray:
    """``delta`` (ΔE) colour-mapped (dark = same, bright = different) as RGB ``uint8``; pixels
    outside the page (not ``inside``) are gray."""
    import cv2
    import numpy as np

    level = np.clip(delta / top * 255.0 + 0.5, 0, 255).astype(np.uint8)
    rgb = cv2.cvtColor(cv2.applyColorMap(level, cv2.COLORMAP_INFERNO), cv2.COLOR_BGR2RGB)
    if inside is not None:
        rgb[~inside] = OUTSIDE_PAGE
    return rgb


def encode_png(rgb: np.ndarray) -> bytes:
    """PNG bytes of an RGB ``uint8`` image."""
    import cv2

    bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    ok, data = cv2.imencode(".png", bgr, [cv2.IMWRITE_PNG_COMPRESSION, PNG_COMPRESSION])
    if not ok:  # pragma: no cover - OpenCV encodes any uint8 RGB image
        raise RuntimeError("PNG encoding failed")
    return bytes(data)
