"""The followers the console lists, opens, edits and erases (SQL through SQLAlchemy Core).

Search and filters read the `search` column (`databank/search.py`): folded text, so accents and
case never matter, with the country and types as exact tags. A partner's viewer sees only the
records of `access.record_scope`; of the others it is told how many match, nothing more.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, select, update

from lea_desktop.databank import (
    db,
    directory,
    erasures,
    history,
    repo,
    scoped,
    search,
    signup,
    webhooks,
)
from lea_desktop.databank.console import access, web
from lea_desktop.domain import clock
from lea_desktop.domain.records import email_key
from lea_desktop.formkit import Form, load_form, validate
from lea_desktop.sync import protocol

FOLLOWER = "follower"
PER_PAGE = 50
MAX_TERMS = 8
SORTS = {
    "collected": "Collected (oldest first)",
    "-collected": "Collected (newest first)",
    "organisation": "Organisation (A–Z)",
    "-organisation": "Organisation (Z–A)",
}


@dataclass(frozen=True)
class Filters:
    q: str = ""
    event: str = ""
    country: str = ""
    type: str = ""
    partner: str = ""
    sort: str = "-collected"
    page: int = 1

    @property
    def narrowed(self) -> bool:
        return bool(self.event or self.country or self.type or self.partner)


def parse_filters(params: Any) -> Filters:
    """The list's query string, each value cut to a sane length (a hostile one finds nothing)."""

    def get(name: str, limit: int) -> str:
        return web.clean_param(str(params.get(name, "")), limit)

    page = get("page", 7)
    sort = get("sort", 20)
    return Filters(
        q=get("q", 200),
        event=get("event", 64),
        country=get("country", 2).upper(),
        type=get("type", 40),
        partner=get("partner", 200),
        sort=sort if sort in SORTS else "-collected",
        page=int(page) if page.isdigit() and int(page) > 0 else 1,
    )


def partner_condition(partner: str) -> ColumnElement[bool]:
    """Records collected by `partner`'s laptops or at its events."""
    return access.record_scope(access.Viewer("", access.PARTNER, partner))


def _conditions(filters: Filters) -> list[ColumnElement[bool]]:
    r = db.records.c
    where: list[ColumnElement[bool]] = [r.kind == FOLLOWER]
    if filters.event:
        where.append(r.event_id == filters.event)
    if filters.country:
        where.append(
            r.search.like(search.pattern(search.tag("country", filters.country)), escape="\\")
        )
    if filters.type:
        where.append(r.search.like(search.pattern(search.tag("type", filters.type)), escape="\\"))
    if filters.partner:
        where.append(partner_condition(filters.partner))
    return where


def _terms(q: str) -> list[ColumnElement[bool]]:
    r = db.records.c
    words = [w for w in q.split() if w.strip("|:")][:MAX_TERMS]
    return [r.search.like(search.pattern(w), escape="\\") for w in words]


@dataclass
class Row:
    id: str
    event_id: str
    created_at: str
    source: str
    answers: dict[str, Any]


@dataclass
class Page:
    rows: list[Row]
    total: int  # rows this viewer may see that match
    others: int | None = None  # matching followers of other partners (a partner's view), counted
    pages: int = 1


