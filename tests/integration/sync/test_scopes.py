"""Token scopes (issue 18, items 2 and 6): full records of the token's scope flow down to the
laptop, are edited there, and two laptops' edits of one follower are settled without losing
either. Three laptops and one databank over loopback, on SQLite and PostgreSQL.

The databank of this module sends mail (the public form's web sign-ups need it). On PostgreSQL
it shares the run's database with the other tests: assertions name their own records, and each
test gives its laptops a partner of its own.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from lea_desktop.domain.records import slug
from lea_desktop.storage import pulled, registrations
from lea_desktop.sync import protocol, scope_protocol
from lea_desktop.usecases import conflicts
from tests.integration.sync.conftest import _db_url
from tests.integration.sync.join_helpers import (
    SmtpServer,
    confirmation_link,
    good_answers,
    join_bank,
    submit,
)


@pytest.fixture(scope="module")
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def bank(backend: str, databank_db: str, smtp: SmtpServer, tmp_path_factory):  # type: ignore[no-untyped-def]
    work = tmp_path_factory.mktemp("scopes")
    db_url = databank_db if backend == "postgresql" else _db_url(backend, work, "scopes")
    databank = join_bank(db_url, work, smtp, "--page-size", "50")
    yield databank
    databank.stop()


def _emails(laptop) -> set[str]:  # type: ignore[no-untyped-def]
    return {
        str(r.answers.get("email"))
        for r in registrations.iter_all(laptop.db)
        if r.answers.get("email")
    }


def _home_bytes(home: Path) -> bytes:
    """Every file of a data home (database, WAL, backups, exports, logs), concatenated."""
    return b"".join(p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file())


def _web_signup(bank, smtp, event_name: str, address: str, **changes: Any) -> None:  # type: ignore[no-untyped-def]
    """A visitor signs up on the public form of the event and confirms by email."""
    with httpx.Client(base_url=bank.url, timeout=20) as client:
        sent = len(smtp.inbox.messages)
        page = submit(client, f"/join/{slug(event_name)}", good_answers(email=address, **changes))
        assert page.status_code == 200, page.text[:300]
        link = confirmation_link(smtp.inbox.wait_for(sent + 1)[-1])
        assert client.get(link).status_code == 200


def _api(laptop) -> httpx.Client:  # type: ignore[no-untyped-def]
    return httpx.Client(
        base_url=laptop.url, headers={"Authorization": f"Bearer {laptop.token}"}, timeout=10
    )


def _edit(laptop, rid: str, **answers: Any):  # type: ignore[no-untyped-def]
    reg = registrations.get(laptop.db, rid)
    assert reg is not None
    return registrations.update(laptop.db, rid, {"answers": {**reg.answers, **answers}})


def _held(bank, rid: str) -> dict[str, Any] | None:  # type: ignore[no-untyped-def]
    """The databank's copy of a record, read through an `all` laptop's pull would be
    indirect: read it from the database itself."""
    import json

    from sqlalchemy import select

    from lea_desktop.databank import db

    engine = db.make_engine(bank.db_url)
    try:
        with engine.connect() as conn:
            row = conn.execute(
                select(db.records.c.revision, db.records.c.answers).where(db.records.c.id == rid)
            ).first()
    finally:
        engine.dispose()
    return None if row is None else {"revision": row.revision, **json.loads(row.answers)}


@pytest.fixture
def team(bank, make_laptop):  # type: ignore[no-untyped-def]
    """A factory: `team(partner)` → laptops A (partner scope), B (same partner, own scope) and
    C (another partner, own scope), B and C with followers collected and synced."""

    def make(partner: str, other: str, followers: int = 2):  # type: ignore[no-untyped-def]
        a = make_laptop(bank, partner=partner, scope="partner")
        b = make_laptop(bank, partner=partner)
        c = make_laptop(bank, partner=other)
        ev_b = b.add_event(f"BETT {uuid.uuid4().hex[:6]}", responsible_partner=partner)
        ev_c = c.add_event(f"Didacta {uuid.uuid4().hex[:6]}", responsible_partner=other)
        ids_b = b.add_followers(followers, ev_b.id)
        ids_c = c.add_followers(followers, ev_c.id)
        assert b.sync().complete and c.sync().complete
        return a, b, c, ev_b, ev_c, ids_b, ids_c

    return make


def test_scopes_keep_personal_data_where_they_say(bank, smtp, team):
    """A (INNOVA, scope partner) receives B's followers (same partner) and the web sign-ups of
    the events INNOVA is responsible for, marked with where they came from; nothing of C's
    (SERN). B and C (scope own) receive nothing of anyone's: no file of their data homes, WAL
    and backups included, holds another laptop's email addresses."""
    a, b, c, ev_b, ev_c, ids_b, ids_c = team("INNOVA", "SERN")
    web_innova = f"web.innova.{time.time_ns()}@example.fi"
    web_sern = f"web.sern.{time.time_ns()}@example.fi"
    _web_signup(bank, smtp, ev_b.name, web_innova)
    _web_signup(bank, smtp, ev_c.name, web_sern)

    report = a.sync()
    assert report.complete, report.summary()
    emails_b = {registrations.get(b.db, i).answers["email"] for i in ids_b}
    emails_c = {registrations.get(c.db, i).answers["email"] for i in ids_c}
    held = _emails(a)
    assert emails_b | {web_innova} <= held
    assert not held & (emails_c | {web_sern})
    assert report.records_pulled >= 3 and "of other laptops received" in report.summary()
    origins = pulled.origins(a.db, [*ids_b])
    assert set(origins.values()) == {(b.name, "INNOVA")}
    [web] = [r for r in registrations.iter_all(a.db) if r.answers.get("email") == web_innova]
    assert web.source == "web" and pulled.origins(a.db, [web.id]) == {web.id: ("", "INNOVA")}
    assert a.queue() == {
        "pending": 0,
        "rejected": 0,
        "conflicts": 0,
    }  # pulled: nothing to send back
    assert a.sync().records_pulled == 0  # resumed from its cursor: nothing new
    # A's scope stops at its partner: no file of its data home holds a SERN address.
    everything_a = _home_bytes(a.home)
    for address in emails_c | {web_sern}:
        assert address.encode() not in everything_a, (a.name, address)

    for laptop, others in ((b, emails_c | {web_sern}), (c, emails_b | {web_innova})):
        assert laptop.sync().complete
        everything = _home_bytes(laptop.home)
        for address in others:
            assert address.encode() not in everything, (laptop.name, address)
    # B (own) gets its own event's web sign-up as before (the web sign-ups pull), nothing else.
    assert _emails(b) == emails_b | {web_innova}


