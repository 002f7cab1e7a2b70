"""The one error tree: anything raised from here is shown to the user as one line, never a traceback."""

from __future__ import annotations

import contextlib
import difflib
import errno
import os
import sys
from collections.abc import Iterable
from typing import NoReturn

from .messages import say

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143  # 128 + SIGTERM, what a shell reports for a process SIGTERM ended
EXIT_SOME_FAILED = 3  # batch: some lines could not be scored (their records say why)
EXIT_OUTPUT = 1  # standard output cannot take the result (a full disk, a reader that went away)
_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


class FootspineError(Exception):
    """An error the CLI prints as ``error: <message>`` on stderr before exiting with ``exit_code``."""

    exit_code = EXIT_USAGE


class SomeLinesFailed(FootspineError):
    """`batch` wrote every record, but some lines could not be scored (their records say why)."""

    exit_code = EXIT_SOME_FAILED


class RulesError(FootspineError):
    """The rule file is missing, unreadable or invalid; the message names the file and the JSON path."""


class AnswerError(FootspineError):
    """An answer names an unknown question or holds a value the question does not allow."""


class SaveError(FootspineError):
    """A file the user asked for (--save, --report) cannot be written; nothing is left half-written."""


class AlreadyExists(SaveError):
    """The file asked for exists and --force was not given. The message tells a command-line user
    to add --force; a person at a prompt is asked for another name instead (``path``)."""

    def __init__(self, path: object) -> None:
        super().__init__(say("save.exists", path=path))
        self.path = path


class InputEnded(FootspineError):
    """Standard input closed while footspine still had questions to ask."""


class Interrupted(FootspineError):
    """The user pressed Ctrl-C."""

    exit_code = EXIT_INTERRUPTED


class Stopped(Interrupted):
    """The person stopped before anything was asked: said as it is, not as an error."""


class Terminated(FootspineError):
    """The process was sent SIGTERM (a service manager, `kill`, a timeout)."""

    exit_code = EXIT_TERMINATED


def clip(text: str, limit: int = 80) -> str:
    """Input as an error line echoes it: whole when short, else its start and its length (an
    850 kB key echoed whole would bury the message, and fill a batch error record)."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 30]}... ({len(text):,} characters)"


def did_you_mean(word: str, options: Iterable[object]) -> str:
    """A ' (did you mean 'x'?)' suffix for an error message, or '' when nothing is close."""
    if len(word) > 100:  # no id is this long; comparing would only cost time
        return ""
    names = [str(o) for o in options]
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    if not close and len(word) >= 4:
        close = [name for name in names if word in name][:1]
    return say("error.did_you_mean", word=close[0]) if close else ""


def is_output_failure(exc: OSError) -> bool:
    """Whether ``exc`` means standard output cannot take more: a write error, or stdout that fails."""
    if exc.errno in _FULL:
        return True
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except OSError:
        return True
    return False


_DECIDED: list[int] = []  # the triage exit status of a result already decided (--triage-exit-code)


def decided(status: int) -> None:
    """Record the exit status a decided result asks for, so a failing standard output (a full
    disk, a reader that went away) still ends with it: a script reading the status is told the
    urgency even when the printed result is lost."""
    _DECIDED.append(status)


def exit_status(default: int) -> int:
    """The status to end with when output fails: the decided triage status, else ``default``."""
    return _DECIDED[-1] if _DECIDED else default


def stop_for_output(exc: OSError) -> NoReturn:
    """Standard output cannot take the result (a full disk): say so in one line, exit EXIT_OUTPUT.

    What is still buffered goes to /dev/null, or the flush at exit would fail again and print a
    traceback after the line. (A closed pipe is not this: that reader stopped on purpose, and
    footspine stops quietly.)
    """
    if sys.stdout is not None:
        # no file descriptor behind stdout (ValueError): nothing to flush at exit either
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if sys.stderr is not None:
        with contextlib.suppress(OSError):
            sys.stderr.write(f"error: cannot write the output: {exc.strerror or exc}\n")
            sys.stderr.flush()
    sys.exit(exit_status(EXIT_OUTPUT))
