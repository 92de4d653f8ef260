"""The Erasure requests page (`/console/erasure-requests`, coordinators only): the erasures laptops
asked for followers another laptop collected (`databank/erasures.py`). Approving erases the
follower everywhere (every laptop follows at its next sync) after a confirmation page;
rejecting keeps it. Each decision is kept with the request and in the audit log."""

from __future__ import annotations

import asyncio
import json

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select

from lea_desktop.databank import db, erasures, repo
from lea_desktop.databank.console import access, audit, web

router = APIRouter(include_in_schema=False)

APPROVE = "approve erasure request"
REJECT = "reject erasure request"
WHAT = "decide erasure requests"


def _number(value: str) -> int:
    if not value.isdigit() or len(value) > 12:
        raise web.BadForm(404, "No erasure request has that number.")
    return int(value)


def _organisations(conn, ids: list[str]) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The organisation named by each record still held (what the coordinator recognises)."""
    r = db.records.c
    found: dict[str, str] = {}
    for rid, answers in conn.execute(select(r.id, r.answers).where(r.id.in_(ids))):
        try:
            found[rid] = str(json.loads(answers).get("organisation") or "")
        except (ValueError, AttributeError):
            found[rid] = ""
    return found


@router.get(web.PREFIX + "/erasure-requests")
async def requests_page(request: Request, session: web.SessionDep) -> Response:
    access.require_coordinator(session.viewer, WHAT)
    every = request.query_params.get("all", "") == "1"

    def load():  # type: ignore[no-untyped-def]
        with db.read_connection(request.app.state.engine) as conn:
            found = erasures.list_requests(conn, every=every)
            return found, _organisations(conn, [x.record_id for x in found][:1000])

    found, names = await asyncio.to_thread(load)
    return web.render(
        request, "erasure_requests.html", session=session, title="Erasure requests",
        requests=found, names=names, every=every,
        done=request.query_params.get("done", "")[:40],
    )  # fmt: skip


def _one(request: Request, number: int) -> tuple[erasures.ErasureRequest, str]:
    with db.read_connection(request.app.state.engine) as conn:
        found = [x for x in erasures.list_requests(conn, every=True) if x.id == number]
        if not found:
            raise web.BadForm(404, "No erasure request has that number.")
        return found[0], _organisations(conn, [found[0].record_id]).get(found[0].record_id, "")


@router.get(web.PREFIX + "/erasure-requests/{number}/approve")
async def confirm_page(request: Request, session: web.SessionDep, number: str) -> Response:
    access.require_coordinator(session.viewer, WHAT)
    found, organisation = await asyncio.to_thread(_one, request, _number(number))
    if found.status != erasures.PENDING:
        raise web.BadForm(409, f"Erasure request {found.id} was {found.status} already.")
    return web.render(
        request, "erasure_confirm.html", session=session, title="Erase this follower?",
        current="erasure-requests", req=found, organisation=organisation,
    )  # fmt: skip


async def _decide(request: Request, session, number: str, approve: bool) -> Response:  # type: ignore[no-untyped-def]
    access.require_coordinator(session.viewer, WHAT)
    await web.checked_form(request, session)
    n = _number(number)
    viewer = session.viewer

    def work(conn):  # type: ignore[no-untyped-def]
        if approve:
            outcome = erasures.approve(conn, n, viewer.username)
            detail = f"record {outcome.id}: {outcome.status}"
        else:
            detail = f"record {erasures.reject(conn, n, viewer.username)} kept"
        audit.record(conn, viewer.username, APPROVE if approve else REJECT, f"request {n}",
                     detail, web.client_address(request))  # fmt: skip

    try:
        await asyncio.to_thread(repo.in_transaction, request.app.state.engine, work)
    except erasures.RequestError as error:
        status = 404 if "No erasure request" in str(error) else 409
        raise web.BadForm(status, str(error).split(". See:")[0] + ".") from None
    done = "approved" if approve else "rejected"
    return web.redirect(f"{web.PREFIX}/erasure-requests?done={done}")


@router.post(web.PREFIX + "/erasure-requests/{number}/approve")
async def approve(request: Request, session: web.SessionDep, number: str) -> Response:
    return await _decide(request, session, number, True)


@router.post(web.PREFIX + "/erasure-requests/{number}/reject")
async def reject(request: Request, session: web.SessionDep, number: str) -> Response:
    return await _decide(request, session, number, False)
