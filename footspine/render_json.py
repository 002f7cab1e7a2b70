"""Report -> the versioned JSON document scripts read (``--json``); plain data, no rich."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec

from . import __version__
from .answers import as_json
from .expr import to_text
from .model import Condition, Evidence, KnowledgeBase, Question, Report

if TYPE_CHECKING:  # `check --json` should not pay for importing the evaluation harness
    from .evaluation import Summary

JSON_SCHEMA_VERSION = 1


def _evidence(item: Evidence) -> dict[str, Any]:
    return {
        "finding": item.label,
        "direction": "for" if item.points > 0 else "against",
        "points": round(item.points, 3),
        "likelihood_ratio": item.lr,
        "source": item.source,
    }


def report_document(report: Report) -> dict[str, Any]:
    """Red flags and the triage come first in the document, as they do on screen."""
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "footspine_version": __version__,
        "rules_version": report.rules_version,
        "rules_sha256": report.rules_sha256,
        "triage": {"level": report.triage.level, "reasons": list(report.triage.reasons)},
        "red_flags": [
            {"id": f.id, "name": f.name, "level": f.level, "advice": f.advice, "source": f.source}
            for f in report.red_flags
        ],
        "unanswered_red_flags": [
            {"id": f.id, "name": f.name, "level": f.level, "status": f.status, "advice": f.advice}
            for f in report.unanswered_red_flags
        ],
        "causes": [
            {
                "rank": rank,
                "id": c.id,
                "name": c.name,
                "origin": c.origin,
                "score": round(c.score, 3),
                "likelihood": c.likelihood,
                "description": c.description,
                "evidence": [_evidence(e) for e in c.evidence],
                "treatment": list(c.treatment),
                "treatment_source": c.treatment_source,
                "avoid": list(c.avoid),
                "seek_care": c.seek_care,
                "triage_if_likely": c.triage,
            }
            for rank, c in enumerate(report.causes, start=1)
        ],
        "answers": as_json(report.answers),
        "disclaimer": report.disclaimer,
    }


def _question(question: Question, kb: KnowledgeBase) -> dict[str, Any]:
    flag = kb.red_flag_by_id.get(question.id)
    entry: dict[str, Any] = {
        "id": question.id,
        "text": question.text,
        "help": question.help,
        "kind": question.kind,
        "choices": [{"id": c.id, "text": c.text} for c in question.choices]
        if question.choices
        else list(question.choice_ids),
        "red_flag": {"answer": "yes", "level": flag.level, "name": flag.name} if flag else None,
        "asked_only_if": msgspec.to_builtins(question.ask_if) if question.ask_if else None,
    }
    if question.kind == "number":
        entry.update(min=question.min, max=question.max, unit=question.unit)
    return entry


def questions_document(kb: KnowledgeBase) -> dict[str, Any]:
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "rules_version": kb.rules_version,
        "rules_sha256": kb.sha256,
        "unsure_answer": "unsure",
        "questions": [_question(q, kb) for q in kb.all_questions],
    }


def _condition(c: Condition) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "origin": c.origin,
        "description": c.description,
        "prior": c.prior,
        "prior_source": c.prior_source,
        "findings": [
            {
                "finding": f.label,
                "when": to_text(f.when),
                "points": round(f.points, 3),
                "likelihood_ratio": f.lr,
                "context": f.context,
                "source": f.source,
            }
            for f in c.findings
        ],
        "treatment": list(c.treatment),
        "treatment_source": c.treatment_source,
        "avoid": list(c.avoid),
        "seek_care": c.seek_care,
        "triage_if_likely": c.triage,
    }


def conditions_document(kb: KnowledgeBase) -> dict[str, Any]:
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "rules_version": kb.rules_version,
        "rules_sha256": kb.sha256,
        "conditions": [_condition(c) for c in kb.conditions],
    }


def condition_document(condition: Condition, kb: KnowledgeBase) -> dict[str, Any]:
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "rules_version": kb.rules_version,
        "rules_sha256": kb.sha256,
        "condition": _condition(condition),
    }


def _mode(summary: Summary, red_flags: int) -> dict[str, Any]:
    return {
        "top1": summary.top1,
        "top3": summary.top3,
        "triage_exact": summary.triage_exact,
        "over_triage_self_care": summary.over_triage_self_care,
        "unsafe_under_triage": [r.id for r in summary.unsafe],
        "by_triage_level": summary.by_level(),
        "questions_asked": {
            "median": summary.asked(0.5),
            "p90": summary.asked(0.9),
            "median_beyond_red_flags": summary.asked(0.5) - red_flags,
            "p90_beyond_red_flags": summary.asked(0.9) - red_flags,
        },
        "results": [
            {
                "id": r.id,
                "expected_causes": list(r.expected_causes),
                "expected_triage": r.expected_triage,
                "rank": r.rank,
                "top3": list(r.ranked[:3]),
                "triage": r.triage,
                "under_triaged": r.under_triaged,
                "over_triaged": r.over_triaged,
                "questions_asked": r.asked,
            }
            for r in summary.results
        ],
    }


def evaluation_document(full: Summary, adaptive: Summary, red_flags: int) -> dict[str, Any]:
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "cases": len(full.results),
        "full": _mode(full, red_flags),
        "adaptive": _mode(adaptive, red_flags),
    }
