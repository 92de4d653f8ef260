"""FastAPI dependencies: the engine, the settings, and the caller behind the bearer token."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from lea_desktop.databank import db, laptops, repo, tokens
from lea_desktop.databank.limits import AuthLimiter
from lea_desktop.databank.settings import Settings
from lea_desktop.sync import protocol


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_engine(request: Request) -> Engine:
    return request.app.state.engine


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]

# The `since` cursor of every paged pull (events, tombstones, web sign-ups): 0 … 2^63−1, anything
# else answered 422 with the reason. Give it the default 0: `since: SinceQuery = 0`.
SinceQuery = Annotated[
    int,
    Query(ge=0, le=protocol.MAX_INT, description="the cursor of the last page seen; 0 at first"),
]


def unauthorized(message: str) -> HTTPException:
    return HTTPException(401, message, headers={"WWW-Authenticate": "Bearer"})


# Declares the bearer scheme (and which operations need it) in the OpenAPI description; the
# header itself is read below, where every way of getting it wrong is told apart.
BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="the laptop's token (`lea-databank token create`), in the Authorization header",
)


def require_token(
    request: Request,
    engine: EngineDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
) -> str:
    """The name of the laptop whose token came with the request (in the Authorization header:
    a token in a URL would be written to logs, so none is looked for there); 401 otherwise,
    429 for an address that failed too often (`limits.py`).

    A plain `def`: FastAPI runs it on its thread pool, so the database lookup never blocks the
    event loop.
    """
    header = request.headers.get("authorization")
    if header is None:
        raise unauthorized("A bearer token is required: Authorization: Bearer <token>.")
    limiter: AuthLimiter = request.app.state.auth_limiter
    address = request.client.host if request.client else ""
    wait = limiter.retry_after(address)
    if wait:
        raise HTTPException(
            429,
            f"Too many failed authentications from this address; try again in {wait} s.",
            headers={"Retry-After": str(wait)},
        )
    if credentials is None:  # not "Bearer <token>"
        limiter.failed(address)
        raise unauthorized("A bearer token is required: Authorization: Bearer <token>.")
    with db.read_connection(engine) as conn:  # never waits for a batch being stored
        name = tokens.verify(conn, credentials.credentials.strip())
    if name is None:
        limiter.failed(address)
        raise unauthorized("The token is not valid or has been revoked. Ask for a new one.")
    laptops.seen(engine, name)  # the console's "last seen": a write at most once a minute
    return name


CallerDep = Annotated[str, Depends(require_token)]


def owner_device(engine: Engine, caller: str, claimed: str) -> str:
    """The device id token `caller` speaks for, when a request names `claimed`: bound on the
    token's first use; 403 with the reason when the token belongs to another device (or the
    device to another token). Blocking: call it on the thread pool."""
    try:
        with db.read_connection(engine) as conn:  # nearly always bound already: a read
            bound = tokens.bound_device(conn, caller)
        if bound is not None:
            return tokens.check_bound(bound, claimed)
        with db.write_lock(engine), engine.begin() as conn:
            return tokens.bind_device(conn, caller, claimed)
    except tokens.DeviceRefused as refused:
        raise HTTPException(403, str(refused)) from None


async def raw_body(request: Request, caller: CallerDep) -> bytes:
    """The request's body, read with a size limit; 413 when too large.

    Only for a caller whose token was checked (`caller`): a request without a valid token is
    answered 401 before a byte of its body is read."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > protocol.MAX_BODY_BYTES:
        raise HTTPException(413, f"The request is larger than {protocol.MAX_BODY_BYTES} bytes.")
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > protocol.MAX_BODY_BYTES:
                raise HTTPException(
                    413, f"The request is larger than {protocol.MAX_BODY_BYTES} bytes."
                )
            chunks.append(chunk)
    except ClientDisconnect:
        # The client hung up before its whole body arrived (a Content-Length it never kept,
        # a dropped network): its fault, not the databank's, so no 500 and no error logged.
        raise HTTPException(
            400, "The client closed the connection before its body arrived."
        ) from None
    return b"".join(chunks)


def decode_json(body: bytes) -> Any:
    """The body's JSON; 400 when it is not JSON (or nests too deep)."""
    try:
        return protocol.decode_json(body)
    except protocol.ProtocolError as error:
        raise HTTPException(400, repo.not_json_message(error)) from None


RawBodyDep = Annotated[bytes, Depends(raw_body)]


async def json_body(body: RawBodyDep) -> Any:
    """The request's JSON, read with a size limit; 413 when too large, 400 when not JSON."""
    return await run_in_threadpool(decode_json, body)


BodyDep = Annotated[Any, Depends(json_body)]
