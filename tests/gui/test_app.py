"""Starting and closing the app: a clear message (the one modal) for a database that cannot be
opened, a rolling backup on close, and no modal question at start."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from lea_desktop.ui import app as app_module
from lea_desktop.ui.main_window import MainWindow


def test_a_damaged_database_gets_a_clear_message_not_a_traceback(
    data_home, styled_app, monkeypatch
):
    """A file that is not a database: one message window explaining it, exit status 1."""
    data_home.mkdir(parents=True, exist_ok=True)
    (data_home / "lea.sqlite").write_bytes(b"this is not a database " * 200)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(app_module, "show_fatal", lambda title, text: shown.append((title, text)))
    assert app_module.run() == 1
    [(title, text)] = shown
    assert "cannot open" in title.lower()
    assert "damaged" in text or "not a database" in text


def test_the_fatal_message_is_a_real_message_box(qtbot, styled_app, monkeypatch):
    """show_fatal builds a critical message box with the problem and where backups are."""
    from PySide6.QtWidgets import QMessageBox

    seen = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append(box) or 0)
    app_module.show_fatal("LEA Desktop cannot open its database", "The database file is damaged.")
    [box] = seen
    assert box.icon() == QMessageBox.Icon.Critical
    assert box.text() == "The database file is damaged."
    assert "backups" in box.informativeText()


def test_the_kiosk_refuses_to_start_without_a_staff_pin(data_home, styled_app, monkeypatch, capsys):
    """`lea-desktop --kiosk` with no PIN set: a clear message, exit status 2, no window."""
    from lea_desktop import cli

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    assert cli.main(["--kiosk"]) == 2
    err = capsys.readouterr().err
    assert "needs a staff PIN" in err and "lea-desktop kiosk-pin" in err
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def test_run_opens_without_a_modal_and_closing_writes_a_backup(data_home, styled_app, monkeypatch):
    """The real start: the window comes up with no dialog in front; closing it writes a rolling
    backup into the data home."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    seen: dict = {}

    def close_when_ready():
        windows = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        if not windows:
            QTimer.singleShot(20, close_when_ready)
            return
        seen["modal"] = QApplication.activeModalWidget()
        seen["page"] = windows[0].current_page().objectName()
        windows[0].close()

    QTimer.singleShot(0, close_when_ready)
    assert app_module.run() == 0
    assert seen == {"modal": None, "page": "signupPage"}
    backups = list((data_home / "backups").glob("lea-*.sqlite"))
    assert len(backups) == 1
    assert (backups[0].stat().st_mode & 0o077) == 0  # personal data: readable by the user only
    # The log file opens after the window is up; closed before that, the lines held until
    # then (opening the database, the start) are still written, once.
    log_text = (data_home / "logs" / "lea-desktop.log").read_text("utf-8")
    assert log_text.count("GUI started (kiosk=False)") == 1


def test_the_form_shows_before_the_database_opens_and_keeps_what_is_typed(
    qtbot, store, styled_app, type_into
):
    """Start-up order: the sign-up form is usable at once; pages and the header wait for the
    database, and what was typed meanwhile is still there once it is attached."""
    from lea_desktop.ui.app import attach_store, build_window

    win = build_window()
    qtbot.addWidget(win)
    win.show()
    page = win.current_page()
    assert page.objectName() == "signupPage"
    assert not win.nav.isEnabled()
    assert not page.no_event_banner.isVisible()  # no false alarm while the database opens
    organisation = page.form_widget.input_widget("organisation")
    type_into(organisation, "Koulu")
    attach_store(win, store)
    assert win.nav.isEnabled()
    assert organisation.text() == "Koulu"
    assert win.active_event_label.text() == "No event chosen"
    assert page.no_event_banner.isVisible()
    win.open_page("eventsPage")  # other pages can be built now
    win.close()


def test_a_failed_background_integrity_check_stops_with_a_message_and_no_backup(
    qtbot, store, make_window, monkeypatch
):
    """The integrity check runs on a worker; if it fails, the one message window explains it,
    the app is asked to exit with status 1 and the damaged file is not backed up on close."""
    from lea_desktop.storage import StorageError, database

    def damaged(db):
        raise StorageError("The database failed its integrity check: page 7 is never used.")

    monkeypatch.setattr(database, "check_integrity", damaged)
    shown, exits = [], []
    monkeypatch.setattr(app_module, "show_fatal", lambda title, text: shown.append(text))
    win = make_window(store)
    state = {"store": store, "healthy": True, "exit": exits.append}
    task = app_module.check_in_background(win, state)
    qtbot.waitUntil(lambda: task.is_finished, timeout=5000)
    assert shown == ["The database failed its integrity check: page 7 is never used."]
    assert exits == [1]
    assert state["healthy"] is False
    assert not win.isVisible()


def test_a_healthy_database_passes_the_background_check(qtbot, store, make_window, monkeypatch):
    """No message and no exit when the check passes; the retention purge starts after it."""
    shown, exits, purges = [], [], []
    monkeypatch.setattr(app_module, "show_fatal", lambda title, text: shown.append(text))
    import lea_desktop.ui.housekeeping as housekeeping

    monkeypatch.setattr(
        housekeeping, "start_retention_purge", lambda context: purges.append(context)
    )
    win = make_window(store)
    state = {"store": store, "healthy": True, "exit": exits.append}
    task = app_module.check_in_background(win, state)
    qtbot.waitUntil(lambda: task.is_finished, timeout=5000)
    assert (shown, exits, state["healthy"]) == ([], [], True)
    assert purges == [win.context]


def test_closing_before_the_delayed_check_runs_it_at_exit_and_backs_up_no_damaged_file(
    data_home, styled_app, monkeypatch
):
    """The integrity check starts a second after the database opens (off the start-up path); an
    app closed sooner (here: as soon as the database is attached) runs the check on the way out,
    and a database that fails it gets no closing backup, so a good older backup stays."""
    from lea_desktop.storage import StorageError, database

    checked = []

    def damaged(db):
        checked.append(db)
        raise StorageError("The database failed its integrity check: page 7 is never used.")

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    monkeypatch.setattr(database, "check_integrity", damaged)

    def close_once_attached():
        windows = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        if not windows or not windows[0].context.has_store:
            QTimer.singleShot(5, close_once_attached)
            return
        windows[0].close()

    QTimer.singleShot(0, close_once_attached)
    assert app_module.run() == 0
    assert len(checked) == 1
    assert not list((data_home / "backups").glob("lea-*.sqlite"))


def test_unexpected_errors_are_logged_without_their_message(caplog, styled_app):
    """An exception escaping a slot is logged with where it happened, never with its text
    (which could quote what a visitor typed), and the user sees a calm status message."""
    import logging

    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    hook = app_module._excepthook([window])
    typed = "".join(["aino", ".virtanen", "@example.fi"])  # data, not code: not in the source
    try:
        raise ValueError(f"{typed} is not allowed")
    except ValueError as exc:
        with caplog.at_level(logging.ERROR, logger="lea_desktop.ui"):
            hook(type(exc), exc, exc.__traceback__)
    assert "ValueError" in caplog.text
    assert "test_app.py" in caplog.text
    assert "aino.virtanen" not in caplog.text
    assert "Something went wrong (ValueError)" in window.statusBar().currentMessage()
    window.deleteLater()
