"""Events both ways: `POST /api/v1/events/batch` and `GET /api/v1/events?since=CURSOR`."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from lea_desktop.databank import repo
from lea_desktop.databank.deps import (
    BodyDep,
    CallerDep,
    EngineDep,
    SettingsDep,
    SinceQuery,
    owner_device,
)
from lea_desktop.databank.openapi import body_schema, forbidden_response, response_schema
from lea_desktop.sync import protocol

router = APIRouter(tags=["events"])


@router.post(
    protocol.EVENTS_BATCH,
    summary="Store events created or edited on a laptop (only the laptop that created an event "
    "changes it)",
    openapi_extra=body_schema("EventBatchRequest"),
    responses={**response_schema("BatchResult"), **forbidden_response()},
)
async def post_events(
    body: BodyDep, caller: CallerDep, engine: EngineDep, settings: SettingsDep
) -> JSONResponse:
    try:
        batch = protocol.parse_event_batch(body)
    except protocol.ProtocolError as error:
        raise HTTPException(400, f"Not an event batch: {error}.") from None
    if len(batch.events) > settings.max_batch:
        raise HTTPException(413, f"At most {settings.max_batch} events in one batch.")

    device = await run_in_threadpool(owner_device, engine, caller, batch.device_id)

    def work(conn):  # type: ignore[no-untyped-def]
        return repo.ingest_events(conn, device, batch.events, caller)

    outcomes = await run_in_threadpool(repo.in_transaction, engine, work)
    return JSONResponse(protocol.BatchResult(outcomes).to_json())


@router.get(
    protocol.EVENTS,
    summary="Events changed after a cursor, oldest change first",
    responses=response_schema("EventPage"),
)
def get_events(
    caller: CallerDep,
    engine: EngineDep,
    settings: SettingsDep,
    since: SinceQuery = 0,
) -> JSONResponse:
    with engine.begin() as conn:
        return JSONResponse(repo.events_since(conn, since, settings.page_size).to_json())
