"""The closed operator table and its three-valued logic."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from footspine.knowledge import RULES_WORDING
from footspine.model import Expr
from footspine.operators import evaluate
from footspine.shape import describe


def ev(expr: dict[str, Any], answers: dict[str, Any]) -> bool | None:
    return evaluate(msgspec.convert(expr, Expr), answers)


@pytest.mark.parametrize(
    ("expr", "answers", "expected"),
    [
        ({"eq": ["q", "yes"]}, {"q": "yes"}, True),
        ({"eq": ["q", "yes"]}, {"q": "no"}, False),
        ({"eq": ["q", "yes"]}, {}, None),
        ({"eq": ["q", "yes"]}, {"q": "unsure"}, None),
        ({"eq": ["q", "unsure"]}, {"q": "unsure"}, True),
        ({"in": ["m", ["a", "b"]]}, {"m": ("b", "c")}, True),
        ({"in": ["m", ["a"]]}, {"m": ("b",)}, False),
        ({"in": ["s", ["a", "b"]]}, {"s": "a"}, True),
        ({"gte": ["n", 70]}, {"n": 70.0}, True),
        ({"gte": ["n", 70]}, {"n": 69.0}, False),
        ({"lte": ["n", 59]}, {"n": 59.0}, True),
        ({"lte": ["n", 59]}, {"n": "unsure"}, None),
        ({"answered": "q"}, {"q": "no"}, True),
        ({"answered": "q"}, {"q": "unsure"}, False),
        ({"answered": "q"}, {}, False),
        ({"not": {"eq": ["q", "yes"]}}, {"q": "no"}, True),
        ({"not": {"eq": ["q", "yes"]}}, {}, None),
    ],
)
def test_comparisons(expr: dict[str, Any], answers: dict[str, Any], expected: bool | None) -> None:
    assert ev(expr, answers) is expected


def test_all_is_false_if_any_part_is_false_even_with_unknowns() -> None:
    expr = {"all": [{"eq": ["a", "yes"]}, {"eq": ["b", "yes"]}]}
    assert ev(expr, {"a": "no"}) is False
    assert ev(expr, {"a": "yes"}) is None
    assert ev(expr, {"a": "yes", "b": "yes"}) is True


def test_any_is_true_if_any_part_is_true_even_with_unknowns() -> None:
    expr = {"any": [{"eq": ["a", "yes"]}, {"eq": ["b", "yes"]}]}
    assert ev(expr, {"b": "yes"}) is True
    assert ev(expr, {"a": "no"}) is None
    assert ev(expr, {"a": "no", "b": "no"}) is False


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ({"equals": ["q", "yes"]}, "(top level): unknown operator 'equals'; allowed: all, any, not"),
        (
            {"eq": ["q", "yes"], "in": ["q", ["yes"]]},
            "(top level): a condition takes exactly one operator, found eq, in",
        ),
        ({}, "(top level): a condition takes exactly one operator, with a value (not null)"),
        (["eq", "q"], "(top level): a condition must be an object with one operator"),
        ({"eq": None}, "(top level): a condition takes exactly one operator, with a value (not null)"),
        ({"all": None}, "(top level): a condition takes exactly one operator, with a value (not null)"),
        ({"all": [{"eq": ["q", 1, 2]}]}, "all[0].eq: expected a list of 2 items, got 3"),
        ({"not": {"gte": ["q", "x"]}}, "not.gte[1]: expected a number, got text"),
    ],
)
def test_malformed_conditions_are_rejected_in_footspines_words(expr: Any, message: str) -> None:
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert(expr, Expr)
    found = describe(expr, Expr, RULES_WORDING)
    assert found is not None and found.startswith(message), found


# --- The compiled closures against a plain reading of the operator table ----------------------------

VALUES = ("a", "b", "c", "unsure")


def reference(expr: dict[str, Any], answers: dict[str, Any]) -> bool | None:
    """Kleene logic written out directly; the compiled, specialised closures must agree with it."""
    (op, operand), *_ = expr.items()
    if op in ("all", "any"):
        results = [reference(part, answers) for part in operand]
        decisive = op == "any"
        if decisive in results:
            return decisive
        return None if None in results else not decisive
    if op == "not":
        inner = reference(operand, answers)
        return None if inner is None else not inner
    if op == "answered":
        return answers.get(operand, "unsure") != "unsure"
    question, target = operand
    value = answers.get(question)
    targets = (target,) if op == "eq" else target
    if value is None:
        return None
    if value == "unsure":  # "unsure" matches only a comparison that names it, eq and in alike
        return True if op in ("eq", "in") and "unsure" in targets else None
    if op in ("gte", "lte"):
        if not isinstance(value, float):
            return None
        return value >= target if op == "gte" else value <= target
    if op == "eq":
        return value == target
    chosen = value if isinstance(value, tuple) else (value,)
    return any(item in target for item in chosen)


def expressions() -> st.SearchStrategy[dict[str, Any]]:
    leaves = st.one_of(
        st.builds(lambda v: {"eq": ["s", v]}, st.sampled_from(VALUES)),
        st.builds(lambda vs: {"in": ["s", vs]}, st.lists(st.sampled_from(VALUES), min_size=1, max_size=3)),
        st.builds(
            lambda vs: {"in": ["m", vs]}, st.lists(st.sampled_from(VALUES[:3]), min_size=1, max_size=3)
        ),
        st.builds(lambda n: {"gte": ["n", n]}, st.integers(0, 4)),
        st.builds(lambda n: {"lte": ["n", n]}, st.integers(0, 4)),
        st.sampled_from([{"answered": "s"}, {"answered": "m"}, {"answered": "n"}]),
    )
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.builds(lambda e: {"not": e}, inner),
            st.builds(lambda es: {"all": es}, st.lists(inner, min_size=1, max_size=3)),
            st.builds(lambda es: {"any": es}, st.lists(inner, min_size=1, max_size=3)),
        ),
        max_leaves=6,
    )


answer_values = st.fixed_dictionaries(
    {},
    optional={
        "s": st.sampled_from(VALUES),
        "m": st.one_of(
            st.just("unsure"),
            st.lists(st.sampled_from(VALUES[:3]), min_size=1, max_size=3, unique=True).map(tuple),
        ),
        "n": st.one_of(st.just("unsure"), st.integers(0, 4).map(float)),
    },
)


@settings(max_examples=500, deadline=None)
@given(expressions(), answer_values)
def test_compiled_conditions_follow_the_operator_table(expr: dict[str, Any], answers: dict[str, Any]) -> None:
    assert ev(expr, answers) is reference(expr, answers)
