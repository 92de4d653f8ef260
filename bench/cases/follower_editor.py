"""Opening the follower editor from the Followers page at 100,000 followers.

Staff find a follower in the list and open it (Enter or a double-click) to correct a typo. The
dialog must be there at once: on a busy laptop it used to appear as a black box for seconds.

- App (A), "open → drawn": the real Followers page in the real main window, a follower's row
  opened as Enter does (`FollowersPage.open_row`: the record read, the editor filled and opened
  window-modal), then the dialog painted (`repaint()`: every visible widget drawn). Then it is
  closed unchanged (Escape's path) and the event loop settles; that is not timed. Each opening
  takes a different follower, spread over the list.
- Floor (B): the same work with the bare library: a bare QDialog holding as many plain widgets
  (half QLabel, half QLineEdit, in a QScrollArea, under the app's style sheet) as the editor
  has, built, opened and painted, then closed.

A and B alternate. Targets: p99 of the opening under 150 ms, and the median paired ratio at
most 1.5× the floor. The first opening after the page is shown is reported on its own line.
"""

from __future__ import annotations

import time

from bench.cases import gui
from bench.cases.common import new_home, open_store, populate
from bench.harness import BenchError, Context, Metric, absolute, case, paired

FULL_ROWS = 100_000
TARGET_P99_MS = 150.0
TARGET_RATIO = 1.5
PAGE_IDLE_S = 1.0  # the user reads the list before opening a follower


def _bare_dialog(widgets: int, parent):
    """A plain QDialog with `widgets` plain widgets: what the floor builds and shows."""
    from PySide6.QtWidgets import (
        QDialog,
        QGridLayout,
        QLabel,
        QLineEdit,
        QScrollArea,
        QVBoxLayout,
        QWidget,
    )

    dialog = QDialog(parent)
    dialog.resize(860, 720)
    outer = QVBoxLayout(dialog)
    scroll = QScrollArea(dialog)
    scroll.setWidgetResizable(True)
    body = QWidget()
    grid = QGridLayout(body)
    for i in range(max(0, widgets - 4)):
        widget = QLabel(f"Label {i}", body) if i % 2 == 0 else QLineEdit(f"text {i}", body)
        grid.addWidget(widget, i // 4, i % 4)
    scroll.setWidget(body)
    outer.addWidget(scroll)
    return dialog


@case(
    "editor",
    "open a follower in the editor at 100,000 followers (Followers page → dialog drawn)",
    floor="a bare QDialog with the same number of plain widgets (QLabel, QLineEdit), built, "
    "opened and painted",
    order=55,
)
def run(ctx: Context) -> list[Metric]:
    from PySide6.QtWidgets import QWidget

    n = ctx.size(FULL_ROWS, 20_000, smoke=300)
    opens = ctx.size(100, 40, smoke=4)
    app = gui.application()
    store, event = open_store(new_home(ctx.workdir, "app"))
    ctx.log(f"filling the database with {n:,} followers")
    populate(store, event.id, n, seed=ctx.seed)
    store.db.execute("ANALYZE")
    window = gui.main_window(store)
    page = gui.page(window, "followersPage")
    if not hasattr(page, "open_row") or page.model.rowCount() != n:
        raise BenchError(f"the Followers page does not list the {n:,} followers it should")
    gui.settle(PAGE_IDLE_S)

    rows = [int(i * (n - 1) / max(1, opens)) for i in range(opens + 1)]
    app_ms: list[float] = []
    floor_ms: list[float] = []
    first_ms = 0.0
    widgets = 0
    for i, row in enumerate(rows):  # the first opening is reported apart
        expected = page.model.registration_id(row)
        start = time.perf_counter()
        editor = page.open_row(row)
        if editor is None:
            raise BenchError(f"row {row} did not open an editor")
        editor.repaint()
        a = (time.perf_counter() - start) * 1000
        if not editor.isVisible() or editor.reg.id != expected:
            raise BenchError(f"the editor does not show the follower of row {row}")
        widgets = len(editor.findChildren(QWidget))
        editor.reject()
        if editor.isVisible():
            raise BenchError("the editor did not close unchanged")
        gui.settle(0.02)

        start = time.perf_counter()
        bare = _bare_dialog(widgets, window)
        bare.open()
        bare.repaint()
        b = (time.perf_counter() - start) * 1000
        bare.done(0)
        bare.deleteLater()
        gui.settle(0.02)
        if i == 0:
            first_ms = a
            continue
        app_ms.append(a)
        floor_ms.append(b)
    window.close()
    app.processEvents()
    store.close()

    detail = (
        f"{len(app_ms)} openings of different followers over {n:,} rows ({widgets} widgets in "
        f"the dialog); the first opening after the page was shown: {first_ms:.1f} ms"
    )
    ratio = paired(
        "open → drawn, against the floor",
        "ms",
        app_ms,
        floor_ms,
        max_ratio=TARGET_RATIO,
        detail=detail,
    )
    p99 = absolute(
        "open → drawn",
        "ms",
        [first_ms, *app_ms],
        below=TARGET_P99_MS,
        stat="p99",
        detail="every opening, the first included",
    )
    return [p99, ratio]
