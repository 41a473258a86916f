"""ingest for HTML pages: a web page saved alone or with its files, read as a document whose pages
are the images it shows.

A reviewer saves a partner's page from a browser (« Enregistrer sous… », the page and a folder of
its files) or receives it in a ZIP archive. The page's markup is read as a crawled page's is
(:func:`logo_check.links.parse_page`): its visible text is checked for the denomination, and each
image it shows — ``<img>`` and ``srcset``, ``<picture>``, CSS ``url()`` (``style`` attributes,
``<style>`` blocks, its stylesheets and their ``@import``), ``data:`` URLs, inline ``<svg>``, and those
named for a lazy-loading script (``data-src``…, :data:`logo_check.links.LAZY_SRC_ATTRIBUTES`) — becomes
one page of the document (several for an animated image), each image once however often it is
shown: the markup's images in their order, then the stylesheets', then the inline SVGs. The
report gives each page the image's address as the page writes it (``source``).

Images are read from the files that came with the page (:class:`PageFiles`): the page's folder and
its sub-folders for a file on disk (:class:`FolderFiles`), the archive's members for a page in a
ZIP archive (:class:`ArchiveFiles`), nothing for a page given as bytes alone. What cannot be read is
an input error of the document, each naming the image: an image missing from the page's files, one
outside the page's folder (``../``, ``/`` or ``file:`` addresses are never followed there), one on a
web site (nothing is fetched: a crawled site is checked from its web archive), one that does not
decode. An image named for a lazy-loading script that cannot be read is only noted
(``html_lazy_images_unread``): a page saved from a browser has the images it loaded in ``src``,
while the script's attribute still names them on the site. A stylesheet that cannot be read is
only noted too (``html_stylesheets_unread``): a page saved from a browser names fonts and
frameworks on other sites, and the images a stylesheet places are seldom the logo. The images'
count, their bytes and their decoded pixels are bounded by
:attr:`~logo_check.limits.Limits.max_images_per_page`,
:attr:`~logo_check.limits.Limits.max_uncompressed_bytes` and
:attr:`~logo_check.limits.Limits.max_page_pixels`.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import quote, unquote, urlsplit

from .errors import UnreadableInputError
from .limits import DEFAULT_LIMITS, Limits
from .links import MAX_CSS_IMPORT_DEPTH, css_urls, decode_data_url, parse_page, standalone_svg
from .model import Document, Note, Page

#: The address a page's own files are resolved under: a host that cannot exist (RFC 6761), with
#: the page's place among its files as the path, so that a reference leaving the page's folder
#: (``../``, ``/``) resolves outside ``_ROOT`` and is refused.
_HOST = "page.invalid"
_ROOT = f"http://{_HOST}/files/"
#: Longest image address written in a report; a ``data:`` URL is shortened to its head.
_SHOWN_CHARS = 200


class PageFiles(Protocol):
    """The files that came with an HTML page, by their path relative to the folder or archive root
    the page's own path is relative to (``/``-separated)."""

    def read(self, path: str) -> bytes:
        """The bytes of ``path``; raises :class:`UnreadableInputError` ``html_image_missing`` when
        there is no such file, or the error of reading it."""
        ...


