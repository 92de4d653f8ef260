"""The databank wire format, version 1: shared by the laptop's sync engine and the databank server.

Pure Python (dataclasses and parse functions, no HTTP library, no database): both ends build
and check every message through this module, so they cannot drift apart. `docs/protocol.md`
describes the endpoints in prose; the shapes live here.

Parse functions take decoded JSON (`Any`) and either return typed objects or raise
`ProtocolError` with a sentence saying what is wrong. The server turns a bad record into a
`rejected` outcome with that sentence; the laptop treats a malformed answer as "not an answer"
(nothing leaves the outbox).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import unicodedata
import uuid
from dataclasses import asdict, dataclass, field
from itertools import accumulate
from typing import Any

from lea_desktop.domain.countries import is_country
from lea_desktop.domain.records import (
    EVENT_KINDS,
    EVENT_WIRE_RULES,
    LOI_STATUSES,
    RECORD_COLUMNS,
    RECORD_KINDS,
    Event,
)

SERVICE = "lea-databank"
API_VERSION = 1
PREFIX = "/api/v1"

# Paths, relative to the databank's base URL.
HEALTH = f"{PREFIX}/health"
WHOAMI = f"{PREFIX}/whoami"
RECORDS_BATCH = f"{PREFIX}/records/batch"
EVENTS = f"{PREFIX}/events"
EVENTS_BATCH = f"{PREFIX}/events/batch"
TOMBSTONES = f"{PREFIX}/tombstones"
RECONCILE = f"{PREFIX}/reconcile"
WEB_SIGNUPS = f"{PREFIX}/web-signups"
DIRECTORY = f"{PREFIX}/directory"

MAX_BATCH = 500  # records, events or tombstones in one request; the laptop sends 200
MAX_PAGE = 5000  # rows in one page of a pull or a reconciliation answer
MAX_ANSWERS_BYTES = 64_000  # one record's answers, as JSON
MAX_CONSENT_BYTES = 16_000  # one record's consent proof, as JSON (versions and hashes)
MAX_BODY_BYTES = 16_000_000  # one request
MAX_DEPTH = 32  # nesting of arrays and objects in a request (a record batch needs 6)
# Whole numbers both databases store (a signed 64-bit integer): revisions and cursors.
MAX_INT = 2**63 - 1
MAX_FORM_VERSION = 2**31 - 1
# Text without NUL, as a JSON Schema (and pydantic) pattern: for query parameters, where a
# surrogate cannot arrive (URLs are decoded as UTF-8), and in the OpenAPI description.
TEXT_PATTERN = "^[^\\u0000]*$"
# NUL in canonical JSON text, where it is written `\u0000` (after an even number of
# backslashes: `\\u0000` is a backslash and the letters u0000).
_JSON_NUL = re.compile(r"(?<!\\)(?:\\\\)*\\u0000")

CREATED, UPDATED, UNCHANGED, CONFLICT, REJECTED = (
    "created",
    "updated",
    "unchanged",
    "conflict",
    "rejected",
)
# A record or event edit that names another laptop than the token's: nothing stored.
FORBIDDEN = "forbidden"
# Tombstones only: the follower was collected by another laptop, so the erasure waits at the
# databank for a coordinator (an erasure request); or the databank holds no such id (nothing
# is tombstoned in advance).
REQUESTED, UNKNOWN = "requested", "unknown"
ACCEPTED = frozenset({CREATED, UPDATED, UNCHANGED})
# What takes a tombstone off the laptop's queue: the databank erased it, had erased it, holds
# the request for a coordinator, or never held the id.
ERASURE_DONE = frozenset({CREATED, UNCHANGED, REQUESTED, UNKNOWN})
OUTCOMES = frozenset(
    {CREATED, UPDATED, UNCHANGED, CONFLICT, REJECTED, FORBIDDEN, REQUESTED, UNKNOWN}
)
# What each outcome means, for docs/protocol.md's table and the OpenAPI description.
OUTCOME_MEANINGS = {
    CREATED: "stored (a tombstone: erased now)",
    UPDATED: "held at a lower revision: replaced",
    UNCHANGED: "held as sent already (a replay; a tombstone: erased earlier)",
    CONFLICT: "the databank holds a newer revision or other content; untouched",
    REJECTED: "malformed, invalid answers, or erased; untouched, `reason` says why",
    FORBIDDEN: "names another laptop than the token's, or belongs to another laptop; "
    "nothing stored, `reason` says why",
    REQUESTED: "tombstone of a follower another laptop collected: held as an erasure request "
    "for a coordinator",
    UNKNOWN: "tombstone of an id the databank does not hold: nothing erased or tombstoned",
}
SOURCES = ("app", "import", "paper", "web")  # web: the databank's public sign-up form

_FORM_ID = re.compile(r"^[a-z0-9_]{1,64}$")


class ProtocolError(ValueError):
    """A message that does not follow the protocol; the text says what is wrong."""


# --------------------------------------------------------------------------- small checks


def _obj(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ProtocolError(f"{what} must be a JSON object")
    return value


def _str(obj: dict[str, Any], key: str, *, required: bool = True, max_len: int = 500) -> str:
    value = obj.get(key, None if required else "")
    if value is None and not required:
        return ""
    if value is None:
        raise ProtocolError(f"{key} is missing")
    if not isinstance(value, str):
        raise ProtocolError(f"{key} must be a string")
    if required and not value:
        raise ProtocolError(f"{key} is missing")
    if len(value) > max_len:
        raise ProtocolError(f"{key} is too long")
    check_text(value, key)
    return value


def check_text(value: str, key: str) -> str:
    """`value`, unless it holds a character no database stores (NUL, a lone surrogate)."""
    if not _storable(value):
        raise ProtocolError(f"{key} holds a NUL or an unpaired surrogate character")
    return value


def _storable(value: str) -> bool:
    """Text both databases hold: no NUL (PostgreSQL refuses it) and no lone UTF-16 surrogate
    (JSON lets `\ud800` through; UTF-8 cannot encode it, which is the cheap test)."""
    if "\x00" in value:
        return False
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _int(obj: dict[str, Any], key: str, *, minimum: int = 0, maximum: int = MAX_INT) -> int:
    value = obj.get(key)
    # bool is an int in Python; `true` is not a revision.
    if not isinstance(value, int) or isinstance(value, bool):
        raise ProtocolError(f"{key} must be a whole number")
    if value < minimum:
        raise ProtocolError(f"{key} must be at least {minimum}")
    if value > maximum:
        raise ProtocolError(f"{key} must be at most {maximum}")
    return value


def decode_json(body: bytes) -> Any:
    """A request body's JSON (UTF-8); ProtocolError when it is not, or when it nests deeper
    than `MAX_DEPTH`, which is checked on the bytes first: a deep structure never reaches the
    decoder (whose recursion would fail) nor any step after it."""
    if _too_deep(body):
        raise ProtocolError(f"JSON nested deeper than {MAX_DEPTH} levels")
    try:
        # Strict UTF-8 (the bytes `_too_deep` read are the text decoded): `json.loads(bytes)`
        # would also take UTF-16 and surrogates encoded as UTF-8.
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ProtocolError("not JSON") from None
    except (ValueError, RecursionError):  # e.g. a number of more than 4,300 digits
        raise ProtocolError("JSON with a number out of range") from None


_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'[]{}"')
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # +1 and -1 as signed bytes


def _too_deep(body: bytes) -> bool:
    """Whether the arrays and objects of `body` nest deeper than `MAX_DEPTH`.

    Strings are dropped (escaped backslashes and quotes first, then all but quotes and
    brackets, then what lies between quotes), then the quotes; the deepest nesting is the
    highest running sum of +1 per opening and -1 per closing bracket, summed in C. Up to the
    first error a JSON decoder would stop at, that sum is exactly its nesting depth. (UTF-8:
    no byte of a multi-byte character is a quote, a bracket or a backslash.)"""
    bare = body.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_STRUCTURE)
    steps = b"".join(bare.split(b'"')[::2]).translate(_STEPS)
    if b"\x01" * (MAX_DEPTH + 1) in steps:  # the usual attack, found without summing
        return True
    return max(accumulate(memoryview(steps).cast("b")), default=0) > MAX_DEPTH


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def check_uuid(value: Any, key: str = "id") -> str:
    """A UUID in its canonical lower-case text form (what the laptop makes)."""
    if not isinstance(value, str):
        raise ProtocolError(f"{key} must be a UUID string")
    # Exactly the strings `str(uuid.UUID(value)) == value` accepts, without building a UUID
    # (the databank checks two per record); anything else goes the slow way for its message.
    if _CANONICAL_UUID.fullmatch(value):
        return value
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        raise ProtocolError(f"{key} is not a UUID") from None
    if str(parsed) != value:
        raise ProtocolError(f"{key} must be a lower-case UUID with hyphens")
    return value


def _timestamp(obj: dict[str, Any], key: str) -> str:
    value = _str(obj, key, max_len=40)
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ProtocolError(f"{key} is not an ISO-8601 time") from None
    return value


def _date(obj: dict[str, Any], key: str, *, required: bool = True) -> str:
    value = _str(obj, key, required=required, max_len=10)
    if value:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise ProtocolError(f"{key} is not a date (YYYY-MM-DD)") from None
    return value


# No circular-reference check: what is encoded here comes from JSON or is built from it, and
# cannot refer to itself (the check is a quarter of the time of encoding a record's answers).
_CANONICAL = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), check_circular=False
)


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: equal content gives equal text (and hash)."""
    return _CANONICAL.encode(value)


