"""The sync engine's side of the local database: reading the outbox in batches, applying the
databank's outcomes, pull cursors and the last sync result.

Rules kept here (and relied on by `lea_desktop/sync/engine.py`):
- an outbox row leaves only through `apply_outcomes`, only for an outcome the databank named as
  accepted, and only if the row still holds the revision that was sent (an edit made while the
  batch was on its way bumped it: the row stays and goes in a later batch);
- a rejected or conflicting row becomes `status = 'rejected'` with the databank's reason and stays
  visible until the record is edited or the user retries it (`requeue_rejected`);
- applying a page of pulled events and moving the cursor past it happen in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lea_desktop.domain import clock
from lea_desktop.domain.records import RECORD_COLUMNS, Event
from lea_desktop.storage import outbox, settings

if TYPE_CHECKING:
    import sqlite_utils

LAST_RESULT_KEY = "sync.last"


@dataclass(frozen=True)
class QueuedRow:
    """One outbox row with the data to send (None when the entity no longer exists locally)."""

    seq: int
    entity: str
    entity_id: str
    revision: int
    data: dict[str, Any] | None
    wire: str | None = None  # the record as wire JSON text (`next_wire_batch`)


_REG_COLUMNS = RECORD_COLUMNS


def _record_data(values: tuple[Any, ...]) -> dict[str, Any]:
    """A registration's `_REG_COLUMNS` values as the dict a batch sends, JSON decoded."""
    data = dict(zip(_REG_COLUMNS, values, strict=True))
    data["answers"] = json.loads(data["answers"])
    data["consent"] = json.loads(data["consent"]) if data["consent"] else None
    return data


def next_batch(
    db: sqlite_utils.Database, entity: str, *, after_seq: int, limit: int
) -> list[QueuedRow]:
    """Pending rows of one entity kind after outbox row `after_seq`, oldest first."""
    if entity == "registration":
        cols = ", ".join(f"r.{c}" for c in _REG_COLUMNS)
        sql = (
            f"SELECT o.seq, o.entity_id, o.revision, r.id IS NOT NULL, {cols} FROM outbox o "
            "LEFT JOIN registrations r ON r.id = o.entity_id "
            "WHERE +o.entity = 'registration' AND o.status = 'pending' AND o.seq > ? "
            "ORDER BY o.seq LIMIT ?"
        )  # "+": walk the outbox by row number from the cursor (see the note at _WIRE_SQL)
        out = []
        for row in db.execute(sql, [after_seq, limit]).fetchall():
            seq, eid, rev, exists = row[:4]
            data = _record_data(row[4:]) if exists else None
            out.append(QueuedRow(seq, "registration", eid, rev, data))
        return out
    if entity == "event":
        cols = ", ".join(f"e.{c}" for c in Event.__dataclass_fields__)
        sql = (
            f"SELECT o.seq, o.entity_id, o.revision, e.id IS NOT NULL, {cols} FROM outbox o "
            "LEFT JOIN events e ON e.id = o.entity_id "
            "WHERE o.entity = 'event' AND o.status = 'pending' AND o.seq > ? ORDER BY o.seq LIMIT ?"
        )
        out = []
        for row in db.execute(sql, [after_seq, limit]).fetchall():
            seq, eid, rev, exists = row[:4]
            data = dict(zip(Event.__dataclass_fields__, row[4:], strict=True)) if exists else None
            if data is not None:
                data["archived"] = bool(data["archived"])
            out.append(QueuedRow(seq, "event", eid, rev, data))
        return out
    if entity == "tombstone":
        rows = db.execute(
            "SELECT seq, entity_id, revision FROM outbox WHERE entity = 'tombstone' "
            "AND status = 'pending' AND seq > ? ORDER BY seq LIMIT ?",
            [after_seq, limit],
        ).fetchall()
        return [QueuedRow(seq, "tombstone", eid, rev, {}) for seq, eid, rev in rows]
    raise ValueError(entity)


def next_wire_batch(
    db: sqlite_utils.Database, *, device_id: str, after_seq: int, limit: int
) -> list[QueuedRow]:
    """`next_batch` for registrations, each record already as its wire JSON text (`wire`, with
    `data` holding only its id and revision), made by SQLite from the stored JSON: the answers
    and consent are never decoded into Python objects only to be encoded again. The text has
    the fields and values `sync.engine` would send (a missing device id is this laptop's).
    A row whose stored JSON SQLite does not accept comes decoded as `next_batch` gives it."""
    rows = db.execute(_WIRE_SQL, [device_id, after_seq, limit]).fetchall()
    out: list[QueuedRow] = []
    for seq, eid, rev, exists, rid, revision, wire in rows:
        if not exists:
            out.append(QueuedRow(seq, "registration", eid, rev, None))
        elif wire is None:  # rare: decoded the slow way (and failing there as it would)
            cols = ", ".join(_REG_COLUMNS)
            found = db.execute(f"SELECT {cols} FROM registrations WHERE id = ?", [rid]).fetchone()
            out.append(QueuedRow(seq, "registration", eid, rev, _record_data(found)))
        else:
            out.append(
                QueuedRow(seq, "registration", eid, rev, {"id": rid, "revision": revision}, wire)
            )
    return out


