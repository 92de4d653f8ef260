"""LEA-N procurers: a follower's letter of intent (status, date, chosen tasks) and their
assistance & support requests.

The status of the letter (offered / signed, with the date) lives on the follower's record
(`loi_status`, `loi_date`), so it syncs with it. What the letter is filled with (organisation,
tasks, who signs) is a child record of kind "letter_of_intent" (forms/letter_of_intent.toml, one
per follower, edited in place); each assistance request is a child record of kind
"assistance_request" (forms/assistance_request.toml). All writes go through `followers` and
`storage.registrations`, so they are validated, revisioned and queued for the databank.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lea_desktop.domain import clock
from lea_desktop.domain.records import LOI_STATUSES, Registration
from lea_desktop.formkit import Form, load_form
from lea_desktop.storage import Store, registrations
from lea_desktop.storage.database import StorageError, explain
from lea_desktop.usecases import followers

LOI_FORM = "letter_of_intent"
ASSISTANCE_FORM = "assistance_request"
MIN_PREFIX = 6


class ProcurerError(ValueError):
    """A follower that cannot be found or a status that cannot be set; the message says why."""


def find_follower(store: Store, ref: str) -> Registration:
    """The follower with id `ref`, or the only one whose id starts with `ref` (≥ 6 characters)."""
    ref = ref.strip().lower()
    if not ref:
        raise ProcurerError("Give the follower's id (see: lea-desktop export).")
    found = registrations.get(store.db, ref)
    if found is None and len(ref) >= MIN_PREFIX:
        ids = registrations.follower_ids_starting(store.db, ref, limit=2)
        if len(ids) > 1:
            raise ProcurerError(f"More than one follower's id starts with {ref}; give more of it.")
        if ids:
            found = registrations.get(store.db, ids[0])
    if found is None:
        raise ProcurerError(f"No follower with id {ref}.")
    if found.kind != "follower":
        raise ProcurerError(f"{ref} is a {found.kind.replace('_', ' ')}, not a follower.")
    return found


def prefill(form: Form, follower: Registration) -> dict[str, Any]:
    """Answers for `form` taken from the follower's answers to fields of the same id."""
    return {f.id: follower.answers[f.id] for f in form.fields if follower.answers.get(f.id)}


# --- letter of intent --------------------------------------------------------------------------


def parse_day(text: str | None) -> str:
    """A date given by staff (YYYY-MM-DD, not in the future); today when none is given."""
    if not text:
        return clock.today().isoformat()
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ProcurerError(f"Not a date: {text!r}; use YYYY-MM-DD.") from None
    if day > clock.today():
        raise ProcurerError(f"{day.isoformat()} is in the future.")
    return day.isoformat()


def set_loi_status(
    store: Store, follower_id: str, status: str, day: str | None = None
) -> Registration:
    """Record that the letter was offered or signed (on `day`, default today); "" clears it."""
    status = status.strip().lower()
    if status not in LOI_STATUSES:
        allowed = ", ".join(s for s in LOI_STATUSES if s)
        raise ProcurerError(f"Unknown letter of intent status {status!r}; use {allowed}.")
    follower = find_follower(store, follower_id)
    when = parse_day(day) if status else ""
    try:
        return registrations.update(store.db, follower.id, {"loi_status": status, "loi_date": when})
    except StorageError as exc:
        raise ProcurerError(str(exc)) from None
    except Exception as exc:
        raise ProcurerError(explain(exc)) from None


def letter_of_intent(store: Store, follower_id: str) -> Registration | None:
    """The saved contents of the follower's letter (the newest, should there be two)."""
    found = registrations.children(store.db, follower_id, LOI_FORM)
    return found[-1] if found else None


def loi_answers(store: Store, follower: Registration) -> dict[str, Any]:
    """What the letter is filled with: the saved record, else the follower's organisation."""
    saved = letter_of_intent(store, follower.id)
    if saved is not None:
        return dict(saved.answers)
    return prefill(load_form(LOI_FORM), follower)


def save_letter_of_intent(
    store: Store, follower_id: str, answers: dict[str, Any]
) -> followers.SaveResult:
    """Create or update the follower's letter contents (validated against the form)."""
    follower = find_follower(store, follower_id)
    form = load_form(LOI_FORM)
    merged = {**loi_answers(store, follower), **answers}
    saved = letter_of_intent(store, follower.id)
    if saved is None:
        return followers.save_new(
            store, merged, event_id=follower.event_id, form=form, parent_id=follower.id
        )
    return followers.save_edit(store, saved.id, merged, form=form)


# --- assistance & support requests -------------------------------------------------------------


def assistance_requests(store: Store, follower_id: str) -> list[Registration]:
    return registrations.children(store.db, follower_id, ASSISTANCE_FORM)


def add_assistance_request(
    store: Store,
    follower_id: str,
    answers: dict[str, Any],
    *,
    lang: str = "en",
    source: str = "app",
) -> followers.SaveResult:
    """Save a request for the follower; organisation and contact default to the follower's."""
    follower = find_follower(store, follower_id)
    form = load_form(ASSISTANCE_FORM)
    merged = {
        **prefill(form, follower),
        **{k: v for k, v in answers.items() if v not in (None, "")},
    }
    return followers.save_new(
        store, merged, event_id=follower.event_id, form=form, lang=lang, source=source,
        parent_id=follower.id,
    )  # fmt: skip
