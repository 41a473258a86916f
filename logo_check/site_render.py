"""site_render: a crawl's site report as HTML (a folder: an index, a page per site, the images'
evidence) and as CSV (one row per crawled page). The JSON is :meth:`logo_check.crawl.CrawlResult.to_dict`.

The HTML is static, self-contained and escaped throughout (URLs from an archive are hostile text);
links between its files, and to the pictures of its ``pictures/`` folder (:mod:`logo_check.site_pictures`),
are relative, so the folder can be moved or served as it is.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from .codes import VERDICTS
from .i18n import MESSAGES, Number, in_language, translate
from .site_pictures import INSTANCE_PICTURES, PICTURES_FOLDER, instance_picture_name, preview_name

if TYPE_CHECKING:
    from .charter import Charter
    from .crawl import CrawlResult
    from .report import DocumentReport, PageReport
    from .site_report import PageEntry, SiteReport

CSV_COLUMNS = (
    "host",
    "url",
    "date",
    "captures",
    "depth",
    "catalogue_clicks",
    "shows_logo",
    "verdict",
    "images",
    "images_missing",
    "findings_by_code",
    "site_findings",
)
#: The header row's label of each column in French; in English a column is labelled by its name.
CSV_LABELS: dict[str, dict[str, str]] = {
    "host": {"fr": "site"},
    "url": {"fr": "url"},
    "date": {"fr": "date"},
    "captures": {"fr": "captures"},
    "depth": {"fr": "profondeur"},
    "catalogue_clicks": {"fr": "clics_catalogue"},
    "shows_logo": {"fr": "montre_logo"},
    "verdict": {"fr": "verdict"},
    "images": {"fr": "images"},
    "images_missing": {"fr": "images_manquantes"},
    "findings_by_code": {"fr": "constats_par_code"},
    "site_findings": {"fr": "constats_site"},
}
#: The report of the documents scanned beside the archives, in the HTML folder.
OTHER_DOCUMENTS_FILE = "documents.html"
#: The ``shows_logo`` cell, by language.
_YES_NO = {"fr": ("oui", "non"), "en": ("yes", "no")}

_STYLE = """body{font-family:sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse}
td,th{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}
.non_compliant{color:#a00;font-weight:bold}.review{color:#a60}.compliant{color:#070}
.warning{color:#a60}code{word-break:break-all}
.stage{position:relative;display:inline-block;max-width:100%;line-height:0;border:1px solid #bbb;margin:.3em 0}
.stage img{max-width:100%;height:auto;display:block}.stage svg{position:absolute;left:0;top:0;width:100%;height:100%}
.evidence{display:flex;flex-wrap:wrap;gap:.8em;margin:.3em 0 1em}.evidence figure{margin:0}
.evidence img{max-width:100%;height:auto;border:1px solid #bbb}figcaption{font-size:.85em;color:#555}"""


def site_csv(result: CrawlResult, lang: str = "fr", others: list[DocumentReport] | None = None) -> str:
    """One row per crawled page, columns :data:`CSV_COLUMNS` (the header row in ``lang``); counts
    joined as ``code=n;code=n``; then one row per document scanned beside the archives (``others``:
    its path in ``url``, the columns of the crawl empty). Text cells that a spreadsheet would run as
    a formula get a leading apostrophe (URLs come from the archive: they are hostile)."""
    from .report_csv import guard, header

    yes, no = _YES_NO.get(lang, _YES_NO["en"])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header(CSV_COLUMNS, CSV_LABELS, lang))
    for site in result.sites:
        for p in site.pages:
            cells = [
                site.host,
                p.url,
                p.date.isoformat() if p.date else "",
                p.captures,
                "" if p.depth is None else p.depth,
                "" if p.catalogue_clicks is None else p.catalogue_clicks,
                yes if p.shows_logo else no,
                p.verdict,
                " ".join(p.images),
                p.images_missing,
                ";".join(f"{k}={v}" for k, v in p.findings_by_code.items()),
                ";".join(f.code for f in p.site_findings),
            ]
            writer.writerow([guard(c) if isinstance(c, str) else c for c in cells])
    for d in others or []:
        instances = [i for p in d.pages for i in p.instances]
        codes = Counter(f.code for i in instances for f in i.findings if f.severity == "violation")
        codes.update(f.code for f in d.findings if f.severity == "violation")
        cells = [
            "",
            d.source,
            d.date.isoformat() if d.date else "",
            "",
            "",
            "",
            yes if instances else no,
            d.verdict,
            "",
            "",
            ";".join(f"{k}={v}" for k, v in sorted(codes.items())),
            "",
        ]
        writer.writerow([guard(c) if isinstance(c, str) else c for c in cells])
    return out.getvalue()


def write_site_html(
    result: CrawlResult,
    folder: Path,
    lang: str = "fr",
    others: list[DocumentReport] | None = None,
    charter: Charter | None = None,
) -> list[Path]:
    """Write ``index.html``, ``site-N.html`` per site and ``images.html`` into ``folder``, and, for
    the documents scanned beside the archives (``others``), their report as ``documents.html``
    (:func:`logo_check.report_html.render_html_parts`, with the labels of ``charter``: more files,
    ``documents-2.html`` …, when their pictures need them); the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {"index.html": _index(result, lang, len(others or [])), "images.html": _images(result, lang, folder)}
    if others:
        from .report import Report
        from .report_html import render_html_parts

        report = Report(result.report.charter_id, result.report.charter_version, list(others))
        for part in render_html_parts(report, OTHER_DOCUMENTS_FILE, lang, charter=charter):
            files[part.name] = part.html
    for n, site in enumerate(result.sites):
        files[_site_file(n)] = _site(site, result, lang)
    written = []
    for name, text in files.items():
        target = folder / name
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def _site_file(n: int) -> str:
    return f"site-{n + 1}.html"


def _t(key: str, lang: str, **params: object) -> str:
    return escape(translate(key, lang, **params))


def _colon(lang: str) -> str:
    """The colon after a label: spaced in French, not in English."""
    return " : " if lang == "fr" else ": "


def _document(title: str, body: str, lang: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{_STYLE}</style></head><body>\n{body}\n</body></html>\n"
    )


def _counts(counts: dict[str, int], lang: str, findings: bool = False) -> str:
    """``words n, words n``: verdicts, or with ``findings`` kinds of finding (their code in the
    ``title``), in words of ``lang``."""
    if findings:
        words = [f'<span title="{escape(k)}">{_finding_kind(k, lang)}</span> {v}' for k, v in counts.items()]
    else:
        words = [f'<span class="{escape(k)}">{_verdict_word(k, lang)}</span> {v}' for k, v in counts.items()]
    return ", ".join(words) or "—"


def _finding_kind(code: str, lang: str) -> str:
    """A finding's code in words of ``lang`` (escaped); a code without words as it is."""
    return _t(f"finding_kind_{code}", lang) if f"finding_kind_{code}" in MESSAGES else escape(code)


def _index(result: CrawlResult, lang: str, others: int = 0) -> str:
    rows = []
    for n, site in enumerate(result.sites):
        depths = ", ".join(
            f"{translate('html_unreachable', lang) if d['depth'] is None else d['depth']}{_colon(lang)}{d['pages']}"
            for d in site.click_depths()
        )
        home = escape(site.home) if site.home else _t("html_no_home", lang)
        rows.append(
            f'<tr><td><a href="{_site_file(n)}">{escape(site.host)}</a></td><td>{home}</td>'
            f"<td>{len(site.pages)}</td><td>{site.pages_with_logo}</td><td>{_counts(site.verdicts(), lang)}</td>"
            f"<td>{_counts(site.findings_by_code(), lang, findings=True)}</td><td>{escape(depths)}</td></tr>"
        )
    head = "".join(
        f"<th>{_t(k, lang)}</th>"
        for k in (
            "html_site",
            "html_home",
            "html_pages",
            "html_pages_logo",
            "html_verdicts",
            "html_findings",
            "html_depths",
        )
    )
    body = [f"<h1>{_t('html_title', lang)}</h1>", f"<h2>{_t('html_sites', lang)}</h2>"]
    body.append(f"<table><tr>{head}</tr>{''.join(rows)}</table>")
    broken = [d for d in result.report.documents if d.errors]
    if broken:
        body.append(f"<h2>{_t('html_errors', lang)}</h2><ul>")
        for d in broken:
            for e in d.errors:
                body.append(
                    f"<li><code>{escape(d.source)}</code>{_colon(lang)}{escape(_message(e.message, lang))}</li>"
                )
        body.append("</ul>")
    body.append(f'<p><a href="images.html">{_t("html_image_evidence", lang)}</a></p>')
    if others:
        link = _t("html_other_documents", lang, count=others)
        body.append(f'<p><a href="{OTHER_DOCUMENTS_FILE}">{link}</a></p>')
    return _document(translate("html_title", lang), "\n".join(body), lang)


def _site(site: SiteReport, result: CrawlResult, lang: str) -> str:
    head = "".join(
        f"<th>{_t(k, lang)}</th>"
        for k in ("html_page", "html_date", "html_depth", "html_catalogue", "html_verdict", "html_findings")
    )
    rows = []
    for k, p in enumerate(site.pages):
        rows.append(
            f'<tr><td><a href="#page-{k + 1}"><code>{escape(p.url)}</code></a></td>'
            f"<td>{_capture_dates(p, lang)}</td><td>{_number(p.depth, lang)}</td>"
            f"<td>{'—' if p.catalogue_clicks is None else p.catalogue_clicks}</td>"
            f'<td class="{escape(p.verdict)}">{_verdict_word(p.verdict, lang)}</td>'
            f"<td>{_counts(p.findings_by_code | _site_codes(p), lang, findings=True)}</td></tr>"
        )
    body = [
        f'<p><a href="index.html">{_t("html_back", lang)}</a></p>',
        f"<h1>{escape(site.host)}</h1>",
        f"<p>{_t('html_home', lang)}{_colon(lang)}{escape(site.home) if site.home else _t('html_no_home', lang)} — "
        f"{_t('html_pages', lang)}{_colon(lang)}{len(site.pages)} — "
        f"{_t('html_pages_logo', lang)}{_colon(lang)}{site.pages_with_logo}</p>",
        f"<table><tr>{head}</tr>{''.join(rows)}</table>",
        f"<h2>{_t('html_evidence', lang)}</h2>",
    ]
    for k, p in enumerate(site.pages):
        body.append(_page_evidence(k, p, result, lang))
    return _document(f"{site.host} — {translate('html_title', lang)}", "\n".join(body), lang)


def _page_evidence(k: int, p: PageEntry, result: CrawlResult, lang: str) -> str:
    parts = [f'<h3 id="page-{k + 1}"><code>{escape(p.url)}</code> — {_verdict(p.verdict, lang)}</h3>']
    if p.site_findings:
        parts.append(f"<p>{_t('html_site_findings', lang)}</p><ul>")
        for f in p.site_findings:
            path = " → ".join(escape(u) for u in f.evidence)
            evidence = f"<br>{_t('html_path', lang)}{_colon(lang)}<code>{path}</code>" if path else ""
            parts.append(
                f'<li class="{escape(f.severity)}">[{escape(f.code)}] {escape(_message(f.message, lang))} '
                f"({escape(f.rule)}){evidence}</li>"
            )
        parts.append("</ul>")
    if p.text_findings:
        parts.append(f"<p>{_t('html_text_findings', lang)}</p><ul>")
        parts += [f"<li>[{escape(f.code)}] {escape(_message(f.message, lang))}</li>" for f in p.text_findings]
        parts.append("</ul>")
    if p.images:
        links = []
        for key in p.images:
            doc = result.images_by_key.get(key)
            verdict = doc.verdict if doc else "?"
            links.append(
                f'<li><a href="images.html#{key}"><code>{escape(doc.source if doc else key)}</code></a> '
                f"{_verdict(verdict, lang)}</li>"
            )
        parts.append(f"<p>{_t('html_images', lang)}</p><ul>{''.join(links)}</ul>")
    if p.images_missing:
        parts.append(f"<p>{_t('html_missing', lang, count=p.images_missing)}</p>")
    return "\n".join(parts)


def _images(result: CrawlResult, lang: str, folder: Path) -> str:
    body = [f'<p><a href="index.html">{_t("html_back", lang)}</a></p>', f"<h1>{_t('html_image_evidence', lang)}</h1>"]
    for key, doc in result.images_by_key.items():
        body.append(_image(key, doc, lang, folder / PICTURES_FOLDER))
    return _document(translate("html_image_evidence", lang), "\n".join(body), lang)


def _image(key: str, doc: DocumentReport, lang: str, pictures: Path) -> str:
    parts = [
        f'<h3 id="{key}"><code>{escape(doc.source)}</code> — {_verdict(doc.verdict, lang)}</h3>',
        f"<p>SHA-256 <code>{key}</code>, {escape(doc.date.isoformat() if doc.date else '—')}</p>",
    ]
    if doc.notes:  # how the image was read, in the report's language
        notes = translate("html_notes_joined", lang).join(escape(note.text(lang)) for note in doc.notes)
        parts.append(f'<p class="notes">{_t("html_notes", lang)}{_colon(lang)}{notes}</p>')
    if not any(p.instances for p in doc.pages) and not doc.errors:
        parts.append(f"<p>{_t('html_no_instance', lang)}</p>")
    n = 0
    for page in doc.pages:
        if page.instances:
            parts.append(_page_picture(key, page, lang, pictures))
        for number, i in enumerate(page.instances, 1):
            n += 1
            bbox = "[" + ", ".join(f"{v:.0f}" for v in i.bbox) + "]"
            height = Number(i.mark_height, 1, fixed=True).text(lang)
            verdict = _verdict_text(i.verdict, lang)
            parts.append(f"<p>{_t('html_instance', lang, n=n, verdict=verdict, height=height, bbox=bbox)}</p>")
            if i.verdict == "review" and i.review_reason:  # why, in the report's language
                reason = escape(in_language(i.review_reason, lang))
                parts.append(f'<p class="review">{_t("html_review_reason", lang)}{_colon(lang)}{reason}</p>')
            parts.append(_instance_pictures(key, page.index, number, lang, pictures))
            if i.findings:
                parts.append("<ul>")
                parts += [
                    f'<li class="{escape(f.severity)}">[{escape(f.code)}] {escape(_message(f.message, lang))} '
                    f"({escape(f.rule)})</li>"
                    for f in i.findings
                ]
                parts.append("</ul>")
    for e in doc.errors:
        parts.append(f"<p>[{escape(e.code)}] {escape(_message(e.message, lang))}</p>")
    return "\n".join(parts)


def _page_picture(key: str, page: PageReport, lang: str, pictures: Path) -> str:
    """The image's preview (when its file is in the report's folder) with each instance's quad
    drawn over it in its verdict's colour; "" without a preview."""
    from .report_html import VERDICT_COLOURS

    name = preview_name(key, page.index)
    if not (pictures / name).is_file() or not page.width or not page.height:
        return ""
    shapes = []
    for i in page.instances:
        colour = VERDICT_COLOURS.get(i.verdict, VERDICT_COLOURS["review"])
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in i.quad)
        shapes.append(
            f'<polygon class="box" points="{points}" fill="none" stroke="{colour}" '
            'stroke-width="3" vector-effect="non-scaling-stroke"/>'
        )
    alt = _t("html_picture_page", lang)
    return (
        f'<div class="stage"><img src="{PICTURES_FOLDER}/{name}" alt="{alt}" loading="lazy">'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {page.width:g} {page.height:g}" '
        f'preserveAspectRatio="none">{"".join(shapes)}</svg></div>'
    )


def _instance_pictures(key: str, page: int, number: int, lang: str, pictures: Path) -> str:
    """An instance's crop, reference and heatmap, as the report's folder holds them."""
    figures = []
    for kind in INSTANCE_PICTURES:
        name = instance_picture_name(key, page, number, kind)
        if (pictures / name).is_file():
            caption = _t(f"html_picture_{kind}", lang)
            figures.append(
                f'<figure><img src="{PICTURES_FOLDER}/{name}" alt="{caption}" loading="lazy">'
                f"<figcaption>{caption}</figcaption></figure>"
            )
    if not figures:
        return f'<p class="notes">{_t("html_pictures_missing", lang)}</p>'
    return f'<div class="evidence">{"".join(figures)}</div>'


def _verdict(verdict: str, lang: str) -> str:
    return f'<span class="{escape(verdict)}">{_verdict_word(verdict, lang)}</span>'


def _verdict_word(verdict: str, lang: str) -> str:
    """A verdict in words of ``lang``, escaped for HTML."""
    return escape(_verdict_text(verdict, lang))


def _verdict_text(verdict: str, lang: str) -> str:
    """A verdict in words of ``lang``; anything else as it is."""
    return translate(f"verdict_{verdict}", lang) if verdict in VERDICTS else verdict


def _site_codes(p: PageEntry) -> dict[str, int]:
    out: dict[str, int] = {}
    for f in p.site_findings:
        out[f.code] = out.get(f.code, 0) + 1
    return out


def _capture_dates(p: PageEntry, lang: str) -> str:
    """The page's first capture date, and its latest (the date its images are judged at) when it
    is another, with the number of captures when there are several."""
    text = p.date.isoformat() if p.date else "—"
    if p.last_date is not None and p.last_date != p.date:
        text += f" → {p.last_date.isoformat()}"
    if p.captures > 1:
        text += f" ({_t('html_captures', lang, count=p.captures)})"
    return text


def _number(value: int | None, lang: str) -> str:
    return _t("html_unreachable", lang) if value is None else str(value)


def _message(message: dict[str, str], lang: str) -> str:
    return message.get(lang) or next(iter(message.values()), "")
