"""Safety invariants over generated answer sets, on the shipped rule file."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import footspine
from footspine.adaptive import next_question
from footspine.checklists import NONE_OF_THESE, Screen, ticks
from footspine.cli import app
from footspine.kinds import to_json_value
from footspine.model import LEVEL_RANK, UNSURE, Condition, Finding, Question
from footspine.operators import evaluate, operator_of
from footspine.render_json import report_document

from .conftest import RULES_PATH, only_supports

KB = footspine.load(RULES_PATH)
runner = CliRunner()


def value_for(question: Question) -> st.SearchStrategy[Any]:
    unsure = st.just(UNSURE)
    if question.kind == "number":
        assert question.min is not None and question.max is not None
        return st.one_of(unsure, st.integers(int(question.min), int(question.max)).map(float))
    if question.kind == "multi":
        others = [c for c in question.choice_ids if c != "none"]  # "none" is only ever given alone
        subsets = st.lists(st.sampled_from(others), min_size=1, unique=True)
        alone = [st.just(("none",))] if "none" in question.choice_ids else []
        chosen = st.one_of(*alone, subsets.map(lambda ids: tuple(sorted(ids, key=question.choice_ids.index))))
        return st.one_of(unsure, chosen)
    return st.one_of(unsure, st.sampled_from(question.choice_ids))


@st.composite
def answer_sets(draw: st.DrawFn) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for question in KB.all_questions:
        if draw(st.booleans()):
            answers[question.id] = draw(value_for(question))
    return answers


@st.composite
def answers_with_a_red_flag(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    answers = draw(answer_sets())
    flag = draw(st.sampled_from(KB.red_flags))
    answers[flag.id] = flag.raise_on  # the answer that raises it ("no" to "can you take four steps?")
    return answers, flag.id


def _flags(answers: dict[str, Any]) -> list[str]:
    args = []
    for key, value in answers.items():
        shown = (
            ",".join(value) if isinstance(value, tuple) else str(to_json_value(KB.question_by_id[key], value))
        )
        args += ["-a", f"{key}={shown}"]
    return args


@settings(max_examples=150, deadline=None)
@given(answers_with_a_red_flag())
def test_a_red_flag_always_sets_at_least_its_level(case: tuple[dict[str, Any], str]) -> None:
    answers, flag_id = case
    flag = KB.red_flag_by_id[flag_id]
    report = KB.score(answers)
    assert LEVEL_RANK[report.triage.level] >= LEVEL_RANK[flag.level]
    assert flag_id in [f.id for f in report.red_flags]
    assert report.triage.reasons[0].code == "red_flag"
    document = report_document(report, KB.kb)
    assert LEVEL_RANK[document["triage"]["level"]] >= LEVEL_RANK[flag.level]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers_with_a_red_flag())
def test_the_red_flag_tops_json_and_human_output_through_the_cli(case: tuple[dict[str, Any], str]) -> None:
    answers, flag_id = case
    flag = KB.red_flag_by_id[flag_id]
    as_json = runner.invoke(app, ["check", "--no-input", "--json", *_flags(answers)])
    assert as_json.exit_code == 0, as_json.output
    document = json.loads(as_json.stdout)
    assert LEVEL_RANK[document["triage"]["level"]] >= LEVEL_RANK[flag.level]
    assert flag_id in [f["id"] for f in document["red_flags"]]
    human = runner.invoke(app, ["check", "--no-input", *_flags(answers)]).stdout
    headline = human[: human.index("Possible causes")]
    words = {"emergency": "EMERGENCY", "urgent": "URGENT"}[document["triage"]["level"]]
    assert f"] {words}" in headline.split("\n", 1)[0]  # the summary's first line
    assert human.rstrip().splitlines()[-1].startswith(f"[{'!!!' if words == 'EMERGENCY' else '!!'}] {words}:")
    assert f"WARNING SIGN: {flag.name}" in " ".join(headline.replace("│", " ").split())


@settings(max_examples=200, deadline=None)
@given(answer_sets())
def test_unanswered_red_flags_are_never_read_as_no(answers: dict[str, Any]) -> None:
    report = KB.score(answers)
    valid = KB.answers(answers)
    open_ids = {f.id for f in report.unanswered_red_flags}
    for flag in KB.red_flags:
        given_value = valid.get(flag.id)
        # Open unless answered; an unanswered gated flag is left out only when its gate is
        # definitely false, and the person's own "not sure" stays open whatever the gate says.
        applies = flag.ask_if is None or evaluate(flag.ask_if, valid) is not False
        assert (flag.id in open_ids) == (given_value == UNSURE or (given_value is None and applies))


@settings(max_examples=200, deadline=None)
@given(answer_sets())
def test_deterministic_sorted_and_finite(answers: dict[str, Any]) -> None:
    first, second = KB.score(answers), KB.score(dict(reversed(list(answers.items()))))
    assert first == second
    keys = [(-c.score, c.id) for c in first.causes]
    assert keys == sorted(keys)
    assert all(math.isfinite(c.score) for c in first.causes)
    assert json.loads(json.dumps(report_document(first, KB.kb))) == report_document(first, KB.kb)


def shown_scores(answers: dict[str, Any]) -> dict[str, float]:
    """Every listed cause's score, the causes shown under another (nerve roots) included."""
    ranking = KB.rank(answers)
    entries = [*ranking.causes, *((p, total, band) for p, total, band, _ in ranking.details)]
    return {KB.kb.conditions[position].id: total for position, total, _ in entries}


