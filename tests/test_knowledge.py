"""Loading and validating rule files: every problem is one line naming the file and the JSON path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from footspine.errors import RulesError
from footspine.knowledge import RulesSource, find_rules, load_rules

from .conftest import TINY, load_dict, tiny_rules


def broken(mutate: Any) -> str:
    data = tiny_rules()
    mutate(data)
    with pytest.raises(RulesError) as info:
        load_dict(data)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("rules.json: ")
    return message


def test_tiny_rules_load() -> None:
    kb = load_dict(TINY)
    assert [q.id for q in kb.all_questions] == ["rf_cold", "rf_weak", "age", "where", "back", "leg"]


def test_unknown_question_in_a_finding_names_the_path_and_a_suggestion() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["conditions"][1]["findings"][0]["when"] = {"eq": ["bak", "yes"]}

    assert broken(mutate) == (
        "rules.json: conditions[1].findings[0].when.eq: unknown question 'bak' (did you mean 'back'?)"
    )


def test_unknown_operator() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["conditions"][0]["findings"][0]["when"] = {"all": [{"equals": ["back", "yes"]}]}

    message = broken(mutate)
    assert "conditions[0].findings[0].when.all[0]: unknown operator 'equals'" in message


def test_duplicate_ids() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["questions"][1]["id"] = "age"

    assert "questions[1].id: duplicate id 'age' (first used at questions[0].id)" in broken(mutate)


def test_duplicate_condition_ids() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["conditions"][1]["id"] = "heel_thing"

    assert "conditions[1].id: duplicate id 'heel_thing'" in broken(mutate)


def test_wrong_type() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["conditions"][0]["findings"][0]["weight"] = "2.5"

    assert "conditions[0].findings[0].weight: expected a number" in broken(mutate)


def test_a_value_the_question_does_not_allow() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["conditions"][0]["findings"][0]["when"] = {"in": ["where", ["heal"]]}

    assert "'heal' is not an answer of 'where' (did you mean 'heel'?)" in broken(mutate)


def test_skip_condition_on_a_later_question() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["questions"][0]["ask_if"] = {"eq": ["back", "yes"]}

    assert "questions[0].ask_if.eq: 'back' is not asked before this question" in broken(mutate)


def test_eq_on_a_multiple_choice_question() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["conditions"][0]["findings"][0]["when"] = {"eq": ["where", "heel"]}

    assert "use 'in' instead of 'eq'" in broken(mutate)


def test_lr_and_weight_together() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["conditions"][0]["findings"][0]["lr"] = 2.0

    assert "exactly one of 'lr'" in broken(mutate)


def test_unknown_field_and_missing_field() -> None:
    def extra(d: dict[str, Any]) -> None:
        d["conditions"][0]["weigth"] = 1

    def missing(d: dict[str, Any]) -> None:
        del d["red_flags"][0]["source"]

    assert "rules.json: conditions[0]: unknown field 'weigth'; check its spelling" in broken(extra)
    assert "red_flags[0].source: required field missing" in broken(missing)


def test_a_removed_field_says_so_instead_of_asking_for_its_spelling() -> None:
    def old_margin(d: dict[str, Any]) -> None:
        d["adaptive"] = {"settled_margin": 1.0}

    def typo(d: dict[str, Any]) -> None:
        d["adaptive"] = {"min_gian": 0.01}

    assert "adaptive: 'settled_margin' was removed in rules 2026.12.2" in broken(old_margin)
    assert "delete it" in broken(old_margin) and "spelling" not in broken(old_margin)
    assert "adaptive: unknown field 'min_gian'; check its spelling" in broken(typo)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the rule file is empty"),
        ('{"schema_version": 1,}', "not valid JSON \\(column 22: Expecting property name"),
        ("[]", "the rule file must hold one JSON object"),
    ],
)
def test_not_a_rule_file(text: str, message: str) -> None:
    with pytest.raises(RulesError, match=message):
        load_rules(RulesSource("x.json", text))


def test_invalid_utf8_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"a": "\xff"}')
    with pytest.raises(RulesError, match="not UTF-8 text"):
        find_rules(bad)
    with pytest.raises(RulesError, match="no such rule file"):
        find_rules(tmp_path / "missing.json")


def test_environment_variable_is_used(tmp_path: Path) -> None:
    custom = tmp_path / "custom.json"
    custom.write_text(json.dumps(TINY))
    assert find_rules(None, {"FOOTSPINE_RULES": str(custom)}).label == str(custom)
    assert find_rules(None, {}).label != str(custom)
