"""Reads the files a person names (a rule file, an answers file, a case file): regular files only,
and never more than a limit, whatever size the file says it has (devices and pipes say 0)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import FootspineError


def read_limited(path: Path, limit: int, what: str, error: type[FootspineError], hint: str = "") -> bytes:
    """The bytes of ``path``, or ``error`` with one line that says what is wrong and what to do.

    A folder, device, socket or pipe is refused before it is opened: reading a pipe with no writer
    would wait for ever, and a device such as /dev/zero never ends.
    """
    label, advice = str(path), f" ({hint})" if hint else ""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise error(f"{label}: no such {what}{advice}") from None
    except OSError as exc:
        raise error(f"{label}: cannot read the {what}: {exc.strerror}{advice}") from None
    if stat.S_ISDIR(mode):
        raise error(f"{label}: is a folder, not a {what}{advice}")
    if not stat.S_ISREG(mode):
        raise error(f"{label}: is not a regular file (a device, pipe or socket); save the {what} as a file")
    try:
        with open(path, "rb") as file:
            data = file.read(limit + 1)
    except OSError as exc:
        raise error(f"{label}: cannot read the {what}: {exc.strerror}{advice}") from None
    if len(data) > limit:
        raise error(f"{label}: larger than {limit:,} bytes, too large for a {what}")
    return data
