"""The message catalogue's part for the summary to take to an appointment (``--report``), the foot
drawings, the likelihood bands, and what `eval` and `batch` report: kept apart only for the
module's size; ``messages.ENGLISH`` holds it with the rest, so there is still one catalogue and one
``say``."""

from __future__ import annotations

# The foot map of `footspine map` and the pain-area question: one foot (a right one) from below and
# from above, so each view's inner side is where that foot's is. Each two-letter token (TT, BT, ...)
# stands for one area and becomes its choice number (footmap.py); a translation keeps the tokens. It
# stays within 78 columns and 10 lines, so the question, the map and the choices fit 80x24.
_FOOT_MAP = r"""
 SOLE, seen from below                TOP, seen from above      (a right foot)
      TT toes  BT big-toe joint           BT big-toe joint  TT toes
     .------------------.              .------------------.
     | BW between toes  |              |                  |
outer| BF ball of foot  |inner    inner| TF top of foot   |outer
edge |                  |side     side |                  |side
 OE  | AR arch          |         IA ->\  inner    outer  /<- OA
     | IH inner heel    |               \ ankle    ankle /
      \ HC heel centre /                 '------HB------'
       '--------------'                    back of heel
"""[1:]

REPORT: dict[str, str] = {
    # `footspine eval`.
    "eval.title.one": "footspine eval: 1 case",
    "eval.title.other": "footspine eval: {count} cases",
    "eval.full": "full",
    "eval.adaptive": "adaptive",
    "eval.top1": "top-1 accuracy",
    "eval.top3": "top-3 accuracy",
    "eval.triage_exact": "triage exact",
    "eval.over_triage": "over-triage of self-care cases",
    "eval.under_triage": "under-triage of emergency/urgent cases",
    "eval.asked_median": "questions asked, median",
    "eval.asked_p90": "questions asked, 90th percentile",
    "batch.failed.one": "1 of {total} lines could not be scored; its record says why",
    "batch.failed.other": "{count} of {total} lines could not be scored; their records say why",
    "eval.screens_median": "screens met, median (a checklist is one)",
    "eval.flags_asked": "of which warning-sign questions (of {count}), median",
    "eval.unknown_cause": "expected cause not in the rules: {cause} ({ids})",
    "eval.by_level": "Under-triage by expected level",
    "eval.level": "level",
    "eval.cases": "cases",
    "eval.unsafe": "[!!] UNSAFE ({mode}): under-triaged {ids}",
    "eval.misses": "Misses, adaptive interview ({count})",
    "eval.miss": "{case}: rank {rank}, triage {triage} (expected {expected_triage})\n  expected: {expected}\n  got:      {got}",
    # `batch`'s progress bar.
    "batch.scoring": "scoring",
    "batch.lines": "{lines:,} lines",
    # The foot map (`footspine map`, the pain-area question).
    "map.drawing": _FOOT_MAP,
    # The likelihood bands of the packaged rule file, by label (a rule file's own bands show as named).
    "band.likely": "likely",
    "band.possible": "possible",
    "band.less likely": "less likely",
    # The summary to take to an appointment (--report FILE.md or FILE.html).
    "summary.title": "footspine summary (not a diagnosis)",
    # The result as a FHIR RiskAssessment (--report FILE.fhir.json).
    "fhir.subject": "the person who answered footspine's questions",
    "fhir.title": "footspine: foot pain questions",
    "fhir.warning_sign": "Warning sign",
    "session.wrote_fhir": "wrote the result as a FHIR RiskAssessment to {path}",
    "summary.page_title": "footspine summary {day}",
    "summary.meta": "Date: {day} · footspine {version} · rules {rules} (sha256 {sha})",
    "summary.flags": "Warning signs reported",
    "summary.open_flags": "Warning signs not ruled out (not answered or not sure)",
    "summary.would_mean": "{name} (would mean: {level})",
    "summary.no_cause": "None stands out from these answers.",
    "summary.answers": "The answers given",
    "summary.question": "question",
    "summary.answer": "answer",
    "summary.where": "Where it hurts",
    "report.numbers": "Emergency ({country}): {number}.",
    "report.numbers.line": "Emergency ({country}): {number}. Health advice: {line}.",
    "report.numbers.neutral": "Emergency: your local number (to print it here, give --country, e.g. GB).",
    "summary.numb": "Where it is numb or tingles",
    # The foot drawing of the HTML summary (footsvg.py).
    "drawing.label": "Drawing of the foot, {side}: the sole, the top and the back of the leg, with the areas marked",
    "drawing.as_right": "drawn as a right foot (which foot was not given)",
    "drawing.view.sole": "sole (from below)",
    "drawing.view.top": "top (from above)",
    "drawing.view.leg": "leg (from behind)",
    "drawing.inner": "inner side",
    "drawing.outer": "outer side",
    "drawing.painful": "Painful: {area}",
    "drawing.numb": "Numb or tingling: {area}",
    "drawing.root": "{root} skin area (nerve root {root})",
    "drawing.legend.pain": "painful area: solid orange, heavy outline",
    "drawing.legend.numb": "numb or tingling area: blue stripes",
    "drawing.legend.area": "thin outline, unfilled: an area not marked (shown to place the others)",
    "drawing.legend.L4": "L4 skin area (inner ankle and arch): green dashes, labelled L4",
    "drawing.legend.L5": "L5 skin area (top of the foot and big toe): purple dots, labelled L5",
    "drawing.legend.S1": "S1 skin area (outer edge, sole and heel): blue dash-dots, labelled S1",
    "drawing.roots_why": (
        "The nerve-root skin areas are shown because a cause from the lower back leads; they overlap "
        "between people, so they are a guide, not a rule."
    ),
}
