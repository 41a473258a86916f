"""Backgrounds and page layouts for the benchmark corpus, drawn with Pillow around reserved boxes.

Photographs come from the images bundled with scikit-image (``skimage.data``: no download). Pages
(web pages, brochures) are drawn here: headings, grey text lines, photo blocks, buttons, bands.
Every content block avoids the *reserved* rectangles (a logo and its clear space, an icon), so a
clean instance never has foreign content within its clear space.

Text uses Pillow's built-in font (``ImageFont.load_default(size)``), which has no accented
letters: the vocabulary is plain ASCII French.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

Rect = tuple[float, float, float, float]

PHOTOS_COLOUR = (
    "astronaut",
    "coffee",
    "chelsea",
    "rocket",
    "hubble_deep_field",
    "retina",
    "immunohistochemistry",
    "stereo_motorcycle",
)
PHOTOS_GREY = ("camera", "brick", "grass", "gravel", "moon", "coins", "cell", "clock")

_VOCABULARY = (
    "les entreprises du reseau choisissent une offre claire pour leurs clients et partenaires "
    "nous accompagnons votre projet avec des conseils simples un suivi regulier et des outils "
    "adaptes a chaque metier la boutique le cabinet atelier commerce artisan services en ligne "
    "site internet facture devis paiement securise gestion des stocks formation equipe agence "
    "region ville mairie rencontre semaine prochaine programme complet inscription gratuite "
    "tarifs horaires acces contact questions reponses solution logiciel materiel reseau haut "
    "debit telephone messagerie sauvegarde donnees securite confiance qualite proximite"
)
WORDS = tuple(_VOCABULARY.split())
EMAIL_USERS = ("contact", "info", "accueil", "support", "marie.dupont", "j.martin", "commercial", "devis", "sav")
EMAIL_DOMAINS = ("exemple", "entreprise", "boutique-en-ligne", "cabinet-conseil", "atelier-bois", "mairie-lyon")
EMAIL_TLDS = ("fr", "com", "net", "org", "eu")
LIGHT_BACKGROUNDS = ("#FFFFFF", "#FFFFFF", "#FFFFFF", "#F7F7F7", "#FAF6EE", "#F1F5F9", "#F4F8F1", "#FFFBEA")
DARK_BACKGROUNDS = ("#111111", "#1C1C1C", "#262626", "#303030", "#3A3A3A", "#142A22", "#2B1F16", "#1F1F2B")
ACCENTS = ("#2E7D32", "#6A1B9A", "#00838F", "#EF6C00", "#37474F", "#AD1457", "#4E342E", "#1565C0")
TEXT_GREYS = ("#333333", "#444444", "#555555", "#666666", "#777777")


def hex_rgb(colour: str) -> tuple[int, int, int]:
    """'#RRGGBB' → (r, g, b)."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def rgb_hex(rgb: Sequence[float]) -> str:
    """(r, g, b) → '#RRGGBB'."""
    return "#" + "".join(f"{int(min(255.0, max(0.0, float(v))) + 0.5):02X}" for v in rgb)


def luminance(colour: str) -> float:
    """WCAG relative luminance of '#RRGGBB'."""
    lin = [(v / 255) / 12.92 if v / 255 <= 0.04045 else ((v / 255 + 0.055) / 1.055) ** 2.4 for v in hex_rgb(colour)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


#: Least luminance contrast ratio of a graphic drawn as a modification with what it is drawn on:
#: WCAG 2.1's minimum for graphical objects and large text (success criteria 1.4.11 and 1.4.3).
#: Under it the modification is not one a reviewer can be expected to see either.
MIN_VISIBLE_CONTRAST = 3.0


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two '#RRGGBB' colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)))
    return (lb + 0.05) / (la + 0.05)


def visible_on(colour: str, ground: str) -> str:
    """``colour`` if it stands out from ``ground`` by ``MIN_VISIBLE_CONTRAST``, else its RGB
    complement when that does, else black or white, whichever stands out more."""
    if contrast_ratio(colour, ground) >= MIN_VISIBLE_CONTRAST:
        return colour
    complement = rgb_hex(tuple(255 - v for v in hex_rgb(colour)))
    if contrast_ratio(complement, ground) >= MIN_VISIBLE_CONTRAST:
        return complement
    return max(("#000000", "#FFFFFF"), key=lambda c: contrast_ratio(c, ground))


def intersects(a: Rect, b: Rect, gap: float = 0.0) -> bool:
    """Whether two boxes overlap once ``a`` is grown by ``gap``."""
    return a[0] - gap < b[2] and b[0] < a[2] + gap and a[1] - gap < b[3] and b[1] < a[3] + gap


