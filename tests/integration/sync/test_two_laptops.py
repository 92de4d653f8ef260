"""Several laptops feeding one databank: records from each arrive, events made on one appear on
the other, erasures travel both ways, and an event is changed only by the laptop that made it."""

from __future__ import annotations

from lea_desktop.storage import events, registrations


def test_two_laptops_share_events_and_each_record_arrives_once(databank, make_laptop, tmp_path):
    """Laptop A and B (two data homes, two Stores, two tokens) sync into one databank; each
    sees the other's event; each laptop's records are held at the same revision."""
    from lea_desktop.sync.reconcile import reconcile

    a, b = make_laptop(databank), make_laptop(databank)
    ev_a = a.add_event("Online Educa Berlin 2027", city="Berlin", country="DE")
    ids_a = a.add_followers(40, ev_a.id)
    assert a.sync().complete
    ev_b = b.add_event("ITK 2027", city="Hämeenlinna", country="FI")
    ids_b = b.add_followers(25, ev_b.id)
    report_b = b.sync()
    assert report_b.complete and report_b.events_pulled >= 1
    assert events.get(b.db, ev_a.id).name == "Online Educa Berlin 2027"
    report_a = a.sync()
    assert report_a.complete and report_a.events_pulled >= 1
    assert events.get(a.db, ev_b.id).city == "Hämeenlinna"
    # The pulled event is not queued back up by the laptop that received it.
    assert a.queue() == b.queue() == {"pending": 0, "rejected": 0, "conflicts": 0}
    for laptop, ids in ((a, ids_a), (b, ids_b)):
        receipt = reconcile(laptop.store, laptop.client())
        assert receipt.all_held and receipt.local_total == len(ids)
        assert receipt.headline() == f"{len(ids)} records, all held centrally at the same revision"


def test_an_erasure_made_on_a_laptop_removes_the_databanks_copy(databank, make_laptop, tmp_path):
    """A staff erasure queues a tombstone (UUID only); after sync the databank no longer holds
    the record and no longer lists it for the laptop."""
    from lea_desktop.usecases import erasure

    a = make_laptop(databank)
    event = a.add_event()
    keep, gone = a.add_followers(2, event.id)
    assert a.sync().complete
    erasure.erase(a.store, gone)
    report = a.sync()
    assert report.complete and report.tombstones_sent == 1
    exported = {r["id"] for r in databank.export_json(tmp_path / "after.json")}
    assert keep in exported and gone not in exported


def test_an_erasure_made_at_the_databank_reaches_the_laptop(databank, make_laptop):
    """`lea-databank erase UUID` at the centre: the laptop's next sync pulls the tombstone and
    erases its own copy (and its queued copy) through erasure.erase_many."""
    a, b = make_laptop(databank), make_laptop(databank)
    event = a.add_event()
    target, other = a.add_followers(2, event.id)
    assert a.sync().complete
    out = databank.cli("erase", target).stdout
    assert f"{target}\terased" in out
    report = a.sync()
    assert report.complete and report.erasures_pulled >= 1
    assert registrations.get(a.db, target) is None
    assert registrations.get(a.db, other) is not None
    assert a.db.execute("SELECT origin FROM erasures WHERE id = ?", [target]).fetchone() == (
        "databank",
    )
    # Another laptop pulls the same tombstone, records it and changes nothing else.
    assert b.sync().complete
    assert databank.cli("erase", target).stdout.strip().endswith("already erased")


def test_an_event_is_changed_only_by_the_laptop_that_created_it(databank, make_laptop):
    """Both laptops edit A's event (revision 2 each). A's edit is taken; B's is refused as
    `forbidden` and waits, rejected with the reason, while B keeps its copy. A stale edit by A
    itself (its database restored from an older backup) gets a conflict and A adopts the
    databank's copy."""
    a, b = make_laptop(databank), make_laptop(databank)
    ev = a.add_event("EC-TEL 2027", city="Turku", country="FI")
    assert a.sync().complete and b.sync().complete
    events.update(a.db, ev.id, {"notes": "Stand 14, hall B"})
    events.update(b.db, ev.id, {"notes": "Bring 200 cards"})
    assert a.sync().complete
    report = b.sync()
    assert report.state == "ok" and report.rejected == 1 and report.event_conflicts == 0
    assert events.get(b.db, ev.id).notes == "Bring 200 cards"

    with a.db.atomic():  # A restored from a backup taken before its edit, then edited again
        a.db.execute("UPDATE events SET revision = 1, notes = '' WHERE id = ?", [ev.id])
    events.update(a.db, ev.id, {"notes": "Hall C"})
    report = a.sync()
    assert report.complete and report.event_conflicts == 1
    assert events.get(a.db, ev.id).notes == "Stand 14, hall B"
    assert events.get(a.db, ev.id).revision == 2
