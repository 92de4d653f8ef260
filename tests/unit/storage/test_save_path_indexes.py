"""Each save writes one page per index of `registrations` to the WAL, so the table keeps only the
indexes some query needs (migration 0006_save_path). These tests pin that the counts and lists
still run from an index after the two redundant ones were dropped."""

from __future__ import annotations

from lea_desktop.storage import registrations, stats


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
    store, event, query_plan, statements_of
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
        for sql, params in statements_of(store, call):
            plan = query_plan(store, sql, params)
            assert "USING COVERING INDEX registrations_kind_" in plan, plan


def test_an_events_followers_are_listed_through_the_kind_event_index(
    store, event, query_plan, statements_of
) -> None:
    """The followers list of one event (no filter term) narrows by the (kind, event) index."""
    for sql, params in statements_of(
        store, lambda: registrations.search_seqs(store.db, "", event_id=event.id)
    ):
        assert "INDEX registrations_kind_event" in query_plan(store, sql, params)
