"""Entry point for `python -m footspine`."""

from footspine.cli import main

main()
