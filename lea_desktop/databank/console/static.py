"""The console's style sheet and its images, served from the package (no
third-party request): `/console/static/<name>`."""

from __future__ import annotations

from functools import cache

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from lea_desktop.databank.console import web
from lea_desktop.paths import resource

router = APIRouter(include_in_schema=False)
FILES = {"console.css": "text/css; charset=utf-8"}


@cache
def _read(name: str) -> bytes:
    return resource("databank", "console", name).read_bytes()


@router.get(web.PREFIX + "/static/{name}")
async def static_file(name: str) -> Response:
    if name not in FILES:
        raise HTTPException(404, "No such file.")
    return Response(
        _read(name),
        media_type=FILES[name],
        headers={"Cache-Control": "max-age=3600", "X-Content-Type-Options": "nosniff"},
    )
