"""Opening the SQLite database: durable pragmas read back and checked, integrity checked.

The connection runs with `isolation_level=None`, so Python's sqlite3 never opens a transaction
on its own: every write that must be atomic goes through `db.atomic()` (sqlite-utils ≥ 4).
The plain connection is opened first; the sqlite-utils `Database` around it (`wrap`) is made
when something first needs it, so a start of the app does not wait for importing sqlite-utils.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lea_desktop.paths import make_private_file

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger("lea_desktop.storage")

BUSY_TIMEOUT_MS = 5000


class StorageError(RuntimeError):
    """A problem with the database that the user must be told about in plain words."""


def explain(exc: BaseException) -> str:
    """A sentence for the user about a sqlite3/OS error during a write."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "The database is busy or locked by another program. Nothing was lost; try again."
    if "readonly" in text or "read-only" in text or "permission" in text:
        return "The database cannot be written (read-only file or folder). Nothing was saved."
    if "full" in text or "no space" in text:
        return "The disk is full. Free some space, then save again; nothing typed was lost."
    if "malformed" in text or "not a database" in text:
        return "The database file is damaged. Restore a backup (see the README)."
    return f"The database reported an error: {exc or type(exc).__name__}"


def connect(path: Path | str) -> sqlite3.Connection:
    """Open (creating if needed) the database at `path` with WAL and synchronous=FULL, checked."""
    path = Path(path)
    try:
        conn = sqlite3.connect(
            str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA secure_delete=ON")
        # What sqlite-utils' `Database` sets on a connection it wraps; set here so the triggers
        # behave the same before and after the wrapper exists.
        conn.execute("PRAGMA recursive_triggers=ON")
        sync = conn.execute("PRAGMA synchronous").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"Cannot open the database {path}: {explain(exc)}") from exc
    if str(mode).lower() != "wal" or int(sync) != 2:
        conn.close()
        raise StorageError(
            f"The database {path} refused durable settings (journal_mode={mode}, synchronous={sync})."
        )
    for suffix in ("", "-wal", "-shm"):
        make_private_file(Path(str(path) + suffix))
    return conn


def wrap(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """The sqlite-utils `Database` over an open connection (imports sqlite-utils)."""
    import sqlite_utils

    # No plugin hooks: the app uses no sqlite-utils plugins, and looking for them scans every
    # installed distribution's entry points (importlib.metadata), ~20 ms of every start.
    return sqlite_utils.Database(conn, execute_plugins=False)


def journal_mode(db: sqlite_utils.Database | sqlite3.Connection) -> str:
    """The database's journal mode as SQLite reports it (`wal` for the app's databases)."""
    return str(db.execute("PRAGMA journal_mode").fetchone()[0])


def check_integrity(db: sqlite_utils.Database | sqlite3.Connection) -> None:
    """Run `PRAGMA integrity_check`; raise StorageError with its findings when it is not ok."""
    try:
        rows = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"The database file is damaged: {exc}. Restore a backup.") from exc
    if rows != ["ok"]:
        raise StorageError(
            "The database failed its integrity check: "
            + "; ".join(rows[:5])
            + ". Restore the newest backup (lea-desktop backup restore) before going on."
        )


def checkpoint_truncate(db: Any, *, attempts: int = 20) -> bool:
    """Copy the WAL into the database and truncate it to zero bytes.

    Another connection in the middle of a read keeps the checkpoint from finishing; retry for a
    moment, then report False (the next start, purge or erasure finishes it).
    """
    for attempt in range(attempts):
        busy, _log_frames, _done = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if not busy:
            return True
        time.sleep(0.05 * (attempt + 1))
    log.warning("WAL checkpoint still blocked by another connection")
    return False
