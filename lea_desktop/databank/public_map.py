"""The followers map's data: who agreed to be shown, where, and the answers built from it.

A follower is on the map when its record holds the map consent twice over: the visitor ticked
the form's map consent field (the field with `consent = "map"` in `forms/follower_signup.toml`)
and the consent proof stored with the record names the `map` purpose. Only four things of such
a follower are public: the organisation's name, its city, its country and its types; nothing
else of the record is read into the answers.

The answers (GeoJSON and the map page) are built once and kept while the records stay the same:
every request first asks the database for a fingerprint of the records table (how many, and the
latest time one was stored), which changes with every stored record, edit and erasure, whoever
made it (this server process, another one, or `lea-databank erase`). So a withdrawn consent or
an erasure leaves the map at the next request; browsers and proxies may keep an answer for
`MAX_AGE` seconds more.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from sqlalchemy import JSON, cast, func, select, true, type_coerce
from sqlalchemy.engine import Connection, Engine

from lea_desktop.databank import db
from lea_desktop.databank.gazetteer import Gazetteer
from lea_desktop.formkit import Form, load_form

# A str as a JSON string, non-ASCII kept (the encoder's fast path for a lone string).
_json_string = json.JSONEncoder(ensure_ascii=False).encode
MAX_AGE = 30  # seconds a browser or proxy may keep an answer
FORM_ID = "follower_signup"
PURPOSE = "map"


@dataclass(frozen=True, slots=True)
class MapFollower:
    name: str
    city: str
    country: str
    types: tuple[str, ...]
    lon: float
    lat: float
    exact: bool  # placed at its city; False: at its country's centre


@cache
def _form() -> Form:
    return load_form(FORM_ID)


@cache
def consent_field() -> str:
    """The id of the form's map consent field."""
    for f in _form().consent_fields():
        if f.consent == PURPOSE:
            return f.id
    raise LookupError(f"{FORM_ID} has no consent field for the '{PURPOSE}' purpose")


def fingerprint(conn: Connection) -> str:
    """Changes whenever a record is stored, changed or erased."""
    count, latest = conn.execute(
        select(func.count(), func.max(db.records.c.received_at)).select_from(db.records)
    ).one()
    return f"{count}:{latest or ''}"


def _json(conn: Connection, column: Any) -> Any:
    """A text column holding JSON, to be read into with the database's JSON functions (SQLite
    takes the text as it is; PostgreSQL needs it cast)."""
    return cast(column, JSON) if conn.dialect.name == "postgresql" else type_coerce(column, JSON)


def followers_on_map(conn: Connection, gazetteer: Gazetteer) -> list[MapFollower]:
    """Every follower who agreed to the map and has a place on it, by country, city, name.

    The database reads the few fields the map shows out of each record's JSON: nothing else of
    a follower leaves it, and no record is decoded whole."""
    r = db.records.c
    answers, consent = _json(conn, r.answers), _json(conn, r.consent)
    rows = conn.execute(
        select(
            answers["organisation"].as_string(),
            answers["city"].as_string(),
            answers["country"].as_string(),
            # Both as their JSON text: the few different ones are decoded once each, below.
            answers["types"].as_string(),
            consent["purposes"].as_string(),
        ).where(
            r.form_id == FORM_ID,
            answers[consent_field()].as_boolean().is_(true()),
            # A cheap first cut on the proof's text; its purposes are checked exactly below.
            r.consent.like(f'%"{PURPOSE}"%'),
        )
    )
    decoded: dict[str | None, Any] = {None: None}

    def decode(text: str | None) -> Any:
        if text not in decoded:
            decoded[text] = json.loads(text)  # type: ignore[arg-type]
        return decoded[text]

    chosen = []
    for name, city, country, types, purposes in rows:
        if PURPOSE not in (decode(purposes) or ()) or not (name or "").strip():
            continue
        chosen.append(
            (
                name.strip(),
                (city or "").strip(),
                (country or "").strip().upper(),
                tuple(str(t) for t in decode(types) or ()),
            )
        )
    places = gazetteer.places({(country, city) for _, city, country, _ in chosen})
    found = []
    for name, city, country, types in chosen:
        place = places.get((country, city))
        if place is not None:
            found.append(MapFollower(name, city, country, types, place.lon, place.lat, place.exact))
    found.sort(key=lambda f: (f.country, f.city.casefold(), f.name.casefold(), f.name))
    return found


@dataclass
class Body:
    """An answer's bytes, plain and gzipped, and its entity tag."""

    plain: bytes

    @cached_property
    def gzipped(self) -> bytes:
        return gzip.compress(self.plain, compresslevel=6, mtime=0)

    @cached_property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.plain).hexdigest()[:32] + '"'


class Snapshot:
    """The map's followers at one fingerprint, and the answers made of them (each built on
    first use)."""

    def __init__(self, mark: str, followers: list[MapFollower]) -> None:
        self.fingerprint = mark
        self.followers = followers
        self._lock = threading.Lock()
        self._bodies: dict[str, Body] = {}

    def body(self, kind: str, build: Any) -> Body:
        with self._lock:
            if kind not in self._bodies:
                self._bodies[kind] = Body(build(self.followers))
            return self._bodies[kind]


def geojson(followers: list[MapFollower]) -> bytes:
    """A GeoJSON FeatureCollection (RFC 7946), one Point per follower, four properties each.

    Written feature by feature as text (each string through the json module's encoder):
    the same JSON as `json.dumps` of the dicts, without building 100,000 of them first."""
    text = _json_string
    features = ",".join(
        f'{{"type":"Feature","geometry":{{"type":"Point","coordinates":[{f.lon!r},{f.lat!r}]}},'
        f'"properties":{{"name":{text(f.name)},"city":{text(f.city)},'
        f'"country":{text(f.country)},"types":[{",".join(map(text, f.types))}]}}}}'
        for f in followers
    )
    return ('{"type":"FeatureCollection","features":[' + features + "]}").encode("utf-8")


class MapCache:
    """The latest `Snapshot`, rebuilt when the records' fingerprint has changed."""

    def __init__(self) -> None:
        self.gazetteer = Gazetteer()
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()

    def current(self, engine: Engine) -> Snapshot:
        with db.read_connection(engine) as conn:
            mark = fingerprint(conn)
        snapshot = self._snapshot
        if snapshot is not None and snapshot.fingerprint == mark:
            return snapshot
        with self._lock:  # one rebuild at a time; the others then find it done
            snapshot = self._snapshot
            if snapshot is not None and snapshot.fingerprint == mark:
                return snapshot
            with db.read_connection(engine) as conn:
                # The fingerprint first: a record stored while the rows are read makes the
                # snapshot newer than its mark, never older, and the next request rebuilds.
                mark = fingerprint(conn)
                snapshot = Snapshot(mark, followers_on_map(conn, self.gazetteer))
            self._snapshot = snapshot
            return snapshot