# "+o.entity": the outbox has no index on status (a save would write one more page for it,
# migration 0008), and registrations are nearly all of its rows. "+" keeps SQLite from taking
# every registration row through the (entity, entity_id) index and sorting them (~3 ms at
# 10,000 pending, growing with the queue); it walks the table by row number from the cursor
# instead and stops after `limit` rows (~40 µs). Events and tombstones are few: their batches
# go through the (entity, entity_id) index.
#
# The JSON text `sync.engine._wire_record(...).to_json()` encodes to. json() passes the stored
# answers and consent through as JSON (not as strings); rows whose JSON SQLite refuses get NULL.
# Columns not sent as stored; the "?" is this laptop's device id (the only parameter in there).
_WIRE_VALUES = {
    "device_id": "COALESCE(NULLIF(r.device_id, ''), ?)",
    "collected_by": "COALESCE(r.collected_by, '')",
    "consent": "json(NULLIF(r.consent, ''))",
    "answers": "json(r.answers)",
    "source": "COALESCE(NULLIF(r.source, ''), 'app')",
    "loi_status": "COALESCE(r.loi_status, '')",
    "loi_date": "COALESCE(r.loi_date, '')",
}
_WIRE_SQL = f"""
SELECT o.seq, o.entity_id, o.revision, r.id IS NOT NULL, r.id, r.revision,
  CASE WHEN json_valid(r.answers) AND (COALESCE(r.consent, '') = '' OR json_valid(r.consent))
  THEN json_object({", ".join(f"'{c}', {_WIRE_VALUES.get(c, 'r.' + c)}" for c in RECORD_COLUMNS)})
  END
FROM outbox o LEFT JOIN registrations r ON r.id = o.entity_id
WHERE +o.entity = 'registration' AND o.status = 'pending' AND o.seq > ?
ORDER BY o.seq LIMIT ?
"""


def drop_orphans(db: sqlite_utils.Database, rows: Iterable[QueuedRow]) -> int:
    """Remove outbox rows whose record or event no longer exists (nothing left to send)."""
    gone = [(r.entity, r.entity_id, r.revision) for r in rows if r.data is None]
    if gone:
        with db.atomic():
            db.conn.executemany(
                "DELETE FROM outbox WHERE entity = ? AND entity_id = ? AND revision <= ?", gone
            )
    return len(gone)


@dataclass(frozen=True)
class Verdict:
    """The databank's outcome for one sent row, as the engine passes it to `apply_outcomes`."""

    entity_id: str
    revision: int
    accepted: bool
    reason: str = ""
    remote_revision: int | None = None


def apply_outcomes(
    db: sqlite_utils.Database, entity: str, sent: list[QueuedRow], verdicts: list[Verdict]
) -> tuple[int, int]:
    """Apply one answered batch in ONE transaction; returns (accepted, rejected) counts.

    Accepted: the outbox row goes if it still holds the sent revision (or an older one), and a
    registration gets `acknowledged_at` if it is still at that revision. Rejected/conflict: the
    row is marked rejected with the reason, again only at the sent revision. Every sent row
    counts one more answered attempt.
    """
    now = clock.now_iso()
    accepted = [(entity, v.entity_id, v.revision) for v in verdicts if v.accepted]
    refused = [
        (
            v.reason or "refused by the databank",
            v.remote_revision,
            now,
            entity,
            v.entity_id,
            v.revision,
        )
        for v in verdicts
        if not v.accepted
    ]
    with db.atomic():
        # Delete first: counting one more attempt on rows about to go was half the writes.
        db.conn.executemany(
            "DELETE FROM outbox WHERE entity = ? AND entity_id = ? AND revision <= ?", accepted
        )
        db.conn.executemany(
            "UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ? "
            "WHERE entity = ? AND entity_id = ?",
            [(now, entity, r.entity_id) for r in sent],
        )
        if entity == "registration" and accepted:
            db.conn.executemany(
                "UPDATE registrations SET acknowledged_at = ? "
                "WHERE id = ? AND revision = ? AND acknowledged_at IS NULL",
                [(now, eid, rev) for _e, eid, rev in accepted],
            )
        db.conn.executemany(
            "UPDATE outbox SET status = 'rejected', reason = ?, remote_revision = ?, "
            "last_attempt_at = ? WHERE entity = ? AND entity_id = ? AND revision = ?",
            refused,
        )
    return len(accepted), len(refused)


