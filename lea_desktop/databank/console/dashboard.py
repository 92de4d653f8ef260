"""The Dashboard (`/console/dashboard?event=ID`) and `/console/summary.json?event=ID`: where the
consortium stands, from every laptop's records (`databank/figures.py`) — the same figures as a
laptop's dashboard, for the whole consortium or one event.

The page draws Europe from the public map's Natural Earth outline (`map_page`), each country
shaded by its followers on a log-like scale (`kpi.log_classes`), with the same counts as a
table; then the member states covered (N/27) with each missing one's responsible partner, the
LEA-N member states (N/15), the Table 7 targets as meters, and Table 8 per partner ("N of 2").
Everything on it is an aggregate: partners see it whole, as coordinators do.

Right after a change the page does not wait for the count (seconds at 100,000 followers): it
shows the figures kept from the last count with "Figures as of HH:MM (UTC); recounting…", a
reload link and a refresh a few seconds later, while one recount runs on a background thread
(`FiguresCache.kept_or_recount`). summary.json (and the exports) stay exact: they count at once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Engine, func, select

from lea_desktop.databank import db, figures, gazetteer
from lea_desktop.databank.console import web
from lea_desktop.databank.map_page import _outlines
from lea_desktop.domain import kpi
from lea_desktop.domain.countries import EU_MEMBER_STATES, country_name

router = APIRouter(include_in_schema=False)

MAX_EVENT_ID = 64  # as the events table holds them
REFRESH_SECONDS = 5  # a stale page reloads itself after this long (no script needed)


def figures_cache(request: Request) -> figures.FiguresCache:
    state = request.app.state
    found = getattr(state, "console_figures", None)
    if found is None:
        found = state.console_figures = figures.FiguresCache()
    return found


def event_param(request: Request) -> str | None:
    """`?event=` (None: the whole consortium); 400 when it cannot be an event id."""
    value = request.query_params.get("event", "").strip()
    if not value:
        return None
    if len(value) > MAX_EVENT_ID or not value.isprintable():
        raise web.BadForm(400, "That is not an event id (see the Events page).")
    return value


def scoped_figures(request: Request, event_id: str | None) -> figures.Figures:
    """The figures of one scope; 404 with the reason for an event the databank does not hold.
    Blocking: call it on a thread."""
    try:
        return figures_cache(request).get(request.app.state.engine, event_id)
    except figures.UnknownEvent:
        raise web.BadForm(404, "The databank holds no event with that id.") from None


def kept_figures(request: Request, event_id: str | None) -> figures.Kept:
    """The kept figures of one scope (a recount started when stale), for the dashboard page;
    404 as `scoped_figures`. Blocking (the first count of a scope): call it on a thread."""
    try:
        return figures_cache(request).kept_or_recount(request.app.state.engine, event_id)
    except figures.UnknownEvent:
        raise web.BadForm(404, "The databank holds no event with that id.") from None


@dataclass(frozen=True)
class EventChoice:
    id: str
    name: str
    starts: str


def event_choices(engine: Engine) -> list[EventChoice]:
    """Events with followers and the others, newest first, for the scope selector."""
    e = db.events.c
    with db.read_connection(engine) as conn:
        rows = conn.execute(
            select(e.id, e.name, e.starts).order_by(e.starts.desc(), func.lower(e.name))
        ).all()
    return [EventChoice(r.id, r.name, r.starts) for r in rows]


@dataclass(frozen=True)
class Shape:
    code: str
    d: str
    css: str  # "c0" … "c5" by followers, "none" without, "off" outside the EU
    label: str


def map_shapes(summary: kpi.Summary) -> tuple[list[Shape], list[tuple[str, str]]]:
    """Every country of the outline, shaded by its followers, and the legend (class, label)."""
    counts = summary.by_country
    classes = kpi.log_classes(max(counts.values(), default=0))
    shapes = []
    for code, d in _outlines():
        n = counts.get(code, 0)
        index = kpi.class_of(n, classes)
        css = f"c{index}" if index >= 0 else ("none" if code in EU_MEMBER_STATES else "off")
        noun = "follower" if n == 1 else "followers"
        shapes.append(Shape(code, d, css, f"{country_name(code)}: {n:,} {noun}"))
    legend = [(f"c{i}", kpi.class_label(low, high)) for i, (low, high) in enumerate(classes)]
    return shapes, legend


def page_context(found: figures.Figures) -> dict[str, Any]:
    s = found.summary
    shapes, legend = map_shapes(s)
    width, height = gazetteer.outline()["viewbox"][2:]
    lea_n = next(k for k in s.kpis if k.key == "lea_n_member_states")
    return {
        "figures": found,
        "s": s,
        "report": found.report,
        "shapes": shapes,
        "legend": legend,
        "width": width,
        "height": height,
        "eu_total": len(EU_MEMBER_STATES),
        "lea_n": lea_n,
        "country_name": country_name,
        "type_label": found.report.type_label,
        "outreach_met": sum(1 for row in found.outreach if row.met),
    }


@router.get(web.PREFIX + "/dashboard")
async def dashboard(request: Request, session: web.SessionDep) -> Response:
    event_id = event_param(request)
    engine = request.app.state.engine

    def gather() -> tuple[figures.Kept, list[EventChoice]]:
        return kept_figures(request, event_id), event_choices(engine)

    kept, events = await asyncio.to_thread(gather)
    found = kept.figures
    as_of = found.report.generated_at.astimezone(dt.UTC).strftime("%H:%M")
    title = f"Dashboard — {found.report.event.name}" if found.report.event else "Dashboard"
    return web.render(
        request,
        "dashboard.html",
        session=session,
        title=title,
        events=events,
        event_id=event_id or "",
        stale=kept.stale,
        as_of=as_of,
        refresh_seconds=REFRESH_SECONDS,
        **page_context(found),
    )


@router.get(web.PREFIX + "/summary.json")
async def summary_json(request: Request, session: web.SessionDep) -> Response:
    """docs/summary.md's JSON contract for the consortium (or `?event=ID`), plus Table 8."""
    event_id = event_param(request)
    found = await asyncio.to_thread(scoped_figures, request, event_id)
    return JSONResponse(found.to_json(), headers=dict(web.HEADERS))
