"""The records the engine returns and the renderers read: frozen structs, cheap to build per case.

They hold no English of their own: names, advice and bands come from the rule file, and the
triage reasons are codes that the renderers word through the message catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

from .kinds import AnswerValue
from .model import Band, Combination, Level, OpenStatus, RedFlag


class _Record(msgspec.Struct, frozen=True):
    """Base of the report records: immutable, compared by value."""


class Evidence(_Record, frozen=True):
    label: str
    points: float
    lr: float | None
    source: str
    group: str | None = None  # the group's label when only the strongest of its findings counts


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
    details: tuple[RankedCause, ...] = ()  # e.g. the nerve root a disc presses on (Condition.detail_of)

    def own_evidence(self, detail: RankedCause) -> tuple[Evidence, ...]:
        """What points to a detail that this cause does not already show (the root's skin area)."""
        shown = {e.label for e in self.evidence}
        return tuple(e for e in detail.evidence if e.points > 0 and e.label not in shown)

    @property
    def shown_details(self) -> tuple[RankedCause, ...]:
        """The details worth naming: those with evidence of their own, in the band of the best of
        them (L5 and S1 both likely); a root nothing points to is not shown as if it were found.
        The JSON result lists every detail; eval credits only these."""
        found = [d for d in self.details if self.own_evidence(d)]
        return tuple(d for d in found if d.likelihood == found[0].likelihood)


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
    answered "not sure", with which; ``details`` the causes folded under a listed cause.
    """

    causes: tuple[tuple[int, float, Band], ...]
    raised: tuple[RedFlag | Combination, ...]
    open_flags: tuple[tuple[RedFlag, OpenStatus], ...]
    level: Level
    # Causes shown as the detail of a listed cause instead of on their own (Condition.detail_of):
    # (condition position, score, band, the position of the cause it is shown under), best first.
    details: tuple[tuple[int, float, Band, int], ...] = ()
    # The limits on self-care that held (SelfCare.limits ids): they set the level to the default's.
    limits: tuple[str, ...] = ()


class Reason(_Record, frozen=True):
    """Why the triage is what it is, as a code and its parameters: renderers word it (messages.py).

    Codes: ``red_flag`` (flag: the red flag's id), ``cause`` (cause: a condition's id, band: its
    likelihood band), ``default`` (nothing set the level), ``self_care_limit`` (subject: the id of a
    limit on self-care that held), ``open_flags`` (count: warning-sign questions not answered or
    answered "not sure").
    """

    code: str
    subject: str = ""
    band: str = ""
    count: int = 0


class Triage(_Record, frozen=True):
    level: str
    reasons: tuple[Reason, ...]


class Report(_Record, frozen=True):
    triage: Triage
    red_flags: tuple[RaisedFlag, ...]
    unanswered_red_flags: tuple[OpenRedFlag, ...]
    causes: tuple[RankedCause, ...]
    answers: Mapping[str, AnswerValue]
    disclaimer: str
    rules_version: str
    rules_sha256: str
