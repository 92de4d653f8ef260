"""Counting in SQL (storage/stats.py) over a seed-like spread with known answers."""

from __future__ import annotations

import time

import pytest

from lea_desktop.storage import stats
from lea_desktop.usecases import reports


def test_one_event_every_figure(seeded, expected_a):
    """Event A: totals, types (several per follower), countries, days, coverage, LEA-N,
    letters, assistance requests and collectors are exactly the fixture's."""
    store, event = seeded["store"], seeded["a"]
    s = reports.summarise_tally(stats.tally(store.db, event.id))
    assert s.total == expected_a["total"]
    assert s.by_type == expected_a["by_type"]
    assert s.by_country == expected_a["by_country"]
    assert s.by_day == expected_a["by_day_utc"]
    assert list(s.eu_member_states_covered) == expected_a["eu_member_states_covered"]
    assert len(s.eu_member_states_missing) == 23
    assert ("BG", "INNOVA") in s.eu_member_states_missing
    assert ("SI", "University of Oulu") in s.eu_member_states_missing
    assert (s.procurers, s.suppliers, s.schools) == (33, 30, 42)
    assert s.lea_network_candidates == expected_a["lea_network_candidates"]
    assert (s.letters_offered, s.letters_signed) == (9, 4)
    assert s.assistance_requests == 2
    assert s.records_by_kind == {"follower": 96, "assistance_request": 2}
    assert s.collected_by == expected_a["collected_by"]
    assert list(s.lea_n_member_states) == expected_a["lea_n_member_states"]


def test_all_events(seeded, expected_all):
    """All events together add event B (Sweden, one more Finnish school)."""
    s = reports.summarise_tally(stats.tally(seeded["store"].db, None))
    assert s.total == expected_all["total"]
    assert s.by_type == expected_all["by_type"]
    assert s.by_country == expected_all["by_country"]
    assert list(s.eu_member_states_covered) == expected_all["eu_member_states_covered"]
    assert s.lea_network_candidates == expected_all["lea_network_candidates"]
    assert (s.letters_offered, s.letters_signed) == (10, 5)
    assert list(s.lea_n_member_states) == expected_all["lea_n_member_states"]
    assert s.collected_by["Carla"] == 2


def test_purged_record_still_counts(seeded):
    """The purged Portuguese procurer (only country, types, interests left) is counted."""
    store = seeded["store"]
    assert (
        store.db.execute(
            "SELECT count(*) FROM registrations WHERE purged_at IS NOT NULL"
        ).fetchone()[0]
        == 1
    )
    tally = stats.tally(store.db, seeded["a"].id)
    assert tally.followers["PT"] == 2
    assert tally.types[("PT", "procurer")] == 1


def test_days_are_local_dates(seeded, monkeypatch: pytest.MonkeyPatch):
    """In Helsinki (UTC+2) the follower saved at 23:30 UTC on 21 Jan counts for 22 Jan."""
    monkeypatch.setenv("TZ", "Europe/Helsinki")
    time.tzset()
    tally = stats.tally(seeded["store"].db, seeded["a"].id)
    assert dict(tally.days) == {"2027-01-20": 48, "2027-01-21": 47, "2027-01-22": 1}


def test_snapshot_plus_rows_saved_since_equals_a_full_count(seeded, good_answers):
    """The dashboard's shortcut: a snapshot's mark, plus the rows after it, is the new count."""
    from lea_desktop.usecases import followers

    store, event = seeded["store"], seeded["a"]
    before, mark = stats.snapshot(store.db, event.id)
    assert mark == stats.last_seq(store.db)
    saved = followers.save_new(store, good_answers, event_id=event.id)
    assert saved.ok
    delta = stats.tally(store.db, event.id, after_seq=mark)
    assert delta.total == 1 and delta.followers["FI"] == 1
    assert delta.types[("FI", "school")] == 1 and delta.candidates["FI"] == 1
    assert before + delta == stats.tally(store.db, event.id)
    # A row for another event is not in this event's delta.
    other = dict(good_answers, email="someone.else@example.se", country="SE")
    assert followers.save_new(store, other, event_id=seeded["b"].id).ok
    assert stats.tally(store.db, event.id, after_seq=mark).total == 1
    assert stats.count_since(store.db, mark) == 2


def test_empty_database(store):
    """No registrations: an empty tally, and a summary that says so."""
    tally, mark = stats.snapshot(store.db)
    assert tally.total == 0 and mark == 0
    assert reports.build_summary(store, None).summary.total == 0


def test_follower_rows_stream_in_save_order(seeded):
    """The XLSX rows: event name, local Julian day, answers JSON, collector, source, letter."""
    rows = list(stats.follower_rows(seeded["store"].db, seeded["b"].id))
    assert [r[0] for r in rows] == ["EC-TEL 2027", "EC-TEL 2027"]
    assert rows[0][3] == "Carla" and rows[0][5] == "signed"
    assert rows[0][1] == pytest.approx(2461663.0 - 0.5 + 10 / 24)  # 2027-09-14 10:00 UTC
    assert stats.follower_count(seeded["store"].db) == 98
