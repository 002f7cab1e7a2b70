"""`footspine batch`: one result per line, in order, bad lines as error records, same results with --jobs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from footspine.batch import score_line
from footspine.cli import app
from footspine.documents import BatchRecord

from .conftest import ROOT
from .test_properties import KB, answer_sets

runner = CliRunner()
LINES = [
    '{"age": 50, "pain_area": ["heel_underside"], "first_steps": "yes"}',
    "",
    "not json",
    '{"id": "x7", "answers": {"rf_cold_pale_foot": true}}',
    '{"agee": 3}',
    "[1]",
    '{"sides": "three"}',
]


def run_batch(tmp_path: Path, *args: str) -> list[dict[str, object]]:
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(LINES) + "\n")
    result = runner.invoke(app, ["batch", str(source), *args])
    # Every record is written; 4 of the 6 lines could not be scored, which the status says (3).
    assert result.exit_code == 3, result.output
    # no progress display when stderr is not a terminal; one line for the lines that failed
    assert result.stderr == "error: 4 of 6 lines could not be scored; their records say why\n"
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_records_in_order_with_errors_by_line(tmp_path: Path) -> None:
    records = run_batch(tmp_path)
    assert [r["line"] for r in records] == [1, 3, 4, 5, 6, 7]
    assert records[0]["triage"] == {"level": "self_care"}
    assert records[0]["causes"][0] == {"id": "plantar_fasciitis", "score": 2.7, "likelihood": "likely"}  # type: ignore[index]
    assert records[1] == {
        "schema_version": 2,
        "line": 3,
        "error": "not valid JSON (column 1: Expecting value); write one JSON object of answers per line, in UTF-8",
    }
    assert records[2]["id"] == "x7" and records[2]["triage"] == {"level": "emergency"}
    assert records[2]["red_flags"] == ["rf_cold_pale_foot"]
    assert "unknown question 'agee' (did you mean 'age'?)" in str(records[3]["error"])
    assert records[4] == {"schema_version": 2, "line": 6, "error": "expected a JSON object of answers"}
    assert "'three' is not allowed" in str(records[5]["error"])


def test_jobs_give_the_same_records(tmp_path: Path) -> None:
    assert run_batch(tmp_path, "--jobs", "2") == run_batch(tmp_path)


def test_full_records_are_the_check_document(tmp_path: Path) -> None:
    record = run_batch(tmp_path, "--full")[0]
    check = runner.invoke(
        app,
        [
            "check",
            "--no-input",
            "--json",
            "-a",
            "age=50",
            "-a",
            "pain_area=heel_underside",
            "-a",
            "first_steps=yes",
        ],
    )
    assert record["result"] == json.loads(check.stdout)


def test_stdin_and_missing_file() -> None:
    piped = runner.invoke(app, ["batch", "-"], input='{"age": 40}\n')
    assert piped.exit_code == 0 and json.loads(piped.stdout)["line"] == 1
    missing = runner.invoke(app, ["batch", "nope.jsonl"])
    assert missing.exit_code == 2
    assert missing.stderr == "error: nope.jsonl: cannot read: No such file or directory\n"


def test_streams_in_a_real_process(tmp_path: Path) -> None:
    """Records come out while input is still arriving: batch does not read everything first."""
    process = subprocess.Popen(
        [sys.executable, "-m", "footspine", "batch", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write('{"age": 40}\n')
    process.stdin.flush()
    first = process.stdout.readline()  # would hang if batch waited for the end of input
    assert json.loads(first)["line"] == 1
    process.stdin.close()
    assert process.wait(timeout=30) == 0


@settings(max_examples=300, deadline=None)
@given(answer_sets())
def test_the_compact_record_is_the_full_result_in_brief(answers: dict[str, Any]) -> None:
    """`batch` ranks without building the explanation; what it writes must match what `check` shows."""
    line = json.dumps(KB.as_json(answers))
    record = score_line(1, line, KB, full=False)
    report = KB.score(answers)
    msgspec.convert(record, BatchRecord)  # the record is what docs/batch.schema.json describes
    assert record == {
        "schema_version": 2,
        "line": 1,
        "rules_sha256": report.rules_sha256,
        "triage": {"level": report.triage.level},
        "red_flags": [flag.id for flag in report.red_flags],
        "unanswered_red_flags": [flag.id for flag in report.unanswered_red_flags],
        "open_red_flags": [
            {"id": flag.id, "status": flag.status, "level": flag.level}
            for flag in report.unanswered_red_flags
        ],
        "causes": [
            {"id": cause.id, "score": cause.score, "likelihood": cause.likelihood} for cause in report.causes
        ],
        "details": sorted(
            (
                {"id": d.id, "score": d.score, "likelihood": d.likelihood, "under": cause.id}
                for cause in report.causes
                for d in cause.details
            ),
            key=lambda d: (-d["score"], d["id"]),
        ),
    }


def test_byte_order_mark_bad_bytes_and_deep_nesting_stay_on_their_line(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    deep = b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    source.write_bytes(b'\xef\xbb\xbf{"age": 40}\n{"sides": "\xff"}\n' + deep + b'\n{"age": 41}\n')
    result = runner.invoke(app, ["batch", str(source)])
    assert result.exit_code == 3, result.output  # two lines failed; their records say why
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["line"] for r in records] == [1, 2, 3, 4]
    assert "error" not in records[0] and "error" not in records[3]
    assert records[1]["error"].startswith("not UTF-8 text (bad byte at offset 11)")
    assert records[2]["error"].startswith("nested more than 64 levels deep;")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
answer_like = st.dictionaries(
    st.sampled_from([q.id for q in KB.all_questions] + ["id", "answers", "agee"]), json_values, max_size=6
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=60), answer_like.map(lambda d: json.dumps(d).encode())))
def test_any_line_gives_a_record_never_an_exception(line: bytes) -> None:
    record = score_line(7, line, KB, full=False)
    assert record["line"] == 7
    assert ("error" in record) != ("triage" in record)
    json.dumps(record)  # and the record is plain JSON


def test_a_file_is_scored_even_with_stdin_closed(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"age": 40}\n')
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        f"{sys.executable} -m footspine batch {source} <&-",
        shell=True, capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["line"] == 1
