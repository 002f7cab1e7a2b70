"""The Typer app: parse input, call the core, hand the result to a renderer; errors become one line on stderr.

Annotations here are evaluated when the module loads (no ``from __future__ import annotations``):
Typer reads every command's signature on each run, and string annotations would make it compile
and evaluate each one again, which cost a few milliseconds of every command's start-up.
Everything beyond Typer is imported inside the command that needs it.
"""

import os
import stat
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Annotated

import typer

from . import __version__
from .cli_common import (
    FhirOption,
    FootspineCommand,
    FootspineGroup,
    JsonOption,
    RulesOption,
    complete_answer,
    complete_country,
    emit,
    load,
    reader_may_leave,
    triage_status,
    user_errors,
)
from .cli_export import export_app
from .cli_rules import rules_app
from .errors import (
    FootspineError,
    Interrupted,
    SomeLinesFailed,
    decided,
    exit_status,
    is_output_failure,
    stop_for_output,
)
from .messages import say, say_count

CHECK_HELP = """Ask about your foot pain (or read the answers) and show the possible causes and what to do.

At a question, type a choice's number or id (several with commas, or a range like 1-3), 'unsure'
if you don't know, '?' for why it is asked, 'back' to go back, or 'quit' to stop. Ctrl-C or Ctrl-D
stops too and offers to save the answers, to resume with --answers FILE.
"""

app = typer.Typer(
    name="footspine",
    help=(
        "Foot-pain triage: asks about your symptoms and suggests possible spinal and local causes, "
        "with why, self-care notes and how urgently to get care. Not a diagnosis."
    ),
    cls=FootspineGroup,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(rules_app, name="rules")
app.add_typer(export_app, name="export")


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"footspine {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", callback=_version_callback, is_eager=True
        ),
    ] = False,
) -> None:
    """Foot-pain triage that tells spinal causes from local ones. Not a diagnosis."""


