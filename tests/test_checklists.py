"""Checklists: several yes/no questions on one screen; every item keeps its own answer, a tick
means its ``picked`` answer, and a doubt is never turned into a "no"."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import footspine
from footspine import interview
from footspine.adaptive import next_question
from footspine.checklists import (
    NONE_OF_THESE,
    SOME_UNSURE,
    Screen,
    answers_from,
    doubts_after,
    read,
    screen_for,
    ticks,
    typed,
)
from footspine.errors import AnswerError, RulesError
from footspine.evaluation import interview as simulate
from footspine.kinds import UNSURE
from footspine.rules import Rules

from .conftest import RULES_PATH, TINY, load_dict, tiny_rules

RULES = footspine.load()
FIRST = RULES.kb.checklists[0]  # the cold foot, the calf and four steps: asked of everyone
ITEMS = [item.question for item in FIRST.items]


def first_screen() -> Screen:
    screen = screen_for(RULES, RULES.answers({}), RULES.kb.question_by_id[ITEMS[0]])
    assert screen is not None
    return screen


class Script:
    def __init__(self, replies: Iterable[str]) -> None:
        self.replies = list(replies)
        self.prompts: list[interview.Prompt] = []
        self.events: list[interview.Event] = []

    def ask(self, prompt: interview.Prompt) -> str:
        self.prompts.append(prompt)
        if not self.replies:
            raise EOFError
        return self.replies.pop(0)

    def notify(self, event: interview.Event) -> None:
        self.events.append(event)


def run(replies: Iterable[str], given_answers: dict[str, Any] | None = None) -> tuple[Any, Script]:
    script = Script(replies)
    try:
        answers = interview.run(RULES, given_answers or {}, script.ask, script.notify)
    except EOFError:
        answers = None
    return answers, script


def test_the_first_screen_is_the_checklist_everyone_is_asked() -> None:
    screen = first_screen()
    assert [item.question for item in screen.items] == ["rf_cold_pale_foot", "rf_dvt", "rf_four_steps"]
    question = screen.question
    assert question.kind == "multi"
    assert question.choice_ids[-2:] == (NONE_OF_THESE, SOME_UNSURE)


def test_a_tick_gives_the_items_own_answer_and_the_rest_the_other() -> None:
    screen = first_screen()
    # "You cannot take four steps" ticked is "no" to "Can you take four steps?"
    assert answers_from(screen, ("rf_four_steps",)) == {
        "rf_cold_pale_foot": "no",
        "rf_dvt": "no",
        "rf_four_steps": "no",
    }
    assert answers_from(screen, (NONE_OF_THESE,)) == {
        "rf_cold_pale_foot": "no",
        "rf_dvt": "no",
        "rf_four_steps": "yes",
    }


def test_not_sure_about_some_leaves_the_rest_for_the_doubts_screen() -> None:
    screen = first_screen()
    given_here = answers_from(screen, ("rf_dvt", SOME_UNSURE))
    assert given_here == {"rf_dvt": "yes"}
    doubts, settled = doubts_after(screen, given_here)
    assert doubts is not None and doubts.doubts and settled == {}
    assert [item.question for item in doubts.items] == ["rf_cold_pale_foot", "rf_four_steps"]
    assert NONE_OF_THESE not in doubts.question.choice_ids  # "which are you not sure about?"
    assert answers_from(doubts, ("rf_four_steps",)) == {"rf_cold_pale_foot": "no", "rf_four_steps": UNSURE}
    assert answers_from(doubts, UNSURE) == {"rf_cold_pale_foot": UNSURE, "rf_four_steps": UNSURE}
    # "not sure" with one item left: nothing to ask, that item is "not sure"
    only, settled = doubts_after(screen, {"rf_cold_pale_foot": "no", "rf_dvt": "no"})
    assert only is None and settled == {"rf_four_steps": UNSURE}


def test_an_item_is_shown_only_when_its_gate_holds() -> None:
    kb = RULES.kb
    back = next(c for c in kb.checklists if any(i.question == "rf_saddle_numbness" for i in c.items))
    saddle = kb.question_by_id["rf_saddle_numbness"]
    answers = RULES.answers({"back_pain": "yes", "leg_pain": "below_knee", "weakness": ["none"]})
    screen = screen_for(RULES, answers, saddle)
    assert screen is not None and screen.checklist == back
    shown = {item.question for item in screen.items}
    assert {"rf_both_legs", "rf_saddle_numbness", "rf_bladder_bowel", "rf_back_fever"} <= shown
    assert "rf_cancer_back_pain" not in shown  # asked only with a cancer history
    assert "rf_worsening_weakness" not in shown  # no weakness: its gate is false
    # An item whose gate a "not sure" left open, with nothing more to ask, is shown: a warning
    # sign is skipped only when its gate is false.
    open_gate = RULES.answers({**answers, "history": "unsure"})
    screen = screen_for(RULES, open_gate, saddle)
    assert screen is not None and "rf_cancer_back_pain" in {item.question for item in screen.items}


def test_fewer_than_two_items_due_asks_the_question_on_its_own() -> None:
    answers = RULES.answers({"rf_cold_pale_foot": "no", "rf_dvt": "no"})
    assert screen_for(RULES, answers, RULES.kb.question_by_id["rf_four_steps"]) is None


def test_no_to_a_checklist_is_none_of_these_and_one_screen_answers_three_questions() -> None:
    answers, script = run(["no"])
    assert answers is None  # the replies ran out at the next screen
    first, second = script.prompts
    assert first.checklist and first.question.id == FIRST.id and first.number == 1
    assert not second.checklist and second.number == 2
    assert {k: second.answered[k] for k in ITEMS} == {
        "rf_cold_pale_foot": "no",
        "rf_dvt": "no",
        "rf_four_steps": "yes",
    }


def test_a_doubt_is_asked_again_as_its_self_check_and_a_yes_there_raises_the_sign() -> None:
    _, script = run(["5", "2", "yes"])  # not sure about some; which: the calf; the check: yes
    texts = [p.question.text for p in script.prompts]
    assert texts[1].startswith("Which of these are you not sure about?")
    assert texts[2] == RULES.kb.red_flag_by_id["rf_dvt"].self_check
    raised = [e.flag.id for e in script.events if isinstance(e, interview.RedFlagRaised)]
    assert raised == ["rf_dvt"]
    after = script.prompts[3].answered
    assert after["rf_dvt"] == "yes" and after["rf_cold_pale_foot"] == "no" and after["rf_four_steps"] == "yes"
    assert [p.number for p in script.prompts[:4]] == [1, 1, 1, 2]  # one screen and its follow-ups


def test_an_emergency_ticked_on_a_checklist_ends_the_interview() -> None:
    answers, script = run(["1"])
    assert answers is not None and answers["rf_cold_pale_foot"] == "yes"
    assert len(script.prompts) == 1
    assert any(isinstance(e, interview.EmergencyFound) for e in script.events)


def test_back_undoes_the_whole_checklist() -> None:
    _, script = run(["3", "back", "none"])
    assert script.prompts[1].answered["rf_four_steps"] == "no"
    assert not any(k in script.prompts[2].answered for k in ITEMS)  # back at the checklist
    assert script.prompts[2].checklist
    assert script.prompts[3].answered["rf_four_steps"] == "yes"


def test_an_answer_not_understood_says_what_to_type() -> None:
    _, script = run(["yes", "none"])
    rejected = [e for e in script.events if isinstance(e, interview.Rejected)]
    assert rejected and rejected[0].message.startswith("Type the numbers of the ones that apply")


@settings(max_examples=60, deadline=None)
@given(st.fixed_dictionaries({q: st.sampled_from(["yes", "no", UNSURE, None]) for q in ITEMS}))
def test_a_checklist_never_turns_a_doubt_into_a_no(person: dict[str, Any]) -> None:
    """Ticked as the person's answers say, every item ends as they would answer it on its own:
    yes and no as given, and "not sure" (or not known) as "not sure"."""
    known = {k: v for k, v in person.items() if v is not None}
    answers, _ = simulate(RULES, {**known, "leg_pain": "none"}, next_question, checklists=True)
    for question_id in ITEMS:
        assert answers[question_id] == known.get(question_id, UNSURE)


def test_the_simulated_person_meets_one_screen_per_checklist() -> None:
    calm = {"rf_cold_pale_foot": "no", "rf_dvt": "no", "rf_four_steps": "yes"}
    with_checklists = simulate(RULES, calm, next_question, stop_at_emergency=True, checklists=True)
    one_by_one = simulate(RULES, calm, next_question, stop_at_emergency=True)
    # The same answers, and more: a checklist shows every item due, some of which the interview
    # would not have asked one by one (a pattern of the pain), in fewer screens.
    assert dict(with_checklists[0]).items() >= dict(one_by_one[0]).items()
    extra = set(with_checklists[0]) - set(one_by_one[0])
    assert all(question in RULES.kb.checklist_of for question in extra)
    assert with_checklists[1] < one_by_one[1]
    doubtful = simulate(RULES, {**calm, "rf_dvt": UNSURE}, next_question, checklists=True)
    assert doubtful[0]["rf_dvt"] == UNSURE  # marked "2?" on the checklist itself
    assert doubtful[1] == with_checklists[1]  # no "which are you not sure about?" screen


def test_ticks_says_none_only_when_nothing_is_in_doubt() -> None:
    screen = first_screen()
    assert ticks(screen, {"rf_cold_pale_foot": "no", "rf_dvt": "no", "rf_four_steps": "yes"}) == (
        NONE_OF_THESE,
    )
    assert ticks(screen, {"rf_cold_pale_foot": "no", "rf_dvt": "yes"}) == ("rf_dvt", "rf_four_steps?")
    assert typed(ticks(screen, {})) == "rf_cold_pale_foot?,rf_dvt?,rf_four_steps?"


@pytest.mark.parametrize(
    ("typed_text", "expected"),
    [
        ("1,3?", {"rf_cold_pale_foot": "yes", "rf_dvt": "no", "rf_four_steps": UNSURE}),
        ("2?", {"rf_cold_pale_foot": "no", "rf_dvt": UNSURE, "rf_four_steps": "yes"}),
        (" 1? , 2? ", {"rf_cold_pale_foot": UNSURE, "rf_dvt": UNSURE, "rf_four_steps": "yes"}),
        ("4, 3?", {"rf_cold_pale_foot": "no", "rf_dvt": "no", "rf_four_steps": UNSURE}),  # none of the rest
        ("rf_dvt?", {"rf_cold_pale_foot": "no", "rf_dvt": UNSURE, "rf_four_steps": "yes"}),
        ("2,2?", {"rf_cold_pale_foot": "no", "rf_dvt": UNSURE, "rf_four_steps": "yes"}),  # a doubt wins
        ("3 ?", {"rf_cold_pale_foot": "no", "rf_dvt": "no", "rf_four_steps": UNSURE}),
        ("1?,5", {"rf_cold_pale_foot": UNSURE}),  # with "not sure about some": the rest on their own
    ],
)
def test_a_question_mark_after_a_number_marks_that_item_not_sure(
    typed_text: str, expected: dict[str, str]
) -> None:
    """No second screen: the doubt is typed on the checklist itself, and never becomes a "no"."""
    assert read(first_screen(), typed_text) == expected


@pytest.mark.parametrize("typed_text", ["9?", "4?", "5?", "1,?x", "maybe?", "1-2?", "¹?", "1-²", "¹"])
def test_a_question_mark_on_anything_but_an_item_is_not_understood(typed_text: str) -> None:
    with pytest.raises(AnswerError):
        read(first_screen(), typed_text)


def test_a_doubt_marked_on_the_checklist_is_offered_its_self_check() -> None:
    answers, script = run(["2?", "unsure"])
    assert answers is None  # the replies ran out at the question after the self-check
    asked = [prompt.question.id for prompt in script.prompts]
    assert asked[0] == FIRST.id and asked[1] == "rf_dvt"  # the calf's self-check, not a doubts screen
    assert RULES.kb.red_flag_by_id["rf_dvt"].self_check == script.prompts[1].question.text
    assert not any(prompt.question.id == FIRST.id for prompt in script.prompts[1:])


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (
            [{"question": "rf_nope", "label": "x"}, {"question": "rf_cold", "label": "y"}],
            "unknown question 'rf_nope'",
        ),
        (
            [{"question": "where", "label": "x"}, {"question": "rf_cold", "label": "y"}],
            "is a 'multi' question",
        ),
        ([{"question": "rf_cold", "label": "x"}, {"question": "rf_cold", "label": "y"}], "already on"),
    ],
)
def test_rules_validate_checks_every_checklist_item(items: list[dict[str, str]], expected: str) -> None:
    checklist = {"id": "cl_test", "text": "Any?", "help": "h", "items": items, "source": "s"}
    with pytest.raises(RulesError, match=expected):
        load_dict(tiny_rules(checklists=[checklist]))


def test_rules_validate_keeps_a_question_a_warning_sign_depends_on_off_checklists() -> None:
    """Left unticked, "back pain" would be read as "no" and close the cauda equina questions."""
    data = json.loads(RULES_PATH.read_text())
    items = [{"question": "back_pain", "label": "Back pain"}, {"question": "injury", "label": "An injury"}]
    data["checklists"].append({"id": "cl_test", "text": "Any?", "help": "h", "items": items, "source": "s"})
    with pytest.raises(RulesError, match=r"'back_pain' decides whether '\w+' applies; ask it on its own"):
        load_dict(data)


def test_back_past_a_checklist_offers_the_self_checks_not_yet_shown() -> None:
    """Typing "1?,2?", back at the cold foot's check, "1?,2?" again: the calf's check, never shown, is
    offered; the cold foot's, shown once, is not (a second "not sure" stands)."""
    _, script = run(["1?,2?", "back", "1?,2?", "unsure", "unsure"])
    texts = [p.question.text for p in script.prompts]
    flags = RULES.kb.red_flag_by_id
    assert texts.count(flags["rf_cold_pale_foot"].self_check) == 1
    assert texts.count(flags["rf_dvt"].self_check) == 1
    assert texts.index(flags["rf_dvt"].self_check) > 2  # after the checklist was answered again


