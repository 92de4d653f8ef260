"""The consortium's figures, counted at the databank from every laptop's records: the laptop's
session summary (`domain/kpi.py`, `exports/summary_model.py`, the JSON contract of
docs/summary.md) for the whole consortium or one event, and Table 8 per partner.

Counting happens in the database. One pass groups the records by kind, event, country, the
types array (as its JSON text), whether the LEA-N interest was chosen and the letter-of-intent
status: a few thousand groups at most, whatever the number of followers. Python then decodes
each distinct JSON text once and adds the groups up into a `kpi.Tally`. Two small passes count
followers by hour of creation (turned into the databank's local dates) and by who collected
them.

A follower counts for the Table 8 commitment of the partner who signed it up: the partner of
the laptop that collected it (`token create --partner`), else the partner responsible for its
event (the event's `responsible_partner`, which a laptop fills in with its own by default).

The figures are kept per scope while the records and events stay the same (`FiguresCache`):
the records' fingerprint (`public_map.fingerprint`) and the events' latest cursor change with
every stored, edited or erased record and every event edit. `FiguresCache.get` counts again at
once when they changed (exact: summary.json, exports); `FiguresCache.kept_or_recount` (the
dashboard page) answers with the kept figures, marked stale, and counts again on a background
thread, one recount per scope at a time however many requests arrive meanwhile.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from lea_desktop import reference
from lea_desktop.databank import db
from lea_desktop.databank.public_map import _json
from lea_desktop.databank.public_map import fingerprint as records_fingerprint
from lea_desktop.domain import clock, kpi
from lea_desktop.domain.records import Event
from lea_desktop.exports.summary_json import summary_object
from lea_desktop.exports.summary_model import PartnerReport, SummaryReport
from lea_desktop.formkit import Form, load_form

FORM_ID = "follower_signup"

log = logging.getLogger(__name__)


class UnknownEvent(LookupError):
    """No event with that id at the databank."""


@cache
def _form() -> Form:
    return load_form(FORM_ID)


@dataclass(frozen=True)
class Figures:
    """Everything the console's dashboard shows for one scope."""

    report: SummaryReport
    outreach: tuple[kpi.OutreachRow, ...]  # Table 8, one row per partner
    tally: kpi.Tally

    @property
    def summary(self) -> kpi.Summary:
        return self.report.summary

    def to_json(self) -> dict[str, Any]:
        """docs/summary.md's contract, plus `partner_outreach` (Table 8) and `source`."""
        obj = summary_object(self.report)
        obj["source"] = "databank"
        obj["partner_outreach"] = [row.to_json() for row in self.outreach]
        return obj

    def partner_report(self) -> PartnerReport:
        """Appendix 7.1 from the same counts (meaningful for the whole consortium)."""
        return PartnerReport(
            member_states=self.summary.member_states,
            partners=kpi.partner_rows(self.summary.member_states),
            summary=self.summary,
            generated_at=self.report.generated_at,
            others=kpi.other_country_rows(self.tally, reference.responsible_partners()),
        )


def _event(conn: Connection, event_id: str) -> Event:
    e = db.events.c
    row = conn.execute(select(*(e[c] for c in db.EVENT_COLUMNS)).where(e.id == event_id)).first()
    if row is None:
        raise UnknownEvent(event_id)
    return Event.from_row(dict(row._mapping))


def _decode(cache_: dict[str | None, tuple[str, ...]], text: str | None) -> tuple[str, ...]:
    found = cache_.get(text)
    if found is None:
        try:
            value = json.loads(text) if text else None
        except ValueError:
            value = None
        found = tuple(str(v) for v in value) if isinstance(value, list) else ()
        cache_[text] = found
    return found


