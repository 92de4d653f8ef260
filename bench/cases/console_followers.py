"""The console's followers page at 100,000 followers, searched, from the real databank.

App (A): `GET /console/followers?q=…` from `lea-databank serve` on loopback, signed in as a
coordinator: the session looked up (and kept alive), the folded search over every follower, the
count, one page of 50 sorted newest first, the events and partners of the filters, the page
rendered and sent. Floor (B): the bare queries in sqlite3 on the same file — the count and the
page of 50 with the same `LIKE` on the search column (no session, no HTML, no HTTP). Also
measured: the first page without a search, and a partner's view (its scope added).

The databank's database is filled directly (the records as a sync leaves them, search text
included), which is not what is measured.
"""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from typing import Any

from bench.cases.sync import Server
from bench.data import followers
from bench.harness import BenchError, Context, Metric, alternate, case, paired

TERM = "turku"  # about one follower in fifty has it in a name, an address or a city
TYPED = "TURKU"  # as typed: folded by the databank
FLOOR_COUNT = "SELECT count(*) FROM records WHERE kind = 'follower' AND search LIKE ?"
FLOOR_PAGE = """
SELECT id, event_id, created_at, source, answers FROM records
WHERE kind = 'follower' AND search LIKE ?
ORDER BY created_at DESC, id DESC LIMIT 50
"""


def _fill(path: str, n: int, seed: int) -> tuple[str, str]:
    """`n` followers in a new databank at `path`, half of them a partner's laptop's; a
    coordinator's and a partner's session cookies."""
    from lea_desktop.databank import db, search
    from lea_desktop.databank.console import accounts, sessions
    from lea_desktop.domain import clock
    from lea_desktop.formkit import load_form
    from lea_desktop.sync import protocol

    form = load_form()
    engine = db.make_engine(path)
    db.init_schema(engine)
    devices = [str(uuid.uuid4()), str(uuid.uuid4())]
    rows: list[dict[str, Any]] = []
    with engine.begin() as conn:
        conn.execute(db.tokens.insert().values(
            name="bench-laptop", token_sha256="0" * 64, created_at=clock.now_iso(),
            device_id=devices[0], partner="INNOVA",
        ))  # fmt: skip
        for i, answers in enumerate(followers(n, seed=seed)):
            stamp = clock.now_iso()
            rows.append({
                "id": str(uuid.uuid4()), "kind": "follower", "form_id": form.id,
                "form_version": form.version, "revision": 1, "event_id": "bench-event",
                "device_id": devices[i % 2], "created_at": stamp, "updated_at": stamp,
                "collected_by": "Bench", "consent": None,
                "answers": protocol.canonical_json(answers), "source": "app", "parent_id": None,
                "loi_status": "", "loi_date": "", "content_sha256": "0" * 64,
                "received_at": stamp, "received_via": "bench",
                "search": search.search_text(form, answers),
            })  # fmt: skip
            if len(rows) == 5000:
                conn.execute(db.records.insert(), rows)
                rows = []
        if rows:
            conn.execute(db.records.insert(), rows)
        accounts.create(conn, "bench-coordinator", "coordinator", "bench password 1234")
        accounts.create(conn, "bench-partner", "partner", "bench password 1234", "INNOVA")
        cookies = (
            sessions.start(conn, "bench-coordinator"),
            sessions.start(conn, "bench-partner"),
        )
    engine.dispose()
    return cookies


@case(
    "console_followers",
    "the console's followers page at 100,000 followers, searched (GET /console/followers?q=…)",
    floor="sqlite3: the bare count and page-of-50 queries with the same LIKE, fetched",
    order=75,
)
def run(ctx: Context) -> list[Metric]:
    import httpx

    n = ctx.size(100_000, 20_000, smoke=500)
    rounds = ctx.size(9, 3, smoke=1)
    path = str(ctx.workdir / "databank-console.sqlite")
    coordinator, partner = _fill(path, n, ctx.seed)
    ctx.note(f"{n:,} followers at the databank; {rounds} rounds after a warm-up pair")
    env = dict(os.environ, LEA_DATABANK_DB=path)
    bank = Server(
        ["-m", "lea_desktop.databank", "serve", "--port", "{port}", "--log-level", "warning"],
        "/api/v1/health", env, ctx.workdir / "databank-console.log",
    )  # fmt: skip
    bare = sqlite3.connect(path)
    pattern = f"%{TERM}%"
    expected = bare.execute(FLOOR_COUNT, (pattern,)).fetchone()[0]
    if not expected:
        bare.close()
        bank.stop()
        raise BenchError(f"no generated follower has {TERM!r} in its search text")
    try:
        with httpx.Client(base_url=bank.url, timeout=600) as client:

            def get(cookie: str, query: dict[str, str]) -> float:
                client.cookies.set("lea_console", cookie, domain="127.0.0.1", path="/console")
                start = time.perf_counter()
                answer = client.get("/console/followers", params=query)
                took = time.perf_counter() - start
                if answer.status_code != 200 or "data-id=" not in answer.text:
                    raise BenchError(f"the page answered {answer.status_code}: {answer.text[:200]}")
                return took

            def app(i: int) -> float:
                return get(coordinator, {"q": TYPED})

            def floor(i: int) -> float:
                start = time.perf_counter()
                count = bare.execute(FLOOR_COUNT, (pattern,)).fetchone()[0]
                rows = bare.execute(FLOOR_PAGE, (pattern,)).fetchall()
                took = time.perf_counter() - start
                if count != expected or not rows:
                    raise BenchError("the floor query found a different number of followers")
                return took

            apps, floors = alternate(app, floor, rounds)
            firsts, _ = alternate(lambda i: get(coordinator, {}), floor, rounds)
            partners, _ = alternate(lambda i: get(partner, {"q": TYPED}), floor, rounds)
    finally:
        bare.close()
        bank.stop()
    ctx.note(f"{expected:,} followers match {TERM!r}")
    return [
        paired("followers page, searched", "s", apps, floors, max_ratio=3.0, max_value=0.2),
        paired("followers page, first page, no search", "s", firsts, floors, max_value=0.2),
        paired(
            "followers page, searched, a partner's view",
            "s",
            partners,
            floors,
            max_ratio=4.0,
            max_value=0.2,
        ),
    ]
