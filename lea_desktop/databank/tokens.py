"""Bearer tokens, one per laptop: shown once when made, stored only as a SHA-256 hash.

Each token is bound to one laptop's device id, given when the token is made or taken from the
first request that names one (`bind_device`); from then on a request naming another device is
refused. One active token per device id.

A token also has a partner (spelt as the consortium does, `reference.partners()`, when it is
one of its partners; `lea-databank` notes a name it does not know) and a scope: which
full records flow down to its laptop (`own`: none but its own; `partner`: those collected by
every laptop of its partner, and the web sign-ups of the events that partner is responsible for;
`all`: every record, for coordinators' laptops). The scope also says which records the laptop may
edit (docs/security.md).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, exc, select, update

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
    device_id: str | None = None
    partner: str = ""
    scope: str = "own"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


SCOPES = ("own", "partner", "all")


def check_scope(scope: str) -> str:
    scope = scope.strip().lower()
    if scope not in SCOPES:
        raise TokenError(f"A scope is one of {', '.join(SCOPES)} (not {scope!r}).")
    return scope


def check_partner(partner: str) -> str:
    """`partner` as the consortium spells it when it is one of its partners (case does not
    matter), else as given, spaces tidied (a partner may join after this version was made);
    '' for none."""
    wanted = " ".join(partner.split())
    if len(wanted) > 200 or not wanted.isprintable():
        raise TokenError("A partner's name is at most 200 printable characters.")
    return consortium_spelling(wanted) or wanted


def consortium_spelling(partner: str) -> str:
    """The consortium's spelling of `partner`, '' when it is not one of its partners."""
    from lea_desktop.reference import partners

    for known in partners():
        if known.casefold() == partner.casefold():
            return known
    return ""


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 100 or any(c.isspace() for c in name):
        raise TokenError("A token name is one word of at most 100 characters, e.g. laptop-fi-1")
    return name


# The public sign-up form's records carry this device id: no laptop token may speak for it.
WEB_DEVICE = "web"
RESERVED = f"Device id {WEB_DEVICE!r} is the public sign-up form's; a laptop has its own id."


def check_device_id(device_id: str) -> str:
    """A laptop's device id as `lea-databank token create --device-id` takes it."""
    device_id = device_id.strip()
    if not device_id or len(device_id) > 64 or not device_id.isprintable() or " " in device_id:
        raise TokenError("A device id is one word of at most 64 characters (see the laptop's id).")
    if device_id == WEB_DEVICE:
        raise TokenError(RESERVED)
    return device_id


def create(
    conn: Connection,
    name: str,
    device_id: str | None = None,
    *,
    partner: str = "",
    scope: str = "own",
) -> str:
    """Make a token for `name` and return it (the only time it exists in clear).

    A revoked name may be given a new token; an active one must be revoked first. With
    `device_id` the token is bound to that laptop now; without, on its first use. `partner`
    and `scope` as `set_partner` and `set_scope` check them.
    """
    name = _check_name(name)
    partner = check_partner(partner)
    scope = check_scope(scope)
    _check_scope_partner(scope, partner)
    if device_id is not None:
        device_id = check_device_id(device_id)
        if _active_holder(conn, device_id) is not None:
            raise TokenError(
                f"Device {device_id} already has an active token; revoke that one first."
            )
    token = PREFIX + secrets.token_urlsafe(32)
    row = conn.execute(select(tokens.c.revoked_at).where(tokens.c.name == name)).first()
    values = {
        "token_sha256": digest(token),
        "created_at": clock.now_iso(),
        "revoked_at": None,
        "device_id": device_id,
        "partner": partner,
        "scope": scope,
    }
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


def _check_scope_partner(scope: str, partner: str) -> None:
    if scope == "partner" and not partner:
        raise TokenError(
            "The scope 'partner' needs the token's partner: "
            "lea-databank token partner NAME PARTNER (or --partner at token create)."
        )


