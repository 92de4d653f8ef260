"""Webhooks: the databank tells other systems (a CRM, a mailing tool's connector) that a
follower was created, updated or erased, with an HMAC-SHA256-signed JSON POST.

- `lea-databank webhook add URL --secret S` registers a receiver: `https://`, or `http://` on
  this computer only (loopback), like the laptop's rule for its databank address.
- A change queues one delivery per active webhook inside the transaction that makes it
  (`enqueue`): the delivery row names the event and the follower's id only. The JSON is made
  when the delivery is sent, from the follower as held then — a follower erased meanwhile is
  never sent (its pending "created"/"updated" deliveries are skipped) and the queue itself holds
  no personal data.
- What a delivery says (docs/webhooks.md): the follower's id, revision, event, form, source,
  dates, country, organisation types and consent state; the contact details a mailing tool needs
  (email, name, organisation, language) only when the follower agreed to be contacted (the form's
  contact consent ticked and its proof naming the purpose). "erased" carries the id alone.
- A background task of `serve` (`deliver_due`, on a thread) claims due deliveries with a
  conditional UPDATE (several server processes never send one twice), POSTs them (10 s timeout,
  no redirects followed), and on anything but a 2xx answer retries with exponential backoff
  (`webhook_backoff` × 2^(attempt−1), at most an hour) until `MAX_ATTEMPTS`; then it is failed.
  The delivery log (`lea-databank webhook log`) keeps each delivery's state, attempts, last
  HTTP status and error — never the payload.
- Secrets are kept as given (they sign every delivery, so they cannot be hashed), in the
  databank's database (0600 for SQLite), never printed by `webhook list` nor logged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, Engine, and_, delete, or_, select, update

from lea_desktop.databank import db
from lea_desktop.domain import clock
from lea_desktop.domain.addresses import is_loopback

log = logging.getLogger("lea_desktop.databank.webhooks")

CREATED, UPDATED, ERASED = "follower.created", "follower.updated", "follower.erased"
EVENTS = (CREATED, UPDATED, ERASED)
PENDING, SENDING, DELIVERED, FAILED, SKIPPED, CANCELLED = (
    "pending", "sending", "delivered", "failed", "skipped", "cancelled",
)  # fmt: skip
MAX_ATTEMPTS = 8
MAX_DELAY = 3600.0  # seconds between two attempts, at most
LEASE = 60.0  # seconds a claimed delivery is ours before another process may take it again
TIMEOUT = 10.0
SECRET_MIN, SECRET_MAX = 16, 512
URL_MAX = 2000
SIGNATURE_HEADER = "X-LEA-Signature"
FOLLOWER = "follower"
# The follower form's fields a delivery names beyond those found by type (email, country): a
# form-specific feature, so the ids are written here once.
NAME_FIELD, ORGANISATION_FIELD, TYPES_FIELD = "contact_name", "organisation", "types"
CONTACT_PURPOSE = "contact"

_wake = threading.Event()


class WebhookError(ValueError):
    """A webhook that cannot be added as asked; the message is for the operator."""


def check_url(url: str) -> str:
    """The receiver's address, checked: https, or http to this computer only."""
    url = url.strip()
    if not url or len(url) > URL_MAX or any(c.isspace() for c in url):
        raise WebhookError("give the receiver's address, e.g. https://crm.example.eu/hooks/lea")
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise WebhookError(f"not an address: {url}") from None
    if parts.scheme not in ("https", "http") or not host:
        raise WebhookError("the address must start with https:// and name a host")
    if parts.username or parts.password:
        raise WebhookError("no user name or password in the address: the secret signs it")
    if parts.scheme == "http" and not is_loopback(url):
        raise WebhookError(
            f"{url} is not encrypted (http://): the followers' contact details would cross the "
            "network readable by anyone. Use https:// (http:// only to this computer)."
        )
    return url


def check_secret(secret: str) -> str:
    if not SECRET_MIN <= len(secret) <= SECRET_MAX or any(c.isspace() for c in secret):
        raise WebhookError(
            f"the secret must be {SECRET_MIN}–{SECRET_MAX} characters without spaces "
            "(e.g. from: python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
        )
    return secret


@dataclass(frozen=True)
class Hook:
    id: int
    url: str
    created_at: str
    removed_at: str | None


