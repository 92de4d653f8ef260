"""The follower directory laptops pull: every follower of the consortium without personal data.

`GET /api/v1/directory?since=CURSOR` (routers/directory.py) answers, per follower, its id,
organisation, country, city, types, event, the partner responsible for that event, the device
and laptop (token name) that collected it, its times, whether it is a LEA-N candidate, its
letter-of-intent status and `email_key` = HMAC-SHA256(consortium key, normalised email) — never
the email, name, phone or notes. An erased follower's entry says only that its id is gone.

The change log is the `directory_changes` table: `touch` (a record written, a web sign-up
confirmed) and `mark_gone` (an erasure) give a follower's entry a new cursor inside the writer's
own transaction (cursors from `db.next_cursors`, so a reader never sees a smaller one appear
after a larger one). The consortium key is made once per databank (`meta`) and handed to each
laptop with `whoami`, at login.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from sqlalchemy import Connection, Engine, delete, exc, select

from lea_desktop.databank import db
from lea_desktop.domain import directory as names
from lea_desktop.domain import kpi
from lea_desktop.sync import protocol

_KEY = "consortium_key"


def consortium_key(engine: Engine) -> str:
    """The consortium key (64 hex digits), made (256 random bits) the first time it is asked."""
    with engine.begin() as conn:
        found = conn.execute(select(db.meta.c.value).where(db.meta.c.key == _KEY)).scalar()
    if found:
        return str(found)
    try:
        with engine.begin() as conn:
            conn.execute(db.meta.insert().values(key=_KEY, value=secrets.token_hex(32)))
    except exc.IntegrityError:  # another server process made it first: use that one
        pass
    with engine.begin() as conn:
        return str(conn.execute(select(db.meta.c.value).where(db.meta.c.key == _KEY)).scalar_one())


def _renew(conn: Connection, ids: list[str], gone: bool) -> None:
    if not ids:
        return
    t = db.directory_changes
    for start in range(0, len(ids), 500):
        conn.execute(delete(t).where(t.c.record_id.in_(ids[start : start + 500])))
    cursors = db.next_cursors(conn, len(ids))
    db.insert_rows(
        conn,
        t,
        [{"record_id": i, "cursor": c, "gone": gone} for i, c in zip(ids, cursors, strict=True)],
    )


def touch(conn: Connection, ids: list[str]) -> None:
    """Followers `ids` were stored or changed: their entries move to new cursors."""
    _renew(conn, list(dict.fromkeys(ids)), False)


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
    _renew(conn, held, True)


def entries_since(conn: Connection, key: bytes, since: int, limit: int) -> protocol.DirectoryPage:
    """Up to `limit` entries changed after cursor `since`, oldest change first."""
    d, r, e = db.directory_changes.c, db.records.c, db.events.c
    rows = conn.execute(
        select(
            d.record_id,
            d.cursor,
            d.gone,
            r.answers,
            r.event_id,
            r.device_id,
            r.received_via,
            r.created_at,
            r.updated_at,
            r.loi_status,
            r.kind,
            e.responsible_partner,
        )
        .select_from(
            db.directory_changes.outerjoin(db.records, r.id == d.record_id).outerjoin(
                db.events, e.id == r.event_id
            )
        )
        .where(d.cursor > since)
        .order_by(d.cursor)
        .limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    entries = [_entry(row, key) for row in rows]
    return protocol.DirectoryPage(entries, int(rows[-1].cursor) if rows else since, more)


def _entry(row: Any, key: bytes) -> protocol.DirectoryEntry:
    if row.gone or row.answers is None:
        return protocol.DirectoryEntry(row.record_id, gone=True)
    answers = json.loads(row.answers)
    types = answers.get(kpi.TYPES_FIELD) or []
    interests = answers.get(kpi.INTERESTS_FIELD) or []
    if not isinstance(types, list):
        types = []
    country = str(answers.get(kpi.COUNTRY_FIELD) or "").strip().upper()
    return protocol.DirectoryEntry(
        id=row.record_id,
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
