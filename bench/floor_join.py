"""The floor for the sign-up load case: a bare FastAPI app doing a sign-up's work minimally.

Run with uvicorn (`python -m uvicorn bench.floor_join:app`), database file in `BENCH_FLOOR_DB`.
`GET /join` answers a fixed small form; `POST /join` parses the posted form and inserts it as
one row (one INSERT and COMMIT, WAL, synchronous=FULL, as the databank's SQLite) and answers
with the confirmation link in the page (no email); `GET /join/confirm/<id>` marks the row
confirmed (one UPDATE and COMMIT). No validation, no signed token, no consent proof, no email,
no templates: what the bare libraries cost for the same three requests.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import uuid
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

app = FastAPI()
_lock = threading.Lock()
_conn = sqlite3.connect(os.environ.get("BENCH_FLOOR_DB", ":memory:"), isolation_level=None,
                        check_same_thread=False)  # fmt: skip
_conn.execute("PRAGMA journal_mode=WAL")
_conn.execute("PRAGMA synchronous=FULL")
_conn.execute(
    "CREATE TABLE IF NOT EXISTS signups (id TEXT PRIMARY KEY, email TEXT, answers TEXT, "
    "confirmed INTEGER NOT NULL DEFAULT 0)"
)
FORM = (
    "<!doctype html><title>Join</title><form method=post action=/join>"
    '<input type="hidden" name="form_token" value="{token}">'
    "<input name=organisation><input name=email><button>Send</button></form>"
)


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/join", response_class=HTMLResponse)
async def join_page() -> str:
    return FORM.format(token=uuid.uuid4().hex)


@app.post("/join", response_class=HTMLResponse)
async def join_submit(request: Request) -> str:
    posted = parse_qs((await request.body()).decode("utf-8"), keep_blank_values=True)
    sid = str(uuid.uuid4())
    row = (sid, posted.get("email", [""])[0], json.dumps(posted))
    await run_in_threadpool(
        _write, "INSERT INTO signups (id, email, answers) VALUES (?, ?, ?)", row
    )
    return f"<p>Check your email.</p><a href=/join/confirm/{sid}>confirm</a>"


@app.get("/join/confirm/{sid}", response_class=HTMLResponse)
def confirm(sid: str) -> str:
    _write("UPDATE signups SET confirmed = 1 WHERE id = ?", (sid,))
    return "<p>Thank you!</p>"


def _write(sql: str, values: tuple[str, ...]) -> None:
    with _lock:  # one writer at a time, as SQLite wants (the writes commit one by one)
        _conn.execute(sql, values)
