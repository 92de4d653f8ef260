"""The sync engine: one push-and-pull cycle between this laptop and the databank.

    report = sync_once(store, erase=…)        # usecases.syncing.sync_once: `lea-desktop sync`, GUI
    report = push_all(store, client)          # push only (benchmarks)

A cycle: health check (is this really our databank, not a captive portal?) → pull erasures
(tombstones) and erase those records here → pull events → pull web sign-ups → pull the records of
the token's scope (`scoped_pull`) → push events → push erasures made here → push registrations
in batches. Each batch's answer is checked and applied in one local
transaction; only records the answer names as accepted, at the revision sent, leave the outbox.
An interrupted cycle (network gone, laptop closed, deadline reached) loses nothing: the outbox and
the pull cursors are durable, and the databank ignores what it already has.

Transient failures (connection reset, timeout, 5xx, cut answer) are retried with exponential
backoff and full jitter; a captive portal, a refused token or a deadline end the cycle at once.
The whole cycle runs under one asyncio deadline (`SyncLimits.deadline`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from lea_desktop.domain import clock
from lea_desktop.domain.records import RECORD_COLUMNS
from lea_desktop.storage import Store, pulled, settings, sync_queue
from lea_desktop.storage.sync_queue import QueuedRow, Verdict
from lea_desktop.sync import credentials, directory_pull, protocol
from lea_desktop.sync.client import (
    CANCELLED,
    NO_TOKEN,
    NOT_CONFIGURED,
    OK,
    TIMEOUT,
    BadAnswer,
    DatabankClient,
    JsonText,
    NotDatabank,
    Offline,
    Refused,
    SyncLimits,
    SyncProblem,
    insecure_warning,
)
from lea_desktop.sync.scoped_pull import pull_scoped_records

log = logging.getLogger("lea_desktop.sync")

T = TypeVar("T")
Progress = Callable[[int, int, str], None]


@dataclass
class SyncReport:
    """What one cycle did and where it stopped. `complete` = nothing is left waiting."""

    state: str = OK
    message: str = ""
    started_at: str = ""
    finished_at: str = ""
    databank_id: str = ""
    records: dict[str, int] = field(default_factory=dict)  # outcome → count
    events_sent: int = 0
    event_conflicts: int = 0  # events changed elsewhere: the databank's copy was adopted
    tombstones_sent: int = 0
    # Erasures of followers another laptop collected: erased here, requested centrally (a
    # coordinator decides at the databank).
    erasures_requested: int = 0
    events_pulled: int = 0
    web_signups_pulled: int = 0  # followers who signed up on the databank's form, new or changed
    records_pulled: int = 0  # full records of the token's scope from other laptops, new or changed
    record_conflicts: int = 0  # records changed here and elsewhere: both kept, to resolve
    erasures_pulled: int = 0
    directory_pulled: int = 0  # consortium directory entries new or changed
    directory_gone: int = 0  # consortium directory entries of erased followers
    pending: int = 0
    rejected: int = 0  # refused by the databank, waiting for a correction or Retry
    conflicts: int = 0  # followers changed here and elsewhere, waiting for a choice (Resolve…)
    warnings: list[str] = field(default_factory=list)

    @property
    def reached(self) -> bool:
        """The databank answered and the cycle ran to its end."""
        return self.state == OK

    @property
    def complete(self) -> bool:
        return self.state == OK and self.pending == 0 and self.rejected == 0 and not self.conflicts

    @property
    def accepted(self) -> int:
        return sum(self.records.get(s, 0) for s in protocol.ACCEPTED)

    def summary(self) -> str:
        """One line for the command line and the status bar."""
        if self.state == OK:
            from lea_desktop.domain.wording import plural, queue_counts

            sent = {  # each kind named: sign-ups, events and erasures are counted apart
                "registration": self.accepted,
                "event": self.events_sent,
                "tombstone": self.tombstones_sent,
            }
            parts = [f"{queue_counts(sent)} accepted" if any(sent.values()) else "nothing to send"]
            if self.events_pulled:
                parts.append(f"{plural(self.events_pulled, 'event')} received")
            if self.web_signups_pulled:
                parts.append(f"{plural(self.web_signups_pulled, 'web sign-up')} received")
            if self.records_pulled:
                parts.append(f"{plural(self.records_pulled, 'record')} of other laptops received")
            if self.conflicts:
                parts.append(f"{plural(self.conflicts, 'conflict')} to resolve on the Sync page")
            if self.erasures_pulled:
                parts.append(f"{plural(self.erasures_pulled, 'erasure')} applied")
            if self.erasures_requested:
                parts.append(f"{plural(self.erasures_requested, 'erasure')} requested centrally")
            if self.rejected:
                return (
                    f"{self.rejected} rejected by the databank (see: lea-desktop queue); "
                    + ", ".join(parts)
                )
            if self.pending:
                return f"{self.pending} still waiting; " + ", ".join(parts)
            return "Synced: " + ", ".join(parts) + "."
        waiting = f" ({self.pending} waiting)" if self.pending else ""
        return f"{self.message}{waiting}"

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "complete": self.complete, "summary": self.summary()}


class _Stop(Exception):
    """The caller asked the cycle to stop (GUI cancel, app closing)."""


# --------------------------------------------------------------------------- public entry points


def make_client(
    store: Store,
    limits: SyncLimits | None = None,
    *,
    url: str | None = None,
    token: str | None = None,
) -> DatabankClient:
    """A client for the configured databank and the stored token (or the `url`/`token` given,
    as at login), with the laptop's security settings (plain http allowed?, private CA);
    raises SyncProblem if the address or the token is missing."""
    url = url if url is not None else str(settings.get(store.db, "databank.url") or "")
    if not url:
        raise _NotConfigured(
            "No databank address set: lea-desktop config set databank.url https://…"
        )
    token = token if token is not None else credentials.load_token(store.home)
    if not token:
        raise _NoToken("Not logged in to the databank: lea-desktop login --token TOKEN")
    return DatabankClient(
        url,
        token,
        limits=limits,
        allow_insecure_http=bool(settings.get(store.db, "databank.allow_insecure_http")),
        ca_file=str(settings.get(store.db, "databank.ca_file") or ""),
    )


class _NotConfigured(SyncProblem):
    state = NOT_CONFIGURED


class _NoToken(SyncProblem):
    state = NO_TOKEN


# Erases on this laptop the records the databank says were erased (`usecases.erasure`; the
# engine sits below the use cases, so its caller hands it in).
EraseRecords = Callable[[Store, list[str]], object]


def sync_once(
    store: Store,
    client: DatabankClient | None = None,
    *,
    erase: EraseRecords,
    limits: SyncLimits | None = None,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    record_result: bool = True,
) -> SyncReport:
    """Run one full cycle (blocking; call it off the GUI thread) and return its report."""
    report = _start_report(store)
    try:
        client = client or make_client(store, limits)
    except SyncProblem as problem:
        return _finish(store, report, problem.state, problem.message, record_result)
    warning = insecure_warning(client.base_url)
    if warning and client.allow_insecure_http:
        report.warnings.append(warning)
    run = _Cycle(store, client, report, progress, should_stop, erase)
    return _run(store, run.full, report, client.limits, record_result)


def push_all(store: Store, client: DatabankClient, *, record_result: bool = False) -> SyncReport:
    """Push everything waiting (events, erasures, registrations), no pulls; for benchmarks:
    `push_all(store, DatabankClient(url, token, limits=SyncLimits(deadline=600)))`."""
    report = _start_report(store)
    run = _Cycle(store, client, report, None, None)
    return _run(store, run.push_only, report, client.limits, record_result)


def whoami(client: DatabankClient, home: Path | None = None) -> str:
    """The laptop name the databank knows the client's token by (checks health first); with
    `home`, the consortium key the databank hands over is kept for that data home."""

    async def ask() -> str:
        async with asyncio.timeout(client.limits.deadline), client:
            await Requests(client).health()
            who = await client.whoami()
            if home is not None and who.consortium_key:
                credentials.save_consortium_key(
                    home, protocol.check_consortium_key(who.consortium_key)
                )
            return who.name

    try:
        return asyncio.run(ask())
    except TimeoutError:
        raise Offline("The databank did not answer in time.") from None


# --------------------------------------------------------------------------- the cycle


def _start_report(store: Store) -> SyncReport:
    return SyncReport(started_at=clock.now_iso())


def _run(
    store: Store,
    work: Callable[[], Awaitable[None]],
    report: SyncReport,
    limits: SyncLimits,
    record_result: bool,
) -> SyncReport:
    async def bounded() -> None:
        async with asyncio.timeout(limits.deadline):
            await work()

    state, message = OK, ""
    try:
        asyncio.run(bounded())
    except TimeoutError:
        state = TIMEOUT
        message = (
            f"Stopped after {limits.deadline:g} s: the databank or the network is too slow. "
            "What was sent is kept; the rest goes next time."
        )
    except SyncProblem as problem:
        state, message = problem.state, problem.message
    except _Stop:
        state, message = CANCELLED, "Sync cancelled."
    return _finish(store, report, state, message, record_result)


def _finish(
    store: Store, report: SyncReport, state: str, message: str, record_result: bool
) -> SyncReport:
    report.state, report.message = state, message
    counts = sync_queue.counts(store.db)
    report.pending, report.rejected = counts["pending"], counts["rejected"]
    report.conflicts = counts["conflicts"]
    report.finished_at = clock.now_iso()
    log.info(
        "sync %s: %s accepted, %d events pulled, %d erasures pulled, %d pending, %d rejected, "
        "%d conflicts",
        state, report.accepted, report.events_pulled, report.erasures_pulled, report.pending,
        report.rejected, report.conflicts,
    )  # fmt: skip
    if record_result:
        try:
            sync_queue.save_last_result(store.db, report.to_json())
        except Exception as error:  # the report still reaches the caller
            log.warning("could not record the sync result: %s", type(error).__name__)
    return report


class Requests:
    """Requests to the databank the engine's way, for the sync cycle, `whoami` and
    reconciliation alike: transient failures (reset, timeout, 5xx, a cut or malformed answer)
    retried with exponential backoff and full jitter; a captive portal, a refused token or an
    answer that is not our databank's end the work at once (`client.py` tells them apart)."""

    def __init__(
        self, client: DatabankClient, should_stop: Callable[[], bool] | None = None
    ) -> None:
        self.client = client
        self.limits = client.limits
        self.should_stop = should_stop or (lambda: False)

    def _check_stop(self) -> None:
        if self.should_stop():
            raise _Stop()

    async def call(
        self,
        method: str,
        path: str,
        parse: Callable[[Any], T],
        *,
        params: dict[str, Any] | None = None,
        body: Any = None,
        retries: int | None = None,
    ) -> T:
        """One request with retries of transient failures (backoff with full jitter)."""
        retries = self.limits.retries if retries is None else retries
        attempt = 0
        while True:
            try:
                value = await self.client.request(method, path, params=params, body=body)
                try:
                    return parse(value)
                except protocol.ProtocolError as error:
                    raise BadAnswer(f"The databank's answer is malformed: {error}.") from None
            except SyncProblem as problem:
                if not problem.transient or attempt >= retries:
                    raise
                attempt += 1
                delay = random.uniform(
                    0, min(self.limits.backoff_cap, self.limits.backoff_base * 2 ** (attempt - 1))
                )
                log.info(
                    "retry %d of %s %s in %.2f s (%s)", attempt, method, path, delay, problem.state
                )
                self._check_stop()
                await asyncio.sleep(delay)

    _call = call

    async def health(self) -> protocol.Health:
        """Is the address really our databank (not a captive portal's page, not another
        service)? One retry of a transient failure: the first request of any work."""
        return await self.call("GET", protocol.HEALTH, _parse_health, retries=1)


