"""Each follower's history: who changed what, when. One row is appended on every write of a
record — a laptop's push (`created`, `updated`), a web sign-up confirmed (`web sign-up`), a
console edit (`edited`) and an erasure (`erased`) — naming the fields that changed, never
their values (the values are the record's, and go with it when it is erased)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

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
    h = db.record_history
    return [
        Change(r.at, r.actor, r.action, int(r.revision), tuple(json.loads(r.fields)))
        for r in conn.execute(select(h).where(h.c.record_id == record_id).order_by(h.c.id.desc()))
    ]
