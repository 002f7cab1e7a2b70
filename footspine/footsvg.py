"""The foot drawing of the HTML summary: an inline SVG of the sole and the top of the foot (or of both
feet), mirrored for the foot answered, with the painful and the numb areas marked and, when a spinal
cause leads, the L4/L5/S1 skin areas over them; and its legend.

Meaning is never by colour alone: painful areas are solid with a heavy outline, numb ones striped,
each root's area has its own dash pattern and label, and every area carries a <title> with its
name from the rule file, so the drawing reads in grey print and to a screen reader. Every element
has an id (``left-sole-arch``) and classes (``area arch pain``) that tests and styles can find.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .footmap import QUESTION_ID
from .footshapes import (
    AREAS,
    FOOT_VIEWS,
    HEIGHT,
    NUMB,
    NUMBNESS_ID,
    OUTLINES,
    ROOT_AREAS,
    ROOT_LABELS,
    ROOT_STYLE,
    ROOTS,
    VIEWS,
    WHOLE_FOOT,
    WIDTHS,
    Ellipse,
    Foot,
    Shape,
    View,
    mirrored,
)
from .kinds import AnswerValue
from .messages import say
from .model import KnowledgeBase
from .side import Side, feet_drawn

PAIN_FILL = "#e4572e"
NUMB_STROKE = "#1f4fbf"
SKIN_FILL = "#f6efe6"
LINE = "#333333"
_PAD, _CELL_H, _GAP, _TOP = 10, HEIGHT + 74, 48, 30
LEG_AREA = "calf"  # the pain-area choice that brings in the view of the leg
_Place = Callable[[float, float], tuple[float, float]]


@dataclass(frozen=True)
class Marks:
    """What the drawing marks: painful areas by pain-area choice, numb ones by numbness choice."""

    pain: frozenset[str]
    numb: tuple[str, ...]
    roots: bool
    views: tuple[View, ...] = FOOT_VIEWS
    """The leg is drawn only when it hurts: a third view would halve the others on a page."""


def marks_of(answers: Mapping[str, AnswerValue], *, spinal_leads: bool) -> Marks:
    """The marks the answers call for, keeping only choices the drawing knows."""
    pain = answers.get(QUESTION_ID)
    numb = answers.get(NUMBNESS_ID)
    painful = frozenset(pain) if isinstance(pain, tuple) else frozenset()
    if WHOLE_FOOT in painful:
        painful |= {area for view in FOOT_VIEWS for area in AREAS[view]}
    numb_ids = tuple(c for c in numb if c in NUMB) if isinstance(numb, tuple) else ()
    views = VIEWS if LEG_AREA in painful else FOOT_VIEWS
    return Marks(painful, numb_ids, spinal_leads, views)


def svg(side: Side, marks: Marks, kb: KnowledgeBase) -> str:
    """One <svg> with a sole view and a top view of each foot drawn, side by side."""
    feet = feet_drawn(side)
    width, _ = size(side, marks.views)
    foot_w = _foot_width(marks.views)
    label = say("drawing.label", side=say(f"side.{side}"))
    parts = [
        f'<svg class="feet {"two" if len(feet) == 2 else "one"}" viewBox="0 0 {width} {_CELL_H}" '
        f'role="img" aria-labelledby="feet-title" style="max-width: {width * 0.04:g}em">',
        f'<title id="feet-title">{_e(label)}</title>',
        _defs(),
    ]
    for n, foot in enumerate(feet):
        x0 = n * (foot_w + _GAP)
        heading = say(f"side.{foot}") if side in ("left", "right", "both") else say("drawing.as_right")
        parts.append(
            f'<text class="foot-heading" x="{x0 + foot_w / 2:g}" y="18" text-anchor="middle" '
            f'font-size="17" font-weight="bold">{_e(heading.capitalize())}</text>'
        )
        for view in marks.views:
            parts += _view(foot, view, x0 + _view_x(view, marks.views), marks, kb)
    parts.append("</svg>")
    return "\n".join(parts)


def _defs() -> str:
    return (
        '<defs><pattern id="numb-stripes" patternUnits="userSpaceOnUse" width="8" height="8" '
        'patternTransform="rotate(45)"><rect width="8" height="8" fill="none"/>'
        f'<rect width="3.5" height="8" fill="{NUMB_STROKE}"/></pattern></defs>'
    )


def _view(foot: Foot, view: View, x0: float, marks: Marks, kb: KnowledgeBase) -> list[str]:
    flip = mirrored(foot, view)
    prefix = f"{foot}-{view}"
    ox, oy = x0 + _PAD, _TOP

    def place(x: float, y: float) -> tuple[float, float]:
        return (ox + (WIDTHS[view] - x if flip else x), oy + y)

    pain_question = kb.question_by_id.get(QUESTION_ID)
    numb_question = kb.question_by_id.get(NUMBNESS_ID)
    whole = WHOLE_FOOT in marks.pain and view in FOOT_VIEWS
    out = [f'<g id="{prefix}" class="view {view} {foot}">']
    outline_title = say(f"drawing.view.{view}")
    out.append(
        _shape(OUTLINES[view], place, id_=f"{prefix}-outline", classes="outline" + (" pain" if whole else ""),
               fill=PAIN_FILL if whole else SKIN_FILL, stroke=LINE, width=2, title=outline_title)
    )  # fmt: skip
    for area, shapes in AREAS[view].items():
        if pain_question is None or area not in pain_question.choice_ids:
            continue
        painful = area in marks.pain
        name = pain_question.choice_text(area)
        title = say("drawing.painful", area=name) if painful else name
        out.append(f'<g id="{prefix}-{area}" class="area {area}{" pain" if painful else ""}">')
        out.append(f"<title>{_e(title)}</title>")
        out += [
            _shape(shape, place, fill=PAIN_FILL if painful else SKIN_FILL, stroke=LINE,
                   width=3 if painful else 1.2)
            for shape in shapes
        ]  # fmt: skip
        out.append("</g>")
    for choice in marks.numb:
        covered = [_pick(view, area, index) for v, area, index in NUMB[choice] if v == view]
        if not covered or numb_question is None:
            continue
        title = say("drawing.numb", area=numb_question.choice_text(choice))
        out.append(f'<g id="{prefix}-numb-{choice}" class="numb {choice}"><title>{_e(title)}</title>')
        out += [
            _shape(s, place, fill="url(#numb-stripes)", stroke=NUMB_STROKE, width=1.5)
            for shapes in covered
            for s in shapes
        ]
        out.append("</g>")
    if marks.roots:
        out += _roots(view, prefix, place)
    out += _captions(foot, view, ox)
    out.append("</g>")
    return out


def _roots(view: View, prefix: str, place: _Place) -> list[str]:
    out = []
    for root in ROOTS:
        colour, dash = ROOT_STYLE[root]
        covered = [_pick(view, area, index) for v, area, index in ROOT_AREAS[root] if v == view]
        if not covered:
            continue
        out.append(
            f'<g id="{prefix}-root-{root}" class="root {root}"><title>{_e(say("drawing.root", root=root))}</title>'
        )
        out += [
            _shape(s, place, fill="none", stroke=colour, width=2.5, dash=dash)
            for shapes in covered
            for s in shapes
        ]
        x, y = place(*ROOT_LABELS[view][root])
        out.append(
            f'<text x="{x:g}" y="{y:g}" text-anchor="middle" font-size="15" font-weight="bold" '
            f'fill="{colour}" stroke="#ffffff" stroke-width="3" paint-order="stroke">{root}</text></g>'
        )
    return out


def _captions(foot: Foot, view: View, ox: float) -> list[str]:
    """The view's name under it, and which edge is the inner (big-toe) side and which the outer."""
    inner_right = not mirrored(foot, view)
    left_word, right_word = (say("drawing.outer"), say("drawing.inner"))[:: 1 if inner_right else -1]
    y = _TOP + HEIGHT + 18
    return [
        f'<text class="edge" x="{ox:g}" y="{y}" font-size="13">{_e(left_word)}</text>',
        f'<text class="edge" x="{ox + WIDTHS[view]:g}" y="{y}" font-size="13" text-anchor="end">{_e(right_word)}</text>',
        f'<text class="caption" x="{ox + WIDTHS[view] / 2:g}" y="{y + 20}" font-size="14" text-anchor="middle">'
        f"{_e(say(f'drawing.view.{view}'))}</text>",
    ]


