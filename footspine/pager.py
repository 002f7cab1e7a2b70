"""Long text through the user's pager ($PAGER, else ``less``), only when both ends are a terminal."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys

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
    try:
        subprocess.run(command, input=text, text=True, env=env, check=False)
    except OSError:
        return False
    except KeyboardInterrupt:  # Ctrl-C in the pager ends the paging, not footspine
        pass
    return True
