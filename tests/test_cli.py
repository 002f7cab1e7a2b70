"""The CLI through Typer's CliRunner: stdout (data) and stderr (messages) are asserted separately."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import footspine
from footspine import __version__
from footspine.checklists import Screen, ticks
from footspine.cli import app
from footspine.cli_common import EXIT_OPEN_FLAGS, TRIAGE_EXIT_CODES
from footspine.operators import evaluate
from footspine.rules import Rules

from .conftest import ROOT, RULES_PATH, TINY

runner = CliRunner()
COLOUR = re.compile(r"\x1b\[(?:\d+;)*(?:3[0-7]|4[0-7]|9[0-7]|38;5;\d+)m")
RED_FLAGS = json.loads(RULES_PATH.read_text())["red_flags"]
RED_FLAG_IDS = [flag["id"] for flag in RED_FLAGS]
# Each warning sign answered the reassuring way ("no", or "yes" to "can you take four steps?").
CALM = {flag["id"]: "yes" if flag.get("raise_on") == "no" else "no" for flag in RED_FLAGS}
NO_FLAGS = [arg for flag, value in CALM.items() for arg in ("-a", f"{flag}={value}")]
HEEL = ["-a", "pain_area=heel_underside", "-a", "first_steps=yes", "-a", "sides=one_foot", "-a", "age=45"]


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, list(args), input=input, env=env)


def check_json(*args: str, input: str | None = None) -> dict[str, Any]:
    result = run("check", "--json", *args, input=input)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"footspine {__version__}\n"


def test_no_arguments_shows_help_on_stderr_and_exits_2() -> None:
    result = run()
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Usage: footspine [OPTIONS] COMMAND [ARGS]...\n")
    assert "\n  check " in result.stderr


def test_check_json_document_shape() -> None:
    doc = check_json("--no-input", *NO_FLAGS, *HEEL)
    assert list(doc)[:7] == [
        "schema_version",
        "footspine_version",
        "rules_version",
        "rules_sha256",
        "triage",
        "red_flags",
        "unanswered_red_flags",
    ]
    assert doc["schema_version"] == 1
    assert doc["triage"]["level"] == "self_care"
    assert doc["red_flags"] == []
    assert doc["unanswered_red_flags"] == []
    top = doc["causes"][0]
    assert top["id"] == "plantar_fasciitis"
    assert {"id", "name", "origin", "score", "likelihood", "evidence", "treatment", "seek_care"} <= set(top)
    assert all(e["source"] for e in top["evidence"])
    assert doc["answers"]["age"] == 45
    assert doc["answers"]["pain_area"] == ["heel_underside"]
    assert "not a diagnosis" in doc["disclaimer"]


def test_red_flag_is_first_in_json_and_human_output() -> None:
    doc = check_json("--no-input", *HEEL, "-a", "rf_cold_pale_foot=yes")
    assert doc["triage"]["level"] == "emergency"
    assert doc["red_flags"][0]["id"] == "rf_cold_pale_foot"
    assert doc["triage"]["reasons"][0].startswith("Red flag - A foot or leg that has suddenly gone cold")
    human = run("check", "--no-input", *HEEL, "-a", "rf_cold_pale_foot=yes")
    assert human.exit_code == 0
    assert human.stderr == ""
    lines = [line for line in human.stdout.splitlines() if line.strip()]
    assert "EMERGENCY" in "\n".join(lines[:4])
    assert human.stdout.index("WARNING SIGN: A foot or leg that has suddenly gone cold") < human.stdout.index(
        "Possible causes"
    )


def test_no_input_lists_unanswered_red_flags(kb: Rules) -> None:
    doc = check_json("--no-input", *HEEL)
    given = kb.answers_from_flags([a for a in HEEL if a != "-a"])
    applicable = [f.id for f in kb.red_flags if f.ask_if is None or evaluate(f.ask_if, given) is not False]
    assert "rf_child_bone_pain" not in applicable  # an adult: the children's questions do not apply
    assert [f["id"] for f in doc["unanswered_red_flags"]] == applicable
    assert {f["status"] for f in doc["unanswered_red_flags"]} == {"not_answered"}
    human = run("check", "--no-input", *HEEL)
    assert human.exit_code == 0
    assert "Warning signs not ruled out" in human.stdout
    assert human.stderr == ""


def test_answers_file_and_flags_override_it(tmp_path: Path) -> None:
    file = tmp_path / "answers.json"
    file.write_text(json.dumps({"age": 80, "sitting_pain_free": True, "pain_area": ["heel_underside"]}))
    doc = check_json("--no-input", "--answers", str(file), "-a", "age=50")
    assert doc["answers"]["age"] == 50
    assert doc["answers"]["sitting_pain_free"] == "yes"


def test_answers_from_stdin_never_prompt() -> None:
    doc = check_json(
        "--answers",
        "-",
        input='{"walking": "eases_sitting_or_bending", "age": 75, "sitting_pain_free": "yes", "leg_pain": "below_knee"}',
    )
    assert doc["causes"][0]["id"] == "lumbar_spinal_stenosis"


def test_json_result_replays_through_answers(tmp_path: Path) -> None:
    first = check_json("--no-input", *NO_FLAGS, *HEEL)
    saved = tmp_path / "saved.json"
    saved.write_text(json.dumps(first["answers"]))
    again = check_json("--no-input", "--answers", str(saved))
    assert again == first


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-a", "pain_aera=heel_underside"],
            "error: --answer: unknown question 'pain_aera' (did you mean 'pain_area'?)",
        ),
        (
            ["-a", "sides=three"],
            "error: sides: 'three' is not allowed; expected one_foot or both_feet, or unsure",
        ),
        (["-a", "age=300"], "error: age: 300 is out of range"),
        (
            ["-a", "weakness=none,other"],
            "error: weakness: 'none' (no weakness in either foot or leg) cannot go with another choice",
        ),
        (["-a", "age"], "error: --answer 'age': expected ID=VALUE"),
        (["--answers", "missing.json"], "error: missing.json: no such answers file"),
    ],
)
def test_bad_answers_exit_2_with_one_line(args: list[str], message: str) -> None:
    result = run("check", "--no-input", "--json", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_bad_rule_file(tmp_path: Path) -> None:
    bad = tmp_path / "rules.json"
    data = json.loads(json.dumps(TINY))
    data["questions"][0]["kind"] = "numeric"
    bad.write_text(json.dumps(data))
    result = run("check", "--no-input", "--rules", str(bad))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {bad}: questions[0].kind: not an allowed value: 'numeric'; allowed: multi, number, single, yes_no\n"
    )
    assert result.stdout == ""


def test_rules_from_environment(tmp_path: Path) -> None:
    custom = tmp_path / "tiny.json"
    custom.write_text(json.dumps(TINY))
    result = run("questions", "--json", env={"FOOTSPINE_RULES": str(custom)})
    assert result.exit_code == 0
    assert result.stderr == ""
    assert [q["id"] for q in json.loads(result.stdout)["questions"]][:2] == ["rf_cold", "rf_weak"]


@pytest.mark.parametrize(
    ("flags", "level"),
    [
        ([*NO_FLAGS, *HEEL], "self_care"),
        (["-a", "rf_worsening_weakness=yes"], "urgent"),
        (["-a", "rf_bladder_bowel=yes"], "emergency"),
        ([], "soon"),
    ],
)
def test_triage_exit_code(flags: list[str], level: str) -> None:
    result = run("check", "--no-input", "--json", "--triage-exit-code", *flags)
    doc = json.loads(result.stdout)
    assert doc["triage"]["level"] == level
    left_open = doc["unanswered_red_flags"] and level in ("self_care", "soon")
    assert result.exit_code == (EXIT_OPEN_FLAGS if left_open else TRIAGE_EXIT_CODES[level])
    plain = run("check", "--no-input", "--json", *flags)
    assert plain.exit_code == 0


def test_questions_lists_ids_kinds_and_red_flags(kb: Rules) -> None:
    as_json = run("questions", "--json")
    assert as_json.exit_code == 0
    assert as_json.stderr == ""
    doc = json.loads(as_json.stdout)
    ids = [q["id"] for q in doc["questions"]]
    assert ids == [q.id for q in kb.all_questions]
    first = doc["questions"][0]
    assert first["red_flag"] == {
        "answer": "yes",
        "level": "emergency",
        "name": "A foot or leg that has suddenly gone cold",
    }
    assert first["choices"] == [{"id": "yes", "text": "yes"}, {"id": "no", "text": "no"}]
    listing = run("questions")
    assert listing.exit_code == 0
    assert listing.stderr == ""
    human = listing.stdout
    assert "rf_saddle_numbness" in human
    assert "RED FLAG: 'yes' means EMERGENCY" in human
    assert "heel_underside" in human


def test_conditions_lists_sources(kb: Rules) -> None:
    as_json = run("conditions", "--json")
    assert as_json.exit_code == 0
    assert as_json.stderr == ""
    doc = json.loads(as_json.stdout)
    assert [c["id"] for c in doc["conditions"]] == [c.id for c in kb.conditions]
    assert all(f["source"] for c in doc["conditions"] for f in c["findings"])
    listing = run("conditions")
    assert listing.exit_code == 0
    assert listing.stderr == ""
    human = listing.stdout
    assert "Spinal causes" in human
    assert "Lumbar spinal stenosis" in human


def test_rules_validate(tmp_path: Path) -> None:
    ok = run("rules", "validate", str(RULES_PATH))
    assert ok.exit_code == 0
    assert ok.stdout.startswith(f"ok: {RULES_PATH} is valid")
    default = run("rules", "validate")
    assert default.exit_code == 0
    bad = tmp_path / "typo.json"
    data = json.loads(RULES_PATH.read_text())
    data["conditions"][0]["findings"][0]["when"] = {"eq": ["leg_pian", "below_knee"]}
    bad.write_text(json.dumps(data))
    result = run("rules", "validate", str(bad))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {bad}: conditions[0].findings[0].when.eq: unknown question 'leg_pian' (did you mean 'leg_pain'?)\n"
    )


def test_human_output_has_no_colour_codes_off_a_terminal() -> None:
    result = run("check", "--no-input", *NO_FLAGS, *HEEL)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "\x1b[" not in result.stdout
    assert "[ok] SELF-CARE" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_no_color_is_honoured_even_when_colour_is_forced() -> None:
    forced = run("check", "--no-input", *HEEL, env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert forced.exit_code == 0
    assert "\x1b[" in forced.stdout
    plain = run("check", "--no-input", *HEEL, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert plain.exit_code == 0
    assert forced.stderr == plain.stderr == ""
    assert COLOUR.search(forced.stdout)
    assert not COLOUR.search(plain.stdout)


def interview_as(person: dict[str, Any], *args: str) -> tuple[Any, list[str]]:
    """Answer the interactive interview as ``person`` would, screen by screen: one run to find the
    next screen, then a replay with its answer ('unsure' for what they did not say). A checklist
    is ticked as the person's answers to its items say (footspine.checklists.ticks); ``asked``
    lists every question answered, each checklist item included."""
    listing = json.loads(run("questions", "--json").stdout)
    checklists = {c["id"]: c for c in listing["checklists"]}
    rules = footspine.load()
    asked: list[str] = []
    replies: list[str] = []
    for _ in range(80):
        result = run("check", *args, input="".join(r + "\n" for r in replies))
        if result.exit_code != 2:
            return result, asked
        question_id = result.stderr.split("'")[1]
        assert result.stderr.startswith(f"error: input ended at question '{question_id}';"), result.stderr
        if question_id not in checklists:
            asked.append(question_id)
            value = person.get(question_id, "unsure")
            replies.append(",".join(value) if isinstance(value, list) else str(value))
            continue
        screen_text = " ".join(result.stdout.rsplit("Question ", 1)[-1].split())
        checklist = rules.kb.checklist_of[checklists[question_id]["items"][0]["question"]]
        shown = tuple(item for item in checklist.items if " ".join(item.label.split()) in screen_text)
        screen = Screen(checklist, shown, doubts="not sure about?" in screen_text)
        value = ticks(screen, person)
        asked.extend(i.question for i in shown if i.question not in asked)
        replies.append(",".join(value) if isinstance(value, tuple) else str(value))
    raise AssertionError("the interview did not end")


HEEL_PERSON: dict[str, Any] = {
    **CALM, "age": 45, "sex": "female", "history": ["none"], "pain_area": ["heel_underside"],
    "sides": "one_foot", "pain_feel": ["sharp"], "onset": "gradual", "injury": "no",
    "duration": "six_weeks_to_3_months", "first_steps": "yes", "activity_change": "yes",
    "activity_worse": "yes", "back_pain": "no", "leg_pain": "none", "walking": "no",
    "sitting_pain_free": "no", "numbness": ["none"], "weakness": ["none"], "worse_at_night": "no",
    "skin": ["normal"], "local_signs": ["none"], "high_blood_pressure": "no", "smoking": "no",
    "heel_squeeze": "no", "barefoot_hard": "no",
}  # fmt: skip


def test_interactive_transcript() -> None:
    result, asked = interview_as(HEEL_PERSON, "--all-questions")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("\nQuestion 1 - warning signs")
    assert asked[0] == "rf_cold_pale_foot"
    assert "> no\n" in out
    assert "SOLE, seen from below" in out and "  1 inner heel" in out  # the map is the choices
    assert "  13) the calf or lower leg  [calf]" in out
    assert "Does squeezing the heel from both sides hurt?" in out
    assert "Is the tendon at the back of the heel" not in out  # skipped: no pain there
    assert "saddle" not in out  # no back or leg pain: the cauda equina questions do not apply
    shown = re.findall(r"Question (\d+) - (warning signs|your pain|a few last details)", out)
    numbers = sorted({int(n) for n, _ in shown})
    assert numbers == list(range(1, len(numbers) + 1))  # numbered without gaps
    order = ["warning signs", "your pain", "a few last details"]
    phases = [order.index(p) for _, p in shown]
    assert phases[0] == 0 and "your pain" in dict(shown).values()
    assert (
        "Possible causes, most likely first (not a diagnosis): Local 1. Plantar fasciitis: likely"
        in " ".join(out.split())
    )
    assert "  1. Plantar fasciitis (local): likely" in out  # the details follow off a terminal
    assert out.rstrip().endswith("\n[ok] SELF-CARE: Look after this at home; get help if it does not settle.")


def test_interactive_help_back_and_retry() -> None:
    """Help, "no" to a checklist, back to it, an answer not understood there, "not sure about
    some", which one (the cold foot), then its self-check: not understood, and "not sure" again."""
    result = run("check", input="?\nno\nback\nmaybe\n5\n1\nmaybe\nunsure\n")
    # The input ends at the question after the checklist, with the cold foot left "not sure": the
    # result, not an error, so that doubt is named with what to do if it applies.
    assert result.exit_code == 0 and result.stderr == "", result.output
    out = result.stdout
    assert "You were not sure about: A foot or leg that has suddenly gone cold" in " ".join(out.split())
    assert "Why this is asked" in out
    assert out.count("Do any of these apply to you now?") == 2  # first asked, then again after back
    assert "Not understood: Type the numbers of the ones that apply, such as 1,3; 4 if none" in out
    assert out.count("Which of these are you not sure about?") == 1
    assert "Not understood: 'maybe': answer yes or no (or 'unsure')" in out  # no internal id
    # "not sure" is asked once more as a check the person can do now; a second "not sure" stands
    assert out.count("Check now: put the back of your hand on one foot") == 1


