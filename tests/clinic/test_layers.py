"""The layers run one way: the foundation imports no feature app, and no app imports staff/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FEATURE_APPS = ("screening", "exercises", "appointments")
# Each package and the packages it must never import.
# outcomes/ and reminders/ sit above exercises/ (they read its programs); nothing below them,
# and neither of them, imports the other.
ABOVE_EXERCISES = ("outcomes", "reminders")
FORBIDDEN = {
    "clinic": (*FEATURE_APPS, *ABOVE_EXERCISES, "staff", "demo", "bench"),
    "screening": ("exercises", "appointments", *ABOVE_EXERCISES, "staff", "demo", "bench"),
    "exercises": ("screening", "appointments", *ABOVE_EXERCISES, "staff", "demo", "bench"),
    "appointments": ("exercises", *ABOVE_EXERCISES, "staff", "demo", "bench"),
    "outcomes": ("screening", "appointments", "reminders", "staff", "demo", "bench"),
    "reminders": ("screening", "appointments", "outcomes", "staff", "demo", "bench"),
    "staff": ("demo", "bench"),
}


def _imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_above_it(package):
    offenders = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for module in _imported_modules(path):
            if module.split(".")[0] in FORBIDDEN[package]:
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not offenders, offenders