class _Cycle(Requests):
    def __init__(
        self,
        store: Store,
        client: DatabankClient,
        report: SyncReport,
        progress: Progress | None,
        should_stop: Callable[[], bool] | None,
        erase: EraseRecords | None = None,  # None: a push-only cycle, which pulls nothing
    ) -> None:
        super().__init__(client, should_stop)
        self.store = store
        self.erase = erase
        self.db = store.db
        self.report = report
        self.progress = progress
        self.device_id = store.device_id
        self.done = 0
        self.total = 0
        self._conflicts: list[dict[str, Any]] = []  # databank copies of records in conflict

    # -- plumbing

    def _progress(self, text: str) -> None:
        if self.progress:
            self.progress(self.done, max(self.total, self.done), text)

    # -- the steps

    async def full(self) -> None:
        async with self.client:
            await self._health()
            await self._pull_tombstones()
            await self._pull_events()
            await self._pull_web_signups()
            await pull_scoped_records(self)
            await self._push_all()
            # After the push, so this laptop's own new followers come back in the directory.
            await directory_pull.pull_directory(self)

    async def push_only(self) -> None:
        async with self.client:
            await self._health()
            await self._push_all()

    async def _health(self) -> None:
        health = await self.health()
        self.report.databank_id = health.databank_id

    async def _pull_tombstones(self) -> None:
        from lea_desktop.storage import erasures

        if self.erase is None:
            raise RuntimeError("a cycle that pulls erasures needs `erase`")
        databank = self.report.databank_id
        since = sync_queue.cursors(self.db, databank)[1]
        while True:
            self._check_stop()
            page = await self._call(
                "GET",
                protocol.TOMBSTONES,
                lambda v, s=since: protocol.parse_tombstone_page(v, s),
                params={"since": since},
            )
            fresh = [i for i in page.ids if not erasures.is_erased(self.db, i)]
            if fresh:
                # Erase first, then move the cursor: a crash in between pulls the page again
                # and erasing twice changes nothing.
                self.erase(self.store, fresh)
                self.report.erasures_pulled += len(fresh)
            with self.db.atomic():
                sync_queue.set_cursor(self.db, databank, "tombstones", page.cursor)
            since = page.cursor
            if not page.more:
                return

    async def _pull_events(self) -> None:
        databank = self.report.databank_id
        since = sync_queue.cursors(self.db, databank)[0]
        while True:
            self._check_stop()
            page = await self._call(
                "GET",
                protocol.EVENTS,
                lambda v, s=since: protocol.parse_event_page(v, s),
                params={"since": since},
            )
            self.report.events_pulled += sync_queue.apply_event_page(
                self.db, databank, page.events, page.cursor
            )
            since = page.cursor
            if not page.more:
                return

    async def _pull_web_signups(self) -> None:
        """Followers who signed up with the databank's public form for this laptop's events:
        kept here as the databank's records (source web), never sent back."""
        from lea_desktop.domain.records import Registration
        from lea_desktop.formkit import load_form
        from lea_desktop.storage import erasures, registrations

        databank = self.report.databank_id
        since = sync_queue.web_signups_cursor(self.db, databank)
        while True:
            self._check_stop()
            try:
                records, cursor, more = await self._call(
                    "GET",
                    protocol.WEB_SIGNUPS,
                    lambda v, s=since: protocol.parse_web_signup_page(v, s),
                    params={"since": since},
                )
            except Refused as problem:
                if problem.status != 404:
                    raise
                # A databank from before the public form: it has no web sign-ups to give, and
                # the rest of the cycle goes on.
                log.info("the databank serves no web sign-ups (an older version)")
                return
            with self.db.atomic():
                for rec in records:
                    if erasures.is_erased(self.db, rec.id):
                        continue
                    try:
                        form = load_form(rec.form_id)
                    except (OSError, KeyError, ValueError):  # a form this version lacks
                        continue
                    reg = Registration(**rec.to_json())
                    key = str(rec.answers.get("email") or "").strip().casefold()
                    if registrations.store_pulled(self.db, reg, form.search_text(rec.answers), key):
                        self.report.web_signups_pulled += 1
                sync_queue.set_cursor(self.db, databank, "web_signups", cursor)
            since = cursor
            if not more:
                return

    async def _push_all(self) -> None:
        self.total = sync_queue.counts(self.db)["pending"]
        self._progress("Sending")
        await self._push("event")
        await self._push("tombstone")
        await self._push("registration")

    async def _push(self, entity: str) -> None:
        """Send the queued rows of one kind in batches, `in_flight` requests at a time: the next
        batch travels and is checked by the databank while this one's answer is applied here.
        Answers are applied in the order the batches were read; each on its own."""
        after = 0
        flying: deque[tuple[list[QueuedRow], asyncio.Task[protocol.BatchResult]]] = deque()
        try:
            while True:
                self._check_stop()
                if entity == "registration":
                    rows = sync_queue.next_wire_batch(
                        self.db,
                        device_id=self.device_id,
                        after_seq=after,
                        limit=self.limits.batch_size,
                    )
                else:
                    rows = sync_queue.next_batch(
                        self.db, entity, after_seq=after, limit=self.limits.batch_size
                    )
                if rows:
                    after = rows[-1].seq
                    self.done += sync_queue.drop_orphans(self.db, rows)
                    live = [r for r in rows if r.data is not None]
                    if live:
                        request = self._request(entity, live)
                        flying.append((live, asyncio.ensure_future(request)))
                if flying and (not rows or len(flying) >= max(1, self.limits.in_flight)):
                    sent_rows, task = flying.popleft()
                    self._apply(entity, sent_rows, await task)
                    self._progress("Sending")
                elif not rows:
                    return
        finally:
            for _rows, task in flying:  # a failure or a stop: answers not applied stay queued
                task.cancel()

    async def _request(self, entity: str, rows: list[QueuedRow]) -> protocol.BatchResult:
        body: Any
        if entity == "registration":
            # Records come from SQLite as JSON text (`next_wire_batch`), spliced into the body
            # as they are; a row SQLite could not encode comes decoded and is encoded here.
            sent, texts = {}, []
            for r in rows:
                data = r.data or {}
                if r.wire is not None:
                    texts.append(r.wire)
                else:
                    record = _wire_record(data, self.device_id)
                    texts.append(json.dumps(record.to_json(), ensure_ascii=False))
                sent[data["id"]] = int(data["revision"])
            path = protocol.RECORDS_BATCH
            body = JsonText(protocol.record_batch_text(self.device_id, texts))
        elif entity == "event":
            events = [protocol.WireEvent(**(r.data or {})) for r in rows]
            sent = {e.id: e.revision for e in events}
            path, body = protocol.EVENTS_BATCH, protocol.event_batch(self.device_id, events)
        else:
            sent = {r.entity_id: 0 for r in rows}
            # Who asks, kept with an erasure request for a follower another laptop collected.
            staff = str(settings.get(self.db, "staff.name") or "")
            path = protocol.TOMBSTONES
            body = protocol.tombstone_batch(self.device_id, list(sent), staff)
        return await self._call(
            "POST", path, lambda v: protocol.parse_batch_result(v, sent), body=body
        )

    def _apply(self, entity: str, rows: list[QueuedRow], result: protocol.BatchResult) -> None:
        verdicts: list[Verdict] = []
        for outcome in result.outcomes:
            if entity == "event" and outcome.status == protocol.CONFLICT and outcome.current:
                sync_queue.adopt_event(self.db, outcome.current, outcome.revision)
                self.report.event_conflicts += 1
                continue
            if entity == "registration" and outcome.status == protocol.CONFLICT:
                self._keep_conflict(outcome)
            done = _done(entity, outcome)
            verdicts.append(
                Verdict(
                    outcome.id,
                    outcome.revision,
                    done,
                    "" if done else _reason(outcome),
                    outcome.server_revision,
                )
            )
            if entity == "tombstone" and outcome.status == protocol.REQUESTED:
                self.report.erasures_requested += 1
            if entity == "registration":
                key = outcome.status
                self.report.records[key] = self.report.records.get(key, 0) + 1
        accepted, _refused = sync_queue.apply_outcomes(self.db, entity, rows, verdicts)
        if self._conflicts:
            with self.db.atomic():  # after the outcomes: the row set aside says why
                for theirs in self._conflicts:
                    pulled.keep_conflict(self.db, theirs, int(theirs["revision"]))
            self._conflicts = []
        if entity == "event":
            self.report.events_sent += accepted
        elif entity == "tombstone":
            self.report.tombstones_sent += accepted
        self.done += len(rows)

    def _keep_conflict(self, outcome: protocol.Outcome) -> None:
        """A record changed here and at the databank: keep the databank's copy (sent with the
        outcome) beside this laptop's, to resolve on the Sync page."""
        current = outcome.current
        if not current:
            return
        try:
            theirs = protocol.parse_record(current)
        except protocol.ProtocolError:
            return
        if theirs.id != outcome.id:
            return
        self.report.record_conflicts += 1
        self._conflicts.append(theirs.to_json())


