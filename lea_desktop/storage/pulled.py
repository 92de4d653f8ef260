"""Records of other laptops in this laptop's scope (SQL for `sync.scoped_pull` and
`usecases.conflicts`).

A pulled record is a row of `registrations` like any other (editable; retention and erasure
apply), with its origin in `pulled_records` (the collecting laptop's token name and partner).
When the databank's copy of a record changed while this laptop holds an edit of its own not yet
accepted, both are kept: the local one in `registrations` (its outbox row set aside as a
conflict, so it does not overwrite the other at the next sync), the databank's in
`record_conflicts`, until someone keeps theirs, takes the other or merges them field by field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lea_desktop.domain import clock
from lea_desktop.domain.records import RECORD_COLUMNS, Registration
from lea_desktop.storage import erasures, outbox, registrations

if TYPE_CHECKING:
    import sqlite_utils

STORED, SAME, CONFLICT, SKIPPED = "stored", "same", "conflict", "skipped"
CONFLICT_REASON = "conflict: changed on another laptop too; choose on the Sync page"
# The fields two copies of a record are compared on (revisions and times aside).
_CONTENT = ("event_id", "answers", "consent", "parent_id", "loi_status", "loi_date")


# --------------------------------------------------------------------------- the cursor


def scope_cursor(db: sqlite_utils.Database, databank_id: str) -> tuple[str, int]:
    """(scope it belongs to, cursor) of the scoped records pull; ('', 0) the first time."""
    row = db.execute(
        "SELECT records_scope, records_cursor FROM sync_state WHERE databank_id = ?",
        [databank_id],
    ).fetchone()
    return (str(row[0]), int(row[1])) if row else ("", 0)


def set_scope_cursor(db: sqlite_utils.Database, databank_id: str, scope: str, cursor: int) -> None:
    """Move the cursor; call inside the transaction that stored the page it covers."""
    if not db.conn.in_transaction:
        raise RuntimeError("set_scope_cursor must share the transaction of the stored page")
    db.execute(
        "INSERT INTO sync_state(databank_id, records_scope, records_cursor, updated_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT(databank_id) DO UPDATE SET "
        "records_scope = excluded.records_scope, records_cursor = excluded.records_cursor, "
        "updated_at = excluded.updated_at",
        [databank_id, scope, cursor, clock.now_iso()],
    )


# --------------------------------------------------------------------------- storing a pull


def _content(reg: Registration | dict[str, Any]) -> tuple[Any, ...]:
    get = reg.get if isinstance(reg, dict) else (lambda k: getattr(reg, k))
    return tuple(json.dumps(get(k), sort_keys=True, ensure_ascii=False) for k in _CONTENT)


def store(
    db: sqlite_utils.Database,
    reg: Registration,
    search_text: str,
    email_key: str,
    *,
    laptop: str,
    partner: str,
    own_device: str,
) -> str:
    """Keep one pulled record (inside the caller's transaction). `stored`: new or newer here;
    `same`: nothing new; `conflict`: this laptop has its own edit waiting, both are kept;
    `skipped`: erased here earlier."""
    if erasures.is_erased(db, reg.id):
        return SKIPPED
    held = registrations.get(db, reg.id)
    waiting = db.execute(
        "SELECT revision, remote_revision FROM outbox WHERE entity = 'registration' "
        "AND entity_id = ?",
        [reg.id],
    ).fetchone()
    if held is not None and waiting is not None:
        if waiting[1] is not None and reg.revision <= int(waiting[1]):
            return SAME  # seen already: kept as a conflict, or overridden by a choice made here
        if _content(held) == _content(reg):  # both made the same change: nothing to choose
            _replace(db, reg, search_text, email_key)
            db.execute(
                "DELETE FROM outbox WHERE entity = 'registration' AND entity_id = ?", [reg.id]
            )
            drop_conflict(db, reg.id)
            return STORED
        keep_conflict(db, _wire(reg), reg.revision)
        return CONFLICT
    if held is not None and held.revision >= reg.revision:
        return SAME
    _replace(db, reg, search_text, email_key)
    if reg.device_id != own_device:
        db.execute(
            "INSERT INTO pulled_records(id, laptop, partner, pulled_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET laptop = excluded.laptop, partner = excluded.partner, "
            "pulled_at = excluded.pulled_at",
            [reg.id, laptop, partner, clock.now_iso()],
        )
    return STORED


def _replace(db: sqlite_utils.Database, reg: Registration, search_text: str, key: str) -> None:
    """Insert, or replace every column of, the record as the databank holds it: acknowledged
    now (retention counts from here), its personal answers present again (not purged)."""
    row = registrations.to_row(reg, search_text, key)
    row["acknowledged_at"] = clock.now_iso()
    row["purged_at"] = None
    found = db.execute("SELECT 1 FROM registrations WHERE id = ?", [reg.id]).fetchone()
    if found is None:
        names = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        db.execute(f"INSERT INTO registrations({names}) VALUES ({marks})", list(row.values()))
    else:
        fields = {k: v for k, v in row.items() if k != "id"}
        assignments = ", ".join(f"{name} = ?" for name in fields)
        db.execute(
            f"UPDATE registrations SET {assignments} WHERE id = ?", [*fields.values(), reg.id]
        )


def _wire(reg: Registration) -> dict[str, Any]:
    return {name: getattr(reg, name) for name in RECORD_COLUMNS}


# --------------------------------------------------------------------------- conflicts


def keep_conflict(db: sqlite_utils.Database, theirs: dict[str, Any], their_revision: int) -> None:
    """Keep the databank's copy `theirs` beside this laptop's edit, and hold that edit back
    (its outbox row set aside as a conflict) until someone chooses."""
    rid = str(theirs["id"])
    db.execute(
        "INSERT INTO record_conflicts(id, theirs, their_revision, found_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET theirs = excluded.theirs, "
        "their_revision = excluded.their_revision, found_at = excluded.found_at",
        [rid, json.dumps(theirs, ensure_ascii=False), their_revision, clock.now_iso()],
    )
    db.execute(
        "UPDATE outbox SET status = 'rejected', reason = ?, remote_revision = ? "
        "WHERE entity = 'registration' AND entity_id = ?",
        [CONFLICT_REASON, their_revision, rid],
    )


@dataclass(frozen=True)
class Conflict:
    id: str
    mine: Registration
    theirs: Registration
    found_at: str
    laptop: str  # where theirs came from ('' when not known)
    partner: str


def conflicts(db: sqlite_utils.Database) -> list[Conflict]:
    """Every conflict waiting for a choice, oldest first (records erased since are gone)."""
    rows = db.execute(
        "SELECT c.id, c.theirs, c.found_at, coalesce(p.laptop, ''), coalesce(p.partner, '') "
        "FROM record_conflicts c LEFT JOIN pulled_records p ON p.id = c.id "
        "ORDER BY c.found_at, c.id"
    ).fetchall()
    out = []
    for rid, theirs, found_at, laptop, partner in rows:
        mine = registrations.get(db, rid)
        if mine is None:
            continue
        data = json.loads(theirs)
        out.append(
            Conflict(
                rid,
                mine,
                Registration(**{k: data[k] for k in RECORD_COLUMNS}),
                found_at,
                laptop,
                partner,
            )
        )
    return out


def conflict(db: sqlite_utils.Database, rid: str) -> Conflict | None:
    return next((c for c in conflicts(db) if c.id == rid), None)


def conflict_count(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT count(*) FROM record_conflicts").fetchone()[0])


def drop_conflict(db: sqlite_utils.Database, rid: str) -> None:
    db.execute("DELETE FROM record_conflicts WHERE id = ?", [rid])


def take_theirs(
    db: sqlite_utils.Database, found: Conflict, search_text: str, email_key: str
) -> None:
    """The databank's copy replaces this laptop's edit, which is dropped (nothing to send)."""
    with db.atomic():
        _replace(db, found.theirs, search_text, email_key)
        db.execute("DELETE FROM outbox WHERE entity = 'registration' AND entity_id = ?", [found.id])
        drop_conflict(db, found.id)


def keep_version(
    db: sqlite_utils.Database,
    found: Conflict,
    answers: dict[str, Any],
    search_text: str,
    email_key: str,
) -> int:
    """This laptop's copy with `answers` (its own, or merged) goes to the databank at a
    revision above both, so it is kept there; the databank's copy is dropped here. The new
    revision."""
    revision = max(found.mine.revision, found.theirs.revision) + 1
    with db.atomic():
        db.execute(
            "UPDATE registrations SET answers = ?, search_text = ?, email_key = ?, revision = ?, "
            "updated_at = ?, acknowledged_at = NULL WHERE id = ?",
            [
                json.dumps(answers, ensure_ascii=False),
                search_text,
                email_key,
                revision,
                clock.now_iso(),
                found.id,
            ],
        )
        outbox.enqueue(db, "registration", found.id, revision)
        # The databank's copy was seen and set aside: pulled again, it is no new conflict.
        db.execute(
            "UPDATE outbox SET remote_revision = ? WHERE entity = 'registration' AND entity_id = ?",
            [found.theirs.revision, found.id],
        )
        drop_conflict(db, found.id)
    return revision


# --------------------------------------------------------------------------- the mark


def origins(db: sqlite_utils.Database, ids: list[str]) -> dict[str, tuple[str, str]]:
    """id → (laptop, partner) of those of `ids` pulled from another laptop."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        f"SELECT id, laptop, partner FROM pulled_records WHERE id IN ({marks})", ids
    ).fetchall()
    return {rid: (laptop, partner) for rid, laptop, partner in rows}


