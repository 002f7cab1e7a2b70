"""Streams and processes at their edges: files left by killed writers, full disks, usage errors,
and interrupted or terminated batch runs."""

from __future__ import annotations

import os
import time
from pathlib import Path

from footspine import savefile

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
