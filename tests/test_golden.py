"""One golden file of the human report at 80 columns; regenerate with FOOTSPINE_UPDATE_GOLDEN=1."""

from __future__ import annotations

import os

from typer.testing import CliRunner

from footspine.cli import app

from .conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "sciatica_l5.txt"
ARGS = [
    "check", "--no-input", "-a", "rf_saddle_numbness=no", "-a", "rf_bladder_bowel=no",
    "-a", "rf_both_legs=no", "-a", "rf_worsening_weakness=no", "-a", "rf_cold_pale_foot=unsure",
    "-a", "leg_pain=below_knee", "-a", "leg_worse_than_back=yes", "-a", "numbness=top_big_toe",
    "-a", "weakness=lift_foot", "-a", "back_pain=yes", "-a", "age=48", "-a", "sides=one_foot",
]  # fmt: skip


def test_human_report_matches_the_golden_file() -> None:
    result = CliRunner().invoke(app, ARGS, env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    text = "\n".join(line.rstrip() for line in result.stdout.splitlines()) + "\n"
    if os.environ.get("FOOTSPINE_UPDATE_GOLDEN"):
        GOLDEN.write_text(text)
    assert text == GOLDEN.read_text()
