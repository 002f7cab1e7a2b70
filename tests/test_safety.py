"""The safety and bad-input suite: invariants on generated rule sets, a fuzzed loader, hostile input,
odd environments, files that are whole or absent, and no network or stray writes."""

from __future__ import annotations

import copy
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from footspine import savefile
from footspine.cli import app
from footspine.errors import RulesError, SaveError
from footspine.knowledge import MAX_RULES_BYTES, RulesSource, find_rules, load_rules
from footspine.model import LEVEL_RANK, UNSURE
from footspine.render_json import report_document
from footspine.render_report import html_page, markdown
from footspine.render_result import check_view
from footspine.render_text import make_console
from footspine.results import CheckResult
from footspine.rules import Rules, from_source

from .conftest import ROOT, RULES_PATH, only_supports

runner = CliRunner()
RESULT_SCHEMA = json.loads((ROOT / "docs" / "result.schema.json").read_text())
REAL_RULES = json.loads(RULES_PATH.read_text())
LEVELS = ["emergency", "urgent", "soon", "self_care"]
_deep = copy.deepcopy(REAL_RULES)
_deep["conditions"][0]["findings"][0]["when"] = "DEEP"
DEEP_RULES = json.dumps(_deep).replace('"DEEP"', '{"not": ' * 400 + '{"eq": ["age", 3]}' + "}" * 400).encode()

# --- Generated rule sets --------------------------------------------------------------------------


@st.composite
def rule_sets(draw: st.DrawFn) -> dict[str, Any]:
    """Small random but valid rule files: yes/no and single-choice questions, random findings."""
    n_flags = draw(st.integers(1, 3))
    n_questions = draw(st.integers(1, 4))
    flags = [
        {
            "id": f"rf{i}",
            "name": f"Flag {i}",
            "text": f"Flag {i}?",
            "help": "h",
            "level": draw(st.sampled_from(["emergency", "urgent"])),
            "advice": "Act.",
            "source": "generated",
        }
        for i in range(n_flags)
    ]
    questions = []
    for i in range(n_questions):
        if draw(st.booleans()):
            questions.append({"id": f"q{i}", "text": "?", "help": "h", "kind": "yes_no"})
        else:
            questions.append(
                {
                    "id": f"q{i}",
                    "text": "?",
                    "help": "h",
                    "kind": "single",
                    "choices": [{"id": "a", "text": "a"}, {"id": "b", "text": "b"}, {"id": "c", "text": "c"}],
                }
            )

    def comparison() -> dict[str, Any]:
        question = draw(st.sampled_from(questions + [{"id": f["id"], "kind": "yes_no"} for f in flags]))
        values = ["yes", "no"] if question["kind"] == "yes_no" else ["a", "b", "c"]
        if draw(st.booleans()):
            return {"eq": [question["id"], draw(st.sampled_from(values))]}
        return {
            "in": [
                question["id"],
                draw(st.lists(st.sampled_from(values), min_size=1, max_size=2, unique=True)),
            ]
        }

    def expression(depth: int) -> dict[str, Any]:
        kind = draw(st.sampled_from(["cmp", "cmp", "not", "all", "any"] if depth < 2 else ["cmp"]))
        if kind == "cmp":
            return comparison()
        if kind == "not":
            return {"not": expression(depth + 1)}
        return {kind: [expression(depth + 1) for _ in range(draw(st.integers(1, 3)))]}

    conditions = []
    for i in range(draw(st.integers(1, 4))):
        findings = [
            {
                "when": expression(0),
                "label": f"finding {i}.{j}",
                "weight": draw(st.floats(-3, 3, allow_nan=False).filter(lambda w: w != 0)),
                "source": "generated",
            }
            for j in range(draw(st.integers(1, 4)))
        ]
        findings[0]["weight"] = abs(findings[0]["weight"])
        conditions.append(
            {
                "id": f"c{i}",
                "name": f"Cause {i}",
                "origin": draw(st.sampled_from(["spinal", "local", "systemic_vascular"])),
                "description": "d",
                "prior": draw(st.floats(-2, 1, allow_nan=False)),
                "prior_source": "generated",
                "findings": findings,
                "treatment": ["rest"],
                "treatment_source": "generated",
                "seek_care": "if worse",
                "triage": draw(st.sampled_from(LEVELS)),
            }
        )
    return {
        "schema_version": 1,
        "rules_version": "generated",
        "disclaimer": "Not a diagnosis.",
        "default_triage": {"level": draw(st.sampled_from(LEVELS)), "reason": "Nothing stands out."},
        "likelihood_bands": [
            {"label": "likely", "min_score": 2, "sets_triage": True},
            {"label": "possible", "min_score": 0.5, "sets_triage": False},
            {"label": "less likely", "min_score": -100, "sets_triage": False},
        ],
        "red_flags": flags,
        "questions": questions,
        "conditions": conditions,
    }


