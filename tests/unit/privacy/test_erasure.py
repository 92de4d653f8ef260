"""Erasure on the laptop: the person leaves the database file, WAL, FTS index, backups and outbox."""

from __future__ import annotations

import shutil
import sqlite3

from lea_desktop.storage import erasures, outbox, registrations, search_index, settings
from lea_desktop.usecases import erasure, followers, retention


def _outbox(store):
    return {
        (e, i): s for e, i, s in store.db.execute("SELECT entity, entity_id, status FROM outbox")
    }


def test_before_erasure_the_person_is_in_the_files(store, person_with_history, find_in_files):
    """Sanity check of the raw-byte search: before erasing, the database files and backups do
    hold the person's email and name (so the test after erasure can fail)."""
    found = find_in_files(store.home)
    assert any(name.startswith("backups/") for name in found), found
    assert any(name.startswith("lea.sqlite") for name in found), found


def test_erase_leaves_no_byte_of_the_person_under_the_data_home(
    store, person_with_history, find_in_files, make_follower
):
    """After `erasure.erase`, no file under the data home (database, WAL, backups, logs) holds
    the person's email, name, phone or notes; everyone else is still there, in the database
    and in every backup, and the backups are valid databases."""
    reg, child = person_with_history
    backups_before = sorted(p.name for p in store.backups_dir.glob("lea-*.sqlite"))

    report = erasure.erase(store, reg.id)

    assert sorted(report.erased) == sorted([reg.id, child.id])
    assert report.wal_cleared
    assert report.backups_rewritten == len(backups_before) and report.backups_removed == 0
    assert find_in_files(store.home) == {}
    assert sorted(p.name for p in store.backups_dir.glob("lea-*.sqlite")) == backups_before
    other = make_follower(5)["email"]
    assert registrations.find_by_email(store.db, other) is not None
    for path in store.backups_dir.glob("lea-*.sqlite"):
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            ids = {r[0] for r in conn.execute("SELECT id FROM registrations")}
            assert reg.id not in ids and child.id not in ids and len(ids) >= 24
            assert (
                conn.execute(
                    "SELECT count(*) FROM erasures WHERE id IN (?, ?)", [reg.id, child.id]
                ).fetchone()[0]
                == 2
            )
            # the backup's own index still finds others (rebuilt, not dropped)
            assert (
                conn.execute(
                    "SELECT count(*) FROM registrations_fts WHERE registrations_fts MATCH ?",
                    ['"School number 5"'],
                ).fetchone()[0]
                == 1
            )
        finally:
            conn.close()


def test_erase_queues_tombstones_and_drops_pending_copies(store, person_with_history):
    """The record and its child leave the outbox as registrations and go as tombstones (UUID
    only); counts and search no longer see the person."""
    reg, child = person_with_history
    before = registrations.count(store.db)
    erasure.erase(store, reg.id)
    queued = _outbox(store)
    assert ("registration", reg.id) not in queued and ("registration", child.id) not in queued
    assert queued[("tombstone", reg.id)] == "pending"
    assert queued[("tombstone", child.id)] == "pending"
    assert registrations.count(store.db) == before - 1  # the child is not a follower
    assert registrations.search_seqs(store.db, "Korhonen") == []
    assert registrations.get(store.db, child.id) is None
    assert erasures.is_erased(store.db, reg.id) and erasures.is_erased(store.db, child.id)


def test_erasure_from_the_databank_queues_nothing(store, person_with_history):
    """A tombstone pulled from the databank erases locally but sends nothing back."""
    reg, child = person_with_history
    erasure.erase_many(store, [reg.id], origin="databank")
    assert registrations.get(store.db, reg.id) is None
    assert not any(e == "tombstone" for e, _ in _outbox(store))
    origins = dict(store.db.execute("SELECT id, origin FROM erasures").fetchall())
    assert origins == {reg.id: "databank", child.id: "databank"}


