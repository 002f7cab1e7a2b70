"""One answers pipeline: flags, files and prompts all go through parse_value; merged by priority."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Any

from .errors import AnswerError
from .expr import evaluate
from .model import NO, UNSURE, YES, Answers, AnswerValue, KnowledgeBase, Question, did_you_mean

UNSURE_WORDS = frozenset({"unsure", "not sure", "not_sure", "dont know", "don't know", "dont_know"})
_YES_WORDS = frozenset({"yes", "y", "true"})
_NO_WORDS = frozenset({"no", "n", "false"})
MAX_ANSWERS_BYTES = 1024 * 1024


def allowed_values(question: Question) -> str:
    """What a question accepts, in the words an error message or prompt shows."""
    if question.kind == "number":
        unit = f" {question.unit}" if question.unit else ""
        return f"a number from {question.min:g} to {question.max:g}{unit}, or unsure"
    joiner = " or " if question.kind != "multi" else ", "
    ids = joiner.join(question.choice_ids)
    several = " (one or more, comma-separated)" if question.kind == "multi" else ""
    return f"{ids}{several}, or unsure"


def parse_value(question: Question, raw: Any, *, numbered: bool = False) -> AnswerValue:
    """Turn a raw answer (from a flag, a file or a prompt) into a validated value.

    ``numbered`` lets a typed choice number (1, 2, ...) stand for the choice, as the prompt shows them.
    """
    kind = question.kind
    if raw is not None and not isinstance(raw, str | int | float | list):
        raise AnswerError(_not_allowed(question, raw))  # objects and the like: never an answer
    if isinstance(raw, list) and kind != "multi":
        raise AnswerError(_not_allowed(question, raw))
    if isinstance(raw, str):
        if kind != "multi" and raw in question.choice_ids:
            return raw  # already in canonical form: the common case for files and batch lines
        text = " ".join(raw.strip().lower().split())
        if text in UNSURE_WORDS:
            return UNSURE
        raw = text
    if kind == "yes_no":
        if raw is True or raw in _YES_WORDS:
            return YES
        if raw is False or raw in _NO_WORDS:
            return NO
    elif kind == "single":
        if isinstance(raw, str):
            choice = _choice(question, raw, numbered)
            if choice is not None:
                return choice
    elif kind == "multi":
        items = _split_multi(raw)
        if items:
            chosen: set[str] = set()
            for item in items:
                choice = _choice(question, item, numbered)
                if choice is None:
                    raise AnswerError(_not_allowed(question, item))
                chosen.add(choice)
            return tuple(c for c in question.choice_ids if c in chosen)
    else:
        number = _number(raw)
        if number is not None:
            assert question.min is not None and question.max is not None
            if question.min <= number <= question.max:
                return number
            raise AnswerError(
                f"{question.id}: {number:g} is out of range; expected {allowed_values(question)}"
            )
    raise AnswerError(_not_allowed(question, raw))


def _choice(question: Question, text: str, numbered: bool) -> str | None:
    if text in question.choice_ids:
        return text
    if numbered and text.isdigit() and 1 <= int(text) <= len(question.choice_ids):
        return question.choice_ids[int(text) - 1]
    return None


def _split_multi(raw: Any) -> list[str]:
    if isinstance(raw, str):
        return [part.strip() for part in raw.replace(" ", ",").split(",") if part.strip()]
    if isinstance(raw, list) and raw and all(isinstance(item, str) for item in raw):
        return [" ".join(item.strip().lower().split()) for item in raw]
    return []


def _number(raw: Any) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        try:
            value = float(raw)
        except OverflowError:  # an integer too long for a float: no age or count is that large
            return None
    elif isinstance(raw, str):
        try:
            value = float(raw)
        except ValueError:
            return None
    else:
        return None
    return value if math.isfinite(value) else None


def _not_allowed(question: Question, raw: Any) -> str:
    shown = raw if isinstance(raw, str) else json.dumps(raw)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    hint = did_you_mean(shown, question.choice_ids) if isinstance(raw, str) else ""
    return f"{question.id}: {shown!r} is not allowed{hint}; expected {allowed_values(question)}"


def _question(kb: KnowledgeBase, question_id: str, where: str) -> Question:
    question = kb.question_by_id.get(question_id)
    if question is None:
        raise _unknown_question(kb, question_id, where)
    return question


def _unknown_question(kb: KnowledgeBase, question_id: str, where: str) -> AnswerError:
    hint = did_you_mean(question_id, kb.question_by_id)
    return AnswerError(
        f"{where}unknown question {question_id!r}{hint}; run 'footspine questions' to list the ids"
    )


def from_flags(pairs: Iterable[str], kb: KnowledgeBase) -> dict[str, AnswerValue]:
    """Parse repeated ``--answer ID=VALUE`` flags."""
    answers: dict[str, AnswerValue] = {}
    for pair in pairs:
        question_id, sep, raw = pair.partition("=")
        question_id = question_id.strip()
        if not sep or not question_id:
            raise AnswerError(f"--answer {pair!r}: expected ID=VALUE, e.g. --answer age=52")
        question = _question(kb, question_id, "--answer: ")
        value = parse_value(question, raw)
        if question_id in answers and answers[question_id] != value:
            raise AnswerError(f"--answer: {question_id!r} is given twice with different values")
        answers[question_id] = value
    return answers


def from_document(text: str, kb: KnowledgeBase, label: str) -> dict[str, AnswerValue]:
    """Parse an answers file: one JSON object of question id -> value (null means not answered)."""

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in pairs]
        for key in keys:
            if keys.count(key) > 1:
                raise AnswerError(f"{label}: {key!r} appears twice; keep one value for it")
        return dict(pairs)

    def no_constants(name: str) -> Any:
        raise AnswerError(f"{label}: {name} is not a valid answer; use a finite number or 'unsure'")

    if not text.strip():
        raise AnswerError(f'{label}: no answers given; expected a JSON object like {{"age": 52}}')
    try:
        document = json.loads(text, object_pairs_hook=no_duplicates, parse_constant=no_constants)
    except json.JSONDecodeError as exc:
        raise AnswerError(
            f"{label}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise AnswerError(f"{label}: the JSON is nested too deeply") from None
    if not isinstance(document, dict):
        raise AnswerError(
            f"{label}: expected a JSON object of question id -> answer, got {type(document).__name__}"
        )
    return from_mapping(document, kb, label)


def from_mapping(document: Mapping[str, Any], kb: KnowledgeBase, label: str) -> dict[str, AnswerValue]:
    """Answers from an already-decoded JSON object (an answers file, a batch line).

    Answers already in the form footspine writes them (a choice id, "unsure", a number in range, a
    list of choice ids) are taken as they are; anything else goes through parse_value. The result
    is the same either way: this only spares `batch` the parsing of tens of answers per line.
    """
    answers: dict[str, AnswerValue] = {}
    forms = kb.answer_forms
    for question_id, raw in document.items():
        form = forms.get(question_id)
        if form is None:
            raise _unknown_question(kb, question_id, f"{label}: ")
        question, as_written, list_items = form
        kind = raw.__class__
        if kind is str and raw in as_written:
            answers[question_id] = raw
            continue
        if kind is list and raw and all(item.__class__ is str and item in list_items for item in raw):
            answers[question_id] = tuple(c for c in question.choice_ids if c in raw)
            continue
        if (kind is int or kind is float) and question.kind == "number":
            assert question.min is not None and question.max is not None
            if question.min <= raw <= question.max:
                answers[question_id] = float(raw)
                continue
        if raw is None:
            continue
        try:
            answers[question_id] = parse_value(question, raw)
        except AnswerError as exc:
            raise AnswerError(f"{label}: {exc}") from None
    return answers


def read_answers_file(path: str, kb: KnowledgeBase, stdin: IO[str] | None) -> dict[str, AnswerValue]:
    """Read ``--answers FILE`` (``-`` for standard input)."""
    if path == "-":
        try:
            if stdin is None or stdin.closed:
                raise OSError
            return from_document(stdin.read(MAX_ANSWERS_BYTES + 1), kb, "stdin")
        except UnicodeDecodeError:
            raise AnswerError("stdin: the answers are not UTF-8 text") from None
        except (OSError, ValueError):
            raise AnswerError("stdin is closed; pipe the answers in, or use --answers FILE") from None
    file = Path(path)
    try:
        if file.stat().st_size > MAX_ANSWERS_BYTES:
            raise AnswerError(f"{path}: larger than {MAX_ANSWERS_BYTES:,} bytes; not an answers file")
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnswerError(f"{path}: no such answers file") from None
    except UnicodeDecodeError:
        raise AnswerError(f"{path}: not UTF-8 text; save the answers file as UTF-8") from None
    except OSError as exc:
        raise AnswerError(f"{path}: cannot read the answers file: {exc.strerror}") from None
    return from_document(text, kb, path)


def merge(*sources: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
    """Combine answer sources, highest priority first (flags, then file)."""
    merged: dict[str, AnswerValue] = {}
    for source in reversed(sources):
        merged.update(source)
    return merged


def pending(kb: KnowledgeBase, answers: Answers) -> list[Question]:
    """Questions still to ask, in order: unanswered and not ruled out by their skip condition."""
    return [
        q
        for q in kb.all_questions
        if q.id not in answers and (q.ask_if is None or evaluate(q.ask_if, answers) is not False)
    ]


def as_json(answers: Answers) -> dict[str, str | float | list[str]]:
    """Answers in the form files hold them and --answers reads back."""
    return {key: to_json_value(value) for key, value in answers.items()}


def to_json_value(value: AnswerValue) -> str | float | list[str]:
    """An answer as it is written to JSON (the same form --answers reads back)."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
