"""The databank's tables (SQLAlchemy 2 Core) and its engine: one code path for SQLite and PostgreSQL.

Only portable types are used (strings, integers, text holding JSON), so the same statements run
on both. Dialect differences stay inside `make_engine`: SQLite gets WAL and `BEGIN IMMEDIATE` (a
writer waits for the lock instead of failing when it upgrades a read lock), PostgreSQL goes
through psycopg 3.

Change cursors (events, tombstones) come from one counter row that every writer updates inside
its transaction. The row lock makes writers that allocate cursors commit in cursor order, so a
reader that has seen cursor N can never later find a smaller one appear (a plain sequence would
hand out numbers that commit out of order under concurrency).
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import threading
import uuid
import weakref
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    case,
    create_engine,
    delete,
    event,
    exc,
    inspect,
    literal,
    select,
    update,
)

log = logging.getLogger("lea_desktop.databank")

SCHEMA_VERSION = 10  # 2: tokens bound to a device id; erasure requests. 3: records.email_key.
# 4: the console (tokens.partner, users, console_sessions, audit_log). 5: directory_changes.device_id
# 6: the console's followers pages (records.search, record_history)
# 7: tokens.scope; record_changes
# 8: records.written_by, records.directory_entry and records.change_cursor replace record_changes
#    and directory_changes' live entries (one change cursor per write; directory_changes keeps
#    the erased followers' "gone" entries)
# 9: signup_pending's mail outbox (mail_due_at, mail_attempts, mail_error, mail_sent_at, mail_message_id)
# 10: records_by_device (device_id) replaces records_device (device_id, id); a pushed record's
#     "created" history entry is implicit until its first change (`history.settle`)

metadata = MetaData()


def partial_index(name: str, column: Column[Any], where: Any, *, unique: bool = False) -> Index:
    """An index of the rows matching `where` only, on SQLite and PostgreSQL alike."""
    return Index(name, column, unique=unique, sqlite_where=where, postgresql_where=where)


meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

counters = Table(
    "counters",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

tokens = Table(
    "tokens",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("created_at", String(32), nullable=False),
    Column("revoked_at", String(32), nullable=True),
    # The laptop the token belongs to: given at `token create` or taken from its first request
    # that names one. Records, event edits, erasures and reconcile questions must name it.
    Column("device_id", String(64), nullable=True),
    # The consortium partner the laptop belongs to (`token create --partner`): a partner's
    # console account sees the followers its laptops collected.
    Column("partner", Text, nullable=False, default=""),
    # Which full records flow down to the laptop (`token scope`): own (none but its own),
    # partner (those of every laptop of `partner`, and the web sign-ups of its events), all.
    Column("scope", String(10), nullable=False, default="own"),
)
# One active token per device id: a second laptop's token cannot claim a device already bound.
partial_index(
    "tokens_active_device", tokens.c.device_id, tokens.c.revoked_at.is_(None), unique=True
)

records = Table(
    "records",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("form_id", String(64), nullable=False),
    Column("form_version", Integer, nullable=False),
    Column("revision", BigInteger, nullable=False),
    Column("event_id", String(64), nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
    Column("collected_by", Text, nullable=False, default=""),
    Column("consent", Text, nullable=True),  # JSON
    Column("answers", Text, nullable=False),  # JSON, as cleaned by formkit
    Column("source", String(20), nullable=False),
    Column("parent_id", String(36), nullable=True),
    Column("loi_status", String(20), nullable=False, default=""),
    Column("loi_date", String(10), nullable=False, default=""),
    Column("content_sha256", String(64), nullable=False),  # of the record as sent
    Column("received_at", String(40), nullable=False),
    Column("received_via", String(100), nullable=False),  # token name
    # The normalised email address (`domain.records.email_key` of the answers, "" without
    # one), written with every row: the web form finds the follower a laptop collected by it.
    Column("email_key", String(320), nullable=False, default=""),
    # The folded search text of the console's followers page (`databank/search.py`), written
    # with every row and filled in on upgrade.
    Column("search", Text, nullable=False, default=""),
    # Every write of a record (a laptop's batch, a web sign-up, a console edit) gives it a new
    # change cursor (`db.next_cursors`) in the same transaction: laptops pull the full records
    # of their scope by it (`scoped.records_since`) and the follower directory by it
    # (`directory.page_json`). `written_by`: the device id that wrote it last ('web' for the
    # public form, 'console'), so a laptop is not sent back its own writes. A follower's
    # `directory_entry` is its entry as laptops receive it (JSON, no personal data), made with
    # the write: a directory page is read, never computed. Declared in this order: the
    # back-fill of an older databank runs when the last of them is added.
    Column("written_by", String(64), nullable=False, default=""),
    Column("directory_entry", Text, nullable=True),
    Column("change_cursor", BigInteger, nullable=True),
    Index("records_change", "change_cursor"),
    # A laptop's records. On the device alone, not (device_id, id): a batch's new rows then
    # land at the end of their laptop's range (SQLite orders equal keys by rowid) instead of
    # in up to 200 random leaves, each written to the log again by every batch. Reconciling
    # a laptop (`repo.held_records`, pages by id) sorts that laptop's ids: rare, and cheap.
    Index("records_by_device", "device_id"),
    Index("records_kind_created", "kind", "created_at"),
    Index("records_event", "event_id"),
    Index("records_parent", "parent_id"),
    # Both columns a web sign-up's follower is looked up by: with the address alone, SQLite
    # preferred records_kind_created (kind = 'follower': every follower) and read them all.
    Index("records_email_kind", "email_key", "kind"),
)

events = Table(
    "events",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("starts", String(10), nullable=False),
    Column("ends", String(10), nullable=False),
    Column("city", Text, nullable=False, default=""),
    Column("country", String(2), nullable=False, default=""),
    Column("kind", String(40), nullable=False, default="fair"),
    Column("responsible_partner", Text, nullable=False, default=""),
    Column("notes", Text, nullable=False, default=""),
    Column("archived", Boolean, nullable=False, default=False),
    Column("created_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
    Column("revision", BigInteger, nullable=False),
    Column("origin_device", String(64), nullable=False, default=""),
    Column("content_sha256", String(64), nullable=False),
    Column("cursor", BigInteger, nullable=False, unique=True),
    Column("received_via", String(100), nullable=False),
)

tombstones = Table(
    "tombstones",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("cursor", BigInteger, nullable=False, unique=True),
    Column("erased_at", String(40), nullable=False),
    Column("device_id", String(64), nullable=False),  # where the erasure came from
    Column("received_via", String(100), nullable=False),
)

erasure_requests = Table(
    "erasure_requests",
    metadata,
    # A tombstone sent for a follower another laptop collected waits here for a coordinator.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("record_id", String(36), nullable=False),
    Column("requested_by", Text, nullable=False, default=""),  # staff name, as the laptop sent it
    Column("device_id", String(64), nullable=False),  # the asking laptop
    Column("token_name", String(100), nullable=False),
    Column("requested_at", String(40), nullable=False),
    Column("status", String(20), nullable=False, default="pending"),  # approved | rejected
    Column("decided_at", String(40), nullable=True),
    Column("decided_by", Text, nullable=False, default=""),
    Index("erasure_requests_status", "status", "id"),
    Index("erasure_requests_record", "record_id"),
)

signup_pending = Table(
    "signup_pending",
    metadata,
    # A sign-up sent from the public form, waiting for its email address to be confirmed;
    # deleted when confirmed or 7 days after it came (`signup.purge_pending`).
    Column("id", String(36), primary_key=True),  # what the confirmation link's token signs
    Column("created_at", String(40), nullable=False),
    Column("lang", String(8), nullable=False),
    Column("event_id", String(64), nullable=False, default=""),
    Column("answers", Text, nullable=False),  # JSON, as cleaned by formkit
    Column("consent", Text, nullable=True),  # JSON: the proof of the texts shown
    # The confirmation email's outbox (`databank/outbox.py`): sent by a `serve` task, never
    # inside the visitor's request. `mail_due_at`: when it is to be sent (next), or while a
    # sender holds it, when its lease ends; NULL once sent or refused for good (and for rows
    # held before the outbox, whose email was sent in the request).
    Column("mail_due_at", String(40), nullable=True),
    Column("mail_attempts", Integer, nullable=False, default=0),
    Column("mail_error", Text, nullable=False, default=""),  # the last failure, never an address
    Column("mail_sent_at", String(40), nullable=True),
    # Made once with the row: a retry after a lost answer sends the same message.
    Column("mail_message_id", String(255), nullable=True),
    Index("signup_pending_created", "created_at"),
)
# The emails still to send, by due time (a sender's query; sent rows are left out).
partial_index(
    "signup_pending_mail_due",
    signup_pending.c.mail_due_at,
    signup_pending.c.mail_due_at.isnot(None),
)

web_signups = Table(
    "web_signups",
    metadata,
    # The followers the public form stored (their rows are in `records`, source web): one per
    # email address, so a second sign-up with the same address updates the first. `cursor`
    # moves on every change: laptops pull the web sign-ups of their events by it.
    Column("record_id", String(36), primary_key=True),
    Column("email_key", String(320), nullable=False, unique=True),
    Column("event_id", String(64), nullable=False, default=""),
    Column("cursor", BigInteger, nullable=False, unique=True),
    Index("web_signups_event", "event_id", "cursor"),
)

webhooks = Table(
    "webhooks",
    metadata,
    # Receivers told of follower changes (databank/webhooks.py). The secret signs every
    # delivery, so it is kept as given (never hashed, never printed or logged).
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", Text, nullable=False),
    Column("secret", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("removed_at", String(40), nullable=True),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    # One follower change for one webhook, and what became of it: the delivery log. No payload
    # is kept (it is made from the follower when sent).
    Column("id", String(36), primary_key=True),
    Column("webhook_id", Integer, nullable=False),
    Column("event", String(40), nullable=False),
    Column("record_id", String(36), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("status", String(20), nullable=False),  # pending sending delivered failed skipped …
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", String(40), nullable=False),
    Column("last_status", Integer, nullable=True),
    Column("last_error", Text, nullable=False, default=""),
    Column("delivered_at", String(40), nullable=True),
    Index("webhook_deliveries_due", "status", "next_attempt_at"),
    Index("webhook_deliveries_created", "created_at"),
)

users = Table(
    "users",
    metadata,
    # The console's accounts (`lea-databank user create`): a coordinator sees everything, a
    # partner the followers of its own laptops and events (`console/access.py`).
    Column("username", String(100), primary_key=True),
    Column("role", String(20), nullable=False),  # coordinator | partner
    Column("partner", Text, nullable=False, default=""),
    Column("password_hash", Text, nullable=False),  # Argon2id, with its parameters and salt
    Column("created_at", String(40), nullable=False),
    Column("password_changed_at", String(40), nullable=False),
    Column("disabled_at", String(40), nullable=True),
)

console_sessions = Table(
    "console_sessions",
    metadata,
    # Signed-in browsers: kept here (not in a process) so every `serve --workers` process knows
    # them. The cookie's value is never stored, only its SHA-256.
    Column("id_sha256", String(64), primary_key=True),
    Column("username", String(100), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created", BigInteger, nullable=False),  # Unix seconds
    Column("last_seen", BigInteger, nullable=False),
    Index("console_sessions_user", "username"),
)

audit_log = Table(
    "audit_log",
    metadata,
    # Who did what in the console, when, from where (ids and counts, never answers).
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(40), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("action", String(40), nullable=False),
    Column("target", String(200), nullable=False, default=""),
    Column("detail", Text, nullable=False, default=""),
    Column("address", String(64), nullable=False, default=""),
    Index("audit_log_action_at", "action", "at"),
    Index("audit_log_actor", "actor", "id"),
)

directory_changes = Table(
    "directory_changes",
    metadata,
    # The erased followers of the directory (`databank/directory.py`): the record row is
    # deleted, and its "gone" entry is pulled at `cursor`, taken at the erasure. (Until schema
    # 8 every follower's entry was kept here; live entries are `records.directory_entry` now.)
    Column("record_id", String(36), primary_key=True),
    Column("cursor", BigInteger, nullable=False, unique=True),
    Column("gone", Boolean, nullable=False, default=False),
    # The entry as laptops receive it (JSON): {"id": …, "gone": true}.
    Column("entry", Text, nullable=False),
    # The device that collected the follower: a laptop's pull leaves out its own followers,
    # which it holds in full already.
    Column("device_id", String(64), nullable=False, default=""),
)

record_history = Table(
    "record_history",
    metadata,
    # Who changed which fields of a record, when (`databank/history.py`): never the values.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("record_id", String(36), nullable=False),
    Column("at", String(40), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(20), nullable=False),
    Column("revision", BigInteger, nullable=False),
    Column("fields", Text, nullable=False),  # JSON list of field ids
    Index("record_history_record", "record_id", "id"),
)

token_activity = Table(
    "token_activity",
    metadata,
    # When each laptop's token was last used (`laptops.seen`): written at most once a minute
    # per token and server process, so a busy laptop costs no write per request.
    Column("name", String(100), primary_key=True),
    Column("last_seen_at", String(40), nullable=False),
)

EVENT_COLUMNS = (
    "id", "name", "starts", "ends", "city", "country", "kind", "responsible_partner", "notes",
    "archived", "created_at", "updated_at", "revision", "origin_device",
)  # fmt: skip


class DatabaseUrlError(ValueError):
    """The --db value is neither a file path nor a sqlite:// or postgresql:// URL."""


