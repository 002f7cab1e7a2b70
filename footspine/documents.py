"""The JSON documents footspine writes for scripts, as typed models: `check --json` (and `batch
--full`) and `questions --json`. render_json builds them; their JSON Schemas in docs/ are generated
from these models (``schemas``), and a test checks the files are what the models say.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta

from .model import Expr, Level, OpenStatus, Origin
from .side import Side

JSON_SCHEMA_VERSION: Literal[1] = 1
NonEmpty = Annotated[str, Meta(min_length=1)]
Sha256 = Annotated[str, Meta(pattern="^([0-9a-f]{64})?$", description="SHA-256 of the rule file's bytes")]
FlagLevel = Literal["emergency", "urgent"]
JsonAnswer = str | float | list[str]


class _Document(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of the documents: every field always written, no other field allowed."""


class ReasonCode(_Document):
    """A triage reason as data: ``code`` is red_flag (subject: its id), cause (subject: the
    condition's id, band: its likelihood), self_care_limit (subject: the limit's id), default, or
    open_flags (count)."""

    code: Literal["red_flag", "cause", "self_care_limit", "default", "open_flags"]
    subject: str
    band: str
    count: Annotated[int, Meta(ge=0)]


class TriageDocument(_Document):
    level: Level
    reasons: Annotated[list[NonEmpty], Meta(min_length=1, description="In words, red flags first")]
    reason_codes: list[ReasonCode]


class RedFlagDocument(_Document):
    id: str
    name: str
    level: FlagLevel
    advice: NonEmpty
    source: NonEmpty


class OpenRedFlagDocument(_Document):
    id: str
    name: str
    level: FlagLevel
    status: OpenStatus
    advice: str


class EvidenceDocument(_Document):
    finding: str
    direction: Literal["for", "against"]
    points: float
    likelihood_ratio: Annotated[float, Meta(gt=0)] | None
    source: NonEmpty
    counted_once_in: str | None = None  # a group's label: the strongest of its findings counts alone


class DetailDocument(_Document):
    """A cause shown under another: the nerve root a disc or a narrowed canal presses on."""

    id: str
    name: str
    score: float
    likelihood: str
    description: str
    evidence: list[EvidenceDocument]


class CauseDocument(_Document):
    rank: Annotated[int, Meta(ge=1)]
    id: str
    name: str
    origin: Origin
    score: Annotated[float, Meta(description="Prior plus the points of the findings that hold, to 6 places")]
    likelihood: str
    description: str
    evidence: Annotated[list[EvidenceDocument], Meta(min_length=1)]
    treatment: list[str]
    treatment_source: str
    avoid: list[str]
    seek_care: str
    triage_if_likely: Level
    details: Annotated[
        list[DetailDocument],
        Meta(description="Causes shown under this one, e.g. the nerve root (L5) a disc presses on"),
    ] = []


class ResultDocument(_Document):
    """One `footspine check --json` result; red flags and the triage come first."""

    schema_version: Literal[1]
    footspine_version: str
    rules_version: str
    rules_sha256: Sha256
    triage: TriageDocument
    red_flags: Annotated[
        list[RedFlagDocument], Meta(description="Warning signs answered 'yes', most urgent first")
    ]
    unanswered_red_flags: Annotated[
        list[OpenRedFlagDocument],
        Meta(description="Warning signs not answered or answered 'not sure': never read as 'no'"),
    ]
    causes: Annotated[
        list[CauseDocument], Meta(description="Possible causes, highest score first (ties by id)")
    ]
    side: Annotated[
        Side,
        Meta(
            description=(
                "Which foot: left, right, both, one_foot (one foot, not said which) or unknown "
                "(not said whether one foot or both)"
            )
        ),
    ]
    answers: Annotated[dict[str, JsonAnswer], Meta(description="In the form --answers reads back")]
    language: Annotated[
        str,
        Meta(
            pattern="^[a-z]{2,3}$",
            description="The language of the texts (names, reasons, advice): 'en', or a translation's, as 'es'",
        ),
    ]
    disclaimer: NonEmpty


class ChoiceDocument(_Document):
    id: str
    text: str


class RedFlagMark(_Document):
    answer: Literal["yes", "no"]  # the answer that raises it
    level: FlagLevel
    name: str


class QuestionDocument(_Document):
    """One question: every kind has the same fields; ``choices`` is empty for numbers, and
    ``min``, ``max`` and ``unit`` are null for the other kinds."""

    id: str
    text: str
    help: str
    kind: Literal["yes_no", "single", "multi", "number"]
    choices: list[ChoiceDocument]
    min: float | None
    max: float | None
    unit: str | None
    red_flag: RedFlagMark | None
    asked_only_if: Expr | None


class ChecklistItemDocument(_Document):
    question: str
    label: str
    picked: Literal["yes", "no"]  # the answer a tick gives the question


class ChecklistDocument(_Document):
    """Questions the interview may ask together on one screen; each keeps its own answer."""

    id: str
    text: str
    items: list[ChecklistItemDocument]


class QuestionsDocument(_Document):
    schema_version: Literal[1]
    rules_version: str
    rules_sha256: Sha256
    unsure_answer: Literal["unsure"]
    questions: list[QuestionDocument]
    checklists: list[ChecklistDocument]


BATCH_SCHEMA_VERSION: Literal[2] = 2


class BatchTriage(_Document):
    level: Level


class BatchOpenSign(_Document):
    id: str
    status: OpenStatus
    level: Annotated[FlagLevel, Meta(description="The level its 'yes' would reach with the other answers")]


class BatchCause(_Document):
    id: str
    score: float
    likelihood: str


class BatchDetail(_Document):
    id: str
    score: float
    likelihood: str
    under: Annotated[str, Meta(description="The listed cause it is shown under (the disc for a nerve root)")]


class BatchRecord(_Document, kw_only=True):
    """One line of `footspine batch` output, in the order read. schema_version 2: ``triage`` is an
    object with ``level``, as in `check --json` (a bare string in version 1). ``id`` is there when
    the line gave one. A line that could not be scored is ``{"schema_version", "line", "error"}``."""

    schema_version: Literal[2]
    line: Annotated[int, Meta(ge=1)]
    id: Any = msgspec.UNSET
    rules_sha256: Sha256
    triage: BatchTriage
    red_flags: list[str]
    unanswered_red_flags: list[str]
    open_red_flags: list[BatchOpenSign]
    causes: Annotated[list[BatchCause], Meta(description="Highest score first (ties by id)")]
    details: list[BatchDetail]


SCHEMAS: dict[str, tuple[type, str]] = {
    "result.schema.json": (ResultDocument, "footspine check --json result (schema_version 1)"),
    "questions.schema.json": (QuestionsDocument, "footspine questions --json (schema_version 1)"),
    "batch.schema.json": (BatchRecord, "footspine batch record (schema_version 2)"),
}


def schema(document: type, title: str) -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of one document model."""
    generated = msgspec.json.schema(document)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **generated}
