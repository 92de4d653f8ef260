"""The follower directory laptops pull: every follower of the consortium without personal data.

`GET /api/v1/directory?since=CURSOR` (routers/directory.py) answers, per follower, its id,
organisation, country, city, types, event, the partner responsible for that event, the device
and laptop (token name) that collected it, its times, whether it is a LEA-N candidate, its
letter-of-intent status and `email_key` = HMAC-SHA256(consortium key, normalised email) — never
the email, name, phone or notes. An erased follower's entry says only that its id is gone.

A follower's entry — its JSON — is kept with its record (`records.directory_entry`) and pulled
by the record's change cursor (`records.change_cursor`), both written in the writer's own
transaction (cursors from `db.next_cursors`, so a reader never sees a smaller one appear after a
larger one); a page is then read, never computed. A laptop's batch makes the entries of its
followers as it stores them: drafted with the batch's other checks in the validation worker
(`draft`), finished in the transaction (`finish`: the email key, the partner, the laptop).
Other writers (a web sign-up confirmed, a console edit) call `touch` and then
`scoped.note_changes`. An erasure deletes the record and leaves a "gone" entry in
`directory_changes` (`mark_gone`). The partner is the one responsible for the follower's event
when the record was written. The consortium key is made once per databank (`meta`) and handed
to each laptop with `whoami`, at login.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, bindparam, delete, func, select, union_all, update

from lea_desktop.databank import db, scoped
from lea_desktop.domain import directory as names
from lea_desktop.domain import kpi
from lea_desktop.sync import protocol

_KEY = "consortium_key"
FOLLOWER = "follower"


def consortium_key(engine: Engine) -> str:
    """The consortium key (64 hex digits), made (256 random bits) the first time it is asked."""
    return db.meta_secret(engine, _KEY)


def key_in(conn: Connection) -> bytes:
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


Drafted = tuple[str, str]  # (normalised email, the entry's JSON without its last members)


def draft(row: dict[str, Any], found: Facts) -> Drafted:
    """A follower's entry made from its record row (a mapping of `records` columns) and the
    facts of its answers, but for what the transaction knows: `finish` adds those. Made in the
    validation worker with the batch's other checks, so the write lock waits on none of it."""
    head = _encode(
        {
            "id": row["id"],
            "gone": False,
            "organisation": found.organisation,
            "country": found.country,
            "city": found.city,
            "types": found.types,
            "event_id": row["event_id"] or "",
            "device_id": row["device_id"] or "",
            "created_at": row["created_at"] or "",
            "updated_at": row["updated_at"] or "",
            "lea_n": found.lea_n,
            "loi_status": row["loi_status"] or "",
        }
    )
    return found.email, head[:-1]  # the closing brace comes with the members `finish` adds


def finish(drafted: Drafted, partner: str | None, laptop: str | None, key: bytes) -> str:
    """The entry's JSON: the draft with its email key (HMAC of the consortium `key`), the
    partner responsible for its event and the laptop (token name) that sent it."""
    return finish_with(drafted, ending(partner, laptop), key)


def ending(partner: str | None, laptop: str | None) -> str:
    """The last members of an entry, the same for every follower of one event in a batch."""
    tail = _encode({"partner": _text(partner, 200), "laptop": _text(laptop, 100)})
    return "," + tail[1:]


def finish_with(drafted: Drafted, end: str, key: bytes) -> str:
    """`finish`, given the `ending` already made."""
    email, head = drafted
    return f'{head},"email_key":"{protocol.normal_email_key(key, email)}"{end}'


def partners(conn: Connection, event_ids: Iterable[str]) -> dict[str, str | None]:
    """The partner responsible for each of the events (by id) that exists."""
    wanted = sorted({e for e in event_ids if e})
    if not wanted:
        return {}
    e = db.events.c
    return dict(conn.execute(select(e.id, e.responsible_partner).where(e.id.in_(wanted))).all())


def touch(conn: Connection, ids: list[str]) -> None:
    """Followers `ids` were stored or changed by a writer other than a laptop's batch: their
    entries are made again from the rows just written. The caller then gives them a new
    change cursor (`scoped.note_changes`), which is what makes laptops pull them."""
    unique = list(dict.fromkeys(ids))
    if not unique:
        return
    key = key_in(conn)
    r, e = db.records.c, db.events.c
    made: dict[str, str] = {}
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
            .where(r.id.in_(unique[start : start + 500]), r.kind == FOLLOWER)
        ).all()
        for row in rows:
            answers = json.loads(row.answers)
            found = facts(answers if isinstance(answers, dict) else {})
            made[row.id] = entry_json(row._mapping, found, row.responsible_partner, key)
    put_entries(conn, made)


def partner_of(conn: Connection, event_id: str) -> str | None:
    """The responsible partner of event `event_id` (None: no such event), as `touch` puts it
    in a follower's entry."""
    return partners(conn, [event_id]).get(event_id)


