"""The foot map: a plain-text drawing whose numbers are the pain-area choices, with each area's nerve root.

Nerve-root areas follow the lumbosacral radiculopathy table of Harrison's Principles of Internal
Medicine (19th ed.): L4 the inner ankle and arch, L5 the top of the foot and big toe, S1 the outer
edge, sole and heel. Skin areas overlap between people, so the labels are a guide, not a rule.
"""

from __future__ import annotations

from .messages import say
from .model import Question

QUESTION_ID = "pain_area"

# Each two-letter token of the drawing (the catalogue's "map.drawing") stands for one area and is
# replaced by its two-character choice number, so the drawing keeps its shape whatever the numbers are.
_TOKENS = {
    "TT": "toes",
    "BT": "big_toe_joint",
    "BW": "between_toes",
    "BF": "ball_of_foot",
    "AR": "arch",
    "OE": "outer_edge",
    "IH": "heel_underside",
    "HC": "heel_centre",
    "HB": "back_of_heel",
    "TF": "top_of_foot",
    "IA": "inner_ankle",
    "OA": "outer_ankle",
}


NERVE_ROOTS: dict[str, str] = {
    "heel_underside": "S1",
    "heel_centre": "S1",
    "back_of_heel": "S1",
    "arch": "L4",
    "ball_of_foot": "S1",
    "between_toes": "L5/S1",
    "toes": "L5/S1",
    "big_toe_joint": "L5",
    "top_of_foot": "L5",
    "outer_edge": "S1",
    "inner_ankle": "L4",
    "outer_ankle": "L5/S1",
}


def numbers(question: Question) -> dict[str, str]:
    """Choice id -> its number as typed at the prompt (right-aligned to two places)."""
    return {choice.id: f"{n:>2}" for n, choice in enumerate(question.choices, start=1)}


def drawing(question: Question) -> str | None:
    """The map with this question's numbers, or None if the rule file's areas do not fit it."""
    labels = numbers(question)
    if not set(_TOKENS.values()) <= set(labels):
        return None
    text = say("map.drawing")
    for token, choice_id in _TOKENS.items():
        text = text.replace(token, labels[choice_id])
    return text


def off_map(question: Question) -> list[tuple[int, str, str]]:
    """The choices the drawing has no place for (the calf, the whole foot), as (number, text, id):
    the question screen lists only these under the map, so map and choices fit one 80x24 screen."""
    drawn = set(_TOKENS.values())
    return [(n, c.text, c.id) for n, c in enumerate(question.choices, start=1) if c.id not in drawn]


def legend(question: Question, *, roots: bool) -> list[str]:
    """The regions in words, for screen readers and for the `map` command."""
    lines = []
    for n, choice in enumerate(question.choices, start=1):
        root = NERVE_ROOTS.get(choice.id)
        suffix = "  " + say("map.root", root=root) if roots and root else ""
        lines.append(f"{n:>2}) {choice.text}{suffix}")
    return lines