def adopt_event(db: sqlite_utils.Database, data: dict[str, Any], sent_revision: int) -> None:
    """Take the databank's copy of an event after a conflict (events: the databank wins)."""
    row = {k: v for k, v in data.items() if k in Event.__dataclass_fields__}
    row["archived"] = int(bool(row.get("archived", False)))
    with db.atomic():
        db["events"].upsert(row, pk="id")
        db.execute(
            "DELETE FROM outbox WHERE entity = 'event' AND entity_id = ? AND revision <= ?",
            [row["id"], sent_revision],
        )


# --------------------------------------------------------------------------- pulls


def cursors(db: sqlite_utils.Database, databank_id: str) -> tuple[int, int]:
    """(events cursor, tombstones cursor) for this databank; (0, 0) the first time."""
    row = db.execute(
        "SELECT events_cursor, tombstones_cursor FROM sync_state WHERE databank_id = ?",
        [databank_id],
    ).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def web_signups_cursor(db: sqlite_utils.Database, databank_id: str) -> int:
    """Where the pull of this databank's web sign-ups stopped; 0 the first time."""
    row = db.execute(
        "SELECT web_signups_cursor FROM sync_state WHERE databank_id = ?", [databank_id]
    ).fetchone()
    return int(row[0]) if row else 0


def set_cursor(db: sqlite_utils.Database, databank_id: str, which: str, value: int) -> None:
    """Move one cursor; call inside the transaction that applied what it covers."""
    if which not in ("events", "tombstones", "web_signups"):
        raise ValueError(f"no {which!r} cursor; 'events', 'tombstones' or 'web_signups'")
    if not db.conn.in_transaction:
        raise RuntimeError("set_cursor must share the transaction of the applied page")
    db.execute(
        f"INSERT INTO sync_state(databank_id, {which}_cursor, updated_at) VALUES (?, ?, ?) "
        f"ON CONFLICT(databank_id) DO UPDATE SET {which}_cursor = excluded.{which}_cursor, "
        "updated_at = excluded.updated_at",
        [databank_id, value, clock.now_iso()],
    )


def apply_event_page(
    db: sqlite_utils.Database, databank_id: str, events: list[dict[str, Any]], cursor: int
) -> int:
    """Store pulled events (a newer revision wins; a local edit waiting to go up is kept, the
    push settles it) and move the events cursor, in one transaction. Returns events changed."""
    changed = 0
    with db.atomic():
        for data in events:
            row = {k: v for k, v in data.items() if k in Event.__dataclass_fields__}
            if "id" not in row:
                continue
            row["archived"] = int(bool(row.get("archived", False)))
            current = db.execute("SELECT revision FROM events WHERE id = ?", [row["id"]]).fetchone()
            if current is not None and int(current[0]) >= int(row.get("revision", 1)):
                continue
            db["events"].upsert(row, pk="id")
            changed += 1
        set_cursor(db, databank_id, "events", cursor)
    return changed


# --------------------------------------------------------------------------- the queue as a user sees it


@dataclass(frozen=True)
class QueueItem:
    entity: str
    entity_id: str
    revision: int
    status: str
    reason: str
    attempts: int
    enqueued_at: str
    event_id: str | None
    created_at: str | None
    summary: str  # what the list shows: the record's searchable answers, or the event's name
    event_name: str


