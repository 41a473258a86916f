"""User-facing messages of the command line and the errors, French first, English available.

Finding messages are not here: they belong to the charter pack.
"""

from __future__ import annotations

import os

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
LANGUAGE_ENV = "LOGO_CHECK_LANG"

MESSAGES: dict[str, dict[str, str]] = {
    # errors
    "charter_invalid": {
        "fr": "charte invalide : {file} : clé « {key} » : {problem}",
        "en": "invalid charter: {file}: key '{key}': {problem}",
    },
    "charter_unreadable": {
        "fr": "fichier illisible ({reason})",
        "en": "file cannot be read ({reason})",
    },
    "charter_not_toml": {"fr": "TOML invalide ({reason})", "en": "invalid TOML ({reason})"},
    "charter_missing": {"fr": "clé obligatoire absente", "en": "required key is missing"},
    "charter_type": {"fr": "attendu : {expected}", "en": "expected {expected}"},
    "charter_unknown_ref": {
        "fr": "« {value} » ne désigne aucun(e) {kind} connu(e) ({known})",
        "en": "'{value}' names no known {kind} ({known})",
    },
    "charter_box": {
        "fr": "une boîte doit être [x0, y0, x1, y1] avec 0 ≤ x0 < x1 ≤ 1 et 0 ≤ y0 < y1 ≤ 1",
        "en": "a box must be [x0, y0, x1, y1] with 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1",
    },
    "charter_colour": {
        "fr": "une couleur s'écrit #RRGGBB, reçu « {value} »",
        "en": "a colour is written #RRGGBB, got '{value}'",
    },
    "charter_required_set": {
        "fr": "il manque : {missing}",
        "en": "missing: {missing}",
    },
    "charter_placeholder": {
        "fr": "le message utilise {{{name}}}, inconnu (admis : {known})",
        "en": "the message uses {{{name}}}, which is unknown (allowed: {known})",
    },
    "charter_positive": {"fr": "doit être un nombre positif", "en": "must be a positive number"},
    "charter_artwork_missing": {
        "fr": "fichier d'illustration introuvable : {path}",
        "en": "artwork file not found: {path}",
    },
    "unknown_category": {
        "fr": "catégorie inconnue « {value} » (connues : {known})",
        "en": "unknown category '{value}' (known: {known})",
    },
    "unknown_variant": {
        "fr": "variante inconnue « {value} » (connues : {known})",
        "en": "unknown variant '{value}' (known: {known})",
    },
    "bad_height": {
        "fr": "hauteur invalide : {value} px (de 1 à {limit} px)",
        "en": "invalid height: {value} px (from 1 to {limit} px)",
    },
    "too_many_pixels": {
        "fr": "rendu PNG trop grand : {pixels} pixels (limite {limit}) ; demandez un SVG",
        "en": "PNG rendering too large: {pixels} pixels (limit {limit}); ask for an SVG",
    },
    "bad_output_extension": {
        "fr": "extension de sortie non prise en charge « {value} » (.png ou .svg)",
        "en": "unsupported output extension '{value}' (.png or .svg)",
    },
    "cannot_write": {
        "fr": "impossible d'écrire {path} : {reason}",
        "en": "cannot write {path}: {reason}",
    },
    # command line
    "rendered": {"fr": "écrit : {path} ({width} × {height} px)", "en": "written: {path} ({width} × {height} px)"},
    "rendered_svg": {"fr": "écrit : {path}", "en": "written: {path}"},
    "interrupted": {"fr": "interrompu", "en": "interrupted"},
    "internal_error": {
        "fr": "erreur interne : {reason} (relancez avec --debug pour la trace)",
        "en": "internal error: {reason} (run again with --debug for the traceback)",
    },
}


def resolve_language(requested: str | None = None) -> str:
    """The language to use: the one asked for, else ``$LOGO_CHECK_LANG``, else French."""
    for candidate in (requested, os.environ.get(LANGUAGE_ENV)):
        if candidate:
            short = candidate.split("_")[0].split("-")[0].lower()
            if short in LANGUAGES:
                return short
    return DEFAULT_LANGUAGE


def translate(key: str, lang: str, /, **params: object) -> str:
    """The message ``key`` in ``lang`` (falling back to French), filled in with ``params``."""
    texts = MESSAGES[key]
    template = texts.get(lang) or texts[DEFAULT_LANGUAGE]
    return template.format(**params)
