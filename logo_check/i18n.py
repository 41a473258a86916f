"""User-facing messages of the command line and the errors, French first, English available.

Finding messages are not here: they belong to the charter pack.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

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
    "charter_range": {
        "fr": "doit être compris entre {low} et {high}",
        "en": "must be between {low} and {high}",
    },
    "charter_order": {
        "fr": "doit être inférieur à « {other} »",
        "en": "must be less than '{other}'",
    },
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
    # inputs that cannot be read (UnreadableInputError: the key is "input_" + its code)
    "input_not_found": {"fr": "fichier introuvable", "en": "file not found"},
    "input_unreadable": {"fr": "lecture impossible ({reason})", "en": "cannot be read ({reason})"},
    "input_empty_file": {"fr": "fichier vide", "en": "empty file"},
    "input_too_large": {
        "fr": "fichier trop volumineux : {size} octets (limite {limit})",
        "en": "file too large: {size} bytes (limit {limit})",
    },
    "input_unknown_format": {
        "fr": "format non reconnu (formats lus : {known})",
        "en": "unrecognised format (formats read: {known})",
    },
    "input_too_many_pixels": {
        "fr": "image trop grande (plus de {limit} pixels)",
        "en": "image too large (more than {limit} pixels)",
    },
    "input_truncated": {
        "fr": "image tronquée ou endommagée ({reason})",
        "en": "truncated or damaged image ({reason})",
    },
    "input_svg_refused": {
        "fr": "image SVG refusée ({reason})",
        "en": "SVG image refused ({reason})",
    },
    # web archives (logo_check.warc): the record's offset in the file is always given
    "input_warc_not_warc": {
        "fr": "ce fichier n'est pas une archive WARC (octet {offset})",
        "en": "this file is not a WARC archive (byte {offset})",
    },
    "input_warc_unreadable": {
        "fr": "archive WARC illisible dès l'octet {offset} ({reason}) ; les enregistrements d'avant sont analysés",
        "en": "WARC archive unreadable from byte {offset} ({reason}); the records before it are scanned",
    },
    "input_warc_truncated": {
        "fr": "archive WARC tronquée : l'enregistrement de l'octet {offset} s'arrête {missing} octets avant sa fin",
        "en": "truncated WARC archive: the record at byte {offset} stops {missing} bytes before its announced end",
    },
    "input_warc_bad_length": {
        "fr": "enregistrement WARC de l'octet {offset} : son bloc ne finit pas où Content-Length l'annonce",
        "en": "WARC record at byte {offset}: its block does not end where its Content-Length says",
    },
    "input_warc_record_too_large": {
        "fr": "enregistrement WARC de l'octet {offset} ignoré : {size} octets (limite {limit})",
        "en": "WARC record at byte {offset} skipped: {size} bytes (limit {limit})",
    },
    "input_warc_page_loads_unreadable": {
        "fr": "enregistrement WARC de l'octet {offset} : la liste de ce qu'une page a chargé (urn:pageinfo) "
        "est illisible ({reason}) ; les images de cette page sont celles de son code",
        "en": "WARC record at byte {offset}: the list of what a page loaded (urn:pageinfo) is unreadable "
        "({reason}); that page's images are those of its markup",
    },
    "input_warc_payload_too_large": {
        "fr": "enregistrement WARC de l'octet {offset} ignoré : plus de {limit} octets une fois décompressé",
        "en": "WARC record at byte {offset} skipped: more than {limit} bytes once decompressed",
    },
    "input_mirror_file_too_large": {
        "fr": "fichier {file} du site copié ignoré : {size} octets (limite {limit})",
        "en": "file {file} of the mirrored site skipped: {size} bytes (limit {limit})",
    },
    "input_warc_revisit_unresolved": {
        "fr": "enregistrement « revisit » de l'octet {offset} ({url}) : aucune capture antérieure ne lui correspond",
        "en": "revisit record at byte {offset} ({url}): no earlier capture matches it",
    },
    "input_frame_unreadable": {
        "fr": "image {frame} de l'animation illisible ({reason}) ; les précédentes sont analysées",
        "en": "frame {frame} of the animation cannot be read ({reason}); the earlier ones are checked",
    },
    "input_too_many_frames": {
        "fr": "plus de {limit} images ou pages distinctes : les suivantes ne sont pas analysées",
        "en": "more than {limit} distinct frames or pages: the rest are not checked",
    },
    "input_check_crashed": {
        "fr": "l'analyse de ce fichier a fait tomber le processus qui la menait, à nouveau quand il a été repris "
        "seul (une bibliothèque de décodage s'est arrêtée net) : il n'est pas jugé",
        "en": "checking this file killed the process running it, again when it was checked alone (a decoding "
        "library crashed): it is not judged",
    },
    "input_web_archive_not_here": {
        "fr": "archive web (WARC) : un site s'analyse page par page, liens et dates compris, par la commande "
        "« logo-check scan FICHIER.warc.gz » ; ici, seuls des documents (images, PDF, textes, pages HTML, ZIP) "
        "sont contrôlés",
        "en": "web archive (WARC): a site is scanned page by page, links and dates included, by the command "
        "'logo-check scan FILE.warc.gz'; here only documents (images, PDFs, texts, HTML pages, ZIPs) are checked",
    },
    "input_archive_not_here": {
        "fr": "archive {kind} : à analyser comme archive, pas comme document",
        "en": "{kind} archive: to be scanned as an archive, not as a document",
    },
    "input_pdf_encrypted": {
        "fr": "PDF chiffré : il ne s'ouvre pas sans mot de passe",
        "en": "encrypted PDF: it does not open without a password",
    },
    "input_pdf_unreadable": {"fr": "PDF illisible ({reason})", "en": "unreadable PDF ({reason})"},
    "input_pdf_repaired": {
        "fr": "PDF endommagé, réparé à l'ouverture ({reason}) : vérifiez le résultat",
        "en": "damaged PDF, repaired when opened ({reason}): check the result",
    },
    "input_too_many_pages": {
        "fr": "PDF de {pages} pages (limite {limit}) : non analysé",
        "en": "PDF of {pages} pages (limit {limit}): not checked",
    },
    "input_page_too_large": {
        "fr": "page {page} trop grande ({width} × {height} pt) : non analysée",
        "en": "page {page} too large ({width} × {height} pt): not checked",
    },
    "input_too_many_images": {
        "fr": "page {page} : plus de {limit} images intégrées, les suivantes ne sont pas analysées",
        "en": "page {page}: more than {limit} embedded images, the rest are not checked",
    },
    "input_embedded_image_unreadable": {
        "fr": "page {page} : une image intégrée est illisible ({reason})",
        "en": "page {page}: an embedded image cannot be read ({reason})",
    },
    "input_pdf_timeout": {
        "fr": "lecture du PDF arrêtée au bout de {seconds} s (limite de temps par document)",
        "en": "PDF reading stopped after {seconds} s (time limit per document)",
    },
    "input_pages_timeout": {
        "fr": "limite de {seconds} s par document atteinte : pages {pages} non analysées",
        "en": "time limit of {seconds} s per document reached: pages {pages} not checked",
    },
    "input_pages_crashed": {
        "fr": "l'analyse de ces pages a fait tomber le processus qui la menait, à nouveau quand elles ont été "
        "reprises seules (une bibliothèque s'est arrêtée net) : pages {pages} non analysées",
        "en": "checking these pages killed the process running it, again when each was checked alone (a library "
        "crashed): pages {pages} not checked",
    },
    "input_pdf_crashed": {
        "fr": "le lecteur PDF s'est arrêté ({reason})",
        "en": "the PDF reader stopped ({reason})",
    },
    "input_text_too_long": {
        "fr": "texte de plus de {limit} caractères : la suite n'est pas lue",
        "en": "text longer than {limit} characters: the rest is not read",
    },
    # HTML pages: each image the page shows that could not be read
    "input_html_image_missing": {
        "fr": "image {image} introuvable parmi les fichiers de la page",
        "en": "image {image} not found among the page's files",
    },
    "input_html_image_not_given": {
        "fr": "image {image} non fournie : envoyez la page avec ses fichiers dans une archive ZIP",
        "en": "image {image} not provided: send the page with its files in a ZIP archive",
    },
    "input_html_image_outside": {
        "fr": "image {image} hors du dossier de la page : non lue",
        "en": "image {image} outside the page's folder: not read",
    },
    "input_html_image_remote": {
        "fr": "image {image} sur un site web : non téléchargée (un site s'analyse depuis son archive web)",
        "en": "image {image} on a web site: not downloaded (a site is checked from its web archive)",
    },
    "input_html_image_unreadable": {
        "fr": "image {image} illisible : {reason}",
        "en": "image {image} unreadable: {reason}",
    },
    "input_html_data_url_unreadable": {
        "fr": "image {image} : URL data: illisible ou de plus de 10 Mo",
        "en": "image {image}: data: URL unreadable or over 10 MB",
    },
    "input_html_images_too_big": {
        "fr": "images de la page au-delà de {limit} octets : {image} et les suivantes non lues",
        "en": "the page's images exceed {limit} bytes: {image} and the rest are not read",
    },
    "input_html_images_too_many_pixels": {
        "fr": "images de la page au-delà de {limit} pixels : {image} et les suivantes non analysées",
        "en": "the page's images exceed {limit} pixels: {image} and the rest are not checked",
    },
    "input_html_svg_refused": {
        "fr": "{count} SVG de la page trop grands ou trop nombreux : non analysés",
        "en": "{count} of the page's SVGs too large or too many: not checked",
    },
    "input_text_encoding": {
        "fr": "texte illisible : ni UTF-8, ni UTF-16, ni Windows-1252",
        "en": "unreadable text: neither UTF-8, UTF-16 nor Windows-1252",
    },
    # archives (ZIP): each member is a document of its own
    "input_not_a_zip": {"fr": "archive ZIP illisible ({reason})", "en": "unreadable ZIP archive ({reason})"},
    "input_too_many_members": {
        "fr": "archive de plus de {limit} fichiers : les suivants ne sont pas lus",
        "en": "archive of more than {limit} files: the rest are not read",
    },
    "input_unsafe_member_name": {
        "fr": "nom de fichier refusé dans l'archive ({reason})",
        "en": "file name refused in the archive ({reason})",
    },
    "input_member_is_link": {
        "fr": "lien symbolique dans l'archive : non suivi",
        "en": "symbolic link in the archive: not followed",
    },
    "input_nested_archive": {
        "fr": "archive dans l'archive : non ouverte (décompressez-la d'abord)",
        "en": "archive inside the archive: not opened (extract it first)",
    },
    "input_compression_ratio": {
        "fr": "taux de compression suspect ({ratio} pour 1, limite {limit}) : non décompressé",
        "en": "suspicious compression ratio ({ratio} to 1, limit {limit}): not decompressed",
    },
    "input_archive_too_big": {
        "fr": "l'archive dépasse {limit} octets décompressés : la suite n'est pas lue",
        "en": "the archive exceeds {limit} uncompressed bytes: the rest is not read",
    },
    "input_empty_archive": {"fr": "archive vide", "en": "empty archive"},
    "input_member_encrypted": {
        "fr": "fichier chiffré dans l'archive : non lu",
        "en": "encrypted file in the archive: not read",
    },
    # reading notes (logo_check.model.Note: "note_" + its key), English in the JSON report
    "note_format": {"fr": "format {format}", "en": "format {format}"},
    # a note read back from a JSON report (a crawl's results): its English words, as written there
    "note_recorded": {"fr": "{text}", "en": "{text}"},
    "note_decoder": {"fr": "décodeur : {message}", "en": "decoder: {message}"},
    "note_exif_orientation": {
        "fr": "orientation EXIF {orientation} appliquée",
        "en": "EXIF orientation {orientation} applied",
    },
    "note_cmyk_without_profile": {
        "fr": "CMJN converti sans profil ICC",
        "en": "CMYK converted without an ICC profile",
    },
    "note_alpha_on_white": {"fr": "transparence posée sur du blanc", "en": "alpha composited on white"},
    "note_alpha_on_dark": {
        "fr": "transparence posée sur un gris sombre (le contour de l'image est surtout blanc)",
        "en": "alpha composited on dark grey (the image's outline is mostly white)",
    },
    "note_grey_to_8_bits": {"fr": "gris {mode} ramené à 8 bits", "en": "{mode} grey reduced to 8 bits"},
    "note_icc_profile_ignored": {
        "fr": "profil ICC intégré ignoré ({reason})",
        "en": "embedded ICC profile ignored ({reason})",
    },
    "note_icc_profile_applied": {
        "fr": "{mode} converti en sRGB avec le profil ICC intégré",
        "en": "{mode} converted to sRGB with the embedded ICC profile",
    },
    "note_pdf_opened_without_password": {
        "fr": "PDF chiffré ouvert sans mot de passe",
        "en": "encrypted PDF opened without a password",
    },
    "note_pdf_rendered": {"fr": "rendu à {dpi} dpi", "en": "rendered at {dpi} dpi"},
    "note_svg_rendered": {"fr": "SVG rendu à {width} × {height} px", "en": "SVG rendered at {width} × {height} px"},
    "note_text": {"fr": "texte, {encoding}", "en": "text, {encoding}"},
    "note_html_stylesheets_unread": {
        "fr": "{count} feuille(s) de style de la page non lue(s) (sur un autre site ou absente(s) : {first}) : "
        "leurs images de fond ne sont pas analysées",
        "en": "{count} of the page's stylesheets not read (on another site or missing: {first}): their "
        "background images are not checked",
    },
    "note_html_lazy_images_unread": {
        "fr": "{count} image(s) nommée(s) pour un script de chargement différé non lue(s) (sur le site ou "
        "absente(s) : {first}) : une page enregistrée depuis un navigateur montre celles qu'il a chargées",
        "en": "{count} image(s) named for a lazy-loading script not read (on the site or missing: {first}): "
        "a page saved from a browser shows the ones it loaded",
    },
    "note_html_page": {
        "fr": "page HTML : texte visible et images montrées ({images})",
        "en": "HTML page: visible text and images shown ({images})",
    },
    # text findings
    "text_difference": {"fr": "« {found} » ({changes})", "en": "“{found}” ({changes})"},
    "text_replaced": {"fr": "« {found} » au lieu de « {expected} »", "en": "“{found}” instead of “{expected}”"},
    "text_added": {"fr": "« {found} » ajouté", "en": "“{found}” added"},
    "text_removed": {"fr": "« {expected} » manquant", "en": "“{expected}” missing"},
    "text_case": {
        "fr": "« {found} » au lieu de « {expected} » (casse ou ponctuation)",
        "en": "“{found}” instead of “{expected}” (case or punctuation)",
    },
    # scan arguments and API calls
    "bad_array": {
        "fr": "tableau d'image invalide : attendu uint8 (hauteur, largeur, 3), reçu {dtype} {shape}",
        "en": "invalid image array: expected uint8 (height, width, 3), got {dtype} {shape}",
    },
    "unknown_channel": {
        "fr": "canal inconnu « {value} » (connus : {known})",
        "en": "unknown channel '{value}' (known: {known})",
    },
    "bad_date": {
        "fr": "date invalide « {value} » (attendu AAAA-MM-JJ)",
        "en": "invalid date '{value}' (expected YYYY-MM-DD)",
    },
    "bad_workers": {
        "fr": "nombre de processus invalide : {value} (au moins 1)",
        "en": "invalid number of worker processes: {value} (at least 1)",
    },
    "bad_source": {
        "fr": "source non prise en charge : {kind} (chemin, octets ou tableau NumPy RVB)",
        "en": "unsupported source: {kind} (path, bytes or RGB NumPy array)",
    },
    # a finding that blur alone can account for (its message, a whole sentence, then this one), and
    # the instance's reason for review
    "finding_blurred": {
        "fr": "{message} Image floue : le flou peut suffire à l'expliquer, à vérifier.",
        "en": "{message} Blurred image: the blur alone may account for it, to be checked.",
    },
    "finding_perspective": {
        "fr": "{message} Page photographiée de biais : l'angle de prise de vue peut suffire à l'expliquer, à vérifier.",
        "en": "{message} Page photographed at an angle: the camera's angle alone may account for it, to be checked.",
    },
    "review_perspective": {
        "fr": (
            "page photographiée de biais : proportions du logo sur l'image {ratio}, biais {shear} ; "
            "vu de face par l'appareil qui l'explique le mieux, {camera_ratio} et {camera_shear} : "
            "une déformation du logo ne se distingue pas ici de l'angle de prise de vue"
        ),
        "en": (
            "page photographed at an angle: the logo's proportions on the picture {ratio}, shear "
            "{shear}; seen square on by the camera that explains them best, {camera_ratio} and "
            "{camera_shear}: a distorted logo cannot be told here from the camera's angle"
        ),
    },
    "review_blurred": {
        "fr": "image trop floue pour juger les détails du logo (flou de {measured} S, limite {limit} S)",
        "en": "image too blurred to judge the logo's details (blur of {measured} S, limit {limit} S)",
    },
    "review_low_score": {
        "fr": "score de recalage {measured}, sous le minimum de {limit}",
        "en": "registration score {measured}, under the minimum of {limit}",
    },
    # the engine's reasons for review (logo_check.verify), and a caption too small to read
    "review_registration_score": {"fr": "score de recalage {score}", "en": "registration score {score}"},
    "review_outside_page": {
        "fr": "{share} du logo hors de la page",
        "en": "{share} of the artwork outside the page",
    },
    "review_caption_margin": {
        "fr": "mention peu lisible (marge {margin} sur la suivante)",
        "en": "caption hard to read (margin {margin} over the next caption)",
    },
    "review_too_thin": {
        "fr": "{element} : tracé trop fin pour le distinguer de ce qu'il recouvre (marge {margin})",
        "en": "{element}: too thin to tell from what it is drawn over (margin {margin})",
    },
    "review_reasons_joined": {"fr": " ; ", "en": "; "},
    "review_caption_too_small": {
        "fr": "mention illisible à cette taille ({measured} px < {limit} px)",
        "en": "caption unreadable at this size ({measured} px < {limit} px)",
    },
    # finding details (the finding messages themselves are in the charter pack)
    "background_light": {"fr": "clair", "en": "light"},
    "background_dark": {"fr": "foncé", "en": "dark"},
    # the channels whose waivers allow the variant, named by their labels (logo_check.policy)
    "detail_variant_channel": {
        "fr": "la variante « {variant} » n'est admise que sur le canal {channels} ; "
        "le canal « {channel} » ne l'admet pas",
        "en": "the {variant} variant is allowed on the {channels} channel only; "
        "the {channel} channel does not allow it",
    },
    "detail_variant_channels": {
        "fr": "la variante « {variant} » n'est admise que sur les canaux {channels} ; "
        "le canal « {channel} » ne l'admet pas",
        "en": "the {variant} variant is allowed on the {channels} channels only; "
        "the {channel} channel does not allow it",
    },
    "detail_variant_no_channel": {
        "fr": "la variante « {variant} » n'est admise sur aucun canal",
        "en": "the {variant} variant is allowed on no channel",
    },
    "detail_variant_background": {
        "fr": "la variante « {variant} » est faite pour un fond {expected}, elle est posée sur un fond {actual}",
        "en": "the {variant} variant is made for a {expected} background but stands on a {actual} one",
    },
    "detail_colour": {"fr": " : {measured} au lieu de {expected}", "en": ": {measured} instead of {expected}"},
    "detail_ink_colour": {
        "fr": " : {ink} en {measured} au lieu de {expected}",
        "en": ": {ink} in {measured} instead of {expected}",
    },
    "detail_missing_or_variant": {
        "fr": ", à moins que ce ne soit la variante « {variant} », dont l'élément « {element} », en {colour}, "
        "ne se voit pas sur ce fond",
        "en": ", unless this is the {variant} variant, whose {element} in {colour} does not show on this ground",
    },
    "detail_caption_text": {
        "fr": " : le texte du PDF y porte « {text} »",
        "en": ": the PDF's text there reads “{text}”",
    },
    "detail_mirrored_whole": {"fr": "le logo entier", "en": "the whole logo"},
    "detail_mirrored_element": {"fr": "l'élément « {element} » seul", "en": "the {element} alone"},
    "detail_offset": {
        "fr": "déplacé de {measured} S, limite {limit} S",
        "en": "moved by {measured} S, limit {limit} S",
    },
    "detail_match": {
        "fr": "ressemblance {measured} avec la référence, au moins {limit} attendu",
        "en": "match {measured} with the reference, at least {limit} expected",
    },
    "detail_reshaped": {"fr": "forme modifiée : {evidence}", "en": "reshaped: {evidence}"},
    "detail_retypeset": {
        "fr": "les mots de la mention recomposés dans une autre police",
        "en": "the caption's words re-typeset in another typeface",
    },
    "detail_share": {
        "fr": "{measured} de sa surface, limite {limit}",
        "en": "{measured} of its area, limit {limit}",
    },
    # verdicts, severities and kinds of document as the reports and the service's pages show them to
    # people (logo_check.report_html, logo_check.site_render, service); the JSON and CSV give codes
    "verdict_compliant": {"fr": "conforme", "en": "compliant"},
    "verdict_non_compliant": {"fr": "non conforme", "en": "non-compliant"},
    "verdict_review": {"fr": "à examiner", "en": "to review"},
    "verdict_no_logo": {"fr": "pas de logo", "en": "no logo"},
    "severity_violation": {"fr": "violation", "en": "violation"},
    "severity_warning": {"fr": "avertissement", "en": "warning"},
    "severity_info": {"fr": "information", "en": "information"},
    # a kind of finding in words (finding_kind_ + its code), where reports count findings by kind
    "finding_kind_colour_changed": {"fr": "couleur modifiée", "en": "colour changed"},
    "finding_kind_variant_not_allowed": {"fr": "variante non admise", "en": "variant not allowed"},
    "finding_kind_distorted": {"fr": "logo déformé", "en": "logo distorted"},
    "finding_kind_rotated": {"fr": "logo tourné", "en": "logo rotated"},
    "finding_kind_mirrored": {"fr": "logo inversé en miroir", "en": "logo mirrored"},
    "finding_kind_element_missing": {"fr": "élément supprimé", "en": "element missing"},
    "finding_kind_element_altered": {"fr": "élément modifié", "en": "element altered"},
    "finding_kind_caption_mismatch": {"fr": "bandeau d'une autre catégorie", "en": "caption of another category"},
    "finding_kind_caption_unknown": {"fr": "bandeau sans mention de catégorie", "en": "caption without a category"},
    "finding_kind_addition": {"fr": "contenu ajouté au logo", "en": "content added to the logo"},
    "finding_kind_clear_space": {"fr": "zone de protection occupée", "en": "clear space not kept"},
    "finding_kind_cropped": {"fr": "logo coupé", "en": "logo cropped"},
    "finding_kind_too_small": {"fr": "logo trop petit", "en": "logo too small"},
    "finding_kind_low_contrast": {"fr": "contraste insuffisant", "en": "contrast too low"},
    "finding_kind_expired_use": {"fr": "droit d'usage expiré", "en": "right of use expired"},
    "finding_kind_denomination_altered": {"fr": "dénomination altérée", "en": "denomination altered"},
    "finding_kind_exception_applied": {"fr": "exception du canal appliquée", "en": "channel exception applied"},
    "finding_kind_page_too_deep": {"fr": "page trop profonde", "en": "page too deep"},
    "finding_kind_page_unreachable": {"fr": "page hors des liens du site", "en": "page not linked from the site"},
    "finding_kind_catalogue_too_far": {"fr": "catalogue trop loin", "en": "catalogue too far"},
    "kind_image": {"fr": "image", "en": "image"},
    "kind_pdf": {"fr": "PDF", "en": "PDF"},
    "kind_html": {"fr": "page HTML", "en": "HTML page"},
    "kind_text": {"fr": "texte", "en": "text"},
    "kind_archive": {"fr": "archive", "en": "archive"},
    # crawled sites (logo_check.crawl, logo_check.site_report)
    "bad_catalogue_url": {
        "fr": "URL de catalogue invalide « {value} » (attendu http:// ou https://)",
        "en": "invalid catalogue URL '{value}' (expected http:// or https://)",
    },
    "resume_mismatch": {
        "fr": "l'état de reprise {path} vient d'une analyse aux réglages différents ({detail}) ; changez de fichier",
        "en": "the resume state {path} comes from a scan with other settings ({detail}); use another file",
    },
    "needs_web_archives": {
        "fr": "{option} ne vaut que pour des archives web (WARC) ou des sites aspirés, et aucune entrée n'en est une",
        "en": "{option} applies to web archives (WARC) and mirrored sites only, and no input is one",
    },
    "resume_with_evidence": {
        "fr": "--resume ne garde pas les images du rapport HTML : choisissez --format json ou csv pour une "
        "analyse reprise",
        "en": "--resume does not keep the HTML report's pictures: choose --format json or csv for a resumed scan",
    },
    "resume_unreadable": {
        "fr": "état de reprise illisible {path} : {reason}",
        "en": "resume state cannot be read {path}: {reason}",
    },
    "resume_not_ours": {
        "fr": "état de reprise illisible {path} : ce n'est pas un fichier {format}, il est laissé tel quel",
        "en": "resume state cannot be read {path}: not a {format} file, left as it is",
    },
    "dask_missing": {
        "fr": "--dask-scheduler demande le paquet dask[distributed] (pip install 'logo-check[dask]')",
        "en": "--dask-scheduler needs the dask[distributed] package (pip install 'logo-check[dask]')",
    },
    "dask_unreachable": {
        "fr": "ordonnanceur Dask injoignable {address} : {reason}",
        "en": "cannot reach the Dask scheduler {address}: {reason}",
    },
    "detail_click_path": {"fr": "chemin : {path}", "en": "path: {path}"},
    "detail_no_home": {
        "fr": "la page d'accueil du site n'est pas dans la capture",
        "en": "the site's home page is not in the crawl",
    },
    "detail_no_path": {
        "fr": "aucun lien de la capture ne mène de la page d'accueil à cette page",
        "en": "no link of the crawl leads from the home page to this page",
    },
    "detail_catalogue_clicks": {
        "fr": "il faut {clicks} clics : {path}",
        "en": "it takes {clicks} clicks: {path}",
    },
    "detail_catalogue_none": {
        "fr": "aucun chemin de liens de la capture ne mène au catalogue",
        "en": "no path of links in the crawl leads to the catalogue",
    },
    "crawl_done": {
        "fr": "{pages} pages et {items} images distinctes ({resumed} reprises) sur {sites} sites",
        "en": "{pages} pages and {items} distinct images ({resumed} resumed) on {sites} sites",
    },
    # the site report in HTML (logo_check.site_render)
    "html_title": {"fr": "Rapport de contrôle des sites", "en": "Site check report"},
    "html_sites": {"fr": "Sites", "en": "Sites"},
    "html_site": {"fr": "Site", "en": "Site"},
    "html_home": {"fr": "Page d'accueil", "en": "Home page"},
    "html_no_home": {"fr": "absente de la capture", "en": "not in the crawl"},
    "html_pages": {"fr": "Pages capturées", "en": "Pages crawled"},
    "html_pages_logo": {"fr": "Pages avec le logo", "en": "Pages with the logo"},
    "html_verdicts": {"fr": "Verdicts des pages", "en": "Page verdicts"},
    "html_findings": {"fr": "Constats par type", "en": "Findings by type"},
    "html_depths": {"fr": "Pages par profondeur de clic", "en": "Pages by click depth"},
    "html_unreachable": {"fr": "inaccessible", "en": "unreachable"},
    "html_page": {"fr": "Page", "en": "Page"},
    "html_date": {"fr": "Capture", "en": "Captured"},
    "html_captures": {"fr": "{count} captures", "en": "{count} captures"},
    "html_depth": {"fr": "Clics depuis l'accueil", "en": "Clicks from home"},
    "html_catalogue": {"fr": "Clics vers le catalogue", "en": "Clicks to the catalogue"},
    "html_verdict": {"fr": "Verdict", "en": "Verdict"},
    "html_site_findings": {"fr": "Règles du site (CGU art. VIII)", "en": "Site rules (CGU art. VIII)"},
    "html_images": {"fr": "Images montrées", "en": "Images shown"},
    "html_missing": {"fr": "images absentes de l'archive : {count}", "en": "images missing from the archive: {count}"},
    "html_evidence": {"fr": "Preuves", "en": "Evidence"},
    "html_image_evidence": {"fr": "Images vérifiées", "en": "Images checked"},
    "html_other_documents": {
        "fr": "Autres documents analysés avec les archives ({count})",
        "en": "Other documents scanned with the archives ({count})",
    },
    "html_instance": {
        "fr": "Logo n° {n} : {verdict}, hauteur de la marque {height} px, boîte {bbox}",
        "en": "Logo no. {n}: {verdict}, mark height {height} px, box {bbox}",
    },
    "html_no_instance": {"fr": "aucun logo trouvé", "en": "no logo found"},
    "html_picture_crop": {"fr": "Trouvé (redressé)", "en": "Found (rectified)"},
    "html_picture_reference": {"fr": "Référence", "en": "Reference"},
    "html_picture_heatmap": {
        "fr": "Écart de couleur (clair = différent)",
        "en": "Colour difference (bright = different)",
    },
    "html_picture_page": {"fr": "L'image, logos encadrés", "en": "The image, its logos outlined"},
    "html_pictures_missing": {
        "fr": "Pas d'image de ce logo dans le dossier du rapport (image reprise d'une analyse antérieure "
        "écrite ailleurs).",
        "en": "No picture of this logo in the report's folder (an image taken over from an earlier run "
        "written elsewhere).",
    },
    "html_review_reason": {"fr": "Raison de l'examen", "en": "Reason for review"},
    "html_notes": {"fr": "Notes de lecture", "en": "Reading notes"},
    "html_notes_joined": {"fr": " ; ", "en": "; "},
    "html_text_findings": {"fr": "Texte de la page", "en": "Page text"},
    "html_errors": {"fr": "Archives et entrées illisibles", "en": "Unreadable archives and inputs"},
    "html_back": {"fr": "retour à la liste des sites", "en": "back to the list of sites"},
    "html_path": {"fr": "chemin", "en": "path"},
    "html_none": {"fr": "aucun", "en": "none"},
    "format_archives_only": {
        "fr": "--format {value} n'est disponible ici que pour les archives web (WARC)",
        "en": "--format {value} is only available here for web archives (WARC)",
    },
    "html_format_needs_folder": {
        "fr": "--format html écrit un dossier : donnez-le avec --out DOSSIER",
        "en": "--format html writes a folder: name it with --out FOLDER",
    },
    # command line
    "rendered": {"fr": "écrit : {path} ({width} × {height} px)", "en": "written: {path} ({width} × {height} px)"},
    "rendered_svg": {"fr": "écrit : {path}", "en": "written: {path}"},
    "report_in_parts": {
        "fr": "rapport HTML en {count} fichiers, de {first} à {last} : à garder ensemble",
        "en": "HTML report in {count} files, {first} to {last}: keep them together",
    },
    "interrupted": {"fr": "interrompu", "en": "interrupted"},
    "input_error": {"fr": "{source} : {message}", "en": "{source}: {message}"},
    "no_such_folder": {"fr": "dossier inexistant", "en": "no such folder"},
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


def lookup(table: dict[str, dict[str, str]], key: str, lang: str) -> str:
    """The template ``key`` of a bilingual ``table`` in ``lang``, falling back to French."""
    texts = table[key]
    return texts.get(lang) or texts[DEFAULT_LANGUAGE]


#: Whole numbers from this value up are written with their thousands grouped.
GROUP_FROM = 10_000


def grouped(value: int, lang: str) -> str:
    """A whole number with its thousands grouped: ``100 000 000`` (narrow no-break spaces) in
    French, ``100,000,000`` in English."""
    text = f"{value:,}"
    return text.replace(",", "\u202f") if lang == "fr" else text


def listed(items: list[str], lang: str) -> str:
    """Words in a sentence's list: ``a, b et c`` in French, ``a, b and c`` in English."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {'and' if lang == 'en' else 'et'} {items[-1]}"


