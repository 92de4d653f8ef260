"""Registrations (followers and the other record kinds): saved with their outbox row in one
transaction, searched through the full-text indexes (trigram for 3+ characters, word prefixes for
one or two). A save leaves its indexing to `search_index.flush` (in bulk, later); every search
here also reads the rows still waiting for it (`search_index.pending_matches`)."""

from __future__ import annotations

import contextlib
import functools
import json
import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from lea_desktop.domain import clock
from lea_desktop.domain.records import RECORD_COLUMNS, Registration
from lea_desktop.domain.search_fold import fold
from lea_desktop.storage import outbox, search_index
from lea_desktop.storage.database import StorageError

if TYPE_CHECKING:
    import sqlite_utils

_COLUMNS = (*RECORD_COLUMNS, "acknowledged_at", "purged_at")
_SELECT = "SELECT " + ", ".join(_COLUMNS) + " FROM registrations"


def _from_row(row: tuple[Any, ...]) -> Registration:
    data = dict(zip(_COLUMNS, row, strict=True))
    data["answers"] = json.loads(data["answers"])
    data["consent"] = json.loads(data["consent"]) if data["consent"] else None
    return Registration(**data)


# One encoder made once: json.dumps(..., ensure_ascii=False) builds a new one on every call.
_to_json = json.JSONEncoder(ensure_ascii=False).encode


def to_row(reg: Registration, search_text: str, email_key: str) -> dict[str, Any]:
    row = {name: getattr(reg, name) for name in RECORD_COLUMNS}
    row["answers"] = _to_json(reg.answers)
    row["consent"] = _to_json(reg.consent) if reg.consent else None
    row["search_text"] = search_text
    row["email_key"] = email_key
    return row


def insert(db: sqlite_utils.Database, reg: Registration, search_text: str, email_key: str) -> None:
    """Insert one registration and its outbox row in ONE transaction."""
    row = to_row(reg, search_text, email_key)
    with db.atomic():
        # A plain INSERT: sqlite-utils' table.insert first reads the table's columns (several
        # statements), about 140 µs of every save at the stand.
        db.conn.execute(_insert_one(tuple(row)), list(row.values()))
        outbox.enqueue(db, "registration", reg.id, reg.revision, reg.updated_at)


def store_pulled(
    db: sqlite_utils.Database, reg: Registration, search_text: str, email_key: str
) -> bool:
    """Keep a record another origin made (a web sign-up the databank holds): inserted, or
    replaced by a newer revision; never queued for sending, as it is not this laptop's. Call it
    inside the transaction that moves its pull cursor. True when something changed."""
    held = db.execute("SELECT revision FROM registrations WHERE id = ?", [reg.id]).fetchone()
    if held is not None and int(held[0]) >= reg.revision:
        return False
    row = to_row(reg, search_text, email_key)
    if held is None:
        db.conn.execute(_insert_one(tuple(row)), list(row.values()))
    else:
        _set_columns(db, reg.id, {k: v for k, v in row.items() if k != "id"})
    # The databank holds it already: the retention clock runs from now, as for a synced record.
    _set_columns(db, reg.id, {"acknowledged_at": clock.now_iso()})
    return True


@functools.cache
def _insert_one(cols: tuple[str, ...]) -> str:
    """The single-row INSERT for `cols`, made once (a save, not the text again each time)."""
    return _insert_sql(list(cols), 1)


def _insert_sql(cols: list[str], rows: int) -> str:
    """INSERT INTO registrations for `rows` rows of `cols`."""
    one = "(" + ", ".join("?" * len(cols)) + ")"
    return f"INSERT INTO registrations({', '.join(cols)}) VALUES " + ", ".join([one] * rows)


