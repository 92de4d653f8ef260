"""`GET /api/v1/web-signups?since=`: the followers who signed up with the public form for the
asking laptop's events, so staff see them at their stand after the next sync.

A laptop receives only the web sign-ups of events its own device created (`events.origin_device`);
everything else it learns nothing of. Read-only: the records stay the public form's (device id
`web`), which no laptop may change.

A visitor whose address a laptop already collected updates that laptop's record instead
(`signup.confirm`): that record comes to its own laptop only, whatever the event, as the new
revision the databank made of it (the laptop adopts it if it has not changed it since).
"""

from __future__ import annotations

import json

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import Connection, and_, or_, select
from starlette.concurrency import run_in_threadpool

from lea_desktop.databank import db, tokens
from lea_desktop.databank.deps import CallerDep, EngineDep, SettingsDep, SinceQuery
from lea_desktop.databank.openapi import response_schema
from lea_desktop.sync import protocol

router = APIRouter(tags=["web sign-ups"])

_COLUMNS = (
    "id", "kind", "form_id", "form_version", "revision", "event_id", "device_id", "created_at",
    "updated_at", "collected_by", "source", "parent_id", "loi_status", "loi_date",
)  # fmt: skip


@router.get(
    protocol.WEB_SIGNUPS,
    summary="Web sign-ups of this laptop's events after a cursor",
    responses=response_schema("WebSignupPage"),
)
async def get_web_signups(
    caller: CallerDep,
    engine: EngineDep,
    settings: SettingsDep,
    since: SinceQuery = 0,
) -> JSONResponse:
    def read() -> protocol.WebSignupPage:
        with db.read_connection(engine) as conn, conn.begin():
            return web_signups_since(conn, caller, since, settings.page_size)

    return JSONResponse((await run_in_threadpool(read)).to_json())


def web_signups_since(
    conn: Connection, caller: str, since: int, limit: int
) -> protocol.WebSignupPage:
    device = tokens.bound_device(conn, caller)
    if device is None:  # a token not yet bound speaks for no device: it created no event
        return protocol.WebSignupPage([], since, False)
    own_events = select(db.events.c.id).where(db.events.c.origin_device == device)
    r, w = db.records.c, db.web_signups.c
    rows = conn.execute(
        select(*(getattr(r, c) for c in _COLUMNS), r.answers, r.consent, w.cursor)
        .join_from(db.web_signups, db.records, w.record_id == r.id)
        .where(
            w.cursor > since,
            or_(
                and_(r.device_id == tokens.WEB_DEVICE, w.event_id.in_(own_events)),
                r.device_id == device,
            ),
        )
        .order_by(w.cursor)
        .limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    records = [
        {
            **{c: getattr(row, c) for c in _COLUMNS},
            "answers": json.loads(row.answers),
            "consent": json.loads(row.consent) if row.consent else None,
        }
        for row in rows
    ]
    return protocol.WebSignupPage(records, rows[-1].cursor if rows else since, more)
