"""Checking event fields, shared by `lea-desktop events add` and the Events page; loading the
example events of the seed report. No Qt here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lea_desktop.domain.records import EVENT_KINDS, EVENT_TEXT_RULES
from lea_desktop.storage import events

# The rules are the domain's (domain.records.EVENT_TEXT_RULES): the wire and the databank check
# the same ones, with only the tolerance kept for laptops not updated yet.
NAME_MAX = EVENT_TEXT_RULES["name"].max_len
NOTES_MAX = EVENT_TEXT_RULES["notes"].max_len
_LABELS = {"city": "The city", "responsible_partner": "The responsible partner"}


class EventFieldError(ValueError):
    """An event field is not acceptable; `field` says which one (for the message at the field)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def event_field_errors(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Check every event field; returns (cleaned values, messages by field name)."""
    from lea_desktop.domain.countries import is_country

    errors: dict[str, str] = {}
    name = " ".join(str(data.get("name") or "").split())
    if not name:
        errors["name"] = "The event needs a name."
    elif len(name) > NAME_MAX:
        errors["name"] = f"The name is too long ({len(name):,} characters, at most {NAME_MAX})."
    country = str(data.get("country") or "").strip().upper()
    if not is_country(country):
        errors["country"] = (
            f"Unknown country {data.get('country')!r}; use an ISO code such as GB or FI."
            if country
            else "Choose the country the event takes place in."
        )
    starts = ends = None
    try:
        starts = dt.date.fromisoformat(str(data.get("starts")))
    except ValueError:
        errors["starts"] = "Dates must be YYYY-MM-DD."
    try:
        ends = dt.date.fromisoformat(str(data.get("ends")))
    except ValueError:
        errors["ends"] = "Dates must be YYYY-MM-DD."
    if starts and ends and ends < starts:
        errors["ends"] = "The event ends before it starts."
    kind = str(data.get("kind") or "fair").strip().lower()
    if kind not in EVENT_KINDS:
        errors["kind"] = f"Unknown kind {kind!r}; one of: {', '.join(EVENT_KINDS)}."
    notes = str(data.get("notes") or "").strip()
    if len(notes) > NOTES_MAX:
        errors["notes"] = f"Notes are too long ({len(notes):,} characters, at most {NOTES_MAX:,})."
    city = " ".join(str(data.get("city") or "").split())
    partner = str(data.get("responsible_partner") or "").strip()
    for field, value in (("city", city), ("responsible_partner", partner)):
        most = EVENT_TEXT_RULES[field].max_len
        if len(value) > most:
            errors[field] = (
                f"{_LABELS[field]} is too long ({len(value):,} characters, at most {most})."
            )
    cleaned = {
        "name": name,
        "city": city,
        "country": country,
        "starts": starts.isoformat() if starts else "",
        "ends": ends.isoformat() if ends else "",
        "kind": kind,
        "responsible_partner": partner,
        "notes": notes,
    }
    return cleaned, errors


def check_event_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Validate event fields; returns them cleaned or raises EventFieldError (first problem,
    in field order)."""
    cleaned, errors = event_field_errors(data)
    for name in events.EDITABLE:
        if name in errors:
            raise EventFieldError(name, errors[name])
    return cleaned


def load_seed_events(store) -> int:
    """Create the seed report's example events that are not in the database yet; returns how
    many were added (all in one transaction). They are examples: never active by themselves,
    never sent to the databank unless edited into a real event (storage/events.py)."""
    from lea_desktop import reference

    existing = {(e.name, e.starts) for e in events.list_events(store.db, include_archived=True)}
    device = store.device_id
    added = 0
    with store.db.atomic():
        for raw in reference.seed_events():
            data = check_event_fields(raw)
            if (data["name"], data["starts"]) in existing:
                continue
            events.create(store.db, data, device_id=device, example=True)
            added += 1
    return added