def _pick(view: View, area: str, index: int | None) -> tuple[Shape, ...]:
    shapes = AREAS[view].get(area, ())
    return shapes if index is None else shapes[index : index + 1]


def _shape(
    shape: Shape,
    place: _Place,
    *,
    fill: str,
    stroke: str,
    width: float,
    id_: str = "",
    classes: str = "",
    title: str = "",
    dash: str = "",
) -> str:
    attrs = f' id="{id_}"' if id_ else ""
    attrs += f' class="{classes}"' if classes else ""
    attrs += f' fill="{fill}" stroke="{stroke}" stroke-width="{width:g}" stroke-linejoin="round"'
    attrs += f' stroke-dasharray="{dash}"' if dash else ""
    inner = f"<title>{_e(title)}</title>" if title else ""
    if isinstance(shape, Ellipse):
        cx, cy = place(shape.cx, shape.cy)
        element = f'<ellipse cx="{cx:g}" cy="{cy:g}" rx="{shape.rx:g}" ry="{shape.ry:g}"{attrs}'
        return f"{element}>{inner}</ellipse>" if inner else f"{element}/>"
    points = " ".join(f"{x:g},{y:g}" for x, y in (place(*p) for p in shape.points))
    element = f'<polygon points="{points}"{attrs}'
    return f"{element}>{inner}</polygon>" if inner else f"{element}/>"