def normalize_url(value: str) -> str:
    """Accept a file path, `sqlite:///…` or `postgresql://…`; use psycopg 3 for PostgreSQL."""
    value = value.strip()
    if not value:
        raise DatabaseUrlError("no database given (use --db FILE or --db postgresql://…)")
    if "://" not in value:
        return "sqlite:///" + str(Path(value).expanduser().resolve())
    scheme = urlsplit(value).scheme
    rest = value.split("://", 1)[1]
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        return "postgresql+psycopg://" + rest
    if scheme == "sqlite":
        return value
    raise DatabaseUrlError(f"unsupported database {scheme!r}: use a SQLite file or postgresql://")


def describe_url(url: str) -> str:
    """The URL without its password (`user:PASSWORD@` or `?password=`), for messages and logs."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL a driver would take either: show none of it
        return "(a database URL that cannot be read)"
    netloc = parts.netloc
    userinfo, at, hostport = netloc.rpartition("@")
    if at and ":" in userinfo:
        netloc = userinfo.split(":", 1)[0] + ":***@" + hostport
    # Put back together by hand: urlunsplit would drop the slashes of `sqlite:////path`.
    head, mark, tail = url.partition("?")
    if netloc != parts.netloc:
        head = head.replace(parts.netloc, netloc, 1)
    return head + mark + _PASSWORD_PARAM.sub(r"\1***", tail)


# `password=`, `sslpassword=`, `passwd=` (any case) in a URL's query.
_PASSWORD_PARAM = re.compile(r"((?:^|[&;])[^=&;]*pass(?:word|wd)?[^=&;]*=)[^&;]*", re.IGNORECASE)


def is_sqlite_file(url: str) -> bool:
    """Whether `url` names a SQLite database file (not PostgreSQL, not one in memory)."""
    normal = normalize_url(url)
    path = normal.split(":///", 1)[1] if ":///" in normal else ""
    return normal.startswith("sqlite") and path not in ("", ":memory:")


def make_engine(url: str, *, background_checkpoints: bool = False) -> Engine:
    """An engine for the databank at `url`. `background_checkpoints` (a serving databank on
    SQLite, which runs a `Checkpointer`): no connection checkpoints the WAL in its COMMIT."""
    url = normalize_url(url)
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[1] if ":///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"timeout": 30, "check_same_thread": False},
            hide_parameters=True,  # a failing statement's values are personal data: never logged
        )

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
            dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA busy_timeout=30000")
            # 32 MB of pages per connection (SQLite's default is 2 MB): a batch's rows land in
            # random leaves of the id and email indexes, which stay in memory instead
            # of being read again for every batch (a follower takes about 3 kB in all).
            cur.execute("PRAGMA cache_size=-32768")
            if background_checkpoints:
                cur.execute("PRAGMA wal_autocheckpoint=0")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Connection) -> None:
            # A writer takes SQLite's write lock at BEGIN (never a read lock it must upgrade);
            # a reader (`read_connection`) takes none: in WAL it reads the last commit at once
            # instead of queueing (busy handler sleeps) behind a batch's write and COMMIT.
            read_only = conn.get_execution_options().get(_READ_ONLY, False)
            conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=8, max_overflow=8, hide_parameters=True)


_READ_ONLY = "lea_read_only"


class Checkpointer:
    """Copies a SQLite databank's write-ahead log back into its file on a thread of its own.

    SQLite's default checkpoints run inside the COMMIT of whichever writer passes 1,000 log
    pages: that writer, holding the write lock, copies a few megabytes (every page the last
    batches touched) and flushes the file, while the next batch waits. A serving databank's
    connections leave that to this thread (`make_engine(…, background_checkpoints=True)`),
    which checkpoints every `interval` seconds without blocking anyone (PASSIVE: it copies what
    no reader still needs, while writers go on appending), and a page written by several
    batches in between is copied once. Durability is unchanged: each COMMIT still flushes the
    log (synchronous=FULL). Should the log grow past `restart_pages` (readers that never let
    go), it is restarted (RESTART: waits for the readers, briefly holding writers back)."""

    def __init__(self, engine: Engine, interval: float = 0.25, restart_pages: int = 65536) -> None:
        self.path = engine.url.database or ""
        self.interval = interval
        self.restart_pages = restart_pages
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.runs = 0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="wal-checkpoints", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        import sqlite3

        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            while not self._stop.wait(self.interval):
                try:
                    _busy, pages, _copied = conn.execute(
                        "PRAGMA wal_checkpoint(PASSIVE)"
                    ).fetchone()
                    if pages > self.restart_pages:
                        conn.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
                    self.runs += 1
                except sqlite3.Error as error:  # a locked or busy file: next time
                    log.warning("WAL checkpoint failed: %s", type(error).__name__)
        finally:
            conn.close()


def read_connection(engine: Engine) -> Connection:
    """A connection for reading only (`with read_connection(engine) as conn:`): on SQLite its
    transactions do not wait for a writer, as every write transaction's would."""
    return engine.connect().execution_options(**{_READ_ONLY: True})


