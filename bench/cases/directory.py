"""The consortium's follower directory: pulling 100,000 entries, and the duplicate check.

Pull, app (A): a laptop with an empty directory runs one sync cycle (`usecases.syncing.
sync_once`: health, pulls, an empty push, then the directory step of `sync/directory_pull.py`)
against `lea-databank serve` holding 100,000 followers: every page fetched, checked entry by
entry (`protocol.parse_directory_page`) and applied with its cursor in its own transaction.
Floor (B): httpx GETs of the same pages from the same server, each page's entries inserted with
sqlite3 executemany into a table of the same shape, committed per page (WAL, synchronous=FULL as
the laptop's store) — no checks, no cursor, no cycle. Compared as entries per second.

Duplicate check: `usecases.directory.lookup` (this laptop's records, then the directory by the
address's keyed hash) for addresses in the directory and addresses nowhere, on the laptop that
pulled it; p99 over 2,000 look-ups.

The databank's database is filled directly (the records table as syncs leave it), then its
directory change log made with `databank.directory.touch`: neither is measured.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import uuid

from bench.cases.common import new_home, open_store
from bench.cases.public_map import _fill
from bench.cases.sync import ROOT, Server
from bench.data import followers
from bench.harness import BenchError, Context, Metric, absolute, alternate, case, paired

FLOOR_TABLE = """CREATE TABLE directory (
    id TEXT PRIMARY KEY, email_key TEXT, organisation TEXT, country TEXT, city TEXT,
    types TEXT, event_id TEXT, partner TEXT, device_id TEXT, laptop TEXT, created_at TEXT,
    updated_at TEXT, lea_n INTEGER, loi_status TEXT) WITHOUT ROWID"""
FLOOR_INDEX = "CREATE INDEX directory_email ON directory(email_key) WHERE email_key != ''"
FLOOR_KEYS = (
    "id", "email_key", "organisation", "country", "city", "types", "event_id", "partner",
    "device_id", "laptop", "created_at", "updated_at", "lea_n", "loi_status",
)  # fmt: skip


def _make_directory(path: str) -> None:
    from lea_desktop.databank import db, directory

    engine = db.make_engine(path)
    directory.fill_missing(engine)
    engine.dispose()


@case(
    "directory",
    "pulling a 100,000-follower directory (one sync cycle), and the duplicate check against it",
    floor="httpx GET of the same pages, each inserted with sqlite3 executemany and committed",
    order=75,
)
def run(ctx: Context) -> list[Metric]:
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    import httpx

    from lea_desktop.storage import directory as stored
    from lea_desktop.storage import settings
    from lea_desktop.sync import credentials, directory_pull
    from lea_desktop.sync.client import DatabankClient, SyncLimits
    from lea_desktop.usecases import directory
    from lea_desktop.usecases.syncing import sync_once

    n = ctx.size(100_000, 20_000, smoke=500)
    rounds = ctx.size(3, 2, smoke=1)
    path = str(ctx.workdir / "databank-directory.sqlite")
    _fill(path, n, ctx.seed)
    _make_directory(path)
    env = dict(os.environ, LEA_DATABANK_DB=path)
    bank = Server(
        ["-m", "lea_desktop.databank", "serve", "--port", "{port}", "--log-level", "warning"],
        "/api/v1/health", env, ctx.workdir / "databank-directory.log",
    )  # fmt: skip

    def new_token(name: str) -> str:
        made = subprocess.run(
            [sys.executable, "-m", "lea_desktop.databank", "token", "create", name],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        if made.returncode != 0 or not made.stdout.strip():
            raise BenchError(f"lea-databank token create failed: {made.stderr.strip()[-300:]}")
        return made.stdout.strip().splitlines()[-1].strip()

    limits = SyncLimits(deadline=600)
    floor_token = new_token("bench-floor")
    pulled = {}
    ctx.note(f"{n:,} followers at the databank; pages of {directory_pull.PAGE:,}; {rounds} rounds")
    try:

        def app(i: int) -> float:
            store, _event = open_store(new_home(ctx.workdir, f"laptop{i}"))
            settings.set_value(store.db, "databank.url", bank.url)
            token = new_token(f"bench-laptop-{i}")
            credentials.save_token(store.home, token)
            client = DatabankClient(bank.url, token, limits=limits)
            start = time.perf_counter()
            report = sync_once(store, client)
            took = time.perf_counter() - start
            if not report.complete or stored.size(store.db) != n:
                raise BenchError(
                    f"the pull ended {report.state} with {stored.size(store.db)} of {n} entries"
                )
            if pulled:
                pulled["store"].close()
            pulled["store"] = store
            return n / took

        def floor(i: int) -> float:
            target = sqlite3.connect(ctx.workdir / f"floor-{i}.sqlite", isolation_level=None)
            target.execute("PRAGMA journal_mode=WAL")
            target.execute("PRAGMA synchronous=FULL")
            target.execute(FLOOR_TABLE)
            target.execute(FLOOR_INDEX)
            insert = f"INSERT OR REPLACE INTO directory VALUES ({', '.join('?' * len(FLOOR_KEYS))})"
            count = 0
            start = time.perf_counter()
            with httpx.Client(
                base_url=bank.url, headers={"Authorization": f"Bearer {floor_token}"}, timeout=600
            ) as client:
                since = 0
                while True:
                    page = client.get(
                        "/api/v1/directory", params={"since": since, "limit": directory_pull.PAGE}
                    ).json()
                    rows = [
                        tuple(
                            json.dumps(e.get(k)) if k == "types" else e.get(k) for k in FLOOR_KEYS
                        )
                        for e in page["entries"]
                    ]
                    target.execute("BEGIN")
                    target.executemany(insert, rows)
                    target.execute("COMMIT")
                    count += len(rows)
                    since = page["cursor"]
                    if not page["more"]:
                        break
            took = time.perf_counter() - start
            target.close()
            if count != n:
                raise BenchError(f"the floor pulled {count} of {n} entries")
            return n / took

        apps, floors = alternate(app, floor, rounds)
        store = pulled["store"]
        known = [a["email"] for a in followers(1000, seed=ctx.seed)]
        unknown = [f"nobody.{uuid.uuid4().hex[:10]}@example.org" for _ in range(1000)]
        found = 0
        checks: list[float] = []
        for address in [x for pair in zip(known, unknown, strict=True) for x in pair]:
            start = time.perf_counter()
            hit = directory.lookup(store, address)
            checks.append(time.perf_counter() - start)
            found += hit is not None
        if found != len(known):
            raise BenchError(f"the duplicate check knew {found} of {len(known)} known addresses")
        store.close()
    finally:
        bank.stop()
    seconds = [n / r for r in apps]
    return [
        paired("directory pulled (one sync cycle)", "entries/s", apps, floors, min_ratio=0.3),
        absolute("the whole pull", "s", seconds, below=10.0),
        absolute(
            "duplicate check (this laptop + directory)",
            "ms",
            [c * 1000 for c in checks],
            below=5.0,
            stat="p99",
        ),
    ]
