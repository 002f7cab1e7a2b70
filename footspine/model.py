"""Typed, frozen models of the rule file: questions, warning signs, checklists and the knowledge
base. Causes are modelled in model_causes.py, the shared building blocks in model_types.py; all
are importable from here. Scoring indexes live with the engine, report records in report.py."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from types import MappingProxyType
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from .kinds import KINDS, NO, UNSURE, YES, AnswerValue, Kind, Reader
from .model_causes import AGE_QUESTION, AgePrior, Band, Condition, Finding, FindingGroup
from .model_types import (
    EXPR_EXAMPLE,
    LEVEL_RANK,
    LEVELS,
    OPERATOR_NAMES,
    PLAIN,
    Answers,
    Expr,
    Id,
    KindName,
    Level,
    Number,
    OpenStatus,
    Origin,
    Scalar,
    Text,
    _Frozen,
)
from .operators import references

__all__ = [
    "AGE_QUESTION",
    "EXPR_EXAMPLE",
    "LEVELS",
    "LEVEL_RANK",
    "NO",
    "OPERATOR_NAMES",
    "PLAIN",
    "UNSURE",
    "YES",
    "AgePrior",
    "AnswerValue",
    "Answers",
    "Band",
    "Condition",
    "Expr",
    "Finding",
    "FindingGroup",
    "Id",
    "Level",
    "Number",
    "OpenStatus",
    "Origin",
    "Scalar",
    "Text",
]


class Choice(_Frozen, frozen=True, kw_only=True):
    id: Id
    text: Text


class Question(_Frozen, frozen=True, kw_only=True):
    """One question; red-flag questions are built from RedFlag so both share the answer pipeline."""

    id: Id
    text: Text
    help: Text
    kind: KindName
    choices: tuple[Choice, ...] = ()
    min: Number | None = None
    max: Number | None = None
    unit: Annotated[str, Meta(pattern=PLAIN)] = ""
    ask_if: Expr | None = None

    def __post_init__(self) -> None:
        problem = KINDS[self.kind].check_definition(self)
        if problem is not None:
            raise ValueError(problem)

    @property
    def behaviour(self) -> Kind:
        """The kind's entry in kinds.KINDS: how this question is answered, shown and written."""
        return KINDS[self.kind]

    @cached_property
    def choice_ids(self) -> tuple[str, ...]:
        return KINDS[self.kind].choice_ids(self)

    @property
    def allowed(self) -> str:
        """What the question accepts, in the words an error message or prompt shows."""
        return KINDS[self.kind].allowed(self)

    def choice_text(self, choice_id: str) -> str:
        for choice in self.choices:
            if choice.id == choice_id:
                return choice.text
        return choice_id


class RedFlag(_Frozen, frozen=True, kw_only=True):
    """A direct yes/no question whose ``raise_on`` answer sets the triage to at least ``level``,
    whatever else scores.

    ``raise_on`` lets a warning sign be asked positively ("Can you take four steps?", raised by
    "no") instead of with a double negative. ``ask_if`` lets it wait behind a context question
    (an injury, diabetes, a cancer history): it is skipped only when the gate is definitely false,
    so "not sure" or no answer to the gate still asks it (and `rules validate` checks that).
    """

    id: Id
    name: Text
    text: Text
    help: Text
    level: Literal["emergency", "urgent"]
    advice: Text
    source: Text
    raise_on: Literal["yes", "no"] = "yes"
    ask_if: Expr | None = None
    self_check: Text | None = None  # a check to do now, offered once after "not sure" (same yes/no)

    @cached_property
    def question(self) -> Question:
        return Question(id=self.id, text=self.text, help=self.help, kind="yes_no", ask_if=self.ask_if)


class ChecklistItem(_Frozen, frozen=True, kw_only=True):
    """One observation on a checklist, in the words a person ticks it by. ``picked`` is the answer a
    tick gives the item's yes/no question: "no" for an item worded the other way round ("You cannot
    take four steps" ticks "no" to "Can you take four steps?")."""

    question: Id
    label: Text
    picked: Literal["yes", "no"] = "yes"

    @property
    def not_picked(self) -> str:
        return NO if self.picked == YES else YES