#: Month names, for dates written in words in messages.
MONTHS = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def long_date(day: dt.date, lang: str) -> str:
    """A date in words: ``1er mai 2010``, ``31 décembre 2008`` in French, ``1 May 2010`` in English."""
    months = MONTHS.get(lang, MONTHS[DEFAULT_LANGUAGE])
    number = "1er" if day.day == 1 and lang != "en" else str(day.day)
    return f"{number} {months[day.month - 1]} {day.year}"


#: Between the French and the English text of a string the JSON report gives once for both
#: languages (an instance's review reason): « French / English ».
BOTH_LANGUAGES = " / "


def in_both(key: str, /, **params: object) -> str:
    """The message ``key`` in French and in English as one string, « French / English » (see
    :data:`BOTH_LANGUAGES`); a parameter with a ``text(lang)`` method (a :class:`Number`) or a
    ``get(lang)`` one (a charter's :class:`~logo_check.charter.Text`) is written in each language."""
    return in_both_joined([(key, params)])


def in_both_joined(messages: list[tuple[str, dict[str, object]]]) -> str:
    """Several messages (key, parameters) as :func:`in_both` gives one, joined in each language
    by its own separator (« ; », "; ")."""

    def written(value: object, lang: str) -> object:
        if hasattr(value, "text"):
            return value.text(lang)
        return value.get(lang) if hasattr(value, "get") else value

    return BOTH_LANGUAGES.join(
        translate("review_reasons_joined", lang).join(
            translate(key, lang, **{k: written(v, lang) for k, v in params.items()}) for key, params in messages
        )
        for lang in LANGUAGES
    )