def test_a_backup_missed_by_an_erasure_is_scrubbed_at_the_next_purge(
    store, person_with_history, find_in_files, tmp_path
):
    """A backup that still holds an erased person (written while the erasure ran, or restored
    from elsewhere into the backups folder) is rewritten by the start-up purge pass."""
    reg, _ = person_with_history
    newest = sorted(store.backups_dir.glob("lea-*.sqlite"))[-1]
    stale = tmp_path / "stale.sqlite"
    shutil.copy(newest, stale)
    erasure.erase(store, reg.id)
    shutil.copy(stale, store.backups_dir / "lea-29991231T000000000000Z.sqlite")
    assert find_in_files(store.home) != {}
    retention.purge_expired(store)
    assert find_in_files(store.home) == {}


def test_an_unreadable_backup_is_deleted_not_left_behind(store, person_with_history):
    """A damaged backup cannot be scrubbed, so the erasure deletes it."""
    reg, _ = person_with_history
    broken = store.backups_dir / "lea-29991231T000000000000Z.sqlite"
    broken.write_bytes(b"not a database " + reg.id.encode() + b" Korhonen" * 100)
    report = erasure.erase(store, reg.id)
    assert not broken.exists() and report.backups_removed == 1


def test_app_kept_exports_naming_the_person_are_deleted(store, person_with_history, make_follower):
    """Files in `<data home>/exports/` that carry an erased UUID (CSV, JSON, XLSX) are deleted;
    exports of other people stay."""
    from lea_desktop.exports.csv_export import write_csv, write_json
    from lea_desktop.formkit import load_form

    reg, _ = person_with_history
    folder = store.home / "exports"
    form = load_form()
    write_csv(form, registrations.iter_all(store.db), folder / "all.csv")
    write_json(form, [registrations.get(store.db, reg.id)], folder / "one.json")
    other = registrations.find_by_email(store.db, make_follower(3)["email"])
    write_csv(form, [other], folder / "other.csv")
    report = erasure.erase(store, reg.id)
    assert report.exports_removed == 2
    assert sorted(p.name for p in folder.iterdir()) == ["other.csv"]


def test_erasing_an_unknown_id_is_recorded_but_changes_nothing_else(store, person_with_history):
    """An id this laptop never had (a central erasure of someone else's record) is logged as
    erased; nobody else is touched."""
    before = registrations.count(store.db)
    report = erasure.erase_many(store, ["00000000-0000-4000-8000-000000000000"], origin="databank")
    assert not report.found and report.backups_rewritten == 0
    assert registrations.count(store.db) == before
    assert erasures.is_erased(store.db, "00000000-0000-4000-8000-000000000000")


def test_followers_delete_is_a_full_erasure(store, person_with_history, find_in_files):
    """Deleting a follower through followers.delete (what the app's Delete does) erases too:
    no copy is left in backups."""
    reg, _ = person_with_history
    followers.delete(store, reg.id)
    assert find_in_files(store.home) == {}
    assert outbox.counts(store.db)["pending"] > 0


def test_erase_rebuilds_the_search_index_so_no_trigram_of_the_person_remains(
    store, event, make_follower, monkeypatch
):
    """The trigram index keeps deleted text in old segments until they are merged: after an
    erasure, not even a three-letter piece of a rare name is left in the database file."""
    for i in range(5):
        assert followers.save_new(store, make_follower(i), event_id=event.id).ok
    # No one else's text has a "q" or a "z": the index stores the person's trigrams "qzx" and
    # "zxj" in full (a term sharing its first letters with the one before would be compressed).
    rare = {**make_follower(7), "contact_name": "Jyrki Wqzxjv", "email": "jw@example.eu"}
    reg = followers.save_new(store, rare, event_id=event.id).registration
    for i in range(8, 12):
        assert followers.save_new(store, make_follower(i), event_id=event.id).ok
    search_index.flush(store.db)  # saves are indexed in bulk later: index them now
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert b"qzx" in store.path.read_bytes().replace(b"Wqzxjv", b"")  # the index holds it
    erasure.erase(store, reg.id)
    blob = store.path.read_bytes()
    assert b"qzx" not in blob and b"zxj" not in blob
    assert registrations.search_seqs(store.db, "School number 9") != []


