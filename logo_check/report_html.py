"""report_html: a report as one self-contained HTML file, for a person to look at, or as several
linked ones for a long report (:func:`render_html_parts`).

The file needs nothing else: CSS inline, pictures as ``data:`` URIs, no script. It holds a summary
table of the documents; for each page, its preview with every instance outlined in its verdict's
colour (an inline SVG over the picture); for each instance, the found crop beside the reference and
their difference heatmap (:mod:`logo_check.evidence`, kept when the scan was asked for evidence), and
every finding with its measured value, limit, rule and message; how each document was read (its
notes); the findings on a document's text; and the errors of the documents that could not be read.
Every text that comes from the input (file names above all) is escaped.

What the report holds as keys (kinds, verdicts, channels, categories, captions, variants, elements,
the values of findings that are keys) is shown in words: the charter's labels, in the report's
language; codes of findings and errors stay codes.
"""

from __future__ import annotations

import base64
import sys
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import quote

from .codes import DOCUMENT_KINDS, SEVERITIES, VERDICTS
from .evidence import PREVIEW_MAX_SIDE, InstanceEvidence, Preview
from .i18n import DEFAULT_LANGUAGE, MESSAGES, Number, in_language, lookup, translate
from .model import Finding
from .report import DocumentReport, InstanceReport, PageReport, Report

if TYPE_CHECKING:
    from .charter import Charter

#: Bytes of page previews (JPEG, before base64) that the pages *without* an instance may add to
#: one report. A preview of a 1920 × 1080 page takes 0.27 MB (``benchmarks/report_sizes.py``): a
#: 500-page brochure would make a file of some 180 MB (base64 adds a third) that browsers open
#: slowly or not at all. The pages with an instance always keep theirs (they are the evidence); the
#: others keep theirs, in order, while the total stays within this budget (74 such previews), so
#: that a reviewer still sees what the pages hold, and are drawn as blanks beyond it, with a note.
MAX_EMPTY_PAGE_PREVIEW_BYTES = 20_000_000
#: Bytes of full-size previews (JPEG, before base64) that the pages *with* an instance may add to
#: one report (184 previews of a 1920 × 1080 page). Past it, each such page keeps a reduced preview
#: (:data:`REDUCED_PREVIEW_MAX_SIDE` px, JPEG quality :data:`REDUCED_PREVIEW_QUALITY`, about a
#: fifth of the bytes: ``benchmarks/report_sizes.py``), with a note: its boxes are still drawn and
#: each instance keeps its own pictures (the evidence), so that a document with a logo on each of
#: its 500 pages stays openable.
MAX_INSTANCE_PAGE_PREVIEW_BYTES = 50_000_000
#: Bytes of the instances' pictures (PNG, before base64: crop, reference and heatmap, about 0.1 MB
#: an instance, ``benchmarks/report_sizes.py``) that one report may hold in full (some 400
#: instances). Past it, each instance keeps its crop, the evidence of what was found; its reference
#: and heatmap are left out with a note (the reference is the one drawn beside the earlier ones).
MAX_INSTANCE_PICTURE_BYTES = 40_000_000
#: Bytes of pictures (page previews and the instances' pictures, before base64) that one file of
#: a report in parts holds (:func:`render_html_parts`): about 33 MB of HTML, which a browser opens
#: in a few seconds, where the one-file report of a 500-page brochure with two logos a page would
#: weigh some 320 MB with every picture kept (``benchmarks/report_sizes.py``): some 50 such pages a
#: part. A page is never split: one whose pictures alone weigh more makes a part of its own.
MAX_PART_PICTURE_BYTES = 25_000_000
#: Sections (a document's heading, a page) that one part holds at most: pages without pictures
#: (a scan without evidence, text documents) weigh nothing, yet a browser still has to lay out
#: each one's table of findings.
MAX_PART_SECTIONS = 200
#: Longest side, in pixels, of a reduced preview: the page's layout and where its logos stand.
REDUCED_PREVIEW_MAX_SIDE = 640
#: JPEG quality of a reduced preview.
REDUCED_PREVIEW_QUALITY = 75

#: Colour of each verdict (boxes, badges).
VERDICT_COLOURS = {
    "compliant": "#1a7f37",
    "non_compliant": "#c62828",
    "review": "#b35c00",
    "no_logo": "#57606a",
}

