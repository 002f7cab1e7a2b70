"""Pure scoring: answers + knowledge base -> Report. No I/O, no printing; same input, same output.

Scoring runs in two steps. `rank` decides: which red flags are raised, each cause's score, which
causes are listed and in what order, and the triage level. `score` adds the explanation a person
reads: the evidence behind each cause and the reasons for the triage. `batch` and the adaptive
interview need only the first step, so it is kept lean.

These functions trust their input: answers validated by the pipeline (answers.py) and an index
built from the same rules. Callers go through ``Rules`` (rules.py), which guarantees both.
"""

from __future__ import annotations

from .index import MICRO, ScoringIndex
from .model import LEVEL_RANK, LEVELS, UNSURE, Answers, Band, Combination, KnowledgeBase, OpenStatus, RedFlag
from .operators import compiled
from .report import OpenRedFlag, RaisedFlag, RankedCause, Ranking, Reason, Report, Triage
from .triggers import AnswerKeys, answer_keys

SELF_CARE = LEVELS[-1]  # the least urgent level
EMERGENCY = LEVELS[0]  # the most urgent level


def rank(answers: Answers, kb: KnowledgeBase, plan: ScoringIndex) -> Ranking:
    """Decide the result: red flags apart from and before the ranking, so no cause can outweigh them."""
    return _rank(answers, kb, plan, None)


def _rank(answers: Answers, kb: KnowledgeBase, plan: ScoringIndex, holding: set[int] | None) -> Ranking:
    """rank(), also adding to ``holding`` (when given) the number of every finding that holds."""
    raised: list[RedFlag | Combination] = []
    open_flags: list[tuple[RedFlag, OpenStatus]] = []
    for flag in kb.red_flags:
        value = answers.get(flag.id)
        if value == flag.raise_on:
            raised.append(flag)
        elif value == UNSURE:  # the person's own "not sure" stands, whatever the other answers say
            open_flags.append((flag, "unsure"))
        elif value is None and (flag.ask_if is None or compiled(flag.ask_if)(answers) is not False):
            # a flag its gate rules out (no injury, no diabetes) is not asked: not open either
            open_flags.append((flag, "not_answered"))
    given = answer_keys(answers, plan.several)
    combinations = kb.combinations
    raised.extend(combinations[number] for number in sorted(plan.combinations.holding(answers, given)))
    raised.sort(key=lambda f: -LEVEL_RANK[f.level])  # stable: red flags before combinations per level

    scores, listed = _tally(answers, given, plan, holding)
    # Best score first, ties by id, as one integer per cause: sorting integers is the fast sort.
    count, id_rank, by_id_rank, triage_rank = len(scores), plan.id_rank, plan.by_id_rank, plan.triage_rank
    triage_min = plan.triage_min
    band_for = kb.band_for
    causes = []
    top = max((LEVEL_RANK[flag.level] for flag in raised), default=-1)
    for key in sorted([-scores[p] * count + id_rank[p] for p in listed]):
        position = by_id_rank[key % count]
        total = scores[position] / MICRO
        band = band_for(total)
        if scores[position] >= triage_min[position] and triage_rank[position] > top:
            top = triage_rank[position]
        causes.append((position, total, band))
    # The most urgent of: any raised red flag, any cause likely enough to count, else the default.
    level = LEVELS[-1 - top] if top >= 0 else kb.default_triage.level
    if top < 0 and not any(map(_keeps_an_appointment, open_flags)) and _self_care_leads(causes, plan):
        level = SELF_CARE
    limits: tuple[str, ...] = ()
    if level == SELF_CARE and plan.self_care_limits:
        limits = tuple(limit for limit, test in plan.self_care_limits if test(answers) is True)
        if limits:
            level = kb.default_triage.level
    if plan.details.isdisjoint(listed):  # the common case: no nerve root to show under a disc
        return Ranking(tuple(causes), tuple(raised), tuple(open_flags), level, (), limits)
    shown, details = _fold(causes, plan.detail_of)
    return Ranking(shown, tuple(raised), tuple(open_flags), level, details, limits)


