"""How hard a text is to read: the Flesch-Kincaid grade, for the lint of warning-sign questions.

A warning sign is answered by a layperson in a hurry, so its words are held to a reading grade
(8 or lower, as symptom checkers require of their questions). Syllables come from pyphen's
hyphenation dictionary (the one LibreOffice uses), a better count than vowel-group guessing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_SENTENCE_END = re.compile(r"[.?!]+(?:\s|$)")


@lru_cache(maxsize=1)
def _dictionary() -> Any:
    import pyphen  # only `rules validate` reads grades: no import cost for `check`

    return pyphen.Pyphen(lang="en_US")


def syllables(word: str) -> int:
    """Syllables in one word: its hyphenation points plus one (at least one)."""
    letters = re.sub(r"[^a-z]", "", word.lower())
    if not letters:
        return 0
    return len(_dictionary().positions(letters)) + 1


def sentences(text: str) -> list[str]:
    """The text cut after each full stop, question mark or exclamation mark."""
    parts = [part.strip() for part in _SENTENCE_END.split(text)]
    ends = _SENTENCE_END.findall(text)
    return [part + end.strip() for part, end in zip(parts, [*ends, ""], strict=False) if part]


def grade(text: str) -> float:
    """Flesch-Kincaid grade level: 0.39 x words per sentence + 11.8 x syllables per word - 15.59."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    count = max(1, len(sentences(text)))
    return 0.39 * len(words) / count + 11.8 * sum(map(syllables, words)) / len(words) - 15.59
