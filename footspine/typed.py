"""Answers as people type them at a prompt: a choice range (``1-3``), the start of a choice's
words (``m`` for male), a number with its unit (``30 years``), and choices that stand alone."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Protocol

from .errors import AnswerError
from .messages import language, say, words

_WITH_UNIT = re.compile(r"\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*([^\W\d_]+\.?)\s*")  # 38 years, 38 años


class Choice(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...


_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_NUMBER_WORDS = {word: n for n, word in enumerate(_UNITS)} | {
    word: 20 + 10 * n for n, word in enumerate(_TENS)
}


_FILLERS = frozenset({"and", "years", "year", "yrs", "old"})  # "seventy years old"


def number_in_words(raw: object) -> str | None:
    """A whole number written in English words, as digits: "thirty eight", "thirty-eight", "a
    hundred and two", "seventy years old" -> "38", "38", "102", "70"; None when the text is not one."""
    if not isinstance(raw, str):
        return None
    words = [w for w in re.split(r"[\s-]+", raw.strip().lower()) if w and w not in _FILLERS]
    if words[:1] in (["a"], ["one"]) and words[1:2] == ["hundred"]:
        words = words[2:]
        total = 100
    else:
        total = 0
    if not words:
        return str(total) if total else None
    if any(w not in _NUMBER_WORDS for w in words) or len(words) > 2:
        return None
    values = [_NUMBER_WORDS[w] for w in words]
    if len(values) == 2 and not (values[0] in range(20, 100, 10) and 0 < values[1] < 10):
        return None  # "thirty eight", not "ten five" or "thirty eighty"
    return str(total + sum(values))


def exclusive(choice_id: str) -> bool:
    """A choice that sounds as if it rules out the others ("none", "no_pain", "none_in_foot")."""
    return choice_id == "none" or choice_id.startswith(("none_", "no_"))


def alone_but_with_others(choice_ids: Sequence[str], *, typed: bool) -> str | None:
    """The choice among several that must be given alone, or None. Typed at a prompt, any choice
    that sounds exclusive ("none, 3") is a slip to ask about, not to guess. From a flag or a file
    only "none" is: it means none of them, and a gate that reads "none" would skip a warning sign
    on the contradiction ("no pain in the foot itself" beside the calf is a real combination)."""
    if len(choice_ids) < 2:
        return None
    return next((c for c in choice_ids if c == "none" or (typed and exclusive(c))), None)


def choice_range(count: int, item: str) -> list[str]:
    """``2-4`` typed at a prompt as the choice numbers 2, 3 and 4; anything else as it is."""
    low, dash, high = item.partition("-")
    if not (dash and low.strip().isdecimal() and high.strip().isdecimal()):
        return [item]
    first, last = int(low), int(high)
    if first > last or not (first >= 1 and last <= count):
        raise AnswerError(say("answer.bad_range", shown=item, count=count))
    return [str(n) for n in range(first, last + 1)]


def by_prefix(choices: Iterable[Choice], text: str) -> str | None:
    """A typed start of one choice's words ("m" for male), or of its id in English (the ids are
    English words, shown only in English); None when it fits none or several, and for a word that
    says yes, no or not sure ("si" is not the start of "six weeks")."""
    if not text or any(text in words(name) for name in ("yes", "no", "unsure")):
        return None
    ids = language() == "en"
    fits = {c.id for c in choices if (ids and c.id.startswith(text)) or c.text.lower().startswith(text)}
    return fits.pop() if len(fits) == 1 else None


def without_unit(raw: object, unit: str) -> object:
    """``30 years`` (or ``30 year``, ``30y``) as ``30``, for a question asked in years."""
    found = _WITH_UNIT.fullmatch(raw) if isinstance(raw, str) and unit else None
    if found is None:
        return raw
    word, name = found.group(2).lower().rstrip("."), unit.lower()
    letters = iter(name)
    shortened = word[:1] == name[:1] and all(letter in letters for letter in word)  # y, yr, yrs
    return found.group(1) if shortened or name.rstrip("s") == word.rstrip("s") else raw
