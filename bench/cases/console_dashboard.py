"""The console's dashboard at 100,000 followers, from the real databank.

App (A): `GET /console/dashboard` of a signed-in coordinator from `lea-databank serve` on
loopback, each round right after a record changed: what a coordinator gets then is the page
with the figures kept from the last count and the note "Figures as of HH:MM (UTC);
recounting…" (checked), while one recount runs on a background thread; timed: the fingerprint,
the kept figures, the map of Europe and the page rendered and sent. Judged (< 0.5 s and a ratio
to the floor). Also measured, as its own figure with the same floor: the recount itself, as the
coordinator sees it — from that request until a reload shows the new figures and no note
(reloads every 0.25 s, so it is the background count plus up to a reload's wait and cost; the
grouped count of every follower (`databank/figures.py`), `domain/kpi.py`'s arithmetic, Table 8).
The next round waits for it, so the floor never runs beside a recount.
Floor (B): the bare grouped query in sqlite3 on the same file — the followers grouped by event,
country, types, interests and letter status with SQLite's JSON functions, fetched (no figures,
no page, no HTTP). Also measured: the same page when nothing changed (figures kept, no note).

The databank's database is filled directly (the records table as a sync leaves it, spread over
eight events of eight partners), which is not what is measured.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time

from bench.cases.public_map import _fill
from bench.cases.sync import Server
from bench.harness import BenchError, Context, Metric, absolute, alternate, case, paired

FLOOR_SQL = """
SELECT event_id, json_extract(answers, '$.country'), json_extract(answers, '$.types'),
       json_extract(answers, '$.interests'), loi_status, count(*)
FROM records WHERE kind = 'follower'
GROUP BY 1, 2, 3, 4, 5
"""
PASSWORD = "bench password of the console"
EVENTS = 8


def _events(path: str) -> None:
    """Eight events of eight partners, the followers spread over them."""
    from lea_desktop import reference
    from lea_desktop.domain import clock

    partners = reference.partners()
    conn = sqlite3.connect(path)
    with conn:
        stamp = clock.now_iso()
        for i in range(EVENTS):
            conn.execute(
                "INSERT INTO events (id, name, starts, ends, city, country, kind, "
                "responsible_partner, notes, archived, created_at, updated_at, revision, "
                "origin_device, content_sha256, cursor, received_via) VALUES "
                "(?, ?, '2027-01-20', '2027-01-22', 'London', 'GB', 'fair', ?, '', 0, ?, ?, 1, "
                "'bench', ?, ?, 'bench')",
                (f"ev-{i}", f"Fair {i}", partners[i % len(partners)], stamp, stamp, "0" * 64,
                 1_000_000 + i),
            )  # fmt: skip
        conn.execute(f"UPDATE records SET event_id = 'ev-' || (abs(random()) % {EVENTS})")
    conn.close()


@case(
    "console_dashboard",
    "the console's dashboard at 100,000 followers (GET /console/dashboard right after a change)",
    floor="sqlite3: the bare grouped query of the followers' figures, fetched",
    order=75,
)
def run(ctx: Context) -> list[Metric]:
    import httpx

    n = ctx.size(100_000, 20_000, smoke=500)
    rounds = ctx.size(7, 3, smoke=1)
    path = str(ctx.workdir / "databank-console.sqlite")
    _fill(path, n, ctx.seed)
    _events(path)
    env = dict(os.environ, LEA_DATABANK_DB=path)
    made = subprocess.run(
        [sys.executable, "-m", "lea_desktop.databank", "user", "create", "bench", "--role",
         "coordinator"],
        input=PASSWORD + "\n", capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    if made.returncode != 0:
        raise BenchError(f"could not make the console account: {made.stderr[-300:]}")
    ctx.note(f"{n:,} followers at the databank over {EVENTS} events; {rounds} rounds")
    bank = Server(
        ["-m", "lea_desktop.databank", "serve", "--port", "{port}", "--log-level", "warning"],
        "/api/v1/health", env, ctx.workdir / "databank-console.log",
    )  # fmt: skip
    bare = sqlite3.connect(path)
    some_id = bare.execute("SELECT id FROM records LIMIT 1").fetchone()[0]
    try:
        with httpx.Client(base_url=bank.url, timeout=600) as client:
            login = client.get("/console/login")
            token = re.search(r'name="csrf_token" value="([^"]*)"', login.text)
            if token is None:
                raise BenchError("the console's sign-in page has no CSRF token")
            signed = client.post(
                "/console/login",
                data={"csrf_token": token.group(1), "username": "bench", "password": PASSWORD},
            )
            if signed.status_code != 303:
                raise BenchError(f"signing in answered {signed.status_code}")
            expected = f"{n:,}"

            recounts: list[float] = []

            def get(*, stale: bool) -> float:
                start = time.perf_counter()
                page = client.get("/console/dashboard")
                took = time.perf_counter() - start
                if page.status_code != 200:
                    raise BenchError(f"the dashboard answered {page.status_code}")
                if f'data-figure="followers">{expected}<' not in page.text:
                    raise BenchError("the dashboard does not show every follower")
                if ("data-recounting" in page.text) != stale:
                    raise BenchError(f"the dashboard {'lacks' if stale else 'has'} its note")
                return took

            def app(i: int) -> float:
                with bare:  # a record changes (outside the timing): the figures are stale
                    bare.execute(
                        "UPDATE records SET received_at = ? WHERE id = ?",
                        (f"2099-01-01T00:00:{i:02d}.000000Z", some_id),
                    )
                start = time.perf_counter()
                took = get(stale=True)
                while True:  # the recount runs; the next round (and the floor) waits for it
                    time.sleep(0.25)
                    if "data-recounting" not in client.get("/console/dashboard").text:
                        break
                recounts.append(time.perf_counter() - start)
                return took

            def floor(i: int) -> float:
                start = time.perf_counter()
                rows = bare.execute(FLOOR_SQL).fetchall()
                took = time.perf_counter() - start
                if sum(r[-1] for r in rows) != n:
                    raise BenchError("the floor query counted a different number of followers")
                return took

            get(stale=False)  # the first count (no figures kept yet), not measured
            apps, floors = alternate(app, floor, rounds)
            recounts = recounts[-rounds:]  # alternate's warm-up round left out
            cached = [get(stale=False) for _ in range(rounds)]
    finally:
        bare.close()
        bank.stop()
    return [
        paired(
            "dashboard right after a change (kept figures, recount running)",
            "s",
            apps,
            floors,
            max_ratio=3.0,
            max_value=0.5,
        ),
        paired(
            "recount after a change, until a reload shows the new figures",
            "s",
            recounts,
            floors,
            max_ratio=3.0,
        ),
        absolute("dashboard from the cache (records unchanged)", "s", cached, below=0.2),
    ]
