"""The terminal session of `footspine check`: prompts, notices, the offer to save on Ctrl-C, written files."""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import shlex
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

import typer

from .answers import ValidAnswers
from .errors import AlreadyExists, FootspineError, InputEnded, Interrupted, Stopped
from .kinds import AnswerValue
from .messages import means, say, say_count
from .outputs import renderer, report_format
from .places import Place
from .results import CheckResult
from .rules import Rules
from .savefile import write_private


@dataclass(frozen=True)
class Interview:
    answers: ValidAnswers
    stopped_after_warning: bool = False


class _StoppedAfterWarning(Exception):
    """Quit, Ctrl-C, Ctrl-D or the end of the input once a warning sign is raised (or answered
    "not sure"): not an error but the end of the interview, so the warning and what to do are the
    last thing shown."""

    def __init__(self, answers: ValidAnswers) -> None:
        super().__init__("stopped after a warning sign")
        self.answers = answers


def _warned(rules: Rules, answers: ValidAnswers) -> bool:
    """Whether the answers raise a warning sign, make the result urgent or an emergency, or leave
    a warning sign the person answered "not sure" (the result says to check it today, and what
    to do if it applies: stopping must not lose that)."""
    ranking = rules.rank(answers)
    return (
        bool(ranking.raised)
        or ranking.level in ("urgent", "emergency")
        or any(status == "unsure" for _, status in ranking.open_flags)
    )


def write_report(path: Path, result: CheckResult, *, force: bool) -> None:
    kind = report_format(path).name
    text = renderer(kind, result)(result)
    write_private(path, text, force=force)
    typer.echo(say("session.wrote_fhir" if kind == "fhir" else "session.wrote_report", path=path), err=True)


def save_answers(path: Path, answers: Mapping[str, AnswerValue], rules: Rules, *, force: bool) -> None:
    """The answers as footspine's own answers file, or as a FHIR QuestionnaireResponse when the name
    ends in .fhir.json; `--answers` reads either back."""
    document = rules.as_json(answers)
    if path.name.lower().endswith(".fhir.json"):
        from .fhir import response

        text = json.dumps(response(rules.answers(answers), rules.kb), indent=2, ensure_ascii=False)
    else:
        text = json.dumps(document, indent=2)
    write_private(path, text + "\n", force=force)
    typer.echo(say_count("session.saved", len(document), path=path, command=replay_command(path)), err=True)


def replay_command(path: Path) -> str:
    """The command that replays saved answers, as it runs when typed: this very program (its full
    path, or ``python -m footspine``, so an inactive virtual environment is no obstacle) with the
    options that shaped the interview (--country, --rules, --all-questions)."""
    program = sys.argv[0] if sys.argv else ""
    if os.path.basename(program).startswith("footspine") and not program.endswith(".py"):
        command = [program]
    else:
        command = [sys.executable, "-m", "footspine"]
    args, kept = sys.argv[1:], []
    for index, arg in enumerate(args):
        name = arg.split("=", 1)[0]
        if name == "--all-questions":
            kept.append(arg)
        elif name in ("--country", "--rules"):
            kept.append(arg if "=" in arg else f"{arg}={args[index + 1] if index + 1 < len(args) else ''}")
    return shlex.join([*command, "check", "--answers", str(path), *kept])


def _ask_path(message: str, *, err: bool) -> Path | None:
    """A file name typed at a prompt, with ``~`` expanded; None for Enter, a word for no, Ctrl-C or
    Ctrl-D."""
    try:
        name = prompt(message, err=err).strip()
    except typer.Abort:
        return None
    if means(name, "no"):  # "no" to "Save?" is no, not a file called "no" full of health answers
        return None
    return Path(name).expanduser() if name else None


def offer_to_save(answered: ValidAnswers, rules: Rules, save: Path | None, *, force: bool, err: bool) -> None:
    """After Ctrl-C, Ctrl-D or 'quit': keep what was answered, if the user wants. A bad path asks
    again rather than losing the answers; a second Ctrl-C (or Enter) skips it."""
    if not answered or sys.stdin is None or not sys.stdin.isatty():
        return
    count = len(answered)
    if save is not None:
        try:
            with contextlib.redirect_stdout(sys.stderr) if err else contextlib.nullcontext():
                keep = typer.confirm(
                    "\n" + say_count("session.save_to", count, path=save), default=True, err=err
                )
            if keep:
                save_answers(save, answered, rules, force=force)
            return
        except typer.Abort:
            return
        except FootspineError as exc:
            typer.echo(f"error: {exc}", err=True)
    question = "\n" + say_count("session.save_where", count)
    while True:
        target = _ask_path(question, err=err)
        if target is None:
            return
        try:
            save_answers(target, answered, rules, force=force)
            return
        except FootspineError as exc:
            typer.echo(_at_a_prompt(exc), err=True)
            question = say_count("session.save_where", count)


