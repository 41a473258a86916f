"""The warning letter's text (service/letters.py), built from findings as the engine gives them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
from typing import Any

from builders import clean, element

from logo_check.charter import Charter
from logo_check.model import Context
from logo_check.policy import judge
from service.letters import letter_html


def _letter(charter: Charter, measurements: Any, channel: str = "web", issued: dt.date = dt.date(2026, 3, 2)) -> str:
    findings, _ = judge(measurements, Context(channel=channel), charter)
    cited = [
        {"message": f.message, "rule": f.rule, "page": 0, "instance": 0, "history": [{"comment": "vu"}]}
        for f in findings
    ]
    return letter_html(
        partner_name="Partenaire A",
        submission={"filename": "flyer.png", "id": 7, "channel": channel},
        findings=cited,
        images={},
        issued=issued,
        deadline=issued + dt.timedelta(days=15),
        charter=charter,
    )


def test_the_letter_names_the_channel_by_its_french_label(charter: Charter) -> None:
    letter = _letter(charter, element(clean(), "arrow", delta_e=31.5), channel="print")
    assert "canal imprimé" in letter and "canal print" not in letter


def test_the_letter_states_a_confirmed_finding_without_the_blur_note(charter: Charter) -> None:
    """A finding of a blurred logo is a warning « à vérifier »: once a reviewer confirmed it, the
    letter states it as the charter words it, without that note."""
    blurred = dataclasses.replace(element(clean(), "arrow", delta_e=31.5), blur=0.06)
    letter = html.unescape(_letter(charter, blurred))
    assert "<b>1. La couleur de l'élément « flèche » s'écarte de la charte (ΔE00 31,5, limite 15).</b>" in letter
    assert "Image floue" not in letter and "vérifier" not in letter


def test_the_letter_writes_the_first_of_the_month_as_french_does(charter: Charter) -> None:
    letter = _letter(charter, element(clean(), "arrow", delta_e=31.5), issued=dt.date(2026, 3, 1))
    assert "Le 1er mars 2026" in letter and "le <b>16 mars 2026</b>" in letter
    assert "1er" in _letter(charter, element(clean(), "arrow", delta_e=31.5), issued=dt.date(2026, 2, 14))  # deadline
