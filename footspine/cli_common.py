"""What the commands share: the common options, the one place errors become a line on stderr, and
rendering a result on stdout through the format table (outputs.py)."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from .errors import EXIT_INTERRUPTED, FLAGS_HINT, FootspineError

if TYPE_CHECKING:
    from .rules import Rules

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


def fail(message: str, code: int) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """The one place where footspine errors become an 'error:' line and an exit code."""
    try:
        yield
    except FootspineError as exc:
        fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        fail(f"interrupted; nothing was saved. To skip the questions, {FLAGS_HINT}", EXIT_INTERRUPTED)


def emit(result: object, *, json_output: bool) -> None:
    """Render a command's result on stdout, by the format table in outputs.py."""
    from .outputs import renderer

    if json_output:
        import json

        sys.stdout.write(json.dumps(renderer("json", result)(result), indent=2) + "\n")
    else:
        from .render_text import make_console

        make_console(sys.stdout).print(renderer("text", result)(result))


def load(rules: Path | None) -> "Rules":
    from .rules import load

    return load(rules)
