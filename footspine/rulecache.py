"""A rule file validated once is kept in the user's cache folder, so the next start skips the checks
that found it valid (the cross-checks of ids and conditions and the search for repeated keys).

A copy is used only for the very rule-file text it was made from, by the very code that validated
it: its name and its header hold the SHA-256 of the rule file's text and of footspine's version
with the size and modification time of its validating source files (the models and checks), so an
edited rule file, or a footspine whose checks changed (even under the same version number), finds
no copy and validates in full. The header
also holds the SHA-256 of the stored rules, checked before they are read, so a copy damaged on
disk is never used. A copy or folder that is not the user's own, or that others can write to, is
ignored too. Any doubt means validating in full; a folder that cannot be written (a read-only or
missing home) only means no copy is kept.

The copy is data, never code: the validated models in MessagePack, read back through the same
models, so every field's type and every text's allowed characters are checked again. Set
FOOTSPINE_NO_CACHE=1 to validate every time, or FOOTSPINE_CACHE_DIR to choose the folder.
"""

from __future__ import annotations

import os
import stat
import sys
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import msgspec

from . import __version__
from .knowledge import RulesSource, digest, load_rules
from .model import KnowledgeBase


class Translation(Protocol):
    """What a translation gives the rules (translation.Translation): a key naming its exact text,
    and each rule-file text at its place in the language (None where it has none)."""

    key: str

    def rule_text(self, place: str, english: str) -> str | None: ...


FORMAT = 2  # the layout of a copy
NO_CACHE_ENV = "FOOTSPINE_NO_CACHE"
CACHE_DIR_ENV = "FOOTSPINE_CACHE_DIR"
# The modules whose code decides whether a rule file is valid and what it means once loaded.
VALIDATING = (
    "model.py", "model_types.py", "model_causes.py", "knowledge.py", "kinds.py", "operators.py",
    "typed.py", "shape.py", "jsontext.py", "rule_texts.py", "translation.py",
)  # fmt: skip


class KeptRules(msgspec.Struct, array_like=True):
    format: int
    rules_sha256: str  # of the rule file's text
    code_sha256: str  # of footspine's validating source and version
    payload_sha256: str  # of ``payload``
    payload: bytes  # the KnowledgeBase, MessagePack


def cache_dir() -> Path | None:
    """The folder copies are kept in, or None when caching is off or there is no home to keep
    them in."""
    if os.environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        return None
    chosen = os.environ.get(CACHE_DIR_ENV)
    if chosen:
        return Path(chosen)
    try:
        if sys.platform == "win32":  # pragma: no cover - depends on the platform
            base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
            return Path(base) / "footspine" / "Cache"
        if sys.platform == "darwin":  # pragma: no cover - depends on the platform
            return Path.home() / "Library" / "Caches" / "footspine"
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        base_dir = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"  # relative: not valid
    except RuntimeError:  # no home folder can be found
        return None
    return base_dir / "footspine"


@lru_cache(maxsize=1)
def code_digest() -> str | None:
    """SHA-256 of footspine's version and of the size and modification time of each validating
    source file (as Python's own bytecode cache tells an edited module, without reading it at every
    start); None when a source file is not there (an install without .py files), and then no copy
    is used or kept."""
    here = Path(__file__).resolve().parent
    try:
        stamps = [(name, (here / name).stat()) for name in VALIDATING]
    except OSError:
        return None
    return digest(__version__ + "".join(f"|{name}:{st.st_size}:{st.st_mtime_ns}" for name, st in stamps))


def copy_path(folder: Path, rules_sha256: str, code_sha256: str) -> Path:
    return folder / f"rules-{rules_sha256}-{code_sha256[:16]}-{FORMAT}.msgpack"


def validated(source: RulesSource, translation: Translation | None = None) -> KnowledgeBase:
    """The rule file validated: its kept copy when there is a trustworthy one, else validated in full
    (raising RulesError as `load_rules` does) and kept for the next start. With a translation, the
    rule file with its texts in that language (kept apart from the English one); either way the rules
    carry the SHA-256 of the rule file itself, which is the same in every language."""
    folder = cache_dir()
    code = code_digest()
    english_sha256 = digest(source.text)
    key = english_sha256 if translation is None else digest(f"{english_sha256}|{translation.key}")
    kb = None
    if folder is not None and code is not None:
        kb = _read(copy_path(folder, key, code), key, code)
    if kb is None:
        kb = load_rules(source if translation is None else translated(source, translation))
        if folder is not None and code is not None:
            _write(folder, copy_path(folder, key, code), KeptRules(FORMAT, key, code, "", b""), kb)
    kb.record_source(english_sha256)
    return kb


def translated(source: RulesSource, translation: Translation) -> RulesSource:
    """The rule file's text with each text a translation has put into its language."""
    from .rule_texts import translate  # only when a translated copy is made: start-up time counts

    document = translate(msgspec.json.decode(source.text), translation.rule_text)
    return RulesSource(source.label, msgspec.json.encode(document).decode("utf-8"))


def _read(path: Path, rules_sha256: str, code_sha256: str) -> KnowledgeBase | None:
    data = read_trusted(path)
    if data is None:
        return None
    try:
        kept = msgspec.msgpack.decode(data, type=KeptRules)
        if (kept.format, kept.rules_sha256, kept.code_sha256) != (FORMAT, rules_sha256, code_sha256):
            return None
        if digest(kept.payload) != kept.payload_sha256:
            return None  # damaged on disk
        return msgspec.msgpack.decode(kept.payload, type=KnowledgeBase)
    except (msgspec.DecodeError, msgspec.ValidationError, ValueError, RecursionError):
        return None  # a damaged or foreign copy: validate in full instead


def read_trusted(path: Path) -> bytes | None:
    """A kept file's bytes, if it and its folder are the user's own and no one else can write them."""
    try:
        with open(path, "rb") as file:
            if not _trusted(os.fstat(file.fileno())) or not _trusted(os.stat(path.parent)):
                return None
            return file.read()
    except OSError:
        return None


def _trusted(status: os.stat_result) -> bool:
    """The user's own, and writable by no one else (always true where there are no such modes)."""
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows: the profile folder is the user's
        return True
    return status.st_uid == os.getuid() and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _write(folder: Path, path: Path, header: KeptRules, kb: KnowledgeBase) -> None:
    try:
        payload = msgspec.msgpack.encode(kb)
    except (TypeError, msgspec.EncodeError):
        return
    header.payload, header.payload_sha256 = payload, digest(payload)
    keep(folder, path, msgspec.msgpack.encode(header))


def keep(folder: Path, path: Path, data: bytes) -> None:
    """Keep a copy, written whole or not at all (a temporary file renamed into place); a folder
    that cannot be written, or is not the user's own, only means no copy is kept."""
    import tempfile  # only when a copy is written: start-up time counts

    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(os.stat(folder)):
            return
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".kept-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return  # no copy kept: the next start validates in full again
