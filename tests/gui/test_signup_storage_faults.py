"""A full disk or a database locked by another program: the sign-up form says so and keeps
every answer; once the problem is gone, the same Ctrl+Return saves."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from lea_desktop.storage import registrations


@pytest.fixture
def page(qtbot, window, event):
    window.context.reload_active_event()
    page = window.open_page("signupPage")
    qtbot.waitUntil(lambda: page.isVisible())
    return page


def _save(qtbot, page) -> None:
    qtbot.keyClick(
        QApplication.focusWidget() or page, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )


def test_a_full_disk_keeps_the_form_and_says_so(qtbot, page, store, good_answers, fill_form):
    """SQLite's "database or disk is full" (made real by capping the file's page count) shows
    the disk-full advice, keeps every answer, and nothing half-saved remains."""
    # A long staff note needs new pages, which the capped file cannot have.
    fill_form(page.form_widget, {**good_answers, "notes": "Met at the stand. " * 200})
    before = page.form_widget.answers()
    pages_now = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages_now}")
    _save(qtbot, page)
    banner = page.findChild(QLabel, "formBanner")
    assert banner.isVisibleTo(page)
    assert "disk is full" in banner.text()
    assert page.form_widget.answers() == before
    assert registrations.count(store.db) == 0
    assert (
        store.db.execute("SELECT count(*) FROM outbox WHERE entity = 'registration'").fetchone()[0]
        == 0
    )
    store.db.execute("PRAGMA max_page_count = 1073741823")
    _save(qtbot, page)
    assert registrations.count(store.db) == 1


def test_a_database_locked_by_another_program_keeps_the_form(
    qtbot, page, store, good_answers, fill_form
):
    """Another process holding the write lock: the save waits its busy timeout, then the form
    explains that the database is locked and keeps the answers; after the lock goes, it saves."""
    store.db.execute("PRAGMA busy_timeout = 200")  # the app waits 5 s; keep the test short
    fill_form(page.form_widget, good_answers)
    before = page.form_widget.answers()
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        _save(qtbot, page)
        banner = page.findChild(QLabel, "formBanner")
        assert banner.isVisibleTo(page)
        assert "locked" in banner.text()
        assert page.form_widget.answers() == before
    finally:
        other.execute("ROLLBACK")
        other.close()
    _save(qtbot, page)
    assert registrations.count(store.db) == 1
