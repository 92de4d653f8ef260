"""SQL of the retention purge (`usecases.retention`): which records are acknowledged and
unpurged, stripping their personal answers, and what the laptop holds."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any


def count_unacknowledged(db: Any) -> int:
    """Records the databank has not acknowledged yet."""
    return int(
        db.execute("SELECT count(*) FROM registrations WHERE acknowledged_at IS NULL").fetchone()[0]
    )


def acknowledged_unpurged(db: Any) -> list[tuple[str, str, str, str]]:
    """(id, form_id, answers JSON, acknowledged_at) of every acknowledged record whose personal
    answers are still here and that is not waiting in the outbox."""
    return db.execute(
        """SELECT id, form_id, answers, acknowledged_at FROM registrations r
           WHERE acknowledged_at IS NOT NULL AND purged_at IS NULL
             AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity = 'registration'
                             AND o.entity_id = r.id)"""
    ).fetchall()


def strip_answers(db: Any, rows: Iterable[tuple[str, dict[str, Any], str]], stamp: str) -> None:
    """Replace the answers of each (id, kept answers, search text) and mark it purged at `stamp`.
    Local only: the revision is not bumped. Runs inside the caller's transaction."""
    for rid, kept, text in rows:
        db.execute(
            "UPDATE registrations SET answers = ?, search_text = ?, email_key = '', "
            "purged_at = ? WHERE id = ? AND purged_at IS NULL",
            [json.dumps(kept, ensure_ascii=False), text, stamp, rid],
        )


def purged_ids(db: Any) -> set[str]:
    """Records whose personal answers were purged."""
    return {r[0] for r in db.execute("SELECT id FROM registrations WHERE purged_at IS NOT NULL")}


def holdings_counts(db: Any) -> tuple[int, int, int]:
    """(records, not acknowledged, purged)."""
    total, unsynced, purged = db.execute(
        "SELECT count(*), sum(acknowledged_at IS NULL), sum(purged_at IS NOT NULL) "
        "FROM registrations"
    ).fetchone()
    return int(total), int(unsynced or 0), int(purged or 0)
