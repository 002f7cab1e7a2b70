"""Checklists: several yes/no questions on one screen, and what a tick there means for each of them.

A checklist screen is asked as a pick-all-that-apply question built from the rule file's
checklist, so the prompt, the parsing and the error messages are the ones every multi question
has. Its answer is turned back into one answer per item question: the engine never sees the
checklist, only the answers it stands for.

A person who is not sure about some items says so on the checklist; a second screen asks which
("Which of these are you not sure about?"), and those items are recorded as "not sure" (then
offered their self-check, as when asked on their own). So a doubt is never turned into a "no".
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from .answers import ValidAnswers, pending
from .kinds import NONE, UNSURE, AnswerValue
from .messages import say
from .model import Checklist, ChecklistItem, Choice, Question
from .operators import compiled, references
from .rules import Rules

NONE_OF_THESE = NONE  # the kinds' own "none", so `no` typed at a checklist means it
SOME_UNSURE = "some_unsure"
"""Ticked with or without items: the items not ticked go to the "which are you not sure about" screen."""


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
    return say("checklist.how", last=count, none=count + 1, unsure=count + 2)


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


def answers_from(screen: Screen, value: AnswerValue) -> dict[str, AnswerValue]:
    """Each item's answer from the screen's answer.

    On the checklist, a tick gives the item's ``picked`` answer and "none of these" the other
    answer to every item; with "not sure about some" (or "not sure" typed), the items not ticked
    are left out for the doubts screen. On the doubts screen, a tick means "not sure", the rest
    take the other answer, and "not sure" typed there leaves every item "not sure".
    """
    if screen.doubts:
        if not isinstance(value, tuple):
            return dict.fromkeys((item.question for item in screen.items), UNSURE)
        return {item.question: UNSURE if item.question in value else item.not_picked for item in screen.items}
    if not isinstance(value, tuple):
        return {}
    if NONE_OF_THESE in value:
        return {item.question: item.not_picked for item in screen.items}
    ticked: dict[str, AnswerValue] = {
        item.question: item.picked for item in screen.items if item.question in value
    }
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
    what applies, "none of these" when nothing does, and "not sure about some" where any item is
    not known. On the doubts screen: the items not known."""
    doubtful = tuple(
        item.question
        for item in screen.items
        if person.get(item.question) not in (item.picked, item.not_picked)
    )
    if screen.doubts:
        return doubtful or UNSURE
    ticked = tuple(item.question for item in screen.items if person.get(item.question) == item.picked)
    if doubtful:
        return (*ticked, SOME_UNSURE)
    return ticked or (NONE_OF_THESE,)
