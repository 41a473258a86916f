"""The warning letter, in French, as a PDF (PyMuPDF's Story lays out HTML into pages).

It names the partner and the material, cites the CGU articles the confirmed findings rest on,
shows each finding (as the charter words it: a blurred logo's note « à vérifier » is not kept once a
reviewer has confirmed the finding) with the crop of the logo as found beside the official artwork, and gives the
deadline: the number of days given (``LETTER_DEADLINE_DAYS``, 15 by default,
:data:`service.settings.LETTER_DEADLINE_DAYS`) and the date it ends.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from typing import Any

from logo_check.i18n import long_date
from logo_check.policy import without_weakening_note

PAGE = (595, 842)  # A4 in points
MARGIN = 56
CSS = """
body { font-family: sans-serif; font-size: 10.5pt; line-height: 1.35; }
h1 { font-size: 14pt; margin-bottom: 6pt; }
p { margin: 0 0 6pt 0; }
.finding { margin: 6pt 0 10pt 0; }
.small { font-size: 9pt; color: #444; }
"""


def french_date(day: dt.date) -> str:
    """``1er mars 2026``, ``16 mars 2026``: the first of a month is an ordinal in French."""
    return long_date(day, "fr")


def french_days(days: int) -> str:
    """``15 jours``, ``1 jour``: the delay in figures, as the date beside it."""
    return f"{days} jour" if days == 1 else f"{days} jours"


def _articles(findings: list[dict[str, Any]], fallback: str) -> list[str]:
    seen: list[str] = []
    for f in findings:
        rule = f.get("rule") or ""
        for part in rule.split(";"):
            part = part.strip()
            if part.startswith("CGU") and part not in seen:
                seen.append(part)
    return seen or [fallback]


def letter_html(
    *,
    partner_name: str,
    submission: Any,
    findings: list[dict[str, Any]],
    images: dict[str, bytes],
    issued: dt.date,
    deadline: dt.date,
    charter: Any,
) -> str:
    e = html.escape
    articles = _articles(findings, charter.modification_rule)
    channel = charter.channels.get(submission["channel"])  # named by its label, as the pages name it
    channel_name = channel.label.get("fr") if channel is not None else submission["channel"]
    parts = [
        f"<p class='small'>Le {e(french_date(issued))}</p>",
        f"<p>À l'attention de : <b>{e(partner_name)}</b></p>",
        "<h1>Avertissement : usage non conforme du logo</h1>",
        f"<p>Objet : « {e(charter.denomination)} » — support « {e(submission['filename'])} » "
        f"(envoi n° {int(submission['id'])}, canal {e(channel_name)}).</p>",
        "<p>Madame, Monsieur,</p>",
        "<p>L'examen du support cité en objet a établi que le logo y est reproduit d'une manière qui ne "
        f"respecte pas la charte graphique annexée aux conditions générales d'utilisation ({e(', '.join(articles))}). "
        "Les constats retenus sont les suivants :</p>",
    ]
    for n, f in enumerate(findings, start=1):
        crop, ref = f"crop-{f['page']}-{f['instance']}.png", f"ref-{f['page']}-{f['instance']}.png"
        pictures = ""
        if crop in images:
            pictures += f"<img src='{crop}' width='220'/><br/>"
        if ref in images:
            pictures += f"<img src='{ref}' width='220'/>"
        comment = f["history"][-1]["comment"] if f.get("history") else ""
        parts.append(
            "<div class='finding'>"
            f"<p><b>{n}. {e(without_weakening_note(f['message']['fr'], 'fr'))}</b></p>"
            f"<p class='small'>Page {f['page'] + 1}, logo n° {f['instance'] + 1} — règle : {e(f['rule'] or '')}"
            f"{' — observation : ' + e(comment) if comment else ''}</p>"
            + (
                f"<p>{pictures}</p><p class='small'>En haut : le logo tel qu'il apparaît ; en bas : "
                "le logo officiel.</p>"
                if pictures
                else ""
            )
            + "</div>"
        )
    parts += [
        f"<p>Nous vous demandons de mettre ce support en conformité dans un délai de "
        f"{e(french_days((deadline - issued).days))}, soit au plus "
        f"tard le <b>{e(french_date(deadline))}</b>. Passé ce délai, un nouveau contrôle sera effectué ; à défaut de "
        f"mise en conformité, le droit d'usage du logo pourra vous être retiré, conformément à "
        f"l'{e(articles[0].replace('CGU ', ''))} des conditions générales d'utilisation.</p>",
        "<p>Le logo officiel, à la taille voulue, peut être obtenu auprès des services du ministère.</p>",
        "<p>Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.</p>",
        "<p>Le service de contrôle</p>",
    ]
    return "<html><body>" + "\n".join(parts) + "</body></html>"


def render_letter(**kwargs: Any) -> bytes:
    """The letter as PDF bytes (A4)."""
    import pymupdf

    archive = pymupdf.Archive()
    for name, data in kwargs["images"].items():
        archive.add(data, name)
    story = pymupdf.Story(html=letter_html(**kwargs), user_css=CSS, archive=archive)
    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    page = pymupdf.Rect(0, 0, *PAGE)
    where = pymupdf.Rect(MARGIN, MARGIN, PAGE[0] - MARGIN, PAGE[1] - MARGIN)
    more = True
    while more:
        device = writer.begin_page(page)
        more, _ = story.place(where)
        story.draw(device)
        writer.end_page()
    writer.close()
    return buffer.getvalue()
