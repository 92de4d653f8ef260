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


def _days(n: int) -> str:
    return (clock.today() + dt.timedelta(days=n)).isoformat()


def test_with_no_last_used_event_the_one_just_ended_beats_the_next_one(store):
    """No last-used event: running today, else the one that ended most recently within a week
    (its follow-up work: Followers and Dashboard open on its sign-ups), else the next to come,
    else the newest. Archived events never."""
    _add(store, "Long ago", "2019-01-23", "2019-01-26")
    assert events.active(store.db).name == "Long ago"  # nothing else: the newest
    _add(store, "Next month", _days(30), _days(32))
    assert events.active(store.db).name == "Next month"  # the next to come
    _add(store, "Next week", _days(7), _days(8))
    assert events.active(store.db).name == "Next week"  # the nearest of those to come
    _add(store, "Ended 9 days ago", _days(-12), _days(-9))
    assert events.active(store.db).name == "Next week"  # more than a week ago: not recent
    _add(store, "Ended 5 days ago", _days(-7), _days(-5))
    ended = _add(store, "Ended 2 days ago", _days(-4), _days(-2))
    assert events.active(store.db).id == ended.id  # the most recent of the week
    running = _add(store, "Today", _days(-1), _days(1))
    assert events.active(store.db).id == running.id
    events.archive(store.db, running.id)
    assert events.active(store.db).id == ended.id


def test_examples_are_never_active_or_queued_until_edited(store):
    """Example events are not queued and never chosen (not even when named as last used);
    editing one makes it a real, queued event; archiving one does not."""
    from lea_desktop.usecases.event_rules import load_seed_events

    added = load_seed_events(store)
    assert added > 0 and outbox.counts(store.db)["pending"] == 0
    assert events.active(store.db) is None
    ids = sorted(events.example_ids(store.db))
    settings.set_value(store.db, "event.active", ids[0])
    assert events.active(store.db) is None
    events.archive(store.db, ids[1])
    assert events.is_example(store.db, ids[1]) and outbox.counts(store.db)["pending"] == 0
    edited = events.update(store.db, ids[0], {"name": "LEA stand, Educa 2027"})
    assert not events.is_example(store.db, ids[0])
    assert store.db.execute("SELECT entity_id, revision FROM outbox").fetchall() == [
        (ids[0], edited.revision)
    ]
    assert events.active(store.db).id == ids[0]  # still the one named last used, now real
    removed, kept = events.remove_examples(store.db)
    assert (removed, kept) == (added - 1, 0)
    assert [e.id for e in events.list_events(store.db, include_archived=True)] == [ids[0]]


def test_migration_turns_untouched_queued_examples_into_examples(tmp_path):
    """A database that loaded the examples before they were marked: those never edited, without
    sign-ups and not yet sent become examples and leave the outbox; an edited one stays real."""
    import sqlite3

    from sqlite_utils.migrations import Migrations

    from lea_desktop import reference
    from lea_desktop.storage import Store
    from lea_desktop.storage.migrations import migrations

    path = tmp_path / "lea.sqlite"
    store = Store(path)
    seeds = reference.seed_events()
    created = []
    for seed in seeds[:3]:  # loaded the old way: ordinary queued events
        created.append(events.create(store.db, {k: str(v) for k, v in seed.items()}))
    events.update(store.db, created[2].id, {"city": "Elsewhere"})
    store.db.execute("UPDATE events SET example = 0")
    settings.set_value(store.db, "event.active", created[0].id)
    store.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("ALTER TABLE events DROP COLUMN example")
    # as the previous version left it: without the migration, and not marked up to date
    conn.execute(
        f"DELETE FROM {Migrations.migrations_table} WHERE name = ?", ["0009_example_events"]
    )
    conn.execute("PRAGMA user_version = 0")
    conn.close()
    assert any(m.name == "0009_example_events" for m in migrations.items)
    store = Store(path)
    try:
        assert events.example_ids(store.db) == {created[0].id, created[1].id}
        queued = [r[0] for r in store.db.execute("SELECT entity_id FROM outbox").fetchall()]
        assert queued == [created[2].id]
        assert events.active(store.db).id == created[2].id
    finally:
        store.close()
