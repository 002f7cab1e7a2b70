"""Typed, frozen models of the rule file's causes: their findings, groups, age priors, and the
likelihood bands their scores are told in."""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cached_property
from types import MappingProxyType
from typing import Annotated

from msgspec import Meta

from .model_types import Expr, Id, Level, Number, Origin, Text, _Frozen


class Finding(_Frozen, frozen=True, kw_only=True):
    """An answer pattern that makes a condition more (weight > 0) or less (weight < 0) likely.

    ``lr`` is a published likelihood ratio (the weight is its natural log); ``weight`` is used
    where no ratio is published and the source says why (expert consensus). A ``context`` finding
    (age, sex, a risk factor, the absence of a symptom) moves the score but is never on its own a
    reason to suggest the cause.
    """

    when: Expr
    label: Text
    lr: Number | None = None
    weight: Number | None = None
    context: bool = False
    group: Id | None = None
    """A group of the condition's ``groups``: of its findings that hold, only the strongest counts."""
    source: Text

    def __post_init__(self) -> None:
        if (self.lr is None) == (self.weight is None):
            raise ValueError("give exactly one of 'lr' (a published likelihood ratio) or 'weight'")
        if self.lr is not None and self.lr <= 0:
            raise ValueError("'lr' must be greater than 0")

    @cached_property
    def points(self) -> float:
        return math.log(self.lr) if self.lr is not None else float(self.weight or 0.0)


class FindingGroup(_Frozen, frozen=True, kw_only=True):
    """Findings that measure one thing (skin signs of poor circulation, two ways of asking whether
    sitting eases the legs): counting each would count the same evidence twice, so only the
    strongest that holds is added."""

    id: Id
    label: Text
    source: Text


AGE_QUESTION = "age"  # the question an age prior reads


class AgePrior(_Frozen, frozen=True, kw_only=True):
    """The condition's prior for an age range (children are not small adults: Sever's disease at
    10, not Achilles tendinopathy). It replaces ``prior`` when the age answered is in the range."""

    min_age: Number | None = None
    max_age: Number | None = None
    prior: Number
    label: Text
    source: Text

    def __post_init__(self) -> None:
        if self.min_age is None and self.max_age is None:
            raise ValueError("give 'min_age', 'max_age' or both")
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValueError("'min_age' must not be above 'max_age'")

    @property
    def when(self) -> Expr:
        parts = []
        if self.min_age is not None:
            parts.append(Expr(gte=(AGE_QUESTION, self.min_age)))
        if self.max_age is not None:
            parts.append(Expr(lte=(AGE_QUESTION, self.max_age)))
        return parts[0] if len(parts) == 1 else Expr(all=tuple(parts))


class Condition(_Frozen, frozen=True, kw_only=True):
    id: Id
    name: Text
    origin: Origin
    description: Text
    prior: Number
    prior_source: Text
    findings: Annotated[tuple[Finding, ...], Meta(min_length=1)]
    treatment: Annotated[tuple[Text, ...], Meta(min_length=1)]
    treatment_source: Text
    avoid: tuple[Text, ...] = ()
    seek_care: Text
    triage: Level
    triage_from: Text | None = None
    """The likelihood band from which ``triage`` applies; None: any band whose ``sets_triage`` is
    true. "possible" suits causes whose miss is dangerous (limb ischaemia, infection)."""
    groups: tuple[FindingGroup, ...] = ()
    age_priors: tuple[AgePrior, ...] = ()
    detail_of: tuple[Id, ...] = ()
    """Causes this one is a detail of: a nerve-root syndrome (L5) is how a disc or a narrowed canal
    shows, so when one of them is listed the root is shown under it, not as a second cause."""

    @cached_property
    def scored_findings(self) -> tuple[Finding, ...]:
        """The findings the engine scores: the rule file's, then one context finding per age prior
        that moves the prior to the age range's (so the report shows it as evidence)."""
        return self.findings + tuple(
            Finding(
                when=age.when,
                label=age.label,
                weight=round(age.prior - self.prior, 6),
                context=True,
                source=age.source,
            )
            for age in self.age_priors
        )

    @cached_property
    def group_by_id(self) -> Mapping[str, FindingGroup]:
        return MappingProxyType({group.id: group for group in self.groups})


class Band(_Frozen, frozen=True, kw_only=True):
    """A likelihood band in words; ``sets_triage`` says whether a cause this likely decides triage."""

    label: Text
    min_score: Number
    sets_triage: bool
