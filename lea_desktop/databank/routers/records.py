"""`POST /api/v1/records/batch`: registrations from a laptop, one outcome per record.
`GET /api/v1/records?since=`: the full records of the token's scope other laptops wrote
(`scoped.py`)."""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from lea_desktop.databank import db, repo, scoped
from lea_desktop.databank.deps import CallerDep, EngineDep, RawBodyDep, SettingsDep, owner_device
from lea_desktop.databank.openapi import body_schema, forbidden_response, response_schema
from lea_desktop.databank.settings import Settings
from lea_desktop.databank.validation import ValidationPool
from lea_desktop.sync import protocol, scope_protocol

router = APIRouter(tags=["records"])


@router.get(
    scope_protocol.RECORDS,
    summary="Records of this laptop's scope that others wrote, after a cursor",
    responses={**response_schema("RecordPage"), **forbidden_response()},
)
async def get_records(
    caller: CallerDep,
    engine: EngineDep,
    settings: SettingsDep,
    device_id: Annotated[
        str,
        Query(
            min_length=1,
            max_length=64,
            pattern=protocol.TEXT_PATTERN,
            description="the asking laptop's id (its token's)",
        ),
    ],
    since: Annotated[
        int,
        Query(
            ge=0, le=protocol.MAX_INT, description="the cursor of the last page seen; 0 at first"
        ),
    ] = 0,
) -> JSONResponse:
    def read() -> scope_protocol.RecordPage:
        device = owner_device(engine, caller, device_id)
        with db.read_connection(engine) as conn, conn.begin():
            return scoped.records_since(conn, caller, device, since, settings.page_size)

    return JSONResponse((await run_in_threadpool(read)).to_json())


@router.post(
    protocol.RECORDS_BATCH,
    summary="Store a batch of records (idempotent by UUID and revision)",
    openapi_extra=body_schema("RecordBatchRequest"),
    responses={**response_schema("BatchResult"), **forbidden_response()},
)
async def post_records(
    request: Request,
    body: RawBodyDep,
    caller: CallerDep,
    engine: EngineDep,
    settings: SettingsDep,
) -> JSONResponse:
    validation: ValidationPool | None = getattr(request.app.state, "validation", None)
    prepared = None
    if validation is not None and validation.wants(body):
        # Decoded, checked, hashed and validated in a worker process, while this one reads
        # other requests and stores other batches: the same result as preparing it here. A
        # pool that broke on the way leaves the batch to `_store`.
        try:
            prepared = await validation.prepare(body, settings.max_batch)
        except repo.BatchRefused as refused:
            raise HTTPException(refused.status, refused.message) from None
    outcomes = await run_in_threadpool(_store, body, caller, engine, settings, prepared)
    repo.log.info("records batch from %s: %s", caller, _tally(o.status for o in outcomes))
    return JSONResponse(protocol.BatchResult(outcomes).to_json())


def _store(
    body: bytes,
    caller: str,
    engine: Engine,
    settings: Settings,
    prepared: repo.PreparedBatch | None,
) -> list[protocol.Outcome]:
    """Store a batch, `prepared` by a worker or (None) prepared here first; 403 when its
    envelope names another device than the token's."""
    # One trip to the thread pool for the whole batch, and one batch at a time in this
    # process from decoding to the last INSERT: batches in flight together would share
    # the GIL (SQLite hands it back at every row it writes, and then waits its turn), all
    # finish late and leave the databank idle while their laptops catch up. The turn is
    # handed on before the COMMIT, a disk flush, so the next batch is checked meanwhile.
    with _Turn() as turn:
        if prepared is None:
            try:
                prepared = repo.prepare_body(body, settings.max_batch)
            except repo.BatchRefused as refused:
                raise HTTPException(refused.status, refused.message) from None
        device = owner_device(engine, caller, prepared.device_id)
        if engine.dialect.name != "sqlite":
            turn.release()  # PostgreSQL: row locks and network waits, no GIL to share
        ready = prepared.items
        return repo.in_transaction(
            engine,
            lambda conn: repo.store_records(conn, ready, caller, device),
            before_commit=turn.release,
        )


class _Turn:
    """This process's turn to work on a record batch (see `post_records`)."""

    _lock = threading.Lock()

    def __init__(self) -> None:
        self.held = False

    def __enter__(self) -> _Turn:
        self._lock.acquire()
        self.held = True
        return self

    def release(self) -> None:
        if self.held:
            self.held = False
            self._lock.release()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _tally(statuses) -> str:  # type: ignore[no-untyped-def]
    counts: dict[str, int] = {}
    for s in statuses:
        counts[s] = counts.get(s, 0) + 1
    return ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "empty"