def insert_many(db: sqlite_utils.Database, rows: Iterable[dict[str, Any]]) -> int:
    """Insert prepared rows (see `to_row`) with their outbox rows, all or nothing.

    `rows` may be a lazy generator (an import validating a file): batches are written on a
    helper thread while the caller's thread makes the next ones. Python's sqlite3 lets go of the
    GIL while SQLite runs a statement, so validation and the index and full-text writes overlap
    (a 100,000-row import: ~4 s of writing hidden behind ~5 s of validation). All batches go
    into ONE transaction on `db`'s connection; the generator must not use `db` meanwhile. An
    error on either side (a bad file, a full disk) rolls everything back and is raised here.
    """
    stamp = clock.now_iso()
    # A few batches ahead at most: memory stays bounded whatever the size of the file.
    batches: queue.Queue[list[dict[str, Any]] | object] = queue.Queue(maxsize=3)
    failed = threading.Event()
    outcome: dict[str, Any] = {}

    def write() -> None:
        count = 0
        batch: list[dict[str, Any]] | object = None
        try:
            with db.atomic():
                while (batch := batches.get()) is not _DONE:
                    if batch is _ABANDON:
                        raise _Abandoned
                    count += _flush(db, batch, stamp)  # type: ignore[arg-type]
            outcome["count"] = count
        except BaseException as exc:  # handed to the caller's thread below
            outcome["error"] = exc
            failed.set()
            # Keep taking batches until the producer's last word, so it never blocks on a
            # full queue nobody reads.
            while batch is not _DONE and batch is not _ABANDON:
                batch = batches.get()

    writer = threading.Thread(target=write, name="bulk insert", daemon=True)
    writer.start()
    batch: list[dict[str, Any]] = []
    try:
        for row in rows:
            batch.append(row)
            if len(batch) >= _ROWS_PER_BATCH:
                if failed.is_set():
                    break
                batches.put(batch)
                batch = []
    except BaseException:
        batches.put(_ABANDON)
        writer.join()
        raise
    if batch and not failed.is_set():
        batches.put(batch)
    batches.put(_DONE)
    writer.join()
    if "error" in outcome:
        raise outcome["error"]
    return int(outcome["count"])


class _Abandoned(Exception):
    """The producer of an `insert_many` failed: roll the writer's transaction back."""


_DONE, _ABANDON = object(), object()
_ROWS_PER_BATCH = 2000


# Rows per multi-row INSERT: under SQLite's limit of 32,766 bound values (18 columns → 9,000).
_ROWS_PER_INSERT = 500


def _flush(db: sqlite_utils.Database, batch: list[dict[str, Any]], stamp: str) -> int:
    if not batch:
        return 0
    cols = list(batch[0])
    # Many rows per INSERT statement, not executemany: fewer statements, and the batch is
    # indexed below in one INSERT … SELECT per index (FTS5 writes its pending index data out at
    # every statement boundary: one row per statement cost ~4x more, 4 s of a 100,000-row
    # import, when the index was kept by a trigger inside each INSERT).
    # The batch's rows get the row numbers after the current last one (this transaction is the
    # only writer), so their outbox rows are made from them in one statement, in order.
    # (executemany ran one statement per row; on the import's writer thread each of those waited
    # to get the GIL back from the validating thread: ~7 s of a 100,000-row import.)
    (last_seq,) = db.conn.execute("SELECT coalesce(max(seq), 0) FROM registrations").fetchone()
    for start in range(0, len(batch), _ROWS_PER_INSERT):
        chunk = batch[start : start + _ROWS_PER_INSERT]
        db.conn.execute(_insert_sql(cols, len(chunk)), [r[c] for r in chunk for c in cols])
    db.conn.execute(
        "INSERT INTO outbox(entity, entity_id, revision, enqueued_at, status) "
        "SELECT 'registration', id, revision, ?, 'pending' FROM registrations "
        "WHERE seq > ? ORDER BY seq "
        "ON CONFLICT(entity, entity_id) DO UPDATE SET revision = excluded.revision, status='pending'",
        [stamp, last_seq],
    )
    # The rows' trigger put them in the search backlog (with any rows saved before): index them
    # now, inside the import's transaction, so an import never leaves work for the filter.
    search_index.index_backlog(db.conn)
    return len(batch)


