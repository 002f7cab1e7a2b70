"""The `footspine export` commands: footspine's questionnaire for other systems (FHIR R4)."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from .cli_common import FootspineCommand, FootspineGroup, RulesOption, load, user_errors

export_app = typer.Typer(
    cls=FootspineGroup,
    help="Write footspine's questionnaire for other systems (a clinic's forms).",
    no_args_is_help=True,
)


@export_app.command("questionnaire", cls=FootspineCommand)
def export_questionnaire(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write it to FILE (mode 0600) instead of standard output.", dir_okay=False
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --output file.")] = False,
    rules: RulesOption = None,
) -> None:
    """The questions as a FHIR R4 Questionnaire (JSON), with skip logic and warning signs marked;
    a clinic's form engine renders it, and `check --answers` reads back its QuestionnaireResponse."""
    with user_errors():
        import json

        from .fhir import questionnaire

        text = json.dumps(questionnaire(load(rules).kb), indent=2, ensure_ascii=False) + "\n"
        if output is None:
            sys.stdout.write(text)
            return
        from .savefile import check_targets, write_private

        check_targets([output], force=force)
        write_private(output, text, force=force)
