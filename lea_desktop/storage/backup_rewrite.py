"""Rewriting one rolling backup file for the erasure log and the retention purge (SQL for
`usecases.backup_scrub`): without the erased records, with purged answers stripped."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from lea_desktop.domain import clock
from lea_desktop.paths import atomic_path
from lea_desktop.storage import search_index

# (form id, answers) → (answers without personal fields, their search text); raises KeyError
# for a form this version does not know.
Strip = Callable[[str, dict[str, Any]], tuple[dict[str, Any], str]]


def _with_ids(conn: sqlite3.Connection, name: str, ids: Iterable[str]) -> None:
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name}(id TEXT PRIMARY KEY)")
    conn.execute(f"DELETE FROM {name}")
    conn.executemany(f"INSERT OR IGNORE INTO {name}(id) VALUES (?)", [(i,) for i in ids])


def needs_scrub(path: Path, gone: list[str], purged: set[str]) -> bool:
    """True when the backup holds an erased record or personal answers purged in the live
    database."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        _with_ids(conn, "gone", gone)
        _with_ids(conn, "purged", purged)
        hit = conn.execute(
            "SELECT 1 FROM registrations WHERE id IN (SELECT id FROM temp.gone) "
            "OR (purged_at IS NULL AND id IN (SELECT id FROM temp.purged)) LIMIT 1"
        ).fetchone()
        return hit is not None
    finally:
        conn.close()


def rewrite(path: Path, gone: list[str], purged: set[str], strip: Strip) -> None:
    """Rewrite one backup without the erased records and with purged answers stripped.

    The work happens on an in-memory copy; the result is written with `VACUUM INTO` to a new
    file (so no rollback journal ever holds the old pages) that atomically replaces the backup.
    """
    src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    mem = sqlite3.connect(":memory:", isolation_level=None)
    try:
        src.backup(mem)
        src.close()
        mem.execute("BEGIN")
        _with_ids(mem, "gone", gone)
        mem.execute("DELETE FROM registrations WHERE id IN (SELECT id FROM temp.gone)")
        mem.execute(
            "DELETE FROM outbox WHERE entity = 'registration' AND entity_id IN "
            "(SELECT id FROM temp.gone)"
        )
        for table in ("record_conflicts", "pulled_records"):  # a pulled record's copies
            if mem.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
            ).fetchone():
                mem.execute(f"DELETE FROM {table} WHERE id IN (SELECT id FROM temp.gone)")
        has_log = mem.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'erasures'"
        ).fetchone()
        if has_log:  # a restored backup then knows what must not come back
            stamp = clock.now_iso()
            mem.executemany(
                "INSERT OR IGNORE INTO erasures(id, erased_at, origin) VALUES (?, ?, 'local')",
                [(i, stamp) for i in gone],
            )
        _with_ids(mem, "purged", purged)
        rows = mem.execute(
            "SELECT id, form_id, answers FROM registrations "
            "WHERE purged_at IS NULL AND id IN (SELECT id FROM temp.purged)"
        ).fetchall()
        stamp = clock.now_iso()
        # The index is rebuilt below anyway: lift the per-row index trigger while updating (in
        # this throwaway copy only) and put it back as it was, so the backup keeps it.
        triggers = mem.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = "
            "'registrations' AND sql LIKE '%UPDATE OF search_text%'"
        ).fetchall()
        if rows:
            for name, _sql in triggers:
                mem.execute(f'DROP TRIGGER "{name}"')
        for rid, form_id, answers in rows:
            kept, text = strip(form_id, json.loads(answers))
            mem.execute(
                "UPDATE registrations SET answers = ?, search_text = ?, email_key = '', "
                "purged_at = ? WHERE id = ?",
                [json.dumps(kept, ensure_ascii=False), text, stamp, rid],
            )
        if rows:
            for _name, sql in triggers:
                mem.execute(sql)
        # Each search index the copy has (a backup may predate the word index) is rebuilt from
        # the rows that remain, which empties its search backlog too.
        search_index.rebuild(mem)
        mem.execute("COMMIT")
        # VACUUM INTO accepts the empty 0600 file atomic_path makes: no byte is ever
        # world-readable, and the backup is replaced only by a whole new file.
        with atomic_path(path) as tmp:
            mem.execute("VACUUM INTO ?", [str(tmp)])
    finally:
        mem.close()
