"""Checklists: several yes/no questions on one screen, and what a tick there means for each of them.

A checklist screen is asked as a pick-all-that-apply question built from the rule file's
checklist, so the prompt, the parsing and the error messages are the ones every multi question
has. Its answer is turned back into one answer per item question: the engine never sees the
checklist, only the answers it stands for.

A person who is not sure about an item marks it on the checklist itself, with a question mark after
its number ("1,3?"), and it is recorded as "not sure" (then offered its self-check, as when asked on
its own). One who picks "not sure about some" instead is asked on a second screen which ("Which of
these are you not sure about?"). So a doubt is never turned into a "no", and it costs no screen.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from .answers import ValidAnswers, parse_value, pending
from .errors import AnswerError
from .kinds import NONE, UNSURE, AnswerValue
from .messages import say
from .model import Checklist, ChecklistItem, Choice, Question
from .operators import compiled, references
from .rules import Rules

NONE_OF_THESE = NONE  # the kinds' own "none", so `no` typed at a checklist means it
SOME_UNSURE = "some_unsure"
"""Ticked with or without items: the items not ticked go to the "which are you not sure about" screen."""
DOUBT_MARK = "?"
"""Typed after an item's number or id on the checklist ("2?"): not sure about that item."""
_MARK_AFTER_SPACE = re.compile(r"(?<=\w)\s+\?")


@dataclass(frozen=True)
class Screen:
    """A checklist as shown now: the items that are due, and the question that asks them.
    ``doubts``: the second screen, asking which of ``items`` the person is not sure about."""

    checklist: Checklist
    items: tuple[ChecklistItem, ...]
    doubts: bool = False

    @property
    def question(self) -> Question:
        choices = tuple(Choice(id=item.question, text=item.label) for item in self.items)
        extra: tuple[Choice, ...] = ()
        if self.doubts:
            text = say("checklist.which_unsure")
        else:
            text = self.checklist.text
            extra = (
                Choice(id=NONE_OF_THESE, text=say("checklist.none")),
                Choice(id=SOME_UNSURE, text=say("checklist.some_unsure")),
            )
        return Question(
            id=self.checklist.id,
            text=text,
            help=self.checklist.help,
            kind="multi",
            choices=(*choices, *extra),
        )


def how_to_tick(screen: Screen) -> str:
    """What to type on a checklist screen, for an answer that was not understood."""
    if screen.doubts:
        return say("checklist.how_doubts", last=len(screen.items))
    count = len(screen.items)
    return say("checklist.how", last=count, none=count + 1)


def screen_for(rules: Rules, answers: ValidAnswers, question: Question) -> Screen | None:
    """The checklist screen to show instead of ``question``, or None to ask it on its own: when it
    is on no checklist, or fewer than two of the checklist's items are due now. An item is due
    when it is unanswered and its gate holds (an item whose gate is still open waits, to be asked
    later on its own or on the checklist again)."""
    checklist = rules.kb.checklist_of.get(question.id)
    if checklist is None:
        return None
    waiting = {q.id: q for q in pending(rules.kb, answers)}
    due = tuple(
        item
        for item in checklist.items
        if item.question == question.id
        or (item.question in waiting and _gate_holds(waiting[item.question], answers, waiting))
    )
    return Screen(checklist, due) if len(due) >= 2 else None


def _gate_holds(question: Question, answers: ValidAnswers, waiting: Collection[str]) -> bool:
    """Whether the item is asked now: its gate holds, or is left open by a "not sure" that no
    pending answer can settle (a warning sign is skipped only when its gate is false)."""
    if question.ask_if is None:
        return True
    holds = compiled(question.ask_if)(answers)
    return holds is True or (
        holds is None and not any(ref in waiting for ref, _, _ in references(question.ask_if, ""))
    )


