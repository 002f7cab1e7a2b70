"""The indexes the engine scores with, derived once from a loaded rule file.

Findings are numbered across all conditions. Points are counted in whole millionths (integers): a
total is then exact, the same whatever order the answers come in, equal to the sum of the evidence
a report shows, and causes that tie to the six decimals shown do tie (then go by id).
"""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

from .model import LEVEL_RANK, Condition, Finding, KnowledgeBase, SelfCareLimit
from .operators import Test, compiled, holds_for, references
from .report import Evidence

MICRO = 10**6  # scores are counted in whole millionths of a point
NEVER = 2**62  # a threshold no score reaches

# What a finding that holds does: (condition position, micro-points, whether it alone lists the cause).
Effect = tuple[int, int, bool]
# All that one answer (question, value) does: (condition position, micro-points) per finding it
# makes hold, the positions those findings list, and the findings' numbers.
AnswerEffects = tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[int, ...]]


class ScoringIndex(msgspec.Struct, frozen=True):
    """Everything the engine looks up per case, built by ``build`` from a KnowledgeBase."""

    effects: Mapping[tuple[str, object], AnswerEffects]
    evaluated: tuple[tuple[int, Test], ...]  # findings no lookup can decide, evaluated one by one
    effect: tuple[Effect, ...]
    several: tuple[str, ...]  # questions that take several answers, whose findings may overlap
    conditions: tuple[tuple[Condition, tuple[tuple[int, float, bool, Evidence], ...]], ...]
    priors: tuple[int, ...]
    ids: tuple[str, ...]
    id_rank: tuple[int, ...]  # each condition's place when sorted by id, and the reverse: ties go by id
    by_id_rank: tuple[int, ...]
    triage_rank: tuple[int, ...]  # LEVEL_RANK of each condition's triage when it is likely
    triage_min: tuple[int, ...]  # micro-points from which that triage applies (NEVER: it does not)
    findings_reading: Mapping[str, tuple[tuple[int, Finding], ...]]  # question -> findings reading it
    # Per group of findings that counts its strongest only: the condition's position and the
    # members (number, test, micro-points, whether it lists the cause), strongest first.
    groups: tuple[tuple[int, tuple[tuple[int, Test, int, bool], ...]], ...] = ()
    detail_of: tuple[tuple[int, ...], ...] = ()  # per condition, the positions it is a detail of
    details: frozenset[int] = frozenset()  # the positions that are a detail of some cause
    self_care_min: int = NEVER  # micro-points from which a leading self-care cause gives self-care
    self_care_limits: tuple[tuple[str, Test], ...] = ()  # (id, test) of each limit on self-care


def build(kb: KnowledgeBase) -> ScoringIndex:
    """Number the findings once and index the ones a single answer decides.

    A finding that is one ``eq``/``in`` comparison holds exactly when an answer equals one of its
    values (or, for several answers, includes one), so a dictionary lookup per answer finds them
    all; only compound and numeric findings are evaluated one by one (see operators.holds_for).
    """
    triggers: dict[tuple[str, object], list[int]] = {}
    evaluated: list[tuple[int, Test]] = []
    groups: list[tuple[int, tuple[tuple[int, Test, int, bool], ...]]] = []
    conditions = []
    number = 0
    for position, condition in enumerate(kb.conditions):
        entries = []
        members: dict[str, list[tuple[int, Test, int, bool]]] = {}
        for finding in condition.scored_findings:
            lookup = holds_for(finding.when)
            if finding.group is not None:  # scored as a group, never one by one
                suggests = finding.points > 0 and not finding.context
                member = (number, compiled(finding.when), round(finding.points * MICRO), suggests)
                members.setdefault(finding.group, []).append(member)
            elif lookup is not None:
                question_id, values = lookup
                for value in values:
                    triggers.setdefault((question_id, value), []).append(number)
            else:
                evaluated.append((number, compiled(finding.when)))
            group = condition.group_by_id.get(finding.group or "")
            evidence = Evidence(
                finding.label,
                round(finding.points, 6),
                finding.lr,
                finding.source,
                group.label if group else None,
            )
            entries.append((number, finding.points, finding.points > 0 and not finding.context, evidence))
            number += 1
        # Stored in the order a report lists evidence (strongest first), so no sort per case.
        entries.sort(key=lambda entry: (-abs(entry[1]), entry[3].label))
        conditions.append((condition, tuple(entries)))
        for listed in members.values():  # strongest first, ties by rule-file order
            groups.append((position, tuple(sorted(listed, key=lambda member: (-member[2], member[0])))))
    effect = tuple(
        (position, round(points * MICRO), suggests)
        for _, position, points, suggests in sorted(
            (number, position, points, suggests)
            for position, (_, entries) in enumerate(conditions)
            for number, points, suggests, _ in entries
        )
    )
    by_id = sorted(range(len(kb.conditions)), key=lambda position: kb.conditions[position].id)
    by_id_position = {condition.id: position for position, condition in enumerate(kb.conditions)}
    id_rank = [0] * len(by_id)
    for place, position in enumerate(by_id):
        id_rank[position] = place
    return ScoringIndex(
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
        several=tuple(q.id for q in kb.questions if q.behaviour.several),
        conditions=tuple(conditions),
        priors=tuple(round(condition.prior * MICRO) for condition in kb.conditions),
        ids=tuple(condition.id for condition in kb.conditions),
        id_rank=tuple(id_rank),
        by_id_rank=tuple(by_id),
        triage_rank=tuple(LEVEL_RANK[condition.triage] for condition in kb.conditions),
        triage_min=tuple(NEVER if t is None else round(t * MICRO) for t in kb.triage_threshold),
        findings_reading=_findings_reading(kb),
        groups=tuple(groups),
        detail_of=tuple(tuple(by_id_position[i] for i in condition.detail_of) for condition in kb.conditions),
        details=frozenset(p for p, condition in enumerate(kb.conditions) if condition.detail_of),
        self_care_min=_self_care_min(kb),
        self_care_limits=tuple((limit.id, compiled(limit.when)) for limit in _limits(kb)),
    )


def _self_care_min(kb: KnowledgeBase) -> int:
    """The score in micro-points of the band from which a leading self-care cause gives self-care."""
    if kb.self_care is None:
        return NEVER
    from_score = {band.label: band.min_score for band in kb.likelihood_bands}.get(kb.self_care.from_band)
    return NEVER if from_score is None else round(from_score * MICRO)


def _limits(kb: KnowledgeBase) -> tuple[SelfCareLimit, ...]:
    return () if kb.self_care is None else kb.self_care.limits


def _findings_reading(kb: KnowledgeBase) -> Mapping[str, tuple[tuple[int, Finding], ...]]:
    index: dict[str, list[tuple[int, Finding]]] = {}
    for position, condition in enumerate(kb.conditions):
        for finding in condition.scored_findings:
            for question_id in dict.fromkeys(ref for ref, _, _ in references(finding.when, "")):
                index.setdefault(question_id, []).append((position, finding))
    return {key: tuple(value) for key, value in index.items()}