def count(conn: Connection, event_id: str | None = None) -> tuple[kpi.Tally, Counter]:
    """The tally of one event's records (all events: None) and the potential LEA-N members per
    (responsible partner of their event, country)."""
    r = db.records.c
    scope = [r.event_id == event_id] if event_id is not None else []
    answers = _json(conn, r.answers)
    interests = answers[kpi.INTERESTS_FIELD].as_string()
    # Through a subquery: PostgreSQL must find the GROUP BY expressions equal to the selected
    # ones, which JSON paths sent as parameters never are. Of the interests only "chose the
    # LEA-N interest" matters: a yes/no keeps the groups few (the interests' combinations
    # would multiply them by five). The choices are plain words, so the quoted value is found
    # in the array's JSON text exactly when it is one of its elements.
    rows = (
        select(
            r.kind.label("kind"),
            r.event_id.label("event"),
            r.device_id.label("device"),
            answers[kpi.COUNTRY_FIELD].as_string().label("country"),
            answers[kpi.TYPES_FIELD].as_string().label("types"),
            interests.contains(f'"{kpi.LEA_NETWORK_INTEREST}"', autoescape=True).label("lea_n"),
            r.loi_status.label("loi"),
        )
        .where(*scope)
        .subquery()
    )
    g = rows.c
    grouped = conn.execute(
        select(
            g.kind, g.event, g.device, g.country, g.types, g.lea_n, g.loi, func.count()
        ).group_by(g.kind, g.event, g.device, g.country, g.types, g.lea_n, g.loi)
    ).all()
    partner_of_event = dict(
        conn.execute(select(db.events.c.id, db.events.c.responsible_partner)).all()
    )
    partner_of_laptop = laptop_partners(conn)
    tally = kpi.Tally()
    potential: Counter[tuple[str, str]] = Counter()
    decoded: dict[str | None, tuple[str, ...]] = {}
    for kind, event, device, where, kinds, wants, loi, n in grouped:
        n = int(n)
        tally.kinds[str(kind)] += n
        if kind != kpi.FOLLOWER:
            continue
        code = (where or "").strip().upper() or kpi.UNKNOWN_COUNTRY
        tally.followers[code] += n
        org_types = _decode(decoded, kinds)
        for t in dict.fromkeys(org_types):
            tally.types[(code, t)] += n
        candidate = kpi.PROCURER in org_types and bool(wants)
        if candidate:
            tally.candidates[code] += n
        if loi:
            tally.letters[(code, loi)] += n
        if candidate or loi == kpi.LOI_SIGNED:
            partner = partner_of_laptop.get(device) or partner_of_event.get(event) or ""
            potential[(partner, code)] += n
    # By hour (UTC, as stored): a few thousand rows, each turned into the databank's local date.
    hour = func.substr(r.created_at, 1, 13)
    for stamp, n in conn.execute(
        select(hour, func.count()).where(r.kind == kpi.FOLLOWER, *scope).group_by(hour)
    ):
        tally.days[_local_day(stamp)] += int(n)
    tally.collectors.update(
        {
            str(name): int(n)
            for name, n in conn.execute(
                select(r.collected_by, func.count())
                .where(r.kind == kpi.FOLLOWER, *scope)
                .group_by(r.collected_by)
            )
        }
    )
    tally.days.pop("", None)
    return tally, potential


def laptop_partners(conn: Connection) -> dict[str, str]:
    """Device id → the partner its laptop belongs to (`token create --partner`): the active
    token's, else the latest token's that named one."""
    t = db.tokens.c
    found: dict[str, str] = {}
    rows = conn.execute(
        select(t.device_id, t.partner)
        .where(t.device_id.is_not(None), t.partner != "")
        .order_by(t.revoked_at.is_(None), t.created_at)
    )
    for device, partner in rows:  # the active one last, so it wins
        found[device] = partner
    return found


def _local_day(hour: str | None) -> str:
    """`2027-01-20T23` (an hour in UTC) → the databank's local date of that hour."""
    try:
        moment = dt.datetime.fromisoformat(f"{hour}:00:00+00:00")
    except (TypeError, ValueError):
        return ""
    return moment.astimezone().date().isoformat()


def event_span(conn: Connection) -> tuple[int, str, str]:
    """(events with followers, first start date, last end date) for the whole consortium."""
    e, r = db.events.c, db.records.c
    with_followers = select(r.event_id).where(r.kind == kpi.FOLLOWER).distinct()
    row = conn.execute(
        select(func.count(), func.min(e.starts), func.max(e.ends)).where(e.id.in_(with_followers))
    ).one()
    return int(row[0] or 0), str(row[1] or ""), str(row[2] or "")


