"""Token scopes: which full records flow down to a laptop, and which records it may change.

A token's scope (`lea-databank token scope NAME own|partner|all`, see `tokens.py`):

- `own`: the laptop's own records only (those its device collected); it is sent back only the
  changes other laptops made to them;
- `partner`: also every record collected by a laptop whose token has the same partner, and the
  web sign-ups (device `web`) of the events that partner is responsible for;
- `all`: every record (coordinators' laptops).

Every write of a record gives it a new change cursor (`records.change_cursor`, and the writer in
`records.written_by`), in the transaction of the write: a laptop's batch sets them on the rows it
stores (`repo.store_records`), other writers call `note_changes`. `records_since` pages through
them for one token. A laptop is never
sent what it wrote itself. Erasures travel as tombstones (`/api/v1/tombstones`, to every laptop).

The scope also says which records a laptop may change and erase: its own, and those in its scope
(`may_change`); anything else is `forbidden`, as before scopes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, and_, bindparam, or_, select, update

from lea_desktop.databank import db, tokens
from lea_desktop.domain.records import RECORD_COLUMNS
from lea_desktop.sync import scope_protocol

_BACKFILL_CHUNK = 2000


def note_changes(conn: Connection, ids: Iterable[str], writer: str | None) -> None:
    """Give each record of `ids` a new change cursor (inside the caller's write transaction),
    written by device `writer` (None: each keeps the writer it has)."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return
    r = db.records
    cursors = db.next_cursors(conn, len(ids))
    written = {} if writer is None else {"written_by": writer}
    conn.execute(
        update(r)
        .where(r.c.id == bindparam("changed_id"))
        .values(change_cursor=bindparam("new_cursor"), **written),
        [{"changed_id": i, "new_cursor": c} for i, c in zip(ids, cursors, strict=True)],
    )


def backfill(engine: Engine) -> None:
    """A databank made before change cursors: each of its records gets one (written by its
    collecting device), so a laptop given a wider scope receives them too."""
    r = db.records
    missing = (
        select(r.c.id, r.c.device_id)
        .where(r.c.change_cursor.is_(None))
        .order_by(r.c.id)
        .limit(_BACKFILL_CHUNK)
    )
    while True:
        with db.write_lock(engine), engine.begin() as conn:
            rows = conn.execute(missing).all()
            if not rows:
                return
            cursors = db.next_cursors(conn, len(rows))
            conn.execute(
                update(r)
                .where(r.c.id == bindparam("changed_id"))
                .values(change_cursor=bindparam("new_cursor"), written_by=bindparam("writer")),
                [
                    {"changed_id": row.id, "new_cursor": c, "writer": row.device_id}
                    for row, c in zip(rows, cursors, strict=True)
                ],
            )


# --------------------------------------------------------------------------- may change


@dataclass
class Judge:
    """Which held records one token's laptop may change (cached per batch)."""

    conn: Connection
    device: str
    scope: tokens.Scope
    _devices: set[str] | None = None
    _events: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def of(cls, conn: Connection, caller: str, device: str) -> Judge:
        return cls(conn, device, tokens.scope_of(conn, caller))

    def may_change(self, record_device: str, event_id: str) -> bool:
        """May this laptop change (or erase) a record collected by `record_device` for
        `event_id`?"""
        if record_device == self.device or self.scope.scope == "all":
            return True
        if self.scope.scope != "partner" or not self.scope.partner:
            return False
        if record_device == tokens.WEB_DEVICE:
            if event_id not in self._events:
                responsible = self.conn.execute(
                    select(db.events.c.responsible_partner).where(db.events.c.id == event_id)
                ).scalar()
                self._events[event_id] = responsible == self.scope.partner
            return self._events[event_id]
        if self._devices is None:
            self._devices = set(self.conn.execute(_partner_devices(self.scope.partner)).scalars())
        return record_device in self._devices


def _partner_devices(partner: str):  # type: ignore[no-untyped-def]
    t = db.tokens
    return select(t.c.device_id).where(t.c.partner == partner, t.c.device_id.is_not(None))


NOT_IN_SCOPE = (
    "another laptop collected this record and it is not in this laptop's scope; only that "
    "laptop (or one whose token's scope covers it) may change it"
)


# --------------------------------------------------------------------------- the pull


def _in_scope(scope: tokens.Scope, device: str):  # type: ignore[no-untyped-def]
    """The condition on `records` of the records in `scope` for laptop `device`."""
    r = db.records.c
    if scope.scope == "all":
        return None
    own = r.device_id == device
    if scope.scope != "partner" or not scope.partner:
        return own
    responsible = select(db.events.c.id).where(db.events.c.responsible_partner == scope.partner)
    return or_(
        own,
        r.device_id.in_(_partner_devices(scope.partner)),
        and_(r.device_id == tokens.WEB_DEVICE, r.event_id.in_(responsible)),
    )


def records_since(
    conn: Connection, caller: str, device: str, since: int, limit: int
) -> scope_protocol.RecordPage:
    """The records in token `caller`'s scope (its laptop: `device`) changed after cursor
    `since` by anyone but that laptop, oldest change first, each with where it came from."""
    scope = tokens.scope_of(conn, caller)
    r = db.records.c
    query = select(*(getattr(r, c) for c in RECORD_COLUMNS), r.change_cursor).where(
        r.change_cursor > since, r.written_by != device
    )
    condition = _in_scope(scope, device)
    if condition is not None:
        query = query.where(condition)
    rows = conn.execute(query.order_by(r.change_cursor).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    laptops = _laptops(conn, {row.device_id for row in rows})
    items = []
    for row in rows:
        record = {c: getattr(row, c) for c in RECORD_COLUMNS}
        record["answers"] = json.loads(row.answers)
        record["consent"] = json.loads(row.consent) if row.consent else None
        laptop, partner = laptops.get(row.device_id, ("", ""))
        if row.device_id == tokens.WEB_DEVICE:
            laptop, partner = "", _responsible(conn, row.event_id)
        items.append(scope_protocol.ScopedRecord(record, laptop, partner))
    cursor = rows[-1].change_cursor if rows else since
    return scope_protocol.RecordPage(items, int(cursor), more, scope.scope, scope.partner)


def _laptops(conn: Connection, devices: set[str]) -> dict[str, tuple[str, str]]:
    """device id → (token name, partner) of its latest token."""
    if not devices:
        return {}
    t = db.tokens
    found: dict[str, tuple[str, str]] = {}
    rows = conn.execute(
        select(t.c.device_id, t.c.name, t.c.partner)
        .where(t.c.device_id.in_(sorted(devices)))
        .order_by(t.c.created_at)
    )
    for row in rows:
        found[row.device_id] = (row.name, row.partner or "")
    return found


def _responsible(conn: Connection, event_id: str) -> str:
    return str(
        conn.execute(
            select(db.events.c.responsible_partner).where(db.events.c.id == event_id)
        ).scalar()
        or ""
    )


def current_record(conn: Connection, record_id: str) -> dict[str, Any] | None:
    """The databank's copy of a record as it travels (for a conflict's `current`)."""
    row = conn.execute(
        select(*(getattr(db.records.c, c) for c in RECORD_COLUMNS)).where(
            db.records.c.id == record_id
        )
    ).first()
    if row is None:
        return None
    record = {c: getattr(row, c) for c in RECORD_COLUMNS}
    record["answers"] = json.loads(row.answers)
    record["consent"] = json.loads(row.consent) if row.consent else None
    return record
