"""The result of `check` for people: one screen first (the urgency, what to do now, the leading
causes), then the details, then the urgency again as the last line.

A person at a 24-line terminal reads the end of the output, so the summary is built to fit one
screen and the closing line repeats what to do. Emergency and urgent results carry no self-care
notes at all, and no lower level is ever labelled after the level shown (wording.needs_care_now).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from .messages import band_name, say, say_count
from .model import LEVEL_RANK, KnowledgeBase, Services
from .render_text import TRIAGE_STYLES, bullets, strength, titled
from .report import OpenRedFlag, RankedCause, Report
from .side import side_of
from .wording import (
    action,
    closing,
    detail_text,
    emergency_number,
    help_line,
    needs_care_now,
    open_flags_shown,
    reason_text,
    side_text,
    why_texts,
)

if TYPE_CHECKING:
    from .results import CheckResult

LEADING = 3  # causes on the one screen


def check_view(result: CheckResult) -> RenderableType:
    """``result.view``: "summary" (one screen and the closing line), "full" (the details too) or
    "head" (the summary alone, when a menu and then the closing line follow)."""
    report, kb, services = result.report, result.kb, result.services
    parts = [summary_view(report, kb, services, more=result.more)]
    if result.view == "full":
        parts += [Text(""), details_view(report, kb, services)]
    if result.view != "head":
        parts.append(closing_view(report.triage.level, services))
    return Group(*parts)


def closing_view(level: str, services: Services | None) -> RenderableType:
    return Text(closing(level, services), style=TRIAGE_STYLES[level])


def display_order(report: Report) -> list[RankedCause]:
    """The causes by rank, most likely first: the order they are numbered in on the summary, in the
    details, the JSON result and the printed summary alike (each labelled with its origin, never
    regrouped, so a "possible" cause is never shown above a "likely" one)."""
    return list(report.causes)


def summary_view(
    report: Report, kb: KnowledgeBase, services: Services | None, *, more: bool
) -> RenderableType:
    level = report.triage.level
    label = say(f"triage.{level}.label")
    body: list[RenderableType] = [Text(action(level, services), style=TRIAGE_STYLES[level])]
    unsure = [f for f in _worse_open_flags(report) if f.status == "unsure"]
    if unsure:  # the person's own "not sure" is named in the headline, most urgent first
        highest = max((f.level for f in unsure), key=LEVEL_RANK.__getitem__)
        names = ", ".join(f.name for f in unsure if f.level == highest)
        body.append(Text(say("result.unsure", names=names, closing=closing(highest, services)), style="bold"))
    top = [f for f in report.red_flags if f.level == level]
    if report.red_flags:  # every raised warning sign is named; advice only at the level shown
        lead = top[0] if top else report.red_flags[0]
        body.append(Text(say("flag.title", name=lead.name), style="bold"))
        if top:
            body.append(Text(lead.advice))
        body.extend(Text(say("flag.title", name=f.name)) for f in report.red_flags if f is not lead)
    if not top:
        causes = [
            say("result.cause", name=kb.condition_by_id[r.subject].name, band=band_name(r.band))
            for r in report.triage.reasons
            if r.code == "cause"
        ]
        causes += [reason_text(r, kb) for r in report.triage.reasons if r.code == "self_care_limit"]
        if not causes and not report.red_flags:
            causes = [kb.default_triage.reason]
        body.extend(Text(line) for line in causes[:2])
    worse = [f for f in _worse_open_flags(report) if f not in unsure]  # those not named just above
    if worse:
        highest = max((f.level for f in worse), key=LEVEL_RANK.__getitem__)
        body.append(
            Text(say_count("result.open", len(worse), closing=closing(highest, services)), style="bold")
        )
    deciding = {r.subject for r in report.triage.reasons if r.code == "cause"}
    if not needs_care_now(level) and report.causes and report.causes[0].id in deciding:
        # self-care from the cause that decided the level, never from a merely "less likely" one
        body.append(Text(say("result.start", advice=report.causes[0].treatment[0])))
    parts: list[RenderableType] = [
        Panel(
            Group(*body),
            title=Text(_title(report, label), style="bold"),
            title_align="left",
            border_style="red" if needs_care_now(level) else "none",
        )
    ]
    parts.extend(_leading_causes(report))
    if more:
        parts.append(Text(say("result.more_now" if needs_care_now(level) else "result.more"), style="dim"))
    return Group(*parts)


def _title(report: Report, label: str) -> str:
    """The box's title: the urgency, and which foot the result is about when it is known."""
    if side_of(report.answers) == "unknown":
        return say("result.title", label=label)
    return say("result.title_side", label=label, side=side_text(report))


def _worse_open_flags(report: Report) -> list[OpenRedFlag]:
    """Open warning signs that would raise the level: only these are worth a line on the summary."""
    rank = LEVEL_RANK[report.triage.level]
    return [f for f in report.unanswered_red_flags if LEVEL_RANK[f.level] > rank]


