"""Starting the GUI: `lea-desktop` with no sub-command calls `run(kiosk)`.

Start-up never waits on a question: the one modal window is the message shown when the database
cannot be opened or fails its integrity check (there is nothing else the app could show then).
Heavy non-Qt modules (reportlab, openpyxl, httpx, Babel's locale data) load only when a page needs
them; pages other than the first are built when first opened.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

# No Qt at the top of this module: `run` imports the app's own modules before Qt is loaded
# (`_import_before_qt`); a module-level Qt import here made every one of them slower.
log = logging.getLogger("lea_desktop.ui")

CHECK_DELAY_MS = 1000  # integrity check and retention purge, after the database is attached


def _excepthook(window_ref: list) -> object:
    """Unexpected errors in a slot: log the class (never data), tell the user in the status bar."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        from PySide6.QtCore import QCoreApplication

        # Where it happened (file, line, function) but not the message: exception texts can
        # quote what a visitor typed.
        frames = "".join(traceback.format_tb(tb)) if tb is not None else ""
        log.error("unexpected error in the GUI: %s\n%s", kind.__name__, frames)
        window = window_ref[0] if window_ref else None
        if window is not None:
            window.statusBar().showMessage(
                QCoreApplication.translate(
                    "app",
                    "Something went wrong ({kind_name}). Nothing saved was lost; details are in the log.",
                ).format(kind_name=kind.__name__),
                15000,
            )

    return hook


def create_application(argv: list[str] | None = None):
    """The QApplication (created once), with the app's names, style and stylesheet."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("LEA Desktop")
    app.setOrganizationName("LEA")
    app.setApplicationDisplayName("LEA Desktop")
    # The LEA icon for windows, taskbar and Alt-Tab (the same SVG the bundles' icons come from),
    # and on Linux the link to the menu entry (build/linux/lea-desktop.desktop).
    from PySide6.QtGui import QIcon

    from lea_desktop.paths import resource

    app.setWindowIcon(QIcon(str(resource("icons", "lea.svg"))))
    app.setDesktopFileName("lea-desktop")
    if not app.property("leaStyled"):  # once: restyling re-polishes every widget there is
        from lea_desktop.ui.style import apply_style

        apply_style(app)
        app.setProperty("leaStyled", True)
    return app


def show_fatal(title: str, message: str) -> None:
    """The one acceptable modal: the database cannot be used, so there is nothing else to show."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, title, message)
    box.setObjectName("fatalMessage")
    box.setInformativeText(
        QCoreApplication.translate(
            "app",
            "Your data has not been changed. Backups are in the 'backups' folder next to the database; `lea-desktop backup --help` explains how to make and use them.",
        )
    )
    box.exec()


def build_window(store=None, *, kiosk: bool = False):
    """The main window. Given a store, it is attached at once (first-run questions in a banner
    if needed); without one, the window shows the sign-up form and waits for `attach_store`."""
    from lea_desktop.ui.context import AppContext
    from lea_desktop.ui.main_window import MainWindow

    context = AppContext(kiosk=kiosk)
    window = MainWindow(context)
    from lea_desktop.ui.sync_controller import install_sync

    install_sync(window)  # background sync every minute and on network changes; status bar text
    if store is not None:
        attach_store(window, store)
    return window


def attach_store(window, store) -> None:
    """Give the window its database: header, status bar, pages and first-run questions."""
    from lea_desktop.ui.first_run import maybe_add_first_run_panel

    window.context.attach_store(store)
    maybe_add_first_run_panel(window)


def open_store(*, check: bool):
    """The user's database, or None after telling the user (the one modal) why it cannot open."""
    from PySide6.QtCore import QCoreApplication

    from lea_desktop.storage import StorageError, Store

    title = QCoreApplication.translate("app", "LEA Desktop cannot open its database")
    try:
        return Store.open_default(check=check)
    except StorageError as exc:
        show_fatal(title, str(exc))
    except OSError as exc:
        show_fatal(title, f"{exc.strerror or exc}: {exc.filename or ''}")
    return None


def update_first(window, then: Callable[[], None]) -> bool:
    """If the database has migrations pending (the first start after an update of the app),
    run them on a worker with a connection of its own while the window says "Updating the
    database…" and the form stays usable, then call `then` (which opens the store here, with
    nothing left to run). Returns False, at once, when there is nothing to update."""
    from PySide6.QtCore import QCoreApplication

    from lea_desktop.paths import data_home
    from lea_desktop.storage import store as store_module
    from lea_desktop.ui.workers import run_in_background

    try:
        path = data_home() / store_module.DB_NAME
    except OSError:
        return False  # `open_store` explains it
    if not store_module.needs_update(path):
        return False

    def failed(exc: BaseException) -> None:
        from lea_desktop.storage.database import StorageError

        window.hide()
        show_fatal(
            QCoreApplication.translate("app", "LEA Desktop cannot open its database"),
            str(exc) if isinstance(exc, StorageError | OSError) else f"{type(exc).__name__}: {exc}",
        )
        QCoreApplication.exit(1)

    log.info("updating the database on a worker")
    window.show_database_updating()
    run_in_background(
        window, lambda _job: store_module.update(path), lambda _none: then(), failed,
        label="database update",
    )  # fmt: skip
    return True


