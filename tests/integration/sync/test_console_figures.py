"""The consortium's figures counted at the databank (`databank/figures.py`) say what the laptops'
own summaries say: laptops sync their followers to a real databank, then the databank's summary
of an event equals the summary the laptop makes of it (docs/summary.md's JSON contract), and
Table 8 counts each partner's potential LEA-N members from member states other than its own.
On SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from bench.cases.common import populate
from bench.data import followers
from lea_desktop.databank import db, figures, laptops
from lea_desktop.databank.public_map import fingerprint
from lea_desktop.domain import kpi

pytestmark = pytest.mark.timeout(300)


def _unmapped(n: int, *, seed: int) -> list[dict[str, Any]]:
    """Generated followers who did not agree to the public map: these tests' followers stay off
    the map that other tests on the same PostgreSQL database look at."""
    return [{**r, "consent_map": False} for r in followers(n, seed=seed)]


def _comparable(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if k not in ("generated_at", "source", "partner_outreach")}


def _candidate(answers: dict[str, Any]) -> dict[str, Any]:
    return {**answers, "types": ["procurer"], "interests": ["lea_network"]}


@pytest.fixture
def engine(own_databank):  # type: ignore[no-untyped-def]
    engine = db.make_engine(own_databank.db_url)
    yield engine
    engine.dispose()


def test_an_events_summary_at_the_databank_is_the_laptops(own_databank, make_laptop, engine):
    from lea_desktop.usecases import reports

    laptop = make_laptop(own_databank)
    event = laptop.add_event(f"Fair {uuid.uuid4().hex[:6]}", responsible_partner="OVGU")
    rows = _unmapped(400, seed=7)
    populate(laptop.store, event.id, rows)
    # A few letters of intent, offered and signed, as the procurer dialog leaves them.
    ids = [r[0] for r in laptop.db.execute("SELECT id FROM registrations ORDER BY seq LIMIT 9")]
    for i, rid in enumerate(ids):
        status = "signed" if i % 3 == 0 else "offered"
        laptop.db.execute(
            "UPDATE registrations SET loi_status = ?, loi_date = '2027-01-21' WHERE id = ?",
            [status, rid],
        )
    assert laptop.sync().complete
    assert laptop.queue()["pending"] == 0

    mine = reports.build_summary(laptop.store, event.id)
    from lea_desktop.exports.summary_json import summary_object

    with engine.connect() as conn:
        theirs = figures.compute(conn, event.id)
    assert _comparable(theirs.to_json()) == _comparable(summary_object(mine))
    assert theirs.summary.total == 400
    assert theirs.to_json()["source"] == "databank"
    # The whole consortium holds this event's followers too.
    with engine.connect() as conn:
        everything = figures.compute(conn, None)
    assert everything.summary.total >= 400
    assert everything.report.event is None


def test_the_whole_consortiums_figures_add_every_laptop_up(own_databank, make_laptop, engine):
    """Two laptops, two events: the consortium's figures are both events' added up."""
    from lea_desktop.usecases import reports

    with engine.connect() as conn:
        before = figures.compute(conn, None).tally
    first, second = make_laptop(own_databank), make_laptop(own_databank)
    a = first.add_event(f"A {uuid.uuid4().hex[:6]}", responsible_partner="ENTER")
    b = second.add_event(f"B {uuid.uuid4().hex[:6]}", responsible_partner="ICLEI")
    populate(first.store, a.id, _unmapped(150, seed=1))
    populate(second.store, b.id, _unmapped(90, seed=2))
    assert first.sync().complete and second.sync().complete
    with engine.connect() as conn:
        after = figures.compute(conn, None)
    expected = (
        reports.build_summary(first.store, a.id).summary,
        reports.build_summary(second.store, b.id).summary,
    )
    added = Counter(after.tally.followers)
    added.subtract(before.followers)
    want = Counter(expected[0].by_country) + Counter(expected[1].by_country)
    assert {k: v for k, v in added.items() if v} == dict(want)
    assert after.summary.total - before.total == 240


def test_table_8_counts_potential_members_from_other_member_states(
    own_databank, make_laptop, engine
):
    """INNOVA (Hungary) signs up candidates in Hungary, Austria and Italy and has a letter
    signed in France: Hungary is its own and does not count; ICLEI gets none."""
    laptop = make_laptop(own_databank)
    event = laptop.add_event(f"Table 8 {uuid.uuid4().hex[:6]}", responsible_partner=" innova ")
    base = _unmapped(6, seed=11)
    rows = [
        _candidate({**base[0], "country": "HU"}),
        _candidate({**base[1], "country": "AT"}),
        _candidate({**base[2], "country": "IT"}),
        {**base[3], "country": "FR", "types": ["school"], "interests": []},
        {**base[4], "country": "ES", "types": ["procurer"], "interests": []},  # not a candidate
        _candidate({**base[5], "country": "NO"}),  # Norway is not a member state
    ]
    populate(laptop.store, event.id, rows)
    french = laptop.db.execute(
        "SELECT id FROM registrations WHERE answers ->> '$.country' = 'FR'"
    ).fetchone()[0]
    laptop.db.execute("UPDATE registrations SET loi_status = 'signed' WHERE id = ?", [french])
    assert laptop.sync().complete
    with engine.connect() as conn:
        found = figures.compute(conn, event.id)
    rows_by_partner = {row.partner: row for row in found.outreach}
    innova = rows_by_partner["INNOVA"]
    assert (innova.home_country, innova.members, innova.countries) == ("HU", 3, ("AT", "FR", "IT"))
    assert innova.met and innova.target == kpi.TARGET_PARTNER_OUTREACH
    assert rows_by_partner["ICLEI"].members == 0 and not rows_by_partner["ICLEI"].met
    assert len(found.outreach) == 15  # every partner, zeros included
    table8 = {row["partner"]: row for row in found.to_json()["partner_outreach"]}
    assert table8["INNOVA"] == {
        "partner": "INNOVA", "home_country": "HU", "potential_lea_n_members": 3, "target": 2,
        "met": True, "countries": ["AT", "FR", "IT"],
    }  # fmt: skip


def test_table_8_credits_the_laptops_partner_before_the_events(own_databank, make_laptop, engine):
    """INNOVA's laptop (its token names INNOVA) signs up candidates at an event ENTER is
    responsible for: they count for INNOVA, who signed them up; a laptop naming no partner
    leaves them to the event's partner."""
    own = make_laptop(own_databank)
    own_databank.cli("token", "revoke", own.name)  # its token made again, naming its partner
    made = own_databank.cli("token", "create", own.name, "--partner", "INNOVA").stdout
    own.token = made.strip().splitlines()[-1]
    from lea_desktop.sync import credentials

    credentials.save_token(own.home, own.token)
    other = make_laptop(own_databank)
    event = own.add_event(f"Budapest {uuid.uuid4().hex[:6]}", responsible_partner="ENTER")
    base = _unmapped(5, seed=21)
    populate(own.store, event.id, [_candidate({**b, "country": c}) for b, c in
                                   zip(base[:3], ("AT", "PL", "HU"), strict=True)])  # fmt: skip
    elsewhere = other.add_event(f"Brussels {uuid.uuid4().hex[:6]}", responsible_partner="ENTER")
    populate(other.store, elsewhere.id, [_candidate({**b, "country": "BE"}) for b in base[3:]])
    assert own.sync().complete and other.sync().complete
    with engine.connect() as conn:
        found = {row.partner: row for row in figures.compute(conn, event.id).outreach}
        theirs = {row.partner: row for row in figures.compute(conn, elsewhere.id).outreach}
    # INNOVA: Austria and Poland (Hungary is its own); ENTER none of them.
    assert (found["INNOVA"].members, found["INNOVA"].countries) == (2, ("AT", "PL"))
    assert found["ENTER"].members == 0
    # The other laptop names no partner: its two Belgians are the event's partner's.
    assert (theirs["ENTER"].members, theirs["ENTER"].countries) == (2, ("BE",))
    assert theirs["INNOVA"].members == 0


