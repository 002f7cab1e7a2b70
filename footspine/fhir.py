"""footspine's questionnaire as HL7 FHIR R4: a Questionnaire out, a QuestionnaireResponse in.

A clinic's form engine (LHC-Forms, any SDC renderer) shows the rule file's questions as the
Questionnaire below and hands back a QuestionnaireResponse, which `check --answers` and `batch` read
through the same answers pipeline as footspine's own answer files.

- One item per question, ``linkId`` the question id, warning signs first (the full questionnaire's
  order), each warning sign marked with the code ``warning-sign``.
- Yes/no, single and several choices are ``choice`` items (``repeats`` for several) with their
  choice ids as codes of footspine's answer CodeSystem (contained), "not sure" an explicit option;
  "none" and "not sure" are exclusive options (SDC ``optionExclusive``). Numbers are ``integer``.
- Skip logic: footspine asks a question unless its gate is known to be false, so an unanswered or
  "not sure" earlier answer leaves it asked. ``enableWhen`` says exactly that for a comparison or
  an "any" of comparisons (the earlier question has no answer, or a "not sure", or a matching one);
  every other gate (an "all", a "not", "answered") is an SDC ``enableWhenExpression`` in FHIRPath,
  written by ``_not_false`` below with the same three-valued logic as operators.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from . import __version__
from .errors import AnswerError
from .kinds import UNSURE
from .messages import language, say
from .model import Expr, KnowledgeBase, Question
from .operators import operand, operator_of
from .typed import exclusive

CANONICAL = "urn:footspine:questionnaire"
ANSWER_SYSTEM = "urn:footspine:answer"
ITEM_SYSTEM = "urn:footspine:item"
SHA_SYSTEM = "urn:footspine:rules-sha256"
SDC = "http://hl7.org/fhir/StructureDefinition"
EXPRESSION = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
ITEM_CONTROL = "http://hl7.org/fhir/questionnaire-item-control"


def questionnaire(kb: KnowledgeBase) -> dict[str, Any]:
    """The rule file's questions as a FHIR R4 Questionnaire (a JSON-ready dict)."""
    return {
        "resourceType": "Questionnaire",
        "id": f"footspine-{kb.rules_version}",
        "language": language(),
        "meta": {"tag": [{"system": SHA_SYSTEM, "code": kb.sha256}]},
        "contained": [_code_system(kb)],
        "url": CANONICAL,
        "identifier": [{"system": SHA_SYSTEM, "value": kb.sha256}],
        "version": kb.rules_version,
        "name": "FootspineQuestionnaire",
        "title": say("fhir.title"),
        "status": "active",
        "publisher": f"footspine {__version__}",
        "description": kb.disclaimer,
        "item": [_item(question, kb) for question in kb.all_questions],
    }


def _code_system(kb: KnowledgeBase) -> dict[str, Any]:
    seen: dict[str, str] = {UNSURE: say("answer.unsure")}
    for question in kb.all_questions:
        for choice_id, text in _choices(question):
            seen.setdefault(choice_id, text)
    return {
        "resourceType": "CodeSystem",
        "id": "answers",
        "url": ANSWER_SYSTEM,
        "status": "active",
        "content": "complete",
        "concept": [{"code": code, "display": display} for code, display in seen.items()],
    }


def _choices(question: Question) -> list[tuple[str, str]]:
    if question.kind == "yes_no":
        return [("yes", say("answer.yes")), ("no", say("answer.no"))]
    return [(choice.id, choice.text) for choice in question.choices]


def _item(question: Question, kb: KnowledgeBase) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": question.id, "text": question.text}
    if question.id in kb.red_flag_by_id:
        item["code"] = [{"system": ITEM_SYSTEM, "code": "warning-sign", "display": say("fhir.warning_sign")}]
    if question.kind == "number":
        item["type"] = "integer"
        item["extension"] = [
            {"url": f"{SDC}/minValue", "valueInteger": int(question.min or 0)},
            {"url": f"{SDC}/maxValue", "valueInteger": int(question.max or 0)},
        ]
    else:
        item["type"] = "choice"
        item["repeats"] = question.kind == "multi"
        item["answerOption"] = [
            _option(code, text, alone=question.kind == "multi" and exclusive(code))
            for code, text in [*_choices(question), (UNSURE, say("answer.unsure"))]
        ]
        # Every choice on screen at once, as footspine shows them: buttons, not a search box.
        control = "check-box" if question.kind == "multi" else "radio-button"
        item["extension"] = [_control(control)]
    if question.ask_if is not None:
        enabling = _enable(question.ask_if, kb)
        item["extension"] = item.get("extension", []) + enabling.pop("extension", [])
        item.update(enabling)
    if question.help:
        item["item"] = [
            {
                "linkId": f"{question.id}.help",
                "type": "display",
                "text": question.help,
                "extension": [_control("help")],
            }
        ]
    return item


