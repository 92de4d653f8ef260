"""The databank is a server of its own: importing it pulls in neither Qt nor the laptop's
storage or GUI, and the sync engine stays Qt-free too."""

from __future__ import annotations

import subprocess
import sys


def test_the_databank_and_sync_engine_import_no_qt_storage_or_ui():
    """A fresh interpreter imports the databank app and CLI and finds no PySide6,
    lea_desktop.storage or lea_desktop.ui in sys.modules; the engine brings no Qt."""
    code = (
        "import sys\n"
        "import lea_desktop.databank.app, lea_desktop.databank.cli, lea_desktop.databank.export\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'lea_desktop.storage', 'lea_desktop.ui'))]\n"
        "print(','.join(bad))\n"
        "import lea_desktop.sync.engine, lea_desktop.sync.reconcile\n"
        "print(','.join(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    databank_bad, engine_qt = out.stdout.splitlines()
    assert databank_bad == ""
    assert engine_qt == ""
