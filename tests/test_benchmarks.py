"""The benchmark runs, in quick mode, so it cannot break unnoticed. Its figures are printed, not
asserted: speed targets live in benchmarks/run.py, which says of each whether it is met."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_the_benchmark_runs_in_quick_mode_and_states_every_target() -> None:
    if not (Path(sys.executable).parent / "footspine").exists():
        pytest.skip("footspine is not installed as a command beside this Python")
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    print(out)  # the figures, for whoever reads the test log
    for row in (
        "interpreter: bare python -c pass",
        "footspine check --no-input --json --answers F (rules cached)",
        "load and index the rules, warm (from the rules cache)",
        "engine per vignette case: report / decision only",
        "--jobs 1:",
        "--jobs 2:",
        "copies with questions of their own",
        "copies reading the shipped questions",
        "rules validate against the number of questions",
        "most often first:",
    ):
        assert row in out, row
    verdicts = re.findall(r"target [^:]+: (met|NOT MET)", out)
    assert len(verdicts) >= 9, out  # help, check, rules load, 2 engine rows, 2 batch rows, scaling, validate
