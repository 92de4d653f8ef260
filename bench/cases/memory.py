"""Peak memory with 100,000 followers listed on the Followers page.

App (A): a process that opens the app's main window on a data home of 100,000 followers (the
app's own `create_application` and `build_window`), opens the Followers page with all events
shown, and scrolls the table from top to bottom so the model fetches pages as a user scrolling
through would make it. Floor (B): a bare PySide6 process showing a QMainWindow with one
QLineEdit. Each process's peak resident memory is read by the parent from the kernel
(`wait4` → ru_maxrss). Target: A − B ≤ 150 MB.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

from bench.cases.common import new_home, open_store, populate
from bench.cases.startup import FLOOR_PROGRAM
from bench.harness import BenchError, Context, Metric, Stats, alternate, case

FULL_ROWS = 100_000
TARGET_MB = 150.0

APP_PROGRAM = """
import sys
from PySide6.QtWidgets import QApplication

from lea_desktop.storage import Store
from lea_desktop.ui.app import build_window, create_application

app = create_application([])
store = Store.open_default()
window = build_window(store)
window.resize(1280, 800)
window.show()
app.processEvents()
page = window.open_page("followersPage")
page.set_all_events(True)
app.processEvents()
rows = page.model.rowCount()
bar = page.table.verticalScrollBar()
for step in range(41):
    bar.setValue(bar.maximum() * step // 40)
    page.table.viewport().repaint()
    app.processEvents()
print(f"rows {rows}", flush=True)
window.close()
store.close()
"""


def run_measured(cmd: list[str], env: dict[str, str], expect: str | None) -> float:
    """Spawn `cmd`, wait for it with wait4, check its output, return peak RSS in MB."""
    out_path = Path(env["BENCH_OUT"])
    with open(out_path, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.PIPE)
        assert proc.stderr is not None
        err = proc.stderr.read().decode(errors="replace")
        _pid, status, usage = os.wait4(proc.pid, 0)  # reaps it and reports its peak memory
        proc.returncode = os.waitstatus_to_exitcode(status)
    text = out_path.read_text(encoding="utf-8")
    if proc.returncode != 0:
        tail = " | ".join(err.strip().splitlines()[-3:])
        raise BenchError(f"{cmd[-1]} exited with status {proc.returncode}: {tail or 'no output'}")
    if expect is not None and expect not in text:
        raise BenchError(f"{cmd[-1]} did not report {expect!r} (said {text.strip()[-200:]!r})")
    return usage.ru_maxrss / 1024  # Linux reports kilobytes


@case(
    "memory",
    "peak memory with 100,000 followers listed (Followers page showing all)",
    floor="bare PySide6 process showing a QMainWindow with one QLineEdit",
    order=90,
)
def run(ctx: Context) -> list[Metric]:
    n = ctx.size(FULL_ROWS, FULL_ROWS, smoke=500)
    rounds = ctx.size(3, 1, smoke=1)
    home = new_home(ctx.workdir, "home")
    store, event = open_store(home)
    ctx.log(f"filling the database with {n:,} followers")
    populate(store, event.id, n, seed=ctx.seed)
    store.close()
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM=env.get("QT_QPA_PLATFORM", "offscreen"),
        LEA_DESKTOP_HOME=str(home),
        BENCH_OUT=str(Path(ctx.workdir) / "out.txt"),
    )
    app_script = Path(ctx.workdir) / "followers_window.py"
    app_script.write_text(APP_PROGRAM, encoding="utf-8")
    floor_script = Path(ctx.workdir) / "floor_window.py"
    floor_script.write_text(FLOOR_PROGRAM, encoding="utf-8")
    apps, floors = alternate(
        lambda _i: run_measured([sys.executable, str(app_script)], env, f"rows {n}"),
        lambda _i: run_measured([sys.executable, str(floor_script)], env, "ready"),
        rounds,
        warmup=0,
    )
    extra = [a - b for a, b in zip(apps, floors, strict=True)]
    over = statistics.median(extra)
    stats = Stats.of(apps)
    return [
        Metric(
            label="peak RSS",
            unit="MB",
            app=stats,
            floor=Stats.of(floors),
            ratio=None,
            target=f"app − floor ≤ {TARGET_MB:g} MB",
            passed=over <= TARGET_MB,
            judged=f"+{over:.0f} MB",
            detail=f"{rounds} runs each; the app listed {n:,} rows and scrolled through them",
        )
    ]
