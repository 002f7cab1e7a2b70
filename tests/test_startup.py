"""The start-up shortcuts in footspine/__main__.py give exactly what the Typer app gives.

`footspine --help` at 80 columns or more is printed from footspine/help.txt without importing Typer;
regenerate that file with FOOTSPINE_UPDATE_GOLDEN=1 after changing the commands or their help.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import ROOT

HELP_FILE = ROOT / "footspine" / "help.txt"
# Runs the entry point as the `footspine` console script does (the usage line shows argv[0]'s name),
# and reports on stderr whether Typer was imported.
ENTRY = (
    "import sys; sys.argv[0] = 'footspine'; from footspine.__main__ import main\n"
    "try:\n    main()\nfinally:\n    print('typer' in sys.modules, file=sys.stderr)"
)
THROUGH_TYPER = "import sys; sys.argv[0] = 'footspine'; from footspine.cli import main; main()"


def run(code: str, *args: str, columns: str | None) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT)}
    if columns is not None:
        env["COLUMNS"] = columns
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_stored_help_is_what_typer_prints() -> None:
    typer_help = run(THROUGH_TYPER, "--help", columns="80")
    assert typer_help.returncode == 0, typer_help.stderr
    if os.environ.get("FOOTSPINE_UPDATE_GOLDEN"):
        HELP_FILE.write_text(typer_help.stdout)
    assert typer_help.stdout == HELP_FILE.read_text()
    assert run(THROUGH_TYPER, "--help", columns="200").stdout == typer_help.stdout  # the same from 80 up


@pytest.mark.parametrize("columns", ["80", "132", None])  # None: not a terminal, as in a pipe
def test_help_at_80_columns_or_more_skips_typer(columns: str | None) -> None:
    result = run(ENTRY, "--help", columns=columns)
    assert result.returncode == 0
    assert result.stdout == HELP_FILE.read_text()
    assert result.stderr == "False\n"


def test_narrow_terminals_and_other_help_go_through_typer() -> None:
    narrow = run(ENTRY, "--help", columns="60")
    assert narrow.stdout == run(THROUGH_TYPER, "--help", columns="60").stdout != HELP_FILE.read_text()
    assert narrow.stderr == "True\n"
    command_help = run(ENTRY, "check", "--help", columns="100")
    assert command_help.returncode == 0 and "Usage: footspine check [OPTIONS]" in command_help.stdout


def test_version_skips_typer() -> None:
    result = run(ENTRY, "--version", columns=None)
    assert result.stdout.startswith("footspine ") and result.stderr == "False\n"


def test_help_cut_short_is_quiet() -> None:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT), "COLUMNS": "80"}
    entry = "import sys; sys.argv[0] = 'footspine'; from footspine.__main__ import main; main()"
    shell = f'{sys.executable} -c "{entry}" --help | head -1'
    result = subprocess.run(shell, shell=True, capture_output=True, text=True, env=env, timeout=60)
    assert result.stdout == "Usage: footspine [OPTIONS] COMMAND [ARGS]...\n"
    assert result.stderr == ""


@pytest.mark.parametrize(
    "args", ["--help", "--version", "check --no-input --json", "batch -", "questions --json", "rules schema"]
)
def test_a_closed_stdout_is_one_error_line(args: str) -> None:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT)}
    shell = f"{sys.executable} -m footspine {args} </dev/null >&-"
    result = subprocess.run(shell, shell=True, capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 2
    assert result.stderr == "error: standard output is closed; footspine has nowhere to write\n"
