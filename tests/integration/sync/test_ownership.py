"""Who may change what at the databank: each laptop token speaks for one device id, a laptop
with the scope `own` changes only its own records (a wider scope: test_scopes.py) and events,
asks only about its own records, and erases another laptop's follower only through an erasure
request a coordinator decides.

Laptop A plays the attacker of the databank's first security review: it reads B's device id,
then tries to overwrite, read, change and erase B's data with its own token, through the real
server over loopback (on SQLite and, with LEA_TEST_POSTGRES_URL, PostgreSQL).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest

from lea_desktop.cli import main
from lea_desktop.storage import events, registrations, sync_queue
from lea_desktop.sync import protocol


def _api(laptop) -> httpx.Client:  # type: ignore[no-untyped-def]
    return httpx.Client(
        base_url=laptop.url, headers={"Authorization": f"Bearer {laptop.token}"}, timeout=10
    )


def _wire(laptop, rid: str, **changes: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Record `rid` of `laptop` as it travels, with `changes` made to it."""
    reg = registrations.get(laptop.db, rid)
    assert reg is not None
    data = {name: getattr(reg, name) for name in protocol.WireRecord.__dataclass_fields__}
    data.update(changes)
    return data


def _held(databank, tmp_path, rid: str) -> dict[str, Any] | None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"export-{uuid.uuid4().hex[:6]}.json"
    return next((r for r in databank.export_json(out) if r["id"] == rid), None)


def _copy_record(source, target, rid: str) -> None:  # type: ignore[no-untyped-def]
    """Put `source`'s record into `target`'s database as it is (another laptop's follower on
    this laptop: a copied database, a restored backup), without queueing it."""
    cur = source.db.execute("SELECT * FROM registrations WHERE id = ?", [rid])
    row = dict(zip([c[0] for c in cur.description], cur.fetchone(), strict=True))
    row.pop("seq")
    with target.db.atomic():
        target.db["registrations"].insert(row)


@pytest.fixture
def two(databank, make_laptop):  # type: ignore[no-untyped-def]
    """Laptops A and B, both synced once: B holds one follower at the databank."""
    a, b = make_laptop(databank), make_laptop(databank)
    ev = b.add_event("ITK 2027", city="Hämeenlinna", country="FI")
    (follower,) = b.add_followers(1, ev.id)
    assert b.sync().complete and a.sync().complete
    return a, b, ev, follower


def test_a_laptop_cannot_overwrite_another_laptops_record(databank, two, tmp_path):
    """A posts B's record id, claiming B's device and with another email, at revision 2:
    `forbidden` (B's record is not in A's scope); claiming its own device: `forbidden`; the
    envelope naming B: 403. B's row is untouched and B's own next edit is `updated`."""
    a, b, _ev, rid = two
    before = _held(databank, tmp_path, rid)
    forged = _wire(b, rid, revision=2, answers={**_wire(b, rid)["answers"], "email": "x@evil.test"})
    with _api(a) as api:
        claims_b = api.post(
            protocol.RECORDS_BATCH,
            json={"device_id": a.store.device_id, "records": [forged]},
        )
        assert claims_b.status_code == 200, claims_b.text
        (outcome,) = claims_b.json()["outcomes"]
        assert outcome["status"] == "forbidden"
        assert "not in this laptop's scope" in outcome["reason"]
        as_a = {**forged, "device_id": a.store.device_id}
        (outcome,) = api.post(
            protocol.RECORDS_BATCH, json={"device_id": a.store.device_id, "records": [as_a]}
        ).json()["outcomes"]
        assert outcome["status"] == "forbidden"
        assert "another laptop collected this record" in outcome["reason"]
        whole = api.post(
            protocol.RECORDS_BATCH, json={"device_id": b.store.device_id, "records": [forged]}
        )
        assert whole.status_code == 403
        assert "belongs to another laptop" in whole.json()["detail"]
    assert _held(databank, tmp_path, rid) == before

    registrations.update(b.db, rid, {"answers": {**_wire(b, rid)["answers"], "city": "Tampere"}})
    report = b.sync()
    assert report.complete and report.records == {"updated": 1}
    assert _held(databank, tmp_path, rid)["city"] == "Tampere"


