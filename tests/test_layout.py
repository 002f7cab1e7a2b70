"""The layering the house style asks for, checked: no import cycle in footspine/ (counting imports
inside functions too, so none can be hidden there), and no module over 400 lines."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "footspine"
MODULES = sorted(PACKAGE.glob("*.py"))
MAX_LINES = 400
RENDERER_NAME = re.compile(r"([a-z_]+):[a-z_]+")


def imports_of(path: Path) -> set[str]:
    """The footspine modules one module imports, anywhere in it (type-checking-only imports too)."""
    tree = ast.parse(path.read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module:
                found.add(node.module.split(".")[0])
            elif node.level == 1:
                found.update(alias.name for alias in node.names)
            elif node.module and node.module.startswith("footspine."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("footspine."))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            named = RENDERER_NAME.fullmatch(node.value)  # outputs.py names renderers "module:function"
            if named:
                found.add(named.group(1))
    known = {p.stem for p in MODULES}
    return (found & known) - {path.stem, "__init__"}


def test_no_import_cycle() -> None:
    graph = {path.stem: imports_of(path) for path in MODULES}
    done: set[str] = set()

    def visit(module: str, trail: list[str]) -> None:
        if module in trail:
            cycle = [*trail[trail.index(module) :], module]
            pytest.fail(f"import cycle: {' -> '.join(cycle)}")
        if module in done:
            return
        for imported in sorted(graph[module]):
            visit(imported, [*trail, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_module_over_400_lines(path: Path) -> None:
    assert len(path.read_text().splitlines()) <= MAX_LINES


def test_the_core_never_talks_to_a_terminal() -> None:
    core = {"model", "kinds", "operators", "index", "engine", "report", "rules", "answers", "messages"}
    for path in MODULES:
        if path.stem in core:
            text = path.read_text()
            assert "import typer" not in text and "from rich" not in text and "print(" not in text, path.name
