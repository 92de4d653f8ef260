"""The confirmation emails' outbox: the public form's sign-ups are emailed by a task of `serve`,
never inside the visitor's request.

- `POST /join` holds the sign-up (`signup_pending`) with its email due at once, in the same
  transaction, wakes the sender (`Outbox.wake`) and answers "check your email": the visitor
  never waits for the SMTP server, and a sign-up is not lost while that server is away.
- The sender (`Outbox.run`) **claims** due emails with a lease (`claim`: in one write
  transaction, `mail_due_at` moves to the lease's end; on PostgreSQL the rows are read `FOR
  UPDATE SKIP LOCKED`, on SQLite the transaction holds the database's write lock), so two
  databank processes (`serve --workers`, or two servers on one database) never send one email
  twice. It sends up to `CONCURRENCY` at once on its own threads, then records each outcome
  with its next claim: sent (`mail_sent_at`; `mail_due_at` cleared); refused for good by the
  SMTP server (a 5xx answer to the recipient or the message: `mail_error` kept, not retried);
  else due again after a backoff (`serve --mail-backoff`, doubled at each attempt, at most
  `MAX_DELAY`). A held sign-up is deleted after 7 days, its email with it, sent or not.
- An email that was sent but whose outcome was lost (the process killed between the two) is
  sent again when its lease ends, as the same message: the row's Message-ID and confirmation
  link are fixed when the sign-up is held, so the copy is the same email.
- It wakes when this process holds a sign-up, when a send finishes, and at the next due time
  (at most every `POLL` seconds: other processes' sign-ups). Emails due before a restart are
  sent after it. On shutdown it claims nothing more and waits a moment for the emails being
  sent, recording their outcomes.
- Nothing personal is logged: sign-up ids, counts and SMTP status codes, never an address
  (the SMTP server's refusal text, which may quote it, is not kept either).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import smtplib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.message import Message
from typing import Any

from sqlalchemy import Engine, func, select, update

from lea_desktop.databank import db, mail
from lea_desktop.domain import clock

log = logging.getLogger("lea_desktop.databank.outbox")

CONCURRENCY = 4  # emails sent at once by one process
LEASE = 300.0  # seconds a claimed email is this sender's; the SMTP client times out long before
MAX_DELAY = 900.0  # seconds between two attempts, at most
POLL = 2.0  # seconds between looks at the queue when nothing woke the sender
STOP_WAIT = 10.0  # seconds shutdown waits for the emails being sent


@dataclass(frozen=True)
class Due:
    """A claimed email: what its message is made from."""

    id: str
    created_at: str
    lang: str
    answers: str  # JSON
    message_id: str | None
    attempts: int  # this one included


@dataclass(frozen=True)
class Outcome:
    id: str
    attempts: int
    error: str = ""  # "" when sent
    permanent: bool = False
    released: bool = False  # claimed, never begun: due again at once


def claim(
    engine: Engine, limit: int, outcomes: list[Outcome], base_delay: float
) -> tuple[list[Due], float]:
    """Record `outcomes` and take up to `limit` due emails for this sender, in one write
    transaction; (the emails taken, seconds until the next one is due: `POLL` at most)."""
    p = db.signup_pending.c
    now = clock.now_iso()
    first_due = select(func.min(p.mail_due_at)).where(p.mail_due_at.isnot(None))
    if not outcomes:
        # Nothing to record: look before taking the write lock, which the visitors' requests
        # queue on; most looks find nothing due.
        with db.read_connection(engine) as conn, conn.begin():
            first = conn.execute(first_due).scalar()
        if first is None or first > now or limit <= 0:
            return [], _until(first)
    with db.write_lock(engine), engine.begin() as conn:
        for done in outcomes:
            values: dict[str, Any]
            if done.released:
                values = {"mail_due_at": now, "mail_attempts": done.attempts}
            elif not done.error:
                values = {"mail_due_at": None, "mail_sent_at": now, "mail_error": ""}
            elif done.permanent:
                values = {"mail_due_at": None, "mail_error": done.error}
            else:
                values = {
                    "mail_due_at": clock.after(clock.backoff(done.attempts, base_delay, MAX_DELAY)),
                    "mail_error": done.error,
                }
            # A sign-up confirmed (or purged) meanwhile is gone: nothing to record.
            conn.execute(update(db.signup_pending).where(p.id == done.id).values(**values))
        taken: list[Due] = []
        if limit > 0:
            rows = conn.execute(
                select(p.id, p.created_at, p.lang, p.answers, p.mail_message_id, p.mail_attempts)
                .where(p.mail_due_at.isnot(None), p.mail_due_at <= now)
                .order_by(p.mail_due_at)
                .limit(limit)
                .with_for_update(skip_locked=True)  # PostgreSQL; SQLite holds the write lock
            ).all()
            if rows:
                conn.execute(
                    update(db.signup_pending)
                    .where(p.id.in_([row.id for row in rows]))
                    .values(mail_due_at=clock.after(LEASE), mail_attempts=p.mail_attempts + 1)
                )
            taken = [
                Due(r.id, r.created_at, r.lang, r.answers, r.mail_message_id, r.mail_attempts + 1)
                for r in rows
            ]
        first = conn.execute(first_due).scalar()
    return taken, _until(first)


def _until(first: str | None) -> float:
    """Seconds until `first` (ISO), at most `POLL`."""
    if first is None:
        return POLL
    wait = (clock.parse_iso(first) - clock.now()).total_seconds()
    return max(0.0, min(POLL, wait))


def refused_for_good(error: BaseException) -> bool:
    """Did the SMTP server refuse this email for good (5xx to its recipient or its content)?
    A refused sender, a failed login or any other trouble is the server's or the settings'
    and is retried."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPDataError):
        return 500 <= error.smtp_code < 600
    return False


