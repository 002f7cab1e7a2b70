"""Typed, frozen models: the rule file as loaded, the answers, and the report the engine returns."""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

Level = Literal["emergency", "urgent", "soon", "self_care"]
LEVELS: tuple[Level, ...] = ("emergency", "urgent", "soon", "self_care")
LEVEL_RANK: Mapping[str, int] = {"self_care": 0, "soon": 1, "urgent": 2, "emergency": 3}
Origin = Literal["spinal", "local", "systemic_vascular"]
Kind = Literal["yes_no", "single", "multi", "number"]
OpenStatus = Literal["not_answered", "unsure"]  # how a red-flag question was left open

UNSURE = "unsure"
YES = "yes"
NO = "no"

# An answer: "yes"/"no"/a choice id/"unsure" (str), a number (float), or several choice ids (tuple).
AnswerValue = str | float | tuple[str, ...]
Answers = Mapping[str, AnswerValue]


def did_you_mean(word: str, options: Iterable[object]) -> str:
    """A ' (did you mean 'x'?)' suffix, or '' when nothing is close."""
    names = [str(o) for o in options]
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    if not close and len(word) >= 4:
        close = [name for name in names if word in name][:1]
    return f" (did you mean {close[0]!r}?)" if close else ""


# Finite and sane: JSON has no NaN or Infinity, and this bound also rejects overflowing literals (1e999).
Number = Annotated[float, Meta(ge=-1e9, le=1e9)]
Scalar = str | Number
Id = Annotated[str, Meta(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Text = Annotated[str, Meta(min_length=1)]


class _Frozen(msgspec.Struct, frozen=True, forbid_unknown_fields=True, dict=True, kw_only=True):
    """Rule-file models: immutable, unknown fields rejected; ``dict=True`` allows cached properties."""


OPERATORS = ("all", "any", "not", "eq", "in", "gte", "lte", "answered")
EXPR_EXAMPLE = 'e.g. {"eq": ["question_id", "yes"]}'


class Expr(_Frozen, frozen=True, omit_defaults=True, kw_only=True):
    """A condition on answers, built only from the closed operator table in OPERATORS."""

    all: tuple[Expr, ...] | None = None
    any: tuple[Expr, ...] | None = None
    not_: Expr | None = msgspec.field(default=None, name="not")
    eq: tuple[Id, Scalar] | None = None
    in_: tuple[Id, tuple[Scalar, ...]] | None = msgspec.field(default=None, name="in")
    gte: tuple[Id, Number] | None = None
    lte: tuple[Id, Number] | None = None
    answered: Id | None = None

    def __post_init__(self) -> None:
        found = [name for name in OPERATORS if getattr(self, _attribute(name)) is not None]
        if len(found) != 1:
            detail = f"found {', '.join(found)}" if found else "with a value (not null)"
            raise ValueError(f"a condition takes exactly one operator, {detail}; {EXPR_EXAMPLE}")

    @cached_property
    def test(self) -> Callable[[Answers], bool | None]:
        """This condition compiled into a function of the answers (see expr.compile_expr)."""
        from .expr import compile_expr

        return compile_expr(self)

    @property
    def op(self) -> str:
        for name in OPERATORS:
            if getattr(self, _attribute(name)) is not None:
                return name
        raise AssertionError("validated Expr has no operator")  # pragma: no cover


def _attribute(operator: str) -> str:
    return operator + "_" if operator in ("not", "in") else operator


class Choice(_Frozen, frozen=True, kw_only=True):
    id: Id
    text: Text


class Question(_Frozen, frozen=True, kw_only=True):
    """One question; red-flag questions are built from RedFlag so both share the answer pipeline."""

    id: Id
    text: Text
    help: Text
    kind: Kind
    choices: tuple[Choice, ...] = ()
    min: Number | None = None
    max: Number | None = None
    unit: str = ""
    ask_if: Expr | None = None

    def __post_init__(self) -> None:
        if self.kind in ("single", "multi"):
            if len(self.choices) < 2:
                raise ValueError(f"a {self.kind!r} question needs at least two choices")
            ids = [c.id for c in self.choices]
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"duplicate choice id {dupes[0]!r}")
            if UNSURE in ids:
                raise ValueError(f"choice id {UNSURE!r} is reserved for 'not sure'")
        elif self.choices:
            raise ValueError(f"a {self.kind!r} question takes no choices")
        if self.kind == "number":
            if self.min is None or self.max is None or self.min > self.max:
                raise ValueError("a 'number' question needs 'min' and 'max' with min <= max")
        elif self.min is not None or self.max is not None:
            raise ValueError(f"only 'number' questions take min/max, not {self.kind!r}")

    @cached_property
    def choice_ids(self) -> tuple[str, ...]:
        if self.kind == "yes_no":
            return (YES, NO)
        return tuple(c.id for c in self.choices)

    def choice_text(self, choice_id: str) -> str:
        for choice in self.choices:
            if choice.id == choice_id:
                return choice.text
        return choice_id


class RedFlag(_Frozen, frozen=True, kw_only=True):
    """A direct yes/no question whose "yes" sets the triage to at least ``level``, whatever else scores."""

    id: Id
    name: Text
    text: Text
    help: Text
    level: Literal["emergency", "urgent"]
    advice: Text
    source: Text

    @cached_property
    def question(self) -> Question:
        return Question(id=self.id, text=self.text, help=self.help, kind="yes_no")


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
    source: Text

    def __post_init__(self) -> None:
        if (self.lr is None) == (self.weight is None):
            raise ValueError("give exactly one of 'lr' (a published likelihood ratio) or 'weight'")
        if self.lr is not None and self.lr <= 0:
            raise ValueError("'lr' must be greater than 0")

    @cached_property
    def points(self) -> float:
        return math.log(self.lr) if self.lr is not None else float(self.weight or 0.0)


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


class Band(_Frozen, frozen=True, kw_only=True):
    """A likelihood band in words; ``sets_triage`` says whether a cause this likely decides triage."""

    label: Text
    min_score: Number
    sets_triage: bool


class Adaptive(_Frozen, frozen=True, kw_only=True):
    """How the adaptive interview asks: ``core`` questions for everyone, then the most informative.

    It stops when no remaining question is expected to sharpen the ranking by ``min_gain`` (nats),
    or when the leading cause is likely and ``settled_margin`` points ahead of the next.
    """

    core: tuple[Id, ...] = ()
    min_gain: Number = 0.005
    settled_margin: Number = 1.0


class DefaultTriage(_Frozen, frozen=True, kw_only=True):
    level: Level
    reason: Text


MICRO = 10**6  # scores are counted in whole millionths of a point; see ScoringPlan

# What a finding that holds does: (condition position, micro-points, whether it alone lists the cause).
Effect = tuple[int, int, bool]


class ScoringPlan(msgspec.Struct, frozen=True):
    """Derived from a KnowledgeBase for fast scoring; see KnowledgeBase.scoring_plan.

    Findings are numbered across all conditions. Points are counted in whole millionths (integers):
    a total is then exact, the same whatever order the answers come in, equal to the sum of the
    evidence a report shows, and causes that tie to the six decimals shown do tie (then go by id).
    """

    # (question, answer) -> ((condition position, micro-points) per simple finding it makes hold,
    # the positions those findings list, the findings' numbers): all an answer does, in one lookup.
    effects: Mapping[tuple[str, object], tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[int, ...]]]
    evaluated: tuple[tuple[int, Callable[[Answers], bool | None]], ...]
    effect: tuple[Effect, ...]
    several: tuple[str, ...]  # questions that take several answers, whose findings may overlap
    conditions: tuple[tuple[Condition, tuple[tuple[int, float, bool, Evidence], ...]], ...]
    priors: tuple[int, ...]
    ids: tuple[str, ...]
    id_rank: tuple[int, ...]  # each condition's place when sorted by id, and the reverse: ties go by id
    by_id_rank: tuple[int, ...]
    triage_rank: tuple[int, ...]  # LEVEL_RANK of each condition's triage when it is likely


