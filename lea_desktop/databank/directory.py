"""The follower directory laptops pull: every follower of the consortium without personal data.

`GET /api/v1/directory?since=CURSOR` (routers/directory.py) answers, per follower, its id,
organisation, country, city, types, event, the partner responsible for that event, the device
and laptop (token name) that collected it, its times, whether it is a LEA-N candidate, its
letter-of-intent status and `email_key` = HMAC-SHA256(consortium key, normalised email) — never
the email, name, phone or notes. An erased follower's entry says only that its id is gone.

The change log is the `directory_changes` table: `touch` (a record written, a web sign-up
confirmed) and `mark_gone` (an erasure) make a follower's entry — its JSON, kept in the row —
at a new cursor inside the writer's own transaction (cursors from `db.next_cursors`, so a reader
never sees a smaller one appear after a larger one); a page is then read, never computed. The
partner is the one responsible for the follower's event when the record was written. The consortium key is made once per databank (`meta`) and handed to each
laptop with `whoami`, at login.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from sqlalchemy import Connection, Engine, delete, select

from lea_desktop.databank import db
from lea_desktop.domain import directory as names
from lea_desktop.domain import kpi
from lea_desktop.sync import protocol

_KEY = "consortium_key"


def consortium_key(engine: Engine) -> str:
    """The consortium key (64 hex digits), made (256 random bits) the first time it is asked."""
    return db.meta_secret(engine, _KEY)


def _key(conn: Connection) -> bytes:
    """The consortium key inside the writer's transaction (made there if missing)."""
    found = conn.execute(select(db.meta.c.value).where(db.meta.c.key == _KEY)).scalar()
    if not found:
        found = secrets.token_hex(32)
        conn.execute(db.meta.insert().values(key=_KEY, value=found))
    return bytes.fromhex(str(found))


def _renew(conn: Connection, entries: dict[str, tuple[bool, str]]) -> None:
    """Give each record id its (gone, entry JSON) at a new cursor."""
    if not entries:
        return
    t = db.directory_changes
    ids = list(entries)
    for start in range(0, len(ids), 500):
        conn.execute(delete(t).where(t.c.record_id.in_(ids[start : start + 500])))
    cursors = db.next_cursors(conn, len(ids))
    db.insert_rows(
        conn,
        t,
        [
            {"record_id": i, "cursor": c, "gone": entries[i][0], "entry": entries[i][1]}
            for i, c in zip(ids, cursors, strict=True)
        ],
    )


def touch(conn: Connection, ids: list[str]) -> None:
    """Followers `ids` were stored or changed: their entries are made again (from the rows
    just written) at new cursors."""
    unique = list(dict.fromkeys(ids))
    if not unique:
        return
    key = _key(conn)
    r, e = db.records.c, db.events.c
    made: dict[str, tuple[bool, str]] = {}
    for start in range(0, len(unique), 500):
        rows = conn.execute(
            select(
                r.id,
                r.answers,
                r.event_id,
                r.device_id,
                r.received_via,
                r.created_at,
                r.updated_at,
                r.loi_status,
                e.responsible_partner,
            )
            .select_from(db.records.outerjoin(db.events, e.id == r.event_id))
            .where(r.id.in_(unique[start : start + 500]))
        ).all()
        for row in rows:
            made[row.id] = (False, _encode(_entry(row, key).__dict__))
    _renew(conn, made)


def mark_gone(conn: Connection, ids: list[str]) -> None:
    """Records `ids` were erased: those in the directory become "gone" entries."""
    t = db.directory_changes
    held: list[str] = []
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), 500):
        held.extend(
            conn.execute(
                select(t.c.record_id).where(t.c.record_id.in_(unique[start : start + 500]))
            ).scalars()
        )
    _renew(conn, {i: (True, _encode({"id": i, "gone": True})) for i in held})


def fill_missing(engine: Engine) -> int:
    """Entries for the followers a databank held before it had a directory; how many."""
    r, d = db.records.c, db.directory_changes.c
    with db.read_connection(engine) as conn, conn.begin():
        missing = list(
            conn.execute(
                select(r.id)
                .where(r.kind == "follower")
                .where(~select(d.record_id).where(d.record_id == r.id).exists())
                .order_by(r.received_at, r.id)
            ).scalars()
        )
    for start in range(0, len(missing), 5000):
        with db.write_lock(engine), engine.begin() as conn:
            touch(conn, missing[start : start + 5000])
    return len(missing)


def page_json(conn: Connection, since: int, limit: int) -> str:
    """`DirectoryPage` JSON: up to `limit` entries changed after cursor `since`, oldest first
    (the entries as stored: a page is read, not computed)."""
    d = db.directory_changes.c
    rows = conn.execute(
        select(d.cursor, d.entry).where(d.cursor > since).order_by(d.cursor).limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = int(rows[-1].cursor) if rows else since
    entries = ",".join(row.entry for row in rows)
    return f'{{"entries":[{entries}],"cursor":{cursor},"more":{"true" if more else "false"}}}'


def _encode(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _entry(row: Any, key: bytes) -> protocol.DirectoryEntry:
    answers = json.loads(row.answers)
    types = answers.get(kpi.TYPES_FIELD) or []
    interests = answers.get(kpi.INTERESTS_FIELD) or []
    if not isinstance(types, list):
        types = []
    country = str(answers.get(kpi.COUNTRY_FIELD) or "").strip().upper()
    return protocol.DirectoryEntry(
        id=row.id,
        email_key=protocol.email_key(key, str(answers.get(names.EMAIL_FIELD) or "")),
        organisation=_text(answers.get(names.ORGANISATION_FIELD), 500),
        country=country if len(country) == 2 else "",
        city=_text(answers.get(names.CITY_FIELD), 500),
        types=[str(t)[:100] for t in types[:50]],
        event_id=row.event_id or "",
        partner=_text(row.responsible_partner, 200),
        device_id=row.device_id or "",
        laptop=_text(row.received_via, 100),
        created_at=row.created_at or "",
        updated_at=row.updated_at or "",
        lea_n=kpi.PROCURER in types
        and isinstance(interests, list)
        and kpi.LEA_NETWORK_INTEREST in interests,
        loi_status=row.loi_status or "",
    )


def _text(value: Any, limit: int) -> str:
    return str(value or "")[:limit]
