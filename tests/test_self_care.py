"""When a result is self-care: a leading self-care cause is enough when nothing that needs a clinician
is as likely and no warning sign is left open, and home care that has already failed rules it out."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from footspine.adaptive import next_question
from footspine.errors import RulesError
from footspine.evaluation import interview
from footspine.render_report import html_page, markdown
from footspine.results import CheckResult
from footspine.rules import Rules
from footspine.wording import reason_text

from .conftest import load_dict, tiny_rules

LIMIT = {
    "id": "tried",
    "when": {"eq": ["tried", "yes"]},
    "reason": "Home care has not helped.",
    "source": "s",
}
CLEAR = {"rf_cold": "no", "rf_weak": "no"}  # every warning sign answered no
HEEL = {**CLEAR, "where": ("heel",), "back": "no", "age": 30}


def rules(prior: float = -1.5, **self_care: Any) -> Rules:
    """The tiny rules, the heel cause only 'possible' from a heel alone (prior -1.5 + 2.5)."""
    data = tiny_rules(self_care={"from_band": "possible", "source": "s", "limits": [LIMIT], **self_care})
    data["questions"].append({"id": "tried", "text": "Tried home care?", "help": "h", "kind": "yes_no"})
    data["conditions"][0]["prior"] = prior
    return load_dict(data)


def codes(report: Any) -> list[tuple[str, str]]:
    return [(r.code, r.subject) for r in report.triage.reasons]


def test_a_leading_self_care_cause_that_is_possible_gives_self_care() -> None:
    kb = rules()
    report = kb.score(HEEL)
    assert report.causes[0].id == "heel_thing" and report.causes[0].likelihood == "possible"
    assert report.triage.level == "self_care"
    assert codes(report) == [("cause", "heel_thing")]  # the cause is named as the reason
    assert kb.rank(HEEL).level == "self_care"  # the decision alone agrees (batch, the interview)


@pytest.mark.parametrize(
    "change",
    [
        {"rf_cold": "unsure"},  # an emergency sign the person is not sure of
        {"rf_cold": None},  # a warning sign not answered at all
        {"rf_weak": None},
        {"age": 75},  # a cause that needs a clinician is as likely ('possible')
    ],
)
def test_an_open_warning_sign_or_a_cause_that_needs_a_clinician_keeps_the_default(
    change: dict[str, Any],
) -> None:
    answers = {k: v for k, v in {**HEEL, **change}.items() if v is not None}
    report = rules().score(answers)
    assert report.triage.level == "soon"
    assert ("default", "") in codes(report)


def test_an_urgent_sign_the_person_is_not_sure_of_keeps_self_care_and_says_to_check_it_today() -> None:
    """The "not sure" keeps the level the other answers give, and the headline names the sign; an
    emergency sign left "not sure" keeps the appointment instead (above)."""
    report = rules().score({**HEEL, "rf_weak": "unsure"})
    assert report.triage.level == "self_care"
    assert [(f.id, f.status, f.level) for f in report.unanswered_red_flags] == [
        ("rf_weak", "unsure", "urgent")
    ]
    assert codes(report) == [("cause", "heel_thing"), ("open_flags", "")]


def test_without_the_self_care_section_a_possible_cause_is_not_enough() -> None:
    data = tiny_rules()
    data["conditions"][0]["prior"] = -1.5
    assert load_dict(data).score(HEEL).triage.level == "soon"


def test_home_care_that_failed_rules_self_care_out_and_says_why() -> None:
    for kb in (rules(), rules(prior=0.0)):  # self-care from a 'possible' cause, and from a 'likely' one
        assert kb.score(HEEL).triage.level == "self_care"
        report = kb.score({**HEEL, "tried": "yes"})
        assert report.triage.level == "soon"
        assert ("self_care_limit", "tried") in codes(report)
        assert "Home care has not helped." in [reason_text(r, kb.kb) for r in report.triage.reasons]
        assert kb.score({**HEEL, "tried": "unsure"}).triage.level == "self_care"  # a doubt changes nothing


def test_the_interview_asks_about_home_care_last_and_only_for_a_self_care_result() -> None:
    kb = rules()
    asked, _ = interview(kb, {**HEEL, "tried": "no"}, next_question)
    assert list(asked)[-1] == "tried"
    soon, _ = interview(kb, {**HEEL, "age": 75, "tried": "no"}, next_question)
    assert "tried" not in soon


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"from_band": "likley"}, r"self_care.from_band: 'likley' is not a likelihood band.*likely"),
        ({"limits": [{**LIMIT, "when": {"eq": ["nope", "yes"]}}]}, r"self_care.limits\[0\].when"),
        ({"limits": [LIMIT, LIMIT]}, r"self_care.limits\[1\].id: duplicate id 'tried'"),
    ],
)
def test_the_rule_file_check_finds_a_wrong_self_care_section(section: dict[str, Any], message: str) -> None:
    with pytest.raises(RulesError, match=message):
        rules(**section)


def test_every_output_says_why_home_care_that_failed_needs_a_clinician() -> None:
    kb = rules()
    result = CheckResult(kb.score({**HEEL, "tried": "yes"}), kb.kb)
    assert "Home care has not helped." in markdown(result, date(2026, 1, 1))
    assert "Home care has not helped." in html_page(result, date(2026, 1, 1))
