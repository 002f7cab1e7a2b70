"""The message catalogue: every sentence footspine shows that is not in the rule file.

Renderers and the terminal session ask for a message by key (``say("triage.emergency.action")``)
and never hold English of their own; clinical text (names, advice, questions) comes from the rule
file. A translation is a catalogue with the same keys and placeholders, put in force with ``use``.
Keys ending in ``.one``/``.other`` are plural forms, chosen by ``say_count``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import KnowledgeBase
    from .report import Reason

ENGLISH: dict[str, str] = {
    # Triage levels: a label with symbols (meaning never by colour alone) and what to do.
    "triage.emergency.label": "[!!!] EMERGENCY",
    "triage.emergency.action": "Go to an emergency department or call an ambulance now.",
    "triage.urgent.label": "[!!] URGENT",
    "triage.urgent.action": "See a doctor today (same day).",
    "triage.soon.label": "[!] SEE A CLINICIAN SOON",
    "triage.soon.action": "Book a GP or physiotherapist appointment within about two weeks.",
    "triage.self_care.label": "[ok] SELF-CARE",
    "triage.self_care.action": "This can usually be looked after at home; below is when to get help.",
    "level.emergency": "emergency",
    "level.urgent": "urgent",
    "level.soon": "soon",
    "level.self_care": "self-care",
    "report.level.emergency": "EMERGENCY: go to an emergency department or call an ambulance now",
    "report.level.urgent": "URGENT: see a doctor today",
    "report.level.soon": "SOON: see a GP or physiotherapist within about two weeks",
    "report.level.self_care": "SELF-CARE: can usually be looked after at home",
    "origin.spinal": "Spinal causes (from the lower back)",
    "origin.local": "Local causes (in the foot or ankle)",
    "origin.systemic_vascular": "Whole-body and blood-vessel causes",
    "origin.short.spinal": "spinal",
    "origin.short.local": "local",
    "origin.short.systemic_vascular": "systemic/vascular",
    "answer.yes": "yes",
    "answer.no": "no",
    "answer.unsure": "not sure",
    # Why the triage is what it is (report.Reason codes).
    "reason.red_flag": "Red flag - {name}: {advice}",
    "reason.cause": "{name} is {band}: {advice}",
    "reason.open_flags.one": (
        "1 warning-sign question was not answered or answered 'not sure', so footspine cannot rule "
        "it out; it is listed with this result."
    ),
    "reason.open_flags.other": (
        "{count} warning-sign questions were not answered or answered 'not sure', so footspine "
        "cannot rule them out; they are listed with this result."
    ),
}

_active: Mapping[str, str] = ENGLISH


def say(key: str, **params: object) -> str:
    """The message ``key`` of the catalogue in force, with its placeholders filled in."""
    return _active[key].format(**params)


def say_count(key: str, count: int, **params: object) -> str:
    """The plural form of ``key`` that fits ``count`` (``key.one`` or ``key.other``)."""
    return say(f"{key}.{'one' if count == 1 else 'other'}", count=count, **params)


@contextmanager
def use(catalogue: Mapping[str, str]) -> Iterator[None]:
    """Put another catalogue in force (a translation) for the duration of a ``with`` block."""
    global _active
    missing = ENGLISH.keys() - catalogue.keys()
    if missing:
        raise KeyError(f"the catalogue lacks {sorted(missing)[0]!r} (and {len(missing) - 1} more)")
    before, _active = _active, catalogue
    try:
        yield
    finally:
        _active = before


def reason_text(reason: Reason, kb: KnowledgeBase) -> str:
    """One triage reason in words: the catalogue's sentence around the rule file's own text."""
    if reason.code == "red_flag":
        flag = kb.red_flag_by_id[reason.subject]
        return say("reason.red_flag", name=flag.name, advice=flag.advice)
    if reason.code == "cause":
        condition = kb.condition_by_id[reason.subject]
        return say("reason.cause", name=condition.name, band=reason.band, advice=condition.seek_care)
    if reason.code == "open_flags":
        return say_count("reason.open_flags", reason.count)
    return kb.default_triage.reason