# --------------------------------------------------------------------------- health


@dataclass(frozen=True)
class Health:
    service: str
    api: int
    databank_id: str  # a random id made when the databank's database was created

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def parse_health(value: Any) -> Health:
    """The answer of `GET /api/v1/health`; anything else means "this is not our databank"."""
    obj = _obj(value, "health answer")
    if obj.get("service") != SERVICE:
        raise ProtocolError("the answer does not come from a LEA databank")
    if obj.get("api") != API_VERSION:
        raise ProtocolError(
            f"the databank speaks API version {obj.get('api')!r}, not {API_VERSION}"
        )
    return Health(SERVICE, API_VERSION, check_uuid(obj.get("databank_id"), "databank_id"))


# --------------------------------------------------------------------------- records


@dataclass
class WireRecord:
    """One registration as it travels: everything the databank keeps about it."""

    id: str
    kind: str
    form_id: str
    form_version: int
    revision: int
    event_id: str
    device_id: str
    created_at: str
    updated_at: str
    collected_by: str
    consent: dict[str, Any] | None
    answers: dict[str, Any]
    source: str = "app"
    parent_id: str | None = None
    loi_status: str = ""
    loi_date: str = ""

    def to_json(self) -> dict[str, Any]:
        # Shallow on purpose: `asdict` deep-copies answers and consent, which cost more than
        # everything else the laptop does to send a batch.
        return {name: getattr(self, name) for name in _RECORD_FIELDS}

    def content_hash(self, known: dict[str, str] | None = None) -> str:
        """SHA-256 of the record's content (every field): same revision + same hash = a replay.

        `known` maps field names to their `canonical_json` text when the caller already has it
        (the databank encodes answers and consent once, and stores that same text)."""
        text = canonical_record(self, known) if known else canonical_json(self.to_json())
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