def test_in_scope_edits_travel_and_out_of_scope_stay_forbidden(bank, team):
    """A edits B's follower: the databank takes it (B's record, A's revision) and B receives
    the change at its next sync. C, whose scope does not cover B, is refused (`forbidden`),
    and so is A's attempt to make a new record in B's name."""
    a, b, c, _ev_b, _ev_c, ids_b, _ids_c = team("ENTER", "EUPK", followers=1)
    assert a.sync().complete
    (rid,) = ids_b
    _edit(a, rid, city="Tampere")
    report = a.sync()
    assert report.complete and report.records == {"updated": 1}
    assert _held(bank, rid)["city"] == "Tampere"
    assert registrations.get(a.db, rid).device_id == b.store.device_id  # still B's record

    report = b.sync()
    assert report.complete and report.records_pulled == 1
    assert registrations.get(b.db, rid).answers["city"] == "Tampere"
    assert registrations.get(b.db, rid).revision == 2
    assert pulled.origins(b.db, [rid]) == {}  # its own record: no mark

    wire = {
        name: getattr(registrations.get(b.db, rid), name)
        for name in protocol.WireRecord.__dataclass_fields__
    }
    with _api(c) as api:
        forged = {**wire, "revision": 3, "answers": {**wire["answers"], "city": "Espoo"}}
        (outcome,) = api.post(
            protocol.RECORDS_BATCH, json={"device_id": c.store.device_id, "records": [forged]}
        ).json()["outcomes"]
    assert outcome["status"] == "forbidden" and "not in this laptop's scope" in outcome["reason"]
    with _api(a) as api:
        new = {**wire, "id": str(uuid.uuid4()), "revision": 1}
        (outcome,) = api.post(
            protocol.RECORDS_BATCH, json={"device_id": a.store.device_id, "records": [new]}
        ).json()["outcomes"]
    assert outcome["status"] == "forbidden"
    assert _held(bank, rid)["city"] == "Tampere" and _held(bank, new["id"]) is None


