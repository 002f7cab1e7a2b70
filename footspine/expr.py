"""Evaluates rule-file conditions over answers with three-valued logic, so "not sure" is never read as "no"."""

from __future__ import annotations

from collections.abc import Iterator

from .model import UNSURE, Answers, AnswerValue, Expr


def evaluate(expr: Expr, answers: Answers) -> bool | None:
    """True, False, or None when the answers cannot tell (unanswered or "not sure").

    ``all``/``any``/``not`` follow Kleene logic: one False settles ``all``, one True settles ``any``,
    and ``not`` of an unknown stays unknown.
    """
    if expr.all is not None:
        result: bool | None = True
        for part in expr.all:
            value = evaluate(part, answers)
            if value is False:
                return False
            if value is None:
                result = None
        return result
    if expr.any is not None:
        result = False
        for part in expr.any:
            value = evaluate(part, answers)
            if value is True:
                return True
            if value is None:
                result = None
        return result
    if expr.not_ is not None:
        value = evaluate(expr.not_, answers)
        return None if value is None else not value
    if expr.answered is not None:
        return _known(answers.get(expr.answered)) is not None
    if expr.eq is not None:
        question_id, target = expr.eq
        raw = answers.get(question_id)
        if target == UNSURE:
            return raw == UNSURE if raw is not None else None
        answer = _known(raw)
        return None if answer is None else answer == target
    if expr.in_ is not None:
        question_id, targets = expr.in_
        answer = _known(answers.get(question_id))
        if answer is None:
            return None
        if isinstance(answer, tuple):
            return any(choice in targets for choice in answer)
        return answer in targets
    if expr.gte is not None:
        answer = _known(answers.get(expr.gte[0]))
        return answer >= expr.gte[1] if isinstance(answer, float) else None
    if expr.lte is not None:
        answer = _known(answers.get(expr.lte[0]))
        return answer <= expr.lte[1] if isinstance(answer, float) else None
    raise AssertionError(f"operator {expr.op!r} has no evaluator")  # pragma: no cover


def _known(value: AnswerValue | None) -> AnswerValue | None:
    return None if value is None or value == UNSURE else value


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