@st.composite
def rules_and_answers(draw: st.DrawFn) -> tuple[Rules, dict[str, Any]]:
    kb = from_source(RulesSource("generated.json", json.dumps(draw(rule_sets()))))
    answers: dict[str, Any] = {}
    for question in kb.all_questions:
        if draw(st.booleans()):
            answers[question.id] = draw(st.sampled_from([*question.choice_ids, UNSURE]))
    return kb, answers


GENERATED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@GENERATED
@given(rules_and_answers())
def test_generated_rules_red_flags_win_and_are_never_read_as_no(
    case: tuple[Rules, dict[str, Any]],
) -> None:
    kb, answers = case
    report = kb.score(answers)
    for flag in kb.red_flags:
        value = answers.get(flag.id)
        if value == "yes":
            assert LEVEL_RANK[report.triage.level] >= LEVEL_RANK[flag.level]
            assert flag.id in {f.id for f in report.red_flags}
        assert (flag.id in {f.id for f in report.unanswered_red_flags}) == (value in (None, UNSURE))
    if report.red_flags:
        assert report.triage.reasons[0].code == "red_flag"
        assert [f.level for f in report.red_flags] == sorted(
            (f.level for f in report.red_flags), key=lambda lvl: -LEVEL_RANK[lvl]
        )


@GENERATED
@given(rules_and_answers())
def test_generated_rules_results_are_deterministic_sorted_finite_and_valid(
    case: tuple[Rules, dict[str, Any]],
) -> None:
    kb, answers = case
    first = kb.score(answers)
    assert first == kb.score(dict(reversed(list(answers.items()))))
    keys = [(-c.score, c.id) for c in first.causes]
    assert keys == sorted(keys)
    assert all(math.isfinite(c.score) for c in first.causes)
    document = report_document(first, kb.kb)
    assert json.loads(json.dumps(document)) == document
    jsonschema.validate(document, RESULT_SCHEMA)


