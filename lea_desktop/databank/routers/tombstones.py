"""Erasures both ways, UUIDs only: `POST /api/v1/tombstones`, `GET /api/v1/tombstones?since=`.

A laptop erases its own records at once; for another laptop's record its tombstone becomes an
erasure request for a coordinator (see `databank/erasures.py`)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from lea_desktop.databank import erasures, repo
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

router = APIRouter(tags=["tombstones"])


@router.post(
    protocol.TOMBSTONES,
    summary="Erase this laptop's records (and records attached to them) by UUID; ask for "
    "another laptop's",
    openapi_extra=body_schema("TombstoneBatchRequest"),
    responses={**response_schema("BatchResult"), **forbidden_response()},
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

    device = await run_in_threadpool(owner_device, engine, caller, batch.device_id)

    def work(conn):  # type: ignore[no-untyped-def]
        return erasures.from_laptop(conn, batch.ids, device, caller, batch.requested_by)

    outcomes = await run_in_threadpool(repo.in_transaction, engine, work)
    repo.log.info(
        "erasures from %s: %s", caller, ", ".join(f"{n} {s}" for s, n in _tally(outcomes)) or "none"
    )
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
    since: SinceQuery = 0,
) -> JSONResponse:
    with engine.begin() as conn:
        return JSONResponse(repo.tombstones_since(conn, since, settings.page_size).to_json())


def _tally(outcomes: list[protocol.Outcome]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
    return sorted(counts.items())
