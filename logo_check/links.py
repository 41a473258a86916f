"""links: what an HTML page links to and which images it shows, from its markup alone.

Read with the standard library's :class:`html.parser.HTMLParser` (tolerant of broken markup, no
network, no script): links are ``<a href>`` and ``<area href>``; images are ``<img src>``, every URL of
``srcset`` (on ``<img>`` and on ``<source>`` inside ``<picture>``), ``<input type=image src>``,
``<video poster>``, ``<object data>`` and ``<embed src>`` showing an image, the ``background``
attribute of ``<body>`` and table cells, ``<image href>`` in inline SVG, the attributes
lazy-loading scripts take their
images from (:data:`LAZY_SRC_ATTRIBUTES`, :data:`LAZY_SRCSET_ATTRIBUTES`,
:data:`LAZY_BACKGROUND_ATTRIBUTES`), ``url()`` in ``style`` attributes and ``<style>`` blocks, and the
stylesheets named by ``<link rel=stylesheet>`` (their ``url()`` are read from the archive by
:func:`css_urls`, with tinycss2). The parser ends a page as HTML's end-of-file rules do (see
:meth:`_PageParser.close`), which also keeps its time linear. Inline ``<svg>`` elements are kept as
SVG text, to be checked like image files. URLs are resolved against the page's address (and
``<base href>``), fragments dropped. Also here, for every reader of pages (crawled, mirrored or
given alone): a page's charset (:func:`decode_html`), the bytes of a ``data:`` image
(:func:`decode_data_url`) and an inline SVG as a file (:func:`standalone_svg`).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import unquote_to_bytes, urljoin, urlsplit, urlunsplit

#: Largest inline ``<svg>`` element kept, in characters; bigger ones are counted as refused.
MAX_INLINE_SVG_CHARS = 2 * 1024 * 1024
#: Most inline SVGs kept per page.
MAX_INLINE_SVGS = 50
#: Most characters of visible text kept per page (for the denomination check).
MAX_TEXT_CHARS = 1_000_000
#: Largest image carried in a ``data:`` URL, in bytes (decoded).
MAX_DATA_URL_BYTES = 10 * 1024 * 1024
#: Elements whose ``background`` attribute (HTML 4, still common on the sites of 2008) names an
#: image drawn behind them.
BACKGROUND_ATTRIBUTE_TAGS = frozenset(["body", "table", "thead", "tbody", "tfoot", "tr", "td", "th"])
#: Endings of the addresses of ``<object data>`` and ``<embed src>`` read as images (when no image
#: type is declared).
EMBEDDED_IMAGE_SUFFIXES = (".svg", ".svgz", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".bmp", ".tif", ".tiff")
#: At-rules whose block holds no image: ``@font-face`` names font files with ``url()``, which
#: would otherwise count among a page's images (missing ones, as they are no images).
CSS_RULES_WITHOUT_IMAGES = frozenset(["font-face"])
#: CSS functions whose strings are images' addresses (``image-set("a.png" 1x, "a@2x.png" 2x)``, as
#: a site gives a logo for each screen density), besides ``url()``.
CSS_IMAGE_SET_FUNCTIONS = ("image-set", "-webkit-image-set")
#: How deep stylesheet ``@import`` chains are followed.
MAX_CSS_IMPORT_DEPTH = 3
#: Attributes of ``<img>`` and ``<source>`` holding the address a lazy-loading script puts into
#: ``src`` once the image scrolls into view (lazysizes and most WordPress plugins: ``data-src``;
#: WP Rocket: ``data-lazy-src``; the jQuery plugin: ``data-original``). Read from the markup, the
#: page's ``src`` is often a blank placeholder and the logo only there.
LAZY_SRC_ATTRIBUTES = ("data-src", "data-lazy-src", "data-original")
#: The same for ``srcset`` (lazysizes, WP Rocket).
LAZY_SRCSET_ATTRIBUTES = ("data-srcset", "data-lazy-srcset")
#: Attributes of any element from which such scripts set a CSS background (lazysizes' ``bgset``
#: plug-in: ``data-bgset``, a srcset; ``data-bg`` and ``data-background-image``: an address or a
#: ``url()``).
LAZY_BACKGROUND_ATTRIBUTES = ("data-bg", "data-background-image", "data-bgset")

_SKIPPED_SCHEMES = ("mailto:", "javascript:", "tel:", "data:", "about:")
# tags that end a run of text: their boundaries separate words ("<p>a</p><p>b</p>" reads "a b")
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "title",
        "tr",
        "ul",
    ]
)


@dataclass
class PageLinks:
    """What one HTML page refers to (absolute URLs, in document order, each once)."""

    links: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)  # including data: URLs of images
    # named for a lazy-loading script (``LAZY_*_ATTRIBUTES``), not already among ``images``: shown
    # once the page scrolls to them, if the script runs
    lazy_images: list[str] = field(default_factory=list)
    stylesheets: list[str] = field(default_factory=list)
    inline_svgs: list[str] = field(default_factory=list)
    refused_svgs: int = 0  # inline SVGs over the limits
    text: str = ""


def normalise_url(url: str) -> str:
    """``url`` without its fragment, scheme and host in lower case, an empty path as ``/``."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    path = parts.path or ("/" if parts.netloc else "")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def host_of(url: str) -> str:
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return ""