_WRITE_LOCKS: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()
_WRITE_LOCKS_GUARD = threading.Lock()


def write_lock(engine: Engine) -> AbstractContextManager[Any]:
    """Held around a write transaction: on SQLite, this process's writers queue on a lock.

    SQLite lets one writer in at a time. Without this, a second batch's `BEGIN IMMEDIATE`
    finds the file locked and SQLite's busy handler puts it to sleep for 1, 2, 5, 10 … ms
    before trying again, long after the first batch committed; on a lock it wakes the moment
    the first one is done. Other processes (the `lea-databank` command line) still wait on
    `busy_timeout`. PostgreSQL locks rows, not the database: no lock there.
    """
    if engine.dialect.name != "sqlite":
        return nullcontext()
    with _WRITE_LOCKS_GUARD:
        lock = _WRITE_LOCKS.get(engine)
        if lock is None:
            lock = _WRITE_LOCKS[engine] = threading.Lock()
    return lock


def insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT `rows` with one executemany (a column a row leaves out: its constant default).

    On SQLite the statement text is made once and the rows go to the driver as tuples: building
    SQLAlchemy's per-row parameters cost about as much as SQLite's own work for a batch of
    registrations. PostgreSQL goes through SQLAlchemy's batched "insertmanyvalues"."""
    if not rows:
        return
    names = [c.name for c in table.columns]
    missing = {n for row in rows for n in names if n not in row}
    if missing:  # a column the writer leaves to its constant default (or NULL)
        defaults = {n: _constant_default(table.c[n]) for n in missing}
        rows = [{**defaults, **row} for row in rows]
    if conn.dialect.name != "sqlite":
        conn.execute(table.insert(), rows)
        return
    sql = _INSERT_SQL.get(table.name)
    if sql is None:
        columns = ", ".join(f'"{n}"' for n in names)
        marks = ", ".join("?" for _ in names)
        sql = _INSERT_SQL[table.name] = f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})'

    conn.exec_driver_sql(sql, [tuple([row[n] for n in names]) for row in rows])


