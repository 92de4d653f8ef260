"""Background sync for the GUI: every minute, when the network comes back, and on request.

One `SyncController` per main window (`install_sync(window)`, called by `build_window`). Each
cycle is `usecases.syncing.sync_once` on a worker thread with its own database connection (and
the token read there too: a keyring may block), so the GUI thread never waits on the network.
The controller owns the status-bar text ("Synced 14:02", "Offline — 37 waiting",
"Wi-Fi needs a login (captive portal)") and tells the pages what changed.

Connectivity: Qt's QNetworkInformation when a backend loads (NetworkManager, glib, Windows,
macOS) — a change to online triggers a sync a moment later, a change to offline updates the
status at once; without a backend the minute timer is the check.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

from lea_desktop.ui.context import AppContext
from lea_desktop.ui.i18n import counted
from lea_desktop.ui.timefmt import local_time
from lea_desktop.ui.workers import Job, Progress, Task

log = logging.getLogger("lea_desktop.ui.sync")

INTERVAL_MS = 60_000
FIRST_SYNC_MS = 5_000  # after the database opens: let the window settle first
NETWORK_SETTLE_MS = 2_000  # after "online": DHCP, DNS and the portal need a moment
NETWORK_WATCH_MS = 1_000  # after the last report is read: connectivity is watched from then on
STATUS_DELAY_MS = 200  # after the database is attached: the last report, the timers


def status_text(report: Any, pending: int | None = None) -> str:
    """The status bar's words for a sync report (`pending`: the latest count, if newer)."""
    if report is None:
        return ""
    from lea_desktop.sync import client as c

    state = report["state"] if isinstance(report, dict) else report.state
    get = (lambda k: report.get(k)) if isinstance(report, dict) else (lambda k: getattr(report, k))
    waiting = get("pending") if pending is None else pending
    waiting_text = (
        QCoreApplication.translate("SyncController", " — {waiting:,} waiting").format(
            waiting=waiting
        )
        if waiting
        else ""
    )
    if state == c.OK:
        when = local_time(get("finished_at") or "", with_date=False)
        rejected = get("rejected") or 0
        conflicts = get("conflicts") or 0  # a report of an older version: counted in rejected
        if conflicts:
            settle = counted(
                conflicts,
                QCoreApplication.translate("counts", "{n} conflict"),
                QCoreApplication.translate("counts", "{n} conflicts"),
            )
            if rejected:
                return QCoreApplication.translate(
                    "sync_controller",
                    "Synced {when} — {rejected:,} rejected, {conflicts} to settle on the Sync page",
                ).format(when=when, rejected=rejected, conflicts=settle)
            return QCoreApplication.translate(
                "sync_controller", "Synced {when} — {conflicts} to settle on the Sync page"
            ).format(when=when, conflicts=settle)
        if rejected:
            return QCoreApplication.translate(
                "sync_controller", "Synced {when} — {rejected:,} rejected"
            ).format(when=when, rejected=rejected)
        return QCoreApplication.translate("sync_controller", "Synced {when}").format(
            when=when
        )  # what was saved since shows beside it ("To sync: N")
    if state == c.CAPTIVE_PORTAL:
        return (
            QCoreApplication.translate("sync_controller", "Wi-Fi needs a login (captive portal)")
            + waiting_text
        )
    if state == c.UNAUTHORIZED:
        return QCoreApplication.translate(
            "sync_controller", "Databank refused the token — log in again on the Sync page"
        )
    if state in (c.NOT_CONFIGURED, c.NO_TOKEN):
        return QCoreApplication.translate("sync_controller", "Sync not set up")
    if state == c.INSECURE:
        return QCoreApplication.translate(
            "sync_controller", "Sync off: the databank address is not encrypted (http://)"
        )
    if state == c.UNTRUSTED:
        return (
            QCoreApplication.translate("sync_controller", "Databank certificate not trusted")
            + waiting_text
        )
    if state == c.SERVER_ERROR:
        return QCoreApplication.translate("sync_controller", "Databank error") + waiting_text
    if state == c.NOT_DATABANK:
        return (
            QCoreApplication.translate("sync_controller", "No LEA databank at the address")
            + waiting_text
        )
    return QCoreApplication.translate(
        "sync_controller", "Offline — {waiting_or_0:,} waiting"
    ).format(waiting_or_0=waiting or 0)