def parse_page(html: str, url: str) -> PageLinks:
    """The links, images, stylesheets, inline SVGs and visible text of the page at ``url``."""
    parser = _PageParser(url, html)
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on a few pathological inputs
        pass
    return parser.result()


def css_urls(css: str, base: str) -> tuple[list[str], list[str]]:
    """The images (``url()``) and imported stylesheets (``@import``) of a stylesheet, a ``<style>``
    block or a ``style`` attribute at ``base``, in their order.

    The CSS is tokenized by tinycss2 as the CSS Syntax standard says (comments, escapes, strings,
    unclosed blocks), in time linear in its length and without recursion however deep its blocks
    nest: a regular expression took quadratic time on a hostile stylesheet (« url( » repeated:
    14 s for 80 kB, hours for the megabytes a crawled stylesheet may hold)."""
    import tinycss2

    images: list[str] = []
    imports: list[str] = []
    after_import = False  # the first address after @import is the stylesheet it imports
    for token, within in _css_tokens(tinycss2.parse_component_value_list(css, skip_comments=True)):
        if token.type == "at-keyword":
            after_import = token.lower_value == "import"
            continue
        address = _css_address(token)
        # a string is an address after @import and in image-set(); elsewhere a font's name, a text
        if token.type == "string" and not after_import and within not in CSS_IMAGE_SET_FUNCTIONS:
            address = None
        if address is None:
            if token.type not in ("whitespace", "comment"):
                after_import = False
            continue
        target = _resolve(base, address)
        if after_import:
            imports.append(target)
        elif target:
            images.append(target)
        after_import = False
    imported = set(imports)
    return _unique(u for u in images if u not in imported), _unique(u for u in imports if u)


def _css_tokens(values: list[Any]) -> Iterator[tuple[Any, str | None]]:
    """Every token of parsed CSS in document order, with the name of the function it stands in
    (None outside any); the contents of blocks and functions come after the block itself (depth
    first, with a stack of iterators: nesting does not recurse). The block of an at-rule of
    :data:`CSS_RULES_WITHOUT_IMAGES` (``@font-face``: its ``url()`` are fonts) is left out."""
    stack: list[tuple[Iterator[Any], str | None]] = [(iter(values), None)]
    skip_block = False  # the next {} block belongs to an at-rule without images
    while stack:
        tokens, within = stack[-1]
        token = next(tokens, None)
        if token is None:
            stack.pop()
            continue
        if token.type == "at-keyword":
            skip_block = token.lower_value in CSS_RULES_WITHOUT_IMAGES
        elif token.type == "{} block" and skip_block:
            skip_block = False
            continue
        elif token.type == ";":
            skip_block = False
        yield token, within
        if token.type == "function" and token.lower_name != "url":
            stack.append((iter(token.arguments), token.lower_name))
        elif isinstance(getattr(token, "content", None), list):
            stack.append((iter(token.content), None))


def _css_address(token: Any) -> str | None:
    """The address a CSS token gives: ``url(a.png)``, ``url("a.png")``, or a string (what @import
    may name); None for any other token."""
    if token.type == "url":
        return str(token.value)
    if token.type == "function" and token.lower_name == "url":
        strings = [t.value for t in token.arguments if t.type == "string"]
        return str(strings[0]) if strings else ""
    if token.type == "string":
        return str(token.value)
    return None