def find(conn: Connection, viewer: access.Viewer, filters: Filters) -> Page:
    r = db.records.c
    where = _conditions(filters) + _terms(filters.q)
    scoped = [*where, access.record_scope(viewer)] if not viewer.is_coordinator else where
    total = int(
        conn.execute(select(func.count()).select_from(db.records).where(*scoped)).scalar_one()
    )
    order = {
        "collected": [r.created_at, r.id],
        "-collected": [r.created_at.desc(), r.id.desc()],
        "organisation": [r.search, r.id],
        "-organisation": [r.search.desc(), r.id.desc()],
    }[filters.sort]
    pages = max(1, -(-total // PER_PAGE))
    page = min(filters.page, pages)
    rows = conn.execute(
        select(r.id, r.event_id, r.created_at, r.source, r.answers)
        .where(*scoped)
        .order_by(*order)
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    )
    found = [Row(x.id, x.event_id, x.created_at, x.source, _answers(x.answers)) for x in rows]
    others = None
    if not viewer.is_coordinator and not filters.q:
        # Figures only: how many followers of the consortium outside this partner's match.
        everyone = int(
            conn.execute(select(func.count()).select_from(db.records).where(*where)).scalar_one()
        )
        others = everyone - total
    return Page(found, total, others, pages)


def _answers(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def event_names(conn: Connection) -> dict[str, str]:
    e = db.events.c
    return {
        row.id: row.name
        for row in conn.execute(select(e.id, e.name).order_by(e.starts.desc(), e.name))
    }


def partners(conn: Connection) -> list[str]:
    """Every partner the databank knows of (events' responsible partners, laptops' partners)."""
    e, t = db.events.c, db.tokens.c
    names = set(conn.execute(select(e.responsible_partner).distinct()).scalars())
    names |= set(conn.execute(select(t.partner).distinct()).scalars())
    return sorted(n for n in names if n)


# --------------------------------------------------------------------------- one follower


@dataclass
class Follower:
    row: Any
    answers: dict[str, Any]
    consent: dict[str, Any] | None
    form: Form
    event_name: str
    history: list[history.Change] = field(default_factory=list)


def erased_at(conn: Connection, record_id: str) -> str | None:
    return conn.execute(
        select(db.tombstones.c.erased_at).where(db.tombstones.c.id == record_id)
    ).scalar()


def load(conn: Connection, record_id: str) -> Follower | None:
    r = db.records
    row = conn.execute(select(r).where(r.c.id == record_id, r.c.kind == FOLLOWER)).first()
    if row is None:
        return None
    form = search.form_for(row.form_id, row.form_version) or load_form()
    consent = None
    if row.consent:
        try:
            consent = json.loads(row.consent)
        except ValueError:
            consent = None
    event = conn.execute(select(db.events.c.name).where(db.events.c.id == row.event_id)).scalar()
    return Follower(
        row, _answers(row.answers), consent, form, event or "", history.of_record(conn, record_id)
    )


CONSOLE_WRITER = "console"  # `records.written_by` of an edit in the console: no laptop's


class Stale(Exception):
    """The follower changed since the page was opened (another revision now)."""


def edit(
    conn: Connection, viewer: access.Viewer, record_id: str, answers: dict[str, Any], revision: int
) -> tuple[dict[str, str], list[str]]:
    """Store `answers` (validated with the record's form) as a new revision; (errors, changed
    field ids). Consent answers are the person's: kept as they are. `Stale` when the record is
    no longer at `revision`; nothing is written when there are errors or no change."""
    access.require_coordinator(viewer, "edit followers")
    current = load(conn, record_id)
    if current is None:
        raise LookupError(record_id)
    if int(current.row.revision) != revision:
        raise Stale(record_id)
    form = current.form
    for f in form.consent_fields():
        answers[f.id] = current.answers.get(f.id, False)
    checked = validate(form, answers)
    if not checked.ok:
        return {k: str(v) for k, v in checked.errors.items()}, []
    cleaned = checked.cleaned
    changed = history.changed_fields(current.answers, cleaned)
    if not changed:
        return {}, []
    row = current.row
    now = clock.now_iso()
    key = email_key(cleaned)
    history.settle(conn, [record_id])  # a laptop's follower: its creation, before the change
    record = protocol.WireRecord(
        id=row.id, kind=row.kind, form_id=row.form_id, form_version=row.form_version,
        revision=row.revision + 1, event_id=row.event_id, device_id=row.device_id,
        created_at=row.created_at, updated_at=now, collected_by=row.collected_by,
        consent=current.consent, answers=cleaned, source=row.source, parent_id=row.parent_id,
        loi_status=row.loi_status, loi_date=row.loi_date,
    )  # fmt: skip
    conn.execute(
        update(db.records)
        .where(db.records.c.id == record_id, db.records.c.revision == revision)
        .values(
            revision=record.revision,
            updated_at=now,
            answers=protocol.canonical_json(cleaned),
            content_sha256=record.content_hash(),
            search=search.search_text(form, cleaned),
            email_key=key,
            received_at=now,
        )
    )
    # As any other write of a follower: the directory laptops pull and the webhooks hear of it,
    # and the laptop that holds the record receives the new revision at its next sync, as
    # after a web sign-up (the web sign-ups pull, by email address; a follower's form requires
    # one, and without it the scoped pull below still brings it to the laptop that collected it).
    directory.touch(conn, [record_id])
    webhooks.enqueue(conn, {webhooks.UPDATED: [record_id]})
    if key:
        signup.reach_laptops(conn, record_id, key, row.event_id)
    # …and the laptops whose token's scope covers it (own: the collecting laptop; partner, all)
    # pull the full record: written by the console, it goes to every one of them.
    scoped.note_changes(conn, [record_id], CONSOLE_WRITER)
    history.append(
        conn,
        [
            history.row(
                record_id,
                f"{viewer.username} (console)",
                history.EDITED,
                record.revision,
                changed,
                now,
            )
        ],
    )
    return {}, changed


def erase(conn: Connection, viewer: access.Viewer, record_id: str) -> str:
    """Erase the follower (and what is attached to it) as `lea-databank erase` does: a
    tombstone tells every laptop. Pending erasure requests for it are approved with it."""
    access.require_coordinator(viewer, "erase followers")
    outcome = repo.erase(conn, [record_id], "databank", f"{viewer.username} (console)")[0]
    t = db.erasure_requests
    conn.execute(
        update(t)
        .where(t.c.record_id == record_id, t.c.status == erasures.PENDING)
        .values(status=erasures.APPROVED, decided_at=clock.now_iso(), decided_by=viewer.username)
    )
    return outcome.status
