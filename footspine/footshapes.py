"""The shapes of the summary's foot drawing: where each area lies on the sole and on the top of a foot,
and on the back of the lower leg.

Coordinates are for one view ``WIDTHS[view]`` wide and 430 tall, drawn with the inner (big-toe)
side on the right: the sole of a right foot seen from below, the top of a left foot seen from
above, or the back of a left leg seen from behind. The other foot's views are mirror images
(``mirrored``), so one set of shapes serves both feet. The calf has a view of its own because on
the top of the foot it could only be drawn between the ankles, where it reads as ankle pain.
The areas are the pain-area choices of the rule file; the numbness and nerve-root tables say which
shapes each numbness choice and each root's skin area covers. Ids here are the rule file's choice
ids; the drawing skips any the rule file lacks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from .footmap import NERVE_ROOTS

View = Literal["sole", "top", "leg"]
Foot = Literal["left", "right"]
VIEWS: tuple[View, ...] = ("sole", "top", "leg")
FOOT_VIEWS: tuple[View, ...] = ("sole", "top")  # the views of the foot itself, not of the leg
WIDTHS: Mapping[View, int] = {"sole": 200, "top": 200, "leg": 170}
HEIGHT = 430
NUMBNESS_ID = "numbness"
WHOLE_FOOT = "whole_foot"  # the pain-area choice that marks every area of the foot
ALL_OVER = "both_feet_all_over"  # the numbness choice that marks every area of both feet


@dataclass(frozen=True)
class Ellipse:
    cx: float
    cy: float
    rx: float
    ry: float

    def centre(self) -> tuple[float, float]:
        return (self.cx, self.cy)


@dataclass(frozen=True)
class Polygon:
    points: tuple[tuple[float, float], ...]
    inside: tuple[float, float]
    """A point well inside, where a test looks for the area's colour (not the vertices' mean,
    which for a thin curved area can fall outside it)."""

    def centre(self) -> tuple[float, float]:
        return self.inside


Shape = Ellipse | Polygon


def mirrored(foot: Foot, view: View) -> bool:
    """Whether this view is the mirror image of the shapes as given (inner side on the right)."""
    return (foot == "right") == (view != "sole")


_FOOT_OUTLINE = Polygon(
    (
        (30, 84), (60, 74), (100, 70), (140, 68), (172, 76), (182, 100), (184, 140), (180, 190),
        (174, 240), (168, 290), (164, 330), (158, 370), (144, 398), (120, 412), (94, 414), (70, 406),
        (56, 386), (50, 350), (44, 300), (34, 250), (26, 200), (22, 150), (22, 110),
    ),
    inside=(100, 240),
)  # fmt: skip
_LEG_OUTLINE = Polygon(  # the lower leg from the knee down, seen from behind, the heel at the foot
    (
        (43, 20), (127, 20), (139, 70), (143, 130), (133, 200), (115, 260), (109, 320), (117, 344),
        (111, 362), (113, 396), (101, 416), (85, 420), (69, 416), (57, 396), (59, 362), (53, 344),
        (61, 320), (55, 260), (37, 200), (27, 130), (31, 70),
    ),
    inside=(85, 250),
)  # fmt: skip
OUTLINES: Mapping[View, Polygon] = {"sole": _FOOT_OUTLINE, "top": _FOOT_OUTLINE, "leg": _LEG_OUTLINE}

_TOES = (  # big toe first, on the inner side
    Ellipse(152, 52, 22, 30),
    Ellipse(112, 48, 13, 20),
    Ellipse(84, 54, 12, 18),
    Ellipse(60, 65, 11, 15),
    Ellipse(40, 80, 10, 13),
)

# Each view's areas in drawing order (later ones on top), as choice id -> shapes.
AREAS: Mapping[View, Mapping[str, tuple[Shape, ...]]] = {
    "sole": {
        "ball_of_foot": (Ellipse(104, 112, 70, 28),),
        "toes": _TOES,
        "between_toes": (Ellipse(133, 76, 6, 9), Ellipse(98, 73, 6, 9), Ellipse(72, 80, 6, 8)),
        "big_toe_joint": (Ellipse(152, 112, 19, 19),),
        "arch": (Ellipse(138, 215, 26, 52),),
        "outer_edge": (
            Polygon(
                (
                    (24, 140),
                    (44, 140),
                    (50, 200),
                    (58, 260),
                    (64, 312),
                    (52, 318),
                    (44, 300),
                    (34, 250),
                    (26, 200),
                ),
                inside=(42, 230),
            ),
        ),
        "heel_underside": (Ellipse(124, 318, 24, 19),),
        "heel_centre": (Ellipse(98, 364, 28, 28),),
    },
    "top": {
        "top_of_foot": (Ellipse(104, 178, 56, 72),),
        "toes": _TOES,
        "big_toe_joint": (Ellipse(152, 112, 19, 19),),
        "inner_ankle": (Ellipse(162, 304, 17, 17),),
        "outer_ankle": (Ellipse(42, 322, 17, 17),),
        "back_of_heel": (Ellipse(102, 398, 34, 12),),
    },
    "leg": {
        "calf": (Ellipse(85, 135, 44, 75),),
        "back_of_heel": (Ellipse(85, 372, 16, 40),),
    },
}

# Each numbness choice: the (view, area, shape index or None for all its shapes) it covers.
NUMB: Mapping[str, tuple[tuple[View, str, int | None], ...]] = {
    "top_big_toe": (("top", "top_of_foot", None), ("top", "toes", 0)),
    "sole_outer_edge": (("sole", "outer_edge", None),),
    "inner_sole": (
        ("sole", "arch", None), ("sole", "heel_underside", None), ("sole", "heel_centre", None),
        ("sole", "ball_of_foot", None), ("sole", "toes", 0), ("sole", "toes", 1),
    ),
    "inner_ankle_shin": (("top", "inner_ankle", None),),
    "toe_tips": (("sole", "between_toes", None),),
    ALL_OVER: tuple((view, area, None) for view in FOOT_VIEWS for area in AREAS[view]),
}  # fmt: skip

ROOTS = ("L4", "L5", "S1")
# Each root's skin area: the areas footmap.NERVE_ROOTS gives to that root alone, and the big toe for
# L5 (footmap counts the toes as L5/S1 together).
ROOT_AREAS: Mapping[str, tuple[tuple[View, str, int | None], ...]] = {
    root: tuple(
        [(view, area, None) for view in VIEWS for area in AREAS[view] if NERVE_ROOTS.get(area) == root]
        + ([("top", "toes", 0)] if root == "L5" else [])
    )
    for root in ROOTS
}
# Where each root's label sits in each view: beside its area, clear of the areas' own centres.
ROOT_LABELS: Mapping[View, Mapping[str, tuple[float, float]]] = {
    "sole": {"L4": (138, 255), "L5": (190, 118), "S1": (60, 385)},
    "top": {"L4": (162, 336), "L5": (104, 240), "S1": (145, 420)},
    "leg": {"S1": (127, 300)},
}
ROOT_STYLE: Mapping[str, tuple[str, str]] = {  # colour, dash pattern: told apart without colour too
    "L4": ("#1b7a3a", "9 4"),
    "L5": ("#6a1b9a", "2 3"),
    "S1": ("#005f87", "12 4 3 4"),
}
