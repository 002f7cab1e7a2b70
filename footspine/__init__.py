"""footspine: explainable triage of foot pain, telling spinal causes from local ones. Not a diagnosis.

The library's one way in is ``footspine.load()``, which returns a Rules object: ``rules.answers()``
validates answers, ``rules.score()`` scores them (see footspine/rules.py). In another language:
``footspine.load(language="es")`` gives the rule file's texts in Spanish, and ``with
footspine.speaking("es"):`` footspine's own messages; ``footspine.languages()`` lists them.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = [
    "AnswerError",
    "FootspineError",
    "Report",
    "Rules",
    "RulesError",
    "ValidAnswers",
    "__version__",
    "languages",
    "load",
    "speaking",
]

# Not `typing.TYPE_CHECKING`: importing typing would cost `footspine --version` a third of its run.
# Type checkers treat any constant of this name as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .answers import ValidAnswers
    from .errors import AnswerError, FootspineError, RulesError
    from .report import Report
    from .rules import Rules, load
    from .translation import languages, speaking

_LAZY = {
    "load": "rules",
    "Rules": "rules",
    "ValidAnswers": "answers",
    "Report": "report",
    "AnswerError": "errors",
    "FootspineError": "errors",
    "RulesError": "errors",
    "languages": "translation",
    "speaking": "translation",
}


def __getattr__(name: str) -> Any:
    """Import the library lazily, so `footspine --version` does not pay for the rule-file models."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(name)
    from importlib import import_module

    return getattr(import_module(f".{module}", __name__), name)
