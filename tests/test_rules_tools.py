"""Tools for rule authors: schema, validate with lint, explain, the content hash, shell completion."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import jsonschema
from typer.testing import CliRunner

from footspine.cli import app
from footspine.cli_common import complete_answer

from .conftest import RULES_PATH, TINY, tiny_rules

runner = CliRunner()


def schema() -> dict[str, Any]:
    result = runner.invoke(app, ["rules", "schema"])
    assert result.exit_code == 0
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_schema_accepts_the_shipped_rules_and_rejects_a_bad_operator() -> None:
    rules = json.loads(RULES_PATH.read_text())
    jsonschema.validate(rules, schema())
    rules["conditions"][0]["findings"][0]["when"] = {"equals": ["age", 3]}
    try:
        jsonschema.validate(rules, schema())
    except jsonschema.ValidationError as exc:
        assert "equals" in str(exc.message) or exc.validator in ("additionalProperties", "minProperties")
    else:
        raise AssertionError("the schema let an unknown operator through")


def test_validate_lints_with_paths_and_strict_exit_codes(tmp_path: Path) -> None:
    data = tiny_rules()
    data["questions"].append({"id": "unused", "text": "Unused?", "help": "h", "kind": "yes_no"})
    data["questions"].append(
        {
            "id": "never",
            "text": "Never?",
            "help": "h",
            "kind": "yes_no",
            "ask_if": {"all": [{"eq": ["back", "yes"]}, {"eq": ["back", "no"]}]},
        }
    )
    data["conditions"][0]["findings"][0]["weight"] = 9.0
    data["conditions"][1]["findings"] = [
        {
            "when": {"gte": ["age", 70]},
            "label": "old",
            "weight": 1.0,
            "context": True,
            "source": "consensus text",
        },
        {"when": {"eq": ["never", "yes"]}, "label": "never", "weight": -1.0, "source": "s"},
    ]
    path = tmp_path / "lint.json"
    path.write_text(json.dumps(data))
    plain = runner.invoke(app, ["rules", "validate", str(path)])
    assert plain.exit_code == 0
    assert plain.stdout == (
        f"ok: {path} is valid (rules test: 2 red flags, 6 questions, 2 conditions; 15 warnings)\n"
    )
    warnings = [line for line in plain.stderr.splitlines() if line.startswith("warning: ")]
    # The five planted above, 'leg' (which no finding of the tiny rules reads), six one-letter
    # sources, the two red flags' one-letter advice, and 'back_thing', which can never be likely.
    assert len(warnings) == 15, warnings
    assert f"warning: {path}: red_flags[0].advice: advice is too short to act on or find again" in warnings
    assert plain.stderr == "".join(f"{line}\n" for line in warnings)
    expected = [
        f"warning: {path}: questions[4]: 'unused' is asked, but no finding or skip rule reads it",
        f"warning: {path}: questions[5].ask_if: can never be true, so 'never' is never asked",
        f"warning: {path}: conditions[1]: 'back_thing' has no supporting symptom finding (only context or negative ones), so it is never suggested",
        f"warning: {path}: conditions[0].findings[0].weight: 9 is 9.0 points; findings beyond 4 are almost always typos",
        f"warning: {path}: conditions[1].findings[1].source: source 's' is too short to find again",
        f"warning: {path}: conditions[1]: 'back_thing' can score at most 1.00 (possible), so it is never 'likely'; give its typical findings their weight",
    ]
    for line in expected:
        assert line in warnings, (line, warnings)
    strict = runner.invoke(app, ["rules", "validate", str(path), "--strict"])
    assert strict.exit_code == 1
    json_run = runner.invoke(app, ["rules", "validate", str(path), "--json"])
    assert json_run.exit_code == 0
    as_json = json.loads(json_run.stdout)
    assert as_json["valid"] is True
    assert as_json["errors"] == []
    assert len(as_json["warnings"]) == len(warnings)


def test_validate_lists_every_error_as_json(tmp_path: Path) -> None:
    data = tiny_rules()
    data["conditions"][0]["findings"][0]["when"] = {"eq": ["bak", "yes"]}
    data["conditions"][1]["findings"][0]["when"] = {"in": ["where", ["heal"]]}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    result = runner.invoke(app, ["rules", "validate", str(path), "--json"])
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["valid"] is False
    assert doc["errors"] == [
        "conditions[0].findings[0].when.eq: unknown question 'bak' (did you mean 'back'?)",
        "conditions[1].findings[0].when.in: 'heal' is not an answer of 'where' (did you mean 'heel'?); allowed: heel, toe",
    ]


def test_the_shipped_rules_are_lint_clean() -> None:
    result = runner.invoke(app, ["rules", "validate", "--strict", "--json"])
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["warnings"] == []


def test_explain() -> None:
    human = runner.invoke(app, ["rules", "explain", "lumbar_spinal_stenosis"])
    assert human.exit_code == 0
    assert "Prior: -0.30" in human.stdout
    assert "+2.00" in human.stdout and "LR 7.4" in human.stdout
    assert "Suri et al., JAMA 2010" in human.stdout
    doc = json.loads(runner.invoke(app, ["rules", "explain", "gout", "--json"]).stdout)
    findings = doc["condition"]["findings"]
    assert {k: v for k, v in findings[1].items() if k != "source"} == {
        "finding": "Male",
        "when": "sex = male and local_signs in {swollen, red, hot}",
        "points": 1.0,
        "likelihood_ratio": None,
        "context": True,
        "group": None,
    }
    pad = json.loads(runner.invoke(app, ["rules", "explain", "peripheral_arterial_disease", "--json"]).stdout)
    assert [g["id"] for g in pad["condition"]["groups"]] == ["pad_limb_signs"]
    assert pad["condition"]["age_priors"][0]["max_age"] == 39
    shown = " ".join(runner.invoke(app, ["rules", "explain", "peripheral_arterial_disease"]).stdout.split())
    assert "[group pad_limb_signs: only the strongest that holds counts]" in shown
    assert "Prior -2.50 when age <= 39" in shown
    unknown = runner.invoke(app, ["rules", "explain", "stenosis"])
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith(
        "error: unknown condition 'stenosis' (did you mean 'lumbar_spinal_stenosis'?)"
    )


def test_every_json_result_carries_the_rules_hash(tmp_path: Path) -> None:
    digest = hashlib.sha256(RULES_PATH.read_bytes()).hexdigest()
    for args in (["check", "--no-input", "--json"], ["questions", "--json"], ["conditions", "--json"]):
        assert json.loads(runner.invoke(app, args).stdout)["rules_sha256"] == digest
    custom = tmp_path / "tiny.json"
    custom.write_text(json.dumps(TINY))
    other = json.loads(runner.invoke(app, ["check", "--no-input", "--json", "--rules", str(custom)]).stdout)
    assert other["rules_sha256"] == hashlib.sha256(custom.read_bytes()).hexdigest()


def test_completion_offers_question_ids_then_values() -> None:
    assert complete_answer("pain_ar") == ["pain_area="]
    assert complete_answer("sides=") == ["sides=one_foot", "sides=both_feet", "sides=unsure"]
    assert complete_answer("sides=b") == ["sides=both_feet"]
    assert complete_answer("nope=") == []
    assert "rf_saddle_numbness=" in complete_answer("rf_")


def test_the_lint_flags_a_warning_sign_that_joins_conditions_excludes_or_reads_hard() -> None:
    from footspine.lint import lint
    from footspine.readability import grade

    from .conftest import load_dict, tiny_rules

    data = tiny_rules()
    data["red_flags"][0]["text"] = "Is the foot cold and pale, with no injury to explain it?"
    data["red_flags"][1]["text"] = (
        "Notwithstanding previously established musculoskeletal abnormalities, is neurological "
        "deterioration progressively compromising ambulation?"
    )
    warnings = [str(w) for w in lint(load_dict(data))]
    assert (
        "red_flags[0].text: 'rf_cold' joins conditions with 'and': ask one observation, combine in 'combinations'"
        in warnings
    )
    assert "red_flags[0].text: 'rf_cold' has an exclusion clause: put the exception in 'ask_if'" in warnings
    assert any(w.startswith("red_flags[1].text: 'rf_weak' reads at grade") for w in warnings)
    assert not any(w.startswith("red_flags[0].text: 'rf_cold' reads at grade") for w in warnings)
    assert grade("Is the foot cold?") < 8 < grade(data["red_flags"][1]["text"])
    # "and" outside the question itself (an instruction before it) is not a joined condition
    data["red_flags"][0]["text"] = "Press the heel and the arch. Does it hurt?"
    assert not any("joins conditions" in str(w) for w in lint(load_dict(data)))
