"""The Python API: footspine.load() and the Rules object are the one way in, with the CLI's checks."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

import footspine
from footspine.answers import ValidAnswers

from .conftest import ROOT


@pytest.fixture(scope="module")
def rules() -> footspine.Rules:
    return footspine.load()


def test_the_readme_example_runs() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Use it from Python", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code.group(1), "README.md", "exec"), {})
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("self_care ['plantar_fasciitis'")
    assert "rf_cold_pale_foot" in lines[1]
    assert lines[2] == ("answers: rf_cold_pale_foot: 'perhaps' is not allowed; expected yes or no, or unsure")


@pytest.mark.parametrize("value", [True, "yes", "Yes", " YES ", "y"])
def test_a_red_flag_yes_in_any_form_is_raised(rules: footspine.Rules, value: object) -> None:
    report = rules.score({"rf_cold_pale_foot": value})
    assert report.triage.level == "emergency"
    assert [flag.id for flag in report.red_flags] == ["rf_cold_pale_foot"]
    assert "rf_cold_pale_foot" not in {flag.id for flag in report.unanswered_red_flags}


def test_whole_and_decimal_numbers_score_alike(rules: footspine.Rules) -> None:
    base = {"pain_area": ["heel_underside"], "walking": "eases_sitting_or_bending"}
    assert rules.score({**base, "age": 75}) == rules.score({**base, "age": 75.0})


def test_several_choices_as_a_list_or_a_tuple(rules: footspine.Rules) -> None:
    as_list = rules.score({"pain_area": ["heel_underside", "arch"]})
    assert as_list == rules.score({"pain_area": ("arch", "heel_underside")})
    assert as_list == rules.score({"pain_area": "heel_underside,arch"})


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"agee": 40}, "answers: unknown question 'agee' (did you mean 'age'?)"),
        ({"age": 500}, "answers: age: 500 is out of range; expected a number from 0 to 110 years, or unsure"),
        ({"age": "5_8"}, "answers: age: '5_8' is not allowed"),
        ({"sides": ["one_foot"]}, "answers: sides: '[\"one_foot\"]' is not allowed"),
        ({"rf_cold_pale_foot": {"x": 1}}, "answers: rf_cold_pale_foot: '{\"x\": 1}' is not allowed"),
        ('{"age": 40, "age": 41}', "answers: 'age' appears twice in one object"),
    ],
)
def test_bad_answers_raise_the_clis_messages(rules: footspine.Rules, answers: object, message: str) -> None:
    with pytest.raises(footspine.AnswerError) as info:
        rules.score(answers)  # type: ignore[arg-type]
    assert str(info.value).startswith(message)


def test_validated_answers_are_immutable_and_tied_to_their_rules(rules: footspine.Rules) -> None:
    answers = rules.answers({"age": 40, "rf_cold_pale_foot": "no"})
    assert isinstance(answers, ValidAnswers) and answers == {"age": 40.0, "rf_cold_pale_foot": "no"}
    with pytest.raises(TypeError):
        answers["rf_cold_pale_foot"] = "Yes"  # type: ignore[index]
    with pytest.raises(TypeError):
        answers.update(rf_cold_pale_foot="Yes")
    assert rules.answers(answers) is answers  # not validated twice
    other = footspine.load(ROOT / "data" / "conditions.json")
    assert other.sha256 == rules.sha256 and other.answers(answers) is answers


def test_the_rules_say_where_they_came_from(rules: footspine.Rules) -> None:
    assert rules.source == "the packaged rule file" or rules.source.endswith("conditions.json")
    assert re.fullmatch("[0-9a-f]{64}", rules.sha256)
    assert rules.version == rules.rules_version and len(rules.red_flags) >= 10
    with pytest.raises(footspine.RulesError, match="no such rule file"):
        footspine.load("/nonexistent/rules.json")
