"""Entry point for `python -m footspine` and the `footspine` command.

A process started with no standard output at all (`footspine ... >&-`) stops here with one line.
Start-up matters because scripts run footspine thousands of times, so this module also does two
things before handing over to the CLI:

- `--version` is answered before the CLI framework is imported (importing Typer alone takes four
  times as long as starting Python). Everything else, `--help` included, goes through Typer.
- The cyclic garbage collector is paused while the CLI is imported. Imports build many long-lived
  objects and no garbage, so collections during them only walk the new objects. Those objects are
  then frozen (`gc.freeze`): later collections skip them, the interpreter's last collection at exit
  included, and collection resumes for the command.
"""

import gc
import os
import sys


def main() -> None:
    if sys.stdout is None:  # started with stdout closed (`footspine ... >&-`): no result could be seen
        if sys.stderr is not None:
            sys.stderr.write("error: standard output is closed; footspine has nowhere to write\n")
        if "--triage-exit-code" not in sys.argv[1:]:
            sys.exit(2)
        # The result is lost, but not its urgency: a script reads that from the exit status.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - stdout for the rest of the process
    if sys.argv[1:] == ["--version"]:
        from footspine import __version__

        try:
            sys.stdout.write(f"footspine {__version__}\n")
            sys.stdout.flush()
        except BrokenPipeError:  # the reader went away: stop quietly, as the CLI does
            # What is still buffered goes to /dev/null, or the flush at exit would fail again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except OSError as exc:  # e.g. a full disk: one line, not a traceback
            from footspine.errors import stop_for_output

            stop_for_output(exc)
        return
    # Measured on `footspine check --no-input --json --answers F` ({"age": 45}), 100 interleaved runs,
    # 2-core x86_64, Python 3.11.7, `python -c pass` 23 ms: median 158.6 ms with this, 203.6 ms without
    # (-45 ms, -22 %); 310 vs 348 million instructions (callgrind). The freeze does most of it (the
    # heap is not walked again at exit: 322 million with the freeze alone), the pause the rest.
    # Freezing once more at exit (atexit) made 158.9 ms and 307 million: no measurable gain, not done.
    gc.disable()
    try:
        from footspine.cli import main as cli_main
    finally:
        gc.freeze()
        gc.enable()
    cli_main()


if __name__ == "__main__":
    main()
