"""The one error tree: anything raised from here is shown to the user as one line, never a traceback."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .messages import say

EXIT_USAGE = 2
FLAGS_HINT = "pass answers as flags instead: footspine check --answer ID=VALUE (ids: footspine questions)"
EXIT_INTERRUPTED = 130


class FootspineError(Exception):
    """An error the CLI prints as ``error: <message>`` on stderr before exiting with ``exit_code``."""

    exit_code = EXIT_USAGE


class RulesError(FootspineError):
    """The rule file is missing, unreadable or invalid; the message names the file and the JSON path."""


class AnswerError(FootspineError):
    """An answer names an unknown question or holds a value the question does not allow."""


class SaveError(FootspineError):
    """A file the user asked for (--save, --report) cannot be written; nothing is left half-written."""


class InputEnded(FootspineError):
    """Standard input closed while footspine still had questions to ask."""


class Interrupted(FootspineError):
    """The user pressed Ctrl-C."""

    exit_code = EXIT_INTERRUPTED


def did_you_mean(word: str, options: Iterable[object]) -> str:
    """A ' (did you mean 'x'?)' suffix for an error message, or '' when nothing is close."""
    names = [str(o) for o in options]
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    if not close and len(word) >= 4:
        close = [name for name in names if word in name][:1]
    return say("error.did_you_mean", word=close[0]) if close else ""
