"""Human output with rich: the console, the shared layouts and the lists. Meaning is in words, not colour."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .messages import band_name, say, say_count
from .model import LEVEL_RANK, Combination, Condition, RedFlag
from .operators import to_text

if TYPE_CHECKING:  # types only: the report of `check` should not load the interview or `eval`
    from .results import ConditionsResult, EvalResult, ExplainResult, QuestionsResult

MAX_WIDTH = 100
MIN_WIDTH = 40  # below this, nothing is wrapped to the terminal: see make_console

TRIAGE_STYLES = {
    "emergency": "bold white on red",
    "urgent": "bold red",
    "soon": "bold yellow",
    "self_care": "bold green",
}
ORIGINS = ("spinal", "local", "systemic_vascular")


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
    elif console.width < MIN_WIDTH:
        # Too narrow to lay anything out (COLUMNS=0 printed nothing, and at a few columns the word
        # EMERGENCY was cut up): lay out at a usual width and let the terminal wrap the lines.
        console.width = MAX_WIDTH
    return console


def strength(points: float) -> str:
    size = abs(points)
    return say("strength.strong" if size >= 1.5 else "strength.moderate" if size >= 0.7 else "strength.weak")


def bullets(items: Iterable[str], mark: str = "-") -> RenderableType:
    """One item a row with a hanging indent, so wrapped lines stay under their text."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for item in items:
        grid.add_row(mark, Text(item))
    return grid


def titled(title: str, body: RenderableType) -> RenderableType:
    return Group(Text(title, style="bold"), Padding(body, (0, 0, 0, 2)))


def red_flag_alert(flag: RedFlag | Combination) -> RenderableType:
    """Shown the moment a red-flag question is answered yes, and again at the top of the report."""
    mark = say(f"triage.{flag.level}.label")
    body = Group(Text(say("flag.title", name=flag.name), style="bold"), Text(flag.advice))
    return Panel(body, title=Text(mark, style="bold"), title_align="left", border_style="red")


# --- Lists ---


def questions_view(result: QuestionsResult) -> RenderableType:
    kb = result.kb
    parts: list[RenderableType] = [
        Text(say("questions.title"), style="bold"),
        Text(say("questions.how"), style="dim"),
        Text(""),
    ]
    for question in kb.all_questions:
        flag = kb.red_flag_by_id.get(question.id)
        head = Text(question.id, style="bold")
        head.append("  " + say("questions.kind", kind=say(f"kind.{question.kind}")))
        if flag:
            answer = say(f"answer.{flag.raise_on}")
            mark = say("questions.red_flag", answer=answer, level=say(f"level.{flag.level}").upper())
            higher = [
                c.level
                for c in kb.combinations_reading.get(flag.id, ())
                if LEVEL_RANK[c.level] > LEVEL_RANK[flag.level]
            ]
            if higher:  # cancer and back pain make new weakness an emergency
                top = max(higher, key=LEVEL_RANK.__getitem__)
                mark += say("questions.red_flag_more", level=say(f"level.{top}").upper())
            head.append("  " + mark, style="bold red")
        if question.ask_if is not None:
            head.append("  " + say("questions.conditional"), style="dim")
        body: list[RenderableType] = [head, Padding(Text(question.text), (0, 0, 0, 2))]
        if question.choices:
            body.append(Padding(bullets(f"{c.id}: {c.text}" for c in question.choices), (0, 0, 0, 4)))
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
        Text(say("conditions.title", version=kb.rules_version), style="bold"),
        Text(""),
    ]
    for origin in ORIGINS:
        group = [c for c in kb.conditions if c.origin == origin]
        if not group:
            continue
        parts.append(Text(say(f"origin.{origin}"), style="bold underline"))
        for condition in group:
            parts.append(
                Padding(
                    Group(
                        Text(f"{condition.name}  [{condition.id}]", style="bold"),
                        Text(condition.description),
                        Text(
                            say_count(
                                "conditions.findings",
                                len(condition.findings),
                                level=say(f"level.{condition.triage}"),
                            ),
                            style="dim",
                        ),
                        titled(say("conditions.sources"), bullets(_sources(condition), "-")),
                    ),
                    (0, 0, 1, 2),
                )
            )
    parts.append(Text(say("conditions.more"), style="dim"))
    return Group(*parts)