def update(
    db: sqlite_utils.Database,
    reg_id: str,
    changes: dict[str, Any],
    search_text: str | None = None,
    email_key: str | None = None,
) -> Registration:
    """Change stored columns (answers as a dict), bump the revision, re-queue: one transaction."""
    with db.atomic():
        current = get(db, reg_id)
        if current is None:
            raise KeyError(reg_id)
        if current.purged_at:
            # Re-sending a purged record would blank the databank's full copy (usecases/retention.py).
            raise StorageError(
                "The personal data of this record was removed from this laptop after the "
                "retention period; change it in the databank instead."
            )
        fields: dict[str, Any] = {}
        for key, value in changes.items():
            if key == "answers":
                fields["answers"] = json.dumps(value, ensure_ascii=False)
            elif key in (
                "loi_status",
                "loi_date",
                "event_id",
                "parent_id",
                "source",
                "form_version",
            ):
                fields[key] = value
            else:
                raise KeyError(f"cannot change {key}")
        if search_text is not None:
            fields["search_text"] = search_text
        if email_key is not None:
            fields["email_key"] = email_key
        fields["revision"] = current.revision + 1
        fields["updated_at"] = clock.now_iso()
        fields["acknowledged_at"] = None
        _set_columns(db, reg_id, fields)
        outbox.enqueue(db, "registration", reg_id, fields["revision"])
    updated = get(db, reg_id)
    assert updated is not None
    return updated


def _set_columns(db: sqlite_utils.Database, reg_id: str, fields: dict[str, Any]) -> None:
    """UPDATE by UUID (the table's primary key is the integer `seq`, not `id`)."""
    assignments = ", ".join(f"{name} = ?" for name in fields)
    db.execute(f"UPDATE registrations SET {assignments} WHERE id = ?", [*fields.values(), reg_id])


def get(db: sqlite_utils.Database, reg_id: str) -> Registration | None:
    row = db.execute(_SELECT + " WHERE id = ?", [reg_id]).fetchone()
    return _from_row(row) if row else None


def get_by_seq(db: sqlite_utils.Database, seqs: list[int]) -> dict[int, Registration]:
    """Registrations by their row number, for the table model's page fetches."""
    if not seqs:
        return {}
    marks = ",".join("?" * len(seqs))
    cur = db.execute(
        f"SELECT seq, {', '.join(_COLUMNS)} FROM registrations WHERE seq IN ({marks})", seqs
    )
    return {r[0]: _from_row(r[1:]) for r in cur.fetchall()}


def follower_email_keys(db: sqlite_utils.Database) -> set[str]:
    """Every follower's email key, for checking a whole import against the database at once."""
    rows = db.execute(
        "SELECT email_key FROM registrations WHERE email_key != '' AND kind = 'follower'"
    )
    return {r[0] for r in rows}


def ids_by_email(db: sqlite_utils.Database, email_key: str) -> list[str]:
    """The ids of every record (any kind) with this email key, oldest first: what erasing a
    person by their email reaches."""
    rows = db.execute(
        "SELECT id FROM registrations WHERE email_key = ? AND email_key != '' ORDER BY seq",
        [email_key],
    ).fetchall()
    return [row[0] for row in rows]


def find_by_email(
    db: sqlite_utils.Database, email_key: str, *, exclude_id: str = ""
) -> Registration | None:
    if not email_key:
        return None
    # `email_key != ''` repeats the partial index's condition: without it SQLite cannot prove a
    # bound `email_key = ?` is non-empty and scans the whole table (6 ms a lookup at 20,000 rows,
    # on every save and every imported row).
    row = db.execute(
        _SELECT + " WHERE email_key = ? AND email_key != '' AND id != ? AND kind = 'follower' "
        "ORDER BY seq LIMIT 1",
        [email_key, exclude_id],
    ).fetchone()
    return _from_row(row) if row else None


def count(
    db: sqlite_utils.Database, *, event_id: str | None = None, since: str | None = None
) -> int:
    """Followers (of one event, saved since a UTC timestamp), from the (kind, event_id,
    created_at) index alone."""
    where, params = ["kind = 'follower'"], []
    if event_id:
        where.append("event_id = ?")
        params.append(event_id)
    elif since:
        # "Today, every event": one index range per event (a few µs each) rather than an index
        # on (kind, created_at) that every save would write (migration 0008). Every record's
        # event is in `events` (a foreign key; events are never deleted).
        where.append("event_id IN (SELECT id FROM events)")
    if since:
        where.append("created_at >= ?")
        params.append(since)
    return db.execute(
        f"SELECT count(*) FROM registrations WHERE {' AND '.join(where)}", params
    ).fetchone()[0]