class SyncController(QObject):
    """Runs sync cycles in the background and keeps the status bar's sync text."""

    started = Signal()
    progressed = Signal(object)  # workers.Progress
    finished = Signal(object)  # sync.engine.SyncReport
    textChanged = Signal(str)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.task: Task | None = None
        self.last_report: Any = None  # SyncReport, or the stored dict of the last run
        self.text = ""
        self.label = QLabel(objectName="statusSync")
        self.label.setContentsMargins(8, 0, 8, 0)
        self._again = False
        self._offline = False
        self.timer = QTimer(self, interval=INTERVAL_MS)
        self.timer.timeout.connect(lambda: self.sync_now(auto=True))
        self._soon = QTimer(self, singleShot=True)
        self._soon.timeout.connect(lambda: self.sync_now(auto=True))
        self.network: Any = None
        # At start-up the database is attached just as the window appears: the last report is
        # read and the timers start a moment later, off the path to a form ready for typing.
        context.storeAttached.connect(
            lambda: QTimer.singleShot(STATUS_DELAY_MS, self, self._on_store)
        )
        context.countsChanged.connect(lambda _counts: self._show())
        if context.has_store:
            self._on_store()

    # -- starting ---------------------------------------------------------------------------
    def _on_store(self) -> None:
        from lea_desktop.storage import sync_queue

        # A cycle already run in this window (Sync now clicked in the first moments) has the
        # newer word: the stored report is only for a window that has not synced yet.
        if self.last_report is None and not self.running:
            try:
                # A plain read: sqlite-utils may not be loaded yet this early (storage/database.py).
                self.last_report = sync_queue.last_result(self.context.store.conn)
            except Exception:  # an unreadable old report is no reason not to sync
                self.last_report = None
        self._show()
        self.timer.start()
        self._soon.start(FIRST_SYNC_MS)
        # QtNetwork and its backend plugin take ~30 ms to load: not while the window starts.
        QTimer.singleShot(NETWORK_WATCH_MS, self, self._watch_network)

    def _watch_network(self) -> None:
        if self.network is not None:
            return
        try:
            from PySide6.QtNetwork import QNetworkInformation

            if QNetworkInformation.loadBackendByFeatures(QNetworkInformation.Feature.Reachability):
                self.network = QNetworkInformation.instance()
        except Exception as exc:  # no QtNetwork plugin: the minute timer does the checking
            log.info("no network information backend (%s)", type(exc).__name__)
            self.network = None
        if self.network is not None:
            self.network.reachabilityChanged.connect(self._on_reachability)

    def _on_reachability(self, reachability: Any) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        offline = reachability == QNetworkInformation.Reachability.Disconnected
        self._offline = offline
        if offline:
            self._soon.stop()
            self._show()
        else:
            self._soon.start(NETWORK_SETTLE_MS)

    # -- running ----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.is_finished

    def sync_now(self, *, auto: bool = False) -> Task | None:
        """Start a cycle unless one runs (then one more follows it if the user asked)."""
        if not self.context.has_store:
            return None
        if self.running:
            self._again = self._again or not auto
            return self.task
        if auto and not self._should_auto_sync():
            return None
        self._offline = False
        self.started.emit()
        self._set_text(QCoreApplication.translate("SyncController", "Syncing…"))

        def op(job: Job) -> Any:
            from lea_desktop.usecases.syncing import sync_once

            return sync_once(
                job.store,
                progress=lambda done, total, text: job.progress(done, total, text),
                should_stop=lambda: job.cancelled,
            )

        self.task = self.context.run_in_background(
            op, self._done, self._failed, self.progressed.emit, parent=self, label="sync"
        )
        return self.task

    def _should_auto_sync(self) -> bool:
        """Automatic cycles run for a shown window with a databank address set (not set up:
        nothing to try, nothing to say every minute)."""
        window = self.parent()
        if window is not None and hasattr(window, "isVisible") and not window.isVisible():
            return False  # closed (or not shown yet): its database may be closed too
        try:
            return bool(self.context.setting("databank.url"))
        except Exception:  # the database was closed under us (the app is ending)
            self.timer.stop()
            return False

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _done(self, report: Any) -> None:
        self.last_report = report
        self._show()
        self.finished.emit(report)
        if report.events_pulled or report.event_conflicts:
            self.context.notify_events_changed()
        # (the consortium directory changing moves the dashboard's consortium figures too)
        if (
            report.accepted
            or report.erasures_pulled
            or report.directory_pulled
            or report.directory_gone
        ):
            self.context.notify_registrations_changed()  # counts, lists, privacy page
        else:
            self.context.refresh_counts()
        self._maybe_again()

    def _failed(self, exc: BaseException) -> None:
        log.warning("background sync failed: %s", type(exc).__name__)
        self._set_text(QCoreApplication.translate("SyncController", "Sync failed — see the log"))
        self._maybe_again()

    def _maybe_again(self) -> None:
        if self._again:
            self._again = False
            QTimer.singleShot(0, self.sync_now)

    # -- the status bar ---------------------------------------------------------------------
    def _show(self) -> None:
        if self.running:
            return
        pending = self.context.counts.get("pending") if self.context.counts else None
        if self._offline:
            text = QCoreApplication.translate(
                "SyncController", "Offline — {pending_or_0:,} waiting"
            ).format(pending_or_0=pending or 0)
        else:
            text = status_text(self.last_report, pending)
        self._set_text(text)

    def _set_text(self, text: str) -> None:
        self.text = text
        self.label.setText(text)
        report = self.last_report
        message = (
            (report.get("message") if isinstance(report, dict) else report.message)
            if report
            else ""
        )
        self.label.setToolTip(message or text)
        self.textChanged.emit(text)


def install_sync(window: Any) -> SyncController:
    """Give a main window its background sync: `window.context.sync`, and a status-bar label."""
    controller = SyncController(window.context, window)
    window.statusBar().addPermanentWidget(controller.label)
    window.context.sync = controller
    return controller


def progress_text(progress: Progress) -> str:
    if progress.total:
        return QCoreApplication.translate(
            "sync_controller", "Sending {progress_done:,} of {progress_total:,}…"
        ).format(progress_done=progress.done, progress_total=progress.total)
    return "Syncing…"