@GENERATED
@given(rules_and_answers(), st.data())
def test_generated_rules_adding_a_supporting_answer_never_lowers_a_cause(
    case: tuple[Rules, dict[str, Any]], data: st.DataObject
) -> None:
    """An added answer that only makes positive findings of a cause hold never lowers that cause."""
    kb, answers = case
    condition = data.draw(st.sampled_from(kb.conditions))
    simple = [f for f in condition.findings if f.points > 0 and f.when.eq is not None]
    if not simple:
        return
    question_id, target = data.draw(st.sampled_from(simple)).when.eq  # type: ignore[misc]
    answers.pop(question_id, None)
    after_answers = {**answers, question_id: target}
    if not only_supports(condition, answers, after_answers):
        return
    before = {c.id: c.score for c in kb.score(answers).causes}
    after = {c.id: c.score for c in kb.score(after_answers).causes}
    assert condition.id in after
    assert after[condition.id] >= before.get(condition.id, -math.inf) - 1e-9


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules_and_answers())
def test_generated_rules_red_flag_heads_every_output(case: tuple[Rules, dict[str, Any]]) -> None:
    kb, answers = case
    flag = kb.red_flags[0]
    report = kb.score({**answers, flag.id: "yes"})
    level_word = report.triage.level.upper()
    from datetime import date

    text = markdown(CheckResult(report, kb.kb), date(2026, 1, 1))
    assert (
        text.index(level_word) < text.index(f"WARNING SIGN: {flag.name}") < text.index("## Possible causes")
    )
    assert level_word in text.rstrip().splitlines()[-1]  # and the urgency is the last line
    page = html_page(CheckResult(report, kb.kb), date(2026, 1, 1))
    assert page.index(level_word) < page.index("WARNING SIGN: ") < page.index("Possible causes")
    import io

    buffer = io.StringIO()
    make_console(buffer).print(check_view(CheckResult(report, kb.kb)))
    human = buffer.getvalue()
    assert level_word in human.split("\n", 1)[0]  # the summary's first line
    assert human.index("WARNING SIGN: ") < human.index("Possible causes")
    assert human.rstrip().splitlines()[-1].startswith(f"[{'!!!' if level_word == 'EMERGENCY' else '!!'}]")
    from footspine.fhir_result import risk_assessment

    fhir = json.loads(risk_assessment(CheckResult(report, kb.kb)))  # a clinic system's record
    assert fhir["extension"][0]["valueCode"] == report.triage.level
    advice = fhir["mitigation"]
    assert advice.index(level_word) < advice.index(f"WARNING SIGN: {flag.name}")
    assert level_word in advice[advice.rindex("[") :]  # and the urgency is the last sentence


# --- The loader, fuzzed and fed hostile files ------------------------------------------------------


def mutate(data: Any, draw: st.DrawFn) -> Any:
    """One random structural change somewhere in a JSON value."""
    if isinstance(data, dict) and data and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(data)))
        action = draw(st.sampled_from(["delete", "recurse", "replace", "rename"]))
        if action == "delete":
            del data[key]
        elif action == "rename":
            data[key + draw(st.sampled_from(["x", "_", "s"]))] = data.pop(key)
        elif action == "replace":
            data[key] = draw(JSON_VALUES)
        else:
            data[key] = mutate(data[key], draw)
        return data
    if isinstance(data, list) and data and draw(st.booleans()):
        index = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["delete", "recurse", "duplicate", "replace"]))
        if action == "delete":
            del data[index]
        elif action == "duplicate":
            data.append(copy.deepcopy(data[index]))
        elif action == "replace":
            data[index] = draw(JSON_VALUES)
        else:
            data[index] = mutate(data[index], draw)
        return data
    return draw(JSON_VALUES)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


@st.composite
def mutated_rules(draw: st.DrawFn) -> str:
    data = copy.deepcopy(REAL_RULES)
    for _ in range(draw(st.integers(1, 3))):
        data = mutate(data, draw)
    return json.dumps(data)


@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_rules())
def test_fuzzed_rule_files_load_or_fail_with_one_line(text: str) -> None:
    try:
        kb = from_source(RulesSource("fuzz.json", text))
    except RulesError as exc:
        assert str(exc).startswith("fuzz.json: ") and "\n" not in str(exc)
        return
    kb.score({})  # a file that loads must also score