def test_a_forbidden_record_is_shown_like_a_rejection_and_kept(databank, two, capsys, monkeypatch):
    """A laptop holding another laptop's follower (a copied database) and editing it: the sync
    sets it aside as rejected with the reason `forbidden: …` (`lea-desktop queue` lists it);
    the local copy is kept as it is."""
    a, b, _ev, rid = two
    _copy_record(b, a, rid)
    registrations.update(a.db, rid, {"answers": {**_wire(b, rid)["answers"], "city": "Espoo"}})
    report = a.sync()
    assert report.state == "ok" and report.rejected == 1
    assert report.records == {"forbidden": 1}
    (item,) = sync_queue.items(a.db, status="rejected")
    assert item.entity_id == rid
    assert item.reason.startswith("forbidden: another laptop collected this record and it is not")
    assert registrations.get(a.db, rid).answers["city"] == "Espoo"

    monkeypatch.setenv("LEA_DESKTOP_HOME", str(a.home))
    assert main(["queue"]) == 0
    out = capsys.readouterr().out
    assert f"sign-up {rid} (revision 2): forbidden: another laptop collected this record" in out
    assert "belongs to another laptop" in out


def test_a_laptop_reconciles_only_its_own_records(databank, two):
    """`reconcile?device_id=B` with A's token: 403 with the reason; with its own device id A
    sees its records and none of B's."""
    a, b, _ev, _rid = two
    ev_a = a.add_event()
    (mine,) = a.add_followers(1, ev_a.id)
    assert a.sync().complete
    with _api(a) as api:
        other = api.get(protocol.RECONCILE, params={"device_id": b.store.device_id})
        assert other.status_code == 403
        assert "belongs to another laptop" in other.json()["detail"]
        own = api.get(protocol.RECONCILE, params={"device_id": a.store.device_id}).json()
    assert [r["id"] for r in own["records"]] == [mine]


def test_a_laptop_cannot_change_another_laptops_event(databank, two):
    """A pulled B's event and edits it: `forbidden`, set aside with the reason; the databank
    and B keep B's version. Posting it as A's own (origin A) is forbidden too; B's own edit
    goes through."""
    a, b, ev, _rid = two
    assert events.get(a.db, ev.id).origin_device == b.store.device_id
    events.update(a.db, ev.id, {"notes": "Moved to hall C"})
    report = a.sync()
    assert report.state == "ok" and report.rejected == 1 and report.events_sent == 0
    (item,) = sync_queue.items(a.db, status="rejected")
    assert (item.entity, item.entity_id) == ("event", ev.id)
    assert (
        item.reason
        == "forbidden: another laptop created this event; only that laptop may change it"
    )
    assert events.get(a.db, ev.id).notes == "Moved to hall C"  # nothing lost here

    forged = {**events.get(a.db, ev.id).to_dict(), "origin_device": a.store.device_id}
    forged["archived"] = bool(forged["archived"])
    forged["revision"] = 7
    with _api(a) as api:
        (outcome,) = api.post(
            protocol.EVENTS_BATCH, json={"device_id": a.store.device_id, "events": [forged]}
        ).json()["outcomes"]
        assert outcome["status"] == "forbidden"
        page = api.get(protocol.EVENTS, params={"since": 0}).json()
        while page["more"]:
            page = api.get(protocol.EVENTS, params={"since": page["cursor"]}).json()
    assert b.sync().complete
    assert events.get(b.db, ev.id).notes == "" and events.get(b.db, ev.id).revision == 1

    events.update(b.db, ev.id, {"notes": "Stand 14"})
    report = b.sync()
    assert report.complete and report.events_sent == 1


