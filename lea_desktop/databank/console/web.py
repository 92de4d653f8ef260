"""What every console page shares: its templates, its headers, the signed-in session (a FastAPI
dependency), CSRF, and reading a posted form with limits.

Pages are Jinja2 templates with autoescaping, from `resources/databank/console/`, with one
style sheet and no script of a third party (the `Content-Security-Policy` allows only this
origin's). Every answer is `no-store`: console pages carry personal data.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import re
from functools import cache
from typing import Annotated, Any
from urllib.parse import parse_qs, quote, urlencode

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from lea_desktop.databank import db
from lea_desktop.databank.console import sessions
from lea_desktop.databank.console.access import Forbidden, Viewer
from lea_desktop.paths import resource

PREFIX = "/console"
MAX_FORM_BYTES = 64_000  # a follower's answers fit many times over
MAX_FORM_FIELDS = 300

NAV = (
    ("followers", "Followers"),
    ("dashboard", "Dashboard"),
    ("events", "Events"),
    ("laptops", "Laptops"),
    ("erasure-requests", "Erasure requests"),
    ("exports", "Exports"),
    ("audit", "Audit log"),
)


# Pages only a coordinator may open: a partner's navigation does not offer them.
COORDINATOR_PAGES = frozenset({"laptops", "erasure-requests", "audit"})


def served_nav(app: Any) -> tuple[tuple[str, str], ...]:
    """The navigation entries whose page this server has (`install` notes them from the
    console's routers): a page not built into this version is not offered as a link to a 404."""
    return tuple(getattr(app.state, "console_nav", ()))


def nav_of(app: Any, viewer: Viewer | None) -> tuple[tuple[str, str], ...]:
    """The served entries this viewer may open (a partner: not the coordinators' pages)."""
    served = served_nav(app)
    if viewer is None or viewer.is_coordinator:
        return served
    return tuple((slug, label) for slug, label in served if slug not in COORDINATOR_PAGES)


def nav_for(paths: set[str]) -> tuple[tuple[str, str], ...]:
    """The entries of `NAV` whose page is among `paths`, in `NAV`'s order."""
    return tuple((slug, label) for slug, label in NAV if f"{PREFIX}/{slug}" in paths)


HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


class LoginRequired(Exception):
    """No live session: the browser is sent to the sign-in page (and back after it)."""

    def __init__(self, back_to: str) -> None:
        super().__init__(back_to)
        self.back_to = back_to


@cache
def env() -> Environment:
    return Environment(
        loader=FileSystemLoader(resource("databank", "console")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(
    request: Request,
    template: str,
    *,
    session: sessions.Session | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
    **ctx: Any,
) -> HTMLResponse:
    """A console page. `session`: the signed-in one (the navigation, sign-out and CSRF token)."""
    page = template.split(".")[0].split("/")[0]
    html = (
        env()
        .get_template(template)
        .render(
            nav=nav_of(request.app, session.viewer if session else None),
            serves={slug for slug, _label in served_nav(request.app)},  # pages to link to
            prefix=PREFIX,
            current=ctx.pop("current", page),
            viewer=session.viewer if session else None,
            csrf_token=session.csrf_token if session else ctx.pop("csrf_token", ""),
            query=lambda **changes: query_string(request, **changes),
            **ctx,
        )
    )
    return HTMLResponse(html, status, headers={**HEADERS, **(headers or {})})


def query_string(request: Request, **changes: Any) -> str:
    """This page's query with `changes` (a value of None or "" drops that parameter)."""
    values = {k: v for k, v in request.query_params.items()}
    for key, value in changes.items():
        if value is None or value == "":
            values.pop(key, None)
        else:
            values[key] = str(value)
    return urlencode(values)


def error_page(
    request: Request, status: int, reason: str, headers: dict[str, str] | None = None
) -> HTMLResponse:
    titles = {400: "Bad request", 403: "Not allowed", 404: "Not found", 405: "Not allowed here",
              409: "Changed meanwhile", 413: "Too large", 422: "Not valid", 429: "Too many attempts"}  # fmt: skip
    session = getattr(request.state, "console_session", None)
    return render(
        request,
        "error.html",
        session=session,
        status=status,
        headers=headers,
        title=titles.get(status, "Error"),
        reason=reason,
        current="",
    )


def redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, 303, headers={"Cache-Control": "no-store"})


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def secure(request: Request) -> bool:
    """Did the browser come over TLS? Directly, or through the reverse proxy (uvicorn takes
    `X-Forwarded-Proto` from the proxy's address only: `serve --forwarded-allow-ips`)."""
    return request.url.scheme == "https"


def set_cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=PREFIX,
        httponly=True,
        samesite="lax",
        secure=secure(request),
    )


# --------------------------------------------------------------------------- sessions


def _find_session(request: Request) -> sessions.Session | None:
    token = request.cookies.get(sessions.COOKIE, "")
    if not token:
        return None
    engine = request.app.state.engine
    with db.write_lock(engine), engine.begin() as conn:
        return sessions.find(conn, token)


async def optional_session(request: Request) -> sessions.Session | None:
    found = await asyncio.to_thread(_find_session, request)
    request.state.console_session = found
    return found


async def signed_in(request: Request) -> sessions.Session:
    """The signed-in session; else the browser goes to the sign-in page (and back after)."""
    found = await optional_session(request)
    if found is None:
        back = request.url.path
        if request.method == "GET" and request.url.query:
            back += "?" + request.url.query
        raise LoginRequired(back)
    return found


SessionDep = Annotated[sessions.Session, Depends(signed_in)]


def login_url(back_to: str) -> str:
    return f"{PREFIX}/login?next={quote(back_to, safe='/')}"


def safe_next(value: str) -> str:
    """Where to go after signing in: a console page of this site only."""
    if value.startswith(PREFIX + "/") and not value.startswith("//") and "\\" not in value:
        return value
    return PREFIX + "/"


# --------------------------------------------------------------------------- forms and CSRF


class BadForm(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


async def read_form(request: Request, max_bytes: int = MAX_FORM_BYTES) -> dict[str, list[str]]:
    """The posted form's inputs; `BadForm` (400, 413, 415) when the body is not a form of at
    most `max_bytes` bytes of UTF-8 (read no further than that)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise BadForm(415, "The console takes forms sent by its own pages only (URL-encoded).")
    declared = request.headers.get("content-length")
    too_large = BadForm(413, f"The form is larger than {max_bytes:,} bytes.")
    if declared is not None and (not declared.isdigit() or int(declared) > max_bytes):
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise too_large
    try:
        text = bytes(body).decode("utf-8")
        form = parse_qs(
            text, keep_blank_values=True, errors="strict", max_num_fields=MAX_FORM_FIELDS
        )
    except UnicodeDecodeError:
        raise BadForm(400, "The form is not UTF-8 text.") from None
    except ValueError:
        raise BadForm(400, f"The form has more than {MAX_FORM_FIELDS} inputs.") from None
    if any("\x00" in k or any("\x00" in v for v in vs) for k, vs in form.items()):
        raise BadForm(400, "The form holds a NUL character, which no answer may hold.")
    return form


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_param(value: str, limit: int) -> str:
    """A query parameter as text to search or match: control characters (a NUL, which
    PostgreSQL refuses in text) dropped, cut to `limit` characters."""
    return _CONTROLS.sub("", value).strip()[:limit]


def first(form: dict[str, list[str]], name: str) -> str:
    values = form.get(name)
    return values[0] if values else ""


CSRF_REFUSED = (
    "The form's security token is missing or does not belong to your session (CSRF "
    "protection). Reload the page and send it again."
)


async def checked_form(request: Request, session: sessions.Session) -> dict[str, list[str]]:
    """The posted form of a signed-in session, refused (403) unless it carries the session's
    CSRF token. The session was checked before the body is read."""
    form = await read_form(request)
    if not sessions.same_token(first(form, "csrf_token"), session.csrf_token):
        raise HTTPException(403, CSRF_REFUSED)
    return form


def login_csrf(secret: str, pre_session: str) -> str:
    """The sign-in form's CSRF token: bound to the browser's pre-session cookie."""
    return hmac.new(
        secret.encode("utf-8"), b"console-login:" + pre_session.encode("utf-8"), hashlib.sha256
    ).hexdigest()


def forbidden(error: Forbidden) -> HTTPException:
    return HTTPException(403, str(error))


def viewer_of(session: sessions.Session) -> Viewer:
    return session.viewer
