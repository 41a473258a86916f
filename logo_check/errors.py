"""Errors of the library, each with the exit code the command line turns it into.

The exit codes are part of the public interface (README, "Exit codes"):

====  =====================================================================
code  meaning
====  =====================================================================
0     no violation
1     at least one non-compliant use
2     bad usage or bad charter
3     some inputs could not be read (the others are reported)
4     internal error (a bug in logo-check: please report it)
====  =====================================================================
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    NON_COMPLIANT = 1
    USAGE = 2
    UNREADABLE_INPUT = 3
    INTERNAL = 4


class LogoCheckError(Exception):
    """Base of every error the library raises on purpose.

    ``key`` names a message of :mod:`logo_check.i18n`; ``params`` fill it in. The message is
    rendered in the user's language only when it is shown.
    """

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(self.render("en"))

    def render(self, lang: str) -> str:
        from .i18n import translate

        return translate(self.key, lang, **self.params)


class UsageError(LogoCheckError):
    """The command or call was given arguments it cannot work with."""


class CharterError(LogoCheckError):
    """The charter pack is broken: names the file, the key and what is wrong."""

    def __init__(self, file: str, key: str, problem: str, **params: object) -> None:
        self.file, self.charter_key = file, key
        self.problem, self.problem_params = problem, params
        self.key, self.params = "charter_invalid", {}
        Exception.__init__(self, self.render("en"))

    def render(self, lang: str) -> str:
        from .i18n import translate

        problem = translate(self.problem, lang, **self.problem_params)
        return translate("charter_invalid", lang, file=self.file, key=self.charter_key, problem=problem)


class UnreadableInputError(LogoCheckError):
    """An input could not be read as a document: empty, unknown format, truncated, too large...

    ``code`` is stable and goes into the report (``errors[].code``); the message names the
    problem in French and English. A batch scan records it and goes on with the other inputs.
    """

    exit_code = ExitCode.UNREADABLE_INPUT

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        super().__init__(f"input_{code}", **params)

    def __reduce__(self) -> tuple[object, ...]:
        # rebuilt from its code and parameters when it crosses a process boundary
        return (_unreadable, (self.code, self.params))

    def messages(self) -> dict[str, str]:
        """The message in every language, as the report carries it."""
        from .i18n import LANGUAGES

        return {lang: self.render(lang) for lang in LANGUAGES}


def _unreadable(code: str, params: dict[str, object]) -> UnreadableInputError:
    return UnreadableInputError(code, **params)
