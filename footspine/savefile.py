"""Writes files the user asked for: atomically, readable only by them, never over an existing file unasked."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import SaveError


def check_writable(path: Path, *, force: bool) -> None:
    """Fail before any question is asked, not after the last one."""
    if path.exists() and not force:
        raise SaveError(f"{path}: already exists; choose another name, or add --force to replace it")
    if path.is_dir():
        raise SaveError(f"{path}: is a directory; give a file name")
    if not (path.parent if str(path.parent) else Path(".")).is_dir():
        raise SaveError(f"{path}: the folder {path.parent} does not exist")


def write_private(path: Path, text: str, *, force: bool) -> None:
    """Write ``text`` to ``path`` with mode 0600: whole or not at all, even if interrupted mid-write."""
    check_writable(path, force=force)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise SaveError(f"{path}: cannot write here: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o600)
        if force:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails if the name was taken meanwhile: nothing is overwritten
            os.unlink(temporary)
    except FileExistsError:
        raise SaveError(
            f"{path}: already exists; choose another name, or add --force to replace it"
        ) from None
    except OSError as exc:
        raise SaveError(f"{path}: cannot write: {exc.strerror}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
