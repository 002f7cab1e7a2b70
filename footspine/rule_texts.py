"""Where the rule file's words are: every text a person reads, named by its place in the file.

The rule file is the single source of footspine's clinical English. A translation does not copy the
file: it maps each text, by its place (``red_flags[rf_cold_pale_foot].advice``) and its English, to
the other language. The place is the gettext context of the text in ``rules.pot``, so a translator
sees where each sentence is shown, and a sentence whose English changes no longer matches its old
translation (``pybabel update`` marks it fuzzy and footspine shows the English until it is
reviewed).

This module is the one list of those places: the Babel extractor that writes the templates reads
the file through ``texts``, and loading rules in another language writes the translations back
through ``translate``, so the two cannot disagree. It also extracts the message catalogue
(``messages.py``), where a key is the context and ``key.one``/``key.other`` pairs are plurals.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable, Iterator
from typing import IO, Any

# The fields whose strings a person reads. Everything else is an id, a number, a level or a
# condition, and is the same in every language.
TEXT_FIELDS = frozenset({
    "advice", "avoid", "country", "description", "disclaimer", "emergency_source", "help", "label",
    "name", "prior_source", "reason", "seek_care", "self_check", "source", "text", "treatment",
    "treatment_source", "unit",
})  # fmt: skip
# Likelihood bands are named in JSON results by their label ("likely"), which scripts read, so the
# label is the same in every language; the message catalogue translates it for display (band.*).
NAMES_NOT_TEXTS = frozenset({"likelihood_bands"})
# Numbers to call are not texts, unless words join them ("112 or 999"): then they are translated.
NUMBERS = frozenset({"emergency", "number"})
_KEYED_BY = ("id", "question")  # list items named by these, not by their position


def _is_text(key: str, value: Any) -> bool:
    if not isinstance(value, str):
        return False
    return key in TEXT_FIELDS or (key in NUMBERS and any(ch.isalpha() for ch in value))


def _step(item: Any, position: int) -> str:
    if isinstance(item, dict):
        for key in _KEYED_BY:
            if isinstance(item.get(key), str):
                return f"[{item[key]}]"
    return f"[{position}]"


Slot = tuple[str, Any, Any]  # (place, container, key): container[key] is a text


def _slots(node: Any, path: str = "") -> Iterator[Slot]:
    """Where every text a person reads is, in the order of the file: its place, and the container
    and key that hold it (a list of texts, such as treatment notes, gives one slot per item)."""
    if isinstance(node, dict):
        for key, value in node.items():
            place = f"{path}.{key}" if path else key
            if not path and key in NAMES_NOT_TEXTS:
                continue
            if _is_text(key, value):
                yield place, node, key
            elif key in TEXT_FIELDS and isinstance(value, list) and all(isinstance(v, str) for v in value):
                yield from ((f"{place}[{i}]", value, i) for i in range(len(value)))
            elif isinstance(value, dict | list):
                yield from _slots(value, place)
    elif isinstance(node, list):
        for position, item in enumerate(node):
            yield from _slots(item, f"{path}{_step(item, position)}")


def texts(node: Any) -> Iterator[tuple[str, str]]:
    """(place, English) of every text a person reads, in the order of the file."""
    return ((place, holder[key]) for place, holder, key in _slots(node))


Lookup = Callable[[str, str], str | None]  # (place, English) -> the translation, or None


def translate(document: dict[str, Any], lookup: Lookup) -> dict[str, Any]:
    """The parsed rule file with each text that ``lookup`` knows replaced (in place; returned):
    the same places ``texts`` extracts, so the two cannot disagree."""
    for place, holder, key in _slots(document):
        holder[key] = lookup(place, holder[key]) or holder[key]
    return document


# Babel extractors (`pybabel extract -F footspine/locale/rules.cfg`): each yields
# (line, function, message, comments); "pgettext" makes the first part the context.
Extracted = Iterator[tuple[int, str, tuple[str, ...], list[str]]]
_PLACEHOLDER_NOTE = "Keep every {name} as it is: footspine fills it in."


def extract_rules(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Extracted:
    """Every text of a rule file, with its place as the context and the line it is on."""
    source = fileobj.read().decode("utf-8")
    cursor, line = 0, 1
    for place, english in texts(json.loads(source)):
        found = source.find(json.dumps(english, ensure_ascii=False), cursor)
        if found >= 0:
            line += source.count("\n", cursor, found)
            cursor = found
        notes = [_note(place)] if _note(place) else []
        yield line, "pgettext", (place, english), notes


def _note(place: str) -> str:
    field = place.rsplit(".", 1)[-1].split("[")[0]
    if field.endswith("source"):
        return (
            "A source: translate the words that join it; keep the titles of guidelines and papers, "
            "the names of authors, journals and organisations, and the web addresses as they are."
        )
    if place.startswith("red_flags") or place.startswith("combinations") or ".self_care" in place:
        return "A warning sign: the translation is back-translated by a second reader (docs/translating.md)."
    return ""


def extract_messages(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Extracted:
    """Every message of a catalogue module (``KEY: "text"`` in a dict display), the key as the
    context; ``key.one``/``key.other`` pairs become one plural message."""
    tree = ast.parse(fileobj.read())
    names = {
        target.id: _constant(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and _constant(node.value) is not None
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    for node in ast.walk(tree):
        if not isinstance(node, ast.Dict):
            continue
        entries: dict[str, tuple[int, str]] = {}
        for name, value in zip(node.keys, node.values, strict=True):
            if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
                continue
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                entries[name.value] = (name.lineno, value.value)
            elif isinstance(value, ast.Name) and names.get(value.id) is not None:
                entries[name.value] = (name.lineno, str(names[value.id]))
        for key, (line, text) in entries.items():
            notes = [_PLACEHOLDER_NOTE] if "{" in text else []
            if key.endswith(".one") and key[:-4] + ".other" in entries:
                other = entries[key[:-4] + ".other"][1]
                yield line, "npgettext", (key[:-4], text, other), notes
            elif not key.endswith(".other") or key[:-6] + ".one" not in entries:
                yield line, "pgettext", (key, text), notes


def _constant(node: ast.expr) -> str | None:
    """A string constant, or a slice of one (a triple-quoted text with ``[1:]`` dropping its first
    newline)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
        text, bounds = _constant(node.value), (node.slice.lower, node.slice.upper, node.slice.step)
        values = [b.value if isinstance(b, ast.Constant) else b for b in bounds]
        numbers = [v for v in values if isinstance(v, int) or v is None]
        if text is not None and len(numbers) == len(values):
            return text[slice(*numbers)]
    return None
