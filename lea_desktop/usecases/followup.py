"""Qualification at the stand and follow-up after the fair.

The follower form carries staff-only fields (forms/follower_signup.toml, never shown to a
visitor): a rating, the next step, the partner who owns the follow-up, a due date and the day
the follower was contacted. This module is the one place that names them; the followers list
narrows and sorts by them, the dashboard counts open follow-ups per partner, the Follow-up page
lists who is due and marks them contacted — an edit like any other (`followers.save_edit`:
revision + 1, queued for the databank).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lea_desktop.domain import clock
from lea_desktop.domain.records import Registration
from lea_desktop.formkit import Form, load_form
from lea_desktop.storage import Store, registrations
from lea_desktop.usecases import followers

RATING = "rating"
NEXT_STEP = "next_step"
OWNER = "followup_owner"
DUE = "followup_due"
CONTACTED = "contacted_on"
QUALIFICATION_FIELDS = (RATING, NEXT_STEP, OWNER, DUE, CONTACTED)


def today() -> str:
    """Today's date (local), ISO: what "due" is measured against."""
    return clock.today().isoformat()


def open_narrowing(owner: str | None = None, *, due_by: str | None = None) -> dict[str, Any]:
    """Keyword arguments of `registrations.scope_seqs` (and the followers model's
    `set_narrowing`) keeping followers not contacted yet: of `owner` (any owner when None, but
    one there must be), and with a due date up to `due_by` when given."""
    narrowing: dict[str, Any] = {"blank": (CONTACTED,)}
    if owner:
        narrowing["equals"] = {OWNER: owner}
    else:
        narrowing["not_blank"] = (OWNER,)
    if due_by:
        narrowing["on_or_before"] = {DUE: due_by}
    return narrowing


def due_narrowing(day: str | None = None) -> dict[str, Any]:
    """Followers due by `day` (default today) and not contacted, whoever owns them."""
    return {"blank": (CONTACTED,), "on_or_before": {DUE: day or today()}}


@dataclass(frozen=True)
class OwnerCount:
    owner: str
    open: int  # not contacted yet
    due: int  # of those, due by today


def counts_by_owner(
    store_db: Any, *, event_id: str | None = None, day: str | None = None
) -> list[OwnerCount]:
    """Open follow-ups per partner, most first (then A–Z)."""
    found = registrations.followups_by_owner(
        store_db, owner=OWNER, due=DUE, contacted=CONTACTED, today=day or today(),
        event_id=event_id,
    )  # fmt: skip
    rows = [OwnerCount(owner, n, d) for owner, (n, d) in found.items()]
    return sorted(rows, key=lambda r: (-r.open, r.owner.casefold()))


def due_list(
    store: Store,
    owner: str | None = None,
    *,
    due_by: str | None = None,
    event_id: str | None = None,
) -> list[Registration]:
    """The followers waiting for a follow-up (of `owner`; due by `due_by`), soonest due first,
    those without a date last."""
    db = store.db
    seqs = registrations.scope_seqs(
        db, event_id=event_id, **open_narrowing(owner, due_by=due_by), order_by=DUE
    )
    found = registrations.get_by_seq(db, seqs)
    return [found[s] for s in seqs if s in found]


def mark_contacted(
    store: Store, reg_id: str, day: str | None = None, *, form: Form | None = None
) -> followers.SaveResult:
    """Record that the follower was contacted on `day` (today by default): an edit like any
    other, validated, revision + 1 and queued for the databank."""
    current = registrations.get(store.db, reg_id)
    if current is None:
        return followers.SaveResult(errors={"_form": "This follower no longer exists (erased)."})
    form = form or load_form(current.form_id)
    answers = {**current.answers, CONTACTED: day or today()}
    return followers.save_edit(store, reg_id, answers, form=form)


def language_of(reg: Registration, form: Form | None = None) -> str:
    """The language the follower signed up in (their consent's texts), else English."""
    lang = str((reg.consent or {}).get("language") or "en")
    languages = form.languages if form else ("en", "fi", "sv", "de", "it", "pt", "es", "fr")
    return lang if lang in languages else "en"
