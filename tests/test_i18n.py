"""i18n: texts written once for both languages (an instance's review reason) and numbers in each
language's way."""

from __future__ import annotations

from logo_check.charter import Text
from logo_check.i18n import Number, in_both, in_both_joined, in_language


def test_a_decimal_is_written_in_each_languages_way() -> None:
    assert (Number(0.456, 2, fixed=True).text("fr"), Number(0.456, 2, fixed=True).text("en")) == ("0,46", "0.46")
    share = Number(0.374, 0, "%")
    assert (share.text("fr"), share.text("en")) == ("37 %", "37%")


def test_a_text_in_both_languages_gives_back_each_of_them() -> None:
    reason = in_both("review_registration_score", score=Number(0.45, 2, fixed=True))
    assert reason == "score de recalage 0,45 / registration score 0.45"
    assert in_language(reason, "fr") == "score de recalage 0,45"
    assert in_language(reason, "en") == "registration score 0.45"
    assert in_language("one language only", "en") == "one language only"


def test_several_texts_are_joined_in_each_language_before_the_two_are() -> None:
    arrow = Text(fr="flèche", en="arrow")
    reason = in_both_joined(
        [
            ("review_too_thin", {"element": arrow, "margin": Number(0.03, 2, fixed=True)}),
            ("review_outside_page", {"share": Number(0.6, 0, "%")}),
        ]
    )
    french, english = in_language(reason, "fr"), in_language(reason, "en")
    assert french.startswith("flèche : tracé trop fin") and "(marge 0,03) ; 60 % du logo" in french
    assert english.startswith("arrow: too thin") and "(margin 0.03); 60% of the artwork" in english
