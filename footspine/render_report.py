"""Report -> a summary to take to an appointment, as Markdown or a self-contained printable HTML page."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from . import __version__, footmap, footsvg
from .footshapes import NUMBNESS_ID
from .kinds import UNSURE, AnswerValue
from .messages import say
from .model import LEVEL_RANK, KnowledgeBase, Question
from .report import RankedCause, Report
from .side import side_of
from .wording import closing, detail_text, needs_care_now, reason_text, side_text

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
        f"**{closing(report.triage.level, result.services)}**",
        "",
        *(f"- {reason_text(reason, kb)}" for reason in report.triage.reasons),
        "",
    ]
    if report.red_flags:  # the result's level is the only one named: a lower one would read as leave
        lines += [f"## {say('summary.flags')}", ""]
        lines += [f"- **{f.name}**: {f.advice}" for f in report.red_flags]
        lines.append("")
    if report.unanswered_red_flags:
        lines += [f"## {say('summary.open_flags')}", ""]
        lines += [f"- {_open_flag(f.name, f.level, report)}" for f in report.unanswered_red_flags]
        lines.append("")
    lines += [f"## {say('causes.title')}", ""]
    if not report.causes:
        lines += [say("summary.no_cause"), ""]
    care_now = needs_care_now(report.triage.level)
    if care_now and report.causes:  # what to do now stands above; no self-care beside it
        lines += [f"**{say(f'details.no_self_care.{report.triage.level}')}**", ""]
    given = _first_with_same_advice(report)
    for rank, cause in enumerate(report.causes[:5], start=1):
        lines += [
            f"### {_cause_heading(rank, cause)}",
            "",
            cause.description,
            "",
        ]
        lines += [say("cause.for"), "", *(f"- {label}" for label in _evidence(cause, 1)), ""]
        for detail in cause.shown_details:
            lines += [
                detail_text(detail, cause),
                "",
            ]
        against = _evidence(cause, -1)
        if against:
            lines += [say("cause.against"), "", *(f"- {label}" for label in against), ""]
        if care_now:
            continue
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
    lines += [
        "",
        "---",
        "",
        f"*{report.disclaimer}*",
        "",
        f"**{closing(report.triage.level, result.services)}**",
        "",
    ]
    # Rule-file text is data: keep any markup in it from becoming live HTML, links or images where
    # the Markdown is rendered (footspine's own text has none of these).
    text = "\n".join(lines).replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("[", "\\[").replace("]", "\\]").replace("://", ":\\/\\/").replace("www.", "www\\.")


def _open_flag(name: str, level: str, report: Report) -> str:
    """An open warning sign, with what it would mean only when that is above the result's level."""
    if LEVEL_RANK[level] > LEVEL_RANK[report.triage.level]:
        return say("summary.would_mean", name=name, level=say(f"level.{level}"))
    return name


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
figure.footmap { margin: 0.8em 0; break-inside: avoid; page-break-inside: avoid; }
svg.feet { display: block; width: 100%; max-width: 26em; height: auto; }
svg.feet.two { max-width: 46em; }
svg.feet text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
ul.legend { list-style: none; padding: 0; margin: 0.4em 0; }
ul.legend li { margin: 0.15em 0; }
svg.swatch { vertical-align: middle; }
.side { font-size: 1.05em; }
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
        f"{e(say(f'report.level.{report.triage.level}'))}<br>"
        f"{e(closing(report.triage.level, result.services))}</div>",
        "<ul>",
        *(f"<li>{e(reason_text(reason, kb))}</li>" for reason in report.triage.reasons),
        "</ul>",
    ]
    for flag in report.red_flags:
        parts.append(
            f'<div class="flag"><strong>{e(say("flag.title", name=flag.name))}</strong>'
            f"<br>{e(flag.advice)}</div>"
        )
    if report.unanswered_red_flags:
        parts += [f"<h2>{e(say('summary.open_flags'))}</h2>", "<ul>"]
        parts += [f"<li>{e(_open_flag(f.name, f.level, report))}</li>" for f in report.unanswered_red_flags]
        parts.append("</ul>")
    parts += _map_section(report, kb)
    parts.append(f"<h2>{e(say('causes.title'))}</h2>")
    if not report.causes:
        parts.append(f"<p>{e(say('summary.no_cause'))}</p>")
    care_now = needs_care_now(report.triage.level)
    if care_now and report.causes:  # what to do now stands above; no self-care beside it
        parts.append(f"<p><strong>{e(say(f'details.no_self_care.{report.triage.level}'))}</strong></p>")
    given = _first_with_same_advice(report)
    for rank, cause in enumerate(report.causes[:5], start=1):
        parts += [
            '<section class="cause">',
            f"<h3>{e(_cause_heading(rank, cause))}</h3>",
            f"<p>{e(cause.description)}</p>",
            f"<p><strong>{e(say('cause.for'))}</strong></p><ul>",
            *(f"<li>{e(label)}</li>" for label in _evidence(cause, 1)),
            "</ul>",
            *(f"<p>{e(detail_text(d, cause))}</p>" for d in cause.shown_details),
        ]
        against = _evidence(cause, -1)
        if against:
            parts += [
                f"<p><strong>{e(say('cause.against'))}</strong></p><ul>",
                *(f"<li>{e(x)}</li>" for x in against),
                "</ul>",
            ]
        if care_now:
            parts.append("</section>")
            continue
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
    parts += [
        "</table>",
        f'<p class="disclaimer">{e(report.disclaimer)}</p>',
        f'<div class="triage {e(report.triage.level)}">{e(closing(report.triage.level, result.services))}</div>',
        "</body></html>",
        "",
    ]
    return "\n".join(parts)


def _map_section(report: Report, kb: KnowledgeBase) -> list[str]:
    """Where it hurts and where it is numb, in words and as a drawing of the foot (footsvg.py)."""
    e = html.escape
    named: list[str] = []
    for question_id, heading in ((footmap.QUESTION_ID, "summary.where"), (NUMBNESS_ID, "summary.numb")):
        question, value = kb.question_by_id.get(question_id), report.answers.get(question_id)
        if question is not None and isinstance(value, tuple):
            text = "; ".join(question.choice_text(choice) for choice in value)
            named.append(f"<p><strong>{e(say(heading))}:</strong> {e(text)}</p>")
    if not named:
        return []
    spinal = bool(report.causes) and report.causes[0].origin == "spinal"
    marks = footsvg.marks_of(report.answers, spinal_leads=spinal)
    caption = [f'<ul class="legend">{"".join(footsvg.legend(marks))}</ul>']
    if marks.roots:
        caption.append(f'<p class="meta">{e(say("drawing.roots_why"))}</p>')
    return [
        f"<h2>{e(say('summary.where'))}</h2>",
        *named,
        f'<figure class="footmap">{footsvg.svg(side_of(report.answers), marks, kb)}',
        f"<figcaption>{''.join(caption)}</figcaption></figure>",
    ]
