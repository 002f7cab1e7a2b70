"""Answers implied by answers already given: the rule file's ``implied_answers``.

Two questions can ask the same thing in different places (a fever with the back pain, a fever with
a hot foot), and one answer can settle another question outright (pain in the calf is pain below
the knee). The interview fills such a question in when it comes due instead of asking it, so a
person never answers the same thing twice and never contradicts an earlier answer. A question is
due when it is unanswered and its gate does not rule it out (the interview asks such a question
while it decides a warning sign); a warning sign waits until its gate holds, so it is never raised
where its own gate rules it out. A "not sure" is not copied: the same thing asked in other words,
or in another context, may get a surer answer.
"""

from __future__ import annotations

from .answers import ValidAnswers
from .kinds import UNSURE
from .model import ImpliedAnswer, KnowledgeBase
from .operators import compiled


def with_implied(kb: KnowledgeBase, answers: ValidAnswers) -> tuple[ValidAnswers, tuple[str, ...]]:
    """``answers`` with every answer they imply for a question now due, and the ids filled in (in
    the order filled). One implied answer can make another due (its gate reads it), so this goes
    on until nothing changes; each round fills at least one question, so it ends."""
    filled: list[str] = []
    while True:
        found = next(
            (
                (rule.question, value)
                for rule in kb.implied_answers
                if rule.question not in answers and (value := _value(rule, answers, kb)) is not None
            ),
            None,
        )
        if found is None:
            return answers, tuple(filled)
        answers = answers.adding(*found)
        filled.append(found[0])


def _value(rule: ImpliedAnswer, answers: ValidAnswers, kb: KnowledgeBase) -> str | None:
    question = kb.question_by_id[rule.question]
    gate = True if question.ask_if is None else compiled(question.ask_if)(answers)
    if gate is False or (gate is None and rule.question in kb.red_flag_by_id):
        return None  # a warning sign waits until its gate holds: a later answer may rule it out
    if rule.when is not None and compiled(rule.when)(answers) is not True:
        return None
    if rule.same_as is not None:
        copied = answers.get(rule.same_as)  # a doubt is not copied: the other wording may settle it
        return copied if isinstance(copied, str) and copied != UNSURE else None
    return rule.answer