_INSERT_SQL: dict[str, str] = {}


def _constant_default(column: Column[Any]) -> Any:
    """The value `insert_rows` gives a column a row leaves out: its constant default, else
    NULL (a NOT NULL column without one is the writer's mistake, and the INSERT says so)."""
    default = column.default
    if default is not None and default.is_scalar:
        return default.arg  # type: ignore[attr-defined]
    return None


def init_schema(engine: Engine) -> str:
    """Create missing tables and the first rows, bring an older schema up to date; return this
    databank's id."""
    metadata.create_all(engine, checkfirst=True)
    add_missing_columns(engine)
    _drop_replaced_indexes(engine)
    _drop_replaced_tables(engine)
    _widen_revisions(engine)
    _make_private(engine)
    with engine.begin() as conn:
        conn.execute(
            update(meta).where(meta.c.key == "schema_version").values(value=str(SCHEMA_VERSION))
        )
        found = conn.execute(select(meta.c.value).where(meta.c.key == "databank_id")).scalar()
        if found is None:
            found = str(uuid.uuid4())
            conn.execute(
                meta.insert(),
                [
                    {"key": "databank_id", "value": found},
                    {"key": "schema_version", "value": str(SCHEMA_VERSION)},
                ],
            )
        if (
            conn.execute(select(counters.c.value).where(counters.c.name == "cursor")).first()
            is None
        ):
            conn.execute(counters.insert().values(name="cursor", value=0))
    from lea_desktop.databank import scoped  # it imports this module

    scoped.backfill(engine)
    return str(found)


