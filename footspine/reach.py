"""How high each condition can score, and how often each ranks first on random answers: two checks
that the weights leave every cause reachable and let no cause win by default.

A cause that can never reach the band that sets triage is never "likely", however classic its
picture; a cause that ranks first on many random answer sets wins where the answers do not point
anywhere. Both are measured with the engine itself, so groups, age priors and negative findings
count exactly as they do for a person.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from . import engine
from .adaptive import answer_options
from .kinds import NO, UNSURE, YES, AnswerValue
from .model import Condition, Finding, Question
from .operators import compiled, holds_for, references
from .rules import Rules
from .typed import exclusive

PASSES = 3  # rounds of improving one answer at a time; the scores stop changing after two


@dataclass(frozen=True)
class Reach:
    condition_id: str
    score: float
    band: str
    answers: Mapping[str, AnswerValue]  # an answer set that reaches it, as proof


def _candidates(
    rules: Rules, question: Question, current: AnswerValue | None
) -> Iterator[AnswerValue | None]:
    """The answers worth trying for one question: nothing; each choice (a choice that rules out
    the others, such as "none", only alone); one number per band the findings cut; and for several
    choices the current set with one more, so a set is built up choice by choice."""
    yield None
    if question.kind == "number":
        yield from answer_options(rules, question)
        return
    if not question.behaviour.several:
        yield from question.choice_ids
        return
    for choice in question.choice_ids:
        yield (choice,)
    if isinstance(current, tuple) and not any(exclusive(c) for c in current):
        for choice in question.choice_ids:
            if choice not in current and not exclusive(choice):
                yield (*current, choice)


def _asked_only(answers: dict[str, AnswerValue], questions: Sequence[Question]) -> dict[str, AnswerValue]:
    """The answers whose question would be asked given the others (a skip condition that has
    turned false drops its answer, which may drop others in turn)."""
    kept = dict(answers)
    changed = True
    while changed:
        changed = False
        for question in questions:
            if (
                question.id in kept
                and question.ask_if is not None
                and compiled(question.ask_if)(kept) is False
            ):
                del kept[question.id]
                changed = True
    return kept


def _finding_moves(finding: Finding, questions: Mapping[str, Question]) -> Iterator[dict[str, AnswerValue]]:
    """Answers that make a compound finding hold in one step (``all`` of plain comparisons), which
    one answer at a time cannot find when each part alone scores nothing."""
    parts = finding.when.all if finding.when.all is not None else (finding.when,)
    move: dict[str, AnswerValue] = {}
    for part in parts:
        lookup = holds_for(part)
        if lookup is None or lookup[0] not in questions:
            return
        question_id, values = lookup
        value = values[0]
        if questions[question_id].behaviour.several:  # two parts on one question: both choices
            earlier = move.get(question_id, ())
            chosen = earlier if isinstance(earlier, tuple) else ()
            move[question_id] = (*chosen, str(value))
        else:
            move[question_id] = value
    yield move


def _bearing_on(questions: Sequence[Question], condition: Condition) -> list[Question]:
    """The questions that can move ``condition``'s score, in asking order: those its findings read,
    and those their skip conditions read, and so on. No other answer changes its score, so the
    search tries only these: the time grows with the questions that bear on each cause, not with
    the rule file (a file with thousands of questions validates in time linear in them)."""
    by_id = {q.id: q for q in questions}
    bearing = {ref for f in condition.scored_findings for ref, _, _ in references(f.when, "")}
    todo = list(bearing)
    while todo:
        question = by_id.get(todo.pop())
        if question is None or question.ask_if is None:
            continue
        for ref, _, _ in references(question.ask_if, ""):
            if ref not in bearing:
                bearing.add(ref)
                todo.append(ref)
    return [q for q in questions if q.id in bearing]


def highest_scores(rules: Rules) -> list[Reach]:
    """Each condition's highest score found by improving one answer at a time (coordinate ascent),
    asking a question only when its skip condition allows: a score a real answer set reaches, so a
    lower bound of the true maximum and usually equal to it."""
    kb, plan = rules.kb, rules.index
    found = []
    for position, condition in enumerate(kb.conditions):
        questions = _bearing_on(kb.all_questions, condition)
        answers: dict[str, AnswerValue] = {}
        best = engine.totals(answers, plan)[position]
        for finding in condition.scored_findings:
            if finding.points > 0:
                for move in _finding_moves(finding, kb.question_by_id):
                    trial = _asked_only({**answers, **move}, questions)
                    total = engine.totals(trial, plan)[position]
                    if total > best + 1e-9:
                        best, answers = total, trial
        for _ in range(PASSES):
            improved = False
            for question in questions:
                if question.ask_if is not None and compiled(question.ask_if)(answers) is False:
                    continue
                current = answers.get(question.id)
                for value in _candidates(rules, question, current):
                    trial = {k: v for k, v in answers.items() if k != question.id}
                    if value is not None:
                        trial[question.id] = value
                    trial = _asked_only(trial, questions)
                    total = engine.totals(trial, plan)[position]
                    if total > best + 1e-9:
                        best, answers, improved = total, trial, True
            if not improved:
                break
        answers = _asked_only(answers, questions)
        best = engine.totals(answers, plan)[position]  # the score of the answers given as proof
        found.append(Reach(condition.id, round(best, 6), kb.band_for(best).label, answers))
    return found


def first_place_rates(rules: Rules, sets: int, seed: int = 0) -> Counter[str]:
    """How many of ``sets`` random answer sets (each question answered at random, skip conditions
    respected, red flags "no") rank each condition first."""
    kb = rules.kb
    chooser = random.Random(seed)
    firsts: Counter[str] = Counter()
    options = {q.id: [v for v in q.behaviour.probes(q, ()) if v != UNSURE] for q in kb.questions}
    for q in kb.questions:
        if q.kind == "number":
            options[q.id] = [float(chooser.randint(int(q.min or 0), int(q.max or 0))) for _ in range(50)]
    for _ in range(sets):
        answers: dict[str, AnswerValue] = {
            flag.id: YES if flag.raise_on == NO else NO for flag in kb.red_flags
        }
        for question in kb.questions:
            if question.ask_if is None or compiled(question.ask_if)(answers) is not False:
                answers[question.id] = chooser.choice(options[question.id])
        ranking = engine.rank(answers, kb, rules.index)
        if ranking.causes:
            firsts[kb.conditions[ranking.causes[0][0]].id] += 1
    return firsts
