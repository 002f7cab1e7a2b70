"""Says what is wrong with JSON text in footspine's own words, whatever decoder read it.

The fast path decodes with msgspec; only when that fails is the text looked at again here, so the
message a person sees (bad UTF-8, nesting too deep, a syntax error with its line and column) never
depends on a dependency's wording, which changes between its releases.
"""

from __future__ import annotations

import json
from typing import Any

import msgspec

_msgspec_decode = msgspec.json.Decoder().decode
MAX_DEPTH = 64  # objects and lists inside each other; an answers object needs 2, a rule file about 12


def syntax_problem(data: bytes | str) -> str | None:
    """Why ``data`` is not one well-formed JSON value, or None when it is."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            return f"not UTF-8 text (bad byte at offset {exc.start})"
    else:
        text = data
    if not text.strip():
        return "empty"
    if nesting_depth(text) > MAX_DEPTH:
        return f"nested more than {MAX_DEPTH} levels deep"
    try:
        json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}" if "\n" in text.strip() else f"column {exc.colno}"
        return f"not valid JSON ({where}: {exc.msg})"
    except ValueError as exc:  # NaN or Infinity, which JSON does not have
        return f"not valid JSON ({exc})"
    return None


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def nesting_depth(text: str) -> int:
    """How deeply objects and lists nest in ``text``, counted without recursion (strings skipped)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


class JsonTextError(ValueError):
    """Text that is not one JSON value footspine accepts; the message says why, in footspine's words."""


def _keys(value: Any) -> int:
    """How many keys the objects in a decoded value hold, all levels together."""
    if value.__class__ is dict:
        return len(value) + sum(_keys(item) for item in value.values() if item.__class__ in (dict, list))
    if value.__class__ is list:
        return sum(_keys(item) for item in value if item.__class__ in (dict, list))
    return 0


def decode(data: bytes | str) -> Any:
    """Decode JSON text, refusing a key repeated in one object anywhere (JSON would keep the last,
    which could silently turn a red-flag "yes" into a "no").

    msgspec decodes. Every key in the text is followed by one colon, so when the text holds no more
    colons than the decoded value holds keys, no key was dropped: one count in C. Only text with
    more (a repeated key, or a colon inside a string) is decoded again key by key.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        value = _msgspec_decode(raw)
    except (msgspec.DecodeError, RecursionError):
        raise JsonTextError(syntax_problem(raw) or "not valid JSON") from None
    colons = raw.count(b":")
    if colons and colons != len(value) and colons != _keys(value):
        try:
            json.loads(raw, object_pairs_hook=_refuse_repeats)
        except _RepeatedKey as exc:
            raise JsonTextError(
                f"{exc.args[0]!r} appears twice in one object; keep one value for it"
            ) from None
    return value


class _RepeatedKey(Exception):
    pass


def _refuse_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise _RepeatedKey(key)
        seen.add(key)
    return dict(pairs)