_RECORD_FIELDS = RECORD_COLUMNS  # WireRecord's fields, in order (a test says so)
_SORTED_RECORD_FIELDS = tuple(sorted(_RECORD_FIELDS))


def canonical_record(rec: WireRecord, known: dict[str, str]) -> str:
    """`canonical_json(rec.to_json())`, reusing the canonical text of the fields in `known`.

    Canonical JSON of an object is its members in key order, so the text can be put together
    from the members already encoded and one encoding of each run of the others.
    """
    parts: list[str] = []
    run: dict[str, Any] = {}
    for name in _SORTED_RECORD_FIELDS:
        text = known.get(name)
        if text is None:
            run[name] = getattr(rec, name)
            continue
        if run:
            parts.append(canonical_json(run)[1:-1])
            run = {}
        parts.append(f'"{name}":{text}')
    if run:
        parts.append(canonical_json(run)[1:-1])
    return "{" + ",".join(parts) + "}"


def parse_record(value: Any) -> WireRecord:
    """Check one record's shape (not its answers: the databank validates those with formkit)."""
    return parse_record_encoded(value)[0]


def parse_record_encoded(value: Any) -> tuple[WireRecord, dict[str, str]]:
    """`parse_record`, plus the `canonical_json` text of the record's answers and consent,
    encoded once here (the answers' size is checked on it) for `content_hash(known=…)` and for
    storing."""
    obj = _obj(value, "record")
    record_id = check_uuid(obj.get("id"))
    kind = _str(obj, "kind", max_len=40)
    if kind not in RECORD_KINDS:
        raise ProtocolError(f"kind must be one of {', '.join(RECORD_KINDS)}")
    form_id = _str(obj, "form_id", max_len=64)
    if not _FORM_ID.match(form_id):
        raise ProtocolError("form_id is not a form id")
    consent = obj.get("consent")
    if consent is not None and not isinstance(consent, dict):
        raise ProtocolError("consent must be an object or null")
    answers = obj.get("answers")
    if not isinstance(answers, dict):
        raise ProtocolError("answers must be an object")
    answers_json = _encoded(answers, "answers", MAX_ANSWERS_BYTES)
    consent_json = _encoded(consent, "consent", MAX_CONSENT_BYTES)
    source = _str(obj, "source", required=False, max_len=20) or "app"
    if source not in SOURCES:
        raise ProtocolError(f"source must be one of {', '.join(SOURCES)}")
    parent = obj.get("parent_id")
    loi_status = _str(obj, "loi_status", required=False, max_len=20)
    if loi_status not in LOI_STATUSES:
        raise ProtocolError(
            f"loi_status must be one of {', '.join(s or '(empty)' for s in LOI_STATUSES)}"
        )
    record = WireRecord(
        id=record_id,
        kind=kind,
        form_id=form_id,
        form_version=_int(obj, "form_version", minimum=1, maximum=MAX_FORM_VERSION),
        revision=_int(obj, "revision", minimum=1),
        event_id=_str(obj, "event_id", max_len=64),
        device_id=_str(obj, "device_id", max_len=64),
        created_at=_timestamp(obj, "created_at"),
        updated_at=_timestamp(obj, "updated_at"),
        collected_by=_str(obj, "collected_by", required=False, max_len=200),
        consent=consent,
        answers=answers,
        source=source,
        parent_id=None if parent is None else check_uuid(parent, "parent_id"),
        loi_status=loi_status,
        loi_date=_date(obj, "loi_date", required=False),
    )
    return record, {"answers": answers_json, "consent": consent_json}


