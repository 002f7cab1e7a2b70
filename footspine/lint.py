"""Warnings for rule authors: things a valid rule file can still get wrong (unused or unreachable parts)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .adaptive import next_question
from .kinds import UNSURE, AnswerValue
from .model import Expr, KnowledgeBase, Question
from .operators import evaluate, references
from .reach import highest_scores
from .rules import Rules

MAX_POINTS = 4.0  # a likelihood ratio above about 55 or below about 0.02: almost surely a typo
MAX_PRIOR = 5.0
MAX_COMBINATIONS = 20_000


@dataclass(frozen=True)
class LintWarning:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def lint(rules: Rules) -> list[LintWarning]:
    kb = rules.kb
    return [
        *_unused_questions(kb),
        *_impossible_skip_rules(kb),
        *_conditions_never_suggested(kb),
        *_insane_weights(kb),
        *_thin_sources(kb),
        *_red_flags_not_asked_first(rules),
        *_unsafe_gates(kb),
        *_dangerous_triage_never_applies(kb),
        *_conditions_never_likely(rules),
        *_warning_sign_wording(kb),
    ]


MAX_GRADE = 8.0  # Flesch-Kincaid: warning signs are read by laypeople, often in pain or in a hurry
MIN_GRADED_WORDS = 8  # below this the formula swings on a single long word ("Getting weaker?": 8.8)
_JOINED = re.compile(r"\band\b", re.IGNORECASE)
_EXCLUSION = re.compile(r"\b(unless|except|answer no|to explain it)\b", re.IGNORECASE)


def _warning_sign_wording(kb: KnowledgeBase) -> Iterator[LintWarning]:
    """A warning sign asks one thing a person can notice: its question has no "and" joining two
    conditions (a person with one of them answers "no" or "not sure"), no exclusion clause, and it
    reads at grade 8 or lower. Which observations together raise which level is the rule file's
    job (combinations and gates), not the reader's."""
    from .readability import grade, sentences

    for index, flag in enumerate(kb.red_flags):
        path = f"red_flags[{index}].text"
        asked = " ".join(s for s in sentences(flag.text) if s.endswith("?"))
        if _JOINED.search(asked):
            yield LintWarning(
                path,
                f"{flag.id!r} joins conditions with 'and': ask one observation, combine in 'combinations'",
            )
        if _EXCLUSION.search(flag.text):
            yield LintWarning(path, f"{flag.id!r} has an exclusion clause: put the exception in 'ask_if'")
        level = grade(flag.text)
        if len(flag.text.split()) >= MIN_GRADED_WORDS and level > MAX_GRADE:
            yield LintWarning(
                path,
                f"{flag.id!r} reads at grade {level:.1f} (target {MAX_GRADE:.0f} or lower): shorter words and sentences",
            )


def _conditions_never_likely(rules: Rules) -> Iterator[LintWarning]:
    """A cause whose classic picture cannot reach the band that sets triage is never called
    likely; the highest score is found with the engine itself (reach.highest_scores)."""
    kb = rules.kb
    setting = [band for band in kb.likelihood_bands if band.sets_triage]
    if not setting:
        return
    for index, reach in enumerate(highest_scores(rules)):
        if reach.score < setting[-1].min_score:
            yield LintWarning(
                f"conditions[{index}]",
                f"{reach.condition_id!r} can score at most {reach.score:.2f} ({reach.band}), so it is never "
                f"{setting[-1].label!r}; give its typical findings their weight",
            )


def _unused_questions(kb: KnowledgeBase) -> Iterator[LintWarning]:
    read = {ref for c in kb.conditions for f in c.scored_findings for ref, _, _ in references(f.when, "")}
    read.update(kb.adaptive.record)  # recorded for the summary, by design read by nothing
    read.update(kb.self_care_questions)  # they decide the level only
    for question in kb.questions:
        if question.ask_if is not None:
            read.update(ref for ref, _, _ in references(question.ask_if, ""))
    for index, question in enumerate(kb.questions):
        if question.id not in read:
            yield LintWarning(
                f"questions[{index}]", f"{question.id!r} is asked, but no finding or skip rule reads it"
            )


def _impossible_skip_rules(kb: KnowledgeBase) -> Iterator[LintWarning]:
    for index, question in enumerate(kb.questions):
        if question.ask_if is not None and _never_true(kb, question.ask_if):
            yield LintWarning(
                f"questions[{index}].ask_if", f"can never be true, so {question.id!r} is never asked"
            )
    for c_index, condition in enumerate(kb.conditions):
        for f_index, finding in enumerate(condition.findings):
            if _never_true(kb, finding.when):
                yield LintWarning(f"conditions[{c_index}].findings[{f_index}].when", "can never be true")


def _never_true(kb: KnowledgeBase, expr: Expr) -> bool:
    """Try every combination of representative answers to the questions ``expr`` reads."""
    ids = list(dict.fromkeys(ref for ref, _, _ in references(expr, "")))
    options = [_options(kb.question_by_id[i], expr) for i in ids]
    total = 1
    for opts in options:
        total *= len(opts)
    if total > MAX_COMBINATIONS:
        return False  # too many to try: assume it can hold
    return not any(
        evaluate(expr, dict(zip(ids, combo, strict=True))) for combo in itertools.product(*options)
    )


def _options(question: Question, expr: Expr) -> tuple[AnswerValue, ...]:
    """Answers that probe every way ``expr`` can read this question: the kind's probes around the
    numbers the condition compares with."""
    numbers: set[float] = set()
    for ref, comparison, _ in references(expr, ""):
        if ref == question.id:
            for operand in (comparison.gte, comparison.lte):
                if operand is not None:
                    numbers.update({operand[1] - 1, operand[1], operand[1] + 1})
            if comparison.eq is not None and not isinstance(comparison.eq[1], str):
                numbers.add(comparison.eq[1])
    return question.behaviour.probes(question, numbers)