def centres(side: Side, views: tuple[View, ...] = FOOT_VIEWS) -> dict[str, tuple[float, float]]:
    """Each area's centre in the drawing's own units, by element id: where a test looks for its colour."""
    feet = feet_drawn(side)
    found: dict[str, tuple[float, float]] = {}
    for n, foot in enumerate(feet):
        for view in views:
            ox = n * (_foot_width(views) + _GAP) + _view_x(view, views) + _PAD
            flip = mirrored(foot, view)
            for area, shapes in AREAS[view].items():
                for i, shape in enumerate(shapes):
                    x, y = shape.centre()
                    key = f"{foot}-{view}-{area}" + (f"-{i}" if len(shapes) > 1 else "")
                    found[key] = (ox + (WIDTHS[view] - x if flip else x), _TOP + y)
    return found


def _view_x(view: View, views: tuple[View, ...]) -> int:
    """Where a view's cell starts within its foot's group of views."""
    return _foot_width(views[: views.index(view)])


def _foot_width(views: tuple[View, ...]) -> int:
    """The width of these views side by side, each in its cell."""
    return sum(WIDTHS[v] + 2 * _PAD for v in views)


def size(side: Side, views: tuple[View, ...] = FOOT_VIEWS) -> tuple[int, int]:
    """The drawing's width and height in its own units (its viewBox)."""
    feet = len(feet_drawn(side))
    return (feet * _foot_width(views) + (feet - 1) * _GAP, _CELL_H)


def legend(marks: Marks) -> list[str]:
    """The legend as HTML list items, each with a small swatch drawn like the marks it explains."""
    items = [
        (_swatch(f'fill="{PAIN_FILL}" stroke="{LINE}" stroke-width="3"'), say("drawing.legend.pain")),
        (
            _swatch(f'fill="url(#legend-stripes)" stroke="{NUMB_STROKE}" stroke-width="1.5"', stripes=True),
            say("drawing.legend.numb"),
        ),
        (_swatch(f'fill="{SKIN_FILL}" stroke="{LINE}" stroke-width="1.2"'), say("drawing.legend.area")),
    ]
    if marks.roots:
        for root in ROOTS:
            colour, dash = ROOT_STYLE[root]
            items.append(
                (
                    _swatch(f'fill="none" stroke="{colour}" stroke-width="2.5" stroke-dasharray="{dash}"'),
                    say(f"drawing.legend.{root}"),
                )
            )
    return [f'<li class="key">{swatch} {_e(text)}</li>' for swatch, text in items]


def _swatch(paint: str, *, stripes: bool = False) -> str:
    defs = (
        '<defs><pattern id="legend-stripes" patternUnits="userSpaceOnUse" width="8" height="8" '
        f'patternTransform="rotate(45)"><rect width="3.5" height="8" fill="{NUMB_STROKE}"/></pattern></defs>'
        if stripes
        else ""
    )
    return (
        f'<svg class="swatch" width="28" height="18" viewBox="0 0 28 18" aria-hidden="true">{defs}'
        f'<rect x="2" y="2" width="24" height="14" rx="3" {paint}/></svg>'
    )


def _e(text: str) -> str:
    return html.escape(text, quote=True)