class FolderFiles:
    """The files of a folder on disk: the folder of a page given by its path, and its sub-folders
    (symbolic links leading out of it are not followed)."""

    def __init__(self, folder: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> None:
        self.root = os.path.realpath(folder)
        self.limits = limits

    def read(self, path: str) -> bytes:
        from .ingest import read_bytes

        full = os.path.realpath(os.path.join(self.root, *path.split("/")))
        if os.path.commonpath([full, self.root]) != self.root:
            raise UnreadableInputError("html_image_outside", image=path)
        if not os.path.isfile(full):
            raise UnreadableInputError("html_image_missing", image=path)
        return read_bytes(full, self.limits)


class ArchiveFiles:
    """The members of a ZIP archive, read on demand within the archive limits
    (:func:`logo_check.ingest_zip.read_member`)."""

    def __init__(self, archive: bytes, limits: Limits = DEFAULT_LIMITS) -> None:
        self.archive = archive
        self.limits = limits

    def read(self, path: str) -> bytes:
        from .ingest_zip import read_member

        data = read_member(self.archive, path, self.limits)
        if data is None:
            raise UnreadableInputError("html_image_missing", image=path)
        return data


@dataclass
class _Image:
    """One image the page shows: where it was found and its bytes once read."""

    shown: str  # the address as the report gives it
    data: bytes


@dataclass
class _Reading:
    """The state of one page's reading: its images so far, the budgets they used, its errors."""

    limits: Limits
    files: PageFiles | None
    page_url: str  # the page's own address under ``_ROOT``
    images: list[_Image] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)  # SHA-256 of the images kept
    bytes_read: int = 0
    full: bool = False  # the bytes budget is spent: nothing more is read
    sheets_unread: list[str] = field(default_factory=list)  # stylesheets not read (shown addresses)
    lazy_unread: list[str] = field(default_factory=list)  # images named for a script, not read
    errors: list[tuple[str, dict[str, object]]] = field(default_factory=list)

    def fetch(self, address: str, stylesheet: bool = False, optional: bool = False) -> bytes | None:
        """The bytes of a file of the page (``address`` resolved under ``_ROOT``), or None with the
        reason recorded in ``errors`` (for a stylesheet, in ``sheets_unread``: a page saved from a
        browser names fonts and frameworks on other sites, which hold no logo; for an ``optional``
        image, one named for a lazy-loading script, in ``lazy_unread``: a browser saves the page
        with the images it loaded in ``src``, and the script's attribute still names the site's)."""
        if self.full:
            return None
        try:
            return self._fetch(address)
        except UnreadableInputError as error:
            if stylesheet and error.code != "html_images_too_big":
                self.sheets_unread.append(self.shown(address))
            elif optional and error.code != "html_images_too_big":
                self.lazy_unread.append(self.shown(address))
            else:
                self.errors.append((error.code, {**error.params}))
            self.full = error.code == "html_images_too_big"
            return None

    def _fetch(self, address: str) -> bytes:
        shown = self.shown(address)
        if not address.startswith(_ROOT):
            parts = urlsplit(address)
            if parts.scheme in ("http", "https") and parts.hostname != _HOST:
                raise UnreadableInputError("html_image_remote", image=shown)
            raise UnreadableInputError("html_image_outside", image=shown)
        if self.files is None:
            raise UnreadableInputError("html_image_not_given", image=shown)
        path = unquote(urlsplit(address).path[len(urlsplit(_ROOT).path) :])
        if self.bytes_read >= self.limits.max_uncompressed_bytes:
            raise UnreadableInputError("html_images_too_big", image=shown, limit=self.limits.max_uncompressed_bytes)
        data = self.files.read(path)
        self.bytes_read += len(data)
        return data

    def shown(self, address: str) -> str:
        """An image's address as a report gives it: relative to the page's folder for its own
        files, a ``data:`` URL by its media type and size, any other address as it is (shortened)."""
        if address.lower().startswith("data:"):
            head = address.split(",", 1)[0]
            return f"{head},… ({len(address)} characters)"
        parts = urlsplit(address)
        if parts.hostname == _HOST:
            folder = posixpath.dirname(urlsplit(self.page_url).path)
            address = posixpath.relpath(unquote(parts.path), folder)
        return address if len(address) <= _SHOWN_CHARS else address[: _SHOWN_CHARS - 1] + "…"

    def add(self, shown: str, data: bytes) -> None:
        key = hashlib.sha256(data).hexdigest()
        if key not in self.seen:
            self.seen.add(key)
            self.images.append(_Image(shown, data))


