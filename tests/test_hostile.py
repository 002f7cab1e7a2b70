"""Hostile and unusual input, round 2: each way a result or a warning sign could be hidden or lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import footspine
from footspine.cli import app
from footspine.render_report import markdown
from footspine.results import CheckResult

from .conftest import RULES_PATH

runner = CliRunner()
REPEATED = '{"rf_saddle_numbness":"yes","age":40,"rf_saddle_numbness":"no"}'
RULES = json.loads(RULES_PATH.read_text())


def batch(text: str, *args: str) -> list[dict[str, Any]]:
    """The records of a batch run; its status is 0, or 3 exactly when some record is an error."""
    result = runner.invoke(app, ["batch", "-", *args], input=text)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    failed = sum("error" in record for record in records)
    assert result.exit_code == (3 if failed else 0), result.output
    return records


@pytest.mark.parametrize("args", [[], ["--full"], ["--jobs", "2"]])
@pytest.mark.parametrize("line", [REPEATED, '{"id": "p", "answers": ' + REPEATED + "}"])
def test_batch_refuses_a_repeated_key_instead_of_keeping_the_last(line: str, args: list[str]) -> None:
    (record,) = batch(line + "\n", *args)
    assert "'rf_saddle_numbness' appears twice in one object" in record["error"]


def test_check_and_the_api_refuse_the_same_text() -> None:
    result = runner.invoke(app, ["check", "--answers", "-", "--json"], input=REPEATED)
    assert result.exit_code == 2 and result.stdout == ""
    assert (
        result.stderr
        == "error: stdin: 'rf_saddle_numbness' appears twice in one object; keep one value for it\n"
    )
    with pytest.raises(footspine.AnswerError, match="appears twice"):
        footspine.load().score(REPEATED)


def test_batch_refuses_keys_beside_the_answers_of_an_envelope() -> None:
    (record,) = batch('{"answers": {"age": 60}, "rf_saddle_numbness": "yes"}\n')
    assert record == {
        "schema_version": 2,
        "line": 1,
        "error": "unknown key 'rf_saddle_numbness' beside 'answers'; a line is either answers, or "
        '{"id": ..., "answers": {...}}',
    }


def test_output_paths_are_checked_before_the_first_question(tmp_path: Path) -> None:
    same = tmp_path / "s.md"
    both = runner.invoke(app, ["check", "--save", str(same), "--report", str(same)], input="no\n")
    assert both.exit_code == 2 and "Question 1" not in both.stdout
    assert both.stderr == f"error: {same}: the same file as {same}; give each output its own name\n"
    dangling = tmp_path / "link.json"
    dangling.symlink_to(tmp_path / "nowhere" / "x.json")
    link = runner.invoke(app, ["check", "--save", str(dangling)], input="no\n")
    assert (
        link.exit_code == 2 and link.stderr == f"error: {dangling}: is a link to nothing; give a file name\n"
    )
    dash = runner.invoke(app, ["check", "--no-input", "--save", "-"])
    assert dash.exit_code == 2 and "standard output carries the result" in dash.stderr
    device = runner.invoke(app, ["check", "--no-input", "--save", os.devnull, "--force"])
    assert device.exit_code == 2
    assert (
        device.stderr
        == f"error: {os.devnull}: is not a regular file; footspine only replaces regular files\n"
    )
    assert Path(os.devnull).is_char_device()


@pytest.mark.parametrize("output", ["--save", "--report"])
def test_a_write_that_fails_after_scoring_keeps_the_result_and_its_exit_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: str
) -> None:
    def disk_full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("footspine.savefile.os.fsync", disk_full)
    target = tmp_path / ("answers.json" if output == "--save" else "report.md")
    result = runner.invoke(
        app,
        ["check", "--no-input", "--triage-exit-code", "-a", "rf_cold_pale_foot=yes", output, str(target)],
        env={"NO_COLOR": "1"},
    )
    assert result.exit_code == 12  # the emergency's own status, not the write's 2
    assert "[!!!] EMERGENCY" in result.stdout
    assert result.stderr == f"error: {target}: cannot write: No space left on device\n"
    assert list(tmp_path.iterdir()) == []  # nothing half-written, no temporary file left
    plain = runner.invoke(app, ["check", "--no-input", "-a", "rf_cold_pale_foot=yes", output, str(target)])
    assert plain.exit_code == 2 and "EMERGENCY" in plain.stdout


@pytest.mark.parametrize("columns", ["0", "1", "3"])
def test_the_urgency_survives_any_terminal_width(columns: str) -> None:
    result = runner.invoke(
        app, ["check", "--no-input", "-a", "rf_cold_pale_foot=yes"], env={"COLUMNS": columns, "NO_COLOR": "1"}
    )
    assert result.exit_code == 0
    assert "[!!!] EMERGENCY: Call an ambulance or go to an emergency department now." in result.stdout
    listing = runner.invoke(app, ["questions"], env={"COLUMNS": columns})
    assert listing.exit_code == 0 and "rf_saddle_numbness" in listing.stdout


def rules_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "rules.json"
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(disclaimer="x\x1b[2J\x1b[H[ok] SELF-CARE"), "disclaimer: holds the control or invisible character U+001B"),
        (lambda d: d["red_flags"][0].update(id="rf_x\n"), "red_flags[0].id: holds the control or invisible character U+000A"),
        (lambda d: d["red_flags"][0].update(level="soon"), "red_flags[0].level: not an allowed value: 'soon'; allowed: emergency, urgent"),
    ],
)  # fmt: skip
def test_rule_text_is_plain_and_levels_are_what_a_red_flag_allows(
    tmp_path: Path, change: Any, message: str
) -> None:
    data = json.loads(RULES_PATH.read_text())
    change(data)
    path = rules_file(tmp_path, json.dumps(data))
    result = runner.invoke(app, ["check", "--no-input", "--rules", path])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"error: {path}: {message}") and result.stderr.count("\n") == 1


def test_a_repeated_key_in_the_rule_file_is_refused_with_its_path(tmp_path: Path) -> None:
    text = RULES_PATH.read_text().replace(
        '"level": "emergency"', '"level": "emergency", "level": "urgent"', 1
    )
    path = rules_file(tmp_path, text)
    result = runner.invoke(app, ["rules", "validate", path])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {path}: red_flags[0]: 'level' appears twice in one object; keep one (the second would "
        "replace the first)\n"
    )


def test_markdown_carries_no_live_links_or_images_from_rule_text(tmp_path: Path) -> None:
    data = json.loads(RULES_PATH.read_text())
    data["disclaimer"] = (
        "See [here](http://example.invalid) ![x](https://example.invalid/p.png) www.example.invalid"
    )
    rules = footspine.load(rules_file(tmp_path, json.dumps(data)))
    text = markdown(CheckResult(rules.score({}), rules.kb))
    assert "[here](" not in text and "![x](" not in text and "://" not in text and "www.e" not in text


@pytest.mark.parametrize("option", ["--rules", "--answers"])
def test_devices_and_pipes_are_refused_where_a_file_is_expected(tmp_path: Path, option: str) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path in (os.devnull.replace("null", "zero"), str(fifo)):
        result = subprocess.run(
            [sys.executable, "-m", "footspine", "check", "--no-input", option, path],
            capture_output=True, text=True, timeout=30,
        )  # fmt: skip
        assert result.returncode == 2
        assert result.stderr.endswith("is not a regular file (a device, pipe or socket); save the "
                                      f"{'rule' if option == '--rules' else 'answers'} file as a file\n")  # fmt: skip


def test_eval_refuses_a_pipe_among_the_cases(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "a.json")
    result = subprocess.run(
        [sys.executable, "-m", "footspine", "eval", str(tmp_path)], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 2 and "is not a regular file" in result.stderr


def test_batch_reads_with_a_bound() -> None:
    zero = subprocess.run(
        [sys.executable, "-m", "footspine", "batch", "/dev/zero"], capture_output=True, text=True, timeout=30
    )
    assert (
        zero.returncode == 2
        and zero.stderr == "error: /dev/zero: is not a file or a pipe; name a JSON Lines file\n"
    )
    records = batch("x" * 3_000_000 + '\n{"age": 40}\n')
    assert records[0] == {
        "schema_version": 2,
        "line": 1,
        "error": "longer than 1,048,576 bytes; not an answers object",
    }
    assert records[1]["line"] == 2 and "triage" in records[1]


def test_many_keys_are_checked_in_linear_time(tmp_path: Path) -> None:
    """A 1 MB file of 118,000 keys took 135 s when the repeated-key check was quadratic (this is a
    guard against that, not a benchmark)."""
    many = tmp_path / "many.json"
    many.write_text(json.dumps({f"k{i}": 1 for i in range(90_000)}, separators=(",", ":")))
    result = subprocess.run(
        [sys.executable, "-m", "footspine", "check", "--no-input", "--answers", str(many)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and "unknown question 'k0'" in result.stderr


# --- One pipeline: the same text scores alike through check, batch and the Python API -------------

RULES_OBJECT = footspine.load()
QUESTIONS = RULES_OBJECT.all_questions


@st.composite
def answer_texts(draw: st.DrawFn) -> str:
    """JSON text of an answers object, now and then with a key written twice."""
    pairs = []
    for question in draw(st.lists(st.sampled_from(QUESTIONS), max_size=6)):
        options: list[Any] = [*question.choice_ids, "unsure", True, "Yes", 5, 40, 40.0]
        value = draw(st.sampled_from(options))
        if question.kind == "multi" and draw(st.booleans()):
            value = draw(st.lists(st.sampled_from(question.choice_ids), min_size=1, max_size=2))
        pairs.append(f"{json.dumps(question.id)}: {json.dumps(value)}")
    return "{" + ", ".join(pairs) + "}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_texts())
def test_check_batch_and_the_api_agree_on_any_text(text: str) -> None:
    try:
        expected: Any = [c.id for c in RULES_OBJECT.score(text).causes]
        level: Any = RULES_OBJECT.rank(text).level
    except footspine.AnswerError as exc:
        expected, level = None, str(exc)
    check = runner.invoke(app, ["check", "--answers", "-", "--json"], input=text)
    (record,) = batch(text + "\n")
    if expected is None:
        assert check.exit_code == 2 and "error" in record
        if "appears twice" in level:
            assert "appears twice" in check.stderr and "appears twice" in record["error"]
        return
    assert check.exit_code == 0, check.output
    document = json.loads(check.stdout)
    assert [c["id"] for c in document["causes"]] == expected == [c["id"] for c in record["causes"]]
    assert document["triage"]["level"] == level == record["triage"]["level"]
