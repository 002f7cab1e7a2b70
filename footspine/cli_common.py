"""What the commands share: the common options, the one place errors become a line on stderr, and
rendering a result on stdout through the format table (outputs.py)."""

import contextlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer._click import Context
from typer._click.exceptions import BadParameter, ClickException, NoArgsIsHelpError, UsageError
from typer.core import TyperCommand, TyperGroup, TyperOption

from .errors import EXIT_INTERRUPTED, EXIT_USAGE, FootspineError, Stopped, exit_status
from .messages import say, say_count

if TYPE_CHECKING:
    from .report import Report
    from .rules import Rules

RulesOption = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        help="Rule file to use instead of the built-in one (also: $FOOTSPINE_RULES).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
FhirOption = Annotated[
    bool,
    typer.Option("--fhir", help="With --json: the result as a FHIR R4 RiskAssessment, for a clinic system."),
]


class UsageLine(ClickException):
    """A usage error as one line on stderr: what is wrong, and which --help to read."""

    exit_code = EXIT_USAGE

    def show(self, file: IO[Any] | None = None) -> None:
        typer.echo(f"error: {self.message}", err=True)


@contextmanager
def one_line_usage() -> Iterator[None]:
    """Click's usage errors (a bad option value, an unknown option or command) as one UsageLine."""
    try:
        yield
    except NoArgsIsHelpError:  # a bare `footspine` or `footspine rules`: that shows the help
        raise
    except UsageError as exc:
        names: list[str] = []
        ctx = exc.ctx
        while ctx is not None and ctx.parent is not None:  # the root's name is how it was started
            names.append(ctx.info_name or "")
            ctx = ctx.parent
        command = " ".join(["footspine", *reversed(names)])
        what = " ".join(exc.format_message().split()).rstrip(".")
        if what[1:2].islower():
            what = what[0].lower() + what[1:]
        raise UsageLine(f"{what}; see '{command} --help'") from None


class _NamesItsCommand:
    """Option errors name the command they belong to (Click's parser leaves that out), so the
    one-line usage error can point at that command's --help. The command list of --help shows each
    description whole (wrapped), where Click would cut it at about 45 characters with '...'."""

    def get_short_help_str(self, limit: int = 45) -> str:
        return super().get_short_help_str(limit=10_000)  # type: ignore[misc, no-any-return]

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc, no-any-return]
        except UsageError as exc:
            exc.ctx = exc.ctx or ctx
            raise


class FootspineCommand(_NamesItsCommand, TyperCommand):
    """A command whose usage errors are one line naming it, and which speaks the language chosen
    (every command takes --lang)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.append(
            TyperOption(
                param_decls=["--lang"],
                metavar="LANG",
                expose_value=False,
                is_eager=True,  # before any other option's text is made
                callback=_speak,
                help="Language of the questions and the result (en, es); also $FOOTSPINE_LANG, else the locale.",
            )
        )


def _speak(ctx: Context, param: Any, value: str | None) -> None:
    """Put the chosen language's catalogue in force for the rest of the command."""
    from .translation import chosen, speaking

    try:
        language = chosen(value, os.environ)
    except FootspineError as exc:
        if value is not None:
            raise BadParameter(str(exc).split(": ", 1)[-1], ctx, param) from None
        raise UsageError(str(exc), ctx) from None  # $FOOTSPINE_LANG, named as such
    ctx.with_resource(speaking(language))


class FootspineGroup(_NamesItsCommand, TyperGroup):
    """A command group; every usage error inside it, in any subcommand, ends as one line and exit 2."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: Context | None = None, **extra: Any
    ) -> Context:
        with one_line_usage():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Context) -> Any:
        with one_line_usage():
            return super().invoke(ctx)

    def _main_shell_completion(self, ctx_args: Any, prog_name: str, complete_var: str | None = None) -> None:
        from .cli_completion import install

        install()  # after Typer registered its own classes, before the completion runs
        super()._main_shell_completion(ctx_args, prog_name, complete_var)


def fail(message: str, code: int) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


TRIAGE_EXIT_CODES = {"self_care": 0, "soon": 10, "urgent": 11, "emergency": 12}
EXIT_OPEN_FLAGS = 13  # --triage-exit-code: self-care or soon, but warning signs were left open


def triage_status(report: "Report") -> int:
    """The exit status for --triage-exit-code: the level's, or 13 instead of a clean self-care or
    soon while a warning sign is open."""
    level_code = TRIAGE_EXIT_CODES[report.triage.level]
    if report.unanswered_red_flags and level_code in (0, 10):
        level_code = EXIT_OPEN_FLAGS  # never a clean "self-care" while a warning sign is open
    return level_code


@contextmanager
def reader_may_leave() -> Iterator[None]:
    """Writing the result to a reader that went away (`| head`, `| true`) stops quietly, and the
    status decided so far stands (the triage status under --triage-exit-code), where Click would
    exit 1."""
    try:
        yield
    except BrokenPipeError:
        with contextlib.suppress(OSError, ValueError):  # what is still buffered goes nowhere
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(exit_status(1)) from None


@contextmanager
def user_errors() -> Iterator[None]:
    """The one place where footspine errors become an 'error:' line and an exit code."""
    try:
        yield
    except Stopped as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(exc.exit_code) from None
    except FootspineError as exc:
        fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        fail(say("stop.interrupted_early", hint=say("stop.hint")), EXIT_INTERRUPTED)


def emit(result: object, *, json_output: bool, fhir: bool = False) -> None:
    """Render a command's result on stdout, by the format table in outputs.py (``fhir``: with
    ``json_output``, as a FHIR resource instead of footspine's own JSON)."""
    from .outputs import renderer

    if json_output and fhir:
        sys.stdout.write(renderer("fhir", result)(result))
    elif json_output:
        import json

        sys.stdout.write(json.dumps(renderer("json", result)(result), indent=2) + "\n")
    else:
        from .render_text import make_console

        console = make_console(sys.stdout)
        if console.is_terminal:
            console.print(renderer("text", result)(result))
            return
        # Piped or redirected: each line without the spaces rich pads it with, so `grep ' $'`,
        # diffs and scripts see only the text.
        with console.capture() as captured:
            console.print(renderer("text", result)(result))
        sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def load(rules: Path | None) -> "Rules":
    """The rules, in the language in force; a rule file whose texts the translation does not all
    cover (another or an edited rule file) says so on stderr, with how many are warning signs."""
    from .messages import language
    from .rules import load

    loaded = load(rules, language=language())
    if loaded.language != "en":
        from .translation import read, untranslated

        missing = untranslated(loaded.rules_source.text, read(loaded.language))
        if missing:
            safety = sum(place.startswith(SAFETY_TEXTS) for place in missing)
            typer.echo(say_count("language.untranslated", len(missing), safety=safety), err=True)
    return loaded


SAFETY_TEXTS = ("red_flags", "checklists", "combinations", "self_care")


def complete_answer(incomplete: str) -> list[str]:
    """Shell completion for --answer: question ids, then the values the question allows."""
    try:
        kb = load(None).kb
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


def complete_country(incomplete: str) -> list[str]:
    """Shell completion for --country: the codes whose numbers the rule file holds."""
    try:
        kb = load(None).kb
    except FootspineError:
        return []
    return [code for code in sorted(kb.services) if code.startswith(incomplete.upper())]
