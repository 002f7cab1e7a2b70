"""Streams and processes at their edges: files left by killed writers, full disks, usage errors,
and interrupted or terminated batch runs."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from footspine import savefile

from .conftest import ROOT


def footspine(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "footspine", *args],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=60,
        **kwargs,
    )


# --- Files left behind by a killed writer ----------------------------------------------------------


def test_a_write_removes_old_leftovers_of_its_target_and_keeps_fresh_ones(tmp_path: Path) -> None:
    target = tmp_path / "answers.json"
    old = tmp_path / ".answers.json.k1ll3d_9.tmp"  # left by a writer killed an hour ago
    fresh = tmp_path / ".answers.json.st1ll_at.tmp"  # a concurrent writer, still at work
    other = tmp_path / ".answers.json.bak.abcdefgh.tmp"  # another target's leftover
    for leftover in (old, fresh, other):
        leftover.write_text("partial")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    os.utime(other, (an_hour_ago, an_hour_ago))
    savefile.write_private(target, "{}", force=False)
    assert target.read_text() == "{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, fresh.name, other.name])


# --- Standard output on a full disk ----------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize(
    "args",
    [
        ["check", "--no-input", "--json"],
        ["check", "--no-input", "-a", "age=40"],
        ["questions"],
        ["batch", "-"],
        ["--version"],
        ["--help"],
    ],
    ids=" ".join,
)
def test_a_full_disk_on_stdout_is_one_line_and_exit_1(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = footspine(*args, stdout=full, input='{"age": 40}\n' * 3000)
    assert result.returncode == 1
    assert result.stderr == "error: cannot write the output: No space left on device\n"