def in_language(text: str, lang: str) -> str:
    """``lang``'s part of a text written in both languages by :func:`in_both`; a text in one
    language as it is."""
    if BOTH_LANGUAGES not in text:
        return text
    french, english = text.split(BOTH_LANGUAGES, 1)
    return english if lang == "en" else french


@dataclass(frozen=True)
class Number:
    """A number written in a message: ``decimals`` places, trailing zeros dropped unless ``fixed``,
    the decimal sign of the language it is written in (« 0,45 », "0.45"), then ``unit``;
    ``unit="%"`` writes a share (0..1) as a percentage (« 37 % », "37%")."""

    value: float
    decimals: int = 1
    unit: str = ""
    fixed: bool = False

    def text(self, lang: str) -> str:
        value = self.value * 100 if self.unit == "%" else self.value
        digits = f"{value:.{self.decimals}f}"
        if "." in digits and not self.fixed:
            digits = digits.rstrip("0").rstrip(".")
        if digits == "-0":
            digits = "0"
        if lang == "fr":
            digits = digits.replace(".", ",")
        if self.unit == "%":
            return f"{digits} %" if lang == "fr" else f"{digits}%"
        if self.unit in ("", "°"):
            return digits + self.unit
        return f"{digits} {self.unit}"


#: French for the messages that libraries and the system give in English when they refuse an
#: input (Pillow, zlib, libtiff, the operating system's errno texts), matched from their start.
LIBRARY_REASONS_FR: tuple[tuple[str, str], ...] = (
    (r"image file is truncated \((\d+) bytes not processed\)", "fichier image tronqué ({0} octets non lus)"),
    (r"image file is truncated", "fichier image tronqué"),
    (r"Truncated File Read", "lecture au-delà de la fin du fichier"),
    (r"broken data stream", "flux de données rompu"),
    (r"unrecognized data stream contents", "contenu du flux de données non reconnu"),
    (r"could not create decoder object", "décodeur impossible à créer (données invalides)"),
    (r"decoder error (-?\d+)", "erreur {0} du décodeur"),
    (r"Error (-?\d+) while decompressing data", "erreur {0} de décompression (zlib)"),
    (r"buffer is not large enough", "données trop courtes pour l'image annoncée"),
    (r"cannot identify image file", "format d'image non reconnu"),
    (r"Corrupt EXIF data", "données EXIF endommagées"),
    (r"File is not a zip file", "ce n'est pas une archive ZIP"),
    (r"Failed to open stream", "flux impossible à ouvrir"),
    (r"No such file or directory", "fichier ou dossier introuvable"),
    (r"Permission denied", "permission refusée"),
    (r"Is a directory", "c'est un dossier"),
    (r"Not a directory", "ce n'est pas un dossier"),
    (r"No space left on device", "plus de place sur le disque"),
    (r"Read-only file system", "système de fichiers en lecture seule"),
)


