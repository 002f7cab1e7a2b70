"""The question-kind table: how each kind of question is defined, answered, shown and written, in one place.

A kind (``yes_no``, ``single``, ``multi``, ``number``) owns everything that differs between kinds:
what makes a question of that kind well defined, the answers it takes, how a typed or written
answer is read (``parse``), the answers already in footspine's own form (``canonical``, the fast
path of files and batch lines), the words that say what it accepts, how an answer is written to
JSON and read back, and the representative answers the adaptive interview and the lint try.
Adding a kind is one entry here and its name in ``model.Kind``.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from .errors import AnswerError, did_you_mean
from .messages import say, words
from .typed import alone_but_with_others, by_prefix, choice_range, number_in_words, without_unit

UNSURE = "unsure"
NONE = "none"  # the choice id that means none of the others
YES = "yes"
NO = "no"

# An answer: "yes"/"no"/a choice id/"unsure" (str), a number (float), or several choice ids (tuple).
AnswerValue = str | float | tuple[str, ...]
JsonAnswer = str | int | float | list[str]
Reader = Callable[[object], AnswerValue | None]
Canonical = tuple[frozenset[str], Reader]

_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")  # plain decimal numbers only: no 5_8, no 1e3


class _Choice(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...


class Question(Protocol):
    """What a kind reads of a question (model.Question has it; the kinds need no more)."""

    @property
    def id(self) -> str: ...
    @property
    def choices(self) -> Sequence[_Choice]: ...
    @property
    def choice_ids(self) -> tuple[str, ...]: ...
    @property
    def min(self) -> float | None: ...
    @property
    def max(self) -> float | None: ...
    @property
    def unit(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def allowed(self) -> str: ...

    def choice_text(self, choice_id: str) -> str: ...


class Kind:
    """The behaviour shared by every kind; each kind below overrides what differs."""

    name = ""
    several = False  # takes a list of answers

    def check_definition(self, question: Question) -> str | None:
        if question.choices:
            return f"a {self.name!r} question takes no choices"
        if question.min is not None or question.max is not None:
            return f"only 'number' questions take min/max, not {self.name!r}"
        return None

    def choice_ids(self, question: Question) -> tuple[str, ...]:
        return tuple(choice.id for choice in question.choices)

    def allowed(self, question: Question) -> str:
        """What the question accepts, in the words an error message or prompt shows."""
        return say("kind.allowed.choice", ids=say("word.or").join(question.choice_ids))

    def how_to_answer(self, question: Question) -> str:
        return say("kind.how.choice")

    def canonical(self, question: Question) -> Canonical:
        """The fast path of answers files and batch lines, built once per question: the strings
        taken exactly as written, and a reader for other answers already in footspine's own form
        (it gives None for anything else, which then goes to ``parse``)."""
        return frozenset((*question.choice_ids, UNSURE)), _nothing_more

    def parse(self, question: Question, raw: object, *, numbered: bool = False) -> AnswerValue:
        """A raw answer (a flag, a file, a prompt, a Python value) as a validated answer.

        ``numbered`` lets a typed choice number (1, 2, ...) stand for the choice, as prompts show them.
        """
        if isinstance(raw, str):
            text = _words(raw)
            if text in words("unsure"):
                return UNSURE
            choice = _choice(question, text, numbered) or (
                by_prefix(question.choices, text) if numbered else None
            )
            if choice is not None:
                return choice
        raise AnswerError(not_allowed(question, raw, numbered=numbered))

    def to_json(self, value: AnswerValue) -> JsonAnswer:
        return value  # type: ignore[return-value]

    def in_words(self, question: Question, value: AnswerValue) -> str:
        return question.choice_text(value) if isinstance(value, str) else str(value)

    def options(self, question: Question, cuts: Iterable[float] = ()) -> tuple[AnswerValue, ...]:
        """Representative answers, for the adaptive interview's expected gain: each choice alone."""
        return question.choice_ids

    def probes(self, question: Question, numbers: Iterable[float] = ()) -> tuple[AnswerValue, ...]:
        """Answers enough to try every way a condition can read the question (the lint's proofs)."""
        return (*question.choice_ids, UNSURE)


