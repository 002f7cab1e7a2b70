"""Bash completion that understands ``-a pain_area=<Tab>``.

Bash splits words at '=' (it is in COMP_WORDBREAKS), so Typer's script sends footspine the pieces
``pain_area``, ``=`` and the partial value, and nothing completes. This script sends the command
line up to the cursor instead; footspine completes the whole ``id=value`` word and hands bash back
only the part after the last '=' (the part bash replaces), and bash adds no space after ``id=``.
Typer keeps its scripts and completion classes in private tables (typer 0.26, pinned below 0.27);
``install`` puts this one in both, before Typer reads them.
"""

from __future__ import annotations

import os

from typer import _completion_classes, _completion_shared
from typer._click.shell_completion import add_completion_class, split_arg_string

BASH_SCRIPT = r"""
%(complete_func)s() {
    local IFS=$'\n'
    COMPREPLY=( $( env COMP_LINE="${COMP_LINE:0:COMP_POINT}" COMP_WORDBREAKS="$COMP_WORDBREAKS" \
                   %(autocomplete_var)s=complete_bash $1 ) )
    if [[ ${#COMPREPLY[@]} -gt 0 && "${COMPREPLY[0]}" == *= ]]; then
        compopt -o nospace 2>/dev/null
    fi
    return 0
}

complete -o default -F %(complete_func)s %(prog_name)s
"""


class BashComplete(_completion_classes.BashComplete):
    """Reads COMP_LINE (the line up to the cursor) rather than bash's split words."""

    source_template = BASH_SCRIPT

    def get_completion_args(self) -> tuple[list[str], str]:
        line = os.environ.get("COMP_LINE")
        if line is None:  # a script from an older install: Typer's own reading
            return super().get_completion_args()
        words = split_arg_string(line)
        if not words[1:] or line.endswith(" "):
            return words[1:], ""
        return words[1:-1], words[-1]

    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        values = [item.value for item in self.get_completions(args, incomplete)]
        head, sep, _ = incomplete.rpartition("=")
        if sep and "=" in os.environ.get("COMP_WORDBREAKS", "="):  # bash replaces only what follows '='
            values = [v[len(head) + 1 :] if v.startswith(head + "=") else v for v in values]
        return "\n".join(values)


def install() -> None:
    _completion_shared._completion_scripts["bash"] = BASH_SCRIPT
    add_completion_class(BashComplete, "bash")
