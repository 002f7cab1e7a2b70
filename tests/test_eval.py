"""`footspine eval`: the metrics on inline cases, the public-vignette cases as a safety suite, bad case files."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from footspine.cli import app
from footspine.evaluation import Case, evaluate
from footspine.operators import evaluate as holds
from footspine.rules import Rules

from .conftest import ROOT, TINY

CASES = ROOT / "tests" / "cases"
runner = CliRunner()


def test_metrics_on_inline_cases(tiny: Rules) -> None:
    cases = [
        Case("a", {"where": ("heel",), "back": "no"}, ("heel_thing",), "self_care"),
        Case("b", {"where": ("heel",), "back": "no"}, ("back_thing",), "soon"),
        Case("c", {"rf_cold": "no"}, ("heel_thing",), "emergency"),
        Case("d", {"rf_cold": "yes", "where": ("toe",), "back": "yes"}, ("back_thing",), "urgent"),
    ]
    summary = evaluate(cases, tiny, adaptive=False)
    assert [r.rank for r in summary.results] == [1, None, None, 1]
    assert summary.top1 == 0.5
    assert summary.top3 == 0.5
    assert summary.triage_exact == 0.25
    assert [r.id for r in summary.unsafe] == ["c"]
    assert summary.results[1].under_triaged  # self_care given, soon expected
    assert summary.results[3].over_triaged  # emergency given, urgent expected
    assert summary.by_level()["emergency"] == {"cases": 1, "under_triage": 1}
    assert [r.id for r in summary.misses] == ["b", "c", "d"]


LEVEL = {"self_care": 0, "soon": 1, "urgent": 2, "emergency": 3}


def _share(results: list[dict[str, Any]], test: Any) -> float:
    return sum(1 for r in results if test(r)) / len(results)


def test_public_vignettes_meet_the_targets_and_never_under_triage() -> None:
    result = runner.invoke(app, ["eval", str(CASES), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["cases"] == 116
    full, adaptive = doc["full"], doc["adaptive"]
    for mode in (full, adaptive):
        assert mode["unsafe_under_triage"] == []
        assert mode["by_triage_level"]["emergency"] == {"cases": 27, "under_triage": 0}
        assert mode["by_triage_level"]["urgent"] == {"cases": 24, "under_triage": 0}
        results = mode["results"]
        # p01-p76, the calibration sets the rules were built on. Top-1 was 80 % before the warning
        # signs were asked one observation at a time: the calf question's "yes" (p01) and the
        # compartment question's (p46) now rank a clot and a compartment syndrome first, and two
        # emergencies (p44, p64) stop before their cause leads, emergency signs being asked first.
        known = [r for r in results if int(r["id"][1:]) <= 76]
        assert _share(known, lambda r: r["rank"] == 1) >= 0.77
        assert _share(known, lambda r: r["rank"] is not None and r["rank"] <= 3) >= 0.95
        self_care = [r for r in known if r["expected_triage"] == "self_care"]
        assert _share(self_care, lambda r: LEVEL[r["triage"]] > 0) <= 0.20
        emergencies = [r for r in results if r["expected_triage"] == "emergency"]
        assert all(r["triage"] == "emergency" for r in emergencies)
    # Three confirmed causes of p77-p116 are one-off labels, not conditions of the rules (Freiberg's
    # infraction, night cramps, a bruised nail bed); their triage still counts.
    assert len(adaptive["unknown_expected_causes"]) == 1
    # The adaptive interview: shorter, and (the emergency cases apart, where it stops at the
    # emergency by design) within 2 points of the full questionnaire.
    assert adaptive["questions_asked"]["median"] < full["questions_asked"]["median"]
    # A checklist records every item due on it, some the interview would not have asked one by one.
    assert adaptive["questions_asked"]["median"] <= 27

    def not_emergency(mode: dict[str, Any]) -> list[dict[str, Any]]:
        return [r for r in mode["results"] if r["expected_triage"] != "emergency"]

    top1 = [_share(not_emergency(m), lambda r: r["rank"] == 1) for m in (full, adaptive)]
    assert top1[0] - top1[1] <= 0.02
    assert full["triage_exact"] - adaptive["triage_exact"] <= 0.02
    # The screens a person meets (a checklist is one): the emergency stops the interview (14
    # questions before it did), and checklists ask several warning signs at once (24 before).
    screens = sorted(r["screens"] for r in adaptive["results"] if r["expected_triage"] == "emergency")
    assert screens[(len(screens) - 1) // 2] <= 10
    assert adaptive["screens"]["median"] <= 18
    # What a person meets, on all 116: the right cause first in 80 %, in the first three in 95 %.
    assert _share(adaptive["results"], lambda r: r["rank"] == 1) >= 0.80
    assert _share(adaptive["results"], lambda r: r["rank"] is not None and r["rank"] <= 3) >= 0.95


def test_every_red_flag_and_combination_scenario_gets_its_level() -> None:
    result = runner.invoke(app, ["eval", str(CASES / "red_flags"), "--json", "--fail-on-unsafe"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    rules = json.loads((ROOT / "data" / "conditions.json").read_text())
    covered = {f.stem for f in (CASES / "red_flags").glob("*.json")}
    assert len(covered) >= len(rules["combinations"]) + 20
    for mode in (doc["full"], doc["adaptive"]):
        assert mode["triage_exact"] == 1.0  # every scenario at exactly its level: none lower, none higher
    stenosis = next(r for r in doc["adaptive"]["results"] if r["id"] == "stenosis_long_standing_both_legs")
    assert stenosis["triage"] == "soon" and stenosis["rank"] == 1


def test_every_case_file_cites_its_source_and_answers_every_red_flag_that_applies(kb: Rules) -> None:
    for file in sorted(CASES.glob("*.json")):
        case = json.loads(file.read_text())
        assert case["id"] == file.stem
        assert "vignette" in case["source"] and "http" in case["source"]
        answers = kb.answers(case["answers"])
        for flag in kb.red_flags:
            applies = flag.ask_if is None or holds(flag.ask_if, answers) is True  # gate known to hold
            assert flag.id in answers or not applies, f"{file.name} leaves {flag.id} unanswered"


def test_human_eval_output_lists_figures_and_misses() -> None:
    result = runner.invoke(app, ["eval", *(str(CASES / f"p{n:02d}.json") for n in range(1, 77))])
    assert result.exit_code == 0
    assert "top-1 accuracy" in result.stdout
    assert re.search(r"under-triage of emergency/urgent cases +0 +0", result.stdout)
    assert "expected cause not in the rules" not in result.stdout
    assert "questions asked, median" in result.stdout
    assert "Misses, adaptive interview (" in result.stdout
    assert re.search(r"^p\d\d: rank [-\d]+, triage .+ \(expected .+\)$", result.stdout, re.M)
    assert max(len(line) for line in result.stdout.splitlines()) <= 80  # readable at 80 columns


def write_case(folder: Path, name: str, **changes: Any) -> Path:
    case: dict[str, Any] = {
        "id": name,
        "source": "test",
        "expected": {"causes": ["heel_thing"], "triage": "emergency"},
        "answers": {"rf_cold": "no", "where": ["heel"]},
    }
    case.update(changes)
    path = folder / f"{name}.json"
    path.write_text(json.dumps(case))
    return path


def test_fail_on_unsafe_exits_1(tmp_path: Path) -> None:
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps(TINY))
    write_case(tmp_path, "c1")
    result = runner.invoke(
        app, ["eval", str(tmp_path / "c1.json"), "--rules", str(rules), "--fail-on-unsafe"]
    )
    assert result.exit_code == 1
    assert "UNSAFE (full): under-triaged c1" in result.stdout
    relaxed = runner.invoke(app, ["eval", str(tmp_path / "c1.json"), "--rules", str(rules)])
    assert relaxed.exit_code == 0


def test_an_expected_cause_the_rules_do_not_know_is_listed_with_a_hint(tmp_path: Path) -> None:
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps(TINY))
    case = write_case(tmp_path, "c2", expected={"causes": ["heel_thng"], "triage": "soon"})
    result = runner.invoke(app, ["eval", str(case), "--rules", str(rules)])
    assert result.exit_code == 0, result.output
    assert "expected cause not in the rules: heel_thng (did you mean 'heel_thing'?) (c2)" in result.stdout
    as_json = json.loads(runner.invoke(app, ["eval", str(case), "--rules", str(rules), "--json"]).stdout)
    assert as_json["adaptive"]["unknown_expected_causes"] == {
        "heel_thng (did you mean 'heel_thing'?)": ["c2"]
    }
    assert as_json["adaptive"]["results"][0]["rank"] is None  # a miss, counted as one


def test_bad_case_files_are_one_line_errors(tmp_path: Path) -> None:
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps(TINY))
    bad_answer = write_case(tmp_path, "c3", answers={"wher": ["heel"]})
    bad_level = write_case(tmp_path, "c4", expected={"causes": ["heel_thing"], "triage": "now"})
    for path, message in [
        (bad_answer, "answers: unknown question 'wher' (did you mean 'where'?)"),
        (
            bad_level,
            "expected.triage: not an allowed value: 'now'; allowed: emergency, self_care, soon, urgent",
        ),
        (tmp_path / "missing", "no such case file or folder"),
    ]:
        result = runner.invoke(app, ["eval", str(path), "--rules", str(rules)])
        assert result.exit_code == 2, result.output
        assert message in result.stderr
        assert result.stderr.count("\n") == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no case files" in runner.invoke(app, ["eval", str(empty)]).stderr