def _control(code: str) -> dict[str, Any]:
    """The SDC item control: how a form engine shows the item (radio buttons, check boxes, help)."""
    return {
        "url": f"{SDC}/questionnaire-itemControl",
        "valueCodeableConcept": {"coding": [{"system": ITEM_CONTROL, "code": code}]},
    }


def _option(code: str, text: str, *, alone: bool) -> dict[str, Any]:
    option: dict[str, Any] = {"valueCoding": {"system": ANSWER_SYSTEM, "code": code, "display": text}}
    if alone or code == UNSURE:
        option["extension"] = [{"url": f"{SDC}/questionnaire-optionExclusive", "valueBoolean": True}]
    return option


def _enable(gate: Expr, kb: KnowledgeBase) -> dict[str, Any]:
    """``enableWhen`` when the gate is a comparison or an "any" of comparisons, else the SDC
    expression: either way, the item shows unless the answers so far make the gate false."""
    comparisons = list(_comparisons(gate))
    if comparisons and all(c is not None for c in comparisons):
        conditions: list[dict[str, Any]] = []
        for question_id, operator, values in comparisons:  # type: ignore[misc]
            number = kb.question_by_id[question_id].kind == "number"
            conditions.append({"question": question_id, "operator": "exists", "answerBoolean": False})
            if not number:
                conditions.append(_when(question_id, "=", UNSURE))
            conditions += [_when(question_id, operator, value, number=number) for value in values]
        unique = list({repr(c): c for c in conditions}.values())
        return {"enableWhen": unique, "enableBehavior": "any"}
    return {
        "extension": [
            {
                "url": EXPRESSION,
                "valueExpression": {"language": "text/fhirpath", "expression": _not_false(gate, kb)},
            }
        ]
    }


def _comparisons(gate: Expr) -> Iterator[tuple[str, str, tuple[Any, ...]] | None]:
    """The gate as (question, operator, values) comparisons joined by "or"; None for a part that
    is not one (then the gate becomes an expression)."""
    name = operator_of(gate).name
    value = operand(gate)
    if name == "any":
        for part in value:
            if operator_of(part).name == "any":
                yield None
            else:
                yield from _comparisons(part)
    elif name == "eq":
        yield value[0], "=", (value[1],)
    elif name == "in":
        yield value[0], "=", tuple(value[1])
    elif name in ("gte", "lte"):
        yield value[0], ">=" if name == "gte" else "<=", (value[1],)
    else:
        yield None


def _when(question_id: str, operator: str, value: Any, *, number: bool = False) -> dict[str, Any]:
    if number:
        return {"question": question_id, "operator": operator, "answerInteger": int(value)}
    return {
        "question": question_id,
        "operator": operator,
        "answerCoding": {"system": ANSWER_SYSTEM, "code": value},
    }


def _answer(question_id: str, kb: KnowledgeBase) -> str:
    path = f"%resource.repeat(item).where(linkId='{question_id}').answer.value"
    return path if kb.question_by_id[question_id].kind == "number" else f"{path}.code"


def _not_false(expr: Expr, kb: KnowledgeBase) -> str:
    """FHIRPath that is true unless the answers make ``expr`` false (true or unknown)."""
    return _fhirpath(expr, kb, sure=False)


