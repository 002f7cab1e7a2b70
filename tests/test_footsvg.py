"""The summary's foot drawing: inline SVG whose every area has an id, classes and a title, mirrored
for the foot answered, with pain, numbness and the nerve-root areas marked apart."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

from footspine import footsvg
from footspine.render_report import html_page
from footspine.results import CheckResult
from footspine.rules import Rules

DAY = date(2026, 11, 24)
L5_STORY = {"back_pain": "yes", "leg_pain": "below_knee", "leg_worse_than_back": "yes"}


def drawing(kb: Rules, answers: dict[str, object]) -> tuple[str, ET.Element]:
    page = html_page(CheckResult(kb.score(answers), kb.kb), DAY)
    found = re.search(r'<svg class="feet.*?</svg>', page, re.S)
    assert found, "the page has no drawing"
    return page, ET.fromstring(found.group())


def by_id(svg: ET.Element) -> dict[str, ET.Element]:
    return {e.get("id", ""): e for e in svg.iter() if e.get("id")}


def test_every_area_has_an_id_classes_and_a_title(kb: Rules) -> None:
    _, svg = drawing(kb, {"pain_area": ("arch",), "numbness": ("top_big_toe",), **L5_STORY})
    ids = [e.get("id") for e in svg.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), "ids must be unique"
    groups = [g for g in svg.iter("g") if g.get("class", "").split()[0] in {"area", "numb", "root"}]
    assert len(groups) > 20
    for group in groups:
        assert group.get("id") and group[0].tag == "title" and (group[0].text or "").strip(), group.get("id")
    assert svg.get("role") == "img" and svg.find("title") is not None


def test_the_painful_areas_are_marked_and_named_from_the_rule_file(kb: Rules) -> None:
    _, svg = drawing(kb, {"sides": "one_foot", "which_foot": "left", "pain_area": ("arch", "big_toe_joint")})
    found = by_id(svg)
    arch = found["left-sole-arch"]
    assert arch.get("class") == "area arch pain"
    assert arch[0].text == "Painful: the arch (middle of the sole)"
    assert arch[1].get("fill") == footsvg.PAIN_FILL
    assert found["left-sole-big_toe_joint"].get("class") == "area big_toe_joint pain"
    assert found["left-top-big_toe_joint"].get("class") == "area big_toe_joint pain"  # seen from both sides
    heel = found["left-sole-heel_centre"]
    assert heel.get("class") == "area heel_centre" and heel[1].get("fill") != footsvg.PAIN_FILL
    assert not any(i.startswith("right-") for i in found)


def test_numb_areas_are_striped_and_told_apart_from_pain(kb: Rules) -> None:
    _, svg = drawing(kb, {"pain_area": ("arch",), "numbness": ("top_big_toe", "inner_ankle_shin")})
    found = by_id(svg)
    numb = found["right-top-numb-top_big_toe"]
    assert numb[0].text == "Numb or tingling: the top of the foot or the big toe"
    assert {shape.get("fill") for shape in numb[1:]} == {"url(#numb-stripes)"}
    assert len(numb) == 3  # the top of the foot and the big toe
    assert "right-top-numb-inner_ankle_shin" in found
    assert "right-sole-numb-top_big_toe" not in found  # the top of the foot is not on the sole
    assert found["numb-stripes"].tag == "pattern"


def test_the_nerve_root_areas_show_only_when_a_spinal_cause_leads(kb: Rules) -> None:
    page, svg = drawing(kb, {"pain_area": ("top_of_foot",), "numbness": ("top_big_toe",), **L5_STORY})
    assert (
        kb.score({"pain_area": ("top_of_foot",), "numbness": ("top_big_toe",), **L5_STORY}).causes[0].origin
        == "spinal"
    )
    found = by_id(svg)
    for root in ("L4", "L5", "S1"):
        assert f"right-sole-root-{root}" in found or f"right-top-root-{root}" in found
        assert f"{root} skin area" in page
    assert found["right-top-root-L4"][0].text == "L4 skin area (nerve root L4)"
    assert "because a cause from the lower back leads" in page
    local_page, local = drawing(kb, {"pain_area": ("heel_underside",), "first_steps": "yes"})
    assert not any(e.get("class", "").startswith("root") for e in local.iter())
    assert "L4 skin area" not in local_page


def test_each_foot_is_drawn_the_right_way_round(kb: Rules) -> None:
    """Seen from below, a left foot has its big toe on the left; from above, on the right."""
    for side, foot in (("left", "left"), ("right", "right")):
        centres = footsvg.centres(side)
        big, little = centres[f"{foot}-sole-toes-0"], centres[f"{foot}-sole-toes-4"]
        assert (big[0] < little[0]) == (foot == "left"), side
        big, little = centres[f"{foot}-top-toes-0"], centres[f"{foot}-top-toes-4"]
        assert (big[0] > little[0]) == (foot == "left"), side
    _, svg = drawing(kb, {"sides": "one_foot", "which_foot": "left", "pain_area": ("toes",)})
    edges = [t.text for t in svg.iter("text") if t.get("class") == "edge"]
    assert edges == ["inner side", "outer side", "outer side", "inner side"]  # left to right: sole, top
    _, leg = drawing(kb, {"sides": "one_foot", "which_foot": "left", "pain_area": ("calf",)})
    edges = [t.text for t in leg.iter("text") if t.get("class") == "edge"]
    assert edges[4:] == ["outer side", "inner side"]  # the leg from behind: inner side as on the top


def test_both_feet_are_two_labelled_feet(kb: Rules) -> None:
    page, svg = drawing(
        kb, {"sides": "both_feet", "pain_area": ("heel_centre",), "numbness": ("both_feet_all_over",)}
    )
    headings = [t.text for t in svg.iter("text") if t.get("class") == "foot-heading"]
    assert headings == ["Left foot", "Right foot"]
    found = by_id(svg)
    assert found["left-sole-heel_centre"].get("class") == found["right-sole-heel_centre"].get("class")
    assert "left-top-numb-both_feet_all_over" in found and "right-sole-numb-both_feet_all_over" in found
    assert "Foot: both feet" in page
    assert svg.get("class") == "feet two" and footsvg.size("both")[0] > 2 * footsvg.size("left")[0]


def test_an_unknown_side_is_drawn_as_a_right_foot_and_says_so(kb: Rules) -> None:
    _, svg = drawing(kb, {"pain_area": ("whole_foot",)})
    headings = [t.text for t in svg.iter("text") if t.get("class") == "foot-heading"]
    assert headings == ["Drawn as a right foot (which foot was not given)"]
    found = by_id(svg)
    assert found["right-sole-outline"].get("class") == "outline pain"  # the whole foot
    assert all("pain" in found[f"right-sole-{a}"].get("class", "") for a in ("arch", "heel_centre", "toes"))


def test_no_drawing_without_an_area_answered(kb: Rules) -> None:
    page = html_page(CheckResult(kb.score({"sides": "one_foot"}), kb.kb), DAY)
    assert "<svg class=" not in page and "Foot: one foot (which one not given)" in page


def test_the_calf_is_drawn_on_the_leg_not_between_the_ankles(kb: Rules) -> None:
    _, svg = drawing(kb, {"sides": "one_foot", "which_foot": "right", "pain_area": ("calf", "outer_ankle")})
    found = by_id(svg)
    assert found["right-leg-calf"].get("class") == "area calf pain"
    assert "right-top-calf" not in found and "right-sole-calf" not in found
    captions = [t.text for t in svg.iter("text") if t.get("class") == "caption"]
    assert captions == ["sole (from below)", "top (from above)", "leg (from behind)"]
    centres = footsvg.centres("right", footsvg.VIEWS)
    assert centres["right-leg-calf"][1] < centres["right-leg-back_of_heel"][1]  # the calf above the heel
    whole = by_id(drawing(kb, {"pain_area": ("whole_foot",)})[1])
    assert "right-leg-calf" not in whole  # the whole foot is not the calf: no leg drawn


def _text_box(text: ET.Element) -> tuple[float, float, float, float]:
    """A generous box around an SVG text: ~0.62 em per character, cap height above the baseline."""
    size = float(text.get("font-size", "16"))
    width = 0.62 * size * len(text.text or "")
    x, y = float(text.get("x", "0")), float(text.get("y", "0"))
    left = {"middle": x - width / 2, "end": x - width}.get(text.get("text-anchor", ""), x)
    return (left, y - 0.8 * size, left + width, y + 0.2 * size)


def _inside(shape: ET.Element, x: float, y: float) -> bool:
    if shape.tag.endswith("ellipse"):
        cx, cy, rx, ry = (float(shape.get(k, "0")) for k in ("cx", "cy", "rx", "ry"))
        return ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1
    points = [tuple(map(float, p.split(","))) for p in shape.get("points", "").split()]
    inside = False
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def test_no_two_labels_collide_and_a_root_label_sits_off_the_other_roots(kb: Rules) -> None:
    for side in ({"sides": "one_foot", "which_foot": "left"}, {"sides": "both_feet"}, {}):
        _, svg = drawing(
            kb, {**side, "pain_area": ("top_of_foot", "calf"), "numbness": ("top_big_toe",), **L5_STORY}
        )
        texts = [t for t in svg.iter() if t.tag.endswith("text") and (t.text or "").strip()]
        boxes = [(t.text, _text_box(t)) for t in texts]
        assert len(boxes) > 10
        for n, (a, (ax0, ay0, ax1, ay1)) in enumerate(boxes):
            for b, (bx0, by0, bx1, by1) in boxes[n + 1 :]:
                assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0, (side, a, b)
        roots = [g for g in svg.iter() if g.tag.endswith("g") and g.get("class", "").startswith("root ")]
        for group in roots:
            label = next(t for t in group if t.tag.endswith("text"))
            x0, y0, x1, y1 = _text_box(label)
            grid = [(x0 + (x1 - x0) * i / 4, y0 + (y1 - y0) * j / 4) for i in range(5) for j in range(5)]
            view = group.get("id", "").rsplit("-root-", 1)[0]
            for other in roots:
                if other is group or not other.get("id", "").startswith(view + "-"):
                    continue
                shapes = [s for s in other if not s.tag.endswith(("title", "text"))]
                assert not any(_inside(s, x, y) for s in shapes for x, y in grid), (
                    label.text,
                    other.get("id"),
                )


def test_the_legend_explains_every_kind_of_mark(kb: Rules) -> None:
    page, _ = drawing(kb, {"pain_area": ("top_of_foot",), "numbness": ("top_big_toe",), **L5_STORY})
    legend = re.search(r'<ul class="legend">(.*?)</ul>', page, re.S)
    assert legend
    keys = re.findall(r'<li class="key">.*?</svg> (.*?)</li>', legend.group(1))
    assert [k.split(":")[0] for k in keys] == [
        "painful area",
        "numb or tingling area",
        "thin outline, unfilled",
        "L4 skin area (inner ankle and arch)",
        "L5 skin area (top of the foot and big toe)",
        "S1 skin area (outer edge, sole and heel)",
    ]
