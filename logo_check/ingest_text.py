"""ingest for texts: a radio script, an SMS or any plain-text transcript, checked for the exact
denomination (``radio`` and ``sms`` channels carry the denomination as text).

The encoding is read from a byte-order mark, else UTF-8 is tried, else Windows-1252 (the usual
encoding of French texts saved by office software); the text is capped at
:attr:`~logo_check.limits.Limits.max_text_chars` characters. A text that is HTML markup (a page
saved alone, or a fragment) is read for its visible text, as a crawled page is
(:func:`logo_check.links.parse_page`): its tags would otherwise stick to the words of the
denomination (``<p>Entrepreneurs,``) and make an exact one look altered. Its images are not
fetched: a web page is checked as a whole from a web archive or a mirrored folder.
"""

from __future__ import annotations

import codecs
import re
from typing import TYPE_CHECKING

from .errors import UnreadableInputError
from .limits import DEFAULT_LIMITS, Limits
from .model import Document, Note

if TYPE_CHECKING:
    from .ingest_html import PageFiles

_BLANK = re.compile(r"\s*")
#: The start of an HTML document, after any comments: a doctype or ``<html>``.
_HTML_START = re.compile(r"<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE)
#: The closing tag of a common element: a fragment of HTML (a plain-text script has none).
_HTML_CLOSING_TAG = re.compile(r"</(?:p|div|span|b|i|em|strong|a|h[1-6]|li|td|body|html)\s*>", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_text(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read with."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnreadableInputError("text_encoding")


def is_html(text: str) -> bool:
    """Whether ``text`` is HTML markup: a document (a doctype or ``<html>`` first, after any
    comments), or a fragment holding the closing tag of a common element. The leading comments are
    skipped one by one: the single expression this replaces let ``.*?`` run over one comment's end
    into the next, and took exponential time on a text of empty comments (6.5 s for 26, years for
    a hundred)."""
    pos = _BLANK.match(text).end()
    while text.startswith("<!--", pos):
        end = text.find("-->", pos + 4)
        if end < 0:
            break
        pos = _BLANK.match(text, end + 3).end()
    return bool(_HTML_START.match(text, pos)) or bool(_HTML_CLOSING_TAG.search(text))


def read_text(
    data: bytes, limits: Limits = DEFAULT_LIMITS, name: str = "", files: PageFiles | None = None, path: str = ""
) -> Document:
    """A text input as a document without rasters (its one page is the text); HTML markup as an
    HTML page (:func:`logo_check.ingest_html.read_html`, given ``name``, ``files`` and ``path``)."""
    text, encoding = decode_text(data)
    if is_html(text):
        from .ingest_html import read_html

        return read_html(data, name, limits, files, path)
    document = Document(kind="text", unit="px", page_sizes=[], notes=[Note.of("text", encoding=encoding)])
    if len(text) > limits.max_text_chars:
        text = text[: limits.max_text_chars]
        document.errors.append(("text_too_long", {"limit": limits.max_text_chars}))
    document.text.append((None, text))
    return document
