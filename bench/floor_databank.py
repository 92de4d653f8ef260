"""The floor for sync: a bare FastAPI endpoint that stores posted record batches.

Run with uvicorn (`python -m uvicorn bench.floor_databank:app`), database file in
`BENCH_FLOOR_DB`. `POST /batch` takes the same JSON body the laptop sends the databank
(`{"device_id": …, "records": [{"id": …, "revision": …, …}, …]}`), inserts every record as one
row (id, revision, the record's JSON) with one executemany and COMMIT (WAL, synchronous=FULL, as
the databank's SQLite), and answers one `accepted` per id. No validation, no auth, no upsert
logic: what the bare libraries cost.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

app = FastAPI()
_lock = threading.Lock()
_conn = sqlite3.connect(os.environ.get("BENCH_FLOOR_DB", ":memory:"), isolation_level=None,
                        check_same_thread=False)  # fmt: skip
_conn.execute("PRAGMA journal_mode=WAL")
_conn.execute("PRAGMA synchronous=FULL")
_conn.execute(
    "CREATE TABLE IF NOT EXISTS records (id TEXT PRIMARY KEY, revision INTEGER, body TEXT)"
)


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/batch")
async def batch(request: Request) -> JSONResponse:
    body = json.loads(await request.body())
    rows = [(r["id"], r["revision"], json.dumps(r)) for r in body["records"]]
    with _lock:
        _conn.execute("BEGIN")
        _conn.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?)", rows)
        _conn.execute("COMMIT")
    return JSONResponse({"outcomes": [{"id": r[0], "status": "accepted"} for r in rows]})
