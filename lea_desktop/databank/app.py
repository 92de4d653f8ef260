"""The databank's FastAPI application: `create_app(settings)`."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
import traceback
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lea_desktop import __version__
from lea_desktop.databank import (
    console,
    db,
    mail,
    openapi,
    outbox,
    public_map,
    repo,
    signup,
    webhooks,
)
from lea_desktop.databank import directory as directory_store
from lea_desktop.databank.limits import AuthLimiter
from lea_desktop.databank.routers import (
    directory,
    events,
    health,
    join,
    public,
    reconcile,
    records,
    tombstones,
    web_signups,
)
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
        sqlite_file = db.is_sqlite_file(settings.db_url)
        engine = db.make_engine(settings.db_url, background_checkpoints=sqlite_file)
        app.state.engine = engine
        app.state.databank_id = db.init_schema(engine)
        checkpoints = db.Checkpointer(engine) if sqlite_file else None
        if checkpoints is not None:
            checkpoints.start()
        repo.warm_up()
        if own_process:
            _settle_heap()
        log.info("databank %s on %s", app.state.databank_id, db.describe_url(settings.db_url))
        # Worker processes validating batches' answers on the other cores: only for a process
        # that serves nothing else (an app built in a test validates in its own process).
        validation = ValidationPool(settings.validation_workers if own_process else 0)
        app.state.validation = validation
        await asyncio.to_thread(validation.start)
        app.state.join_signer = signup.Signer(
            await asyncio.to_thread(signup.signing_secret, engine)
        )
        app.state.consortium_key = bytes.fromhex(
            await asyncio.to_thread(directory_store.consortium_key, engine)
        )
        # A databank from before the directory: its followers get their entries once.
        await asyncio.to_thread(directory_store.fill_missing, engine)
        app.state.join_mail = (
            mail.parse_smtp_url(settings.smtp_url) if settings.signup_ready else None
        )
        purging = asyncio.create_task(join.purge_loop(app))
        delivering = asyncio.create_task(webhooks.delivery_loop(app, settings.webhook_backoff))
        tasks = [purging, delivering]
        app.state.outbox = None
        if app.state.join_mail is not None:
            # The confirmation emails go out from here, never inside a visitor's request.
            app.state.outbox = outbox.Outbox(
                engine, app.state.join_mail,
                join.outbox_email(settings, app.state.join_signer), settings.mail_backoff,
            )  # fmt: skip
            tasks.append(asyncio.create_task(app.state.outbox.run()))
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await asyncio.to_thread(validation.close)
            await asyncio.to_thread(mail.close_idle)
            if checkpoints is not None:
                await asyncio.to_thread(checkpoints.stop)
            engine.dispose()

    app = FastAPI(
        title="LEA databank",
        version=__version__,
        description="Central store of LEA Follower registrations synced from LEA Desktop "
        f"laptops. Protocol version {protocol.API_VERSION}: see docs/protocol.md.",
        lifespan=lifespan,
        # No browsable docs: FastAPI's pages load Swagger UI and ReDoc from a CDN (a
        # third-party request, and nothing at a fair without Internet). The schema itself is
        # at /openapi.json, for any viewer one trusts.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.auth_limiter = AuthLimiter(settings.auth_failures, settings.auth_window)
    app.state.join_limiter = join.SignupLimiter(settings.join_limit, settings.join_window)
    app.state.public_limiter = public.public_limiter()
    app.state.public_map = public_map.MapCache()
    # The public sign-up form's pages are HTML (their errors too): it answers people.
    app.include_router(join.router)
    console.install(app)  # the coordinators' web console, /console/ (HTML, errors too)
    methods: dict[str, set[str]] = {}  # path → every method some route answers there
    for module in (health, records, events, tombstones, reconcile, web_signups, public, directory):
        app.include_router(module.router)
        for route in module.router.routes:
            methods.setdefault(route.path, set()).update(getattr(route, "methods", None) or ())

    # Every error answer is JSON `{"detail": …}`: a laptop (or a person with curl) never has to
    # read HTML, and an HTML answer on the laptop's side always means "not the databank".
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if console.is_console(request):
            return console.error_response(request, error)
        headers = error.headers
        allowed = methods.get(request.url.path)
        if error.status_code == 405 and allowed:
            # Starlette names the methods of the first route on the path only (POST of
            # /tombstones, not its GET): name every route's.
            headers = {**(headers or {}), "Allow": ", ".join(sorted(allowed))}
        return JSONResponse(
            protocol.error_body(str(error.detail)), error.status_code, headers=headers
        )

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError) -> Response:
        where = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}"
            for e in error.errors()
        )
        if console.is_console(request):
            return console.error_response(request, StarletteHTTPException(422, where))
        return JSONResponse(protocol.error_body(f"Bad request: {where}"), 422)

    openapi.install(app)
    app.add_middleware(AccessLog)
    return app


access_log = logging.getLogger("lea_desktop.databank.access")


class AccessLog:
    """One line per request: client address, method, path and status, never the query string
    (where a misguided client might put a token or a name) and never a header.

    It replaces uvicorn's access log, which prints the query string (`serve` turns that off).
    An exception no handler took (a bug) is answered 500 here, and logged without its message
    (`_log_internal`): left to Starlette and uvicorn, its whole text would reach the log, and a
    database error's text can quote the row it failed on.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # unless an answer starts: the request failed on the way
        started = False

        async def watch(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status, started = message["status"], True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as error:  # a bug: answered here, so nothing logs its message
            status = 500
            _log_internal(scope["path"], error)
            if not started:
                body = json.dumps(protocol.error_body("Internal error in the databank.")).encode()
                await send(
                    {
                        "type": "http.response.start",
                        "status": 500,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": body})
        finally:
            client = scope.get("client")
            # The path as sent (percent-encoded: no line breaks in the log), cut short.
            path = scope.get("raw_path") or scope["path"].encode("utf-8")
            if path.startswith(b"/join/confirm/"):  # the link's token is a key: never logged
                path = b"/join/confirm/***"
            access_log.info(
                '%s "%s %s" %d',
                client[0] if client else "-",
                scope["method"],
                path[:200].decode("ascii", "backslashreplace"),
                status,
            )


def _log_internal(path: str, error: BaseException) -> None:
    """An internal error in the log: its type and where it was raised (file, line, code),
    never its message or the values it carried."""
    frames = "".join(traceback.format_tb(error.__traceback__))
    log.error("internal error on %s: %s\n%s", path, type(error).__name__, frames.rstrip())


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
