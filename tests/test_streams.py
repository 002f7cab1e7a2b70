"""Streams and processes at their edges: files left by killed writers, full disks, usage errors,
and interrupted or terminated batch runs."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from footspine import savefile
from footspine.cli import app

from .conftest import ROOT

runner = CliRunner()


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


# --- Usage errors: one line ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "env", "line"),
    [
        (["check", "--no-input", "--rules", "{dir}"], {}, "error: {dir}: is a folder, not a rule file"),
        (
            ["check", "--no-input"],
            {"FOOTSPINE_RULES": "{dir}"},
            "error: {dir}: is a folder, not a rule file",
        ),
        (["check", "--no-input", "--save", "{dir}"], {}, "error: {dir}: is a directory; give a file name"),
        (["check", "--no-input", "--report", "{dir}"], {}, "error: {dir}: is a directory; give a file name"),
        (
            ["batch", "--jobs", "0", "-"],
            {},
            "error: invalid value for '--jobs' / '-j': 0 is not in the range 1<=x<=64; "
            "see 'footspine batch --help'",
        ),
        (["check", "--bogus"], {}, "error: no such option: --bogus; see 'footspine check --help'"),
        (["check", "-a"], {}, "error: option '-a' requires an argument; see 'footspine check --help'"),
        (["nosuch"], {}, "error: no such command 'nosuch'; see 'footspine --help'"),
        (
            ["rules", "explain"],
            {},
            "error: missing argument 'CONDITION'; see 'footspine rules explain --help'",
        ),
    ],
)
def test_a_usage_error_is_one_line_and_exit_2(
    tmp_path: Path, args: list[str], env: dict[str, str], line: str
) -> None:
    folder = str(tmp_path)
    result = runner.invoke(
        app, [arg.format(dir=folder) for arg in args], env={k: v.format(dir=folder) for k, v in env.items()}
    )
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(line.format(dir=folder))
    assert result.stdout == ""


def test_a_usage_error_names_the_command_as_footspine_when_started_with_python_m() -> None:
    result = footspine("batch", "--jobs", "0", "-", input="")
    assert result.returncode == 2
    assert result.stderr == (
        "error: invalid value for '--jobs' / '-j': 0 is not in the range 1<=x<=64; "
        "see 'footspine batch --help'\n"
    )


# --- Interrupted and terminated batch runs with workers --------------------------------------------


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid``, from /proc (no psutil)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.fixture(scope="module")
def big_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("batch") / "big.jsonl"
    line = b'{"age": 52, "pain_area": "heel_underside"}\n'
    path.write_bytes(line * 200_000)
    return path


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
@pytest.mark.parametrize("jobs", ["2", "4"])
@pytest.mark.parametrize(
    ("how", "code", "line"),
    [
        ("ctrl-c", 130, "error: interrupted; the output holds the results of the lines before it"),
        ("sigterm", 143, "error: terminated; the output holds the results of the lines before it"),
    ],
)
def test_a_batch_with_workers_stops_at_once_with_one_line(
    big_input: Path, jobs: str, how: str, code: int, line: str
) -> None:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT)}
    for _ in range(3):  # the hangs seen came one run in a few
        process = subprocess.Popen(
            [sys.executable, "-m", "footspine", "batch", "--jobs", jobs, str(big_input)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            start_new_session=True,  # its own process group, as a terminal's foreground job has
        )
        try:
            time.sleep(1)
            workers = _children(process.pid)
            assert workers, "no worker processes were started"
            if how == "ctrl-c":  # the terminal sends SIGINT to the whole foreground group
                os.killpg(process.pid, signal.SIGINT)
            else:
                process.send_signal(signal.SIGTERM)
            _, stderr = process.communicate(timeout=20)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # whatever is left, should the test fail
            process.wait(timeout=20)
        assert process.returncode == code, stderr
        assert stderr == line + "\n"
        assert not [pid for pid in workers if _alive(pid)], "a worker outlived the run"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has ended; only its exit status waits to be collected


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the kernel's parent-death signal is Linux's"
)
def test_batch_workers_end_with_a_parent_killed_outright(big_input: Path) -> None:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "footspine", "batch", "--jobs", "2", str(big_input)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    try:
        time.sleep(1)
        workers = _children(process.pid)
        assert workers, "no worker processes were started"
        process.kill()
        process.wait(timeout=20)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if _alive(pid)], "a worker outlived its killed parent"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
