"""The layer rule: only lea_desktop/ui/ may import Qt (PySide6 or shiboken6).

The CLI, the databank server, exports and storage must run on machines without a display and be
testable without Qt; this test reads every module with `ast` (imports inside functions count).
"""

from __future__ import annotations

import ast
from pathlib import Path

import lea_desktop

PACKAGE = Path(lea_desktop.__file__).resolve().parent
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2")


def qt_imports(path: Path) -> list[str]:
    """`module:line` for each import of a Qt binding in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", ""))
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names = [node.args[0].value]
        for name in names:
            if name.split(".")[0] in QT_MODULES:
                where = path.relative_to(PACKAGE.parent) if PACKAGE.parent in path.parents else path
                found.append(f"{where}:{node.lineno} imports {name}")
    return found


def test_only_the_ui_package_imports_qt():
    """Every module outside lea_desktop/ui/ is free of Qt imports."""
    ui = PACKAGE / "ui"
    offenders = [
        hit
        for path in sorted(PACKAGE.rglob("*.py"))
        if ui not in path.parents
        for hit in qt_imports(path)
    ]
    assert offenders == []


def test_the_check_sees_every_form_of_qt_import(tmp_path):
    """The checker finds plain, from-, nested and importlib imports (so the test above cannot
    pass vacuously), and ignores names that merely look alike."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import PySide6.QtCore\n"
        "from PySide6.QtWidgets import QWidget\n"
        "def later():\n"
        "    import shiboken6\n"
        "    importlib.import_module('PySide6.QtGui')\n"
        "import pyside_helpers\n",
        encoding="utf-8",
    )
    assert len(qt_imports(sample)) == 4
    assert qt_imports(PACKAGE / "ui" / "main_window.py")