def _fhirpath(expr: Expr, kb: KnowledgeBase, *, sure: bool) -> str:
    """FHIRPath for ``expr`` in footspine's three-valued logic: with ``sure``, true exactly when the
    answers make it true; without, true unless they make it false. "All" and "any" keep the sense,
    "not" turns one into the other (not-X is true when X is false)."""
    name = operator_of(expr).name
    value = operand(expr)
    if name in ("all", "any"):
        return (
            "("
            + f" {'and' if name == 'all' else 'or'} ".join(_fhirpath(p, kb, sure=sure) for p in value)
            + ")"
        )
    if name == "not":
        return f"({_fhirpath(value, kb, sure=not sure)}).not()"
    if name == "answered":  # never unknown: answered or not
        answer = _answer(value, kb)
        return f"({answer}.exists() and ({answer} contains '{UNSURE}').not())"
    answer = _answer(value[0], kb)
    if name in ("gte", "lte"):
        holds = f"({answer}.exists() and {answer} {'>=' if name == 'gte' else '<='} {int(value[1])})"
    else:
        targets = (value[1],) if name == "eq" else tuple(value[1])
        listed = " | ".join(f"'{target}'" for target in targets)
        holds = f"({answer}.where($this in ({listed})).exists())"
    if sure:
        return holds
    unsure = "" if kb.question_by_id[value[0]].kind == "number" else f"({answer} contains '{UNSURE}') or "
    return f"({answer}.empty() or {unsure}{holds})"


def is_response(document: Mapping[str, Any]) -> bool:
    return document.get("resourceType") == "QuestionnaireResponse"


def answers_from_response(document: Mapping[str, Any], kb: KnowledgeBase, label: str) -> dict[str, Any]:
    """A QuestionnaireResponse to this Questionnaire as footspine's answers (question id -> value),
    for the answers pipeline to check like any other; one to another rules version is refused."""
    answered = document.get("questionnaire")
    if isinstance(answered, str) and "|" in answered:
        url, _, version = answered.partition("|")
        if url == CANONICAL and version != kb.rules_version:
            raise AnswerError(
                f"{label}: the response answers footspine's questionnaire version {version!r}, but these "
                f"rules are {kb.rules_version!r}; export the questionnaire again "
                "('footspine export questionnaire') and fill that one in"
            )
    answers: dict[str, Any] = {}
    for item in _items(document.get("item"), label):
        link = item.get("linkId")
        if not isinstance(link, str) or link not in kb.question_by_id:
            continue  # display items, help, and items of other forms
        values = [
            _value(answer, link, label) for answer in item.get("answer") or () if isinstance(answer, dict)
        ]
        if not values:
            continue
        several = kb.question_by_id[link].kind == "multi" and values != [UNSURE]
        answers[link] = values if several or len(values) > 1 else values[0]  # two for one: refused later
    return answers


def _items(items: Any, label: str) -> Iterator[Mapping[str, Any]]:
    if items is None:
        return
    if not isinstance(items, list):
        raise AnswerError(f"{label}: a QuestionnaireResponse's 'item' must be a list")
    for item in items:
        if isinstance(item, dict):
            yield item
            yield from _items(item.get("item"), label)


def _value(answer: Mapping[str, Any], link: str, label: str) -> Any:
    for key in ("valueCoding", "valueInteger", "valueDecimal", "valueBoolean", "valueString"):
        if key in answer:
            value = answer[key]
            if key == "valueCoding":
                return value.get("code") if isinstance(value, dict) else value
            if key == "valueBoolean":
                return "yes" if value is True else "no" if value is False else value
            return value
    raise AnswerError(
        f"{label}: the answer to {link!r} has no value footspine reads (valueCoding or valueInteger)"
    )


def response(answers: Mapping[str, Any], kb: KnowledgeBase) -> dict[str, Any]:
    """Answers as a QuestionnaireResponse to this Questionnaire (what ``--save F.fhir.json`` writes,
    and ``--answers`` reads back): a number left "not sure" is left out, as FHIR has no such answer."""
    items = []
    for question in kb.all_questions:
        value = answers.get(question.id)
        if value is None or (question.kind == "number" and value == UNSURE):
            continue
        given: list[dict[str, Any]]
        if question.kind == "number":
            given = [{"valueInteger": round(float(value))}]
        else:
            codes = value if isinstance(value, tuple) else (value,)
            text = dict(_choices(question)) | {UNSURE: say("answer.unsure")}
            given = [
                {"valueCoding": {"system": ANSWER_SYSTEM, "code": code, "display": text.get(code, code)}}
                for code in codes
            ]
        items.append({"linkId": question.id, "text": question.text, "answer": given})
    return {
        "resourceType": "QuestionnaireResponse",
        "meta": {"tag": [{"system": SHA_SYSTEM, "code": kb.sha256}]},
        "questionnaire": f"{CANONICAL}|{kb.rules_version}",
        "status": "completed",
        "item": items,
    }
