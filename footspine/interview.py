"""The question loop. Input and display are injected, so the same loop runs in a terminal and in tests."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import msgspec

from .adaptive import Choice, helps_tell_apart, next_question, red_flag_phase
from .answers import ValidAnswers, parse_value, pending
from .errors import AnswerError
from .kinds import UNSURE, AnswerValue
from .messages import say
from .model import Combination, Question, RedFlag
from .report import Ranking
from .rules import Rules

HELP_WORDS = frozenset({"?", "help"})
BACK_WORDS = frozenset({"back", "b", "<"})
QUIT_WORDS = frozenset({"quit", "exit", "stop"})  # the terminal session stops on these (session.py)


@dataclass(frozen=True)
class Prompt:
    question: Question
    number: int
    at_most: int
    """An upper bound on the questions in all: every question that could still apply."""
    is_red_flag: bool
    answered: ValidAnswers
    repeat: bool = False
    """True when the same question is asked again after help or an answer that was not understood."""


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
    Once the answers (given in advance or here) make an emergency, the emergency is shown at once
    and the interview ends, unless ``offer_more`` says the person chose to go on answering.
    """
    kb = rules.kb
    answers = rules.answers(given)
    history: list[str] = []
    repeat = False
    going_on = False  # the person chose to keep answering after an emergency
    recheck: Question | None = None
    checked: set[str] = set()
    while True:
        found = None if going_on else emergency(rules, answers)
        if found is not None:
            notify(EmergencyFound(raised_at_emergency(found)))
            if not offer_more(answers):
                return answers
            going_on = True
        if recheck is not None:  # the self-check offered after "not sure", asked in the flag's place
            question, reason = recheck, "self_check"
        else:
            choice = choose(rules, answers)
            if choice is None:
                return answers
            question, reason = choice.question, choice.reason
        flag = kb.red_flag_by_id.get(question.id)
        at_most = start + len(history) + len(pending(kb, answers))
        number = start + len(history) + (0 if recheck is not None else 1)
        prompt = Prompt(question, number, at_most, flag is not None, answers, repeat)
        raw = ask(prompt)
        word = raw.strip().lower()
        repeat = True
        if word in HELP_WORDS:
            notify(ShowHelp(question, tuple(helps_tell_apart(rules, question.id)), reason))
            continue
        if word in BACK_WORDS:
            recheck = None
            if history:
                answers = answers.without(history.pop())
                repeat = False
            else:
                notify(NothingToGoBackTo(question))
            continue
        if not word:
            notify(Rejected(question, say("ask.please", allowed=question.allowed)))
            continue
        try:
            value = parse_value(question, raw, numbered=True)
        except AnswerError as exc:
            notify(Rejected(question, str(exc)))
            continue
        answers = answers.adding(question.id, value)
        if recheck is None:
            history.append(question.id)
        repeat = False
        recheck = None
        if flag is not None and value == UNSURE and flag.self_check and question.id not in checked:
            checked.add(question.id)  # offered once: a second "not sure" stands
            recheck = msgspec.structs.replace(question, text=flag.self_check)
            continue
        if flag is not None and value == flag.raise_on and (going_on or emergency(rules, answers) is None):
            notify(RedFlagRaised(flag))  # an emergency is shown as such at the top of the loop