def _encoded(value: Any, key: str, max_bytes: int) -> str:
    """`canonical_json(value)`, checked for size and for text no database stores (in keys
    and values alike)."""
    text = canonical_json(value)
    if len(text) > max_bytes:  # characters: never fewer than bytes
        raise ProtocolError(f"{key}: larger than {max_bytes} bytes")
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate
        size = -1
    if size < 0 or ("\\u0000" in text and _JSON_NUL.search(text)):
        raise ProtocolError(f"{key} holds a NUL or an unpaired surrogate character")
    if size > max_bytes:
        raise ProtocolError(f"{key}: larger than {max_bytes} bytes")
    return text


def item_reference(item: Any, index: int) -> tuple[str, int]:
    """The id and revision to name a refused item by in its outcome: the ones it gave when
    they can be echoed safely, else `#index` and 0."""
    ident = item.get("id") if isinstance(item, dict) else None
    rev = item.get("revision") if isinstance(item, dict) else None
    if not isinstance(ident, str) or not 0 < len(ident) <= 64 or not _storable(ident):
        ident = f"#{index}"
    if not isinstance(rev, int) or isinstance(rev, bool) or not 0 <= rev <= MAX_INT:
        rev = 0
    return ident, rev


# --------------------------------------------------------------------------- events


