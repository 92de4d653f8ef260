"""Background work for the GUI: the one helper every page uses (in the spirit of Anki's QueryOp).

    task = run_in_background(
        self,                         # a widget: callbacks are dropped once it is destroyed
        op=lambda job: export(job),   # runs on a pool thread; must NOT touch widgets
        on_success=self._done,        # called on the GUI thread with op's return value
        on_error=self._failed,        # called on the GUI thread with the exception
        on_progress=self._progress,   # called on the GUI thread with a Progress
        store=context.store,          # optional: job.store is a private connection for the op
    )
    task.cancel()                     # asks the op to stop; it checks job.cancelled

`op` receives a `Job`: `job.progress(done, total, text)` reports progress (throttled),
`job.cancelled` / `job.raise_if_cancelled()` check for a cancel request, and `job.store` opens a
`Store` connection of the op's own (SQLite connections are one per thread here) that is closed
when the op ends. An op that stops because it was cancelled raises `Cancelled` (or returns);
then neither on_success nor on_error runs and `Task.cancelled` is emitted.

Tests wait with `qtbot.waitSignal(task.finished)` or `qtbot.waitUntil(lambda: not active_tasks())`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

if TYPE_CHECKING:
    from lea_desktop.storage import Store

log = logging.getLogger("lea_desktop.ui.workers")

PROGRESS_INTERVAL_S = 0.05  # at most ~20 progress updates a second reach the GUI thread


class Cancelled(Exception):
    """Raised inside an op (by `Job.raise_if_cancelled`) to stop because the user cancelled."""


@dataclass(frozen=True)
class Progress:
    done: int
    total: int | None = None  # None: unknown (a busy indicator rather than a bar)
    text: str = ""

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return max(0.0, min(1.0, self.done / self.total))


class Job:
    """What an op sees of its task: progress, cancellation and a thread-own database connection."""

    def __init__(self, task: Task, source_store: Store | None) -> None:
        self._task = task
        self._source_store = source_store
        self._store: Store | None = None
        self._last_progress = 0.0

    @property
    def cancelled(self) -> bool:
        return self._task.is_cancelled

    def raise_if_cancelled(self) -> None:
        if self.cancelled:
            raise Cancelled()

    def progress(self, done: int, total: int | None = None, text: str = "") -> None:
        """Report progress; frequent calls are thinned out, the last step always goes through."""
        now = time.monotonic()
        final = total is not None and done >= total
        if not final and now - self._last_progress < PROGRESS_INTERVAL_S:
            return
        self._last_progress = now
        self._task._progress_from_worker.emit(Progress(done, total, text))

    @property
    def store(self) -> Store:
        """A `Store` on the same file as the GUI's, opened on first use in this thread."""
        if self._store is None:
            if self._source_store is None:
                raise RuntimeError("run_in_background(..., store=...) was not given a store")
            self._store = self._source_store.reopen()
        return self._store

    def _close(self) -> None:
        if self._store is not None:
            try:
                self._store.close()
            finally:
                self._store = None


