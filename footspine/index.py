"""The indexes the engine scores with, derived once from a loaded rule file.

Findings are numbered across all conditions. Points are counted in whole millionths (integers): a
total is then exact, the same whatever order the answers come in, equal to the sum of the evidence
a report shows, and causes that tie to the six decimals shown do tie (then go by id).
"""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

from .model import LEVEL_RANK, Condition, Expr, Finding, KnowledgeBase, SelfCareLimit
from .operators import Test, compiled, holds_for, references
from .report import Evidence
from .triggers import Triggers
from .triggers import build as file_by_answer

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
    # Findings no single answer decides (compound ones) and the members of groups, filed under the
    # answers they need (triggers.py); ``group_of``: each group member's (group, place, strongest first).
    triggered: Triggers
    group_of: Mapping[int, tuple[int, int]]
    combinations: Triggers  # the combinations of answers, numbered in rule-file order
    effect: tuple[Effect, ...]
    several: frozenset[str]  # questions that take several answers, whose findings may overlap
    conditions: tuple[tuple[Condition, tuple[tuple[int, float, bool, Evidence], ...]], ...]
    priors: tuple[int, ...]
    ids: tuple[str, ...]
    id_rank: tuple[int, ...]  # each condition's place when sorted by id, and the reverse: ties go by id
    by_id_rank: tuple[int, ...]
    triage_rank: tuple[int, ...]  # LEVEL_RANK of each condition's triage when it is likely
    triage_min: tuple[int, ...]  # micro-points from which that triage applies (NEVER: it does not)
    detail_of: tuple[tuple[int, ...], ...] = ()  # per condition, the positions it is a detail of
    details: frozenset[int] = frozenset()  # the positions that are a detail of some cause
    self_care_min: int = NEVER  # micro-points from which a leading self-care cause gives self-care
    self_care_limits: tuple[tuple[str, Test], ...] = ()  # (id, test) of each limit on self-care


def build(kb: KnowledgeBase) -> ScoringIndex:
    """Number the findings once and index the ones a single answer decides.

    A finding that is one ``eq``/``in`` comparison holds exactly when an answer equals one of its
    values (or, for several answers, includes one), so a dictionary lookup per answer finds them
    all, its points summed in advance; compound findings and the members of a group are filed
    under the answers they need (triggers.py), so a case costs what its answers touch.
    """
    triggers: dict[tuple[str, object], list[int]] = {}
    filed: list[tuple[int, Expr]] = []
    group_of: dict[int, tuple[int, int]] = {}
    group_count = 0
    conditions = []
    number = 0
    for condition in kb.conditions:
        entries = []
        members: dict[str, list[tuple[int, int]]] = {}
        for finding in condition.scored_findings:
            lookup = holds_for(finding.when)
            if finding.group is not None:  # scored as a group, never one by one
                members.setdefault(finding.group, []).append((number, round(finding.points * MICRO)))
                filed.append((number, finding.when))
            elif lookup is not None:
                question_id, values = lookup
                for value in values:
                    triggers.setdefault((question_id, value), []).append(number)
            else:
                filed.append((number, finding.when))
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
            strongest_first = sorted(listed, key=lambda member: (-member[1], member[0]))
            for place, (member, _) in enumerate(strongest_first):
                group_of[member] = (group_count, place)
            group_count += 1
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
        triggered=file_by_answer(filed),
        group_of=group_of,
        combinations=file_by_answer(enumerate(c.when for c in kb.combinations)),
        effect=effect,
        several=frozenset(q.id for q in kb.questions if q.behaviour.several),
        conditions=tuple(conditions),
        priors=tuple(round(condition.prior * MICRO) for condition in kb.conditions),
        ids=tuple(condition.id for condition in kb.conditions),
        id_rank=tuple(id_rank),
        by_id_rank=tuple(by_id),
        triage_rank=tuple(LEVEL_RANK[condition.triage] for condition in kb.conditions),
        triage_min=tuple(NEVER if t is None else round(t * MICRO) for t in kb.triage_threshold),
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


def findings_reading(kb: KnowledgeBase) -> Mapping[str, tuple[tuple[int, Finding], ...]]:
    """Question -> (condition position, finding) of every finding that reads it: what the adaptive
    interview weighs a question by (built when first needed, not for every scored case)."""
    index: dict[str, list[tuple[int, Finding]]] = {}
    for position, condition in enumerate(kb.conditions):
        for finding in condition.scored_findings:
            for question_id in dict.fromkeys(ref for ref, _, _ in references(finding.when, "")):
                index.setdefault(question_id, []).append((position, finding))
    return {key: tuple(value) for key, value in index.items()}