def search_seqs(
    db: sqlite_utils.Database,
    term: str = "",
    *,
    event_id: str | None = None,
    kind: str = "follower",
) -> list[int]:
    """Row numbers of matching registrations, newest first.

    Terms of 3+ characters match anywhere in the search text (trigram index); one or two
    characters match the start of a word ("ai" finds Aino and Aitken, accents folded; word
    index). A term with no letter or digit in it (".", "@") does not narrow the list.
    """
    where, params = ["r.kind = ?"], [kind]
    if event_id:
        where.append("r.event_id = ?")
        params.append(event_id)
    query = match_query(term)
    if query is None:
        sql = f"SELECT r.seq FROM registrations r WHERE {' AND '.join(where)} ORDER BY r.seq DESC"
        return [r[0] for r in db.execute(sql, params).fetchall()]
    table, expr = query
    with search_index.pending_matches(db, table) as pending:
        if pending is None:
            sql = (
                f"SELECT r.seq FROM {table} f JOIN registrations r ON r.seq = f.rowid "
                f"WHERE {table} MATCH ? AND {' AND '.join(where)} ORDER BY r.seq DESC"
            )
            args = [expr, *params]
        else:
            sql = (
                f"SELECT r.seq FROM registrations r WHERE r.seq IN ({_union(table, pending)}) "
                f"AND {' AND '.join(where)} ORDER BY r.seq DESC"
            )
            args = [expr, expr, *params]
        return [r[0] for r in db.execute(sql, args).fetchall()]


def _path(field_id: str) -> str:
    """The JSON path of an answer, bound as a parameter: field ids never become SQL text."""
    return '$."' + field_id.replace('"', "") + '"'


def scope_seqs(
    db: sqlite_utils.Database,
    *,
    event_id: str | None = None,
    kind: str = "follower",
    equals: dict[str, str] | None = None,
    on_or_before: dict[str, str] | None = None,
    blank: Iterable[str] = (),
    not_blank: Iterable[str] = (),
    order_by: str | None = None,
    order_values: tuple[str, ...] = (),
    descending: bool = False,
) -> list[int]:
    """Row numbers of the records in scope narrowed by their answers, filtered and ordered in
    SQLite (json_extract): `equals` {field: value}, `on_or_before` {field: ISO date} (a date
    answer up to that day), `blank` / `not_blank` fields. Ordered by the answer of `order_by`
    (by its place in `order_values` when given: a choice's own order, hot before cold), blank
    answers last either way, then newest first; without `order_by`, newest first."""
    where, params = ["kind = ?"], [kind]
    if event_id:
        where.append("event_id = ?")
        params.append(event_id)
    for fid, value in (equals or {}).items():
        where.append("json_extract(answers, ?) = ?")
        params += [_path(fid), value]
    for fid, day in (on_or_before or {}).items():
        where.append("coalesce(json_extract(answers, ?), '') BETWEEN '0' AND ?")
        params += [_path(fid), day]
    for fid in blank:
        where.append("coalesce(json_extract(answers, ?), '') = ''")
        params.append(_path(fid))
    for fid in not_blank:
        where.append("coalesce(json_extract(answers, ?), '') != ''")
        params.append(_path(fid))
    order, order_params = "seq DESC", []
    if order_by:
        direction = "DESC" if descending else "ASC"
        if order_values:
            ranks = " ".join("WHEN ? THEN ?" for _ in order_values)
            key = f"CASE json_extract(answers, ?) {ranks} END"
            order_params = [_path(order_by)]
            for rank, value in enumerate(order_values):
                order_params += [value, rank]
        else:
            key = "nullif(json_extract(answers, ?), '')"
            order_params = [_path(order_by)]
        # Blank answers (NULL keys) last in either direction, then newest first.
        order = f"{key} IS NULL, {key} {direction}, seq DESC"
        order_params = order_params * 2
    sql = f"SELECT seq FROM registrations WHERE {' AND '.join(where)} ORDER BY {order}"
    return [r for (r,) in db.execute(sql, [*params, *order_params]).fetchall()]