class Checklist(_Frozen, frozen=True, kw_only=True):
    """Yes/no questions asked together on one screen ("pick all that apply", with "none of these"
    and "not sure about some"), as NHS 111 online and group questions in other symptom checkers ask.

    Only the items that are due when the first of them comes up are shown (their gates hold and
    they are unanswered); with fewer than two, the question is asked on its own. An item left
    "not sure" is asked on its own afterwards, with its self-check: a tick never stands in for a
    doubt. Each item's answer is its question's answer, so scoring, answer files and reports are
    the same whichever way it was asked.
    """

    id: Id
    text: Text
    help: Text
    items: Annotated[tuple[ChecklistItem, ...], Meta(min_length=2, max_length=8)]
    source: Text


class Combination(_Frozen, frozen=True, kw_only=True):
    """A combination of answers that raises the triage to ``level`` (a triage tuple): each part
    alone may be ordinary, together they are a warning sign (cancer history and new weakness)."""

    id: Id
    name: Text
    when: Expr
    level: Literal["emergency", "urgent"]
    advice: Text
    source: Text


class ImpliedAnswer(_Frozen, frozen=True, kw_only=True):
    """An answer a question takes from answers already given, so the interview does not ask the
    same thing twice (a fever asked with the back pain and again with a hot foot). With ``same_as``
    the question takes that question's yes or no (a "not sure" is asked again in the other
    wording); with ``answer`` it takes that value.
    Either applies only while ``when`` holds (or always, without one), and only once the question
    is due: unanswered, and its gate not ruling it out (holding, for a warning sign)."""

    question: Id
    answer: Text | None = None
    same_as: Id | None = None
    when: Expr | None = None
    source: Text


class Adaptive(_Frozen, frozen=True, kw_only=True):
    """How the adaptive interview asks: ``core`` questions for everyone, then the most informative.

    It stops when no single answer to a remaining question could put another cause first or move
    the triage level, or when none is expected to sharpen the ranking by ``min_gain`` (nats) and
    the level cannot move.

    ``record`` questions carry no scoring weight (no finding reads them), so the information gain
    would never pick them; they hold facts the summary shows, such as which foot. Each is asked as
    soon as its gate holds, and before the interview stops it asks the questions its gate reads, so
    the fact is known whenever it can be.
    """

    core: tuple[Id, ...] = ()
    record: tuple[Id, ...] = ()
    min_gain: Number = 0.001


class DefaultTriage(_Frozen, frozen=True, kw_only=True):
    level: Level
    reason: Text


class SelfCareLimit(_Frozen, frozen=True, kw_only=True):
    """An answer that rules out a self-care result (home care has had its two weeks and failed): the
    level becomes the default's, and ``reason`` tells the person why."""

    id: Id
    when: Expr
    reason: Text
    source: Text


class SelfCare(_Frozen, frozen=True, kw_only=True):
    """When a result is self-care. Beyond a self-care cause likely enough to set the level: when nothing
    else set it, a leading self-care cause at ``from_band`` or above gives self-care, provided no
    cause that needs a clinician is at that band too and no warning sign is left open (unanswered
    or "not sure"). Any of ``limits`` that holds turns a self-care result into the default level."""

    from_band: Text
    source: Text
    limits: tuple[SelfCareLimit, ...] = ()


CountryCode = Annotated[str, Meta(pattern=r"^[A-Z]{2}(?!\n)$")]  # ISO 3166-1 alpha-2, as locales write it


class HelpLine(_Frozen, frozen=True, kw_only=True):
    """A health line for advice that is not an emergency (NHS 111, healthdirect), with its source."""

    name: Text
    number: Text
    source: Text


class Services(_Frozen, frozen=True, kw_only=True):
    """Where to get help in one country: the emergency number, and a non-emergency line if there is
    one. Kept in the rule file, each with its source, so a wrong number is fixed like a wrong weight."""

    country: Text
    emergency: Text
    emergency_source: Text
    help_line: HelpLine | None = None


