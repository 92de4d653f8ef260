"""The Exports page (`/console/exports`): the session summary (PDF, XLSX, JSON) of the consortium
or one event and the Appendix 7.1 partner report (PDF, XLSX), drawn by the laptop's own writers
(`printing/summary_pdf.py`, `exports/summary_xlsx.py`, `exports/summary_json.py`) from the
databank's figures (`databank/figures.py`); and the newsletter list (`exports/newsletter.py`).

Every download is a POST carrying the session's CSRF token, and is kept in the audit log (what,
which scope, how many rows). The figures are aggregates, the same for everyone; the personal
data is not: the summary workbook's *Followers* sheet and the newsletter list hold only the
followers the signed-in account may see (a partner: those of its own laptops and events).

Files are written to a private temporary folder (0700; the files 0600) and removed once sent.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from sqlalchemy import ColumnElement, select
from starlette.background import BackgroundTask

from lea_desktop.databank import db, figures
from lea_desktop.databank.console import access, audit, dashboard, web
from lea_desktop.domain import kpi
from lea_desktop.exports import formats, newsletter

router = APIRouter(include_in_schema=False)

MEDIA = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
}
UNIX_EPOCH_JD = 2440587.5


@router.get(web.PREFIX + "/exports")
async def exports_page(request: Request, session: web.SessionDep) -> Response:
    events = await asyncio.to_thread(dashboard.event_choices, request.app.state.engine)
    return web.render(
        request, "exports.html", session=session, title="Exports", events=events,
        summary_formats=[formats.FORMATS[f] for f in formats.SUMMARY],
        partner_formats=[formats.FORMATS[f] for f in formats.PARTNER_REPORT],
        layouts=list(newsletter.LAYOUTS.values()),
    )  # fmt: skip


def _choice(form: dict[str, list[str]], name: str, allowed: Any, what: str) -> str:
    value = web.first(form, name).strip()
    if value not in allowed:
        raise web.BadForm(400, f"Choose {what}: one of {', '.join(allowed)}.")
    return value


def _scope(form: dict[str, list[str]]) -> str | None:
    value = web.first(form, "event").strip()
    if len(value) > dashboard.MAX_EVENT_ID or not value.isprintable():
        raise web.BadForm(400, "That is not an event id (see the Events page).")
    return value or None


def _local_jd(created_at: str) -> float | None:
    """An ISO time in UTC → its Julian day number in the databank's local time (the workbook's
    "Registered" column, as the laptop writes it)."""
    try:
        moment = dt.datetime.fromisoformat(created_at.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return None
    local = moment.astimezone()
    offset = local.utcoffset() or dt.timedelta(0)
    return (moment.timestamp() + offset.total_seconds()) / 86400 + UNIX_EPOCH_JD


def _visible(viewer: access.Viewer, event_id: str | None) -> list[ColumnElement[bool]]:
    r = db.records.c
    where = [r.kind == kpi.FOLLOWER, access.record_scope(viewer)]
    if event_id is not None:
        where.append(r.event_id == event_id)
    return where


def follower_rows(conn: Any, viewer: access.Viewer, event_id: str | None) -> Iterator[tuple]:
    """The summary workbook's follower rows (`storage.stats.FollowerRow` order) of the
    followers `viewer` may see, in the order they were collected."""
    r, e = db.records.c, db.events.c
    rows = conn.execute(
        select(
            e.name,
            r.created_at,
            r.answers,
            r.collected_by,
            r.source,
            r.loi_status,
            r.loi_date,
            r.consent,
        )
        .select_from(db.records.outerjoin(db.events, e.id == r.event_id))
        .where(*_visible(viewer, event_id))
        .order_by(r.created_at, r.id)
    )
    for name, created, answers, collected, source, loi, loi_date, consent in rows:
        yield (name or "", _local_jd(created), answers, collected, source, loi, loi_date, None,
               consent)  # fmt: skip


def newsletter_records(
    conn: Any, viewer: access.Viewer, event_id: str | None
) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
    """(answers, consent proof) of the followers `viewer` may see whose proof names the
    contact purpose (a cheap first cut on the text; `newsletter.contacts` checks exactly)."""
    r = db.records.c
    rows = conn.execute(
        select(r.answers, r.consent)
        .where(
            *_visible(viewer, event_id),
            r.form_id == figures.FORM_ID,
            r.consent.like(f'%"{newsletter.PURPOSE}"%'),
        )
        .order_by(r.created_at, r.id)
    )
    for answers, consent in rows:
        try:
            yield json.loads(answers), (json.loads(consent) if consent else None)
        except ValueError:
            continue


def _send(request: Request, folder: Path, out: Path, fmt: str, name: str) -> FileResponse:
    return FileResponse(
        out,
        media_type=MEDIA[fmt],
        filename=name,
        headers={k: v for k, v in web.HEADERS.items() if k != "Content-Security-Policy"},
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )


def _audit(request: Request, viewer: access.Viewer, target: str, detail: str) -> None:
    engine = request.app.state.engine
    with db.write_lock(engine), engine.begin() as conn:
        audit.record(conn, viewer.username, audit.EXPORT, target, detail,
                     web.client_address(request))  # fmt: skip


def _stem(found: figures.Figures) -> str:
    from lea_desktop.domain.records import slug

    event = found.report.event
    return f"summary-{slug(event.name)}" if event else "summary-all-events"


@router.post(web.PREFIX + "/exports/summary")
async def summary_file(request: Request, session: web.SessionDep) -> Response:
    form = await web.checked_form(request, session)
    fmt = _choice(form, "format", formats.SUMMARY, "a format")
    event_id = _scope(form)
    viewer = session.viewer

    def make() -> tuple[Path, Path, str, int]:
        found = dashboard.scoped_figures(request, event_id)
        folder = Path(tempfile.mkdtemp(prefix="lea-export-"))
        out = folder / f"{_stem(found)}.{fmt}"
        rows = 0
        if fmt == "pdf":
            from lea_desktop.printing.summary_pdf import write_summary_pdf

            write_summary_pdf(found.report, out)
        elif fmt == "xlsx":
            from lea_desktop.exports.summary_xlsx import write_summary_xlsx

            with db.read_connection(request.app.state.engine) as conn:
                rows = write_summary_xlsx(found.report, follower_rows(conn, viewer, event_id), out,
                                          follower_count=found.summary.total)  # fmt: skip
        else:
            from lea_desktop.exports.private_file import private_output

            text = json.dumps(found.to_json(), ensure_ascii=False, indent=2) + "\n"
            with private_output(out) as fh:
                fh.write(text.encode("utf-8"))
        detail = f"event={event_id or 'all'}; followers={found.summary.total}"
        if fmt == "xlsx":
            detail += f"; rows with personal data={rows}"
        _audit(request, viewer, out.name, detail)
        return folder, out, out.name, rows

    folder, out, name, _rows = await asyncio.to_thread(make)
    return _send(request, folder, out, fmt, name)


@router.post(web.PREFIX + "/exports/partner-report")
async def partner_report_file(request: Request, session: web.SessionDep) -> Response:
    form = await web.checked_form(request, session)
    fmt = _choice(form, "format", formats.PARTNER_REPORT, "a format")
    viewer = session.viewer

    def make() -> tuple[Path, Path]:
        report = dashboard.scoped_figures(request, None).partner_report()
        folder = Path(tempfile.mkdtemp(prefix="lea-export-"))
        out = folder / f"partner-report-appendix-7-1.{fmt}"
        if fmt == "pdf":
            from lea_desktop.printing.summary_pdf import write_partner_pdf

            write_partner_pdf(report, out)
        else:
            from lea_desktop.exports.summary_xlsx import write_partner_xlsx

            write_partner_xlsx(report, out)
        _audit(request, viewer, out.name, f"followers={report.summary.total}")
        return folder, out

    folder, out = await asyncio.to_thread(make)
    return _send(request, folder, out, fmt, out.name)


@router.post(web.PREFIX + "/exports/newsletter")
async def newsletter_file(request: Request, session: web.SessionDep) -> Response:
    form = await web.checked_form(request, session)
    name = _choice(form, "layout", tuple(newsletter.LAYOUTS), "a mailing tool")
    layout = newsletter.LAYOUTS[name]
    event_id = _scope(form)
    viewer = session.viewer
    engine = request.app.state.engine

    def make() -> tuple[Path, Path]:
        if event_id is not None:
            dashboard.scoped_figures(request, event_id)  # 404 for an event not held
        folder = Path(tempfile.mkdtemp(prefix="lea-export-"))
        out = folder / layout.file_name
        with db.read_connection(engine) as conn:
            found = newsletter.contacts(figures._form(), newsletter_records(conn, viewer, event_id))
            count = newsletter.write_file(layout, found, out)
        scope = "all followers" if viewer.is_coordinator else f"partner {viewer.partner}"
        _audit(request, viewer, out.name,
               f"event={event_id or 'all'}; {scope}; contacts={count}")  # fmt: skip
        return folder, out

    folder, out = await asyncio.to_thread(make)
    return _send(request, folder, out, "csv", out.name)