def marks(db: sqlite_utils.Database, ids: list[str]) -> dict[str, tuple[str, str, str]]:
    """id → (kind, laptop, partner) of those of `ids` from another origin: kind `laptop`
    (pulled from another laptop) or `web` (a web sign-up)."""
    if not ids:
        return {}
    marks_ = ",".join("?" * len(ids))
    rows = db.execute(
        "SELECT r.id, r.source, p.id IS NOT NULL, coalesce(p.laptop, ''), "
        "coalesce(p.partner, '') FROM registrations r "
        f"LEFT JOIN pulled_records p ON p.id = r.id WHERE r.id IN ({marks_})",
        ids,
    ).fetchall()
    out = {}
    for rid, source, was_pulled, laptop, partner in rows:
        if source == "web":
            out[rid] = ("web", laptop, partner)
        elif was_pulled:
            out[rid] = ("laptop", laptop, partner)
    return out


def any_pulled(db: sqlite_utils.Database) -> bool:
    """Does this laptop hold records of another origin (another laptop's, a web sign-up)?"""
    return (
        db.execute(
            "SELECT 1 WHERE EXISTS (SELECT 1 FROM pulled_records) "
            "OR EXISTS (SELECT 1 FROM registrations WHERE source = 'web')"
        ).fetchone()
        is not None
    )


def forget(db: sqlite_utils.Database, ids: list[str]) -> None:
    """Erased records: their mark and any copy kept for a conflict go too (inside the
    caller's transaction)."""
    if not ids:
        return
    marks = ",".join("?" * len(ids))
    db.execute(f"DELETE FROM pulled_records WHERE id IN ({marks})", ids)
    db.execute(f"DELETE FROM record_conflicts WHERE id IN ({marks})", ids)