def _requests(databank, *extra: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    out = databank.cli("erasure-requests", "list", *extra).stdout.strip().splitlines()
    return [line.split("\t") for line in out[1:]] if len(out) > 1 else []


def test_erasing_another_laptops_follower_asks_a_coordinator(
    databank, two, tmp_path, capsys, monkeypatch
):
    """A erases its copy of B's follower: gone from A at once, and A says "erasure requested
    centrally". The databank keeps B's follower and holds an erasure request (who asked, from
    which token and device); B's follower stays until a coordinator approves with
    `lea-databank erasure-requests approve ID`; then B erases it at its next sync."""
    a, b, _ev, rid = two
    _copy_record(b, a, rid)
    monkeypatch.setenv("LEA_DESKTOP_HOME", str(a.home))
    assert main(["erase", "--follower", rid, "--yes"]) == 0
    out = capsys.readouterr().out
    assert "erasure requested centrally" in out
    assert registrations.get(a.db, rid) is None

    report = a.sync()
    assert report.complete and report.erasures_requested == 1
    assert "1 erasure requested centrally" in report.summary()
    assert _held(databank, tmp_path, rid) is not None
    assert b.sync().complete and registrations.get(b.db, rid) is not None

    mine = [r for r in _requests(databank) if r[1] == rid]
    assert len(mine) == 1
    number, _record, status, _at, asked_by, source, held = mine[0]
    assert status == "pending" and held == "yes"
    assert asked_by == f"Staff of {a.name}"
    assert source == f"{a.name}, {a.store.device_id}"
    with _api(a) as api:  # the same tombstone again (an answer lost on the way): one request
        (outcome,) = api.post(
            protocol.TOMBSTONES, json={"device_id": a.store.device_id, "ids": [rid]}
        ).json()["outcomes"]
    assert outcome["status"] == "requested"
    assert outcome["reason"].startswith(
        f"another laptop collected this record: erasure request {number} "
    )
    assert len([r for r in _requests(databank) if r[1] == rid]) == 1

    approved = databank.cli("erasure-requests", "approve", number, "--by", "Coordinator").stdout
    assert f"Approved erasure request {number}: {rid} erased" in approved
    assert _held(databank, tmp_path, rid) is None
    report = b.sync()
    assert report.complete and report.erasures_pulled >= 1
    assert registrations.get(b.db, rid) is None
    assert not [r for r in _requests(databank) if r[1] == rid]
    decided = [r for r in _requests(databank, "--all") if r[0] == number]
    assert decided[0][2].startswith("approved ") and decided[0][2].endswith(" by Coordinator")
    again = databank.cli("erasure-requests", "approve", number, check=False)
    assert again.returncode == 2 and "was approved already" in again.stderr


def test_a_rejected_erasure_request_leaves_the_follower(
    databank, two, tmp_path, capsys, monkeypatch
):
    """The visitor asks at laptop A, which does not hold the follower B collected: `erase`
    says so and how to ask the databank; with --request-central the request goes up at the
    next sync. A coordinator rejects it: the databank and B keep the follower."""
    a, b, _ev, rid = two
    monkeypatch.setenv("LEA_DESKTOP_HOME", str(a.home))
    assert main(["erase", "--follower", rid, "--yes"]) == 2
    assert f"lea-desktop erase --follower {rid} --request-central" in capsys.readouterr().err
    assert main(["erase", "--follower", rid, "--yes", "--request-central"]) == 0
    assert "Erasure requested centrally" in capsys.readouterr().out
    assert a.sync().erasures_requested == 1
    (number,) = [r[0] for r in _requests(databank) if r[1] == rid]
    assert (
        f"Rejected erasure request {number}: {rid} is kept."
        in databank.cli("erasure-requests", "reject", number).stdout
    )
    assert b.sync().complete and registrations.get(b.db, rid) is not None
    assert _held(databank, tmp_path, rid) is not None
    missing = databank.cli("erasure-requests", "approve", "999999", check=False)
    assert missing.returncode == 2 and "No erasure request 999999" in missing.stderr


def test_a_laptop_erases_its_own_record_at_once(databank, two, tmp_path):
    """B erases its own follower: the databank erases it at once, no request."""
    from lea_desktop.usecases import erasure

    _a, b, _ev, rid = two
    erasure.erase(b.store, rid)
    report = b.sync()
    assert report.complete and report.tombstones_sent == 1 and report.erasures_requested == 0
    assert _held(databank, tmp_path, rid) is None
    assert not [r for r in _requests(databank, "--all") if r[1] == rid]


def test_an_unknown_id_is_not_tombstoned_in_advance(databank, make_laptop, tmp_path):
    """A tombstone for a random UUID is answered `unknown` and nothing is kept: a later record
    with that id (here B's) is accepted as any other."""
    a, b = make_laptop(databank), make_laptop(databank)
    ev = b.add_event()
    (rid,) = b.add_followers(1, ev.id)
    with _api(a) as api:
        answer = api.post(
            protocol.TOMBSTONES,
            json={"device_id": a.store.device_id, "ids": [rid], "requested_by": "Mallory"},
        )
        (outcome,) = answer.json()["outcomes"]
        assert outcome["status"] == "unknown" and "holds no record" in outcome["reason"]
    report = b.sync()
    assert report.complete and report.records == {"created": 1}
    assert _held(databank, tmp_path, rid) is not None
    assert rid not in {r[1] for r in _requests(databank, "--all")}
    assert (
        f"{uuid.UUID(int=0)}\tnot held: nothing erased"
        in databank.cli("erase", str(uuid.UUID(int=0))).stdout
    )


def test_a_token_is_bound_to_one_device(databank, make_laptop):
    """On first use a token is bound to the device id it names; a request naming another is
    refused with 403. A token made with --device-id is bound at once, and a device id bound to
    an active token cannot be taken by another token."""
    name, token = databank.token()
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=databank.url, headers=headers, timeout=10) as api:
        ok = api.get(protocol.RECONCILE, params={"device_id": first})
        assert ok.status_code == 200, ok.text
        for response in (
            api.get(protocol.RECONCILE, params={"device_id": second}),
            api.post(protocol.TOMBSTONES, json={"device_id": second, "ids": []}),
            api.post(protocol.EVENTS_BATCH, json={"device_id": second, "events": []}),
            api.post(protocol.RECORDS_BATCH, json={"device_id": second, "records": []}),
        ):
            assert response.status_code == 403
            assert "belongs to another laptop" in response.json()["detail"]
    assert f"{name}\t" in databank.cli("token", "list").stdout
    listed = [
        line
        for line in databank.cli("token", "list").stdout.splitlines()
        if line.startswith(f"{name}\t")
    ]
    assert f"\tdevice {first}\t" in listed[0]

    other_name = f"laptop-{uuid.uuid4().hex[:8]}"
    taken = databank.cli("token", "create", other_name, "--device-id", first, check=False)
    assert taken.returncode == 2 and "already has an active token" in taken.stderr
    _n, thief = databank.token()
    with httpx.Client(
        base_url=databank.url, headers={"Authorization": f"Bearer {thief}"}, timeout=10
    ) as api:
        stolen = api.get(protocol.RECONCILE, params={"device_id": first})
        assert stolen.status_code == 403 and "Another laptop's token" in stolen.json()["detail"]

    made = databank.cli("token", "create", other_name, "--device-id", second).stdout
    bound = made.strip().splitlines()[-1]
    with httpx.Client(
        base_url=databank.url, headers={"Authorization": f"Bearer {bound}"}, timeout=10
    ) as api:
        third = str(uuid.uuid4())
        assert api.get(protocol.RECONCILE, params={"device_id": third}).status_code == 403
        assert api.get(protocol.RECONCILE, params={"device_id": second}).status_code == 200


