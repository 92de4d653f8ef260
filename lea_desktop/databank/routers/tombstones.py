"""Erasures both ways, UUIDs only: `POST /api/v1/tombstones`, `GET /api/v1/tombstones?since=`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from lea_desktop.databank import repo
from lea_desktop.databank.deps import BodyDep, CallerDep, EngineDep, SettingsDep
from lea_desktop.databank.openapi import body_schema, response_schema
from lea_desktop.sync import protocol

router = APIRouter(tags=["tombstones"])


@router.post(
    protocol.TOMBSTONES,
    summary="Erase records (and records attached to them) by UUID",
    openapi_extra=body_schema("TombstoneBatchRequest"),
    responses=response_schema("BatchResult"),
)
async def post_tombstones(
    body: BodyDep, caller: CallerDep, engine: EngineDep, settings: SettingsDep
) -> JSONResponse:
    try:
        batch = protocol.parse_tombstone_batch(body)
    except protocol.ProtocolError as error:
        raise HTTPException(400, f"Not a tombstone batch: {error}.") from None
    if len(batch.ids) > settings.max_batch:
        raise HTTPException(413, f"At most {settings.max_batch} ids in one batch.")

    def work(conn):  # type: ignore[no-untyped-def]
        return repo.erase(conn, batch.ids, batch.device_id, caller)

    outcomes = await run_in_threadpool(repo.in_transaction, engine, work)
    repo.log.info("erasures from %s: %d", caller, len(outcomes))
    return JSONResponse(protocol.BatchResult(outcomes).to_json())


@router.get(
    protocol.TOMBSTONES,
    summary="UUIDs erased after a cursor",
    responses=response_schema("TombstonePage"),
)
def get_tombstones(
    caller: CallerDep,
    engine: EngineDep,
    settings: SettingsDep,
    since: Annotated[
        int, Query(ge=0, description="the cursor of the last page seen; 0 at first")
    ] = 0,
) -> JSONResponse:
    with engine.begin() as conn:
        return JSONResponse(repo.tombstones_since(conn, since, settings.page_size).to_json())
