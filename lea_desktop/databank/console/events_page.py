"""The Events page (`/console/events`): every event the laptops sent, with its followers, and a
link to its dashboard. An event belongs to the laptop that created it (only that laptop may
change it, `repo.ingest_events`), so it is edited there, not here."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import func, select

from lea_desktop.databank import db
from lea_desktop.databank.console import web
from lea_desktop.domain import kpi
from lea_desktop.domain.countries import country_name

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class EventRow:
    id: str
    name: str
    city: str
    country: str
    starts: str
    ends: str
    kind: str
    responsible_partner: str
    archived: bool
    followers: int


def event_rows(conn) -> list[EventRow]:  # type: ignore[no-untyped-def]
    """Every event, newest first, with its followers (one grouped count)."""
    e, r = db.events.c, db.records.c
    counts = (
        select(r.event_id.label("id"), func.count().label("n"))
        .where(r.kind == kpi.FOLLOWER)
        .group_by(r.event_id)
        .subquery()
    )
    rows = conn.execute(
        select(
            e.id,
            e.name,
            e.city,
            e.country,
            e.starts,
            e.ends,
            e.kind,
            e.responsible_partner,
            e.archived,
            counts.c.n,
        )
        .select_from(db.events.outerjoin(counts, counts.c.id == e.id))
        .order_by(e.starts.desc(), func.lower(e.name))
    )
    return [EventRow(*row[:9], followers=int(row[9] or 0)) for row in rows]


@router.get(web.PREFIX + "/events")
async def events_page(request: Request, session: web.SessionDep) -> Response:
    def load() -> list[EventRow]:
        with db.read_connection(request.app.state.engine) as conn:
            return event_rows(conn)

    rows = await asyncio.to_thread(load)
    return web.render(
        request, "events.html", session=session, title="Events", events=rows,
        country_name=country_name,
    )  # fmt: skip