class YesNo(Kind):
    name = "yes_no"

    def choice_ids(self, question: Question) -> tuple[str, ...]:
        return (YES, NO)

    def how_to_answer(self, question: Question) -> str:
        return say("kind.how.yes_no")

    def parse(self, question: Question, raw: object, *, numbered: bool = False) -> AnswerValue:
        if raw is True:
            return YES
        if raw is False:
            return NO
        if isinstance(raw, str):
            text = _words(raw)
            if text in words("yes"):
                return YES
            if text in words("no"):
                return NO
        if numbered and not (isinstance(raw, str) and _words(raw) in words("unsure")):  # typed at a prompt
            raise AnswerError(say("answer.yes_no", shown=raw if isinstance(raw, str) else str(raw)))
        return super().parse(question, raw, numbered=numbered)

    def in_words(self, question: Question, value: AnswerValue) -> str:
        return say(f"answer.{value}").capitalize()


class Single(Kind):
    name = "single"

    def check_definition(self, question: Question) -> str | None:
        return _check_choices(self.name, question)


class Multi(Kind):
    name = "multi"
    several = True

    def check_definition(self, question: Question) -> str | None:
        return _check_choices(self.name, question)

    def allowed(self, question: Question) -> str:
        return say("kind.allowed.multi", ids=", ".join(question.choice_ids))

    def how_to_answer(self, question: Question) -> str:
        return say("kind.how.multi")

    def canonical(self, question: Question) -> Canonical:
        ids = question.choice_ids
        taken = frozenset(ids)

        def read(raw: object) -> AnswerValue | None:
            if raw.__class__ is list and raw and all(i.__class__ is str and i in taken for i in raw):
                if alone_but_with_others(raw, typed=False) is not None:
                    return None  # parse refuses it, with the reason
                return tuple(c for c in ids if c in raw)
            return None

        return frozenset({UNSURE}), read

    def parse(self, question: Question, raw: object, *, numbered: bool = False) -> AnswerValue:
        if isinstance(raw, str) and _words(raw) in words("unsure"):
            return UNSURE
        if isinstance(raw, str):
            items = [part for part in _words(raw).replace(" ", ",").split(",") if part]
        elif isinstance(raw, list | tuple) and raw and all(isinstance(item, str) for item in raw):
            items = [_words(item) for item in raw]
        else:
            raise AnswerError(not_allowed(question, raw))
        if numbered:  # a typed range of choice numbers: 1-3 is 1,2,3
            items = [number for item in items for number in choice_range(len(question.choice_ids), item)]
        if not items:
            raise AnswerError(not_allowed(question, raw, numbered=numbered))
        chosen: set[str] = set()
        for item in items:
            choice = _choice(question, item, numbered)
            if choice is None:
                raise AnswerError(not_allowed(question, item, numbered=numbered))
            chosen.add(choice)
        value = tuple(c for c in question.choice_ids if c in chosen)
        alone = alone_but_with_others(value, typed=numbered)
        if alone is not None:
            key = "answer.alone" if numbered else "answer.alone_id"  # the id only where it was typed
            raise AnswerError(say(key, question=question.id, given=alone, choice=question.choice_text(alone)))
        return value

    def to_json(self, value: AnswerValue) -> JsonAnswer:
        return list(value) if isinstance(value, tuple) else value

    def in_words(self, question: Question, value: AnswerValue) -> str:
        if isinstance(value, tuple):
            return "; ".join(question.choice_text(choice) for choice in value)
        return super().in_words(question, value)

    def options(self, question: Question, cuts: Iterable[float] = ()) -> tuple[AnswerValue, ...]:
        return tuple((choice,) for choice in question.choice_ids)

    def probes(self, question: Question, numbers: Iterable[float] = ()) -> tuple[AnswerValue, ...]:
        return (*self.options(question), question.choice_ids, UNSURE)


