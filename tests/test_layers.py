"""The layers point down only: ingest, then assistant, then evals, then ui.

Every import in the four packages is read with :mod:`ast` (module level, inside functions and
under ``TYPE_CHECKING`` alike), so a new upward import fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["ingest", "assistant", "evals", "ui"]

#: The one exception the layering allows: ``study``'s parser registers the subcommands that the
#: layers above define (``study eval``, ``study ui``), importing them only when it is built.
ALLOWED = {("assistant/cli.py", "evals.cli"), ("assistant/cli.py", "ui.cli")}


def imported_modules(path: Path) -> list[str]:
    """Every absolute module name that ``path`` imports."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
            if node.module in LAYERS:  # ``from ui import tabs`` imports the module ui.tabs
                names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def upward_imports(root: Path = ROOT) -> list[str]:
    """``file -> module`` for each import of a layer above the importing file's own."""
    found = []
    for rank, layer in enumerate(LAYERS):
        above = set(LAYERS[rank + 1 :])
        for path in sorted((root / layer).rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            for module in imported_modules(path):
                if module.split(".")[0] in above and (rel, module) not in ALLOWED:
                    found.append(f"{rel} -> {module}")
    return found


def test_no_layer_imports_from_a_layer_above_it() -> None:
    assert upward_imports() == []


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    for layer in LAYERS:
        (tmp_path / layer).mkdir()
    (tmp_path / "ingest" / "a.py").write_text("def f():\n    from assistant.api import X\n")
    (tmp_path / "evals" / "b.py").write_text("import ui.app\nfrom ingest.cards import Card\n")
    (tmp_path / "assistant" / "cli.py").write_text("from ui.cli import register\nfrom ui.app import x\n")
    assert upward_imports(tmp_path) == [
        "ingest/a.py -> assistant.api",
        "assistant/cli.py -> ui.app",
        "evals/b.py -> ui.app",
    ]


@pytest.mark.parametrize("package", LAYERS)
def test_no_import_cycle_between_two_modules_of_a_layer(package: str) -> None:
    graph = {}
    for path in (ROOT / package).rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        graph[name] = {m for m in imported_modules(path) if m.startswith(f"{package}.")}
    cycles = sorted(
        f"{a} <-> {b}" for a, deps in graph.items() for b in deps if a in graph.get(b, ()) and a < b
    )
    assert cycles == []
