"""The rule file's building blocks: levels, ids, plain text, numbers and the condition language
(Expr), shared by the models of questions (model.py) and of causes (model_causes.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from .kinds import AnswerValue

Level = Literal["emergency", "urgent", "soon", "self_care"]
LEVELS: tuple[Level, ...] = ("emergency", "urgent", "soon", "self_care")
LEVEL_RANK: Mapping[str, int] = {"self_care": 0, "soon": 1, "urgent": 2, "emergency": 3}
Origin = Literal["spinal", "local", "systemic_vascular"]
KindName = Literal["yes_no", "single", "multi", "number"]  # the keys of kinds.KINDS
OpenStatus = Literal["not_answered", "unsure"]  # how a red-flag question was left open

Answers = Mapping[str, AnswerValue]

# Finite and sane: JSON has no NaN or Infinity, and this bound also rejects overflowing literals (1e999).
Number = Annotated[float, Meta(ge=-1e9, le=1e9)]
Scalar = str | Number
# `(?!\n)$`: the end of the text itself (a bare `$` also matches before a final newline).
Id = Annotated[str, Meta(pattern=r"^[a-z][a-z0-9_]*(?!\n)$", max_length=64)]
# Plain text only: a control character (a terminal escape, say) in rule text could rewrite the screen
# a warning sign is shown on, and a line or paragraph separator (U+2028, U+2029) or a format
# character (Unicode category Cf: bidi overrides such as U+202E, zero-width spaces, U+FEFF) can move,
# hide or reorder it ("999<U+2028>[ok] SELF-CARE" prints a fake reassurance under the emergency).
# Characters a terminal shows as nothing are refused too, as they can hide a word or pad a line: the
# default-ignorable code points (the combining grapheme joiner U+034F, Hangul fillers, variation
# selectors, U+17B4-U+17B5, U+180B-U+180F), the noncharacters U+FDD0-U+FDEF and U+FFFE-U+FFFF, the
# braille blank U+2800 and the object replacement U+FFFC. The loader refuses them all with their
# JSON path. The ranges follow Unicode 15.1, generously rounded (the Egyptian format controls to
# U+1345F); a test checks them against the running Python's own Unicode tables.
INVISIBLE = (
    "\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u115f-\u1160\u17b4-\u17b5"
    "\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u2800\u3164\ufdd0-\ufdef\ufe00-\ufe0f"
    "\ufeff\uffa0\ufff0-\ufffc\ufffe-\uffff\U000110bd\U000110cd\U00013430-\U0001345f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
PLAIN = "^[^\\x00-\\x1f\\x7f-\\x9f" + INVISIBLE + "]*$"
Text = Annotated[str, Meta(min_length=1, pattern=PLAIN)]


class _Frozen(msgspec.Struct, frozen=True, forbid_unknown_fields=True, dict=True, kw_only=True):
    """Rule-file models: immutable, unknown fields rejected; ``dict=True`` allows cached properties."""


EXPR_EXAMPLE = 'e.g. {"eq": ["question_id", "yes"]}'


class Expr(_Frozen, frozen=True, omit_defaults=True, kw_only=True):
    """A condition on answers: exactly one operator of the closed table in operators.py, whose
    entries say what each field means; the fields here give each operator's JSON shape."""

    all: tuple[Expr, ...] | None = None
    any: tuple[Expr, ...] | None = None
    not_: Expr | None = msgspec.field(default=None, name="not")
    eq: tuple[Id, Scalar] | None = None
    in_: tuple[Id, tuple[Scalar, ...]] | None = msgspec.field(default=None, name="in")
    gte: tuple[Id, Number] | None = None
    lte: tuple[Id, Number] | None = None
    answered: Id | None = None

    def __post_init__(self) -> None:
        # Counted without a loop: a rule file has thousands of conditions, each checked as it loads.
        operators = (
            (self.all is not None)
            + (self.any is not None)
            + (self.not_ is not None)
            + (self.eq is not None)
            + (self.in_ is not None)
            + (self.gte is not None)
            + (self.lte is not None)
            + (self.answered is not None)
        )
        if operators == 1:
            return
        found = [
            name
            for attribute, name in zip(self.__struct_fields__, self.__struct_encode_fields__, strict=True)
            if getattr(self, attribute) is not None
        ]
        if len(found) != 1:
            detail = f"found {', '.join(found)}" if found else "with a value (not null)"
            raise ValueError(f"a condition takes exactly one operator, {detail}; {EXPR_EXAMPLE}")


OPERATOR_NAMES: tuple[str, ...] = Expr.__struct_encode_fields__
