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
        # One trip to the thread pool for the whole batch, and one batch at a time in this
        # process from decoding to the last INSERT: batches in flight together would share
        # the GIL (SQLite hands it back at every row it writes, and then waits its turn), all
        # finish late and leave the databank idle while their laptops catch up. The turn is
        # handed on before the COMMIT, a disk flush, so the next batch is checked meanwhile.
        with _Turn() as turn:
            try:
                batch = protocol.parse_record_batch(decode_json(body))
            except protocol.ProtocolError as error:
                raise HTTPException(400, f"Not a record batch: {error}.") from None
            if len(batch.records) > settings.max_batch:
                raise HTTPException(413, f"At most {settings.max_batch} records in one batch.")
            prepared = repo.prepare_records(batch.records)
            if engine.dialect.name != "sqlite":
                turn.release()  # PostgreSQL: row locks and network waits, no GIL to share
            return repo.in_transaction(
                engine,
                lambda conn: repo.store_records(conn, prepared, caller),
                before_commit=turn.release,
            )

    outcomes = await run_in_threadpool(check_and_store)
    repo.log.info("records batch from %s: %s", caller, _tally(o.status for o in outcomes))
    return JSONResponse(protocol.BatchResult(outcomes).to_json())


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
