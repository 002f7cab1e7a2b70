"""The terminal session of `footspine check`: prompts, notices, the offer to save on Ctrl-C, written files."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path

import typer

from .answers import ValidAnswers
from .errors import FLAGS_HINT, FootspineError, InputEnded, Interrupted
from .kinds import AnswerValue
from .messages import say, say_count
from .outputs import renderer, report_format
from .results import CheckResult
from .rules import Rules
from .savefile import write_private


def write_report(path: Path, result: CheckResult, *, force: bool) -> None:
    text = renderer(report_format(path).name, result)(result)
    write_private(path, text, force=force)
    typer.echo(say("session.wrote_report", path=path), err=True)


def save_answers(path: Path, answers: Mapping[str, AnswerValue], rules: Rules, *, force: bool) -> None:
    document = rules.as_json(answers)
    write_private(path, json.dumps(document, indent=2) + "\n", force=force)
    typer.echo(say_count("session.saved", len(document), path=path), err=True)


def _offer_to_save(
    answered: ValidAnswers, rules: Rules, save: Path | None, *, force: bool, err: bool
) -> None:
    """After Ctrl-C: keep what was answered, if the user wants. A second Ctrl-C skips it."""
    if not answered or sys.stdin is None or not sys.stdin.isatty():
        return
    count = len(answered)
    try:
        if save is not None:
            if not typer.confirm(
                "\n" + say_count("session.save_to", count, path=save), default=True, err=err
            ):
                return
            target = save
        else:
            name = typer.prompt(
                "\n" + say_count("session.save_where", count),
                default="",
                show_default=False,
                err=err,
            ).strip()
            if not name:
                return
            target = Path(name)
        save_answers(target, answered, rules, force=force)
    except typer.Abort:
        return
    except FootspineError as exc:
        typer.echo(f"error: {exc}", err=True)


def ask_questions(
    rules: Rules,
    given: ValidAnswers,
    *,
    prompts_to_stderr: bool,
    full: bool,
    save: Path | None,
    force: bool,
) -> ValidAnswers:
    from . import interview
    from .adaptive import next_question
    from .render_interview import help_view, notice, question_view
    from .render_text import make_console, red_flag_alert

    ui = make_console(sys.stderr if prompts_to_stderr else sys.stdout)

    def ask(prompt: interview.Prompt) -> str:
        input_ended = InputEnded(
            f"input ended at question {prompt.question.id!r}; {FLAGS_HINT}, "
            "or add --no-input to leave the rest unanswered"
        )
        if sys.stdin is None or sys.stdin.closed:
            raise input_ended
        ui.print(question_view(prompt))
        try:
            return str(
                typer.prompt(">", default="", show_default=False, prompt_suffix=" ", err=prompts_to_stderr)
            )
        except typer.Abort as exc:
            if isinstance(exc.__context__, KeyboardInterrupt):
                if len(prompt.answered) > len(given):  # something new to keep
                    _offer_to_save(prompt.answered, rules, save, force=force, err=prompts_to_stderr)
                raise Interrupted(
                    f"interrupted at question {prompt.question.id!r}. To skip the questions, {FLAGS_HINT}"
                ) from None
            raise input_ended from None
        except (OSError, RuntimeError, ValueError):
            # Standard input vanished or broke mid-read ("lost sys.stdin", a closed file).
            raise input_ended from None

    def notify(event: interview.Event) -> None:
        if isinstance(event, interview.ShowHelp):
            ui.print(help_view(event.question, event.tells_apart, event.reason))
        elif isinstance(event, interview.Rejected):
            ui.print(notice(say("session.not_understood", message=event.message)))
        elif isinstance(event, interview.RedFlagRaised):
            ui.print(red_flag_alert(event.flag))
            ui.print(notice(say("session.act_now")))
        else:
            ui.print(notice(say("session.nothing_back")))

    choose = interview.every_question if full else next_question
    result = interview.run(rules, given, ask, notify, choose)
    ui.print("")
    return result
