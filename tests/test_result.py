"""The human result of `check`: the summary first, no self-care under emergency or urgent results,
emergency numbers by country, the exit status for open warning signs, and the scripting details."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from footspine.cli import app
from footspine.cli_common import EXIT_OPEN_FLAGS
from footspine.errors import FootspineError
from footspine.places import country_code, from_locale, place
from footspine.rules import Rules

from .test_cli import HEEL, NO_FLAGS

runner = CliRunner()
DISC = ["-a", "back_pain=yes", "-a", "leg_pain=below_knee", "-a", "leg_worse_than_back=yes"]


def test_an_emergency_shows_no_self_care_and_no_lower_level_after_it() -> None:
    args = ["check", "--no-input", *DISC, "-a", "rf_saddle_numbness=yes", "-a", "rf_worsening_weakness=yes"]
    out = runner.invoke(app, [*args, "--country", "GB"]).stdout
    for self_care in ("Stay as active", "ibuprofen", "What usually helps", "Best avoided", "Start with:"):
        assert self_care not in out
    assert "[!!] URGENT" not in out  # the urgent warning sign is named, never labelled below the emergency
    assert "WARNING SIGN: New or worsening weakness" in out
    assert "Self-care notes are left out" in out
    assert out.rstrip().splitlines()[-1] == "[!!!] EMERGENCY: Call 999 or go to an emergency department now."
    summary = out.split("Details")[0]
    assert summary.index("EMERGENCY") < summary.index("Numbness in the saddle area") < summary.index("Spinal")


def test_self_care_keeps_its_notes_and_starts_with_one() -> None:
    out = runner.invoke(app, ["check", "--no-input", *NO_FLAGS, *HEEL]).stdout
    assert "Start with: " in out.split("Details")[0]
    assert "What usually helps:" in out
    assert all(line == line.rstrip() for line in out.splitlines())  # piped text: no trailing spaces


@pytest.mark.parametrize(
    ("flags", "env", "number"),
    [
        (["--country", "gb"], {}, "999"),
        (["--country", "UK"], {}, "999"),
        ([], {"FOOTSPINE_COUNTRY": "AU"}, "000"),
        ([], {"LANG": "en_NZ.UTF-8"}, "111"),
        ([], {"LC_ALL": "de_DE.UTF-8", "LANG": "en_US.UTF-8"}, "112"),
        (["--country", "US"], {"FOOTSPINE_COUNTRY": "GB"}, "911"),
    ],
)
def test_the_emergency_number_comes_from_the_country(
    flags: list[str], env: dict[str, str], number: str
) -> None:
    out = runner.invoke(app, ["check", "--no-input", "-a", "rf_cold_pale_foot=yes", *flags], env=env).stdout
    assert f"Call {number} for an ambulance" in out
    assert (
        out.rstrip().splitlines()[-1]
        == f"[!!!] EMERGENCY: Call {number} or go to an emergency department now."
    )


def test_an_unknown_country_gets_neutral_words_and_a_bad_code_is_refused() -> None:
    out = runner.invoke(app, ["check", "--no-input", "-a", "rf_cold_pale_foot=yes", "--country", "JP"]).stdout
    assert "Call your local emergency number" in out
    assert "--country (e.g. GB, US, AU)" in out
    bad = runner.invoke(app, ["check", "--no-input", "--country", "Britain"])
    assert bad.exit_code == 2
    assert (
        bad.stderr == "error: --country: 'Britain' is not a two-letter country code (e.g. GB, US, AU, DE)\n"
    )


def test_health_lines_where_the_country_has_one() -> None:
    urgent = ["check", "--no-input", "-a", "rf_worsening_weakness=yes"]
    out = runner.invoke(app, [*urgent, "--country", "AU"]).stdout
    assert (
        out.rstrip().splitlines()[-1]
        == "[!!] URGENT: See a doctor today, or call healthdirect on 1800 022 222."
    )
    assert "NHS 111" in runner.invoke(app, [*urgent, "--country", "GB"]).stdout


def test_places_read_codes_and_locales(kb: Rules) -> None:
    assert country_code(" uk ", "--country") == "GB"
    assert from_locale({"LANG": "C.UTF-8"}) == ""
    assert from_locale({"LC_MESSAGES": "fr_FR@euro"}) == "FR"
    assert place(kb.kb, None, {}).services is None
    with pytest.raises(FootspineError, match=r"\$FOOTSPINE_COUNTRY"):
        place(kb.kb, None, {"FOOTSPINE_COUNTRY": "123"})
    for code, services in kb.kb.services.items():
        assert services.emergency and services.emergency_source, code


def test_open_warning_signs_have_their_own_exit_status() -> None:
    bare = runner.invoke(app, ["check", "--no-input", "--triage-exit-code", *HEEL])
    assert bare.exit_code == EXIT_OPEN_FLAGS  # not 0: the warning signs were never asked
    assert "warning signs are not ruled out" in " ".join(bare.stdout.split())
    calm = runner.invoke(app, ["check", "--no-input", "--triage-exit-code", *NO_FLAGS, *HEEL])
    assert calm.exit_code == 0
    urgent = runner.invoke(
        app, ["check", "--no-input", "--triage-exit-code", "-a", "rf_worsening_weakness=yes"]
    )
    assert urgent.exit_code == 11  # urgent and emergency keep their own status


def test_save_updates_the_answers_file_it_read(tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text('{"age": 45}')
    done = runner.invoke(
        app,
        [
            "check",
            "--no-input",
            "--answers",
            str(answers),
            "--save",
            str(answers),
            "-a",
            "pain_area=heel_underside",
        ],
    )
    assert done.exit_code == 0, done.output
    assert json.loads(answers.read_text()) == {"age": 45, "pain_area": ["heel_underside"]}
    other = tmp_path / "other.json"
    other.write_text("{}")
    refused = runner.invoke(app, ["check", "--answers", str(answers), "--save", str(other)])
    assert refused.exit_code == 2 and "already exists" in refused.stderr


def test_help_is_whole_and_says_how_to_answer() -> None:
    top = runner.invoke(app, ["--help"], env={"COLUMNS": "80"}).stdout
    assert "..." not in top.split("Commands:")[1]  # no description cut short
    check = runner.invoke(app, ["check", "--help"], env={"COLUMNS": "80"}).stdout
    for word in ("'unsure'", "'?'", "'back'", "'quit'", "Ctrl-C", "--answers FILE", "--country CODE"):
        assert word in " ".join(check.split()), word


def test_open_signs_shown_are_those_that_could_change_the_advice() -> None:
    """Under an emergency the interview stopped at, the details name the sign the person was not
    sure of, and none of the signs never asked (they could not change what to do); the JSON result
    still lists every one."""
    args = ["check", "--no-input", *DISC, "-a", "rf_saddle_numbness=yes", "-a", "rf_bladder_bowel=unsure"]
    out = runner.invoke(app, [*args, "--country", "GB"]).stdout
    details = out.split("Details")[1]
    assert "? New bladder or bowel trouble (you were not sure)" in details
    assert "(not answered)" not in details and "A child with a fever" not in details
    doc = json.loads(runner.invoke(app, [*args, "--json"]).stdout)
    statuses = {flag["status"] for flag in doc["unanswered_red_flags"]}
    assert statuses == {"unsure", "not_answered"}
    # Below an emergency, a sign not asked whose "yes" would raise the level is named, with that level.
    soon = runner.invoke(app, ["check", "--no-input", *DISC, "--country", "GB"]).stdout.split("Details")[1]
    flat = " ".join(soon.split())
    assert "Numbness in the saddle area (not answered): if this applies, [!!!] EMERGENCY" in flat


def test_a_bruise_after_an_injury_is_not_read_as_a_blocked_artery(kb: Rules) -> None:
    """A purplish foot with weak push-off that began suddenly is an emergency without an injury
    (ESVS 2020), and not after one, where it is usually bruising (H59)."""
    answers = {
        "skin": ("discoloured",), "onset": "sudden", "duration": "under_6_weeks", "sides": "one_foot",
        "weakness": ("tiptoe",), "numbness": ("none",),
    }  # fmt: skip
    assert kb.score({**answers, "injury": "no"}).triage.level == "emergency"
    after_injury = kb.score({**answers, "injury": "yes"})
    assert "cmb_new_colour_numb_or_weak" not in {flag.id for flag in after_injury.red_flags}
