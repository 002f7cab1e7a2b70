"""The validated rule file kept between runs (rulecache.py): used only when it matches the very
text being loaded and belongs to the user alone; otherwise the rules are validated in full."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from footspine import rulecache
from footspine.errors import RulesError
from footspine.knowledge import RulesSource, digest, find_rules, load_rules
from footspine.rules import Rules, from_source

from .conftest import RULES_PATH

SOURCE = find_rules(RULES_PATH)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(rulecache.CACHE_DIR_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(rulecache.NO_CACHE_ENV, raising=False)
    return tmp_path / "cache"


@pytest.fixture
def full_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The labels of the rule files validated in full from now on."""
    calls: list[str] = []

    def counted(source: RulesSource):  # type: ignore[no-untyped-def]
        calls.append(source.label)
        return load_rules(source)

    monkeypatch.setattr(rulecache, "load_rules", counted)
    return calls


def kept(folder: Path) -> list[Path]:
    return sorted(folder.glob("rules-*.msgpack"))


def test_a_second_start_reads_the_kept_copy_and_scores_alike(folder: Path, full_loads: list[str]) -> None:
    first = from_source(SOURCE)
    assert full_loads == [SOURCE.label] and len(kept(folder)) == 1
    assert oct(kept(folder)[0].stat().st_mode & 0o777) == "0o600"
    second = from_source(SOURCE)
    assert full_loads == [SOURCE.label]  # not validated again
    assert second.kb == first.kb and second.sha256 == first.sha256 == digest(SOURCE.text)
    cases = [
        json.loads(p.read_text())["answers"]
        for p in sorted((RULES_PATH.parent.parent / "tests" / "cases").glob("p*.json"))
    ]
    assert all(second.score(case) == first.score(case) for case in cases)


def test_a_rule_file_changed_by_one_byte_is_validated_in_full(folder: Path, full_loads: list[str]) -> None:
    from_source(SOURCE)
    edited = RulesSource("edited", SOURCE.text.replace("2026.12.", "2026.12.", 1) + " ")
    assert from_source(edited).sha256 != from_source(SOURCE).sha256
    assert full_loads == [SOURCE.label, "edited"]
    assert len(kept(folder)) == 2


def test_a_copy_that_does_not_match_its_name_is_not_trusted(folder: Path, full_loads: list[str]) -> None:
    from_source(SOURCE)
    edited = RulesSource("edited", SOURCE.text + "\n")
    (copy,) = kept(folder)
    code = rulecache.code_digest()
    assert code is not None
    copy.rename(rulecache.copy_path(folder, digest(edited.text), code))  # the old rules under the new name
    rules = from_source(edited)
    assert full_loads == [SOURCE.label, "edited"]  # the recorded digest differs: validated in full
    assert rules.sha256 == digest(edited.text)


def flipped(data: bytes) -> bytes:
    """One byte of the stored rules changed, in a way that still decodes (a band's score: the
    first float's sign bit)."""
    at = data.index(b"\xcb")  # MessagePack's 64-bit float marker
    return data[: at + 1] + bytes([data[at + 1] ^ 0x80]) + data[at + 2 :]


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "one byte that still decodes"])
def test_a_damaged_copy_is_validated_in_full_without_an_error(
    folder: Path, full_loads: list[str], damage: str
) -> None:
    from_source(SOURCE)
    (copy,) = kept(folder)
    data = copy.read_bytes()
    copy.write_bytes(
        {
            "truncated": data[: len(data) // 2],
            "garbage": b"\x93\xff\x00",
            "empty": b"",
            "one byte that still decodes": flipped(data),
        }[damage]
    )
    assert from_source(SOURCE).sha256 == digest(SOURCE.text)
    assert full_loads == [SOURCE.label, SOURCE.label]


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX file modes")
def test_a_copy_others_can_write_to_is_not_used(folder: Path, full_loads: list[str]) -> None:
    from_source(SOURCE)
    (copy,) = kept(folder)
    copy.chmod(0o666)
    from_source(SOURCE)
    assert full_loads == [SOURCE.label, SOURCE.label]
    folder.chmod(0o777)
    copy.chmod(0o600)
    from_source(SOURCE)
    assert full_loads == [SOURCE.label, SOURCE.label, SOURCE.label]


def test_no_cache_writes_nothing(
    folder: Path, full_loads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(rulecache.NO_CACHE_ENV, "1")
    from_source(SOURCE)
    from_source(SOURCE)
    assert full_loads == [SOURCE.label, SOURCE.label] and not folder.exists()


def test_a_folder_that_cannot_be_made_only_means_no_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(rulecache.CACHE_DIR_ENV, str(blocked / "cache"))
    assert isinstance(from_source(SOURCE), Rules)


def test_a_broken_rule_file_is_refused_and_never_kept(folder: Path) -> None:
    with pytest.raises(RulesError, match="the rule file is empty"):
        from_source(RulesSource("broken.json", "  "))
    assert not folder.exists() or kept(folder) == []


def test_a_copy_kept_by_other_validating_code_is_not_used(
    folder: Path, full_loads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A footspine whose checks changed (even with the same version number) validates in full."""
    from_source(SOURCE)
    rulecache.code_digest.cache_clear()
    monkeypatch.setattr(rulecache, "VALIDATING", (*rulecache.VALIDATING, "lint.py"))
    try:
        from_source(SOURCE)
    finally:
        rulecache.code_digest.cache_clear()
    assert full_loads == [SOURCE.label, SOURCE.label]


def test_no_home_folder_means_no_cache_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(rulecache.CACHE_DIR_ENV, raising=False)
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # not a valid XDG folder: ignored

    def nowhere() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(nowhere))
    assert rulecache.cache_dir() is None
    assert from_source(SOURCE).sha256 == digest(SOURCE.text)
