"""The lookups that run once per save or per imported row must use an index, not scan the table.

A scan is invisible with a few rows and costs milliseconds per call at 100,000 (the benchmarks in
bench/ measure the time; these tests pin the cause without timing anything).
"""

from __future__ import annotations


def test_duplicate_email_lookup_uses_the_email_index(store, monkeypatch, query_plan) -> None:
    """`find_by_email` (every save and every imported row) is answered from registrations_email."""
    from lea_desktop.storage import registrations

    seen: list[tuple[str, list]] = []
    real_execute = store.db.execute

    def spy(sql, params=None):
        if "email_key = ?" in sql:
            seen.append((sql, list(params or [])))
        return real_execute(sql, params) if params is not None else real_execute(sql)

    monkeypatch.setattr(store.db, "execute", spy)
    assert registrations.find_by_email(store.db, "someone@example.org") is None
    monkeypatch.undo()
    assert seen, "find_by_email ran no query on email_key"
    sql, params = seen[0]
    plan = query_plan(store, sql, params)
    assert "USING INDEX registrations_email" in plan, plan
    assert "SCAN registrations" not in plan, plan


def _save_followers(store, event, good_answers, n: int, *, other_event=None) -> list[str]:
    from lea_desktop.usecases import followers

    ids = []
    for i in range(n):
        answers = dict(good_answers, email=f"person{i}@example.fi", organisation=f"School {i}")
        where = other_event.id if other_event is not None and i % 2 else event.id
        saved = followers.save_new(store, answers, event_id=where)
        assert saved.ok, saved.errors
        ids.append(saved.registration.id)
    return ids


def _reject(store, reg_id: str) -> None:
    """What `sync_queue.apply_outcomes` does to a row the databank refused."""
    store.db.execute(
        "UPDATE outbox SET status = 'rejected', reason = 'refused' "
        "WHERE entity = 'registration' AND entity_id = ?",
        [reg_id],
    )


def test_a_save_writes_no_status_or_date_index(store) -> None:
    """Migration 0008: the outbox has no index on status that every pending row enters (only a
    partial one for rejected rows) and registrations no (kind, created_at) index."""
    outbox_indexes = {r[1]: r for r in store.db.execute("PRAGMA index_list(outbox)")}
    assert set(outbox_indexes) == {"sqlite_autoindex_outbox_1", "outbox_rejected"}
    assert outbox_indexes["outbox_rejected"][4] == 1  # partial
    (sql,) = store.db.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'outbox_rejected'"
    ).fetchone()
    assert "WHERE status = 'rejected'" in sql
    names = {r[1] for r in store.db.execute("PRAGMA index_list(registrations)")}
    assert "registrations_kind_created" not in names


def test_todays_count_over_every_event_walks_the_kind_event_index_per_event(
    store, event, good_answers, query_plan, statements_of
) -> None:
    """ "Today" in the status bar (every event) is counted event by event from the covering
    (kind, event_id, created_at) index, never by scanning the table or the whole index, and it
    counts the followers of every event saved since the given moment."""
    from lea_desktop.domain import clock
    from lea_desktop.storage import events, registrations

    other = events.create(
        store.db,
        {"name": "EDUCA", "city": "Turin", "country": "IT", "starts": "2027-01-01",
         "ends": "2027-01-02"},
        device_id=store.device_id,
    )  # fmt: skip
    _save_followers(store, event, good_answers, 6, other_event=other)
    store.db.execute(
        "UPDATE registrations SET created_at = '2020-01-01T10:00:00Z' WHERE email_key = ?",
        ["person0@example.fi"],
    )
    since = clock.now_iso()[:10] + "T00:00:00Z"
    statements = statements_of(store, lambda: registrations.count(store.db, since=since))
    for sql, params in statements:
        plan = query_plan(store, sql, params)
        assert (
            "USING COVERING INDEX registrations_kind_event (kind=? AND event_id=? AND created_at>?)"
            in plan
        ), plan
        assert "SCAN registrations" not in plan, plan
    assert registrations.count(store.db, since=since) == 5
    assert registrations.count(store.db, since="2000-01-01T00:00:00Z") == 6
    assert registrations.count(store.db, event_id=other.id, since=since) == 3


def test_outbox_counts_read_indexes_only_and_count_rejected_rows_apart(
    store, event, good_answers, query_plan, statements_of
) -> None:
    """The status bar's waiting/rejected counts (after every save) come from the outbox's
    unique index (its size) and the partial index of rejected rows, never a table scan; a
    rejected row is not counted as waiting, and re-queuing it moves it back."""
    from lea_desktop.storage import outbox, sync_queue

    ids = _save_followers(store, event, good_answers, 5)
    rows = sync_queue.next_batch(store.db, "registration", after_seq=0, limit=10)
    for r in rows[:2]:
        _reject(store, r.entity_id)
    statements = statements_of(store, lambda: outbox.counts(store.db))
    for sql, params in statements:
        plan = query_plan(store, sql, params)
        assert "sqlite_autoindex_outbox_1" in plan and "outbox_rejected" in plan, plan
        assert "SCAN outbox" not in plan.split(" | "), plan  # the table itself is not read
    # The event is waiting to go up too.
    assert outbox.counts(store.db) == {"pending": 4, "rejected": 2}
    # The requeue reads the rejected rows through the partial index too.
    (sql, params), *_ = statements_of(
        store, lambda: sync_queue.requeue_rejected(store.db, [ids[0]])
    )
    assert "USING INDEX outbox_rejected" in query_plan(store, sql, params)
    assert outbox.counts(store.db) == {"pending": 5, "rejected": 1}


