"""Rolling backups with SQLite's online backup API (consistent even while the app writes)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from lea_desktop.paths import atomic_path, make_private_dir

KEEP = 10
EVERY_N_SAVES = 25


def backup_to(conn: sqlite3.Connection, target: Path) -> Path:
    """Copy the live database into `target` (a new file, 0600) through the backup API."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(target) as tmp:
        dest = sqlite3.connect(str(tmp))
        try:
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
    return target


def rolling_backup(conn: sqlite3.Connection, folder: Path) -> Path:
    """Write a timestamped backup into `folder` and keep only the newest KEEP."""
    make_private_dir(folder)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = backup_to(conn, folder / f"lea-{stamp}.sqlite")
    for old in list_backups(folder)[KEEP:]:
        old.unlink(missing_ok=True)
    return path


def list_backups(folder: Path) -> list[Path]:
    """Backups in `folder`, newest first."""
    return sorted(folder.glob("lea-*.sqlite"), reverse=True)
