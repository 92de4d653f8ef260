"""The Audit log page: every sign-in (and failed one), view of a follower's page, export, edit
and erasure, newest first, searchable, paged. Coordinators only."""

from __future__ import annotations

import asyncio
import math

from fastapi import APIRouter, Request
from fastapi.responses import Response

from lea_desktop.databank import db
from lea_desktop.databank.console import access, audit, web

router = APIRouter(include_in_schema=False)
PER_PAGE = 50


def page_number(value: str) -> int:
    """`?page=` as a page number (1 when absent or not a number; at most 1,000,000)."""
    return int(value) if value.isdigit() and 0 < len(value) <= 7 and int(value) > 0 else 1


@router.get(web.PREFIX + "/audit")
async def audit_log(request: Request, session: web.SessionDep) -> Response:
    access.require_coordinator(session.viewer, "read the audit log")
    q = web.clean_param(request.query_params.get("q", ""), 200)
    page = page_number(request.query_params.get("page", ""))
    engine = request.app.state.engine

    def find() -> tuple[list[audit.Entry], int]:
        with db.read_connection(engine) as conn, conn.begin():
            return audit.search(conn, q, page=page, per_page=PER_PAGE)

    entries, total = await asyncio.to_thread(find)
    pages = max(1, math.ceil(total / PER_PAGE))
    return web.render(
        request, "audit.html", session=session, title="Audit log", entries=entries, q=q,
        page=page, pages=pages, total=total,
    )  # fmt: skip
