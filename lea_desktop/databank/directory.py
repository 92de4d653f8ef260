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
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, delete, func, select

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


class Facts(NamedTuple):
    """What a follower's directory entry takes from its answers. Worked out from the answers
    alone, so a pushed batch's are made with its other checks, before the database is touched
    (`repo.prepare_records`)."""

    email: str  # normalised (`protocol.normalise_email`); its key is made with the databank's
    organisation: str
    country: str
    city: str
    types: list[str]
    lea_n: bool


def facts(answers: dict[str, Any]) -> Facts:
    types = answers.get(kpi.TYPES_FIELD) or []
    interests = answers.get(kpi.INTERESTS_FIELD) or []
    if not isinstance(types, list):
        types = []
    country = str(answers.get(kpi.COUNTRY_FIELD) or "").strip().upper()
    return Facts(
        email=protocol.normalise_email(str(answers.get(names.EMAIL_FIELD) or "")),
        organisation=_text(answers.get(names.ORGANISATION_FIELD), 500),
        country=country if len(country) == 2 else "",
        city=_text(answers.get(names.CITY_FIELD), 500),
        types=[str(t)[:100] for t in types[:50]],
        lea_n=kpi.PROCURER in types
        and isinstance(interests, list)
        and kpi.LEA_NETWORK_INTEREST in interests,
    )


def _renew(conn: Connection, entries: dict[str, tuple[bool, str, str]]) -> None:
    """Give each record id its (gone, entry JSON, collecting device) at a new cursor.

    Old entries are deleted first even for records just stored for the first time: a databank
    put back from a backup that kept an entry but not its record must not refuse the laptop
    that sends the record again."""
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
            {
                "record_id": i,
                "cursor": c,
                "gone": entries[i][0],
                "entry": entries[i][1],
                "device_id": entries[i][2],
            }
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
    made: dict[str, tuple[bool, str, str]] = {}
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
            answers = json.loads(row.answers)
            found = facts(answers if isinstance(answers, dict) else {})
            made[row.id] = (False, _entry_json(row._mapping, found, row.responsible_partner, key),
                            row.device_id or "")  # fmt: skip
    _renew(conn, made)


def touch_stored(conn: Connection, stored: list[tuple[dict[str, Any], Facts]]) -> None:
    """Followers just written from a pushed batch: (the record row as stored, its `Facts`)
    each. The same entries as `touch`, made from what the batch already holds rather than
    read back and decoded again."""
    if not stored:
        return
    key = _key(conn)
    e = db.events.c
    event_ids = list({row["event_id"] for row, _ in stored if row.get("event_id")})
    partners = (
        dict(conn.execute(select(e.id, e.responsible_partner).where(e.id.in_(event_ids))).all())
        if event_ids
        else {}
    )
    made = {
        row["id"]: (
            False,
            _entry_json(row, found, partners.get(row.get("event_id")), key),
            row.get("device_id") or "",
        )
        for row, found in stored
    }
    _renew(conn, made)


def partner_of(conn: Connection, event_id: str) -> str | None:
    """The responsible partner of event `event_id` (None: no such event), as `touch` puts it
    in a follower's entry."""
    if not event_id:
        return None
    e = db.events.c
    return conn.execute(select(e.responsible_partner).where(e.id == event_id)).scalar()


def entry_json(row: Any, found: Facts, partner: str | None, key: bytes) -> str:
    """A follower's entry as `touch` makes it, from its record row (a mapping of `records`
    columns) as it is to be written: made before the write transaction."""
    return _entry_json(row, found, partner, key)


def put_entries(conn: Connection, entries: dict[str, tuple[str, str]]) -> None:
    """Followers just written: {record id: (their `entry_json`, collecting device)} at new
    cursors, in the writer's transaction."""
    _renew(conn, {i: (False, entry, device) for i, (entry, device) in entries.items()})


def mark_gone(conn: Connection, ids: list[str]) -> None:
    """Records `ids` were erased: those in the directory become "gone" entries."""
    t = db.directory_changes
    held: dict[str, str] = {}
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), 500):
        held.update(
            conn.execute(
                select(t.c.record_id, t.c.device_id).where(
                    t.c.record_id.in_(unique[start : start + 500])
                )
            ).all()
        )
    _renew(conn, {i: (True, _encode({"id": i, "gone": True}), d) for i, d in held.items()})


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


def page_json(conn: Connection, since: int, limit: int, leave_out: str | None = None) -> str:
    """`DirectoryPage` JSON: up to `limit` entries changed after cursor `since`, oldest first
    (the entries as stored: a page is read, not computed). `leave_out`: a device id whose
    followers are left out — the asking laptop's own, which it holds in full already.

    The last page's cursor is the newest change of the whole log, left-out ones included, so
    a laptop's next pull starts after its own followers rather than reading past them again.
    That newest cursor is read first and bounds the page: writers take cursors in commit
    order, so every change up to it is visible to the page's read, even on PostgreSQL where
    each statement of a transaction may see more than the one before."""
    d = db.directory_changes.c
    newest = int(conn.execute(select(func.max(d.cursor))).scalar() or 0)
    query = select(d.cursor, d.entry).where(d.cursor > since, d.cursor <= newest)
    if leave_out:
        query = query.where(d.device_id != leave_out)
    rows = conn.execute(query.order_by(d.cursor).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = int(rows[-1].cursor) if more else max(since, newest)
    entries = ",".join(row.entry for row in rows)
    return f'{{"entries":[{entries}],"cursor":{cursor},"more":{"true" if more else "false"}}}'


def _encode(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _entry_json(row: Any, found: Facts, partner: str | None, key: bytes) -> str:
    """A follower's entry (the fields of `protocol.DirectoryEntry`) as JSON, from its record
    row (a mapping of `records` columns) and the facts of its answers. Made for every record
    a laptop pushes, inside the batch's transaction: a plain dict, encoded once."""
    return _encode(
        {
            "id": row["id"],
            "gone": False,
            "email_key": protocol.normal_email_key(key, found.email),
            "organisation": found.organisation,
            "country": found.country,
            "city": found.city,
            "types": found.types,
            "event_id": row["event_id"] or "",
            "partner": _text(partner, 200),
            "device_id": row["device_id"] or "",
            "laptop": _text(row["received_via"], 100),
            "created_at": row["created_at"] or "",
            "updated_at": row["updated_at"] or "",
            "lea_n": found.lea_n,
            "loi_status": row["loi_status"] or "",
        }
    )


def _text(value: Any, limit: int) -> str:
    return str(value or "")[:limit]
