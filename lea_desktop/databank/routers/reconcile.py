"""`GET /api/v1/reconcile`: which of one laptop's records (ids and revisions) the databank holds."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from lea_desktop.databank import repo
from lea_desktop.databank.deps import CallerDep, EngineDep, SettingsDep
from lea_desktop.databank.openapi import response_schema
from lea_desktop.sync import protocol

router = APIRouter(tags=["reconcile"])


@router.get(
    protocol.RECONCILE,
    summary="Ids and revisions held for one laptop, in id order, paged",
    responses=response_schema("ReconcilePage"),
)
def reconcile(
    caller: CallerDep,
    engine: EngineDep,
    settings: SettingsDep,
    device_id: Annotated[str, Query(min_length=1, max_length=64)],
    event_id: Annotated[str | None, Query(max_length=64)] = None,
    after: Annotated[str, Query(max_length=36, description="`last` of the previous page")] = "",
) -> JSONResponse:
    with engine.begin() as conn:
        return JSONResponse(
            repo.held_records(conn, device_id, event_id, after, settings.page_size).to_json()
        )
