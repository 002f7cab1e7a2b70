"""Writes files the user asked for: atomically, readable only by them, never over an existing file unasked."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from pathlib import Path

from .errors import AlreadyExists, SaveError, clip

STALE_SECONDS = 600  # a temporary file this old was left by a writer that died (kill -9, power loss)


def check_targets(paths: list[Path], *, force: bool, replaceable: set[Path] | None = None) -> None:
    """Every file the user asked for can be written: checked before any question is asked, so an
    interview is never lost to a bad path at its end. ``replaceable`` files may exist already (the
    answers file that --save updates)."""
    seen: dict[Path, Path] = {}
    for path in paths:
        if str(path) == "-":
            raise SaveError("'-' names no file: standard output carries the result; give a file name")
        check_writable(path, force=force or path in (replaceable or set()))
        key = path.resolve()
        if key in seen:
            raise SaveError(f"{path}: the same file as {seen[key]}; give each output its own name")
        seen[key] = path


TEMPORARY_EXTRA = len(".") + len(".12345678.tmp")  # what write_private's temporary name adds


def check_writable(path: Path, *, force: bool) -> None:
    """Fail before any question is asked, not after the last one: also a name too long for the
    folder's file system, counting the temporary name the write goes through first."""
    try:
        _check_writable(path, force=force)
    except OSError as exc:  # a path the system refuses outright (too long, a loop of links)
        raise SaveError(f"{clip(str(path), 120)}: cannot write here: {exc.strerror or exc}") from None


def _check_writable(path: Path, *, force: bool) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    limit = os.pathconf(folder, "PC_NAME_MAX") if folder.is_dir() else 255
    if len(os.fsencode(path.name)) + TEMPORARY_EXTRA > limit:
        raise SaveError(
            f"{clip(str(path), 120)}: the file name is too long (at most {limit - TEMPORARY_EXTRA} bytes here); "
            "choose a shorter name"
        )
    if path.is_symlink() and not path.exists():
        raise SaveError(f"{path}: is a link to nothing; give a file name")
    if path.is_dir():
        raise SaveError(f"{path}: is a directory; give a file name")
    if path.exists():
        if not force:
            raise AlreadyExists(path)
        if not path.is_file():
            raise SaveError(f"{path}: is not a regular file; footspine only replaces regular files")
    if not folder.is_dir():
        raise SaveError(f"{path}: the folder {path.parent} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise SaveError(f"{path}: the folder {folder} is not writable")


def write_private(path: Path, text: str, *, force: bool) -> None:
    """Write ``text`` to ``path`` with mode 0600: whole or not at all, even if interrupted mid-write.

    The text goes to a hidden ``.NAME.XXXX.tmp`` file in the same folder first, then takes the name.
    A writer killed outright (kill -9, power loss) cannot remove its temporary file, so each write
    first removes the leftovers for the same name that are older than STALE_SECONDS (10 minutes);
    younger ones may belong to a writer still at work and are left alone.
    """
    if path.is_symlink():  # write where the link points, and keep the link (an answers file it names)
        path = path.resolve()
    check_writable(path, force=force)
    folder = path.parent if str(path.parent) else Path(".")
    remove_leftovers(folder, path.name)
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
        raise AlreadyExists(path) from None
    except OSError as exc:
        raise SaveError(f"{path}: cannot write: {exc.strerror}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def remove_leftovers(folder: Path, name: str) -> None:
    """Remove temporary files that earlier writes of ``name`` left behind, if older than STALE_SECONDS.

    Only names mkstemp makes for this target match (eight random letters, digits or '_'), so the
    leftovers of another target (``a`` beside ``a.b``) are never touched.
    """
    own = re.compile(rf"\.{re.escape(name)}\.[a-z0-9_]{{8}}\.tmp")
    cutoff = time.time() - STALE_SECONDS
    try:
        with os.scandir(folder) as listing:
            entries = [entry for entry in listing if own.fullmatch(entry.name)]
    except OSError:
        return
    for entry in entries:
        with contextlib.suppress(OSError):  # gone meanwhile, or not ours to remove: not this write's concern
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                os.unlink(entry.path)
