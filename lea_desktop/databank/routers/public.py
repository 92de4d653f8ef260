"""What the databank shows anyone, without a token: the followers map.

`GET /api/v1/public/map.geojson` (the data) and `GET /map` (an embeddable page drawing it).
Both hold only what followers agreed to make public (`public_map.py`), are limited per client
address, and answer with an entity tag and a short cache lifetime.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from lea_desktop.databank import map_page, public_map
from lea_desktop.databank.deps import EngineDep
from lea_desktop.databank.languages import visitor_language
from lea_desktop.databank.limits import AuthLimiter
from lea_desktop.databank.openapi import TOO_MANY_REQUESTS

router = APIRouter(tags=["public"])

MAP_GEOJSON = "/api/v1/public/map.geojson"
MAP_PAGE = "/map"
# Requests one client address may make to the public pages per window: far more than a person
# (or a page embedding the map) needs, few enough that nobody makes the server rebuild and send
# the map in a loop.
PUBLIC_REQUESTS = 300
PUBLIC_WINDOW = 60  # seconds


_TEXT = {"type": "string"}
FEATURE_COLLECTION = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "geometry": {
                        "type": "object",
                        "required": ["type", "coordinates"],
                        "properties": {
                            "type": {"const": "Point"},
                            "coordinates": {
                                "type": "array",
                                "items": {"type": "number"},
                                "minItems": 2,
                                "maxItems": 2,
                                "description": "longitude, latitude",
                            },
                        },
                    },
                    "properties": {
                        "type": "object",
                        "required": ["name", "city", "country", "types"],
                        "additionalProperties": False,
                        "properties": {
                            "name": _TEXT,
                            "city": _TEXT,
                            "country": _TEXT,
                            "types": {"type": "array", "items": _TEXT},
                        },
                    },
                },
            },
        },
    },
}


def public_limiter() -> AuthLimiter:
    """A sliding window per address; every request counts (the limiter counts "failures")."""
    return AuthLimiter(PUBLIC_REQUESTS, PUBLIC_WINDOW)


def _admit(request: Request) -> None:
    limiter: AuthLimiter = request.app.state.public_limiter
    address = request.client.host if request.client else ""
    wait = limiter.retry_after(address)
    if wait:
        raise HTTPException(
            429,
            f"Too many requests from this address; try again in {wait} s.",
            headers={"Retry-After": str(wait)},
        )
    limiter.failed(address)


async def _answer(
    request: Request,
    engine: EngineDep,
    kind: str,
    build: Callable[[list[public_map.MapFollower]], bytes],
    headers: dict[str, str],
    *,
    vary: str = "Accept-Encoding",
) -> Response:
    _admit(request)
    cache: public_map.MapCache = request.app.state.public_map

    gzip = "gzip" in request.headers.get("accept-encoding", "").lower()

    def work() -> public_map.Body:
        snapshot = cache.current(engine)
        body = snapshot.body(kind, build)
        if gzip:
            body.gzipped  # noqa: B018 - compressed off the event loop, once per snapshot
        return body

    body = await run_in_threadpool(work)
    common = {
        **headers,
        "ETag": body.etag,
        "Cache-Control": f"public, max-age={public_map.MAX_AGE}",
        "Vary": vary,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }
    wanted = request.headers.get("if-none-match", "")
    if body.etag in (tag.strip() for tag in wanted.split(",")):
        return Response(status_code=304, headers=common)
    if gzip:
        return Response(body.gzipped, headers={**common, "Content-Encoding": "gzip"})
    return Response(body.plain, headers=common)


@router.get(
    MAP_GEOJSON,
    summary="Followers who agreed to the public map, as GeoJSON (name, city, country, types)",
    responses={
        200: {
            "description": "A GeoJSON FeatureCollection (RFC 7946): one Point per follower, "
            "properties `name`, `city`, `country` (ISO 3166-1 alpha-2) and `types`",
            "content": {"application/geo+json": {"schema": FEATURE_COLLECTION}},
        },
        304: {"description": "Unchanged since the entity tag given in If-None-Match"},
        429: TOO_MANY_REQUESTS,
    },
)
async def map_geojson(request: Request, engine: EngineDep) -> Response:
    """Public data, readable from any web page: `Access-Control-Allow-Origin: *` (no
    credentials are ever involved)."""
    return await _answer(
        request,
        engine,
        "geojson",
        public_map.geojson,
        {
            "Content-Type": "application/geo+json",
            "Access-Control-Allow-Origin": "*",
            "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
        },
    )


@router.get(
    MAP_PAGE,
    summary="The followers map as an HTML page, for an <iframe>",
    include_in_schema=False,  # a page for people, not part of the API
)
async def map_html(request: Request, engine: EngineDep, lang: str | None = None) -> Response:
    """In the visitor's language: `?lang=` (an embedding site picks it), else the browser's
    Accept-Language, as the sign-up form chooses; each language's page cached on its own."""
    lang = visitor_language(request, lang)
    return await _answer(
        request,
        engine,
        f"html:{lang}",
        partial(map_page.render, lang=lang),
        {
            "Content-Type": "text/html; charset=utf-8",
            "Content-Security-Policy": map_page.csp(),
            "Content-Language": lang,
        },
        vary="Accept-Encoding, Accept-Language",
    )
