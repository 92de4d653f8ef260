"""The transactional outbox: what is waiting to reach the databank.

`enqueue` is always called inside the caller's `db.atomic()` block, next to the change itself, so
a record and its outbox row are committed together or not at all. The sync engine drains it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lea_desktop.domain import clock

if TYPE_CHECKING:
    import sqlite_utils

ENTITIES = ("registration", "event", "tombstone")


def enqueue(
    db: sqlite_utils.Database, entity: str, entity_id: str, revision: int, at: str | None = None
) -> None:
    """Queue (or re-queue at a newer revision) one entity; must run inside a transaction.
    `at`: when (default now; the change's own timestamp when the caller has one)."""
    if entity not in ENTITIES:
        raise ValueError(f"no outbox entity {entity!r}; one of {', '.join(ENTITIES)}")
    if not db.conn.in_transaction:
        raise RuntimeError("outbox.enqueue must share the caller's transaction")
    db.execute(
        """INSERT INTO outbox(entity, entity_id, revision, enqueued_at, status)
           VALUES (?, ?, ?, ?, 'pending')
           ON CONFLICT(entity, entity_id) DO UPDATE SET
             revision = excluded.revision, status = 'pending', reason = '',
             enqueued_at = excluded.enqueued_at""",
        [entity, entity_id, revision, at or clock.now_iso()],
    )


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    """{"pending": N, "rejected": M}.

    A row is pending or rejected. No index on status (every save would write a page of it):
    the table's size (counted from its smallest index) less the rejected rows, which the
    partial index `outbox_rejected` alone holds; one statement, so one consistent view."""
    total, rejected = db.execute(
        "SELECT (SELECT count(*) FROM outbox), "
        "(SELECT count(*) FROM outbox WHERE status = 'rejected')"
    ).fetchone()
    return {"pending": int(total) - int(rejected), "rejected": int(rejected)}


def pending_by_entity(db: sqlite_utils.Database) -> dict[str, int]:
    """Pending rows per kind, {"registration": N, "event": M, "tombstone": K}: what "to sync"
    means in words (`domain.wording.queue_counts`). Their sum is `counts(db)["pending"]`.

    Counted from the (entity, entity_id) key index, less the few rejected rows (partial index)."""
    found = dict.fromkeys(ENTITIES, 0)
    for entity, n in db.execute("SELECT entity, count(*) FROM outbox GROUP BY entity"):
        found[entity] = found.get(entity, 0) + int(n)
    for entity, n in db.execute(
        "SELECT entity, count(*) FROM outbox WHERE status = 'rejected' GROUP BY entity"
    ):
        found[entity] -= int(n)
    return found


def queued_times(db: sqlite_utils.Database, entity: str, entity_id: str) -> int:
    """How many outbox rows wait for this one entity (0 or 1: the key is unique)."""
    return int(
        db.execute(
            "SELECT count(*) FROM outbox WHERE entity = ? AND entity_id = ?", [entity, entity_id]
        ).fetchone()[0]
    )
