"""The engine files findings and combinations under the answers they need (triggers.py), so a case
costs what its answers touch. A plain evaluator that tests every finding of every cause is the
reference: the filed scoring must give the very same reports, field by field."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from footspine import engine
from footspine.index import MICRO, ScoringIndex
from footspine.model import Answers, Expr
from footspine.operators import compiled
from footspine.triggers import AnswerKeys, answer_keys
from footspine.triggers import build as file_by_answer

from .test_expr import answer_values, expressions
from .test_properties import KB, answer_sets


@settings(max_examples=800, deadline=None)
@given(st.lists(expressions(), min_size=1, max_size=4), answer_values)
def test_filed_conditions_hold_exactly_when_tested_ones_do(
    exprs: list[dict[str, Any]], answers: dict[str, Any]
) -> None:
    conditions = [msgspec.convert(expr, Expr) for expr in exprs]
    expected = {number for number, expr in enumerate(conditions) if compiled(expr)(answers) is True}
    filed = file_by_answer(enumerate(conditions))
    assert filed.holding(answers, answer_keys(answers, ("m",))) == expected


def reference_tally(
    answers: Answers, given_keys: AnswerKeys, plan: ScoringIndex, holding: set[int] | None
) -> tuple[list[int], set[int]]:
    """Every finding of every cause tested on its own; of a group, the strongest that holds."""
    scores = list(plan.priors)
    listed: set[int] = set()
    number = 0
    for position, condition in enumerate(KB.kb.conditions):
        best: dict[str, tuple[int, int, bool]] = {}  # group -> (points, number, lists the cause)
        for finding in condition.scored_findings:
            points, suggests = round(finding.points * MICRO), finding.points > 0 and not finding.context
            if compiled(finding.when)(answers) is True:
                if finding.group is None:
                    scores[position] += points
                    listed.update([position] if suggests else [])
                    if holding is not None:
                        holding.add(number)
                elif finding.group not in best or points > best[finding.group][0]:
                    best[finding.group] = (points, number, suggests)
            number += 1
        for points, member, suggests in best.values():
            scores[position] += points
            listed.update([position] if suggests else [])
            if holding is not None:
                holding.add(member)
    return scores, listed


@settings(max_examples=300, deadline=None)
@given(answer_sets())
def test_the_filed_scorer_gives_the_reports_of_a_plain_evaluator(raw: dict[str, Any]) -> None:
    answers = KB.answers(raw)
    plan = KB.index
    given_keys = answer_keys(answers, plan.several)
    combinations = {n for n, c in enumerate(KB.kb.combinations) if compiled(c.when)(answers) is True}
    assert plan.combinations.holding(answers, given_keys) == combinations
    filed = KB.score(answers)
    filed_ranking = KB.rank(answers)
    filed_totals = KB.totals(answers)  # every cause's score, listed or not
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(engine, "_tally", reference_tally)
        assert KB.score(answers) == filed  # every field: triage, flags, causes, evidence, scores
        assert KB.rank(answers) == filed_ranking
        assert KB.totals(answers) == filed_totals