def followups_by_owner(
    db: sqlite_utils.Database,
    *,
    owner: str,
    due: str,
    contacted: str,
    today: str,
    event_id: str | None = None,
) -> dict[str, tuple[int, int]]:
    """Followers with an owner (the answer of field `owner`) not contacted yet (`contacted`
    blank), per owner: (how many, how many of them are due by `today` — the `due` answer up to
    that day). One GROUP BY in SQLite."""
    where = [
        "kind = 'follower'",
        "coalesce(json_extract(answers, ?), '') != ''",
        "coalesce(json_extract(answers, ?), '') = ''",
    ]
    params: list[Any] = [_path(owner), _path(contacted)]
    if event_id:
        where.append("event_id = ?")
        params.append(event_id)
    sql = (
        "SELECT json_extract(answers, ?), count(*), "
        "sum(coalesce(json_extract(answers, ?), '') BETWEEN '0' AND ?) "
        f"FROM registrations WHERE {' AND '.join(where)} GROUP BY 1 ORDER BY 1"
    )
    rows = db.execute(sql, [_path(owner), _path(due), today, *params]).fetchall()
    return {str(name): (int(n), int(d or 0)) for name, n, d in rows}


def _union(table: str, pending: str) -> str:
    """Row numbers matching `?` in the index `table` or among the rows waiting to be indexed
    (`pending`, see `search_index.pending_matches`); bind the FTS5 query twice."""
    return (
        f"SELECT rowid FROM {table} WHERE {table} MATCH ? "
        f"UNION SELECT rowid FROM {pending} WHERE {pending} MATCH ?"
    )


@contextlib.contextmanager
def _matching(db: sqlite_utils.Database, table: str, expr: str) -> Iterator[tuple[str, list]]:
    """(SQL selecting the row numbers that match `expr`, its parameters): from the index
    `table` alone, or from it and the rows still waiting to be indexed (`_union`)."""
    with search_index.pending_matches(db, table) as pending:
        if pending is None:
            yield f"SELECT rowid FROM {table} WHERE {table} MATCH ?", [expr]
        else:
            yield _union(table, pending), [expr, expr]


def match_query(term: str) -> tuple[str, str] | None:
    """(index table, FTS5 query) answering a typed filter term, or None when it does not filter.

    3+ characters: the trigram index, the term as one phrase (a substring match). 1–2
    characters: the word index's prefix query (`"ai"*`, served by its 1- and 2-character prefix
    indexes). A short term without a letter or digit has no word to look up and filters nothing.
    """
    term = fold(" ".join(term.split()))  # the search text is stored folded (search_fold)
    if len(term) >= 3:
        return "registrations_fts", _fts_phrase(term)
    if any(ch.isalnum() for ch in term):
        return "registrations_words", _fts_phrase(term) + "*"
    return None


def match_seqs(db: sqlite_utils.Database, term: str) -> list[int] | None:
    """Row numbers whose search text matches `term` (see `match_query`), newest first, from the
    index alone — no join, so a broad term over 100,000 rows costs a few ms rather than tens.
    The caller narrows by kind and event (the followers table keeps that set in memory).
    Returns None for a term that does not filter (blank, or 1–2 characters of punctuation)."""
    query = match_query(term)
    if query is None:
        return None
    with _matching(db, *query) as (matching, args):
        return [r for (r,) in db.execute(matching + " ORDER BY 1 DESC", args).fetchall()]


def match_count(db: sqlite_utils.Database, term: str) -> int | None:
    """How many rows `match_seqs` would return, counted inside SQLite (no Python list: a broad
    term's count costs a tenth of its list). None for a term that does not filter."""
    query = match_query(term)
    if query is None:
        return None
    with _matching(db, *query) as (matching, args):
        return db.execute(f"SELECT count(*) FROM ({matching})", args).fetchone()[0]


