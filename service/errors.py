"""The one error shape of the service, for every error of every route:

``{"error": {"status": 404, "code": "not_found", "message": {"fr": "...", "en": "..."}}}``

API calls and every non-browser request get it as JSON; a browser page (``Accept: text/html``,
outside ``/api/``) gets the same status, code and message in an HTML page.
"""

from __future__ import annotations

from typing import Any

from .i18n import LANGUAGES, translate

# HTTP status -> code used when werkzeug raises it (routing, method, size limit...)
HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
    500: "internal_error",
}


class Term(str):
    """A parameter of a message that is itself an i18n key (a state, a status...): each language of
    the message gets its own word, not the raw code."""


class ServiceError(Exception):
    """An error answered to the client: an HTTP status, a stable code, a message key of the i18n table."""

    def __init__(
        self,
        status: int,
        code: str,
        /,
        key: str | None = None,
        messages: dict[str, str] | None = None,
        **params: object,
    ) -> None:
        self.status, self.code, self.key, self.params = status, code, key or f"error_{code}", params
        self.messages = messages
        super().__init__(f"{status} {code}")

    def body(self) -> dict[str, Any]:
        message = self.messages or {lang: translate(self.key, lang, **self._params(lang)) for lang in LANGUAGES}
        return error_body(self.status, self.code, message)

    def _params(self, lang: str) -> dict[str, object]:
        return {k: translate(v, lang) if isinstance(v, Term) else v for k, v in self.params.items()}


def error_body(status: int, code: str, message: dict[str, str]) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message}}


def from_http_status(status: int) -> ServiceError:
    code = HTTP_CODES.get(status, "bad_request" if status < 500 else "internal_error")
    return ServiceError(status, code)


def register(app: Any) -> None:
    from flask import jsonify, render_template, request
    from werkzeug.exceptions import HTTPException

    def wants_html() -> bool:
        if request.path.startswith("/api/"):
            return False
        best = request.accept_mimetypes.best_match(["application/json", "text/html"])
        return best == "text/html" and "text/html" in request.headers.get("Accept", "")

    def answer(error: ServiceError):
        body = error.body()
        if wants_html():
            return render_template("error.html", error=body["error"]), error.status
        response = jsonify(body)
        response.status_code = error.status
        if error.status == 401 and request.path.startswith("/api/"):
            response.headers["WWW-Authenticate"] = 'Bearer realm="logo-check"'
        return response

    @app.errorhandler(ServiceError)
    def _service_error(error: ServiceError):
        return answer(error)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if error.code in (301, 302, 303, 307, 308):  # routing redirects (trailing slash) are not errors
            return error
        return answer(from_http_status(error.code or 500))

    @app.errorhandler(Exception)
    def _internal(error: Exception):
        app.logger.exception("internal error")
        return answer(ServiceError(500, "internal_error"))
