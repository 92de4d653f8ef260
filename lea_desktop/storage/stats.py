"""Counting registrations for summaries, the dashboard and the partner report — in SQL.

Everything is counted by SQLite (json_each / json_extract over `registrations.answers`), never
by loading records into Python: 100,000 followers take a fraction of a second. Records whose
personal data was purged still count: country, types and interests survive a purge.

`snapshot` counts inside one read transaction and returns the highest row number it saw, so a
caller can later add just the rows saved since (`tally(..., after_seq=mark)`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lea_desktop.domain.kpi import (
    COUNTRY_FIELD,
    FOLLOWER,
    INTERESTS_FIELD,
    LEA_NETWORK_INTEREST,
    PROCURER,
    TYPES_FIELD,
    UNKNOWN_COUNTRY,
    Tally,
)

if TYPE_CHECKING:
    import sqlite_utils


@dataclass(frozen=True)
class Scope:
    """Which registrations to count: one event or all (None), and a range of row numbers."""

    event_id: str | None = None
    after_seq: int = 0
    upto_seq: int | None = None

    def where(self, *, followers_only: bool = True, table: str = "") -> tuple[str, list[Any]]:
        """An SQL condition and its parameters; `table` qualifies the columns (e.g. "r.")."""
        clauses, params = [], []
        if followers_only:
            clauses.append(f"{table}kind = ?")
            params.append(FOLLOWER)
        if self.event_id is not None:
            # With a row range (the rows saved since a count), "+" keeps SQLite from walking the
            # event's index (every row of the event) instead of the few rows after `after_seq`.
            plus = "+" if self.after_seq else ""
            clauses.append(f"{plus}{table}event_id = ?")
            params.append(self.event_id)
        if self.after_seq:
            clauses.append(f"{table}seq > ?")
            params.append(self.after_seq)
        if self.upto_seq is not None:
            clauses.append(f"{table}seq <= ?")
            params.append(self.upto_seq)
        return (" AND ".join(clauses) or "1"), params


# The figures read from a materialised `g` (per group: country, types as a JSON array,
# loi_status and the count n): followers by country, by type and by letter-of-intent status.
# This laptop's tally (below) and the consortium's (`directory.consortium_tally`) each put their
# own `g` before it and their other parts after it, each part starting with UNION ALL.
GROUP_FIGURES = """
type_values AS (SELECT DISTINCT j.value AS value FROM g, json_each(g.types) AS j)
SELECT 'country', country, '', sum(n) FROM g GROUP BY country
UNION ALL
SELECT 'type', g.country, t.value, sum(g.n) FROM g, type_values AS t
    WHERE EXISTS (SELECT 1 FROM json_each(g.types) WHERE value = t.value)
    GROUP BY g.country, t.value
UNION ALL
SELECT 'letter', country, loi_status, sum(n) FROM g WHERE loi_status != ''
    GROUP BY country, loi_status
"""

# One pass over the followers groups them by what the figures need (country, the types and
# interests arrays as JSON text, letter-of-intent status); the few hundred groups are then
# exploded with json_each. Materialised once, read by the four parts of the UNION.
_GROUPED = f"""
WITH g AS MATERIALIZED (
    SELECT upper(coalesce(nullif(trim(answers ->> '$.{COUNTRY_FIELD}'), ''), ?)) AS country,
           answers -> '$.{TYPES_FIELD}' AS types,
           answers -> '$.{INTERESTS_FIELD}' AS interests,
           loi_status,
           count(*) AS n
    FROM registrations WHERE {{where}}
    GROUP BY 1, 2, 3, 4
),{GROUP_FIGURES}UNION ALL
SELECT 'candidate', country, '', sum(n) FROM g
    WHERE EXISTS (SELECT 1 FROM json_each(g.types) WHERE value = ?)
      AND EXISTS (SELECT 1 FROM json_each(g.interests) WHERE value = ?)
    GROUP BY country
