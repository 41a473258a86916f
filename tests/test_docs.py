"""The README's tables say what the code does: every limit with its default, every input error code."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from logo_check.i18n import MESSAGES
from logo_check.limits import DEFAULT_LIMITS, Limits

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
_UNITS = {"KiB": 1024, "MiB": 1024**2, "GiB": 1024**3}


def _value(text: str) -> float:
    number, _, unit = text.strip().partition(" ")
    return float(number.replace(",", "")) * _UNITS.get(unit, 1)


def test_every_limit_is_in_the_readme_with_its_default() -> None:
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `(\w+)`[^|]*\| ([^|]+) \|", README, re.MULTILINE)}
    for field in dataclasses.fields(Limits):
        assert field.name in rows, f"README lacks the limit {field.name}"
        assert _value(rows[field.name]) == getattr(DEFAULT_LIMITS, field.name), field.name


def test_every_input_error_code_is_in_the_readme() -> None:
    codes = [key.removeprefix("input_") for key in MESSAGES if key.startswith("input_") and key != "input_error"]
    missing = [code for code in codes if f"`{code}`" not in README]
    assert not missing, f"error codes missing from the README: {missing}"
