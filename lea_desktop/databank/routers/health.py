"""`GET /api/v1/health` (no token: the laptop's connectivity probe) and `GET /api/v1/whoami`."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from lea_desktop.databank.deps import CallerDep
from lea_desktop.databank.openapi import response_schema
from lea_desktop.sync import protocol

router = APIRouter(tags=["health"])


@router.get(
    protocol.HEALTH,
    summary="Service name, API version and databank id",
    responses=response_schema("Health"),
)
def health(request: Request) -> JSONResponse:
    """What a laptop checks before syncing. Anything other than this JSON (a login page, a
    redirect, a proxy error) tells it the network is not really online."""
    return JSONResponse(
        protocol.Health(
            protocol.SERVICE, protocol.API_VERSION, request.app.state.databank_id
        ).to_json()
    )


@router.get(
    protocol.WHOAMI,
    summary="The laptop name the token belongs to, and the consortium key",
    responses=response_schema("WhoAmI"),
)
def whoami(request: Request, caller: CallerDep) -> JSONResponse:
    """The consortium key (`consortium_key`, 64 hex digits) lets the laptop hash an email
    address as the follower directory does (`email_key`), to recognise a follower offline."""
    return JSONResponse(protocol.WhoAmI(caller, request.app.state.consortium_key.hex()).to_json())
