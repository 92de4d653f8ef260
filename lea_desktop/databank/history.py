"""Each follower's history: who changed what, when. A row names the fields that changed, never
their values (the values are the record's, and go with it when it is erased): `updated` (a
laptop's push of a new revision), `web sign-up` (confirmed), `edited` (the console), `erased`.

A record a laptop pushes for the first time keeps its `created` entry implicit: everything it
would hold (when, which laptop, who collected it, the revision, the answers given) is on the
record's own row until something changes it. Writing it with every push cost a row and a
random-key index entry per record inside the batch's transaction (about a quarter of the
store step's CPU). So every writer that changes or erases a record first calls `settle`,
which writes the `created` row of the records that have no history row yet from their rows
as they still are; `of_record` reads the implicit entry of a record nothing has changed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.engine import Row

from lea_desktop.databank import db
from lea_desktop.domain import clock

CREATED, UPDATED, WEB, EDITED, ERASED = "created", "updated", "web sign-up", "edited", "erased"


@dataclass(frozen=True)
class Change:
    at: str
    actor: str
    action: str
    revision: int
    fields: tuple[str, ...]


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    """The answers' ids whose value differs (every answer given, for a new record)."""
    if before is None:
        return [k for k, v in after.items() if v not in ("", [], None, False)]
    keys = list(dict.fromkeys([*before, *after]))
    return [k for k in keys if before.get(k) != after.get(k)]


def row(
    record_id: str, actor: str, action: str, revision: int, fields: list[str], at: str | None = None
) -> dict[str, Any]:
    return {
        "record_id": record_id,
        "at": at or clock.now_iso(),
        "actor": actor[:200],
        "action": action,
        "revision": revision,
        "fields": json.dumps(fields),
    }


def laptop_actor(collected_by: str, via: str) -> str:
    """Who wrote a record a laptop pushed: the staff member who collected it, and the laptop
    (its token's name)."""
    actor = f"laptop {via}"
    return f"{collected_by} ({actor})" if collected_by else actor


def _creation(record: Row[Any]) -> dict[str, Any]:
    """The `created` row of a pushed record nothing has changed since (see the module)."""
    given = changed_fields(None, db.json_object(record.answers) or {})
    return row(
        record.id,
        laptop_actor(record.collected_by, record.received_via),
        CREATED,
        int(record.revision),
        given,
        record.received_at,
    )


def _creation_columns() -> tuple[Any, ...]:
    r = db.records
    return (r.c.id, r.c.received_at, r.c.received_via, r.c.collected_by, r.c.revision, r.c.answers)


def settle(conn: Connection, record_ids: list[str]) -> None:
    """Write the implicit `created` row of each of these records that has no history yet, from
    its row as it is now: call it in the transaction that changes or erases them, before."""
    h, r = db.record_history, db.records
    for start in range(0, len(record_ids), 500):
        chunk = record_ids[start : start + 500]
        known = set(
            conn.execute(select(h.c.record_id).where(h.c.record_id.in_(chunk)).distinct()).scalars()
        )
        bare = [i for i in chunk if i not in known]
        if bare:
            found = conn.execute(select(*_creation_columns()).where(r.c.id.in_(bare))).all()
            append(conn, [_creation(rec) for rec in found])


_COLUMNS = ("record_id", "at", "actor", "action", "revision", "fields")
_SQLITE_INSERT = f"INSERT INTO record_history ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)})"


def append(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Keep `rows` (from `row`) in the caller's transaction. On SQLite as one driver-level
    executemany (a laptop's batch adds a row per record: SQLAlchemy's per-row parameters would
    cost about as much as the insert itself, as `db.insert_rows` notes)."""
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(_SQLITE_INSERT, [tuple(r[c] for c in _COLUMNS) for r in rows])
    else:
        conn.execute(db.record_history.insert(), rows)


def of_record(conn: Connection, record_id: str) -> list[Change]:
    """The record's history, newest first (its implicit `created` entry if nothing changed it)."""
    h = db.record_history
    query = select(h.c.at, h.c.actor, h.c.action, h.c.revision, h.c.fields)
    rows = [
        _change(*r)
        for r in conn.execute(query.where(h.c.record_id == record_id).order_by(h.c.id.desc()))
    ]
    if not rows:
        record = conn.execute(
            select(*_creation_columns()).where(db.records.c.id == record_id)
        ).first()
        if record is not None:
            rows = [_change(*(_creation(record)[c] for c in _COLUMNS[1:]))]
    return rows


def _change(at: str, actor: str, action: str, revision: int, fields: str) -> Change:
    return Change(at, actor, action, int(revision), tuple(json.loads(fields)))