TEXT: dict[str, dict[str, str]] = {
    "title": {"fr": "Rapport logo-check", "en": "logo-check report"},
    "heading": {"fr": "Conformité des usages du logo", "en": "Compliance of the logo's uses"},
    "charter": {"fr": "Charte : {id}, version {version}", "en": "Charter: {id}, version {version}"},
    "summary": {"fr": "Synthèse", "en": "Summary"},
    "document": {"fr": "Document", "en": "Document"},
    "verdict": {"fr": "Verdict", "en": "Verdict"},
    "instances": {"fr": "Logos", "en": "Logos"},
    "errors": {"fr": "Erreurs", "en": "Errors"},
    "total": {"fr": "Total", "en": "Total"},
    "no_documents": {"fr": "Aucun document.", "en": "No documents."},
    "sha256": {"fr": "SHA-256", "en": "SHA-256"},
    "kind": {"fr": "Type", "en": "Kind"},
    "channel": {"fr": "Canal", "en": "Channel"},
    "category": {"fr": "Catégorie déclarée", "en": "Declared category"},
    "date": {"fr": "Date du support", "en": "Date of the material"},
    "notes": {"fr": "Notes de lecture", "en": "Reading notes"},
    "none": {"fr": "—", "en": "—"},
    "unreadable": {"fr": "Document illisible", "en": "Unreadable document"},
    "page": {"fr": "Page {number}", "en": "Page {number}"},
    "page_source": {"fr": "— image {source}", "en": "— image {source}"},
    "page_size": {"fr": "{width} × {height} {unit}", "en": "{width} × {height} {unit}"},
    "no_preview": {
        "fr": "Aperçu non conservé : seules les positions des instances sont tracées.",
        "en": "No preview kept: only the positions of the instances are drawn.",
    },
    "preview_left_out": {
        "fr": "Aperçu omis pour limiter la taille du rapport : les pages sans logo gardent le leur "
        "jusqu'à {megabytes} Mo d'aperçus.",
        "en": "Preview left out to keep the report's size in bounds: the pages without a logo keep "
        "theirs up to {megabytes} MB of previews.",
    },
    "pictures_cut": {
        "fr": "Référence et carte des écarts omises pour limiter la taille du rapport (au-delà de {megabytes} Mo "
        "d'images des logos) : le constat et le logo trouvé restent.",
        "en": "Reference and difference map left out to keep the report's size in bounds (past {megabytes} MB "
        "of the logos' pictures): the findings and the logo as found remain.",
    },
    "preview_reduced": {
        "fr": "Aperçu réduit pour limiter la taille du rapport : les pages avec un logo gardent un aperçu "
        "complet jusqu'à {megabytes} Mo ; chaque logo garde ses propres images ci-dessous.",
        "en": "Reduced preview to keep the report's size in bounds: the pages with a logo keep a full "
        "preview up to {megabytes} MB; each logo keeps its own pictures below.",
    },
    "part_title": {"fr": "partie {number} sur {count}", "en": "part {number} of {count}"},
    "parts": {"fr": "Parties du rapport", "en": "Parts of the report"},
    "parts_intro": {
        "fr": "Le rapport est réparti en {count} fichiers, à garder ensemble dans un même dossier ; "
        "chacun tient au plus {megabytes} Mo d'images.",
        "en": "The report is split into {count} files, to be kept together in one folder; each holds "
        "at most {megabytes} MB of pictures.",
    },
    "part": {"fr": "Partie {number}", "en": "Part {number}"},
    "part_contents": {"fr": "Contenu", "en": "Contents"},
    "part_pages": {"fr": "pages {first} à {last}", "en": "pages {first} to {last}"},
    "part_page": {"fr": "page {first}", "en": "page {first}"},
    "part_no_page": {"fr": "sans page", "en": "no page"},
    "previous_part": {"fr": "← Partie précédente", "en": "← Previous part"},
    "next_part": {"fr": "Partie suivante →", "en": "Next part →"},
    "continued": {"fr": "(suite)", "en": "(continued)"},
    "no_instance": {"fr": "Aucune instance du logo sur cette page.", "en": "No instance of the logo on this page."},
    "instance": {"fr": "Logo n° {number}", "en": "Logo no. {number}"},
    "caption": {"fr": "Bandeau", "en": "Caption"},
    "variant": {"fr": "Variante", "en": "Variant"},
    "mark_height": {"fr": "Hauteur de la marque", "en": "Mark height"},
    "score": {"fr": "Score", "en": "Score"},
    "bbox": {"fr": "Boîte", "en": "Box"},
    "mirrored": {"fr": "Miroir", "en": "Mirrored"},
    "yes": {"fr": "oui", "en": "yes"},
    "unknown": {"fr": "inconnu", "en": "unknown"},
    "review_reason": {"fr": "Raison de l'examen", "en": "Reason for review"},
    "crop": {"fr": "Trouvé (redressé)", "en": "Found (rectified)"},
    "reference": {"fr": "Référence ({caption}, {variant})", "en": "Reference ({caption}, {variant})"},
    "heatmap": {
        "fr": "Écart de couleur (ΔE2000 moyen {value} ; clair = différent)",
        "en": "Colour difference (mean ΔE2000 {value}; bright = different)",
    },
    "no_evidence": {
        "fr": "Images de l'instance non conservées (scan sans preuves).",
        "en": "Pictures of the instance not kept (scan without evidence).",
    },
    "findings": {"fr": "Constats", "en": "Findings"},
    "document_findings": {
        "fr": "Constats sur le texte du document (dénomination)",
        "en": "Findings on the document's text (denomination)",
    },
    "text_findings": {"fr": "Constats texte", "en": "Text findings"},
    "no_findings": {"fr": "Aucun constat.", "en": "No findings."},
    "code": {"fr": "Code", "en": "Code"},
    "element": {"fr": "Élément", "en": "Element"},
    "severity": {"fr": "Gravité", "en": "Severity"},
    "measured": {"fr": "Mesuré", "en": "Measured"},
    "limit": {"fr": "Limite", "en": "Limit"},
    "rule": {"fr": "Règle", "en": "Rule"},
    "message": {"fr": "Message", "en": "Message"},
    "page_alt": {"fr": "Aperçu de la page {number}", "en": "Preview of page {number}"},
    "waiver_required": {"fr": "exception de canal requise : {waiver}", "en": "channel exception required: {waiver}"},
    **{f"verdict_{v}": MESSAGES[f"verdict_{v}"] for v in VERDICTS},
    **{f"kind_{k}": MESSAGES[f"kind_{k}"] for k in DOCUMENT_KINDS},
    **{f"severity_{s}": MESSAGES[f"severity_{s}"] for s in SEVERITIES},
}

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0 auto;padding:1rem 1.5rem;
max-width:1700px;color:#1f2328;background:#fff;line-height:1.4}
h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #d0d7de;
overflow-wrap:anywhere}h3{font-size:1.1rem;margin-top:1.5rem}h4{font-size:1rem;margin:.3rem 0}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;
vertical-align:top}th{background:#f6f8fa}td.num{text-align:right}td.src{overflow-wrap:anywhere;max-width:40rem}
.badge{display:inline-block;padding:0 .5rem;border-radius:1rem;color:#fff;font-weight:600;white-space:nowrap}
.compliant{background:#1a7f37}.non_compliant{background:#c62828}.review{background:#b35c00}.no_logo{background:#57606a}
dl.meta{display:grid;grid-template-columns:max-content auto;gap:.1rem 1rem;margin:.5rem 0}dl.meta dt{font-weight:600}
dl.meta dd{margin:0;overflow-wrap:anywhere}
.stage{position:relative;display:inline-block;max-width:100%;border:1px solid #d0d7de;line-height:0}
.stage img{max-width:100%;height:auto;display:block}
.stage svg.overlay{position:absolute;left:0;top:0;width:100%;height:100%}
svg.blank{max-width:100%;height:auto;background:#f6f8fa;border:1px solid #d0d7de}
.instance{border-left:.35rem solid #57606a;padding:.2rem 0 .2rem .8rem;margin:1rem 0}
.instance.v-compliant{border-color:#1a7f37}.instance.v-non_compliant{border-color:#c62828}
.instance.v-review{border-color:#b35c00}
.evidence{display:flex;flex-wrap:wrap;gap:.8rem;margin:.5rem 0}.evidence figure{margin:0}
.evidence img{max-width:100%;height:auto;border:1px solid #d0d7de;image-rendering:auto}
figcaption{font-size:.85rem;color:#57606a;line-height:1.3}
nav.parts{margin:1rem 0;padding:.4rem .8rem;background:#f6f8fa;border:1px solid #d0d7de}
nav.parts a{margin-left:1rem}
ul.errors{color:#c62828}code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}
.note{color:#57606a;font-style:italic}ul.notes{margin:0;padding-left:1.2rem}
"""


def render_html(
    report: Report,
    lang: str = DEFAULT_LANGUAGE,
    max_empty_page_previews: int = MAX_EMPTY_PAGE_PREVIEW_BYTES,
    charter: Charter | None = None,
    max_instance_page_previews: int = MAX_INSTANCE_PAGE_PREVIEW_BYTES,
    max_instance_pictures: int = MAX_INSTANCE_PICTURE_BYTES,
) -> str:
    """The report as one self-contained HTML page, its texts in ``lang`` ("fr" or "en"); the pages
    without an instance keep their previews up to ``max_empty_page_previews`` bytes of them, those
    with one their full-size previews up to ``max_instance_page_previews`` bytes, then reduced ones;
    the instances keep their three pictures up to ``max_instance_pictures`` bytes, then their crop.
    :func:`render_html_parts` keeps every picture in full, in several files.

    ``charter`` is the pack the report was made with, whose labels name channels, categories,
    captions, variants and elements (default: :func:`logo_check.charter.load_charter`'s, the
    bundled pack or ``$LOGO_CHECK_CHARTER``); a key it does not know is shown as it is."""
    trim = _trim(report, max_empty_page_previews, max_instance_page_previews, max_instance_pictures)
    t = _Texts(lang, trim, _charter(charter))
    slices = [_Slice(number, d, d.pages, False) for number, d in enumerate(report.documents, 1)]
    return _render_part(report, t, [slices], 0, [""], 1)


@dataclass(frozen=True)
class HtmlPart:
    """One file of a report in parts: its name (beside the first part's) and its text."""

    name: str
    html: str


def part_names(first: str, count: int) -> list[str]:
    """The file names of a report's ``count`` parts: ``first`` (``report.html``), then
    ``report-2.html`` … ``report-{count}.html`` beside it."""
    path = PurePosixPath(first)
    return [first] + [f"{path.stem}-{k}{path.suffix}" for k in range(2, count + 1)]


def render_html_parts(
    report: Report,
    first_name: str = "report.html",
    lang: str = DEFAULT_LANGUAGE,
    charter: Charter | None = None,
    max_part_pictures: int | None = None,
    max_part_sections: int | None = None,
    max_empty_page_previews: int = MAX_EMPTY_PAGE_PREVIEW_BYTES,
) -> list[HtmlPart]:
    """The report as self-contained HTML files to be kept in one folder, each holding at most
    ``max_part_pictures`` bytes of pictures (default :data:`MAX_PART_PICTURE_BYTES`) and
    ``max_part_sections`` documents' headings and pages (default :data:`MAX_PART_SECTIONS`), pages
    in the report's order, never split. The first, named ``first_name``, holds the summary (whose
    documents link to the part that holds them) and the list of the parts; each part links to the
    summary and to the parts before and after it. A report that fits makes one file, with no links
    between parts. Every page with an instance keeps its full preview and every instance its three
    pictures; the pages without an instance keep their previews up to ``max_empty_page_previews``
    bytes of them in the whole report, as in :func:`render_html`. (:class:`HtmlPartsWriter` writes
    the same files as a scan goes.)"""
    files: dict[str, str] = {}

    def keep(name: str, html: str) -> None:
        files[name] = html

    writer = HtmlPartsWriter(
        report.charter_id,
        report.charter_version,
        keep,
        first_name,
        lang,
        charter,
        max_part_pictures,
        max_part_sections,
        max_empty_page_previews,
    )
    writer.add(report.documents)
    names = writer.finish(lambda name: files[name], keep)
    return [HtmlPart(name, files[name]) for name in names]


class HtmlPartsWriter:
    """:func:`render_html_parts`' files written as the documents come (``add``, in the report's
    order), so that a long scan need not keep every picture until the end: each part but the first
    is written (``write(name, html)``) as soon as the next one begins, and, with
    ``release_pictures``, its pages' previews and instances' pictures are then dropped from the
    documents. The first part (the summary, the list of parts and the first pages) and the last are
    written by ``finish``, which also sets the number of parts where the earlier ones left it open;
    its result is the files' names in order."""

    def __init__(
        self,
        charter_id: str,
        charter_version: str,
        write: Callable[[str, str], None],
        first_name: str = "report.html",
        lang: str = DEFAULT_LANGUAGE,
        charter: Charter | None = None,
        max_part_pictures: int | None = None,
        max_part_sections: int | None = None,
        max_empty_page_previews: int = MAX_EMPTY_PAGE_PREVIEW_BYTES,
        release_pictures: bool = False,
    ) -> None:
        self.report = Report(charter_id, charter_version, [])
        self.write = write
        self.first_name = first_name
        self.max_pictures = MAX_PART_PICTURE_BYTES if max_part_pictures is None else max_part_pictures
        self.max_sections = MAX_PART_SECTIONS if max_part_sections is None else max_part_sections
        self.release_pictures = release_pictures
        self.trim = _Trim(max_empty_page_previews, set(), sys.maxsize, {}, sys.maxsize, set())
        self.t = _Texts(lang, self.trim, _charter(charter), part_picture_budget=self.max_pictures)
        self.parts: list[list[_Slice]] = [[]]
        self.used = self.sections = 0  # picture bytes and sections of the last part
        self.empty_previews = 0  # bytes of the previews of pages without an instance, so far

    def add(self, documents: list[DocumentReport]) -> None:
        """Lay ``documents`` (the next ones of the report) into parts, writing those completed."""
        for d in documents:
            self.report.documents.append(d)
            self._add(len(self.report.documents), d)

    def _add(self, number: int, d: DocumentReport) -> None:
        for page in d.pages:  # the previews of pages without a logo, within their budget, in order
            if page.preview is not None and not page.instances:
                self.empty_previews += len(page.preview.data)
                if self.empty_previews > self.trim.empty_budget:
                    self.trim.left_out.add(id(page))
        if self.parts[-1] and self.sections + 1 > self.max_sections:
            self._next_part()
        pages: list[PageReport] = []
        continued = False
        self.sections += 1  # the document's heading
        for page in d.pages:
            size = _picture_bytes(page, self.trim)
            if (self.parts[-1] or pages) and (
                self.used + size > self.max_pictures or self.sections + 1 > self.max_sections
            ):
                if pages:
                    self.parts[-1].append(_Slice(number, d, pages, continued))
                    continued = True
                self._next_part()
                self.sections, pages = 1, []
            pages.append(page)
            self.used += size
            self.sections += 1
        self.parts[-1].append(_Slice(number, d, pages, continued))

    def _next_part(self) -> None:
        """Begin a new part; the one before it, unless it is the first, is complete: written."""
        self.parts.append([])
        self.used = self.sections = 0
        k = len(self.parts) - 2
        if k > 0:
            self._write(k, None)

    def _write(self, k: int, count: int | None) -> None:
        names = part_names(self.first_name, max(k + 2, count or 0))
        links = [quote(name) for name in names]
        self.write(names[k], _render_part(self.report, self.t, self.parts, k, links, count))
        if self.release_pictures:
            for s in self.parts[k]:
                for page in s.pages:
                    page.preview = None
                    for i in page.instances:
                        i.evidence = None

    def finish(self, read: Callable[[str], str], rewrite: Callable[[str, str], None]) -> list[str]:
        """Write the first part and the last; set the number of parts in those written before
        (``read`` and ``rewrite`` a part by its name); the names of every part, in order."""
        count = len(self.parts)
        names = part_names(self.first_name, count)
        if count == 1:
            self.write(names[0], _render_part(self.report, self.t, self.parts, 0, [""], 1))
            return names
        for k in range(1, count - 1):  # written with the number of parts left open
            html = read(names[k]).replace(_part_title(self.t, k, None), _part_title(self.t, k, count), 1)
            rewrite(
                names[k], html.replace(_part_count_markup(self.t, k, None), _part_count_markup(self.t, k, count), 2)
            )
        self._write(count - 1, count)
        self._write(0, count)
        return names


def _charter(charter: Charter | None) -> Charter:
    if charter is not None:
        return charter
    from .charter import load_charter

    return load_charter()


@dataclass(frozen=True)
class _Slice:
    """The pages of one document that one part shows; ``continued`` when the document's heading,
    details, errors and text findings are in an earlier part."""

    number: int
    document: DocumentReport
    pages: list[PageReport]
    continued: bool


def _picture_bytes(page: PageReport, trim: _Trim) -> int:
    """Bytes of the pictures a page shows (its preview, unless left out, and its instances')."""
    size = len(page.preview.data) if page.preview is not None and id(page) not in trim.left_out else 0
    return size + sum(i.evidence.size for i in page.instances if i.evidence is not None)


#: What stands for the number of parts in a part written before it is known (see
#: :class:`HtmlPartsWriter`); only ever inside the markup of :func:`_part_count_markup` and
#: :func:`_part_title`, which no input text can produce (it is escaped).
_OPEN_COUNT = "…"


def _part_count_markup(t: _Texts, k: int, count: int | None) -> str:
    return f"<strong>{t('part', number=k + 1)} / {_OPEN_COUNT if count is None else count}</strong>"


def _part_title(t: _Texts, k: int, count: int | None) -> str:
    number = t("part_title", number=k + 1, count=_OPEN_COUNT if count is None else count)
    return f"<title>{t('title')} — {number}</title>"


def _render_part(
    report: Report, t: _Texts, parts: list[list[_Slice]], k: int, links: list[str], count: int | None
) -> str:
    """Part ``k`` of ``parts`` as one HTML page; ``links`` are the parts' addresses relative to
    one another ("" for a report in one file), ``count`` the number of parts (None: not known yet,
    and there is a part after this one)."""
    several = count is None or count > 1
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(t.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        _part_title(t, k, count) if several else f"<title>{t('title')}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{t('heading')}</h1>",
        f"<p>{t('charter', id=report.charter_id, version=report.charter_version)}</p>",
    ]
    navigation = _navigation(t, count, k, links) if several else ""
    if navigation:
        out.append(navigation)
    if k == 0:
        home = {s.number: links[p] for p, part in enumerate(parts) for s in part if not s.continued}
        out.append(_summary(report, t, home))
        if several:
            out.append(_parts_table(t, parts, links))
    out += [_document(s, t) for s in parts[k]]
    if navigation:
        out.append(navigation)
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _navigation(t: _Texts, count: int | None, k: int, links: list[str]) -> str:
    """Where part ``k`` stands among ``count`` (None: not known yet, a part follows), with links
    to the summary and its neighbours."""
    items = [_part_count_markup(t, k, count)]
    items.append(f'<a href="{escape(links[0])}#summary">{t("summary")}</a>')
    if k > 0:
        items.append(f'<a href="{escape(links[k - 1])}" rel="prev">{t("previous_part")}</a>')
    if count is None or k + 1 < count:
        items.append(f'<a href="{escape(links[k + 1])}" rel="next">{t("next_part")}</a>')
    return f'<nav class="parts">{"".join(items)}</nav>'


def _parts_table(t: _Texts, parts: list[list[_Slice]], links: list[str]) -> str:
    """The parts of the report, each with the documents and pages it holds."""
    megabytes = _fmt(t.part_picture_budget / 1e6, t.lang)
    rows = []
    for k, part in enumerate(parts):
        contents = []
        for s in part:
            if not s.pages:
                what = t("part_no_page")
            elif len(s.pages) == 1:
                what = t("part_page", first=s.pages[0].index + 1)
            else:
                what = t("part_pages", first=s.pages[0].index + 1, last=s.pages[-1].index + 1)
            contents.append(f"{s.number}. {escape(s.document.source)} — {what}")
        rows.append(
            f'<tr><td><a href="{escape(links[k])}">{t("part", number=k + 1)}</a></td>'
            f'<td class="src">{"<br>".join(contents)}</td></tr>'
        )
    return (
        f'<section id="parts"><h2>{t("parts")}</h2>'
        f"<p>{t('parts_intro', count=len(parts), megabytes=megabytes)}</p>"
        f"<table><thead><tr><th>{t('part', number='')}</th><th>{t('part_contents')}</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


class _Texts:
    """The UI strings in one language, escaped for HTML."""

    def __init__(self, lang: str, trim: _Trim, charter: Charter | None = None, part_picture_budget: int = 0) -> None:
        self.lang = lang if lang in ("fr", "en") else DEFAULT_LANGUAGE
        self.trim = trim
        self.charter = charter
        self.part_picture_budget = part_picture_budget

    def __call__(self, key: str, **params: object) -> str:
        return escape(lookup(TEXT, key, self.lang).format(**params))

    def message(self, message: dict[str, str]) -> str:
        """A bilingual message of the report in this language (else any language it has)."""
        text = message.get(self.lang) or message.get(DEFAULT_LANGUAGE) or next(iter(message.values()), "")
        return escape(text)

    def verdict(self, verdict: str) -> str:
        key = f"verdict_{verdict}"
        label = self(key) if key in TEXT else escape(verdict)
        return f'<span class="badge {escape(verdict)}">{label}</span>'

    def severity(self, severity: str) -> str:
        key = f"severity_{severity}"
        return self(key) if key in TEXT else escape(severity)

    def kind(self, kind: str) -> str:
        key = f"kind_{kind}"
        return self(key) if key in TEXT else escape(kind)

    def label(self, table: str, key: str) -> str:
        """The charter's label of ``key`` in its ``table`` ("channels", "categories", "variants",
        "elements", "waivers") in this language; the key itself when the charter has none such."""
        item = getattr(self.charter, table, {}).get(key) if self.charter is not None else None
        return escape(item.label.get(self.lang) if item is not None else key)

    def caption(self, category: str) -> str:
        """The words of ``category``'s caption, as the band carries them."""
        item = self.charter.categories.get(category) if self.charter is not None else None
        return escape(item.caption if item is not None else category)

    def value(self, f: Finding, value: str) -> str:
        """A finding's ``measured`` or ``limit`` that is text: a key of the charter (a variant, a
        waiver, a category, a background) in words, any other text as it is."""
        charter = self.charter
        if charter is not None and f.code in ("variant_not_allowed", "exception_applied"):
            if value in ("light", "dark"):
                return escape(translate(f"background_{value}", self.lang))
            if value in charter.variants:
                return self.label("variants", value)
            if value in charter.waivers and f.code == "variant_not_allowed":  # the exception it needs
                template = lookup(TEXT, "waiver_required", self.lang)
                return escape(template.format(waiver=charter.waivers[value].label.get(self.lang)))
            if value in charter.waivers:
                return self.label("waivers", value)
        if charter is not None and f.code == "caption_mismatch" and value in charter.categories:
            return self.caption(value)
        return escape(value)


@dataclass(frozen=True)
class _Trim:
    """What the size budgets of :func:`render_html` take out of one report, by the ids of the pages
    and instances: the previews of pages without an instance left out, the previews of pages with
    one reduced, the instances shown with their crop alone; and the budgets, for the notes."""

    empty_budget: int
    left_out: set[int]
    previews_budget: int
    reduced: dict[int, Preview]
    pictures_budget: int
    crop_only: set[int]


def _trim(report: Report, empty_budget: int, previews_budget: int, pictures_budget: int) -> _Trim:
    """Each budget spent in the order of the report (see :func:`render_html`)."""
    from .evidence import reduced_preview

    previewed = [p for d in report.documents for p in d.pages if p.preview is not None]
    left_out = _past_budget([(p, len(p.preview.data)) for p in previewed if not p.instances], empty_budget)
    shrunk = _past_budget([(p, len(p.preview.data)) for p in previewed if p.instances], previews_budget)
    reduced = {
        id(p): reduced_preview(p.preview, REDUCED_PREVIEW_MAX_SIDE, REDUCED_PREVIEW_QUALITY)
        for p in previewed
        if id(p) in shrunk
    }
    sizes = [
        (i, i.evidence.size) for d in report.documents for p in d.pages for i in p.instances if i.evidence is not None
    ]
    return _Trim(
        empty_budget, left_out, previews_budget, reduced, pictures_budget, _past_budget(sizes, pictures_budget)
    )


def _past_budget(items: list[tuple[object, int]], budget: int) -> set[int]:
    """The ids of the items whose sizes, added up in order, go past ``budget`` bytes."""
    used, out = 0, set()
    for item, size in items:
        used += size
        if used > budget:
            out.add(id(item))
    return out


def _summary(report: Report, t: _Texts, home: dict[int, str]) -> str:
    """The table of the documents; ``home`` gives the file that holds each one ("" for this one)."""
    head = "".join(
        f"<th>{h}</th>"
        for h in (
            t("document"),
            t("verdict"),
            t("instances"),
            t("verdict_compliant"),
            t("verdict_non_compliant"),
            t("verdict_review"),
            t("text_findings"),
            t("errors"),
        )
    )
    rows = []
    totals = [0, 0, 0, 0, 0, 0]
    for number, d in enumerate(report.documents, 1):
        verdicts = [i.verdict for p in d.pages for i in p.instances]
        by_verdict = [verdicts.count(v) for v in ("compliant", "non_compliant", "review")]
        counts = [len(verdicts), *by_verdict, len(d.findings), len(d.errors)]
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        cells = "".join(f'<td class="num">{c}</td>' for c in counts)
        rows.append(
            f'<tr><td class="src"><a href="{escape(home.get(number, ""))}#doc-{number}">{escape(d.source)}</a></td>'
            f"<td>{t.verdict(d.verdict)}</td>{cells}</tr>"
        )
    if not rows:
        rows.append(f'<tr><td colspan="8">{t("no_documents")}</td></tr>')
    foot = "".join(f'<td class="num">{c}</td>' for c in totals)
    return (
        f'<section id="summary"><h2>{t("summary")}</h2>'
        f'<table class="summary"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
        f"<tfoot><tr><th>{t('total')}</th><td></td>{foot}</tr></tfoot></table></section>"
    )


def _document(s: _Slice, t: _Texts) -> str:
    """A document's heading, details, errors and text findings, then the pages of ``s``; a
    continued document only its heading, marked so, and its pages."""
    number, d = s.number, s.document
    if s.continued:
        out = [
            f'<section class="document continued" id="doc-{number}-page-{s.pages[0].index + 1}-continued">',
            f"<h2>{number}. {escape(d.source)} <small>{t('continued')}</small></h2>",
        ]
        out += [_page(number, page, t) for page in s.pages]
        out.append("</section>")
        return "\n".join(out)
    none = t("none")
    meta = [
        (t("verdict"), t.verdict(d.verdict)),
        (t("sha256"), f"<code>{escape(d.sha256)}</code>" if d.sha256 else none),
        (t("kind"), t.kind(d.kind)),
        (t("channel"), t.label("channels", d.channel)),
        (t("category"), t.label("categories", d.category) if d.category else none),
        (t("date"), escape(d.date.isoformat()) if d.date else none),
    ]
    if d.notes:  # how the input was read, in the report's language
        notes = "".join(f"<li>{escape(note.text(t.lang))}</li>" for note in d.notes)
        meta.append((t("notes"), f'<ul class="notes">{notes}</ul>'))
    out = [
        f'<section class="document" id="doc-{number}">',
        f"<h2>{number}. {escape(d.source)}</h2>",
        '<dl class="meta">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in meta) + "</dl>",
    ]
    if d.errors:
        out.append(f"<h3>{t('unreadable') if not d.pages else t('errors')}</h3>")
        items = "".join(f"<li><code>{escape(e.code)}</code> {t.message(e.message)}</li>" for e in d.errors)
        out.append(f'<ul class="errors">{items}</ul>')
    if d.findings:
        out.append(f"<h3>{t('document_findings')}</h3>")
        out.append(_findings(d.findings, t))
    for page in s.pages:
        out.append(_page(number, page, t))
    out.append("</section>")
    return "\n".join(out)


def _page(doc_number: int, page: PageReport, t: _Texts) -> str:
    size = t("page_size", width=_fmt(page.width, t.lang), height=_fmt(page.height, t.lang), unit=page.unit)
    title = t("page", number=page.index + 1)
    if page.source is not None:
        title += " " + t("page_source", source=page.source)
    out = [f'<section class="page"><h3>{title} <small>({size})</small></h3>']
    out.append(_page_picture(doc_number, page, t))
    if not page.instances:
        out.append(f'<p class="note">{t("no_instance")}</p>')
    for number, instance in enumerate(page.instances, 1):
        out.append(_instance(doc_number, page.index, number, instance, page.unit, t))
    out.append("</section>")
    return "\n".join(out)


def _page_picture(doc_number: int, page: PageReport, t: _Texts) -> str:
    """The page's preview (or a blank of its shape) with each instance's quad drawn over it."""
    left_out = id(page) in t.trim.left_out
    preview = None if left_out else t.trim.reduced.get(id(page), page.preview)
    if preview is not None:
        width, height = preview.width, preview.height
    else:  # a blank the size a preview would have
        factor = min(1.0, PREVIEW_MAX_SIDE / max(page.width, page.height, 1e-9))
        width, height = max(1, round(page.width * factor)), max(1, round(page.height * factor))
    fx = width / page.width if page.width else 1.0
    fy = height / page.height if page.height else 1.0
    stroke = max(2.0, max(width, height) / 400)
    font = max(12.0, max(width, height) / 60)
    shapes = []
    for number, instance in enumerate(page.instances, 1):
        colour = VERDICT_COLOURS.get(instance.verdict, VERDICT_COLOURS["review"])
        points = " ".join(f"{x * fx:.1f},{y * fy:.1f}" for x, y in instance.quad)
        x0, y0 = instance.quad[0][0] * fx, instance.quad[0][1] * fy
        shapes.append(
            f'<polygon class="box v-{escape(instance.verdict)}" data-instance="{number}" points="{points}" '
            f'fill="none" stroke="{colour}" stroke-width="{stroke:.1f}" stroke-linejoin="round"/>'
            f'<text x="{x0:.1f}" y="{max(font, y0 - stroke):.1f}" font-size="{font:.0f}" font-weight="700" '
            f'fill="{colour}" stroke="#fff" stroke-width="{font / 8:.1f}" paint-order="stroke">{number}</text>'
        )
    svg_open = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"'
    anchor = f'id="doc-{doc_number}-page-{page.index + 1}"'
    if preview is None:
        note = t("preview_left_out", megabytes=_fmt(t.trim.empty_budget / 1e6, t.lang)) if left_out else t("no_preview")
        return (
            f'<p class="note">{note}</p><figure {anchor}>{svg_open} class="blank" width="{width}" '
            f'height="{height}">{"".join(shapes)}</svg></figure>'
        )
    reduced = ""
    if id(page) in t.trim.reduced:
        megabytes = _fmt(t.trim.previews_budget / 1e6, t.lang)
        reduced = f'<p class="note">{t("preview_reduced", megabytes=megabytes)}</p>'
    return (
        f'{reduced}<figure {anchor}><div class="stage">'
        f'<img src="{_data_uri(preview)}" width="{width}" height="{height}" '
        f'alt="{t("page_alt", number=page.index + 1)}">'
        f'{svg_open} class="overlay" preserveAspectRatio="none">{"".join(shapes)}</svg></div></figure>'
    )


def _instance(doc_number: int, page_index: int, number: int, i: InstanceReport, unit: str, t: _Texts) -> str:
    unknown = t("unknown")
    details = [
        (t("caption"), t.caption(i.caption) if i.caption else unknown),
        (t("variant"), t.label("variants", i.variant) if i.variant else unknown),
        (t("mark_height"), f"{_fmt(i.mark_height, t.lang)} {escape(unit)}"),
        (t("score"), _fmt(i.score, t.lang)),
        # in French the decimal comma would run into a comma between the numbers
        (
            t("bbox"),
            escape((" ; " if t.lang == "fr" else ", ").join(_fmt(v, t.lang) for v in i.bbox)) + f" {escape(unit)}",
        ),
    ]
    if i.mirrored:
        details.append((t("mirrored"), t("yes")))
    if i.verdict == "review":
        details.append((t("review_reason"), escape(in_language(i.review_reason or "", t.lang))))
    out = [
        f'<article class="instance v-{escape(i.verdict)}" '
        f'id="doc-{doc_number}-page-{page_index + 1}-instance-{number}">',
        f"<h4>{t('instance', number=number)} {t.verdict(i.verdict)}</h4>",
        '<dl class="meta">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in details) + "</dl>",
        _evidence(i.evidence, t, crop_only=id(i) in t.trim.crop_only),
        _findings(i.findings, t),
        "</article>",
    ]
    return "\n".join(out)


def _evidence(e: InstanceEvidence | None, t: _Texts, crop_only: bool = False) -> str:
    if e is None:
        return f'<p class="note">{t("no_evidence")}</p>'
    figures = [(e.crop, t("crop"))]
    if not crop_only:
        figures += [
            (e.reference, _reference_caption(e, t)),
            (e.heatmap, t("heatmap", value=_fmt(round(e.mean_delta_e, 1), t.lang))),
        ]
    note = ""
    if crop_only:
        note = f'<p class="note">{t("pictures_cut", megabytes=_fmt(t.trim.pictures_budget / 1e6, t.lang))}</p>'
    return (
        '<div class="evidence">'
        + "".join(
            f'<figure><img src="data:image/png;base64,{_b64(data)}" width="{e.width}" height="{e.height}" '
            f'alt="{caption}"><figcaption>{caption}</figcaption></figure>'
            for data, caption in figures
        )
        + "</div>"
        + note
    )


def _reference_caption(e: InstanceEvidence, t: _Texts) -> str:
    """« Référence (OFFRE RÉFÉRENCÉE, couleur) »: the reference's caption words and variant label."""
    template = escape(lookup(TEXT, "reference", t.lang))  # the parts below are escaped already
    return template.format(caption=t.caption(e.reference_caption), variant=t.label("variants", e.reference_variant))


def _findings(findings: list[Finding], t: _Texts) -> str:
    if not findings:
        return f'<p class="note">{t("no_findings")}</p>'
    head = "".join(f"<th>{t(k)}</th>" for k in ("code", "element", "severity", "measured", "limit", "rule", "message"))
    rows = "".join(
        f"<tr><td><code>{escape(f.code)}</code></td>"
        f"<td>{t.label('elements', f.element) if f.element else t('none')}</td>"
        f"<td>{t.severity(f.severity)}</td><td>{_value(f, f.measured, t)}</td><td>{_value(f, f.limit, t)}</td>"
        f"<td>{escape(f.rule)}</td><td>{t.message(f.message)}</td></tr>"
        for f in findings
    )
    return (
        f'<table class="findings"><caption>{t("findings")}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _value(f: Finding, value: float | str | None, t: _Texts) -> str:
    if value is None:
        return t("none")
    return t.value(f, value) if isinstance(value, str) else _fmt(value, t.lang)


def _fmt(value: float, lang: str = "en") -> str:
    """A number as the JSON report rounds it (2 decimals), without trailing zeros; in French with a
    decimal comma, as the findings' messages write it."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return Number(float(value), 2).text(lang)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _data_uri(preview: Preview) -> str:
    return f"data:{escape(preview.mime)};base64,{_b64(preview.data)}"
