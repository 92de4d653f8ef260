"""The databank's FastAPI application: `create_app(settings)`."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from lea_desktop import __version__
from lea_desktop.databank import db, openapi, repo
from lea_desktop.databank.routers import events, health, reconcile, records, tombstones
from lea_desktop.databank.settings import Settings
from lea_desktop.databank.validation import ValidationPool
from lea_desktop.sync import protocol

log = logging.getLogger("lea_desktop.databank")


def create_app(settings: Settings, *, own_process: bool = False) -> FastAPI:
    """The databank app. `own_process`: the app is all its process serves (`lea-databank
    serve`), so start-up may tune the process's garbage collector (see `_settle_heap`) and
    start `settings.validation_workers` worker processes (see `validation.ValidationPool`)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = db.make_engine(settings.db_url)
        app.state.engine = engine
        app.state.databank_id = db.init_schema(engine)
        repo.warm_up()
        if own_process:
            _settle_heap()
        log.info("databank %s on %s", app.state.databank_id, db.describe_url(settings.db_url))
        # Worker processes validating batches' answers on the other cores: only for a process
        # that serves nothing else (an app built in a test validates in its own process).
        validation = ValidationPool(settings.validation_workers if own_process else 0)
        app.state.validation = validation
        await asyncio.to_thread(validation.start)
        try:
            yield
        finally:
            await asyncio.to_thread(validation.close)
            engine.dispose()

    app = FastAPI(
        title="LEA databank",
        version=__version__,
        description="Central store of LEA Follower registrations synced from LEA Desktop "
        f"laptops. Protocol version {protocol.API_VERSION}: see docs/protocol.md.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    for module in (health, records, events, tombstones, reconcile):
        app.include_router(module.router)

    # Every error answer is JSON `{"detail": …}`: a laptop (or a person with curl) never has to
    # read HTML, and an HTML answer on the laptop's side always means "not the databank".
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(
            protocol.error_body(str(error.detail)), error.status_code, headers=error.headers
        )

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError) -> JSONResponse:
        where = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}"
            for e in error.errors()
        )
        return JSONResponse(protocol.error_body(f"Bad request: {where}"), 422)

    @app.exception_handler(Exception)
    async def internal(request: Request, error: Exception) -> JSONResponse:
        log.error("internal error on %s: %s", request.url.path, type(error).__name__)
        return JSONResponse(protocol.error_body("Internal error in the databank."), 500)

    openapi.install(app)
    return app


def _settle_heap() -> None:
    """Move everything alive at start-up (forms and validators loaded) out of the garbage
    collector's sight (`gc.freeze`).

    The server's start-up heap (FastAPI, pydantic, SQLAlchemy, the forms, email-validator,
    phonenumbers) is ~90,000 objects that live as long as the process. A batch of records
    allocates enough to set off several full collections per 10,000 records, and each walked
    that whole heap (~40 ms, holding the GIL). Frozen objects are never collected, which is
    right for these; what batches allocate is still collected as before.
    """
    gc.collect()
    gc.freeze()
