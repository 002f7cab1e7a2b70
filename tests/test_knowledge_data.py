"""Integrity of the shipped rule file and of the docs that describe the CLI."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

import typer.main
from typer.testing import CliRunner

from footspine.cli import app
from footspine.rules import Rules

from .conftest import ROOT

REQUIRED_RED_FLAGS = {
    "rf_saddle_numbness",
    "rf_bladder_bowel",
    "rf_both_legs",
    "rf_worsening_weakness",
    "rf_cold_pale_foot",
    "rf_fever_hot_foot",
    "rf_diabetic_foot",
    "rf_four_steps",
    "rf_dvt",
    "rf_clot_breathless",
    "rf_hot_joint",
    "rf_diabetic_limb_threat",
    "rf_achilles_snap",
    "rf_compartment",
    "rf_open_deformed",
    "rf_ottawa",
    "rf_cancer_back_pain",
    "rf_back_fever",
    "rf_back_fall",
    "rf_rest_pain_ischaemia",
    "rf_pad_worse",
    "rf_child_fever_limp",
    "rf_child_bone_pain",
}
CANONICAL_SPINAL = {
    "lumbar_disc_herniation",
    "l4_radiculopathy",
    "l5_radiculopathy",
    "s1_radiculopathy",
    "lumbar_spinal_stenosis",
    "degenerative_disc_disease",
}


def test_red_flags_cover_the_required_warning_signs(kb: Rules) -> None:
    assert {f.id for f in kb.red_flags} >= REQUIRED_RED_FLAGS
    assert all(f.level in ("emergency", "urgent") and f.source.strip() for f in kb.red_flags)
    assert {c.id for c in kb.combinations} >= {
        "cmb_cancer_nerve_symptoms",
        "cmb_diabetic_wound_fever",
        "cmb_diabetic_wound_ischaemia",
        "cmb_hot_joint_infection_risk",
    }


def test_spinal_and_local_causes_are_present(kb: Rules) -> None:
    ids = {c.id for c in kb.conditions}
    assert ids >= CANONICAL_SPINAL | {"plantar_fasciitis", "ankle_sprain"}
    assert {c.origin for c in kb.conditions} == {"spinal", "local", "systemic_vascular"}


def test_every_weight_names_its_source_and_consensus_says_so(kb: Rules) -> None:
    for condition in kb.conditions:
        assert condition.prior_source.strip()
        for finding in condition.findings:
            assert len(finding.source) > 10, (condition.id, finding.label)
            if finding.lr is None:
                assert re.search(r"consensus|teaching", finding.source, re.I), (condition.id, finding.label)


def test_every_condition_can_be_reached_and_has_advice(kb: Rules) -> None:
    for condition in kb.conditions:
        assert any(f.points > 0 for f in condition.findings), condition.id
        assert condition.treatment and condition.seek_care


def test_every_question_is_used_by_some_finding_or_skip_rule(kb: Rules) -> None:
    text = (ROOT / "data" / "conditions.json").read_text()
    for question in kb.questions:
        assert text.count(f'"{question.id}"') >= 2, f"{question.id} is asked but never used"


# A command's options are listed in its row of the README's command table, except where a command
# has a table of its own.
OWN_OPTION_TABLE = {"footspine check": "| option | meaning |"}


def every_command(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """The app's click command and every command under it, the sub-commands of groups (`rules`) too."""
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from every_command(sub, (*path, name))


def listed_options(help_text: str) -> list[str]:
    """The options in the first column of the Options section of a --help text."""
    section = help_text.split("\nOptions:\n", 1)[1].split("\n\n", 1)[0]
    columns = [m.group(1) for m in re.finditer(r"^  (-\S.*?)(?:\s{2,}|$)", section, re.M)]
    return [option for column in columns for option in re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", column)]


def table_rows(readme: str, header: str) -> list[str]:
    lines = readme.splitlines()
    return list(itertools.takewhile(lambda line: line.startswith("|"), lines[lines.index(header) + 2 :]))


def names(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def test_readme_documents_every_command_and_option() -> None:
    readme = (ROOT / "README.md").read_text()
    command_table = table_rows(readme, "| command | does |")
    runner = CliRunner()
    walked = []
    for path, command in every_command(typer.main.get_command(app)):
        if command.hidden:
            continue
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, result.output
        options = listed_options(result.stdout)
        declared = {
            o for p in command.params if p.param_type_name == "option" for o in (*p.opts, *p.secondary_opts)
        }
        assert set(options) == declared | {"--help"}, (path, options)  # the parsing missed nothing
        name = " ".join(("footspine", *path))
        if name in OWN_OPTION_TABLE:
            assert f"`{name}" in readme, f"`{name}` is missing from README.md"
            documented = table_rows(readme, OWN_OPTION_TABLE[name])
        else:
            # The top-level options have rows of their own (`footspine --version`).
            start = f"| `{name} " if path else "| `footspine --"
            documented = [row for row in command_table if row.startswith((start, start.rstrip() + "`"))]
            assert documented, f"`{name}` has no row in README.md's command table"
        for option in options:
            if option != "--help":
                assert names("\n".join(documented), option), (
                    f"{option} of `{name}` is not documented with it in README.md"
                )
        walked.append(path)
    assert any(len(path) == 2 for path in walked), walked  # the walk reached the sub-commands of `rules`


def test_readme_starts_with_the_two_setup_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.S)
    assert "pip install -c constraints.txt -e" in blocks[0] and "footspine check" in blocks[0]
    assert blocks[1].strip() == ".venv/bin/python -m pytest"