def test_an_erasure_cut_short_after_its_first_half_is_finished_by_the_next_purge(
    store, person_with_history, find_in_files
):
    """The GUI removes the records at once and cleans up on a worker; if the app stops in
    between, the next start's purge rebuilds the index, truncates the WAL and scrubs backups."""
    reg, child = person_with_history
    report = erasure.remove_records(store, [reg.id])
    assert sorted(report.erased) == sorted([reg.id, child.id])
    assert registrations.get(store.db, reg.id) is None
    assert find_in_files(store.home) != {}  # still in the WAL and backups
    store.close()
    from lea_desktop.storage import Store

    reopened = Store(store.path)
    try:
        retention.purge_expired(reopened)
        assert find_in_files(reopened.home) == {}
        assert settings.get_internal(reopened.db, erasure.SCRUB_PENDING) is False
    finally:
        reopened.close()


def _indexes_match_the_table(store) -> None:
    """Index the backlog, then FTS5's own check of both indexes against the table's rows."""
    search_index.flush(store.db)
    for name in search_index.INDEXES:
        store.db.execute(f"INSERT INTO {name}({name}, rank) VALUES('integrity-check', 1)")


def test_a_record_erased_before_it_was_indexed_leaves_no_trace(
    store, event, person, make_follower, find_in_files
):
    """A save leaves its indexing to a later flush; erasing the person while their row still
    waits in the search backlog removes it from the backlog too, leaves no byte of them under
    the data home, and the indexes stay consistent for everyone else."""
    for i in range(3):
        assert followers.save_new(store, make_follower(i), event_id=event.id).ok
    search_index.flush(store.db)
    reg = followers.save_new(store, person, event_id=event.id).registration
    assert followers.save_new(store, make_follower(3), event_id=event.id).ok
    (seq,) = store.db.execute("SELECT seq FROM registrations WHERE id = ?", [reg.id]).fetchone()
    assert store.db.execute("SELECT count(*) FROM search_backlog WHERE seq = ?", [seq]).fetchone()
    assert registrations.search_seqs(store.db, "Korhonen") == [seq]  # found while waiting

    erasure.erase(store, reg.id)

    assert find_in_files(store.home) == {}
    assert registrations.search_seqs(store.db, "Korhonen") == []
    assert registrations.match_seqs(store.db, "Ee") == []
    assert store.db.execute("SELECT seq FROM search_backlog").fetchall() == []  # rebuilt: all in
    assert len(registrations.search_seqs(store.db, "School number")) == 4
    _indexes_match_the_table(store)


def test_erasing_an_indexed_record_while_others_wait_keeps_the_waiting_ones(
    store, event, person, make_follower
):
    """The person was indexed, others saved after them are still waiting: the erasure's index
    rebuild takes the waiting rows in, and the filter finds each of them exactly once."""
    reg = followers.save_new(store, person, event_id=event.id).registration
    search_index.flush(store.db)
    for i in range(4):
        assert followers.save_new(store, make_follower(i), event_id=event.id).ok
    assert search_index.backlog_size(store.db) == 4
    followers.delete(store, reg.id)
    assert registrations.search_seqs(store.db, "Korhonen") == []
    assert len(registrations.match_seqs(store.db, "school number") or []) == 4
    assert search_index.backlog_size(store.db) == 0
    _indexes_match_the_table(store)


def test_an_erasure_of_unknown_origin_is_refused(store, person_with_history):
    import pytest

    with pytest.raises(ValueError, match="origin"):
        erasure.remove_records(store, [person_with_history[0].id], origin="elsewhere")
    assert registrations.get(store.db, person_with_history[0].id) is not None
