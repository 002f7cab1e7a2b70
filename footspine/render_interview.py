"""Human output while footspine works: the interview's screens and batch's progress bar (rich)."""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from . import footmap
from .kinds import NONE
from .messages import language, say
from .model import Combination, Question, RedFlag, Services
from .render_text import make_console

if TYPE_CHECKING:
    from .interview import Prompt
    from .places import Place


def question_view(prompt: Prompt) -> RenderableType:
    question = prompt.question
    if prompt.checklist:  # the doubts screen, "which are you not sure about?", has no "none of these"
        items = len(question.choices) - 2  # the checklist's own items, before "none" and "not sure"
        hint = (
            say("checklist.hint", last=items) if NONE in question.choice_ids else say("checklist.hint_doubts")
        )
    else:
        hint = answer_hint(question)
    if prompt.repeat:
        return Text(hint, style="dim")
    head = Text(say("ask.number", number=prompt.number, phase=say(f"phase.{prompt.phase}")), style="dim")
    if prompt.is_red_flag:
        head.append("  " + say("ask.red_flag"), style="dim")
    lines: list[RenderableType] = [Text(""), head, Text(question.text, style="bold")]
    picture = footmap.drawing(question) if question.id == footmap.QUESTION_ID else None
    if picture is not None:
        # The map's numbers and short names are the choices; only those it cannot show are listed.
        lines.append(Text(picture.rstrip("\n")))
        lines.extend(ChoiceLine(n, text, id_) for n, text, id_ in footmap.off_map(question))
        lines.append(Text(say("map.hint"), style="dim"))
    elif question.kind in ("single", "multi"):
        # A checklist's choices are answered by number; their ids are question ids, no help to read.
        lines.extend(
            ChoiceLine(n, choice.text, "" if prompt.checklist else choice.id)
            for n, choice in enumerate(question.choices, start=1)
        )
    lines.append(Text(hint, style="dim"))
    return Group(*lines)


class ChoiceLine:
    """A numbered choice, wrapped under its own text (not under the number), with its id in
    brackets kept on one line together with at least the last word before it, so a long id never
    stands alone on a line at 80 columns. In another language than English the id is not shown
    (ids are English words; a typed id is still understood)."""

    def __init__(self, number: int, text: str, choice_id: str) -> None:
        self.number, self.text, self.choice_id = number, text, choice_id

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lead = f"  {self.number:>2}) "
        width = max(20, options.max_width - len(lead))
        lines = textwrap.wrap(self.text, width) or [""]
        if self.choice_id and language() == "en":  # ids are English words: other languages answer by number
            tag = f"  [{self.choice_id}]"
            if len(lines[-1]) + len(tag) > width:
                head, _, last_word = lines[-1].rpartition(" ")
                lines[-1:] = [head, last_word] if head else [last_word]
            lines[-1] += tag
        for index, line in enumerate(lines):
            yield Text((lead if index == 0 else " " * len(lead)) + line)


def answer_hint(question: Question) -> str:
    return say("ask.hint", how=question.behaviour.how_to_answer(question))


HELP_CAUSES = 3
"""How many causes a help screen names: enough to show what a question is for."""


def help_view(question: Question, tells_apart: Sequence[str] = (), reason: str = "") -> RenderableType:
    lines: list[RenderableType] = [Text(question.help)]
    if question.id == footmap.QUESTION_ID and footmap.drawing(question) is not None:
        # The places in words, in two columns so the help fits one screen.
        places = [(f"{n})", choice.text) for n, choice in enumerate(question.choices, start=1)]
        half = (len(places) + 1) // 2
        grid = Table.grid(padding=(0, 1))
        for column in range(4):  # number, place, number, place: a long place wraps under itself
            number = column % 2 == 0
            grid.add_column(
                no_wrap=number, justify="right" if number else "left", ratio=None if number else 1
            )
        for left, right in itertools.zip_longest(places[:half], places[half:], fillvalue=("", "")):
            grid.add_row(*left, *right)
        lines.append(grid)
    if tells_apart:
        shown, more = tells_apart[:HELP_CAUSES], len(tells_apart) - HELP_CAUSES
        key = "ask.tells_apart_more" if more > 0 else "ask.tells_apart"
        lines.append(Text(say(key, causes=", ".join(shown), count=more), style="dim"))
    if reason:
        lines.append(Text(say("ask.because", reason=say(f"why.{reason}")), style="dim"))
    return Panel(Group(*lines), title=Text(say("ask.why_title"), style="bold"), title_align="left")


def intro_view(where: Place) -> RenderableType:
    """The opening screen: what footspine is and is not, how long, how to stop, and whom to call."""
    from .wording import emergency_number

    number = emergency_number(where.services)
    if where.services is not None:
        source = say(
            "intro.country",
            number=number,
            country=where.services.country,
            where=say(f"intro.where.{where.where}"),
        )
    else:
        source = say("intro.no_country")
    body = Group(
        Text(say("intro.what")),
        Text(""),
        Text(say("intro.how")),
        Text(""),
        Text(say("intro.emergency", number=number), style="bold"),
        Text(source, style="dim"),
    )
    return Group(
        Panel(body, title=Text(say("intro.title"), style="bold"), title_align="left"),
        Text(say("intro.start"), style="bold"),
    )


def emergency_view(raised: Sequence[RedFlag | Combination], services: Services | None) -> RenderableType:
    """Shown the moment the answers make an emergency: what to do now, with the number, and every
    warning sign behind it (none when a likely cause alone made it), before anything else is asked."""
    from .wording import action

    lines: list[RenderableType] = [Text(action("emergency", services), style="bold")]
    for flag in raised:
        lines += [Text(""), Text(say("flag.title", name=flag.name), style="bold"), Text(flag.advice)]
    title = Text(say("triage.emergency.label"), style="bold")
    return Panel(Group(*lines), title=title, title_align="left", border_style="red")


def notice(message: str) -> RenderableType:
    return Text(message)


@contextmanager
def batch_progress(stream: IO[str], total_bytes: int | None) -> Iterator[Callable[[int, int], None]]:
    """A progress bar for `batch` on a terminal: share of the input read when its size is known
    (a file), else a running count (a pipe); lines scored and the rate either way. Yields
    ``update(lines, bytes_read)``."""
    from rich.progress import (
        BarColumn,
        Progress,
        ProgressColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    known = bool(total_bytes)
    columns: list[ProgressColumn] = [TextColumn(say("batch.scoring"))]
    if known:
        columns += [BarColumn(), TaskProgressColumn(), TimeRemainingColumn()]
    columns += [
        TextColumn("{task.fields[lines_text]}"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, console=make_console(stream), transient=False) as progress:
        task = progress.add_task(
            "batch", total=total_bytes if known else None, lines_text=say("batch.lines", lines=0), rate=""
        )

        def update(lines: int, bytes_read: int) -> None:
            elapsed = progress.tasks[0].elapsed or 0.0
            rate = f"{lines / elapsed:,.0f}/s" if elapsed > 0 else ""
            progress.update(
                task,
                completed=bytes_read if known else lines,
                lines_text=say("batch.lines", lines=lines),
                rate=rate,
            )

        yield update
