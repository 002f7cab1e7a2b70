"""Integrity of the shipped rule file and of the docs that describe the CLI."""

from __future__ import annotations

import re

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
    "rf_cannot_bear_weight",
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


def test_readme_documents_every_command_and_option() -> None:
    readme = (ROOT / "README.md").read_text()
    runner = CliRunner()
    for command in (["check"], ["questions"], ["conditions"], ["rules", "validate"], []):
        help_text = runner.invoke(app, [*command, "--help"]).stdout
        if command:
            assert f"footspine {' '.join(command)}" in readme
        for option in re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", help_text):
            if option != "--help":
                assert option in readme, f"{option} of {command} is missing from README.md"


def test_readme_starts_with_the_two_setup_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.S)
    assert "pip install -c constraints.txt -e" in blocks[0] and "footspine check" in blocks[0]
    assert blocks[1].strip() == ".venv/bin/python -m pytest"
