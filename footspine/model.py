"""Typed, frozen models of the rule file. Scoring indexes live with the engine, report records in report.py."""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cached_property
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from .kinds import KINDS, NO, UNSURE, YES, AnswerValue, Kind, Reader

Level = Literal["emergency", "urgent", "soon", "self_care"]
LEVELS: tuple[Level, ...] = ("emergency", "urgent", "soon", "self_care")
LEVEL_RANK: Mapping[str, int] = {"self_care": 0, "soon": 1, "urgent": 2, "emergency": 3}
Origin = Literal["spinal", "local", "systemic_vascular"]
KindName = Literal["yes_no", "single", "multi", "number"]  # the keys of kinds.KINDS
OpenStatus = Literal["not_answered", "unsure"]  # how a red-flag question was left open

__all__ = ["NO", "UNSURE", "YES", "AnswerValue", "Answers"]
Answers = Mapping[str, AnswerValue]

# Finite and sane: JSON has no NaN or Infinity, and this bound also rejects overflowing literals (1e999).
Number = Annotated[float, Meta(ge=-1e9, le=1e9)]
Scalar = str | Number
# `(?!\n)$`: the end of the text itself (a bare `$` also matches before a final newline).
Id = Annotated[str, Meta(pattern=r"^[a-z][a-z0-9_]*(?!\n)$", max_length=64)]
# Plain text only: a control character (a terminal escape, say) in rule text could rewrite the screen
# a warning sign is shown on, so the loader refuses it with its JSON path.
PLAIN = r"^[^\x00-\x1f\x7f-\x9f]*$"
Text = Annotated[str, Meta(min_length=1, pattern=PLAIN)]


class _Frozen(msgspec.Struct, frozen=True, forbid_unknown_fields=True, dict=True, kw_only=True):
    """Rule-file models: immutable, unknown fields rejected; ``dict=True`` allows cached properties."""


EXPR_EXAMPLE = 'e.g. {"eq": ["question_id", "yes"]}'


class Expr(_Frozen, frozen=True, omit_defaults=True, kw_only=True):
    """A condition on answers: exactly one operator of the closed table in operators.py, whose
    entries say what each field means; the fields here give each operator's JSON shape."""

    all: tuple[Expr, ...] | None = None
    any: tuple[Expr, ...] | None = None
    not_: Expr | None = msgspec.field(default=None, name="not")
    eq: tuple[Id, Scalar] | None = None
    in_: tuple[Id, tuple[Scalar, ...]] | None = msgspec.field(default=None, name="in")
    gte: tuple[Id, Number] | None = None
    lte: tuple[Id, Number] | None = None
    answered: Id | None = None

    def __post_init__(self) -> None:
        found = [
            name
            for attribute, name in zip(self.__struct_fields__, self.__struct_encode_fields__, strict=True)
            if getattr(self, attribute) is not None
        ]
        if len(found) != 1:
            detail = f"found {', '.join(found)}" if found else "with a value (not null)"
            raise ValueError(f"a condition takes exactly one operator, {detail}; {EXPR_EXAMPLE}")


OPERATOR_NAMES: tuple[str, ...] = Expr.__struct_encode_fields__


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


class Combination(_Frozen, frozen=True, kw_only=True):
    """A combination of answers that raises the triage to ``level`` (a triage tuple): each part
    alone may be ordinary, together they are a warning sign (cancer history and new weakness)."""

    id: Id
    name: Text
    when: Expr
    level: Literal["emergency", "urgent"]
    advice: Text
    source: Text


class Finding(_Frozen, frozen=True, kw_only=True):
    """An answer pattern that makes a condition more (weight > 0) or less (weight < 0) likely.

    ``lr`` is a published likelihood ratio (the weight is its natural log); ``weight`` is used
    where no ratio is published and the source says why (expert consensus). A ``context`` finding
    (age, sex, a risk factor, the absence of a symptom) moves the score but is never on its own a
    reason to suggest the cause.
    """

    when: Expr
    label: Text
    lr: Number | None = None
    weight: Number | None = None
    context: bool = False
    group: Id | None = None
    """A group of the condition's ``groups``: of its findings that hold, only the strongest counts."""
    source: Text

    def __post_init__(self) -> None:
        if (self.lr is None) == (self.weight is None):
            raise ValueError("give exactly one of 'lr' (a published likelihood ratio) or 'weight'")
        if self.lr is not None and self.lr <= 0:
            raise ValueError("'lr' must be greater than 0")

    @cached_property
    def points(self) -> float:
        return math.log(self.lr) if self.lr is not None else float(self.weight or 0.0)


