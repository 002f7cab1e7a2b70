"""The `footspine rules` commands, for rule authors: validate, schema, explain."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from .cli_common import FootspineCommand, FootspineGroup, JsonOption, RulesOption, emit, load, user_errors
from .errors import FootspineError
from .messages import say, say_count

rules_app = typer.Typer(
    cls=FootspineGroup,
    help="Check rule files (data/conditions.json and custom --rules files).",
    no_args_is_help=True,
)


@rules_app.command("validate", cls=FootspineCommand)
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
    with user_errors():
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
            emit(result, json_output=True)
        else:
            for message in errors:
                typer.echo(f"error: {source.label}: {message}", err=True)
            for message in warnings:
                typer.echo(f"warning: {source.label}: {message}", err=True)
            if kb is not None:
                typer.echo(
                    say(
                        "validate.ok",
                        file=source.label,
                        version=kb.rules_version,
                        red_flags=len(kb.red_flags),
                        questions=len(kb.questions),
                        conditions=len(kb.conditions),
                        warnings=say_count("validate.warnings", len(warnings)),
                    )
                )
    if errors:
        raise typer.Exit(2)
    if strict and warnings:
        raise typer.Exit(1)


@rules_app.command("schema", cls=FootspineCommand)
def rules_schema() -> None:
    """Print the JSON Schema of the rule file (generated from footspine's own models), for editors and CI."""
    import json

    from .model import rules_schema

    sys.stdout.write(json.dumps(rules_schema(), indent=2) + "\n")


@rules_app.command("explain", cls=FootspineCommand)
def rules_explain(
    condition: Annotated[
        str, typer.Argument(help="Condition id, e.g. plantar_fasciitis (see footspine conditions).")
    ],
    json_output: JsonOption = False,
    rules: RulesOption = None,
) -> None:
    """Show how one condition is scored: its prior, each finding with its weight and source, its advice."""
    with user_errors():
        from .errors import did_you_mean
        from .results import ExplainResult

        kb = load(rules).kb
        found = kb.condition_by_id.get(condition)
        if found is None:
            hint = did_you_mean(condition, kb.condition_by_id)
            raise FootspineError(
                f"unknown condition {condition!r}{hint}; run 'footspine conditions' to list them"
            )
        emit(ExplainResult(found, kb), json_output=json_output)
