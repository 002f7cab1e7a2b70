"""Entry point for `python -m footspine` and the `footspine` command.

A process started with no standard output at all (`footspine ... >&-`) stops here with one line.
Start-up matters because scripts run footspine thousands of times, so this module also does four
things before handing over to the CLI:

- `--version` is answered before the CLI framework is imported.
- So is `footspine --help` at 80 columns or more: importing Typer alone takes four times as long as
  starting Python, and the top-level help is then always the same text. It is stored in help.txt,
  and a test checks that the stored text is exactly what Typer prints. Narrower terminals, other
  help and `python -m footspine` (whose usage line differs) go through Typer.
- The cyclic garbage collector is paused while the CLI is imported. Imports build many long-lived
  objects and no garbage, so collections during them only walk the new objects. Those objects are
  then frozen (`gc.freeze`): later collections skip them, and collection resumes for the command.
- At exit everything still alive is frozen once more, so the interpreter's last collection does not
  walk the whole heap of a process that is about to end. Exit handlers, flushing and file closing
  all still run.
"""

import atexit
import gc
import os
import sys

HELP_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "help.txt")
STORED_HELP_MIN_COLUMNS = 80  # Click wraps help at min(columns, 80) - 2: the same text from 80 up


def main() -> None:
    if sys.stdout is None:  # started with stdout closed (`footspine ... >&-`): no result could be seen
        if sys.stderr is not None:
            sys.stderr.write("error: standard output is closed; footspine has nowhere to write\n")
        sys.exit(2)
    arguments = sys.argv[1:]
    if arguments == ["--version"]:
        from footspine import __version__

        print(f"footspine {__version__}")
        return
    if arguments == ["--help"]:
        text = stored_help()
        if text is not None:
            _print_quietly(text)
            return
    gc.disable()
    try:
        from footspine.cli import main as cli_main
    finally:
        gc.freeze()
        gc.enable()
    atexit.register(gc.freeze)
    cli_main()


def stored_help() -> str | None:
    """The top-level help when Typer would print exactly the stored text, else None."""
    if os.path.basename(sys.argv[0]) != "footspine" or terminal_columns() < STORED_HELP_MIN_COLUMNS:
        return None
    try:
        with open(HELP_FILE, encoding="utf-8") as file:
            return file.read()
    except OSError:
        return None


def terminal_columns() -> int:
    """shutil.get_terminal_size().columns, which Click uses, without shutil's own imports."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _print_quietly(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (`footspine --help | head -1`): stop quietly
        sys.stderr.close()
        sys.exit(1)


if __name__ == "__main__":
    main()