"""


@contextlib.contextmanager
def read_snapshot(db: sqlite_utils.Database) -> Iterator[None]:
    """Run the enclosed queries in one read transaction (one consistent view under WAL)."""
    if db.conn.in_transaction:
        yield
        return
    db.execute("BEGIN")
    try:
        yield
    finally:
        db.execute("COMMIT")


def tally(
    db: sqlite_utils.Database,
    event_id: str | None = None,
    *,
    after_seq: int = 0,
    upto_seq: int | None = None,
) -> Tally:
    """Count the registrations of one event (or all events, `event_id=None`)."""
    scope = Scope(event_id, after_seq, upto_seq)
    result = Tally()
    where, params = scope.where()
    sql = _GROUPED.replace("{where}", where)
    for part, country, key, n in db.execute(
        sql, [UNKNOWN_COUNTRY, *params, PROCURER, LEA_NETWORK_INTEREST]
    ):
        n = int(n)
        if part == "country":
            result.followers[country] += n
        elif part == "type":
            result.types[(country, str(key))] += n
        elif part == "candidate":
            result.candidates[country] += n
        elif part == "letter":
            result.letters[(country, str(key))] += n
    # The local date (the laptop's time zone) staff would call the day of the sign-up.
    result.days.update(
        {
            str(day): int(n)
            for day, n in db.execute(
                f"SELECT date(created_at, 'localtime'), count(*) FROM registrations "
                f"WHERE {where} GROUP BY 1",
                params,
            )
        }
    )
    result.collectors.update(
        {
            str(name): int(n)
            for name, n in db.execute(
                f"SELECT collected_by, count(*) FROM registrations WHERE {where} GROUP BY 1", params
            )
        }
    )
    all_where, all_params = scope.where(followers_only=False)
    result.kinds.update(
        {
            str(kind): int(n)
            for kind, n in db.execute(
                f"SELECT kind, count(*) FROM registrations WHERE {all_where} GROUP BY 1",
                all_params,
            )
        }
    )
    return _drop_zeros(result)


def _drop_zeros(t: Tally) -> Tally:
    for counter in (t.followers, t.types, t.candidates, t.letters, t.days, t.collectors, t.kinds):
        for key in [k for k, v in counter.items() if not v]:
            del counter[key]
    return t


def last_seq(db: sqlite_utils.Database) -> int:
    """The highest registration row number (0 when there are none)."""
    return int(db.execute("SELECT coalesce(max(seq), 0) FROM registrations").fetchone()[0])


def snapshot(db: sqlite_utils.Database, event_id: str | None = None) -> tuple[Tally, int]:
    """A full count and the row number it goes up to, from one consistent view."""
    with read_snapshot(db):
        mark = last_seq(db)
        return tally(db, event_id, upto_seq=mark), mark


def count_since(db: sqlite_utils.Database, after_seq: int) -> int:
    """How many registrations (any kind, any event) were added after row `after_seq`."""
    return int(
        db.execute("SELECT count(*) FROM registrations WHERE seq > ?", [after_seq]).fetchone()[0]
    )


@dataclass(frozen=True)
class FollowerRow:
    """What a spreadsheet row of one follower is made from (answers still as JSON text)."""

    event_name: str
    created_local_jd: float  # Julian day number of created_at in the laptop's local time
    answers_json: str
    collected_by: str
    source: str
    loi_status: str
    loi_date: str
    purged_at: str | None
    consent_json: str | None  # the consent proof (privacy: exports carry it with the record)


def follower_rows(db: sqlite_utils.Database, event_id: str | None = None) -> Iterator[tuple]:
    """Followers in the order they were saved, as plain tuples in `FollowerRow` field order
    (tuples, not objects: the XLSX writer streams 100,000 of them)."""
    where, params = Scope(event_id).where(table="r.")
    yield from db.execute(
        "SELECT coalesce(e.name, ''), julianday(r.created_at, 'localtime'), r.answers, "
        "r.collected_by, r.source, r.loi_status, r.loi_date, r.purged_at, r.consent "
        "FROM registrations AS r LEFT JOIN events AS e ON e.id = r.event_id "
        f"WHERE {where} ORDER BY r.seq",
        params,
    )


def follower_count(db: sqlite_utils.Database, event_id: str | None = None) -> int:
    where, params = Scope(event_id).where()
    return int(
        db.execute(f"SELECT count(*) FROM registrations WHERE {where}", params).fetchone()[0]
    )


def event_span(db: sqlite_utils.Database) -> tuple[int, str, str]:
    """(number of events with followers, first start date, last end date) for "all events"."""
    row = db.execute(
        "SELECT count(*), coalesce(min(starts), ''), coalesce(max(ends), '') FROM events "
        "WHERE id IN (SELECT DISTINCT event_id FROM registrations WHERE kind = ?)",
        [FOLLOWER],
    ).fetchone()
    return int(row[0]), str(row[1]), str(row[2])


__all__ = [
    "FollowerRow",
    "Scope",
    "count_since",
    "event_span",
    "follower_count",
    "follower_rows",
    "last_seq",
    "read_snapshot",
    "snapshot",
    "tally",
]


def followers_per_event(db: sqlite_utils.Database) -> dict[str, int]:
    """Followers per event id (events without any are left out)."""
    return dict(
        db.execute(
            "SELECT event_id, count(*) FROM registrations WHERE kind = 'follower' GROUP BY event_id"
        ).fetchall()
    )