# --------------------------------------------------------------------------- upgrades
#
# HOW TO ADD A COLUMN TO AN EXISTING TABLE
#   1. Declare it in its `Table` above, either `nullable=True` or with a constant
#      `default=` ("", 0, False: not a function), so the rows already stored get a value.
#      Declare its `Index(...)` in the table too if it needs one.
#   2. That is all for most columns: `init_schema` (which `serve` and every `lea-databank`
#      command call) runs `add_missing_columns`: it ALTERs an older databank, SQLite and
#      PostgreSQL alike, and creates the declared indexes a table lacks.
#   3. When existing rows need a computed value rather than the default, register a
#      back-fill (see `_fill_email_key` below):
#
#          @backfill("records", "email_key")
#          def _fill_email_key(conn: Connection) -> None: ...
#
#      It runs once, in the transaction that adds the column (a crash leaves both or
#      neither), and reads and writes through `conn`.
#   4. Bump SCHEMA_VERSION with a word on what changed, and test the upgrade by opening a
#      databank made with the old schema (tests/integration/sync/test_databank_upgrade.py).

Backfill = Callable[[Connection], None]
_BACKFILLS: dict[tuple[str, str], Backfill] = {}


def backfill(table: str, column: str) -> Callable[[Backfill], Backfill]:
    """Register `fn(conn)` to fill `table.column` in existing rows when an upgrade adds it."""

    def register(fn: Backfill) -> Backfill:
        _BACKFILLS[(table, column)] = fn
        return fn

    return register


