"""The pure scorer on a tiny inline rule set."""

from __future__ import annotations

import math

from footspine.report import Reason
from footspine.rules import Rules
from footspine.wording import reason_text

from .conftest import load_dict, tiny_rules


def test_causes_rank_by_score_with_evidence_for_and_against(tiny: Rules) -> None:
    report = tiny.score({"where": ("heel",), "back": "yes", "leg": "below_knee"})
    assert [c.id for c in report.causes] == ["back_thing", "heel_thing"]
    back, heel = report.causes
    assert back.score == round(math.log(2.0) + 1.5, 6)
    assert back.likelihood == "likely"
    assert heel.score == 1.5
    assert heel.likelihood == "possible"
    assert [(e.label, e.points) for e in heel.evidence] == [("heel", 2.5), ("back", -1.0)]
    assert back.evidence[1].lr == 2.0


def test_a_cause_with_no_supporting_answer_is_not_listed(tiny: Rules) -> None:
    report = tiny.score({"back": "no", "where": ("toe",)})
    assert report.causes == ()


def test_ties_break_by_id() -> None:
    data = tiny_rules()
    data["conditions"][0]["findings"] = [
        {"when": {"in": ["where", ["heel"]]}, "label": "heel", "weight": 1.0, "source": "s"}
    ]
    data["conditions"][1]["findings"] = [
        {"when": {"in": ["where", ["heel"]]}, "label": "heel too", "weight": 1.0, "source": "s"}
    ]
    report = load_dict(data).score({"where": ("heel",)})
    assert [(c.id, c.score) for c in report.causes] == [("back_thing", 1.0), ("heel_thing", 1.0)]


def test_likely_cause_sets_triage_else_the_default(tiny: Rules) -> None:
    assert tiny.score({"where": ("heel",), "back": "no"}).triage.level == "self_care"
    nothing = tiny.score({"where": ("toe",), "back": "no"})
    assert nothing.triage.level == "soon"
    assert nothing.triage.reasons[0] == Reason("default")
    assert reason_text(nothing.triage.reasons[0], tiny.kb) == "Nothing stands out."


def test_red_flag_overrides_any_ranking(tiny: Rules) -> None:
    report = tiny.score({"where": ("heel",), "back": "no", "rf_cold": "yes", "rf_weak": "no"})
    assert report.triage.level == "emergency"
    assert report.triage.reasons[0] == Reason("red_flag", "rf_cold")
    assert reason_text(report.triage.reasons[0], tiny.kb) == "Red flag - Cold foot: Go now."
    assert [f.id for f in report.red_flags] == ["rf_cold"]
    assert report.causes[0].id == "heel_thing"


def test_most_urgent_red_flag_listed_first(tiny: Rules) -> None:
    report = tiny.score({"rf_weak": "yes", "rf_cold": "yes"})
    assert [f.level for f in report.red_flags] == ["emergency", "urgent"]


def test_unanswered_and_unsure_red_flags_are_reported_not_read_as_no(tiny: Rules) -> None:
    report = tiny.score({"rf_weak": "unsure"})
    assert {(f.id, f.status) for f in report.unanswered_red_flags} == {
        ("rf_cold", "not_answered"),
        ("rf_weak", "unsure"),
    }
    assert report.red_flags == ()
    assert report.triage.reasons[-1] == Reason("open_flags", count=2)
    assert "2 warning-sign questions were not answered" in reason_text(report.triage.reasons[-1], tiny.kb)
    answered = tiny.score({"rf_weak": "no", "rf_cold": "no"})
    assert answered.unanswered_red_flags == ()


def test_same_input_same_report(tiny: Rules) -> None:
    answers = {"where": ("heel", "toe"), "back": "yes", "age": 71.0}
    assert tiny.score(answers) == tiny.score(dict(reversed(list(answers.items()))))
