"""What the databank does with what laptops send, and what it answers when they ask.

Every function takes an open `Connection` inside the caller's transaction: one batch is one
transaction, so its outcomes are committed together before the answer leaves. A batch sent
twice (the answer was lost on the way) finds everything already there: `unchanged`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Connection, Engine, delete, exc, or_, select, update

from lea_desktop.databank import db, directory, history, scoped, search, webhooks
from lea_desktop.domain import clock
from lea_desktop.domain.records import RECORD_COLUMNS, Registration, email_key
from lea_desktop.formkit import (
    Form,
    available_forms,
    load_form,
    load_form_version,
    released_versions,
    validate,
)
from lea_desktop.sync import protocol
from lea_desktop.sync.protocol import (
    CONFLICT,
    CREATED,
    FORBIDDEN,
    REJECTED,
    UNCHANGED,
    UNKNOWN,
    UPDATED,
    Outcome,
    ProtocolError,
)

log = logging.getLogger("lea_desktop.databank")

T = TypeVar("T")


def in_transaction(
    engine: Engine,
    work: Callable[[Connection], T],
    *,
    attempts: int = 4,
    before_commit: Callable[[], None] | None = None,
) -> T:
    """Run `work` in one transaction; retry when a concurrent writer got there first.

    Two copies of the same batch can arrive at once (a laptop gave up waiting and sent it
    again): on PostgreSQL the second insert of a UUID then fails its primary key. Running the
    batch again sees the first copy's rows and answers `unchanged`, which is the truth.
    `before_commit` runs after `work`, just before the COMMIT.
    """
    for attempt in range(1, attempts + 1):
        try:
            with db.write_lock(engine), engine.begin() as conn:
                result = work(conn)
                if before_commit is not None:
                    before_commit()
                return result
        except (exc.IntegrityError, exc.OperationalError) as error:
            if attempt == attempts or not _retryable(error):
                raise
            log.info("retrying a transaction after %s", type(error.orig).__name__)
    raise AssertionError("unreachable")  # pragma: no cover


def _retryable(error: exc.DBAPIError) -> bool:
    if isinstance(error, exc.IntegrityError):
        return True
    text = str(error.orig).lower()
    return any(word in text for word in ("locked", "busy", "deadlock", "serializ"))


# --------------------------------------------------------------------------- forms


@cache
def _known_forms() -> frozenset[str]:
    return frozenset(available_forms())


def warm_up() -> None:
    """Load every form and the validators' libraries now, not during the first batch."""
    samples = {"email": "warm.up@example.org", "phone": "+358401234567"}
    for form_id in _known_forms():
        form = load_form(form_id)
        validate(form, {f.id: samples[f.type] for f in form.fields if f.type in samples})


def _form(form_id: str) -> Form | None:
    return load_form(form_id) if form_id in _known_forms() else None


def _form_at(form_id: str, version: int) -> tuple[Form | None, str]:
    """The definition a record of `form_id` at `version` is checked with, or None and why.

    A laptop not updated yet keeps sending the version it was built with: its records are
    checked against that version's own definition (kept in `forms/versions/`), so a field
    added since is not demanded of them and a field dropped since is still checked, never
    stored unchecked. A version this databank was never given is refused per record."""
    if _form(form_id) is None:
        return None, f"unknown form {form_id!r}"
    form = load_form_version(form_id, version)
    if form is not None:
        return form, ""
    current = load_form(form_id).version
    known = ", ".join(str(v) for v in sorted({current, *released_versions(form_id)}))
    if version > current:
        advice = "it is newer than this databank's; update the databank"
    else:
        advice = "this databank was never given it; update the app"
    return None, f"form {form_id} version {version} is unknown here (knows {known}): {advice}"


