"""Typed objects passed between the pipeline's stages.

ingest (bytes → :class:`Page`) → detect (page → :class:`Candidate`) → verify (candidate →
:class:`Measurements`) → policy (measurements + :class:`Context` → :class:`Finding` and a verdict)
→ report.

Geometry convention: the *artwork frame* measures lengths in S, the mark's height (the disc's
diameter), with the origin at the artwork's top-left corner: x runs from 0 to the charter's
``aspect_ratio`` and y from 0 to 1. A :class:`Candidate`'s ``homography`` maps artwork-frame points
(x, y, 1) to page pixels.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class Note:
    """How an input was read ("alpha composited on white", "rendered at 200 dpi"): a message of
    :mod:`logo_check.i18n` (``note_`` + ``key``) and its parameters, so that it can be shown in any
    language. The JSON report gives it in English (:meth:`text`), as its schema says.
    """

    key: str
    params: tuple[tuple[str, object], ...] = ()  # texts, numbers, LibraryReason

    @classmethod
    def of(cls, key: str, /, **params: object) -> Note:
        return cls(key, tuple(params.items()))

    def text(self, lang: str = "en") -> str:
        from .i18n import translate

        return translate(f"note_{self.key}", lang, **dict(self.params))

    def __str__(self) -> str:
        return self.text("en")


@dataclass
class Page:
    """One raster page to scan.

    ``image`` is RGB ``uint8`` (H, W, 3). ``unit_per_pixel`` converts pixels to the report's
    ``unit`` (1 for images in px; 72 / dpi for a PDF page rendered at ``dpi``, unit "pt").
    ``mm_per_pixel`` is known for print material (PDF pages) and None otherwise.
    """

    index: int
    image: np.ndarray
    unit: str = "px"
    unit_per_pixel: float = 1.0
    mm_per_pixel: float | None = None
    vector: bool = False  # drawn from exact vector colours (tighter colour tolerance)
    notes: list[Note] = field(default_factory=list)  # e.g. alpha composited on white
    # pixel → page unit, as a 2×3 affine matrix ((a, b, c), (d, e, f)): x' = a x + b y + c.
    # None: a plain scale by ``unit_per_pixel``. A raster that is only a part of its page (an
    # image embedded in a PDF, a rendered region) places itself on the page with it.
    to_unit: tuple[tuple[float, float, float], tuple[float, float, float]] | None = None
    # opaque fills of the vector drawings rendered in this raster: (box in pixels, RGB 0-255)
    fills: list[tuple[tuple[float, float, float, float], tuple[int, int, int]]] = field(default_factory=list)
    # how far the page turns what this raster shows, in degrees, counter-clockwise: an image a PDF
    # places turned by quarter turns is rendered, then turned back upright for the engine
    turn_deg: float = 0.0
    # the rasters of one group of PDF drawings rendered as is and turned share a number: the
    # readings of those drawings turned win over the reading as is where they overlap
    drawings_group: int | None = None
    # the words of the PDF's text layer this raster shows: (box in the page unit, word), in the
    # order the text layer gives them (a caption set as text, see logo_check.caption_text)
    words: list[tuple[tuple[float, float, float, float], str]] = field(default_factory=list)

    def unit_matrix(self) -> np.ndarray:
        """The 2×3 matrix from this raster's pixels to the page unit."""
        import numpy as np

        if self.to_unit is not None:
            return np.array(self.to_unit, dtype=np.float64)
        k = self.unit_per_pixel
        return np.array([[k, 0.0, 0.0], [0.0, k, 0.0]])

    def turned(self, quarters: int) -> Page:
        """This raster turned back by ``quarters`` quarter turns (clockwise), its pixels still
        placed on the page (``to_unit``) and the turn recorded (``turn_deg``): the engine, which
        looks for logos within 30° of upright, then finds one the page shows turned. Unchanged
        when ``quarters`` is a multiple of 4."""
        import dataclasses

        import numpy as np

        if quarters % 4 == 0:
            return self
        rows, cols = self.image.shape[:2]
        # a point (u, v) of the turned raster is this point of the raster as it is
        back = {
            1: np.array([[0.0, 1.0, 0.0], [-1.0, 0.0, rows], [0.0, 0.0, 1.0]]),
            2: np.array([[-1.0, 0.0, cols], [0.0, -1.0, rows], [0.0, 0.0, 1.0]]),
            3: np.array([[0.0, -1.0, cols], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]),
        }[quarters % 4]
        placed = np.vstack([self.unit_matrix(), [0.0, 0.0, 1.0]]) @ back
        return dataclasses.replace(
            self,
            image=np.ascontiguousarray(np.rot90(self.image, -quarters)),
            to_unit=(tuple(placed[0]), tuple(placed[1])),
            turn_deg=(self.turn_deg + 90.0 * quarters) % 360.0,
        )

    @property
    def width(self) -> int:
        return int(self.image.shape[1])

    @property
    def height(self) -> int:
        return int(self.image.shape[0])


