"""Writes files the user asked for: atomically, readable only by them, never over an existing file unasked."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import SaveError


def check_targets(paths: list[Path], *, force: bool) -> None:
    """Every file the user asked for can be written: checked before any question is asked, so an
    interview is never lost to a bad path at its end."""
    seen: dict[Path, Path] = {}
    for path in paths:
        if str(path) == "-":
            raise SaveError("'-' names no file: standard output carries the result; give a file name")
        check_writable(path, force=force)
        key = path.resolve()
        if key in seen:
            raise SaveError(f"{path}: the same file as {seen[key]}; give each output its own name")
        seen[key] = path


def check_writable(path: Path, *, force: bool) -> None:
    """Fail before any question is asked, not after the last one."""
    if path.is_symlink() and not path.exists():
        raise SaveError(f"{path}: is a link to nothing; give a file name")
    if path.is_dir():
        raise SaveError(f"{path}: is a directory; give a file name")
    if path.exists():
        if not force:
            raise SaveError(f"{path}: already exists; choose another name, or add --force to replace it")
        if not path.is_file():
            raise SaveError(f"{path}: is not a regular file; footspine only replaces regular files")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise SaveError(f"{path}: the folder {path.parent} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise SaveError(f"{path}: the folder {folder} is not writable")


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
