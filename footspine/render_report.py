"""Report -> a summary to take to an appointment, as Markdown or a self-contained printable HTML page.

Written for a clinician who has a minute: the urgency and what to do with the number to call,
each warning sign once, the causes with what pointed to them, what helps (each piece of advice
once, however many causes share it), where it hurts, and the answers in the order given. Both
formats are made from one list of blocks, so they always say the same things.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from . import __version__, footmap, footsvg
from .footshapes import NUMBNESS_ID
from .kinds import NONE, UNSURE, AnswerValue
from .messages import band_name, language, say
from .model import LEVEL_RANK, KnowledgeBase, Question, Services
from .report import OpenRedFlag, RankedCause, Report
from .side import feet_drawn, side_of
from .wording import (
    closing,
    detail_text,
    emergency_number,
    help_line,
    needs_care_now,
    open_flags_shown,
    side_text,
    why_texts,
)

if TYPE_CHECKING:
    from .results import CheckResult

CAUSES_SHOWN = 3
LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "SV", "CR", "PA", "DO", "PR"})
"""Countries that print on US Letter; the rest of the world uses A4."""


@dataclass(frozen=True)
class AnsweredQuestion:
    question: str
    answer: str


@dataclass(frozen=True)
class Block:
    """One piece of the report: ``kind`` is h1, h2, h3, p, strong, small, ul, box (a bordered box
    whose first line is bold; ``level`` colours it), table (rows of two cells) or map (HTML only)."""

    kind: str
    lines: tuple[str, ...] = ()
    level: str = ""
    rows: tuple[AnsweredQuestion, ...] = ()


def answers_in_words(report: Report, kb: KnowledgeBase) -> list[AnsweredQuestion]:
    """Each answer as the person would read it, in the order given (the interview's order)."""
    by_id = kb.question_by_id
    return [
        AnsweredQuestion(by_id[key].text, _answer_text(by_id[key], value))
        for key, value in report.answers.items()
        if key in by_id
    ]


def _answer_text(question: Question, value: AnswerValue) -> str:
    if value == UNSURE:
        return say("answer.unsure").capitalize()
    return question.behaviour.in_words(question, value)


def numbers_line(services: Services | None) -> str:
    """Whom to call, once: the emergency number and the health line, or how to make them known."""
    if services is None:
        return say("report.numbers.neutral")
    line = help_line(services)
    key = "report.numbers.line" if line else "report.numbers"
    return say(key, number=emergency_number(services), line=line, country=services.country)


def paper(result: CheckResult) -> str:
    """A4, or Letter where the person's country prints on it."""
    code = next((c for c, s in result.kb.services.items() if s is result.services), "")
    return "letter" if code in LETTER_COUNTRIES else "A4"


def blocks(result: CheckResult, day: date) -> list[Block]:
    report, kb = result.report, result.kb
    level = report.triage.level
    box = [f"{say('check.urgency')}: {say(f'report.level.{level}')}", closing(level, result.services)]
    for flag in report.red_flags:  # each warning sign once, inside the urgency box; advice only at
        # the result's level, as on screen: an urgent sign's "see a doctor today" would read as leave
        title = say("flag.title", name=flag.name)
        box.append(f"{title}: {flag.advice}" if flag.level == level else title)
    box.append(numbers_line(result.services))
    out = [
        Block("h1", (say("summary.title"),)),
        Block("small", (_meta(report, day),)),
        Block("strong", (say("summary.side", side=side_text(report)),)),
        Block("box", tuple(box), level=level),
    ]
    why = why_texts(report, kb)
    if why:
        out.append(Block("ul", tuple(why)))
    out += _where(report, kb)  # beside the causes on screen and paper (floated right)
    shown = open_flags_shown(report)
    if shown:
        out += [
            Block("h2", (say("summary.open_flags"),)),
            Block("ul", tuple(_open_flag(f, report) for f in shown)),
        ]
    out += list(_causes(report, kb.likelihood_bands[-1].label))
    out += [
        Block("h2", (say("summary.answers"),)),
        Block("table", rows=tuple(answers_in_words(report, kb))),
        Block("small", (report.disclaimer,)),
        Block("box", (closing(level, result.services),), level=level),  # the urgency is the last line
    ]
    return out


def _causes(report: Report, least_likely: str) -> Iterator[Block]:
    yield Block("h2", (say("causes.title"),))
    if not report.causes:
        yield Block("p", (say("summary.no_cause"),))
        return
    care_now = needs_care_now(report.triage.level)
    if care_now:  # what to do now stands above; no self-care beside it
        yield Block("strong", (say(f"details.no_self_care.{report.triage.level}"),))
    told: set[str] = set()  # each piece of advice once, under the first cause that gives it
    for rank, cause in enumerate(report.causes[:CAUSES_SHOWN], start=1):
        yield Block("h3", (_cause_heading(rank, cause),))
        yield Block("p", (cause.description,))
        supporting, against = _evidence(cause, 1), _evidence(cause, -1)
        if supporting:
            yield Block("p", (f"{say('cause.for')} {'; '.join(supporting)}.",))
        yield from (Block("p", (detail_text(d, cause),)) for d in cause.shown_details)
        if against:
            yield Block("p", (f"{say('cause.against')} {'; '.join(against)}.",))
        if care_now or (rank > 1 and cause.likelihood == least_likely):
            continue  # care notes for the causes worth acting on, not for every one listed
        helps = [item for item in cause.treatment if item not in told]
        avoid = [item for item in cause.avoid if item not in told]
        told.update(cause.treatment + cause.avoid)
        if helps:
            yield Block("strong", (say("cause.helps"),))
            yield Block("ul", tuple(helps))
            yield Block("small", (say("cause.based_on", source=cause.treatment_source),))
        if avoid:
            yield Block("strong", (say("cause.avoid"),))
            yield Block("ul", tuple(avoid))
        if cause.seek_care not in told:
            told.add(cause.seek_care)
            yield Block("p", (f"{say('cause.seek_care')} {cause.seek_care}",))


def _where(report: Report, kb: KnowledgeBase) -> list[Block]:
    named = []
    for question_id, heading in ((footmap.QUESTION_ID, "summary.where"), (NUMBNESS_ID, "summary.numb")):
        question, value = kb.question_by_id.get(question_id), report.answers.get(question_id)
        if question is not None and isinstance(value, tuple) and value != (NONE,):
            named.append(f"{say(heading)}: " + "; ".join(question.choice_text(choice) for choice in value))
    if not named:
        return []
    return [Block("map", tuple(named))]


def _evidence(cause: RankedCause, sign: int) -> list[str]:
    return [e.label for e in cause.evidence if e.points * sign > 0]


def _open_flag(flag: OpenRedFlag, report: Report) -> str:
    """An open warning sign, with what it would mean only when that is above the result's level."""
    if LEVEL_RANK[flag.level] > LEVEL_RANK[report.triage.level]:
        return say("summary.would_mean", name=flag.name, level=say(f"level.{flag.level}"))
    return flag.name


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
    return say("causes.summary", rank=rank, name=cause.name, origin=origin, band=band_name(cause.likelihood))


def markdown(result: CheckResult, day: date | None = None) -> str:
    lines: list[str] = []
    for block in blocks(result, day or date.today()):
        lines += _markdown_block(block)
        lines.append("")
    # Rule-file text is data: keep any markup in it from becoming live HTML, links or images where
    # the Markdown is rendered (footspine's own text has none of these).
    text = "\n".join(lines).replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("[", "\\[").replace("]", "\\]").replace("://", ":\\/\\/").replace("www.", "www\\.")


def _markdown_block(block: Block) -> list[str]:
    kind, lines = block.kind, block.lines
    if kind in ("h1", "h2", "h3"):
        return [f"{'#' * int(kind[1])} {lines[0]}"]
    if kind == "ul":
        return [f"- {line}" for line in lines]
    if kind == "box":  # between rules, as Markdown has no box (a quote's '>' would be escaped)
        return ["---", "", f"**{lines[0]}**", *(f"\n{line}" for line in lines[1:])]
    if kind == "strong":
        return [f"**{lines[0]}**"]
    if kind == "small":
        return [f"*{lines[0]}*"]
    if kind == "table":
        head = [f"| {say('summary.question')} | {say('summary.answer')} |", "| --- | --- |"]
        return head + [f"| {_cell(r.question)} | {_cell(r.answer)} |" for r in block.rows]
    if kind == "map":
        return [f"## {say('summary.where')}", "", *(f"{line}  " for line in lines)]
    return list(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


_CSS = """
@page { size: %(paper)s; margin: 12mm 13mm; }
body { font: 10pt/1.35 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #111; max-width: 50em; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 1.4em; margin: 0 0 0.1em; }
h2 { font-size: 1.1em; margin: 0.9em 0 0.3em; border-bottom: 1px solid #999; }
h3 { font-size: 1em; margin: 0.7em 0 0.1em; }
p, ul { margin: 0.25em 0; }
ul { padding-left: 1.3em; }
.small { color: #444; font-size: 0.85em; }
.box { border: 3px solid #111; padding: 0.4em 0.8em; margin: 0.5em 0; }
.box p:first-child { font-weight: bold; }
.box.emergency, .box.urgent { border-color: #b00020; }
section.where { float: right; width: 17em; margin: 0 0 0.5em 1em; break-inside: avoid; page-break-inside: avoid; }
section.where h2 { margin-top: 0.2em; }
section.where.wide { float: none; width: auto; margin: 0; }
h2 { clear: none; } table, .box { clear: both; }
svg.feet { display: block; width: 100%%; height: auto; }
svg.feet text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
ul.legend { list-style: none; padding: 0; margin: 0.3em 0; font-size: 0.85em; }
ul.legend li { margin: 0.1em 0; }
svg.swatch { vertical-align: middle; }
table { border-collapse: collapse; width: 100%%; font-size: 0.9em; }
td, th { border: 1px solid #bbb; padding: 0.15em 0.4em; text-align: left; vertical-align: top; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
.box, tr, li { break-inside: avoid; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }
"""


def html_page(result: CheckResult, day: date | None = None) -> str:
    day = day or date.today()
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{language()}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(say('summary.page_title', day=day.isoformat()))}</title>",
        f"<style>{_CSS % {'paper': paper(result)}}</style></head><body>",
    ]
    for block in blocks(result, day):
        parts.append(_html_block(block, result))
    parts += ["</body></html>", ""]
    return "\n".join(parts)


