"""Human output with rich: the report, the lists, and the interview's screens. Meaning is in words, not colour."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from .messages import reason_text
from .model import LEVEL_RANK, Condition, KnowledgeBase, RedFlag
from .operators import to_text
from .report import RankedCause, Report

if TYPE_CHECKING:  # types only: the report of `check` should not load the interview or `eval`
    from .results import CheckResult, ConditionsResult, EvalResult, ExplainResult, QuestionsResult

MAX_WIDTH = 100
CAUSES_SHOWN = 5
MIN_CAUSES_SHOWN = 3

TRIAGE_HEADLINES = {
    "emergency": ("[!!!] EMERGENCY", "Go to an emergency department or call an ambulance now."),
    "urgent": ("[!!] URGENT", "See a doctor today (same day)."),
    "soon": ("[!] SEE A CLINICIAN SOON", "Book a GP or physiotherapist appointment within about two weeks."),
    "self_care": ("[ok] SELF-CARE", "This can usually be looked after at home; below is when to get help."),
}
TRIAGE_STYLES = {
    "emergency": "bold white on red",
    "urgent": "bold red",
    "soon": "bold yellow",
    "self_care": "bold green",
}
ORIGIN_TITLES = {
    "spinal": "Spinal causes (from the lower back)",
    "local": "Local causes (in the foot or ankle)",
    "systemic_vascular": "Whole-body and blood-vessel causes",
}


def make_console(file: IO[str], *, no_color: bool = False) -> Console:
    """Built per command, never at import, so NO_COLOR and the terminal are read at run time."""
    encoding = (getattr(file, "encoding", None) or "utf-8").lower()
    if not encoding.startswith("utf") and hasattr(file, "reconfigure"):
        # A terminal that cannot show a character gets a '?', never a crash (rich already draws
        # ASCII boxes there).
        file.reconfigure(errors="replace")
    console = Console(file=file, highlight=False, emoji=False, no_color=no_color or None, soft_wrap=False)
    if console.width > MAX_WIDTH:
        console.width = MAX_WIDTH
    return console


def _strength(points: float) -> str:
    size = abs(points)
    return "strong" if size >= 1.5 else "moderate" if size >= 0.7 else "weak"


def _bullets(items: Iterable[str], mark: str = "-") -> RenderableType:
    """One item a row with a hanging indent, so wrapped lines stay under their text."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for item in items:
        grid.add_row(mark, Text(item))
    return grid


def _titled(title: str, body: RenderableType) -> RenderableType:
    return Group(Text(title, style="bold"), Padding(body, (0, 0, 0, 2)))


def red_flag_alert(flag: RedFlag) -> RenderableType:
    """Shown the moment a red-flag question is answered yes, and again at the top of the report."""
    mark = "[!!!] EMERGENCY" if flag.level == "emergency" else "[!!] URGENT"
    body = Group(Text(f"WARNING SIGN: {flag.name}", style="bold"), Text(flag.advice))
    return Panel(body, title=Text(mark, style="bold"), title_align="left", border_style="red")


def check_view(result: CheckResult) -> RenderableType:
    return report_view(result.report, result.kb)


def report_view(report: Report, kb: KnowledgeBase) -> RenderableType:
    level = report.triage.level
    label, action = TRIAGE_HEADLINES[level]
    parts: list[RenderableType] = [
        Text("footspine result (not a diagnosis)", style="bold"),
        Text(""),
        Panel(
            Group(
                Text(f"{label}: {action}", style=TRIAGE_STYLES[level]),
                _bullets(reason_text(r, kb) for r in report.triage.reasons),
            ),
            title=Text("How urgently to get care", style="bold"),
            title_align="left",
        ),
    ]
    for flag in sorted(report.red_flags, key=lambda f: -LEVEL_RANK[f.level]):
        parts.append(red_flag_alert(kb.red_flag_by_id[flag.id]))
    if report.unanswered_red_flags:
        lines = [
            f"{f.name} ({'you were not sure' if f.status == 'unsure' else 'not answered'}): "
            f"if this applies, {f.level.upper()}, {TRIAGE_HEADLINES[f.level][1][0].lower()}"
            f"{TRIAGE_HEADLINES[f.level][1][1:]}"
            for f in report.unanswered_red_flags
        ]
        parts.append(
            Panel(
                _bullets(lines, "?"),
                title=Text(
                    "[?] Warning signs not ruled out: footspine cannot read these as 'no'", style="bold"
                ),
                title_align="left",
                border_style="yellow",
            )
        )
    parts.append(Text(""))
    parts.extend(_causes(report, kb))
    parts.extend([Rule(characters="-", style="dim"), Text(report.disclaimer, style="italic")])
    return Group(*parts)


