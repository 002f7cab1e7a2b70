"""Which foot: the record question that asks it, its validation, and the side in every result."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from footspine.adaptive import next_question
from footspine.cli import app
from footspine.errors import RulesError
from footspine.evaluation import interview
from footspine.interview import every_question
from footspine.lint import lint
from footspine.render_report import markdown
from footspine.results import CheckResult
from footspine.rules import Rules
from footspine.side import side_of

from .conftest import ROOT, TINY, load_dict

runner = CliRunner()
SIDES = {
    "id": "sides",
    "text": "One foot or both?",
    "help": "h",
    "kind": "single",
    "choices": [{"id": "one_foot", "text": "one foot"}, {"id": "both_feet", "text": "both feet"}],
}
WHICH = {
    "id": "which_foot",
    "text": "Which foot?",
    "help": "h",
    "kind": "single",
    "choices": [{"id": "left", "text": "left"}, {"id": "right", "text": "right"}],
    "ask_if": {"eq": ["sides", "one_foot"]},
}


def with_record(**adaptive: Any) -> dict[str, Any]:
    """The tiny rules with a scored `sides` question and the unscored `which_foot` recorded."""
    data = copy.deepcopy(TINY)
    data["questions"] += [copy.deepcopy(SIDES), copy.deepcopy(WHICH)]
    data["conditions"][1]["findings"].append(
        {"when": {"eq": ["sides", "both_feet"]}, "label": "both", "weight": 1.0, "source": "s"}
    )
    data["adaptive"] = {"record": ["which_foot"], **adaptive}
    return data


@pytest.mark.parametrize(
    ("answers", "side"),
    [
        ({}, "unknown"),
        ({"sides": "unsure"}, "unknown"),
        ({"sides": "one_foot"}, "one_foot"),
        ({"sides": "one_foot", "which_foot": "unsure"}, "one_foot"),
        ({"sides": "one_foot", "which_foot": "left"}, "left"),
        ({"which_foot": "right"}, "right"),  # a which-foot answer alone means one foot
        ({"sides": "both_feet", "which_foot": "left"}, "both"),  # not asked for both feet
    ],
)
def test_side_reads_both_answers(answers: dict[str, str], side: str) -> None:
    assert side_of(answers) == side


def asked(rules: Rules, person: dict[str, Any], choose: Any) -> list[str]:
    return list(interview(rules, rules.answers(person), choose)[0])


def test_the_adaptive_interview_asks_which_foot_right_after_one_foot() -> None:
    rules = load_dict(with_record(core=["sides"]))
    order = asked(rules, {"sides": "one_foot", "which_foot": "left", "where": ["heel"]}, next_question)
    assert order.index("which_foot") == order.index("sides") + 1
    assert "which_foot" not in asked(rules, {"sides": "both_feet"}, next_question)


def test_before_stopping_the_adaptive_interview_asks_what_the_record_question_waits_on() -> None:
    # Without the record entry, `sides` is worth too little to be asked for this person...
    plain = with_record()
    plain["adaptive"] = {"min_gain": 10}
    assert "sides" not in asked(load_dict(plain), {"where": ["heel"], "back": "no"}, next_question)
    # ...with it, the interview asks `sides` and then which foot before it stops.
    data = with_record(min_gain=10)
    order = asked(
        load_dict(data),
        {"where": ["heel"], "back": "no", "sides": "one_foot", "which_foot": "right"},
        next_question,
    )
    assert order[-2:] == ["sides", "which_foot"]
    person = {"where": ["heel"], "back": "no", "sides": "both_feet"}
    assert asked(load_dict(data), person, next_question)[-1] == "sides"


def test_the_full_questionnaire_asks_which_foot_only_for_one_foot() -> None:
    rules = load_dict(with_record())
    assert "which_foot" in asked(rules, {"sides": "one_foot"}, every_question)
    assert "which_foot" not in asked(rules, {"sides": "both_feet"}, every_question)


def test_record_questions_are_validated() -> None:
    unknown = with_record()
    unknown["adaptive"]["record"] = ["which_fot"]
    with pytest.raises(
        RulesError,
        match=r"adaptive.record\[0\]: 'which_fot' is not a \(non-red-flag\) question \(did you mean 'which_foot'\?\)",
    ):
        load_dict(unknown)
    weighed = with_record()
    weighed["adaptive"]["record"] = ["sides"]
    with pytest.raises(RulesError, match=r"adaptive.record\[0\]: 'sides' is read by a finding"):
        load_dict(weighed)
    twice = with_record(core=["which_foot"])
    with pytest.raises(RulesError, match=r"listed twice in adaptive.core and adaptive.record"):
        load_dict(twice)
    flag = with_record()
    flag["adaptive"]["record"] = ["rf_cold"]
    with pytest.raises(RulesError, match=r"'rf_cold' is not a \(non-red-flag\) question"):
        load_dict(flag)


def test_a_record_question_is_not_an_unused_question() -> None:
    warnings = [str(w) for w in lint(load_dict(with_record()))]
    assert not any("which_foot" in w for w in warnings), warnings
    unrecorded = with_record()
    unrecorded["adaptive"] = {}
    assert any("'which_foot' is asked, but no finding" in str(w) for w in lint(load_dict(unrecorded)))


def test_the_real_rules_ask_which_foot_once_and_it_answers_one_foot_or_both(kb: Rules) -> None:
    """ "Which foot hurts?" (left, right or both) is asked; "one foot or both" then follows from it."""
    question = kb.kb.question_by_id["which_foot"]
    assert question.choice_ids == ("left", "right", "both") and "which_foot" in kb.kb.adaptive.record
    person = json.loads((ROOT / "tests" / "cases" / "p03.json").read_text())["answers"]
    prompted: list[str] = []

    def choose(rules: Rules, answers: Any) -> Any:
        choice = next_question(rules, answers)
        prompted.extend([choice.question.id] if choice else [])
        return choice

    for foot, sides in (("left", "one_foot"), ("both", "both_feet")):
        prompted.clear()
        answers, _ = interview(kb, kb.answers({**person, "which_foot": foot, "sides": sides}), choose)
        assert "which_foot" in prompted and "sides" not in prompted and answers["sides"] == sides
    assert side_of({"which_foot": "both"}) == "both" and side_of({"which_foot": "left"}) == "left"


def test_the_side_is_in_the_header_the_json_and_the_summary(kb: Rules) -> None:
    args = ["check", "--no-input", "-a", "sides=one_foot", "-a", "which_foot=left"]
    text = runner.invoke(app, args, env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert "footspine result: [!] SEE A CLINICIAN SOON - left foot" in text.stdout.splitlines()[0]
    as_json = runner.invoke(app, [*args, "--json"])
    document = json.loads(as_json.stdout)
    jsonschema.validate(document, json.loads((ROOT / "docs" / "result.schema.json").read_text()))
    assert document["side"] == "left" and document["answers"]["which_foot"] == "left"
    both = json.loads(runner.invoke(app, ["check", "--no-input", "--json", "-a", "sides=both_feet"]).stdout)
    assert both["side"] == "both"
    assert json.loads(runner.invoke(app, ["check", "--no-input", "--json"]).stdout)["side"] == "unknown"
    summary = markdown(
        CheckResult(kb.score({"sides": "one_foot", "which_foot": "right"}), kb.kb), date(2026, 1, 1)
    )
    assert "\n\n**Foot: right foot**\n\n" in summary


def test_no_public_case_is_asked_both_one_foot_or_both_and_which_foot(kb: Rules) -> None:
    """However the interview reaches the side (a warning sign's context, or the record before it
    stops), one screen settles it unless the person is not sure which foot."""
    for path in sorted((ROOT / "tests" / "cases").glob("p*.json"))[::3]:
        person = json.loads(path.read_text())["answers"]
        prompted: list[str] = []

        def choose(rules: Rules, answers: Any, log: list[str] = prompted) -> Any:
            choice = next_question(rules, answers)
            log.extend([choice.question.id] if choice else [])
            return choice

        interview(kb, kb.answers(person), choose, checklists=True)
        if person.get("which_foot") not in (None, "unsure"):
            assert not {"sides", "which_foot"} <= set(prompted), path.name