def check_in_background(window, state: dict):
    """`PRAGMA integrity_check` on a worker (half a second at 100,000 followers), then the
    retention purge. A damaged database stops the app with a clear message and no backup of it
    (a rolling backup of a damaged file would push a good one out)."""
    from PySide6.QtCore import QCoreApplication

    from lea_desktop.storage.database import StorageError, check_integrity
    from lea_desktop.ui.housekeeping import start_retention_purge

    def op(job) -> None:
        check_integrity(job.store.conn)

    def healthy(_none: object) -> None:
        state["checked"] = True
        start_retention_purge(window.context)

    def damaged(exc: BaseException) -> None:
        state["checked"] = True
        state["healthy"] = False
        window.hide()
        text = (
            str(exc)
            if isinstance(exc, StorageError)
            else QCoreApplication.translate("app", "The database check failed ({exc}).").format(
                exc=exc
            )
        )
        show_fatal(
            QCoreApplication.translate("app", "LEA Desktop found a problem in its database"), text
        )
        state.get("exit", lambda code: None)(1)

    return window.context.run_in_background(op, healthy, damaged, label="integrity check")


def check_later(window, state: dict) -> None:
    """The delayed start of `check_in_background` (and of the log file, which needs a few
    milliseconds of imports and file work the first paint should not wait for), unless the run
    has ended meanwhile (the check then ran at exit, see `_safe_to_back_up`)."""
    if state.get("running"):
        _setup_logs(state["store"])
        check_in_background(window, state)


def _exit_when_ready(app, state: dict) -> None:
    """For start-up timing and bundle smoke tests (`LEA_DESKTOP_EXIT_WHEN_READY=1`): once the
    window is shown and the database attached, print one line and quit normally."""
    from PySide6.QtCore import QTimer

    def ready() -> None:
        if state["store"] is None:
            QTimer.singleShot(1, ready)
            return
        print("lea-desktop: ready", flush=True)
        app.quit()

    QTimer.singleShot(0, ready)


def _import_before_qt() -> None:
    """Import the non-Qt modules every start needs (storage, logs, the form kit) before PySide6
    is loaded. PySide6 hooks `import` to look for `from __feature__` in the source of every
    module imported after it (it reads each file), for nothing. sqlite-utils itself is not
    among them: the store attaches on a plain sqlite3 connection and the sign-up page's warm-up
    loads sqlite-utils on a worker after the start (storage/database.py)."""
    import lea_desktop.formkit
    import lea_desktop.logs
    import lea_desktop.storage

    # What the sign-up page and the first count (a worker, while the window is being built)
    # read with; imported there, they held the import lock and the GIL against the window.
    import lea_desktop.storage.events
    import lea_desktop.storage.registrations
    import lea_desktop.storage.sync_queue  # noqa: F401


def _install_language(app) -> None:
    """The staff screens' language (`ui.language`), before the first widget is built."""
    from lea_desktop.paths import data_home
    from lea_desktop.storage.store import DB_NAME
    from lea_desktop.ui import i18n

    try:
        database = data_home() / DB_NAME
    except OSError:
        database = None
    i18n.install(app, i18n.chosen_language(database))


def run(kiosk: bool = False) -> int:
    """Start the GUI; returns the exit status.

    The sign-up form is on screen before the database is opened: the store opens on the first
    turns of the event loop (without the integrity check), so staff see a ready form at once and
    nothing they type meanwhile is lost. After an update of the app the database's pending
    migrations run first, on a worker, while the window says "Updating the database…"
    (`update_first`). What can wait does, so it does not compete with that
    (`lea-desktop: ready` under LEA_DESKTOP_EXIT_WHEN_READY=1 marks the point): the integrity
    check and retention purge (1 s later, on a worker), the sync status and network watch, and
    the validators' warm-up. Kiosk mode opens the store first (it has no staff window and
    needs the PIN), then the kiosk at once; see `_start_kiosk`.
    """
    _import_before_qt()
    from lea_desktop import logs

    logs.hold_early_records()  # the log file opens once the window is up; see `check_later`
    from PySide6.QtCore import QTimer

    app = create_application()
    _install_language(app)
    window_ref: list = []
    sys.excepthook = _excepthook(window_ref)
    state: dict = {"store": None, "healthy": True, "exit": app.exit, "running": True}

    if kiosk:
        status = _start_kiosk(state, window_ref)
        if status is not None:
            return status
    else:
        window = build_window()
        window_ref.append(window)
        window.show()

        def connect() -> None:
            if update_first(window, attach):
                return
            attach()

        def attach() -> None:
            store = open_store(check=False)
            if store is None:
                window.hide()
                app.exit(1)
                return
            state["store"] = store
            attach_store(window, store)
            # The check and the purge after it start once the window has settled: their worker
            # opens a second connection and runs Python that would hold the GIL during the
            # first paints. (If the app closes before, the check runs at exit; see below.)
            QTimer.singleShot(CHECK_DELAY_MS, window, lambda: check_later(window, state))

        # Two turns of the loop: the window paints first, then the database opens.
        QTimer.singleShot(0, lambda: QTimer.singleShot(0, connect))
    log.info("GUI started (kiosk=%s)", kiosk)
    if os.environ.get("LEA_DESKTOP_EXIT_WHEN_READY") == "1":
        _exit_when_ready(app, state)
    try:
        return int(app.exec())
    finally:
        state["running"] = False  # a delayed check must not start once this run is over
        store = state["store"]
        if store is not None:
            _setup_logs(store)  # if the run ended before `check_later`: the held lines too
            try:
                store.close(backup=_safe_to_back_up(store, state))
            except Exception as exc:
                log.warning("closing backup failed: %s", type(exc).__name__)


