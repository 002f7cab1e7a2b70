"""A rule file validated once is kept in the user's cache folder, keyed by its SHA-256, so the next
start skips the checks that found it valid (about two thirds of the cost of loading the rules).

The key is the SHA-256 of the rule file's exact text and footspine's version: a rule file edited by
one byte, or another footspine, finds no copy and is validated in full, then cached. A copy whose
recorded digest or version does not match what it is loaded for, that cannot be read, that is not
the user's own, or that others can write to, is never used: the rules are validated in full instead.
A folder that cannot be written (a read-only home) only means no copy is kept.

The copy is data, never code: the validated models in MessagePack, read back through the same
models, so every field's type and every text's allowed characters are checked again (what is skipped
is the cross-checking of ids and conditions, and the search for repeated keys, which the text with
that digest already passed). It is read only from a folder and a file that belong to the user and
that no one else can write. Set FOOTSPINE_NO_CACHE=1 to validate every time, or
FOOTSPINE_CACHE_DIR to choose the folder.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import msgspec

from . import __version__
from .knowledge import RulesSource, digest, load_rules
from .model import KnowledgeBase

FORMAT = 1  # bump when the models change in a way an older copy could not be read back into


class KeptRules(msgspec.Struct, array_like=True):
    format: int
    sha256: str
    footspine: str
    kb: KnowledgeBase


NO_CACHE_ENV = "FOOTSPINE_NO_CACHE"
CACHE_DIR_ENV = "FOOTSPINE_CACHE_DIR"


def cache_dir() -> Path | None:
    """The folder copies are kept in, or None when caching is turned off."""
    if os.environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        return None
    chosen = os.environ.get(CACHE_DIR_ENV)
    if chosen:
        return Path(chosen)
    if sys.platform == "win32":  # pragma: no cover - depends on the platform
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "footspine" / "Cache"
    if sys.platform == "darwin":  # pragma: no cover - depends on the platform
        return Path.home() / "Library" / "Caches" / "footspine"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "footspine"


def copy_path(folder: Path, digest: str) -> Path:
    return folder / f"rules-{digest}-{__version__}-{FORMAT}.msgpack"


def validated(source: RulesSource) -> KnowledgeBase:
    """The rule file validated: its kept copy when there is a trustworthy one, else validated in full
    (raising RulesError as `load_rules` does) and kept for the next start."""
    folder = cache_dir()
    if folder is None:
        return load_rules(source)
    key = digest(source.text)
    path = copy_path(folder, key)
    kb = _read(path, key)
    if kb is None:
        kb = load_rules(source)
        _write(folder, path, key, kb)
    return kb


def _read(path: Path, digest: str) -> KnowledgeBase | None:
    try:
        with open(path, "rb") as file:
            if not _trusted(os.fstat(file.fileno())) or not _trusted(os.stat(path.parent)):
                return None
            kept = msgspec.msgpack.decode(file.read(), type=KeptRules)
    except FileNotFoundError:
        return None
    except (OSError, msgspec.DecodeError, msgspec.ValidationError, ValueError, RecursionError):
        return None  # a damaged or foreign copy: validate in full instead
    if (kept.format, kept.sha256, kept.footspine) != (FORMAT, digest, __version__):
        return None
    kept.kb.record_source(digest)
    return kept.kb


def _trusted(status: os.stat_result) -> bool:
    """The user's own, and writable by no one else (always true where there are no such modes)."""
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows: the profile folder is the user's
        return True
    return status.st_uid == os.getuid() and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _write(folder: Path, path: Path, digest: str, kb: KnowledgeBase) -> None:
    """Keep a copy, written whole or not at all (a temporary file renamed into place)."""
    import tempfile  # only when a copy is written: start-up time counts

    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(os.stat(folder)):
            return
        data = msgspec.msgpack.encode(KeptRules(FORMAT, digest, __version__, kb))
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".rules-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, TypeError, msgspec.EncodeError):
        return  # no copy kept: the next start validates in full again
