"""`POST /api/v1/records/batch`: registrations from a laptop, one outcome per record."""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from lea_desktop.databank import repo
from lea_desktop.databank.deps import CallerDep, EngineDep, RawBodyDep, SettingsDep, decode_json
from lea_desktop.databank.openapi import body_schema, response_schema
from lea_desktop.databank.settings import Settings
from lea_desktop.databank.validation import ValidationPool, check_here
from lea_desktop.sync import protocol

router = APIRouter(tags=["records"])


@router.post(
    protocol.RECORDS_BATCH,
    summary="Store a batch of records (idempotent by UUID and revision)",
    openapi_extra=body_schema("RecordBatchRequest"),
    responses=response_schema("BatchResult"),
)
async def post_records(
    request: Request,
    body: RawBodyDep,
    caller: CallerDep,
    engine: EngineDep,
    settings: SettingsDep,
) -> JSONResponse:
    validation: ValidationPool | None = getattr(request.app.state, "validation", None)
    if validation is None or not validation.running:
        outcomes = await run_in_threadpool(_check_and_store, body, caller, engine, settings)
    else:
        # Parse and hash here, validate the answers in the worker processes (this process
        # meanwhile reads, decodes and stores other batches), then store: the same outcomes
        # as validating here. A small batch, or a pool that broke on the way, is checked here.
        prepared = await run_in_threadpool(_prepare, body, settings)
        jobs = repo.validation_jobs(prepared)
        checked = await validation.check(jobs) if validation.wants(jobs) else None
        outcomes = await run_in_threadpool(
            _store, body, caller, engine, settings, prepared, jobs, checked
        )
    repo.log.info("records batch from %s: %s", caller, _tally(o.status for o in outcomes))
    return JSONResponse(protocol.BatchResult(outcomes).to_json())


def _prepare(body: bytes, settings: Settings) -> list[Any]:
    with _Turn():
        return _parse(body, settings, False)


def _parse(body: bytes, settings: Settings, validate_answers: bool) -> list[Any]:
    try:
        batch = protocol.parse_record_batch(decode_json(body))
    except protocol.ProtocolError as error:
        raise HTTPException(400, f"Not a record batch: {error}.") from None
    if len(batch.records) > settings.max_batch:
        raise HTTPException(413, f"At most {settings.max_batch} records in one batch.")
    return repo.prepare_records(batch.records, validate_answers=validate_answers)


def _check_and_store(
    body: bytes, caller: str, engine: Engine, settings: Settings
) -> list[protocol.Outcome]:
    return _store(body, caller, engine, settings, None, [], None)


def _store(
    body: bytes,
    caller: str,
    engine: Engine,
    settings: Settings,
    prepared: list[Any] | None,
    jobs: list[repo.Job],
    checked: list[repo.Checked] | None,
) -> list[protocol.Outcome]:
    """Store a batch: `prepared` already parsed (None: parse and validate it here), with
    `jobs` validated by the workers (`checked`) or, when None, here."""
    # One trip to the thread pool for the whole batch, and one batch at a time in this
    # process from decoding to the last INSERT: batches in flight together would share
    # the GIL (SQLite hands it back at every row it writes, and then waits its turn), all
    # finish late and leave the databank idle while their laptops catch up. The turn is
    # handed on before the COMMIT, a disk flush, so the next batch is checked meanwhile.
    with _Turn() as turn:
        if prepared is None:
            prepared = _parse(body, settings, True)
        else:
            repo.apply_checks(prepared, check_here(jobs) if checked is None else checked)
        if engine.dialect.name != "sqlite":
            turn.release()  # PostgreSQL: row locks and network waits, no GIL to share
        ready = prepared
        return repo.in_transaction(
            engine,
            lambda conn: repo.store_records(conn, ready, caller),
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
