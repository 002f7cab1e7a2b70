"""Gated red flags, flags asked positively, combinations and per-cause triage bands (the pure core)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

import footspine
from footspine.adaptive import next_question
from footspine.cases import load_cases
from footspine.errors import RulesError
from footspine.evaluation import interview
from footspine.interview import every_question
from footspine.lint import lint
from footspine.rules import Rules

from .conftest import TINY

STEPS = {
    "id": "rf_steps",
    "name": "Cannot walk",
    "text": "Can you take four steps?",
    "help": "Weight-bearing.",
    "level": "urgent",
    "advice": "Get an X-ray today.",
    "source": "test source, Ottawa rules",
    "raise_on": "no",
}
AFTER_BACK = {
    "id": "rf_back_fever",
    "name": "Back pain with fever",
    "text": "Fever with the back pain?",
    "help": "Infection.",
    "level": "emergency",
    "advice": "Go to the emergency department now.",
    "source": "test source, NICE NG59",
    "ask_if": {"not": {"eq": ["back", "no"]}},
}
COMBINATION = {
    "id": "cmb_heel_back",
    "name": "Heel and back together",
    "when": {"all": [{"in": ["where", ["toe"]]}, {"eq": ["rf_weak", "yes"]}]},
    "level": "emergency",
    "advice": "Call an ambulance now.",
    "source": "test source, expert consensus",
}


def rules_with(tmp_path: Path, **changes: Any) -> Rules:
    data = copy.deepcopy(TINY)
    data["red_flags"] += [STEPS, AFTER_BACK]
    data["combinations"] = [COMBINATION]
    for key, value in changes.items():
        data[key] = value
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(data))
    return footspine.load(path)


def test_a_flag_asked_positively_is_raised_by_no(tmp_path: Path) -> None:
    rules = rules_with(tmp_path)
    assert [f.id for f in rules.score({"rf_steps": "no"}).red_flags] == ["rf_steps"]
    calm = rules.score({"rf_steps": "yes"})
    assert calm.red_flags == () and "rf_steps" not in {f.id for f in calm.unanswered_red_flags}


def test_a_gated_flag_is_open_on_uncertainty_and_left_out_only_when_its_gate_is_false(tmp_path: Path) -> None:
    rules = rules_with(tmp_path)

    def open_ids(answers: dict[str, Any]) -> set[str]:
        return {f.id for f in rules.score(answers).unanswered_red_flags}

    assert "rf_back_fever" in open_ids({})
    assert "rf_back_fever" in open_ids({"back": "unsure"})
    assert "rf_back_fever" in open_ids({"back": "yes"})
    assert "rf_back_fever" not in open_ids({"back": "no"})  # no back pain: the question does not apply
    assert rules.score({"back": "no", "rf_back_fever": "yes"}).triage.level == "emergency"  # a yes counts


def test_the_red_flag_phase_asks_a_gate_before_its_flag_and_combinations_before_ordinary_questions(
    tmp_path: Path,
) -> None:
    rules = rules_with(tmp_path)
    for choose in (next_question, every_question):
        answers = rules.answers({})
        asked: list[tuple[str, str]] = []
        person = {"rf_cold": "no", "rf_weak": "yes", "rf_steps": "yes", "back": "yes", "rf_back_fever": "no"}
        while (choice := choose(rules, answers)) is not None:
            asked.append((choice.question.id, choice.reason))
            answers = answers.adding(choice.question.id, person.get(choice.question.id, "unsure"))
        ids = [question for question, _ in asked]
        assert ids[:6] == ["rf_cold", "rf_weak", "rf_steps", "back", "rf_back_fever", "where"]
        assert asked[3][1] == asked[5][1] == "red_flag_context"  # the gate; the combination's question


def test_a_gate_already_true_asks_its_flag_without_waiting_for_the_rest_of_its_context(
    tmp_path: Path,
) -> None:
    either = {**AFTER_BACK, "ask_if": {"any": [{"not": {"eq": ["back", "no"]}}, {"in": ["where", ["toe"]]}]}}
    data = copy.deepcopy(TINY)
    data["red_flags"] += [STEPS, either]
    path = tmp_path / "either.json"
    path.write_text(json.dumps(data))
    rules = footspine.load(path)
    answers = rules.answers({"rf_cold": "no", "rf_weak": "no", "rf_steps": "yes", "back": "yes"})
    choice = next_question(rules, answers)
    assert choice is not None and (choice.question.id, choice.reason) == ("rf_back_fever", "red_flag")
    undecided = rules.answers({"rf_cold": "no", "rf_weak": "no", "rf_steps": "yes", "back": "no"})
    choice = next_question(rules, undecided)
    assert choice is not None and (choice.question.id, choice.reason) == ("where", "red_flag_context")


def test_a_combination_is_raised_like_a_red_flag_at_the_top(tmp_path: Path) -> None:
    rules = rules_with(tmp_path)
    report = rules.score({"where": ["toe"], "rf_weak": "yes"})
    assert [f.id for f in report.red_flags] == ["cmb_heel_back", "rf_weak"]  # most urgent first
    assert report.triage.level == "emergency"
    assert report.triage.reasons[0].subject == "cmb_heel_back"
    assert rules.score({"where": ["heel"], "rf_weak": "yes"}).triage.level == "urgent"


def test_triage_from_lets_a_dangerous_cause_set_triage_when_possible(tmp_path: Path) -> None:
    conditions = copy.deepcopy(TINY["conditions"])
    conditions[0]["triage"] = "urgent"
    answers = {"where": ["heel"], "back": "yes"}  # heel_thing scores 1.5: "possible"
    plain = rules_with(tmp_path, conditions=conditions)
    assert plain.score(answers).triage.level != "urgent"
    conditions[0]["triage_from"] = "possible"
    dangerous = rules_with(tmp_path, conditions=conditions)
    report = dangerous.score(answers)
    assert report.triage.level == "urgent"
    assert any(r.code == "cause" and r.subject == "heel_thing" for r in report.triage.reasons)
    conditions[0]["triage_from"] = "posible"
    with pytest.raises(RulesError, match=r"conditions\[0\]\.triage_from: 'posible' is not a likelihood band"):
        rules_with(tmp_path, conditions=conditions)


def test_combination_ids_are_unique_and_their_conditions_checked(tmp_path: Path) -> None:
    clash = {**COMBINATION, "id": "rf_cold"}
    with pytest.raises(RulesError, match=r"combinations\[0\]\.id: duplicate id 'rf_cold'"):
        rules_with(tmp_path, combinations=[clash])
    typo = {**COMBINATION, "when": {"eq": ["bak", "yes"]}}
    with pytest.raises(RulesError, match=r"combinations\[0\]\.when\.eq: unknown question 'bak'"):
        rules_with(tmp_path, combinations=[typo])


def test_lint_flags_unsafe_gates_and_causes_whose_triage_never_applies(tmp_path: Path) -> None:
    # Three-valued logic keeps {"eq": ["back", "yes"]} safe (unsure is unknown, not false); these
    # two are not: the first skips the flag on "unsure", the second before "back" is answered.
    skips_on_unsure = {**AFTER_BACK, "id": "rf_only_yes", "ask_if": {"not": {"eq": ["back", "unsure"]}}}
    skips_unasked = {**AFTER_BACK, "id": "rf_answered", "ask_if": {"answered": "back"}}
    never = {**COMBINATION, "when": {"all": [{"eq": ["back", "yes"]}, {"eq": ["back", "no"]}]}}
    conditions = copy.deepcopy(TINY["conditions"])
    conditions[1]["triage"] = "emergency"
    conditions[1]["triage_from"] = "likely"
    conditions[1]["prior"] = -5.0  # out of reach of "likely" whatever is answered
    data = copy.deepcopy(TINY)
    data["red_flags"] += [STEPS, skips_on_unsure, skips_unasked]
    data["combinations"] = [never]
    data["conditions"] = conditions
    path = tmp_path / "lint.json"
    path.write_text(json.dumps(data))
    warnings = [str(w) for w in lint(footspine.load(path))]
    assert "red_flags[3].ask_if: an 'unsure' answer to 'back' would skip 'rf_only_yes'" in warnings
    assert (
        "red_flags[4].ask_if: is false with nothing answered, so 'rf_answered' could be skipped unasked"
        in warnings
    )
    assert "combinations[0].when: can never be true" in warnings
    assert any(w.startswith("conditions[1]: 'back_thing' can score at most") for w in warnings)


def test_the_shipped_rules_have_safe_gates() -> None:
    warnings = [str(w) for w in lint(footspine.load())]
    assert not [w for w in warnings if "ask_if" in w or "combinations" in w or "triage never applies" in w]


REASSURED = {"injury": "no", "back_pain": "no", "leg_pain": "none", "history": ["none"], "age": 40.0}


@pytest.mark.parametrize(
    ("flag", "ruled_out", "still_open"),
    [
        (
            "rf_hot_joint",
            {"local_signs": ["none"]},
            [
                {"local_signs": "unsure"},
                {"local_signs": ["hot"]},
                {"local_signs": ["none"], "history": ["joint_replacement"]},
                {"local_signs": ["none"], "history": "unsure"},
            ],
        ),
        (
            "rf_worsening_weakness",
            {"weakness": ["none"]},
            [
                {"weakness": "unsure"},
                {"weakness": ["other"]},
                {"weakness": ["lift_foot"]},
                {"weakness": ["none"], "history": ["cancer"]},  # cord compression may show as heaviness
            ],
        ),
        (
            "rf_both_legs",
            {"weakness": ["none"], "numbness": ["none"]},
            [
                {"weakness": ["none"], "numbness": ["other"]},
                {"weakness": ["other"], "numbness": ["none"]},
                {"weakness": ["none"], "numbness": "unsure"},
                {"weakness": ["none"], "numbness": ["none"], "leg_pain": "below_knee"},
            ],
        ),
        (
            "rf_saddle_numbness",
            {"weakness": ["none"], "numbness": ["none"]},
            [
                {"weakness": ["none"], "numbness": ["other"], "rf_both_legs": "unsure"},
                {"weakness": ["tiptoe"], "numbness": ["none"], "rf_both_legs": "yes"},
                {"weakness": ["none"], "numbness": ["none"], "back_pain": "unsure"},
            ],
        ),
        (
            "rf_bladder_bowel",
            {"weakness": ["other"], "numbness": ["none"], "rf_both_legs": "no"},
            [
                {"weakness": ["other"], "numbness": ["none"], "rf_both_legs": "unsure"},
                {"weakness": ["none"], "numbness": ["none"], "leg_pain": "buttock_or_thigh"},
            ],
        ),
    ],
)
def test_a_warning_sign_is_left_out_only_when_an_answer_rules_its_content_out(
    flag: str, ruled_out: dict[str, Any], still_open: list[dict[str, Any]]
) -> None:
    """The shipped rules skip a flag whose content an earlier answer excludes (a painful area neither
    swollen, red nor hot excludes a hot swollen joint; no weakness in the foot or leg excludes a new
    or worsening one; no leg pain, weakness or numbness excludes new symptoms in both legs), and ask
    it on 'not sure', an answer that leaves it possible, or a history that makes it likelier. The
    weakness and numbness questions each end in a choice for anything else in the leg, so 'none'
    means none anywhere in the foot or leg."""
    rules = footspine.load()

    def asked(person: dict[str, Any]) -> bool:
        answers = rules.answers({**REASSURED, **person})
        while (choice := next_question(rules, answers)) is not None:
            if choice.question.id == flag:
                return True
            answers = answers.adding(choice.question.id, "unsure")
        return False

    assert not asked(ruled_out)
    for person in still_open:
        assert asked(person), person


@pytest.mark.parametrize("case", ["p05", "p10", "p14", "p25", "p72"])
def test_the_interview_does_not_stop_short_of_a_question_an_unsure_gate_left_open(case: str) -> None:
    """These people answered "not sure" about redness; spreading redness would make the result
    urgent, so it is asked before the interview stops, as the full questionnaire asks it."""
    rules = footspine.load()
    (person,) = load_cases([Path(__file__).parent / "cases" / f"{case}.json"], rules)
    assert "spreading_redness" in interview(rules, person.answers, next_question)[0]