def test_a_doubt_is_marked_on_the_checklist_with_a_question_mark() -> None:
    """Typing "2?" on the first checklist: the calf is "not sure" with no second screen, its self-check
    comes next, and the result names it; the other two items are answered by what was typed."""
    result = run("check", input="2?\nunsure\n")
    assert result.exit_code == 0 and result.stderr == "", result.output
    out = " ".join(result.stdout.split())
    assert "Which of these are you not sure about?" not in out
    assert "Type the numbers that apply, such as 1,3; a number with ? after it" in out
    assert out.count("Check now:") == 1  # the calf's own check, offered once
    assert "You were not sure about: A calf newly swollen or sore to press" in out


def test_an_emergency_answer_stops_the_questions_and_shows_the_result() -> None:
    result = run("check", "--triage-exit-code", input="1\n\n")  # the cold foot ticked
    assert result.exit_code == 12, result.output  # Enter at the offer: the result, no more questions
    assert result.stderr == ""
    shown = result.stdout
    assert "Question 2 - " not in shown
    alert = shown.index("WARNING SIGN: A foot or leg that has suddenly gone cold")
    assert alert < shown.index("Press Enter to stop the questions")
    assert shown.rstrip().splitlines()[-1].startswith("[!!!] EMERGENCY: Call")


