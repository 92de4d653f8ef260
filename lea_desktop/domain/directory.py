"""The consortium's follower directory: what an entry holds and how it is said (pure Python).

Every laptop keeps a directory of all the consortium's followers, pulled from the databank:
per follower its id, organisation, country, city, types, event, the partner and laptop that
collected it, its times, whether it is a LEA-N candidate and `email_key` — a keyed hash of its
email address — but never the email, name, phone or notes (docs/privacy.md). A laptop that
knows the consortium key can tell whether an address it is given is a follower already; it
cannot read the addresses back out of the directory.

The sign-up form's fields an entry is made from are named here once (the KPI fields in
`domain.kpi`); `tests/unit/test_directory.py` checks each exists in forms/follower_signup.toml.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

EMAIL_FIELD = "email"
ORGANISATION_FIELD = "organisation"
CITY_FIELD = "city"

# The databank's device id of the public sign-up form (`databank.tokens.WEB_DEVICE`).
WEB_DEVICE = "web"


@dataclass(frozen=True)
class Known:
    """Where an email address is known: this laptop's own store or the consortium directory."""

    id: str
    event_name: str  # "" when the event is not known here
    created_at: str  # ISO 8601 UTC
    partner: str
    laptop: str  # the collecting laptop's name at the databank ("" when unknown)
    device_id: str
    organisation: str = ""
    local: bool = False  # the full record is on this laptop (open it)
    this_laptop: bool = False  # collected by this laptop

    def where(self) -> str:
        """Who collected it: "this laptop", "the public sign-up form" or "another laptop"."""
        if self.this_laptop:
            return "this laptop"
        if self.device_id == WEB_DEVICE:
            return "the public sign-up form"
        return "another laptop"

    def sentence(self) -> str:
        """ "signed up at BETT 2027 on 21 Jan 2027 (INNOVA, another laptop)" — staff words."""
        day = day_text(self.created_at)
        at = f" at {self.event_name}" if self.event_name else ""
        on = f" on {day}" if day else ""
        who = ", ".join(p for p in (self.partner, self.where()) if p)
        return f"signed up{at}{on} ({who})"


def day_text(stamp: str) -> str:
    """The local day of an ISO time, as "21 Jan 2027"; "" when it cannot be read."""
    try:
        moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{moment.day} {moment:%b %Y}"
