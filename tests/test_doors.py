"""Every door into footspine keeps a warning sign: forged or changed answers through the Python API,
invisible characters in a rule file, a "not sure" behind a closed gate, an open flag that would
complete a combination, output that fails, reports on paper, and the files a person asks for."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import footspine
from footspine.answers import ValidAnswers
from footspine.cli import app
from footspine.model_types import PLAIN
from footspine.render_report import html_page, markdown
from footspine.results import CheckResult

from .conftest import ROOT, RULES_PATH

RULES = footspine.load()
runner = CliRunner()
COLD = "rf_cold_pale_foot"


def check(*args: str) -> Any:
    return runner.invoke(app, ["check", "--no-input", *args])


# 1. The Python API cannot drop an emergency.


def test_validated_answers_cannot_be_made_outside_the_pipeline() -> None:
    with pytest.raises(TypeError, match=r"rules\.answers"):
        ValidAnswers({COLD: True}, RULES.sha256)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        footspine.ValidAnswers({COLD: "yes"}, RULES.sha256, RULES.kb.answer_forms)


def test_validated_answers_cannot_be_initialised_again_or_rehashed() -> None:
    answers = RULES.answers({COLD: "no"})
    with pytest.raises(TypeError):
        answers.__init__({COLD: "Yes"}, RULES.sha256, RULES.kb.answer_forms)  # type: ignore[misc]
    with pytest.raises((TypeError, AttributeError)):
        answers.rules_sha256 = "0" * 64  # type: ignore[misc]
    assert answers == {COLD: "no"}


def test_adding_validates_the_value_it_adds() -> None:
    answers = RULES.answers({}).adding(COLD, "Yes")
    assert answers[COLD] == "yes"
    assert RULES.rank(answers).level == "emergency"
    assert RULES.answers({}).adding(COLD, True)[COLD] == "yes"
    with pytest.raises(footspine.AnswerError, match="not allowed"):
        RULES.answers({}).adding(COLD, "perhaps")
    with pytest.raises(footspine.AnswerError, match="unknown question 'rf_cold'"):
        RULES.answers({}).adding("rf_cold", "yes")


def test_answers_changed_past_the_guards_are_validated_again() -> None:
    answers = RULES.answers({COLD: "no"})
    dict.__setitem__(answers, COLD, "Yes")  # forced past the refusing __setitem__
    assert RULES.score(answers).triage.level == "emergency"
    dict.__setitem__(answers, COLD, True)
    assert RULES.rank(answers).level == "emergency"
    dict.__setitem__(answers, COLD, "sort of")
    with pytest.raises(footspine.AnswerError):
        RULES.score(answers)


def test_pickled_answers_come_back_as_a_plain_dict() -> None:
    import pickle

    back = pickle.loads(pickle.dumps(RULES.answers({COLD: "yes"})))
    assert back.__class__ is dict and RULES.rank(back).level == "emergency"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (None, "expected a mapping of question id to answer"),
        (42, "not int"),
        ([(COLD, "yes")], "not list"),
    ],
)
def test_wrong_types_get_a_footspine_error(raw: object, message: str) -> None:
    with pytest.raises(footspine.AnswerError, match=message):
        RULES.score(raw)  # type: ignore[arg-type]


FLAG_IDS = [flag.id for flag in RULES.kb.red_flags]
ODD = st.one_of(
    st.sampled_from(["yes", "no", "unsure", "Yes", "YES", "y", "true", "maybe", "", " yes "]),
    st.booleans(),
    st.none(),
    st.integers(-2, 2),
    st.lists(st.sampled_from(["yes", "no"]), max_size=2),
)


@settings(max_examples=120, deadline=None)
@given(
    st.dictionaries(st.sampled_from(FLAG_IDS), ODD, max_size=6), st.sampled_from(["given", "added", "forced"])
)
def test_forged_mutated_or_wrongly_typed_answers_never_lose_a_warning_sign(
    raw: dict[str, Any], door: str
) -> None:
    """Each set either raises a footspine error or keeps every warning sign its values mean: a value
    the pipeline reads as the raising answer is raised, and no flag given a value is silently
    dropped (it is raised, or listed as open, or answered the other way)."""
    try:
        if door == "given":
            report = RULES.score(raw)
        else:
            answers = RULES.answers({})
            for key, value in raw.items():
                if door == "added":
                    answers = answers.adding(key, value)
                else:
                    dict.__setitem__(answers, key, value)
            report = RULES.score(answers)
    except footspine.FootspineError:
        return
    reference = RULES.answers({k: v for k, v in raw.items()})  # the pipeline's own reading
    raised = {f.id for f in report.red_flags}
    open_ids = {f.id for f in report.unanswered_red_flags}
    for flag in RULES.kb.red_flags:
        value = reference.get(flag.id)
        if value == flag.raise_on:
            assert flag.id in raised
        elif value == "unsure":
            assert flag.id in open_ids


# 2. Rule-file text cannot move, hide or reorder what is shown.


def test_every_invisible_or_separator_character_is_refused_in_rule_text() -> None:
    import re

    pattern = re.compile(PLAIN)
    refused = [c for c in range(0x110000) if unicodedata.category(chr(c)) in ("Zl", "Zp", "Cf")]
    assert refused
    assert not [hex(c) for c in refused if pattern.search(f"a{chr(c)}b")]
    # default-ignorable and blank-looking characters a terminal shows as nothing
    shown_as_nothing = [0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0, 0xFE00, 0xFE0F, 0xE0100, 0x17B4, 0x180B]
    shown_as_nothing += [0x2800, 0xFFFC, 0xFFFE, 0xFDD0]
    assert not [hex(c) for c in shown_as_nothing if pattern.search(f"a{chr(c)}b")]
    assert pattern.search("Call 999 now. Écoutez: ñ, ß, 中文, 🦶")  # ordinary text of any script passes


@pytest.mark.parametrize("character", ["\u2028", "\u2029", "\u202e", "\u200b", "\ufeff"])
@pytest.mark.parametrize("where", ["services", "red_flag_name"])
def test_a_rule_file_cannot_print_a_fake_reassurance(tmp_path: Path, character: str, where: str) -> None:
    data = json.loads(RULES_PATH.read_text())
    fake = f"999{character}[ok] SELF-CARE: Look after this at home"
    if where == "services":
        data["services"]["GB"]["emergency"] = fake
        path = "services.GB.emergency"
    else:
        data["red_flags"][0]["name"] = fake
        path = "red_flags[0].name"
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps(data))
    result = check("--rules", str(rules), "-a", f"{COLD}=yes", "--country", "GB")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"error: {rules}: {path}: holds the control or invisible character U+")
    assert result.stderr.count("\n") == 1


# 3. and 4. A "not sure" never disappears; an open flag says the most it could mean.


@pytest.mark.parametrize(
    ("flag", "closing"),
    [
        ("rf_clot_breathless", ["rf_dvt=no", "pain_area=heel_underside", "leg_pain=none"]),
        ("rf_hot_joint", ["injury=yes", "local_signs=none", "history=none"]),
        ("rf_diabetic_limb_threat", ["history=none"]),
        ("rf_child_fever_limp", ["age=40"]),
        ("rf_worsening_weakness", ["weakness=none", "history=none"]),
    ],
)
def test_an_explicit_unsure_stays_open_when_the_gate_closes(flag: str, closing: list[str]) -> None:
    args = [arg for pair in closing for arg in ("-a", pair)]
    result = check("--json", "--triage-exit-code", "-a", f"{flag}=unsure", *args)
    document = json.loads(result.stdout)
    assert {"id": flag, "status": "unsure"}.items() <= next(
        f for f in document["unanswered_red_flags"] if f["id"] == flag
    ).items()
    assert result.exit_code in (13, 11, 12)  # never a clean self-care or soon


def test_an_open_flag_says_the_level_its_yes_would_complete() -> None:
    result = check(
        "--json", "-a", "history=cancer", "-a", "back_pain=yes", "-a", "rf_worsening_weakness=unsure"
    )
    document = json.loads(result.stdout)
    weakness = next(f for f in document["unanswered_red_flags"] if f["id"] == "rf_worsening_weakness")
    assert weakness["level"] == "emergency"  # cancer, back pain and weakness: NICE NG234
    alone = json.loads(
        check("--json", "-a", "rf_worsening_weakness=unsure", "-a", "weakness=lift_foot").stdout
    )
    assert (
        next(f for f in alone["unanswered_red_flags"] if f["id"] == "rf_worsening_weakness")["level"]
        == "urgent"
    )


# 6. A failing standard output keeps the triage status.


def _run_with_stdout(stdout: Any, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "footspine", "check", "--no-input", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("json_output", [[], ["--json"]])
def test_a_full_disk_keeps_the_triage_status(json_output: list[str]) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        done = _run_with_stdout(full, "--triage-exit-code", *json_output, "-a", f"{COLD}=yes")
    assert done.returncode == 12
    assert done.stderr == "error: cannot write the output: No space left on device\n"


def test_a_reader_that_went_away_keeps_the_triage_status() -> None:
    read, write = os.pipe()
    os.close(read)
    try:
        done = _run_with_stdout(write, "--triage-exit-code", "-a", f"{COLD}=yes")
    finally:
        os.close(write)
    assert done.returncode == 12 and done.stderr == ""


def test_closed_stdout_keeps_the_triage_status() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "footspine", "check", "--no-input", "--triage-exit-code", "-a", f"{COLD}=yes"],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=lambda: os.close(1),
        timeout=60,
        check=False,
    )
    assert done.returncode == 12
    assert done.stderr == "error: standard output is closed; footspine has nowhere to write\n"


# 7. A report on paper names the highest level only, at the top and at the end, with the number.


def test_reports_name_only_the_results_level_and_end_with_it() -> None:
    answers = {COLD: "yes", "rf_dvt": "yes", "rf_four_steps": "unsure"}
    where = RULES.kb.services["GB"]
    result = CheckResult(RULES.score(answers), RULES.kb, where)
    page, text = html_page(result, date(2026, 1, 1)), markdown(result, date(2026, 1, 1))
    last = "EMERGENCY: Call 999 or go to an emergency department now."
    assert text.rstrip().splitlines()[-1].endswith(last + "**")
    assert text.count(last) == 2  # at the top and at the end
    assert "(urgent)" not in text and "would mean: urgent" not in text
    assert page.count(last) == 2 and "(urgent)" not in page and "would mean: urgent" not in page
    assert page.rindex(last) > page.rindex("</table>")


# 8. - 10. Files a person asks for.


def test_a_file_name_too_long_is_refused_before_any_question(tmp_path: Path) -> None:
    for name in ("x" * 300 + ".md", "x" * 250 + ".md"):
        result = check("-a", f"{COLD}=no", "--report", str(tmp_path / name))
        assert result.exit_code == 2, result.output
        assert "the file name is too long" in result.stderr and result.stderr.count("\n") == 1
        assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_saving_to_a_link_writes_where_it_points(tmp_path: Path) -> None:
    answers = tmp_path / "ans.json"
    answers.write_text(json.dumps({COLD: "no"}))
    link = tmp_path / "link.json"
    link.symlink_to(answers)
    result = check("--answers", str(answers), "-a", "age=40", "--save", str(link), "--force")
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert json.loads(answers.read_text()) == {COLD: "no", "age": 40}


def test_eval_of_a_path_too_long_is_a_one_line_error() -> None:
    result = runner.invoke(app, ["eval", "/tmp/" + "y" * 300 + ".json"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "cannot read it: File name too long" in result.stderr and result.stderr.count("\n") == 1


# 11. - 13. and 15. API and rule-file errors, echoed input, and text that cannot draw a box.


def test_what_rules_exposes_is_read_only() -> None:
    for mapping in (RULES.answer_forms, RULES.question_by_id, RULES.red_flag_by_id, RULES.condition_by_id):
        with pytest.raises((TypeError, AttributeError)):
            mapping.pop(next(iter(mapping)))  # type: ignore[attr-defined]
        with pytest.raises(TypeError):
            mapping[next(iter(mapping))] = None  # type: ignore[index]
    assert RULES.score({"age": 40}).triage.level


def test_load_says_what_it_takes() -> None:
    with pytest.raises(footspine.RulesError, match="takes the path of a rule file"):
        footspine.load(123)  # type: ignore[arg-type]


def test_a_value_nested_too_deep_is_an_answer_error() -> None:
    deep: list[Any] = []
    inner = deep
    for _ in range(100_000):
        inner.append([])
        inner = inner[0]
    with pytest.raises(footspine.AnswerError, match="pain_area"):
        RULES.score({"pain_area": deep})


def test_a_huge_unknown_key_is_cut_in_the_message() -> None:
    with pytest.raises(footspine.AnswerError) as info:
        RULES.score({"x" * 850_000: 1})
    assert len(str(info.value)) < 200 and "(850,000 characters)" in str(info.value)


def test_a_repeated_top_level_key_is_named_with_where_it_is(tmp_path: Path) -> None:
    text = RULES_PATH.read_text().replace('"disclaimer":', '"services": {},\n  "disclaimer":', 1)
    rules = tmp_path / "rules.json"
    rules.write_text(text)
    result = runner.invoke(app, ["rules", "validate", str(rules)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {rules}: top level: 'services' appears twice in one object; keep one (the second would "
        "replace the first)\n"
    )


def test_an_output_that_cannot_draw_lines_gets_an_ascii_box() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "footspine", "check", "--no-input", "-a", f"{COLD}=yes"],
        capture_output=True,
        text=True,
        encoding="ascii",
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "ascii"},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("+- footspine result: [!!!] EMERGENCY ---")
    assert "?" not in done.stdout.splitlines()[0]


# 14. rules validate grows with the questions that bear on each cause, not with the file.


def test_the_reach_search_tries_only_questions_that_bear_on_the_cause() -> None:
    from footspine.reach import _bearing_on

    condition = RULES.kb.condition_by_id["plantar_fasciitis"]
    bearing = {q.id for q in _bearing_on(RULES.kb.all_questions, condition)}
    read = {ref for f in condition.scored_findings for ref in _refs(f.when)}
    assert read <= bearing
    gates = {ref for q in RULES.kb.all_questions if q.id in bearing and q.ask_if for ref in _refs(q.ask_if)}
    assert gates <= bearing  # what decides whether a bearing question is asked bears on it too
    assert "rf_clot_breathless" not in bearing and "bunion" not in bearing


def _refs(expr: Any) -> set[str]:
    from footspine.operators import references

    return {ref for ref, _, _ in references(expr, "")}


# 5. Input that ends once a warning sign is raised gives the result, in JSON too, with its status.


@pytest.mark.parametrize(("typed", "status", "level"), [("1\n", 12, "emergency"), ("2\n", 11, "urgent")])
def test_input_ending_after_a_warning_sign_gives_the_json_result(typed: str, status: int, level: str) -> None:
    result = runner.invoke(app, ["check", "--json", "--triage-exit-code"], input=typed)
    assert result.exit_code == status, result.output
    assert json.loads(result.stdout)["triage"]["level"] == level
    assert "error" not in result.stderr


# Found by a second hostile run.


def test_an_int_added_is_kept_in_footspines_form_and_the_child_sign_holds() -> None:
    small = RULES.answers({}).adding("age", 3)
    assert small["age"] == 3.0 and small["age"].__class__ is float
    assert "cmb_small_child" in {f.id for f in RULES.score(small).red_flags}


class _LooksLikeYes(str):
    def __hash__(self) -> int:
        return hash("yes")

    def __eq__(self, other: object) -> bool:
        return False


@pytest.mark.parametrize(
    ("question", "forged"), [("age", 3), ("age", 3 * 2.0**61), (COLD, _LooksLikeYes("x"))]
)
def test_a_forced_value_that_equals_or_hashes_like_the_old_one_is_still_noticed(
    question: str, forged: Any
) -> None:
    answers = RULES.answers({"age": 3, COLD: "yes"})
    dict.__setitem__(answers, question, forged)
    assert not answers.intact()
    try:
        report = RULES.score(answers)
    except footspine.AnswerError:
        return
    assert report.triage.level == "emergency" or question == COLD


class _EqualsAnything(str):
    def __hash__(self) -> int:
        return hash("x")

    def __eq__(self, other: object) -> bool:
        return True


def test_a_key_forced_in_that_compares_equal_to_anything_is_still_noticed() -> None:
    """A warning sign's key swapped for a str subclass that says it equals every key: the answers
    are validated again (and the forged key refused), so the emergency is never silently lost."""
    answers = RULES.answers({"age": 60, COLD: "yes"})
    value = answers[COLD]
    dict.__delitem__(answers, COLD)
    dict.__setitem__(answers, _EqualsAnything("x"), value)
    assert not answers.intact()
    with pytest.raises(footspine.AnswerError, match="unknown question"):
        RULES.score(answers)


def test_input_ending_after_a_not_sure_warning_sign_gives_the_result() -> None:
    result = runner.invoke(app, ["check", "--json", "--triage-exit-code"], input="5\n1\nunsure\n")
    assert result.exit_code == 13, result.output  # not an error: the doubt is an open warning sign
    document = json.loads(result.stdout)
    assert {"id": COLD, "status": "unsure"}.items() <= document["unanswered_red_flags"][0].items()


def test_batch_records_say_how_each_warning_sign_is_open_and_what_it_would_mean() -> None:
    line = json.dumps({"history": ["cancer"], "back_pain": "yes", "rf_worsening_weakness": "unsure"})
    result = runner.invoke(app, ["batch", "-"], input=line + "\n")
    record = json.loads(result.stdout)
    weakness = next(f for f in record["open_red_flags"] if f["id"] == "rf_worsening_weakness")
    assert weakness == {"id": "rf_worsening_weakness", "status": "unsure", "level": "emergency"}


def test_questions_say_when_a_warning_sign_can_mean_more() -> None:
    listing = " ".join(runner.invoke(app, ["questions"]).stdout.split())
    assert "RED FLAG: 'yes' means URGENT (EMERGENCY with some other answers)" in listing