@dataclass
class TextOccurrence:
    """The denomination, exact or altered, found in a document's text."""

    found: str  # the text as it stands in the document
    exact: bool  # equal to the charter's denomination (typography normalised)
    similarity: float  # in [0, 1]; 1 when exact
    detail: dict[str, str]  # what differs, {"fr": ..., "en": ...}; empty when exact
    page: int | None = None  # page index for PDFs; None for a plain text


@dataclass
class Document:
    """An input turned into what the engine reads: rasters (with their place on their page), the
    text, and what the document says of itself.

    ``page_sizes`` gives every page's size in ``unit``, rasters or not; a page may carry several
    rasters (a PDF page's embedded images and rendered regions), none (text only) or one (an image).
    ``errors`` are partial failures (a page or frame not read); the rest is still checked.
    """

    kind: str  # image, pdf, html, text
    unit: str  # px or pt
    page_sizes: list[tuple[float, float]]
    rasters: list[Page] = field(default_factory=list)
    text: list[tuple[int | None, str]] = field(default_factory=list)  # (page index, text)
    date: dt.date | None = None  # the material's own date, from its metadata
    notes: list[Note] = field(default_factory=list)
    errors: list[tuple[str, dict[str, object]]] = field(default_factory=list)  # (code, params)
    previews: dict[int, Page] = field(default_factory=dict)  # low-resolution whole pages (PDF)
    # where a page comes from, when the document is made of other files (an HTML page's images)
    page_sources: dict[int, str] = field(default_factory=dict)


@dataclass
class Candidate:
    """A proposed instance of the logo, registered to the artwork frame."""

    homography: np.ndarray  # 3×3, artwork frame (units of S) → page pixels
    score: float  # registration quality in [0, 1] (correlation with the reference)
    mirrored: bool = False  # registered to the mirrored artwork
    proposal_score: float = 0.0  # correlation of the coarse hypothesis it was refined from
    masked: bool = False  # registered over the artwork's own pixels only (a logo on a picture)
    left_out: str | None = None  # the element the registration compared the artwork without


@dataclass
class ElementMeasure:
    """What verify measured of one element (``at_sign``, ``arrow``, ``wordmark``, ``caption``)."""

    name: str
    present: bool
    match: float  # correlation of the element's pixels with the reference, in [-1, 1]
    offset: float  # displacement of the element from its charter position, in S
    colour: str | None = None  # robust measured colour, "#RRGGBB"; None when not measurable
    delta_e: float | None = None  # CIEDE2000 to the charter colour of the instance's variant
    mirrored: bool = False  # the element alone is mirrored
    detail: str = ""  # short evidence for element_altered, e.g. "moved by 0.12 S"
    altered: bool = False  # present but reshaped, moved or re-typeset beyond tolerance
    retypeset: bool = False  # the caption's words in another typeface (the caption element only)
    exact: bool = False  # colour read from a vector drawing's fill, not from pixels
    #: drawn over another element (the arrow over the disc): how much better the artwork with it
    #: explains the pixels than the artwork without it, in correlation (None otherwise)
    presence_margin: float | None = None
    #: the colour of the element's ink where it is judged (the @ glyph's white, the caption's
    #: letters; see verify.colour.judge_ink), "#RRGGBB", and its CIEDE2000 to the ink as drawn
    ink_colour: str | None = None
    ink_delta_e: float | None = None
    #: measured missing: another variant that would draw it in a colour the background hides, the
    #: rest of the logo alike (verify.elements.note_variants_hiding); None otherwise
    hidden_in: str | None = None


