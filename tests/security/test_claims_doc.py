"""docs/retention-and-security.md names a test for each claim: every one named must exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "retention-and-security.md"
SECTION = "## Each claim and the test that proves it"


def _named_tests() -> list[tuple[str, str | None]]:
    text = DOC.read_text().split(SECTION, 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    named = []
    for line in text.splitlines():
        if not line.startswith("| ") or line.startswith(("| claim", "| ---")):
            continue
        path = None
        for reference in re.findall(r"`([^`]+)`", line.rsplit(" | ", 1)[-1]):
            if reference.startswith("::"):
                named.append((path, reference[2:]))
            elif reference.endswith(".py") or "::" in reference:
                path, _, name = reference.partition("::")
                named.append((path, name or None))
    return named


def test_every_test_the_claims_table_names_exists():
    named = _named_tests()
    assert len(named) > 40
    missing = []
    for path, name in named:
        source = ROOT / "tests" / path
        if not source.is_file() or (name and f"def {name}(" not in source.read_text()):
            missing.append(f"{path}::{name}")
    assert not missing, f"the claims table names tests that do not exist: {missing}"
