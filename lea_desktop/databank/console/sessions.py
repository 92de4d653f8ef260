"""Signed-in browsers, kept in the database so that every `serve --workers` process knows them.

The cookie holds 256 random bits; the table holds only their SHA-256, so a copy of the
database signs nobody in. A session ends after `IDLE_SECONDS` without a request, after
`ABSOLUTE_SECONDS` whatever happens, at sign-out, and when its account is disabled or its
password changed. Each session has its own CSRF token, which every form of the console sends
back (`web.check_csrf`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from sqlalchemy import Connection, delete, select, update

from lea_desktop.databank import db
from lea_desktop.databank.console.access import Viewer

COOKIE = "lea_console"
IDLE_SECONDS = 60 * 60  # an hour without a request
ABSOLUTE_SECONDS = 12 * 60 * 60  # a working day, then sign in again
_TOUCH_EVERY = 60  # seconds: last_seen is written at most this often


@dataclass(frozen=True)
class Session:
    viewer: Viewer
    csrf_token: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start(conn: Connection, username: str, *, now: float | None = None) -> str:
    """A new session for `username`; the cookie's value (the only time it exists)."""
    stamp = int(time.time() if now is None else now)
    token = secrets.token_urlsafe(32)
    conn.execute(
        db.console_sessions.insert().values(
            id_sha256=_digest(token),
            username=username,
            csrf_token=secrets.token_urlsafe(32),
            created=stamp,
            last_seen=stamp,
        )
    )
    # Sessions long over are deleted now and then (here: at each sign-in).
    conn.execute(
        delete(db.console_sessions).where(
            (db.console_sessions.c.created < stamp - ABSOLUTE_SECONDS)
            | (db.console_sessions.c.last_seen < stamp - IDLE_SECONDS)
        )
    )
    return token


def find(conn: Connection, token: str, *, now: float | None = None) -> Session | None:
    """The live session of cookie value `token` with its (active) account, else None.
    Keeps the session alive (writes `last_seen` at most once a minute)."""
    if not token or len(token) > 200:
        return None
    stamp = int(time.time() if now is None else now)
    s, u = db.console_sessions, db.users
    row = conn.execute(
        select(
            s.c.id_sha256,
            s.c.csrf_token,
            s.c.created,
            s.c.last_seen,
            u.c.username,
            u.c.role,
            u.c.partner,
        )
        .join(u, u.c.username == s.c.username)
        .where(s.c.id_sha256 == _digest(token), u.c.disabled_at.is_(None))
    ).first()
    if row is None:
        return None
    if row.created + ABSOLUTE_SECONDS <= stamp or row.last_seen + IDLE_SECONDS <= stamp:
        conn.execute(delete(s).where(s.c.id_sha256 == row.id_sha256))
        return None
    if stamp - row.last_seen >= _TOUCH_EVERY:
        conn.execute(update(s).where(s.c.id_sha256 == row.id_sha256).values(last_seen=stamp))
    return Session(Viewer(row.username, row.role, row.partner), row.csrf_token)


def end(conn: Connection, token: str) -> None:
    conn.execute(
        delete(db.console_sessions).where(db.console_sessions.c.id_sha256 == _digest(token))
    )


def same_token(sent: str, expected: str) -> bool:
    return bool(sent) and hmac.compare_digest(sent.encode("utf-8"), expected.encode("utf-8"))