def test_the_sync_batches_walk_the_outbox_from_the_cursor_without_sorting(
    store, event, good_answers, query_plan, statements_of
) -> None:
    """Each record batch of the sync engine walks the outbox by row number from the cursor
    and stops at the limit (no index on status, no sort of every waiting row); events and
    tombstones, which are few, go through the (entity, entity_id) index. The batches still
    skip rejected rows and rows of other kinds."""
    from lea_desktop.storage import sync_queue
    from lea_desktop.usecases import erasure

    ids = _save_followers(store, event, good_answers, 6)
    erasure.erase(store, ids[5])
    first = sync_queue.next_batch(store.db, "registration", after_seq=0, limit=10)
    _reject(store, first[1].entity_id)
    calls = {
        "registration": lambda: sync_queue.next_batch(
            store.db, "registration", after_seq=0, limit=2
        ),
        "wire": lambda: sync_queue.next_wire_batch(store.db, device_id="d", after_seq=0, limit=2),
    }
    for name, call in calls.items():
        (sql, params), *_ = statements_of(store, call)
        plan = query_plan(store, sql, params)
        assert "SEARCH o USING INTEGER PRIMARY KEY (rowid>?)" in plan, (name, plan)
        assert "TEMP B-TREE" not in plan, (name, plan)
    for entity in ("event", "tombstone"):
        (sql, params), *_ = statements_of(
            store,
            lambda entity=entity: sync_queue.next_batch(store.db, entity, after_seq=0, limit=5),
        )
        assert "sqlite_autoindex_outbox_1 (entity=?)" in query_plan(store, sql, params), entity
    waiting = [r.entity_id for r in sync_queue.next_batch(
        store.db, "registration", after_seq=0, limit=10)]  # fmt: skip
    assert waiting == [ids[0], ids[2], ids[3], ids[4]]
    page = sync_queue.next_wire_batch(store.db, device_id="d", after_seq=first[2].seq, limit=2)
    assert [r.entity_id for r in page] == [ids[3], ids[4]]
    assert [r.entity_id for r in sync_queue.next_batch(
        store.db, "tombstone", after_seq=0, limit=5)] == [ids[5]]  # fmt: skip


def test_a_database_at_0007_upgrades_to_the_leaner_indexes_with_the_same_answers(
    tmp_path, good_answers
) -> None:
    """A database made by the migrations up to 0007 upgrades: the two indexes are gone, the
    rejected rows are in the new partial index, and the counts, today's count and the sync
    batches give what they gave before; a new save is counted as waiting."""
    import sqlite3

    import sqlite_utils

    from lea_desktop.domain import clock
    from lea_desktop.storage import Store, outbox, registrations, sync_queue
    from lea_desktop.storage.migrations import migrations
    from lea_desktop.usecases import followers

    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.as_sqlite_utils().apply(
        sqlite_utils.Database(conn), stop_before="0008_save_path_counts"
    )
    assert conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'outbox_status'").fetchone()
    now = clock.now_iso()
    for ev in ("ev1", "ev2"):
        conn.execute(
            "INSERT INTO events(id, name, starts, ends, created_at, updated_at) "
            "VALUES (?, 'Fair', '2027-01-20', '2027-01-20', ?, ?)",
            [ev, now, now],
        )
    for i in range(8):
        created = now if i % 4 else "2020-01-01T10:00:00Z"
        conn.execute(
            "INSERT INTO registrations(id, form_id, form_version, event_id, answers, "
            "created_at, updated_at) VALUES (?, 'follower_signup', 1, ?, '{}', ?, ?)",
            [f"r{i}", "ev1" if i % 2 else "ev2", created, created],
        )
        conn.execute(
            "INSERT INTO outbox(entity, entity_id, revision, enqueued_at, status) "
            "VALUES ('registration', ?, 1, ?, ?)",
            [f"r{i}", now, "rejected" if i in (1, 6) else "pending"],
        )
    conn.execute(
        "INSERT INTO outbox(entity, entity_id, revision, enqueued_at) VALUES ('tombstone', 'x', 0, ?)",
        [now],
    )
    old_db = sqlite_utils.Database(conn)
    since = now[:10] + "T00:00:00Z"
    before = (
        outbox.counts(old_db),
        registrations.count(old_db, since=since),
        [r.entity_id for r in sync_queue.next_batch(old_db, "registration", after_seq=0, limit=9)],
        [
            r.entity_id
            for r in sync_queue.next_wire_batch(old_db, device_id="d", after_seq=2, limit=3)
        ],
    )
    assert before[0] == {"pending": 7, "rejected": 2}
    assert before[1] == 6
    conn.close()

    store = Store(path)
    try:
        db = store.db
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "outbox_status" not in names and "registrations_kind_created" not in names
        assert "outbox_rejected" in names
        assert db.execute(
            "SELECT count(*) FROM outbox INDEXED BY outbox_rejected WHERE status = 'rejected'"
        ).fetchone() == (2,)
        after = (
            outbox.counts(db),
            registrations.count(db, since=since),
            [r.entity_id for r in sync_queue.next_batch(db, "registration", after_seq=0, limit=9)],
            [
                r.entity_id
                for r in sync_queue.next_wire_batch(db, device_id="d", after_seq=2, limit=3)
            ],
        )
        assert after == before
        saved = followers.save_new(store, good_answers, event_id="ev1")
        assert saved.ok, saved.errors
        assert outbox.counts(db) == {"pending": 8, "rejected": 2}
        assert registrations.count(db, since=since) == 7
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        store.close()