@dataclass
class Measurements:
    """Everything verify measured of one registered instance, in raw units; policy judges."""

    bbox: tuple[float, float, float, float]  # page pixels, tight box of the artwork (clipped to the page)
    quad: list[tuple[float, float]]  # page pixels, the artwork's four corners (TL, TR, BR, BL)
    score: float  # detection/registration score in [0, 1]
    variant: str | None  # charter variant key the colours match best; None when none fits
    caption: str | None  # category key whose caption the band carries; None when unknown/absent
    caption_score: float  # match of the caption band with that category's reference, in [-1, 1]
    mark_height_px: float  # S in page pixels
    rotation_deg: float  # signed, counter-clockwise positive, relative to the page's axes
    context_rotation_deg: float | None  # dominant orientation of straight content around the logo
    # (text lines, page edges), when found: a photographed page turns logo and context together
    scale_ratio: float  # larger / smaller axis scale of the affine part (1 = uniform)
    shear_deg: float  # departure of the axes from perpendicular
    perspective: float  # strength of the projective part (0 = affine)
    mirrored: bool  # the whole artwork is mirrored
    elements: dict[str, ElementMeasure]
    addition: float  # share of the artwork's area covered by foreign content
    clear_space: float  # share of the clear-space margin covered by foreign content
    cropped: float  # share of the artwork's area outside the page
    contrast: float  # luminance contrast ratio between the artwork and its background (≥ 1)
    background: str  # "light" or "dark"
    weak_evidence: str | None = None  # why the evidence is too weak to decide, if it is
    caption_margin: float = 0.0  # caption_score minus the runner-up category's correlation
    # when the words' layout was read (a large band not read clearly): its correlation with the
    # caption it was compared with, and the ratio of their text lengths
    caption_layout: tuple[float, float] | None = None
    # the instance's Gaussian blur, in S, read at the reference's lone edges; None when too few
    # of them show (see logo_check.blur)
    blur: float | None = None
    # how far the instance's edges overshoot their plateaus, as a share of the step, read at the
    # same edges: about 0 unless the picture was sharpened (see logo_check.blur.edge_overshoot)
    overshoot: float | None = None
    # the words a PDF's text layer sets on the caption band, joined; None where it sets none (the
    # caption is then read from its pixels alone)
    caption_text: str | None = None
    # the scale ratio and shear the artwork keeps on its page seen by the camera that explains the
    # most of the picture's, when the registration holds a perspective and such a camera explains
    # some (a photographed page); None otherwise (see logo_check.verify.geometry.instance_geometry)
    camera_distortion: tuple[float, float] | None = None


@dataclass
class Context:
    """What the user declared about the material, and what the document itself says."""

    channel: str = "web"
    category: str | None = None
    date: dt.date | None = None  # the material's date when known; never today's date
    vector: bool = False  # the page content is vector (PDF drawings)
    mm_per_pixel: float | None = None
    turn_deg: float = 0.0  # how far the page turns the raster scanned (Page.turn_deg), counter-clockwise
    # also look for logos turned a quarter or half turn (sideways, upside down) in raster pages
    look_turned: bool = False


@dataclass
class Finding:
    code: str
    element: str | None
    severity: str
    measured: float | str | None
    limit: float | str | None
    rule: str
    message: dict[str, str]  # {"fr": ..., "en": ...}
