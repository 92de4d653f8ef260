"""Events: create, edit, archive, list, and which one is active.

Example events (`example` = 1: the seed report's, loaded to try the app out) are for looking
only: never chosen as the active event, never queued for the databank. Editing one turns it into
a real event (queued from then on); `remove_examples` takes the untouched ones away at once.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from lea_desktop.domain import clock
from lea_desktop.domain.records import EVENT_EDITABLE, Event, new_id
from lea_desktop.storage import outbox, settings

if TYPE_CHECKING:
    import sqlite_utils

# The fields staff edit, in form order (domain.records; usecases/event_rules.py checks them).
EDITABLE = EVENT_EDITABLE


def _row(db: sqlite_utils.Database, sql: str, params: list[Any]) -> list[Event]:
    cur = db.execute(sql, params)
    cols = [c[0] for c in cur.description]
    return [Event.from_row(dict(zip(cols, r, strict=True))) for r in cur.fetchall()]


def create(
    db: sqlite_utils.Database,
    data: dict[str, Any],
    *,
    device_id: str = "",
    example: bool = False,
) -> Event:
    """Insert an event (data already validated) and queue it for the databank, atomically.
    An example event is not queued (see the module's note)."""
    stamp = clock.now_iso()
    event = Event(
        id=data.get("id") or new_id(),
        created_at=stamp,
        updated_at=stamp,
        origin_device=device_id,
        **{k: data[k] for k in EDITABLE if k in data},
    )
    with db.atomic():
        db["events"].insert({**event.to_dict(), "example": int(example)})
        if not example:
            outbox.enqueue(db, "event", event.id, event.revision)
    return event


def update(db: sqlite_utils.Database, event_id: str, changes: dict[str, Any]) -> Event:
    """Change an event and queue it. Changing an example's details makes it a real event (queued
    from now on); archiving or restoring an example keeps it an example."""
    fields = {k: v for k, v in changes.items() if k in (*EDITABLE, "archived")}
    with db.atomic():
        current = get(db, event_id)
        if current is None:
            raise KeyError(event_id)
        if is_example(db, event_id):
            edited = any(getattr(current, k) != v for k, v in fields.items() if k in EDITABLE)
            if edited:
                fields["example"] = 0
            else:  # archived or restored: still an example, still not for the databank
                fields = {k: v for k, v in fields.items() if k == "archived"}
                if fields:
                    db["events"].update(event_id, {"archived": int(bool(fields["archived"]))})
                updated = get(db, event_id)
                assert updated is not None
                return updated
        fields["updated_at"] = clock.now_iso()
        fields["revision"] = current.revision + 1
        db["events"].update(event_id, fields)
        outbox.enqueue(db, "event", event_id, fields["revision"])
    updated = get(db, event_id)
    assert updated is not None
    return updated


def is_example(db: sqlite_utils.Database, event_id: str) -> bool:
    row = db.execute("SELECT example FROM events WHERE id = ?", [event_id]).fetchone()
    return bool(row and row[0])


def example_ids(db: sqlite_utils.Database) -> set[str]:
    """The ids of the example events (archived ones included)."""
    return {r[0] for r in db.execute("SELECT id FROM events WHERE example = 1").fetchall()}


def remove_examples(db: sqlite_utils.Database) -> tuple[int, int]:
    """Delete the example events in one transaction; returns (removed, kept). An example that
    somehow holds sign-ups (an import pointed at it) is kept, so no sign-up loses its event.
    Examples never left this laptop, so nothing needs telling the databank."""
    with db.atomic():
        kept = db.execute(
            "SELECT count(*) FROM events e WHERE e.example = 1 "
            "AND EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = e.id)"
        ).fetchone()[0]
        removed = db.execute(
            "DELETE FROM events WHERE example = 1 "
            "AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = events.id)"
        ).rowcount
        db.execute(
            "DELETE FROM outbox WHERE entity = 'event' AND entity_id NOT IN (SELECT id FROM events)"
        )
    return removed, kept


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


RECENT_DAYS = 7  # an event that ended this many days ago is still "the one we were just at"


def active(db: sqlite_utils.Database) -> Event | None:
    """The active event: the last one used; with none (or it is gone, archived or an example),
    the one running today, else the one that ended most recently within a week (its follow-up
    work), else the next to come, else the newest. Examples and archived events never."""
    chosen = settings.get(db, "event.active")
    if chosen:
        event = get(db, chosen)
        if event is not None and not event.archived and not is_example(db, chosen):
            return event
    today = clock.today()
    week_ago = (today - dt.timedelta(days=RECENT_DAYS)).isoformat()
    day = today.isoformat()
    usable = "SELECT * FROM events WHERE archived = 0 AND example = 0"
    for sql, params in (
        (f"{usable} AND starts <= ? AND ends >= ? ORDER BY starts DESC, ends", [day, day]),
        (f"{usable} AND ends < ? AND ends >= ? ORDER BY ends DESC, starts DESC", [day, week_ago]),
        (f"{usable} AND starts > ? ORDER BY starts, ends", [day]),
        (f"{usable} ORDER BY starts DESC", []),
    ):
        found = _row(db, sql + " LIMIT 1", params)
        if found:
            return found[0]
    return None
