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


def decode(data: bytes | str) -> Any:
    """Decode JSON text, refusing a key repeated in one object anywhere (JSON would keep the last,
    which could silently turn a red-flag "yes" into a "no").

    msgspec decodes. Every key in the text is followed by one colon outside a string, so when the
    colons outside strings are as many as the decoded value's keys, no key was dropped. A flat object
    with as many colons as keys is settled by one count in C; otherwise the decoded value is walked
    once; only text where the numbers differ is decoded again, key by key.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        value = _msgspec_decode(raw)
    except (msgspec.DecodeError, RecursionError):
        raise JsonTextError(syntax_problem(raw) or "not valid JSON") from None
    repeated = repeated_key_in(raw, value)
    if repeated is not None:
        raise JsonTextError(f"{repeated} appears twice in one object; keep one value for it")
    return value


def repeated_key_in(raw: bytes, value: Any, root: str = "") -> str | None:
    """The first key repeated within one object of ``raw``, whose decoded form is ``value``;
    ``root`` names the outermost object in the path (none: the key alone)."""
    colons = raw.count(b":")
    if not colons or (value.__class__ is dict and colons == len(value)):
        return None
    keys, in_strings = _keys_and_colons(value)
    return repeated_key(raw, root) if colons - in_strings != keys else None


def repeated_key(raw: bytes | str, root: str = "") -> str | None:
    """Where a key first repeats within one object of well-formed JSON text, as 'path: key', or None."""
    tree = json.loads(raw, object_pairs_hook=_mark_repeats)
    stack: list[tuple[Any, str]] = [(tree, "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, _Repeated):
            where = path or root
            return f"{where}: {node.key!r}" if where else repr(node.key)
        if node.__class__ is dict:
            stack.extend((item, f"{path}.{key}" if path else key) for key, item in node.items())
        elif node.__class__ is list:
            stack.extend((item, f"{path}[{index}]") for index, item in enumerate(node))
    return None  # pragma: no cover - only called when the counts say a key repeats


class _Repeated:
    def __init__(self, key: str) -> None:
        self.key = key


def _mark_repeats(pairs: list[tuple[str, Any]]) -> Any:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            return _Repeated(key)
        seen.add(key)
    return dict(pairs)


def _keys_and_colons(value: Any) -> tuple[int, int]:
    """How many keys the objects in a decoded value hold, and how many colons its strings hold."""
    keys = colons = 0
    stack = [value]
    while stack:
        item = stack.pop()
        kind = item.__class__
        if kind is dict:
            keys += len(item)
            for key in item:
                colons += key.count(":")
            stack.extend(item.values())
        elif kind is list:
            stack.extend(item)
        elif kind is str:
            colons += item.count(":")
    return keys, colons
