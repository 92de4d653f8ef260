"""`Store`: the local database of one data home, opened, migrated and checked.

Each thread that touches the database opens its own `Store` (SQLite connections are not shared
across threads here); WAL lets readers and one writer work side by side.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from lea_desktop.domain.records import new_id
from lea_desktop.paths import data_home
from lea_desktop.storage import backups, settings
from lea_desktop.storage.database import StorageError, check_integrity, connect, explain, wrap
from lea_desktop.storage.migrations import migrations

if TYPE_CHECKING:
    import sqlite_utils

DB_NAME = "lea.sqlite"


def needs_update(path: Path | str) -> bool:
    """Whether the database at `path` has migrations pending (the first start after an update of
    the app; one may take seconds at 100,000 followers). Read only, plain sqlite3. A file not
    made yet has nothing slow to run, and one that cannot be read is left to `Store` to explain."""
    path = Path(path)
    if not path.exists():
        return False
    try:
        conn = sqlite3.connect(path)  # only reads (read-only mode would need WAL's -shm file)
        try:
            return not migrations.is_current(conn)
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def update(path: Path | str) -> None:
    """Apply the pending migrations of the database at `path` with a connection of its own (a
    worker's: the GUI opens its `Store` afterwards, with nothing left to run)."""
    Store(path, check=False).close()


class Store:
    def __init__(self, path: Path | str, *, check: bool = True) -> None:
        self.path = Path(path)
        self.home = self.path.parent
        self.conn: sqlite3.Connection = connect(self.path)
        self._db: sqlite_utils.Database | None = None
        self._device_id = ""
        try:
            if check:
                check_integrity(self.conn)
            if not migrations.is_current(self.conn):
                migrations.apply(self.db)
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StorageError(explain(exc)) from exc
        except BaseException:
            self.conn.close()
            raise
        self._saves_since_backup = 0
        # Who writes the rolling backup that falls due after a save: None means right here
        # (CLI, tests); the GUI sets a function that runs `backup()` of a second connection on
        # a worker thread, so a save never waits for a copy of the whole file (1 s at 100k rows).
        self.backup_runner: Callable[[], None] | None = None

    @property
    def db(self) -> sqlite_utils.Database:
        """The sqlite-utils `Database` over this store's connection, made on first use (the
        GUI attaches its store before sqlite-utils is imported; see `database.wrap`)."""
        if self._db is None:
            self._db = wrap(self.conn)
        return self._db

    @classmethod
    def open_default(cls, *, check: bool = True) -> Store:
        """The database in the user's data home (`LEA_DESKTOP_HOME` or the platform folder)."""
        return cls(data_home() / DB_NAME, check=check)

    def reopen(self) -> Store:
        """Another connection to the same file, for a worker thread."""
        return Store(self.path, check=False)

    @property
    def backups_dir(self) -> Path:
        return self.home / "backups"

    @property
    def device_id(self) -> str:
        """This laptop's id, made once and kept in the database (read once per Store: it
        never changes, and every save records it)."""
        if self._device_id:
            return self._device_id
        found = settings.get_internal(self.db, "device_id")
        if found:
            self._device_id = str(found)
            return self._device_id
        made = new_id()
        with self.db.atomic():
            settings.set_internal(self.db, "device_id", made)
        return made  # not kept yet: an enclosing transaction might still roll it back

    def note_save(self) -> Path | None:
        """Count a save; every `EVERY_N_SAVES` saves write a rolling backup. Returns its path
        (None when none was due, or when `backup_runner` took it elsewhere)."""
        self._saves_since_backup += 1
        if self._saves_since_backup >= backups.EVERY_N_SAVES:
            self._saves_since_backup = 0
            if self.backup_runner is not None:
                self.backup_runner()
                return None
            return self.backup()
        return None

    def backup(self) -> Path:
        return backups.rolling_backup(self.conn, self.backups_dir)

    def close(self, *, backup: bool = False) -> None:
        try:
            if backup:
                self.backup()
        finally:
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
