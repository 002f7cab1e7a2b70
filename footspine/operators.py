"""The closed operator table: everything footspine knows about each operator of a condition, in one entry.

A condition (``Expr``) is an object with exactly one operator. Each entry of OPERATORS says how that
operator is compiled into a test of the answers, which questions it reads, how it reads as text,
which operands it accepts for a question, and which answers make it hold (the scoring index's keys).
Adding an operator is one field on ``model.Expr`` (its JSON shape) and one entry here.

Evaluation is three-valued (Kleene): True, False, or None when the answers cannot tell. A question
not answered is always unknown. An answer of "unsure" is unknown too, except to a comparison that
names "unsure" among its values, which it then matches (the same for ``eq`` and ``in``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import did_you_mean
from .kinds import UNSURE, AnswerValue
from .messages import say
from .model_types import Expr

if TYPE_CHECKING:
    from .kinds import Question

Answers = Mapping[str, AnswerValue]
Test = Callable[[Answers], "bool | None"]
Reference = tuple[str, Expr, str]  # (question id, the comparison, its JSON path)


class Operator(NamedTuple):
    name: str
    attribute: str  # the field of model.Expr that holds the operand
    compile: Callable[[Any], Test]  # operand -> test
    children: Callable[[Any], tuple[Expr, ...]]  # nested conditions (all/any/not)
    question: Callable[[Any], str | None]  # the question a comparison reads, None for all/any/not
    text: Callable[[Any], str]
    check: Callable[[Question, Any], Iterator[str]]  # problems with the operand for this question
    holds_for: Callable[
        [Any], tuple[AnswerValue, ...] | None
    ]  # the answers that make it hold, if a lookup can tell


def operator_of(expr: Expr) -> Operator:
    """The one operator a validated condition has (found once, kept on the frozen condition)."""
    found: Operator | None = expr.__dict__.get("_operator")
    if found is not None:
        return found
    for operator in OPERATORS.values():
        if getattr(expr, operator.attribute) is not None:
            expr.__dict__["_operator"] = operator
            return operator
    raise AssertionError("a validated condition has an operator")  # pragma: no cover


def operand(expr: Expr) -> Any:
    return getattr(expr, operator_of(expr).attribute)


def compiled(expr: Expr) -> Test:
    """The condition as a function of the answers, compiled once and kept on the (frozen) condition."""
    test: Test | None = expr.__dict__.get("_test")
    if test is None:
        test = operator_of(expr).compile(operand(expr))
        expr.__dict__["_test"] = test
    return test


def evaluate(expr: Expr, answers: Answers) -> bool | None:
    """True, False, or None when the answers cannot tell (unanswered, or "not sure")."""
    return compiled(expr)(answers)


def references(expr: Expr, path: str) -> Iterator[Reference]:
    """Every comparison in ``expr`` as (question id, comparison, JSON path), for cross-checking."""
    operator = operator_of(expr)
    value = operand(expr)
    question = operator.question(value)
    if question is not None:
        yield question, expr, f"{path}.{operator.name}"
        return
    children = operator.children(value)
    if operator.name == "not":
        yield from references(children[0], f"{path}.not")
        return
    for index, child in enumerate(children):
        yield from references(child, f"{path}.{operator.name}[{index}]")


def children(expr: Expr) -> tuple[Expr, ...]:
    return operator_of(expr).children(operand(expr))


def to_text(expr: Expr) -> str:
    """A condition in short readable form, e.g. ``back_pain = yes and age >= 70``."""
    return operator_of(expr).text(operand(expr))


def holds_for(expr: Expr) -> tuple[str, tuple[AnswerValue, ...]] | None:
    """(question, answers) when the condition holds exactly when the answer is one of those answers
    (or, for several answers, includes one), so a lookup can find it; None when it must be evaluated."""
    operator = operator_of(expr)
    value = operand(expr)
    answers = operator.holds_for(value)
    question = operator.question(value)
    return (question, answers) if answers is not None and question is not None else None


def check_operand(question: Question, expr: Expr) -> Iterator[str]:
    """Problems with a comparison's values for the question it reads (the question kind decides)."""
    yield from operator_of(expr).check(question, operand(expr))


# --- The entries ----------------------------------------------------------------------------------
# The closures run for every case in `batch`, so each condition is one call where it can be.


def _among(question_id: str, targets: frozenset[AnswerValue], *, negate: bool = False) -> Test:
    """``in`` and ``eq`` (and ``not`` of one, folded into the same test): unknown when unanswered,
    and when "unsure" unless "unsure" is a target."""
    on_unsure = (not negate) if UNSURE in targets else None
    if len(targets) == 1 and not negate:  # plain `eq`, the commonest comparison: one test less
        (target,) = targets

        def equals(answers: Answers) -> bool | None:
            value = answers.get(question_id)
            if value is None:
                return None
            if value == UNSURE:
                return on_unsure
            if value.__class__ is tuple:
                return target in value
            return value == target

        return equals

    def among(answers: Answers) -> bool | None:
        value = answers.get(question_id)
        if value is None:
            return None
        if value == UNSURE:
            return on_unsure
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


