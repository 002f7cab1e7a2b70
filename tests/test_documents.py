"""The JSON documents for scripts: their schemas are generated from the models, and what the
commands print validates against them."""

from __future__ import annotations

import json
import os

import jsonschema
import pytest
from typer.testing import CliRunner

from footspine.cli import app
from footspine.documents import SCHEMAS, schema

from .conftest import ROOT

runner = CliRunner()


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_files_are_generated_from_the_models(name: str) -> None:
    """Regenerate with FOOTSPINE_UPDATE_GOLDEN=1 after changing footspine/documents.py."""
    model, title = SCHEMAS[name]
    generated = schema(model, title)
    path = ROOT / "docs" / name
    if os.environ.get("FOOTSPINE_UPDATE_GOLDEN"):
        path.write_text(json.dumps(generated, indent=2) + "\n")
    assert json.loads(path.read_text()) == generated
    jsonschema.Draft202012Validator.check_schema(generated)


def test_questions_json_has_one_form_for_every_kind() -> None:
    result = runner.invoke(app, ["questions", "--json"])
    assert result.exit_code == 0 and result.stderr == ""
    document = json.loads(result.stdout)
    jsonschema.validate(document, json.loads((ROOT / "docs" / "questions.schema.json").read_text()))
    by_kind = {q["kind"]: q for q in document["questions"]}
    assert by_kind["yes_no"]["choices"] == [{"id": "yes", "text": "yes"}, {"id": "no", "text": "no"}]
    assert all(
        isinstance(c, dict) and set(c) == {"id", "text"} for q in document["questions"] for c in q["choices"]
    )
    assert by_kind["number"]["choices"] == [] and by_kind["number"]["min"] == 0
    assert by_kind["single"]["min"] is None and by_kind["single"]["unit"] is None


def test_check_and_batch_give_scores_in_the_same_form() -> None:
    args = ["-a", "age=58", "-a", "pain_area=heel_underside", "-a", "first_steps=yes", "-a", "sides=one_foot"]
    check = runner.invoke(app, ["check", "--no-input", "--json", *args])
    assert check.exit_code == 0, check.output
    document = json.loads(check.stdout)
    jsonschema.validate(document, json.loads((ROOT / "docs" / "result.schema.json").read_text()))
    line = json.dumps(document["answers"])
    batch = runner.invoke(app, ["batch", "-"], input=line + "\n")
    assert batch.exit_code == 0, batch.output
    compact = json.loads(batch.stdout)
    assert [c["score"] for c in compact["causes"]] == [c["score"] for c in document["causes"]]
    assert document["triage"]["reason_codes"][0]["code"] in ("cause", "default")
