"""The Typer app: parse input, call the core, hand the result to a renderer; errors become one line on stderr.

Annotations here are evaluated when the module loads (no ``from __future__ import annotations``):
Typer reads every command's signature on each run, and string annotations would make it compile
and evaluate each one again, which cost a few milliseconds of every command's start-up.
Everything beyond Typer is imported inside the command that needs it.
"""

import os
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, NoReturn

import typer

from . import __version__
from .errors import EXIT_INTERRUPTED, FLAGS_HINT, FootspineError

if TYPE_CHECKING:
    from .rules import Rules

TRIAGE_EXIT_CODES = {"self_care": 0, "soon": 10, "urgent": 11, "emergency": 12}

app = typer.Typer(
    name="footspine",
    help=(
        "Foot-pain triage: asks about your symptoms and suggests possible spinal and local causes, "
        "with why, self-care notes and how urgently to get care. Not a diagnosis."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
rules_app = typer.Typer(
    help="Check rule files (data/conditions.json and custom --rules files).", no_args_is_help=True
)
app.add_typer(rules_app, name="rules")

RulesOption = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        help="Rule file to use instead of the built-in one (also: $FOOTSPINE_RULES).",
        dir_okay=False,
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def _user_errors() -> Iterator[None]:
    """The one place where footspine errors become an 'error:' line and an exit code."""
    try:
        yield
    except FootspineError as exc:
        _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        _fail(f"interrupted; nothing was saved. To skip the questions, {FLAGS_HINT}", EXIT_INTERRUPTED)


def _emit(result: object, *, json_output: bool) -> None:
    """Render a command's result on stdout, by the format table in outputs.py."""
    from .outputs import renderer

    if json_output:
        import json

        sys.stdout.write(json.dumps(renderer("json", result)(result), indent=2) + "\n")
    else:
        from .render_text import make_console

        make_console(sys.stdout).print(renderer("text", result)(result))


def _load(rules: Path | None) -> "Rules":
    from .rules import load

    return load(rules)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"footspine {__version__}")
        raise typer.Exit()


def _complete_answer(incomplete: str) -> list[str]:
    """Shell completion for --answer: question ids, then the values the question allows."""
    try:
        kb = _load(None).kb
    except FootspineError:
        return []
    question_id, sep, partial = incomplete.partition("=")
    if not sep:
        return [f"{q.id}=" for q in kb.all_questions if q.id.startswith(incomplete)]
    question = kb.question_by_id.get(question_id)
    if question is None:
        return []
    values = [*question.choice_ids, "unsure"] if question.kind != "number" else ["unsure"]
    return [f"{question_id}={value}" for value in values if value.startswith(partial)]


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


@app.command()
def check(
    answer: Annotated[
        list[str] | None,
        typer.Option(
            "--answer",
            "-a",
            help="Answer a question as ID=VALUE (repeatable), e.g. -a age=52 -a pain_area=heel_underside,arch.",
            show_default=False,
            autocompletion=_complete_answer,
        ),
    ] = None,
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers",
            help="JSON file of answers {id: value}; '-' reads standard input. --answer flags override it.",
            show_default=False,
        ),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never prompt; unanswered questions count as unknown.")
    ] = False,
    json_output: JsonOption = False,
    rules: RulesOption = None,
    triage_exit_code: Annotated[
        bool,
        typer.Option(
            "--triage-exit-code",
            help="Exit with the triage level: 0 self-care, 10 soon, 11 urgent, 12 emergency.",
        ),
    ] = False,
    all_questions: Annotated[
        bool,
        typer.Option(
            "--all-questions",
            help="Ask the full fixed questionnaire instead of only the questions that help (warning signs are always asked).",
        ),
    ] = False,
    save: Annotated[
        Path | None,
        typer.Option(
            "--save",
            help="Save the answers to this file (JSON, readable only by you) to replay or resume with --answers.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    report_file: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help="Also write a summary to take to an appointment: FILE.md (Markdown) or FILE.html (printable page).",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Let --save and --report replace existing files.")
    ] = False,
) -> None:
    """Ask about your foot pain (or read the answers) and show the possible causes and what to do."""
    with _user_errors():
        # Imports stay inside the branches that need them: a scripted `check --json` is started
        # thousands of times, and the terminal session, file writing and rich all cost start-up time.
        from .results import CheckResult

        outputs = [target for target in (save, report_file) if target is not None]
        if outputs:
            from .outputs import report_format
            from .savefile import check_targets

            check_targets(outputs, force=force)  # before the first question, not after the last
            if report_file is not None:
                report_format(report_file)
        ruleset = _load(rules)
        given = ruleset.merge(
            ruleset.answers_from_flags(answer or []),
            ruleset.answers_file(answers, sys.stdin) if answers else {},
        )
        interactive = not no_input and answers != "-"
        if interactive:
            from .answers import pending

            if pending(ruleset.kb, given):
                from .session import ask_questions

                given = ask_questions(
                    ruleset, given, prompts_to_stderr=json_output, full=all_questions, save=save, force=force
                )
        result = CheckResult(ruleset.score(given), ruleset.kb)
        _emit(result, json_output=json_output)  # the result first: a failed write must not hide it
        failed = False
        if outputs:
            from .session import save_answers, write_report

            try:
                if save is not None:
                    save_answers(save, given, ruleset, force=force)
                if report_file is not None:
                    write_report(report_file, result, force=force)
            except FootspineError as exc:
                typer.echo(f"error: {exc}", err=True)
                failed = True
    if triage_exit_code:
        raise typer.Exit(TRIAGE_EXIT_CODES[result.report.triage.level])
    if failed:
        raise typer.Exit(2)


