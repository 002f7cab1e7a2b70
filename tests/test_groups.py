"""Groups of findings that count their strongest only, age priors, causes shown as the detail of
another (the nerve root under the disc), and the reachability checks."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from footspine.errors import RulesError
from footspine.lint import lint
from footspine.reach import first_place_rates, highest_scores
from footspine.render_json import report_document
from footspine.rules import Rules

from .conftest import TINY, load_dict

GROUP = {"id": "same_sign", "label": "two ways of asking one thing", "source": "test source, one study"}


def with_back_thing(**changes: Any) -> dict[str, Any]:
    """TINY whose second condition ('back_thing') takes ``changes``."""
    data = copy.deepcopy(TINY)
    data["conditions"][1].update(changes)
    return data


def grouped() -> Rules:
    findings = copy.deepcopy(TINY["conditions"][1]["findings"])
    findings[0]["group"] = findings[1]["group"] = "same_sign"  # back: +0.69 (LR 2), leg: +1.5
    return load_dict(with_back_thing(findings=findings, groups=[GROUP]))


def test_a_group_counts_only_its_strongest_finding_that_holds() -> None:
    rules = grouped()
    both = rules.score({"back": "yes", "leg": "below_knee"})
    cause = next(c for c in both.causes if c.id == "back_thing")
    assert cause.score == 1.5  # not 1.5 + 0.69
    assert [e.label for e in cause.evidence] == ["leg"]
    assert cause.evidence[0].group == GROUP["label"]
    back_only = next(c for c in rules.score({"back": "yes"}).causes if c.id == "back_thing")
    assert back_only.score == pytest.approx(0.693147)  # the weaker member counts when alone
    document = report_document(both, rules.kb)
    shown = next(c for c in document["causes"] if c["id"] == "back_thing")
    assert shown["evidence"][0]["counted_once_in"] == GROUP["label"]


def test_ranking_and_totals_agree_with_the_report_for_groups() -> None:
    rules = grouped()
    answers = {"back": "yes", "leg": "below_knee", "age": 80}
    report = rules.score(answers)
    ranking = rules.rank(answers)
    assert [rules.kb.conditions[p].id for p, _, _ in ranking.causes] == [c.id for c in report.causes]
    assert rules.totals(answers)[1] == pytest.approx(2.0)  # leg 1.5 + old 0.5; back not added


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"groups": []}, "unknown group 'same_sign'"),
        ({"groups": [GROUP, {**GROUP, "id": "lonely"}]}, "group 'lonely' needs two findings or more"),
    ],
)
def test_groups_are_checked_when_the_rules_load(change: dict[str, Any], message: str) -> None:
    findings = copy.deepcopy(TINY["conditions"][1]["findings"])
    findings[0]["group"] = findings[1]["group"] = "same_sign"
    with pytest.raises(RulesError, match=message):
        load_dict(with_back_thing(findings=findings, **{"groups": [GROUP], **change}))


def test_a_group_takes_only_supporting_findings() -> None:
    findings = copy.deepcopy(TINY["conditions"][0]["findings"])  # heel +2.5, back -1.0
    findings[0]["group"] = findings[1]["group"] = "same_sign"
    data = copy.deepcopy(TINY)
    data["conditions"][0].update(findings=findings, groups=[GROUP])
    with pytest.raises(
        RulesError, match=r"conditions\[0\]\.findings\[1\]\.group: only supporting symptom findings"
    ):
        load_dict(data)


AGE = {"max_age": 15, "prior": -2.0, "label": "Under 16: rare in children", "source": "test source, a review"}


def test_an_age_prior_replaces_the_prior_in_its_range_only() -> None:
    rules = load_dict(with_back_thing(age_priors=[AGE]))
    child = next(c for c in rules.score({"back": "yes", "age": 10}).causes if c.id == "back_thing")
    adult = next(c for c in rules.score({"back": "yes", "age": 40}).causes if c.id == "back_thing")
    unknown = next(c for c in rules.score({"back": "yes"}).causes if c.id == "back_thing")
    assert adult.score == unknown.score == pytest.approx(0.693147)
    assert child.score == pytest.approx(0.693147 - 2.0)
    assert "Under 16: rare in children" in [e.label for e in child.evidence]
    at_the_end = next(c for c in rules.score({"back": "yes", "age": 15}).causes if c.id == "back_thing")
    assert at_the_end.score == child.score  # the range includes its ends


def test_an_age_prior_needs_a_range() -> None:
    with pytest.raises(RulesError, match="min_age"):
        load_dict(with_back_thing(age_priors=[{k: v for k, v in AGE.items() if k != "max_age"}]))


def test_the_highest_score_is_found_with_answers_that_reach_it() -> None:
    rules = load_dict(TINY)
    reach = {r.condition_id: r for r in highest_scores(rules)}
    # back_thing: prior 0 + back (LR 2) + leg below the knee (asked only after back pain) + age 70.
    assert reach["back_thing"].score == pytest.approx(0.693147 + 1.5 + 0.5)
    assert reach["back_thing"].band == "likely"
    assert rules.totals(reach["back_thing"].answers)[1] == pytest.approx(reach["back_thing"].score)
    assert reach["heel_thing"].score == pytest.approx(2.5)  # back pain would only lower it


def test_the_lint_names_a_cause_that_can_never_be_likely() -> None:
    findings = [{"when": {"eq": ["back", "yes"]}, "label": "back", "weight": 1.0, "source": "test source"}]
    rules = load_dict(with_back_thing(findings=findings))
    warnings = [str(w) for w in lint(rules)]
    assert (
        "conditions[1]: 'back_thing' can score at most 1.00 (possible), so it is never 'likely'; "
        "give its typical findings their weight"
    ) in warnings
    assert not any("heel_thing" in w and "never 'likely'" in w for w in warnings)


def test_first_place_rates_count_every_random_answer_set_once() -> None:
    rules = load_dict(TINY)
    rates = first_place_rates(rules, 500, seed=1)
    listed = sum(bool(rules.rank(a).causes) for a in ({"where": ["heel"]}, {"back": "yes"}))
    assert listed == 2 and 0 < sum(rates.values()) <= 500  # sets that list no cause have no winner
    assert set(rates) == {"heel_thing", "back_thing"}
    assert rates == first_place_rates(rules, 500, seed=1)  # the same seed, the same figures


def with_detail(**changes: Any) -> Rules:
    data = copy.deepcopy(TINY)
    data["conditions"][0].update(detail_of=["back_thing"], **changes)  # heel_thing under back_thing
    return load_dict(data)


def test_a_detail_is_shown_under_its_cause_when_that_cause_is_listed() -> None:
    rules = with_detail()
    both = rules.score({"where": ["heel"], "back": "yes", "leg": "below_knee"})
    assert [c.id for c in both.causes] == ["back_thing"]
    assert [d.id for d in both.causes[0].details] == ["heel_thing"]
    assert rules.rank({"where": ["heel"], "back": "yes", "leg": "below_knee"}).details[0][3] == 1
    alone = rules.score({"where": ["heel"], "back": "no"})  # back_thing not listed: heel_thing stands alone
    assert [c.id for c in alone.causes] == ["heel_thing"]
    assert alone.causes[0].details == ()


def test_a_folded_detail_still_sets_the_triage() -> None:
    data = copy.deepcopy(TINY)
    data["conditions"][0].update(detail_of=["back_thing"], triage="urgent", prior=1.0)  # likely: 2.5
    rules = load_dict(data)
    report = rules.score({"where": ["heel"], "back": "yes", "leg": "below_knee"})
    assert report.triage.level == "urgent"
    assert any(r.code == "cause" and r.subject == "heel_thing" for r in report.triage.reasons)


@pytest.mark.parametrize(
    ("detail_of", "message"),
    [(["bak_thing"], "unknown condition 'bak_thing'"), (["heel_thing"], "cannot hold details")],
)
def test_details_are_checked_when_the_rules_load(detail_of: list[str], message: str) -> None:
    data = copy.deepcopy(TINY)
    data["conditions"][0]["detail_of"] = detail_of
    with pytest.raises(RulesError, match=message):
        load_dict(data)


def test_one_sciatica_the_nerve_root_is_shown_under_the_disc(kb: Rules) -> None:
    answers = {
        "age": 45, "back_pain": "yes", "leg_pain": "below_knee", "numbness": ["top_big_toe"],
        "weakness": ["lift_foot"], "cough_sneeze": "yes", "sides": "one_foot", "pain_area": ["top_of_foot"],
    }  # fmt: skip
    report = kb.score(answers)
    ids = [c.id for c in report.causes]
    assert ids[0] == "lumbar_disc_herniation"
    assert not {"l4_radiculopathy", "l5_radiculopathy", "s1_radiculopathy"} & set(ids)
    assert report.causes[0].details[0].id == "l5_radiculopathy"  # best first; the JSON lists all
    assert [d.id for d in report.causes[0].shown_details] == ["l5_radiculopathy"]  # on screen
    document = report_document(report, kb.kb)
    assert document["causes"][0]["details"][0]["id"] == "l5_radiculopathy"


def test_overlapping_age_priors_are_refused() -> None:
    second = {**AGE, "max_age": 10, "prior": -3.0}
    with pytest.raises(RulesError, match=r"age_priors\[1\]: overlaps age_priors\[0\]"):
        load_dict(with_back_thing(age_priors=[AGE, second]))


def test_a_context_finding_cannot_be_grouped() -> None:
    findings = copy.deepcopy(TINY["conditions"][1]["findings"])
    findings[0]["group"] = findings[2]["group"] = "same_sign"  # back, and age 70 (context)
    findings[2]["context"] = True
    with pytest.raises(RulesError, match="not context"):
        load_dict(with_back_thing(findings=findings, groups=[GROUP]))


def test_a_detail_the_evidence_puts_above_its_cause_stays_a_cause_of_its_own() -> None:
    rules = with_detail(prior=1.0)  # heel_thing is a detail of back_thing
    # heel_thing likely (1.0 + 2.5 - 1.0), back_thing only possible (LR 2): the detail is not hidden.
    report = rules.score({"where": ["heel"], "back": "yes"})
    assert [(c.id, c.likelihood) for c in report.causes] == [
        ("heel_thing", "likely"),
        ("back_thing", "possible"),
    ]
    assert report.causes[1].details == ()
    same_band = with_detail().score({"where": ["heel"], "back": "yes"})  # both possible: folded
    assert [d.id for d in same_band.causes[0].details] == ["heel_thing"]


def test_every_shipped_cause_reaches_its_highest_score_with_answers_that_hold(kb: Rules) -> None:
    for position, reach in enumerate(highest_scores(kb)):
        answers = kb.answers(reach.answers)  # valid: no "none" beside another choice, gates respected
        assert kb.totals(answers)[position] == pytest.approx(reach.score), reach.condition_id
        assert reach.band == "likely", reach.condition_id


def test_the_interview_weighs_a_grouped_finding_as_the_engine_counts_it() -> None:
    from footspine.adaptive import information_gain

    rules = grouped()
    question = rules.kb.question_by_id["back"]
    filled = rules.answers({"leg": "below_knee", "age": 50})  # the group's strongest member holds
    empty = rules.answers({"age": 50})
    assert information_gain(rules, filled, question) < information_gain(rules, empty, question)