def grow(r: Rect, by: float) -> Rect:
    return r[0] - by, r[1] - by, r[2] + by, r[3] + by


@functools.cache
def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's built-in font at ``size`` px."""
    return ImageFont.load_default(max(6, int(size)))


@functools.cache
def char_width(size: int) -> float:
    """Mean advance of a lower-case character of :func:`font` at ``size`` px."""
    sample = "les entreprises du reseau choisissent une offre claire"
    return font(size).getlength(sample) / len(sample)


# --- photographs -------------------------------------------------------------------------------


@functools.cache
def photo(name: str) -> np.ndarray:
    """A scikit-image sample picture as RGB uint8."""
    import skimage.data

    image = getattr(skimage.data, name)()
    if isinstance(image, tuple):  # stereo pairs: the left view
        image = image[0]
    image = np.asarray(image)
    if image.dtype == bool:
        image = image.astype(np.uint8) * 255
    if image.ndim == 2:
        image = np.repeat(image[:, :, None], 3, axis=2)
    return np.ascontiguousarray(image[:, :, :3].astype(np.uint8))


def colour_shift(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Random hue rotation, saturation and gamma change."""
    hsv = cv2.cvtColor(image, cv2.COLOR_RGB2HSV).astype(np.int16)
    hsv[:, :, 0] = (hsv[:, :, 0] + int(rng.integers(0, 180))) % 180
    hsv[:, :, 1] = np.clip(hsv[:, :, 1] * rng.uniform(0.6, 1.4), 0, 255)
    out = cv2.cvtColor(hsv.astype(np.uint8), cv2.COLOR_HSV2RGB)
    gamma = rng.uniform(0.7, 1.4)
    table = np.clip(((np.arange(256) / 255.0) ** gamma) * 255 + 0.5, 0, 255).astype(np.uint8)
    return cv2.LUT(out, table)


def photo_crop(
    rng: np.random.Generator, width: int, height: int, shift: bool = False, grey: bool = True
) -> tuple[np.ndarray, str]:
    """A random crop of a sample picture, flipped at random, resized to ``width`` × ``height``."""
    names = PHOTOS_COLOUR + PHOTOS_GREY if grey else PHOTOS_COLOUR
    name = str(names[int(rng.integers(len(names)))])
    src = photo(name)
    sh, sw = src.shape[:2]
    aspect = width / height
    cw = min(sw, sh * aspect)
    ch = cw / aspect
    f = rng.uniform(0.55, 1.0)
    cw, ch = max(8, int(cw * f)), max(8, int(ch * f))
    x = int(rng.integers(0, sw - cw + 1))
    y = int(rng.integers(0, sh - ch + 1))
    crop = src[y : y + ch, x : x + cw]
    if rng.random() < 0.5:
        crop = crop[:, ::-1]
    interp = cv2.INTER_AREA if cw > width else cv2.INTER_CUBIC
    out = cv2.resize(np.ascontiguousarray(crop), (width, height), interpolation=interp)
    if shift:
        out = colour_shift(out, rng)
    return out, f"skimage:{name}"


def photo_canvas(
    rng: np.random.Generator, width: int, height: int, shift: bool = False
) -> tuple[Image.Image, list[str]]:
    """A photographic background: one crop, or a collage of two to four."""
    if rng.random() < 0.2:
        cols, rows = (2, 1) if rng.random() < 0.5 else (2, 2)
        canvas = np.zeros((height, width, 3), np.uint8)
        sources = []
        for r in range(rows):
            for c in range(cols):
                x0, x1 = width * c // cols, width * (c + 1) // cols
                y0, y1 = height * r // rows, height * (r + 1) // rows
                part, src = photo_crop(rng, x1 - x0, y1 - y0, shift)
                canvas[y0:y1, x0:x1] = part
                sources.append(src)
        return Image.fromarray(canvas), sources
    image, src = photo_crop(rng, width, height, shift)
    return Image.fromarray(image), [src]


# --- text ----------------------------------------------------------------------------------------


def email_token(rng: np.random.Generator) -> str:
    """An e-mail address, a handle or a loose @ in running text."""
    kind = rng.random()
    user = EMAIL_USERS[int(rng.integers(len(EMAIL_USERS)))]
    domain = EMAIL_DOMAINS[int(rng.integers(len(EMAIL_DOMAINS)))]
    tld = EMAIL_TLDS[int(rng.integers(len(EMAIL_TLDS)))]
    if kind < 0.6:
        return f"{user}@{domain}.{tld}"
    if kind < 0.8:
        return f"@{domain.replace('-', '')}"
    return "@"


def words(rng: np.random.Generator, count: int, email_rate: float = 0.0) -> str:
    """``count`` pseudo-French words (ASCII), some replaced by e-mail addresses."""
    out = []
    for _ in range(count):
        if email_rate and rng.random() < email_rate:
            out.append(email_token(rng))
        else:
            out.append(WORDS[int(rng.integers(len(WORDS)))])
    text = " ".join(out)
    return text[:1].upper() + text[1:]


class Painter:
    """Draws page content on a Pillow image, never inside the reserved rectangles."""

    def __init__(
        self,
        image: Image.Image,
        rng: np.random.Generator,
        reserved: Sequence[Rect] = (),
        scale: float = 1.0,
        email_rate: float = 0.0,
    ) -> None:
        self.image = image
        self.draw = ImageDraw.Draw(image)
        self.rng = rng
        self.reserved = list(reserved)
        self.scale = scale
        self.email_rate = email_rate
        self.gap = max(2.0, 3.0 * scale)

    @property
    def width(self) -> int:
        return self.image.width

    @property
    def height(self) -> int:
        return self.image.height

    def free(self, rect: Rect) -> bool:
        """Whether ``rect`` is inside the image and clear of every reserved rectangle."""
        if rect[0] < 0 or rect[1] < 0 or rect[2] > self.width or rect[3] > self.height:
            return False
        return not any(intersects(rect, r, self.gap) for r in self.reserved)

    def segments(self, x0: float, x1: float, y0: float, y1: float) -> list[tuple[float, float]]:
        """Free horizontal spans of [x0, x1] in the band [y0, y1]."""
        spans = [(max(0.0, x0), min(float(self.width), x1))]
        for r in self.reserved:
            if r[1] - self.gap < y1 and y0 < r[3] + self.gap:
                cut_a, cut_b = r[0] - self.gap, r[2] + self.gap
                nxt = []
                for a, b in spans:
                    if cut_b <= a or cut_a >= b:
                        nxt.append((a, b))
                        continue
                    if cut_a > a:
                        nxt.append((a, cut_a))
                    if cut_b < b:
                        nxt.append((cut_b, b))
                spans = nxt
        return [(a, b) for a, b in spans if b > a]

    def rect(self, r: Rect, fill: str, radius: float = 0.0, outline: str | None = None) -> bool:
        if not self.free(r):
            return False
        if radius > 0:
            self.draw.rounded_rectangle(r, radius=radius, fill=fill, outline=outline)
        else:
            self.draw.rectangle(r, fill=fill, outline=outline)
        return True

    def photo_block(self, r: Rect) -> bool:
        w, h = int(r[2] - r[0]), int(r[3] - r[1])
        if w < 8 or h < 8 or not self.free(r):
            return False
        block, _ = photo_crop(self.rng, w, h, shift=self.rng.random() < 0.3)
        self.image.paste(Image.fromarray(block), (int(r[0]), int(r[1])))
        return True

    def text_line(self, x0: float, x1: float, y: float, size: float, fill: str, bold: bool = False) -> None:
        """One line of text (or of grey placeholder bars) filling the free parts of [x0, x1]."""
        size = max(6, round(size))
        f = font(size)
        for a, b in self.segments(x0, x1, y, y + size * 1.3):
            if b - a < 3 * size or y < 0 or y + size * 1.3 > self.height:
                continue
            if self.rng.random() < 0.12 and not bold:  # wireframe-style bars
                h = max(2.0, size * 0.45)
                self.draw.rectangle((a, y + size * 0.4, b * 0.7 + a * 0.3, y + size * 0.4 + h), fill=fill)
                continue
            chars = int((b - a) / char_width(size))
            text = words(self.rng, max(2, chars // 6 + 2), self.email_rate)[:chars]
            while len(text) > 2 and f.getlength(text) > b - a:
                text = text[: int(len(text) * 0.9)]
            stroke = max(1, size // 16) if bold else 0
            self.draw.text((a, y), text, fill=fill, font=f, stroke_width=stroke, stroke_fill=fill)

    def paragraph(self, x0: float, x1: float, y: float, size: float, lines: int, fill: str) -> float:
        """``lines`` lines of body text from ``y``; returns the y below the paragraph."""
        leading = size * 1.55
        for i in range(lines):
            end = x1 if i < lines - 1 else x0 + (x1 - x0) * self.rng.uniform(0.3, 0.9)
            self.text_line(x0, end, y, size, fill)
            y += leading
        return y + size * 0.6

    def heading(self, x0: float, x1: float, y: float, size: float, fill: str) -> float:
        end = x0 + (x1 - x0) * self.rng.uniform(0.4, 1.0)
        self.text_line(x0, end, y, size, fill, bold=True)
        return y + size * 1.7

    def button(self, x: float, y: float, size: float, fill: str) -> float:
        label = words(self.rng, 2)
        f = font(round(size))
        w = f.getlength(label) + size * 2
        r = (x, y, x + w, y + size * 2.4)
        if self.rect(r, fill, radius=size * 0.5):
            self.draw.text((x + size, y + size * 0.6), label, fill="#FFFFFF", font=f)
        return y + size * 3.2


def pick(rng: np.random.Generator, options: Sequence[Any]) -> Any:
    return options[int(rng.integers(len(options)))]


def draw_web(p: Painter) -> None:
    """A web page: header with navigation, hero, columns of cards and text, footer."""
    rng, s, w, h = p.rng, p.scale, p.width, p.height
    margin = rng.uniform(24, 90) * s
    y = 0.0
    if rng.random() < 0.85:
        header_h = rng.uniform(56, 96) * s
        dark = rng.random() < 0.4
        colour = pick(rng, DARK_BACKGROUNDS + ACCENTS) if dark else "#FFFFFF"
        if p.rect((0, 0, w, header_h), colour):
            ink = "#EEEEEE" if dark else "#333333"
            x = margin
            p.text_line(x, x + 200 * s, header_h * 0.3, 22 * s, ink, bold=True)
            x = w * rng.uniform(0.35, 0.55)
            for _ in range(int(rng.integers(3, 7))):
                p.text_line(x, x + 110 * s, header_h * 0.38, 15 * s, ink)
                x += 130 * s
            if not dark:
                p.rect((0, header_h - 1, w, header_h), "#DDDDDD")
        y = header_h
    y += rng.uniform(16, 40) * s
    if rng.random() < 0.7:
        hero_h = h * rng.uniform(0.22, 0.42)
        if rng.random() < 0.5:
            p.photo_block((margin, y, w - margin, y + hero_h))
        else:
            split = margin + (w - 2 * margin) * rng.uniform(0.4, 0.6)
            p.photo_block((split + 20 * s, y, w - margin, y + hero_h))
            yy = p.heading(margin, split, y + 10 * s, rng.uniform(30, 44) * s, pick(rng, ("#222222", *ACCENTS)))
            yy = p.paragraph(margin, split - 20 * s, yy, 17 * s, int(rng.integers(2, 5)), pick(rng, TEXT_GREYS))
            p.button(margin, yy, 15 * s, pick(rng, ACCENTS))
        y += hero_h + rng.uniform(24, 48) * s
    footer_h = rng.uniform(90, 170) * s if rng.random() < 0.6 else 0.0
    cols = int(rng.integers(2, 5))
    col_w = (w - 2 * margin) / cols
    grey = pick(rng, TEXT_GREYS)
    for c in range(cols):
        x0 = margin + c * col_w + 12 * s
        x1 = margin + (c + 1) * col_w - 12 * s
        yy = y
        while yy < h - footer_h - 60 * s:
            r = rng.random()
            if r < 0.25:
                th = (x1 - x0) * rng.uniform(0.4, 0.7)
                if yy + th < h - footer_h:
                    p.photo_block((x0, yy, x1, yy + th))
                yy += th + 14 * s
            elif r < 0.35:
                yy = p.button(x0, yy, 14 * s, pick(rng, ACCENTS))
            else:
                yy = p.heading(x0, x1, yy, rng.uniform(20, 28) * s, "#222222")
                lines = int(rng.integers(2, 7))
                yy = p.paragraph(x0, x1, yy, rng.uniform(13, 17) * s, lines, grey)
    if footer_h:
        colour = pick(rng, DARK_BACKGROUNDS)
        if p.rect((0, h - footer_h, w, h), colour):
            for c in range(3):
                x0 = margin + c * (w - 2 * margin) / 3
                p.paragraph(x0, x0 + (w - 2 * margin) / 3.5, h - footer_h + 20 * s, 12 * s, 3, "#BBBBBB")


def draw_brochure(p: Painter) -> None:
    """A brochure page: title (on a colour band or not), columns of text, photos, a quote box."""
    rng, w, h = p.rng, p.width, p.height
    s = min(w, h) / 1240
    margin = rng.uniform(60, 110) * s
    y = margin * 0.8
    accent = pick(rng, ACCENTS)
    if rng.random() < 0.5:
        band_h = h * rng.uniform(0.08, 0.14)
        if p.rect((0, 0, w, band_h), accent):
            p.heading(margin, w - margin, band_h * 0.3, rng.uniform(40, 60) * s, "#FFFFFF")
        y = band_h + margin * 0.5
    else:
        y = p.heading(margin, w - margin, y, rng.uniform(44, 64) * s, pick(rng, ("#111111", accent)))
    y = p.paragraph(margin, w - margin, y, 24 * s, 1, pick(rng, TEXT_GREYS))
    cols = int(rng.integers(1, 3)) if h > w else int(rng.integers(2, 4))
    col_w = (w - 2 * margin) / cols
    size = rng.uniform(17, 23) * s
    grey = pick(rng, TEXT_GREYS)
    bottom = h - margin * 1.2
    for c in range(cols):
        x0 = margin + c * col_w + (10 * s if c else 0)
        x1 = margin + (c + 1) * col_w - (10 * s if c < cols - 1 else 0)
        yy = y + 10 * s
        while yy < bottom - 3 * size:
            r = rng.random()
            if r < 0.18:
                th = (x1 - x0) * rng.uniform(0.35, 0.7)
                if yy + th < bottom:
                    p.photo_block((x0, yy, x1, yy + th))
                yy += th + size
            elif r < 0.26:
                qh = size * 5
                if yy + qh < bottom and p.rect((x0, yy, x1, yy + qh), "#EEF1F4"):
                    p.paragraph(x0 + size, x1 - size, yy + size * 0.8, size * 1.1, 2, accent)
                yy += qh + size
            elif r < 0.45:
                yy = p.heading(x0, x1, yy + size * 0.5, size * 1.5, pick(rng, ("#222222", accent)))
            else:
                yy = p.paragraph(x0, x1, yy, size, int(rng.integers(3, 10)), grey)
    p.text_line(margin, w * 0.6, h - margin * 0.7, 14 * s, "#888888")


def draw_photo_extras(p: Painter) -> None:
    """A headline or two over a photograph, as adverts do."""
    rng = p.rng
    for _ in range(int(rng.integers(0, 3))):
        size = rng.uniform(28, 64) * p.scale
        x0 = rng.uniform(0.03, 0.5) * p.width
        y = rng.uniform(0.03, 0.9) * p.height
        p.text_line(x0, x0 + rng.uniform(0.3, 0.6) * p.width, y, size, pick(rng, ("#FFFFFF", "#111111")), bold=True)


# --- finishing ---------------------------------------------------------------------------------

PROFILES = {
    # jpeg share, quality range, blur probability and sigma range, noise probability and sigma range
    "photo": (1.0, (40, 95), 0.5, (0.3, 1.0), 0.5, (1.0, 4.0)),
    "screen": (0.7, (40, 95), 0.2, (0.3, 0.6), 0.2, (0.5, 2.0)),
    "modified": (0.75, (75, 95), 0.0, (0.0, 0.0), 0.0, (0.0, 0.0)),
}


def finish(image: np.ndarray, rng: np.random.Generator, profile: str) -> tuple[bytes, str, dict[str, Any]]:
    """Blur, noise and encoding of a finished RGB image: (file bytes, extension, what was done)."""
    jpeg_share, (qlo, qhi), blur_p, (blo, bhi), noise_p, (nlo, nhi) = PROFILES[profile]
    meta: dict[str, Any] = {"blur_sigma": 0.0, "noise_sigma": 0.0}
    out = image
    if rng.random() < blur_p:
        sigma = float(rng.uniform(blo, bhi))
        out = cv2.GaussianBlur(out, (0, 0), sigma)
        meta["blur_sigma"] = round(sigma, 2)
    if rng.random() < noise_p:
        sigma = float(rng.uniform(nlo, nhi))
        noise = np.empty(out.shape, np.int16)
        cv2.setRNGSeed(int(rng.integers(2**31 - 1)))  # OpenCV's generator, seeded from ours: fast
        cv2.randn(noise, 0.0, sigma)
        out = np.clip(out.astype(np.int16) + noise, 0, 255).astype(np.uint8)
        meta["noise_sigma"] = round(sigma, 2)
    buf = io.BytesIO()
    if rng.random() < jpeg_share:
        quality = int(rng.integers(qlo, qhi + 1))
        Image.fromarray(out).save(buf, "JPEG", quality=quality)
        meta.update(format="jpeg", jpeg_quality=quality)
        return buf.getvalue(), "jpg", meta
    Image.fromarray(out).save(buf, "PNG", compress_level=1)
    meta.update(format="png", jpeg_quality=None)
    return buf.getvalue(), "png", meta