def items(
    db: sqlite_utils.Database,
    *,
    status: str | None = None,
    limit: int = 1000,
    summarise: Callable[[str, dict[str, Any]], str] | None = None,
) -> list[QueueItem]:
    """Outbox rows (rejected first, then oldest first) with what the user needs to recognise
    them: the record's summary (`summarise(form_id, answers)`: its searchable answers, as
    typed; the stored search text is folded for the filter), its event, its time."""
    where = "WHERE o.status = ?" if status else ""
    params: list[Any] = [status] if status else []
    rows = db.execute(
        "SELECT o.entity, o.entity_id, o.revision, o.status, o.reason, o.attempts, o.enqueued_at, "
        "COALESCE(r.event_id, CASE WHEN o.entity = 'event' THEN o.entity_id END), r.created_at, "
        "COALESCE(e2.name, ''), COALESCE(e.name, ''), r.form_id, r.answers "
        "FROM outbox o "
        "LEFT JOIN registrations r ON o.entity = 'registration' AND r.id = o.entity_id "
        "LEFT JOIN events e2 ON o.entity = 'event' AND e2.id = o.entity_id "
        "LEFT JOIN events e ON e.id = COALESCE(r.event_id, e2.id) "
        f"{where} ORDER BY o.status = 'pending', o.seq LIMIT ?",
        [*params, limit],
    ).fetchall()
    found = []
    for *fields, form_id, answers in rows:
        if form_id is not None:  # a record: name it by its answers
            fields[9] = summarise(form_id, json.loads(answers)) if summarise else ""
        found.append(QueueItem(*fields))
    return found


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    """{"pending": N, "rejected": M, "conflicts": K} over every entity kind.

    A conflict (a follower changed here and on another laptop, both copies kept until someone
    chooses on the Sync page) is counted apart: its outbox row waits set aside as rejected, but
    its way out is Resolve…, not a correction, so "rejected" leaves it out."""
    found = outbox.counts(db)
    held, conflicts = db.execute(
        "SELECT (SELECT count(*) FROM outbox o JOIN record_conflicts c ON c.id = o.entity_id "
        "WHERE o.status = 'rejected' AND o.entity = 'registration'), "
        "(SELECT count(*) FROM record_conflicts)"
    ).fetchone()
    return {
        "pending": found["pending"],
        "rejected": found["rejected"] - int(held),
        "conflicts": int(conflicts),
    }


def requeue_rejected(db: sqlite_utils.Database, ids: Iterable[str] | None = None) -> int:
    """Send rejected rows again. A conflict (the databank holds revision R) re-stamps the local
    record at R + 1 first: the laptop that collected a record is its owner, so its copy wins."""
    wanted = None if ids is None else set(ids)
    rows = db.execute(
        "SELECT entity, entity_id, revision, remote_revision FROM outbox WHERE status = 'rejected'"
    ).fetchall()
    count = 0
    with db.atomic():
        for entity, eid, revision, remote in rows:
            if wanted is not None and eid not in wanted:
                continue
            new_revision = revision
            if entity == "registration" and remote is not None and remote >= revision:
                new_revision = int(remote) + 1
                db.execute(
                    "UPDATE registrations SET revision = ?, updated_at = ?, acknowledged_at = NULL "
                    "WHERE id = ?",
                    [new_revision, clock.now_iso(), eid],
                )
            if entity == "registration":  # a conflict kept with the databank's copy: mine wins
                db.execute("DELETE FROM record_conflicts WHERE id = ?", [eid])
            db.execute(
                "UPDATE outbox SET status = 'pending', reason = '', remote_revision = NULL, "
                "revision = ? WHERE entity = ? AND entity_id = ?",
                [new_revision, entity, eid],
            )
            count += 1
    return count


def requeue_records(db: sqlite_utils.Database, ids: Iterable[str]) -> int:
    """Put records back in the outbox at their current revision (after a reconciliation found
    the databank lacking them). Records already waiting are left as they are."""
    count = 0
    with db.atomic():
        for rid in ids:
            row = db.execute("SELECT revision FROM registrations WHERE id = ?", [rid]).fetchone()
            queued = db.execute(
                "SELECT 1 FROM outbox WHERE entity = 'registration' AND entity_id = ?", [rid]
            ).fetchone()
            if row is None or queued is not None:
                continue
            outbox.enqueue(db, "registration", rid, int(row[0]))
            count += 1
    return count


# --------------------------------------------------------------------------- last result


def save_last_result(db: sqlite_utils.Database, result: dict[str, Any]) -> None:
    with db.atomic():
        settings.set_internal(db, LAST_RESULT_KEY, result)


def last_result(db: sqlite_utils.Database) -> dict[str, Any] | None:
    found = settings.get_internal(db, LAST_RESULT_KEY)
    return found if isinstance(found, dict) else None


def registration_states(db: sqlite_utils.Database) -> dict[str, tuple[str, str]]:
    """id → (status, reason) of every record waiting in the outbox."""
    return {
        r[0]: (r[1], r[2])
        for r in db.execute(
            "SELECT entity_id, status, reason FROM outbox WHERE entity = 'registration'"
        )
    }


def queued_tombstones(db: sqlite_utils.Database) -> set[str]:
    """Ids of the erasures waiting to reach the databank."""
    return {r[0] for r in db.execute("SELECT entity_id FROM outbox WHERE entity = 'tombstone'")}
