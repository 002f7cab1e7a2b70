"""What each command produces, before it is rendered: the CLI builds one of these and hands it to
the renderer that outputs.py picks for the format asked for (text, JSON, Markdown, HTML)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: `check` should not load the evaluation harness
    from .evaluation import Summary
    from .model import Condition, KnowledgeBase
    from .report import Report


@dataclass(frozen=True)
class CheckResult:
    report: Report
    kb: KnowledgeBase


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
