"""policy: judge one instance's measurements against the charter, giving findings and a verdict.

verify measures, policy decides: every limit comes from the charter pack (``[tolerances.*]``, the
channels and their waivers, ``valid_until``) and every message is the charter's own, filled in
here in each language. Nothing here looks at pixels.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .caption_text import category_of
from .charter import Channel, Charter, Text, Variant
from .codes import WAIVER_CAPTION_OPTIONAL, WAIVER_DENOMINATION_AS_TEXT, WAIVER_REDUCED_MIN_SIZE
from .errors import UsageError
from .i18n import LANGUAGES, Number, in_both, listed, long_date, translate
from .model import Context, ElementMeasure, Finding, Measurements, TextOccurrence

COMPLIANT, NON_COMPLIANT, REVIEW, NO_LOGO = "compliant", "non_compliant", "review", "no_logo"
_VERDICT_ORDER = (NON_COMPLIANT, REVIEW, COMPLIANT)


# -- public ------------------------------------------------------------------------------------


def judge(m: Measurements, ctx: Context, charter: Charter) -> tuple[list[Finding], str]:
    """The findings about one instance and its verdict (``compliant``, ``non_compliant``, ``review``).

    ``ctx.channel`` must be a channel of the charter (:class:`UsageError` otherwise).
    """
    channel = channel_of(ctx, charter)
    findings = [
        *_variant(m, channel, charter),
        *_geometry(m, ctx, charter),
        *_elements(m, ctx, channel, charter),
        *_caption(m, ctx, charter),
        *_content(m, charter),
        *_size(m, ctx, channel, charter),
        *_contrast(m, charter),
        *_date(ctx, charter),
    ]
    findings = _weakened_by_blur(findings, m, charter)
    return findings, instance_verdict(findings, m, charter)


def judge_text(occurrences: list[TextOccurrence], ctx: Context, charter: Charter, text_only: bool) -> list[Finding]:
    """The findings about the denomination in a document's text: ``denomination_altered`` for each
    altered copy; for a document that is only text (``text_only``) on a channel allowing the
    denomination as text, ``exception_applied`` for each exact one; ``expired_use`` once when
    the text carries the denomination and the material is dated after the right of use."""
    channel = channel_of(ctx, charter)
    findings: list[Finding] = []
    for occurrence in occurrences:
        if not occurrence.exact:
            findings.append(
                _finding(
                    charter,
                    "denomination_altered",
                    measured=occurrence.found,
                    limit=charter.denomination,
                    detail=_Localised(occurrence.detail),
                    rule=charter.denomination_rule,
                )
            )
        elif text_only and WAIVER_DENOMINATION_AS_TEXT in channel.waivers:
            findings.append(_exception(charter, WAIVER_DENOMINATION_AS_TEXT, measured=occurrence.found))
    if occurrences and text_only:
        findings.extend(_date(ctx, charter))
    return findings


def text_verdict(findings: list[Finding], occurrences: list[TextOccurrence]) -> str | None:
    """The verdict the text alone gives a document, or None when it carries no denomination."""
    if not occurrences:
        return None
    return NON_COMPLIANT if any(f.severity == "violation" for f in findings) else COMPLIANT


def instance_verdict(findings: list[Finding], m: Measurements, charter: Charter) -> str:
    """``non_compliant`` on any violation; else ``review`` when the evidence is weak; else ``compliant``."""
    if any(f.severity == "violation" for f in findings):
        return NON_COMPLIANT
    if review_reason(m, charter, findings) is not None:
        return REVIEW
    return COMPLIANT


def review_reason(m: Measurements, charter: Charter, findings: Sequence[Finding] = ()) -> str | None:
    """Why the evidence about this instance is too weak to call it compliant, or None
    (``findings``: the instance's, which tell whether blur weakened some)."""
    if any(_blur_weakened(f, m, charter) for f in findings):
        limit = charter.evidence_tolerance.max_blur
        blur, limit_shown = _apart(Number(m.blur or 0.0, 3), Number(limit, 3))
        return in_both("review_blurred", measured=blur, limit=limit_shown)
    if m.weak_evidence:
        return m.weak_evidence
    if m.camera_distortion is not None and any(_perspective_weakened(f) for f in findings):
        ratio, shear = m.camera_distortion
        return in_both(
            "review_perspective",
            ratio=Number(m.scale_ratio, 2, fixed=True),
            shear=Number(m.shear_deg, 1, "°", fixed=True),
            camera_ratio=Number(ratio, 2, fixed=True),
            camera_shear=Number(shear, 1, "°", fixed=True),
        )
    if _caption_too_small(m, charter):
        px, limit = m.mark_height_px, charter.element_tolerance.caption_legible_px
        return in_both("review_caption_too_small", measured=Number(px, 0), limit=Number(limit, 0))
    minimum = charter.evidence_tolerance.min_score
    if m.score < minimum:
        return in_both(
            "review_low_score", measured=Number(m.score, 2, fixed=True), limit=Number(minimum, 2, fixed=True)
        )
    return None


#: Findings read from the artwork's fine detail: thin strokes' colours and shapes, the caption's
#: letters, the pixels in its gaps, around it and at its edges. Blur spreads the artwork's colours
#: over its surroundings and rounds its shapes, so that beyond ``tolerances.evidence.max_blur`` a
#: faithful logo earns them (``benchmarks/blur_sweep.py``). Its size, place, turn, mirroring and
#: proportions, read from the whole outline, stay sound.
BLUR_SENSITIVE_CODES = frozenset(
    {
        "colour_changed",
        "variant_not_allowed",
        "element_missing",
        "element_altered",
        "caption_mismatch",
        "caption_unknown",
        "addition",
        "clear_space",
        "low_contrast",
    }
)


def _too_blurred(m: Measurements, charter: Charter) -> bool:
    return m.blur is not None and m.blur > charter.evidence_tolerance.max_blur


def _perspective_weakened(f: Finding) -> bool:
    """Whether finding ``f`` is one that the camera's angle made a warning (see :func:`_geometry`):
    no other rule makes a ``distorted`` finding a warning."""
    return f.code == "distorted" and f.severity == "warning"


def _blur_weakened(f: Finding, m: Measurements, charter: Charter) -> bool:
    """Whether finding ``f`` is one that blur made a warning (see :func:`_weakened_by_blur`)."""
    return f.code in BLUR_SENSITIVE_CODES and f.severity == "warning" and _too_blurred(m, charter)


def _weakened_by_blur(findings: list[Finding], m: Measurements, charter: Charter) -> list[Finding]:
    """``findings``, where the instance is blurred beyond ``tolerances.evidence.max_blur``, with
    the violations read from its fine detail (``BLUR_SENSITIVE_CODES``) turned into warnings: the
    blur alone can account for them. They stay in the report, and the instance goes to review."""
    if not _too_blurred(m, charter):
        return findings
    return [
        _weakened(f, "finding_blurred") if f.severity == "violation" and f.code in BLUR_SENSITIVE_CODES else f
        for f in findings
    ]


def _weakened(f: Finding, note: str) -> Finding:
    """Violation ``f`` as a warning, its message followed by ``note`` (a message of
    :mod:`logo_check.i18n` that says what else may account for it: one of ``WEAKENING_NOTES``)."""
    message = {lang: translate(note, lang, message=f.message[lang]) for lang in LANGUAGES}
    return dataclasses.replace(f, severity="warning", message=message)


#: The notes by which a violation becomes a warning (:func:`_weakened`): blur, the camera's angle.
WEAKENING_NOTES = ("finding_blurred", "finding_perspective")


def _camera_explains(m: Measurements, charter: Charter) -> bool:
    """Whether the picture's distortion of the artwork is one that a camera turned from the page
    accounts for (verify's ``camera_distortion`` within the charter's proportions): a page
    photographed at an angle. Which it is cannot be told from the logo (verify.geometry.instance_geometry): the
    ``distorted`` findings are then warnings, and the instance goes to review."""
    if m.camera_distortion is None:
        return False
    ratio, shear = m.camera_distortion
    tol = charter.geometry_tolerance
    return ratio <= tol.scale_ratio and shear <= tol.shear_deg


def without_weakening_note(message: str, lang: str) -> str:
    """``message`` (a finding's, in ``lang``) without the note that something else than a
    misuse may account for it (:func:`_weakened`): a finding a reviewer has confirmed is stated as
    the charter words it (the warning letter of :mod:`service.letters`)."""
    for note in WEAKENING_NOTES:
        message = message.removesuffix(translate(note, lang, message=""))
    return message


def document_verdict(instance_verdicts: list[str], had_pages: bool, complete: bool = True) -> str:
    """The verdict of a document from those of its instances.

    ``non_compliant`` > ``review`` > ``compliant``; ``no_logo`` when pages were read and none holds
    an instance. A document none of whose pages could be read is ``review``: nothing says it is clean.
    Nor does anything when only part of it was read (``complete`` false: frames, pages or images
    left unread): what would be ``compliant`` or ``no_logo`` is ``review``; a violation found in the
    part read stands.
    """
    if not had_pages:
        return REVIEW
    for verdict in _VERDICT_ORDER:
        if verdict in instance_verdicts:
            return verdict if complete or verdict != COMPLIANT else REVIEW
    return NO_LOGO if complete else REVIEW


def channel_of(ctx: Context, charter: Charter) -> Channel:
    """The charter channel ``ctx`` declares; :class:`UsageError` when the charter has none such."""
    try:
        return charter.channels[ctx.channel]
    except KeyError:
        raise UsageError("unknown_channel", value=ctx.channel, known=", ".join(charter.channels)) from None


# -- localised values ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Msg:
    """A message of :mod:`logo_check.i18n` whose parameters may themselves be localised."""

    key: str
    params: dict[str, Any]

    def text(self, lang: str) -> str:
        return translate(self.key, lang, **{k: _render(v, lang) for k, v in self.params.items()})


@dataclass(frozen=True)
class _Localised:
    """A text already written in each language."""

    texts: dict[str, str]

    def text(self, lang: str) -> str:
        return self.texts.get(lang) or next(iter(self.texts.values()), "")


@dataclass(frozen=True)
class _Date:
    """A date shown in a message: in words, in each language."""

    day: dt.date

    def text(self, lang: str) -> str:
        return long_date(self.day, lang)


def _msg(message_key: str, /, **params: Any) -> _Msg:
    return _Msg(message_key, params)


#: Most decimals a measured value and its limit are given in a message when fewer would show them
#: equal (39.95 px against a minimum of 40 px reads "40 px, minimum 40 px" with one).
MAX_MESSAGE_DECIMALS = 3


def _apart(measured: Number, limit: Number) -> tuple[Number, Number]:
    """``measured`` and ``limit`` with as many more decimals (up to ``MAX_MESSAGE_DECIMALS``) as it
    takes for two different values not to read the same."""
    decimals = max(measured.decimals, limit.decimals)
    while (
        measured.value != limit.value
        and decimals < MAX_MESSAGE_DECIMALS
        and dataclasses.replace(measured, decimals=decimals).text("en")
        == dataclasses.replace(limit, decimals=decimals).text("en")
    ):
        decimals += 1
    return dataclasses.replace(measured, decimals=decimals), dataclasses.replace(limit, decimals=decimals)


def _render(value: Any, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, Number | _Msg | _Localised | _Date):
        return value.text(lang)
    if isinstance(value, Text):
        return value.get(lang)
    return str(value)


def _finding(
    charter: Charter,
    code: str,
    *,
    element: str | None = None,
    measured: float | str | None = None,
    limit: float | str | None = None,
    shown: tuple[Any, Any] | None = None,
    detail: Any = None,
    rule: str | None = None,
) -> Finding:
    """A finding with the charter's severity, rule and message; ``shown`` overrides how
    ``measured`` and ``limit`` read in the message."""
    spec = charter.findings[code]
    label = charter.elements[element].label if element else None
    shown_measured, shown_limit = shown if shown is not None else (measured, limit)
    if isinstance(shown_measured, Number) and isinstance(shown_limit, Number):
        shown_measured, shown_limit = _apart(shown_measured, shown_limit)
    message = {
        lang: spec.message.get(lang).format(
            element=_render(label, lang),
            measured=_render(shown_measured, lang),
            limit=_render(shown_limit, lang),
            detail=_render(detail, lang),
        )
        for lang in LANGUAGES
    }
    return Finding(code, element, spec.severity, measured, limit, rule or spec.rule, message)


def _exception(
    charter: Charter,
    waiver: str,
    *,
    element: str | None = None,
    measured: float | str | None = None,
    limit: float | str | None = None,
) -> Finding:
    """``exception_applied``: the channel's ``waiver`` made this use acceptable."""
    spec = charter.waivers[waiver]
    return _finding(
        charter,
        "exception_applied",
        element=element,
        measured=measured,
        limit=limit,
        detail=spec.label,
        rule=spec.rule,
    )


# -- the rules -------------------------------------------------------------------------------------


def _variant(m: Measurements, channel: Channel, charter: Charter) -> Iterator[Finding]:
    variant = charter.variants.get(m.variant) if m.variant else None
    if variant is None:
        return
    if variant.waiver is not None:
        if variant.waiver in channel.waivers:
            yield _exception(charter, variant.waiver, measured=variant.key)
        else:
            detail = _variant_channels(variant, channel, charter)
            yield _finding(charter, "variant_not_allowed", measured=variant.key, limit=variant.waiver, detail=detail)
    if variant.background != m.background:
        detail = _msg(
            "detail_variant_background",
            variant=variant.label,
            expected=_msg(f"background_{variant.background}"),
            actual=_msg(f"background_{m.background}") if m.background in ("light", "dark") else m.background,
        )
        yield _finding(charter, "variant_not_allowed", measured=m.background, limit=variant.background, detail=detail)


def _variant_channels(variant: Variant, channel: Channel, charter: Charter) -> _Msg:
    """Why ``variant`` is not allowed on ``channel``: the channels whose waivers allow it, by the
    charter's labels (the waiver itself is the charter's business, not the reader's)."""
    allowing = [c.label for c in charter.channels.values() if variant.waiver in c.waivers]
    if not allowing:
        return _msg("detail_variant_no_channel", variant=variant.label)
    names = _Localised(
        {
            lang: listed([f"« {label.fr} »" if lang == "fr" else label.get(lang) for label in allowing], lang)
            for lang in LANGUAGES
        }
    )
    key = "detail_variant_channel" if len(allowing) == 1 else "detail_variant_channels"
    return _msg(key, variant=variant.label, channels=names, channel=channel.label)


def effective_rotation(m: Measurements, axis_aligned_deg: float = 0.0) -> float:
    """The rotation that counts, in degrees: relative to the surrounding content when verify found
    its orientation (a photographed page turns logo and text together; modulo 90°, in [-45, 45)),
    else relative to the page's axes (in [-180, 180)). A logo within ``axis_aligned_deg`` of the
    page's axes was placed upright on it (the charter's ``axis_aligned_deg``): its rotation is the
    page's, whatever the lines around it say (a logo pasted on a picture of slanted lines)."""
    on_page = (m.rotation_deg + 180.0) % 360.0 - 180.0
    if m.context_rotation_deg is None or abs(on_page) <= axis_aligned_deg:
        return on_page
    return (m.rotation_deg - m.context_rotation_deg + 45.0) % 90.0 - 45.0


def _geometry(m: Measurements, ctx: Context, charter: Charter) -> Iterator[Finding]:
    tol = charter.geometry_tolerance
    # a raster the page shows turned (an image a PDF places turned) turns the logo with it
    rotation = (effective_rotation(m, tol.axis_aligned_deg) + ctx.turn_deg + 180.0) % 360.0 - 180.0
    if abs(rotation) > tol.rotation_deg:
        yield _finding(
            charter,
            "rotated",
            measured=rotation,
            limit=tol.rotation_deg,
            shown=(Number(rotation), Number(tol.rotation_deg)),
        )
    distorted = []
    if m.scale_ratio > tol.scale_ratio:
        shown = (Number(m.scale_ratio, 2), Number(tol.scale_ratio, 2))
        distorted.append(_finding(charter, "distorted", measured=m.scale_ratio, limit=tol.scale_ratio, shown=shown))
    if abs(m.shear_deg) > tol.shear_deg:
        shown = (Number(m.shear_deg, 1, "°"), Number(tol.shear_deg, 1, "°"))
        distorted.append(_finding(charter, "distorted", measured=m.shear_deg, limit=tol.shear_deg, shown=shown))
    if distorted and _camera_explains(m, charter):
        distorted = [_weakened(f, "finding_perspective") for f in distorted]
    yield from distorted
    if m.mirrored:
        yield _finding(charter, "mirrored", detail=_msg("detail_mirrored_whole"))


def _is_missing(e: ElementMeasure, charter: Charter) -> bool:
    return not e.present or e.match < charter.element_tolerance.presence_match


def caption_read(m: Measurements, charter: Charter) -> str | None:
    """The category the band reads as: that of the words a PDF's text layer sets on it, when it
    sets some (:mod:`logo_check.caption_text`), else the one verify read with enough confidence."""
    if m.caption_text is not None:
        return category_of(m.caption_text, charter)
    if m.caption in charter.categories and m.caption_score >= charter.element_tolerance.caption_match:
        return m.caption
    return None


def _caption_text_wrong(m: Measurements, ctx: Context, charter: Charter) -> bool:
    """The band's text is judged by caption_unknown / caption_mismatch, not as a reshaped band."""
    read = caption_read(m, charter)
    return read is None or (ctx.category is not None and read != ctx.category)


def _elements(m: Measurements, ctx: Context, channel: Channel, charter: Charter) -> Iterator[Finding]:
    tol = charter.element_tolerance
    for name in charter.elements:
        e = m.elements.get(name)
        if e is None:  # not measured: no evidence either way
            continue
        exact = ctx.vector or e.exact
        raster_limit = charter.colour_tolerance.raster
        colour_limit = charter.colour_tolerance.vector if exact else raster_limit
        if _is_missing(e, charter):
            if name == "caption" and WAIVER_CAPTION_OPTIONAL in channel.waivers:
                yield _exception(charter, WAIVER_CAPTION_OPTIONAL, element=name)
            else:
                yield _finding(
                    charter,
                    "element_missing",
                    element=name,
                    measured=e.match,
                    limit=tol.presence_match,
                    detail=_hidden_in_detail(e, charter),
                )
            continue
        altered = _alteration(e, charter, judge_match=not (name == "caption" and _caption_text_wrong(m, ctx, charter)))
        if altered is not None:
            measured, limit, detail = altered
            yield _finding(charter, "element_altered", element=name, measured=measured, limit=limit, detail=detail)
        if e.mirrored:
            yield _finding(
                charter,
                "mirrored",
                element=name,
                detail=_msg("detail_mirrored_element", element=charter.elements[name].label),
            )
        # the element's main colour, else its ink (the @ glyph's white, the caption's letters; always
        # read from pixels)
        for delta_e, limit, ink in ((e.delta_e, colour_limit, False), (e.ink_delta_e, raster_limit, True)):
            if delta_e is not None and delta_e > limit:
                yield _finding(
                    charter,
                    "colour_changed",
                    element=name,
                    measured=delta_e,
                    limit=limit,
                    shown=(Number(delta_e), Number(limit)),
                    detail=_colour_detail(e, m.variant, charter, ink),
                )
                break


def _hidden_in_detail(e: ElementMeasure, charter: Charter) -> _Msg | None:
    """For an element measured missing that another variant would draw in a colour the ground
    hides (``ElementMeasure.hidden_in``), that reading, which the pixels cannot tell apart."""
    if e.hidden_in is None:
        return None
    colour = charter.elements[e.name].colour[e.hidden_in]
    return _msg(
        "detail_missing_or_variant",
        variant=charter.variants[e.hidden_in].label,
        element=charter.elements[e.name].label,
        colour=charter.colours[colour],
    )


def _colour_detail(e: ElementMeasure, variant: str | None, charter: Charter, ink: bool) -> _Msg | None:
    """The colour measured against the charter's, for the message of a colour finding: the
    element's main colour in ``variant``, or its ink (named by the charter's ``ink_label``); None
    when it was not recorded."""
    spec = charter.elements[e.name]
    expected = spec.ink if ink else spec.colour.get(variant or "")
    measured = e.ink_colour if ink else e.colour
    if measured is None or expected is None:
        return None
    if ink and spec.ink_label is not None:
        return _msg("detail_ink_colour", ink=spec.ink_label, measured=measured, expected=charter.colours[expected])
    return _msg("detail_colour", measured=measured, expected=charter.colours[expected])


def _alteration(
    e: ElementMeasure, charter: Charter, judge_match: bool
) -> tuple[float | None, float | None, _Msg] | None:
    """(measured, limit, detail) when a present element is moved, reshaped or re-typeset."""
    tol = charter.element_tolerance
    if e.offset > tol.offset:
        moved, most = _apart(Number(e.offset, 2), Number(tol.offset, 2))
        return e.offset, tol.offset, _msg("detail_offset", measured=moved, limit=most)
    if judge_match and e.match < tol.altered_match:
        match, least = _apart(Number(e.match, 2), Number(tol.altered_match, 2))
        return e.match, tol.altered_match, _msg("detail_match", measured=match, limit=least)
    if e.retypeset:
        return e.match, tol.altered_match, _msg("detail_retypeset")
    if e.altered:
        return e.match, tol.altered_match, _msg("detail_reshaped", evidence=e.detail or "-")
    return None


def _caption_too_small(m: Measurements, charter: Charter) -> bool:
    """Whether the band is there but its caption was not read, on a mark too small for its letters
    to tell one caption from other words (``caption_legible_px``), and no text layer says what
    it is: a case for review."""
    band = m.elements.get("caption")
    return (
        band is not None
        and not _is_missing(band, charter)
        and m.caption_text is None
        and caption_read(m, charter) is None
        and m.mark_height_px < charter.element_tolerance.caption_legible_px
    )


def _caption(m: Measurements, ctx: Context, charter: Charter) -> Iterator[Finding]:
    band = m.elements.get("caption")
    if band is None or _is_missing(band, charter) or _caption_too_small(m, charter):
        return
    read = caption_read(m, charter)
    if read is None and m.caption_text is not None:
        detail = _msg("detail_caption_text", text=m.caption_text)
        yield _finding(charter, "caption_unknown", element="caption", measured=m.caption_text, detail=detail)
    elif read is None:
        yield _finding(charter, "caption_unknown", element="caption", measured=m.caption_score)
    elif ctx.category is not None and read != ctx.category:
        declared = charter.categories.get(ctx.category)
        shown = (charter.categories[read].caption, declared.caption if declared else ctx.category)
        yield _finding(charter, "caption_mismatch", element="caption", measured=read, limit=ctx.category, shown=shown)


def _content(m: Measurements, charter: Charter) -> Iterator[Finding]:
    tol = charter.content_tolerance
    # shares of the artwork's box are reported in percent, as the messages give them: as fractions,
    # rounded to the report's 2 decimals, an addition of 0.3 % and its limit of 0.2 % both read 0.0
    if m.addition > tol.addition:
        share, most = _apart(Number(m.addition, 1, "%"), Number(tol.addition, 1, "%"))
        detail = _msg("detail_share", measured=share, limit=most)
        yield _finding(charter, "addition", measured=100 * m.addition, limit=100 * tol.addition, detail=detail)
    if m.clear_space > tol.clear_space:
        shown = (Number(m.clear_space, 1, "%"), Number(tol.clear_space, 1, "%"))
        yield _finding(charter, "clear_space", measured=100 * m.clear_space, limit=100 * tol.clear_space, shown=shown)
    if m.cropped > tol.cropped:
        shown = (Number(m.cropped, 1, "%"), Number(tol.cropped, 1, "%"))
        yield _finding(charter, "cropped", measured=100 * m.cropped, limit=100 * tol.cropped, shown=shown)


#: Millimetres per CSS pixel (96 to the inch): the size on screen of a document laid out in
#: physical units (a PDF) at 100 % zoom, as browsers' PDF viewers show it.
MM_PER_CSS_PIXEL = 25.4 / 96


def mark_height(m: Measurements, ctx: Context, channel: Channel) -> float | None:
    """S in the channel's unit (mm for print, px for screen), or None when it cannot be known.

    On screen, an image's mark is as many pixels as it has; a PDF's (known in mm) is measured as
    shown at 100 % zoom, not in the pixels the engine rendered it at."""
    if channel.medium == "print":
        return None if ctx.mm_per_pixel is None else ctx.mm_per_pixel * m.mark_height_px
    if channel.medium == "screen":
        if ctx.mm_per_pixel is not None:
            return ctx.mm_per_pixel * m.mark_height_px / MM_PER_CSS_PIXEL
        return m.mark_height_px
    return None


def _size(m: Measurements, ctx: Context, channel: Channel, charter: Charter) -> Iterator[Finding]:
    height = mark_height(m, ctx, channel)
    if height is None:
        return
    unit = channel.unit
    if _under(height, channel.min_mark_height, charter):
        shown = (Number(height, 1, unit), Number(channel.min_mark_height, 1, unit))
        yield _finding(charter, "too_small", measured=height, limit=channel.min_mark_height, shown=shown)
    elif WAIVER_REDUCED_MIN_SIZE in channel.waivers:
        others = [c.min_mark_height for c in charter.channels.values() if c.medium == channel.medium and c != channel]
        if others and _under(height, max(others), charter):
            yield _exception(charter, WAIVER_REDUCED_MIN_SIZE, measured=height, limit=max(others))


def _under(height: float, minimum: float, charter: Charter) -> bool:
    """Whether a mark measured ``height`` high is under ``minimum`` beyond the measurement's own
    error (the charter's ``height_error``): a mark drawn at exactly the minimum is not."""
    return height < minimum * (1.0 - charter.geometry_tolerance.height_error)


def _contrast(m: Measurements, charter: Charter) -> Iterator[Finding]:
    minimum = charter.contrast_tolerance.min_ratio
    if m.contrast < minimum:
        yield _finding(
            charter, "low_contrast", measured=m.contrast, limit=minimum, shown=(Number(m.contrast), Number(minimum))
        )


def _date(ctx: Context, charter: Charter) -> Iterator[Finding]:
    yield from date_findings(ctx.date, charter)


def date_findings(date: dt.date | None, charter: Charter) -> list[Finding]:
    """The findings an instance gets from the material's date alone: ``expired_use`` when the
    material is dated after the right of use, only against a date the material carries (never
    today's date). The only part of an instance's judgement that depends on the date, so that one
    measured image can be judged at each date it was used (:mod:`logo_check.crawl`)."""
    if date is None or date <= charter.valid_until:
        return []
    return [
        _finding(
            charter,
            "expired_use",
            measured=date.isoformat(),
            limit=charter.valid_until.isoformat(),
            shown=(_Date(date), _Date(charter.valid_until)),
        )
    ]


def judged_at(
    instance_findings: list[Finding], verdict: str, date: dt.date | None, charter: Charter
) -> tuple[list[Finding], str]:
    """An instance judged without a date (its findings and verdict), judged at ``date``: the
    findings of :func:`date_findings` added, and ``non_compliant`` if one of them is a violation."""
    added = date_findings(date, charter)
    if any(f.severity == "violation" for f in added):
        verdict = NON_COMPLIANT
    return [*instance_findings, *added], verdict
