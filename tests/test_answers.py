"""One parse/validate path for every answer source."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from footspine import answers as pipeline
from footspine.errors import AnswerError
from footspine.rules import Rules


@pytest.mark.parametrize(
    ("question_id", "raw", "expected"),
    [
        ("back", "yes", "yes"),
        ("back", " Y ", "yes"),
        ("back", False, "no"),
        ("back", "Not  sure", "unsure"),
        ("back", "don't know", "unsure"),
        ("leg", "below_knee", "below_knee"),
        ("where", "toe, heel", ("heel", "toe")),
        ("where", ["heel", "heel"], ("heel",)),
        ("age", "52", 52.0),
        ("age", 52, 52.0),
        ("age", "unsure", "unsure"),
    ],
)
def test_accepted_values(tiny: Rules, question_id: str, raw: Any, expected: Any) -> None:
    assert pipeline.parse_value(tiny.question_by_id[question_id], raw) == expected


@pytest.mark.parametrize(
    ("question_id", "raw", "message"),
    [
        ("back", "maybe", "back: 'maybe' is not allowed; expected yes or no, or unsure"),
        ("leg", "below_kne", "(did you mean 'below_knee'?)"),
        ("leg", "2", "'2' is not allowed"),
        ("where", "heel,ankle", "'ankle' is not allowed"),
        ("where", [], "is not allowed"),
        ("age", "200", "age: 200 is out of range; expected a number from 0 to 120 years"),
        ("age", float("nan"), "not allowed"),
        ("age", float("inf"), "not allowed"),
        ("age", True, "not allowed"),
        ("back", 1, "not allowed"),
    ],
)
def test_rejected_values(tiny: Rules, question_id: str, raw: Any, message: str) -> None:
    with pytest.raises(AnswerError, match=None) as info:
        pipeline.parse_value(tiny.question_by_id[question_id], raw)
    assert message in str(info.value)


def test_none_with_another_choice_is_refused_from_every_source(kb: Rules) -> None:
    """ "none" beside another choice contradicts itself, and a gate reading "none" (no weakness: the
    new-weakness warning sign is not asked) would act on it; a choice that only sounds exclusive
    ("no pain in the foot itself" beside the calf) is the person's own combination."""
    for source in (["none", "other"], "none,other"):
        with pytest.raises(
            AnswerError, match=r"weakness: 'none' \(no weakness in either foot or leg\) cannot go"
        ):
            pipeline.parse_value(kb.question_by_id["weakness"], source)
    with pytest.raises(AnswerError, match="cannot go with another choice"):
        kb.answers({"weakness": ["none", "tiptoe"]})  # an answers file's fast path
    assert kb.answers({"pain_area": ["calf", "none_in_foot"]})["pain_area"] == ("calf", "none_in_foot")


def test_numbers_pick_choices_only_at_the_prompt(tiny: Rules) -> None:
    leg = tiny.question_by_id["leg"]
    assert pipeline.parse_value(leg, "2", numbered=True) == "below_knee"
    with pytest.raises(AnswerError):
        pipeline.parse_value(leg, "3", numbered=True)


def test_flags(tiny: Rules) -> None:
    assert pipeline.from_flags(["age=40", "where=heel,toe"], tiny) == {"age": 40.0, "where": ("heel", "toe")}
    with pytest.raises(AnswerError, match="expected ID=VALUE"):
        pipeline.from_flags(["age"], tiny)
    with pytest.raises(AnswerError, match="unknown question 'ag' \\(did you mean 'age'\\?\\)"):
        pipeline.from_flags(["ag=4"], tiny)
    with pytest.raises(AnswerError, match="given twice"):
        pipeline.from_flags(["age=4", "age=5"], tiny)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no answers given"),
        ("[1]", "expected a JSON object"),
        ('{"age": 4,}', "f.json: not valid JSON (column 11: Expecting property name"),
        ('{"age": 4, "age": 5}', "'age' appears twice"),
        ('{"age": NaN}', "f.json: not valid JSON (NaN is not a JSON number)"),
        ('{"agee": 4}', "did you mean 'age'"),
        ('{"back": "perhaps"}', "f.json: back: 'perhaps' is not allowed"),
    ],
)
def test_bad_answer_documents(tiny: Rules, text: str, message: str) -> None:
    with pytest.raises(AnswerError) as info:
        pipeline.from_document(text, tiny, "f.json")
    assert message in str(info.value)


def test_null_leaves_a_question_open(tiny: Rules) -> None:
    assert pipeline.from_document('{"age": null, "back": true}', tiny, "f") == {"back": "yes"}


def test_answers_file_and_stdin(tiny: Rules, tmp_path: Path) -> None:
    file = tmp_path / "a.json"
    file.write_text('{"age": 33}')
    assert pipeline.read_answers_file(str(file), tiny, io.StringIO()) == {"age": 33.0}
    assert pipeline.read_answers_file("-", tiny, io.StringIO('{"back": "no"}')) == {"back": "no"}
    with pytest.raises(AnswerError, match="no such answers file"):
        pipeline.read_answers_file(str(tmp_path / "nope.json"), tiny, io.StringIO())
    with pytest.raises(AnswerError, match="stdin: no answers given"):
        pipeline.read_answers_file("-", tiny, io.StringIO(""))


def test_flags_beat_the_file() -> None:
    assert pipeline.merge({"a": "yes"}, {"a": "no", "b": "no"}) == {"a": "yes", "b": "no"}


def test_pending_follows_skip_logic(tiny: Rules) -> None:
    ids = lambda answers: [q.id for q in pipeline.pending(tiny, answers)]  # noqa: E731
    assert ids({}) == ["rf_cold", "rf_weak", "age", "where", "back", "leg"]
    assert "leg" not in ids({"back": "no"})
    assert "leg" in ids({"back": "unsure"})


def test_json_form_round_trips(tiny: Rules) -> None:
    answers = {"age": 40.0, "where": ("heel",), "back": "unsure"}
    written = pipeline.as_json(answers, tiny.kb)
    assert written == {"age": 40, "where": ["heel"], "back": "unsure"}
    import json

    assert pipeline.from_document(json.dumps(written), tiny, "f") == answers


def test_no_typed_at_a_prompt_means_the_none_choice_where_there_is_one() -> None:
    import footspine
    from footspine.answers import parse_value

    kb = footspine.load().kb
    assert parse_value(kb.question_by_id["leg_pain"], "no", numbered=True) == "none"
    assert parse_value(kb.question_by_id["weakness"], "N", numbered=True) == ("none",)
    with pytest.raises(footspine.AnswerError):
        parse_value(kb.question_by_id["sides"], "no", numbered=True)  # no "none" choice to mean
    with pytest.raises(footspine.AnswerError):
        parse_value(kb.question_by_id["leg_pain"], "no")  # from a flag or a file, ids as written


@pytest.mark.parametrize(
    ("typed", "age"),
    [
        ("thirty eight", 38.0),
        ("Thirty-Eight", 38.0),
        ("seventy years old", 70.0),
        ("a hundred and two", 102.0),
    ],
)
def test_an_age_in_words_is_read_as_its_number(kb: Rules, typed: str, age: float) -> None:
    assert kb.answers({"age": typed})["age"] == age


@pytest.mark.parametrize("typed", ["ten five", "thirty eighty", "hundred", "old"])
def test_words_that_are_not_one_number_are_refused(kb: Rules, typed: str) -> None:
    with pytest.raises(AnswerError, match="age"):
        kb.answers({"age": typed})