def add(conn: Connection, url: str, secret: str) -> int:
    """Register a receiver; its id."""
    url, secret = check_url(url), check_secret(secret)
    done = conn.execute(
        db.webhooks.insert().values(url=url, secret=secret, created_at=clock.now_iso())
    )
    return int(done.inserted_primary_key[0])


def remove(conn: Connection, hook_id: int) -> bool:
    """Stop a webhook: nothing more is queued for it, and what waits is cancelled."""
    hooks = db.webhooks.c
    done = conn.execute(
        update(db.webhooks)
        .where(and_(hooks.id == hook_id, hooks.removed_at.is_(None)))
        .values(removed_at=clock.now_iso())
    )
    if not done.rowcount:
        return False
    d = db.webhook_deliveries.c
    conn.execute(
        update(db.webhook_deliveries)
        .where(and_(d.webhook_id == hook_id, d.status.in_((PENDING, SENDING))))
        .values(status=CANCELLED, last_error="webhook removed")
    )
    return True


def list_hooks(conn: Connection, *, removed: bool = False) -> list[Hook]:
    hooks = db.webhooks.c
    query = select(hooks.id, hooks.url, hooks.created_at, hooks.removed_at).order_by(hooks.id)
    if not removed:
        query = query.where(hooks.removed_at.is_(None))
    return [Hook(r.id, r.url, r.created_at, r.removed_at) for r in conn.execute(query)]


def enqueue(conn: Connection, changes: dict[str, list[str]]) -> int:
    """Queue each event of `changes` ({event: follower ids}) for each active webhook, inside the
    caller's transaction (the change and its deliveries commit together). One small query when
    there is no webhook."""
    if not any(changes.values()):
        return 0
    hooks = db.webhooks.c
    active = list(conn.execute(select(hooks.id).where(hooks.removed_at.is_(None))).scalars())
    if not active:
        return 0
    now = clock.now_iso()
    rows = [
        {
            "id": str(uuid.uuid4()),
            "webhook_id": hook,
            "event": event,
            "record_id": rid,
            "created_at": now,
            "status": PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "last_status": None,
            "last_error": "",
            "delivered_at": None,
        }
        for event, record_ids in changes.items()
        for rid in record_ids
        for hook in active
    ]
    db.insert_rows(conn, db.webhook_deliveries, rows)
    _wake.set()
    return len(rows)


def followers_among(conn: Connection, ids: list[str]) -> list[str]:
    """Those of `ids` that are followers (not letters of intent or assistance requests)."""
    r = db.records.c
    found: list[str] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found += conn.execute(
            select(r.id).where(and_(r.id.in_(chunk), r.kind == FOLLOWER))
        ).scalars()
    return found


# --------------------------------------------------------------------------- what is sent


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>." + body>`
    (the timestamp is signed too, so a receiver can refuse old replays)."""
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes, *, now: float | None = None,
           tolerance: float = 300.0) -> bool:  # fmt: skip
    """A receiver's check of `sign` (docs/webhooks.md shows the same in a few lines)."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(fields["t"])
    except (ValueError, KeyError):
        return False
    if abs((now if now is not None else time.time()) - timestamp) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), header)


def _consent_version(consent: dict[str, Any]) -> str:
    entry = (consent.get("texts") or {}).get(CONTACT_PURPOSE)
    if isinstance(entry, dict) and entry.get("version") is not None:
        return str(entry["version"])
    for part in str(consent.get("version") or "").split(";"):
        purpose, _, version = part.partition(":")
        if purpose == CONTACT_PURPOSE and version:
            return version
    return ""


def follower_json(row: Any) -> dict[str, Any]:
    """What a delivery says about a follower held by the databank (see the module's doc)."""
    from lea_desktop.formkit import load_form_version

    answers = json.loads(row.answers)
    consent = json.loads(row.consent) if row.consent else {}
    form = load_form_version(row.form_id, row.form_version)
    by_type: dict[str, str] = {}
    contact_field = ""
    if form is not None:
        by_type = {f.type: f.id for f in reversed(form.fields)}
        contact_field = next(
            (f.id for f in form.consent_fields() if f.consent == CONTACT_PURPOSE), ""
        )
    may_contact = bool(
        contact_field
        and answers.get(contact_field) is True
        and CONTACT_PURPOSE in (consent.get("purposes") or ())
    )
    out: dict[str, Any] = {
        "id": row.id,
        "revision": int(row.revision),
        "event_id": row.event_id,
        "form_id": row.form_id,
        "form_version": int(row.form_version),
        "source": row.source,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "country": str(answers.get(by_type.get("country", ""), "") or ""),
        "types": list(answers.get(TYPES_FIELD) or []),
        "consent": {
            "contact": may_contact,
            "given_at": str(consent.get("given_at") or "") if may_contact else "",
            "text_version": _consent_version(consent) if may_contact else "",
        },
    }
    if may_contact:
        out["contact"] = {
            "email": str(answers.get(by_type.get("email", ""), "") or ""),
            "name": str(answers.get(NAME_FIELD) or ""),
            "organisation": str(answers.get(ORGANISATION_FIELD) or ""),
            "language": str(consent.get("language") or ""),
        }
    return out


