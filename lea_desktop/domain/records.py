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


@dataclass
class Event:
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