class KnowledgeBase(_Frozen, frozen=True, kw_only=True):
    schema_version: Literal[1]
    rules_version: Text
    disclaimer: Text
    default_triage: DefaultTriage
    likelihood_bands: Annotated[tuple[Band, ...], Meta(min_length=1)]
    adaptive: Adaptive = msgspec.field(default_factory=Adaptive)
    red_flags: Annotated[tuple[RedFlag, ...], Meta(min_length=1)]
    questions: tuple[Question, ...]
    conditions: Annotated[tuple[Condition, ...], Meta(min_length=1)]

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
    def answer_forms(self) -> Mapping[str, tuple[Question, frozenset[str], frozenset[str]]]:
        """Each question by id, with the answers it takes exactly as written (a choice id or
        "unsure"), and for multiple choice the ids a list of answers may hold."""
        forms = {}
        for question in self.all_questions:
            ids = frozenset(question.choice_ids) if question.kind != "number" else frozenset()
            if question.kind == "multi":
                forms[question.id] = (question, frozenset({UNSURE}), ids)
            else:
                forms[question.id] = (question, ids | {UNSURE}, frozenset())
        return forms

    @cached_property
    def red_flag_by_id(self) -> Mapping[str, RedFlag]:
        return {f.id: f for f in self.red_flags}

    @cached_property
    def scoring_plan(self) -> ScoringPlan:
        """The findings numbered once, with an index from (question, answer) to the simple ones that hold.

        A finding that is one ``eq``/``in`` comparison holds exactly when an answer equals one of its
        values (or, for several answers, includes one), so a dictionary lookup per answer finds them
        all; only compound and numeric findings are evaluated one by one.
        """
        triggers: dict[tuple[str, object], list[int]] = {}
        evaluated: list[tuple[int, Callable[[Answers], bool | None]]] = []
        conditions = []
        number = 0
        for condition in self.conditions:
            entries = []
            for finding in condition.findings:
                when = finding.when
                simple = when.eq if when.eq is not None and when.eq[1] != UNSURE else None
                if simple is not None:
                    triggers.setdefault((simple[0], simple[1]), []).append(number)
                elif when.in_ is not None and UNSURE not in when.in_[1]:
                    for value in dict.fromkeys(when.in_[1]):
                        triggers.setdefault((when.in_[0], value), []).append(number)
                else:
                    evaluated.append((number, when.test))
                evidence = Evidence(finding.label, round(finding.points, 6), finding.lr, finding.source)
                entries.append((number, finding.points, finding.points > 0 and not finding.context, evidence))
                number += 1
            # Stored in the order a report lists evidence (strongest first), so no sort per case.
            entries.sort(key=lambda entry: (-abs(entry[1]), entry[3].label))
            conditions.append((condition, tuple(entries)))
        effect = tuple(
            (position, round(points * MICRO), suggests)
            for _, position, points, suggests in sorted(
                (number, position, points, suggests)
                for position, (_, entries) in enumerate(conditions)
                for number, points, suggests, _ in entries
            )
        )
        by_id = sorted(range(len(self.conditions)), key=lambda position: self.conditions[position].id)
        id_rank = [0] * len(by_id)
        for place, position in enumerate(by_id):
            id_rank[position] = place
        return ScoringPlan(
            effects={
                key: (
                    tuple((effect[n][0], effect[n][1]) for n in numbers),
                    tuple(effect[n][0] for n in numbers if effect[n][2]),
                    tuple(numbers),
                )
                for key, numbers in triggers.items()
            },
            evaluated=tuple(evaluated),
            effect=effect,
            several=tuple(q.id for q in self.questions if q.kind == "multi"),
            conditions=tuple(conditions),
            priors=tuple(round(condition.prior * MICRO) for condition in self.conditions),
            ids=tuple(condition.id for condition in self.conditions),
            id_rank=tuple(id_rank),
            by_id_rank=tuple(by_id),
            triage_rank=tuple(LEVEL_RANK[condition.triage] for condition in self.conditions),
        )

    @cached_property
    def findings_reading(self) -> Mapping[str, tuple[tuple[int, Finding], ...]]:
        """For each question id, the (condition index, finding) pairs whose condition reads it."""
        from .expr import references

        index: dict[str, list[tuple[int, Finding]]] = {}
        for position, condition in enumerate(self.conditions):
            for finding in condition.findings:
                for question_id in dict.fromkeys(ref for ref, _, _ in references(finding.when, "")):
                    index.setdefault(question_id, []).append((position, finding))
        return {key: tuple(value) for key, value in index.items()}

    def band_for(self, score: float) -> Band:
        for band in self.likelihood_bands:
            if score >= band.min_score:
                return band
        return self.likelihood_bands[-1]