def test_after_an_emergency_more_goes_on_and_the_end_of_input_is_no_error() -> None:
    result = run("check", "--triage-exit-code", input="1\nmore\nno\n")
    assert result.exit_code == 12, result.output
    assert result.stderr == ""  # input ending after an emergency ends the interview, not an error
    assert "Question 2 - " in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("[!!!] EMERGENCY")


def test_an_emergency_given_in_advance_is_shown_before_any_question() -> None:
    result = run("check", "-a", "rf_saddle_numbness=yes", input="\n")
    assert result.exit_code == 0, result.output
    assert "Question 1" not in result.stdout
    assert result.stdout.index("WARNING SIGN: ") < result.stdout.index("Press Enter to stop")


def test_end_of_input_exits_2_and_names_the_flags() -> None:
    result = run("check", input="no\n")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: input ended at question 'leg_pain'; pass answers as flags")
    assert "--answer ID=VALUE" in result.stderr
    assert "Traceback" not in result.output


def test_json_mode_prompts_on_stderr() -> None:
    replies = "unsure\n" * 60
    result = run("check", "--json", *NO_FLAGS, *HEEL, input=replies)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)  # nothing but the document on stdout, not even a prompt's space
    assert result.stdout.startswith("{")
    assert doc["triage"]["level"] == "self_care"
    assert "unsure" in doc["answers"].values()  # the typed answers reached the result
    assert f"{len(NO_FLAGS + HEEL) // 2} answers given" in result.stderr
    assert f"Question {len(NO_FLAGS + HEEL) // 2 + 1} - " in result.stderr  # numbered on