def _embeds_an_image(ref: str, declared_type: str) -> bool:
    """Whether ``<object data>`` or ``<embed src>`` shows an image (an SVG logo is often placed so):
    its declared type is an image's, or its address ends as an image file's. Other embedded things
    (the Flash animations and videos of sites of the time) are not images to check."""
    if declared_type.strip().lower().startswith("image/"):
        return True
    try:
        path = urlsplit(ref.strip()).path.lower()
    except ValueError:
        return False
    return path.endswith(EMBEDDED_IMAGE_SUFFIXES)


def srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset`` attribute ("a.png 1x, b.png 2x"), as the HTML standard splits them: a
    URL runs to the next white space (a data: URL keeps its commas), then descriptors to the next comma."""
    urls = []
    pos, n = 0, len(value)
    while pos < n:
        while pos < n and (value[pos].isspace() or value[pos] == ","):
            pos += 1
        start = pos
        while pos < n and not value[pos].isspace():
            pos += 1
        url = value[start:pos]
        if not url:
            break
        if url.endswith(","):
            urls.append(url.rstrip(","))
            continue
        urls.append(url)
        depth = 0
        while pos < n and (value[pos] != "," or depth):
            depth += {"(": 1, ")": -1}.get(value[pos], 0)
            pos += 1
    return urls


def _resolve(base: str, ref: str) -> str:
    ref = ref.strip()
    if not ref or ref.startswith("#"):
        return ""
    lowered = ref.lower()
    if lowered.startswith("data:"):
        return ref if lowered.startswith("data:image/") else ""
    if lowered.startswith(_SKIPPED_SCHEMES):
        return ""
    try:
        return normalise_url(urljoin(base, ref))
    except ValueError:
        return ""


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))


class _PageParser(HTMLParser):
    def __init__(self, url: str, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = url
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.links: list[str] = []
        self.images: list[str] = []
        self.lazy: list[str] = []
        self.stylesheets: list[str] = []
        self.svgs: list[str] = []
        self.refused_svgs = 0
        self.text: list[str] = []
        self.text_size = 0
        self.skip_depth = 0  # inside <script>/<style>/<template>
        self.in_style = False
        self.svg_depth = 0
        self.svg_start = 0

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def add(self, target: list[str], ref: str | None) -> None:
        if ref:
            url = _resolve(self.base, ref)
            if url:
                target.append(url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in _BLOCKS:
            self.text.append(" ")
        if tag in ("script", "style", "template", "noscript"):
            self.skip_depth += 1
            self.in_style = tag == "style"
        if tag == "svg":
            if self.svg_depth == 0:
                self.svg_start = self.position()
            self.svg_depth += 1
        if tag == "base" and a.get("href"):
            self.base = urljoin(self.base, a["href"])
        elif tag in ("a", "area"):
            self.add(self.links, a.get("href"))
        elif tag == "img" or (tag == "input" and a.get("type", "").lower() == "image") or tag == "source":
            self.add(self.images, a.get("src"))
            for url in srcset_urls(a.get("srcset", "")):
                self.add(self.images, url)
            if tag != "input":
                for name in LAZY_SRC_ATTRIBUTES:
                    self.add(self.lazy, a.get(name))
                for url in (u for name in LAZY_SRCSET_ATTRIBUTES for u in srcset_urls(a.get(name, ""))):
                    self.add(self.lazy, url)
        elif tag == "video":
            self.add(self.images, a.get("poster"))
        elif tag in ("object", "embed"):
            ref = a.get("data") if tag == "object" else a.get("src")
            if ref and _embeds_an_image(ref, a.get("type", "")):
                self.add(self.images, ref)
        elif tag == "image" and self.svg_depth:
            self.add(self.images, a.get("href") or a.get("xlink:href"))
        elif tag == "link" and "stylesheet" in a.get("rel", "").lower().split():
            self.add(self.stylesheets, a.get("href"))
        if tag in BACKGROUND_ATTRIBUTE_TAGS:  # the HTML of the time: <body background="fond.gif">
            self.add(self.images, a.get("background"))
        if a.get("style"):
            self.images += css_urls(a["style"], self.base)[0]
        for name in LAZY_BACKGROUND_ATTRIBUTES:
            value = a.get(name, "").strip()
            if "url(" in value.lower():
                self.lazy += css_urls(value, self.base)[0]
            elif value:
                for url in srcset_urls(value):
                    self.add(self.lazy, url)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style", "template", "noscript", "svg"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.text.append(" ")
        if tag in ("script", "style", "template", "noscript") and self.skip_depth:
            self.skip_depth -= 1
            self.in_style = False
        if tag == "svg" and self.svg_depth:
            self.svg_depth -= 1
            if self.svg_depth == 0:
                start = self.position()
                end = self.source.find(">", start)
                end = len(self.source) if end < 0 else end + 1
                text = self.source[self.svg_start : end]
                if len(text) <= MAX_INLINE_SVG_CHARS and len(self.svgs) < MAX_INLINE_SVGS:
                    self.svgs.append(text)
                else:
                    self.refused_svgs += 1

    def close(self) -> None:
        """The end of the page. What ``feed`` left unparsed, when it begins with ``<`` outside a
        script or a style, is a comment, tag or declaration the page never finishes: it is dropped,
        as HTML's end-of-file rules have it (a browser shows nothing of it). Python's own parser
        before 3.11.13 went over it again from each of its ``<`` (quadratic time or worse: 30 s for
        « <a » and a space repeated 20,000 times). The rest of a style or script never closed is
        its content, as in a browser (Python's parser drops it); a text that ends with a lone ``&``
        is text."""
        if self.cdata_elem is not None:
            self.handle_data(self.rawdata)
            self.rawdata = ""
        elif self.rawdata.startswith("<"):
            self.rawdata = ""
        super().close()

    def handle_data(self, data: str) -> None:
        if self.in_style:
            images, imports = css_urls(data, self.base)
            self.images += images
            self.stylesheets += imports
            return
        if self.skip_depth or self.svg_depth or self.text_size >= MAX_TEXT_CHARS:
            return
        self.text.append(data)
        self.text_size += len(data)

    def result(self) -> PageLinks:
        text = re.sub(r"\s+", " ", "".join(self.text)).strip()[:MAX_TEXT_CHARS]
        images = _unique(self.images)
        shown = set(images)
        return PageLinks(
            links=_unique(self.links),
            images=images,
            lazy_images=[url for url in _unique(self.lazy) if url not in shown],
            stylesheets=_unique(self.stylesheets),
            inline_svgs=self.svgs,
            refused_svgs=self.refused_svgs,
            text=text,
        )


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes, charset: str | None = None) -> str:
    """An HTML page's text: in the charset its HTTP header declares, else its byte-order mark, else
    its ``<meta charset>``, else UTF-8 when the bytes are valid UTF-8, else Windows-1252 (what
    browsers assume for undeclared Western pages, a superset of ISO-8859-1)."""
    for name, body in ((charset, data), *_bom(data)):
        if name:
            try:
                return body.decode(name)
            except (LookupError, UnicodeDecodeError):
                pass
    match = _META_CHARSET.search(data[:4096])
    if match:
        try:
            return data.decode(match.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _bom(data: bytes) -> list[tuple[str, bytes]]:
    for mark, name in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(mark):
            return [(name, data[len(mark) :])]
    return []


def looks_like_html(data: bytes) -> bool:
    """Whether ``data`` starts as an HTML document does (a doctype or ``<html>``)."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def decode_data_url(url: str) -> bytes | None:
    """The bytes of an image ``data:`` URL (their kind is told from them, as any file's); None when
    it cannot be decoded or is over :data:`MAX_DATA_URL_BYTES`."""
    head, _, body = url.partition(",")
    if len(body) > MAX_DATA_URL_BYTES * 4 // 3 + 4:
        return None
    try:
        data = base64.b64decode(body, validate=False) if head.lower().endswith(";base64") else unquote_to_bytes(body)
    except (binascii.Error, ValueError):
        return None
    if not data or len(data) > MAX_DATA_URL_BYTES:
        return None
    return data


def standalone_svg(text: str) -> bytes:
    """An inline ``<svg>`` element as an SVG file (the SVG namespace added when HTML left it out)."""
    if "xmlns=" not in text[: text.find(">") + 1]:
        text = text.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    return text.encode("utf-8")
