"""What the figures were measured on: CPU, cores, RAM, load, Python, Qt, SQLite, commit."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _git(*args: str) -> str:
    try:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def describe() -> dict[str, Any]:
    """The machine and software the run measured (no host names or user names)."""
    try:
        load = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        load = []
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gb": _ram_gb(),
        "load_at_start": load,
        "os": platform.platform(terse=True),
        "python": platform.python_version(),
        "pyside6": _version("PySide6-Essentials")
        if _version("PySide6") == "not installed"
        else _version("PySide6"),
        "sqlite": sqlite3.sqlite_version,
        "reportlab": _version("reportlab"),
        "commit": _git("rev-parse", "--short", "HEAD"),
        # Others work in the same tree: say when the measured code had uncommitted changes.
        "uncommitted_changes": bool(
            _git("status", "--porcelain", "--untracked-files=no", "--", "lea_desktop")
        ),
    }


def one_line(m: dict[str, Any]) -> str:
    return (
        f"{m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; {m['os']}; Python {m['python']}, "
        f"PySide6 {m['pyside6']}, SQLite {m['sqlite']}; commit {m['commit'] or '?'}"
        + (" + uncommitted changes in lea_desktop/" if m.get("uncommitted_changes") else "")
    )