def _body(conn: Connection, delivery: Any, sent_at: str) -> bytes | None:
    """The JSON of a delivery, or None when its follower is no longer held (erased since)."""
    if delivery.event == ERASED:
        follower: dict[str, Any] = {"id": delivery.record_id}
    else:
        r = db.records.c
        row = conn.execute(select(db.records).where(r.id == delivery.record_id)).first()
        if row is None:
            return None
        follower = follower_json(row)
    doc = {
        "id": delivery.id,
        "type": delivery.event,
        "occurred_at": delivery.created_at,
        "sent_at": sent_at,
        "follower": follower,
    }
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


# --------------------------------------------------------------------------- delivering


def claim_due(engine: Engine, limit: int = 20) -> list[Any]:
    """Take up to `limit` due deliveries for this process (a conditional UPDATE each: another
    server process that read the same row finds it taken)."""
    d = db.webhook_deliveries.c
    now = clock.now_iso()
    with db.read_connection(engine) as conn:
        due = conn.execute(
            select(db.webhook_deliveries)
            .where(and_(d.status.in_((PENDING, SENDING)), d.next_attempt_at <= now))
            .order_by(d.next_attempt_at, d.created_at)
            .limit(limit)
        ).all()
    taken = []
    for row in due:
        with db.write_lock(engine), engine.begin() as conn:
            done = conn.execute(
                update(db.webhook_deliveries)
                .where(
                    and_(
                        d.id == row.id,
                        d.next_attempt_at == row.next_attempt_at,
                        d.status.in_((PENDING, SENDING)),
                    )
                )
                .values(status=SENDING, next_attempt_at=clock.after(LEASE))
            )
            if done.rowcount:
                taken.append(row)
    return taken


def deliver_due(engine: Engine, client: Any, base_delay: float) -> int:
    """Send every due delivery once (`client`: an httpx.Client); how many were attempted."""
    from lea_desktop import __version__

    hooks = db.webhooks.c
    attempted = 0
    for delivery in claim_due(engine):
        with db.read_connection(engine) as conn:
            hook = conn.execute(
                select(hooks.url, hooks.secret, hooks.removed_at).where(
                    hooks.id == delivery.webhook_id
                )
            ).first()
            sent_at = clock.now_iso()
            body = None if hook is None else _body(conn, delivery, sent_at)
        if hook is None or hook.removed_at is not None:
            _finish(engine, delivery, CANCELLED, error="webhook removed")
            continue
        if body is None:
            _finish(engine, delivery, SKIPPED, error="the follower was erased since")
            continue
        attempted += 1
        headers = {
            "Content-Type": "application/json",
            "User-Agent": f"lea-databank/{__version__}",
            "X-LEA-Event": delivery.event,
            "X-LEA-Delivery": delivery.id,
            SIGNATURE_HEADER: sign(hook.secret, int(time.time()), body),
        }
        status, error = None, ""
        try:
            answer = client.post(hook.url, content=body, headers=headers)
            status = answer.status_code
            if not 200 <= status < 300:
                error = f"HTTP {status}"
        except Exception as exc:  # refused, timed out, TLS: kept as its type, retried
            error = type(exc).__name__
        attempts = int(delivery.attempts) + 1
        if not error:
            _finish(engine, delivery, DELIVERED, attempts=attempts, status=status)
        elif attempts >= MAX_ATTEMPTS:
            _finish(engine, delivery, FAILED, attempts=attempts, status=status, error=error)
        else:
            _finish(engine, delivery, PENDING, attempts=attempts, status=status, error=error,
                    retry_in=clock.backoff(attempts, base_delay, MAX_DELAY))  # fmt: skip
        log.info(
            "webhook %s delivery %s (%s): attempt %d, %s",
            delivery.webhook_id, delivery.id, delivery.event, attempts, error or f"HTTP {status}",
        )  # fmt: skip
    return attempted


