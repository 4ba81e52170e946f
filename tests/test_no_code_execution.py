"""Nothing in the codebase evaluates or executes text from a deck, a question or a model.

The test walks the syntax tree of every module outside ``tests/`` and fails on any call of
``eval``, ``exec``, ``compile``, ``pickle.loads``/``pickle.load`` or ``marshal.loads``.
(``ast.literal_eval`` reads literals only and is allowed.)
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("ingest", "assistant", "ui", "evals", "bench")
FORBIDDEN_NAMES = {"eval", "exec", "compile", "__import__"}
FORBIDDEN_ATTRS = {("pickle", "loads"), ("pickle", "load"), ("marshal", "loads"), ("dill", "loads")}


def forbidden_calls(source: str) -> list[str]:
    """``name (line N)`` for every forbidden call in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in FORBIDDEN_NAMES:
            found.append(f"{func.id} (line {node.lineno})")
        elif (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and (func.value.id, func.attr) in FORBIDDEN_ATTRS
        ):
            found.append(f"{func.value.id}.{func.attr} (line {node.lineno})")
    return found


def sources() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (REPO / pkg).rglob("*.py"))


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("eval(x)", ["eval (line 1)"]),
        ("y = 1\nexec(code)", ["exec (line 2)"]),
        ("import pickle\npickle.loads(b)", ["pickle.loads (line 2)"]),
        ("import ast\nast.literal_eval('[1, 2]')", []),
        ("model.eval()", []),  # torch's Module.eval() switches to inference mode: not a code eval
    ],
)
def test_the_scanner_finds_exactly_the_forbidden_calls(code, expected):
    assert forbidden_calls(code) == expected


def test_no_module_outside_tests_executes_text():
    files = sources()
    assert len(files) > 20
    offenders = {str(p.relative_to(REPO)): calls for p in files if (calls := forbidden_calls(p.read_text()))}
    assert offenders == {}