@dataclass(frozen=True)
class Message:
    """A message used as another's parameter (why an image of a page could not be read), written
    in the language of the message it stands in."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str) -> str:
        return translate(self.key, lang, **dict(self.params))


@dataclass(frozen=True)
class LibraryReason:
    """Why a library or the system refused something, in its own English words: written as such in
    English and, in French, translated when it is one of :data:`LIBRARY_REASONS_FR`, else quoted
    as the library's English (« message en anglais : ... »), never left bare in a French sentence."""

    message: str

    @classmethod
    def of(cls, exc: BaseException) -> LibraryReason:
        """The reason an exception gives: an ``OSError``'s system message, else the first line of
        its text, else its type."""
        return cls.first_line(str(getattr(exc, "strerror", None) or exc), type(exc).__name__)

    @classmethod
    def first_line(cls, text: str, fallback: str = "") -> LibraryReason:
        """The first non-blank line of a library's ``text`` (200 characters at most), else ``fallback``."""
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return cls(lines[0][:200] if lines else fallback)

    def text(self, lang: str) -> str:
        if lang == "en":
            return self.message
        for pattern, french in LIBRARY_REASONS_FR:
            found = re.match(pattern, self.message)
            if found:
                return french.format(*found.groups())
        return f"message en anglais : « {self.message} »"

    def __str__(self) -> str:
        return self.message


def translate(key: str, lang: str, /, **params: object) -> str:
    """The message ``key`` in ``lang`` (falling back to French), filled in with ``params`` (whole
    numbers of five digits or more grouped by thousands; a :class:`LibraryReason` or a
    :class:`Number` written in ``lang``)."""
    shown = {
        k: grouped(v, lang)
        if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= GROUP_FROM
        else v.text(lang)
        if isinstance(v, LibraryReason | Number | Message)
        else v
        for k, v in params.items()
    }
    return lookup(MESSAGES, key, lang).format(**shown)