def _negation(inner: Expr) -> Test:
    if inner.eq is not None:  # one test instead of two: `not` runs for every case in `batch`
        return _among(inner.eq[0], frozenset((inner.eq[1],)), negate=True)
    if inner.in_ is not None:
        return _among(inner.in_[0], frozenset(inner.in_[1]), negate=True)
    test = compiled(inner)

    def negation(answers: Answers) -> bool | None:
        value = test(answers)
        return None if value is None else not value

    return negation


def _bound(question_id: str, bound: float, *, at_least: bool) -> Test:
    if at_least:
        return lambda answers: (
            value >= bound if (value := answers.get(question_id)).__class__ is float else None
        )
    return lambda answers: value <= bound if (value := answers.get(question_id)).__class__ is float else None


def _grouped(expr: Expr) -> str:
    text = to_text(expr)
    return f"({text})" if operator_of(expr).name in ("all", "any") else text


def _value(value: AnswerValue) -> str:
    return value if isinstance(value, str) else f"{value:g}"


def _no_children(_: Any) -> tuple[Expr, ...]:
    return ()


def _no_question(_: Any) -> None:
    return None


def _not_a_lookup(_: Any) -> None:
    return None


def _no_operand_checks(question: Question, value: Any) -> Iterator[str]:
    return iter(())


def _check_values(question: Question, values: tuple[AnswerValue, ...], name: str) -> Iterator[str]:
    if not values:
        yield f"'{name}' needs at least one value"
    for value in values:
        if value == UNSURE:
            continue
        if question.kind == "number":
            if isinstance(value, str):
                yield f"{question.id!r} takes numbers, not {value!r}"
        elif value not in question.choice_ids:
            hint = did_you_mean(str(value), question.choice_ids)
            allowed = ", ".join(question.choice_ids)
            yield f"{value!r} is not an answer of {question.id!r}{hint}; allowed: {allowed}"


def _check_eq(question: Question, value: tuple[str, AnswerValue]) -> Iterator[str]:
    if question.kind == "multi":
        yield f"{question.id!r} allows several answers; use 'in' instead of 'eq'"
        return
    yield from _check_values(question, (value[1],), "eq")


def _check_in(question: Question, value: tuple[str, tuple[AnswerValue, ...]]) -> Iterator[str]:
    yield from _check_values(question, value[1], "in")


def _check_bound(question: Question, value: tuple[str, float]) -> Iterator[str]:
    if question.kind != "number":
        yield f"'gte'/'lte' need a number question, but {question.id!r} is {question.kind!r}"


def _first(value: tuple[str, Any]) -> str:
    return value[0]


OPERATORS: dict[str, Operator] = {
    operator.name: operator
    for operator in (
        Operator(
            name="all",
            attribute="all",
            compile=lambda parts: _kleene(tuple(compiled(p) for p in parts), decisive=False),
            children=tuple,
            question=_no_question,
            text=lambda parts: say("expr.and").join(_grouped(p) for p in parts),
            check=_no_operand_checks,
            holds_for=_not_a_lookup,
        ),
        Operator(
            name="any",
            attribute="any",
            compile=lambda parts: _kleene(tuple(compiled(p) for p in parts), decisive=True),
            children=tuple,
            question=_no_question,
            text=lambda parts: say("expr.or").join(_grouped(p) for p in parts),
            check=_no_operand_checks,
            holds_for=_not_a_lookup,
        ),
        Operator(
            name="not",
            attribute="not_",
            compile=_negation,
            children=lambda inner: (inner,),
            question=_no_question,
            text=lambda inner: say("expr.not", condition=_grouped(inner)),
            check=_no_operand_checks,
            holds_for=_not_a_lookup,
        ),
        Operator(
            name="eq",
            attribute="eq",
            compile=lambda value: _among(value[0], frozenset((value[1],))),
            children=_no_children,
            question=_first,
            text=lambda value: f"{value[0]} = {_value(value[1])}",
            check=_check_eq,
            holds_for=lambda value: (value[1],),
        ),
        Operator(
            name="in",
            attribute="in_",
            compile=lambda value: _among(value[0], frozenset(value[1])),
            children=_no_children,
            question=_first,
            text=lambda value: f"{value[0]} in {{{', '.join(_value(v) for v in value[1])}}}",
            check=_check_in,
            holds_for=lambda value: tuple(dict.fromkeys(value[1])),
        ),
        Operator(
            name="gte",
            attribute="gte",
            compile=lambda value: _bound(value[0], value[1], at_least=True),
            children=_no_children,
            question=_first,
            text=lambda value: f"{value[0]} >= {value[1]:g}",
            check=_check_bound,
            holds_for=_not_a_lookup,
        ),
        Operator(
            name="lte",
            attribute="lte",
            compile=lambda value: _bound(value[0], value[1], at_least=False),
            children=_no_children,
            question=_first,
            text=lambda value: f"{value[0]} <= {value[1]:g}",
            check=_check_bound,
            holds_for=_not_a_lookup,
        ),
        Operator(
            name="answered",
            attribute="answered",
            compile=lambda question_id: lambda answers: answers.get(question_id, UNSURE) != UNSURE,
            children=_no_children,
            question=lambda question_id: question_id,
            text=lambda question_id: say("expr.answered", question=question_id),
            check=_no_operand_checks,
            holds_for=_not_a_lookup,
        ),
    )
}