def test_an_unknown_event_is_told_apart(engine):
    with engine.connect() as conn, pytest.raises(figures.UnknownEvent):
        figures.compute(conn, "no-such-event")


def test_figures_are_kept_until_a_record_changes(own_databank, make_laptop, engine):
    laptop = make_laptop(own_databank)
    event = laptop.add_event(f"Cache {uuid.uuid4().hex[:6]}")
    populate(laptop.store, event.id, _unmapped(5, seed=3))
    assert laptop.sync().complete
    kept = figures.FiguresCache()
    first = kept.get(engine, event.id)
    assert kept.get(engine, event.id) is first  # nothing changed: the same figures
    populate(laptop.store, event.id, _unmapped(2, seed=4))
    assert laptop.sync().complete
    again = kept.get(engine, event.id)
    assert again is not first and again.summary.total == 7
    with engine.connect() as conn:
        assert fingerprint(conn)  # the mark the cache keys on


def test_a_stale_scope_is_recounted_once_however_many_ask(
    own_databank, make_laptop, engine, monkeypatch
):
    laptop = make_laptop(own_databank)
    event = laptop.add_event(f"Recount {uuid.uuid4().hex[:6]}")
    populate(laptop.store, event.id, _unmapped(4, seed=5))
    assert laptop.sync().complete
    kept = figures.FiguresCache()
    first = kept.kept_or_recount(engine, event.id)  # never counted: counted now
    assert not first.stale and first.figures.summary.total == 4
    populate(laptop.store, event.id, _unmapped(3, seed=6))
    assert laptop.sync().complete

    counts: list[str | None] = []
    real = figures.compute
    gate = threading.Event()

    def counted(conn, event_id=None):  # type: ignore[no-untyped-def]
        counts.append(event_id)
        gate.wait()  # the recount waits until every request has had its answer
        return real(conn, event_id)

    monkeypatch.setattr(figures, "compute", counted)
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: kept.kept_or_recount(engine, event.id), range(16)))
    assert all(a.stale and a.figures is first.figures for a in answers)  # the kept ones
    assert kept.recounting(event.id)
    gate.set()
    while kept.recounting(event.id):
        time.sleep(0.05)
    assert counts == [event.id]  # one recount for sixteen requests
    fresh = kept.kept_or_recount(engine, event.id)
    assert not fresh.stale and fresh.figures.summary.total == 7
    assert kept.get(engine, event.id) is fresh.figures


