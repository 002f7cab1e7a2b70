"""Which of many conditions hold, found from the answers given instead of by testing every one.

A case answers a few dozen questions; the rule file has hundreds of conditions (findings,
combinations). Testing each one per case makes scoring cost grow with the rule file. Instead each
condition is written once, when the rules load, as alternatives ("terms") of comparisons that must
all hold, and each term is filed under something it needs:

- an answer: ``pain_area = heel and age >= 50`` is filed under (pain_area, heel) and tested only for
  a case that gave that answer;
- else, for "not one of these" (``not in``): under its question, with the answers that rule it out,
  so one set difference finds every such term that holds;
- else, for a number at least or at most a bound (``gte``, ``lte``): under its question, sorted by
  the bound, so one binary search finds every such term that holds;
- else, under a question it needs answered; else (``not answered``) it is tested for every case.

A case then costs what its answers touch. This is exact in footspine's three-valued logic: a
condition holds (is True) exactly when one of its terms has every part True, because "all" is True
only when every part is True and "any" only when some part is. It assumes answers as the answers
pipeline makes them (ValidAnswers): no None values, numbers as finite floats, tuples only for the
questions that take several answers.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from itertools import product
from typing import NamedTuple

from .kinds import UNSURE
from .model import Answers, Expr
from .operators import Test, compiled, holds_for, operand, operator_of

MAX_TERMS = 16  # a condition that would unfold into more alternatives is tested as a whole

Filed = tuple[tuple[int, Test | None], ...]  # (condition number, the rest of its term to test)
AnswerKeys = set[tuple[str, object]]


class Part(NamedTuple):
    """One comparison of a term, as the filing sees it."""

    test: Test
    keys: tuple[tuple[str, object], ...] = ()  # answers that make it hold (eq, in)
    excluded: tuple[str, frozenset[object]] | None = None  # not eq/in: (question, answers that fail it)
    bound: tuple[str, float, bool] | None = None  # gte/lte: (question, bound, True for at least)
    needs: str | None = None  # a question it cannot hold without an answer to
    implies_answered: str | None = None  # a question it holds only when answered (not "not sure")
    answered_only: str | None = None  # the part is ``answered`` of this question


class Excluding(NamedTuple):
    """The "not one of these" terms on one question: which answers rule each term out."""

    every: frozenset[int]  # term numbers
    ruled_out_by: Mapping[object, frozenset[int]]
    terms: tuple[tuple[int, Test | None], ...]  # by term number: (condition number, rest to test)


class Bounded(NamedTuple):
    """The terms on one number question that need it at least (or at most) a bound, by bound."""

    at_least: tuple[float, ...]  # ascending
    at_least_terms: Filed
    at_most: tuple[float, ...]  # ascending
    at_most_terms: Filed


class Triggers:
    """Conditions filed under the answers that can make them hold. ``holding(answers, keys)`` is
    the set of the numbers given to ``build`` whose condition holds for those answers."""

    __slots__ = ("always", "bounded", "by_answer", "by_question", "excluding")

    def __init__(
        self,
        by_answer: Mapping[tuple[str, object], Filed],
        excluding: Mapping[str, Excluding],
        bounded: Mapping[str, Bounded],
        by_question: Mapping[str, Filed],
        always: Filed,
    ):
        self.by_answer = by_answer
        self.excluding = excluding
        self.bounded = bounded
        self.by_question = by_question
        self.always = always

    def holding(self, answers: Answers, given: AnswerKeys) -> set[int]:
        """The numbers whose condition holds; ``given`` is ``answer_keys(answers, ...)``."""
        found: set[int] = set()
        by_answer = self.by_answer
        for key in by_answer.keys() & given:  # only the answers something is filed under
            _add(by_answer[key], answers, found)
        excluding = self.excluding
        for question_id in excluding.keys() & answers.keys():
            value = answers[question_id]
            if value == UNSURE:  # "not one of these" is never True of "not sure"
                continue
            filed = excluding[question_id]
            ruled_out = filed.ruled_out_by
            left = filed.every.difference(
                *[ruled_out.get(single, ()) for single in (value if value.__class__ is tuple else (value,))]
            )
            terms = filed.terms
            _add([terms[term] for term in left], answers, found)
        bounded = self.bounded
        for question_id in bounded.keys() & answers.keys():
            number = answers[question_id]
            if number.__class__ is float:  # else unanswered in effect: "not sure"
                ranges = bounded[question_id]
                _add(ranges.at_least_terms[: bisect_right(ranges.at_least, number)], answers, found)
                _add(ranges.at_most_terms[bisect_left(ranges.at_most, number) :], answers, found)
        by_question = self.by_question
        for question_id in by_question.keys() & answers.keys():
            _add(by_question[question_id], answers, found)
        _add(self.always, answers, found)
        return found


def _add(filed: Iterable[tuple[int, Test | None]], answers: Answers, found: set[int]) -> None:
    for number, rest in filed:
        if number not in found and (rest is None or rest(answers) is True):
            found.add(number)


def answer_keys(answers: Answers, several: Iterable[str]) -> AnswerKeys:
    """Every (question, value) the answers give: one per answer, and one per value of the questions
    that take several answers (``several``), whose answer is a tuple."""
    keys: AnswerKeys = set(answers.items())
    for question_id in several:
        value = answers.get(question_id)
        if value.__class__ is tuple:
            keys.update([(question_id, single) for single in value])
    return keys


def build(conditions: Iterable[tuple[int, Expr]]) -> Triggers:
    """File each numbered condition under what its terms need (see the module's docstring)."""
    by_answer: dict[tuple[str, object], list[tuple[int, Test | None]]] = {}
    excluded: dict[str, list[tuple[frozenset[object], int, Test | None]]] = {}
    bounded: dict[str, list[tuple[float, bool, int, Test | None]]] = {}
    by_question: dict[str, list[tuple[int, Test | None]]] = {}
    always: list[tuple[int, Test | None]] = []
    for number, expr in conditions:
        terms = _terms(expr)
        if terms is None or not all(terms):  # too many alternatives, or an empty "all": tested whole
            always.append((number, compiled(expr)))
            continue
        for whole in terms:
            term = _without_implied(whole)
            keyed = next((part for part in term if part.keys), None)
            if keyed is not None:
                rest = _every([part.test for part in term if part is not keyed])
                for key in keyed.keys:
                    by_answer.setdefault(key, []).append((number, rest))
                continue
            negated = next((part for part in term if part.excluded is not None), None)
            if negated is not None and negated.excluded is not None:
                question_id, ruled_out = negated.excluded
                rest = _every([part.test for part in term if part is not negated])
                excluded.setdefault(question_id, []).append((ruled_out, number, rest))
                continue
            limited = next((part for part in term if part.bound is not None), None)
            if limited is not None and limited.bound is not None:
                question_id, limit, at_least = limited.bound
                rest = _every([part.test for part in term if part is not limited])
                bounded.setdefault(question_id, []).append((limit, at_least, number, rest))
                continue
            everything = _every([part.test for part in term])
            needed = next((part.needs for part in term if part.needs is not None), None)
            if needed is not None:
                by_question.setdefault(needed, []).append((number, everything))
            else:
                always.append((number, everything))
    return Triggers(
        {key: tuple(filed) for key, filed in by_answer.items()},
        {question_id: _excluding(filed) for question_id, filed in excluded.items()},
        {question_id: _bounded(filed) for question_id, filed in bounded.items()},
        {key: tuple(filed) for key, filed in by_question.items()},
        tuple(always),
    )


def _excluding(filed: list[tuple[frozenset[object], int, Test | None]]) -> Excluding:
    ruled_out_by: dict[object, set[int]] = {}
    for term, (ruled_out, _, _) in enumerate(filed):
        for value in ruled_out:
            ruled_out_by.setdefault(value, set()).add(term)
    return Excluding(
        every=frozenset(range(len(filed))),
        ruled_out_by={value: frozenset(terms) for value, terms in ruled_out_by.items()},
        terms=tuple((number, rest) for _, number, rest in filed),
    )


def _bounded(filed: list[tuple[float, bool, int, Test | None]]) -> Bounded:
    at_least = sorted(((limit, number, rest) for limit, up, number, rest in filed if up), key=_by_limit)
    at_most = sorted(((limit, number, rest) for limit, up, number, rest in filed if not up), key=_by_limit)
    return Bounded(
        tuple(limit for limit, _, _ in at_least),
        tuple((number, rest) for _, number, rest in at_least),
        tuple(limit for limit, _, _ in at_most),
        tuple((number, rest) for _, number, rest in at_most),
    )


def _by_limit(entry: tuple[float, int, Test | None]) -> tuple[float, int]:
    return entry[0], entry[1]


def _without_implied(term: tuple[Part, ...]) -> tuple[Part, ...]:
    """The term without an ``answered`` part that another part implies (a "not one of these" on the
    same question holds only when it is answered), so that part does not need testing."""
    implied = {part.implies_answered for part in term if part.implies_answered is not None}
    kept = tuple(part for part in term if part.answered_only not in implied)
    return kept or term


def _terms(expr: Expr) -> list[tuple[Part, ...]] | None:
    """The condition as alternatives of parts that must all hold, or None past MAX_TERMS."""
    name = operator_of(expr).name
    if name == "all":
        unfolded = [_terms(part) for part in expr.all or ()]
        if any(terms is None for terms in unfolded):
            return None
        count = 1
        for terms in unfolded:
            count *= len(terms)  # type: ignore[arg-type]
        if count > MAX_TERMS:
            return None
        return [tuple(part for term in choice for part in term) for choice in product(*unfolded)]  # type: ignore[arg-type]
    if name == "any":
        alternatives: list[tuple[Part, ...]] = []
        for part in expr.any or ():
            terms = _terms(part)
            if terms is None:
                return None
            alternatives.extend(terms)
        return alternatives if len(alternatives) <= MAX_TERMS else None
    return [(_part(expr),)]


def _part(expr: Expr) -> Part:
    """What the filing needs to know of one comparison (operators.py says what each one means)."""
    name = operator_of(expr).name
    test = compiled(expr)
    lookup = holds_for(expr)  # eq and in: the answers that make it hold
    if lookup is not None:
        question_id, values = lookup
        return Part(
            test,
            keys=tuple((question_id, value) for value in values),
            needs=question_id,
            implies_answered=None if UNSURE in values else question_id,
        )
    inner = holds_for(expr.not_) if name == "not" and expr.not_ is not None else None
    if inner is not None:
        question_id, values = inner
        return Part(
            test, excluded=(question_id, frozenset(values)), needs=question_id, implies_answered=question_id
        )
    if name in ("gte", "lte"):
        question_id, limit = operand(expr)
        return Part(
            test,
            bound=(question_id, float(limit), name == "gte"),
            needs=question_id,
            implies_answered=question_id,
        )
    if name == "answered":
        return Part(test, needs=operand(expr), answered_only=operand(expr))
    return Part(test)


def _every(tests: list[Test]) -> Test | None:
    """The parts of a term left to test once it is found: None when there are none."""
    if not tests:
        return None
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        first, second = tests
        return lambda answers: (first(answers) is True and second(answers) is True) or None
    return lambda answers: all(test(answers) is True for test in tests) or None
