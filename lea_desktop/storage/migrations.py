"""Numbered schema migrations (applied by sqlite-utils `Migrations`, see `schema.py`): one
function per change, never edited once released; a new change is a new function at the end."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lea_desktop.storage.schema import MigrationList

if TYPE_CHECKING:
    import sqlite_utils

migrations = MigrationList("lea_desktop")


@migrations(name="0001_initial")
def m0001_initial(db: sqlite_utils.Database) -> None:
    for sql in (
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
        """CREATE TABLE events (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            city TEXT NOT NULL DEFAULT '',
            country TEXT NOT NULL DEFAULT '',
            starts TEXT NOT NULL,
            ends TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'fair',
            responsible_partner TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            archived INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            revision INTEGER NOT NULL DEFAULT 1,
            origin_device TEXT NOT NULL DEFAULT ''
        )""",
        # `seq` is the stable rowid the full-text index points at (VACUUM may renumber an
        # implicit rowid); `id` is the UUID made on the laptop that travels to the databank.
        """CREATE TABLE registrations (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL DEFAULT 'follower',
            form_id TEXT NOT NULL,
            form_version INTEGER NOT NULL,
            event_id TEXT NOT NULL REFERENCES events(id),
            answers TEXT NOT NULL,
            consent TEXT,
            search_text TEXT NOT NULL DEFAULT '',
            email_key TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            revision INTEGER NOT NULL DEFAULT 1,
            collected_by TEXT NOT NULL DEFAULT '',
            device_id TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT 'app',
            parent_id TEXT,
            loi_status TEXT NOT NULL DEFAULT '',
            loi_date TEXT NOT NULL DEFAULT '',
            acknowledged_at TEXT,
            purged_at TEXT
        )""",
        "CREATE INDEX registrations_event ON registrations(event_id, created_at)",
        "CREATE INDEX registrations_created ON registrations(created_at)",
        "CREATE INDEX registrations_email ON registrations(email_key) WHERE email_key != ''",
        "CREATE INDEX registrations_parent ON registrations(parent_id) WHERE parent_id IS NOT NULL",
        # Filter-as-you-type: a trigram index answers a 3+-character term in about a millisecond
        # at 100,000 rows, where LIKE over several columns takes tens of milliseconds.
        """CREATE VIRTUAL TABLE registrations_fts USING fts5(
            search_text, content='registrations', content_rowid='seq', tokenize='trigram'
        )""",
        """CREATE TRIGGER registrations_fts_ai AFTER INSERT ON registrations BEGIN
            INSERT INTO registrations_fts(rowid, search_text) VALUES (new.seq, new.search_text);
        END""",
        """CREATE TRIGGER registrations_fts_ad AFTER DELETE ON registrations BEGIN
            INSERT INTO registrations_fts(registrations_fts, rowid, search_text)
            VALUES ('delete', old.seq, old.search_text);
        END""",
        """CREATE TRIGGER registrations_fts_au AFTER UPDATE OF search_text ON registrations BEGIN
            INSERT INTO registrations_fts(registrations_fts, rowid, search_text)
            VALUES ('delete', old.seq, old.search_text);
            INSERT INTO registrations_fts(rowid, search_text) VALUES (new.seq, new.search_text);
        END""",
        # The transactional outbox: one row per entity waiting to reach the databank, written in
        # the same transaction as the change. An edit while still waiting bumps the revision.
        """CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            revision INTEGER NOT NULL,
            enqueued_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            last_attempt_at TEXT,
            reason TEXT NOT NULL DEFAULT '',
            UNIQUE(entity, entity_id)
        )""",
        "CREATE INDEX outbox_status ON outbox(status, seq)",
    ):
        db.execute(sql)


@migrations(name="privacy_erasures")
def m_privacy_erasures(db: sqlite_utils.Database) -> None:
    # The erasure log (lea_desktop/privacy.py): UUIDs only, no personal data. It lets a backup
    # missed by an interrupted erasure be scrubbed later, a restored backup learn what must not
    # come back, and a pull refuse to bring an erased record back.
    db.execute(
        """CREATE TABLE erasures (
            id TEXT PRIMARY KEY,
            erased_at TEXT NOT NULL,
            origin TEXT NOT NULL DEFAULT 'local'
        )"""
    )


@migrations(name="0002_sync_state")
def m0002_sync_state(db: sqlite_utils.Database) -> None:
    # Pull cursors belong to one databank (its id from /api/v1/health): pointing the laptop at
    # another databank starts its pulls from zero instead of skipping that databank's history.
    db.execute(
        """CREATE TABLE sync_state (
            databank_id TEXT PRIMARY KEY,
            events_cursor INTEGER NOT NULL DEFAULT 0,
            tombstones_cursor INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL
        )"""
    )
    # After a conflict the databank's revision, so a retry can re-stamp the record above it.
    db.execute("ALTER TABLE outbox ADD COLUMN remote_revision INTEGER")


@migrations(name="0003_follower_count_indexes")
def m0003_follower_count_indexes(db: sqlite_utils.Database) -> None:
    # The status bar and the save confirmation count one event's followers and today's after
    # every save; with `kind` leading, both counts are answered from the index alone (about
    # 60 ms → under 5 ms at 100,000 rows) instead of visiting every row of the event.
    db.execute("CREATE INDEX registrations_kind_event ON registrations(kind, event_id, created_at)")
    db.execute("CREATE INDEX registrations_kind_created ON registrations(kind, created_at)")


@migrations(name="0005_filter_word_prefix")
def m0005_filter_word_prefix(db: sqlite_utils.Database) -> None:
    # Filtering by one or two typed characters: below the trigram index, a LIKE scan took tens of
    # milliseconds at 100,000 rows. A word index with 1- and 2-character prefix indexes answers
    # "words starting with …" ("Ai" → Aino, Aitken; accents folded) in about a millisecond.
    # Same external content and triggers as the trigram index; filled from the existing rows.
    for sql in (
        """CREATE VIRTUAL TABLE registrations_words USING fts5(
            search_text, content='registrations', content_rowid='seq',
            tokenize='unicode61 remove_diacritics 2', prefix='1 2'
        )""",
        """CREATE TRIGGER registrations_words_ai AFTER INSERT ON registrations BEGIN
            INSERT INTO registrations_words(rowid, search_text) VALUES (new.seq, new.search_text);
        END""",
        """CREATE TRIGGER registrations_words_ad AFTER DELETE ON registrations BEGIN
            INSERT INTO registrations_words(registrations_words, rowid, search_text)
            VALUES ('delete', old.seq, old.search_text);
        END""",
        """CREATE TRIGGER registrations_words_au AFTER UPDATE OF search_text ON registrations BEGIN
            INSERT INTO registrations_words(registrations_words, rowid, search_text)
            VALUES ('delete', old.seq, old.search_text);
            INSERT INTO registrations_words(rowid, search_text) VALUES (new.seq, new.search_text);
        END""",
        "INSERT INTO registrations_words(registrations_words) VALUES('rebuild')",
    ):
        db.execute(sql)


@migrations(name="0006_save_path")
def m0006_save_path(db: sqlite_utils.Database) -> None:
    # Every index is one more page each save writes to the WAL (and one more b-tree each imported
    # row updates). These two have had no query of their own since 0003: every count and list
    # filters on `kind` first and uses the (kind, event_id, created_at) / (kind, created_at)
    # indexes; the few queries by event alone (reconcile, the per-kind tally, an export of every
    # kind) read most of the event's rows anyway and now scan the table in `seq` order (checked
    # with EXPLAIN QUERY PLAN in tests/unit/storage/test_save_path_indexes.py). Events are never
    # deleted, so no foreign-key check needs `event_id` indexed either.
    db.execute("DROP INDEX IF EXISTS registrations_event")
    db.execute("DROP INDEX IF EXISTS registrations_created")


@migrations(name="0007_search_backlog")
def m0007_search_backlog(db: sqlite_utils.Database) -> None:
    # A save wrote ~26 pages to the WAL, ~14 of them for the two full-text indexes. Now a save
    # only notes its row number in `search_backlog` (same transaction, so as durable as the
    # record) and `storage/search_index.flush` indexes the backlog in bulk later; every search
    # reads the waiting rows too, so a filter never misses a record. The invariant: a row is in
    # the indexes exactly when it is not in the backlog (see storage/search_index.py). Existing
    # rows are all indexed: the backlog starts empty.
    index_deletes = "".join(
        f"""
            INSERT INTO {name}({name}, rowid, search_text)
            SELECT 'delete', old.seq, old.search_text
            WHERE NOT EXISTS (SELECT 1 FROM search_backlog WHERE seq = old.seq);"""
        for name in ("registrations_fts", "registrations_words")
    )
    for sql in (
        "CREATE TABLE search_backlog (seq INTEGER PRIMARY KEY)",
        *(
            f"DROP TRIGGER IF EXISTS {name}_{suffix}"
            for name in ("registrations_fts", "registrations_words")
            for suffix in ("ai", "ad", "au")
        ),
        """CREATE TRIGGER registrations_search_ai AFTER INSERT ON registrations BEGIN
            INSERT INTO search_backlog(seq) VALUES (new.seq);
        END""",
        f"""CREATE TRIGGER registrations_search_ad AFTER DELETE ON registrations BEGIN{index_deletes}
            DELETE FROM search_backlog WHERE seq = old.seq;
        END""",
        # An edit takes the old text out of the indexes at once (only the trigger still knows
        # it) and leaves the new text to the next flush.
        f"""CREATE TRIGGER registrations_search_au AFTER UPDATE OF search_text ON registrations
        BEGIN{index_deletes}
            INSERT OR IGNORE INTO search_backlog(seq) VALUES (new.seq);
        END""",
    ):
        db.execute(sql)
    # The outbox's AUTOINCREMENT wrote the sqlite_sequence page on every save. Nothing needs
    # never-reused outbox numbers: rows are matched by (entity, entity_id, revision), and the
    # sync engine's `seq` cursor lives for one pass only (a row numbered behind it waits for
    # the next pass, as a re-queued row already does). SQLite cannot drop AUTOINCREMENT in
    # place: rebuild the table with the same columns, rows and numbers.
    for sql in (
        """CREATE TABLE outbox_new (
            seq INTEGER PRIMARY KEY,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            revision INTEGER NOT NULL,
            enqueued_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            last_attempt_at TEXT,
            reason TEXT NOT NULL DEFAULT '',
            remote_revision INTEGER,
            UNIQUE(entity, entity_id)
        )""",
        """INSERT INTO outbox_new(seq, entity, entity_id, revision, enqueued_at, status, attempts,
               last_attempt_at, reason, remote_revision)
           SELECT seq, entity, entity_id, revision, enqueued_at, status, attempts,
               last_attempt_at, reason, remote_revision FROM outbox""",
        "DROP TABLE outbox",
        "ALTER TABLE outbox_new RENAME TO outbox",
        "CREATE INDEX outbox_status ON outbox(status, seq)",
    ):
        db.execute(sql)


@migrations(name="0008_save_path_counts")
def m0008_save_path_counts(db: sqlite_utils.Database) -> None:
    # Two more pages every save wrote to the WAL for indexes whose queries are answered as fast
    # without them (plans pinned in tests/unit/storage/test_query_plans.py, times at 100,000
    # followers in bench/ and the commit message):
    # - (kind, created_at): "today's followers" is now counted per event through the
    #   (kind, event_id, created_at) index (`registrations.count`), a few µs per event;
    # - outbox (status, seq): a pending row is always inserted as 'pending', so an index on
    #   status changed with every save. The outbox counts are now the table's size less the
    #   rejected rows, which this partial index alone holds (a save never touches it); the sync
    #   engine's batches walk the outbox by its row number (`sync_queue`).
    db.execute("DROP INDEX IF EXISTS registrations_kind_created")
    db.execute("DROP INDEX IF EXISTS outbox_status")
    db.execute("CREATE INDEX outbox_rejected ON outbox(seq) WHERE status = 'rejected'")


@migrations(name="0009_example_events")
def m0009_example_events(db: sqlite_utils.Database) -> None:
    # Example events (the seed report's, loaded to try the app out) are for looking only: never
    # active by themselves, never sent to the databank. Until now they were ordinary events,
    # queued like any other. An event is taken for an untouched example when it is one of the
    # shipped examples by name and dates, was never edited (revision 1), has no sign-ups and
    # has not left for the databank yet (its outbox row is still there); its outbox row goes.
    from lea_desktop import reference

    db.execute("ALTER TABLE events ADD COLUMN example INTEGER NOT NULL DEFAULT 0")
    for seed in reference.seed_events():
        db.execute(
            "UPDATE events SET example = 1 WHERE name = ? AND starts = ? AND ends = ? "
            "AND revision = 1 "
            "AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = events.id) "
            "AND EXISTS (SELECT 1 FROM outbox o WHERE o.entity = 'event' "
            "AND o.entity_id = events.id AND o.status = 'pending')",
            [seed["name"], str(seed["starts"]), str(seed["ends"])],
        )
    db.execute(
        "DELETE FROM outbox WHERE entity = 'event' "
        "AND entity_id IN (SELECT id FROM events WHERE example = 1)"
    )
    db.execute(
        "UPDATE settings SET value = '\"\"' WHERE key = 'event.active' "
        "AND value IN (SELECT json_quote(id) FROM events WHERE example = 1)"
    )


@migrations(name="0010_fold_search_text")
def m0010_fold_search_text(db: sqlite_utils.Database) -> None:
    # The filter ignored accents only for 1–2 typed characters: the trigram index (3+) matched
    # "göte" but not "gote", and SQLite 3.40's trigram tokenizer cannot remove diacritics. The
    # search text is now stored folded (`domain.search_fold`: no accents, lower case) and terms
    # are folded the same way. Existing rows are folded here and both indexes rebuilt. The
    # edit trigger is set aside meanwhile: it would take each row out of the indexes one by
    # one and queue it for indexing, where one rebuild does it all at once.
    from lea_desktop.domain.search_fold import fold
    from lea_desktop.storage import search_index

    conn = db.conn
    conn.create_function("lea_search_fold", 1, fold, deterministic=True)
    trigger = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'registrations_search_au'"
    ).fetchone()
    if trigger:
        conn.execute("DROP TRIGGER registrations_search_au")
    conn.execute(
        "UPDATE registrations SET search_text = lea_search_fold(search_text) "
        "WHERE search_text != lea_search_fold(search_text)"
    )
    if trigger:
        conn.execute(trigger[0])
    search_index.rebuild(conn)


@migrations(name="0011_web_signup_cursor")
def m0011_web_signup_cursor(db: sqlite_utils.Database) -> None:
    # Followers who signed up with the databank's public form for this laptop's events are
    # pulled by their own cursor (`sync_queue.set_cursor(..., "web_signups", ...)`).
    db.execute("ALTER TABLE sync_state ADD COLUMN web_signups_cursor INTEGER NOT NULL DEFAULT 0")


@migrations(name="0012_directory")
def m0012_directory(db: sqlite_utils.Database) -> None:
    # The consortium's follower directory pulled from the databank (`storage/directory.py`):
    # no email, name, phone or notes; `email_key` is the keyed hash the duplicate check looks
    # up (partial index: entries without an address are never looked up).
    db.execute(
        """CREATE TABLE directory (
            id TEXT PRIMARY KEY,
            email_key TEXT NOT NULL DEFAULT '',
            organisation TEXT NOT NULL DEFAULT '',
            country TEXT NOT NULL DEFAULT '',
            city TEXT NOT NULL DEFAULT '',
            types TEXT NOT NULL DEFAULT '[]',
            event_id TEXT NOT NULL DEFAULT '',
            partner TEXT NOT NULL DEFAULT '',
            device_id TEXT NOT NULL DEFAULT '',
            laptop TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL DEFAULT '',
            lea_n INTEGER NOT NULL DEFAULT 0,
            loi_status TEXT NOT NULL DEFAULT ''
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX directory_email ON directory(email_key) WHERE email_key != ''")
    db.execute("ALTER TABLE sync_state ADD COLUMN directory_cursor INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE sync_state ADD COLUMN directory_synced_at TEXT")


@migrations(name="0013_scoped_records")
def m0013_scoped_records(db: sqlite_utils.Database) -> None:
    # Full records of other laptops in this laptop's token scope (`storage.pulled`): where each
    # came from, the databank's copy kept beside a local edit until someone chooses, and the
    # pull's cursor with the scope it belongs to (a new scope starts from 0).
    db.execute(
        """CREATE TABLE pulled_records (
            id TEXT PRIMARY KEY,
            laptop TEXT NOT NULL DEFAULT '',
            partner TEXT NOT NULL DEFAULT '',
            pulled_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE record_conflicts (
            id TEXT PRIMARY KEY,
            theirs TEXT NOT NULL,
            their_revision INTEGER NOT NULL,
            found_at TEXT NOT NULL
        )"""
    )
    db.execute("ALTER TABLE sync_state ADD COLUMN records_cursor INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE sync_state ADD COLUMN records_scope TEXT NOT NULL DEFAULT ''")


@migrations(name="0014_directory_without_own")
def m0014_directory_without_own(db: sqlite_utils.Database) -> None:
    # The directory no longer holds this laptop's own followers (the databank leaves them out
    # of its pages; this laptop holds them in full): entries pulled before would go stale as
    # the records are edited here. The device id is kept in settings as a JSON string.
    db.execute(
        "DELETE FROM directory WHERE device_id = "
        "(SELECT json_extract(value, '$') FROM settings WHERE key = '_device_id')"
    )
