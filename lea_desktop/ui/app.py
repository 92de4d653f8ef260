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
from types import TracebackType

log = logging.getLogger("lea_desktop.ui")


def _excepthook(window_ref: list) -> object:
    """Unexpected errors in a slot: log the class (never data), tell the user in the status bar."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected error in the GUI: %s", kind.__name__, exc_info=(kind, exc, tb))
        window = window_ref[0] if window_ref else None
        if window is not None:
            window.statusBar().showMessage(
                f"Something went wrong ({kind.__name__}). Nothing saved was lost; "
                "details are in the log.",
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
    if not app.property("leaStyled"):  # once: restyling re-polishes every widget there is
        from lea_desktop.ui.style import apply_style

        apply_style(app)
        app.setProperty("leaStyled", True)
    return app


def show_fatal(title: str, message: str) -> None:
    """The one acceptable modal: the database cannot be used, so there is nothing else to show."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, title, message)
    box.setObjectName("fatalMessage")
    box.setInformativeText(
        "Your data has not been changed. Backups are in the 'backups' folder next to the database; "
        "`lea-desktop backup --help` explains how to make and use them."
    )
    box.exec()


def build_window(store, *, kiosk: bool = False):
    """The main window over an open store, with first-run questions in a banner if needed."""
    from lea_desktop.ui.context import AppContext
    from lea_desktop.ui.main_window import MainWindow

    context = AppContext(store, kiosk=kiosk)
    window = MainWindow(context)
    from lea_desktop.ui.first_run import maybe_add_first_run_panel

    maybe_add_first_run_panel(window)
    return window


def _exit_when_ready(app) -> None:
    """For start-up timing and bundle smoke tests (`LEA_DESKTOP_EXIT_WHEN_READY=1`): once the
    window is shown and the event loop is running, print one line and quit normally."""
    from PySide6.QtCore import QTimer

    def ready() -> None:
        print("lea-desktop: ready", flush=True)
        app.quit()

    QTimer.singleShot(0, ready)


def run(kiosk: bool = False) -> int:
    app = create_application()
    from lea_desktop import logs
    from lea_desktop.storage import StorageError, Store

    try:
        store = Store.open_default()
    except StorageError as exc:
        show_fatal("LEA Desktop cannot open its database", str(exc))
        return 1
    except OSError as exc:
        show_fatal(
            "LEA Desktop cannot open its database", f"{exc.strerror or exc}: {exc.filename or ''}"
        )
        return 1
    with contextlib.suppress(OSError):  # no log file is no reason to refuse to work
        logs.setup(store.home)
    window_ref: list = []
    sys.excepthook = _excepthook(window_ref)
    from lea_desktop.ui.housekeeping import start_retention_purge

    if kiosk:
        # Kiosk first: the main window (and its follower list) is built only once staff have
        # left the kiosk with the PIN.
        from lea_desktop.ui.context import AppContext
        from lea_desktop.ui.kiosk import open_kiosk

        def staff_back() -> None:
            window = build_window(store)
            window_ref.append(window)
            window.show()

        kiosk_context = AppContext(store, kiosk=True)
        open_kiosk(kiosk_context, on_left=staff_back)
        start_retention_purge(kiosk_context)
    else:
        window = build_window(store, kiosk=kiosk)
        window_ref.append(window)
        window.show()
        start_retention_purge(window.context)
    log.info("GUI started (kiosk=%s)", kiosk)
    if os.environ.get("LEA_DESKTOP_EXIT_WHEN_READY") == "1":
        _exit_when_ready(app)
    try:
        return int(app.exec())
    finally:
        try:
            store.close(backup=True)
        except Exception as exc:
            log.warning("closing backup failed: %s", type(exc).__name__)
