"""The public sign-up form's store: signed tokens, sign-ups waiting for their email address to
be confirmed, and the followers they become (double opt-in).

- The **form token** (a hidden input) signs the path it was served for and the moment it was
  issued: a submission without one made by this databank for this page is refused (no
  cross-site posting), and one sent sooner than the minimum fill time is refused too (robots).
- A valid submission is **held** in `signup_pending` with its consent proof, and a
  confirmation link signs its id. Held sign-ups are deleted when confirmed or after 7 days.
- **Confirming** stores the follower in `records` (source `web`, device `web`: its own origin,
  which no laptop token may speak for). An email address the web form already stored is the
  same follower: its record is updated (a new revision), never duplicated.

The signing secret is kept in the databank's own database (`meta`), made on first use.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import Connection, Engine, delete, exc, select, update

from lea_desktop.databank import db, webhooks
from lea_desktop.databank.tokens import WEB_DEVICE
from lea_desktop.domain import clock
from lea_desktop.domain.records import email_key
from lea_desktop.domain.records import slug as event_slug
from lea_desktop.formkit import Form
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
        return str(self._serializer("join-form").dumps({"p": path}))

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
        return max(0.0, dt.datetime.now(dt.UTC).timestamp() - issued.timestamp())

    def confirm_token(self, pending_id: str) -> str:
        return str(self._serializer("join-confirm").dumps(pending_id))

    def pending_id(self, token: str) -> str | None:
        """The held sign-up a confirmation link names; None when forged or expired."""
        try:
            value = self._serializer("join-confirm").loads(token, max_age=PENDING_DAYS * 86400)
        except (BadSignature, SignatureExpired, ValueError, TypeError):
            return None
        return value if isinstance(value, str) and len(value) <= 36 else None


def signing_secret(engine: Engine) -> str:
    """The databank's signing secret, made (256 random bits) the first time it is asked for."""
    with engine.begin() as conn:
        found = conn.execute(select(db.meta.c.value).where(db.meta.c.key == _SECRET_KEY)).scalar()
    if found:
        return str(found)
    try:
        with engine.begin() as conn:
            conn.execute(db.meta.insert().values(key=_SECRET_KEY, value=secrets.token_hex(32)))
    except exc.IntegrityError:  # another server process made it first: use that one
        pass
    with engine.begin() as conn:
        return str(
            conn.execute(select(db.meta.c.value).where(db.meta.c.key == _SECRET_KEY)).scalar_one()
        )


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


def hold(conn: Connection, form: Form, cleaned: dict[str, Any], *, lang: str, event_id: str) -> str:
    """Keep a validated sign-up until its address is confirmed; its id (for the link)."""
    pending_id = str(uuid.uuid4())
    stamp = clock.now_iso()
    consent = consent_record(
        form, cleaned, lang=lang, collected_by=WEB_COLLECTED_BY, device_id=WEB_DEVICE,
        given_at=stamp,
    )  # fmt: skip
    conn.execute(
        db.signup_pending.insert().values(
            id=pending_id,
            created_at=stamp,
            lang=lang,
            event_id=event_id,
            answers=protocol.canonical_json(cleaned),
            consent=None if consent is None else protocol.canonical_json(consent),
        )
    )
    return pending_id


def forget(conn: Connection, pending_id: str) -> None:
    conn.execute(delete(db.signup_pending).where(db.signup_pending.c.id == pending_id))


def confirm(conn: Connection, form: Form, pending_id: str) -> str | None:
    """Store the held sign-up as a follower (or update the web follower with its address);
    the record's id, or None when nothing is held under `pending_id` (used or deleted)."""
    held = conn.execute(
        select(db.signup_pending).where(db.signup_pending.c.id == pending_id)
    ).first()
    if held is None:
        return None
    answers = json.loads(held.answers)
    key = email_key(answers)
    known = conn.execute(
        select(db.web_signups.c.record_id).where(db.web_signups.c.email_key == key)
    ).scalar()
    previous = None
    if known is not None:
        previous = conn.execute(
            select(db.records.c.revision, db.records.c.created_at).where(db.records.c.id == known)
        ).first()
    now = clock.now_iso()
    record = protocol.WireRecord(
        id=known if previous is not None else str(uuid.uuid4()),
        kind=form.kind,
        form_id=form.id,
        form_version=form.version,
        revision=previous.revision + 1 if previous is not None else 1,
        event_id=held.event_id,
        device_id=WEB_DEVICE,
        created_at=previous.created_at if previous is not None else now,
        updated_at=now,
        collected_by=WEB_COLLECTED_BY,
        consent=None if held.consent is None else json.loads(held.consent),
        answers=answers,
        source="web",
    )
    row = {
        **{name: getattr(record, name) for name in ("id", "kind", "form_id", "form_version")},
        "revision": record.revision,
        "event_id": record.event_id,
        "device_id": record.device_id,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "collected_by": record.collected_by,
        "consent": held.consent,
        "answers": held.answers,
        "source": record.source,
        "parent_id": None,
        "loi_status": "",
        "loi_date": "",
        "content_sha256": record.content_hash(),
        "received_at": now,
        "received_via": WEB_COLLECTED_BY,
        "email_key": key,
    }
    (cursor,) = db.next_cursors(conn, 1)
    if previous is not None:
        conn.execute(update(db.records).where(db.records.c.id == record.id).values(**row))
        conn.execute(
            update(db.web_signups)
            .where(db.web_signups.c.record_id == record.id)
            .values(event_id=record.event_id, cursor=cursor)
        )
    else:
        if known is not None:  # its record was erased meanwhile: the address starts afresh
            conn.execute(delete(db.web_signups).where(db.web_signups.c.email_key == key))
        db.insert_rows(conn, db.records, [row])
        conn.execute(
            db.web_signups.insert().values(
                record_id=record.id, email_key=key, event_id=record.event_id, cursor=cursor
            )
        )
    webhooks.enqueue(
        conn, {(webhooks.UPDATED if previous is not None else webhooks.CREATED): [record.id]}
    )
    forget(conn, pending_id)
    return record.id


def purge_pending(conn: Connection, *, now: dt.datetime | None = None) -> int:
    """Delete held sign-ups older than `PENDING_DAYS`; how many."""
    now = now or dt.datetime.now(dt.UTC)
    cutoff = clock.iso(now - dt.timedelta(days=PENDING_DAYS))
    done = conn.execute(delete(db.signup_pending).where(db.signup_pending.c.created_at < cutoff))
    return int(done.rowcount or 0)