def match_first(db: sqlite_utils.Database, term: str, limit: int) -> list[int] | None:
    """The newest `limit` rows of `match_seqs` (the index walks newest first and stops)."""
    query = match_query(term)
    if query is None:
        return None
    with _matching(db, *query) as (matching, args):
        sql = matching + " ORDER BY 1 DESC LIMIT ?"
        return [r for (r,) in db.execute(sql, [*args, limit]).fetchall()]


def count_all(db: sqlite_utils.Database) -> int:
    """How many registrations there are, of every kind (followers and their child records):
    as many rows as a search over everything can match."""
    return db.execute("SELECT count(*) FROM registrations").fetchone()[0]


def table_rows(
    db: sqlite_utils.Database,
    seqs: list[int],
    field_ids: Iterable[str],
) -> dict[int, tuple[str, str, list[Any]]]:
    """{seq: (UUID, created_at, [answer of each field])} for a page of the followers table: only
    the shown answers, picked by SQLite instead of parsing every record's JSON into a
    Registration. Answers come as JSON gives them (a multichoice answer as a list, a consent as
    True or False)."""
    if not seqs:
        return {}
    ids = list(field_ids)
    marks = ",".join("?" * len(seqs))
    if not ids:
        rows = db.execute(
            f"SELECT seq, id, created_at FROM registrations WHERE seq IN ({marks})", seqs
        )
        return {seq: (reg_id, created, []) for seq, reg_id, created in rows}
    # One json_extract with every path reads each record's JSON once and answers a JSON array
    # of the values (one call per field parsed the record once per field). With a single
    # path SQLite answers the bare value instead: the path is then asked twice.
    paths = ids if len(ids) > 1 else ids * 2
    picks = ", ".join("?" for _ in paths)
    cur = db.execute(
        f"SELECT seq, id, created_at, json_extract(answers, {picks}) FROM registrations "
        f"WHERE seq IN ({marks})",
        # JSON paths are bound as parameters: field ids never become SQL text.
        [*('$."' + i.replace('"', "") + '"' for i in paths), *seqs],
    )
    width = len(ids)
    return {
        seq: (reg_id, created, json.loads(values)[:width]) for seq, reg_id, created, values in cur
    }


def _fts_phrase(term: str) -> str:
    """Quote a typed term as one FTS5 phrase so operators and quotes in it are plain text."""
    return '"' + term.replace('"', '""') + '"'


def iter_all(
    db: sqlite_utils.Database, *, event_id: str | None = None, kind: str | None = "follower"
) -> Iterator[Registration]:
    where, params = [], []
    if kind:
        where.append("kind = ?")
        params.append(kind)
    if event_id:
        where.append("event_id = ?")
        params.append(event_id)
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    for row in db.execute(_SELECT + clause + " ORDER BY seq", params):
        yield _from_row(row)


def children(
    db: sqlite_utils.Database, parent_id: str, kind: str | None = None
) -> list[Registration]:
    """Records attached to a follower (assistance requests, letter of intent), oldest first."""
    sql, params = _SELECT + " WHERE parent_id = ?", [parent_id]
    if kind:
        sql += " AND kind = ?"
        params.append(kind)
    return [_from_row(row) for row in db.execute(sql + " ORDER BY seq", params)]


def revisions(
    db: sqlite_utils.Database, event_id: str | None = None
) -> dict[str, tuple[int, str, str, str]]:
    """id → (revision, event id, created at, device id) of every record (of one event), for
    comparing with the databank."""
    where, params = ("WHERE event_id = ?", [event_id]) if event_id else ("", [])
    return {
        r[0]: (int(r[1]), r[2], r[3], r[4] or "")
        for r in db.execute(
            f"SELECT id, revision, event_id, created_at, device_id FROM registrations {where}",
            params,
        )
    }


def follower_ids_starting(db: sqlite_utils.Database, prefix: str, *, limit: int) -> list[str]:
    """Ids of followers that start with `prefix` (at most `limit` of them)."""
    pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return [
        r[0]
        for r in db.execute(
            "SELECT id FROM registrations WHERE kind = 'follower' AND id LIKE ? ESCAPE '\\' "
            "LIMIT ?",
            [pattern, limit],
        )
    ]
