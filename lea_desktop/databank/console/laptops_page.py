"""The Laptops page (`/console/laptops`, coordinators only): every laptop token with when it was
last seen, how many records it delivered and when it last pushed one; make a token (shown once,
on the page that answers the form, never in a URL or a log) and revoke one. Both are kept in
the audit log."""

from __future__ import annotations

import asyncio
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from lea_desktop import reference
from lea_desktop.databank import db, laptops, repo, tokens
from lea_desktop.databank.console import access, audit, sessions, web

router = APIRouter(include_in_schema=False)

CREATE_TOKEN = "create token"
REVOKE_TOKEN = "revoke token"


def _listing(request: Request) -> list[laptops.Laptop]:
    with db.read_connection(request.app.state.engine) as conn:
        return laptops.laptops(conn)


async def _page(
    request: Request,
    session: sessions.Session,
    *,
    status: int = 200,
    **ctx: object,
) -> Response:
    found = await asyncio.to_thread(_listing, request)
    return web.render(
        request,
        "laptops.html",
        session=session,
        status=status,
        title="Laptops",
        laptops=found,
        partners=reference.partners(),
        done=request.query_params.get("revoked", "")[:100],
        **ctx,
    )


@router.get(web.PREFIX + "/laptops")
async def laptops_page(request: Request, session: web.SessionDep) -> Response:
    access.require_coordinator(session.viewer, "manage the laptops' tokens")
    return await _page(request, session)


@router.post(web.PREFIX + "/laptops")
async def create_token(request: Request, session: web.SessionDep) -> Response:
    access.require_coordinator(session.viewer, "manage the laptops' tokens")
    form = await web.checked_form(request, session)
    name = web.first(form, "name").strip()
    partner = web.first(form, "partner").strip()
    device = web.first(form, "device_id").strip() or None
    if partner and partner not in reference.partners():
        return await _page(
            request, session, status=400, problem="Choose a partner of the consortium's list.",
            form_name=name, form_partner="", form_device=device or "",
        )  # fmt: skip
    engine = request.app.state.engine
    viewer = session.viewer

    def work(conn):  # type: ignore[no-untyped-def]
        made = tokens.create(conn, name, device, partner=partner)
        audit.record(
            conn, viewer.username, CREATE_TOKEN, name.strip(),
            f"partner={partner or '-'}; device={device or 'bound on first use'}",
            web.client_address(request),
        )  # fmt: skip
        return made

    try:
        token = await asyncio.to_thread(repo.in_transaction, engine, work)
    except tokens.TokenError as error:
        return await _page(
            request, session, status=400, problem=str(error), form_name=name,
            form_partner=partner, form_device=device or "",
        )  # fmt: skip
    return await _page(request, session, made_name=name.strip(), made_token=token)


@router.post(web.PREFIX + "/laptops/revoke")
async def revoke_token(request: Request, session: web.SessionDep) -> Response:
    access.require_coordinator(session.viewer, "manage the laptops' tokens")
    form = await web.checked_form(request, session)
    name = web.first(form, "name").strip()[:100]
    engine = request.app.state.engine
    viewer = session.viewer

    def work(conn):  # type: ignore[no-untyped-def]
        done = tokens.revoke(conn, name)
        if done:
            audit.record(conn, viewer.username, REVOKE_TOKEN, name, "",
                         web.client_address(request))  # fmt: skip
        return done

    if not await asyncio.to_thread(repo.in_transaction, engine, work):
        return await _page(
            request, session, status=404, problem=f"No active token is called {name!r}."
        )
    laptops.forget_writes()
    return web.redirect(f"{web.PREFIX}/laptops?{urlencode({'revoked': name})}")