def test_concurrent_edits_are_kept_and_resolved_three_ways(bank, team):
    """A and B edit the same three followers before either syncs. B syncs first and the
    databank takes its edits; A's sync pulls them, finds its own edits waiting and keeps both
    (nothing sent, nothing overwritten). A then keeps its own copy of the first, takes B's of
    the second and merges the third field by field; after the next syncs both laptops and the
    databank hold the same three followers."""
    a, b, _c, _ev_b, _ev_c, ids_b, _ids_c = team("ICLEI", "OVGU", followers=3)
    assert a.sync().complete
    r1, r2, r3 = ids_b
    for rid in ids_b:
        _edit(a, rid, city="Turku", organisation=f"A's school {rid[:4]}")
        _edit(b, rid, city="Oulu", phone="+358507654321")
    assert b.sync().complete

    report = a.sync()
    assert report.state == "ok" and report.record_conflicts == 3 and report.conflicts == 3
    assert report.rejected == 0 and not report.complete
    assert "3 conflicts to resolve on the Sync page" in report.summary()
    assert {rid: _held(bank, rid)["city"] for rid in ids_b} == dict.fromkeys(ids_b, "Oulu")
    found = {c.id: c for c in conflicts.list_conflicts(a.store)}
    assert set(found) == set(ids_b)
    assert found[r1].mine.answers["city"] == "Turku" and found[r1].theirs.answers["city"] == "Oulu"
    assert found[r1].laptop == b.name and found[r1].partner == "ICLEI"
    fields = {d.field_id for d in conflicts.differences(found[r3])}
    assert fields == {"organisation", "phone", "city"}
    conflicts.resolve(a.store, r1, conflicts.KEEP_MINE)
    conflicts.resolve(a.store, r2, conflicts.TAKE_THEIRS)
    conflicts.resolve(
        a.store,
        r3,
        conflicts.MERGE,
        {"city": conflicts.KEEP_MINE, "phone": conflicts.TAKE_THEIRS},  # organisation: mine
    )
    assert conflicts.count(a.store) == 0
    assert registrations.get(a.db, r2).answers["city"] == "Oulu"
    report = a.sync()
    assert report.complete and report.records == {"updated": 2}, report.summary()
    assert b.sync().complete

    want = {
        r1: ("Turku", f"A's school {r1[:4]}", None),
        r2: ("Oulu", None, "+358507654321"),
        r3: ("Turku", f"A's school {r3[:4]}", "+358507654321"),
    }
    for rid, (city, organisation, phone) in want.items():
        for copy in (_held(bank, rid), registrations.get(a.db, rid).answers,
                     registrations.get(b.db, rid).answers):  # fmt: skip
            assert copy["city"] == city
            if organisation:
                assert copy["organisation"] == organisation
            if phone:
                assert copy["phone"] == phone
    assert registrations.get(a.db, r1).revision == registrations.get(b.db, r1).revision == 3
    assert registrations.get(b.db, r2).revision == 2
    assert a.sync().complete and b.sync().complete  # settled: nothing more goes either way
    assert conflicts.count(a.store) == conflicts.count(b.store) == 0


def test_a_conflict_found_by_the_push_keeps_the_databanks_copy(bank, team):
    """A pushes an edit of B's follower without pulling first (B's edit reached the databank in
    between): the databank answers `conflict` with its copy, which A keeps beside its own."""
    from lea_desktop.sync.engine import push_all

    a, b, _c, _ev_b, _ev_c, ids_b, _ids_c = team("SERN", "ENTER", followers=1)
    assert a.sync().complete
    (rid,) = ids_b
    _edit(a, rid, city="Vaasa")
    _edit(b, rid, city="Kuopio")
    assert b.sync().complete
    report = push_all(a.store, a.client())
    assert report.records == {"conflict": 1} and report.record_conflicts == 1
    (found,) = conflicts.list_conflicts(a.store)
    assert found.mine.answers["city"] == "Vaasa" and found.theirs.answers["city"] == "Kuopio"
    assert found.theirs.revision == 2
    conflicts.resolve(a.store, rid, conflicts.KEEP_MINE)
    assert a.sync().complete
    assert _held(bank, rid)["city"] == "Vaasa" and _held(bank, rid)["revision"] == 3


def test_erasure_of_a_pulled_record(bank, team):
    """A erases B's follower (in its scope): the databank erases it at once (no coordinator
    needed) and B erases its copy at its next sync. A follower erased at the databank leaves
    A too. Neither data home keeps the address anywhere."""
    a, b, _c, _ev_b, _ev_c, ids_b, _ids_c = team("OVGU", "ICLEI", followers=2)
    assert a.sync().complete
    r1, r2 = ids_b
    gone1 = registrations.get(a.db, r1).answers["email"]
    gone2 = registrations.get(a.db, r2).answers["email"]
    _edit(a, r1, city="Kemi")  # an edit waiting too: erased with the record
    from lea_desktop.usecases import erasure

    erasure.erase(a.store, r1)
    report = a.sync()
    assert report.complete and report.tombstones_sent == 1 and report.erasures_requested == 0
    assert _held(bank, r1) is None
    assert b.sync().erasures_pulled >= 1 and registrations.get(b.db, r1) is None

    bank.cli("erase", r2)
    assert a.sync().erasures_pulled >= 1
    assert registrations.get(a.db, r2) is None and pulled.origins(a.db, [r1, r2]) == {}
    assert b.sync().complete
    for laptop in (a, b):
        everything = _home_bytes(laptop.home)
        assert gone1.encode() not in everything and gone2.encode() not in everything