@app.command(cls=FootspineCommand, help=CHECK_HELP)
def check(
    answer: Annotated[
        list[str] | None,
        typer.Option(
            "--answer",
            "-a",
            help="Answer a question as ID=VALUE (repeatable), e.g. -a age=52 -a pain_area=heel_underside,arch.",
            show_default=False,
            autocompletion=complete_answer,
        ),
    ] = None,
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers",
            metavar="FILE",
            help="JSON file of answers {id: value}; '-' reads standard input. --answer flags override it.",
            show_default=False,
        ),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never prompt; unanswered questions count as unknown.")
    ] = False,
    json_output: JsonOption = False,
    fhir: FhirOption = False,
    rules: RulesOption = None,
    triage_exit_code: Annotated[
        bool,
        typer.Option(
            "--triage-exit-code",
            help=(
                "Exit with the triage level: 0 self-care, 10 soon, 11 urgent, 12 emergency; 13 instead of "
                "0 or 10 when warning-sign questions were left open."
            ),
        ),
    ] = False,
    all_questions: Annotated[
        bool,
        typer.Option(
            "--all-questions",
            help="Ask the full fixed questionnaire instead of only the questions that help (every warning sign that applies is asked).",
        ),
    ] = False,
    save: Annotated[
        Path | None,
        typer.Option(
            "--save",
            help="Save the answers to this file (JSON, readable only by you) to replay or resume with --answers.",
            show_default=False,
        ),
    ] = None,
    report_file: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help="Also write a summary to take to an appointment: FILE.md (Markdown) or FILE.html (printable page).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Let --save and --report replace existing files.")
    ] = False,
    details: Annotated[
        bool,
        typer.Option(
            "--details",
            help="Show the details (evidence, self-care notes, sources, every cause) on a terminal too, in $PAGER.",
        ),
    ] = False,
    country: Annotated[
        str | None,
        typer.Option(
            "--country",
            metavar="CODE",
            autocompletion=complete_country,
            help="Your country (GB, US, AU, DE, ...) for its emergency number; also $FOOTSPINE_COUNTRY, else the locale.",
            show_default=False,
        ),
    ] = None,
) -> None:
    with user_errors():
        # Imports stay inside the branches that need them: a scripted `check --json` is started
        # thousands of times, and the terminal session, file writing and rich all cost start-up time.
        from .results import CheckResult

        if fhir and not json_output:
            raise FootspineError("--fhir prints the result as FHIR JSON: use it with --json")
        outputs = [target for target in (save, report_file) if target is not None]
        # `--answers F --save F` updates F: the one file footspine may replace without --force.
        updating = (
            save is not None and answers not in (None, "-") and Path(answers).resolve() == save.resolve()
        )
        if outputs:
            from .outputs import report_format
            from .savefile import check_targets

            check_targets(
                outputs, force=force, replaceable={save} if save is not None and updating else set()
            )
            if report_file is not None:
                report_format(report_file)
        ruleset = load(rules)
        from .places import place

        where = place(ruleset.kb, country, os.environ)
        given = ruleset.merge(
            ruleset.answers_from_flags(answer or []),
            ruleset.answers_file(answers, sys.stdin) if answers else {},
        )
        interactive = not no_input and answers != "-"
        asked = stopped = False
        if interactive:
            from .answers import pending

            if pending(ruleset.kb, given):
                from .session import ask_questions

                asked = True
                interview = ask_questions(
                    ruleset,
                    given,
                    prompts_to_stderr=json_output,
                    full=all_questions,
                    save=save,
                    force=force or updating,
                    where=where,
                )
                given, stopped = interview.answers, interview.stopped_after_warning
        result = CheckResult(ruleset.score(given), ruleset.kb, where.services)
        if triage_exit_code:
            decided(triage_status(result.report))  # kept even if writing the result fails
        menu = False
        with reader_may_leave():
            if json_output:
                emit(result, json_output=True, fhir=fhir)  # first: a failed write must not hide it
            else:
                from .session import on_a_terminal, show_result

                menu = asked and not stopped and on_a_terminal(sys.stdin, sys.stdout)
                show_result(result, details=details, menu=menu)
        failed = False
        if outputs:
            from .session import save_answers, write_report

            try:
                if save is not None:
                    save_answers(save, given, ruleset, force=force or updating)
                if report_file is not None:
                    write_report(report_file, result, force=force)
            except FootspineError as exc:
                typer.echo(f"error: {exc}", err=True)
                failed = True
        if menu:
            from .session import finish

            finish(result, ruleset, given, force=force)
    if triage_exit_code:
        raise typer.Exit(triage_status(result.report))
    if failed:
        raise typer.Exit(2)


@app.command(cls=FootspineCommand)
def questions(json_output: JsonOption = False, rules: RulesOption = None) -> None:
    """List the questions, their ids and allowed answers (red-flag questions marked)."""
    with user_errors():
        from .results import QuestionsResult

        emit(QuestionsResult(load(rules).kb), json_output=json_output)


@app.command(cls=FootspineCommand)
def conditions(json_output: JsonOption = False, rules: RulesOption = None) -> None:
    """List the conditions footspine can suggest (weights and sources with --json)."""
    with user_errors():
        from .results import ConditionsResult

        emit(ConditionsResult(load(rules).kb), json_output=json_output)