def _check_answers(rec: protocol.WireRecord) -> tuple[dict[str, Any] | None, str]:
    """Cleaned answers, or None and the reason they are refused (no answer text in reasons)."""
    form, reason = _form_at(rec.form_id, rec.form_version)
    if form is None:
        return None, reason
    if rec.kind != form.kind:
        return None, f"kind {rec.kind!r} does not match form {rec.form_id} ({form.kind})"
    checked = validate(form, rec.answers)
    if not checked.ok:
        problems = "; ".join(f"{k}: {v}" for k, v in sorted(checked.errors.items()))
        return None, f"answers not valid: {problems}"
    return checked.cleaned, ""


# --------------------------------------------------------------------------- records


class Prepared(NamedTuple):
    """One record of a batch after the checks that need no database: its shape, its content
    hash, its answers validated with formkit and the row to store (None, and the reason, when
    they were refused).

    A plain tuple: a batch is prepared in a worker process and sent back to the server's, and
    tuples of strings cost almost nothing to send (see `validation.py`)."""

    id: str
    revision: int
    device_id: str
    digest: str
    row: dict[str, Any] | None  # every column but received_at and received_via
    reason: str = ""
    entry: directory.Drafted | None = None  # a follower's directory entry, drafted


def not_json_message(error: ProtocolError) -> str:
    """The 400 message for a body `protocol.decode_json` refused."""
    if str(error) == "not JSON":
        return "The request body is not JSON."
    return f"The request body is refused: {error}."