def test_the_openapi_document_names_every_outcome(databank):
    """The outcome statuses, with `forbidden`, `requested` and `unknown`, are in the schema."""
    doc = httpx.get(databank.url + "/openapi.json", timeout=10).json()
    status = doc["components"]["schemas"]["Outcome"]["properties"]["status"]
    assert set(status["enum"]) == set(protocol.OUTCOMES)
    assert {"forbidden", "requested", "unknown"} <= set(status["enum"])
    for path in (protocol.RECORDS_BATCH, protocol.EVENTS_BATCH, protocol.TOMBSTONES):
        assert "403" in doc["paths"][path]["post"]["responses"]
    assert "403" in doc["paths"][protocol.RECONCILE]["get"]["responses"]
    assert "requested_by" in doc["components"]["schemas"]["TombstoneBatchRequest"]["properties"]
    assert json.dumps(doc)  # serialisable as served


def test_the_sync_page_shows_forbidden_records_and_erasures_requested_centrally(
    databank, two, qtbot, qapp
):
    """In the GUI: erasing another laptop's follower says "erasure requested centrally" in the
    status bar; after Sync now the Sync page lists the forbidden record as Rejected with the
    databank's reason, and its banner says the erasure was requested centrally."""
    from lea_desktop.ui import erasure, workers
    from lea_desktop.ui.app import build_window, create_application

    a, b, ev, kept = two
    (erased,) = b.add_followers(1, ev.id)
    assert b.sync().complete
    for rid in (kept, erased):
        _copy_record(b, a, rid)
    registrations.update(a.db, kept, {"answers": {**_wire(b, kept)["answers"], "city": "Oulu"}})

    create_application()
    window = build_window(a.store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        erasure.erase(window.context, erased, "the follower")
        qtbot.waitUntil(
            lambda: "erasure requested centrally" in window.statusBar().currentMessage(),
            timeout=20000,
        )
        page = window.open_page("syncPage")
        page.sync_button.click()
        qtbot.waitUntil(lambda: page.retry_button.isEnabled(), timeout=20000)
        rows = [
            [page.queue_list.topLevelItem(i).text(c) for c in range(page.queue_list.columnCount())]
            for i in range(page.queue_list.topLevelItemCount())
        ]
        assert len(rows) == 1 and rows[0][0] == "Rejected"
        assert rows[0][5].startswith("forbidden: another laptop collected this record and it")
        assert "1 erasure requested centrally" in page.banner.label.text()
        assert registrations.get(a.db, kept).answers["city"] == "Oulu"  # nothing lost here
        assert registrations.get(a.db, erased) is None
    finally:
        workers.shutdown(10000)
        qtbot.waitUntil(lambda: not workers.active_tasks(), timeout=10000)
        window.close()


def test_a_databank_made_before_device_binding_is_brought_up_to_date(empty_databank_url):
    """A schema-1 databank (tokens without a device id, no erasure requests) opened by this
    version: the column, its index and the table are added, the old token still works and
    binds on first use, has the scope own and no partner, and the schema version is today's."""
    from sqlalchemy import inspect, text

    from lea_desktop.databank import db, erasures, tokens

    engine = db.make_engine(empty_databank_url)
    old = "lea_" + "x" * 43
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE tokens (name VARCHAR(100) PRIMARY KEY, token_sha256 VARCHAR(64) "
                "NOT NULL UNIQUE, created_at VARCHAR(32) NOT NULL, revoked_at VARCHAR(32))"
            )
        )
        conn.execute(
            text("INSERT INTO tokens VALUES ('laptop-old', :h, '2027-01-01T00:00:00Z', NULL)"),
            {"h": tokens.digest(old)},
        )
        conn.execute(text("CREATE TABLE meta (key VARCHAR(64) PRIMARY KEY, value TEXT NOT NULL)"))
        conn.execute(
            text("INSERT INTO meta VALUES ('databank_id', :i), ('schema_version', '1')"),
            {"i": str(uuid.uuid4())},
        )
    db.init_schema(engine)
    try:
        with engine.begin() as conn:
            assert tokens.verify(conn, old) == "laptop-old"
            assert tokens.bound_device(conn, "laptop-old") is None
            assert tokens.bind_device(conn, "laptop-old", "device-1") == "device-1"
            assert erasures.list_requests(conn, every=True) == []
            indexes = {i["name"] for i in inspect(conn).get_indexes("tokens")}
            assert "tokens_active_device" in indexes  # one active token per device id
            version = conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'"))
            assert version.scalar() == str(db.SCHEMA_VERSION)
            assert tokens.scope_of(conn, "laptop-old") == tokens.Scope("own", "")
            assert tokens.set_partner(conn, "laptop-old", "innova") == "INNOVA"
            assert tokens.set_scope(conn, "laptop-old", "partner") == "partner"
        with engine.begin() as conn, pytest.raises(tokens.DeviceRefused):
            tokens.bind_device(conn, "laptop-old", "device-2")
    finally:
        engine.dispose()