def describe(error: BaseException) -> str:
    """What is kept of a failure: its type and SMTP status code, never its text (a server's
    refusal may quote the address)."""
    name = type(error).__name__
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _text in error.recipients.values()})
        return f"{name} {','.join(str(c) for c in codes)}".strip()
    code = getattr(error, "smtp_code", None)
    return f"{name} {code}" if isinstance(code, int) else name


Build = Callable[[Due], Message]


class Outbox:
    """The sender of one server process (see the module's doc). `build(due)` makes the email;
    `server` is where it goes."""

    def __init__(self, engine: Engine, server: mail.SmtpServer, build: Build,
                 base_delay: float) -> None:  # fmt: skip
        self.engine = engine
        self.server = server
        self.build = build
        self.base_delay = base_delay
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def wake(self) -> None:
        """A sign-up was held in this process: look at the queue now (from any thread)."""
        loop, event = self._loop, self._wake
        if loop is None or event is None:
            return  # not running: the emails wait for the next start
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            event.set()
        else:
            loop.call_soon_threadsafe(event.set)

    def deliver(self, due: Due) -> Outcome:
        """Send one claimed email (on a sender thread)."""
        try:
            message = self.build(due)
            mail.send(self.server, message)
        except Exception as error:  # refused, unreachable, timed out, TLS: recorded, retried
            permanent = refused_for_good(error)
            outcome = Outcome(due.id, due.attempts, describe(error), permanent)
            if permanent:
                log.warning("confirmation email of sign-up %s refused for good: %s",
                            due.id, outcome.error)  # fmt: skip
            else:
                log.warning("confirmation email of sign-up %s not sent (attempt %d): %s",
                            due.id, due.attempts, outcome.error)  # fmt: skip
            return outcome
        log.info("confirmation email of sign-up %s sent", due.id)
        return Outcome(due.id, due.attempts)

    async def run(self) -> None:
        """Send due emails until cancelled (`serve`'s background task)."""
        loop = asyncio.get_running_loop()
        self._loop, self._wake = loop, asyncio.Event()
        wake = self._wake
        pool = ThreadPoolExecutor(CONCURRENCY, thread_name_prefix="lea-mail")
        sending: set[asyncio.Future[Outcome]] = set()
        finished: list[Outcome] = []
        woken: asyncio.Future[Any] | None = None
        claiming: asyncio.Future[tuple[list[Due], float]] | None = None
        outcomes: list[Outcome] = []  # those the running claim records
        try:
            while True:
                wake.clear()
                free = CONCURRENCY - len(sending)
                wait: float | None = None
                if finished or free > 0:
                    outcomes, finished = finished, []
                    claiming = loop.run_in_executor(
                        None, claim, self.engine, free, outcomes, self.base_delay
                    )
                    try:
                        # Shielded: cancelled (shutdown) while the claim runs, the claim's
                        # future still tells `_stop` what it took, to give back.
                        taken, wait = await asyncio.shield(claiming)
                    except asyncio.CancelledError:
                        raise
                    except Exception as error:  # a busy or unreachable database: again soon
                        log.warning("confirmation emails: %s", type(error).__name__)
                        finished = outcomes + finished
                        taken, wait = [], 1.0
                    claiming = None
                    for due in taken:
                        sending.add(loop.run_in_executor(pool, self.deliver, due))
                    # Every thread busy: wait for one to finish. Else at least a moment (one
                    # due but not taken is in another sender's claim this instant).
                    wait = None if len(sending) == CONCURRENCY else max(wait, 0.05)
                if woken is None or woken.done():
                    woken = asyncio.ensure_future(wake.wait())
                done, _ = await asyncio.wait(
                    {woken, *sending}, timeout=wait, return_when=asyncio.FIRST_COMPLETED
                )
                for future in done & sending:
                    sending.discard(future)
                    finished.append(future.result())
        finally:
            if woken is not None:
                woken.cancel()
            await self._stop(pool, claiming, outcomes, sending, finished)

    async def _stop(
        self,
        pool: ThreadPoolExecutor,
        claiming: asyncio.Future[tuple[list[Due], float]] | None,
        outcomes: list[Outcome],
        sending: set[asyncio.Future[Outcome]],
        finished: list[Outcome],
    ) -> None:
        """Shutdown: wait a moment for the emails being sent and record what became of them;
        emails claimed but not begun are due again at once. One still being sent keeps its
        lease (it is sent again when the lease ends)."""
        self._loop = self._wake = None
        with contextlib.suppress(asyncio.CancelledError):
            if claiming is not None:
                done, _ = await asyncio.wait({claiming}, timeout=STOP_WAIT)
                if done and not claiming.cancelled() and claiming.exception() is None:
                    finished += [
                        Outcome(due.id, due.attempts - 1, released=True)
                        for due in claiming.result()[0]
                    ]
                else:  # not recorded: again below
                    finished += outcomes
            if sending:
                done, _ = await asyncio.wait(sending, timeout=STOP_WAIT)
                finished += [future.result() for future in done]
        pool.shutdown(wait=False, cancel_futures=True)
        if finished:
            try:
                await asyncio.to_thread(claim, self.engine, 0, finished, self.base_delay)
            except Exception as error:
                log.warning("confirmation emails at shutdown: %s", type(error).__name__)


def queued(engine: Engine) -> dict[str, int]:
    """The outbox at a glance (counts only): due, sent, refused for good."""
    p = db.signup_pending.c
    with db.read_connection(engine) as conn, conn.begin():
        due = conn.execute(select(func.count()).where(p.mail_due_at.isnot(None))).scalar()
        sent = conn.execute(select(func.count()).where(p.mail_sent_at.isnot(None))).scalar()
        refused = conn.execute(
            select(func.count()).where(
                p.mail_due_at.is_(None), p.mail_sent_at.is_(None), p.mail_error != ""
            )
        ).scalar()
    return {"due": int(due or 0), "sent": int(sent or 0), "refused": int(refused or 0)}
