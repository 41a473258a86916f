"""The charter pack: load ``charter.toml`` and validate it into typed objects.

A broken charter raises :class:`~logo_check.errors.CharterError`, whose message names the file,
the key and what is wrong. Nothing else in the library knows what the logo looks like.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import string
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .codes import ELEMENTS, FINDING_CODES, MEDIA, MESSAGE_PLACEHOLDERS, SEVERITIES, SITE_FINDING_CODES
from .errors import CharterError
from .i18n import LibraryReason

CHARTER_ENV = "LOGO_CHECK_CHARTER"
DEFAULT_CHARTER_PATH = Path(__file__).resolve().parent.parent / "charter" / "charter.toml"
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class Text:
    """A text in French and English."""

    fr: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr


@dataclass(frozen=True)
class Box:
    """A box in the artwork's normalised coordinates (0..1 on both axes, origin top-left)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def as_list(self) -> list[float]:
        return [self.x0, self.y0, self.x1, self.y1]

    def corners(self, aspect: float) -> list[tuple[float, float]]:
        """The box's corners in the artwork frame (units of S; the artwork ``aspect`` wide),
        clockwise from the top-left."""
        x0, x1 = self.x0 * aspect, self.x1 * aspect
        return [(x0, self.y0), (x1, self.y0), (x1, self.y1), (x0, self.y1)]


@dataclass(frozen=True)
class Element:
    name: str
    label: Text
    box: Box
    colour: dict[str, str]  # variant -> colour name
    ink: str | None
    lines: tuple[str, ...]
    svg_ids: tuple[str, ...]  # ids of the master SVG's shapes that draw this element
    ink_label: Text | None = None  # what the ink draws (the @, the caption's letters), for messages


@dataclass(frozen=True)
class Category:
    key: str
    caption: str
    label: Text


@dataclass(frozen=True)
class Variant:
    key: str
    label: Text
    palette: tuple[str, ...]
    background: str
    waiver: str | None
    rule: str


@dataclass(frozen=True)
class Channel:
    key: str
    label: Text
    medium: str
    min_mark_height: float
    waivers: tuple[str, ...]

    @property
    def unit(self) -> str:
        return {"print": "mm", "screen": "px"}.get(self.medium, "")


@dataclass(frozen=True)
class Waiver:
    key: str
    label: Text
    rule: str


@dataclass(frozen=True)
class ClearSpace:
    margin: float
    rule: str


@dataclass(frozen=True)
class ColourTolerance:
    vector: float
    vector_reason: str
    raster: float
    raster_reason: str
    rule: str


@dataclass(frozen=True)
class GeometryTolerance:
    """Limits on the registered artwork's departure from a similarity (``[tolerances.geometry]``)."""

    rotation_deg: float
    rotation_deg_reason: str
    axis_aligned_deg: float  # within this of the image's own axes, a logo counts as placed upright
    axis_aligned_deg_reason: str
    scale_ratio: float  # larger / smaller axis scale
    scale_ratio_reason: str
    shear_deg: float
    shear_deg_reason: str
    height_error: float  # share of the mark height the measurement may be off by
    height_error_reason: str


@dataclass(frozen=True)
class ContentTolerance:
    """Limits on foreign or missing content, as shares of an area (``[tolerances.content]``)."""

    addition: float
    addition_reason: str
    clear_space: float
    clear_space_reason: str
    cropped: float
    cropped_reason: str
    cropped_slack_px: float  # in image pixels: how far the registered outline may overhang the edge
    cropped_slack_px_reason: str
    registration_slack: float  # in S: how far a colour of the artwork may stand from where it is drawn
    registration_slack_reason: str
    colour_spread_px: float  # in image pixels: how far blur and compression spread a colour
    colour_spread_px_reason: str
    clear_space_gap: float  # in S: foreign marks closer than this cover the space between them
    clear_space_gap_reason: str
    addition_gap: float  # in S: foreign marks over the artwork closer than this count as one
    addition_gap_reason: str


@dataclass(frozen=True)
class ContrastTolerance:
    """The smallest luminance contrast ratio with the background, and how close in colour to it an
    element may be and still be judged (``[tolerances.contrast]``)."""

    min_ratio: float
    min_ratio_reason: str
    hidden_delta_e: float  # an element this close in colour to its background is not judged
    hidden_delta_e_reason: str


