"""The console's audit log: who did what, when, from which address. Kept (never purged by the
databank), searchable on the Audit log page. Entries name ids and counts, never answers.

Failed sign-ins are entries too, and the sign-in limit counts them here (`failures_since`), so
every `serve --workers` process sees the same count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, func, or_, select

from lea_desktop.databank import db
from lea_desktop.domain import clock

SIGN_IN = "sign-in"
SIGN_IN_FAILED = "sign-in failed"
SIGN_OUT = "sign-out"
VIEW_FOLLOWER = "view follower"
EDIT_FOLLOWER = "edit follower"
ERASE_FOLLOWER = "erase follower"
EXPORT = "export"


@dataclass(frozen=True)
class Entry:
    id: int
    at: str
    actor: str
    action: str
    target: str
    detail: str
    address: str


def record(
    conn: Connection, actor: str, action: str, target: str = "", detail: str = "", address: str = ""
) -> None:
    """Keep one entry, in the caller's transaction (it is kept if and only if what it says
    happened is)."""
    conn.execute(
        db.audit_log.insert().values(
            at=clock.now_iso(),
            actor=actor[:100],
            action=action[:40],
            target=target[:200],
            detail=detail[:2000],
            address=address[:64],
        )
    )


def failures_since(
    conn: Connection, seconds: int, *, address: str, username: str
) -> tuple[int, int]:
    """Failed sign-ins in the last `seconds`: (from `address`, for `username`)."""
    since = clock.iso(clock.now() - dt.timedelta(seconds=seconds))
    a = db.audit_log
    recent = (a.c.action == SIGN_IN_FAILED) & (a.c.at >= since)
    by_address = conn.execute(
        select(func.count()).where(recent, a.c.address == address)
    ).scalar_one()
    by_name = conn.execute(select(func.count()).where(recent, a.c.target == username)).scalar_one()
    return int(by_address), int(by_name)


def search(conn: Connection, q: str, *, page: int, per_page: int) -> tuple[list[Entry], int]:
    """Entries whose actor, action, target, detail or address contain `q` (any case), newest
    first; one page of them and how many match in all."""
    a = db.audit_log
    where = []
    if q:
        pattern = (
            "%" + q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        )
        where.append(
            or_(
                *(
                    func.lower(c).like(pattern, escape="\\")
                    for c in (a.c.actor, a.c.action, a.c.target, a.c.detail, a.c.address)
                )
            )
        )
    total = int(conn.execute(select(func.count()).select_from(a).where(*where)).scalar_one())
    rows = conn.execute(
        select(a)
        .where(*where)
        .order_by(a.c.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return [
        Entry(r.id, r.at, r.actor, r.action, r.target, r.detail, r.address) for r in rows
    ], total
