"""`GET /api/v1/reconcile`: which of the calling laptop's records (ids and revisions) the databank
holds. A laptop asks only about its own device id (403 for another's)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from lea_desktop.databank import repo
from lea_desktop.databank.deps import CallerDep, EngineDep, SettingsDep, owner_device
from lea_desktop.databank.openapi import forbidden_response, response_schema
from lea_desktop.sync import protocol

router = APIRouter(tags=["reconcile"])


@router.get(
    protocol.RECONCILE,
    summary="Ids and revisions held for the calling laptop, in id order, paged",
    responses={**response_schema("ReconcilePage"), **forbidden_response()},
)
def reconcile(
    caller: CallerDep,
    engine: EngineDep,
    settings: SettingsDep,
    device_id: Annotated[str, Query(min_length=1, max_length=64, pattern=protocol.TEXT_PATTERN)],
    event_id: Annotated[str | None, Query(max_length=64, pattern=protocol.TEXT_PATTERN)] = None,
    after: Annotated[
        str,
        Query(
            max_length=36, pattern=protocol.TEXT_PATTERN, description="`last` of the previous page"
        ),
    ] = "",
) -> JSONResponse:
    device = owner_device(engine, caller, device_id)
    with engine.begin() as conn:
        return JSONResponse(
            repo.held_records(conn, device, event_id, after, settings.page_size).to_json()
        )
