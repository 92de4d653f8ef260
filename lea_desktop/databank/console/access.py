"""Who may see what in the console.

A **coordinator** sees and does everything. A **partner** account sees the personal data of
the followers its own organisation collected: by one of its laptops (`tokens.partner`, matched
by the laptop's device id, so a token renewed for the same laptop keeps its followers) or at
one of its events (`events.responsible_partner`); of everyone else's followers it sees only
the consortium's aggregated figures. Whatever is refused is refused with a 403 and its reason
(`Forbidden`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, or_, select, true

from lea_desktop.databank import db

COORDINATOR, PARTNER = "coordinator", "partner"


@dataclass(frozen=True)
class Viewer:
    """The signed-in person."""

    username: str
    role: str
    partner: str = ""

    @property
    def is_coordinator(self) -> bool:
        return self.role == COORDINATOR


class Forbidden(Exception):
    """Refused to this viewer (HTTP 403); the message says why."""


def require_coordinator(viewer: Viewer, what: str) -> None:
    """Only a coordinator may do `what` (a phrase: "manage laptop tokens")."""
    if not viewer.is_coordinator:
        raise Forbidden(f"Only a coordinator may {what}; you are signed in as a partner.")


def record_scope(viewer: Viewer) -> ColumnElement[bool]:
    """A condition on `db.records` true for the records whose personal data `viewer` may see."""
    if viewer.is_coordinator:
        return true()
    t, e = db.tokens, db.events
    laptops = select(t.c.device_id).where(t.c.partner == viewer.partner, t.c.device_id.isnot(None))
    events = select(e.c.id).where(e.c.responsible_partner == viewer.partner)
    return or_(db.records.c.device_id.in_(laptops), db.records.c.event_id.in_(events))


def may_see_record(conn: Connection, viewer: Viewer, record_id: str) -> bool:
    """Whether `viewer` may see the personal data of record `record_id` (held or not)."""
    if viewer.is_coordinator:
        return True
    found = conn.execute(
        select(db.records.c.id).where(db.records.c.id == record_id, record_scope(viewer))
    ).first()
    return found is not None


def check_record(conn: Connection, viewer: Viewer, record_id: str) -> None:
    """`Forbidden` unless `viewer` may see record `record_id` (which the caller found held)."""
    if not may_see_record(conn, viewer, record_id):
        raise Forbidden(
            f"This follower was collected by another partner's laptop or event; partner "
            f"{viewer.partner} sees only its own followers."
        )