class KnowledgeBase(_Frozen, frozen=True, kw_only=True):
    schema_version: Literal[1]
    rules_version: Text
    disclaimer: Text
    default_triage: DefaultTriage
    self_care: SelfCare | None = None
    likelihood_bands: Annotated[tuple[Band, ...], Meta(min_length=1)]
    adaptive: Adaptive = msgspec.field(default_factory=Adaptive)
    red_flags: Annotated[tuple[RedFlag, ...], Meta(min_length=1)]
    combinations: tuple[Combination, ...] = ()
    checklists: tuple[Checklist, ...] = ()
    implied_answers: tuple[ImpliedAnswer, ...] = ()
    questions: tuple[Question, ...]
    conditions: Annotated[tuple[Condition, ...], Meta(min_length=1)]
    services: dict[CountryCode, Services] = msgspec.field(default_factory=dict)
    """By country code; a country not listed gets the neutral wording of the message catalogue."""

    @property
    def sha256(self) -> str:
        """SHA-256 of the rule file's bytes as loaded, so a result can be traced to its exact rules."""
        return str(self.__dict__.get("_sha256", ""))

    def record_source(self, sha256: str) -> None:
        """Set once by the loader; the models themselves stay immutable."""
        self.__dict__["_sha256"] = sha256

    @cached_property
    def all_questions(self) -> tuple[Question, ...]:
        """Every question in asking order: red flags first."""
        return tuple(f.question for f in self.red_flags) + self.questions

    @cached_property
    def question_by_id(self) -> Mapping[str, Question]:
        return MappingProxyType({q.id: q for q in self.all_questions})

    @cached_property
    def answer_forms(self) -> Mapping[str, tuple[Question, frozenset[str], Reader]]:
        """Each question by id, with its kind's fast path for answers already in footspine's own
        form (kinds.Kind.canonical): the strings taken as written, and a reader for the rest."""
        return MappingProxyType({q.id: (q, *KINDS[q.kind].canonical(q)) for q in self.all_questions})

    @cached_property
    def checklist_of(self) -> Mapping[str, Checklist]:
        """The checklist each question is an item of, by question id (a question is on one at most)."""
        return MappingProxyType(
            {item.question: checklist for checklist in self.checklists for item in checklist.items}
        )

    @cached_property
    def self_care_questions(self) -> frozenset[str]:
        """The questions the limits on self-care read: they can change the level, never a score."""
        limits = self.self_care.limits if self.self_care else ()
        return frozenset(ref for limit in limits for ref, _, _ in references(limit.when, ""))

    @cached_property
    def condition_by_id(self) -> Mapping[str, Condition]:
        return MappingProxyType({c.id: c for c in self.conditions})

    @cached_property
    def red_flag_by_id(self) -> Mapping[str, RedFlag]:
        return MappingProxyType({f.id: f for f in self.red_flags})

    @cached_property
    def triage_threshold(self) -> tuple[float | None, ...]:
        """Per condition, the lowest score at which its own triage applies (None: never)."""
        lowest = [band.min_score for band in self.likelihood_bands if band.sets_triage]
        default = min(lowest) if lowest else None
        by_label = {band.label: band.min_score for band in self.likelihood_bands}
        return tuple(
            default if c.triage_from is None else by_label.get(c.triage_from) for c in self.conditions
        )

    @cached_property
    def combinations_reading(self) -> Mapping[str, tuple[Combination, ...]]:
        """The combinations whose condition reads each question, by question id."""
        found: dict[str, list[Combination]] = {}
        for combination in self.combinations:
            for question_id in dict.fromkeys(ref for ref, _, _ in references(combination.when, "")):
                found.setdefault(question_id, []).append(combination)
        return MappingProxyType({question_id: tuple(found_here) for question_id, found_here in found.items()})

    @cached_property
    def warning_by_id(self) -> Mapping[str, RedFlag | Combination]:
        """Everything that can be raised as a warning sign: red flags and combinations, by id."""
        return MappingProxyType({**self.red_flag_by_id, **{c.id: c for c in self.combinations}})

    def band_for(self, score: float) -> Band:
        for band in self.likelihood_bands:
            if score >= band.min_score:
                return band
        return self.likelihood_bands[-1]


def rules_schema() -> dict[str, object]:
    """The JSON Schema of the rule file, from these models (`footspine rules schema`).

    msgspec writes each operator of a condition as optional and nullable; a condition holds exactly
    one operator with a value, which the schema says here so editors flag the same mistakes.
    """
    schema = msgspec.json.schema(KnowledgeBase)
    expr = schema["$defs"]["Expr"]
    expr["minProperties"] = expr["maxProperties"] = 1
    for prop in expr["properties"].values():
        options = [o for o in prop.pop("anyOf", []) if o.get("type") != "null"]
        if options:
            prop.update(options[0])
        prop.pop("default", None)
    return {
        **schema,
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "footspine rule file",
    }
