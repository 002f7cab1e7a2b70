"""Reads case files (answers + expected causes and triage) for `footspine eval`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import msgspec

from .errors import AnswerError, FootspineError, clip, did_you_mean
from .evaluation import Case
from .files import read_limited
from .jsontext import JsonTextError, decode
from .knowledge import describe_refusal
from .model import Id, Level, Text
from .rules import Rules

MAX_CASE_BYTES = 1024 * 1024


class _Expected(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    causes: Annotated[tuple[Id, ...], msgspec.Meta(min_length=1)]
    triage: Level


class _CaseFile(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A case file: the answers a person gave, and what the rules should make of them."""

    id: Id
    source: Text
    expected: _Expected
    answers: dict[str, object]


def load_cases(paths: list[Path], rules: Rules) -> list[Case]:
    """Every ``*.json`` case under the given files and folders, in name order."""
    files: list[Path] = []
    for path in paths:
        try:
            folder, there = path.is_dir(), path.exists()
        except OSError as exc:  # a name the system refuses outright (too long, a loop of links)
            raise FootspineError(f"{clip(str(path))}: cannot read it: {exc.strerror or exc}") from None
        if folder:
            files.extend(sorted(path.glob("*.json")))  # read_limited refuses any that is no file
        elif there:
            files.append(path)
        else:
            raise FootspineError(f"{path}: no such case file or folder")
    if not files:
        raise FootspineError(f"no case files (*.json) found in {', '.join(map(str, paths))}")
    return [_load(file, rules) for file in files]


def _load(file: Path, rules: Rules) -> Case:
    data = read_limited(file, MAX_CASE_BYTES, "case file", FootspineError)
    try:
        raw = msgspec.convert(decode(data), _CaseFile)
    except JsonTextError as exc:
        raise FootspineError(f"{file}: {exc}") from None
    except msgspec.ValidationError:
        raise FootspineError(f"{file}: {describe_refusal(data, _CaseFile)}") from None
    # A confirmed cause the rules do not know yet is a miss to report, not a broken file: the case
    # still tests the triage, and eval lists the unknown names (with a did-you-mean for typos).
    known = {c.id for c in rules.kb.conditions}
    unknown = tuple(
        f"{cause}{did_you_mean(cause, known)}" for cause in raw.expected.causes if cause not in known
    )
    try:
        answers = rules.answers(raw.answers, label=f"{file}: answers")
    except AnswerError as exc:
        raise FootspineError(str(exc)) from None
    return Case(raw.id, answers, raw.expected.causes, raw.expected.triage, unknown)
