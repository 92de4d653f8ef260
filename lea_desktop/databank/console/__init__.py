"""The coordinators' and partners' web console at `/console/`, served by the databank itself.

- `accounts`: the console's users (Argon2id passwords), managed with `lea-databank user …`;
- `sessions`: signed-in browsers, in the database (several server processes share them);
- `access`: who may see what (a coordinator everything, a partner its own followers);
- `audit`: the audit log (`record`), and `audit_page` that shows it;
- `web`: templates, headers, the session dependency, CSRF and form reading;
- `signin`: the sign-in and sign-out pages;
- `followers` (queries, edit, erase) and `follower_pages`: the Followers pages;
- `dashboard` (and `/console/summary.json`), `events_page`, `laptops_page`, `erasures_page`,
  `exports_page`: the pages of those names.

`install(app)` adds the pages and the handlers that answer a console request in HTML.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from lea_desktop.databank.console import (
    access,
    audit_page,
    dashboard,
    erasures_page,
    events_page,
    exports_page,
    follower_pages,
    laptops_page,
    signin,
    static,
    web,
)

ROUTERS = [signin.router, audit_page.router, static.router, follower_pages.router]
ROUTERS += [
    dashboard.router,
    events_page.router,
    laptops_page.router,
    erasures_page.router,
    exports_page.router,
]


def install(app: FastAPI) -> None:
    """Add the console's pages to the databank's app (other console pages append their router
    to `ROUTERS` before `create_app` runs, or call `app.include_router` themselves)."""
    for router in ROUTERS:
        app.include_router(router)
    app.state.console_nav = web.nav_for(
        {getattr(route, "path", "") for router in ROUTERS for route in router.routes}
    )

    @app.exception_handler(web.LoginRequired)
    async def login_required(request: Request, error: web.LoginRequired) -> Response:
        return web.redirect(web.login_url(error.back_to))

    @app.exception_handler(access.Forbidden)
    async def forbidden(request: Request, error: access.Forbidden) -> Response:
        return web.error_page(request, 403, str(error))

    @app.exception_handler(web.BadForm)
    async def bad_form(request: Request, error: web.BadForm) -> Response:
        return web.error_page(request, error.status, error.reason)


def is_console(request: Request) -> bool:
    path = request.url.path
    return path == web.PREFIX or path.startswith(web.PREFIX + "/")


def error_response(request: Request, error: StarletteHTTPException) -> Response:
    """A console request's error as an HTML page (the API's errors stay JSON)."""
    return web.error_page(request, error.status_code, str(error.detail), dict(error.headers or {}))