def _leading_causes(report: Report) -> list[RenderableType]:
    if not report.causes:
        return [Text(say("result.no_causes"), style="bold")]
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    shown = display_order(report)[:LEADING]
    for number, cause in enumerate(shown, start=1):
        group = say(f"origin.group.{cause.origin}")
        grid.add_row(
            group,
            Text(say("result.cause_line", number=number, name=cause.name, band=band_name(cause.likelihood))),
        )
    rest = len(report.causes) - len(shown)
    if rest:
        grid.add_row("", Text(say_count("result.more_causes", rest), style="dim"))
    return [Text(say("result.causes"), style="bold"), Padding(grid, (0, 0, 0, 2))]


def details_view(report: Report, kb: KnowledgeBase, services: Services | None) -> RenderableType:
    level = report.triage.level
    parts: list[RenderableType] = [Rule(say("details.title"), characters="-", style="dim")]
    if report.red_flags:
        flags = [f"{f.name}: {f.advice}" for f in report.red_flags]
        parts.append(titled(say("details.flags"), bullets(flags, "!")))
    if open_flags_shown(report):
        parts.append(titled(say("details.open"), bullets(_open_lines(report, services), "?")))
    reasons = why_texts(report, kb)
    if reasons:
        parts.append(titled(say("details.reasons"), bullets(reasons)))
    parts.append(Text(""))
    parts.extend(_causes(report, care_now=needs_care_now(level)))
    parts.extend(_services_lines(services))
    parts.extend([Rule(characters="-", style="dim"), Text(report.disclaimer, style="italic")])
    return Group(*parts)


def _open_lines(report: Report, services: Services | None) -> list[str]:
    """An open warning sign is labelled with its level only when that level is above the result's:
    an URGENT label under an EMERGENCY result would read as a downgrade."""
    rank = LEVEL_RANK[report.triage.level]
    lines = []
    for flag in open_flags_shown(report):
        status = say(f"open_flag.{flag.status}")
        if LEVEL_RANK[flag.level] > rank:
            text = say(
                "details.open_line", name=flag.name, status=status, closing=closing(flag.level, services)
            )
        else:
            text = say("details.open_name", name=flag.name, status=status)
        lines.append(text)
    return lines


def _causes(report: Report, *, care_now: bool) -> list[RenderableType]:
    if not report.causes:
        return [Text(say("causes.none"), style="bold"), Text("")]
    out: list[RenderableType] = [Text(say("causes.title"), style="bold underline")]
    if care_now:
        out.append(Text(say(f"details.no_self_care.{report.triage.level}"), style="bold"))
    out.append(Text(""))
    first_given: dict[tuple[object, ...], int] = {}
    for number, cause in enumerate(display_order(report), start=1):
        same_as = first_given.setdefault((cause.treatment, cause.avoid, cause.seek_care), number)
        out.append(Padding(_cause(number, cause, same_as, care_now=care_now), (0, 0, 1, 2)))
    return out


def _evidence(cause: RankedCause, sign: int) -> list[str]:
    return [
        say("evidence.item", finding=e.label, strength=strength(e.points))
        for e in cause.evidence
        if e.points * sign > 0
    ]


def _cause(number: int, cause: RankedCause, advice_as_for: int, *, care_now: bool) -> RenderableType:
    """One cause; advice identical to an earlier cause's is referred to, not repeated."""
    origin = say(f"origin.short.{cause.origin}")
    body: list[RenderableType] = [
        Text(
            say(
                "cause.heading",
                rank=number,
                name=f"{cause.name} ({origin})",
                band=band_name(cause.likelihood),
            ),
            style="bold",
        ),
        Text(cause.description),
        titled(say("cause.for"), bullets(_evidence(cause, 1), "+")),
        *(Text(detail_text(detail, cause)) for detail in cause.shown_details),
    ]
    against = _evidence(cause, -1)
    if against:
        body.append(titled(say("cause.against"), bullets(against, "-")))
    if care_now:
        return Group(*body)
    if advice_as_for != number:
        body.append(Text(say("cause.same_advice", rank=advice_as_for), style="bold"))
        return Group(*body)
    body.append(titled(say("cause.helps"), bullets(cause.treatment)))
    body.append(
        Padding(Text(say("cause.based_on", source=cause.treatment_source), style="dim"), (0, 0, 0, 2))
    )
    if cause.avoid:
        body.append(titled(say("cause.avoid"), bullets(cause.avoid)))
    body.append(titled(say("cause.seek_care"), Text(cause.seek_care)))
    return Group(*body)


def _services_lines(services: Services | None) -> Sequence[RenderableType]:
    if services is None:
        return [Text(say("details.no_country"), style="dim")]
    lines = [
        say(
            "details.services",
            country=services.country,
            number=emergency_number(services),
            source=services.emergency_source,
        )
    ]
    if services.help_line is not None:
        lines.append(say("details.help_line", line=help_line(services), source=services.help_line.source))
    return [Text(line, style="dim") for line in lines]
