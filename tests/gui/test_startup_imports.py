"""Start-up stays light: when the sign-up form is ready for typing, the modules only later work
needs (sqlite-utils, PDF, spreadsheet, HTTP, validators, the log file's handler, uuid) are not
loaded yet. Run as a real `python -m lea_desktop` process on a data home that holds a
database, as at every start after the first."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = """
import builtins, json, os, sys
real_print = builtins.print
LATER = ["sqlite_utils", "reportlab", "openpyxl", "httpx", "email_validator", "phonenumbers",
         "logging.handlers", "uuid"]

def spy(*args, **kwargs):
    if args and args[0] == "lea-desktop: ready":
        real_print(json.dumps({m: m in sys.modules for m in LATER}), flush=True)
    real_print(*args, **kwargs)

builtins.print = spy
from lea_desktop.cli import main
raise SystemExit(main([]))
"""


def test_the_form_is_ready_before_the_heavy_modules_load(data_home, tmp_path):
    """At `lea-desktop: ready` none of the heavy modules is imported; the app exits cleanly."""
    from lea_desktop.storage import Store

    Store.open_default().close()  # the database exists and is up to date
    env = dict(os.environ)
    env.update(LEA_DESKTOP_HOME=str(data_home), LEA_DESKTOP_EXIT_WHEN_READY="1")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert "lea-desktop: ready" in lines
    loaded = json.loads(lines[lines.index("lea-desktop: ready") - 1])
    assert loaded == dict.fromkeys(loaded, False), loaded


def test_the_app_s_own_modules_load_before_qt():
    """`lea-desktop` imports its own start-up modules before PySide6 (`ui.app._import_before_qt`):
    once Qt is loaded, its import hook reads the source of every module imported after it. So
    the modules on the way there (the command line, `ui.app` itself) import no Qt at their top."""
    probe = (
        "import sys; import lea_desktop.cli, lea_desktop.ui.app; "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "[]"
