"""Record types shared by the laptop, the exports and the databank."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

EVENT_KINDS = ("fair", "conference", "workshop", "webinar", "open market consultation")
RECORD_KINDS = ("follower", "assistance_request", "letter_of_intent")
LOI_STATUSES = ("", "offered", "signed")


def new_id() -> str:
    """A random UUID, made on the laptop so records never collide across devices."""
    import uuid  # here: `uuid` loads `platform`, which the window's start does not need

    return str(uuid.uuid4())


def slug(text: str) -> str:
    """ASCII, lower case, hyphens: `BETT 2027` → `bett-2027` (for QR campaign attribution)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "event"


@dataclass(frozen=True)
class TextRule:
    """A text field's rule: at most `max_len` characters; `required`: it may not be empty."""

    max_len: int
    required: bool = False

    def widened(self, max_len: int | None = None, *, required: bool | None = None) -> TextRule:
        """This rule relaxed, never tightened (a tolerance may only let more through)."""
        wider = TextRule(
            self.max_len if max_len is None else max_len,
            self.required if required is None else required,
        )
        if wider.max_len < self.max_len or (wider.required and not self.required):
            raise ValueError(f"{wider} is stricter than {self}")
        return wider


# An event's fields and their rules, defined once. The event form checks these
# (usecases/event_rules.py, used by the Events page and `lea-desktop events add`); the laptop's
# store edits EVENT_EDITABLE (storage/events.py); the wire and the databank check
# EVENT_WIRE_RULES, derived from these below. `Event` has exactly these fields (a test says so).
EVENT_EDITABLE = (
    "name", "city", "country", "starts", "ends", "kind", "responsible_partner", "notes",
)  # fmt: skip
EVENT_TEXT_RULES: dict[str, TextRule] = {
    "id": TextRule(64, required=True),
    "name": TextRule(200, required=True),
    "city": TextRule(200),
    "country": TextRule(2, required=True),  # an ISO 3166 alpha-2 code (domain.countries)
    "kind": TextRule(40),  # one of EVENT_KINDS; empty reads as "fair"
    "responsible_partner": TextRule(200),
    "notes": TextRule(4000),
    "origin_device": TextRule(64),
}
# starts, ends: ISO dates (YYYY-MM-DD), ends not before starts.

# The wire's tolerance, and why: protocol v1 has accepted events with a name of up to 300
# characters, notes of up to 5,000 and no country since its first release, when the laptop did
# not check those fields yet. Laptops not updated since, and the events they already sent, keep
# syncing: the databank accepts (and laptops pull) what these widened rules allow. Only widening
# is possible (`TextRule.widened`); everything else is the rule above.
EVENT_WIRE_TOLERANCE: dict[str, dict[str, Any]] = {
    "name": {"max_len": 300},
    "notes": {"max_len": 5000},
    "country": {"required": False},
}
EVENT_WIRE_RULES: dict[str, TextRule] = {
    name: rule.widened(**EVENT_WIRE_TOLERANCE.get(name, {}))
    for name, rule in EVENT_TEXT_RULES.items()
}


def email_key(answers: dict[str, Any]) -> str:
    """A record's email address as compared: trimmed and case-folded, "" without one. The one
    normalisation behind the laptop's `registrations.email_key`, the databank's
    `records.email_key` and its `web_signups.email_key`."""
    return str(answers.get("email") or "").strip().casefold()


@dataclass
class Event:
    """An event (fair, conference …): shared by every laptop, edited by any of them. Its text
    fields' rules are EVENT_TEXT_RULES; `sync.protocol.WireEvent` is this type on the wire."""

    id: str
    name: str
    starts: str
    ends: str
    city: str = ""
    country: str = ""
    kind: str = "fair"
    responsible_partner: str = ""
    notes: str = ""
    archived: bool = False
    created_at: str = ""
    updated_at: str = ""
    revision: int = 1
    origin_device: str = ""

    @property
    def slug(self) -> str:
        return slug(self.name)

    def includes(self, day: str) -> bool:
        return self.starts <= day <= self.ends

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Event:
        names = cls.__dataclass_fields__
        data = {k: v for k, v in row.items() if k in names}
        data["archived"] = bool(data.get("archived", False))
        return cls(**data)


# A registration's record columns, in wire order: what a laptop stores, sends and the databank
# keeps for each record. `sync.protocol.WireRecord` has exactly these fields (a test says so);
# the laptop's store adds `acknowledged_at` and `purged_at`, the databank its bookkeeping.
RECORD_COLUMNS = (
    "id", "kind", "form_id", "form_version", "revision", "event_id", "device_id", "created_at",
    "updated_at", "collected_by", "consent", "answers", "source", "parent_id", "loi_status",
    "loi_date",
)  # fmt: skip


@dataclass
class Registration:
    id: str
    event_id: str
    form_id: str
    form_version: int
    answers: dict[str, Any]
    kind: str = "follower"
    consent: dict[str, Any] | None = None
    created_at: str = ""
    updated_at: str = ""
    revision: int = 1
    collected_by: str = ""
    device_id: str = ""
    source: str = "app"
    parent_id: str | None = None
    loi_status: str = ""
    loi_date: str = ""
    acknowledged_at: str | None = None
    purged_at: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def answer(self, field_id: str, default: Any = "") -> Any:
        return self.answers.get(field_id, default)