def test_the_doubts_screen_keeps_the_phase_of_its_checklist() -> None:
    """After the closing home-care checklist, "which are you not sure about?" is not a warning sign."""
    from .test_cli import HEEL_PERSON

    given = {k: v for k, v in HEEL_PERSON.items() if k not in ("home_care_failed", "daily_activities")}
    _, script = run(["3", "unsure"], given)
    home, doubts = script.prompts[-2:]
    assert home.question.id == "cl_home_care" and doubts.question.id == "cl_home_care"
    assert home.phase == doubts.phase == "details"


def test_a_checklist_id_cannot_be_a_question_id() -> None:
    items = [{"question": "rf_cold", "label": "x"}, {"question": "rf_weak", "label": "y"}]
    checklist = {"id": "back", "text": "Any?", "help": "h", "items": items, "source": "s"}
    with pytest.raises(RulesError, match="duplicate id 'back'"):
        load_dict(tiny_rules(checklists=[checklist]))


def test_a_tiny_rule_file_with_a_checklist_asks_both_flags_on_one_screen() -> None:
    items = [
        {"question": "rf_cold", "label": "Cold"},
        {"question": "rf_weak", "label": "Weaker", "picked": "yes"},
    ]
    checklist = {"id": "cl_test", "text": "Any of these?", "help": "h", "items": items, "source": "s"}
    rules: Rules = load_dict({**TINY, "checklists": [checklist]})
    script = Script(["2", "40", "1", "no"])
    answers = interview.run(rules, {}, script.ask, script.notify, interview.every_question)
    assert [p.question.id for p in script.prompts] == ["cl_test", "age", "where", "back"]
    assert answers["rf_cold"] == "no" and answers["rf_weak"] == "yes"
