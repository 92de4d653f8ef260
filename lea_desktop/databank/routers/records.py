"""`POST /api/v1/records/batch`: registrations from a laptop, one outcome per record."""

from __future__ import annotations

import threading

from fastapi import APIRouter, HTTPException
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from lea_desktop.databank import repo
from lea_desktop.databank.deps import CallerDep, EngineDep, RawBodyDep, SettingsDep, decode_json
from lea_desktop.databank.openapi import body_schema, response_schema
from lea_desktop.sync import protocol

router = APIRouter(tags=["records"])


@router.post(
    protocol.RECORDS_BATCH,
    summary="Store a batch of records (idempotent by UUID and revision)",
    openapi_extra=body_schema("RecordBatchRequest"),
    responses=response_schema("BatchResult"),
)
async def post_records(
    body: RawBodyDep, caller: CallerDep, engine: EngineDep, settings: SettingsDep
) -> JSONResponse:
    def check_and_store() -> list[protocol.Outcome]:
        # One trip to the thread pool for the whole batch. Its CPU work (decoding, checks,
        # hashing) runs one batch at a time: batches in flight together would share the GIL
        # and all finish late, leaving the databank idle while their laptops catch up; in
        # turn, each finishes as soon as it can. The checks run before the write transaction,
        # so the next batch is checked while this one commits.
        with _CHECKING:
            try:
                batch = protocol.parse_record_batch(decode_json(body))
            except protocol.ProtocolError as error:
                raise HTTPException(400, f"Not a record batch: {error}.") from None
            if len(batch.records) > settings.max_batch:
                raise HTTPException(413, f"At most {settings.max_batch} records in one batch.")
            prepared = repo.prepare_records(batch.records)
        return repo.in_transaction(engine, lambda conn: repo.store_records(conn, prepared, caller))

    outcomes = await run_in_threadpool(check_and_store)
    repo.log.info("records batch from %s: %s", caller, _tally(o.status for o in outcomes))
    return JSONResponse(protocol.BatchResult(outcomes).to_json())


_CHECKING = threading.Lock()


def _tally(statuses) -> str:  # type: ignore[no-untyped-def]
    counts: dict[str, int] = {}
    for s in statuses:
        counts[s] = counts.get(s, 0) + 1
    return ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "empty"
