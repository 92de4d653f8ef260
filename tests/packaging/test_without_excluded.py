"""The app works without what the bundle leaves out: self-check and the GUI start, from source,
with every excluded module (server, test tooling, unused Pillow and Qt parts, geocoder data)
blocked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run_blocked(*args: str, home: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "LEA_DESKTOP_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", **env}
    return subprocess.run(
        [sys.executable, str(HERE / "run_without_excluded.py"), *args],
        capture_output=True,
        text=True,
        env=environ,
        timeout=180,
    )


def test_self_check_passes_without_excluded_modules(data_home: Path) -> None:
    """self-check (database, save path, stand card PDF) passes when the excluded modules cannot be
    imported, so the bundle's exclusions do not break these paths."""
    done = run_blocked("self-check", home=data_home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "all checks passed" in done.stdout
    assert "FAIL" not in done.stdout


def test_gui_starts_without_excluded_modules(data_home: Path) -> None:
    """The main window comes up (LEA_DESKTOP_EXIT_WHEN_READY) with the excluded modules blocked."""
    done = run_blocked(home=data_home, LEA_DESKTOP_EXIT_WHEN_READY="1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "lea-desktop: ready" in done.stdout
    assert "left out of the bundle" not in done.stderr


def test_the_blocker_really_blocks(data_home: Path, tmp_path: Path) -> None:
    """Guard for the two tests above: an excluded module imported by name fails under the hook."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import runpy, sys\n"
        f"sys.argv = [{str(HERE / 'run_without_excluded.py')!r}, '--version']\n"
        "try:\n"
        f"    runpy.run_path({str(HERE / 'run_without_excluded.py')!r}, run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "try:\n"
        "    import fastapi\n"
        "except ModuleNotFoundError as exc:\n"
        "    print('blocked:', exc)\n"
    )
    done = subprocess.run([sys.executable, str(probe)], capture_output=True, text=True, timeout=60)
    assert "blocked:" in done.stdout and "left out of the bundle" in done.stdout, done.stderr