def simple_supporting(condition: Condition) -> list[Finding]:
    """Supporting findings that one answer decides (a plain ``eq`` or ``in``)."""
    return [f for f in condition.scored_findings if f.points > 0 and operator_of(f.when).name in ("eq", "in")]


def counted(condition: Condition, holding: list[Finding]) -> list[Finding]:
    """The findings that count: every ungrouped one, and the strongest of each group (the first in
    the rule file on a tie)."""
    strongest: dict[str, Finding] = {}
    for finding in holding:
        if finding.group is not None:
            best = strongest.get(finding.group)
            if best is None or finding.points > best.points:
                strongest[finding.group] = finding
    return [f for f in holding if f.group is None or strongest[f.group] is f]


@settings(max_examples=300, deadline=None)
@given(answer_sets(), st.data())
def test_adding_a_supporting_answer_never_lowers_a_cause(
    answers: dict[str, Any], data: st.DataObject
) -> None:
    condition = data.draw(st.sampled_from([c for c in KB.conditions if simple_supporting(c)]))
    supporting = simple_supporting(condition)
    finding = data.draw(st.sampled_from(supporting))
    if finding.when.eq is not None:
        question_id, target = finding.when.eq
    else:
        assert finding.when.in_ is not None
        question_id, target = finding.when.in_[0], data.draw(st.sampled_from(finding.when.in_[1]))
    question = KB.question_by_id[question_id]
    previous = answers.get(question_id)
    if question.kind == "multi" and isinstance(previous, tuple):
        if "none" in {*previous, str(target)} and previous != (str(target),):
            return  # "none" is only given alone: adding to it, or it, would change the answer
        after_value: Any = tuple(c for c in question.choice_ids if c in {*previous, str(target)})
    else:
        answers.pop(question_id, None)  # the answer is added, not changed
        after_value = (str(target),) if question.kind == "multi" else target
    after_answers = {**answers, question_id: after_value}
    if not only_supports(condition, answers, after_answers):
        return  # the same answer also argues against this cause (see only_supports)
    before = shown_scores(answers)
    after = shown_scores(after_answers)
    if condition.id in before or not finding.context:  # a risk factor alone never lists a cause
        assert condition.id in after
        assert after[condition.id] >= before.get(condition.id, -math.inf) - 1e-9


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets())
def test_the_adaptive_interview_always_asks_every_red_flag_first(person: dict[str, Any]) -> None:
    asked: list[str] = []
    reasons: list[str] = []
    answers = KB.answers({})
    while (choice := next_question(KB, answers)) is not None:
        asked.append(choice.question.id)
        reasons.append(choice.reason)
        answers = answers.adding(choice.question.id, person.get(choice.question.id, UNSURE))
    first_ordinary = next(
        (i for i, r in enumerate(reasons) if r not in ("red_flag", "red_flag_context")), len(reasons)
    )
    assert "red_flag" not in reasons[first_ordinary:]  # no warning sign after an ordinary question
    assert len(asked) == len(set(asked))  # nothing asked twice
    for flag in KB.red_flags:  # every flag that applies was asked; only a false gate leaves one out
        assert flag.id in answers or (flag.ask_if is not None and evaluate(flag.ask_if, answers) is False)
    # Stopping early never hides a red flag the person has: all were asked, so all are in the report.
    report = KB.score(answers)
    raised = {f.id for f in KB.red_flags if f.id in answers and person.get(f.id) == f.raise_on}
    assert {f.id for f in report.red_flags} - {c.id for c in KB.combinations} == raised


