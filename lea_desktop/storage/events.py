"""Events: create, edit, archive, list, and which one is active."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lea_desktop.domain import clock
from lea_desktop.domain.records import Event, new_id
from lea_desktop.storage import outbox, settings

if TYPE_CHECKING:
    import sqlite_utils

EDITABLE = ("name", "city", "country", "starts", "ends", "kind", "responsible_partner", "notes")


def _row(db: sqlite_utils.Database, sql: str, params: list[Any]) -> list[Event]:
    cur = db.execute(sql, params)
    cols = [c[0] for c in cur.description]
    return [Event.from_row(dict(zip(cols, r, strict=True))) for r in cur.fetchall()]


def create(db: sqlite_utils.Database, data: dict[str, Any], *, device_id: str = "") -> Event:
    """Insert an event (data already validated) and queue it for the databank, atomically."""
    stamp = clock.now_iso()
    event = Event(
        id=data.get("id") or new_id(),
        created_at=stamp,
        updated_at=stamp,
        origin_device=device_id,
        **{k: data[k] for k in EDITABLE if k in data},
    )
    with db.atomic():
        db["events"].insert(event.to_dict())
        outbox.enqueue(db, "event", event.id, event.revision)
    return event


def update(db: sqlite_utils.Database, event_id: str, changes: dict[str, Any]) -> Event:
    fields = {k: v for k, v in changes.items() if k in (*EDITABLE, "archived")}
    with db.atomic():
        current = get(db, event_id)
        if current is None:
            raise KeyError(event_id)
        fields["updated_at"] = clock.now_iso()
        fields["revision"] = current.revision + 1
        db["events"].update(event_id, fields)
        outbox.enqueue(db, "event", event_id, fields["revision"])
    updated = get(db, event_id)
    assert updated is not None
    return updated


def archive(db: sqlite_utils.Database, event_id: str, archived: bool = True) -> Event:
    return update(db, event_id, {"archived": int(archived)})


def get(db: sqlite_utils.Database, event_id: str) -> Event | None:
    found = _row(db, "SELECT * FROM events WHERE id = ?", [event_id])
    return found[0] if found else None


def list_events(db: sqlite_utils.Database, *, include_archived: bool = False) -> list[Event]:
    where = "" if include_archived else "WHERE archived = 0"
    return _row(db, f"SELECT * FROM events {where} ORDER BY starts DESC, name", [])


def count(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT count(*) FROM events").fetchone()[0]


def upsert_remote(db: sqlite_utils.Database, data: dict[str, Any]) -> bool:
    """Store an event pulled from the databank unless the local copy is as new or newer.

    Returns True when the local database changed. Does not queue anything: it came from there.
    """
    with db.atomic():
        current = get(db, data["id"])
        if current is not None and current.revision >= int(data.get("revision", 1)):
            return False
        row = {k: v for k, v in data.items() if k in Event.__dataclass_fields__}
        row["archived"] = int(bool(row.get("archived", False)))
        db["events"].upsert(row, pk="id")
    return True


def active(db: sqlite_utils.Database) -> Event | None:
    """The active event: the last one used, else the one running today, else the newest."""
    chosen = settings.get(db, "event.active")
    if chosen:
        event = get(db, chosen)
        if event is not None and not event.archived:
            return event
    today = clock.today().isoformat()
    running = _row(
        db,
        "SELECT * FROM events WHERE archived = 0 AND starts <= ? AND ends >= ? "
        "ORDER BY starts DESC LIMIT 1",
        [today, today],
    )
    if running:
        return running[0]
    newest = _row(db, "SELECT * FROM events WHERE archived = 0 ORDER BY starts DESC LIMIT 1", [])
    return newest[0] if newest else None