@settings(max_examples=200, deadline=2000)
@given(st.integers(0, len(RULES_PATH.read_bytes()) - 1), st.binary(min_size=1, max_size=4), st.booleans())
def test_byte_level_damage_loads_or_fails_with_one_line(position: int, junk: bytes, truncate: bool) -> None:
    raw = RULES_PATH.read_bytes()
    damaged = raw[:position] if truncate else raw[:position] + junk + raw[position + len(junk) :]
    try:
        text = damaged.decode("utf-8")
    except UnicodeDecodeError:
        return  # covered by the UTF-8 check in find_rules (test below)
    try:
        load_rules(RulesSource("damaged.json", text))
    except RulesError as exc:
        assert "\n" not in str(exc)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (bytes(range(256)) * 4, "not UTF-8 text"),
        (b"\x00\x01binary", "not valid JSON (column 1: Expecting value)"),
        (b"", "the rule file is empty"),
        (b"   \n", "the rule file is empty"),
        (b"[]", "must hold one JSON object"),
        (b"42", "must hold one JSON object"),
        (DEEP_RULES, "nested more than 32 levels deep"),
        (b'{"\\n\\u001b[2J": 1}', "unknown field '\\n\\x1b[2J'"),  # control characters in a key
    ],
)
def test_hostile_rule_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "rules.json"
    path.write_bytes(content)
    result = runner.invoke(app, ["rules", "validate", str(path)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_huge_rule_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as file:
        file.truncate(MAX_RULES_BYTES + 1)
    with pytest.raises(RulesError, match="too large for a rule file"):
        find_rules(path)


def test_a_skip_rule_cannot_refer_to_itself_or_later_questions(tmp_path: Path) -> None:
    data = copy.deepcopy(REAL_RULES)
    data["questions"][0]["ask_if"] = {"eq": [data["questions"][0]["id"], 50]}
    path = tmp_path / "cycle.json"
    path.write_text(json.dumps(data))
    result = runner.invoke(app, ["rules", "validate", str(path)])
    assert result.exit_code == 2
    assert "is not asked before this question" in result.stderr


def test_rule_text_is_data_never_markup_or_code(tmp_path: Path) -> None:
    data = copy.deepcopy(REAL_RULES)
    marker = tmp_path / "pwned"
    data["conditions"][0]["name"] = f"[bold red]x[/] {{__import__('os').system('touch {marker}')}}"
    data["disclaimer"] = "[link=file:///etc/passwd]click[/link] ${HOME} `id`"
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(data))
    result = runner.invoke(
        app, ["check", "--no-input", "--rules", str(path), "-a", "leg_pain=below_knee", "-a", "back_pain=yes"]
    )
    assert result.exit_code == 0, result.output
    assert f"[bold red]x[/] {{__import__('os').system('touch {marker}')}}" in " ".join(result.stdout.split())
    assert "[link=file:///etc/passwd]click[/link] ${HOME} `id`" in result.stdout
    assert not marker.exists()


# --- Answers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["-a", "age=nan"], None, "age: 'nan' is not allowed"),
        (["-a", "age=inf"], None, "age: 'inf' is not allowed"),
        (["-a", "age=-1e309"], None, "is not allowed"),
        (["-a", "age=40", "-a", "age=41"], None, "'age' is given twice with different values"),
        (["--answers", "-"], '{"age": 40, "age": 41}', "'age' appears twice"),
        (["--answers", "-"], '{"age": Infinity}', "Infinity is not a JSON number"),
        (["--answers", "-"], '{"age": 1' + "0" * 400 + "}", "...' is not allowed; expected a number"),
        (["--answers", "-"], '"just a string"', "expected a JSON object"),
        (["--answers", "-"], "", "stdin: no answers given"),
        (["--answers", "-"], '{"pain_area": []}', "is not allowed"),
        (["--answers", "-"], '{"pain_area": [3]}', "is not allowed"),
        (["--answers", "-"], '{"back_pain": {"nested": true}}', "is not allowed"),
    ],
)
def test_hostile_answers(args: list[str], stdin: str | None, message: str) -> None:
    result = runner.invoke(app, ["check", "--no-input", "--json", *args], input=stdin)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1


# --- Environments ----------------------------------------------------------------------------------


def footspine(
    *args: str, env: dict[str, str] | None = None, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    full_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "footspine", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
        **kwargs,
    )