def _finish(engine: Engine, delivery: Any, state: str, *, attempts: int | None = None,
            status: int | None = None, error: str = "", retry_in: float = 0.0) -> None:  # fmt: skip
    d = db.webhook_deliveries.c
    values: dict[str, Any] = {"status": state, "last_error": error}
    if attempts is not None:
        values["attempts"] = attempts
    if status is not None:
        values["last_status"] = status
    if state == DELIVERED:
        values["delivered_at"] = clock.now_iso()
    values["next_attempt_at"] = (
        clock.after(retry_in) if state == PENDING else delivery.next_attempt_at
    )
    with db.write_lock(engine), engine.begin() as conn:
        conn.execute(update(db.webhook_deliveries).where(d.id == delivery.id).values(**values))


def next_due_in(engine: Engine, cap: float = 1.0) -> float:
    """Seconds until the next delivery is due (at most `cap`)."""
    d = db.webhook_deliveries.c
    with db.read_connection(engine) as conn:
        first = conn.execute(
            select(d.next_attempt_at)
            .where(d.status.in_((PENDING, SENDING)))
            .order_by(d.next_attempt_at)
            .limit(1)
        ).scalar()
    if first is None:
        return cap
    wait = (clock.parse_iso(first) - clock.now()).total_seconds()
    return max(0.0, min(cap, wait))


def wait_for_work(seconds: float) -> None:
    """Sleep until `seconds` pass or a change queues a delivery in this process."""
    _wake.wait(seconds)
    _wake.clear()


# --------------------------------------------------------------------------- the log


@dataclass(frozen=True)
class LogEntry:
    id: str
    webhook_id: int
    event: str
    record_id: str
    created_at: str
    status: str
    attempts: int
    last_status: int | None
    last_error: str
    next_attempt_at: str
    delivered_at: str | None

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def delivery_log(
    conn: Connection, *, limit: int = 50, webhook_id: int | None = None
) -> list[LogEntry]:
    """The newest deliveries first (no payload is kept: only what happened)."""
    d = db.webhook_deliveries.c
    query = select(db.webhook_deliveries).order_by(d.created_at.desc(), d.id).limit(limit)
    if webhook_id is not None:
        query = query.where(d.webhook_id == webhook_id)
    return [
        LogEntry(
            r.id,
            int(r.webhook_id),
            r.event,
            r.record_id,
            r.created_at,
            r.status,
            int(r.attempts),
            r.last_status,
            r.last_error or "",
            r.next_attempt_at,
            r.delivered_at,
        )
        for r in conn.execute(query)
    ]


def forget_delivered(conn: Connection, before: str) -> int:
    """Delete finished deliveries older than `before` (ISO): the log does not grow forever."""
    d = db.webhook_deliveries.c
    done = conn.execute(
        delete(db.webhook_deliveries).where(
            and_(
                d.created_at < before,
                or_(
                    d.status == DELIVERED,
                    d.status == SKIPPED,
                    d.status == CANCELLED,
                    d.status == FAILED,
                ),
            )
        )
    )
    return int(done.rowcount or 0)


async def delivery_loop(app: Any, base_delay: float) -> None:
    """`serve`'s background task: send due deliveries, then sleep until the next is due (a
    second at most, or at once when this process queues one); once a day, forget finished
    deliveries older than 30 days."""
    import asyncio

    import httpx

    engine = app.state.engine
    client = httpx.Client(timeout=TIMEOUT, follow_redirects=False, trust_env=False)
    tidied = 0.0
    try:
        while True:
            try:
                await asyncio.to_thread(deliver_due, engine, client, base_delay)
                if time.monotonic() - tidied > 86_400:
                    tidied = time.monotonic()
                    cutoff = clock.iso(clock.now() - dt.timedelta(days=LOG_DAYS))

                    def tidy(cutoff: str = cutoff) -> int:
                        with db.write_lock(engine), engine.begin() as conn:
                            return forget_delivered(conn, cutoff)

                    await asyncio.to_thread(tidy)
                wait = await asyncio.to_thread(next_due_in, engine)
            except Exception as error:  # a busy database: try again shortly
                log.warning("webhook deliveries: %s", type(error).__name__)
                wait = 1.0
            await asyncio.to_thread(wait_for_work, wait)
    finally:
        client.close()


LOG_DAYS = 30
