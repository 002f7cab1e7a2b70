"""The output formats: one table from (format, result type) to the function that renders it.

A renderer is named as "module:function" and imported only when used, so a scripted `check
--json` never loads rich or the report writers. ``text`` renderers return something rich can
print; the others return text. ``--report FILE`` takes any format with a file suffix here.
Adding a format is one entry in FORMATS and its renderers in RENDERERS.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import Any, NamedTuple

from .errors import FootspineError


class Format(NamedTuple):
    name: str
    suffixes: tuple[str, ...]  # file names that --report writes in this format


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("text", ()),
        Format("json", ()),
        Format("markdown", (".md", ".markdown")),
        Format("html", (".html", ".htm")),
        Format("fhir", (".fhir.json",)),  # a FHIR R4 RiskAssessment (fhir_result.py)
    )
}

RENDERERS: dict[tuple[str, str], str] = {
    ("text", "CheckResult"): "render_result:check_view",
    ("text", "QuestionsResult"): "render_text:questions_view",
    ("text", "ConditionsResult"): "render_text:conditions_view",
    ("text", "ExplainResult"): "render_text:explain_view",
    ("text", "EvalResult"): "render_text:evaluation_view",
    ("json", "CheckResult"): "render_json:check_document",
    ("json", "QuestionsResult"): "render_json:questions_document",
    ("json", "ConditionsResult"): "render_json:conditions_document",
    ("json", "ExplainResult"): "render_json:explain_document",
    ("json", "EvalResult"): "render_json:evaluation_document",
    ("json", "ValidateResult"): "render_json:validate_document",
    ("markdown", "CheckResult"): "render_report:markdown",
    ("html", "CheckResult"): "render_report:html_page",
    ("fhir", "CheckResult"): "fhir_result:risk_assessment",
}


def renderer(format_name: str, result: object) -> Callable[[Any], Any]:
    """The function that renders ``result`` in this format."""
    name = RENDERERS.get((format_name, type(result).__name__))
    if name is None:  # pragma: no cover - a missing table entry is a programming error
        raise LookupError(f"no {format_name} renderer for {type(result).__name__}")
    module, function = name.split(":")
    return getattr(import_module(f"footspine.{module}"), function)  # type: ignore[no-any-return]


def report_format(path: Path) -> Format:
    """The format --report writes to ``path``, by how its name ends (.md, .html, .fhir.json)."""
    name = path.name.lower()
    for candidate in FORMATS.values():
        if name.endswith(candidate.suffixes) and candidate.suffixes:
            return candidate
    names = ", ".join(s for f in FORMATS.values() for s in f.suffixes)
    raise FootspineError(f"--report {path}: use a name ending in one of {names}")
