"""The Followers pages: `/console/followers` (search, filters, sorting, paging; one
`<tr data-id="UUID">` a follower), a follower's page `/console/followers/<id>` (every answer,
consent provenance, history, edit) and its erasure with a confirmation page."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from lea_desktop.databank import db
from lea_desktop.databank.console import access, audit, followers, sessions, web
from lea_desktop.domain.countries import countries_for_picker, country_name
from lea_desktop.formkit import Form, load_form
from lea_desktop.sync import protocol

router = APIRouter(include_in_schema=False)


def _read(request: Request, work: Any) -> Any:
    engine = request.app.state.engine

    def run() -> Any:
        with db.read_connection(engine) as conn, conn.begin():
            return work(conn)

    return asyncio.to_thread(run)


def _write(request: Request, work: Any) -> Any:
    engine = request.app.state.engine

    def run() -> Any:
        with db.write_lock(engine), engine.begin() as conn:
            return work(conn)

    return asyncio.to_thread(run)


def _type_labels(form: Form) -> dict[str, str]:
    try:
        return {c.value: c.label() for c in form.field("types").choices}
    except KeyError:
        return {}


@router.get(web.PREFIX + "/followers")
async def follower_list(request: Request, session: web.SessionDep) -> Response:
    filters = followers.parse_filters(request.query_params)
    viewer = session.viewer

    def work(conn: Any) -> tuple[followers.Page, dict[str, str], list[str]]:
        return (
            followers.find(conn, viewer, filters),
            followers.event_names(conn),
            followers.partners(conn),
        )

    page, events, partners = await _read(request, work)
    form = load_form()
    return web.render(
        request, "followers.html", session=session, title="Followers", filters=filters,
        result=page, page=min(filters.page, page.pages), pages=page.pages, events=events, partners=partners, countries=countries_for_picker("en"),
        types=_type_labels(form), sorts=followers.SORTS, country_name=country_name,
        erased=request.query_params.get("erased", "")[:36],
    )  # fmt: skip


def _record_id(value: str) -> str:
    try:
        return protocol.check_uuid(value.strip().lower())
    except protocol.ProtocolError:
        raise HTTPException(404, "No follower has this id (a follower's id is a UUID).") from None


def _shown(form: Form, answers: dict[str, Any]) -> list[dict[str, Any]]:
    """Each answer with its label, as a person reads it."""
    out = []
    for f in form.fields:
        value = answers.get(f.id)
        if f.type == "multichoice":
            text = ", ".join(
                (f.choice(v).label() if f.choice(v) else str(v)) for v in (value or [])
            )
        elif f.type == "choice" and value:
            choice = f.choice(str(value))
            text = choice.label() if choice else str(value)
        elif f.type == "consent":
            text = "Yes" if value is True else "No"
        elif f.type == "country" and value:
            text = f"{country_name(str(value))} ({value})"
        else:
            text = "" if value is None else str(value)
        out.append({"id": f.id, "label": f.label(), "text": text, "type": f.type})
    return out


def _edit_fields(
    form: Form, values: dict[str, Any], errors: dict[str, str]
) -> list[dict[str, Any]]:
    fields = []
    for f in form.fields:
        if f.type == "consent":
            continue  # the person's consent is theirs: never edited here
        value = values.get(f.id)
        item: dict[str, Any] = {
            "id": f.id, "type": f.type, "label": f.label(), "required": f.required,
            "max_length": f.max_length, "error": errors.get(f.id, ""),
        }  # fmt: skip
        if f.type == "multichoice":
            ticked = set(value or ())
            item["choices"] = [
                {"value": c.value, "label": c.label(), "checked": c.value in ticked}
                for c in f.choices
            ]
        elif f.type == "choice":
            item["value"] = str(value or "")
            item["options"] = [(c.value, c.label()) for c in f.choices]
            if item["value"] and not f.choice(item["value"]):  # kept, though no longer offered
                item["options"].append((item["value"], item["value"]))
        elif f.type == "country":
            item["value"] = str(value or "")
            item["countries"] = countries_for_picker("en")
        else:
            item["value"] = "" if value is None else str(value)
        fields.append(item)
    return fields


async def _follower_page(
    request: Request,
    session: sessions.Session,
    record_id: str,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    problem: str = "",
    notice: str = "",
    status: int = 200,
) -> Response:
    viewer = session.viewer
    address = web.client_address(request)

    def work(conn: Any) -> followers.Follower | str | None:
        found = followers.load(conn, record_id)
        if found is None:
            return followers.erased_at(conn, record_id)
        access.check_record(conn, viewer, record_id)
        if values is None:  # a view (not a form shown again): kept in the audit log
            audit.record(conn, viewer.username, audit.VIEW_FOLLOWER, record_id, address=address)
        return found

    found = await _write(request, work)
    if not isinstance(found, followers.Follower):
        reason = (
            f"This follower was erased on {found[:10]}." if found else "No follower has this id."
        )
        raise HTTPException(404, reason)
    name = str(found.answers.get("organisation") or "Follower")
    return web.render(
        request, "follower.html", session=session, title=name, current="followers",
        f=found, shown=_shown(found.form, found.answers),
        edit_fields=_edit_fields(found.form, values if values is not None else found.answers, errors or {}),
        errors=errors or {}, problem=problem, notice=notice, status=status,
        may_change=viewer.is_coordinator,
    )  # fmt: skip


@router.get(web.PREFIX + "/followers/{record_id}")
async def follower_page(request: Request, record_id: str, session: web.SessionDep) -> Response:
    notice = ""
    if request.query_params.get("saved"):
        notice = "Saved as a new revision."
    return await _follower_page(request, session, _record_id(record_id), notice=notice)


def _posted_answers(form: Form, posted: dict[str, list[str]]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for f in form.fields:
        sent = posted.get(f.id, [])
        if f.type == "multichoice":
            answers[f.id] = list(dict.fromkeys(sent))[:100]
        elif f.type == "consent":
            continue
        else:
            answers[f.id] = sent[0] if sent else ""
    return answers


@router.post(web.PREFIX + "/followers/{record_id}/edit")
async def follower_edit(request: Request, record_id: str, session: web.SessionDep) -> Response:
    record_id = _record_id(record_id)
    access.require_coordinator(session.viewer, "edit followers")
    posted = await web.checked_form(request, session)
    revision = web.first(posted, "revision")
    if not revision.isdigit() or len(revision) > 19:
        raise HTTPException(400, "The form names no revision of the follower; reload the page.")

    def work(conn: Any) -> tuple[str, dict[str, Any], dict[str, str], list[str]]:
        found = followers.load(conn, record_id)
        if found is None:
            return "gone", {}, {}, []
        answers = _posted_answers(found.form, posted)
        try:
            errors, changed = followers.edit(
                conn, session.viewer, record_id, dict(answers), int(revision)
            )
        except followers.Stale:
            return "stale", answers, {}, []
        if changed:
            audit.record(
                conn, session.viewer.username, audit.EDIT_FOLLOWER, record_id,
                "fields: " + ", ".join(changed), web.client_address(request),
            )  # fmt: skip
        return "ok", answers, errors, changed

    state, answers, errors, _changed = await _write(request, work)
    if state == "gone":
        raise HTTPException(404, "No follower has this id (erased meanwhile?).")
    if state == "stale":
        return await _follower_page(
            request, session, record_id, values=answers, status=409,
            problem="Someone changed this follower since you opened it: its newest answers are "
            "shown above; your changes are kept in the form below. Send them again to save them.",
        )  # fmt: skip
    if errors:
        return await _follower_page(
            request, session, record_id, values=answers, errors=errors, status=422,
            problem=f"{len(errors)} {'answer needs' if len(errors) == 1 else 'answers need'} "
            "attention; nothing was saved.",
        )  # fmt: skip
    return web.redirect(f"{web.PREFIX}/followers/{record_id}?saved=1")


@router.get(web.PREFIX + "/followers/{record_id}/erase")
async def erase_page(request: Request, record_id: str, session: web.SessionDep) -> Response:
    record_id = _record_id(record_id)
    viewer = session.viewer

    def work(conn: Any) -> followers.Follower | None:
        found = followers.load(conn, record_id)
        if found is not None:
            access.check_record(conn, viewer, record_id)
        return found

    found = await _read(request, work)
    if found is None:
        raise HTTPException(404, "No follower has this id (erased already?).")
    access.require_coordinator(viewer, "erase followers (a partner asks a coordinator)")
    return web.render(
        request, "erase.html", session=session, title="Erase this follower?", current="followers",
        f=found, name=str(found.answers.get("organisation") or ""),
        contact=str(found.answers.get("contact_name") or ""),
    )  # fmt: skip


@router.post(web.PREFIX + "/followers/{record_id}/erase")
async def erase(request: Request, record_id: str, session: web.SessionDep) -> Response:
    record_id = _record_id(record_id)
    access.require_coordinator(session.viewer, "erase followers (a partner asks a coordinator)")
    await web.checked_form(request, session)

    def work(conn: Any) -> str:
        status = followers.erase(conn, session.viewer, record_id)
        if status == protocol.CREATED:
            audit.record(
                conn, session.viewer.username, audit.ERASE_FOLLOWER, record_id,
                address=web.client_address(request),
            )  # fmt: skip
        return status

    status = await _write(request, work)
    if status == protocol.UNKNOWN:
        raise HTTPException(404, "No follower has this id (erased already?).")
    return web.redirect(f"{web.PREFIX}/followers?erased={quote(record_id)}")
