"""Multipart forms whose part headers are not UTF-8.

Werkzeug's multipart decoder reads each part's headers with ``bytes.decode()`` (UTF-8, strict).
A file name sent in another encoding (``caf\\xe9.png`` from a client in Windows-1252) raises
``UnicodeDecodeError``, a ``ValueError`` that the form parser, silent by default, turns into an
empty form: every file *and every field* of the request is lost (an upload then answers
``no_files``, a reviewer's ``partner_required``, a page form ``csrf``).

:class:`Request` (the app's ``request_class``) parses multipart bodies with a decoder that reads a
header line that is not UTF-8 as Windows-1252 (the usual encoding of such clients; its five
undefined bytes become U+FFFD), so such a file arrives under a readable name next to the others,
and the form's fields are kept and checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from flask import Request as FlaskRequest
from werkzeug.datastructures import FileStorage, Headers, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser, MultiPartParser
from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData

#: the encoding tried when a part's header line is not UTF-8
FALLBACK_ENCODING = "cp1252"


def decode_header_line(line: bytes) -> str:
    """A part header line: UTF-8, else Windows-1252 (undefined bytes as U+FFFD)."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode(FALLBACK_ENCODING, "replace")


class TolerantMultipartDecoder(MultipartDecoder):
    """Werkzeug's decoder, except that part headers that are not UTF-8 are read as Windows-1252."""

    def _parse_headers(self, data: bytes | bytearray) -> Headers:
        try:
            return super()._parse_headers(data)
        except UnicodeDecodeError:
            lines = bytes(data).splitlines(keepends=True)
            return super()._parse_headers("".join(decode_header_line(line) for line in lines).encode("utf-8"))


class TolerantMultiPartParser(MultiPartParser):
    """:class:`werkzeug.formparser.MultiPartParser` with :class:`TolerantMultipartDecoder`: the
    same events, limits (form memory, number of parts) and file streams."""

    def parse(
        self, stream: IO[bytes], boundary: bytes, content_length: int | None
    ) -> tuple[MultiDict[str, str], MultiDict[str, FileStorage]]:
        decoder = TolerantMultipartDecoder(
            boundary, max_form_memory_size=self.max_form_memory_size, max_parts=self.max_form_parts
        )
        fields: list[tuple[str, str]] = []
        files: list[tuple[str, FileStorage]] = []
        part: Field | File | None = None
        chunks: list[bytes] = []
        size = 0
        container: IO[bytes] | None = None
        for data in _chunks(stream, self.buffer_size):
            decoder.receive_data(data)
            event = decoder.next_event()
            while not isinstance(event, Epilogue | NeedData):
                if isinstance(event, Field):
                    part, chunks, size = event, [], 0
                elif isinstance(event, File):
                    part, container = event, self.start_file_streaming(event, content_length)
                elif isinstance(event, Data) and isinstance(part, Field):
                    size += len(event.data)
                    if self.max_form_memory_size is not None and size > self.max_form_memory_size:
                        raise RequestEntityTooLarge()
                    chunks.append(event.data)
                    if not event.more_data:
                        fields.append(
                            (part.name, b"".join(chunks).decode(self.get_part_charset(part.headers), "replace"))
                        )
                elif isinstance(event, Data) and isinstance(part, File) and container is not None:
                    container.write(event.data)
                    if not event.more_data:
                        container.seek(0)
                        files.append(
                            (part.name, FileStorage(container, part.filename, part.name, headers=part.headers))
                        )
                event = decoder.next_event()
        return self.cls(fields), self.cls(files)


def _chunks(stream: IO[bytes], size: int) -> Iterator[bytes | None]:
    """The stream in chunks, then None: the end, for :meth:`MultipartDecoder.receive_data`."""
    while data := stream.read(size):
        yield data
    yield None


class TolerantFormDataParser(FormDataParser):
    """Werkzeug's form parser with :class:`TolerantMultiPartParser` for multipart bodies."""

    def _parse_multipart(
        self, stream: IO[bytes], mimetype: str, content_length: int | None, options: dict[str, str]
    ) -> Any:
        parser = TolerantMultiPartParser(
            stream_factory=self.stream_factory,
            max_form_memory_size=self.max_form_memory_size,
            max_form_parts=self.max_form_parts,
            cls=self.cls,
        )
        boundary = options.get("boundary", "").encode("ascii")
        if not boundary:
            raise ValueError("Missing boundary")
        form, files = parser.parse(stream, boundary, content_length)
        return stream, form, files


class Request(FlaskRequest):
    """The service's request: multipart forms parsed by :class:`TolerantFormDataParser`."""

    form_data_parser_class = TolerantFormDataParser
