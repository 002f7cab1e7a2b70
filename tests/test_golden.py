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


SUMMARY = ROOT / "tests" / "golden" / "summary_cauda_equina.txt"


def test_the_one_screen_summary_matches_its_golden_file_and_fits_80x24() -> None:
    """The summary of an emergency as a terminal shows it: urgency, what to do, why, the leading causes,
    how to see more, and the closing line, in at most 24 lines of 80 columns."""
    import io

    import footspine
    from footspine.render_result import check_view
    from footspine.render_text import make_console
    from footspine.results import CheckResult

    rules = footspine.load()
    answers = {"rf_saddle_numbness": "yes", "back_pain": "yes", "leg_pain": "below_knee", "age": 48}
    result = CheckResult(rules.score(answers), rules.kb, rules.kb.services["GB"], view="summary")
    buffer = io.StringIO()
    console = make_console(buffer, no_color=True)
    console.width = 80
    console.print(check_view(result))
    text = "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
    if os.environ.get("FOOTSPINE_UPDATE_GOLDEN"):
        SUMMARY.write_text(text)
    assert text == SUMMARY.read_text()
    lines = text.splitlines()
    assert len(lines) <= 24 and max(map(len, lines)) <= 80
    assert lines[-1] == "[!!!] EMERGENCY: Call 999 or go to an emergency department now."
