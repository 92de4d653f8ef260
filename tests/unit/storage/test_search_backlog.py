"""A save leaves its full-text indexing to a later bulk flush (migration 0007, search_index.py):
the filter still finds every saved record, the backlog survives a crash, empties when flushed or
imported, and the indexes always agree with the table once it is flushed."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap

import sqlite_utils

from lea_desktop.domain.records import Registration, new_id
from lea_desktop.formkit import load_form
from lea_desktop.storage import Store, registrations, search_index
from lea_desktop.storage.migrations import migrations
from lea_desktop.usecases import erasure, followers


def _answers(good_answers, org: str) -> dict:
    """Answers for one organisation (its email made from the name, so each is new)."""
    slug = "".join(ch for ch in org.lower() if ch.isascii() and ch.isalnum())
    return {**good_answers, "organisation": org, "email": f"{slug}@example.org"}


def _save(store, event, good_answers, orgs):
    seqs = []
    for org in orgs:
        saved = followers.save_new(store, _answers(good_answers, org), event_id=event.id)
        assert saved.ok, saved.errors
        seqs.append(
            store.db.execute(
                "SELECT seq FROM registrations WHERE id = ?", [saved.registration.id]
            ).fetchone()[0]
        )
    return seqs


def _index_holds(db, seq: int, term: str, table: str = "registrations_fts") -> bool:
    """Whether the on-disk index itself (not the waiting rows) answers `term` with row `seq`."""
    query = f'"{term}"' + ("*" if table == "registrations_words" else "")
    rows = db.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ?", [query]).fetchall()
    return (seq,) in rows


def _consistent(db) -> None:
    """FTS5's own check of both indexes against the table (only valid with an empty backlog)."""
    assert search_index.backlog_size(db) == 0
    for name in search_index.INDEXES:
        db.execute(f"INSERT INTO {name}({name}, rank) VALUES('integrity-check', 1)")


def _expect_found(db, event, new: int, old: int) -> None:
    for term, expected in (("lyon", [new]), ("ly", [new]), ("de ", [new, old]), ("LY", [new])):
        assert registrations.search_seqs(db, term) == expected, term
        assert registrations.search_seqs(db, term, event_id=event.id) == expected, term
        assert registrations.match_seqs(db, term) == expected, term
        assert registrations.match_count(db, term) == len(expected), term
        assert registrations.match_first(db, term, 1) == expected[:1], term
    assert registrations.match_seqs(db, "lycée") == [new]  # trigram case folding, as indexed
    assert registrations.match_seqs(db, "zzz") == []