@dataclass
class WireEvent(Event):
    """An event (fair, conference …): shared by every laptop, edited by any of them.

    The fields are `domain.records.Event`'s, checked by the wire's rules (EVENT_WIRE_RULES:
    the event form's rules with the tolerance protocol v1 has always had)."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def content_hash(self) -> str:
        return hashlib.sha256(canonical_json(self.to_json()).encode("utf-8")).hexdigest()


def _event_text(obj: dict[str, Any], key: str) -> str:
    rule = EVENT_WIRE_RULES[key]
    return _str(obj, key, required=rule.required, max_len=rule.max_len)


def parse_event(value: Any) -> WireEvent:
    obj = _obj(value, "event")
    name = _event_text(obj, "name")
    country = _event_text(obj, "country")
    if country and not is_country(country):
        raise ProtocolError("country is not an ISO 3166 country code")
    kind = _event_text(obj, "kind") or "fair"
    if kind not in EVENT_KINDS:
        raise ProtocolError(f"kind must be one of {', '.join(EVENT_KINDS)}")
    starts, ends = _date(obj, "starts"), _date(obj, "ends")
    if ends < starts:
        raise ProtocolError("the event ends before it starts")
    archived = obj.get("archived", False)
    if not isinstance(archived, bool | int):
        raise ProtocolError("archived must be true or false")
    return WireEvent(
        id=_event_text(obj, "id"),
        name=name,
        starts=starts,
        ends=ends,
        city=_event_text(obj, "city"),
        country=country,
        kind=kind,
        responsible_partner=_event_text(obj, "responsible_partner"),
        notes=_event_text(obj, "notes"),
        archived=bool(archived),
        created_at=_timestamp(obj, "created_at"),
        updated_at=_timestamp(obj, "updated_at"),
        revision=_int(obj, "revision", minimum=1),
        origin_device=_event_text(obj, "origin_device"),
    )


# --------------------------------------------------------------------------- batches


@dataclass
class Outcome:
    """What the databank did with one record, event or tombstone of a batch.

    `revision` echoes the revision the laptop sent (0 for tombstones); the laptop removes an
    outbox row only when `status` is accepted and `revision` is the one it sent.
    `server_revision` is the databank's revision after a conflict; `current` the databank's copy
    of an event after an event conflict (the databank wins for events, see docs/protocol.md).
    """

    id: str
    revision: int
    status: str
    reason: str = ""
    server_revision: int | None = None
    current: dict[str, Any] | None = None

    @property
    def accepted(self) -> bool:
        return self.status in ACCEPTED

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "revision": self.revision, "status": self.status}
        if self.reason:
            out["reason"] = self.reason
        if self.server_revision is not None:
            out["server_revision"] = self.server_revision
        if self.current is not None:
            out["current"] = self.current
        return out


@dataclass
class RecordBatch:
    """`POST /api/v1/records/batch`: the records stay raw so each is judged on its own."""

    device_id: str
    records: list[Any]


@dataclass
class EventBatch:
    """`POST /api/v1/events/batch`."""

    device_id: str
    events: list[Any]


@dataclass
class TombstoneBatch:
    """`POST /api/v1/tombstones`: erasures, UUIDs only, and the staff name of who asked (kept
    with an erasure request for a follower another laptop collected)."""

    device_id: str
    ids: list[str]
    requested_by: str = ""


@dataclass
class BatchResult:
    """The answer to any batch: one outcome per item sent, in the order sent."""

    outcomes: list[Outcome] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"outcomes": [o.to_json() for o in self.outcomes]}


def _envelope(value: Any, key: str) -> tuple[str, list[Any]]:
    obj = _obj(value, "request")
    device = _str(obj, "device_id", max_len=64)
    items = obj.get(key)
    if not isinstance(items, list):
        raise ProtocolError(f"{key} must be a list")
    if len(items) > MAX_BATCH:
        raise ProtocolError(f"at most {MAX_BATCH} {key} in one request")
    return device, items


def parse_record_batch(value: Any) -> RecordBatch:
    return RecordBatch(*_envelope(value, "records"))


def parse_event_batch(value: Any) -> EventBatch:
    return EventBatch(*_envelope(value, "events"))


def parse_tombstone_batch(value: Any) -> TombstoneBatch:
    device, ids = _envelope(value, "ids")
    requested_by = _str(value, "requested_by", required=False, max_len=200)
    return TombstoneBatch(device, [check_uuid(i, "ids[]") for i in ids], requested_by)


def record_batch(device_id: str, records: list[WireRecord]) -> dict[str, Any]:
    return {"device_id": device_id, "records": [r.to_json() for r in records]}


def record_batch_text(device_id: str, records: list[str]) -> str:
    """`record_batch` as JSON text, from records already encoded as JSON text each."""
    return f'{{"device_id":{json.dumps(device_id)},"records":[{",".join(records)}]}}'


def event_batch(device_id: str, events: list[WireEvent]) -> dict[str, Any]:
    return {"device_id": device_id, "events": [e.to_json() for e in events]}


def tombstone_batch(device_id: str, ids: list[str], requested_by: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"device_id": device_id, "ids": list(ids)}
    if requested_by:
        out["requested_by"] = requested_by
    return out


def parse_batch_result(value: Any, sent: dict[str, int]) -> BatchResult:
    """Check a batch answer against what was sent (`{id: revision}`).

    Raises ProtocolError unless it is a well-formed list of outcomes; outcomes naming an id that
    was not sent, or a different revision, are dropped (they confirm nothing).
    """
    obj = _obj(value, "answer")
    raw = obj.get("outcomes")
    if not isinstance(raw, list):
        raise ProtocolError("the answer has no list of outcomes")
    result = BatchResult()
    for item in raw:
        o = _obj(item, "outcome")
        status = o.get("status")
        if status not in OUTCOMES:
            raise ProtocolError(f"unknown outcome {status!r}")
        oid = o.get("id")
        revision = o.get("revision")
        if not isinstance(oid, str) or not isinstance(revision, int) or isinstance(revision, bool):
            raise ProtocolError("an outcome lacks its id or revision")
        if sent.get(oid) != revision:
            continue
        server_revision = o.get("server_revision")
        if server_revision is not None and (
            not isinstance(server_revision, int) or isinstance(server_revision, bool)
        ):
            raise ProtocolError("server_revision must be a whole number")
        current = o.get("current")
        reason = o.get("reason", "")
        result.outcomes.append(
            Outcome(
                id=oid,
                revision=revision,
                status=status,
                reason=reason if isinstance(reason, str) else str(reason),
                server_revision=server_revision,
                current=current if isinstance(current, dict) else None,
            )
        )
    return result


# --------------------------------------------------------------------------- pulls


@dataclass
class EventPage:
    """`GET /api/v1/events?since=CURSOR`: events changed after the cursor, oldest change first."""

    events: list[dict[str, Any]]
    cursor: int  # pass as `since` next time
    more: bool

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TombstonePage:
    """`GET /api/v1/tombstones?since=CURSOR`: erased UUIDs after the cursor."""

    ids: list[str]
    cursor: int
    more: bool

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class WebSignupPage:
    """`GET /api/v1/web-signups?since=CURSOR`: followers who signed up with the databank's
    public form for an event the asking laptop created (records, source `web`), oldest change
    first."""

    records: list[dict[str, Any]]
    cursor: int
    more: bool

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def parse_web_signup_page(value: Any, since: int) -> tuple[list[WireRecord], int, bool]:
    """The records of a web sign-up page (each checked as a record), its cursor and `more`."""
    obj = _obj(value, "answer")
    records = obj.get("records")
    if not isinstance(records, list):
        raise ProtocolError("the answer has no list of records")
    cursor, more = _page_common(obj, since)
    return [parse_record(r) for r in records], cursor, more


def _page_common(obj: dict[str, Any], since: int) -> tuple[int, bool]:
    cursor = _int(obj, "cursor")
    if cursor < since:
        raise ProtocolError("the databank's cursor went backwards")
    more = obj.get("more")
    if not isinstance(more, bool):
        raise ProtocolError("more must be true or false")
    return cursor, more


def parse_event_page(value: Any, since: int) -> EventPage:
    obj = _obj(value, "answer")
    events = obj.get("events")
    if not isinstance(events, list):
        raise ProtocolError("the answer has no list of events")
    cursor, more = _page_common(obj, since)
    return EventPage([_obj(e, "event") for e in events], cursor, more)


def parse_tombstone_page(value: Any, since: int) -> TombstonePage:
    obj = _obj(value, "answer")
    ids = obj.get("ids")
    if not isinstance(ids, list):
        raise ProtocolError("the answer has no list of ids")
    cursor, more = _page_common(obj, since)
    return TombstonePage([check_uuid(i, "ids[]") for i in ids], cursor, more)


# --------------------------------------------------------------------------- the directory


@dataclass
class DirectoryEntry:
    """One follower of the consortium as every laptop may know it: no email, name, phone or
    notes. `email_key` is HMAC-SHA256 (the consortium key) of the normalised email, in hex
    (`email_key` below). `gone`: the follower was erased; only `id` is meaningful then."""

    id: str
    gone: bool = False
    email_key: str = ""
    organisation: str = ""
    country: str = ""
    city: str = ""
    types: list[str] = field(default_factory=list)
    event_id: str = ""
    partner: str = ""  # the partner responsible for the event it was collected at
    device_id: str = ""  # the laptop (or `web`) that collected it
    laptop: str = ""  # that laptop's token name at the databank
    created_at: str = ""
    updated_at: str = ""
    lea_n: bool = False  # a LEA-N candidate (a procurer who chose the LEA-N interest)
    loi_status: str = ""


@dataclass
class WhoAmI:
    """`GET /api/v1/whoami`: the name the token is known by, and the consortium key (hex) the
    directory's `email_key`s are made with (`None` from a databank older than the directory)."""

    name: str
    consortium_key: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def parse_whoami(value: Any) -> WhoAmI:
    obj = _obj(value, "answer")
    name = _str(obj, "name", max_len=100)
    key = obj.get("consortium_key")
    if key is not None:
        check_consortium_key(key)
    return WhoAmI(name, key)


