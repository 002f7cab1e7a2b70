"""Evaluates rule-file conditions over answers with three-valued logic, so "not sure" is never read as "no"."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .model import UNSURE, Answers, Expr


def evaluate(expr: Expr, answers: Answers) -> bool | None:
    """True, False, or None when the answers cannot tell (unanswered or "not sure").

    ``all``/``any``/``not`` follow Kleene logic: one False settles ``all``, one True settles ``any``,
    and ``not`` of an unknown stays unknown. Each condition is compiled once into a closure.
    """
    return expr.test(answers)


Test = Callable[[Answers], "bool | None"]


def compile_expr(expr: Expr) -> Test:
    """Turn a condition into a function of the answers (called once per condition, then cached)."""
    if expr.all is not None:
        return _kleene(tuple(part.test for part in expr.all), decisive=False)
    if expr.any is not None:
        return _kleene(tuple(part.test for part in expr.any), decisive=True)
    if expr.not_ is not None:
        if expr.not_.in_ is not None and UNSURE not in expr.not_.in_[1]:
            return _among(expr.not_.in_[0], frozenset(expr.not_.in_[1]), negate=True)
        inner = expr.not_.test

        def negation(answers: Answers) -> bool | None:
            value = inner(answers)
            return None if value is None else not value

        return negation
    if expr.answered is not None:
        question_id = expr.answered
        return lambda answers: answers.get(question_id, UNSURE) != UNSURE
    if expr.eq is not None:
        question_id, target = expr.eq
        if target == UNSURE:
            return lambda answers: None if question_id not in answers else answers[question_id] == UNSURE

        def equals(answers: Answers) -> bool | None:
            value = answers.get(question_id)
            return None if value is None or value == UNSURE else value == target

        return equals
    if expr.in_ is not None:
        return _among(expr.in_[0], frozenset(expr.in_[1]), negate=False)
    if expr.gte is not None:
        question_id, bound = expr.gte

        def at_least(answers: Answers) -> bool | None:
            value = answers.get(question_id)
            return value >= bound if value.__class__ is float else None

        return at_least
    if expr.lte is not None:
        question_id, bound = expr.lte

        def at_most(answers: Answers) -> bool | None:
            value = answers.get(question_id)
            return value <= bound if value.__class__ is float else None

        return at_most
    raise AssertionError(f"operator {expr.op!r} has no evaluator")  # pragma: no cover


# The closures below run for every case in `batch`, so each condition is one call where it can be.


def _among(question_id: str, targets: frozenset[str | float], *, negate: bool) -> Test:
    """``in`` (or ``not`` of an ``in``, folded into one test): unknown stays unknown either way."""

    def among(answers: Answers) -> bool | None:
        value = answers.get(question_id)
        if value is None or value == UNSURE:
            return None
        if value.__class__ is tuple:
            return targets.isdisjoint(value) is negate
        return (value in targets) is not negate

    return among


def _kleene(parts: tuple[Test, ...], *, decisive: bool) -> Test:
    """``all`` (one False decides) or ``any`` (one True decides); otherwise unknown beats the default."""
    if len(parts) == 2:  # the usual shape, without the loop
        first, second = parts

        def pair(answers: Answers) -> bool | None:
            one = first(answers)
            if one is decisive:
                return decisive
            two = second(answers)
            if two is decisive:
                return decisive
            return None if one is None or two is None else not decisive

        return pair

    def combined(answers: Answers) -> bool | None:
        result: bool | None = not decisive
        for part in parts:
            value = part(answers)
            if value is decisive:
                return decisive
            if value is None:
                result = None
        return result

    return combined


def references(expr: Expr, path: str) -> Iterator[tuple[str, Expr, str]]:
    """Every comparison in ``expr`` as (question id, comparison, JSON path), for cross-checking."""
    for name, parts in (("all", expr.all), ("any", expr.any)):
        if parts is not None:
            for index, part in enumerate(parts):
                yield from references(part, f"{path}.{name}[{index}]")
            return
    if expr.not_ is not None:
        yield from references(expr.not_, f"{path}.not")
        return
    if expr.answered is not None:
        yield expr.answered, expr, f"{path}.answered"
        return
    for name, operand in (("eq", expr.eq), ("in", expr.in_), ("gte", expr.gte), ("lte", expr.lte)):
        if operand is not None:
            yield operand[0], expr, f"{path}.{name}"
            return


def to_text(expr: Expr) -> str:
    """A condition in short readable form, e.g. ``back_pain = yes and age >= 70``."""
    if expr.all is not None:
        return " and ".join(_grouped(part) for part in expr.all)
    if expr.any is not None:
        return " or ".join(_grouped(part) for part in expr.any)
    if expr.not_ is not None:
        return f"not {_grouped(expr.not_)}"
    if expr.answered is not None:
        return f"{expr.answered} is answered"
    if expr.eq is not None:
        return f"{expr.eq[0]} = {_value(expr.eq[1])}"
    if expr.in_ is not None:
        return f"{expr.in_[0]} in {{{', '.join(_value(v) for v in expr.in_[1])}}}"
    if expr.gte is not None:
        return f"{expr.gte[0]} >= {expr.gte[1]:g}"
    assert expr.lte is not None
    return f"{expr.lte[0]} <= {expr.lte[1]:g}"


def _grouped(expr: Expr) -> str:
    text = to_text(expr)
    return f"({text})" if expr.all is not None or expr.any is not None else text


def _value(value: str | float) -> str:
    return value if isinstance(value, str) else f"{value:g}"