def test_a_record_not_yet_indexed_is_found_while_another_connection_writes(
    store, event, good_answers
):
    """Right after a save the record is only in the backlog. While another connection holds the
    write lock (an import on a worker), a search cannot index it and does not wait: it reads the
    waiting row through an in-memory index, so search_seqs, match_seqs, match_count and
    match_first find it for 3+-character and 1–2-character terms alike."""
    (old,) = _save(store, event, good_answers, ["Escola de Braga"])
    search_index.flush(store.db)
    (new,) = _save(store, event, good_answers, ["Lycée de Lyon"])
    assert search_index.backlog_size(store.db) == 1
    assert not _index_holds(store.db, new, "lyon")
    assert _index_holds(store.db, old, "braga")
    writer = sqlite3.connect(store.path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        _expect_found(store.db, event, new, old)
        assert search_index.backlog_size(store.db) == 1  # still waiting, nothing was blocked
        writer.execute("ROLLBACK")
    finally:
        writer.close()


def test_the_first_search_after_saves_indexes_the_backlog(store, event, good_answers):
    """With the database free, the first search indexes the waiting rows for good (one bulk
    flush) and finds them; later searches read the indexes alone."""
    (old,) = _save(store, event, good_answers, ["Escola de Braga"])
    (new,) = _save(store, event, good_answers, ["Lycée de Lyon"])
    assert search_index.backlog_size(store.db) == 2
    assert registrations.match_first(store.db, "lyon", 100) == [new]
    assert search_index.backlog_size(store.db) == 0
    assert _index_holds(store.db, new, "lyon") and _index_holds(store.db, old, "braga")
    _expect_found(store.db, event, new, old)
    _consistent(store.db)


def test_flush_indexes_the_backlog_and_empties_it(store, event, good_answers):
    """`flush` puts every waiting row into both indexes in one go; the results do not change."""
    seqs = _save(store, event, good_answers, [f"School {i}" for i in range(30)])
    assert search_index.backlog_size(store.db) == 30
    assert search_index.flush(store.db) == 30
    assert search_index.backlog_size(store.db) == 0
    assert search_index.flush(store.db) == 0
    assert all(_index_holds(store.db, s, "school") for s in seqs)
    assert all(_index_holds(store.db, s, "sc", "registrations_words") for s in seqs)
    assert registrations.match_seqs(store.db, "school 7") == [seqs[7]]
    _consistent(store.db)


def test_edits_and_deletes_of_waiting_and_indexed_rows_keep_the_indexes_right(
    store, event, good_answers
):
    """An edited row is found by its new text only, before and after the flush, whether it was
    indexed or still waiting; a deleted row by neither; the indexes then agree with the table."""
    indexed, gone_indexed = _save(store, event, good_answers, ["Alpha Academy", "Beta Board"])
    search_index.flush(store.db)
    waiting, gone_waiting = _save(store, event, good_answers, ["Gamma Guild", "Delta Desk"])

    for seq, old, new in ((indexed, "alpha", "Omega Office"), (waiting, "gamma", "Sigma")):
        reg_id = registrations.get_by_seq(store.db, [seq])[seq].id
        edited = followers.save_edit(store, reg_id, _answers(good_answers, new))
        assert edited.ok, edited.errors
        assert registrations.match_seqs(store.db, old) == [], old
        assert registrations.match_seqs(store.db, new[:4]) == [seq], new
    assert not _index_holds(store.db, indexed, "alpha")  # the old text left the index at once
    gone = registrations.get_by_seq(store.db, [gone_indexed, gone_waiting])
    erasure.remove_records(store, [reg.id for reg in gone.values()])  # the rows only
    assert registrations.match_seqs(store.db, "beta") == []
    assert registrations.match_seqs(store.db, "delta") == []
    assert sorted(registrations.match_seqs(store.db, "ai") or []) == [indexed, waiting]  # Aino
    search_index.flush(store.db)
    assert registrations.match_seqs(store.db, "omeg") == [indexed]
    assert registrations.match_seqs(store.db, "sigma") == [waiting]
    _consistent(store.db)


def test_a_read_only_connection_finds_waiting_rows_without_writing(
    store, event, good_answers, tmp_path
):
    """A read-only connection (a backup opened for reading) cannot index the waiting rows: it
    finds them through its own in-memory index, and the backlog is left as it was."""
    (seq,) = _save(store, event, good_answers, ["Escola de Braga"])
    conn = sqlite3.connect(f"{store.path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        ro = sqlite_utils.Database(conn)
        assert registrations.match_seqs(ro, "braga") == [seq]
        assert registrations.match_seqs(ro, "es") == [seq]
        assert registrations.search_seqs(ro, "escola") == [seq]
    finally:
        conn.close()
    assert search_index.backlog_size(store.db) == 1


def test_flush_without_waiting_skips_a_busy_database(store, event, good_answers):
    """`flush(wait=False)` (a search, the app quitting) does not wait for another connection's write: it
    returns 0 and the rows stay in the backlog, still found by the filter."""
    (seq,) = _save(store, event, good_answers, ["Escola de Braga"])
    other = sqlite3.connect(store.path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        assert search_index.flush(store.db, wait=False) == 0
        assert registrations.match_seqs(store.db, "braga") == [seq]
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert search_index.backlog_size(store.db) == 1
    assert search_index.flush(store.db, wait=False) == 1


def test_the_backlog_survives_a_crash(data_home, tmp_path):
    """A process that saves and dies without closing anything: the next start finds the record
    in the backlog, the filter finds it, and it is indexed for good."""
    script = textwrap.dedent(
        """
        import os
        from lea_desktop.usecases import followers
        from lea_desktop.domain import clock
        from lea_desktop.storage import Store, events
        store = Store.open_default()
        today = clock.today().isoformat()
        event = events.create(store.db, {"name": "Fair", "city": "Oulu", "country": "FI",
                              "starts": today, "ends": today}, device_id=store.device_id)
        answers = {"organisation": "Oulun Crashproof Lyseo", "contact_name": "Aino Virtanen",
                   "email": "aino@example.fi", "country": "FI", "types": ["school"],
                   "consent_contact": True}
        assert followers.save_new(store, answers, event_id=event.id).ok
        os._exit(0)  # no close, no flush, no checkpoint
        """
    )
    env = {**os.environ, "LEA_DESKTOP_HOME": str(data_home)}
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=60)
    assert (data_home / "lea.sqlite-wal").stat().st_size > 0  # the save is only in the WAL
    store = Store.open_default()
    try:
        assert search_index.backlog_size(store.db) == 1
        (seq,) = registrations.match_seqs(store.db, "crashproof") or []
        assert registrations.match_seqs(store.db, "oul") == [seq]
        assert search_index.backlog_size(store.db) == 0  # the first search indexed it
        _consistent(store.db)
    finally:
        store.close()


def test_an_import_indexes_its_rows_and_the_waiting_ones(store, event, good_answers):
    """The bulk insert (an import) leaves nothing in the backlog: its own rows and rows saved
    before it are indexed inside its transaction."""
    (saved,) = _save(store, event, good_answers, ["Saved Before Import"])
    form = load_form()
    rows = []
    for i in range(50):
        answers = _answers(good_answers, f"Imported {i}")
        reg = Registration(
            id=new_id(), event_id=event.id, form_id=form.id,
            form_version=form.version, kind=form.kind, answers=answers,
            created_at="2027-01-20T10:00:00Z", updated_at="2027-01-20T10:00:00Z", source="import",
        )  # fmt: skip
        rows.append(
            registrations.to_row(reg, form.search_text(answers), followers.email_key(answers))
        )
    assert registrations.insert_many(store.db, rows) == 50
    assert search_index.backlog_size(store.db) == 0
    assert _index_holds(store.db, saved, "before import")
    assert len(registrations.match_seqs(store.db, "imported") or []) == 50
    _consistent(store.db)


def test_a_database_at_0006_upgrades_with_its_rows_indexed_and_its_outbox_kept(tmp_path):
    """A database made by the migrations up to 0006 (full-text triggers, AUTOINCREMENT outbox)
    upgrades: its rows stay found, its outbox rows keep their numbers and state, new saves go
    through the backlog, and the outbox no longer writes sqlite_sequence."""
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    old = sqlite_utils.Database(conn)
    migrations.as_sqlite_utils().apply(old, stop_before="0007_search_backlog")
    stamp = "2027-01-20T10:00:00Z"
    conn.execute(
        "INSERT INTO events(id, name, starts, ends, created_at, updated_at) "
        "VALUES ('ev', 'Fair', '2027-01-20', '2027-01-20', ?, ?)",
        [stamp, stamp],
    )
    for i, org in enumerate(["Escola de Braga", "Lycée de Lyon", "Ålands högskola"]):
        conn.execute(
            "INSERT INTO registrations(id, form_id, form_version, event_id, answers, search_text, "
            "created_at, updated_at) VALUES (?, 'follower_signup', 1, 'ev', '{}', ?, ?, ?)",
            [f"r{i}", org, stamp, stamp],
        )
        conn.execute(
            "INSERT INTO outbox(entity, entity_id, revision, enqueued_at) "
            "VALUES ('registration', ?, 1, ?)",
            [f"r{i}", stamp],
        )
    conn.execute("DELETE FROM outbox WHERE entity_id = 'r0'")
    conn.execute("UPDATE outbox SET status = 'rejected', reason = 'no' WHERE entity_id = 'r2'")
    before = conn.execute("SELECT * FROM outbox ORDER BY seq").fetchall()
    assert conn.execute("SELECT count(*) FROM sqlite_sequence WHERE name = 'outbox'").fetchone()
    conn.close()

    store = Store(path)
    try:
        db = store.db
        assert db.execute("SELECT * FROM outbox ORDER BY seq").fetchall() == before
        outbox_sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'outbox'").fetchone()[0]
        assert "AUTOINCREMENT" not in outbox_sql.upper()
        # The rebuilt table keeps its unique index; 0008 swapped outbox_status for outbox_rejected.
        assert {r[1] for r in db.execute("PRAGMA index_list(outbox)")} == {
            "sqlite_autoindex_outbox_1",
            "outbox_rejected",
        }
        assert search_index.backlog_size(db) == 0
        for term in ("braga", "ly", "al"):
            assert len(registrations.match_seqs(db, term) or []) == 1, term
        _consistent(db)
        saved = followers.save_new(
            store,
            {"organisation": "New After Upgrade", "contact_name": "Aino Virtanen",
             "email": "new@example.fi", "country": "FI", "types": ["school"],
             "consent_contact": True},
            event_id="ev",
        )  # fmt: skip
        assert saved.ok, saved.errors
        assert search_index.backlog_size(db) == 1
        assert not db.execute(
            "SELECT 1 FROM sqlite_sequence WHERE name = 'outbox'"
        ).fetchone()  # the save did not touch it
        assert len(registrations.match_seqs(db, "after upgrade") or []) == 1
        (new_seq,) = db.execute(
            "SELECT seq FROM outbox WHERE entity_id = ?", [saved.registration.id]
        ).fetchone()
        assert new_seq > max(r[0] for r in before)
        search_index.flush(db)
        _consistent(db)
    finally:
        store.close()
