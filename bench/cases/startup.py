"""Start-up: process start → the sign-up form shown and ready for typing.

App (A): `python -m lea_desktop` (what `lea-desktop` runs) with `LEA_DESKTOP_EXIT_WHEN_READY=1`:
once the main window is shown and its event loop runs, the app prints `lea-desktop: ready` and
quits. Floor (B): a bare PySide6 program that shows a QMainWindow with one QLineEdit, focuses
it and prints `ready` from its running event loop the same way. Both are timed from just before
the process is spawned to the moment the line arrives on the pipe; the exit is not timed.

The app starts on a data home that already holds an event, the staff name and a season's
followers, as on a laptop at its second fair (a first start also creates the database). Its
bytecode is compiled first, as `pip install` (and the bundle) leave it: PySide6's is, and a
source checkout run with PYTHONDONTWRITEBYTECODE=1 would otherwise compile ~40 modules on every
start (~20 ms here), which no installed app does.
"""

from __future__ import annotations

import compileall
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.cases.common import new_home, open_store, populate
from bench.harness import BenchError, Context, Metric, alternate, case, paired

APP_READY = "lea-desktop: ready"
FLOOR_READY = "ready"
TIMEOUT_S = 60

FLOOR_PROGRAM = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
edit = QLineEdit(window)
window.setCentralWidget(edit)
window.show()
edit.setFocus()

def ready():
    print("ready", flush=True)
    app.quit()

QTimer.singleShot(0, ready)
sys.exit(app.exec())
"""


def time_to_line(cmd: list[str], env: dict[str, str], line: str) -> float:
    """Seconds from spawning `cmd` to `line` on its stdout; the process is then let finish."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1
    )
    seen = None
    assert proc.stdout is not None
    for text in proc.stdout:
        if text.strip() == line:
            seen = time.perf_counter() - start
            break
    try:
        _out, err = proc.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        _out, err = proc.communicate()
        raise BenchError(
            f"{cmd[-1]} did not exit within {TIMEOUT_S} s after it was ready"
        ) from None
    if seen is None:
        tail = (err or "").strip().splitlines()[-3:]
        raise BenchError(
            f"{' '.join(cmd[-2:])} exited ({proc.returncode}) without printing {line!r}: "
            + (" | ".join(tail) or "no output")
        )
    if proc.returncode != 0:
        raise BenchError(f"{' '.join(cmd[-2:])} was ready but exited with status {proc.returncode}")
    return seen


@case(
    "startup",
    "process start → sign-up form ready for typing (subprocess)",
    floor="bare PySide6 QMainWindow with one QLineEdit shown (subprocess)",
    order=10,
)
def run(ctx: Context) -> list[Metric]:
    rounds = ctx.size(15, 5, smoke=1)
    home = new_home(ctx.workdir, "home")
    store, event = open_store(home)
    followers = ctx.size(10_000, 2_000, smoke=20)
    populate(store, event.id, followers, seed=ctx.seed)
    store.close()
    ctx.note(f"the data home holds {followers:,} followers and one event")
    import lea_desktop

    compileall.compile_dir(Path(lea_desktop.__file__).parent, quiet=1)
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM=env.get("QT_QPA_PLATFORM", "offscreen"),
        LEA_DESKTOP_HOME=str(home),
        LEA_DESKTOP_EXIT_WHEN_READY="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    floor_script = Path(ctx.workdir) / "floor_window.py"
    floor_script.write_text(FLOOR_PROGRAM, encoding="utf-8")
    app_cmd = [sys.executable, "-m", "lea_desktop"]
    floor_cmd = [sys.executable, str(floor_script)]
    apps, floors = alternate(
        lambda _i: time_to_line(app_cmd, env, APP_READY),
        lambda _i: time_to_line(floor_cmd, env, FLOOR_READY),
        rounds,
    )
    ms = 1000.0
    return [
        paired(
            "start → ready",
            "ms",
            [a * ms for a in apps],
            [b * ms for b in floors],
            max_ratio=1.5,
            detail=f"{rounds} alternating starts each, after one warm-up pair (disk cache)",
        )
    ]