@dataclass
class DirectoryPage:
    """`GET /api/v1/directory?since=CURSOR[&limit=N]`: directory entries changed after the
    cursor, oldest change first; ask again with `since` = `cursor` while `more`."""

    entries: list[DirectoryEntry]
    cursor: int
    more: bool

    def to_json(self) -> dict[str, Any]:
        # Not `asdict` (a deep copy, slow at 5,000 entries a page); a gone entry is its id.
        return {
            "entries": [
                {"id": e.id, "gone": True} if e.gone else dict(e.__dict__) for e in self.entries
            ],
            "cursor": self.cursor,
            "more": self.more,
        }


DIRECTORY_KEY_BYTES = 32
_HEX64 = re.compile(r"[0-9a-f]{64}")


def normalise_email(address: str) -> str:
    """The form of an email address its key is made from: trimmed, NFC, case-folded."""
    return unicodedata.normalize("NFC", str(address or "")).strip().casefold()


def email_key(consortium_key: bytes, address: str) -> str:
    """HMAC-SHA256 of the normalised address under the consortium key, hex; "" for no address."""
    return normal_email_key(consortium_key, normalise_email(address))


def normal_email_key(consortium_key: bytes, normal: str) -> str:
    """`email_key` of an address already normalised (`normalise_email`)."""
    if not normal:
        return ""
    # The one-shot `hmac.digest` (OpenSSL in one call): a databank keys every follower it stores.
    return hmac.digest(consortium_key, normal.encode("utf-8"), "sha256").hex()


