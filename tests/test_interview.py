"""The question loop with a scripted ask(): order, help, back, re-asking and red-flag alerts."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

import pytest
from rich.console import Console

from footspine import footmap, interview
from footspine.adaptive import helps_tell_apart
from footspine.render_interview import help_view, question_view
from footspine.rules import Rules


class Script:
    def __init__(self, replies: Iterable[str]) -> None:
        self.replies = list(replies)
        self.asked: list[str] = []
        self.events: list[interview.Event] = []

    def ask(self, prompt: interview.Prompt) -> str:
        self.asked.append(prompt.question.id)
        return self.replies.pop(0)

    def notify(self, event: interview.Event) -> None:
        self.events.append(event)


def test_asks_red_flags_first_and_skips_what_does_not_apply(tiny: Rules) -> None:
    script = Script(["no", "no", "40", "1,2", "no"])
    answers = interview.run(tiny, {}, script.ask, script.notify, interview.every_question)
    assert script.asked == ["rf_cold", "rf_weak", "age", "where", "back"]
    assert answers == {"rf_cold": "no", "rf_weak": "no", "age": 40.0, "where": ("heel", "toe"), "back": "no"}


def test_given_answers_are_not_asked_again(tiny: Rules) -> None:
    script = Script(["yes", "2"])
    answers = interview.run(
        tiny,
        {"rf_cold": "no", "rf_weak": "no", "age": 3.0, "where": ("toe",)},
        script.ask,
        script.notify,
        interview.every_question,
    )
    assert script.asked == ["back", "leg"]
    assert answers["leg"] == "below_knee"


def test_help_back_and_bad_input(tiny: Rules) -> None:
    script = Script(["?", "no", "back", "back", "maybe", "unsure", "no", "200", "50", "heel", "no"])
    answers = interview.run(tiny, {}, script.ask, script.notify, interview.every_question)
    assert script.asked == [
        "rf_cold",
        "rf_cold",
        "rf_weak",
        "rf_cold",
        "rf_cold",
        "rf_cold",
        "rf_weak",
        "age",
        "age",
        "where",
        "back",
    ]
    kinds = [type(e).__name__ for e in script.events]
    assert kinds == ["ShowHelp", "NothingToGoBackTo", "Rejected", "Rejected"]
    assert answers["rf_cold"] == "unsure"
    assert answers["age"] == 50.0


def test_an_emergency_is_shown_at_once_and_ends_the_interview(tiny: Rules) -> None:
    script = Script(["yes", "no", "unsure", "toe", "no"])
    answers = interview.run(tiny, {}, script.ask, script.notify, interview.every_question)
    assert script.asked == ["rf_cold"]  # nothing more is asked by default
    assert answers == {"rf_cold": "yes"}
    assert len(script.events) == 1
    event = script.events[0]
    assert isinstance(event, interview.EmergencyFound)
    assert [flag.id for flag in event.raised] == ["rf_cold"]


def test_after_an_emergency_the_person_may_go_on_answering(tiny: Rules) -> None:
    offered: list[dict[str, object]] = []

    def go_on(answers: object) -> bool:
        offered.append(dict(answers))  # type: ignore[call-overload]
        return True

    script = Script(["yes", "no", "40", "toe", "no"])
    answers = interview.run(tiny, {}, script.ask, script.notify, interview.every_question, offer_more=go_on)
    assert offered == [{"rf_cold": "yes"}]  # offered once, right after the emergency answer
    assert script.asked == ["rf_cold", "rf_weak", "age", "where", "back"]
    assert answers["rf_cold"] == "yes"
    assert [type(e).__name__ for e in script.events] == ["EmergencyFound"]


def test_an_emergency_given_in_advance_is_shown_before_any_question(tiny: Rules) -> None:
    script = Script([])
    answers = interview.run(tiny, {"rf_cold": "yes"}, script.ask, script.notify, interview.every_question)
    assert script.asked == []
    assert answers == {"rf_cold": "yes"}
    assert isinstance(script.events[0], interview.EmergencyFound)


def test_an_urgent_red_flag_alerts_at_once_and_the_interview_goes_on(tiny: Rules) -> None:
    script = Script(["no", "yes", "40", "toe", "no"])
    interview.run(tiny, {}, script.ask, script.notify, interview.every_question)
    assert script.asked[:3] == ["rf_cold", "rf_weak", "age"]
    event = script.events[0]
    assert isinstance(event, interview.RedFlagRaised)
    assert event.flag.id == "rf_weak"


def test_progress_counts_down(tiny: Rules) -> None:
    prompts: list[interview.Prompt] = []
    replies = iter(["no", "no", "30", "heel", "no"])

    def ask(prompt: interview.Prompt) -> str:
        prompts.append(prompt)
        return next(replies)

    interview.run(tiny, {}, ask, lambda event: None, interview.every_question)
    assert [(p.number, p.at_most) for p in prompts] == [(1, 6), (2, 6), (3, 6), (4, 6), (5, 6)]
    assert prompts[3].answered == {"rf_cold": "no", "rf_weak": "no", "age": 30.0}
    assert [p.is_red_flag for p in prompts] == [True, True, False, False, False]


@pytest.mark.parametrize("stop", [KeyboardInterrupt, EOFError])
def test_errors_from_ask_propagate(tiny: Rules, stop: type[BaseException]) -> None:
    def ask(prompt: interview.Prompt) -> str:
        raise stop

    with pytest.raises(stop):
        interview.run(tiny, {}, ask, lambda event: None, interview.every_question)


def test_help_says_which_causes_the_question_separates(tiny: Rules) -> None:
    script = Script(["no", "no", "40", "?", "heel", "no"])
    interview.run(tiny, {}, script.ask, script.notify, interview.every_question)
    event = script.events[0]
    assert isinstance(event, interview.ShowHelp)
    assert event.question.id == "where"
    assert event.tells_apart == ("Heel thing",)
    assert event.reason == "full"  # worded by the catalogue: "it is next in the full questionnaire"


def test_adaptive_asks_every_red_flag_then_stops_when_settled(tiny: Rules) -> None:
    script = Script(["no", "no", "heel", "no", "no", "40", "no"])
    answers = interview.run(tiny, {}, script.ask, script.notify)
    # Heel pain without back pain settles it on 'Heel thing': age could change neither the leader nor
    # the urgency, and leg pain is asked only after a "yes" to back pain, so neither is asked.
    assert script.asked == ["rf_cold", "rf_weak", "where", "back"]
    assert answers == {"rf_cold": "no", "rf_weak": "no", "where": ("heel",), "back": "no"}


def screen(renderable: object) -> list[str]:
    """What a terminal of 80 columns and 24 lines shows of it (no colour, as NO_COLOR gives)."""
    out = io.StringIO()
    Console(file=out, width=80, height=24, no_color=True, highlight=False, emoji=False).print(renderable)
    return out.getvalue().splitlines()


def test_the_foot_map_fits_80_by_24_with_its_question_and_choices(kb: Rules) -> None:
    question = kb.kb.question_by_id[footmap.QUESTION_ID]
    prompt = interview.Prompt(question, 12, 60, False, kb.answers({}))
    lines = screen(question_view(prompt))
    assert len(lines) <= 23, "with the '> ' prompt line the screen is 24 lines"
    assert max(len(line) for line in lines) <= 80
    text = "\n".join(lines)
    assert question.text in text and "SOLE, seen from below" in text and "TOP, seen from above" in text
    for number in range(1, len(question.choices) + 1):  # every choice's number is on the screen
        assert re.search(rf"(?<!\d){number}(?!\d)", text), number
    assert "  13) the calf or lower leg  [calf]" in lines  # off the map: listed in full
    assert "under the heel, towards its inner side or front" not in text  # on the map: a number
    assert "'?' lists them in words" in text
    helped = screen(help_view(question, tuple(helps_tell_apart(kb, question.id)), "gain"))
    assert len(helped) <= 23, "the help, and the prompt under it, fit one 80x24 screen"
    assert " 1) under the heel, towards its inner" in "\n".join(helped)
    # A few causes named, the ones a person looks after or books a visit for, not the frightening ones.
    assert re.search(r"causes such as .*, and \d+ more\.", " ".join(" ".join(helped).split()))
    assert not any(word in "\n".join(helped) for word in ("cancer", "Cancer", "thrombosis", "rupture"))


def _with_self_check() -> Rules:
    from .conftest import load_dict, tiny_rules

    data = tiny_rules()
    data["red_flags"][1]["self_check"] = "Try it now: is the leg weaker?"
    return load_dict(data)


def test_not_sure_on_a_warning_sign_offers_its_self_check_once() -> None:
    rules = _with_self_check()
    prompts: list[interview.Prompt] = []
    replies = iter(["no", "unsure", "yes", "40", "heel", "no"])

    def ask(prompt: interview.Prompt) -> str:
        prompts.append(prompt)
        return next(replies)

    script = Script([])
    answers = interview.run(rules, {}, ask, script.notify, interview.every_question)
    assert [p.question.id for p in prompts[:3]] == ["rf_cold", "rf_weak", "rf_weak"]
    assert prompts[2].question.text == "Try it now: is the leg weaker?"
    assert prompts[2].number == prompts[1].number  # the same question, checked
    assert answers["rf_weak"] == "yes"  # the check's answer replaces "not sure"
    assert isinstance(script.events[0], interview.RedFlagRaised)


def test_a_second_not_sure_stands_and_back_returns_to_the_warning_sign() -> None:
    rules = _with_self_check()
    script = Script(["no", "unsure", "back", "unsure", "40", "heel", "no"])
    answers = interview.run(rules, {}, script.ask, script.notify, interview.every_question)
    # back at the check returns to the warning sign itself; the check was offered once already
    assert script.asked[:5] == ["rf_cold", "rf_weak", "rf_weak", "rf_weak", "age"]
    assert answers["rf_weak"] == "unsure"
