"""The public sign-up form's store: signed tokens, sign-ups waiting for their email address to
be confirmed, and the followers they become (double opt-in).

- The **form token** (a hidden input) signs the path it was served for and the moment it was
  issued: a submission without one made by this databank for this page is refused (no
  cross-site posting), and one sent sooner than the minimum fill time is refused too (robots).
- A valid submission is **held** in `signup_pending` with its consent proof, and a
  confirmation link signs its id (and the time it was held: the link is the same whenever the
  email is made). The email itself is queued in the same row and sent by `outbox.py`. Held
  sign-ups are deleted when confirmed or after 7 days.
- **Confirming** stores the follower in `records` (source `web`, device `web`: its own origin,
  which no laptop token may speak for). An email address already stored, by the web form or
  by a laptop (`records.email_key`), is the same follower: its record is updated (a new
  revision, answers merged), never duplicated; a laptop's record stays that laptop's.

The signing secret is kept in the databank's own database (`meta`), made on first use.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from dataclasses import dataclass
from email.utils import make_msgid
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import Connection, Engine, delete, select, update

from lea_desktop.databank import db, directory, history, scoped, search, webhooks
from lea_desktop.databank.tokens import WEB_DEVICE
from lea_desktop.domain import clock
from lea_desktop.domain.records import email_key
from lea_desktop.domain.records import slug as event_slug
from lea_desktop.formkit import Form, validate
from lea_desktop.formkit.consent import consent_record
from lea_desktop.sync import protocol

WEB_COLLECTED_BY = "public sign-up form"
PENDING_DAYS = 7  # a held sign-up's link works this long; then the sign-up is deleted
FORM_TOKEN_MAX_AGE = 4 * 3600  # seconds a served form may be sent back
_SECRET_KEY = "signup_secret"


class FormTokenError(ValueError):
    """The form token is missing, forged, for another page or too old."""


@dataclass(frozen=True)
class Signer:
    """Signs and checks the form tokens and the confirmation links with the databank's secret."""

    secret: str

    def _serializer(self, purpose: str) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.secret, salt=f"lea-databank-{purpose}")

    def form_token(self, path: str) -> str:
        # The issue time goes into the signed value to the millisecond: the signer's own stamp is
        # whole seconds, which made a form sent back at once look up to a second older.
        return str(self._serializer("join-form").dumps({"p": path, "t": round(time.time(), 3)}))

    def form_age(self, token: str, path: str) -> float:
        """Seconds since the token for `path` was issued; `FormTokenError` when it is not one
        this databank issued for `path`, or older than `FORM_TOKEN_MAX_AGE`."""
        try:
            value, issued = self._serializer("join-form").loads(
                token, max_age=FORM_TOKEN_MAX_AGE, return_timestamp=True
            )
        except (BadSignature, SignatureExpired, ValueError, TypeError):
            raise FormTokenError("bad form token") from None
        if not isinstance(value, dict) or value.get("p") != path:
            raise FormTokenError("form token of another page")
        sent = value.get("t")
        if not isinstance(sent, int | float) or isinstance(sent, bool):
            sent = issued.timestamp()  # a form served before the stamp was kept (≤ 1 s older)
        return max(0.0, time.time() - float(sent))

    def confirm_token(self, pending_id: str, held_at: str) -> str:
        """The confirmation link's token of the sign-up held at `held_at` (ISO): signed with
        that time, so each email made for it (a retry) carries the same link, which expires
        `PENDING_DAYS` after the sign-up came, with the sign-up itself."""
        at = int(clock.parse_iso(held_at).timestamp())
        serializer = URLSafeTimedSerializer(
            self.secret, salt="lea-databank-join-confirm", signer=_SignedAt,
            signer_kwargs={"at": at},
        )  # fmt: skip
        return str(serializer.dumps(pending_id))

    def pending_id(self, token: str) -> str | None:
        """The held sign-up a confirmation link names; None when forged or expired."""
        try:
            value = self._serializer("join-confirm").loads(token, max_age=PENDING_DAYS * 86400)
        except (BadSignature, SignatureExpired, ValueError, TypeError):
            return None
        return value if isinstance(value, str) and len(value) <= 36 else None