def _parse_health(value: Any) -> protocol.Health:
    try:
        return protocol.parse_health(value)
    except protocol.ProtocolError as error:
        raise NotDatabank(f"The address answers, but {error}.") from None


def _done(entity: str, outcome: protocol.Outcome) -> bool:
    """Whether the outcome takes the row off the queue: an accepted record or event; for an
    erasure, also one held centrally as a request or of an id the databank never held."""
    if entity == "tombstone":
        return outcome.status in protocol.ERASURE_DONE
    return outcome.accepted


def _reason(outcome: protocol.Outcome) -> str:
    if outcome.status == protocol.CONFLICT:
        return f"conflict: {outcome.reason or 'the databank holds another version'}"
    if outcome.status == protocol.FORBIDDEN:
        return f"forbidden: {outcome.reason or 'this laptop may not change it'}"
    return outcome.reason or "rejected by the databank"


def _wire_record(data: dict[str, Any], device_id: str) -> protocol.WireRecord:
    fields = {name: data[name] for name in RECORD_COLUMNS}
    fields.update(
        form_version=int(data["form_version"]),
        revision=int(data["revision"]),
        device_id=data["device_id"] or device_id,
        collected_by=data["collected_by"] or "",
        source=data["source"] or "app",
        loi_status=data["loi_status"] or "",
        loi_date=data["loi_date"] or "",
    )
    return protocol.WireRecord(**fields)