def read(screen: Screen, typed: str) -> dict[str, AnswerValue]:
    """Each item's answer from what the person typed on the screen: the numbers (or ids) of the
    items that apply, "none of these" or "not sure about some", and items marked not sure with
    ``DOUBT_MARK`` ("1,3?"). Raises AnswerError (the screen's own how-to) for anything else."""
    typed = _MARK_AFTER_SPACE.sub(DOUBT_MARK, typed)  # "3 ?" is "3?"
    parts = [part for part in typed.strip().lower().replace(" ", ",").split(",") if part]
    marked = [part[:-1] for part in parts if len(part) > 1 and part.endswith(DOUBT_MARK)]
    if screen.doubts or not marked:
        return answers_from(screen, parse_value(screen.question, typed, numbered=True))
    items = [item.question for item in screen.items]
    unsure = []
    for word in marked:
        if word.isdecimal() and 1 <= int(word) <= len(items):
            unsure.append(items[int(word) - 1])
        elif word in items:
            unsure.append(word)
        else:
            raise AnswerError(how_to_tick(screen))
    rest = [part for part in parts if not part.endswith(DOUBT_MARK)]
    value = parse_value(screen.question, ",".join(rest), numbered=True) if rest else ()
    return answers_from(screen, value, unsure)


def answers_from(screen: Screen, value: AnswerValue, unsure: Collection[str] = ()) -> dict[str, AnswerValue]:
    """Each item's answer from the screen's answer.

    On the checklist, a tick gives the item's ``picked`` answer and "none of these" the other
    answer to every item; an item in ``unsure`` (marked with ``DOUBT_MARK``) is "not sure", even if
    also ticked; with "not sure about some" (or "not sure" typed), the items neither ticked nor
    marked are left out for the doubts screen. On the doubts screen, a tick means "not sure", the
    rest take the other answer, and "not sure" typed there leaves every item "not sure".
    """
    if screen.doubts:
        if not isinstance(value, tuple):
            return dict.fromkeys((item.question for item in screen.items), UNSURE)
        return {item.question: UNSURE if item.question in value else item.not_picked for item in screen.items}
    doubtful: dict[str, AnswerValue] = {
        item.question: UNSURE for item in screen.items if item.question in unsure
    }
    if not isinstance(value, tuple):
        return doubtful
    if NONE_OF_THESE in value:
        return {item.question: doubtful.get(item.question, item.not_picked) for item in screen.items}
    ticked: dict[str, AnswerValue] = {
        item.question: item.picked for item in screen.items if item.question in value
    }
    ticked.update(doubtful)
    if SOME_UNSURE in value:
        return ticked
    return {item.question: ticked.get(item.question, item.not_picked) for item in screen.items}


def doubts_after(
    screen: Screen, given: Mapping[str, AnswerValue]
) -> tuple[Screen | None, dict[str, AnswerValue]]:
    """What follows a checklist answer that left items open: the doubts screen when two or more
    are open, or, when one is, that item recorded "not sure" at once (there is nothing to ask)."""
    left = tuple(item for item in screen.items if item.question not in given)
    if len(left) >= 2:
        return Screen(screen.checklist, left, doubts=True), {}
    return None, {item.question: UNSURE for item in left}


def ticks(screen: Screen, person: Mapping[str, AnswerValue]) -> AnswerValue:
    """How a person whose answer to each item question is known ticks a screen. On the checklist:
    what applies, each item not known marked with ``DOUBT_MARK``, and "none of these" when nothing
    applies or is in doubt. On the doubts screen: the items not known. Joined with commas, it is
    what the person types (see ``typed``)."""
    doubtful = tuple(
        item.question
        for item in screen.items
        if person.get(item.question) not in (item.picked, item.not_picked)
    )
    if screen.doubts:
        return doubtful or UNSURE
    ticked = tuple(item.question for item in screen.items if person.get(item.question) == item.picked)
    return (*ticked, *(question + DOUBT_MARK for question in doubtful)) or (NONE_OF_THESE,)


def typed(value: AnswerValue) -> str:
    """A screen's answer as typed at the prompt: choice ids separated by commas."""
    return ",".join(value) if isinstance(value, tuple) else str(value)
