"""The denomination in text: where a document's text carries the charter's denomination, exact or
altered (SPEC §3 ``denomination_altered``).

Typography is normalised before comparing: Unicode NFC, typographic apostrophes and quotes,
non-breaking and repeated spaces, and words hyphenated across a line break. What remains different
is an alteration. A passage counts as a copy of the denomination when its similarity to it (on
casefolded text) reaches the charter's ``[tolerances.text] min_similarity`` and it lacks or changes
at most ``max_changed_words`` of its words.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from typing import TYPE_CHECKING

from .i18n import LANGUAGES, translate
from .model import TextOccurrence

if TYPE_CHECKING:
    from .charter import Charter

_TYPOGRAPHIC_QUOTES = str.maketrans(
    {"’": "'", "ʼ": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"', "‹": "«", "›": "»"}
)
_SPACES = re.compile(r"\s+")
#: a word hyphenated at a line break: spaces or tabs, the break, then any white space; possessive,
#: so that a run of blank lines is gone over once (``-\s*\n\s*`` took quadratic time on it: 0.65 s
#: for 8,000 newlines after a hyphen, the better part of an hour for a megabyte)
_LINE_HYPHEN = re.compile(r"(\w)-[^\S\n]*+\n\s*+(\w)")
_WORD = re.compile(r"\S+")


def normalise(text: str) -> str:
    """``text`` with typography made uniform: NFC, straight apostrophes, single spaces,
    words joined across a hyphenated line break."""
    text = unicodedata.normalize("NFC", text).translate(_TYPOGRAPHIC_QUOTES)
    text = _LINE_HYPHEN.sub(r"\1\2", text)
    return _SPACES.sub(" ", text).strip()


def find_denomination(text: str, charter: Charter, page: int | None = None) -> list[TextOccurrence]:
    """Every passage of ``text`` that is the denomination, exact or altered, in reading order.

    A window of words is a candidate when it lacks or changes at most ``max_changed_words`` of the
    denomination's words and its character similarity reaches ``min_similarity``; among
    overlapping candidates the one aligning most words (then the most similar) is kept.
    """
    tolerance = charter.text_tolerance
    target = normalise(charter.denomination)
    target_keys = [_key(w) for w in target.split(" ")]
    anchors = set(target_keys)
    n_target = len(target_keys)
    flat = normalise(text)
    spans = [(m.start(), m.end()) for m in _WORD.finditer(flat)]
    keys = [_key(flat[a:b]) for a, b in spans]
    candidates: list[tuple[float, float, int, int]] = []  # (alignment, similarity, start, end)
    for i in range(len(spans)):
        # a window starts on one of the denomination's words, or on the word replacing its first
        if keys[i] not in anchors and (i + 1 >= len(keys) or keys[i + 1] not in anchors):
            continue
        for n in range(max(1, n_target - 2), n_target + 3):
            if i + n > len(spans):
                break
            window = keys[i : i + n]
            aligned = sum(b.size for b in difflib.SequenceMatcher(None, window, target_keys).get_matching_blocks())
            if max(n, n_target) - aligned > tolerance.max_changed_words:
                continue
            start, end = _trimmed(flat, spans[i][0], spans[i + n - 1][1], target)
            passage = flat[start:end]
            similarity = difflib.SequenceMatcher(None, passage.casefold(), target.casefold(), autojunk=False).ratio()
            if similarity >= tolerance.min_similarity:
                candidates.append((aligned - 0.5 * abs(n - n_target), similarity, start, end))
    kept = _without_overlaps(sorted(candidates, key=lambda c: (-c[0], -c[1], c[2])))
    out = []
    for _, similarity, start, end in sorted(kept, key=lambda c: c[2]):
        passage = flat[start:end]
        exact = passage == target
        detail = {} if exact else {lang: describe_difference(passage, target, lang) for lang in LANGUAGES}
        out.append(TextOccurrence(passage, exact, 1.0 if exact else round(similarity, 3), detail, page))
    return out


def _without_overlaps(ranked: list[tuple[float, float, int, int]]) -> list[tuple[float, float, int, int]]:
    """The candidates (..., start, end) in ``ranked`` order that overlap none kept before them.
    The kept passages do not overlap, so sorted by start their ends are sorted too: a candidate
    overlaps one of them exactly when the last one starting before its end ends after its start
    (a bisection, where comparing with every kept passage made a text of thousands of copies
    quadratic: 10,000 near copies took 19 s)."""
    starts: list[int] = []
    ends: list[int] = []
    kept = []
    for candidate in ranked:
        start, end = candidate[2], candidate[3]
        i = bisect.bisect_left(starts, end)
        if i > 0 and ends[i - 1] > start:
            continue
        starts.insert(i, start)
        ends.insert(i, end)
        kept.append(candidate)
    return kept


#: What may quote, bracket or close a passage (typographic quotes are made straight or « » first).
_PUNCTUATION = ",.;:!?«»\"'()[]{}*_ "


def _trimmed(text: str, start: int, end: int, target: str) -> tuple[int, int]:
    """``start`` and ``end`` moved past the punctuation that quotes or closes the passage
    ``text[start:end]`` (« », quotes, brackets, a final full stop), unless the denomination
    ``target`` itself starts or ends with it."""
    while start < end and text[start] in _PUNCTUATION and not target.startswith(text[start]):
        start += 1
    while end > start and text[end - 1] in _PUNCTUATION and not target.endswith(text[end - 1]):
        end -= 1
    return start, end


def _key(word: str) -> str:
    return word.strip(_PUNCTUATION).casefold()


def describe_difference(found: str, expected: str, lang: str) -> str:
    """What differs between ``found`` and ``expected``, word by word, in ``lang``."""
    a, b = found.split(" "), expected.split(" ")
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "replace" and [_key(w) for w in a[i1:i2]] == [_key(w) for w in b[j1:j2]]:
            parts.append(translate("text_case", lang, found=" ".join(a[i1:i2]), expected=" ".join(b[j1:j2])))
            continue
        got, want = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if op == "replace":
            parts.append(translate("text_replaced", lang, found=got, expected=want))
        elif op == "delete":
            parts.append(translate("text_added", lang, found=got))
        elif op == "insert":
            parts.append(translate("text_removed", lang, expected=want))
    return translate("text_difference", lang, found=found, changes=(" ; " if lang == "fr" else "; ").join(parts))
