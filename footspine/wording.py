"""Codes in words: what a triage reason says and which foot a result is about, from the catalogue and
the rule file."""

from __future__ import annotations

from .messages import say, say_count
from .model import KnowledgeBase
from .report import RankedCause, Reason, Report
from .side import side_of


def reason_text(reason: Reason, kb: KnowledgeBase) -> str:
    """One triage reason in words: the catalogue's sentence around the rule file's own text."""
    if reason.code == "red_flag":
        flag = kb.warning_by_id[reason.subject]
        return say("reason.red_flag", name=flag.name, advice=flag.advice)
    if reason.code == "cause":
        condition = kb.condition_by_id[reason.subject]
        return say("reason.cause", name=condition.name, band=reason.band, advice=condition.seek_care)
    if reason.code == "open_flags":
        return say_count("reason.open_flags", reason.count)
    return kb.default_triage.reason


def shown_details(cause: RankedCause) -> tuple[RankedCause, ...]:
    """The best detail under a cause and any other as likely (L5 and S1 both likely): an unlikely
    root is not shown as if it were found (the JSON result lists them all)."""
    return tuple(d for d in cause.details if d.likelihood == cause.details[0].likelihood)


def detail_text(detail: RankedCause, cause: RankedCause) -> str:
    """A cause shown under another (the nerve root under the disc), with what pointed to it that
    the cause above does not already show."""
    shown = {e.label for e in cause.evidence}
    found = "; ".join(e.label for e in detail.evidence if e.points > 0 and e.label not in shown)
    return say(
        "cause.detail",
        name=detail.name,
        band=detail.likelihood,
        evidence=found,
        description=detail.description,
    )


def side_text(report: Report) -> str:
    """Which foot the result is about, in words (side.py reads it from the answers)."""
    return say(f"side.{side_of(report.answers)}")
