"""Protocol v1, the scoped records pull (`GET /api/v1/records?since=CURSOR`): full records in the
token's scope that other laptops (or the public form) wrote, oldest change first, each with the
laptop and partner it came from. Apart from `protocol.py` so the wire types of this pull stay in
one place; the records themselves are `protocol.WireRecord`s."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lea_desktop.sync import protocol

RECORDS = f"{protocol.PREFIX}/records"
SCOPES = ("own", "partner", "all")


@dataclass
class ScopedRecord:
    """One record of a page and where it came from."""

    record: dict[str, Any]  # a WireRecord
    laptop: str  # the name of the collecting laptop's token ('' for a web sign-up)
    partner: str  # that laptop's partner; for a web sign-up, its event's responsible partner


@dataclass
class RecordPage:
    """`GET /api/v1/records?since=CURSOR`: the records of the token's scope changed after the
    cursor by anyone but the asking laptop. `scope` and `partner` are the token's now: a laptop
    whose scope changed starts again from cursor 0."""

    records: list[ScopedRecord]
    cursor: int
    more: bool
    scope: str
    partner: str

    def to_json(self) -> dict[str, Any]:
        return {
            "records": [
                {"record": r.record, "laptop": r.laptop, "partner": r.partner} for r in self.records
            ],
            "cursor": self.cursor,
            "more": self.more,
            "scope": self.scope,
            "partner": self.partner,
        }

    @property
    def scope_key(self) -> str:
        """What the laptop's cursor belongs to: a new scope or partner starts from 0."""
        return f"{self.scope}:{self.partner}"


@dataclass
class PulledRecord:
    record: protocol.WireRecord
    laptop: str
    partner: str


@dataclass
class ParsedPage:
    records: list[PulledRecord]
    cursor: int
    more: bool
    scope: str
    partner: str

    @property
    def scope_key(self) -> str:
        return f"{self.scope}:{self.partner}"


def parse_record_page(value: Any, since: int) -> ParsedPage:
    """Check a page: each record as a record, its origin as short texts, the scope known."""
    obj = protocol._obj(value, "answer")
    items = obj.get("records")
    if not isinstance(items, list):
        raise protocol.ProtocolError("the answer has no list of records")
    scope = obj.get("scope")
    if scope not in SCOPES:
        raise protocol.ProtocolError(f"unknown scope {scope!r}")
    partner = protocol._str(obj, "partner", required=False, max_len=200)
    cursor, more = protocol._page_common(obj, since)
    out = []
    for item in items:
        entry = protocol._obj(item, "record entry")
        out.append(
            PulledRecord(
                protocol.parse_record(entry.get("record")),
                protocol._str(entry, "laptop", required=False, max_len=100),
                protocol._str(entry, "partner", required=False, max_len=200),
            )
        )
    return ParsedPage(out, cursor, more, scope, partner)
