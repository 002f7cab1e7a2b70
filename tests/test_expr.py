"""The closed operator table and its three-valued logic."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from footspine.expr import evaluate
from footspine.model import Expr


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
        ({"equals": ["q", "yes"]}, "unknown field `equals`"),
        ({"eq": ["q", "yes"], "in": ["q", ["yes"]]}, "exactly one operator, found eq, in"),
        ({}, "exactly one operator"),
        (["eq", "q"], "Expected `object`, got `array`"),
        ({"eq": None}, "with a value \\(not null\\)"),
        ({"all": None}, "with a value \\(not null\\)"),
    ],
)
def test_malformed_conditions_are_rejected(expr: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        msgspec.convert(expr, Expr)