class FindingGroup(_Frozen, frozen=True, kw_only=True):
    """Findings that measure one thing (skin signs of poor circulation, two ways of asking whether
    sitting eases the legs): counting each would count the same evidence twice, so only the
    strongest that holds is added."""

    id: Id
    label: Text
    source: Text


AGE_QUESTION = "age"  # the question an age prior reads


class AgePrior(_Frozen, frozen=True, kw_only=True):
    """The condition's prior for an age range (children are not small adults: Sever's disease at
    10, not Achilles tendinopathy). It replaces ``prior`` when the age answered is in the range."""

    min_age: Number | None = None
    max_age: Number | None = None
    prior: Number
    label: Text
    source: Text

    def __post_init__(self) -> None:
        if self.min_age is None and self.max_age is None:
            raise ValueError("give 'min_age', 'max_age' or both")
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValueError("'min_age' must not be above 'max_age'")

    @property
    def when(self) -> Expr:
        parts = []
        if self.min_age is not None:
            parts.append(Expr(gte=(AGE_QUESTION, self.min_age)))
        if self.max_age is not None:
            parts.append(Expr(lte=(AGE_QUESTION, self.max_age)))
        return parts[0] if len(parts) == 1 else Expr(all=tuple(parts))


class Condition(_Frozen, frozen=True, kw_only=True):
    id: Id
    name: Text
    origin: Origin
    description: Text
    prior: Number
    prior_source: Text
    findings: Annotated[tuple[Finding, ...], Meta(min_length=1)]
    treatment: Annotated[tuple[Text, ...], Meta(min_length=1)]
    treatment_source: Text
    avoid: tuple[Text, ...] = ()
    seek_care: Text
    triage: Level
    triage_from: Text | None = None
    """The likelihood band from which ``triage`` applies; None: any band whose ``sets_triage`` is
    true. "possible" suits causes whose miss is dangerous (limb ischaemia, infection)."""
    groups: tuple[FindingGroup, ...] = ()
    age_priors: tuple[AgePrior, ...] = ()
    detail_of: tuple[Id, ...] = ()
    """Causes this one is a detail of: a nerve-root syndrome (L5) is how a disc or a narrowed canal
    shows, so when one of them is listed the root is shown under it, not as a second cause."""

    @cached_property
    def scored_findings(self) -> tuple[Finding, ...]:
        """The findings the engine scores: the rule file's, then one context finding per age prior
        that moves the prior to the age range's (so the report shows it as evidence)."""
        return self.findings + tuple(
            Finding(
                when=age.when,
                label=age.label,
                weight=round(age.prior - self.prior, 6),
                context=True,
                source=age.source,
            )
            for age in self.age_priors
        )

    @cached_property
    def group_by_id(self) -> Mapping[str, FindingGroup]:
        return {group.id: group for group in self.groups}


class Band(_Frozen, frozen=True, kw_only=True):
    """A likelihood band in words; ``sets_triage`` says whether a cause this likely decides triage."""

    label: Text
    min_score: Number
    sets_triage: bool


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
    likelihood_bands: Annotated[tuple[Band, ...], Meta(min_length=1)]
    adaptive: Adaptive = msgspec.field(default_factory=Adaptive)
    red_flags: Annotated[tuple[RedFlag, ...], Meta(min_length=1)]
    combinations: tuple[Combination, ...] = ()
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
        return {q.id: q for q in self.all_questions}

    @cached_property
    def answer_forms(self) -> Mapping[str, tuple[Question, frozenset[str], Reader]]:
        """Each question by id, with its kind's fast path for answers already in footspine's own
        form (kinds.Kind.canonical): the strings taken as written, and a reader for the rest."""
        return {q.id: (q, *KINDS[q.kind].canonical(q)) for q in self.all_questions}

    @cached_property
    def condition_by_id(self) -> Mapping[str, Condition]:
        return {c.id: c for c in self.conditions}

    @cached_property
    def red_flag_by_id(self) -> Mapping[str, RedFlag]:
        return {f.id: f for f in self.red_flags}

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
    def warning_by_id(self) -> Mapping[str, RedFlag | Combination]:
        """Everything that can be raised as a warning sign: red flags and combinations, by id."""
        return {**self.red_flag_by_id, **{c.id: c for c in self.combinations}}

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
