"""Each save writes one page per index of `registrations` to the WAL, so the table keeps only the
indexes some query needs (migration 0006_save_path). These tests pin that the counts and lists
still run from an index after the two redundant ones were dropped."""

from __future__ import annotations

from lea_desktop.storage import registrations, stats


def _plan(store, sql: str, params: list) -> str:
    return " | ".join(
        row[3] for row in store.db.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    )


def _spy(store, monkeypatch, call) -> list[tuple[str, list]]:
    """The SQL statements (with parameters) that `call()` runs on the store's database."""
    seen: list[tuple[str, list]] = []
    real_execute = store.db.execute

    def spy(sql, params=None):
        seen.append((sql, list(params or [])))
        return real_execute(sql, params) if params is not None else real_execute(sql)

    monkeypatch.setattr(store.db, "execute", spy)
    call()
    monkeypatch.undo()
    assert seen
    return seen


def test_registrations_keep_only_the_indexes_a_query_needs(store) -> None:
    """After the migrations: the UUID, the duplicate-email check, the children of a follower and
    the (kind, event) count index — not the event and date indexes 0003 made redundant, nor the
    (kind, created_at) index 0008 dropped (today's count goes event by event)."""
    names = {
        r[0]
        for r in store.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'registrations'"
        )
    }
    assert names == {
        "sqlite_autoindex_registrations_1",
        "registrations_email",
        "registrations_parent",
        "registrations_kind_event",
    }


def test_the_counts_after_every_save_are_answered_from_an_index_alone(
    store, event, monkeypatch
) -> None:
    """The event's and today's follower counts (status bar, save confirmation) and the
    dashboard's count read a covering `kind` index, never the table."""
    calls = [
        lambda: registrations.count(store.db, event_id=event.id),
        lambda: registrations.count(store.db, since="2027-01-20T00:00:00Z"),
        lambda: registrations.count(store.db, event_id=event.id, since="2027-01-20T00:00:00Z"),
        lambda: stats.follower_count(store.db, event.id),
    ]
    for call in calls:
        for sql, params in _spy(store, monkeypatch, call):
            plan = _plan(store, sql, params)
            assert "USING COVERING INDEX registrations_kind_" in plan, plan


def test_an_events_followers_are_listed_through_the_kind_event_index(
    store, event, monkeypatch
) -> None:
    """The followers list of one event (no filter term) narrows by the (kind, event) index."""
    for sql, params in _spy(
        store, monkeypatch, lambda: registrations.search_seqs(store.db, "", event_id=event.id)
    ):
        assert "INDEX registrations_kind_event" in _plan(store, sql, params)
