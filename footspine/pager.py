"""Long text through the user's pager ($PAGER, else ``less``), only when both ends are a terminal."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
from typing import Any

PAGER_ENV = "PAGER"
LESS_DEFAULTS = "FRX"  # quit if it fits one screen, keep colours, leave the text on screen after quitting


def page(text: str) -> bool:
    """Show ``text`` in the pager; False when there is none to use (then the caller prints it).

    An empty $PAGER, or ``cat``, means no pager, as git and man read it. The text stays on screen
    after the pager quits (``less -X``), so what was read is still there to scroll back to.
    """
    if not (sys.stdin is not None and sys.stdin.isatty() and sys.stdout is not None and sys.stdout.isatty()):
        return False
    command = shlex.split(os.environ.get(PAGER_ENV, "less"))
    if not command or command[0] == "cat" or shutil.which(command[0]) is None:
        return False
    env = dict(os.environ)
    if os.path.basename(command[0]) == "less":
        env.setdefault("LESS", LESS_DEFAULTS)
    sys.stdout.flush()
    # Ctrl-C belongs to the pager while it runs (as git does it): were footspine to take it, the
    # pager would be killed before it could restore the terminal, leaving it without echo.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    saved = _terminal_settings()
    try:
        subprocess.run(command, input=text, text=True, env=env, check=False)
    except OSError:
        return False
    finally:
        signal.signal(signal.SIGINT, previous)
        _restore(saved)
    return True


def _terminal_settings() -> list[Any] | None:
    try:
        import termios

        return termios.tcgetattr(sys.stdin.fileno())
    except (ImportError, OSError, ValueError):
        return None


def _restore(saved: list[Any] | None) -> None:
    if saved is None:
        return
    try:
        import termios

        termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, saved)
    except (ImportError, OSError, ValueError):
        pass