def _active_row(conn: Connection, name: str):  # type: ignore[no-untyped-def]
    row = conn.execute(
        select(tokens.c.partner, tokens.c.scope).where(
            tokens.c.name == name.strip(), tokens.c.revoked_at.is_(None)
        )
    ).first()
    if row is None:
        raise TokenError(f"No active token named {name.strip()!r}.")
    return row


def set_scope(conn: Connection, name: str, scope: str) -> str:
    """Set active token `name`'s scope; the scope as stored. `partner` needs a partner."""
    scope = check_scope(scope)
    row = _active_row(conn, name)
    _check_scope_partner(scope, row.partner)
    conn.execute(
        update(tokens)
        .where(tokens.c.name == name.strip(), tokens.c.revoked_at.is_(None))
        .values(scope=scope)
    )
    return scope


def set_partner(conn: Connection, name: str, partner: str) -> str:
    """Set active token `name`'s partner (a consortium partner); the partner as stored."""
    partner = check_partner(partner)
    row = _active_row(conn, name)
    _check_scope_partner(row.scope, partner)
    conn.execute(
        update(tokens)
        .where(tokens.c.name == name.strip(), tokens.c.revoked_at.is_(None))
        .values(partner=partner)
    )
    return partner


@dataclass(frozen=True)
class Scope:
    """What a token's laptop sees and may edit besides its own records."""

    scope: str  # own | partner | all
    partner: str  # '' when none


def scope_of(conn: Connection, name: str) -> Scope:
    """The scope of token `name` (own when it has none)."""
    row = conn.execute(
        select(tokens.c.partner, tokens.c.scope).where(tokens.c.name == name)
    ).first()
    if row is None:
        return Scope("own", "")
    return Scope(row.scope or "own", row.partner or "")


def list_tokens(conn: Connection) -> list[TokenInfo]:
    rows = conn.execute(
        select(
            tokens.c.name,
            tokens.c.created_at,
            tokens.c.revoked_at,
            tokens.c.device_id,
            tokens.c.partner,
            tokens.c.scope,
        ).order_by(tokens.c.name)
    )
    return [
        TokenInfo(r.name, r.created_at, r.revoked_at, r.device_id, r.partner or "", r.scope)
        for r in rows
    ]


def _active_holder(conn: Connection, device_id: str) -> str | None:
    return conn.execute(
        select(tokens.c.name).where(tokens.c.device_id == device_id, tokens.c.revoked_at.is_(None))
    ).scalar()


class DeviceRefused(Exception):
    """A request names a device id its token may not speak for; the message says why."""


def bound_device(conn: Connection, name: str) -> str | None:
    """The device id token `name` is bound to (None: not yet)."""
    return conn.execute(select(tokens.c.device_id).where(tokens.c.name == name)).scalar()


def bind_device(conn: Connection, name: str, claimed: str) -> str:
    """Check that token `name` speaks for device `claimed`, binding it on first use; the
    device id. Raises `DeviceRefused` when the token belongs to another device, or the device
    to another active token. Call it in a transaction of its own (it may write)."""
    bound = bound_device(conn, name)
    if bound is None:
        if claimed == WEB_DEVICE:
            raise DeviceRefused(RESERVED)
        if _active_holder(conn, claimed) is not None:
            raise DeviceRefused(
                "Another laptop's token is bound to this device id; each laptop has its own."
            )
        try:
            with conn.begin_nested():
                conn.execute(
                    update(tokens)
                    .where(tokens.c.name == name, tokens.c.device_id.is_(None))
                    .values(device_id=claimed)
                )
        except exc.IntegrityError:  # another token bound this device id at the same moment
            raise DeviceRefused(
                "Another laptop's token is bound to this device id; each laptop has its own."
            ) from None
        bound = bound_device(conn, name)
    return check_bound(bound, claimed)


def check_bound(bound: str | None, claimed: str) -> str:
    """`claimed` when it is the device a token is bound to; `DeviceRefused` otherwise."""
    if bound != claimed:
        raise DeviceRefused(
            "This token belongs to another laptop (another device id). Each laptop needs its "
            "own token: lea-databank token create."
        )
    return claimed


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