class BatchRefused(Exception):
    """A request body that is not a record batch the databank takes: HTTP status, message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(status, message)
        self.status = status
        self.message = message


class PreparedBatch(NamedTuple):
    """A record batch after `prepare_body`: the device id its envelope names, and its items."""

    device_id: str
    items: list[Prepared | Outcome]


def prepare_body(body: bytes, max_batch: int) -> PreparedBatch:
    """`prepare_records` of a request's body, with the device id it names; `BatchRefused`
    (400, 413) when the body is not JSON, not a record batch, or holds more than `max_batch`
    records.

    Everything a batch costs before the database, from the bytes that came in: it runs in a
    validation worker process (or, without one, in the server's)."""
    try:
        value = protocol.decode_json(body)
    except ProtocolError as error:
        raise BatchRefused(400, not_json_message(error)) from None
    try:
        batch = protocol.parse_record_batch(value)
    except ProtocolError as error:
        raise BatchRefused(400, f"Not a record batch: {error}.") from None
    if len(batch.records) > max_batch:
        raise BatchRefused(413, f"At most {max_batch} records in one batch.")
    return PreparedBatch(batch.device_id, prepare_records(batch.records))


def prepare_records(raw: list[Any]) -> list[Prepared | Outcome]:
    """Parse, hash and validate a batch and make its rows (pure CPU work, run before the
    transaction so the database's write lock is held only for the reads and writes)."""
    out: list[Prepared | Outcome] = []
    for i, item in enumerate(raw):
        try:
            rec, texts = protocol.parse_record_encoded(item)
        except ProtocolError as error:
            ident, rev = protocol.item_reference(item, i)
            out.append(Outcome(id=ident, revision=rev, status=REJECTED, reason=str(error)))
            continue
        digest = rec.content_hash(texts)
        cleaned, reason = _check_answers(rec)
        row = None if cleaned is None else _record_row(rec, texts, digest, cleaned)
        entry = (
            directory.draft(row, directory.facts(cleaned))
            if row is not None and cleaned is not None and rec.kind == FOLLOWER
            else None
        )
        out.append(Prepared(rec.id, rec.revision, rec.device_id, digest, row, reason, entry))
    return out


def store_records(
    conn: Connection, prepared: list[Prepared | Outcome], via: str, device: str
) -> list[Outcome]:
    """Store a prepared batch from laptop `device` (the device its token is bound to); one
    outcome per item, in order.

    - a new record naming another device, a record moved to another device, or another
      laptop's record not in the token's scope (`scoped.py`): `forbidden`, nothing changed (a
      laptop writes its own records and changes those of its scope);
    - new UUID: `created`; known UUID at a lower revision: `updated`;
    - same UUID, same revision, same content: `unchanged` (a replay);
    - the databank holds a newer revision, or different content at this revision:
      `conflict` (with `server_revision`, and the databank's copy in `current`), nothing
      changed;
    - malformed, invalid answers (when it would be stored), or erased earlier (tombstone):
      `rejected` with the reason.
    """
    ids = [p.id for p in prepared if isinstance(p, Prepared)]
    known: dict[str, Any] = {}
    erased: set[str] = set()
    for chunk in _chunks(ids, 500):
        for row in conn.execute(
            select(
                db.records.c.id, db.records.c.revision, db.records.c.content_sha256,
                db.records.c.device_id, db.records.c.event_id,
            ).where(db.records.c.id.in_(chunk))
        ):  # fmt: skip
            known[row.id] = row
        erased.update(
            conn.execute(select(db.tombstones.c.id).where(db.tombstones.c.id.in_(chunk))).scalars()
        )
    now = clock.now_iso()
    inserts: dict[str, dict[str, Any]] = {}
    updates: dict[str, dict[str, Any]] = {}
    drafted: dict[str, directory.Drafted] = {}  # followers' directory entries, by id
    outcomes: list[Outcome] = []
    judge = scoped.Judge.of(conn, via, device)
    for p in prepared:
        if isinstance(p, Outcome):
            outcomes.append(p)
            continue
        rec, digest = p, p.digest
        held = known.get(rec.id)
        if rec.id in erased:
            outcomes.append(_o(rec, REJECTED, "erased: the databank erased this record"))
            continue
        if held is None and rec.device_id != device:
            outcomes.append(_o(rec, FORBIDDEN, NOT_YOUR_DEVICE))
            continue
        if held is not None:
            if held.device_id != rec.device_id:
                outcomes.append(_o(rec, FORBIDDEN, NOT_YOUR_RECORD))
                continue
            if held.device_id != device and not judge.may_change(held.device_id, held.event_id):
                outcomes.append(_o(rec, FORBIDDEN, scoped.NOT_IN_SCOPE))
                continue
            if held.revision > rec.revision:
                reason = f"the databank holds newer revision {held.revision}"
                outcomes.append(_conflict(conn, rec, reason, held.revision))
                continue
            if held.revision == rec.revision:
                if held.content_sha256 == digest:
                    outcomes.append(_o(rec, UNCHANGED))
                else:
                    reason = "the databank holds different content at this revision"
                    outcomes.append(_conflict(conn, rec, reason, held.revision))
                continue
        row = p.row
        if row is None:
            outcomes.append(_o(rec, REJECTED, p.reason))
            continue
        row["received_at"], row["received_via"] = now, via
        if held is None and rec.id not in inserts:
            inserts[rec.id] = row
            outcomes.append(_o(rec, CREATED))
        else:
            (inserts if rec.id in inserts else updates)[rec.id] = row
            outcomes.append(_o(rec, UPDATED))
        if p.entry is not None:
            drafted[rec.id] = p.entry
        known[rec.id] = _Held(rec.revision, digest, rec.device_id, rec_event(p))
    before: dict[str, Any] = {}
    for chunk in _chunks(list(updates), 500):
        before.update(
            conn.execute(
                select(db.records.c.id, db.records.c.answers).where(db.records.c.id.in_(chunk))
            ).all()
        )
    _finish_rows(conn, [*inserts.values(), *updates.values()], drafted, via, device)
    db.insert_rows(conn, db.records, list(inserts.values()))
    # A new record's `created` history entry stays implicit (its row holds it); an updated
    # one's is written first, from its row as it was, unless its history has begun.
    history.settle(conn, list(updates))
    for row in updates.values():
        conn.execute(update(db.records).where(db.records.c.id == row["id"]).values(**row))
    webhooks.enqueue(
        conn,
        {
            webhooks.CREATED: [i for i, r in inserts.items() if r["kind"] == webhooks.FOLLOWER],
            webhooks.UPDATED: [i for i, r in updates.items() if r["kind"] == webhooks.FOLLOWER],
        },
    )
    history.append(
        conn,
        [
            history.row(
                row["id"],
                history.laptop_actor(row["collected_by"], via),
                history.UPDATED,
                row["revision"],
                history.changed_fields(_answers(before[row["id"]]), _answers(row["answers"])),
                now,
            )
            for row in updates.values()
        ],
    )
    return outcomes


def _finish_rows(
    conn: Connection,
    rows: list[dict[str, Any]],
    drafted: dict[str, directory.Drafted],
    via: str,
    device: str,
) -> None:
    """Give the rows a batch is about to write their change cursors (written by `device`,
    the laptop that sent them) and the followers their finished directory entries."""
    if not rows:
        return
    key = directory.key_in(conn) if drafted else b""
    partners = directory.partners(conn, (row["event_id"] for row in rows))
    cursors = db.next_cursors(conn, len(rows))
    endings = {e: directory.ending(p, via) for e, p in partners.items()}
    no_partner = directory.ending(None, via)
    for row, cursor in zip(rows, cursors, strict=True):
        row["change_cursor"], row["written_by"] = cursor, device
        found = drafted.get(row["id"])
        row["directory_entry"] = (
            None
            if found is None
            else directory.finish_with(found, endings.get(row["event_id"], no_partner), key)
        )


FOLLOWER = "follower"


def _answers(text: str) -> dict[str, Any]:
    return db.json_object(text) or {}


def rec_event(p: Prepared) -> str:
    return str((p.row or {}).get("event_id", ""))


def _conflict(conn: Connection, rec: Any, reason: str, server_revision: int) -> Outcome:
    """A conflict outcome with the databank's copy of the record (the laptop keeps both until
    someone chooses: docs/sync.md)."""
    outcome = _o(rec, CONFLICT, reason, server_revision)
    outcome.current = scoped.current_record(conn, rec.id)
    return outcome


NOT_YOUR_DEVICE = "the record names another laptop's device id; a laptop sends only its own records"
NOT_YOUR_RECORD = "another laptop collected this record; a record keeps its collecting laptop"


class _Held:
    """What a batch already stored for a UUID (a batch may carry the same UUID twice)."""

    def __init__(self, revision: int, content_sha256: str, device_id: str, event_id: str) -> None:
        self.revision = revision
        self.content_sha256 = content_sha256
        self.device_id = device_id
        self.event_id = event_id


def _o(rec: Any, status: str, reason: str = "", server_revision: int | None = None) -> Outcome:
    return Outcome(rec.id, rec.revision, status, reason, server_revision)


def _record_row(
    rec: protocol.WireRecord, texts: dict[str, str], digest: str, cleaned: dict[str, Any]
) -> dict[str, Any]:
    """The row stored for a record (but when and from whom it was received). Answers and
    consent are stored as the canonical JSON the hash was computed on (encoded once); answers
    cleaned into something else are encoded anew."""
    answers = texts.get("answers")
    if answers is None or not _identical(cleaned, rec.answers):
        answers = protocol.canonical_json(cleaned)
    consent = None
    if rec.consent is not None:
        consent = texts.get("consent") or protocol.canonical_json(rec.consent)
    row = rec.to_json()  # a new dict of the record's columns (shallow)
    row["consent"] = consent
    row["answers"] = answers
    row["content_sha256"] = digest
    row["email_key"] = email_key(cleaned)
    row["search"] = search.search_text(search.form_for(rec.form_id, rec.form_version), cleaned)
    return row


def _identical(a: Any, b: Any) -> bool:
    """Equal as JSON text would be: `==` alone calls True and 1 (or 1 and 1.0) the same."""
    return bool(a == b) and _same_types(a, b)


def _same_types(a: Any, b: Any) -> bool:
    """For values already equal: do they also hold the same types all the way down?"""
    kind = type(a)
    if kind is not type(b):
        return False
    if kind is dict:
        for key, value in a.items():
            other = b[key]
            if type(value) is not type(other):
                return False
            if type(value) in (dict, list) and not _same_types(value, other):
                return False
    elif kind is list:
        for value, other in zip(a, b, strict=True):
            if type(value) is not type(other):
                return False
            if type(value) in (dict, list) and not _same_types(value, other):
                return False
    return True


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --------------------------------------------------------------------------- events

NOT_YOUR_EVENT = "another laptop created this event; only that laptop may change it"


def _event_json(row: Any) -> dict[str, Any]:
    data = {c: getattr(row, c) for c in db.EVENT_COLUMNS}
    data["archived"] = bool(data["archived"])
    return data


def ingest_events(conn: Connection, device_id: str, raw: list[Any], via: str) -> list[Outcome]:
    """Store events pushed by laptop `device_id` (the device its token is bound to).

    Every laptop reads every event; only the laptop that created one (`origin_device`) changes
    it: an event naming another origin, or held from another laptop, is `forbidden`. An event
    with no origin is the sender's. For the owner a higher revision wins; at an equal or lower
    revision with other content the databank keeps its copy and answers `conflict` with that
    copy in `current`, which the laptop then adopts (a copy restored from an old backup)."""
    outcomes: list[Outcome] = []
    for i, item in enumerate(raw):
        try:
            ev = protocol.parse_event(item)
        except ProtocolError as error:
            ident, rev = protocol.item_reference(item, i)
            outcomes.append(Outcome(ident, rev, REJECTED, str(error)))
            continue
        digest = ev.content_hash()
        if ev.origin_device and ev.origin_device != device_id:
            outcomes.append(_o(ev, FORBIDDEN, NOT_YOUR_EVENT))
            continue
        held = conn.execute(select(db.events).where(db.events.c.id == ev.id)).first()
        if held is not None and held.origin_device != device_id:
            outcomes.append(_o(ev, FORBIDDEN, NOT_YOUR_EVENT))
            continue
        if held is not None and held.revision >= ev.revision:
            if held.revision == ev.revision and held.content_sha256 == digest:
                outcomes.append(_o(ev, UNCHANGED))
            else:
                outcome = _o(ev, CONFLICT, "the event was changed elsewhere", held.revision)
                outcome.current = _event_json(held)
                outcomes.append(outcome)
            continue
        row = {**ev.to_json(), "content_sha256": digest, "received_via": via}
        row["origin_device"] = device_id
        row["cursor"] = db.next_cursors(conn, 1)[0]
        if held is None:
            conn.execute(db.events.insert().values(**row))
            outcomes.append(_o(ev, CREATED))
        else:
            conn.execute(update(db.events).where(db.events.c.id == ev.id).values(**row))
            outcomes.append(_o(ev, UPDATED))
    return outcomes


def events_since(conn: Connection, since: int, limit: int) -> protocol.EventPage:
    rows = conn.execute(
        select(db.events)
        .where(db.events.c.cursor > since)
        .order_by(db.events.c.cursor)
        .limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = rows[-1].cursor if rows else since
    return protocol.EventPage([_event_json(r) for r in rows], int(cursor), more)


# --------------------------------------------------------------------------- tombstones


NOT_HELD = "the databank holds no record with this id: nothing erased"


def erase(conn: Connection, ids: list[str], device_id: str, via: str) -> list[Outcome]:
    """Erase records by UUID (and the records attached to them, e.g. a letter of intent), and
    keep a tombstone for each so every laptop erases its copy too. Idempotent. An id the
    databank does not hold is answered `unknown` and not tombstoned: an erasure never waits
    in advance for a record (a later record with that id is taken as any other)."""
    outcomes: list[Outcome] = []
    now = clock.now_iso()
    for rid in ids:
        if conn.execute(select(db.tombstones.c.id).where(db.tombstones.c.id == rid)).first():
            outcomes.append(Outcome(rid, 0, UNCHANGED))
            continue
        kind = conn.execute(select(db.records.c.kind).where(db.records.c.id == rid)).scalar()
        if kind is None:
            outcomes.append(Outcome(rid, 0, UNKNOWN, NOT_HELD))
            continue
        if kind == webhooks.FOLLOWER:
            webhooks.enqueue(conn, {webhooks.ERASED: [rid]})
        children = list(
            conn.execute(select(db.records.c.id).where(db.records.c.parent_id == rid)).scalars()
        )
        gone = [rid, *(c for c in children if c != rid)]
        followers = directory.in_directory(conn, gone)  # before their rows are deleted
        history.settle(conn, gone)
        conn.execute(
            delete(db.records).where(or_(db.records.c.id == rid, db.records.c.parent_id == rid))
        )
        conn.execute(delete(db.web_signups).where(db.web_signups.c.record_id.in_(gone)))
        directory.mark_gone(conn, followers)
        already = set(
            conn.execute(select(db.tombstones.c.id).where(db.tombstones.c.id.in_(gone))).scalars()
        )
        fresh = [g for g in gone if g not in already]
        cursors = db.next_cursors(conn, len(fresh))
        conn.execute(
            db.tombstones.insert(),
            [
                {
                    "id": g,
                    "cursor": c,
                    "erased_at": now,
                    "device_id": device_id,
                    "received_via": via,
                }
                for g, c in zip(fresh, cursors, strict=True)
            ],
        )
        history.append(
            conn, [history.row(g, _eraser(device_id, via), history.ERASED, 0, []) for g in gone]
        )
        outcomes.append(Outcome(rid, 0, CREATED))
    return outcomes


def _eraser(device_id: str, via: str) -> str:
    """Who erased, for a record's history: the command line, the console's user, a coordinator
    approving an erasure request, or a laptop (its token's name)."""
    if device_id == "databank":
        return "lea-databank erase (command line)" if via == "cli" else via
    if via.startswith("erasure request"):
        return f"coordinator, approving {via}"
    return history.laptop_actor("", via)


def tombstones_since(conn: Connection, since: int, limit: int) -> protocol.TombstonePage:
    rows = conn.execute(
        select(db.tombstones.c.id, db.tombstones.c.cursor)
        .where(db.tombstones.c.cursor > since)
        .order_by(db.tombstones.c.cursor)
        .limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = rows[-1].cursor if rows else since
    return protocol.TombstonePage([r.id for r in rows], int(cursor), more)


# --------------------------------------------------------------------------- reconciliation


def held_records(
    conn: Connection, device_id: str, event_id: str | None, after: str, limit: int
) -> protocol.ReconcilePage:
    q = select(db.records.c.id, db.records.c.revision, db.records.c.event_id).where(
        db.records.c.device_id == device_id, db.records.c.id > after
    )
    if event_id:
        q = q.where(db.records.c.event_id == event_id)
    rows = conn.execute(q.order_by(db.records.c.id).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return protocol.ReconcilePage(
        device_id,
        [protocol.HeldRecord(r.id, r.revision, r.event_id) for r in rows],
        more,
        rows[-1].id if rows else after,
    )


# --------------------------------------------------------------------------- export


def iter_registrations(conn: Connection, *, form_id: str | None = None) -> Iterator[Registration]:
    """Every stored record as the laptop's `Registration` type (for the shared export writers)."""
    q = select(db.records)
    if form_id:
        q = q.where(db.records.c.form_id == form_id)
    for row in conn.execute(q.order_by(db.records.c.created_at, db.records.c.id)):
        fields = {name: getattr(row, name) for name in RECORD_COLUMNS}
        fields["answers"] = json.loads(row.answers)
        fields["consent"] = json.loads(row.consent) if row.consent else None
        yield Registration(**fields)


def counts(conn: Connection) -> dict[str, int]:
    from sqlalchemy import func

    return {
        name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
        for name, table in (
            ("records", db.records),
            ("events", db.events),
            ("tombstones", db.tombstones),
        )
    }