@dataclass(frozen=True)
class EvidenceTolerance:
    """When the evidence about an instance is too weak to decide (``[tolerances.evidence]``): a
    registration score below ``min_score``; a blur (in S) above ``max_blur``."""

    min_score: float
    min_score_reason: str
    max_blur: float
    max_blur_reason: str


@dataclass(frozen=True)
class TextTolerance:
    """How close a text must come to the denomination to count as an altered copy of it
    (``[tolerances.text]``); below, it is other text."""

    min_similarity: float
    min_similarity_reason: str
    max_changed_words: float
    max_changed_words_reason: str


@dataclass(frozen=True)
class ElementTolerance:
    """Per-element limits (``[tolerances.elements]``): correlations in [-1, 1], offsets in S."""

    presence_match: float
    presence_match_reason: str
    altered_match: float
    altered_match_reason: str
    offset: float
    offset_reason: str
    caption_match: float
    caption_match_reason: str
    caption_layout_match: float
    caption_layout_match_reason: str
    caption_layout_width: float
    caption_layout_width_reason: str
    caption_layout_min_px: float
    caption_layout_min_px_reason: str
    caption_legible_px: float
    caption_legible_px_reason: str


@dataclass(frozen=True)
class FindingSpec:
    code: str
    severity: str
    rule: str
    message: Text


@dataclass(frozen=True)
class SiteRules:
    """CGU art. VIII, for crawled sites: how far from the home page (and from the catalogue) a page
    that shows the logo may be, in clicks; and the findings (warnings) that say it is not."""

    max_click_depth: int
    max_click_depth_reason: str
    catalogue_max_clicks: int
    catalogue_max_clicks_reason: str
    findings: dict[str, FindingSpec]


@dataclass(frozen=True)
class Charter:
    path: Path
    id: str
    version: str
    title: Text
    denomination: str
    denomination_rule: str
    valid_until: dt.date
    validity_rule: str
    aspect_ratio: float
    artwork_directory: Path
    artwork_file_pattern: str
    modification_rule: str
    colours: dict[str, str]
    elements: dict[str, Element]
    categories: dict[str, Category]
    variants: dict[str, Variant]
    clear_space: ClearSpace
    channels: dict[str, Channel]
    waivers: dict[str, Waiver]
    colour_tolerance: ColourTolerance
    geometry_tolerance: GeometryTolerance
    content_tolerance: ContentTolerance
    contrast_tolerance: ContrastTolerance
    evidence_tolerance: EvidenceTolerance
    element_tolerance: ElementTolerance
    text_tolerance: TextTolerance
    findings: dict[str, FindingSpec]
    # [site_rules]: optional; a pack without it checks no site rule (the site report says so)
    site_rules: SiteRules | None = None

    def artwork_path(self, category: str, variant: str) -> Path:
        """The master SVG of ``category`` in ``variant`` (both assumed valid)."""
        return self.artwork_directory / self.artwork_file_pattern.format(category=category, variant=variant)

    def made_for(self, background: str) -> str | None:
        """The variant made for ``background`` ("light" or "dark"): the first, in the pack's order,
        that needs no waiver; None when the pack has none."""
        return next((k for k, v in self.variants.items() if v.waiver is None and v.background == background), None)

    def rgb(self, colour_name: str) -> tuple[int, int, int]:
        """The 8-bit RGB triple of a named charter colour."""
        return hex_rgb(self.colours[colour_name])

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view of the charter as loaded."""
        data = asdict(self)
        data["path"] = str(self.path)
        data["artwork_directory"] = str(self.artwork_directory)
        data["valid_until"] = self.valid_until.isoformat()
        return data


def hex_rgb(value: str) -> tuple[int, int, int]:
    """The 8-bit RGB triple of a ``#RRGGBB`` colour (the charter's colours, the measured ones)."""
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def unit_rgb_hex(rgb: Sequence[float]) -> str:
    """The ``#RRGGBB`` of an RGB colour with channels within 0..1 (a measured one)."""
    r, g, b = (round(float(v) * 255) for v in rgb)
    return f"#{r:02X}{g:02X}{b:02X}"


