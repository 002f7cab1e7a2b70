"""Report -> a summary to take to an appointment, as Markdown or a self-contained printable HTML page."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from . import __version__, footmap
from .kinds import UNSURE, AnswerValue
from .messages import reason_text
from .model import KnowledgeBase, Question
from .report import RankedCause, Report

if TYPE_CHECKING:
    from .results import CheckResult

LEVEL_TITLES = {
    "emergency": "EMERGENCY: go to an emergency department or call an ambulance now",
    "urgent": "URGENT: see a doctor today",
    "soon": "SOON: see a GP or physiotherapist within about two weeks",
    "self_care": "SELF-CARE: can usually be looked after at home",
}


@dataclass(frozen=True)
class AnsweredQuestion:
    question: str
    answer: str


def answers_in_words(report: Report, kb: KnowledgeBase) -> list[AnsweredQuestion]:
    """Each answer as the person would read it, in the order the questions are asked."""
    return [
        AnsweredQuestion(question.text, _answer_text(question, report.answers[question.id]))
        for question in kb.all_questions
        if question.id in report.answers
    ]


def _answer_text(question: Question, value: AnswerValue) -> str:
    if value == UNSURE:
        return "Not sure"
    return question.behaviour.in_words(question, value)


def _evidence(cause: RankedCause, sign: int) -> list[str]:
    return [e.label for e in cause.evidence if e.points * sign > 0]


def markdown(result: CheckResult, day: date | None = None) -> str:
    report, kb, day = result.report, result.kb, day or date.today()
    lines = [
        "# footspine summary (not a diagnosis)",
        "",
        f"Date: {day.isoformat()} · footspine {__version__} · rules {report.rules_version} "
        f"(sha256 {report.rules_sha256[:12]})",
        "",
        f"## How urgently to get care: {LEVEL_TITLES[report.triage.level]}",
        "",
        *(f"- {reason_text(reason, kb)}" for reason in report.triage.reasons),
        "",
    ]
    if report.red_flags:
        lines += ["## Warning signs reported", ""]
        lines += [f"- **{f.name}** ({f.level}): {f.advice}" for f in report.red_flags]
        lines.append("")
    if report.unanswered_red_flags:
        lines += ["## Warning signs not ruled out (not answered or not sure)", ""]
        lines += [f"- {f.name} (would mean: {f.level})" for f in report.unanswered_red_flags]
        lines.append("")
    lines += ["## Possible causes, most likely first", ""]
    if not report.causes:
        lines += ["None stands out from these answers.", ""]
    given = _first_with_same_advice(report)
    for rank, cause in enumerate(report.causes[:5], start=1):
        lines += [
            f"### {rank}. {cause.name} ({cause.origin.replace('_', '/')}): {cause.likelihood}",
            "",
            cause.description,
            "",
        ]
        lines += ["What pointed here:", "", *(f"- {label}" for label in _evidence(cause, 1)), ""]
        against = _evidence(cause, -1)
        if against:
            lines += ["What argued against:", "", *(f"- {label}" for label in against), ""]
        if given[cause.id] != rank:
            lines += [f"What helps and when to get help: as for {given[cause.id]}. above.", ""]
            continue
        lines += ["What usually helps:", "", *(f"- {item}" for item in cause.treatment)]
        lines += [f"- (based on: {cause.treatment_source})", ""]
        if cause.avoid:
            lines += ["Best avoided:", "", *(f"- {item}" for item in cause.avoid), ""]
        lines += [f"When to get help: {cause.seek_care}", ""]
    lines += ["## The answers given", "", "| question | answer |", "| --- | --- |"]
    lines += [f"| {_cell(a.question)} | {_cell(a.answer)} |" for a in answers_in_words(report, kb)]
    lines += ["", "---", "", f"*{report.disclaimer}*", ""]
    # Rule-file text is data: keep any markup in it from becoming live HTML where Markdown is rendered.
    return "\n".join(lines).replace("<", "&lt;").replace(">", "&gt;")


def _first_with_same_advice(report: Report) -> dict[str, int]:
    """For each cause, the rank of the first cause with identical advice (itself if none earlier)."""
    first: dict[tuple[object, ...], int] = {}
    return {
        cause.id: first.setdefault((cause.treatment, cause.avoid, cause.seek_care), rank)
        for rank, cause in enumerate(report.causes, start=1)
    }


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


_CSS = """
@page { margin: 16mm 14mm; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #111; max-width: 48em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.15em; margin-top: 1.4em; border-bottom: 1px solid #999; }
h3 { font-size: 1.05em; margin-bottom: 0.2em; }
.meta { color: #444; font-size: 0.9em; }
.triage { border: 3px solid #111; padding: 0.6em 0.9em; font-weight: bold; }
.triage.emergency, .triage.urgent, .flag { border-color: #b00020; }
.flag { border: 3px solid; padding: 0.4em 0.8em; margin: 0.5em 0; }
pre.map { font: 9pt/1.2 ui-monospace, "DejaVu Sans Mono", monospace; }
pre.map mark { background: #ffd54f; font-weight: bold; outline: 1px solid #111; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
td, th { border: 1px solid #bbb; padding: 0.25em 0.45em; text-align: left; vertical-align: top; }
h2, h3 { break-after: avoid; }
.flag, .triage, tr, li { break-inside: avoid; }
.disclaimer { font-style: italic; margin-top: 2em; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }
"""


def html_page(result: CheckResult, day: date | None = None) -> str:
    report, kb, day = result.report, result.kb, day or date.today()
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>footspine summary {e(day.isoformat())}</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>footspine summary <small>(not a diagnosis)</small></h1>",
        f'<p class="meta">Date: {e(day.isoformat())} · footspine {e(__version__)} · rules '
        f"{e(report.rules_version)} (sha256 {e(report.rules_sha256[:12])})</p>",
        f'<div class="triage {e(report.triage.level)}">How urgently to get care: '
        f"{e(LEVEL_TITLES[report.triage.level])}</div>",
        "<ul>",
        *(f"<li>{e(reason_text(reason, kb))}</li>" for reason in report.triage.reasons),
        "</ul>",
    ]
    for flag in report.red_flags:
        parts.append(
            f'<div class="flag"><strong>Warning sign: {e(flag.name)}</strong> ({e(flag.level)})<br>{e(flag.advice)}</div>'
        )
    if report.unanswered_red_flags:
        parts += ["<h2>Warning signs not ruled out (not answered or not sure)</h2>", "<ul>"]
        parts += [f"<li>{e(f.name)} (would mean: {e(f.level)})</li>" for f in report.unanswered_red_flags]
        parts.append("</ul>")
    parts += _map_section(report, kb)
    parts.append("<h2>Possible causes, most likely first</h2>")
    if not report.causes:
        parts.append("<p>None stands out from these answers.</p>")
    given = _first_with_same_advice(report)
    for rank, cause in enumerate(report.causes[:5], start=1):
        parts += [
            '<section class="cause">',
            f"<h3>{rank}. {e(cause.name)} ({e(cause.origin.replace('_', '/'))}): {e(cause.likelihood)}</h3>",
            f"<p>{e(cause.description)}</p>",
            "<p><strong>What pointed here:</strong></p><ul>",
            *(f"<li>{e(label)}</li>" for label in _evidence(cause, 1)),
            "</ul>",
        ]
        against = _evidence(cause, -1)
        if against:
            parts += [
                "<p><strong>What argued against:</strong></p><ul>",
                *(f"<li>{e(x)}</li>" for x in against),
                "</ul>",
            ]
        if given[cause.id] != rank:
            parts += [
                f"<p>What helps and when to get help: as for {given[cause.id]}. above.</p>",
                "</section>",
            ]
            continue
        parts += [
            "<p><strong>What usually helps:</strong></p><ul>",
            *(f"<li>{e(x)}</li>" for x in cause.treatment),
            "</ul>",
        ]
        parts.append(f'<p class="meta">Based on: {e(cause.treatment_source)}</p>')
        if cause.avoid:
            parts += [
                "<p><strong>Best avoided:</strong></p><ul>",
                *(f"<li>{e(x)}</li>" for x in cause.avoid),
                "</ul>",
            ]
        parts += [f"<p><strong>When to get help:</strong> {e(cause.seek_care)}</p>", "</section>"]
    parts += ["<h2>The answers given</h2>", "<table><tr><th>question</th><th>answer</th></tr>"]
    parts += [
        f"<tr><td>{e(a.question)}</td><td>{e(a.answer)}</td></tr>" for a in answers_in_words(report, kb)
    ]
    parts += ["</table>", f'<p class="disclaimer">{e(report.disclaimer)}</p>', "</body></html>", ""]
    return "\n".join(parts)


def _map_section(report: Report, kb: KnowledgeBase) -> list[str]:
    """The foot map with the painful areas marked, and the same areas in words."""
    question = kb.question_by_id.get(footmap.QUESTION_ID)
    value = report.answers.get(footmap.QUESTION_ID)
    if question is None or not isinstance(value, tuple):
        return []
    picture = footmap.drawing(question)
    named = [question.choice_text(choice) for choice in value]
    section = ["<h2>Where it hurts</h2>", f"<p>{html.escape('; '.join(named))}</p>"]
    if picture is not None:
        numbers = footmap.numbers(question)
        marked = html.escape(picture)
        for choice in value:
            if choice in numbers:
                marked = _mark(marked, numbers[choice])
        section.append(f'<pre class="map" aria-hidden="true">{marked}</pre>')
    return section


def _mark(picture: str, number: str) -> str:
    """Highlight every place the (two-character) area number stands on the drawing."""
    out, width = [], len(number)
    i = 0
    while i < len(picture):
        if (
            picture.startswith(number, i)
            and not _digit_at(picture, i - 1)
            and not _digit_at(picture, i + width)
        ):
            out.append(f"<mark>{number}</mark>")
            i += width
        else:
            out.append(picture[i])
            i += 1
    return "".join(out)


def _digit_at(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isdigit()