def test_retention_purges_pulled_records_like_local_ones(bank, team):
    """A pulled follower is acknowledged from the moment it arrives: the retention purge
    removes its personal answers when the period has passed, as for a record collected here;
    a newer revision pulled later is purged again in its turn."""
    from lea_desktop.usecases import retention

    a, b, _c, _ev_b, _ev_c, ids_b, _ids_c = team("EUPK", "SERN", followers=1)
    assert a.sync().complete
    (rid,) = ids_b
    email = registrations.get(a.db, rid).answers["email"]
    report = retention.purge_expired(a.store, days=0)
    assert report.purged >= 1
    reg = registrations.get(a.db, rid)
    assert reg.purged_at and "email" not in reg.answers
    assert email.encode() not in _home_bytes(a.home)

    _edit(b, rid, city="Lahti")
    assert b.sync().complete
    assert a.sync().records_pulled == 1
    reg = registrations.get(a.db, rid)
    assert reg.answers["city"] == "Lahti" and reg.purged_at is None
    assert retention.purge_expired(a.store, days=0).purged >= 1
    assert "email" not in registrations.get(a.db, rid).answers


def test_a_new_scope_pulls_from_the_start(bank, team):
    """A laptop made with scope own gets nothing of its partner's; the coordinator gives it
    scope partner and its next sync pulls every record of the partner, older ones included."""
    late, _b, _c, _ev_b, _ev_c, ids_b, _ids_c = team("Braga Municipality", "INNOVA", followers=2)
    bank.cli("token", "scope", late.name, "own")
    assert late.sync().complete
    assert not {*ids_b} & {r.id for r in registrations.iter_all(late.db)}
    bank.cli("token", "scope", late.name, "partner")
    report = late.sync()
    assert report.complete and report.records_pulled >= 2
    assert {*ids_b} <= {r.id for r in registrations.iter_all(late.db)}


def test_a_pull_interrupted_midway_resumes_where_it_stopped(bank, make_laptop, fault_proxy):
    """120 followers of the partner, pages of 50: the connection breaks on the second page;
    the first page is kept, and the next sync takes the rest, none twice."""
    a = make_laptop(bank, partner="University of Oulu", scope="partner")
    b = make_laptop(bank, partner="University of Oulu")
    ev = b.add_event("Educa 2027", responsible_partner="University of Oulu")
    ids = b.add_followers(120, ev.id)
    assert b.sync().complete
    proxy = fault_proxy(bank)
    seen = {"pages": 0}

    def plan(req) -> str:  # type: ignore[no-untyped-def]
        if req.method == "GET" and req.path.startswith(scope_protocol.RECORDS + "?"):
            seen["pages"] += 1
            return "reset" if seen["pages"] >= 2 else "pass"
        return "pass"

    proxy.plan = plan
    report = a.sync(proxy.url, retries=0)
    assert not report.reached
    first = {r.id for r in registrations.iter_all(a.db)} & set(ids)
    assert 0 < len(first) < 120
    report = a.sync()
    assert report.complete and report.records_pulled == 120 - len(first)
    assert {r.id for r in registrations.iter_all(a.db)} >= set(ids)
    count = a.db.execute(
        f"SELECT count(*) FROM registrations WHERE id IN ({','.join('?' * len(ids))})", ids
    ).fetchone()[0]
    assert count == 120


def test_the_records_pull_checks_the_token_first(bank):
    """No token, a wrong token: 401 before anything is read; a bad cursor: 422."""
    assert httpx.get(bank.url + scope_protocol.RECORDS).status_code == 401
    wrong = httpx.get(
        bank.url + scope_protocol.RECORDS, headers={"Authorization": "Bearer lea_nope"}
    )
    assert wrong.status_code == 401
    _name, token = bank.token()
    auth = {"Authorization": f"Bearer {token}"}
    device = str(uuid.uuid4())
    for params in ({"since": "-1", "device_id": device}, {"since": "0"}, {"device_id": ""}):
        bad = httpx.get(bank.url + scope_protocol.RECORDS, params=params, headers=auth)
        assert bad.status_code == 422 and "detail" in bad.json(), params
    url = bank.url + scope_protocol.RECORDS
    empty = httpx.get(url, params={"device_id": device}, headers=auth).json()
    assert empty == {"records": [], "cursor": 0, "more": False, "scope": "own", "partner": ""}
    other = httpx.get(url, params={"device_id": str(uuid.uuid4())}, headers=auth)
    assert other.status_code == 403 and "belongs to another laptop" in other.json()["detail"]