def test_stdout_closed_early_is_quiet() -> None:
    pipeline = subprocess.run(
        f"{sys.executable} -m footspine questions | head -1",
        shell=True,
        capture_output=True,
        text=True,
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert pipeline.stdout == "footspine questions, in the order they are asked\n"
    assert pipeline.stderr == ""


@pytest.mark.parametrize(
    "env",
    [
        {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"},
        {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "latin-1"},
        {"TERM": "dumb"},
        {"COLUMNS": "40"},
        {"NO_COLOR": "1", "FORCE_COLOR": "1"},
    ],
)
def test_odd_terminals_get_readable_output(env: dict[str, str]) -> None:
    result = footspine(
        "check", "--no-input", "-a", "rf_cold_pale_foot=yes", "-a", "pain_area=heel_underside", env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "EMERGENCY" in result.stdout
    if "COLUMNS" in env:
        assert max(len(line) for line in result.stdout.splitlines()) <= 40
    if "NO_COLOR" in env:
        assert "\x1b[3" not in result.stdout.replace("\x1b[3m", "")
    if env.get("TERM") == "dumb":
        assert "\x1b[" not in result.stdout


# --- Files: whole or absent ------------------------------------------------------------------------


def test_a_failed_write_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "answers.json"

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(savefile.os, "fsync", broken_fsync)
    with pytest.raises(SaveError, match="No space left on device"):
        savefile.write_private(target, "{}", force=False)
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_write_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "answers.json"
    target.write_text("old")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(savefile.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        savefile.write_private(target, "new", force=True)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["answers.json"]


def test_a_killed_process_leaves_no_partial_file(tmp_path: Path) -> None:
    """SIGKILL in the middle of writing: the name either does not exist or holds the whole text."""
    target = tmp_path / "big.json"
    script = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from footspine import savefile\n"
        "real = os.fsync\n"
        "def slow(fd):\n"
        "    print('writing', flush=True); time.sleep(30); real(fd)\n"
        "savefile.os.fsync = slow\n"
        f"savefile.write_private(Path({str(target)!r}), 'x' * 1_000_000, force=False)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env={"PYTHONPATH": str(ROOT)}
    )
    assert process.stdout is not None and process.stdout.readline() == "writing\n"
    process.kill()
    process.wait()
    assert not target.exists()


# --- Privacy ---------------------------------------------------------------------------------------

NO_NETWORK = """
import socket
def _refuse(*args, **kwargs):
    raise RuntimeError("footspine tried to open a network connection")
socket.socket = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
"""


def test_no_network_and_no_writes_outside_what_was_asked_or_the_cache(tmp_path: Path) -> None:
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(NO_NETWORK)
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    cases = ROOT / "tests" / "cases"
    answers = tmp_path / "answers.jsonl"
    answers.write_text('{"age": 40}\n')
    env = {
        "PYTHONPATH": f"{guard}{os.pathsep}{ROOT}",
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }
    os.chmod(home, 0o555)
    os.chmod(work, 0o555)
    try:
        for args in (
            ["check", "--no-input", "--json", "-a", "age=40"],
            ["check", "--no-input", "-a", "pain_area=heel_underside"],
            ["questions", "--json"],
            ["conditions"],
            ["map", "--roots"],
            ["rules", "validate", "--strict"],
            ["rules", "explain", "gout"],
            ["eval", str(cases)],
            ["batch", str(answers)],
        ):
            result = footspine(*args, env=env, cwd=work)
            assert result.returncode == 0, (args, result.stderr)
            assert "network connection" not in result.stderr
        check = subprocess.run(  # the guard really is active in these processes
            [sys.executable, "-c", "import socket; socket.socket()"],
            capture_output=True,
            text=True,
            env=env,
            timeout=30,
        )
        assert "footspine tried to open a network connection" in check.stderr
    finally:
        os.chmod(home, 0o755)
        os.chmod(work, 0o755)
    # Nothing but the validated rules' copy in footspine's own cache folder (see rulecache.py).
    kept = [p.relative_to(home) for p in home.rglob("*") if p.is_file()]
    assert [str(p.parent) for p in kept] == [".cache/footspine"]
    assert kept[0].name.startswith("rules-") and kept[0].suffix == ".msgpack"
    assert list(work.iterdir()) == []
    untouched = tmp_path / "untouched"
    untouched.mkdir()
    quiet = {
        **env,
        "HOME": str(untouched),
        "XDG_CACHE_HOME": str(untouched / ".cache"),
        "FOOTSPINE_NO_CACHE": "1",
    }
    assert footspine("check", "--no-input", "--json", env=quiet, cwd=work).returncode == 0
    assert list(untouched.iterdir()) == []  # FOOTSPINE_NO_CACHE=1: nothing written at all