def _conditions_never_suggested(kb: KnowledgeBase) -> Iterator[LintWarning]:
    for index, condition in enumerate(kb.conditions):
        if not any(f.points > 0 and not f.context for f in condition.findings):
            yield LintWarning(
                f"conditions[{index}]",
                f"{condition.id!r} has no supporting symptom finding (only context or negative ones), so it is never suggested",
            )


def _insane_weights(kb: KnowledgeBase) -> Iterator[LintWarning]:
    for c_index, condition in enumerate(kb.conditions):
        if abs(condition.prior) > MAX_PRIOR:
            yield LintWarning(
                f"conditions[{c_index}].prior",
                f"{condition.prior:g} is outside -{MAX_PRIOR:g}..{MAX_PRIOR:g}",
            )
        for f_index, finding in enumerate(condition.findings):
            if abs(finding.points) > MAX_POINTS:
                field = "lr" if finding.lr is not None else "weight"
                value = finding.lr if finding.lr is not None else finding.weight
                yield LintWarning(
                    f"conditions[{c_index}].findings[{f_index}].{field}",
                    f"{value:g} is {abs(finding.points):.1f} points; findings beyond {MAX_POINTS:g} are almost always typos",
                )


def _thin_sources(kb: KnowledgeBase) -> Iterator[LintWarning]:
    for c_index, condition in enumerate(kb.conditions):
        places = [("prior_source", condition.prior_source), ("treatment_source", condition.treatment_source)]
        places += [(f"findings[{i}].source", f.source) for i, f in enumerate(condition.findings)]
        for where, source in places:
            if len(source.strip()) < 10:
                yield LintWarning(
                    f"conditions[{c_index}].{where}", f"source {source!r} is too short to find again"
                )
    for index, flag in enumerate(kb.red_flags):
        if len(flag.source.strip()) < 10:
            yield LintWarning(
                f"red_flags[{index}].source", f"source {flag.source!r} is too short to find again"
            )


def _red_flags_not_asked_first(rules: Rules) -> Iterator[LintWarning]:
    """Run the adaptive interview answering every warning sign with its reassuring answer, other
    yes/no questions 'no' and the rest 'unsure', up to its first ordinary question, and check that
    no red flag that applies is still unasked then (with 'unsure' gates, all of them apply): it
    would come after an ordinary question, or never. Stopping there keeps the check linear in the
    questions, however many a rule file has."""
    kb = rules.kb
    answers = rules.answers({})
    while (choice := next_question(rules, answers)) is not None and len(answers) <= len(kb.all_questions):
        if choice.reason not in ("red_flag", "red_flag_context"):
            break
        question = choice.question
        flag = kb.red_flag_by_id.get(question.id)
        if flag is not None:
            value: AnswerValue = "yes" if flag.raise_on == "no" else "no"
        else:
            value = "no" if question.kind == "yes_no" and choice.reason != "red_flag_context" else UNSURE
        answers = answers.adding(question.id, value)
    late = [
        flag.id
        for flag in kb.red_flags
        if flag.id not in answers and (flag.ask_if is None or evaluate(flag.ask_if, answers) is not False)
    ]
    if late:
        yield LintWarning(
            "red_flags",
            f"the adaptive interview does not ask every red flag first ({', '.join(late)} asked later or never)",
        )


def _unsafe_gates(kb: KnowledgeBase) -> Iterator[LintWarning]:
    """A gate must keep asking its warning sign when a question it reads is unanswered or 'unsure':
    uncertainty about the context (an injury? diabetes?) must never skip the warning sign."""
    for index, flag in enumerate(kb.red_flags):
        if flag.ask_if is None:
            continue
        path = f"red_flags[{index}].ask_if"
        if _never_true(kb, flag.ask_if):
            yield LintWarning(path, f"can never be true, so {flag.id!r} is never asked")
        if evaluate(flag.ask_if, {}) is False:
            yield LintWarning(
                path, f"is false with nothing answered, so {flag.id!r} could be skipped unasked"
            )
        for ref in dict.fromkeys(ref for ref, _, _ in references(flag.ask_if, "")):
            if evaluate(flag.ask_if, {ref: UNSURE}) is False:
                yield LintWarning(path, f"an 'unsure' answer to {ref!r} would skip {flag.id!r}")
    for index, combination in enumerate(kb.combinations):
        if _never_true(kb, combination.when):
            yield LintWarning(f"combinations[{index}].when", "can never be true")
    checks = (
        ("red_flags", kb.red_flags, ("advice",)),
        ("combinations", kb.combinations, ("source", "advice")),
    )
    for section, items, fields in checks:  # red-flag sources are checked with the others (_thin_sources)
        for index, item in enumerate(items):
            for field in fields:
                if len(getattr(item, field).strip()) < 10:
                    yield LintWarning(
                        f"{section}[{index}].{field}", f"{field} is too short to act on or find again"
                    )


def _dangerous_triage_never_applies(kb: KnowledgeBase) -> Iterator[LintWarning]:
    """A cause sent to emergency or urgent care whose score can never reach its triage band: even
    every supporting finding at once (an upper bound) falls short, so its triage never applies."""
    for index, (condition, threshold) in enumerate(zip(kb.conditions, kb.triage_threshold, strict=True)):
        if condition.triage not in ("emergency", "urgent"):
            continue
        best = condition.prior + sum(f.points for f in condition.scored_findings if f.points > 0)
        if threshold is None or best < threshold:
            yield LintWarning(
                f"conditions[{index}]",
                f"{condition.id!r} can score at most {best:.2f}, below its triage band: its {condition.triage} triage never applies",
            )