def _causes(report: Report, kb: KnowledgeBase) -> list[RenderableType]:
    if not report.causes:
        return [Text("Possible causes: none stands out from these answers.", style="bold"), Text("")]
    notable = {band.label for band in kb.likelihood_bands[:-1]}
    shown = [c for c in report.causes if c.likelihood in notable][:CAUSES_SHOWN]
    shown = shown if len(shown) >= MIN_CAUSES_SHOWN else list(report.causes[:MIN_CAUSES_SHOWN])
    ranks = {cause.id: rank for rank, cause in enumerate(report.causes, start=1)}
    summary = [f"{ranks[c.id]}. {c.name} ({c.origin.replace('_', '/')}): {c.likelihood}" for c in shown]
    out: list[RenderableType] = [
        Text("Possible causes, most likely first", style="bold underline"),
        _bullets(summary, " "),
        Text(""),
    ]
    origins = sorted(
        ORIGIN_TITLES, key=lambda o: min((ranks[c.id] for c in shown if c.origin == o), default=99)
    )
    advice_first_given: dict[tuple[object, ...], int] = {}
    for origin in origins:
        group = [c for c in shown if c.origin == origin]
        if not group:
            continue
        out.append(Text(ORIGIN_TITLES[origin], style="bold"))
        for cause in group:
            advice = (cause.treatment, cause.avoid, cause.seek_care)
            same_as = advice_first_given.setdefault(advice, ranks[cause.id])
            out.append(Padding(_cause(ranks[cause.id], cause, same_as), (0, 0, 1, 2)))
    hidden = len(report.causes) - len(shown)
    if hidden:
        out.append(Text(f"({hidden} less likely causes not shown; --json lists them all)", style="dim"))
    return out


def _cause(rank: int, cause: RankedCause, advice_as_for: int) -> RenderableType:
    """One cause; advice identical to an earlier cause's is referred to, not repeated."""
    pro = [f"{e.label} ({_strength(e.points)})" for e in cause.evidence if e.points > 0]
    con = [f"{e.label} ({_strength(e.points)})" for e in cause.evidence if e.points < 0]
    body: list[RenderableType] = [
        Text(f"{rank}. {cause.name}: {cause.likelihood}", style="bold"),
        Text(cause.description),
        _titled("What pointed here:", _bullets(pro, "+")),
    ]
    if con:
        body.append(_titled("What argued against:", _bullets(con, "-")))
    if advice_as_for != rank:
        body.append(Text(f"What helps and when to get help: as for {advice_as_for}. above.", style="bold"))
        return Group(*body)
    body.append(_titled("What usually helps:", _bullets(cause.treatment)))
    body.append(Padding(Text(f"(based on: {cause.treatment_source})", style="dim"), (0, 0, 0, 2)))
    if cause.avoid:
        body.append(_titled("Best avoided:", _bullets(cause.avoid)))
    body.append(_titled("When to get help:", Text(cause.seek_care)))
    return Group(*body)


# --- Lists ---


def questions_view(result: QuestionsResult) -> RenderableType:
    kb = result.kb
    parts: list[RenderableType] = [
        Text("footspine questions, in the order they are asked", style="bold"),
        Text("Every question also accepts 'unsure'. Pass answers with --answer ID=VALUE.", style="dim"),
        Text(""),
    ]
    for question in kb.all_questions:
        flag = kb.red_flag_by_id.get(question.id)
        head = Text(question.id, style="bold")
        head.append(f"  ({question.kind.replace('_', '/')})")
        if flag:
            head.append(f"  RED FLAG: 'yes' means {flag.level.upper()}", style="bold red")
        if question.ask_if is not None:
            head.append("  (asked only when earlier answers make it relevant)", style="dim")
        body: list[RenderableType] = [head, Padding(Text(question.text), (0, 0, 0, 2))]
        if question.choices:
            body.append(Padding(_bullets(f"{c.id}: {c.text}" for c in question.choices), (0, 0, 0, 4)))
        elif question.kind == "number":
            body.append(Padding(Text(question.allowed), (0, 0, 0, 4)))
        parts.append(Padding(Group(*body), (0, 0, 1, 0)))
    return Group(*parts)


def _sources(condition: Condition) -> list[str]:
    """Each distinct source once: the prior's, the findings', then the treatment notes'."""
    sources = [condition.prior_source, *(f.source for f in condition.findings), condition.treatment_source]
    return list(dict.fromkeys(sources))


