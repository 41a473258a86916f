"""Names that are part of the public interface (SPEC §2–§4): finding codes, severities,
element names, verdicts and media. They say nothing about the logo's appearance, which lives in
the charter pack."""

from __future__ import annotations

FINDING_CODES = (
    "colour_changed",
    "variant_not_allowed",
    "distorted",
    "rotated",
    "mirrored",
    "element_missing",
    "element_altered",
    "caption_mismatch",
    "caption_unknown",
    "addition",
    "clear_space",
    "cropped",
    "too_small",
    "low_contrast",
    "expired_use",
    "denomination_altered",
    "exception_applied",
)
# Findings of the site rules (CGU art. VIII) on crawled sites: about a page, not a logo instance;
# they go into the report's `sites` section.
SITE_FINDING_CODES = ("page_too_deep", "page_unreachable", "catalogue_too_far")
SEVERITIES = ("violation", "warning", "info")
ELEMENTS = ("at_sign", "arrow", "wordmark", "caption")
VERDICTS = ("compliant", "non_compliant", "review", "no_logo")
# What a document is, from its bytes (the report's `kind`; "html" is not given at present).
DOCUMENT_KINDS = ("image", "pdf", "html", "text", "archive")
MEDIA = ("print", "screen", "audio")
MESSAGE_PLACEHOLDERS = ("element", "measured", "limit", "detail")
# Channel waivers the policy applies by name (the charter pack declares them and grants them to
# channels; a pack without them simply never grants these exceptions). The variant waivers, such as
# mono_allowed, are named by the variants themselves.
WAIVER_REDUCED_MIN_SIZE = "reduced_min_size"
WAIVER_CAPTION_OPTIONAL = "caption_optional"
WAIVER_DENOMINATION_AS_TEXT = "denomination_as_text"