class Task(QObject):
    """One piece of background work. Lives on the GUI thread; its public signals fire there."""

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(object)
    cancelled = Signal()
    finished = Signal()  # always last, whatever the outcome

    # Emitted on the worker thread; delivered to the slots below on the GUI thread (queued).
    _result_from_worker = Signal(object)
    _error_from_worker = Signal(object)
    _cancelled_from_worker = Signal()
    _progress_from_worker = Signal(object)

    def __init__(self, label: str = "") -> None:
        super().__init__()
        self.label = label
        self._cancel = threading.Event()
        self._receiver_gone = False
        self.is_finished = False
        self._result_from_worker.connect(self._on_result, Qt.ConnectionType.QueuedConnection)
        self._error_from_worker.connect(self._on_error, Qt.ConnectionType.QueuedConnection)
        self._cancelled_from_worker.connect(self._on_cancelled, Qt.ConnectionType.QueuedConnection)
        self._progress_from_worker.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the op to stop (it checks `job.cancelled`); callbacks for its result are skipped."""
        self._cancel.set()

    def _receiver_destroyed(self) -> None:
        self._receiver_gone = True
        self._cancel.set()

    @Slot(object)
    def _on_progress(self, progress: Progress) -> None:
        if not self.is_finished and not self._receiver_gone:
            self.progressed.emit(progress)

    @Slot(object)
    def _on_result(self, value: Any) -> None:
        if self.is_cancelled:
            self._on_cancelled()
            return
        self._finish(self.succeeded, value)

    @Slot(object)
    def _on_error(self, exc: BaseException) -> None:
        if self.is_cancelled:
            self._on_cancelled()
            return
        self._finish(self.failed, exc)

    @Slot()
    def _on_cancelled(self) -> None:
        self._finish(self.cancelled, None)

    def _finish(self, signal: Any, value: Any) -> None:
        self.is_finished = True
        try:
            if not self._receiver_gone:
                if signal is self.cancelled:
                    signal.emit()
                else:
                    signal.emit(value)
        finally:
            _ACTIVE.discard(self)
            self.finished.emit()


class _Runnable(QRunnable):
    def __init__(self, task: Task, op: Callable[[Job], Any], store: Store | None) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._task = task
        self._op = op
        self._store = store

    def run(self) -> None:  # on a pool thread
        task = self._task
        job = Job(task, self._store)
        outcome: tuple[str, Any] = ("cancelled", None)
        try:
            if not task.is_cancelled:
                outcome = ("result", self._op(job))
        except Cancelled:
            outcome = ("cancelled", None)
        except BaseException as exc:  # delivered to on_error on the GUI thread
            # Class only: exception texts can quote personal data (a name in a SQL error).
            log.warning("background task %r failed: %s", task.label, type(exc).__name__)
            outcome = ("error", exc)
        finally:
            # The op's connection is closed before any callback runs on the GUI thread.
            try:
                job._close()
            except Exception:
                log.warning("background task %r: closing its store failed", task.label)
        kind, value = outcome
        try:
            if kind == "result":
                task._result_from_worker.emit(value)
            elif kind == "error":
                task._error_from_worker.emit(value)
            else:
                task._cancelled_from_worker.emit()
        except RuntimeError:  # the app is shutting down and the task object is already gone
            log.info("background task %r ended after the app closed", task.label)


_ACTIVE: set[Task] = set()  # keeps running tasks (and their Python callbacks) alive
_POOL: QThreadPool | None = None


def pool() -> QThreadPool:
    """The pool background work runs on (separate from Qt's global pool, so `shutdown` is ours)."""
    global _POOL
    if _POOL is None:
        _POOL = QThreadPool()
        _POOL.setMaxThreadCount(max(2, QThreadPool.globalInstance().maxThreadCount()))
    return _POOL


def _default_error(exc: BaseException) -> None:
    log.error("background task failed without an error handler: %s", type(exc).__name__)


def run_in_background(
    parent: QObject | None,
    op: Callable[[Job], Any],
    on_success: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    *,
    store: Store | None = None,
    label: str = "",
) -> Task:
    """Run `op(job)` on a pool thread; deliver its result, error or progress on the GUI thread.

    When `parent` is destroyed before the op ends, the task is cancelled and no callback runs,
    so callbacks may safely touch `parent`'s widgets.
    """
    task = Task(label or getattr(op, "__name__", "task"))
    if on_success is not None:
        task.succeeded.connect(on_success)
    task.failed.connect(on_error or _default_error)
    if on_progress is not None:
        task.progressed.connect(on_progress)
    if parent is not None:
        parent.destroyed.connect(task._receiver_destroyed)
    _ACTIVE.add(task)
    pool().start(_Runnable(task, op, store))
    return task


def active_tasks() -> list[Task]:
    """Tasks started and not yet finished (for tests and for closing the app)."""
    return list(_ACTIVE)


def shutdown(timeout_ms: int = 5000) -> bool:
    """Cancel every task and wait for the pool threads; True if they all stopped in time."""
    for task in list(_ACTIVE):
        task.cancel()
    if _POOL is None:
        return True
    return _POOL.waitForDone(timeout_ms)
