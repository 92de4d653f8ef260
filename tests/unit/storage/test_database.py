"""Opening the database: durable pragmas, integrity check, private files, migrations."""

from __future__ import annotations

import os
import stat

import pytest

from lea_desktop.storage import StorageError, Store


def test_pragmas_are_durable_on_every_connection(store):
    """WAL and synchronous=FULL are set and read back, also on a second (worker) connection."""
    for s in (store, store.reopen()):
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.db.execute("PRAGMA synchronous").fetchone()[0] == 2
        assert s.db.execute("PRAGMA secure_delete").fetchone()[0] == 1


def test_no_implicit_transactions(store):
    """The connection never opens a transaction by itself: a plain write is committed at once."""
    store.db.execute("INSERT INTO settings(key, value) VALUES ('_probe', '1')")
    assert not store.db.conn.in_transaction


def test_data_home_and_database_are_private(store, data_home):
    """Data home 0700 and database 0600: the file holds personal data."""
    assert stat.S_IMODE(os.stat(data_home).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600


def test_a_damaged_database_is_reported_in_plain_words(tmp_path):
    """A file that is not a database gets a StorageError with advice, not a traceback."""
    bad = tmp_path / "lea.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StorageError) as info:
        Store(bad)
    assert "damaged" in str(info.value) or "not a database" in str(info.value).lower()


def test_corrupted_pages_fail_the_integrity_check(tmp_path):
    """Flipped bytes inside a table page are caught by the start-up integrity check."""
    path = tmp_path / "lea.sqlite"
    s = Store(path)
    with s.db.atomic():
        for i in range(400):
            s.db.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?)", [f"_k{i}", '"' + "v" * 200 + '"']
            )
    s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    s.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 3 + 100, min(len(data), page * 6), 7):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    with pytest.raises(StorageError):
        Store(path)


def test_migrations_apply_once(tmp_path):
    """Reopening applies nothing twice; the migration record is kept."""
    path = tmp_path / "lea.sqlite"
    Store(path).close()
    s = Store(path)
    names = [r[0] for r in s.db.execute("SELECT name FROM _sqlite_migrations").fetchall()]
    assert names[0] == "0001_initial"
    assert len(names) == len(set(names))
    s.close()