class _SignedAt(TimestampSigner):
    """A signer whose signatures carry a given time rather than the current one."""

    def __init__(self, *args: Any, at: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.at = at

    def get_timestamp(self) -> int:
        return self.at


def signing_secret(engine: Engine) -> str:
    """The databank's signing secret, made (256 random bits) the first time it is asked for."""
    return db.meta_secret(engine, _SECRET_KEY)


def event_for_slug(conn: Connection, slug: str) -> dict[str, Any] | None:
    """The event whose name makes `slug` (the newest one when several names make the same)."""
    rows = conn.execute(
        select(db.events.c.id, db.events.c.name, db.events.c.starts)
        .where(db.events.c.archived.is_(False))
        .order_by(db.events.c.starts.desc())
    ).all()
    for row in rows:
        if event_slug(row.name) == slug:
            return {"id": row.id, "name": row.name}
    return None


def pending_row(
    form: Form, cleaned: dict[str, Any], *, lang: str, event_id: str, mail_domain: str | None
) -> dict[str, Any]:
    """The row that keeps a validated sign-up until its address is confirmed, its
    confirmation email due at once (made before the transaction: no database work).
    `mail_domain`: the right-hand side of the email's Message-ID (the sender's domain)."""
    stamp = clock.now_iso()
    consent = consent_record(
        form, cleaned, lang=lang, collected_by=WEB_COLLECTED_BY, device_id=WEB_DEVICE,
        given_at=stamp,
    )  # fmt: skip
    return {
        "id": str(uuid.uuid4()),
        "created_at": stamp,
        "lang": lang,
        "event_id": event_id,
        "answers": protocol.canonical_json(cleaned),
        "consent": None if consent is None else protocol.canonical_json(consent),
        "mail_due_at": stamp,
        "mail_attempts": 0,
        "mail_error": "",
        "mail_sent_at": None,
        "mail_message_id": make_msgid(domain=mail_domain or None),
    }


def hold(conn: Connection, row: dict[str, Any]) -> str:
    """Keep a sign-up (`pending_row`) until its address is confirmed; its id (for the link)."""
    conn.execute(db.signup_pending.insert().values(**row))
    return str(row["id"])


def forget(conn: Connection, pending_id: str) -> None:
    conn.execute(delete(db.signup_pending).where(db.signup_pending.c.id == pending_id))


@dataclass(frozen=True)
class Confirmation:
    """A held sign-up's follower as it is to be written (`prepare`): everything worked out
    from the held row and the follower found, before the write lock is taken."""

    pending_id: str
    lang: str
    target: tuple[str, int] | None  # (id, revision) of the follower it updates; None: new
    email_key: str
    record: protocol.WireRecord
    row: dict[str, Any]  # the `records` row
    partner: str | None  # the event's responsible partner, in the directory entry
    entry: str  # the directory entry (JSON)
    history: dict[str, Any]  # its `record_history` row


def prepare(
    conn: Connection, form: Form, pending_id: str, key: bytes, *, lock: bool = False
) -> Confirmation | None:
    """The follower confirming `pending_id` stores, worked out (reads only: on a read
    connection, outside the write lock); None when nothing is held under `pending_id` (used
    or deleted). `key`: the consortium key (the directory entry's `email_key`). `lock`: lock
    the follower's row (PostgreSQL), inside the writer's transaction."""
    held = conn.execute(
        select(db.signup_pending).where(db.signup_pending.c.id == pending_id)
    ).first()
    if held is None:
        return None
    answers = json.loads(held.answers)
    key_of_address = email_key(answers)
    target = _follower_with(conn, form, key_of_address, lock=lock)
    now = clock.now_iso()
    consent = None if held.consent is None else json.loads(held.consent)
    if target is None:
        record = protocol.WireRecord(
            id=str(uuid.uuid4()), kind=form.kind, form_id=form.id, form_version=form.version,
            revision=1, event_id=held.event_id, device_id=WEB_DEVICE, created_at=now,
            updated_at=now, collected_by=WEB_COLLECTED_BY, consent=consent, answers=answers,
            source="web",
        )  # fmt: skip
    else:
        own = target.device_id == WEB_DEVICE
        record = protocol.WireRecord(
            id=target.id,
            kind=target.kind,
            form_id=form.id,
            form_version=form.version,
            revision=target.revision + 1,
            # The web's own follower moves to the event of its newest sign-up; a laptop's
            # stays with the event it was collected at.
            event_id=(held.event_id or target.event_id) if own else target.event_id,
            device_id=target.device_id,
            created_at=target.created_at,
            updated_at=now,
            collected_by=target.collected_by,
            consent=consent,
            answers=merge_answers(form, json.loads(target.answers), answers),
            source=target.source,
            parent_id=target.parent_id,
            loi_status=target.loi_status,
            loi_date=target.loi_date,
        )
    row = {
        **record.to_json(),
        "consent": None if consent is None else protocol.canonical_json(consent),
        "answers": protocol.canonical_json(record.answers),
        "content_sha256": record.content_hash(),
        "received_at": now,
        "received_via": WEB_COLLECTED_BY,
        "email_key": key_of_address,
        "search": search.search_text(form, record.answers),
    }
    found = directory.facts(record.answers)
    partner = directory.partner_of(conn, record.event_id)
    before = json.loads(target.answers) if target is not None else None
    return Confirmation(
        pending_id=pending_id,
        lang=held.lang,
        target=None if target is None else (target.id, int(target.revision)),
        email_key=key_of_address,
        record=record,
        row=row,
        partner=partner,
        entry=directory.entry_json(row, found, partner, key),
        history=history.row(
            record.id, "public sign-up form (the visitor)", history.WEB, record.revision,
            history.changed_fields(before, record.answers), now,
        ),
    )  # fmt: skip


def store(conn: Connection, form: Form, made: Confirmation, key: bytes) -> str | None:
    """Write a `prepare`d confirmation inside the writer's transaction; the record's id, or
    None when the sign-up is no longer held (its link was opened twice at once).

    What it was worked out from is read again first (the held row, the follower with the
    address and its revision, the event's partner): when another writer changed any of it
    meanwhile, it is worked out again here, under the lock."""
    p = db.signup_pending.c
    if conn.execute(select(p.id).where(p.id == made.pending_id)).first() is None:
        return None
    target = _follower_with(conn, form, made.email_key, lock=True)
    now_target = None if target is None else (target.id, int(target.revision))
    changed = now_target != made.target
    if changed or directory.partner_of(conn, made.record.event_id) != made.partner:
        made = prepare(conn, form, made.pending_id, key, lock=True) or made
    record = made.record
    if made.target is None:
        db.insert_rows(conn, db.records, [made.row])
    else:
        history.settle(conn, [record.id])  # a laptop's follower: its creation, before the change
        conn.execute(update(db.records).where(db.records.c.id == record.id).values(**made.row))
    reach_laptops(conn, record.id, made.email_key, record.event_id)
    webhooks.enqueue(
        conn, {(webhooks.UPDATED if made.target is not None else webhooks.CREATED): [record.id]}
    )
    directory.put_entries(conn, {record.id: made.entry})
    history.append(conn, [made.history])
    scoped.note_changes(conn, [record.id], WEB_DEVICE)  # reaches the laptops of its scope
    forget(conn, made.pending_id)
    return record.id


def confirm(conn: Connection, form: Form, pending_id: str, key: bytes) -> str | None:
    """Store the held sign-up as a follower, or update the follower who has its address; the
    record's id, or None when nothing is held under `pending_id` (used or deleted). All in the
    writer's transaction (`prepare` and `store` let the work be done before it).

    The follower with the address is looked for in every record (`records.email_key`), the
    ones laptops collected too: it gets a new revision at the databank, with the visitor's
    answers merged into it (`merge_answers`) and the consent just given as its proof. A
    laptop's record stays that laptop's (its device id, source, event, letter-of-intent
    state); the laptop receives the new revision with its next sync (`web_signups`)."""
    made = prepare(conn, form, pending_id, key, lock=True)
    return None if made is None else store(conn, form, made, key)


def _follower_with(conn: Connection, form: Form, key: str, *, lock: bool) -> Any:
    """The follower record with email key `key` a web sign-up updates, or None. Several may
    have it (two laptops met the visitor): the one the web form updated before, else the web's
    own, else the one changed last. `lock`: its row is locked (PostgreSQL) until the caller
    commits."""
    if not key:
        return None
    r = db.records.c
    query = select(
        r.id, r.kind, r.revision, r.event_id, r.device_id, r.created_at, r.updated_at,
        r.collected_by, r.answers, r.source, r.parent_id, r.loi_status, r.loi_date,
    ).where(r.email_key == key, r.kind == form.kind)  # fmt: skip
    found = conn.execute(query.with_for_update() if lock else query).all()
    if not found:
        return None
    before = conn.execute(
        select(db.web_signups.c.record_id).where(db.web_signups.c.email_key == key)
    ).scalar()
    newest_first = sorted(found, key=lambda row: (row.updated_at, row.id), reverse=True)
    return min(newest_first, key=lambda row: (row.id != before, row.device_id != WEB_DEVICE))


def merge_answers(form: Form, old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """A follower's answers after a web sign-up with the same address: what the visitor gave
    now wins; a field they left empty keeps what was known; the consent boxes are their choice
    now, ticked or not; fields the web form does not show (a staff note) are kept."""
    merged = dict(old)
    for name, value in new.items():
        empty = value is None or value == "" or value == []
        if empty and not _empty(old.get(name)):
            continue
        merged[name] = value
    checked = validate(form, merged)
    if checked.ok:
        return checked.cleaned
    # What was known no longer passes this form's checks (an older version's answer): the
    # visitor's answers, which did, with the staff's fields kept beside them.
    public = {f.id for f in form.public_fields()}
    kept = {name: value for name, value in old.items() if name not in public}
    checked = validate(form, {**kept, **new})
    return checked.cleaned if checked.ok else dict(new)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def reach_laptops(conn: Connection, record_id: str, key: str, event_id: str) -> None:
    """Move the record's place in the web sign-ups laptops pull (a new cursor): the web's own
    followers reach the laptops of their event, a laptop's record reaches that laptop (after a
    web sign-up or a console edit changed it at the databank). A row
    left for the address on another record is dropped (that record was erased, or its address
    changed since)."""
    w = db.web_signups.c
    (cursor,) = db.next_cursors(conn, 1)
    conn.execute(delete(db.web_signups).where(w.email_key == key, w.record_id != record_id))
    done = conn.execute(
        update(db.web_signups)
        .where(w.record_id == record_id)
        .values(email_key=key, event_id=event_id, cursor=cursor)
    )
    if not done.rowcount:
        conn.execute(
            db.web_signups.insert().values(
                record_id=record_id, email_key=key, event_id=event_id, cursor=cursor
            )
        )


def purge_pending(conn: Connection, *, now: dt.datetime | None = None) -> int:
    """Delete held sign-ups older than `PENDING_DAYS`; how many."""
    now = now or dt.datetime.now(dt.UTC)
    cutoff = clock.iso(now - dt.timedelta(days=PENDING_DAYS))
    done = conn.execute(delete(db.signup_pending).where(db.signup_pending.c.created_at < cutoff))
    return int(done.rowcount or 0)