def compute(conn: Connection, event_id: str | None = None) -> Figures:
    """Count and derive every figure for one event (None: the whole consortium). Raises
    `UnknownEvent` for an event the databank does not hold."""
    event = _event(conn, event_id) if event_id is not None else None
    tally, potential = count(conn, event_id)
    if event is not None:
        counted, first, last = 1, event.starts, event.ends
    else:
        counted, first, last = event_span(conn)
    form = _form()
    summary = kpi.summarise(
        tally,
        type_values=form.field(kpi.TYPES_FIELD).choice_values(),
        responsible_partners=reference.responsible_partners(),
    )
    report = SummaryReport(
        summary=summary,
        event=event,
        events_counted=counted,
        first_day=first,
        last_day=last,
        generated_at=clock.now().astimezone(),
        form=form,
    )
    outreach = kpi.outreach_rows(potential, reference.partners(), reference.home_countries())
    return Figures(report, outreach, tally)


def fingerprint(conn: Connection) -> str:
    """Changes with every stored, edited or erased record and every event edit."""
    events = conn.execute(select(func.max(db.events.c.cursor))).scalar()
    return f"{records_fingerprint(conn)}:{events or 0}"


@dataclass(frozen=True)
class Kept:
    """Figures as the dashboard gets them: `stale` when the records or events changed since
    they were counted (a recount is then running on a background thread)."""

    figures: Figures
    stale: bool


class FiguresCache:
    """The figures of each scope, counted again only when the records or events changed.

    Kept in this process's memory: with `serve --workers N` each worker keeps (and recounts) its
    own, which costs each worker its own count but needs no shared state nor locking across
    workers; every worker's figures follow the same database, so they agree once counted.
    """

    MAX_SCOPES = 64
    RECOUNT_THREADS = 2  # of a worker's threads, at most this many count in the background

    def __init__(self) -> None:
        self._kept: dict[str | None, tuple[str, Figures]] = {}
        self._lock = threading.Lock()
        self._recounting: set[str | None] = set()  # scopes with a recount queued or running
        self._pool: ThreadPoolExecutor | None = None

    def _keep(self, event_id: str | None, mark: str, figures: Figures) -> None:
        with self._lock:
            if event_id not in self._kept and len(self._kept) >= self.MAX_SCOPES:
                self._kept.clear()
            self._kept[event_id] = (mark, figures)

    def get(self, engine: Engine, event_id: str | None = None) -> Figures:
        """Exact figures: the kept ones while nothing changed, else counted now (blocking)."""
        with db.read_connection(engine) as conn:
            mark = fingerprint(conn)
            kept = self._kept.get(event_id)
            if kept is not None and kept[0] == mark:
                return kept[1]
            # Counted in the same read transaction as the mark: never older than it.
            figures = compute(conn, event_id)
        self._keep(event_id, mark, figures)
        return figures

    def kept_or_recount(self, engine: Engine, event_id: str | None = None) -> Kept:
        """The kept figures at once, stale or not; when stale, one recount of the scope is
        started on a background thread (none if one is already queued or running). A scope
        never counted yet is counted now (blocking): there is nothing to show before, and a
        page saying "counting…" would only make the coordinator reload for the same wait.
        Raises `UnknownEvent` (for a scope never counted) as `get` does."""
        with db.read_connection(engine) as conn:
            mark = fingerprint(conn)
            kept = self._kept.get(event_id)
            if kept is not None and kept[0] == mark:
                return Kept(kept[1], stale=False)
            if kept is None:
                figures = compute(conn, event_id)
                self._keep(event_id, mark, figures)
                return Kept(figures, stale=False)
        self._recount(engine, event_id)
        return Kept(kept[1], stale=True)

    def recounting(self, event_id: str | None = None) -> bool:
        """Whether a background recount of the scope is queued or running."""
        with self._lock:
            return event_id in self._recounting

    def _recount(self, engine: Engine, event_id: str | None) -> None:
        with self._lock:
            if event_id in self._recounting:
                return
            self._recounting.add(event_id)
            if self._pool is None:
                self._pool = ThreadPoolExecutor(
                    self.RECOUNT_THREADS, thread_name_prefix="lea-figures"
                )
            pool = self._pool
        pool.submit(self._count_again, engine, event_id)

    def _count_again(self, engine: Engine, event_id: str | None) -> None:
        try:
            with db.read_connection(engine) as conn:
                mark = fingerprint(conn)
                figures = compute(conn, event_id)
            self._keep(event_id, mark, figures)
        except UnknownEvent:  # the event is gone: its next page answers 404
            with self._lock:
                self._kept.pop(event_id, None)
        except Exception as exc:  # the kept figures stay; the next page tries again
            log.warning("recounting the console's figures failed: %s", type(exc).__name__)
        finally:
            with self._lock:
                self._recounting.discard(event_id)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
