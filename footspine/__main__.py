"""Entry point for `python -m footspine` and the `footspine` command.

`--version` is answered here, before the CLI framework is imported: scripts call it often.
"""

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from footspine import __version__

        print(f"footspine {__version__}")
        return
    from footspine.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
