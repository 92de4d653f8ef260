"""Events: created with an outbox row, edited with a new revision, the active one chosen sensibly."""

from __future__ import annotations

import datetime as dt

from lea_desktop.domain import clock
from lea_desktop.storage import events, outbox, settings


def _add(store, name, starts, ends):
    return events.create(store.db, {"name": name, "country": "FI", "starts": starts, "ends": ends},
                         device_id=store.device_id)  # fmt: skip


def test_created_event_is_queued_for_the_databank(store):
    """A new event travels to the databank like a registration does."""
    e = _add(store, "ITK 2027", "2027-03-10", "2027-03-12")
    row = store.db.execute("SELECT entity, entity_id, revision FROM outbox").fetchone()
    assert row == ("event", e.id, 1)


def test_edit_bumps_revision_and_archive_hides(store):
    """Edits raise the revision (so the databank can tell newer from older); archived events leave the list."""
    e = _add(store, "ITK 2027", "2027-03-10", "2027-03-12")
    e2 = events.update(store.db, e.id, {"city": "Hämeenlinna"})
    assert e2.revision == 2 and e2.city == "Hämeenlinna"
    events.archive(store.db, e.id)
    assert events.list_events(store.db) == []
    assert len(events.list_events(store.db, include_archived=True)) == 1
    assert outbox.counts(store.db)["pending"] == 1


def test_active_event_last_used_then_today_then_newest(store):
    """At start the active event is the last one used, else the one running today, else the newest."""
    today = clock.today()
    old = _add(store, "Old", "2019-01-23", "2019-01-26")
    newest = _add(
        store,
        "Future",
        (today + dt.timedelta(days=90)).isoformat(),
        (today + dt.timedelta(days=91)).isoformat(),
    )
    assert events.active(store.db).id == newest.id
    running = _add(
        store,
        "Today",
        (today - dt.timedelta(days=1)).isoformat(),
        (today + dt.timedelta(days=1)).isoformat(),
    )
    assert events.active(store.db).id == running.id
    settings.set_value(store.db, "event.active", old.id)
    assert events.active(store.db).id == old.id
