"""Pure scoring: answers + knowledge base -> Report. No I/O, no printing; same input, same output."""

from __future__ import annotations

from .expr import evaluate
from .model import (
    LEVEL_RANK,
    UNSURE,
    YES,
    Answers,
    Condition,
    Evidence,
    KnowledgeBase,
    OpenRedFlag,
    RaisedFlag,
    RankedCause,
    Report,
    Triage,
)

LEVEL_WORDS = {
    "emergency": "emergency",
    "urgent": "urgent (same day)",
    "soon": "see a clinician soon",
    "self_care": "self-care",
}


def score(answers: Answers, kb: KnowledgeBase) -> Report:
    """Score validated answers against the knowledge base.

    Red flags are decided before and apart from the ranking, so no cause can outweigh them.
    """
    raised = tuple(
        RaisedFlag(flag.id, flag.name, flag.level, flag.advice, flag.source)
        for flag in kb.red_flags
        if answers.get(flag.id) == YES
    )
    open_flags = tuple(
        OpenRedFlag(
            flag.id,
            flag.name,
            flag.level,
            flag.advice,
            "unsure" if answers.get(flag.id) == UNSURE else "not_answered",
        )
        for flag in kb.red_flags
        if flag.id not in answers or answers[flag.id] == UNSURE
    )
    ranked = [cause for c in kb.conditions if (cause := _rank(c, answers, kb)) is not None]
    ranked.sort(key=lambda cause: (-cause.score, cause.id))
    causes = tuple(ranked)
    return Report(
        triage=_triage(raised, open_flags, causes, kb),
        red_flags=tuple(sorted(raised, key=lambda f: -LEVEL_RANK[f.level])),
        unanswered_red_flags=open_flags,
        causes=causes,
        answers=dict(answers),
        disclaimer=kb.disclaimer,
        rules_version=kb.rules_version,
        rules_sha256=kb.sha256,
    )


def _rank(condition: Condition, answers: Answers, kb: KnowledgeBase) -> RankedCause | None:
    """A cause is listed only when at least one symptom (not just age, sex or a risk factor) points to it."""
    holding = [f for f in condition.findings if evaluate(f.when, answers) is True]
    if not any(f.points > 0 and not f.context for f in holding):
        return None
    evidence = tuple(Evidence(f.label, f.points, f.lr, f.source) for f in holding)
    total = condition.prior + sum(e.points for e in evidence)
    return RankedCause(
        id=condition.id,
        name=condition.name,
        origin=condition.origin,
        description=condition.description,
        score=round(total, 6),
        likelihood=kb.band_for(total).label,
        evidence=tuple(sorted(evidence, key=lambda e: (-abs(e.points), e.label))),
        treatment=condition.treatment,
        treatment_source=condition.treatment_source,
        avoid=condition.avoid,
        seek_care=condition.seek_care,
        triage=condition.triage,
    )


def _triage(
    raised: tuple[RaisedFlag, ...],
    open_flags: tuple[OpenRedFlag, ...],
    causes: tuple[RankedCause, ...],
    kb: KnowledgeBase,
) -> Triage:
    """The most urgent of: any raised red flag, any cause likely enough to count, else the default."""
    candidates: list[tuple[str, str]] = [
        (flag.level, f"Red flag - {flag.name}: {flag.advice}") for flag in raised
    ]
    counting = {band.label for band in kb.likelihood_bands if band.sets_triage}
    for cause in causes:
        if cause.likelihood in counting:
            candidates.append((cause.triage, f"{cause.name} is {cause.likelihood}: {cause.seek_care}"))
    if not candidates:
        candidates.append((kb.default_triage.level, kb.default_triage.reason))
    level = max(candidates, key=lambda c: LEVEL_RANK[c[0]])[0]
    reasons = [reason for lvl, reason in candidates if lvl == level]
    if open_flags:
        reasons.append(
            f"{len(open_flags)} warning-sign question(s) were not answered or answered 'not sure', "
            "so footspine cannot rule them out; they are listed with this result."
        )
    return Triage(level=level, reasons=tuple(reasons))
