"""Reconciliation: does the databank hold every record of this laptop, at the same revision?

Asks `GET /api/v1/reconcile` about this laptop's device id (the databank answers a laptop only
about its own records) through the sync engine's requests (its health check and retries),
compares ids and revisions with the local database and the outbox, and returns a `Receipt` that
says so in one sentence, or lists every record that is not held as it is here and why. Ids,
revisions, events and times only: a receipt carries no personal data.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from lea_desktop.domain import clock
from lea_desktop.domain.wording import plural
from lea_desktop.storage import Store, erasures, events, registrations, sync_queue
from lea_desktop.sync import protocol
from lea_desktop.sync.client import DatabankClient, SyncProblem
from lea_desktop.sync.engine import Requests


@dataclass(frozen=True)
class Difference:
    id: str
    event_id: str
    created_at: str
    local_revision: int | None  # None: not on this laptop
    remote_revision: int | None  # None: not held by the databank
    why: str
    requeueable: bool = False  # on this laptop, behind or missing centrally, not in the queue


@dataclass
class Receipt:
    checked_at: str
    databank_url: str
    databank_id: str
    device_ids: list[str]
    event_id: str | None
    event_name: str
    local_total: int
    held_same: int
    differences: list[Difference] = field(default_factory=list)
    other_laptops: int = 0  # records here that another laptop collected: its own to check

    @property
    def all_held(self) -> bool:
        return not self.differences

    def headline(self) -> str:
        n = self.local_total
        noun = "record" if n == 1 else "records"
        if self.all_held:
            if n == 0:
                return "No records on this laptop" + (" for this event." if self.event_id else ".")
            return f"{n} {noun}, all held centrally at the same revision"
        return (
            f"{n} {noun}: {self.held_same} held centrally at the same revision, "
            f"{len(self.differences)} not"
        )

    def lines(self) -> list[str]:
        out = [self.headline()]
        for d in self.differences:
            local = "-" if d.local_revision is None else str(d.local_revision)
            remote = "-" if d.remote_revision is None else str(d.remote_revision)
            out.append(f"  {d.id}  laptop r{local} / databank r{remote}: {d.why}")
        if self.other_laptops:
            n = self.other_laptops
            out.append(
                f"  ({plural(n, 'record')} here {'was' if n == 1 else 'were'} collected on "
                f"another laptop: that laptop checks {'it' if n == 1 else 'them'})"
            )
        return out

    def requeueable(self) -> list[str]:
        return [d.id for d in self.differences if d.requeueable]


def reconcile(store: Store, client: DatabankClient, *, event_id: str | None = None) -> Receipt:
    """Compare this laptop with the databank (blocking; network under the client's deadline)."""
    db = store.db
    everything = {
        rid: (revision, ev, created, device or store.device_id)
        for rid, (revision, ev, created, device) in registrations.revisions(db, event_id).items()
    }
    local = {k: v for k, v in everything.items() if v[3] == store.device_id}
    devices = [store.device_id]

    async def fetch() -> tuple[str, dict[str, protocol.HeldRecord]]:
        # The engine's own health check and retries: a captive portal's page is not an answer,
        # a reset or a 5xx is tried again, exactly as in a sync cycle.
        async with asyncio.timeout(client.limits.deadline), client:
            requests = Requests(client)
            health = await requests.health()
            held: dict[str, protocol.HeldRecord] = {}
            for device in devices:
                after = ""
                while True:
                    params = {"device_id": device, "after": after}
                    if event_id:
                        params["event_id"] = event_id
                    page = await requests.call(
                        "GET", protocol.RECONCILE, protocol.parse_reconcile_page, params=params
                    )
                    held.update((h.id, h) for h in page.records)
                    if not page.more:
                        break
                    after = page.last
            return health.databank_id, held

    try:
        databank_id, held = asyncio.run(fetch())
    except TimeoutError:
        raise SyncProblem("The databank did not answer in time; try again later.") from None

    queue = sync_queue.registration_states(db)
    tombstones = sync_queue.queued_tombstones(db)
    erased = set(erasures.erased_ids(db))
    differences: list[Difference] = []
    same = 0
    for rid, (revision, ev, created, _device) in sorted(local.items(), key=lambda kv: kv[1][2]):
        h = held.get(rid)
        if h is not None and h.revision == revision:
            same += 1
            continue
        status = queue.get(rid)
        if status is None:
            waiting, can_requeue = "not in the queue", True
        elif status[0] == "rejected":
            waiting, can_requeue = f"rejected by the databank: {status[1]}", False
        else:
            waiting, can_requeue = "waiting in the queue", False
        if h is None:
            why = f"not held centrally; {waiting}"
        elif h.revision < revision:
            why = f"the databank has an older revision; {waiting}"
        else:
            why, can_requeue = "the databank has a newer revision (conflict)", False
        differences.append(
            Difference(rid, ev, created, revision, h.revision if h else None, why, can_requeue)
        )
    for rid, h in sorted(held.items()):
        if rid in local:
            continue
        if rid in tombstones:
            why = "erased or deleted here; the erasure is waiting in the queue"
        elif rid in erased:
            why = "erased here; the erasure has not reached the databank"
        else:
            why = "held centrally but not on this laptop"
        differences.append(Difference(rid, h.event_id, "", None, h.revision, why))
    event = events.get(db, event_id) if event_id else None
    return Receipt(
        checked_at=clock.now_iso(),
        databank_url=client.base_url,
        databank_id=databank_id,
        device_ids=devices,
        event_id=event_id,
        event_name=event.name if event else "",
        local_total=len(local),
        held_same=same,
        differences=differences,
        other_laptops=len(everything) - len(local),
    )
