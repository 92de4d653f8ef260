"""In the GUI, a sign-up leaves its full-text indexing for later (storage/search_index.py): the
followers filter finds it at once anyway, a worker indexes the backlog once saving pauses, and
quitting indexes what still waits."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from PySide6.QtCore import Qt

from lea_desktop.storage import search_index
from lea_desktop.ui import context as context_module
from lea_desktop.usecases import followers


def _org_column(page) -> list[str]:
    return [page.model.index(r, 0).data() for r in range(page.model.rowCount())]


@pytest.fixture
def no_idle_indexing(monkeypatch):
    """The idle flush far in the future, so a test sees the backlog as the save left it."""
    monkeypatch.setattr(context_module, "INDEX_IDLE_MS", 600_000)


def test_a_sign_up_not_yet_indexed_is_found_by_the_followers_filter(
    qtbot, window, store, event, good_answers, fill_form, type_into, no_idle_indexing
):
    """Saved on the sign-up page and still waiting in the backlog: typed into the followers
    filter while another connection is writing (nothing can be indexed), it is found through
    the waiting rows; once the database is free, the next keystroke indexes it for good."""
    window.context.set_active_event(event)
    signup = window.open_page("signupPage")
    fill_form(
        signup.form_widget,
        {**good_answers, "organisation": "Escola Quasímodo", "email": "q@example.pt"},
    )
    qtbot.mouseClick(signup.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: signup.form_widget.answers()["organisation"] in ("", None))
    assert search_index.backlog_size(store.db) == 1
    page = window.open_page("followersPage")
    qtbot.waitUntil(page.isVisible)

    writer = sqlite3.connect(store.path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # an import on a worker, say
        type_into(page.filter_edit, "Quasím")
        assert _org_column(page) == ["Escola Quasímodo"]
        page.filter_edit.clear()
        type_into(page.filter_edit, "qu")  # a word's start, through the word index
        qtbot.waitUntil(lambda: _org_column(page) == ["Escola Quasímodo"], timeout=2000)
        assert search_index.backlog_size(store.db) == 1  # read, not indexed, not waited for
        writer.execute("ROLLBACK")
    finally:
        writer.close()

    page.filter_edit.clear()
    type_into(page.filter_edit, "modo")
    assert _org_column(page) == ["Escola Quasímodo"]
    assert search_index.backlog_size(store.db) == 0


def test_a_worker_indexes_the_backlog_once_saving_pauses(
    qtbot, context, store, event, good_answers, monkeypatch
):
    """Each change restarts the idle wait; after it a worker thread (not the GUI thread)
    indexes every waiting record and the backlog empties."""
    monkeypatch.setattr(context_module, "INDEX_IDLE_MS", 50)
    threads: list[str] = []
    real_flush = search_index.flush

    def spy(db, **kwargs):
        threads.append(threading.current_thread().name)
        return real_flush(db, **kwargs)

    monkeypatch.setattr(search_index, "flush", spy)
    for i in range(3):
        answers = {**good_answers, "email": f"idle{i}@example.fi"}
        assert followers.save_new(store, answers, event_id=event.id).ok
        context.notify_registrations_changed()
    assert search_index.backlog_size(store.db) == 3
    qtbot.waitUntil(lambda: search_index.backlog_size(store.db) == 0, timeout=5000)
    assert threads and threading.main_thread().name not in threads


def test_quitting_indexes_what_still_waits(context, store, event, good_answers, no_idle_indexing):
    """The app quitting (QCoreApplication.aboutToQuit) flushes the backlog before the store
    closes, so the next start begins with every record indexed."""
    assert followers.save_new(store, good_answers, event_id=event.id).ok
    context.notify_registrations_changed()
    assert search_index.backlog_size(store.db) == 1
    context._index_before_quitting()
    assert search_index.backlog_size(store.db) == 0
