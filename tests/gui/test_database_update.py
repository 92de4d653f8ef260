"""The first start after an update of the app, with a migration to run: the migration runs on a
worker, never on the GUI thread (0010 takes seconds at 100,000 followers); the window says
"Updating the database…", the form takes typing meanwhile, and nothing typed is lost."""

from __future__ import annotations

import sqlite3
import sys
import threading

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from lea_desktop.storage import Store
from lea_desktop.storage.migrations import migrations
from lea_desktop.storage.schema import Migration
from lea_desktop.ui import app as app_module
from lea_desktop.ui.main_window import MainWindow

FOLDING = "0010_fold_search_text"


def _older_database(data_home) -> None:
    """A database as the version before folding left it (0010 not applied), with an event."""
    from sqlite_utils.migrations import Migrations

    from lea_desktop.storage import events

    store = Store.open_default()
    events.create(
        store.db,
        {"name": "BETT 2027", "country": "GB", "starts": "2027-01-22", "ends": "2027-01-24"},
    )
    store.close()
    conn = sqlite3.connect(data_home / "lea.sqlite", isolation_level=None)
    conn.execute(f"DELETE FROM {Migrations.migrations_table} WHERE name = ?", [FOLDING])
    conn.execute("PRAGMA user_version = 0")
    conn.close()


def _hold_migration(monkeypatch) -> tuple[threading.Event, list[threading.Thread]]:
    """The folding migration waits, on whatever thread runs it, until `release` is set; then it
    runs for real. `ran_on` gets the thread it ran on. The list of migrations is put back after
    the test."""
    release = threading.Event()
    ran_on: list[threading.Thread] = []
    index = next(i for i, m in enumerate(migrations.items) if m.name == FOLDING)
    real = migrations.items[index]

    def waiting(db) -> None:
        ran_on.append(threading.current_thread())
        release.wait(120)
        real.fn(db)

    monkeypatch.setattr(migrations, "items", list(migrations.items))
    migrations.items[index] = Migration(real.name, waiting, real.transactional)
    return release, ran_on


def test_a_pending_migration_runs_on_a_worker_while_the_window_stays_usable(
    data_home, styled_app, monkeypatch, type_into
):
    _older_database(data_home)
    # The folding migration waits until the test has used the window during the update.
    release, ran_on = _hold_migration(monkeypatch)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    seen: dict = {}

    def window() -> MainWindow | None:
        """This run's window (earlier tests' windows may still exist, hidden)."""
        shown = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        return shown[0] if shown else None

    def during_update() -> None:
        win = window()
        if win is None or not ran_on:
            QTimer.singleShot(10, during_update)
            return
        # The GUI thread is free while the migration waits on its worker.
        page = win.current_page()
        seen["header"] = win.active_event_label.text()
        seen["status"] = win.statusBar().currentMessage()
        seen["nav"] = win.nav.isEnabled()
        organisation = page.form_widget.input_widget("organisation")
        type_into(organisation, "Koulu")
        seen["saved"] = page.save()
        seen["after save"] = win.statusBar().currentMessage()
        release.set()
        after_update()

    def after_update() -> None:
        win = window()
        if win is None or not win.context.has_store:
            QTimer.singleShot(10, after_update)
            return
        organisation = win.current_page().form_widget.input_widget("organisation")
        seen["kept"] = organisation.text()
        seen["header after"] = win.active_event_label.text()
        seen["nav after"] = win.nav.isEnabled()
        organisation.clear()  # else closing asks first whether to drop what was typed
        win.close()

    QTimer.singleShot(0, during_update)
    try:
        assert app_module.run() == 0
    finally:
        release.set()
    assert ran_on and ran_on[0] is not threading.main_thread()
    assert seen["header"] == "Updating the database…"
    assert "Updating the database" in seen["status"] and "What you type is kept" in seen["status"]
    assert seen["nav"] is False
    assert seen["saved"] is False
    assert "the database is still opening" in seen["after save"]
    assert seen["kept"] == "Koulu"
    assert seen["header after"] != "Updating the database…" and seen["nav after"] is True
    with Store.open_default() as store:
        assert migrations.is_current(store.conn)
        [(applied,)] = store.conn.execute(
            "SELECT count(*) FROM _sqlite_migrations WHERE name = ?", [FOLDING]
        ).fetchall()
        assert applied == 1


def test_an_up_to_date_database_opens_without_a_worker(data_home, styled_app):
    """No migration pending: nothing to update, the store opens as before (and a file that is
    not made yet, or not a database, is left to the usual opening and its message)."""
    from lea_desktop.storage import store as store_module

    path = data_home / "lea.sqlite"
    assert store_module.needs_update(path) is False  # not made yet
    Store.open_default().close()
    assert store_module.needs_update(path) is False
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA user_version = {len(migrations.items) - 1}")
    conn.close()
    assert store_module.needs_update(path) is True
    store_module.update(path)
    assert store_module.needs_update(path) is False
    path.write_bytes(b"not a database " * 100)
    assert store_module.needs_update(path) is False


def test_the_kiosk_gets_ready_on_screen_while_the_database_updates(
    data_home, styled_app, monkeypatch, qtbot
):
    """Kiosk mode after an update of the app (`app._start_kiosk`, what `run(kiosk=True)`
    does): "Getting ready…" is on screen at once, full screen, while the migration runs on a
    worker; then the kiosk opens over the updated database, and its integrity check runs later,
    on a worker."""
    from lea_desktop.ui import kiosk as kiosk_module
    from lea_desktop.ui import workers
    from lea_desktop.usecases import kiosk_pin

    with Store.open_default() as store:
        kiosk_pin.set_pin(store.db, "2468")
    _older_database(data_home)
    release, ran_on = _hold_migration(monkeypatch)
    checked: list[bool] = []
    real_check = app_module.check_in_background

    def check(window, state):  # type: ignore[no-untyped-def]
        checked.append(True)
        return real_check(window, state)

    monkeypatch.setattr(app_module, "check_in_background", check)

    def shown(kind: type) -> list:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]

    state: dict = {"store": None, "healthy": True, "exit": lambda code: None, "running": True}
    try:
        assert app_module._start_kiosk(state, []) is None  # starting, nothing refused
        qtbot.waitUntil(lambda: bool(shown(kiosk_module.KioskStarting)) and bool(ran_on))
        starting = shown(kiosk_module.KioskStarting)[0]
        texts = [label.text() for label in starting.findChildren(kiosk_module.QLabel)]
        assert "Getting ready… one moment, please." in texts
        assert starting.isFullScreen() and not shown(kiosk_module.KioskWindow)
        assert ran_on[0] is not threading.main_thread()
        release.set()
        qtbot.waitUntil(lambda: bool(shown(kiosk_module.KioskWindow)), timeout=20000)
        assert not shown(kiosk_module.KioskStarting)
        # Checked and purged on workers once the kiosk has painted.
        qtbot.waitUntil(lambda: bool(checked) and not workers.active_tasks(), timeout=20000)
        assert state["checked"] and state["healthy"]
    finally:
        release.set()
        for kiosk in shown(kiosk_module.KioskWindow):  # staff leave (as test_kiosk.py does)
            kiosk._unlocked = True
            kiosk.close()
        if state["store"] is not None:
            state["store"].close()
    with Store.open_default() as store:
        assert migrations.is_current(store.conn)