# --- The report: frozen structs (cheap to build per case), built by the engine, read by the renderers. ---


class _Record(msgspec.Struct, frozen=True):
    """Base of the report records: immutable, compared by value."""


class Evidence(_Record, frozen=True):
    label: str
    points: float
    lr: float | None
    source: str


class RankedCause(_Record, frozen=True):
    id: str
    name: str
    origin: str
    description: str
    score: float
    likelihood: str
    evidence: tuple[Evidence, ...]
    treatment: tuple[str, ...]
    treatment_source: str
    avoid: tuple[str, ...]
    seek_care: str
    triage: str


class RaisedFlag(_Record, frozen=True):
    id: str
    name: str
    level: str
    advice: str
    source: str


class OpenRedFlag(_Record, frozen=True):
    """A red-flag question answered 'not sure' or not at all: never counted as a reassuring 'no'."""

    id: str
    name: str
    level: str
    advice: str
    status: OpenStatus


class Ranking(_Record, frozen=True):
    """The engine's decision without its explanation: what `batch` writes and the interview weighs.

    ``causes`` holds (condition position, score, likelihood band) for each listed cause, best first;
    ``raised`` the red flags answered yes, most urgent first; ``open_flags`` those unanswered or
    answered "not sure", with which.
    """

    causes: tuple[tuple[int, float, Band], ...]
    raised: tuple[RedFlag, ...]
    open_flags: tuple[tuple[RedFlag, OpenStatus], ...]
    level: Level


class Triage(_Record, frozen=True):
    level: str
    reasons: tuple[str, ...]


class Report(_Record, frozen=True):
    triage: Triage
    red_flags: tuple[RaisedFlag, ...]
    unanswered_red_flags: tuple[OpenRedFlag, ...]
    causes: tuple[RankedCause, ...]
    answers: Mapping[str, AnswerValue]
    disclaimer: str
    rules_version: str
    rules_sha256: str
