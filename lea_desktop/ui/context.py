"""`AppContext`: what every page is given — the GUI thread's Store, the active event, and signals.

Pages talk to each other only through this object (never by reaching into another page), so a page
can be added, removed or built late without the others knowing:
- `registrationsChanged`: a follower was saved, edited, deleted or imported;
- `eventsChanged` / `activeEventChanged(event | None)`: the event list or the chosen event changed;
- `settingsChanged(key)`: a setting was stored through `set_setting`;
- `statusMessage(text, timeout_ms)`: the main window shows it in the status bar;
- `openPageRequested(objectName)`: the main window switches to that page;
- `storeAttached`: the database is open (at start the window shows before it is, see app.py);
- `countsChanged(dict)`: new figures for the status bar (see `refresh_counts`).

Storage is imported lazily here: the sign-up form is drawn before sqlite-utils is even loaded.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

if TYPE_CHECKING:
    from lea_desktop.domain.records import Event
    from lea_desktop.formkit import Form
    from lea_desktop.storage import Store
    from lea_desktop.ui.workers import Job, Progress, Task

log = logging.getLogger("lea_desktop.ui")

# A save leaves its full-text indexing to a bulk flush (storage/search_index.py): this long after
# the last change, with no save in between, a worker indexes what waits.
INDEX_IDLE_MS = 3000


class AppContext(QObject):
    registrationsChanged = Signal()
    eventsChanged = Signal()
    activeEventChanged = Signal(object)
    settingsChanged = Signal(str)
    statusMessage = Signal(str, int)
    openPageRequested = Signal(str)
    storeAttached = Signal()
    countsChanged = Signal(object)

    def __init__(
        self, store: Store | None = None, *, kiosk: bool = False, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.store: Store = store  # type: ignore[assignment]  # None only during start-up
        self.kiosk = kiosk
        self._active: Event | None = None
        self._active_loaded = False
        self.window: Any = None  # the main window, set once it exists (parent for workers)
        self._backup_task: Task | None = None
        # Status figures, counted on a worker: {"event_id", "event", "today", "pending",
        # "rejected", "conflicts"}. Counting 50,000 followers of one event takes ~50 ms, too long for the
        # GUI thread after every save; a save bumps the figures at once (`note_saved`).
        self.counts: dict[str, Any] = {}
        self._counts_task: Task | None = None
        self._counts_stale = False
        self.registrationsChanged.connect(self.refresh_counts)
        self._index_timer: QTimer | None = None
        self._index_task: Task | None = None
        self.registrationsChanged.connect(self.schedule_search_index)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._index_before_quitting)
        self.activeEventChanged.connect(lambda _event: self.refresh_counts())
        if store is not None:
            store.backup_runner = self._backup_in_background

    # -- the database -----------------------------------------------------------------------
    @property
    def has_store(self) -> bool:
        return self.store is not None

    def attach_store(self, store: Store) -> None:
        """The database is open: pages and the window read from it from now on."""
        self.store = store
        store.backup_runner = self._backup_in_background
        self._active_loaded = False
        self.storeAttached.emit()
        self.activeEventChanged.emit(self.active_event)

    def _backup_in_background(self) -> None:
        """The rolling backup due after a save, written by a worker's own connection."""
        if self._backup_task is not None and not self._backup_task.is_finished:
            return  # one is being written right now; the next falls due 25 saves later

        def failed(exc: BaseException) -> None:
            from lea_desktop.storage.database import explain

            self.show_status(
                QCoreApplication.translate(
                    "AppContext", "The rolling backup could not be written: {explain_exc}"
                ).format(explain_exc=explain(exc)),
                15000,
            )

        self._backup_task = self.run_in_background(
            lambda job: job.store.backup(), None, failed, label="rolling backup"
        )

    # -- the search index ---------------------------------------------------------------------
    def schedule_search_index(self) -> None:
        """Index the records waiting for the filter once saving pauses for `INDEX_IDLE_MS`
        (each change starts the wait again), on a worker. Searches never miss waiting records
        meanwhile; this only keeps the backlog short, so the first keystroke stays fast."""
        if self.store is None:
            return
        if self._index_timer is None:
            self._index_timer = QTimer(self, singleShot=True, interval=INDEX_IDLE_MS)
            self._index_timer.timeout.connect(self._index_in_background)
        self._index_timer.start()

    def _index_in_background(self) -> None:
        if self.store is None:
            return
        if self._index_task is not None and not self._index_task.is_finished:
            self.schedule_search_index()
            return
        from lea_desktop.storage import search_index

        try:  # a few µs here saves a worker its own connection when nothing waits
            if not search_index.has_backlog(self.store.conn):
                return
        except sqlite3.Error:  # the store was closed meanwhile
            return

        def op(job: Job) -> bool:
            # Never waits for a write of another connection (a save, an import): it tries
            # again after the next pause instead.
            search_index.flush(job.store.conn, wait=False)
            return search_index.has_backlog(job.store.conn)

        def done(still_waiting: bool) -> None:
            if still_waiting:
                self.schedule_search_index()

        def failed(exc: BaseException) -> None:
            log.warning("indexing saved records failed: %s", type(exc).__name__)

        # Parented to this context, not the window: the flush has nothing to do with a window.
        self._index_task = self.run_in_background(
            op, done, failed, parent=self, label="search index"
        )

    def _index_before_quitting(self) -> None:
        """The app is quitting: index what still waits (best effort, never waiting; what is
        left stays in the backlog, found by every search and indexed at the next chance)."""
        if self.store is None:
            return
        if self._index_timer is not None:
            self._index_timer.stop()
        try:
            from lea_desktop.storage import search_index

            search_index.flush(self.store.conn, wait=False)
        except Exception as exc:  # a closed or broken store: the backlog stays for next time
            log.warning("indexing saved records at exit failed: %s", type(exc).__name__)

    # -- counts -----------------------------------------------------------------------------
    def refresh_counts(self) -> None:
        """Count again on a worker; `countsChanged` follows. Calls during a count coalesce."""
        if self.store is None:
            return
        self._counts_stale = True
        if self._counts_task is not None and not self._counts_task.is_finished:
            return
        self._start_counting()

    def _start_counting(self) -> None:
        from lea_desktop.ui.timefmt import local_midnight_utc_iso

        self._counts_stale = False
        event = self.active_event
        event_id = event.id if event is not None else None
        since = local_midnight_utc_iso()

        def op(job: Job) -> dict[str, Any]:
            from lea_desktop.storage import outbox, registrations, sync_queue

            db = job.store.conn  # plain reads: no need to load sqlite-utils for them
            waiting = sync_queue.counts(db)  # conflicts apart from the rejected
            return {
                "pending_by_kind": outbox.pending_by_entity(db),
                "event_id": event_id,
                "event": registrations.count(db, event_id=event_id) if event_id else None,
                "today": registrations.count(db, since=since),
                "pending": waiting["pending"],
                "rejected": waiting["rejected"],
                "conflicts": waiting["conflicts"],
            }

        def done(result: dict[str, Any]) -> None:
            if self._counts_stale:  # something changed while counting: count again
                self._start_counting()
                return
            self.counts = result
            self.countsChanged.emit(result)

        def failed(exc: BaseException) -> None:
            log.warning("counting failed: %s", type(exc).__name__)
            if self._counts_stale:
                self._start_counting()

        self._counts_task = self.run_in_background(op, done, failed, label="counts")

    def note_saved(self, event_id: str) -> None:
        """A follower was just stored: move the figures on at once (a count follows)."""
        counts = dict(self.counts)
        if counts.get("event_id") == event_id and counts.get("event") is not None:
            counts["event"] += 1
        for key in ("today", "pending"):
            if key in counts:
                counts[key] += 1
        self.counts = counts
        self._counts_stale = True  # a count already running started before this save
        self.countsChanged.emit(counts)

    def event_count(self, event_id: str) -> int | None:
        """Followers at `event_id` as last counted (None when not counted yet)."""
        if self.counts.get("event_id") == event_id:
            return self.counts.get("event")
        return None

    # -- the form ---------------------------------------------------------------------------
    def form(self, form_id: str = "follower_signup") -> Form:
        from lea_desktop.formkit import load_form

        return load_form(form_id)

    # -- settings ---------------------------------------------------------------------------
    def setting(self, key: str) -> Any:
        """A setting's value (None while the database is not open yet)."""
        if self.store is None:
            return None
        from lea_desktop.storage import settings

        return settings.get(self.store.conn, key)

    def set_setting(self, key: str, raw: Any) -> Any:
        """Validate and store a setting (raises `SettingError` with a message), then announce it."""
        from lea_desktop.storage import settings

        value = settings.set_value(self.store.db, key, raw)
        self.settingsChanged.emit(key)
        return value

    # -- the active event -------------------------------------------------------------------
    @property
    def active_event(self) -> Event | None:
        if self.store is None:
            return None
        if not self._active_loaded:
            from lea_desktop.storage import events

            # Plain reads on the connection: at start-up this runs before sqlite-utils is
            # loaded, and must not wait for it (see storage/database.py).
            self._active = events.active(self.store.conn)
            self._active_loaded = True
        return self._active

    def set_active_event(self, event_or_id: Event | str | None) -> Event | None:
        """Make an event the one new registrations go to; remembered for the next start."""
        from lea_desktop.storage import settings

        event_id = getattr(event_or_id, "id", event_or_id) or ""
        settings.set_value(self.store.db, "event.active", event_id)
        return self.reload_active_event()

    def reload_active_event(self) -> Event | None:
        """Read the active event again (after events were edited) and announce any change."""
        from lea_desktop.storage import events

        before = self._active
        self._active = events.active(self.store.db)
        self._active_loaded = True
        if before != self._active:
            self.activeEventChanged.emit(self._active)
        return self._active

    def notify_events_changed(self) -> None:
        self.eventsChanged.emit()
        self.reload_active_event()

    def notify_registrations_changed(self) -> None:
        self.registrationsChanged.emit()

    # -- talking to the window --------------------------------------------------------------
    def show_status(self, text: str, timeout_ms: int = 6000) -> None:
        self.statusMessage.emit(text, timeout_ms)

    def open_page(self, object_name: str) -> None:
        self.openPageRequested.emit(object_name)

    def run_in_background(
        self,
        op: Callable[[Job], Any],
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        *,
        parent: QObject | None = None,
        label: str = "",
    ) -> Task:
        """`workers.run_in_background` with this store; errors go to the status bar by default."""
        from lea_desktop.ui.workers import run_in_background

        def default_error(exc: BaseException) -> None:
            self.show_status(
                QCoreApplication.translate(
                    "AppContext", "Something went wrong in the background ({type_exc_name})."
                ).format(type_exc_name=type(exc).__name__),
                10000,
            )

        return run_in_background(
            parent if parent is not None else self.window,
            op,
            on_success,
            on_error or default_error,
            on_progress,
            store=self.store,
            label=label,
        )
