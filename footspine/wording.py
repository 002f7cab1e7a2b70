"""The engine's codes in words: what a triage reason says, what to do now (with the emergency number
of the person's country), which foot a result is about and the causes shown under another."""

from __future__ import annotations

from .messages import band_name, say, say_count
from .model import LEVEL_RANK, KnowledgeBase, Services
from .report import OpenRedFlag, RankedCause, Reason, Report
from .side import side_of


def reason_text(reason: Reason, kb: KnowledgeBase) -> str:
    """One triage reason in words: the catalogue's sentence around the rule file's own text."""
    if reason.code == "red_flag":
        flag = kb.warning_by_id[reason.subject]
        return say("reason.red_flag", name=flag.name, advice=flag.advice)
    if reason.code == "cause":
        condition = kb.condition_by_id[reason.subject]
        return say(
            "reason.cause", name=condition.name, band=band_name(reason.band), advice=condition.seek_care
        )
    if reason.code == "open_flags":
        return say_count("reason.open_flags", reason.count)
    if reason.code == "self_care_limit" and kb.self_care is not None:
        return next(limit.reason for limit in kb.self_care.limits if limit.id == reason.subject)
    return kb.default_triage.reason


def why_texts(report: Report, kb: KnowledgeBase) -> list[str]:
    """What set the level apart from the warning signs (shown with their advice) and the open ones
    (listed on their own): the causes, a limit on self-care, or the default, in words."""
    return [reason_text(r, kb) for r in report.triage.reasons if r.code not in ("red_flag", "open_flags")]


def open_flags_shown(report: Report) -> list[OpenRedFlag]:
    """The open warning signs a person reads about: each one they were not sure of, and each one not
    asked whose "yes" would raise the level. One not asked that could not change the advice (a
    fever sign under an emergency the interview stopped at) would only be noise; the JSON result
    lists them all."""
    rank = LEVEL_RANK[report.triage.level]
    return [f for f in report.unanswered_red_flags if f.status == "unsure" or LEVEL_RANK[f.level] > rank]


def detail_text(detail: RankedCause, cause: RankedCause) -> str:
    """A cause shown under another (the nerve root under the disc), with what pointed to it that
    the cause above does not already show."""
    found = "; ".join(e.label for e in cause.own_evidence(detail))
    return say(
        "cause.detail",
        name=detail.name,
        band=band_name(detail.likelihood),
        evidence=found,
        description=detail.description,
    )


def side_text(report: Report) -> str:
    """Which foot the result is about, in words (side.py reads it from the answers)."""
    return say(f"side.{side_of(report.answers)}")


def emergency_number(services: Services | None) -> str:
    """The number to call, or the catalogue's neutral words where footspine does not know the country."""
    return services.emergency if services is not None else say("services.neutral")


def help_line(services: Services | None) -> str:
    """The country's non-emergency health line in words ("NHS 111", "healthdirect on 1800 022 222")."""
    line = services.help_line if services is not None else None
    if line is None:
        return ""
    return line.name if line.number in line.name else say("services.line", name=line.name, number=line.number)


def action(level: str, services: Services | None) -> str:
    """What to do now at this triage level, with the emergency number and health line of the country."""
    text = say(f"action.{level}", number=emergency_number(services))
    line = help_line(services)
    if line and level != "emergency":
        text += " " + say(f"action.{level}.line", line=line)
    return text


def closing(level: str, services: Services | None) -> str:
    """The line every human result ends with: the urgency in words and symbols, and what to do, in
    one line of 80 columns (the last line is what stays on a person's screen)."""
    if level == "emergency":
        key = "closing.emergency" if services is not None else "closing.emergency.neutral"
    elif level == "urgent" and help_line(services):
        key = "closing.urgent.line"
    else:
        key = f"closing.{level}"
    todo = say(key, number=emergency_number(services), line=help_line(services))
    return f"{say(f'triage.{level}.label')}: {todo}"


def needs_care_now(level: str) -> bool:
    """Emergency and urgent results show what to do now and why, never self-care notes: advice to
    rest or take ibuprofen beside an emergency reads as permission to wait."""
    return level in ("emergency", "urgent")
