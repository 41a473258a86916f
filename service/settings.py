"""The service's settings: named limits and defaults, each overridable by an environment variable.

Every setting is documented in README.md ("Service"). :func:`from_environment` reads them;
``create_app(config)`` takes the same keys (upper case) to override them, which is how the tests
set a temporary data folder or a short job lease.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from logo_check.errors import UsageError

#: Largest uploaded file, in bytes (413 beyond).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
#: Most files in one upload (413 beyond).
MAX_UPLOAD_FILES = 20
#: Room for the form fields beside the files: a request larger than MAX_UPLOAD_FILES ×
#: MAX_UPLOAD_BYTES + FORM_BYTES is refused (413) before it is read.
FORM_BYTES = 1024 * 1024
#: Wall-clock seconds a document's check may take before its child process is killed.
JOB_TIMEOUT_SECONDS = 300.0
#: Seconds a worker's claim on a job lasts without a heartbeat; a job whose lease ran out (its
#: worker was killed) is claimed again by the next free worker.
JOB_LEASE_SECONDS = 30.0
#: How many times a job is started before it fails as "interrupted too often".
JOB_MAX_ATTEMPTS = 3
#: Local worker processes started by ``logo-check serve``.
WORKERS = 1
#: Failed logins for one user code, or from one address, within the window before logins are refused.
LOGIN_MAX_FAILURES = 5
LOGIN_WINDOW_SECONDS = 15 * 60
#: Days a partner has to put things right after a warning letter (CGU).
LETTER_DEADLINE_DAYS = 15
#: Seconds the SQLite connection waits for a lock before giving up.
DB_BUSY_TIMEOUT_MS = 30_000
#: Seconds an SMTP exchange may take when a letter is sent (the reviewer waits for it).
SMTP_TIMEOUT_SECONDS = 30.0
#: The SMTP submission port (STARTTLS); 465 (implicit TLS) is chosen with LOGO_CHECK_SMTP_TLS.
SMTP_PORT = 587

DEFAULT_DATA_DIR = "data"
SECRET_KEY_FILE = "secret_key"

# setting key -> (environment variable, type, default)
SETTINGS: dict[str, tuple[str, type, Any]] = {
    "DATA_DIR": ("LOGO_CHECK_DATA_DIR", str, DEFAULT_DATA_DIR),
    "SECRET_KEY": ("LOGO_CHECK_SECRET_KEY", str, None),
    "MAX_UPLOAD_BYTES": ("LOGO_CHECK_MAX_UPLOAD_BYTES", int, MAX_UPLOAD_BYTES),
    "MAX_UPLOAD_FILES": ("LOGO_CHECK_MAX_UPLOAD_FILES", int, MAX_UPLOAD_FILES),
    "JOB_TIMEOUT": ("LOGO_CHECK_JOB_TIMEOUT", float, JOB_TIMEOUT_SECONDS),
    "JOB_LEASE": ("LOGO_CHECK_JOB_LEASE", float, JOB_LEASE_SECONDS),
    "JOB_MAX_ATTEMPTS": ("LOGO_CHECK_JOB_MAX_ATTEMPTS", int, JOB_MAX_ATTEMPTS),
    "WORKERS": ("LOGO_CHECK_WORKERS", int, WORKERS),
    "LOGIN_MAX_FAILURES": ("LOGO_CHECK_LOGIN_MAX_FAILURES", int, LOGIN_MAX_FAILURES),
    "LOGIN_WINDOW": ("LOGO_CHECK_LOGIN_WINDOW", float, LOGIN_WINDOW_SECONDS),
    "LETTER_DEADLINE_DAYS": ("LOGO_CHECK_LETTER_DEADLINE_DAYS", int, LETTER_DEADLINE_DAYS),
    "SECURE_COOKIES": ("LOGO_CHECK_SECURE_COOKIES", bool, False),
    "PROXIES": ("LOGO_CHECK_PROXIES", int, 0),
    # e-mail of warning letters: off while SMTP_HOST is empty
    "SMTP_HOST": ("LOGO_CHECK_SMTP_HOST", str, ""),
    "SMTP_PORT": ("LOGO_CHECK_SMTP_PORT", int, SMTP_PORT),
    "SMTP_TLS": ("LOGO_CHECK_SMTP_TLS", str, "starttls"),
    "SMTP_USER": ("LOGO_CHECK_SMTP_USER", str, ""),
    "SMTP_PASSWORD": ("LOGO_CHECK_SMTP_PASSWORD", str, ""),
    "SMTP_TIMEOUT": ("LOGO_CHECK_SMTP_TIMEOUT", float, SMTP_TIMEOUT_SECONDS),
    "MAIL_FROM": ("LOGO_CHECK_MAIL_FROM", str, ""),
}

#: How the SMTP connection is secured: STARTTLS after connecting, TLS from the start (port 465),
#: or none (a relay on the same machine or network only).
SMTP_TLS_MODES = ("starttls", "tls", "none")


class SettingError(UsageError):
    """A setting the service cannot start with (exit code 2 from ``logo-check serve``); the message,
    French or English, names the environment variable and what it must be."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.key, self.params = key, params
        Exception.__init__(self, self.render("en"))

    def render(self, lang: str) -> str:
        from .i18n import translate

        return translate(self.key, lang, **self.params)


