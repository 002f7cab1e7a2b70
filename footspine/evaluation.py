"""Pure scoring of case files against the rules: accuracy and under/over-triage, for rule authors."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .adaptive import next_question
from .answers import ValidAnswers
from .checklists import doubts_after, read, screen_for, ticks, typed
from .implied import with_implied
from .interview import Chooser, emergency, every_question
from .kinds import UNSURE, AnswerValue
from .model import LEVEL_RANK, LEVELS
from .rules import Rules


@dataclass(frozen=True)
class Case:
    id: str
    answers: Mapping[str, AnswerValue]
    expected_causes: tuple[str, ...]
    expected_triage: str
    unknown_causes: tuple[str, ...] = ()
    """Expected causes that are not conditions of the rules, each with a did-you-mean hint."""


@dataclass(frozen=True)
class CaseResult:
    id: str
    expected_causes: tuple[str, ...]
    expected_triage: str
    ranked: tuple[str, ...]
    triage: str
    asked: int
    """Questions the interview asked, warning-sign checks included."""
    screens: int = 0
    """Screens the person met: a checklist is one, however many questions it answers."""
    asked_flags: int = 0
    """Of those, the warning-sign questions."""
    unknown_causes: tuple[str, ...] = ()
    details: tuple[tuple[str, ...], ...] = ()
    """Per ranked cause, the causes shown under it (the nerve root under the disc)."""

    @property
    def rank(self) -> int | None:
        """1-based rank of the first acceptable cause, or None when it was not listed; a cause
        shown under another (the L5 root under the disc) counts at the place it is shown."""
        for position, cause in enumerate(self.ranked, start=1):
            under = self.details[position - 1] if position <= len(self.details) else ()
            if cause in self.expected_causes or any(d in self.expected_causes for d in under):
                return position
        return None

    @property
    def top1(self) -> bool:
        return self.rank == 1

    @property
    def top3(self) -> bool:
        return self.rank is not None and self.rank <= 3

    @property
    def under_triaged(self) -> bool:
        return LEVEL_RANK[self.triage] < LEVEL_RANK[self.expected_triage]

    @property
    def over_triaged(self) -> bool:
        return LEVEL_RANK[self.triage] > LEVEL_RANK[self.expected_triage]


@dataclass(frozen=True)
class Summary:
    results: tuple[CaseResult, ...]

    def _share(self, hits: int, total: int) -> float:
        return round(hits / total, 4) if total else 0.0

    @property
    def top1(self) -> float:
        return self._share(sum(r.top1 for r in self.results), len(self.results))

    @property
    def top3(self) -> float:
        return self._share(sum(r.top3 for r in self.results), len(self.results))

    @property
    def triage_exact(self) -> float:
        return self._share(sum(r.triage == r.expected_triage for r in self.results), len(self.results))

    def under_triage(self, level: str) -> int:
        return sum(r.under_triaged for r in self.results if r.expected_triage == level)

    def cases_at(self, level: str) -> int:
        return sum(r.expected_triage == level for r in self.results)

    @property
    def unsafe(self) -> tuple[CaseResult, ...]:
        """Emergency or urgent cases sent anywhere less urgent: the failures that must not happen."""
        return tuple(
            r for r in self.results if r.under_triaged and r.expected_triage in ("emergency", "urgent")
        )

    @property
    def over_triage_self_care(self) -> float:
        self_care = [r for r in self.results if r.expected_triage == "self_care"]
        return self._share(sum(r.over_triaged for r in self_care), len(self_care))

    @property
    def misses(self) -> tuple[CaseResult, ...]:
        return tuple(r for r in self.results if not r.top1 or r.triage != r.expected_triage)

    def asked(self, quantile: float) -> float:
        """Questions asked at this quantile (0.5 = median), by the nearest-rank method."""
        return _nearest_rank([r.asked for r in self.results], quantile)

    def screens(self, quantile: float) -> float:
        """Screens met at this quantile, by the nearest-rank method."""
        return _nearest_rank([r.screens for r in self.results], quantile)

    def flags_asked(self, quantile: float) -> float:
        """Warning-sign questions asked at this quantile, by the nearest-rank method."""
        return _nearest_rank([r.asked_flags for r in self.results], quantile)

    @property
    def unknown_causes(self) -> dict[str, tuple[str, ...]]:
        """Each expected cause the rules do not know, with the cases that expect it."""
        found: dict[str, list[str]] = {}
        for r in self.results:
            for cause in r.unknown_causes:
                found.setdefault(cause, []).append(r.id)
        return {cause: tuple(ids) for cause, ids in sorted(found.items())}

    def by_level(self) -> dict[str, dict[str, int]]:
        return {
            level: {"cases": self.cases_at(level), "under_triage": self.under_triage(level)}
            for level in LEVELS
        }


def _nearest_rank(values: Sequence[int], quantile: float) -> float:
    counts = sorted(values)
    if not counts:
        return 0.0
    return float(counts[min(len(counts) - 1, max(0, math.ceil(quantile * len(counts)) - 1))])


def interview(
    rules: Rules,
    person: Mapping[str, AnswerValue],
    choose: Chooser,
    *,
    stop_at_emergency: bool = False,
    checklists: bool = False,
) -> tuple[ValidAnswers, int]:
    """Run the question loop with the case as the person, and count the screens it took: what the
    story leaves open is answered 'unsure'; a checklist is ticked as the person would (``ticks``),
    each item they are unsure of marked "not sure" on it. ``stop_at_emergency``: end as the terminal
    interview does by default, at the first answer that makes an emergency. ``checklists``: show
    the rule file's checklists as the terminal does (else every question comes on its own)."""
    answers = rules.answers({})
    screens = 0
    while True:
        answers, _ = with_implied(rules.kb, answers)
        if stop_at_emergency and emergency(rules, answers) is not None:
            break
        choice = choose(rules, answers)
        if choice is None:
            break
        screens += 1
        screen = screen_for(rules, answers, choice.question) if checklists else None
        if screen is None:
            answers = answers.adding(choice.question.id, person.get(choice.question.id, UNSURE))
            continue
        given = read(screen, typed(ticks(screen, person)))
        doubts, more = doubts_after(screen, given)
        given.update(more)
        if doubts is not None:
            screens += 1
            given.update(read(doubts, typed(ticks(doubts, person))))
        for question_id, value in given.items():
            answers = answers.adding(question_id, value)
    return answers, screens


def evaluate(cases: Sequence[Case], rules: Rules, *, adaptive: bool) -> Summary:
    """Score every case through the adaptive interview, or through the full questionnaire."""
    choose: Chooser = next_question if adaptive else every_question
    results = []
    for case in cases:
        answers, screens = interview(
            rules, case.answers, choose, stop_at_emergency=adaptive, checklists=adaptive
        )
        report = rules.score(answers)
        results.append(
            CaseResult(
                id=case.id,
                expected_causes=case.expected_causes,
                expected_triage=case.expected_triage,
                ranked=tuple(c.id for c in report.causes),
                details=tuple(tuple(d.id for d in c.shown_details) for c in report.causes),
                triage=report.triage.level,
                asked=len(answers),
                screens=screens,
                asked_flags=sum(key in rules.kb.red_flag_by_id for key in answers),
                unknown_causes=case.unknown_causes,
            )
        )
    return Summary(tuple(results))