def entry_json(row: Any, found: Facts, partner: str | None, key: bytes) -> str:
    """A follower's entry as `touch` makes it, from its record row (a mapping of `records`
    columns) as it is to be written: made before the write transaction."""
    return finish(draft(row, found), partner, row["received_via"], key)


def put_entries(conn: Connection, entries: dict[str, str]) -> None:
    """Followers just written: {record id: their `entry_json`}, in the writer's transaction.
    The caller then gives them a new change cursor (`scoped.note_changes`)."""
    if entries:
        conn.execute(
            update(db.records)
            .where(db.records.c.id == bindparam("entry_id"))
            .values(directory_entry=bindparam("entry")),
            [{"entry_id": i, "entry": e} for i, e in entries.items()],
        )


def mark_gone(conn: Connection, held: dict[str, str]) -> None:
    """Followers erased (record id → collecting device), whose records are deleted: each
    becomes a "gone" entry at a new cursor."""
    if not held:
        return
    t = db.directory_changes
    ids = list(held)
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
                "gone": True,
                "entry": _encode({"id": i, "gone": True}),
                "device_id": held[i],
            }
            for i, c in zip(ids, cursors, strict=True)
        ],
    )


def in_directory(conn: Connection, ids: Iterable[str]) -> dict[str, str]:
    """Of the records `ids`, the followers with a directory entry → their collecting device
    (read before an erasure deletes them, for `mark_gone`)."""
    r = db.records.c
    unique = list(dict.fromkeys(ids))
    found: dict[str, str] = {}
    for start in range(0, len(unique), 500):
        found.update(
            conn.execute(
                select(r.id, r.device_id).where(
                    r.id.in_(unique[start : start + 500]), r.directory_entry.is_not(None)
                )
            ).all()
        )
    return found


def fill_missing(engine: Engine) -> int:
    """Entries for the followers a databank held before it had a directory; how many."""
    r = db.records.c
    with db.read_connection(engine) as conn, conn.begin():
        missing = list(
            conn.execute(
                select(r.id)
                .where(r.kind == FOLLOWER, r.directory_entry.is_(None))
                .order_by(r.received_at, r.id)
            ).scalars()
        )
    for start in range(0, len(missing), 5000):
        chunk = missing[start : start + 5000]
        with db.write_lock(engine), engine.begin() as conn:
            touch(conn, chunk)
            # New cursors, the writers kept: laptops pull the entries, and whoever wrote a
            # record last is still not sent it back.
            scoped.note_changes(conn, chunk, None)
    return len(missing)


def page_json(conn: Connection, since: int, limit: int, leave_out: str | None = None) -> str:
    """`DirectoryPage` JSON: up to `limit` entries changed after cursor `since`, oldest first
    (the entries as stored: a page is read, not computed): the followers' entries at their
    records' change cursors, and the erased followers' "gone" entries. `leave_out`: a device
    id whose followers are left out — the asking laptop's own, which it holds in full already.

    The last page's cursor is the newest change of the whole log, left-out ones included, so
    a laptop's next pull starts after its own followers rather than reading past them again.
    That newest cursor is read first and bounds the page: writers take cursors in commit
    order, so every change up to it is visible to the page's read, even on PostgreSQL where
    each statement of a transaction may see more than the one before."""
    r, d = db.records.c, db.directory_changes.c
    newest = max(
        int(conn.execute(select(func.max(r.change_cursor))).scalar() or 0),
        int(conn.execute(select(func.max(d.cursor))).scalar() or 0),
    )
    live = select(r.change_cursor.label("cursor"), r.directory_entry.label("entry")).where(
        r.change_cursor > since, r.change_cursor <= newest, r.directory_entry.is_not(None)
    )
    gone = select(d.cursor.label("cursor"), d.entry.label("entry")).where(
        d.cursor > since, d.cursor <= newest
    )
    if leave_out:
        live = live.where(r.device_id != leave_out)
        gone = gone.where(d.device_id != leave_out)
    # Each part limited on its own (in a subquery: SQLite takes no LIMIT in a UNION's parts).
    first_live = live.order_by(r.change_cursor).limit(limit + 1).subquery()
    first_gone = gone.order_by(d.cursor).limit(limit + 1).subquery()
    both = union_all(
        select(first_live.c.cursor, first_live.c.entry),
        select(first_gone.c.cursor, first_gone.c.entry),
    ).subquery()
    rows = conn.execute(
        select(both.c.cursor, both.c.entry).order_by(both.c.cursor).limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = int(rows[-1].cursor) if more else max(since, newest)
    entries = ",".join(row.entry for row in rows)
    return f'{{"entries":[{entries}],"cursor":{cursor},"more":{"true" if more else "false"}}}'


# One encoder, made once: `json.dumps` with options makes a new one at every call, which cost
# more than the encoding of a small entry (one per follower a laptop pushes).
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def _encode(value: Any) -> str:
    return _ENCODER.encode(value)


def _text(value: Any, limit: int) -> str:
    return str(value or "")[:limit]
