"""Finds the first place where decoded JSON does not fit a model, and says so in footspine's words.

msgspec validates the rule file and case files on the fast path. When it refuses one, this walks the
same models (through ``msgspec.inspect``, the models' own description of their fields and bounds)
over the plain decoded data to name the JSON path and the problem, so footspine's messages do not
depend on how a msgspec release words its errors. A model's own checks (``__post_init__``) raise
ValueError with footspine's message, which is reported as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import msgspec
import msgspec.inspect as mi

from .errors import clip


class Hints(msgspec.Struct, frozen=True):
    """How to word problems with one model whose fields are a vocabulary (a condition's operators)."""

    unknown_field: Callable[[str], str]
    not_an_object: str


Wording = Mapping[type, Hints]

_TYPE_WORDS: dict[type[mi.Type], str] = {
    mi.StrType: "text",
    mi.FloatType: "a number",
    mi.IntType: "a whole number",
    mi.BoolType: "true or false",
    mi.NoneType: "null",
    mi.ListType: "a list",
    mi.VarTupleType: "a list",
    mi.TupleType: "a list",
    mi.DictType: "an object",
    mi.StructType: "an object",
}


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def first_problem(value: object, model: type, unknown_field: Wording | None = None) -> tuple[str, str] | None:
    """(JSON path, problem) for the first part of ``value`` that ``model`` refuses, or None."""
    return _check(value, mi.type_info(model), "", unknown_field or {})


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _check(value: object, info: mi.Type, path: str, wording: Wording) -> tuple[str, str] | None:
    if isinstance(info, mi.AnyType):
        return None
    if isinstance(info, mi.UnionType):
        return _check_union(value, info, path, wording)
    if isinstance(info, mi.StructType):
        return _check_struct(value, info, path, wording)
    if isinstance(info, mi.LiteralType):
        if value in info.values and type(value) is type(info.values[0]):
            return None
        allowed = ", ".join(sorted(str(v) for v in info.values))  # msgspec's order varies by release
        return path, f"not an allowed value: {clip(repr(value))}; allowed: {allowed}"
    if isinstance(info, mi.StrType):
        return _check_str(value, info, path)
    if isinstance(info, mi.FloatType | mi.IntType):
        return _check_number(value, info, path)
    if isinstance(info, mi.BoolType):
        return None if isinstance(value, bool) else _expected(info, value, path)
    if isinstance(info, mi.NoneType):
        return None if value is None else _expected(info, value, path)
    if isinstance(info, mi.TupleType):
        if not isinstance(value, list):
            return _expected(info, value, path)
        if len(value) != len(info.item_types):
            return path, f"expected a list of {len(info.item_types)} items, got {len(value)}"
        for index, (item, item_type) in enumerate(zip(value, info.item_types, strict=True)):
            found = _check(item, item_type, _join(path, index), wording)
            if found:
                return found
        return None
    if isinstance(info, mi.ListType | mi.VarTupleType):
        if not isinstance(value, list):
            return _expected(info, value, path)
        if info.min_length is not None and len(value) < info.min_length:
            return path, f"needs at least {info.min_length} item{'s' if info.min_length != 1 else ''}"
        for index, item in enumerate(value):
            found = _check(item, info.item_type, _join(path, index), wording)
            if found:
                return found
        return None
    if isinstance(info, mi.DictType):
        if not isinstance(value, dict):
            return _expected(info, value, path)
        for key, item in value.items():
            found = _check(item, info.value_type, _join(path, key), wording)
            if found:
                return found
        return None
    return None  # a type the models do not use: msgspec's own check stands


def _expected(info: mi.Type, value: object, path: str) -> tuple[str, str]:
    return path, f"expected {_TYPE_WORDS.get(type(info), 'something else')}, got {_json_kind(value)}"


def _check_union(value: object, info: mi.UnionType, path: str, wording: Wording) -> tuple[str, str] | None:
    members = [member for member in info.types if _same_kind(member, value)]
    problems = [_check(value, member, path, wording) for member in members]
    if members and all(problems):
        return problems[0]  # the value is of the right kind: say what is wrong inside it
    if members:
        return None
    words = " or ".join(dict.fromkeys(_TYPE_WORDS.get(type(m), "something else") for m in info.types))
    return path, f"expected {words}, got {_json_kind(value)}"


def _same_kind(info: mi.Type, value: object) -> bool:
    """Whether ``value`` is the kind of JSON value ``info`` describes (what is inside aside)."""
    if isinstance(info, mi.StructType | mi.DictType):
        return isinstance(value, dict)
    if isinstance(info, mi.ListType | mi.VarTupleType | mi.TupleType):
        return isinstance(value, list)
    if isinstance(info, mi.StrType):
        return isinstance(value, str)
    if isinstance(info, mi.FloatType | mi.IntType):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(info, mi.BoolType):
        return isinstance(value, bool)
    if isinstance(info, mi.NoneType):
        return value is None
    return True


def _check_str(value: object, info: mi.StrType, path: str) -> tuple[str, str] | None:
    if not isinstance(value, str):
        return _expected(info, value, path)
    if info.min_length is not None and len(value) < info.min_length:
        return (
            path,
            "must not be empty" if info.min_length == 1 else f"shorter than {info.min_length} characters",
        )
    if info.max_length is not None and len(value) > info.max_length:
        return path, f"longer than {info.max_length} characters"
    if info.pattern is not None and re.search(info.pattern, value) is None:
        control = next((c for c in value if not c.isprintable()), None)
        if control is not None:
            return (
                path,
                f"holds the control or invisible character U+{ord(control):04X}, which can hide or move "
                "text on screen; rule-file text must be plain text",
            )
        return (
            path,
            f"{clip(repr(value))} is not a valid id: use lower-case letters, digits and _, starting with a letter",
        )
    return None


def _check_number(value: object, info: mi.FloatType | mi.IntType, path: str) -> tuple[str, str] | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _expected(info, value, path)
    if isinstance(info, mi.IntType) and not isinstance(value, int):
        return _expected(info, value, path)
    if info.ge is not None and value < info.ge:
        return path, f"{value!r} is below the smallest allowed value, {info.ge:g}"
    if info.le is not None and value > info.le:
        return path, f"{value!r} is above the largest allowed value, {info.le:g}"
    return None


def _check_struct(value: object, info: mi.StructType, path: str, wording: Wording) -> tuple[str, str] | None:
    hints = wording.get(info.cls)
    if not isinstance(value, dict):
        return (path, hints.not_an_object) if hints else _expected(info, value, path)
    fields = {field.encode_name: field for field in info.fields}
    if info.forbid_unknown_fields:
        for key in value:
            if key not in fields:
                return path, (
                    hints.unknown_field(key) if hints else f"unknown field {clip(key)!r}; check its spelling"
                )
    for name, field in fields.items():
        if name not in value:
            if field.required:
                return _join(path, name), "required field missing"
            continue
        found = _check(value[name], field.type, _join(path, name), wording)
        if found:
            return found
    try:
        msgspec.convert(value, info.cls)
    except msgspec.ValidationError as exc:
        if isinstance(exc.__cause__, ValueError) and not isinstance(exc.__cause__, msgspec.ValidationError):
            return path or "(top level)", str(exc.__cause__)  # the model's own check, in its words
        return None
    return None


def describe(value: Any, model: type, unknown_field: Wording | None = None) -> str | None:
    """``first_problem`` as one printable line 'path: problem' (control characters escaped)."""
    found = first_problem(value, model, unknown_field)
    if found is None:
        return None
    path, problem = found
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in f"{path or '(top level)'}: {problem}")
