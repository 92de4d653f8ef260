"""Erasures asked by laptops, and the erasure requests a coordinator decides.

A laptop erases the records it collected, and those in its token's scope (`scoped.py`), at once
(`from_laptop`: the databank's copy goes and a tombstone tells every laptop). A tombstone for a
record another laptop collected, outside the token's scope, is not obeyed:
it becomes an erasure request (who asked, from which token and device, when, which record) that
a coordinator approves — the erasure then happens as any other — or rejects, with
`lea-databank erasure-requests list|approve ID|reject ID`. Without this, any laptop's token
could erase every follower of the consortium. An id the databank does not hold is answered
`unknown` and nothing is kept for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select, update

from lea_desktop.databank import db, repo, scoped
from lea_desktop.domain import clock
from lea_desktop.sync.protocol import REQUESTED, UNCHANGED, UNKNOWN, Outcome

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"


class RequestError(ValueError):
    """An erasure request that cannot be decided (unknown id, decided already); says why."""


@dataclass(frozen=True)
class ErasureRequest:
    id: int
    record_id: str
    requested_by: str
    device_id: str
    token_name: str
    requested_at: str
    status: str
    decided_at: str | None
    decided_by: str
    held: bool  # the databank still holds the record


def from_laptop(
    conn: Connection, ids: list[str], device: str, via: str, requested_by: str
) -> list[Outcome]:
    """A laptop's tombstones (`device`: its token's device; `via`: the token's name), one
    outcome per id: `created` (its own record or one of its scope, erased now), `unchanged`
    (erased already), `requested` (another laptop's record outside its scope: an erasure
    request waits for a coordinator),
    `unknown` (not held: nothing erased, nothing kept)."""
    outcomes: list[Outcome] = []
    judge = scoped.Judge.of(conn, via, device)
    for rid in ids:
        if conn.execute(select(db.tombstones.c.id).where(db.tombstones.c.id == rid)).first():
            outcomes.append(Outcome(rid, 0, UNCHANGED))
            continue
        held = conn.execute(
            select(db.records.c.device_id, db.records.c.event_id).where(db.records.c.id == rid)
        ).first()
        if held is None:
            outcomes.append(Outcome(rid, 0, UNKNOWN, repo.NOT_HELD))
        elif held.device_id == device or judge.may_change(held.device_id, held.event_id):
            outcomes.extend(repo.erase(conn, [rid], device, via))
        else:
            number = _request(conn, rid, device, via, requested_by)
            outcomes.append(
                Outcome(
                    rid,
                    0,
                    REQUESTED,
                    f"another laptop collected this record: erasure request {number} waits "
                    "for a coordinator",
                )
            )
    return outcomes


def _request(conn: Connection, record_id: str, device: str, via: str, requested_by: str) -> int:
    """The number of the pending request for `record_id` from this laptop, made if there is
    none (a batch sent again asks once)."""
    t = db.erasure_requests
    found = conn.execute(
        select(t.c.id).where(
            t.c.record_id == record_id, t.c.device_id == device, t.c.status == PENDING
        )
    ).scalar()
    if found is not None:
        return int(found)
    made = conn.execute(
        t.insert().values(
            record_id=record_id,
            requested_by=requested_by,
            device_id=device,
            token_name=via,
            requested_at=clock.now_iso(),
            status=PENDING,
            decided_at=None,
            decided_by="",
        )
    )
    return int(made.inserted_primary_key[0])


def list_requests(conn: Connection, *, every: bool = False) -> list[ErasureRequest]:
    """Pending requests, oldest first (`every`: decided ones too)."""
    t = db.erasure_requests
    held = select(db.records.c.id).where(db.records.c.id == t.c.record_id).exists()
    q = select(t, held.label("held")).order_by(t.c.id)
    if not every:
        q = q.where(t.c.status == PENDING)
    return [
        ErasureRequest(
            int(r.id),
            r.record_id,
            r.requested_by,
            r.device_id,
            r.token_name,
            r.requested_at,
            r.status,
            r.decided_at,
            r.decided_by,
            bool(r.held),
        )
        for r in conn.execute(q)
    ]


def _pending(conn: Connection, number: int) -> str:
    """The record id of pending request `number`; RequestError when there is none."""
    t = db.erasure_requests
    row = conn.execute(select(t.c.record_id, t.c.status).where(t.c.id == number)).first()
    if row is None:
        raise RequestError(f"No erasure request {number}. See: lea-databank erasure-requests list")
    if row.status != PENDING:
        raise RequestError(f"Erasure request {number} was {row.status} already.")
    return str(row.record_id)


def approve(conn: Connection, number: int, by: str) -> Outcome:
    """Erase the record of request `number` (and what is attached to it) as a tombstone every
    laptop follows; every pending request for that record is approved with it."""
    record_id = _pending(conn, number)
    t = db.erasure_requests
    device = conn.execute(select(t.c.device_id).where(t.c.id == number)).scalar_one()
    outcome = repo.erase(conn, [record_id], str(device), f"erasure request {number}")[0]
    conn.execute(
        update(t)
        .where(t.c.record_id == record_id, t.c.status == PENDING)
        .values(status=APPROVED, decided_at=clock.now_iso(), decided_by=by)
    )
    return outcome


def reject(conn: Connection, number: int, by: str) -> str:
    """Close request `number` without erasing; the record id."""
    record_id = _pending(conn, number)
    t = db.erasure_requests
    conn.execute(
        update(t)
        .where(t.c.id == number)
        .values(status=REJECTED, decided_at=clock.now_iso(), decided_by=by)
    )
    return record_id