#: setting key -> smallest value it may take
MINIMUMS: dict[str, int] = {"LETTER_DEADLINE_DAYS": 1}


def _parse(kind: type, text: str, variable: str) -> Any:
    if kind is bool:
        return text.strip().lower() in ("1", "true", "yes", "on")
    try:
        return kind(text)
    except ValueError:
        raise SettingError("setting_not_a_number", variable=variable, value=text) from None


#: Variables of the ``LOGO_CHECK_`` family read elsewhere than here: by the library (the charter pack
#: and the messages' language) and by the test suite.
OTHER_VARIABLES = ("LOGO_CHECK_CHARTER", "LOGO_CHECK_LANG", "LOGO_CHECK_REAL_ENGINE", "LOGO_CHECK_REQUIRE_BROWSER")


def unknown_variables(environ: dict[str, str] | None = None) -> list[tuple[str, str | None]]:
    """The ``LOGO_CHECK_*`` variables set that nothing reads (a misspelt setting, which would
    otherwise leave its default in place without a word), each with the known one it most likely
    meant (None when none is close), in name order."""
    import difflib

    env = os.environ if environ is None else environ
    known = [variable for variable, _, _ in SETTINGS.values()] + list(OTHER_VARIABLES)
    return [
        (name, next(iter(difflib.get_close_matches(name, known, n=1, cutoff=0.8)), None))
        for name in sorted(env)
        if name.startswith("LOGO_CHECK_") and name not in known
    ]


def from_environment(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Every setting, from its environment variable or its default."""
    env = os.environ if environ is None else environ
    out: dict[str, Any] = {}
    for key, (variable, kind, default) in SETTINGS.items():
        out[key] = _parse(kind, env[variable], variable) if env.get(variable) else default
    return out


def check(settings: dict[str, Any]) -> None:
    """Refuse settings the service cannot work with (:class:`SettingError`), at start-up."""
    for key, minimum in MINIMUMS.items():
        value = settings.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise SettingError("setting_too_small", variable=SETTINGS[key][0], value=value, minimum=minimum)
    if settings.get("SMTP_TLS", "starttls") not in SMTP_TLS_MODES:
        variable, value = SETTINGS["SMTP_TLS"][0], settings.get("SMTP_TLS")
        raise SettingError("setting_not_one_of", variable=variable, value=value, choices=", ".join(SMTP_TLS_MODES))
    if settings.get("SMTP_HOST") and not settings.get("MAIL_FROM"):
        raise SettingError("setting_mail_from", variable=SETTINGS["MAIL_FROM"][0], host=SETTINGS["SMTP_HOST"][0])


def data_dir(config: dict[str, Any]) -> Path:
    return Path(config["DATA_DIR"]).resolve()


def secret_key(folder: Path) -> str:
    """The session-signing key kept in the data folder (created once, readable by the owner only)."""
    import secrets

    path = folder / SECRET_KEY_FILE
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key
