"""A generated A4 brochure (PDF) with known logo uses, for the PDF tests, the demo and the PDF
speed benchmark.

Everything is drawn here with PyMuPDF: French running text, photographs from scikit-image's
bundled images (``skimage.data``, no download), and the official artwork from the charter pack —
as an embedded PNG (rendered by logo_check.reference) or as vector drawings (the master SVG
converted to PDF by MuPDF). :data:`PAGES` says what each page holds: that is the ground truth.

    python benchmarks/brochure.py --out brochure.pdf
"""

from __future__ import annotations

import argparse
import io
import re
from dataclasses import dataclass
from pathlib import Path

A4 = (595.0, 842.0)  # points
MM = 72.0 / 25.4  # points per millimetre
DECLARED_CATEGORY = "offre_referencee"
#: the material's date written in the metadata (inside the right of use, which ends 2008-12-31)
METADATA_DATE = "D:20080515120000"


@dataclass(frozen=True)
class LogoUse:
    """One use of the logo on a page: how it is drawn, its caption, where, and at what size."""

    how: str  # "image" (embedded PNG) or "vector" (drawings)
    caption: str
    x_mm: float  # top-left corner of the artwork, from the page's top-left
    y_mm: float
    mark_mm: float  # S, the mark's height
    recolour: tuple[str, str] | None = None  # (shape id of the master SVG, "#RRGGBB"): a modified use


@dataclass(frozen=True)
class BrochurePage:
    heading: str
    logo: LogoUse | None
    denomination: str  # the sentence carrying the denomination in the page's text
    photo: str | None  # a skimage.data image name


DENOMINATION = "Entrepreneurs, faites le choix de l'économie numérique"
PAGES = (
    BrochurePage(
        "Votre commerce en ligne",
        LogoUse("image", DECLARED_CATEGORY, 20, 30, 20),
        DENOMINATION,
        "coffee",
    ),
    BrochurePage(
        "Nos offres référencées",
        LogoUse("vector", DECLARED_CATEGORY, 25, 150, 16),
        DENOMINATION,
        "astronaut",
    ),
    BrochurePage(
        "Un conseiller près de chez vous",
        LogoUse("vector", "conseiller_tpe", 20, 40, 18),  # not the declared category: caption_mismatch
        "Entrepreneurs, faites le choix du numérique",  # altered: denomination_altered
        None,
    ),
)

_TEXT = (
    "Avec l'opération « {denomination} », le ministère accompagne les petites entreprises qui "
    "s'équipent et se forment. Cette brochure présente les offres de nos partenaires, les "
    "conditions d'accès et les contacts utiles dans votre région. Renseignez-vous auprès de votre "
    "chambre de commerce : les démarches sont simples et les conseils gratuits."
)


def build_brochure(pages: tuple[BrochurePage, ...] = PAGES, charter_path: str | None = None) -> bytes:
    """The brochure as PDF bytes."""
    import pymupdf

    from logo_check.charter import load_charter

    charter = load_charter(charter_path)
    doc = pymupdf.open()
    for spec in pages:
        page = doc.new_page(width=A4[0], height=A4[1])
        page.insert_text((20 * MM, 20 * MM), spec.heading, fontsize=20, color=(0.1, 0.2, 0.4))
        body = pymupdf.Rect(20 * MM, 90 * MM, A4[0] - 20 * MM, 140 * MM)
        page.insert_textbox(body, _TEXT.format(denomination=spec.denomination), fontsize=11, fontname="helv")
        if spec.photo:
            page.insert_image(pymupdf.Rect(20 * MM, 190 * MM, 120 * MM, 265 * MM), stream=_photo_jpeg(spec.photo))
        if spec.logo:
            _place_logo(doc, page, spec.logo, charter)
    doc.set_metadata({"creationDate": METADATA_DATE, "modDate": METADATA_DATE, "title": "Brochure de démonstration"})
    return doc.tobytes(garbage=3, deflate=True)


def _photo_jpeg(name: str) -> bytes:
    import skimage.data
    from PIL import Image

    image = Image.fromarray(getattr(skimage.data, name)()).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _place_logo(doc, page, use: LogoUse, charter) -> None:
    import pymupdf

    from logo_check.reference import artwork_svg, render_png

    height = use.mark_mm * MM
    rect = pymupdf.Rect(use.x_mm * MM, use.y_mm * MM, use.x_mm * MM + height * charter.aspect_ratio, use.y_mm * MM)
    rect.y1 = rect.y0 + height
    if use.how == "image":
        # rendered at 300 dpi for its printed size
        pixels = max(24, round(use.mark_mm / 25.4 * 300))
        page.insert_image(rect, stream=render_png(charter, use.caption, "colour", pixels, background="#ffffff"))
        return
    text = artwork_svg(charter, use.caption, "colour", 100)
    if use.recolour:
        shape, colour = use.recolour
        text = re.sub(rf'(id="{shape}"[^>]*?fill=")#[0-9A-Fa-f]{{6}}', rf"\g<1>{colour}", text)
    svg = pymupdf.open("svg", text.encode("utf-8"))
    vector = pymupdf.open("pdf", svg.convert_to_pdf())
    page.show_pdf_page(rect, vector, 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args()
    args.out.write_bytes(build_brochure())
    print(f"{args.out}: {len(PAGES)} pages")


if __name__ == "__main__":
    main()