def test_adaptive_interview_asks_fewer_questions_and_every_warning_sign() -> None:
    person = json.loads((ROOT / "tests" / "cases" / "p15.json").read_text())["answers"]
    result, asked = interview_as(person)
    assert result.exit_code == 0, result.output
    # Warning signs first: the red flags, and the context questions they wait behind, come before
    # any other question.
    context = {
        "age",
        "history",
        "pain_area",
        "injury",
        "back_pain",
        "leg_pain",
        "numbness",
        "weakness",
        "duration",
        "local_signs",
        "onset",
        "sides",
        "skin",
    }
    first_other = next(i for i, q in enumerate(asked) if q not in CALM and q not in context)
    assert all(q not in CALM for q in asked[first_other:])
    assert set(CALM) - set(asked) <= {"rf_achilles_snap", "rf_child_fever_limp", "rf_child_bone_pain",
        "rf_clot_breathless", "rf_fever_hot_foot", "rf_ottawa", "rf_open_deformed", "rf_compartment",
        "rf_diabetic_foot", "rf_diabetic_limb_threat", "rf_cancer_back_pain", "rf_pad_worse",
        "rf_rest_pain_ischaemia", "rf_back_fever", "rf_back_fall", "rf_saddle_numbness", "rf_bladder_bowel",
        "rf_hot_joint", "rf_black_skin"}  # fmt: skip
    assert len(asked) < 38
    assert "1. Plantar fasciitis (local): likely" in result.stdout


