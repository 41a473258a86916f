#!/usr/bin/env python3
"""Generate the master artwork of the logo (SPEC §2 reconstruction) as SVG files.

Every glyph is converted to outlines with fontTools, so rendering the SVGs needs no
font at all. The font is DejaVu Sans Bold (Bitstream Vera licence, see
``fonts/LICENSE-DejaVu.txt``); on Debian it comes with the package ``fonts-dejavu-core``.

Usage::

    python reference_assets/make_artwork.py [--font PATH] [--out DIR] [--print-boxes]

The output is deterministic: the same font file gives the same bytes. The element
boxes printed by ``--print-boxes`` are the ones recorded in ``charter/charter.toml``;
``tests/test_artwork.py`` checks that the two agree.

Units: the artwork is drawn with the mark height S = 1000 user units; the artwork is
S tall, and its width follows from the wordmark.
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass
from pathlib import Path

S = 1000.0  # the mark's height (disc diameter) in SVG user units

# --- design of the reconstruction (SPEC §2); every length is a fraction of S ---------
AT_GLYPH_HEIGHT = 0.70  # the white @ is about 0.70 S tall, centred in the disc
ARROW_TAIL_DISTANCE = 0.60  # tail centre, from the disc centre, just outside the disc (0.5)
ARROW_TIP_PAST_CENTRE = 0.07  # the tip stands a little past the centre
ARROW_SHAFT_WIDTH = 0.09
ARROW_HEAD_WIDTH = 0.24
ARROW_HEAD_LENGTH = 0.20
ARROW_OUTLINE = 0.02  # white outline that separates the arrow from the blue
WORDMARK_LEFT = 1.15  # the wordmark starts 1.15 S from the mark's left edge
WORDMARK_SIZE = 0.25  # font size (em) of the wordmark lines
WORDMARK_BASELINES = (0.215, 0.50)
BAND_TOP = 0.645
CAPTION_SIZE = 0.165  # font size (em) of the caption capitals
CAPTION_PADDING = 0.06  # minimum space between caption text and band ends

WORDMARK_LINES = ("Entrepreneurs, faites le choix", "de l'économie numérique")
CAPTIONS = {
    "offre_referencee": "OFFRE RÉFÉRENCÉE",
    "equipement_reference": "ÉQUIPEMENT RÉFÉRENCÉ",
    "centre_competence_tpe": "CENTRE DE COMPÉTENCE TPE",
    "conseiller_tpe": "CONSEILLER INFORMATIQUE ET TÉLÉCOMS TPE",
}
BLUE, RED, WHITE, BLACK = "#0055A4", "#EF4135", "#FFFFFF", "#000000"
VARIANTS = {
    # element colours: disc, @ glyph, arrow, arrow outline, wordmark, band, caption text
    "colour": dict(disc=BLUE, glyph=WHITE, arrow=RED, outline=WHITE, wordmark=BLUE, band=RED, caption=WHITE),
    "reversed": dict(disc=BLUE, glyph=WHITE, arrow=RED, outline=WHITE, wordmark=WHITE, band=RED, caption=WHITE),
    "mono": dict(disc=BLACK, glyph=WHITE, arrow=BLACK, outline=WHITE, wordmark=BLACK, band=BLACK, caption=WHITE),
}

DEFAULT_FONT_LOCATIONS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    Path("/usr/local/share/fonts/DejaVuSans-Bold.ttf"),
)


@dataclass
class Outline:
    """An SVG path (already in artwork units) and its ink box."""

    d: str
    box: tuple[float, float, float, float]


class Typesetter:
    """Turns text into SVG path data with plain advance widths and the font's kern pairs."""

    def __init__(self, font_path: Path) -> None:
        from fontTools.ttLib import TTFont

        self.font = TTFont(str(font_path))
        self.glyphs = self.font.getGlyphSet()
        self.cmap = self.font.getBestCmap()
        self.upem = self.font["head"].unitsPerEm
        self.kerning = self._kern_pairs()

    def _kern_pairs(self) -> dict[tuple[str, str], int]:
        pairs: dict[tuple[str, str], int] = {}
        if "kern" in self.font:
            for table in self.font["kern"].kernTables:
                pairs.update(table.kernTable)
        return pairs

    def outline(self, text: str, size: float, x: float, baseline: float) -> Outline:
        """Outline ``text`` at font ``size`` (artwork units), ink starting at ``x``."""
        from fontTools.pens.boundsPen import BoundsPen
        from fontTools.pens.svgPathPen import SVGPathPen
        from fontTools.pens.transformPen import TransformPen

        scale = size / self.upem
        names = [self.cmap[ord(ch)] for ch in text]
        first = BoundsPen(self.glyphs)
        self.glyphs[names[0]].draw(first)
        pen_x = x / scale - (first.bounds[0] if first.bounds else 0)
        svg_pen = SVGPathPen(self.glyphs, ntos=lambda v: f"{v:.2f}".rstrip("0").rstrip("."))
        bounds = BoundsPen(self.glyphs)
        previous = None
        for name in names:
            if previous is not None:
                pen_x += self.kerning.get((previous, name), 0)
            transform = (scale, 0, 0, -scale, pen_x * scale, baseline)
            self.glyphs[name].draw(TransformPen(svg_pen, transform))
            self.glyphs[name].draw(TransformPen(bounds, transform))
            pen_x += self.font["hmtx"][name][0]
            previous = name
        return Outline(svg_pen.getCommands(), bounds.bounds)

    def centred_glyph(self, char: str, height: float, centre: tuple[float, float]) -> Outline:
        """Outline one glyph scaled so its ink is ``height`` tall, centred on ``centre``."""
        from fontTools.pens.boundsPen import BoundsPen
        from fontTools.pens.svgPathPen import SVGPathPen
        from fontTools.pens.transformPen import TransformPen

        name = self.cmap[ord(char)]
        bp = BoundsPen(self.glyphs)
        self.glyphs[name].draw(bp)
        x0, y0, x1, y1 = bp.bounds
        scale = height / (y1 - y0)
        dx = centre[0] - (x0 + x1) / 2 * scale
        dy = centre[1] + (y0 + y1) / 2 * scale
        transform = (scale, 0, 0, -scale, dx, dy)
        svg_pen = SVGPathPen(self.glyphs, ntos=lambda v: f"{v:.2f}".rstrip("0").rstrip("."))
        self.glyphs[name].draw(TransformPen(svg_pen, transform))
        box = (x0 * scale + dx, dy - y1 * scale, x1 * scale + dx, dy - y0 * scale)
        return Outline(svg_pen.getCommands(), box)


