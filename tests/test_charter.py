"""The charter pack loads into typed objects, and each kind of breakage gives one clear message."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from logo_check.charter import Charter, load_charter
from logo_check.codes import ELEMENTS, FINDING_CODES
from logo_check.errors import CharterError


def test_shipped_charter_validates(charter: Charter) -> None:
    assert set(charter.elements) == set(ELEMENTS)
    assert set(charter.findings) == set(FINDING_CODES)
    assert set(charter.categories) == {
        "offre_referencee",
        "equipement_reference",
        "centre_competence_tpe",
        "conseiller_tpe",
    }
    assert charter.valid_until == dt.date(2008, 12, 31)
    assert charter.colours["blue"] == "#0055A4" and charter.colours["red"] == "#EF4135"
    sms, radio = charter.channels["sms"], charter.channels["radio"]
    assert sms.min_mark_height == 24 and "mono_allowed" in sms.waivers and "caption_optional" in sms.waivers
    assert radio.medium == "audio" and "no_image" in radio.waivers
    assert charter.channels["print"].unit == "mm" and charter.channels["web"].min_mark_height == 40
    assert charter.clear_space.margin == 0.25
    assert charter.variants["mono"].waiver == "mono_allowed"


def test_the_variant_made_for_each_background(charter: Charter) -> None:
    # the first of the pack's variants for that background that needs no waiver (the mono
    # variant, for light backgrounds too, needs the sms channel's)
    assert charter.made_for("light") == "colour" and charter.made_for("dark") == "reversed"
    light_only = dataclasses.replace(charter, variants={k: v for k, v in charter.variants.items() if k != "reversed"})
    assert light_only.made_for("dark") is None


def test_every_finding_has_bilingual_message_and_rule(charter: Charter) -> None:
    for spec in charter.findings.values():
        assert spec.message.fr != spec.message.en
        assert spec.rule
    assert charter.findings["exception_applied"].severity == "info"


def test_every_tolerance_carries_its_reason(charter: Charter) -> None:
    tol = charter.colour_tolerance
    assert tol.vector < tol.raster
    assert len(tol.vector_reason) > 20 and len(tol.raster_reason) > 20
    tables = [
        charter.geometry_tolerance,
        charter.content_tolerance,
        charter.contrast_tolerance,
        charter.evidence_tolerance,
        charter.element_tolerance,
    ]
    for table in tables:
        numbers = {k: v for k, v in vars(table).items() if not k.endswith("_reason")}
        assert numbers
        for key in numbers:
            assert len(getattr(table, f"{key}_reason")) > 20, key
    assert charter.geometry_tolerance.rotation_deg == 3.0 and charter.geometry_tolerance.scale_ratio == 1.08
    assert charter.evidence_tolerance.min_score == 0.5 and charter.contrast_tolerance.min_ratio == 1.5


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BROKEN = [
    # (old text, new text, key named in the message, words of the problem)
    ('id = "efcen-reconstruction"\n', "", "charter.id", "missing"),
    ("valid_until = 2008-12-31", 'valid_until = "31/12/2008"', "charter.valid_until", "date"),
    ("valid_until = 2008-12-31", "valid_until = 2008-12-31T00:00:00", "charter.valid_until", "date"),
    ("box = [0.0007, 0.4105, 0.1053, 0.9961]", "box = [0.5, 0.4, 0.1, 0.9]", "elements.arrow.box", "box"),
    ("box = [0.0007, 0.4105, 0.1053, 0.9961]", "box = [0.1, 0.4]", "elements.arrow.box", "box"),
    ('blue = "#0055A4"', 'blue = "bleu"', "colours.blue", "#RRGGBB"),
    (
        'waivers = ["mono_allowed", "reduced_min_size"',
        'waivers = ["mono_alowed", "reduced_min_size"',
        "channels.sms.waivers",
        "mono_alowed",
    ),
    ("[findings.rotated]", "[findings.rotation]", "findings", "rotated"),
    ("tourné de {measured}°", "tourné de {angle}°", "findings.rotated.message.fr", "{angle}"),
    ('severity = "info"', 'severity = "notice"', "findings.exception_applied.severity", "notice"),
    ("min_mark_height = 40.0", "min_mark_height = -40.0", "channels.web.min_mark_height", "positive"),
    ('medium = "screen"', 'medium = "paper"', "channels.web.medium", "paper"),
    ("[elements.caption]", "[elements.band]", "elements", "caption"),
    (
        'file_pattern = "{category}_{variant}.svg"',
        'file_pattern = "{category}-{variant}.svg"',
        "artwork.file_pattern",
        "not found",
    ),
    ('mono = "black" }\nink', 'mono = "noir" }\nink', "elements.at_sign.colour.mono", "noir"),
    ("[charter]\n", "[charter\n", "-", "TOML"),
    # the tolerance tables: every number within its bounds and with its reason
    ("rotation_deg_reason = ", "rotation_deg_why = ", "tolerances.geometry.rotation_deg_reason", "missing"),
    ("scale_ratio = 1.08", "scale_ratio = 0.9", "tolerances.geometry.scale_ratio", "between 1 and 10"),
    ("addition = 0.002", "addition = 2", "tolerances.content.addition", "between 0 and 1"),
    ("min_ratio = 1.5", 'min_ratio = "1.5"', "tolerances.contrast.min_ratio", "number"),
    ("[tolerances.evidence]", "[tolerances.proof]", "tolerances.evidence", "missing"),
    ("presence_match = 0.45", "presence_match = 0.8", "tolerances.elements.presence_match", "altered_match"),
    # every background needs a variant made for it, without a waiver (the engine's templates)
    ('background = "dark"', 'background = "light"', "variants", 'background = "dark"'),
]


@pytest.mark.parametrize(("old", "new", "key", "problem"), BROKEN)
def test_broken_charter_names_file_key_and_problem(
    charter_copy: Path, old: str, new: str, key: str, problem: str
) -> None:
    _edit(charter_copy, old, new)
    with pytest.raises(CharterError) as info:
        load_charter(charter_copy)
    error = info.value
    assert error.file == str(charter_copy)
    assert error.charter_key == key
    english = error.render("en")
    assert str(charter_copy) in english and key in english and problem in english
    assert "charte invalide" in error.render("fr")


def test_unreadable_charter(tmp_path: Path) -> None:
    with pytest.raises(CharterError, match=re.escape(str(tmp_path / "none.toml"))):
        load_charter(tmp_path / "none.toml")


def test_binary_charter(tmp_path: Path) -> None:
    path = tmp_path / "charter.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(CharterError, match="TOML"):
        load_charter(path)
