"""The question loop. Input and display are injected, so the same loop runs in a terminal and in tests."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import msgspec

from .adaptive import Choice, helps_tell_apart, next_question, red_flag_phase
from .answers import ValidAnswers, parse_value, pending
from .checklists import Screen, doubts_after, how_to_tick, read, screen_for
from .errors import AnswerError
from .implied import with_implied
from .kinds import UNSURE, AnswerValue
from .messages import means, say
from .model import Combination, Question, RedFlag
from .report import Ranking
from .rules import Rules

# Why a question is asked (adaptive.Choice.reason) -> the phase of the interview the screen names.
# "Which of these are you not sure about?" keeps the phase of the checklist it follows.
PHASES = {
    "red_flag": "warning_signs",
    "red_flag_context": "warning_signs",
    "self_check": "warning_signs",
    "core": "your_pain",
    "gain": "your_pain",
    "full": "your_pain",
    "record": "details",
    "record_context": "details",
    "level_check": "details",
}


@dataclass(frozen=True)
class Prompt:
    question: Question
    number: int
    at_most: int
    """An upper bound on the questions in all: every question that could still apply (far above
    what the adaptive interview asks, so the screen shows the phase instead)."""
    is_red_flag: bool
    answered: ValidAnswers
    repeat: bool = False
    """True when the same question is asked again after help or an answer that was not understood."""
    checklist: bool = False
    """True for a checklist screen: several yes/no questions asked as one pick-all-that-apply."""
    phase: str = "warning_signs"
    """Where the interview is, in words a person can trust (PHASES): the warning signs, the pain
    itself, or the last few details."""


@dataclass(frozen=True)
class ShowHelp:
    question: Question
    tells_apart: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Rejected:
    question: Question
    message: str


@dataclass(frozen=True)
class RedFlagRaised:
    flag: RedFlag


@dataclass(frozen=True)
class NothingToGoBackTo:
    question: Question


@dataclass(frozen=True)
class EmergencyFound:
    """The answers so far already make the result an emergency: shown at once, before any other
    question, with everything that raised it (a warning sign or a combination)."""

    raised: tuple[RedFlag | Combination, ...]


Event = ShowHelp | Rejected | RedFlagRaised | NothingToGoBackTo | EmergencyFound
Ask = Callable[[Prompt], str]
Notify = Callable[[Event], None]
Chooser = Callable[[Rules, ValidAnswers], Choice | None]
OfferMore = Callable[[ValidAnswers], bool]
"""Asked once an emergency is found: True to go on answering for a fuller report for the clinicians."""


def stop_here(_answers: ValidAnswers) -> bool:
    """The default after an emergency: stop asking and show the result."""
    return False


def emergency(rules: Rules, answers: ValidAnswers) -> Ranking | None:
    """The decision when the answers make an emergency (None otherwise): the point at which the
    interview stops asking, since no further answer can lower the level or change what to do now."""
    ranking = rules.rank(answers)
    return ranking if ranking.level == "emergency" else None


def raised_at_emergency(ranking: Ranking) -> tuple[RedFlag | Combination, ...]:
    """The warning signs behind an emergency (none when a likely cause alone made it)."""
    return tuple(flag for flag in ranking.raised if flag.level == "emergency")


def every_question(rules: Rules, answers: ValidAnswers) -> Choice | None:
    """The full questionnaire: every question that applies, in the rule file's order."""
    todo = pending(rules.kb, answers)
    if not todo:
        return None
    return red_flag_phase(rules, answers, todo) or Choice(todo[0], "full")


