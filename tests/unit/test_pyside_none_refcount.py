"""Guard for the PySide6 pin: void Qt calls must not leak (drop) references to None.

PySide6 6.12.0 on Python 3.11 decrements None's reference count on every call of a void Qt
method; after a few thousand calls None is freed and the process aborts. pyproject.toml pins
PySide6 below 6.12 for this reason; this test fails if a release with the bug is installed.
"""

from __future__ import annotations

import sys


def test_void_qt_calls_keep_the_reference_count_of_none(qapp):
    """Hundreds of QLineEdit.setText/clear calls leave sys.getrefcount(None) where it was."""
    from PySide6.QtWidgets import QLineEdit

    edit = QLineEdit()
    for _ in range(50):  # warm up: caches and interned objects settle first
        edit.setText("warm-up")
    before = sys.getrefcount(None)
    for i in range(500):
        edit.setText(f"text {i}")
        edit.clear()
        edit.setReadOnly(i % 2 == 0)
    after = sys.getrefcount(None)
    # A leak of one reference per call would show as ~1,500 fewer; allow a little noise.
    assert after >= before - 10, f"None lost {before - after} references over 1,500 void Qt calls"
    edit.deleteLater()


def test_addons_are_pinned_and_installed_at_the_essentials_release():
    """QtMultimedia (PySide6-Addons, the sign-up page's camera) is built against one exact Qt:
    pyproject.toml gives Addons the same range as Essentials, and the installed ones match."""
    import tomllib
    from importlib.metadata import version
    from pathlib import Path

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    deps = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    pins = {d.split(">")[0].split("<")[0]: d for d in deps if d.startswith("PySide6-")}
    assert pins["PySide6-Essentials"] == "PySide6-Essentials>=6.11,<6.12"
    assert pins["PySide6-Addons"] == "PySide6-Addons>=6.11,<6.12"
    assert version("PySide6-Addons") == version("PySide6-Essentials")
