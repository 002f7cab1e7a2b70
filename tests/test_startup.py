"""The start-up path in footspine/__main__.py: `--version` without Typer, everything else through it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import ROOT

# Runs the entry point as the `footspine` console script does (the usage line shows argv[0]'s name),
# and reports on stderr whether Typer was imported.
ENTRY = (
    "import sys; sys.argv[0] = 'footspine'; from footspine.__main__ import main\n"
    "try:\n    main()\nfinally:\n    print('typer' in sys.modules, file=sys.stderr)"
)
QUIET_ENTRY = "import sys; sys.argv[0] = 'footspine'; from footspine.__main__ import main; main()"
ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT), "COLUMNS": "80"}


def run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=ENV, timeout=60
    )


def test_version_skips_typer() -> None:
    result = run(ENTRY, "--version")
    assert result.returncode == 0
    assert result.stdout.startswith("footspine ")
    assert result.stderr == "False\n"


def test_help_goes_through_typer() -> None:
    result = run(ENTRY, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("Usage: footspine [OPTIONS] COMMAND [ARGS]...\n")
    assert "check" in result.stdout and "--version" in result.stdout
    assert result.stderr == "True\n"
    command_help = run(ENTRY, "check", "--help")
    assert command_help.returncode == 0
    assert command_help.stdout.startswith("Usage: footspine check [OPTIONS]")


def test_help_cut_short_is_quiet() -> None:
    shell = f'{sys.executable} -c "{QUIET_ENTRY}" --help | head -1'
    result = subprocess.run(shell, shell=True, capture_output=True, text=True, env=ENV, timeout=60)
    assert result.stdout == "Usage: footspine [OPTIONS] COMMAND [ARGS]...\n"
    assert result.stderr == ""


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["check", "--help"], ["questions"]])
def test_a_reader_gone_before_the_output_is_quiet(args: list[str]) -> None:
    # `| head -1` usually reads the whole help before it exits; a pipe with no reader at all fails
    # footspine's first write every time.
    reader, writer = os.pipe()
    os.close(reader)
    try:
        result = subprocess.run(
            [sys.executable, "-c", QUIET_ENTRY, *args],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            env=ENV,
            timeout=60,
        )
    finally:
        os.close(writer)
    assert result.returncode == 1
    assert result.stderr == ""


@pytest.mark.parametrize(
    "args", ["--help", "--version", "check --no-input --json", "batch -", "questions --json", "rules schema"]
)
def test_a_closed_stdout_is_one_error_line(args: str) -> None:
    shell = f"{sys.executable} -m footspine {args} </dev/null >&-"
    result = subprocess.run(shell, shell=True, capture_output=True, text=True, env=ENV, timeout=60)
    assert result.returncode == 2
    assert result.stderr == "error: standard output is closed; footspine has nowhere to write\n"