def test_save_writes_a_private_replayable_file(tmp_path: Path) -> None:
    target = tmp_path / "answers.json"
    result = run("check", "--no-input", "--json", *NO_FLAGS, *HEEL, "--save", str(target))
    assert result.exit_code == 0, result.output
    assert target.stat().st_mode & 0o777 == 0o600
    assert f"saved {len(RED_FLAG_IDS) + 4} answers to {target}" in result.stderr
    replay = run("check", "--no-input", "--json", "--answers", str(target))
    assert replay.exit_code == 0
    assert replay.stderr == ""
    assert json.loads(replay.stdout) == json.loads(result.stdout)
    again = run("check", "--no-input", *HEEL, "--save", str(target))
    assert again.exit_code == 2
    assert (
        again.stderr
        == f"error: {target}: already exists; choose another name, or add --force to replace it\n"
    )
    assert again.stdout == ""
    forced = run("check", "--no-input", "-a", "age=30", "--save", str(target), "--force")
    assert forced.exit_code == 0
    assert json.loads(target.read_text()) == {"age": 30}
    assert [p.name for p in tmp_path.iterdir()] == ["answers.json"]  # no temporary files left behind


def test_save_into_a_missing_folder_fails_before_any_question(tmp_path: Path) -> None:
    result = run("check", "--save", str(tmp_path / "nope" / "a.json"), input="no\n")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert "Question" not in result.stdout


