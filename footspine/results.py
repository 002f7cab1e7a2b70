"""What each command produces, before it is rendered: the CLI builds one of these and hands it to
the renderer that outputs.py picks for the format asked for (text, JSON, Markdown, HTML)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: `check` should not load the evaluation harness
    from .evaluation import Summary
    from .model import Condition, KnowledgeBase, Services
    from .report import Report


@dataclass(frozen=True)
class CheckResult:
    """``services``: the emergency and health-line numbers of the person's country (None: unknown).
    ``view`` is "full" (summary, details, closing line) or "summary"; ``more`` says whether the
    summary tells how to see the details (not when a menu after it offers them)."""

    report: Report
    kb: KnowledgeBase
    services: Services | None = None
    view: str = "full"
    more: bool = True


@dataclass(frozen=True)
class QuestionsResult:
    kb: KnowledgeBase


@dataclass(frozen=True)
class ConditionsResult:
    kb: KnowledgeBase


@dataclass(frozen=True)
class ExplainResult:
    condition: Condition
    kb: KnowledgeBase


@dataclass(frozen=True)
class EvalResult:
    full: Summary
    adaptive: Summary
    red_flags: int


@dataclass(frozen=True)
class ValidateResult:
    """`rules validate`: ``kb`` is None when the file has errors."""

    file: str
    kb: KnowledgeBase | None
    errors: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=())
