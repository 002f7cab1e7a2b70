"""Chooses the next question: red flags, then the core questions, then the most informative one.

The model is the scorer's own: a finding's points are a log-likelihood ratio, so an answer's
likelihood under a cause is proportional to exp(the points that answer adds for it). A question's
value is the expected drop in entropy of the cause distribution over its possible answers.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from .answers import ValidAnswers, pending
from .kinds import AnswerValue
from .model import LEVEL_RANK, LEVELS, Question
from .operators import compiled, references
from .report import Ranking
from .rules import Rules


@dataclass(frozen=True)
class Choice:
    """The next question, and why it was picked: ``reason`` is a code (red_flag, core, gain,
    level_check, full, ...) that the `?` screen words through the message catalogue."""

    question: Question
    reason: str
    gain: float | None = None


def next_question(rules: Rules, answers: ValidAnswers) -> Choice | None:
    """The question to ask now, or None when the result is settled."""
    kb = rules.kb
    todo = pending(kb, answers)
    if not todo:
        return None
    first = red_flag_phase(rules, answers, todo)
    if first is not None:
        return first
    core = set(kb.adaptive.core)
    for question in todo:
        if question.id in core:
            return Choice(question, "core")
    record = set(kb.adaptive.record)
    waiting = {q.id for q in todo}
    for question in todo:
        if question.id in record and not _gate_waits(question, waiting):
            return Choice(question, "record")
    # A question that depends on an earlier one waits until that answer makes it relevant: asked
    # out of context it would confuse, and the earlier question is the better one to ask first.
    candidates = [
        q for q in todo if q.id not in record and (q.ask_if is None or compiled(q.ask_if)(answers) is True)
    ]
    candidates = [q for q in candidates if q.id not in kb.self_care_questions]
    if not candidates:
        return (
            level_phase(rules, answers, todo)
            or self_care_phase(rules, answers, todo)
            or record_phase(rules, todo)
        )
    best_gain, _, best = min(
        ((information_gain(rules, answers, q), q.id, q) for q in candidates), key=lambda g: (-g[0], g[1])
    )
    if _settled(rules, answers, best_gain, todo):
        return self_care_phase(rules, answers, todo) or record_phase(rules, todo)
    return Choice(best, "gain", best_gain)


def self_care_phase(rules: Rules, answers: ValidAnswers, todo: Sequence[Question]) -> Choice | None:
    """Once the rest is settled on self-care: a question that could rule self-care out (home care has
    already failed). Asked last, and only then, because it changes no score and matters for no
    other result."""
    if rules.rank(answers).level != LEVELS[-1]:
        return None
    for question in todo:
        if question.id in rules.kb.self_care_questions and any(
            ranking.level != LEVELS[-1] for ranking in _rankings_after(rules, answers, question)
        ):
            return Choice(question, "level_check")
    return None


def level_phase(rules: Rules, answers: ValidAnswers, todo: Sequence[Question]) -> Choice | None:
    """When nothing is left to ask in context: a question an 'unsure' gate left open (spreading
    redness after "not sure" about redness) whose answer could change the urgency; None when there
    is none. (While questions can be asked in context, `_settled` keeps the interview going for it.)"""
    level = rules.rank(answers).level
    waiting = {q.id for q in todo}
    for question in todo:
        if (
            question.ask_if is None
            or question.id in rules.kb.adaptive.record
            or _gate_waits(question, waiting)
        ):
            continue
        if compiled(question.ask_if)(answers) is None and any(
            ranking.level != level for ranking in _rankings_after(rules, answers, question)
        ):
            return Choice(question, "level_check")
    return None


def _rankings_after(rules: Rules, answers: ValidAnswers, question: Question) -> Iterator[Ranking]:
    """The decision after each representative answer to ``question``, one at a time."""
    for option in answer_options(rules, question):
        yield rules.rank(answers.adding(question.id, option))


def _gate_waits(question: Question, waiting: set[str]) -> bool:
    """Whether a question's gate still reads an unanswered question (pending means it may hold)."""
    if question.ask_if is None:
        return False
    return any(ref in waiting for ref, _, _ in references(question.ask_if, ""))


def record_phase(rules: Rules, todo: Sequence[Question]) -> Choice | None:
    """Before the interview stops: a question that a pending record question's gate reads, so the
    fact it records (which foot) is asked whenever it can apply; None when there is none."""
    waiting = {q.id: q for q in todo}
    for question in todo:
        if question.id in rules.kb.adaptive.record and question.ask_if is not None:
            for ref, _, _ in references(question.ask_if, ""):
                if ref in waiting:
                    return Choice(waiting[ref], "record_context")
    return None


def red_flag_phase(rules: Rules, answers: ValidAnswers, todo: Sequence[Question]) -> Choice | None:
    """The next warning-sign question, or the context question one waits behind; None when done.

    Every red flag that can still apply comes before any ordinary question. A gated flag (asked
    only after an injury, with diabetes, ...) first asks what its gate reads, while the answers so
    far cannot tell whether it applies (once one term holds, the rest could not skip it); then each
    combination that can still hold asks the questions it reads. Flags whose gate turned false are
    not pending.
    """
    kb = rules.kb
    waiting = {q.id: q for q in todo}
    for question in todo:
        flag = kb.red_flag_by_id.get(question.id)
        if flag is None:
            continue
        if flag.ask_if is not None and compiled(flag.ask_if)(answers) is None:
            for ref, _, _ in references(flag.ask_if, ""):
                if ref in waiting and ref != flag.id:
                    return Choice(waiting[ref], "red_flag_context")
        context = _checklist_context(rules, flag.id, answers, waiting)
        if context is not None:
            return Choice(context, "red_flag_context")
        return Choice(question, "red_flag")
    for combination in kb.combinations:
        if compiled(combination.when)(answers) is False:
            continue
        reads = {ref for ref, _, _ in references(combination.when, "")}
        for question in todo:
            if question.id in reads:
                return Choice(_asked_instead(rules, question, waiting), "red_flag_context")
    return None


