"""`GET /api/v1/directory?since=CURSOR[&limit=N]`: the consortium's follower directory, without
personal data (`databank/directory.py`), for every laptop token; paged by change cursor."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from lea_desktop.databank import db, directory, tokens
from lea_desktop.databank.deps import CallerDep, EngineDep, SettingsDep, SinceQuery
from lea_desktop.databank.openapi import response_schema
from lea_desktop.sync import protocol

router = APIRouter(tags=["directory"])


@router.get(
    protocol.DIRECTORY,
    summary="Directory entries (followers without personal data) changed after a cursor",
    responses=response_schema("DirectoryPage"),
)
async def get_directory(
    caller: CallerDep,
    engine: EngineDep,
    settings: SettingsDep,
    since: SinceQuery = 0,
    limit: Annotated[
        int | None,
        Query(
            ge=1,
            le=protocol.MAX_PAGE,
            description="entries in one page at most (the databank's page size when not given)",
        ),
    ] = None,
) -> Response:
    size = limit or settings.page_size

    def read() -> bytes:
        with db.read_connection(engine) as conn, conn.begin():
            # The caller's own followers are left out: its laptop holds them in full.
            own = tokens.bound_device(conn, caller)
            return directory.page_json(conn, since, size, own).encode("utf-8")

    return Response(await run_in_threadpool(read), media_type="application/json")