def check_consortium_key(value: Any) -> bytes:
    """The consortium key as the databank hands it (64 hex digits) → its bytes."""
    if not isinstance(value, str) or not _HEX64.fullmatch(value):
        raise ProtocolError("the consortium key is not 64 hex digits")
    return bytes.fromhex(value)


def parse_directory_page(value: Any, since: int) -> DirectoryPage:
    obj = _obj(value, "answer")
    raw = obj.get("entries")
    if not isinstance(raw, list):
        raise ProtocolError("the answer has no list of entries")
    cursor, more = _page_common(obj, since)
    return DirectoryPage([parse_directory_entry(e) for e in raw], cursor, more)


# An entry's texts and their longest length; checked in one pass per entry (a pull of 100,000
# entries checks a million texts).
_ENTRY_TEXTS = (
    ("organisation", 500), ("country", 2), ("city", 500), ("event_id", 64), ("partner", 200),
    ("device_id", 64), ("laptop", 100), ("created_at", 40), ("updated_at", 40),
    ("loi_status", 20),
)  # fmt: skip


def parse_directory_entry(value: Any) -> DirectoryEntry:
    e = _obj(value, "entry")
    ident = e.get("id")
    if type(ident) is not str or not _CANONICAL_UUID.fullmatch(ident):
        ident = check_uuid(ident)
    if e.get("gone") is True:
        return DirectoryEntry(ident, gone=True)
    texts: list[str] = []
    for key, limit in _ENTRY_TEXTS:
        text = e.get(key)
        if text is None:
            text = ""
        elif type(text) is not str or len(text) > limit:
            raise ProtocolError(f"{key} must be a text of at most {limit} characters")
        texts.append(text)
    email_key = e.get("email_key") or ""
    if email_key and (type(email_key) is not str or not _HEX64.fullmatch(email_key)):
        raise ProtocolError("email_key must be 64 hex digits")
    types = e.get("types")
    if types is None:
        types = []
    elif type(types) is not list or len(types) > 50:
        raise ProtocolError("types must be a list")
    for t in types:
        if type(t) is not str or len(t) > 100:
            raise ProtocolError("types must be a list of short texts")
    if not _storable("".join(texts) + "".join(types)):
        raise ProtocolError("an entry holds a NUL or an unpaired surrogate character")
    lea_n = e.get("lea_n", False)
    if type(lea_n) is not bool:
        raise ProtocolError("lea_n must be true or false")
    organisation, country, city, event_id, partner, device_id, laptop, created, updated, loi = texts
    return DirectoryEntry(
        ident, False, email_key, organisation, country, city, types, event_id, partner,
        device_id, laptop, created, updated, lea_n, loi,
    )  # fmt: skip


# --------------------------------------------------------------------------- reconciliation


@dataclass
class HeldRecord:
    id: str
    revision: int
    event_id: str


@dataclass
class ReconcilePage:
    """`GET /api/v1/reconcile?device_id=…[&event_id=…][&after=ID]`: what the databank holds of
    one laptop's records, by id order; ask again with `after` = `last` while `more`."""

    device_id: str
    records: list[HeldRecord]
    more: bool
    last: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def parse_reconcile_page(value: Any) -> ReconcilePage:
    obj = _obj(value, "answer")
    raw = obj.get("records")
    if not isinstance(raw, list):
        raise ProtocolError("the answer has no list of records")
    held = []
    for item in raw:
        r = _obj(item, "record")
        held.append(
            HeldRecord(check_uuid(r.get("id")), _int(r, "revision", minimum=1), _str(r, "event_id"))
        )
    more = obj.get("more")
    if not isinstance(more, bool):
        raise ProtocolError("more must be true or false")
    return ReconcilePage(_str(obj, "device_id"), held, more, _str(obj, "last", required=False))


# --------------------------------------------------------------------------- errors


def error_body(message: str) -> dict[str, str]:
    """Every error answer of the databank: `{"detail": "a sentence"}`."""
    return {"detail": message}
