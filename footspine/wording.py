"""Codes in words: what a triage reason says and which foot a result is about, from the catalogue and
the rule file."""

from __future__ import annotations

from .messages import say, say_count
from .model import KnowledgeBase
from .report import Reason, Report
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


def side_text(report: Report) -> str:
    """Which foot the result is about, in words (side.py reads it from the answers)."""
    return say(f"side.{side_of(report.answers)}")
