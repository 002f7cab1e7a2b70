"""footspine: explainable triage of foot pain, telling spinal causes from local ones. Not a diagnosis."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["Report", "__version__", "load_knowledge_base", "score"]

# Not `typing.TYPE_CHECKING`: importing typing would cost `footspine --version` a third of its run.
# Type checkers treat any constant of this name as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .engine import score
    from .knowledge import load_knowledge_base
    from .model import Report


def __getattr__(name: str) -> Any:
    """Import the library lazily, so `footspine --version` does not pay for the rule-file models."""
    if name == "score":
        from .engine import score

        return score
    if name == "load_knowledge_base":
        from .knowledge import load_knowledge_base

        return load_knowledge_base
    if name == "Report":
        from .model import Report

        return Report
    raise AttributeError(name)