def default_charter_path() -> Path:
    """``$LOGO_CHECK_CHARTER`` if set, else the pack shipped beside the package."""
    env = os.environ.get(CHARTER_ENV)
    return Path(env) if env else DEFAULT_CHARTER_PATH


_CACHE: dict[Path, tuple[float, Charter]] = {}


def load_charter(path: str | os.PathLike[str] | None = None) -> Charter:
    """Load and validate a charter file; raises :class:`CharterError` when it is broken.

    Loaded charters are cached per file and modification time.
    """
    file = Path(path) if path is not None else default_charter_path()
    try:
        resolved = file.resolve()
        mtime = resolved.stat().st_mtime
        raw = resolved.read_bytes()
    except OSError as exc:
        raise CharterError(str(file), "-", "charter_unreadable", reason=LibraryReason.of(exc)) from None
    cached = _CACHE.get(resolved)
    if cached and cached[0] == mtime:
        return cached[1]
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CharterError(str(file), "-", "charter_not_toml", reason=LibraryReason.of(exc)) from None
    charter = _Validator(file, data).charter()
    _CACHE[resolved] = (mtime, charter)
    return charter


class _Validator:
    """Walks the parsed TOML, checking each key and building the typed objects."""

    def __init__(self, file: Path, data: dict[str, Any]) -> None:
        self.file = file
        self.data = data

    # -- primitives ---------------------------------------------------------------------
    def fail(self, key: str, problem: str, **params: object) -> CharterError:
        return CharterError(str(self.file), key, problem, **params)

    def get(self, table: Mapping[str, Any], key: str, where: str, kind: type | tuple[type, ...], expected: str) -> Any:
        full = f"{where}.{key}" if where else key
        if key not in table:
            raise self.fail(full, "charter_missing")
        value = table[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
            raise self.fail(full, "charter_type", expected=expected)
        return value

    def table(self, table: Mapping[str, Any], key: str, where: str = "") -> dict[str, Any]:
        return self.get(table, key, where, dict, "une table / a table")

    def text(self, table: Mapping[str, Any], key: str, where: str) -> str:
        value = self.get(table, key, where, str, "un texte / a string")
        if not value.strip():
            raise self.fail(f"{where}.{key}", "charter_type", expected="un texte non vide / a non-empty string")
        return value

    def number(self, table: Mapping[str, Any], key: str, where: str, positive: bool = True) -> float:
        value = float(self.get(table, key, where, (int, float), "un nombre / a number"))
        if positive and not value > 0:
            raise self.fail(f"{where}.{key}", "charter_positive")
        return value

    def bounded(self, table: Mapping[str, Any], key: str, where: str, low: float, high: float) -> float:
        value = self.number(table, key, where, positive=False)
        if not low <= value <= high:
            raise self.fail(f"{where}.{key}", "charter_range", low=f"{low:g}", high=f"{high:g}")
        return value

    def reasoned(self, name: str, limits: Mapping[str, tuple[float, float]]) -> dict[str, Any]:
        """The numbers of ``[tolerances.<name>]``, each within its bounds and with its ``*_reason``."""
        tolerances = self.table(self.data, "tolerances")
        sub = self.table(tolerances, name, "tolerances")
        where = f"tolerances.{name}"
        out: dict[str, Any] = {}
        for key, (low, high) in limits.items():
            out[key] = self.bounded(sub, key, where, low, high)
            out[f"{key}_reason"] = self.text(sub, f"{key}_reason", where)
        return out

    def bilingual(self, table: Mapping[str, Any], key: str, where: str) -> Text:
        sub = self.table(table, key, where)
        here = f"{where}.{key}"
        return Text(fr=self.text(sub, "fr", here), en=self.text(sub, "en", here))

    def strings(self, table: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = self.get(table, key, where, list, "une liste de textes / a list of strings")
        if not all(isinstance(v, str) for v in value):
            raise self.fail(f"{where}.{key}", "charter_type", expected="une liste de textes / a list of strings")
        return tuple(value)

    def ref(self, value: str, known: Mapping[str, Any] | tuple[str, ...], key: str, kind: str) -> str:
        if value not in known:
            raise self.fail(key, "charter_unknown_ref", value=value, kind=kind, known=", ".join(known))
        return value

    def require_all(self, present: Mapping[str, Any], required: tuple[str, ...], key: str) -> None:
        missing = [name for name in required if name not in present]
        if missing:
            raise self.fail(key, "charter_required_set", missing=", ".join(missing))

    # -- sections -----------------------------------------------------------------------
    def charter(self) -> Charter:
        head = self.table(self.data, "charter")
        valid_until = self.get(head, "valid_until", "charter", dt.date, "une date AAAA-MM-JJ / a date YYYY-MM-DD")
        if isinstance(valid_until, dt.datetime):
            raise self.fail("charter.valid_until", "charter_type", expected="une date AAAA-MM-JJ / a date YYYY-MM-DD")
        colours = self.colours()
        variants = self.variants(colours)
        waivers = self.waivers()
        variants = {k: self.check_variant_waiver(v, waivers) for k, v in variants.items()}
        artwork = self.table(self.data, "artwork")
        directory = (self.file.parent / self.text(artwork, "directory", "artwork")).resolve()
        pattern = self.text(artwork, "file_pattern", "artwork")
        categories = self.categories()
        charter = Charter(
            path=self.file,
            id=self.text(head, "id", "charter"),
            version=self.text(head, "version", "charter"),
            title=self.bilingual(head, "title", "charter"),
            denomination=self.text(head, "denomination", "charter"),
            denomination_rule=self.text(head, "denomination_rule", "charter"),
            valid_until=valid_until,
            validity_rule=self.text(head, "validity_rule", "charter"),
            aspect_ratio=self.number(artwork, "aspect_ratio", "artwork"),
            artwork_directory=directory,
            artwork_file_pattern=pattern,
            modification_rule=self.text(artwork, "modification_rule", "artwork"),
            colours=colours,
            elements=self.elements(colours, variants),
            categories=categories,
            variants=variants,
            clear_space=self.clear_space(),
            channels=self.channels(waivers),
            waivers=waivers,
            colour_tolerance=self.colour_tolerance(),
            geometry_tolerance=GeometryTolerance(**self.reasoned("geometry", _GEOMETRY_LIMITS)),
            content_tolerance=ContentTolerance(**self.reasoned("content", _CONTENT_LIMITS)),
            contrast_tolerance=ContrastTolerance(**self.reasoned("contrast", _CONTRAST_LIMITS)),
            evidence_tolerance=EvidenceTolerance(**self.reasoned("evidence", _EVIDENCE_LIMITS)),
            text_tolerance=TextTolerance(**self.reasoned("text", _TEXT_LIMITS)),
            element_tolerance=self.element_tolerance(),
            findings=self.findings(),
            site_rules=self.site_rules(),
        )
        # the engine's templates are the variant made for each background (one without a waiver)
        missing = [f'background = "{b}"' for b in ("light", "dark") if charter.made_for(b) is None]
        if missing:
            raise self.fail("variants", "charter_required_set", missing=", ".join(missing))
        for category in categories:
            for variant in variants:
                path = charter.artwork_path(category, variant)
                if not path.is_file():
                    raise self.fail("artwork.file_pattern", "charter_artwork_missing", path=str(path))
        return charter

    def colours(self) -> dict[str, str]:
        table = self.table(self.data, "colours")
        for name, value in table.items():
            if not isinstance(value, str) or not _HEX.match(value):
                raise self.fail(f"colours.{name}", "charter_colour", value=value)
        return {name: value.upper() for name, value in table.items()}

    def box(self, table: Mapping[str, Any], where: str) -> Box:
        value = self.get(table, "box", where, list, "[x0, y0, x1, y1]")
        ok = len(value) == 4 and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        if ok:
            x0, y0, x1, y1 = (float(v) for v in value)
            ok = 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1
        if not ok:
            raise self.fail(f"{where}.box", "charter_box")
        return Box(x0, y0, x1, y1)

    def elements(self, colours: dict[str, str], variants: dict[str, Variant]) -> dict[str, Element]:
        table = self.table(self.data, "elements")
        self.require_all(table, ELEMENTS, "elements")
        out = {}
        for name, _raw in table.items():
            where = f"elements.{name}"
            self.ref(name, ELEMENTS, where, "élément / element")
            sub = self.table(table, name, "elements")
            colour = self.table(sub, "colour", where)
            self.require_all(colour, tuple(variants), f"{where}.colour")
            for variant, colour_name in colour.items():
                self.ref(variant, variants, f"{where}.colour.{variant}", "variante / variant")
                self.ref(str(colour_name), colours, f"{where}.colour.{variant}", "couleur / colour")
            ink = sub.get("ink")
            if ink is not None:
                self.ref(str(ink), colours, f"{where}.ink", "couleur / colour")
            lines = self.strings(sub, "lines", where) if "lines" in sub else ()
            svg_ids = self.strings(sub, "svg_ids", where)
            ink_label = self.bilingual(sub, "ink_label", where) if "ink_label" in sub else None
            out[name] = Element(
                name,
                self.bilingual(sub, "label", where),
                self.box(sub, where),
                dict(colour),
                ink,
                lines,
                svg_ids,
                ink_label,
            )
        return out

    def categories(self) -> dict[str, Category]:
        table = self.table(self.data, "categories")
        out = {}
        for key in table:
            sub = self.table(table, key, "categories")
            where = f"categories.{key}"
            out[key] = Category(key, self.text(sub, "caption", where), self.bilingual(sub, "label", where))
        if not out:
            raise self.fail("categories", "charter_missing")
        return out

    def variants(self, colours: dict[str, str]) -> dict[str, Variant]:
        table = self.table(self.data, "variants")
        out = {}
        for key in table:
            sub = self.table(table, key, "variants")
            where = f"variants.{key}"
            palette = self.strings(sub, "palette", where)
            for name in palette:
                self.ref(name, colours, f"{where}.palette", "couleur / colour")
            background = self.text(sub, "background", where)
            self.ref(background, ("light", "dark"), f"{where}.background", "fond / background")
            waiver = sub.get("waiver")
            if waiver is not None and not isinstance(waiver, str):
                raise self.fail(f"{where}.waiver", "charter_type", expected="un texte / a string")
            out[key] = Variant(
                key, self.bilingual(sub, "label", where), palette, background, waiver, self.text(sub, "rule", where)
            )
        if not out:
            raise self.fail("variants", "charter_missing")
        return out

    def check_variant_waiver(self, variant: Variant, waivers: dict[str, Waiver]) -> Variant:
        if variant.waiver is not None:
            self.ref(variant.waiver, waivers, f"variants.{variant.key}.waiver", "dérogation / waiver")
        return variant

    def waivers(self) -> dict[str, Waiver]:
        table = self.table(self.data, "waivers")
        out = {}
        for key in table:
            sub = self.table(table, key, "waivers")
            where = f"waivers.{key}"
            out[key] = Waiver(key, self.bilingual(sub, "label", where), self.text(sub, "rule", where))
        return out

    def channels(self, waivers: dict[str, Waiver]) -> dict[str, Channel]:
        table = self.table(self.data, "channels")
        out = {}
        for key in table:
            sub = self.table(table, key, "channels")
            where = f"channels.{key}"
            medium = self.ref(self.text(sub, "medium", where), MEDIA, f"{where}.medium", "support / medium")
            minimum = self.number(sub, "min_mark_height", where, positive=medium != "audio")
            channel_waivers = self.strings(sub, "waivers", where)
            for name in channel_waivers:
                self.ref(name, waivers, f"{where}.waivers", "dérogation / waiver")
            out[key] = Channel(key, self.bilingual(sub, "label", where), medium, minimum, channel_waivers)
        if not out:
            raise self.fail("channels", "charter_missing")
        return out

    def clear_space(self) -> ClearSpace:
        sub = self.table(self.data, "clear_space")
        return ClearSpace(self.number(sub, "margin", "clear_space"), self.text(sub, "rule", "clear_space"))

    def colour_tolerance(self) -> ColourTolerance:
        tolerances = self.table(self.data, "tolerances")
        sub = self.table(tolerances, "colour", "tolerances")
        where = "tolerances.colour"
        return ColourTolerance(
            vector=self.number(sub, "vector", where),
            vector_reason=self.text(sub, "vector_reason", where),
            raster=self.number(sub, "raster", where),
            raster_reason=self.text(sub, "raster_reason", where),
            rule=self.text(sub, "rule", where),
        )

    def element_tolerance(self) -> ElementTolerance:
        tolerance = ElementTolerance(**self.reasoned("elements", _ELEMENT_LIMITS))
        if not tolerance.presence_match < tolerance.altered_match:
            raise self.fail(
                "tolerances.elements.presence_match", "charter_order", other="tolerances.elements.altered_match"
            )
        return tolerance

    def site_rules(self) -> SiteRules | None:
        if "site_rules" not in self.data:
            return None
        table = self.table(self.data, "site_rules")
        numbers: dict[str, Any] = {}
        for key in ("max_click_depth", "catalogue_max_clicks"):
            value = self.bounded(table, key, "site_rules", 0, 1000)
            if value != int(value):
                raise self.fail(f"site_rules.{key}", "charter_type", expected="un entier / an integer")
            numbers[key] = int(value)
            numbers[f"{key}_reason"] = self.text(table, f"{key}_reason", "site_rules")
        findings = self.findings("site_rules.findings", self.table(table, "findings", "site_rules"), SITE_FINDING_CODES)
        return SiteRules(findings=findings, **numbers)

    def findings(
        self, key: str = "findings", table: dict[str, Any] | None = None, codes: tuple[str, ...] = FINDING_CODES
    ) -> dict[str, FindingSpec]:
        table = self.table(self.data, "findings") if table is None else table
        self.require_all(table, codes, key)
        out = {}
        for code in table:
            where = f"{key}.{code}"
            self.ref(code, codes, where, "code de constat / finding code")
            sub = self.table(table, code, key)
            severity = self.ref(
                self.text(sub, "severity", where), SEVERITIES, f"{where}.severity", "gravité / severity"
            )
            message = self.bilingual(sub, "message", where)
            for lang in ("fr", "en"):
                for _, name, _, _ in string.Formatter().parse(message.get(lang)):
                    if name is not None and name not in MESSAGE_PLACEHOLDERS:
                        raise self.fail(
                            f"{where}.message.{lang}",
                            "charter_placeholder",
                            name=name,
                            known=", ".join(MESSAGE_PLACEHOLDERS),
                        )
            out[code] = FindingSpec(code, severity, self.text(sub, "rule", where), message)
        return out


# Bounds (inclusive) of each tolerance number: what the quantity can take at all, not a policy.
_GEOMETRY_LIMITS = {
    "rotation_deg": (0.0, 45.0),
    "axis_aligned_deg": (0.0, 45.0),
    "scale_ratio": (1.0, 10.0),
    "shear_deg": (0.0, 45.0),
    "height_error": (0.0, 0.2),
}
_CONTENT_LIMITS = {
    "addition": (0.0, 1.0),
    "clear_space": (0.0, 1.0),
    "cropped": (0.0, 1.0),
    "cropped_slack_px": (0.0, 10.0),
    "registration_slack": (0.0, 0.2),
    "colour_spread_px": (0.0, 10.0),
    "clear_space_gap": (0.0, 1.0),
    "addition_gap": (0.0, 1.0),
}
_CONTRAST_LIMITS = {"min_ratio": (1.0, 21.0), "hidden_delta_e": (0.0, 100.0)}
_EVIDENCE_LIMITS = {"min_score": (0.0, 1.0), "max_blur": (0.0, 1.0)}
_TEXT_LIMITS = {"min_similarity": (0.0, 1.0), "max_changed_words": (0.0, 20.0)}
_ELEMENT_LIMITS = {
    "presence_match": (-1.0, 1.0),
    "altered_match": (-1.0, 1.0),
    "offset": (0.0, 1.0),
    "caption_match": (-1.0, 1.0),
    "caption_layout_match": (-1.0, 1.0),
    "caption_layout_width": (0.0, 1.0),
    "caption_layout_min_px": (0.0, 10000.0),
    "caption_legible_px": (0.0, 10000.0),
}


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)
