"""Forms that Werkzeug cannot read are refused, not read as empty.

Werkzeug's form parser is silent by default: a multipart body it cannot read (a part's headers
not in UTF-8, such as a file name ``caf\\xe9.png`` sent by an old client in Windows-1252, or a
broken body) becomes an empty form, and every file *and every field* of the request was lost
without a word: an upload then answered ``no_files``, a reviewer's ``partner_required``, a page
form ``csrf``. :class:`Request` (the app's ``request_class``) has the parser say so instead: such a
request is answered 400 ``form_unreadable`` in the one error shape, telling what to do.
"""

from __future__ import annotations

from typing import Any

from flask import Request as FlaskRequest
from werkzeug.formparser import FormDataParser


class StrictFormDataParser(FormDataParser):
    """Werkzeug's form parser, except that a body it cannot read raises ``form_unreadable``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["silent"] = False
        super().__init__(*args, **kwargs)

    def parse(self, *args: Any, **kwargs: Any) -> Any:
        from .errors import ServiceError

        try:
            return super().parse(*args, **kwargs)
        except ValueError as exc:  # UnicodeDecodeError included; size limits are HTTP errors of their own
            raise ServiceError(400, "form_unreadable") from exc


class Request(FlaskRequest):
    """The service's request: forms parsed by :class:`StrictFormDataParser`."""

    form_data_parser_class = StrictFormDataParser