def prompt(message: str, *, err: bool, suffix: str = ": ") -> str:
    """typer.prompt, with nothing on standard output when the prompts go to stderr: Click writes the
    prompt's last character to stdout (a readline workaround), which would break `--json`."""
    with contextlib.redirect_stdout(sys.stderr) if err else contextlib.nullcontext():
        return str(typer.prompt(message, default="", show_default=False, prompt_suffix=suffix, err=err))


def _line_editing() -> None:
    """Arrow keys, backspace over a word and recall of earlier answers at the prompts, as in any
    shell: Python's input() edits lines once the readline module is loaded (where the platform has
    it); without it an arrow key arrives as an answer of escape codes."""
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401


def _key_reader_loaded() -> None:
    """Load the code that reads one key before the opening screen asks for one. Click loads it on
    the first key read; a Ctrl-C that lands inside that import can fire in an import-lock callback,
    where Python prints it and drops it, so the person's Ctrl-C would be lost and the screen would
    wait on."""
    package = typer.getchar.__module__.rpartition(".")[0]  # click.termui, or typer's own copy of it
    with contextlib.suppress(ImportError):
        importlib.import_module(f"{package}._termui_impl")


def on_a_terminal(*streams: IO[str] | None) -> bool:
    return all(stream is not None and not stream.closed and stream.isatty() for stream in streams)


def ask_questions(
    rules: Rules,
    given: ValidAnswers,
    *,
    prompts_to_stderr: bool,
    full: bool,
    save: Path | None,
    force: bool,
    where: Place,
) -> Interview:
    """The terminal interview: the answers, and whether the person stopped it after a warning sign
    (then the result is shown at once, without the menu: a person who stops there must still see
    the warning, what to do and the number, and no error)."""
    from . import interview
    from .adaptive import next_question
    from .render_interview import emergency_view, help_view, intro_view, notice, question_view
    from .render_text import make_console, red_flag_alert

    stream = sys.stderr if prompts_to_stderr else sys.stdout
    ui = make_console(stream)
    if on_a_terminal(sys.stdin, stream):
        _line_editing()
        _key_reader_loaded()
        ui.print(intro_view(where))
        try:
            typer.getchar()
        except (KeyboardInterrupt, EOFError):
            if _warned(rules, given):  # stopping at the opening screen after a warning sign given
                return Interview(given, stopped_after_warning=True)
            raise Stopped(say("stop.before_first")) from None
    if given:
        ui.print(notice(say_count("intro.resume", len(given))))

    def stop(prompt: interview.Prompt, how: str) -> Exception:
        if _warned(rules, prompt.answered):
            return _StoppedAfterWarning(prompt.answered)
        if len(prompt.answered) > len(given):  # something new to keep
            offer_to_save(prompt.answered, rules, save, force=force, err=prompts_to_stderr)
        return Interrupted(say(f"stop.{how}", question=prompt.question.id, hint=say("stop.hint")))

    def stop_or(error: Exception, prompt: interview.Prompt) -> Exception:
        """Input that ends after a warning sign ends the interview; before one, it is an error."""
        return _StoppedAfterWarning(prompt.answered) if _warned(rules, prompt.answered) else error

    def offer_more(answers: ValidAnswers) -> bool:
        """After the emergency screen: go on only when the person types 'more' (Enter, anything
        else, Ctrl-C, Ctrl-D or the end of the input stop the questions)."""
        if sys.stdin is None or sys.stdin.closed:
            return False
        ui.print(notice(say("session.emergency_stop")))
        try:
            typed = prompt_line(">", err=prompts_to_stderr)
        except (typer.Abort, OSError, RuntimeError, ValueError):
            return False
        if not means(typed, "more"):
            return False
        ui.print(notice(say("session.emergency_more")))
        return True

    def ask(prompt: interview.Prompt) -> str:
        input_ended = InputEnded(say("stop.input_ended", question=prompt.question.id, hint=say("stop.hint")))
        if sys.stdin is None or sys.stdin.closed:
            raise stop_or(input_ended, prompt)
        ui.print(question_view(prompt))
        try:
            typed = prompt_line(">", err=prompts_to_stderr)
        except typer.Abort as exc:
            if isinstance(exc.__context__, KeyboardInterrupt):
                raise stop(prompt, "interrupted") from None
            if on_a_terminal(
                sys.stdin
            ):  # Ctrl-D at a terminal: a person stopping, not a script's input ending
                raise stop(prompt, "stopped") from None
            raise stop_or(input_ended, prompt) from None
        except (OSError, RuntimeError, ValueError):
            # Standard input vanished or broke mid-read ("lost sys.stdin", a closed file).
            raise stop_or(input_ended, prompt) from None
        if means(typed, "quit"):
            raise stop(prompt, "stopped")
        return typed

    def notify(event: interview.Event) -> None:
        if isinstance(event, interview.ShowHelp):
            ui.print(help_view(event.question, event.tells_apart, event.reason))
        elif isinstance(event, interview.Rejected):
            ui.print(notice(say("session.not_understood", message=event.message)))
        elif isinstance(event, interview.EmergencyFound):
            ui.print(emergency_view(event.raised, where.services))
        elif isinstance(event, interview.RedFlagRaised):
            ui.print(red_flag_alert(event.flag))
            ui.print(notice(say("session.act_now")))
        else:  # back past the first question asked here: earlier answers came from a file or flags
            ui.print(notice(say("session.nothing_back_given" if given else "session.nothing_back")))

    choose = interview.every_question if full else next_question
    try:
        answers = interview.run(rules, given, ask, notify, choose, start=len(given), offer_more=offer_more)
    except _StoppedAfterWarning as stopped:
        ui.print("")
        return Interview(stopped.answers, stopped_after_warning=True)
    ui.print("")
    return Interview(answers)