def _start_kiosk(state: dict, window_ref: list) -> int | None:
    """Start kiosk mode; an exit status when it cannot start (None: it is starting).

    The store opens without the integrity check (milliseconds), so a missing PIN is refused
    before any window, and the kiosk is on screen at once; the check and the retention purge
    then run on a worker, as for the staff window. After an update of the app, the pending
    migrations run first on a worker, behind a full-screen "Getting ready…" (`update_first`
    does the same for the staff window)."""
    from PySide6.QtCore import QCoreApplication

    from lea_desktop.paths import data_home
    from lea_desktop.storage import store as store_module
    from lea_desktop.ui.kiosk import KioskStarting
    from lea_desktop.ui.workers import run_in_background

    try:
        pending = store_module.needs_update(data_home() / store_module.DB_NAME)
    except OSError:
        pending = False  # `open_store` explains it
    if not pending:
        return _open_kiosk(state, window_ref)
    waiting = KioskStarting()
    waiting.show_full_screen()
    log.info("updating the database on a worker (kiosk)")

    def updated(_none: object) -> None:
        status = _open_kiosk(state, window_ref)
        waiting.close()
        if status is not None:
            QCoreApplication.exit(status)

    def failed(exc: BaseException) -> None:
        from lea_desktop.storage.database import StorageError

        waiting.hide()
        show_fatal(
            QCoreApplication.translate("app", "LEA Desktop cannot open its database"),
            str(exc) if isinstance(exc, StorageError | OSError) else f"{type(exc).__name__}: {exc}",
        )
        QCoreApplication.exit(1)

    path = data_home() / store_module.DB_NAME
    run_in_background(
        waiting, lambda _job: store_module.update(path), updated, failed, label="database update"
    )
    return None


def _open_kiosk(state: dict, window_ref: list) -> int | None:
    """Open the store and the kiosk over it; an exit status when it cannot (no PIN: 2)."""
    store = open_store(check=False)
    if store is None:
        return 1
    from lea_desktop.usecases import kiosk_pin

    if not kiosk_pin.has_pin(store.db):
        # Without a PIN nobody could leave the kiosk (and a visitor must never be the one
        # to choose it): refuse, and say how to set one.
        print(f"lea-desktop: {kiosk_pin.NO_PIN_MESSAGE}", file=sys.stderr)
        store.close(backup=False)
        return 2
    state["store"] = store
    # Kiosk first: the main window (and its follower list) is built only once staff have
    # left the kiosk with the PIN.
    from PySide6.QtCore import QTimer

    from lea_desktop.ui.context import AppContext
    from lea_desktop.ui.kiosk import open_kiosk

    def staff_back() -> None:
        window = build_window(store)
        window_ref.append(window)
        window.show()

    kiosk_window = open_kiosk(AppContext(store, kiosk=True), on_left=staff_back)
    # The integrity check (then the retention purge) once the kiosk has painted; a damaged
    # database closes it with the message, as it does the staff window.
    QTimer.singleShot(CHECK_DELAY_MS, kiosk_window, lambda: check_later(kiosk_window, state))
    return None


def _safe_to_back_up(store, state: dict) -> bool:
    """Whether the closing backup may be written: never of a database that failed its check,
    and when the app closes before the background check ran, the check runs here first (a
    rolling backup of a damaged file would push a good one out)."""
    if not state["healthy"]:
        return False
    if state.get("checked"):
        return True
    from lea_desktop.storage.database import StorageError, check_integrity

    try:
        check_integrity(store.conn)
    except StorageError:
        log.warning("the database failed its integrity check at exit; no closing backup")
        return False
    return True


def _setup_logs(store) -> None:
    from lea_desktop import logs

    with contextlib.suppress(OSError):  # no log file is no reason to refuse to work
        logs.setup(store.home)