def evaluation_view(result: EvalResult) -> RenderableType:
    full, adaptive, red_flags = result.full, result.adaptive, result.red_flags
    figures = Table(
        box=None,
        pad_edge=False,
        title=say_count("eval.title", len(full.results)),
        title_justify="left",
    )
    figures.add_column("")
    figures.add_column(say("eval.full"), justify="right")
    figures.add_column(say("eval.adaptive"), justify="right")
    rows: list[tuple[str, Callable[[Any], str]]] = [
        (say("eval.top1"), lambda s: f"{s.top1:.1%}"),
        (say("eval.top3"), lambda s: f"{s.top3:.1%}"),
        (say("eval.triage_exact"), lambda s: f"{s.triage_exact:.1%}"),
        (say("eval.over_triage"), lambda s: f"{s.over_triage_self_care:.1%}"),
        (say("eval.under_triage"), lambda s: f"{len(s.unsafe)}"),
        (say("eval.asked_median"), lambda s: f"{s.asked(0.5):g}"),
        (say("eval.asked_p90"), lambda s: f"{s.asked(0.9):g}"),
        (say("eval.screens_median"), lambda s: f"{s.screens(0.5):g}"),
        ("  " + say("eval.flags_asked", count=red_flags), lambda s: f"{s.flags_asked(0.5):g}"),
    ]
    for label, show in rows:
        figures.add_row(label, show(full), show(adaptive))
    parts: list[RenderableType] = [figures, Text("")]
    levels = Table(title=say("eval.by_level"), title_justify="left", box=None, pad_edge=False)
    for column in ("eval.level", "eval.cases", "eval.full", "eval.adaptive"):
        levels.add_column(say(column))
    for level, counts in full.by_level().items():
        levels.add_row(
            say(f"level.{level}"),
            str(counts["cases"]),
            str(counts["under_triage"]),
            str(adaptive.under_triage(level)),
        )
    parts.extend([levels, Text("")])
    for name, summary in (("full", full), ("adaptive", adaptive)):
        if summary.unsafe:
            ids = ", ".join(r.id for r in summary.unsafe)
            parts.append(Text(say("eval.unsafe", mode=say(f"eval.{name}"), ids=ids), style="bold red"))
    # One miss a few lines long, not a five-column table: condition ids are long, and a table of them
    # at 80 columns either folds the ids mid-word or runs off the screen.
    parts.append(Text(say("eval.misses", count=len(adaptive.misses)), style="bold"))
    for r in adaptive.misses:
        parts.append(
            Text(
                say(
                    "eval.miss",
                    case=r.id,
                    rank=r.rank or "-",
                    triage=say(f"level.{r.triage}"),
                    expected_triage=say(f"level.{r.expected_triage}"),
                    expected=", ".join(r.expected_causes),
                    got=", ".join(r.ranked[:3]) or "-",
                )
            )
        )
    for unknown, cases in adaptive.unknown_causes.items():
        parts.append(Text(say("eval.unknown_cause", cause=unknown, ids=", ".join(cases))))
    return Group(*parts)


def explain_view(result: ExplainResult) -> RenderableType:
    condition, kb = result.condition, result.kb
    findings = Table(box=None, pad_edge=False, show_edge=False)
    findings.add_column(say("explain.points"), justify="right", no_wrap=True)
    findings.add_column(say("explain.finding"), overflow="fold")
    findings.add_column(say("explain.source"), overflow="fold")
    for finding in condition.findings:
        points = f"{finding.points:+.2f}" + (
            "\n" + say("explain.lr", lr=finding.lr) if finding.lr is not None else ""
        )
        label = f"{finding.label}\n({to_text(finding.when)})" + (
            "\n" + say("explain.context") if finding.context else ""
        )
        if finding.group is not None:
            label += "\n" + say("explain.group", group=finding.group)
        findings.add_row(points, Text(label), Text(finding.source))
    age_lines = [
        Text(
            say(
                "explain.age_prior",
                ages=to_text(age.when),
                prior=age.prior,
                label=age.label,
                source=age.source,
            )
        )
        for age in condition.age_priors
    ]
    group_lines = [
        Text(say("explain.group_rule", group=group.label, source=group.source)) for group in condition.groups
    ]
    band_lines = [
        say("explain.band", band=band_name(band.label), score=band.min_score)
        for band in kb.likelihood_bands[:-1]
    ]
    return Group(
        Text(
            say(
                "explain.title",
                name=condition.name,
                id=condition.id,
                origin=say(f"origin.short.{condition.origin}"),
            ),
            style="bold",
        ),
        Text(condition.description),
        Text(""),
        Text(say("explain.prior", prior=condition.prior, source=condition.prior_source)),
        *age_lines,
        Text(say("explain.score", bands="; ".join(band_lines))),
        *group_lines,
        Text(""),
        findings,
        Text(""),
        titled(say("cause.helps"), bullets(condition.treatment)),
        Padding(Text(say("cause.based_on", source=condition.treatment_source), style="dim"), (0, 0, 0, 2)),
        *([titled(say("cause.avoid"), bullets(condition.avoid))] if condition.avoid else []),
        titled(say("cause.seek_care"), Text(condition.seek_care)),
        Text(say("explain.triage", level=say(f"level.{condition.triage}"))),
    )