@app.command()
def questions(json_output: JsonOption = False, rules: RulesOption = None) -> None:
    """List the questions, their ids and allowed answers (red-flag questions marked)."""
    with _user_errors():
        from .results import QuestionsResult

        _emit(QuestionsResult(_load(rules).kb), json_output=json_output)


@app.command()
def conditions(json_output: JsonOption = False, rules: RulesOption = None) -> None:
    """List the conditions footspine can suggest (weights and sources with --json)."""
    with _user_errors():
        from .results import ConditionsResult

        _emit(ConditionsResult(_load(rules).kb), json_output=json_output)


@app.command()
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
    with _user_errors():
        from . import batch as batch_module

        ruleset = _load(rules)  # a broken rule file fails here, once, before any output
        batch_module.freeze(ruleset)
        lines: IO[bytes]
        if input_file == "-":
            if sys.stdin is None or sys.stdin.closed:
                raise FootspineError("stdin is closed; pipe the answers in, or name a file")
            lines = sys.stdin.buffer
        else:
            try:
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
                from .render_text import batch_progress

                size = None if live else os.fstat(lines.fileno()).st_size
                progress = stack.enter_context(batch_progress(sys.stderr, size))
            batch_module.stream(
                lines, sys.stdout.buffer, ruleset, jobs=jobs, full=full, live=live, progress=progress
            )


@app.command("map")
def foot_map(
    roots: Annotated[
        bool, typer.Option("--roots", help="Also show which nerve root supplies each area.")
    ] = False,
    rules: RulesOption = None,
) -> None:
    """Show the foot map: the numbered areas you can pick when asked where it hurts."""
    with _user_errors():
        from . import footmap

        kb = _load(rules).kb
        question = kb.question_by_id.get(footmap.QUESTION_ID)
        if question is None:
            raise FootspineError(f"this rule file has no {footmap.QUESTION_ID!r} question to map")
        picture = footmap.drawing(question)
        if picture is not None:
            typer.echo(picture)
        typer.echo("\n".join(footmap.legend(question, roots=roots)))
        if roots:
            typer.echo(
                "\nNerve-root areas after Harrison's Principles of Internal Medicine; they overlap between people."
            )


@app.command("eval")
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
    with _user_errors():
        from .cases import load_cases
        from .evaluation import evaluate
        from .results import EvalResult

        ruleset = _load(rules)
        loaded = load_cases(cases, ruleset)
        full, adaptive = evaluate(loaded, ruleset, adaptive=False), evaluate(loaded, ruleset, adaptive=True)
        _emit(EvalResult(full, adaptive, len(ruleset.kb.red_flags)), json_output=json_output)
    if fail_on_unsafe and (full.unsafe or adaptive.unsafe):
        raise typer.Exit(1)


@rules_app.command("validate")
def rules_validate(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="Rule file to check; default: the one footspine uses.", dir_okay=False, show_default=False
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when there are warnings.")] = False,
    json_output: JsonOption = False,
) -> None:
    """Check a rule file: errors (exit 2) and warnings (exit 1 with --strict), each with its JSON path."""
    with _user_errors():
        from .knowledge import check_rules, find_rules
        from .results import ValidateResult
        from .rules import Rules

        source = find_rules(file)
        kb, errors = check_rules(source)
        warnings: list[str] = []
        if kb is not None:
            from .lint import lint

            warnings = [str(w) for w in lint(Rules(kb, source))]
        result = ValidateResult(source.label, kb, tuple(errors), tuple(warnings))
        if json_output:
            _emit(result, json_output=True)
        else:
            for message in errors:
                typer.echo(f"error: {source.label}: {message}", err=True)
            for message in warnings:
                typer.echo(f"warning: {source.label}: {message}", err=True)
            if kb is not None:
                typer.echo(
                    f"ok: {source.label} is valid (rules {kb.rules_version}: {len(kb.red_flags)} red flags, "
                    f"{len(kb.questions)} questions, {len(kb.conditions)} conditions; {len(warnings)} warnings)"
                )
    if errors:
        raise typer.Exit(2)
    if strict and warnings:
        raise typer.Exit(1)


@rules_app.command("schema")
def rules_schema() -> None:
    """Print the JSON Schema of the rule file (generated from footspine's own models), for editors and CI."""
    import json

    from .model import rules_schema

    sys.stdout.write(json.dumps(rules_schema(), indent=2) + "\n")


@rules_app.command("explain")
def rules_explain(
    condition: Annotated[
        str, typer.Argument(help="Condition id, e.g. plantar_fasciitis (see footspine conditions).")
    ],
    json_output: JsonOption = False,
    rules: RulesOption = None,
) -> None:
    """Show how one condition is scored: its prior, each finding with its weight and source, its advice."""
    with _user_errors():
        from .errors import did_you_mean
        from .results import ExplainResult

        kb = _load(rules).kb
        found = kb.condition_by_id.get(condition)
        if found is None:
            hint = did_you_mean(condition, kb.condition_by_id)
            raise FootspineError(
                f"unknown condition {condition!r}{hint}; run 'footspine conditions' to list them"
            )
        _emit(ExplainResult(found, kb), json_output=json_output)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except BrokenPipeError:
        # The reader went away (e.g. `footspine questions | head -1`): stop quietly.
        sys.stderr.close()
        sys.exit(1)