def test_a_laptops_figures_last_seen_records_received_last_push(own_databank, make_laptop, engine):
    laptop = make_laptop(own_databank)
    idle = make_laptop(own_databank)
    event = laptop.add_event(f"Laptops {uuid.uuid4().hex[:6]}")
    populate(laptop.store, event.id, _unmapped(12, seed=5))
    assert laptop.sync().complete
    with engine.connect() as conn:
        found = {x.name: x for x in laptops.laptops(conn)}
    mine, other = found[laptop.name], found[idle.name]
    assert mine.records_received == 12 and mine.last_push_at
    assert mine.last_seen_at and mine.last_seen_at >= mine.last_push_at[:19]
    assert mine.device_id == laptop.store.device_id and mine.active
    assert (other.records_received, other.last_push_at, other.last_seen_at) == (0, None, None)
    own_databank.cli("token", "revoke", idle.name)
    with engine.connect() as conn:
        listed = laptops.laptops(conn)
    assert not {x.name: x for x in listed}[idle.name].active
    assert [x.active for x in listed] == sorted((x.active for x in listed), reverse=True)


def test_last_seen_is_written_at_most_once_a_minute(engine):
    from lea_desktop.databank import tokens

    name = f"seen-{uuid.uuid4().hex[:8]}"
    with engine.begin() as conn:
        tokens.create(conn, name)
    assert laptops.seen(engine, name, now=1000.0)
    assert not laptops.seen(engine, name, now=1030.0)  # 30 s later: not written again
    assert laptops.seen(engine, name, now=1061.0)
    with engine.connect() as conn:
        (row,) = [x for x in laptops.laptops(conn) if x.name == name]
    assert row.last_seen_at
