"""The public followers map's GeoJSON at 100,000 followers, from the real databank.

App (A): `GET /api/v1/public/map.geojson` from `lea-databank serve` on loopback, each round
after a record changed (so the answer is rebuilt, not served from its cache): the fingerprint
query, every follower's answers and consent proof read and checked, places looked up in the
gazetteer, the FeatureCollection written and sent. Floor (B): the bare query in sqlite3 on the
same file — the public fields of the followers in the drawn countries who gave the map consent, with SQLite's JSON
functions, fetched (no checks, no places, no JSON written, no HTTP). Also measured: the same
request answered from the cache (the records unchanged).

The databank's database is filled directly (the records table as a sync leaves it: cleaned
answers and a consent proof each, 70% with the map consent), which is not what is measured.
"""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from typing import Any

from bench.cases.sync import Server
from bench.data import followers
from bench.harness import BenchError, Context, Metric, absolute, alternate, case, paired

FLOOR_SQL = """
SELECT json_extract(answers, '$.organisation'), json_extract(answers, '$.city'),
       json_extract(answers, '$.country'), json_extract(answers, '$.types')
FROM records
WHERE form_id = 'follower_signup' AND consent LIKE '%"map"%'
  AND json_extract(answers, '$.consent_map') = 1
  AND json_extract(answers, '$.country') IN ({countries})
"""


def _fill(path: str, n: int, seed: int) -> None:
    """`n` followers in a new databank database at `path`."""
    from lea_desktop.databank import db
    from lea_desktop.domain import clock
    from lea_desktop.domain.records import email_key
    from lea_desktop.formkit import load_form
    from lea_desktop.sync import protocol
    from lea_desktop.usecases.followers import consent_record

    form = load_form()
    engine = db.make_engine(path)
    db.init_schema(engine)
    device = str(uuid.uuid4())
    proofs: dict[bool, str] = {}
    rows: list[dict[str, Any]] = []
    with engine.begin() as conn:
        for answers in followers(n, seed=seed):
            stamp = clock.now_iso()
            agreed = answers["consent_map"] is True
            if agreed not in proofs:
                proof = consent_record(form, answers, lang="en", collected_by="Bench",
                                       device_id=device, given_at=stamp)  # fmt: skip
                proofs[agreed] = protocol.canonical_json(proof)
            rows.append({
                "id": str(uuid.uuid4()), "kind": "follower", "form_id": form.id,
                "form_version": form.version, "revision": 1, "event_id": "bench-event",
                "device_id": device, "created_at": stamp, "updated_at": stamp,
                "collected_by": "Bench", "consent": proofs[agreed],
                "answers": protocol.canonical_json(answers), "source": "app", "parent_id": None,
                "loi_status": "", "loi_date": "", "content_sha256": "0" * 64,
                "received_at": stamp, "received_via": "bench", "email_key": email_key(answers),
            })  # fmt: skip
            if len(rows) == 5000:
                conn.execute(db.records.insert(), rows)
                rows = []
        if rows:
            conn.execute(db.records.insert(), rows)
    engine.dispose()


@case(
    "public_map",
    "the public map's GeoJSON at 100,000 followers (GET /api/v1/public/map.geojson, rebuilt)",
    floor="sqlite3: the bare query of the public fields of the followers who agreed, fetched",
    order=70,
)
def run(ctx: Context) -> list[Metric]:
    import httpx

    n = ctx.size(100_000, 20_000, smoke=500)
    rounds = ctx.size(7, 3, smoke=1)
    path = str(ctx.workdir / "databank-map.sqlite")
    _fill(path, n, ctx.seed)
    ctx.note(f"{n:,} followers at the databank; {rounds} rounds after a warm-up pair")
    env = dict(os.environ, LEA_DATABANK_DB=path)
    bank = Server(
        ["-m", "lea_desktop.databank", "serve", "--port", "{port}", "--log-level", "warning"],
        "/api/v1/health", env, ctx.workdir / "databank-map.log",
    )  # fmt: skip
    from lea_desktop.databank.gazetteer import outline

    # The map draws Europe: followers elsewhere have no place on it, in the floor's query too.
    floor_sql = FLOOR_SQL.format(countries=", ".join(f"'{c}'" for c in outline()["countries"]))
    bare = sqlite3.connect(path)
    some_id = bare.execute("SELECT id FROM records LIMIT 1").fetchone()[0]
    expected = len(bare.execute(floor_sql).fetchall())
    sizes: list[int] = []
    try:
        with httpx.Client(base_url=bank.url, timeout=600) as client:

            def get() -> float:
                start = time.perf_counter()
                answer = client.get(
                    "/api/v1/public/map.geojson", headers={"Accept-Encoding": "identity"}
                )
                took = time.perf_counter() - start
                if answer.status_code != 200:
                    raise BenchError(f"the map answered {answer.status_code}: {answer.text[:200]}")
                shown = len(answer.json()["features"])
                if shown != expected:
                    raise BenchError(f"the map shows {shown} followers, the query finds {expected}")
                sizes.append(len(answer.content))
                return took

            def app(i: int) -> float:
                # A record changes (outside the timing): the next answer is built again.
                with bare:
                    bare.execute(
                        "UPDATE records SET received_at = ? WHERE id = ?",
                        (f"2099-01-01T00:00:{i:02d}.000000Z", some_id),
                    )
                return get()

            def floor(i: int) -> float:
                start = time.perf_counter()
                rows = bare.execute(floor_sql).fetchall()
                took = time.perf_counter() - start
                if len(rows) != expected:
                    raise BenchError("the floor query found a different number of followers")
                return took

            apps, floors = alternate(app, floor, rounds)
            cached = [get() for _ in range(rounds)]
    finally:
        bare.close()
        bank.stop()
    ctx.note(
        f"{expected:,} followers on the map; the answer is {sizes[-1] / 1e6:.1f} MB of GeoJSON"
    )
    return [
        paired("GeoJSON rebuilt after a change", "s", apps, floors, max_ratio=6.0, max_value=5.0),
        absolute("GeoJSON from the cache (records unchanged)", "s", cached, below=1.0),
    ]