def _keeps_an_appointment(open_flag: tuple[RedFlag, OpenStatus]) -> bool:
    """Whether an open warning sign rules self-care out. One never asked does: nothing is known. One
    the person is not sure of keeps the level the other answers give (the headline says to check it
    today and what to do if it is there), unless it is an emergency sign: then a clinician should
    see the person within days and ask again."""
    flag, status = open_flag
    return status == "not_answered" or flag.level == EMERGENCY


def _self_care_leads(causes: list[tuple[int, float, Band]], plan: ScoringIndex) -> bool:
    """Whether a self-care cause leads at the rule file's ``self_care.from_band`` and no cause that
    needs a clinician has reached that band: then nothing calls for the default's appointment."""
    if not causes:
        return False
    reached = [position for position, total, _ in causes if round(total * MICRO) >= plan.self_care_min]
    self_care_rank = LEVEL_RANK[SELF_CARE]
    return (
        bool(reached)
        and reached[0] == causes[0][0]
        and all(plan.triage_rank[p] == self_care_rank for p in reached)
    )


def _fold(
    causes: list[tuple[int, float, Band]], detail_of: tuple[tuple[int, ...], ...]
) -> tuple[tuple[tuple[int, float, Band], ...], tuple[tuple[int, float, Band, int], ...]]:
    """Show each detail cause (a nerve root) under the best-placed listed cause it is a detail of
    (the disc, the narrowed canal) that is at least as likely; a root the evidence puts above all
    of them stays a cause of its own, in its place. Triage was decided before, from every cause,
    so folding never lowers it."""
    place = {entry[0]: (index, entry[2].min_score) for index, entry in enumerate(causes)}
    kept, details = [], []
    for position, total, band in causes:
        parents = [p for p in detail_of[position] if p in place and place[p][1] >= band.min_score]
        if parents:
            details.append((position, total, band, min(parents, key=lambda p: place[p][0])))
        else:
            kept.append((position, total, band))
    return tuple(kept), tuple(details)


def if_raised(flag: RedFlag, answers: Answers, kb: KnowledgeBase) -> tuple[str, str]:
    """The level and advice an open warning sign would bring if it applies: its own, or that of a
    combination its "yes" would complete with the other answers (weakness with a cancer history
    and back pain is an emergency, not the urgent weakness alone), whichever is the more urgent."""
    level, advice = flag.level, flag.advice
    higher = [c for c in kb.combinations_reading.get(flag.id, ()) if LEVEL_RANK[c.level] > LEVEL_RANK[level]]
    if not higher:  # the common case, and batch's hot path: nothing to try
        return level, advice
    if_yes = {**answers, flag.id: flag.raise_on}
    for combination in higher:
        if LEVEL_RANK[combination.level] > LEVEL_RANK[level] and compiled(combination.when)(if_yes) is True:
            level, advice = combination.level, combination.advice
    return level, advice


def score(answers: Answers, kb: KnowledgeBase, plan: ScoringIndex) -> Report:
    """Score validated answers against the knowledge base: the ranking and its explanation."""
    holding: set[int] = set()
    ranking = _rank(answers, kb, plan, holding)
    under: dict[int, tuple[RankedCause, ...]] = {}
    for position, total, band, parent in ranking.details:  # best first, as ranked
        under[parent] = (*under.get(parent, ()), _cause(position, total, band, holding, plan))
    return Report(
        triage=_triage(ranking, kb, plan),
        red_flags=tuple(RaisedFlag(f.id, f.name, f.level, f.advice, f.source) for f in ranking.raised),
        unanswered_red_flags=tuple(
            OpenRedFlag(f.id, f.name, *if_raised(f, answers, kb), status) for f, status in ranking.open_flags
        ),
        causes=tuple(
            _cause(position, total, band, holding, plan, under.get(position, ()))
            for position, total, band in ranking.causes
        ),
        answers=dict(answers),
        disclaimer=kb.disclaimer,
        rules_version=kb.rules_version,
        rules_sha256=kb.sha256,
    )


