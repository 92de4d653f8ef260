"""The laptops' figures for the console: for each token, when it was last seen, how many records
it delivered and when it last pushed one.

"Last seen" is written on authenticated requests (`seen`), at most once a minute per token in
each server process: a laptop syncing every minute costs one small write a minute, not one per
request. Records received and the last push are read from the records themselves
(`received_via`, `received_at`: the token that delivered a record's current revision, and when).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, exc, func, select, update

from lea_desktop.databank import db
from lea_desktop.domain import clock

SEEN_EVERY = 60.0  # seconds between two writes of one token's "last seen"

_last_write: dict[str, float] = {}
_guard = threading.Lock()


def seen(engine: Engine, name: str, *, now: float | None = None) -> bool:
    """Note that token `name` was used just now, unless noted less than a minute ago by this
    process. True when written. Never raises for a database that is busy: a missed "last seen"
    is not worth failing a laptop's request."""
    moment = time.monotonic() if now is None else now
    with _guard:
        last = _last_write.get(name)
        if last is not None and moment - last < SEEN_EVERY:
            return False
        _last_write[name] = moment
    stamp = clock.now_iso()
    try:
        with db.write_lock(engine), engine.begin() as conn:
            _upsert(conn, name, stamp)
    except exc.OperationalError:  # locked or gone for a moment: the next minute tries again
        with _guard:
            _last_write.pop(name, None)
        return False
    return True


def _upsert(conn: Connection, name: str, stamp: str) -> None:
    t = db.token_activity
    done = conn.execute(update(t).where(t.c.name == name).values(last_seen_at=stamp))
    if done.rowcount:
        return
    try:
        with conn.begin_nested():
            conn.execute(t.insert().values(name=name, last_seen_at=stamp))
    except exc.IntegrityError:  # another process wrote it first
        conn.execute(update(t).where(t.c.name == name).values(last_seen_at=stamp))


def forget_writes() -> None:
    """Forget when each token was last written (tests; a token made again under a name)."""
    with _guard:
        _last_write.clear()


@dataclass(frozen=True)
class Laptop:
    name: str
    created_at: str
    revoked_at: str | None
    device_id: str | None
    partner: str
    last_seen_at: str | None
    records_received: int
    last_push_at: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def laptops(conn: Connection) -> list[Laptop]:
    """Every token (active first, then by name) with its figures."""
    r, t, a = db.records.c, db.tokens.c, db.token_activity.c
    pushed = (
        select(
            r.received_via.label("name"),
            func.count().label("n"),
            func.max(r.received_at).label("last"),
        )
        .group_by(r.received_via)
        .subquery()
    )
    rows = conn.execute(
        select(
            t.name,
            t.created_at,
            t.revoked_at,
            t.device_id,
            a.last_seen_at,
            pushed.c.n,
            pushed.c.last,
            t.partner,
        )
        .select_from(
            db.tokens.outerjoin(db.token_activity, a.name == t.name).outerjoin(
                pushed, pushed.c.name == t.name
            )
        )
        .order_by(t.revoked_at.is_not(None), t.name)
    )
    return [
        Laptop(
            name=row[0],
            created_at=row[1],
            revoked_at=row[2],
            device_id=row[3],
            partner=row[7] or "",
            # Written once a minute: a push since then is a sign of life too.
            last_seen_at=max(filter(None, (row[4], row[6])), default=None),
            records_received=int(row[5] or 0),
            last_push_at=row[6],
        )
        for row in rows
    ]