class SchemaUpgradeError(RuntimeError):
    """A column declared so that an older databank cannot be given it (NOT NULL, no default)."""


def add_missing_columns(engine: Engine, schema: MetaData = metadata) -> dict[str, list[str]]:
    """Bring the existing tables up to the columns and indexes declared in `schema` (the
    databank's `metadata` unless a test gives another): each
    column a table lacks is added (`ALTER TABLE … ADD COLUMN`, with its default, NOT NULL when
    declared so) and back-filled when a `backfill` is registered for it; then each declared
    index a table lacks is created. Returns the columns added, by table ({} when none were).

    Safe on every start and from several processes at once: on SQLite the check and the ALTER
    run under the write lock (`BEGIN IMMEDIATE`); on PostgreSQL the ALTER says `IF NOT EXISTS`
    and a back-fill run twice writes the same values."""
    added: dict[str, list[str]] = {}
    existing = set(inspect(engine).get_table_names())
    for table in schema.sorted_tables:
        if table.name not in existing:
            continue  # create_all makes it whole
        with engine.begin() as conn:
            have = {c["name"] for c in inspect(conn).get_columns(table.name)}
            for column in table.columns:
                if column.name in have:
                    continue
                conn.exec_driver_sql(_add_column_sql(conn, table, column))
                fill = _BACKFILLS.get((table.name, column.name))
                if fill is not None:
                    fill(conn)
                added.setdefault(table.name, []).append(column.name)
        for index in table.indexes:  # create_all makes indexes only with a new table
            index.create(engine, checkfirst=True)
    return added


