"""The console's accounts: a name, a role (coordinator or partner), a partner organisation for
partners, and a password kept only as an Argon2id hash (argon2-cffi's defaults: RFC 9106's
low-memory choice). Made and changed with `lea-databank user …`, never over the web."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, delete, select, update

from lea_desktop.databank import db
from lea_desktop.domain import clock

COORDINATOR, PARTNER = "coordinator", "partner"
ROLES = (COORDINATOR, PARTNER)
MIN_PASSWORD = 12  # characters
MAX_PASSWORD = 1024  # hashing a longer one is work a stranger could make the server do

_HASHER = PasswordHasher()
# Verified against when the name is unknown, so that answer takes as long as a wrong password.
_DUMMY_HASH = _HASHER.hash("not a password of anyone's")


class AccountError(ValueError):
    """A user command that cannot be done; the message says why."""


@dataclass(frozen=True)
class User:
    username: str
    role: str
    partner: str
    created_at: str
    disabled_at: str | None

    @property
    def active(self) -> bool:
        return self.disabled_at is None


def check_username(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 100 or not name.isprintable() or any(c.isspace() for c in name):
        raise AccountError("A user name is one word of at most 100 characters, e.g. kati.clements")
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"A password has at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"A password has at most {MAX_PASSWORD} characters.")
    if not password.isprintable():
        raise AccountError("A password holds printable characters only (no line breaks).")
    return password


def create(conn: Connection, username: str, role: str, password: str, partner: str = "") -> User:
    username = check_username(username)
    if role not in ROLES:
        raise AccountError(f"The role is {' or '.join(ROLES)}.")
    partner = partner.strip()
    if role == PARTNER and not partner:
        raise AccountError("A partner account names its partner: --partner NAME.")
    if role == COORDINATOR and partner:
        raise AccountError("A coordinator sees the whole consortium: no --partner.")
    if len(partner) > 200 or not partner.isprintable():
        raise AccountError("A partner's name is at most 200 printable characters.")
    check_password(password)
    if conn.execute(select(db.users.c.username).where(db.users.c.username == username)).first():
        raise AccountError(f"A user named {username!r} exists already.")
    now = clock.now_iso()
    conn.execute(
        db.users.insert().values(
            username=username,
            role=role,
            partner=partner,
            password_hash=_HASHER.hash(password),
            created_at=now,
            password_changed_at=now,
            disabled_at=None,
        )
    )
    return User(username, role, partner, now, None)


def list_users(conn: Connection) -> list[User]:
    u = db.users
    rows = conn.execute(
        select(u.c.username, u.c.role, u.c.partner, u.c.created_at, u.c.disabled_at).order_by(
            u.c.username
        )
    )
    return [User(r.username, r.role, r.partner, r.created_at, r.disabled_at) for r in rows]


def get(conn: Connection, username: str) -> User | None:
    u = db.users
    r = conn.execute(
        select(u.c.username, u.c.role, u.c.partner, u.c.created_at, u.c.disabled_at).where(
            u.c.username == username
        )
    ).first()
    return None if r is None else User(r.username, r.role, r.partner, r.created_at, r.disabled_at)


def _end_sessions(conn: Connection, username: str) -> None:
    conn.execute(delete(db.console_sessions).where(db.console_sessions.c.username == username))


def disable(conn: Connection, username: str) -> None:
    """The account can no longer sign in; its sessions end now."""
    done = conn.execute(
        update(db.users)
        .where(db.users.c.username == username.strip(), db.users.c.disabled_at.is_(None))
        .values(disabled_at=clock.now_iso())
    )
    if not done.rowcount:
        raise AccountError(f"No active user named {username.strip()!r}.")
    _end_sessions(conn, username.strip())


def set_password(conn: Connection, username: str, password: str) -> None:
    """A new password (an account disabled stays disabled); every session of it ends."""
    check_password(password)
    done = conn.execute(
        update(db.users)
        .where(db.users.c.username == username.strip())
        .values(password_hash=_HASHER.hash(password), password_changed_at=clock.now_iso())
    )
    if not done.rowcount:
        raise AccountError(f"No user named {username.strip()!r}.")
    _end_sessions(conn, username.strip())


def authenticate(conn: Connection, username: str, password: str) -> User | None:
    """The active user `username` whose password is `password`, else None: an unknown name,
    a disabled account and a wrong password take the same time and give the same answer."""
    u = db.users
    row = conn.execute(
        select(u.c.password_hash, u.c.disabled_at).where(u.c.username == username.strip())
    ).first()
    stored = row.password_hash if row is not None else _DUMMY_HASH
    try:
        ok = _HASHER.verify(stored, password[:MAX_PASSWORD])
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    if not ok or row is None or row.disabled_at is not None:
        return None
    if _HASHER.check_needs_rehash(stored):  # the parameters grew since: keep the stronger hash
        conn.execute(
            update(u)
            .where(u.c.username == username.strip())
            .values(password_hash=_HASHER.hash(password))
        )
    return get(conn, username.strip())