def test_map_command() -> None:
    plain = run("map")
    assert plain.exit_code == 0
    assert plain.stderr == ""
    assert "SOLE, seen from below" in plain.stdout and " 1) under the heel" in plain.stdout
    assert "nerve root" not in plain.stdout
    with_roots = run("map", "--roots")
    assert with_roots.exit_code == 0
    assert with_roots.stderr == ""
    roots = with_roots.stdout
    assert "the top of the foot  (nerve root L5)" in roots
    assert "the inner ankle  (nerve root L4)" in roots
    assert "the outer edge of the foot  (nerve root S1)" in roots
    assert max(len(line) for line in roots.splitlines()) <= 100
    assert max(len(line) for line in plain.stdout.splitlines()[:16]) <= 80


def test_a_warning_sign_answered_not_sure_is_named_in_the_headline() -> None:
    result = run(
        "check", "--no-input", "--country", "GB", *HEEL,
        "-a", "back_pain=yes", "-a", "leg_pain=below_knee", "-a", "rf_saddle_numbness=unsure",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    box = result.stdout.split("╰")[0]
    headline = " ".join(box.split())
    assert "You were not sure about: Numbness in the saddle area. Check it today." in headline
    assert headline.index("not sure about") < headline.index("warning signs are not ruled out")
    assert "[!!!] EMERGENCY: Call 999" in headline


def test_a_sore_with_normal_skin_still_asks_about_rest_pain_and_unsure_saddle_signs_with_weakness() -> None:
    sore = check_json("--no-input", "-a", "skin=normal,sores", "-a", "age=30", "-a", "history=none")
    assert "rf_rest_pain_ischaemia" in {f["id"] for f in sore["unanswered_red_flags"]}
    saddle = check_json(
        "--no-input", "-a", "rf_saddle_numbness=unsure", "-a", "rf_both_legs=unsure",
        "-a", "back_pain=no", "-a", "leg_pain=none", "-a", "weakness=other",
    )  # fmt: skip
    assert saddle["triage"]["level"] == "urgent"
    assert "cmb_unsure_saddle_supported" in {f["id"] for f in saddle["red_flags"]}


def test_input_that_ends_after_an_urgent_warning_sign_shows_it_last_and_no_error() -> None:
    result = run("check", "--triage-exit-code", input="2\n")  # the calf ticked on the checklist
    assert result.exit_code == 11, result.output
    assert result.stderr == ""
    assert "WARNING SIGN: A calf newly swollen or sore to press" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("[!!] URGENT")


@pytest.mark.parametrize(
    "args",
    [
        ["questions"],
        ["conditions"],
        ["map", "--roots"],
        ["eval", "tests/cases/red_flags"],
        ["rules", "explain", "plantar_fasciitis"],
        ["rules", "validate"],
        ["check", "--no-input", "-a", "rf_cold_pale_foot=yes"],
        ["check", "--no-input", "--details", "-a", "pain_area=heel_underside"],
        ["--help"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_piped_output_has_no_trailing_spaces(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.output
    padded = [n for n, line in enumerate(result.stdout.splitlines(), 1) if line != line.rstrip()]
    assert padded == [], f"lines ending in spaces: {padded[:5]}"


def test_back_after_answers_from_a_file_says_why_it_cannot_go_further(tmp_path: Path) -> None:
    saved = tmp_path / "a.json"
    saved.write_text(json.dumps({"rf_cold_pale_foot": "no", "rf_dvt": "no", "rf_four_steps": "yes"}))
    result = run("check", "--answers", str(saved), input="back\n")
    assert "the answers before it came from a file or flags, so 'back' cannot change them" in " ".join(
        result.stdout.split()
    )


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["/venv/bin/footspine", "check", "--country", "GB"], "/venv/bin/footspine check --answers a.json --country=GB"),
        (["/venv/bin/footspine", "check", "--rules=r.json", "--all-questions"], "/venv/bin/footspine check --answers a.json --rules=r.json --all-questions"),
    ],
)  # fmt: skip
def test_the_replay_command_runs_as_typed_with_the_options_used(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], expected: str
) -> None:
    from footspine.session import replay_command

    monkeypatch.setattr("sys.argv", argv)
    assert replay_command(Path("a.json")) == expected
    monkeypatch.setattr("sys.argv", ["/src/footspine/__main__.py", "check"])
    import sys

    assert replay_command(Path("a.json")).endswith(f"{sys.executable} -m footspine check --answers a.json")