def _html_block(block: Block, result: CheckResult) -> str:
    e = html.escape
    kind, lines = block.kind, block.lines
    if kind in ("h1", "h2", "h3"):
        return f"<{kind}>{e(lines[0])}</{kind}>"
    if kind == "ul":
        return "<ul>" + "".join(f"<li>{e(line)}</li>" for line in lines) + "</ul>"
    if kind == "box":
        return (
            f'<div class="box {e(block.level)}">' + "".join(f"<p>{e(line)}</p>" for line in lines) + "</div>"
        )
    if kind == "strong":
        return f"<p><strong>{e(lines[0])}</strong></p>"
    if kind == "small":
        return f'<p class="small">{e(lines[0])}</p>'
    if kind == "table":
        head = f"<table><tr><th>{e(say('summary.question'))}</th><th>{e(say('summary.answer'))}</th></tr>"
        rows = "".join(f"<tr><td>{e(r.question)}</td><td>{e(r.answer)}</td></tr>" for r in block.rows)
        return head + rows + "</table>"
    if kind == "map":
        return _map_section(lines, result.report, result.kb)
    return "".join(f"<p>{e(line)}</p>" for line in lines)


def _map_section(named: tuple[str, ...], report: Report, kb: KnowledgeBase) -> str:
    """Where it hurts and where it is numb, in words and as a drawing of the foot (footsvg.py), kept
    on one page with its heading."""
    e = html.escape
    spinal = bool(report.causes) and report.causes[0].origin == "spinal"
    marks = footsvg.marks_of(report.answers, spinal_leads=spinal)
    caption = [f'<ul class="legend">{"".join(footsvg.legend(marks))}</ul>']
    wide = len(feet_drawn(side_of(report.answers))) > 1 or len(marks.views) > 2
    if marks.roots:
        caption.append(f'<p class="small">{e(say("drawing.roots_why"))}</p>')
    return "".join(
        [
            f'<section class="where{" wide" if wide else ""}">',
            f"<h2>{e(say('summary.where'))}</h2>",
            *(f"<p>{e(line)}</p>" for line in named),
            f'<figure class="footmap">{footsvg.svg(side_of(report.answers), marks, kb)}',
            f"<figcaption>{''.join(caption)}</figcaption></figure></section>",
        ]
    )