def read_html(
    data: bytes, name: str, limits: Limits = DEFAULT_LIMITS, files: PageFiles | None = None, path: str = ""
) -> Document:
    """An HTML page as a document of kind ``html``: its visible text, and one page per image it
    shows (see the module's docstring). ``path`` is the page's own place among ``files``
    (``/``-separated; its name alone for a page on disk, read with its folder)."""
    from .links import decode_html

    text = decode_html(data)
    document = Document(kind="html", unit="px", page_sizes=[])
    if len(text) > limits.max_text_chars:
        text = text[: limits.max_text_chars]
        document.errors.append(("text_too_long", {"limit": limits.max_text_chars}))
    page_url = _ROOT + quote(path or "page.html", safe="/")
    parsed = parse_page(text, page_url)
    reading = _Reading(limits, files, page_url)
    lazy = set(parsed.lazy_images)
    for address in _image_addresses([*parsed.images, *parsed.lazy_images], parsed.stylesheets, reading):
        if len(reading.images) >= limits.max_images_per_page:
            reading.errors.append(("too_many_images", {"page": 1, "limit": limits.max_images_per_page}))
            break
        if address.lower().startswith("data:"):
            decoded = decode_data_url(address)
            if decoded is None:
                reading.errors.append(("html_data_url_unreadable", {"image": reading.shown(address)}))
            else:
                reading.add(reading.shown(address), decoded)
            continue
        content = reading.fetch(address, optional=address in lazy)
        if content is not None:
            reading.add(reading.shown(address), content)
    for n, svg_text in enumerate(parsed.inline_svgs, start=1):
        reading.add(f"<svg> #{n}", standalone_svg(svg_text))
    document.notes.append(Note.of("html_page", images=len(reading.images)))
    if reading.sheets_unread:
        unread = reading.sheets_unread
        document.notes.append(Note.of("html_stylesheets_unread", count=len(unread), first=unread[0]))
    if reading.lazy_unread:
        unread = reading.lazy_unread
        document.notes.append(Note.of("html_lazy_images_unread", count=len(unread), first=unread[0]))
    document.text.append((None, parsed.text))
    if parsed.refused_svgs:
        document.errors.append(("html_svg_refused", {"count": parsed.refused_svgs}))
    document.errors += reading.errors
    _decode_images(reading, name, document)
    return document


def _image_addresses(images: list[str], stylesheets: list[str], reading: _Reading) -> Iterator[str]:
    """The page's images in order, then those of its stylesheets (followed through ``@import`` up
    to :data:`~logo_check.links.MAX_CSS_IMPORT_DEPTH`), each address once."""
    yielded: set[str] = set()
    for address in images:
        if address not in yielded:
            yielded.add(address)
            yield address
    sheets = [(sheet, 0) for sheet in stylesheets]
    read_sheets: set[str] = set()
    while sheets:
        sheet, depth = sheets.pop(0)
        if sheet in read_sheets or depth > MAX_CSS_IMPORT_DEPTH:
            continue
        read_sheets.add(sheet)
        content = reading.fetch(sheet, stylesheet=True)
        if content is None:
            continue
        found, imports = css_urls(content.decode("utf-8", "replace"), sheet)
        sheets += [(url, depth + 1) for url in imports]
        for address in found:
            if address not in yielded:
                yielded.add(address)
                yield address


def _decode_images(reading: _Reading, name: str, document: Document) -> None:
    """Each image's frames as pages of ``document``, within the page's pixel budget."""
    from .i18n import Message
    from .ingest import image_frames

    pixels = 0
    for image in reading.images:
        data, image.data = image.data, b""  # the bytes are dropped once decoded
        try:
            pages, errors = image_frames(data, f"{name}: {image.shown}", reading.limits)
        except UnreadableInputError as error:
            reason = Message(error.key, tuple(error.params.items()))
            document.errors.append(("html_image_unreadable", {"image": image.shown, "reason": reason}))
            continue
        for code, params in errors:
            document.errors.append((code, {**params}))
        for page in pages:
            pixels += page.width * page.height
            if pixels > reading.limits.max_page_pixels:
                params = {"image": image.shown, "limit": reading.limits.max_page_pixels}
                document.errors.append(("html_images_too_many_pixels", params))
                return
            _add_page(document, page, image.shown)


def _add_page(document: Document, page: Page, shown: str) -> None:
    page.index = len(document.page_sizes)
    document.rasters.append(page)
    document.page_sizes.append((float(page.width), float(page.height)))
    document.page_sources[page.index] = shown