def conditions_view(result: ConditionsResult) -> RenderableType:
    kb = result.kb
    parts: list[RenderableType] = [
        Text(f"footspine conditions (rules {kb.rules_version})", style="bold"),
        Text(""),
    ]
    for origin, title in ORIGIN_TITLES.items():
        group = [c for c in kb.conditions if c.origin == origin]
        if not group:
            continue
        parts.append(Text(title, style="bold underline"))
        for condition in group:
            parts.append(
                Padding(
                    Group(
                        Text(f"{condition.name}  [{condition.id}]", style="bold"),
                        Text(condition.description),
                        Text(
                            f"{len(condition.findings)} findings; if likely: {condition.triage.replace('_', '-')}",
                            style="dim",
                        ),
                        _titled("Sources:", _bullets(_sources(condition), "-")),
                    ),
                    (0, 0, 1, 2),
                )
            )
    parts.append(Text("Weights and sources: footspine conditions --json", style="dim"))
    return Group(*parts)


def evaluation_view(result: EvalResult) -> RenderableType:
    full, adaptive, red_flags = result.full, result.adaptive, result.red_flags
    figures = Table(
        box=None, pad_edge=False, title=f"footspine eval: {len(full.results)} cases", title_justify="left"
    )
    figures.add_column("")
    figures.add_column("full", justify="right")
    figures.add_column("adaptive", justify="right")
    rows: list[tuple[str, Callable[[Any], str]]] = [
        ("top-1 accuracy", lambda s: f"{s.top1:.1%}"),
        ("top-3 accuracy", lambda s: f"{s.top3:.1%}"),
        ("triage exact", lambda s: f"{s.triage_exact:.1%}"),
        ("over-triage of self-care cases", lambda s: f"{s.over_triage_self_care:.1%}"),
        ("under-triage of emergency/urgent cases", lambda s: f"{len(s.unsafe)}"),
        ("questions asked, median", lambda s: f"{s.asked(0.5):g}"),
        ("questions asked, 90th percentile", lambda s: f"{s.asked(0.9):g}"),
        (f"  beyond the {red_flags} warning-sign checks, median", lambda s: f"{s.asked(0.5) - red_flags:g}"),
    ]
    for label, show in rows:
        figures.add_row(label, show(full), show(adaptive))
    parts: list[RenderableType] = [figures, Text("")]
    levels = Table(title="Under-triage by expected level", title_justify="left", box=None, pad_edge=False)
    for column in ("level", "cases", "full", "adaptive"):
        levels.add_column(column)
    for level, counts in full.by_level().items():
        levels.add_row(
            level, str(counts["cases"]), str(counts["under_triage"]), str(adaptive.under_triage(level))
        )
    parts.extend([levels, Text("")])
    for name, summary in (("full", full), ("adaptive", adaptive)):
        if summary.unsafe:
            ids = ", ".join(r.id for r in summary.unsafe)
            parts.append(Text(f"[!!] UNSAFE ({name}): under-triaged {ids}", style="bold red"))
    misses = Table(
        title=f"Misses, adaptive interview ({len(adaptive.misses)})",
        title_justify="left",
        box=None,
        pad_edge=False,
    )
    for column in ("case", "expected", "rank", "got top 3", "triage (expected)"):
        misses.add_column(column, overflow="fold")
    for r in adaptive.misses:
        misses.add_row(
            r.id,
            ", ".join(r.expected_causes),
            str(r.rank) if r.rank else "-",
            ", ".join(r.ranked[:3]) or "-",
            f"{r.triage} ({r.expected_triage})",
        )
    parts.append(misses)
    return Group(*parts)


def explain_view(result: ExplainResult) -> RenderableType:
    condition, kb = result.condition, result.kb
    findings = Table(box=None, pad_edge=False, show_edge=False)
    findings.add_column("points", justify="right", no_wrap=True)
    findings.add_column("finding (when)", overflow="fold")
    findings.add_column("source", overflow="fold")
    for finding in condition.findings:
        points = f"{finding.points:+.2f}" + (f"\nLR {finding.lr:g}" if finding.lr is not None else "")
        label = f"{finding.label}\n({to_text(finding.when)})" + (
            "\n[context only]" if finding.context else ""
        )
        findings.add_row(points, Text(label), Text(finding.source))
    band_lines = [f"{band.label}: score >= {band.min_score:g}" for band in kb.likelihood_bands[:-1]]
    return Group(
        Text(f"{condition.name}  [{condition.id}]  ({condition.origin.replace('_', '/')})", style="bold"),
        Text(condition.description),
        Text(""),
        Text(f"Prior: {condition.prior:+.2f}  ({condition.prior_source})"),
        Text("Score = prior + the points of every finding that holds; " + "; ".join(band_lines) + "."),
        Text(""),
        findings,
        Text(""),
        _titled("What usually helps:", _bullets(condition.treatment)),
        Padding(Text(f"(based on: {condition.treatment_source})", style="dim"), (0, 0, 0, 2)),
        *([_titled("Best avoided:", _bullets(condition.avoid))] if condition.avoid else []),
        _titled("When to get help:", Text(condition.seek_care)),
        Text(f"Triage when likely: {condition.triage.replace('_', '-')}"),
    )
