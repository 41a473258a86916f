"""The logo-check service: a Flask app (``create_app``) on an embedded default: SQLite in WAL mode,
a content-addressed file store and local worker processes, all in one data folder.

Blueprints: ``auth`` (login, logout, language), ``web`` (pages), ``admin`` (partners, users,
tokens), ``api`` (``/api/v1``, bearer tokens, OpenAPI document). Settings: :mod:`service.settings`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .settings import from_environment


def create_app(config: dict[str, Any] | None = None):
    """The Flask application; ``config`` overrides the settings read from the environment."""
    from flask import Flask
    from flask.sessions import SecureCookieSessionInterface

    from logo_check.i18n import in_language

    from . import access, db_session, errors, forms
    from .db import DB_FILE, migrate
    from .i18n import translate
    from .settings import FORM_BYTES, check, secret_key

    settings = from_environment()
    settings.update(config or {})
    check(settings)
    folder = Path(settings["DATA_DIR"]).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    settings["DATA_DIR"] = str(folder)
    migrate(folder / DB_FILE)
    _backfill(folder)

    app = Flask(__name__)
    app.request_class = forms.Request  # a file name that is not UTF-8 does not lose the whole form
    app.config.update(settings)
    app.config["SECRET_KEY"] = settings.get("SECRET_KEY") or secret_key(folder)
    # the whole request: the files at their limits plus the form fields
    app.config["MAX_CONTENT_LENGTH"] = settings["MAX_UPLOAD_BYTES"] * settings["MAX_UPLOAD_FILES"] + FORM_BYTES
    app.config["MAX_FORM_MEMORY_SIZE"] = 1024 * 1024
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_NAME="logo_check")

    class _Sessions(SecureCookieSessionInterface):
        """Secure cookies when the request came over https (or when configured to always be)."""

        def get_cookie_secure(self, app: Flask) -> bool:
            from flask import request

            return bool(app.config["SECURE_COOKIES"]) or request.is_secure

    app.session_interface = _Sessions()
    if settings.get("PROXIES"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = int(settings["PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_prefix=n)  # type: ignore[method-assign]

    app.before_request(access.load_user)
    app.before_request(access.check_csrf)
    app.teardown_appcontext(db_session.close)
    errors.register(app)

    @app.context_processor
    def _template_helpers() -> dict[str, Any]:
        lang = access.lang()

        def charter_label(kind: str, key: str | None) -> str:
            """The charter's label of a category or a channel in ``lang`` (the key if it has none)."""
            from .actions import charter

            item = getattr(charter(), kind).get(key) if key else None
            return item.label.get(lang) if item is not None else (key or "—")

        return {
            "t": lambda key, **params: translate(key, lang, **params),
            # "Partenaire : X" in French, "Partner: X" in English
            "label": lambda key, **params: translate("label_colon", lang, label=translate(key, lang, **params)),
            "colon": lambda text: translate("label_colon", lang, label=text),
            "category_label": lambda key: charter_label("categories", key),
            "channel_label": lambda key: charter_label("channels", key),
            # a text the engine writes « French / English » (an instance's review reason) in ``lang``
            "in_language": lambda text: in_language(text, lang),
            "moment": lambda stamp: moment(stamp, lang),
            "lang": lang,
            "csrf_token": access.csrf_token,
        }

    @app.after_request
    def _headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    from .blueprints import admin, api, auth, web
    from .validation import IdConverter

    app.url_map.converters["int"] = IdConverter  # every <int:...> id within SQLite's range

    app.register_blueprint(auth.bp)
    app.register_blueprint(web.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(api.bp)
    return app


__all__ = ["create_app"]


def _backfill(folder: Path) -> None:
    """What a migration's SQL cannot do, from the stored files: the boxes of findings recorded
    before schema 4 (:func:`service.jobs.backfill_boxes`)."""
    from .db import DB_FILE, connect
    from .jobs import backfill_boxes
    from .store import FileStore

    con = connect(folder / DB_FILE)
    try:
        backfill_boxes(con, FileStore(folder / "files"))
    finally:
        con.close()


def moment(stamp: str | None, lang: str) -> str:
    """A time the service stores (ISO 8601, UTC) as a page shows it: « 27/11/2026 18:49 UTC » in
    French, "2026-11-27 18:49 UTC" in English; what is not such a time as it is."""
    import datetime as dt

    try:
        when = dt.datetime.fromisoformat(stamp or "")
    except ValueError:
        return stamp or ""
    shown = when.strftime("%d/%m/%Y %H:%M" if lang == "fr" else "%Y-%m-%d %H:%M")
    return f"{shown} UTC" if when.utcoffset() == dt.timedelta(0) else shown