class Number(Kind):
    name = "number"

    def check_definition(self, question: Question) -> str | None:
        if question.choices:
            return "a 'number' question takes no choices"
        if question.min is None or question.max is None or question.min > question.max:
            return "a 'number' question needs 'min' and 'max' with min <= max"
        return None

    def choice_ids(self, question: Question) -> tuple[str, ...]:
        return ()

    def allowed(self, question: Question) -> str:
        return say("kind.allowed.number", range=self.how_to_answer(question))

    def how_to_answer(self, question: Question) -> str:
        unit = f" {question.unit}" if question.unit else ""
        return say("kind.how.number", min=question.min, max=question.max, unit=unit)

    def canonical(self, question: Question) -> Canonical:
        assert question.min is not None and question.max is not None
        low, high = question.min, question.max

        def read(raw: object) -> AnswerValue | None:
            kind = raw.__class__
            if (kind is int or kind is float) and low <= raw <= high:  # type: ignore[operator]
                return float(raw)  # type: ignore[arg-type]
            return None

        return frozenset({UNSURE}), read

    def parse(self, question: Question, raw: object, *, numbered: bool = False) -> AnswerValue:
        if isinstance(raw, str) and _words(raw) in words("unsure"):
            return UNSURE
        number = _number(without_unit(raw, question.unit))
        if number is None:  # "thirty eight", "seventy years"
            number = _number(number_in_words(raw))
        if number is None:
            raise AnswerError(not_allowed(question, raw, numbered=numbered))
        assert question.min is not None and question.max is not None
        if not question.min <= number <= question.max:
            if numbered:
                raise AnswerError(
                    say("answer.out_of_range_typed", number=number, how=self.how_to_answer(question))
                )
            raise AnswerError(
                say(
                    "answer.out_of_range", question=question.id, number=number, allowed=self.allowed(question)
                )
            )
        return number

    def to_json(self, value: AnswerValue) -> JsonAnswer:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value  # type: ignore[return-value]

    def in_words(self, question: Question, value: AnswerValue) -> str:
        return f"{value:g} {question.unit}".strip() if isinstance(value, float) else str(value)

    def options(self, question: Question, cuts: Iterable[float] = ()) -> tuple[AnswerValue, ...]:
        """A whole number inside each band that the findings' bounds cut the range into."""
        assert question.min is not None and question.max is not None
        edges = [question.min, *sorted(set(cuts)), question.max + 1]
        return tuple(
            float(math.floor((low + high) / 2)) for low, high in itertools.pairwise(edges) if high > low
        )

    def probes(self, question: Question, numbers: Iterable[float] = ()) -> tuple[AnswerValue, ...]:
        assert question.min is not None and question.max is not None
        inside = {question.min, question.max, *numbers}
        return (*(float(n) for n in sorted(inside) if question.min <= n <= question.max), UNSURE)


KINDS: dict[str, Kind] = {kind.name: kind for kind in (YesNo(), Single(), Multi(), Number())}


def _nothing_more(raw: object) -> None:
    return None


def kind_of(question: Question) -> Kind:
    return KINDS[question.kind]


def to_json_value(question: Question, value: AnswerValue) -> JsonAnswer:
    """An answer as it is written to JSON (the form --answers reads back)."""
    return kind_of(question).to_json(value)


def _check_choices(name: str, question: Question) -> str | None:
    if question.min is not None or question.max is not None:
        return f"only 'number' questions take min/max, not {name!r}"
    if len(question.choices) < 2:
        return f"a {name!r} question needs at least two choices"
    ids = [choice.id for choice in question.choices]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        return f"duplicate choice id {dupes[0]!r}"
    if UNSURE in ids:
        return f"choice id {UNSURE!r} is reserved for 'not sure'"
    return None


def _words(text: str) -> str:
    """Typed text compared as words: lower case, single spaces, accents composed ("sí" however the
    keyboard sent it)."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def _choice(question: Question, text: str, numbered: bool) -> str | None:
    if text in question.choice_ids:
        return text
    if numbered and text.isdecimal() and 1 <= int(text) <= len(question.choice_ids):
        return question.choice_ids[int(text) - 1]
    if numbered and text in words("no") and NONE in question.choice_ids:  # "no" typed for "none"
        return NONE
    return None


def _number(raw: Any) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        try:
            value = float(raw)
        except OverflowError:  # an integer too long for a float: no age or count is that large
            return None
    elif isinstance(raw, str) and _DECIMAL.fullmatch(raw.strip()):
        value = float(raw)
    else:
        return None
    return value if math.isfinite(value) else None


def not_allowed(question: Question, raw: Any, *, numbered: bool = False) -> str:
    """Why an answer is refused: with the question's id for a flag or a file, in the question's own
    terms for an answer typed at a prompt (where the id was never shown)."""
    shown = raw if isinstance(raw, str) else json.dumps(raw) if _jsonable(raw) else type(raw).__name__
    if len(shown) > 40:
        shown = shown[:37] + "..."
    hint = did_you_mean(shown, question.choice_ids) if isinstance(raw, str) else ""
    if not numbered:
        return say(
            "answer.not_allowed", question=question.id, shown=shown, hint=hint, allowed=question.allowed
        )
    if question.kind == "number":
        return say("answer.not_a_number", shown=shown, how=KINDS[question.kind].how_to_answer(question))
    if shown.strip().isdecimal():
        return say("answer.no_such_choice", shown=shown.strip(), count=len(question.choice_ids))
    return say("answer.not_a_choice", shown=shown, hint=hint, count=len(question.choice_ids))


def _jsonable(raw: Any) -> bool:
    try:
        json.dumps(raw)
    except (TypeError, ValueError, RecursionError):  # RecursionError: a value nested too deep to show
        return False
    return True
