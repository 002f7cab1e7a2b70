"""The shipped rules' clinical behaviour for causes and limits added in rules 2026.12.8: night cramps,
bleeding under a toenail, the NHS "stops your normal activities" reason to see a GP, foot drop in
both legs, and Charcot foot without diabetes or numbness. Each test is a short story told in
answers, as a person would give them."""

from __future__ import annotations

from typing import Any

import pytest

from footspine.rules import Rules

from .conftest import reassuring


def calm(kb: Rules, **answers: Any) -> dict[str, Any]:
    """Every warning sign answered the way that raises nothing, then the story's own answers."""
    base = {"history": ["none"], "injury": "no", "back_pain": "no", "leg_pain": "none", "weakness": ["none"],
            "numbness": ["none"], "local_signs": ["none"], "skin": ["normal"], "age": 60, "which_foot": "left"}  # fmt: skip
    return {**reassuring(kb), **base, **answers}


def night_cramps(kb: Rules, **more: Any) -> dict[str, Any]:
    return calm(
        kb,
        **{"pain_area": ["calf"], "cramp_attacks": "yes", "worse_at_night": "yes", "walking": "no", **more},
    )


def dark_toenail(kb: Rules, **more: Any) -> dict[str, Any]:
    toenail = {
        "age": 38,
        "pain_area": ["toes"],
        "nail_dark": "yes",
        "tight_shoes": "yes",
        "activity_change": "yes",
    }
    return calm(kb, **{**toenail, **more})


def first(kb: Rules, answers: dict[str, Any]) -> str:
    return kb.score(answers).causes[0].id


@pytest.mark.parametrize(
    ("story", "cause"), [(night_cramps, "nocturnal_leg_cramps"), (dark_toenail, "subungual_haematoma")]
)
def test_night_cramps_and_a_dark_toenail_lead_and_are_looked_after_at_home(
    kb: Rules, story: Any, cause: str
) -> None:
    report = kb.score(story(kb))
    assert report.causes[0].id == cause
    assert report.triage.level == "self_care"


def test_rest_pain_or_a_claudication_pattern_puts_cramps_behind(kb: Rules) -> None:
    assert first(kb, night_cramps(kb, rf_rest_pain_ischaemia="yes")) != "nocturnal_leg_cramps"
    walking = kb.score(night_cramps(kb, walking="eases_standing_still"))
    plain = kb.score(night_cramps(kb))
    score = {c.id: c.score for c in walking.causes}
    assert score["nocturnal_leg_cramps"] < {c.id: c.score for c in plain.causes}["nocturnal_leg_cramps"] - 1


def test_a_black_toe_is_not_read_as_blood_under_the_nail(kb: Rules) -> None:
    report = kb.score(dark_toenail(kb, rf_black_skin="yes"))
    assert report.causes[0].id != "subungual_haematoma"
    assert report.triage.level != "self_care"


def test_pain_that_stops_normal_activities_turns_self_care_into_an_appointment(kb: Rules) -> None:
    report = kb.score(dark_toenail(kb, daily_activities="yes"))
    assert report.triage.level == "soon"
    assert ("self_care_limit", "stops_daily_activities") in [
        (r.code, r.subject) for r in report.triage.reasons
    ]


def test_an_unsure_urgent_sign_keeps_self_care_an_unsure_emergency_sign_does_not(kb: Rules) -> None:
    assert kb.score(night_cramps(kb, rf_dvt="unsure")).triage.level == "self_care"
    assert kb.score(night_cramps(kb, rf_cold_pale_foot="unsure")).triage.level == "soon"


def test_foot_drop_in_both_legs_weighs_against_one_pressed_nerve_at_the_knee(kb: Rules) -> None:
    def peroneal(both: str) -> float:
        report = kb.score(calm(kb, weakness=["lift_foot"], pain_area=["top_of_foot"], rf_both_legs=both))
        return next(c.score for c in report.causes if c.id == "common_peroneal_neuropathy")

    assert peroneal("yes") == pytest.approx(peroneal("no") - 1.5)


def test_charcot_foot_needs_diabetes_or_a_numb_foot(kb: Rules) -> None:
    def charcot(**answers: Any) -> float:
        report = kb.score(calm(kb, pain_area=["top_of_foot"], local_signs=["swollen", "hot"], **answers))
        return next(c.score for c in report.causes if c.id == "charcot_foot")

    assert charcot() < charcot(numbness=["both_feet_all_over"]) - 1.5
    assert charcot(history=["diabetes"]) > charcot()


def test_a_dark_nail_nothing_explains_is_not_looked_after_at_home(kb: Rules) -> None:
    """No knock, tight shoe or extra running: a dark nail may be a melanoma, so a GP looks at it."""
    report = kb.score(dark_toenail(kb, age=58, tight_shoes="no", activity_change="no"))
    assert report.triage.level == "soon"