def _add_column_sql(conn: Connection, table: Table, column: Column[Any]) -> str:
    dialect = conn.dialect
    default = column.default
    rendered = None
    if column.server_default is not None:
        raise SchemaUpgradeError(f"{table.name}.{column.name}: use default=, not server_default=")
    if default is not None:
        if not default.is_scalar:
            raise SchemaUpgradeError(
                f"{table.name}.{column.name}: an added column's default must be a constant"
            )
        value = literal(default.arg, column.type)  # type: ignore[attr-defined]
        rendered = str(value.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    if not column.nullable and rendered is None:
        raise SchemaUpgradeError(
            f"{table.name}.{column.name}: an added NOT NULL column needs a default"
        )
    quote = dialect.identifier_preparer.quote
    exists = " IF NOT EXISTS" if dialect.name == "postgresql" else ""
    kind = column.type.compile(dialect=dialect)
    sql = f"ALTER TABLE {quote(table.name)} ADD COLUMN{exists} {quote(column.name)} {kind}"
    if rendered is not None:
        sql += f" DEFAULT {rendered}"
    if not column.nullable:
        sql += " NOT NULL"
    return sql


def fill_column(
    conn: Connection,
    table: Table,
    column: str,
    reads: Sequence[str],
    compute: Callable[[Any], Any],
    *,
    where: Any = None,
) -> int:
    """Set `table.column` of the rows stored before (those matching `where`, if given) to
    `compute(row)`, `row` holding the key and the `reads` columns; None leaves a row as it is.
    A thousand rows at a time, in key order; how many rows were set. For back-fills."""
    key = next(iter(table.primary_key.columns))
    done = 0
    after = ""
    while True:
        query = select(key, *(table.c[name] for name in reads)).where(key > after)
        if where is not None:
            query = query.where(where)
        rows = conn.execute(query.order_by(key).limit(1000)).all()
        if not rows:
            return done
        values = []
        for row in rows:
            value = compute(row)
            if value is not None:
                values.append({"fill_key": row[0], "fill_value": value})
        if values:
            conn.execute(
                update(table)
                .where(key == bindparam("fill_key"))
                .values({column: bindparam("fill_value")}),
                values,
            )
        done += len(values)
        after = rows[-1][0]


def json_object(text: str | None) -> dict[str, Any] | None:
    """A stored JSON text as a dict; None when it is not one (whatever an old row holds)."""
    try:
        found = json.loads(text or "")
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


@backfill("records", "email_key")
def _fill_email_key(conn: Connection) -> None:
    """Schema 3: the email key of each record stored before, from its answers (worked out in
    Python: the normalisation is `str.casefold`, which no SQL function matches exactly)."""
    from lea_desktop.domain.records import email_key

    def key(row: Any) -> str | None:
        answers = json_object(row.answers)
        return (email_key(answers) or None) if answers is not None else None

    fill_column(conn, records, "email_key", ["answers"], key)


@backfill("directory_changes", "device_id")
def _fill_directory_device(conn: Connection) -> None:
    """Schema 5: each directory entry's collecting device, from the entry's own JSON (a gone
    entry names none, and keeps "")."""

    def device(row: Any) -> str | None:
        found = (json_object(row.entry) or {}).get("device_id")
        return found[:64] if isinstance(found, str) and found else None

    fill_column(conn, directory_changes, "device_id", ["entry"], device)


@backfill("records", "search")
def _fill_search(conn: Connection) -> None:
    """Schema 6: the console's folded search text of each record stored before
    (`databank/search.py`; worked out in Python: folding accents is no SQL function)."""
    from lea_desktop.databank import search

    search.backfill(conn, records)


@backfill("records", "change_cursor")
def _fill_change_cursor(conn: Connection) -> None:
    """Schema 8: each record's change cursor, writer and directory entry, from the tables that
    held them before (`record_changes`, schema 7, and the live entries of `directory_changes`),
    which are emptied of them here. Where both gave the record a cursor it keeps the later:
    a laptop whose saved cursor lies between the two is sent the record once more (a laptop
    takes a record or an entry again as it is), never one less. Records that had none get
    theirs from `scoped.backfill` and `directory.fill_missing`, as a new databank's would."""
    r, d = records, directory_changes
    if inspect(conn).has_table("record_changes"):
        conn.exec_driver_sql(
            "UPDATE records SET "
            "change_cursor = (SELECT rc.cursor FROM record_changes rc WHERE rc.record_id = records.id), "
            "written_by = COALESCE("
            "(SELECT rc.written_by FROM record_changes rc WHERE rc.record_id = records.id), '')"
        )  # fmt: skip
    live = select(d.c.record_id).where(d.c.gone.is_(False))
    entry = select(d.c.entry).where(d.c.record_id == r.c.id, d.c.gone.is_(False))
    cursor = select(d.c.cursor).where(d.c.record_id == r.c.id, d.c.gone.is_(False))
    conn.execute(
        update(r)
        .where(r.c.id.in_(live))
        .values(
            directory_entry=entry.scalar_subquery(),
            change_cursor=case(
                (r.c.change_cursor.is_(None), cursor.scalar_subquery()),
                (r.c.change_cursor < cursor.scalar_subquery(), cursor.scalar_subquery()),
                else_=r.c.change_cursor,
            ),
        )
    )
    conn.execute(delete(d).where(d.c.gone.is_(False)))


# Indexes an older databank made that a declared one now does the work of.
_REPLACED_INDEXES = (
    "records_email",  # by records_email_kind
    "records_device",  # by records_by_device
)
# Tables an older databank made whose rows moved into declared ones (after the back-fills).
_REPLACED_TABLES = ("record_changes",)  # by records.change_cursor and records.written_by


def _drop_replaced_indexes(engine: Engine) -> None:
    with engine.begin() as conn:
        for name in _REPLACED_INDEXES:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")


def _drop_replaced_tables(engine: Engine) -> None:
    with engine.begin() as conn:
        for name in _REPLACED_TABLES:
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")


def _widen_revisions(engine: Engine) -> None:
    """Revisions are 64-bit (BIGINT): a PostgreSQL databank made when they were 32-bit gets
    its columns widened once. SQLite's INTEGER is 64-bit already."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        for table in (records, events):
            kind = conn.exec_driver_sql(
                "SELECT data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = %(t)s "
                "AND column_name = 'revision'",
                {"t": table.name},
            ).scalar()
            if kind == "integer":
                conn.exec_driver_sql(f"ALTER TABLE {table.name} ALTER COLUMN revision TYPE BIGINT")


def _make_private(engine: Engine) -> None:
    """A SQLite databank file holds personal data: readable by its owner only."""
    from lea_desktop.paths import make_private_file

    path = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
    if path and path != ":memory:":
        for suffix in ("", "-wal", "-shm"):
            make_private_file(Path(path + suffix))


def meta_secret(engine: Engine, key: str) -> str:
    """The secret kept under `key` in `meta` (64 hex digits), made (256 random bits) the first
    time any server process asks; a process that loses the race to make it uses the winner's."""
    with engine.begin() as conn:
        found = conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar()
    if found:
        return str(found)
    try:
        with engine.begin() as conn:
            conn.execute(meta.insert().values(key=key, value=secrets.token_hex(32)))
    except exc.IntegrityError:  # another server process made it first: use that one
        pass
    with engine.begin() as conn:
        return str(conn.execute(select(meta.c.value).where(meta.c.key == key)).scalar_one())


def next_cursors(conn: Connection, n: int) -> list[int]:
    """Allocate `n` consecutive change cursors inside the caller's transaction."""
    if n <= 0:
        return []
    conn.execute(
        update(counters).where(counters.c.name == "cursor").values(value=counters.c.value + n)
    )
    top = int(
        conn.execute(select(counters.c.value).where(counters.c.name == "cursor")).scalar_one()
    )
    return list(range(top - n + 1, top + 1))


def drop_all(engine: Engine) -> None:
    """Remove every databank table (tests use it to start PostgreSQL runs from empty)."""
    metadata.drop_all(engine, checkfirst=True)