def totals(answers: Answers, plan: ScoringIndex) -> list[float]:
    """Every condition's score (prior plus the points of its findings that hold), listed or not."""
    scores, _ = _tally(answers, answer_keys(answers, plan.several), plan, None)
    return [total / MICRO for total in scores]


def _tally(
    answers: Answers, given: AnswerKeys, plan: ScoringIndex, holding: set[int] | None
) -> tuple[list[int], set[int]]:
    """Each condition's score in micro-points, and the conditions that some symptom points to;
    the findings that hold are added to ``holding`` when it is given (for the report's evidence).
    Only the findings filed under the answers given are looked at (``given``: answer_keys)."""
    scores = list(plan.priors)
    listed: set[int] = set()
    more: set[int] = set()
    effects, several = plan.effects, plan.several
    # An answer (question, value) is itself the key of the findings it makes hold: one lookup each.
    for key in effects.keys() & given:
        points_by_cause, lists, numbers = effects[key]
        if key[0] in several and answers[key[0]].__class__ is tuple:
            more.update(numbers)  # a finding that names two of the answers given counts once
            continue
        for position, points in points_by_cause:
            scores[position] += points
        listed.update(lists)
        if holding is not None:
            holding.update(numbers)
    strongest: dict[int, tuple[int, int]] = {}  # per group that holds: its strongest member holding
    group_of = plan.group_of
    for number in plan.triggered.holding(answers, given):
        membership = group_of.get(number)
        if membership is None:
            more.add(number)
        elif membership[0] not in strongest or membership[1] < strongest[membership[0]][0]:
            strongest[membership[0]] = (membership[1], number)
    more.update(number for _, number in strongest.values())
    effect = plan.effect
    for number in more:
        position, points, suggests = effect[number]
        scores[position] += points
        if suggests:
            listed.add(position)
    if holding is not None:
        holding.update(more)
    return scores, listed


def _cause(
    position: int,
    total: float,
    band: Band,
    holding: set[int],
    plan: ScoringIndex,
    details: tuple[RankedCause, ...] = (),
) -> RankedCause:
    condition, entries = plan.conditions[position]
    return RankedCause(
        id=condition.id,
        name=condition.name,
        origin=condition.origin,
        description=condition.description,
        score=total,
        likelihood=band.label,
        evidence=tuple([evidence for number, _, _, evidence in entries if number in holding]),
        treatment=condition.treatment,
        treatment_source=condition.treatment_source,
        avoid=condition.avoid,
        seek_care=condition.seek_care,
        triage=condition.triage,
        details=details,
    )


def _triage(ranking: Ranking, kb: KnowledgeBase, plan: ScoringIndex) -> Triage:
    """The level `rank` decided, and why: every raised red flag first, then what set the level."""
    level = ranking.level
    reasons = [Reason("red_flag", flag.id) for flag in ranking.raised]
    shown_under = [(position, total, band) for position, total, band, _ in ranking.details]
    for position, total, band in [*ranking.causes, *shown_under]:
        condition = kb.conditions[position]
        # The same integer test as rank(): the score in micro-points against the cause's threshold.
        if round(total * MICRO) >= plan.triage_min[position] and condition.triage == level:
            reasons.append(Reason("cause", condition.id, band=band.label))
    if not reasons and level == SELF_CARE and ranking.causes:  # a leading self-care cause (SelfCare)
        position, _, band = ranking.causes[0]
        reasons.append(Reason("cause", kb.conditions[position].id, band=band.label))
    reasons += [Reason("self_care_limit", limit) for limit in ranking.limits]
    if not reasons:
        reasons.append(Reason("default"))
    if ranking.open_flags:
        reasons.append(Reason("open_flags", count=len(ranking.open_flags)))
    return Triage(level=level, reasons=tuple(reasons))