def prompt_line(message: str, *, err: bool) -> str:
    return prompt(message, err=err, suffix=" ")


def plain_text(result: CheckResult, view: str, width: int) -> str:
    """The result as plain text at ``width`` columns, each line without trailing spaces (for a pipe,
    a file or the pager)."""
    import io

    from .render_text import make_console

    class Buffer(io.StringIO):
        # The encoding of where the text goes: rich draws ASCII boxes where it cannot draw lines,
        # instead of lines the stream would turn into '?', footspine's mark for an open flag.
        encoding = getattr(sys.stdout, "encoding", None) or "utf-8"

    check_view = renderer("text", result)  # the formats table's text renderer of a CheckResult
    buffer = Buffer()
    console = make_console(buffer, no_color=True)
    console.width = width
    console.print(check_view(replace(result, view=view, more=False)))
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def show_result(result: CheckResult, *, details: bool, menu: bool) -> None:
    """The result on stdout. Not a terminal: everything, summary first. A terminal: the one-screen
    summary; with ``details``, everything in the pager first, then the summary, so the last screen is
    always the urgency and what to do. ``menu``: the summary without its closing line, which
    ``finish`` prints after the menu."""
    from .pager import page
    from .render_text import make_console

    check_view = renderer("text", result)
    console = make_console(sys.stdout)
    if not on_a_terminal(sys.stdout):
        if console.is_terminal:  # FORCE_COLOR: colour on, so rich writes (trailing spaces and all)
            console.print(check_view(replace(result, view="full", more=False)))
        else:
            sys.stdout.write(plain_text(result, "full", console.width))
        return
    if details and not page(plain_text(result, "full", console.width)):
        console.print(check_view(replace(result, view="full", more=False)))
        return
    view = "head" if menu else "summary"
    console.print(check_view(replace(result, view=view, more=not (details or menu))))


def finish(result: CheckResult, rules: Rules, answers: ValidAnswers, *, force: bool) -> None:
    """After an interview on a terminal: details, saving the answers and writing a report on offer,
    then the urgency and what to do as the last line."""
    from .pager import page
    from .render_result import check_view, closing_view
    from .render_text import make_console

    console = make_console(sys.stdout)
    while True:
        try:
            choice = prompt(say("menu.prompt"), err=False, suffix=" > ").strip().lower()
        except typer.Abort:
            choice = ""
        if not choice or means(choice, "quit"):  # "quit" ends here as at a question
            break
        if means(choice, "details"):
            if not page(plain_text(result, "full", console.width)):
                console.print(check_view(replace(result, view="full", more=False)))
        elif means(choice, "save"):
            _write_until_done(
                say("menu.save_where"), lambda path: save_answers(path, answers, rules, force=force)
            )
        elif means(choice, "report"):
            _write_until_done(say("menu.report_where"), lambda path: write_report(path, result, force=force))
        else:
            typer.echo(say("menu.again"))
    console.print(closing_view(result.report.triage.level, result.services))


def _write_until_done(question: str, write: Callable[[Path], None]) -> None:
    """Ask for a file name until the write works or the person gives up (Enter, Ctrl-C)."""
    while True:
        target = _ask_path(question, err=False)
        if target is None:
            return
        try:
            write(target)
            return
        except FootspineError as exc:
            typer.echo(_at_a_prompt(exc), err=True)


def _at_a_prompt(exc: FootspineError) -> str:
    """An error about a file name typed at a prompt, in the prompt's terms (no --force: the prompt
    asks again for another name)."""
    if isinstance(exc, AlreadyExists):
        return say("session.exists", path=exc.path)
    return f"error: {exc}"
