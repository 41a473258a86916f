"""What a client sends, checked once: a JSON body is an object, each field has its type, an id is
an integer SQLite can hold (booleans are not ids). Anything else answers 400 ``bad_body`` or
``bad_field`` in the one error shape, with a message naming the field and what was expected.

The same id check serves the query strings and the page forms (text that must be an id), and the
``int`` converter of the routes (:class:`IdConverter`): an id beyond SQLite's range is not found.
"""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter

from .errors import ServiceError
from .i18n import LANGUAGES, translate

#: SQLite's largest integer (a signed 64-bit one): a larger id cannot exist.
MAX_ID = 2**63 - 1


class IdConverter(IntegerConverter):
    """The routes' ``<int:...>``: an id is a positive integer SQLite can hold; any other number is
    an id of nothing, 404. (Bounds on the converter would make the rule not match, and Werkzeug
    would then answer 405 for a path whose GET rule exists: ``DELETE /submissions/0``.)"""

    def to_python(self, value: str) -> int:
        from werkzeug.exceptions import NotFound

        number = int(super().to_python(value))
        if not 1 <= number <= MAX_ID:
            raise NotFound()
        return number


def bad_field(name: str, expected: str, **params: object) -> ServiceError:
    """400 ``bad_field``: the field ``name`` is not ``expected`` (``text``, ``id``, ``text_list``,
    ``one_of`` with ``values``...), the i18n key ``expected_<expected>`` filled in with ``params``."""
    return ServiceError(
        400,
        "bad_field",
        messages={
            lang: translate(
                "error_bad_field_type", lang, field=name, expected=translate(f"expected_{expected}", lang, **params)
            )
            for lang in LANGUAGES
        },
    )


def one_of(name: str, values: tuple[str, ...]) -> ServiceError:
    """400 ``bad_field``: the field ``name`` is none of ``values``."""
    return bad_field(name, "one_of", values=", ".join(values))


def json_object() -> dict[str, Any]:
    """The request's JSON body, which must be an object (400 ``bad_body`` otherwise)."""
    from flask import request

    try:
        data = request.get_json(silent=True)
    except RecursionError:  # arrays nested deeper than Python's parser goes: not a body to read
        data = None
    if not isinstance(data, dict):
        raise ServiceError(400, "bad_body")
    return data


#: The values a form's yes-or-no field may take (a checkbox sends ``on``; absent is no).
YES = ("1", "true", "on", "yes")
NO = ("0", "false", "off", "no", "")


def flag(form: Any, name: str) -> bool:
    """The yes-or-no form field ``name`` (400 ``bad_field`` for any other value)."""
    value = (form.get(name) or "").strip().lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise one_of(name, YES + NO[:-1])


def text(data: dict[str, Any], name: str) -> str | None:
    """The field ``name``: a string, or None when missing or null."""
    value = data.get(name)
    if value is None or isinstance(value, str):
        return value
    raise bad_field(name, "text")


def text_list(data: dict[str, Any], name: str) -> list[str] | None:
    """The field ``name``: a list of strings, or None when missing or null."""
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise bad_field(name, "text_list")
    return value


def identifier(data: dict[str, Any], name: str) -> int | None:
    """The field ``name``: an id (an integer from 1 to :data:`MAX_ID`, not a boolean), or None when
    missing or null."""
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise bad_field(name, "id", maximum=MAX_ID)
    return value


def parse_id(value: str | None, name: str) -> int | None:
    """An id written in a query string or a form field (None when empty)."""
    value = (value or "").strip()
    if not value:
        return None
    if len(value) > len(str(MAX_ID)) or not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_ID:
        raise bad_field(name, "id", maximum=MAX_ID)
    return int(value)
