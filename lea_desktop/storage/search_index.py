"""The filter's full-text indexes, kept up to date in bulk instead of inside every save.

Two FTS5 indexes over `registrations.search_text` (external content, `seq` as rowid):
`registrations_fts` (trigram: 3+-character terms match anywhere) and `registrations_words`
(unicode61 words with 1- and 2-character prefix indexes). Updating both inside a save wrote ~14
of its ~26 database pages. Since migration 0007 a save only writes its row number into
`search_backlog`, in the same transaction as the record (so the backlog is as durable as the
record), and `flush` indexes the whole backlog in one transaction: tens of rows cost about what
one row cost before.

The invariant, kept by the triggers of migration 0007: a registration is in the indexes exactly
when its `seq` is not in `search_backlog`.
- insert: the row goes to the backlog;
- edit of `search_text`: an indexed row's old text leaves the indexes at once (FTS5 external
  content needs the old text to delete it) and the row goes to the backlog; a row already
  waiting stays there;
- delete: an indexed row leaves the indexes; a waiting row leaves the backlog.
A `'rebuild'` of the indexes (usecases/erasure.py) indexes every row, so it must empty the
backlog in the same transaction (`rebuild`).

Readers never miss a waiting row (`pending_matches`): a search first flushes the backlog if the
database can be written at once (never waiting for another connection's write); when it cannot,
the search reads the indexes plus the waiting rows, indexed for the moment in an in-memory FTS5
table of the same tokenizer on the reader's own connection (attached `:memory:`, never a file:
the rows hold personal data). Flushes also run on a worker when the GUI is idle, when the app
quits, and inside an import's transaction.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # not imported at run time: the app's start does without sqlite-utils
    import sqlite_utils

    Db = sqlite_utils.Database | sqlite3.Connection

BACKLOG = "search_backlog"

# Each index and its FTS5 options; the in-memory copies for waiting rows use the same options,
# so a term matches a waiting row exactly as it would match it once indexed.
INDEXES: dict[str, str] = {
    "registrations_fts": "tokenize='trigram'",
    "registrations_words": "tokenize='unicode61 remove_diacritics 2', prefix='1 2'",
}

_PENDING_DB = "lea_pending"  # the attached in-memory database of a reader's connection


def _conn(db: Db) -> sqlite3.Connection:
    """The plain connection of a sqlite-utils `Database` (or the connection itself)."""
    return getattr(db, "conn", db)  # type: ignore[return-value]


def backlog_size(db: Db) -> int:
    """How many registrations are waiting to be indexed."""
    return db.execute(f"SELECT count(*) FROM {BACKLOG}").fetchone()[0]


def has_backlog(db: Db) -> bool:
    return db.execute(f"SELECT EXISTS (SELECT 1 FROM {BACKLOG})").fetchone()[0] == 1


def index_backlog(conn: sqlite3.Connection) -> int:
    """Index every waiting row and empty the backlog, inside the caller's transaction.

    One INSERT … SELECT per index: FTS5 writes its pending data out at statement boundaries, so
    the whole backlog lands in one new segment per index. Returns the rows indexed.
    """
    for name in INDEXES:
        conn.execute(
            f"INSERT INTO {name}(rowid, search_text) SELECT r.seq, r.search_text "
            f"FROM {BACKLOG} b JOIN registrations r ON r.seq = b.seq ORDER BY b.seq"
        )
    return conn.execute(f"DELETE FROM {BACKLOG}").rowcount


def flush(db: Db, *, wait: bool = True) -> int:
    """Index the backlog in one transaction; returns the rows indexed (0 when none waited).

    With `wait=False` it is a best effort that never waits and never raises for the database:
    busy with another connection's write, read-only or full, the flush is skipped (returns 0)
    and the rows stay safely in the backlog for the next one.
    """
    if not has_backlog(db):
        return 0
    conn = _conn(db)
    if wait:
        return _flush(conn)
    timeout = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute("PRAGMA busy_timeout=0")
    try:
        return _flush(conn)
    except sqlite3.OperationalError:  # busy, locked, read-only, disk full
        return 0
    finally:
        conn.execute(f"PRAGMA busy_timeout={int(timeout)}")


def _flush(conn: sqlite3.Connection) -> int:
    # Inside the caller's transaction (an import, a migration): a savepoint of it.
    # Otherwise BEGIN IMMEDIATE: the write lock first, so the rows read are the rows deleted.
    nested = conn.in_transaction
    conn.execute("SAVEPOINT search_flush" if nested else "BEGIN IMMEDIATE")
    try:
        count = index_backlog(conn)
    except BaseException:
        if conn.in_transaction:
            if nested:
                conn.execute("ROLLBACK TO SAVEPOINT search_flush")
                conn.execute("RELEASE SAVEPOINT search_flush")
            else:
                conn.execute("ROLLBACK")
        raise
    conn.execute("RELEASE SAVEPOINT search_flush" if nested else "COMMIT")
    return count


def rebuild(conn: sqlite3.Connection) -> None:
    """Rebuild each index the database has from every row (dropping text of deleted rows), and
    empty the backlog: after a rebuild every row is indexed. Inside the caller's transaction."""
    for name in INDEXES:
        if _has_table(conn, name):
            conn.execute(f"INSERT INTO {name}({name}) VALUES('rebuild')")
    if _has_table(conn, BACKLOG):
        conn.execute(f"DELETE FROM {BACKLOG}")


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]
    ).fetchone()
    return found is not None


@contextlib.contextmanager
def pending_matches(db: Db, table: str) -> Iterator[str | None]:
    """The name of an index holding just the waiting rows, for a reader to query beside `table`
    (`SELECT rowid FROM <name> WHERE <name> MATCH ?`), or None when no row is waiting (nearly
    always: the backlog is flushed when the GUI is idle, or here, first, when it can be).

    When the database cannot be written at once (another connection is writing — an import
    holds its transaction for seconds —, read-only, full), the waiting rows are copied into an in-memory FTS5 table of the same kind on the reader's
    own connection, emptied again when the block ends: no text of a record stays in memory
    after the query, and edits and deletes of waiting rows show at once. Query both in ONE
    statement with UNION: a flush committed meanwhile then cannot count a row twice.
    """
    assert table in INDEXES, table
    if not has_backlog(db):
        yield None
        return
    conn = _conn(db)
    # First, index them for good if the database lets us right now (~1 ms for 50 rows, then
    # every later query reads the indexes alone); never waiting for another connection.
    if not conn.in_transaction and flush(db, wait=False) and not has_backlog(db):
        yield None
        return
    attached = {r[1] for r in conn.execute("PRAGMA database_list")}
    if _PENDING_DB not in attached:
        if conn.in_transaction:  # ATTACH is refused inside a transaction: index them in it
            flush(db)
            yield None
            return
        conn.execute(f"ATTACH DATABASE ':memory:' AS {_PENDING_DB}")
    # A name no other schema has, so queries can name it unqualified (`<name> MATCH ?`).
    name = f"{_PENDING_DB}_{table}"
    # Contentless (the text is only tokenized, not kept): cheaper to fill, and 'delete-all'
    # empties it at once.
    conn.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {_PENDING_DB}.{name} "
        f"USING fts5(search_text, content='', {INDEXES[table]})"
    )
    conn.execute(
        f"INSERT INTO {_PENDING_DB}.{name}(rowid, search_text) SELECT r.seq, r.search_text "
        f"FROM main.{BACKLOG} b JOIN main.registrations r ON r.seq = b.seq"
    )
    try:
        yield name
    finally:
        conn.execute(f"INSERT INTO {_PENDING_DB}.{name}({name}) VALUES('delete-all')")