def arrow_polygon() -> list[tuple[float, float]]:
    """The arrow as a polygon: tail at the lower left, pointing up-right at 45 degrees."""
    cx = cy = S / 2
    axis = (math.sqrt(0.5), -math.sqrt(0.5))  # up-right (SVG y grows downward)
    normal = (math.sqrt(0.5), math.sqrt(0.5))
    tail = (cx - axis[0] * ARROW_TAIL_DISTANCE * S, cy - axis[1] * ARROW_TAIL_DISTANCE * S)
    tip = (cx + axis[0] * ARROW_TIP_PAST_CENTRE * S, cy + axis[1] * ARROW_TIP_PAST_CENTRE * S)
    neck = (tip[0] - axis[0] * ARROW_HEAD_LENGTH * S, tip[1] - axis[1] * ARROW_HEAD_LENGTH * S)

    def off(p: tuple[float, float], half: float) -> tuple[float, float]:
        return (p[0] + normal[0] * half * S, p[1] + normal[1] * half * S)

    a, b = ARROW_SHAFT_WIDTH / 2, ARROW_HEAD_WIDTH / 2
    return [off(tail, a), off(neck, a), off(neck, b), tip, off(neck, -b), off(neck, -a), off(tail, -a)]


def fmt(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


@dataclass
class Layout:
    width: float
    glyph: Outline
    arrow: list[tuple[float, float]]
    wordmark: list[Outline]
    band: tuple[float, float, float, float]
    captions: dict[str, Outline]

    def boxes(self) -> dict[str, tuple[float, float, float, float]]:
        """Element boxes in normalised artwork coordinates (x / width, y / height)."""
        half = ARROW_OUTLINE * S
        ax = [p[0] for p in self.arrow]
        ay = [p[1] for p in self.arrow]
        # the outline is a stroke of 2 * ARROW_OUTLINE with mitred joins: pad by the
        # mitre at the sharpest corner (the tip), bounded here by 2 * half.
        arrow = (min(ax) - 2 * half, min(ay) - 2 * half, max(ax) + 2 * half, max(ay) + 2 * half)
        xs = [o.box for o in self.wordmark]
        wordmark = (min(b[0] for b in xs), min(b[1] for b in xs), max(b[2] for b in xs), max(b[3] for b in xs))
        raw = {"at_sign": (0.0, 0.0, S, S), "arrow": arrow, "wordmark": wordmark, "caption": self.band}
        return {k: (b[0] / self.width, b[1] / S, b[2] / self.width, b[3] / S) for k, b in raw.items()}


def build_layout(font: Path) -> Layout:
    ts = Typesetter(font)
    glyph = ts.centred_glyph("@", AT_GLYPH_HEIGHT * S, (S / 2, S / 2))
    wordmark = [
        ts.outline(line, WORDMARK_SIZE * S, WORDMARK_LEFT * S, base * S)
        for line, base in zip(WORDMARK_LINES, WORDMARK_BASELINES, strict=True)
    ]
    wordmark_right = max(o.box[2] for o in wordmark)
    band_left = WORDMARK_LEFT * S
    band_height = S - BAND_TOP * S
    cap_height = CAPTION_SIZE * S * 1493 / 2048  # DejaVu Sans Bold cap height
    caption_base = BAND_TOP * S + band_height / 2 + cap_height / 2
    # measure the captions, then make the band as wide as the wider of wordmark and caption
    measured = {k: ts.outline(text, CAPTION_SIZE * S, 0.0, caption_base) for k, text in CAPTIONS.items()}
    widest = max(o.box[2] - o.box[0] for o in measured.values()) + 2 * CAPTION_PADDING * S
    band_right = band_left + max(wordmark_right - band_left, widest)
    captions = {}
    for key, text in CAPTIONS.items():
        w = measured[key].box[2] - measured[key].box[0]
        captions[key] = ts.outline(text, CAPTION_SIZE * S, (band_left + band_right) / 2 - w / 2, caption_base)
    band = (band_left, BAND_TOP * S, band_right, S)
    return Layout(band_right, glyph, arrow_polygon(), wordmark, band, captions)


def svg_document(layout: Layout, caption: str, variant: str) -> str:
    c = VARIANTS[variant]
    w = fmt(layout.width)
    arrow = "M" + " L".join(f"{fmt(x)} {fmt(y)}" for x, y in layout.arrow) + " Z"
    x0, y0, x1, y1 = layout.band
    title = f"{' '.join(WORDMARK_LINES)} - {CAPTIONS[caption]} ({variant})"
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {fmt(S)}" width="{w}" height="{fmt(S)}">',
        f"<title>{title}</title>",
        f'<circle id="disc" cx="{fmt(S / 2)}" cy="{fmt(S / 2)}" r="{fmt(S / 2)}" fill="{c["disc"]}"/>',
        f'<path id="at" fill="{c["glyph"]}" d="{layout.glyph.d}"/>',
        f'<path id="arrow-outline" fill="{c["outline"]}" stroke="{c["outline"]}" '
        f'stroke-width="{fmt(2 * ARROW_OUTLINE * S)}" stroke-linejoin="miter" d="{arrow}"/>',
        f'<path id="arrow" fill="{c["arrow"]}" d="{arrow}"/>',
        f'<path id="wordmark" fill="{c["wordmark"]}" d="{" ".join(o.d for o in layout.wordmark)}"/>',
        f'<rect id="band" x="{fmt(x0)}" y="{fmt(y0)}" width="{fmt(x1 - x0)}" height="{fmt(y1 - y0)}" '
        f'fill="{c["band"]}"/>',
        f'<path id="caption" fill="{c["caption"]}" d="{layout.captions[caption].d}"/>',
        "</svg>",
    ]
    return "\n".join(lines) + "\n"


def find_font(given: str | None) -> Path:
    candidates = [Path(given)] if given else list(DEFAULT_FONT_LOCATIONS)
    for path in candidates:
        if path.is_file():
            return path
    sys.exit("DejaVu Sans Bold not found: install fonts-dejavu-core or pass --font PATH")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--font", help="path to DejaVuSans-Bold.ttf")
    parser.add_argument("--out", default=str(Path(__file__).parent / "artwork"), help="output folder")
    parser.add_argument("--print-boxes", action="store_true", help="print the element boxes as TOML")
    args = parser.parse_args(argv)
    layout = build_layout(find_font(args.font))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for caption in CAPTIONS:
        for variant in VARIANTS:
            (out / f"{caption}_{variant}.svg").write_text(svg_document(layout, caption, variant), encoding="utf-8")
    if args.print_boxes:
        print(f"aspect_ratio = {layout.width / S:.4f}")
        for name, box in layout.boxes().items():
            print(f"{name} = [{', '.join(f'{v:.4f}' for v in box)}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