def run(
    rules: Rules,
    given: Mapping[str, AnswerValue],
    ask: Ask,
    notify: Notify,
    choose: Chooser = next_question,
    *,
    start: int = 0,
    offer_more: OfferMore = stop_here,
) -> ValidAnswers:
    """Ask questions until ``choose`` has none left, and return ``given`` plus the new answers.

    Questions answered by flags or a file are never asked; ``back`` only revisits questions asked here.
    ``start`` is how many answers were given already: a resumed interview numbers on from there.
    A warning sign answered "not sure" that has a self-check is asked once more as that check.
    A question on a checklist may come as the checklist's screen (checklists.py), with a second
    screen for the items the person is not sure about.
    A question an earlier answer already settles (the rule file's implied answers) is filled in,
    not asked. Once the answers (given in advance or here) make an emergency, the emergency is shown at once
    and the interview ends, unless ``offer_more`` says the person chose to go on answering.
    """
    kb = rules.kb
    answers = rules.answers(given)
    history: list[tuple[str, ...]] = []  # per screen answered here, the questions it answered
    repeat = False
    going_on = False  # the person chose to keep answering after an emergency
    rechecks: list[Question] = []  # self-checks offered after "not sure", asked in the flags' place
    checked: set[str] = set()
    doubts: Screen | None = None  # after a checklist: which of its items the person is not sure about
    phase = "warning_signs"
    while True:
        answers, filled = with_implied(kb, answers)
        if filled and history:  # going back past that answer takes what it implied with it
            history[-1] += filled
        found = None if going_on else emergency(rules, answers)
        if found is not None:
            notify(EmergencyFound(raised_at_emergency(found)))
            if not offer_more(answers):
                return answers
            going_on = True
        screen = doubts
        if screen is not None:
            question, reason = screen.question, "checklist_doubts"
        elif rechecks:
            question, reason = rechecks[0], "self_check"
            checked.add(question.id)  # offered once, when shown: a second "not sure" stands
        else:
            choice = choose(rules, answers)
            if choice is None:
                return answers
            question, reason = choice.question, choice.reason
            screen = screen_for(rules, answers, question)
        asked = question if screen is None else screen.question
        follow_up = doubts is not None or bool(rechecks)
        flag = kb.red_flag_by_id.get(question.id)
        at_most = start + len(history) + len(pending(kb, answers))
        number = start + len(history) + (0 if follow_up else 1)
        is_flag = flag is not None or (
            screen is not None and any(i.question in kb.red_flag_by_id for i in screen.items)
        )
        if reason != "checklist_doubts":
            phase = PHASES.get(reason, "your_pain")
        raw = ask(Prompt(asked, number, at_most, is_flag, answers, repeat, screen is not None, phase))
        word = raw.strip()
        repeat = True
        if word == "?" or means(word, "help"):
            notify(ShowHelp(asked, tuple(helps_tell_apart(rules, asked.id)), reason))
            continue
        if word == "<" or means(word, "back"):
            rechecks, doubts = [], None
            if history:
                for question_id in history.pop():
                    answers = answers.without(question_id)
                repeat = False
            else:
                notify(NothingToGoBackTo(asked))
            continue
        if not word:
            notify(
                Rejected(
                    asked, say("ask.please", allowed=asked.allowed) if screen is None else how_to_tick(screen)
                )
            )
            continue
        try:
            if screen is None:
                value = parse_value(asked, raw, numbered=True)
            else:
                given_here = read(screen, raw)
        except AnswerError as exc:
            notify(Rejected(asked, str(exc) if screen is None else how_to_tick(screen)))
            continue
        repeat = False
        if screen is not None:
            if doubts is None:
                doubts, more = doubts_after(screen, given_here)
                given_here.update(more)
                history.append(tuple(given_here))
            else:
                doubts = None
                history[-1] += tuple(given_here)
        elif rechecks:
            given_here = {rechecks.pop(0).id: value}
        else:
            given_here = {question.id: value}
            history.append((question.id,))
        for question_id, item_value in given_here.items():
            answers = answers.adding(question_id, item_value)
        for question_id, item_value in given_here.items():
            raised = kb.red_flag_by_id.get(question_id)
            if raised is None:
                continue
            if item_value == UNSURE and raised.self_check and question_id not in checked:
                rechecks.append(msgspec.structs.replace(raised.question, text=raised.self_check))
            elif item_value == raised.raise_on and (going_on or emergency(rules, answers) is None):
                notify(RedFlagRaised(raised))  # an emergency is shown as such at the top of the loop