@settings(max_examples=300, deadline=None)
@given(answer_sets())
def test_the_indexed_engine_agrees_with_evaluating_every_finding(answers: dict[str, Any]) -> None:
    """The engine looks simple findings up by answer; this is the plain definition it must match:
    a cause's score is its prior plus the points of its findings that hold, each counted to the
    millionth of a point (the six decimals a report shows), so the sum is exact."""
    expected = {}
    for condition in KB.conditions:
        holding = counted(
            condition, [f for f in condition.scored_findings if evaluate(f.when, answers) is True]
        )
        if any(f.points > 0 and not f.context for f in holding):
            micro = round(condition.prior * 1e6) + sum(round(f.points * 1e6) for f in holding)
            expected[condition.id] = (micro / 1e6, {f.label for f in holding})

    # A detail (a nerve root) whose cause (the disc) is listed is shown under it, not on its own.
    def band(cid: str) -> float:
        return KB.kb.band_for(expected[cid][0]).min_score

    folded = {  # shown under a listed cause it is a detail of, one at least as likely
        cid
        for cid in expected
        if any(p in expected and band(p) >= band(cid) for p in KB.kb.condition_by_id[cid].detail_of)
    }
    report = KB.score(answers)
    got = {c.id: (c.score, {e.label for e in c.evidence}) for c in report.causes}
    got.update({d.id: (d.score, {e.label for e in d.evidence}) for c in report.causes for d in c.details})
    assert set(got) <= set(expected) and set(expected) - folded <= set(got)
    assert not folded & {c.id for c in report.causes}
    expected = {cid: value for cid, value in expected.items() if cid in got}
    for cause_id, (total, labels) in expected.items():
        assert got[cause_id][0] == total
        assert got[cause_id][1] == labels
    for cause in report.causes:  # the score a report shows is the sum of the evidence it shows
        prior = next(c.prior for c in KB.conditions if c.id == cause.id)
        shown = round(prior * 1e6) + sum(round(e.points * 1e6) for e in cause.evidence)
        assert shown / 1e6 == cause.score


def raw_answer(question: Question) -> st.SearchStrategy[Any]:
    """What a file or batch line may hold: canonical forms, spellings parse_value also takes, and junk."""
    ids = st.sampled_from([*question.choice_ids, "unsure", "Unsure", " not sure ", "YES", "n", "1"])
    return st.one_of(
        ids,
        st.lists(ids, max_size=3),
        st.lists(
            st.one_of(ids, st.integers(), st.none(), st.dictionaries(st.text(), st.integers())), max_size=3
        ),
        st.integers(-10, 200),
        st.integers(10**300, 10**400),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.none(),
        st.text(max_size=5),
        st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
    )


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_answers_taken_as_written_match_the_full_parser(data: st.DataObject) -> None:
    """from_mapping's shortcut for answers already in canonical form changes no result and no error."""
    from footspine.answers import from_mapping, parse_value
    from footspine.errors import AnswerError

    question = data.draw(st.sampled_from(KB.all_questions))
    raw = data.draw(raw_answer(question))
    try:
        expected: Any = {} if raw is None else {question.id: parse_value(question, raw)}
    except AnswerError as exc:
        expected = f"answers: {exc}"
    try:
        got: Any = from_mapping({question.id: raw}, KB, "answers")
    except AnswerError as exc:
        got = str(exc)
    assert got == expected
    if isinstance(got, dict) and got:
        assert type(got[question.id]) is type(expected[question.id])


def on_screen(prompt: Any) -> Screen:
    """The checklist screen a prompt shows: its checklist, the items listed, and which screen."""
    checklist = next(c for c in KB.kb.checklists if c.id == prompt.question.id)
    shown = tuple(item for item in checklist.items if item.question in prompt.question.choice_ids)
    return Screen(checklist, shown, doubts=NONE_OF_THESE not in prompt.question.choice_ids)


@settings(max_examples=150, deadline=None)
@given(answer_sets())
def test_the_interview_stops_at_an_emergency_and_never_loses_one(person: dict[str, Any]) -> None:
    """Whatever the person answers: once the answers make an emergency, nothing more is asked (the
    default is to stop), the emergency is shown once, and the answers returned are still one."""
    from footspine import interview

    asked: list[tuple[str, bool]] = []
    events: list[Any] = []

    def ask(prompt: interview.Prompt) -> str:
        asked.append((prompt.question.id, interview.emergency(KB, prompt.answered) is not None))
        assert len(asked) <= 3 * len(KB.all_questions), asked[-5:]  # the interview always ends
        if prompt.checklist:  # ticked as the person's answers to its items say
            return (
                ",".join(ticked) if isinstance(ticked := ticks(on_screen(prompt), person), tuple) else ticked
            )
        # A generated value the prompt refuses ("no pain" with another choice) is then "not sure".
        value = UNSURE if prompt.repeat else person.get(prompt.question.id, UNSURE)
        question = KB.question_by_id[prompt.question.id]
        return ",".join(value) if isinstance(value, tuple) else str(to_json_value(question, value))

    answers = interview.run(KB, {}, ask, events.append)
    assert not any(at_emergency for _, at_emergency in asked)  # no question once it is an emergency
    found = [e for e in events if isinstance(e, interview.EmergencyFound)]
    level = KB.rank(answers).level
    assert len(found) == (1 if level == "emergency" else 0)
    if found:
        assert KB.score(answers).triage.level == "emergency"
