"""footspine's questionnaire as FHIR R4 (fhir.py): the exported Questionnaire is a valid resource,
its skip logic shows an item exactly when footspine would ask it, and a QuestionnaireResponse comes
back through the same answers pipeline as footspine's own answer files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fhir.resources.R4B.questionnaire import Questionnaire
from fhirpathpy import compile as fhirpath
from fhirpathpy.models import models
from hypothesis import given, settings
from typer.testing import CliRunner

from footspine.cli import app
from footspine.fhir import ANSWER_SYSTEM, CANONICAL, EXPRESSION, questionnaire
from footspine.kinds import UNSURE
from footspine.operators import compiled

from .test_properties import KB, answer_sets

runner = CliRunner()
EXPORTED = questionnaire(KB.kb)
ITEMS = {item["linkId"]: item for item in EXPORTED["item"]}
EXPRESSIONS = {  # each item's enableWhenExpression, compiled once with the R4 model
    item["linkId"]: fhirpath(extension["valueExpression"]["expression"], models["r4"])
    for item in EXPORTED["item"]
    for extension in item.get("extension", ())
    if extension["url"] == EXPRESSION
}


def response(answers: dict[str, Any], version: str | None = None) -> dict[str, Any]:
    """The QuestionnaireResponse a form engine would return for these answers."""
    items = []
    for question in KB.kb.all_questions:
        value = answers.get(question.id)
        if value is None:
            continue
        if question.kind == "number":
            given_answers = [] if value == UNSURE else [{"valueInteger": int(value)}]
        else:
            codes = value if isinstance(value, (tuple, list)) else [value]
            given_answers = [{"valueCoding": {"system": ANSWER_SYSTEM, "code": code}} for code in codes]
        if given_answers:
            items.append({"linkId": question.id, "answer": given_answers})
    return {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "questionnaire": f"{CANONICAL}|{version or KB.kb.rules_version}",
        "item": items,
    }


def enabled(item: dict[str, Any], filled: dict[str, Any]) -> bool:
    """Whether a form engine shows the item (FHIR R4 enableWhen, or the SDC expression)."""
    if item["linkId"] in EXPRESSIONS:
        return EXPRESSIONS[item["linkId"]](filled, {"resource": filled}) == [True]
    if "enableWhen" not in item:
        return True
    given_answers = {i["linkId"]: i["answer"] for i in filled["item"]}
    results = []
    for when in item["enableWhen"]:
        answers = given_answers.get(when["question"], [])
        if when["operator"] == "exists":
            results.append(bool(answers) == when["answerBoolean"])
        elif "answerCoding" in when:
            results.append(
                any(a.get("valueCoding", {}).get("code") == when["answerCoding"]["code"] for a in answers)
            )
        else:
            limit = when["answerInteger"]
            numbers = [a["valueInteger"] for a in answers if "valueInteger" in a]
            results.append(any(n >= limit if when["operator"] == ">=" else n <= limit for n in numbers))
    return any(results) if item.get("enableBehavior") == "any" else all(results)


def test_the_exported_questionnaire_is_a_valid_fhir_resource() -> None:
    parsed = Questionnaire.model_validate(EXPORTED)
    assert parsed.version == KB.kb.rules_version and parsed.url == CANONICAL
    assert [i.linkId for i in parsed.item] == [q.id for q in KB.kb.all_questions]
    assert EXPORTED["identifier"][0]["value"] == KB.sha256 == EXPORTED["meta"]["tag"][0]["code"]
    flagged = {i["linkId"] for i in EXPORTED["item"] if i.get("code", [{}])[0].get("code") == "warning-sign"}
    assert flagged == {flag.id for flag in KB.kb.red_flags}
    saddle = ITEMS["rf_saddle_numbness"]
    assert [o["valueCoding"]["code"] for o in saddle["answerOption"]] == ["yes", "no", UNSURE]
    assert ITEMS["pain_area"]["repeats"] is True and ITEMS["age"]["type"] == "integer"


@settings(max_examples=40, deadline=None)
@given(answer_sets())
def test_a_form_shows_an_item_exactly_when_footspine_would_ask_it(raw: dict[str, Any]) -> None:
    """footspine asks a gated question unless the answers so far make its gate false (an
    unanswered or "not sure" earlier answer leaves it asked): the form shows the same items."""
    answers = dict(KB.answers(raw))
    filled = response(answers)
    for question in KB.kb.all_questions:
        if question.ask_if is None:
            continue
        asked = compiled(question.ask_if)(answers) is not False
        assert enabled(ITEMS[question.id], filled) == asked, question.id


@settings(max_examples=25, deadline=None)
@given(answer_sets())
def test_a_response_gives_the_result_the_same_answers_give(raw: dict[str, Any]) -> None:
    """The same result, field by field; a number left "not sure" comes back unanswered (a FHIR
    integer item has no "not sure"), which scores alike."""
    numbers = {q.id for q in KB.kb.all_questions if q.kind == "number"}
    answers = KB.answers({k: v for k, v in raw.items() if not (k in numbers and v == UNSURE)})
    direct = runner.invoke(
        app, ["check", "--no-input", "--json", "--answers", "-"], input=json.dumps(raw_json(answers))
    )
    through = runner.invoke(
        app, ["check", "--no-input", "--json", "--answers", "-"], input=json.dumps(response(dict(answers)))
    )
    assert through.exit_code == direct.exit_code == 0, through.output
    assert json.loads(through.stdout) == json.loads(direct.stdout)


def raw_json(answers: Any) -> dict[str, Any]:
    from footspine.answers import as_json

    return as_json(answers, KB.kb)


def test_a_response_to_another_rules_version_is_refused_in_one_line() -> None:
    result = runner.invoke(
        app, ["check", "--no-input", "--json", "--answers", "-"], input=json.dumps(response({}, "2020.1.1"))
    )
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "version '2020.1.1'" in result.stderr and "footspine export questionnaire" in result.stderr


def test_another_fhir_resource_is_not_answers() -> None:
    result = runner.invoke(
        app, ["check", "--no-input", "--answers", "-"], input='{"resourceType": "Patient"}'
    )
    assert result.exit_code == 2 and "'Patient' is not answers" in result.stderr


def test_a_response_in_a_batch_line_is_scored() -> None:
    line = json.dumps(response({"rf_saddle_numbness": "yes", "back_pain": "yes"}))
    result = runner.invoke(app, ["batch", "-"], input=line + "\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["triage"]["level"] == "emergency"


def test_export_writes_the_questionnaire_to_stdout_or_a_private_file(tmp_path: Path) -> None:
    shown = runner.invoke(app, ["export", "questionnaire"])
    assert shown.exit_code == 0 and json.loads(shown.stdout) == EXPORTED
    target = tmp_path / "q.json"
    written = runner.invoke(app, ["export", "questionnaire", "-o", str(target)])
    assert written.exit_code == 0 and written.stdout == ""
    assert json.loads(target.read_text()) == EXPORTED and oct(target.stat().st_mode & 0o777) == "0o600"
    again = runner.invoke(app, ["export", "questionnaire", "-o", str(target)])
    assert again.exit_code != 0 and "--force" in again.stderr


def test_save_with_a_fhir_name_writes_a_response_that_check_reads_back(tmp_path: Path) -> None:
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    saved = tmp_path / "answers.fhir.json"
    flags = ["-a", "age=60", "-a", "rf_cold_pale_foot=yes", "-a", "pain_area=toes,heel_underside"]
    first = runner.invoke(app, ["check", "--no-input", "--json", *flags, "--save", str(saved)])
    assert first.exit_code == 0, first.output
    document = json.loads(saved.read_text())
    QuestionnaireResponse.model_validate(document)
    assert document["questionnaire"] == f"{CANONICAL}|{KB.kb.rules_version}"
    again = runner.invoke(app, ["check", "--no-input", "--json", "--answers", str(saved)])
    assert json.loads(again.stdout) == json.loads(first.stdout)


def test_report_with_a_fhir_name_writes_a_risk_assessment(tmp_path: Path) -> None:
    from fhir.resources.R4B.riskassessment import RiskAssessment

    target = tmp_path / "result.fhir.json"
    flags = ["-a", "age=60", "-a", "rf_cold_pale_foot=yes"]
    result = runner.invoke(app, ["check", "--no-input", "--json", *flags, "--report", str(target)])
    assert result.exit_code == 0, result.output
    document = json.loads(target.read_text())
    assessment = RiskAssessment.model_validate(document)
    shown = json.loads(result.stdout)
    assert document["extension"][0]["valueCode"] == shown["triage"]["level"] == "emergency"
    assert [p.outcome.coding[0].code for p in assessment.prediction] == [c["id"] for c in shown["causes"]]
    assert document["mitigation"].startswith("[!!!] EMERGENCY") and document["basis"] == [
        {"reference": "#answers"}
    ]
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert f"wrote the result as a FHIR RiskAssessment to {target}" in result.stderr


def test_json_fhir_prints_the_result_as_a_risk_assessment() -> None:
    from fhir.resources.R4B.riskassessment import RiskAssessment

    flags = ["-a", "age=60", "-a", "rf_cold_pale_foot=yes"]
    shown = runner.invoke(app, ["check", "--no-input", "--json", "--fhir", *flags])
    assert shown.exit_code == 0 and shown.stderr == "", shown.output
    assessment = RiskAssessment.model_validate(json.loads(shown.stdout))
    own = json.loads(runner.invoke(app, ["check", "--no-input", "--json", *flags]).stdout)
    assert [p.outcome.coding[0].code for p in assessment.prediction] == [c["id"] for c in own["causes"]]
    alone = runner.invoke(app, ["check", "--no-input", "--fhir", *flags])
    assert alone.exit_code == 2 and alone.stdout == ""
    assert alone.stderr == "error: --fhir prints the result as FHIR JSON: use it with --json\n"
