"""Pure scoring: answers + knowledge base -> Report. No I/O, no printing; same input, same output."""

from __future__ import annotations

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
    ranked = []
    holding = holding_findings(answers, kb)
    for condition, entries in kb.scoring_plan.conditions:
        total = condition.prior
        suggested = False
        found = []
        for number, points, suggests, evidence in entries:
            if number in holding:
                total += points
                suggested = suggested or suggests
                found.append(evidence)
        if suggested:  # at least one symptom, not just age, sex or a risk factor, points here
            ranked.append(_cause(condition, found, total, kb))
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


def holding_findings(answers: Answers, kb: KnowledgeBase) -> set[int]:
    """The numbers of every finding that holds for these answers."""
    plan = kb.scoring_plan
    triggers = plan.triggers
    holding: set[int] = set()
    for question_id, value in answers.items():
        for single in value if isinstance(value, tuple) else (value,):
            hits = triggers.get((question_id, single))
            if hits:
                holding.update(hits)
    for number, test in plan.evaluated:
        if test(answers) is True:
            holding.add(number)
    return holding


def totals(answers: Answers, kb: KnowledgeBase) -> list[float]:
    """Every condition's score (prior plus the points of its findings that hold), listed or not."""
    holding = holding_findings(answers, kb)
    return [
        condition.prior + sum(points for number, points, _, _ in entries if number in holding)
        for condition, entries in kb.scoring_plan.conditions
    ]


def _cause(condition: Condition, evidence: list[Evidence], total: float, kb: KnowledgeBase) -> RankedCause:
    return RankedCause(
        id=condition.id,
        name=condition.name,
        origin=condition.origin,
        description=condition.description,
        score=round(total, 6),
        likelihood=kb.band_for(total).label,
        evidence=tuple(evidence),
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
    flag_reasons = [
        (flag.level, f"Red flag - {flag.name}: {flag.advice}")
        for flag in sorted(raised, key=lambda f: -LEVEL_RANK[f.level])
    ]
    counting = {band.label for band in kb.likelihood_bands if band.sets_triage}
    cause_reasons = [
        (cause.triage, f"{cause.name} is {cause.likelihood}: {cause.seek_care}")
        for cause in causes
        if cause.likelihood in counting
    ]
    candidates = flag_reasons + cause_reasons or [(kb.default_triage.level, kb.default_triage.reason)]
    level = max(candidates, key=lambda c: LEVEL_RANK[c[0]])[0]
    # Every raised red flag leads the reasons, whatever else set the level; then what set it.
    reasons = [reason for _, reason in flag_reasons] + [
        reason for lvl, reason in cause_reasons if lvl == level
    ]
    if not reasons:
        reasons = [kb.default_triage.reason]
    if open_flags:
        reasons.append(
            f"{len(open_flags)} warning-sign question(s) were not answered or answered 'not sure', "
            "so footspine cannot rule them out; they are listed with this result."
        )
    return Triage(level=level, reasons=tuple(reasons))
