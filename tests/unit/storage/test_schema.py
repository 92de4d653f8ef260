"""The migration list kept without sqlite-utils: pending names read with plain sqlite3, applied
through sqlite-utils' `Migrations` exactly as before."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils.migrations import Migrations

from lea_desktop.storage import Store
from lea_desktop.storage.migrations import migrations
from lea_desktop.storage.schema import APPLIED_TABLE, MigrationList


def test_the_bookkeeping_table_is_the_one_sqlite_utils_writes():
    """`pending` reads the table sqlite-utils records applied migrations in."""
    assert Migrations.migrations_table == APPLIED_TABLE


def test_a_new_database_has_every_migration_pending_and_none_after_opening(tmp_path):
    """Empty file: all names pending, in order; after `Store` opened it: nothing pending, and
    sqlite-utils agrees."""
    path = tmp_path / "lea.sqlite"
    conn = sqlite3.connect(path)
    assert migrations.pending(conn) == [m.name for m in migrations.items]
    conn.close()
    store = Store(path)
    try:
        assert migrations.pending(store.conn) == []
        assert migrations.as_sqlite_utils().pending(store.db) == []
    finally:
        store.close()


def test_a_database_missing_the_newest_migration_gets_it_at_open(tmp_path):
    """An older database (newest migration not applied) is upgraded when opened."""
    path = tmp_path / "lea.sqlite"
    Store(path).close()
    newest = migrations.items[-1].name
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"DELETE FROM {APPLIED_TABLE} WHERE name = ?", [newest])
    conn.close()
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
    conn = sqlite3.connect(path)
    assert migrations.pending(conn) == []
    conn.close()


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
