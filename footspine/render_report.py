"""Report -> a summary to take to an appointment, as Markdown or a self-contained printable HTML page."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from . import __version__, footmap
from .kinds import UNSURE, AnswerValue
from .messages import say
from .model import KnowledgeBase, Question
from .report import RankedCause, Report
from .wording import reason_text, side_text

if TYPE_CHECKING:
    from .results import CheckResult


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
        return say("answer.unsure").capitalize()
    return question.behaviour.in_words(question, value)


def _evidence(cause: RankedCause, sign: int) -> list[str]:
    return [e.label for e in cause.evidence if e.points * sign > 0]


def markdown(result: CheckResult, day: date | None = None) -> str:
    report, kb, day = result.report, result.kb, day or date.today()
    lines = [
        f"# {say('summary.title')}",
        "",
        _meta(report, day),
        "",
        say("summary.side", side=side_text(report)),
        "",
        f"## {say('check.urgency')}: {say(f'report.level.{report.triage.level}')}",
        "",
        *(f"- {reason_text(reason, kb)}" for reason in report.triage.reasons),
        "",
    ]
    if report.red_flags:
        lines += [f"## {say('summary.flags')}", ""]
        lines += [f"- **{f.name}** ({say(f'level.{f.level}')}): {f.advice}" for f in report.red_flags]
        lines.append("")
    if report.unanswered_red_flags:
        lines += [f"## {say('summary.open_flags')}", ""]
        lines += [
            f"- {say('summary.would_mean', name=f.name, level=say(f'level.{f.level}'))}"
            for f in report.unanswered_red_flags
        ]
        lines.append("")
    lines += [f"## {say('causes.title')}", ""]
    if not report.causes:
        lines += [say("summary.no_cause"), ""]
    given = _first_with_same_advice(report)
    for rank, cause in enumerate(report.causes[:5], start=1):
        lines += [
            f"### {_cause_heading(rank, cause)}",
            "",
            cause.description,
            "",
        ]
        lines += [say("cause.for"), "", *(f"- {label}" for label in _evidence(cause, 1)), ""]
        against = _evidence(cause, -1)
        if against:
            lines += [say("cause.against"), "", *(f"- {label}" for label in against), ""]
        if given[cause.id] != rank:
            lines += [say("cause.same_advice", rank=given[cause.id]), ""]
            continue
        lines += [say("cause.helps"), "", *(f"- {item}" for item in cause.treatment)]
        lines += [f"- {say('cause.based_on', source=cause.treatment_source)}", ""]
        if cause.avoid:
            lines += [say("cause.avoid"), "", *(f"- {item}" for item in cause.avoid), ""]
        lines += [f"{say('cause.seek_care')} {cause.seek_care}", ""]
    lines += [f"## {say('summary.answers')}", "", f"| {say('summary.question')} | {say('summary.answer')} |"]
    lines += ["| --- | --- |"]
    lines += [f"| {_cell(a.question)} | {_cell(a.answer)} |" for a in answers_in_words(report, kb)]
    lines += ["", "---", "", f"*{report.disclaimer}*", ""]
    # Rule-file text is data: keep any markup in it from becoming live HTML, links or images where
    # the Markdown is rendered (footspine's own text has none of these).
    text = "\n".join(lines).replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("[", "\\[").replace("]", "\\]").replace("://", ":\\/\\/").replace("www.", "www\\.")


def _meta(report: Report, day: date) -> str:
    return say(
        "summary.meta",
        day=day.isoformat(),
        version=__version__,
        rules=report.rules_version,
        sha=report.rules_sha256[:12],
    )


def _cause_heading(rank: int, cause: RankedCause) -> str:
    origin = say(f"origin.short.{cause.origin}")
    return say("causes.summary", rank=rank, name=cause.name, origin=origin, band=cause.likelihood)


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
        f"<title>{e(say('summary.page_title', day=day.isoformat()))}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{e(say('summary.title'))}</h1>",
        f'<p class="meta">{e(_meta(report, day))}</p>',
        f'<p class="side"><strong>{e(say("summary.side", side=side_text(report)))}</strong></p>',
        f'<div class="triage {e(report.triage.level)}">{e(say("check.urgency"))}: '
        f"{e(say(f'report.level.{report.triage.level}'))}</div>",
        "<ul>",
        *(f"<li>{e(reason_text(reason, kb))}</li>" for reason in report.triage.reasons),
        "</ul>",
    ]
    for flag in report.red_flags:
        parts.append(
            f'<div class="flag"><strong>{e(say("flag.title", name=flag.name))}</strong> '
            f"({e(say(f'level.{flag.level}'))})<br>{e(flag.advice)}</div>"
        )
    if report.unanswered_red_flags:
        parts += [f"<h2>{e(say('summary.open_flags'))}</h2>", "<ul>"]
        parts += [
            f"<li>{e(say('summary.would_mean', name=f.name, level=say(f'level.{f.level}')))}</li>"
            for f in report.unanswered_red_flags
        ]
        parts.append("</ul>")
    parts += _map_section(report, kb)
    parts.append(f"<h2>{e(say('causes.title'))}</h2>")
    if not report.causes:
        parts.append(f"<p>{e(say('summary.no_cause'))}</p>")
    given = _first_with_same_advice(report)
    for rank, cause in enumerate(report.causes[:5], start=1):
        parts += [
            '<section class="cause">',
            f"<h3>{e(_cause_heading(rank, cause))}</h3>",
            f"<p>{e(cause.description)}</p>",
            f"<p><strong>{e(say('cause.for'))}</strong></p><ul>",
            *(f"<li>{e(label)}</li>" for label in _evidence(cause, 1)),
            "</ul>",
        ]
        against = _evidence(cause, -1)
        if against:
            parts += [
                f"<p><strong>{e(say('cause.against'))}</strong></p><ul>",
                *(f"<li>{e(x)}</li>" for x in against),
                "</ul>",
            ]
        if given[cause.id] != rank:
            parts += [
                f"<p>{e(say('cause.same_advice', rank=given[cause.id]))}</p>",
                "</section>",
            ]
            continue
        parts += [
            f"<p><strong>{e(say('cause.helps'))}</strong></p><ul>",
            *(f"<li>{e(x)}</li>" for x in cause.treatment),
            "</ul>",
        ]
        parts.append(f'<p class="meta">{e(say("cause.based_on", source=cause.treatment_source))}</p>')
        if cause.avoid:
            parts += [
                f"<p><strong>{e(say('cause.avoid'))}</strong></p><ul>",
                *(f"<li>{e(x)}</li>" for x in cause.avoid),
                "</ul>",
            ]
        parts += [f"<p><strong>{e(say('cause.seek_care'))}</strong> {e(cause.seek_care)}</p>", "</section>"]
    parts += [
        f"<h2>{e(say('summary.answers'))}</h2>",
        f"<table><tr><th>{e(say('summary.question'))}</th><th>{e(say('summary.answer'))}</th></tr>",
    ]
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
    section = [f"<h2>{html.escape(say('summary.where'))}</h2>", f"<p>{html.escape('; '.join(named))}</p>"]
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
