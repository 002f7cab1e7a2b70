"""Report -> the versioned JSON document scripts read (``--json``); plain data, no rich."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec

from . import __version__
from .answers import as_json
from .documents import (
    JSON_SCHEMA_VERSION,
    CauseDocument,
    ChecklistDocument,
    ChecklistItemDocument,
    ChoiceDocument,
    DetailDocument,
    EvidenceDocument,
    OpenRedFlagDocument,
    QuestionDocument,
    QuestionsDocument,
    ReasonCode,
    RedFlagDocument,
    RedFlagMark,
    ResultDocument,
    TriageDocument,
)
from .messages import language, say
from .model import Condition, KnowledgeBase, Question
from .operators import to_text
from .report import Evidence, Report
from .side import side_of
from .wording import reason_text

if TYPE_CHECKING:  # `check --json` should not pay for importing the evaluation harness
    from .evaluation import Summary
    from .results import (
        CheckResult,
        ConditionsResult,
        EvalResult,
        ExplainResult,
        QuestionsResult,
        ValidateResult,
    )


def _evidence(item: Evidence) -> EvidenceDocument:
    return EvidenceDocument(
        finding=item.label,
        direction="for" if item.points > 0 else "against",
        points=round(item.points, 6),
        likelihood_ratio=item.lr,
        source=item.source,
        counted_once_in=item.group,
    )


def check_document(result: CheckResult) -> dict[str, Any]:
    return report_document(result.report, result.kb)


def report_document(report: Report, kb: KnowledgeBase) -> dict[str, Any]:
    """Red flags and the triage come first in the document, as they do on screen."""
    document = ResultDocument(
        schema_version=JSON_SCHEMA_VERSION,
        footspine_version=__version__,
        rules_version=report.rules_version,
        rules_sha256=report.rules_sha256,
        triage=TriageDocument(
            level=report.triage.level,  # type: ignore[arg-type]
            reasons=[reason_text(reason, kb) for reason in report.triage.reasons],
            reason_codes=[
                ReasonCode(code=r.code, subject=r.subject, band=r.band, count=r.count)  # type: ignore[arg-type]
                for r in report.triage.reasons
            ],
        ),
        red_flags=[
            RedFlagDocument(id=f.id, name=f.name, level=f.level, advice=f.advice, source=f.source)  # type: ignore[arg-type]
            for f in report.red_flags
        ],
        unanswered_red_flags=[
            OpenRedFlagDocument(id=f.id, name=f.name, level=f.level, status=f.status, advice=f.advice)  # type: ignore[arg-type]
            for f in report.unanswered_red_flags
        ],
        causes=[
            CauseDocument(
                rank=rank,
                id=c.id,
                name=c.name,
                origin=c.origin,  # type: ignore[arg-type]
                score=round(c.score, 6),
                likelihood=c.likelihood,
                description=c.description,
                evidence=[_evidence(e) for e in c.evidence],
                treatment=list(c.treatment),
                treatment_source=c.treatment_source,
                avoid=list(c.avoid),
                seek_care=c.seek_care,
                triage_if_likely=c.triage,  # type: ignore[arg-type]
                details=[
                    DetailDocument(
                        id=d.id,
                        name=d.name,
                        score=round(d.score, 6),
                        likelihood=d.likelihood,
                        description=d.description,
                        evidence=[_evidence(e) for e in d.evidence],
                    )
                    for d in c.details
                ],
            )
            for rank, c in enumerate(report.causes, start=1)
        ],
        side=side_of(report.answers),
        answers=as_json(report.answers, kb),
        language=language(),
        disclaimer=report.disclaimer,
    )
    return msgspec.to_builtins(document)  # type: ignore[no-any-return]


def _question(question: Question, kb: KnowledgeBase) -> QuestionDocument:
    flag = kb.red_flag_by_id.get(question.id)
    number = question.kind == "number"
    if question.kind == "yes_no":
        choices = [ChoiceDocument(id=c, text=say(f"answer.{c}")) for c in question.choice_ids]
    else:
        choices = [ChoiceDocument(id=c.id, text=c.text) for c in question.choices]
    return QuestionDocument(
        id=question.id,
        text=question.text,
        help=question.help,
        kind=question.kind,
        choices=choices,
        min=question.min if number else None,
        max=question.max if number else None,
        unit=question.unit if number else None,
        red_flag=RedFlagMark(answer=flag.raise_on, level=flag.level, name=flag.name) if flag else None,
        asked_only_if=question.ask_if,
    )


def questions_document(result: QuestionsResult) -> dict[str, Any]:
    kb = result.kb
    document = QuestionsDocument(
        schema_version=JSON_SCHEMA_VERSION,
        rules_version=kb.rules_version,
        rules_sha256=kb.sha256,
        unsure_answer="unsure",
        questions=[_question(q, kb) for q in kb.all_questions],
        checklists=[
            ChecklistDocument(
                id=c.id,
                text=c.text,
                items=[
                    ChecklistItemDocument(question=i.question, label=i.label, picked=i.picked)
                    for i in c.items
                ],
            )
            for c in kb.checklists
        ],
    )
    return msgspec.to_builtins(document)  # type: ignore[no-any-return]


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
                "points": round(f.points, 6),
                "likelihood_ratio": f.lr,
                "context": f.context,
                "group": f.group,
                "source": f.source,
            }
            for f in c.findings
        ],
        "groups": [{"id": g.id, "label": g.label, "source": g.source} for g in c.groups],
        "age_priors": [
            {
                "min_age": a.min_age,
                "max_age": a.max_age,
                "prior": a.prior,
                "label": a.label,
                "source": a.source,
            }
            for a in c.age_priors
        ],
        "treatment": list(c.treatment),
        "treatment_source": c.treatment_source,
        "avoid": list(c.avoid),
        "seek_care": c.seek_care,
        "triage_if_likely": c.triage,
    }


def conditions_document(result: ConditionsResult) -> dict[str, Any]:
    kb = result.kb
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "rules_version": kb.rules_version,
        "rules_sha256": kb.sha256,
        "conditions": [_condition(c) for c in kb.conditions],
    }


def explain_document(result: ExplainResult) -> dict[str, Any]:
    condition, kb = result.condition, result.kb
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
            "red_flag_questions_median": summary.flags_asked(0.5),
            "red_flags_in_rules": red_flags,
        },
        "screens": {"median": summary.screens(0.5), "p90": summary.screens(0.9)},
        "unknown_expected_causes": {cause: list(ids) for cause, ids in summary.unknown_causes.items()},
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
                "screens": r.screens,
                "red_flag_questions_asked": r.asked_flags,
            }
            for r in summary.results
        ],
    }


def evaluation_document(result: EvalResult) -> dict[str, Any]:
    full, adaptive, red_flags = result.full, result.adaptive, result.red_flags
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "cases": len(full.results),
        "full": _mode(full, red_flags),
        "adaptive": _mode(adaptive, red_flags),
    }


def validate_document(result: ValidateResult) -> dict[str, Any]:
    kb = result.kb
    return {
        "file": result.file,
        "valid": kb is not None,
        "rules_version": kb.rules_version if kb else None,
        "rules_sha256": kb.sha256 if kb else None,
        "errors": list(result.errors),
        "warnings": list(result.warnings),
    }
