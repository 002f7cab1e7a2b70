"""Implied answers: one answer settles every question that asks the same thing, so the interview
never asks it twice; the rule file's lint keeps each implication well formed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest

from footspine import interview
from footspine.errors import RulesError
from footspine.implied import with_implied
from footspine.rules import Rules

from .conftest import load_dict, tiny_rules

COPY_BACK = {"question": "leg", "answer": "below_knee", "when": {"in": ["where", ["toe"]]}, "source": "s"}


class Script:
    def __init__(self, replies: Iterable[str]) -> None:
        self.replies = list(replies)
        self.asked: list[str] = []

    def ask(self, prompt: interview.Prompt) -> str:
        self.asked.append(prompt.question.id)
        return self.replies.pop(0)

    def notify(self, event: interview.Event) -> None:
        pass


def test_a_fever_answered_with_the_back_pain_answers_the_hot_foot_fever_question(kb: Rules) -> None:
    given = {"back_pain": "yes", "rf_back_fever": "yes", "local_signs": ("hot",)}
    answers, filled = with_implied(kb.kb, kb.answers(given))
    assert answers["rf_fever_hot_foot"] == "yes" and filled == ("rf_fever_hot_foot",)
    no_fever, _ = with_implied(kb.kb, kb.answers({**given, "rf_back_fever": "no"}))
    assert no_fever["rf_fever_hot_foot"] == "no"
    # A doubt is not copied: the question in its own words may get a surer answer.
    doubt, filled = with_implied(kb.kb, kb.answers({**given, "rf_back_fever": "unsure"}))
    assert "rf_fever_hot_foot" not in doubt and filled == ()


def test_an_implied_answer_waits_for_its_own_gate(kb: Rules) -> None:
    """The back-pain fever sign is never filled in for someone without back pain: a warning sign is
    implied only where the interview would ask it."""
    foot = kb.answers({"rf_fever_hot_foot": "yes", "local_signs": ("hot",), "back_pain": "no"})
    answers, filled = with_implied(kb.kb, foot)
    assert "rf_back_fever" not in answers and "rf_back_fever" not in filled
    assert with_implied(kb.kb, kb.answers({"rf_fever_hot_foot": "yes"}))[0].get("rf_back_fever") is None


def test_answers_that_say_yes_already_fill_in_the_diabetic_foot_and_the_leg_pain(kb: Rules) -> None:
    answers, _ = with_implied(kb.kb, kb.answers({"history": ("diabetes",), "local_signs": ("red",)}))
    assert answers["rf_diabetic_foot"] == "yes"
    calf, _ = with_implied(kb.kb, kb.answers({"pain_area": ("calf",)}))
    assert calf["leg_pain"] == "below_knee"
    snap, _ = with_implied(kb.kb, kb.answers({"rf_achilles_snap": "yes", "onset": "sudden"}))
    assert snap["sudden_pop"] == "yes"
    # An ordinary question whose gate is still open is filled in too (the interview would ask it),
    # but a "no" to the snap is not a "no" to a pop: people with a torn Achilles tendon answer the
    # two differently (the clinical review's finding 5), so the pop question is still asked.
    assert with_implied(kb.kb, kb.answers({"rf_achilles_snap": "yes"}))[0]["sudden_pop"] == "yes"
    assert "sudden_pop" not in with_implied(kb.kb, kb.answers({"rf_achilles_snap": "no"}))[0]


def test_the_interview_does_not_ask_an_implied_question_and_back_undoes_it() -> None:
    data = tiny_rules(implied_answers=[COPY_BACK])
    data["questions"].append({"id": "last", "text": "Anything else?", "help": "h", "kind": "yes_no"})
    rules = load_dict(data)
    script = Script(["no", "no", "40", "2", "yes", "no"])
    answers = interview.run(rules, {}, script.ask, script.notify, interview.every_question)
    assert script.asked == ["rf_cold", "rf_weak", "age", "where", "back", "last"]  # "leg" never asked
    assert answers["leg"] == "below_knee"
    # Going back over the answer that implied another takes the implied answer back too.
    script = Script(["no", "no", "40", "2", "yes", "back", "back", "1", "yes", "1", "no"])
    answers = interview.run(rules, {}, script.ask, script.notify, interview.every_question)
    assert script.asked[-4:] == ["where", "back", "leg", "last"] and answers["leg"] == "none"


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        ({"question": "nope", "answer": "yes", "source": "s"}, "unknown question 'nope'"),
        ({"question": "back", "source": "s"}, "exactly one of 'answer' and 'same_as'"),
        ({"question": "back", "answer": "yes", "same_as": "rf_cold", "source": "s"}, "exactly one of"),
        ({"question": "leg", "answer": "sideways", "source": "s"}, r"implied_answers\[0\].answer"),
        ({"question": "back", "same_as": "leg", "source": "s"}, "same kind and choices"),
        ({"question": "back", "same_as": "back", "source": "s"}, "another question"),
        ({**COPY_BACK, "when": {"eq": ["leg", "none"]}}, "reads 'leg', the question it answers"),
        ({**COPY_BACK, "when": {"eq": ["nope", "yes"]}}, "unknown question 'nope'"),
    ],
)
def test_the_lint_refuses_a_malformed_implied_answer(rule: dict[str, Any], problem: str) -> None:
    with pytest.raises(RulesError, match=problem):
        load_dict(tiny_rules(implied_answers=[rule]))


def test_the_shipped_rules_imply_only_well_formed_answers(kb: Rules) -> None:
    """Every shipped implication is sourced and fills a question that exists in the asking order."""
    assert kb.kb.implied_answers
    for rule in kb.kb.implied_answers:
        assert rule.question in kb.kb.question_by_id and rule.source
