"""The background-work helper: results, errors, progress arrive on the GUI thread; cancel works."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtWidgets import QWidget

from lea_desktop.ui import workers


@pytest.fixture
def owner(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_result_is_delivered_on_the_gui_thread(qtbot, owner):
    """The op runs on another thread; on_success gets its value on the GUI thread."""
    seen: dict = {}

    def op(job):
        seen["op_thread"] = threading.current_thread()
        return 41 + 1

    def done(value):
        seen["value"] = value
        seen["callback_thread"] = threading.current_thread()

    task = workers.run_in_background(owner, op, done)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert seen["value"] == 42
    assert seen["op_thread"] is not threading.main_thread()
    assert seen["callback_thread"] is threading.main_thread()
    assert task not in workers.active_tasks()


def test_error_goes_to_on_error_not_on_success(qtbot, owner):
    """An exception in the op reaches on_error (GUI thread) and on_success is not called."""
    got: list = []

    def op(job):
        raise OSError(28, "No space left on device")

    task = workers.run_in_background(
        owner, op, lambda v: got.append(("ok", v)), lambda e: got.append(("err", e))
    )
    qtbot.waitSignal(task.finished, timeout=5000).wait()
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert got[0][0] == "err" and isinstance(got[0][1], OSError)
    assert len(got) == 1


def test_progress_reaches_the_gui_and_last_step_is_never_dropped(qtbot, owner):
    """Many progress calls are thinned out, but the final done == total step always arrives."""
    steps: list[workers.Progress] = []

    def op(job):
        for i in range(1, 2001):
            job.progress(i, 2000, f"card {i}")
        return "done"

    task = workers.run_in_background(owner, op, None, None, steps.append)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert steps, "no progress arrived"
    assert len(steps) < 2000
    assert steps[-1].done == 2000 and steps[-1].fraction == 1.0


def test_cancel_stops_the_op_and_skips_callbacks(qtbot, owner):
    """cancel() is seen by the op through job.cancelled; `cancelled` fires, on_success does not."""
    started = threading.Event()
    calls: list = []

    def op(job):
        started.set()
        while True:
            job.raise_if_cancelled()
            time.sleep(0.005)

    task = workers.run_in_background(owner, op, calls.append, calls.append)
    assert started.wait(5)
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        task.cancel()
    assert calls == []
    assert task.is_finished


def test_no_callback_after_the_parent_widget_is_gone(qtbot):
    """When the widget that asked for the work is destroyed, its callbacks are not called."""
    widget = QWidget()
    started, release = threading.Event(), threading.Event()
    calls: list = []

    def op(job):
        started.set()
        release.wait(5)
        return "late"

    task = workers.run_in_background(widget, op, calls.append, calls.append)
    assert started.wait(5)
    widget.deleteLater()
    qtbot.waitUntil(lambda: task.is_cancelled, timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: task.is_finished, timeout=5000)
    assert calls == []


def test_job_store_is_a_private_connection_closed_afterwards(qtbot, owner, store, event):
    """job.store is a second connection to the same file (one per thread), closed afterwards."""
    opened: list = []

    def op(job):
        s = job.store
        opened.append(s)
        return s.db.execute("SELECT count(*) FROM events").fetchone()[0]

    results: list = []
    task = workers.run_in_background(owner, op, results.append, store=store)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert results == [1]
    assert opened[0] is not store
    with pytest.raises(Exception, match="closed"):
        opened[0].db.execute("SELECT 1")


def test_shutdown_cancels_running_tasks(qtbot, owner):
    """shutdown() (called when the window closes) cancels work and waits for the threads."""

    def op(job):
        while not job.cancelled:
            time.sleep(0.005)
        raise workers.Cancelled()

    task = workers.run_in_background(owner, op)
    assert workers.shutdown(5000)
    assert task.is_cancelled
    qtbot.waitUntil(lambda: task.is_finished, timeout=5000)
