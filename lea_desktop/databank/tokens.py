"""Bearer tokens, one per laptop: shown once when made, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, select, update

from lea_desktop.databank.db import tokens
from lea_desktop.domain import clock

PREFIX = "lea_"  # makes a leaked token recognisable to secret scanners


class TokenError(ValueError):
    """A token command that cannot be done; the message says why."""


@dataclass(frozen=True)
class TokenInfo:
    name: str
    created_at: str
    revoked_at: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 100 or any(c.isspace() for c in name):
        raise TokenError("A token name is one word of at most 100 characters, e.g. laptop-fi-1")
    return name


def create(conn: Connection, name: str) -> str:
    """Make a token for `name` and return it (the only time it exists in clear).

    A revoked name may be given a new token; an active one must be revoked first.
    """
    name = _check_name(name)
    token = PREFIX + secrets.token_urlsafe(32)
    row = conn.execute(select(tokens.c.revoked_at).where(tokens.c.name == name)).first()
    values = {"token_sha256": digest(token), "created_at": clock.now_iso(), "revoked_at": None}
    if row is None:
        conn.execute(tokens.insert().values(name=name, **values))
    elif row.revoked_at is None:
        raise TokenError(f"A token named {name!r} already exists; revoke it first.")
    else:
        conn.execute(update(tokens).where(tokens.c.name == name).values(**values))
    return token


def revoke(conn: Connection, name: str) -> bool:
    """Revoke `name`'s token; False when there is no such active token."""
    done = conn.execute(
        update(tokens)
        .where(tokens.c.name == name.strip(), tokens.c.revoked_at.is_(None))
        .values(revoked_at=clock.now_iso())
    )
    return done.rowcount > 0


def list_tokens(conn: Connection) -> list[TokenInfo]:
    rows = conn.execute(
        select(tokens.c.name, tokens.c.created_at, tokens.c.revoked_at).order_by(tokens.c.name)
    )
    return [TokenInfo(r.name, r.created_at, r.revoked_at) for r in rows]


def verify(conn: Connection, token: str) -> str | None:
    """The name of the active token `token`, or None."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    wanted = digest(token)
    row = conn.execute(
        select(tokens.c.name, tokens.c.token_sha256).where(
            tokens.c.token_sha256 == wanted, tokens.c.revoked_at.is_(None)
        )
    ).first()
    if row is None or not hmac.compare_digest(row.token_sha256, wanted):
        return None
    return str(row.name)
