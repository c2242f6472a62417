"""What the browser tests check on every page: axe-core (WCAG 2.x A/AA) and the Nu Html Checker."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
HTML = ARTIFACTS / "html"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def format_axe_violations(violations: list[dict]) -> str:
    """One block per rule: id, impact, help and every offending node's target and summary."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" <{violation.get('helpUrl', '')}>"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node.get("target", []))
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").strip()
            for summary_line in summary.splitlines():
                lines.append(f"      {summary_line.strip()}")
            lines.append(f"      html: {node.get('html', '')[:200]}")
    return "\n".join(lines)


def vnu_missing_reason() -> str | None:
    """Why the Nu Html Checker cannot run here, or None when it can."""
    if shutil.which("java") is None:
        return "Java is not installed (apt-get install default-jre-headless)"
    if not VNU_JAR.is_file():
        return f"{VNU_JAR.relative_to(ROOT)} is missing (run: npm ci --ignore-scripts)"
    return None


def run_vnu(files: list[Path]) -> list[dict]:
    """Validate all files in one Java run; return the error messages (vnu's JSON format)."""
    result = subprocess.run(  # noqa: S603 - fixed command, our own files
        [
            shutil.which("java") or "java",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            *[str(path) for path in files],
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # vnu writes its report to stderr; the exit status is 1 when there are errors.
    try:
        report = json.loads(result.stderr or "{}")
    except json.JSONDecodeError as error:
        raise RuntimeError(
            f"vnu did not answer in JSON (exit {result.returncode}): {result.stderr[:2000]}"
        ) from error
    return [message for message in report.get("messages", []) if message.get("type") == "error"]


def format_vnu_messages(messages: list[dict]) -> str:
    lines = []
    for message in messages:
        name = Path(message.get("url", "").removeprefix("file:")).name
        where = f"{name}:{message.get('lastLine', '?')}:{message.get('firstColumn', '?')}"
        lines.append(f"- {where}: {message.get('message')}")
        extract = (message.get("extract") or "").replace("\n", " ").strip()
        if extract:
            lines.append(f"    {extract[:200]}")
    return "\n".join(lines)