def _asked_instead(rules: Rules, question: Question, waiting: Mapping[str, Question]) -> Question:
    """A record question to ask in place of ``question`` when its answer would fill ``question`` in
    (an implied answer): asked anyway, it settles both on one screen ("Which foot hurts?" answers
    "one foot or both"); else ``question`` itself."""
    record = rules.kb.adaptive.record
    for rule in rules.kb.implied_answers:
        if rule.question != question.id or rule.when is None:
            continue
        for ref, _, _ in references(rule.when, ""):
            source = waiting.get(ref)
            if ref in record and source is not None and source.ask_if is None:
                return source
    return question


def _checklist_context(
    rules: Rules, flag_id: str, answers: ValidAnswers, waiting: Mapping[str, Question]
) -> Question | None:
    """Before a warning sign on a checklist is asked: a question that decides whether another item
    of that checklist applies (its gate reads it and is still open), so that every item that
    applies shares the one screen; None when there is none. Gates that read another warning sign
    wait for it: the warning signs' own order stands."""
    checklist = rules.kb.checklist_of.get(flag_id)
    if checklist is None:
        return None
    for item in checklist.items:
        mate = waiting.get(item.question)
        if mate is None or mate.ask_if is None or compiled(mate.ask_if)(answers) is not None:
            continue
        for ref, _, _ in references(mate.ask_if, ""):
            if ref in waiting and ref not in rules.kb.red_flag_by_id:
                return waiting[ref]
    return None


def _settled(rules: Rules, answers: ValidAnswers, best_gain: float, todo: Sequence[Question]) -> bool:
    """Stop when one more answer could not change what the person is told: no single answer to a
    remaining question would put another cause first or move the triage level, either way (or
    nothing left is worth asking and the level cannot move).

    The test is myopic, one answer at a time, as the information gain is. The level test keeps a
    question whose answer could raise the urgency, and one whose answer could lower it. It reads
    every pending question, those an 'unsure' gate left open too: while one of them could still
    change the result, the interview goes on asking what it can (measured on the case files, this
    ranks better than stopping as soon as the askable questions are settled).
    """
    ranking = rules.rank(answers)
    leader = ranking.causes[0][0] if ranking.causes else None
    level = ranking.level
    watch_leader = best_gain >= rules.kb.adaptive.min_gain
    for question in todo:
        if question.id in rules.kb.self_care_questions:  # asked after, by self_care_phase
            continue
        for after in _rankings_after(rules, answers, question):
            if after.level != level:
                return False
            if watch_leader and (after.causes[0][0] if after.causes else None) != leader:
                return False
    return True


def information_gain(rules: Rules, answers: ValidAnswers, question: Question) -> float:
    scores = rules.totals(answers)
    prior = _distribution(scores)
    options = answer_options(rules, question)
    if not options:
        return 0.0
    # shifts[o][c]: how many points answer o adds to cause c (only findings that read this question).
    shifts = [_shift(rules, answers, question.id, option, scores) for option in options]
    gain = _entropy(prior)
    per_cause_norm = [
        math.log(sum(math.exp(shift[c]) for shift in shifts)) for c in range(len(rules.kb.conditions))
    ]
    for shift in shifts:
        joint = [p * math.exp(shift[c] - per_cause_norm[c]) for c, p in enumerate(prior)]
        p_answer = sum(joint)
        if p_answer > 0:
            gain -= p_answer * _entropy([j / p_answer for j in joint])
    return max(gain, 0.0)


def answer_options(rules: Rules, question: Question) -> tuple[AnswerValue, ...]:
    """Representative answers (the kind's options; for numbers, one per band the findings cut)."""
    cuts = (
        bound
        for _, finding in rules.findings_reading.get(question.id, ())
        for ref, comparison, _ in references(finding.when, "")
        if ref == question.id
        for bound in (
            comparison.gte[1] if comparison.gte else None,
            comparison.lte[1] + 1 if comparison.lte else None,
        )
        if bound is not None
    )
    return question.behaviour.options(question, cuts)


def _distribution(scores: Sequence[float]) -> list[float]:
    if not scores:
        return []
    top = max(scores)
    weights = [math.exp(s - top) for s in scores]
    total = sum(weights)
    return [w / total for w in weights]


def _entropy(probabilities: Sequence[float]) -> float:
    return -sum(p * math.log(p) for p in probabilities if p > 0)


def _shift(
    rules: Rules, answers: ValidAnswers, question_id: str, option: AnswerValue, before: Sequence[float]
) -> list[float]:
    """How many points the answer moves each cause, by the engine's own count (so a finding of a
    group that another member already fills moves nothing)."""
    after = rules.totals(answers.adding(question_id, option))
    return [a - b for a, b in zip(after, before, strict=True)]


def helps_tell_apart(rules: Rules, question_id: str) -> list[str]:
    """Names of the causes whose score this question can move, for the `?` explanation: those a
    person looks after or books a visit for first, so the few names a help screen shows are not
    the frightening ones (the rest keep the rule file's order)."""
    kb = rules.kb
    indexes = sorted({index for index, _ in rules.findings_reading.get(question_id, ())})
    indexes.sort(key=lambda index: LEVEL_RANK[kb.conditions[index].triage])
    return [kb.conditions[index].name for index in indexes]