@app.command(cls=FootspineCommand)
def batch(
    input_file: Annotated[
        str,
        typer.Argument(metavar="IN.jsonl", help="One answers object per line ('-' reads standard input)."),
    ],
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, max=64, help="Worker processes.")] = 1,
    full: Annotated[
        bool, typer.Option("--full", help="Write the full result document per line, not the compact record.")
    ] = False,
    rules: RulesOption = None,
) -> None:
    """Score many answer sets: one JSON result per line, in order; a bad line gets an error record."""
    with user_errors():
        from . import batch as batch_module

        ruleset = load(rules)  # a broken rule file fails here, once, before any output
        batch_module.freeze(ruleset)
        lines: IO[bytes]
        if input_file == "-":
            if sys.stdin is None or sys.stdin.closed:
                raise FootspineError("stdin is closed; pipe the answers in, or name a file")
            lines = sys.stdin.buffer
        else:
            try:
                mode = os.stat(input_file).st_mode
                if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):  # a pipe streams; /dev/zero never ends
                    raise FootspineError(f"{input_file}: is not a file or a pipe; name a JSON Lines file")
                lines = open(input_file, "rb")  # noqa: SIM115 - closed below, streamed meanwhile
            except OSError as exc:
                raise FootspineError(f"{input_file}: cannot read: {exc.strerror}") from None
        live = input_file == "-"  # a pipeline: pass each result on as soon as it exists
        sys.stdout.flush()
        with ExitStack() as stack:
            if not live:
                stack.enter_context(lines)  # closed however the run ends
            progress = None
            if sys.stderr is not None and sys.stderr.isatty():
                from .render_interview import batch_progress

                size = None if live else os.fstat(lines.fileno()).st_size
                progress = stack.enter_context(batch_progress(sys.stderr, size))
            try:
                with batch_module.guarded():
                    count, failed = batch_module.stream(
                        lines, sys.stdout.buffer, ruleset, jobs=jobs, full=full, live=live, progress=progress
                    )
            except KeyboardInterrupt:
                raise Interrupted(
                    "interrupted; the output holds the results of the lines before it"
                ) from None
        if failed:  # the records say why, line by line; the status tells a script that some failed
            raise SomeLinesFailed(say_count("batch.failed", failed, total=count))


@app.command("map", cls=FootspineCommand)
def foot_map(
    roots: Annotated[
        bool, typer.Option("--roots", help="Also show which nerve root supplies each area.")
    ] = False,
    rules: RulesOption = None,
) -> None:
    """Show the foot map: the numbered areas you can pick when asked where it hurts."""
    with user_errors():
        from . import footmap

        kb = load(rules).kb
        question = kb.question_by_id.get(footmap.QUESTION_ID)
        if question is None:
            raise FootspineError(f"this rule file has no {footmap.QUESTION_ID!r} question to map")
        picture = footmap.drawing(question)
        if picture is not None:
            typer.echo(picture)
        typer.echo("\n".join(footmap.legend(question, roots=roots)))
        if roots:
            typer.echo("\n" + say("map.roots_source"))


@app.command("eval", cls=FootspineCommand)
def eval_cases(
    cases: Annotated[
        list[Path],
        typer.Argument(
            help="Case files, or folders of *.json case files (e.g. tests/cases).", show_default=False
        ),
    ],
    json_output: JsonOption = False,
    rules: RulesOption = None,
    fail_on_unsafe: Annotated[
        bool,
        typer.Option("--fail-on-unsafe", help="Exit 1 if any emergency or urgent case is under-triaged."),
    ] = False,
) -> None:
    """Score case files through the full and the adaptive interview: accuracy, triage, questions asked, misses."""
    with user_errors():
        from .cases import load_cases
        from .evaluation import evaluate
        from .results import EvalResult

        ruleset = load(rules)
        loaded = load_cases(cases, ruleset)
        full, adaptive = evaluate(loaded, ruleset, adaptive=False), evaluate(loaded, ruleset, adaptive=True)
        emit(EvalResult(full, adaptive, len(ruleset.kb.red_flags)), json_output=json_output)
    if fail_on_unsafe and (full.unsafe or adaptive.unsafe):
        raise typer.Exit(1)


def main() -> None:
    """Console-script entry point."""
    if any(arg in ("--show-completion", "--install-completion") for arg in sys.argv[1:]):
        from .cli_completion import install

        install()  # footspine's bash script, which completes -a id=value
    try:
        try:
            app()
        finally:
            if sys.stdout is not None:
                sys.stdout.flush()  # a write that fails shows here, not as a traceback at exit
    except BrokenPipeError:
        # The reader went away (e.g. `footspine questions | head -1`): stop quietly, with the
        # triage status if a result was decided (--triage-exit-code).
        sys.stderr.close()
        sys.exit(exit_status(1))
    except OSError as exc:
        if not is_output_failure(exc):
            raise
        stop_for_output(exc)  # e.g. a full disk: one line on stderr, exit 1
