"""The migration list kept without sqlite-utils: whether a database is up to date is read with
plain sqlite3 (`PRAGMA user_version`), migrations are applied through sqlite-utils' `Migrations`
exactly as before."""

from __future__ import annotations

import sqlite3

import pytest
import sqlite_utils

from lea_desktop.storage import Store
from lea_desktop.storage.migrations import migrations
from lea_desktop.storage.schema import MigrationList


def test_a_new_database_has_every_migration_pending_and_none_after_opening(tmp_path):
    """Empty file: all names pending, in order; after `Store` opened it: nothing pending, and
    sqlite-utils agrees."""
    path = tmp_path / "lea.sqlite"
    conn = sqlite3.connect(path)
    assert not migrations.is_current(conn)
    conn.close()
    store = Store(path)
    try:
        assert migrations.is_current(store.conn)
        assert migrations.as_sqlite_utils().pending(store.db) == []
    finally:
        store.close()


def test_a_database_missing_the_newest_migration_gets_it_at_open(tmp_path):
    """An older database (newest migration not applied) is upgraded when opened."""
    path = tmp_path / "lea.sqlite"
    newest = migrations.items[-1].name
    old = sqlite_utils.Database(path)
    migrations.as_sqlite_utils().apply(old, stop_before=newest)  # as the previous version left it
    old.conn.execute(f"PRAGMA user_version = {len(migrations.items) - 1}")
    old.close()
    ran: list[str] = []
    real = migrations.items[-1]
    # Record that the newest migration really runs again (its body is not re-applied here,
    # since its schema changes are already in the file).
    migrations.items[-1] = type(real)(real.name, lambda db: ran.append(real.name))
    try:
        store = Store(path)
        store.close()
    finally:
        migrations.items[-1] = real
    assert ran == [newest]
    db = sqlite_utils.Database(path)
    assert migrations.as_sqlite_utils().pending(db) == []
    assert migrations.is_current(db.conn)
    db.close()


def test_a_database_from_before_the_number_was_kept_is_checked_once(tmp_path):
    """user_version 0 but every migration applied (an earlier app version): opening goes
    through sqlite-utils, runs nothing, and writes the number."""
    path = tmp_path / "lea.sqlite"
    Store(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA user_version = 0")
    conn.close()
    store = Store(path)
    try:
        assert migrations.is_current(store.conn)
    finally:
        store.close()


def test_a_name_registered_twice_is_refused():
    """Two migrations with one name would make one of them silently never run."""
    ml = MigrationList("t")
    ml(name="0001")(lambda db: None)
    with pytest.raises(ValueError):
        ml(name="0001")(lambda db: None)


def test_opening_an_up_to_date_database_does_not_need_sqlite_utils(tmp_path):
    """The store's plain connection is enough to open and read; the sqlite-utils wrapper is made
    on first use and wraps that same connection."""
    path = tmp_path / "lea.sqlite"
    Store(path).close()
    store = Store(path)
    try:
        assert store._db is None
        assert store.conn.execute("PRAGMA recursive_triggers").fetchone()[0] == 1
        assert store.db.conn is store.conn
    finally:
        store.close()
