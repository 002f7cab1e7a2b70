"""Which foot the answers are about: the `sides` and `which_foot` answers read as one fact.

The renderers show it (the result's header line, the JSON result, the summary and its drawing);
scoring never reads it from here, since `sides` weighs through the rule file's own findings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from .kinds import AnswerValue

SIDES_ID = "sides"
WHICH_FOOT_ID = "which_foot"

Side = Literal["left", "right", "both", "one_foot", "unknown"]
SIDES: tuple[Side, ...] = ("left", "right", "both", "one_foot", "unknown")
"""``one_foot``: one foot, not said which; ``unknown``: not said whether one foot or both."""


def side_of(answers: Mapping[str, AnswerValue]) -> Side:
    """The side the answers give. "Both feet", to either question, wins over a left or right foot
    (given by a flag or a file, say); a left or right foot alone means one foot."""
    sides, foot = answers.get(SIDES_ID), answers.get(WHICH_FOOT_ID)
    if sides == "both_feet" or foot == "both":
        return "both"
    if foot == "left":
        return "left"
    if foot == "right":
        return "right"
    return "one_foot" if sides == "one_foot" else "unknown"


def feet_drawn(side: Side) -> tuple[Literal["left", "right"], ...]:
    """The feet a drawing shows: both for both feet; a right foot (labelled as such) when unknown."""
    if side == "both":
        return ("left", "right")
    if side == "left":
        return ("left",)
    return ("right",)
