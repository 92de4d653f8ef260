"""Sign-in and sign-out: `/console/login` (inputs `username`, `password`, hidden `csrf_token`)
and `POST /console/logout`.

An unknown name, a disabled account and a wrong password get the same answer, in the same
time. Failed sign-ins are kept in the audit log and limited there (so every server process
counts the same ones): `MAX_FAILURES` per client address, and per account, within `WINDOW`
seconds; past that the answer is 429 with its reason and `Retry-After`, before any password is
checked.
"""

from __future__ import annotations

import asyncio
import secrets

from fastapi import APIRouter, Request
from fastapi.responses import Response

from lea_desktop.databank import db, signup
from lea_desktop.databank.console import accounts, audit, sessions, web

router = APIRouter(include_in_schema=False)

PRE_COOKIE = "lea_console_login"  # binds the sign-in form's CSRF token to this browser
MAX_FAILURES = 10
WINDOW = 15 * 60  # seconds
WRONG = "The user name or the password is not right."


def _secret(request: Request) -> str:
    """The databank's signing secret (`signup.signing_secret`, kept in its database: the same
    in every server process)."""
    state = request.app.state
    if getattr(state, "console_secret", None) is None:
        state.console_secret = signup.signing_secret(state.engine)
    return str(state.console_secret)


def _login_page(
    request: Request, *, next_url: str, problem: str = "", username: str = "", status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    pre = request.cookies.get(PRE_COOKIE, "")
    if not (20 <= len(pre) <= 100):
        pre = secrets.token_urlsafe(24)
    response = web.render(
        request,
        "login.html",
        status=status,
        headers=headers,
        title="Sign in",
        current="",
        csrf_token=web.login_csrf(_secret(request), pre),
        next_url=next_url,
        problem=problem,
        username=username,
    )
    web.set_cookie(response, request, PRE_COOKIE, pre, 3600)
    return response


@router.get(web.PREFIX)
@router.get(web.PREFIX + "/")
async def console_home(request: Request) -> Response:
    """The first page of the navigation (Followers, where this version serves it)."""
    served = web.served_nav(request.app)
    return web.redirect(f"{web.PREFIX}/{served[0][0]}" if served else web.PREFIX + "/login")


@router.get(web.PREFIX + "/login")
async def login_page(request: Request) -> Response:
    await asyncio.to_thread(_secret, request)
    next_url = web.safe_next(request.query_params.get("next", ""))
    if await web.optional_session(request) is not None:
        return web.redirect(next_url)
    return _login_page(request, next_url=next_url)


def _too_many(request: Request, next_url: str, by_address: int, by_name: int) -> Response | None:
    if by_address < MAX_FAILURES and by_name < MAX_FAILURES:
        return None
    whom = "from this address" if by_address >= MAX_FAILURES else "for this account"
    return _login_page(
        request,
        next_url=next_url,
        problem=f"Too many failed sign-ins {whom}: wait {WINDOW // 60} minutes, then try again.",
        status=429,
        headers={"Retry-After": str(WINDOW)},
    )


@router.post(web.PREFIX + "/login")
async def login(request: Request) -> Response:
    engine = request.app.state.engine
    address = web.client_address(request)

    def counts(username: str) -> tuple[int, int]:
        with db.read_connection(engine) as conn, conn.begin():
            return audit.failures_since(conn, WINDOW, address=address, username=username)

    # The address's failures first: a stranger past the limit costs no body and no hashing.
    refused = _too_many(request, web.PREFIX + "/", (await asyncio.to_thread(counts, ""))[0], 0)
    if refused is not None:
        return refused
    form = await web.read_form(request, 8_000)
    await asyncio.to_thread(_secret, request)
    next_url = web.safe_next(web.first(form, "next"))
    pre = request.cookies.get(PRE_COOKIE, "")
    expected = web.login_csrf(_secret(request), pre) if pre else ""
    if not expected or not sessions.same_token(web.first(form, "csrf_token"), expected):
        return _login_page(request, next_url=next_url, problem=web.CSRF_REFUSED, status=403)
    username = web.first(form, "username").strip()[:100]
    password = web.first(form, "password")

    def attempt() -> tuple[str | None, Response | None]:
        with db.write_lock(engine), engine.begin() as conn:
            known = accounts.get(conn, username) is not None
            by_address, by_name = audit.failures_since(
                conn, WINDOW, address=address, username=username if known else ""
            )
            refused = _too_many(request, next_url, by_address, by_name if known else 0)
            if refused is not None:
                return None, refused
            user = accounts.authenticate(conn, username, password)
            if user is None:
                # The name is kept only when it is an account's: a password typed into the
                # name field by mistake never reaches the log.
                audit.record(
                    conn, username if known else "", audit.SIGN_IN_FAILED,
                    username if known else "(unknown name)", address=address,
                )  # fmt: skip
                return None, None
            audit.record(conn, user.username, audit.SIGN_IN, user.username, address=address)
            return sessions.start(conn, user.username), None

    token, refused = await asyncio.to_thread(attempt)
    if refused is not None:
        return refused
    if token is None:
        return _login_page(request, next_url=next_url, problem=WRONG, username=username, status=401)
    response = web.redirect(next_url)
    web.set_cookie(response, request, sessions.COOKIE, token, sessions.ABSOLUTE_SECONDS)
    response.delete_cookie(PRE_COOKIE, path=web.PREFIX)
    return response


@router.post(web.PREFIX + "/logout")
async def logout(request: Request, session: web.SessionDep) -> Response:
    await web.checked_form(request, session)
    engine = request.app.state.engine
    token = request.cookies.get(sessions.COOKIE, "")

    def end() -> None:
        with db.write_lock(engine), engine.begin() as conn:
            sessions.end(conn, token)
            audit.record(
                conn, session.viewer.username, audit.SIGN_OUT, session.viewer.username,
                address=web.client_address(request),
            )  # fmt: skip

    await asyncio.to_thread(end)
    response = web.redirect(web.PREFIX + "/login")
    response.delete_cookie(sessions.COOKIE, path=web.PREFIX)
    return response
