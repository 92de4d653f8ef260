"""The consortium's follower directory on this laptop (table `directory`, pulled each sync).

An entry holds no email, name, phone or notes (`domain/directory.py`); `email_key` is the keyed
hash of the follower's address the duplicate check looks up through a partial index. Each page
of a pull is applied with its cursor in one transaction (`apply_page`), so a pull cut off half
way resumes at the page after the last one applied; a pull from cursor 0 (the first, or after
the laptop was pointed at another databank) starts from an empty table.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from lea_desktop.domain import clock
from lea_desktop.domain.kpi import UNKNOWN_COUNTRY, Tally
from lea_desktop.storage.stats import GROUP_FIGURES

if TYPE_CHECKING:
    import sqlite3

    import sqlite_utils

COLUMNS = (
    "id", "email_key", "organisation", "country", "city", "types", "event_id", "partner",
    "device_id", "laptop", "created_at", "updated_at", "lea_n", "loi_status",
)  # fmt: skip

_UPSERT = (
    f"INSERT OR REPLACE INTO directory ({', '.join(COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in COLUMNS)})"
)


def cursor(db: sqlite_utils.Database, databank_id: str) -> int:
    """Where the pull of this databank's directory stopped; 0 the first time."""
    row = db.execute(
        "SELECT directory_cursor FROM sync_state WHERE databank_id = ?", [databank_id]
    ).fetchone()
    return int(row[0]) if row else 0


def apply_page(
    db: sqlite_utils.Database,
    databank_id: str,
    since: int,
    rows: Sequence[tuple[Any, ...]],
    gone: Iterable[str],
    new_cursor: int,
    *,
    last: bool,
) -> None:
    """Store one page: `rows` (tuples in `COLUMNS` order) replace their entries, `gone` ids
    are removed, and the cursor moves to `new_cursor` — all in one transaction. `since` = 0:
    the page starts the directory afresh. `last`: the pull is complete (its time is kept for
    "whole consortium, as of the last sync")."""
    conn = db.conn
    with db.atomic():
        if since == 0:
            conn.execute("DELETE FROM directory")
        if rows:
            conn.executemany(_UPSERT, rows)
        gone = list(gone)
        if gone:
            conn.executemany("DELETE FROM directory WHERE id = ?", [(i,) for i in gone])
        now = clock.now_iso()
        conn.execute(
            "INSERT INTO sync_state(databank_id, directory_cursor, updated_at, "
            "directory_synced_at) VALUES (?, ?, ?, ?) ON CONFLICT(databank_id) DO UPDATE SET "
            "directory_cursor = excluded.directory_cursor, updated_at = excluded.updated_at, "
            "directory_synced_at = coalesce(excluded.directory_synced_at, directory_synced_at)",
            [databank_id, new_cursor, now, now if last else None],
        )


def synced_at(db: sqlite_utils.Database) -> str | None:
    """When a directory pull last ran to its end (ISO, UTC); None before the first."""
    row = db.execute("SELECT max(directory_synced_at) FROM sync_state").fetchone()
    return str(row[0]) if row and row[0] else None


def size(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT count(*) FROM directory").fetchone()[0])


_FIND = (
    "SELECT d.id, coalesce(e.name, ''), d.created_at, d.partner, d.laptop, d.device_id, "
    "d.organisation FROM directory AS d LEFT JOIN events AS e ON e.id = d.event_id "
    "WHERE d.email_key = ? AND d.email_key != '' ORDER BY d.created_at LIMIT 1"
)


def find(conn: sqlite3.Connection, email_key: str) -> tuple[Any, ...] | None:
    """The first entry with this key: (id, event name, created_at, partner, laptop,
    device_id, organisation); None when there is none. (`email_key != ''` repeats the partial
    index's condition, so SQLite uses it.)"""
    if not email_key:
        return None
    return conn.execute(_FIND, [email_key]).fetchone()


def email_keys(db: sqlite_utils.Database) -> set[str]:
    """Every `email_key` of the directory (a CSV import checks its rows against them)."""
    return {r[0] for r in db.execute("SELECT email_key FROM directory WHERE email_key != ''")}


def erase(db: sqlite_utils.Database, ids: Iterable[str]) -> None:
    """Remove entries (an erasure on this laptop removes the follower's entry at once)."""
    db.conn.executemany("DELETE FROM directory WHERE id = ?", [(i,) for i in ids])


# --------------------------------------------------------------------------- consortium figures

# The directory's followers, and this laptop's followers it does not hold yet (saved since the
# last sync), in one shape: country, types (JSON array), LEA-N candidate, LOI status, created,
# who collected it.
_CONSORTIUM = """
SELECT upper(coalesce(nullif(trim(country), ''), ?)) AS country, types, lea_n, loi_status,
       created_at, laptop AS collector
FROM directory
UNION ALL
SELECT upper(coalesce(nullif(trim(r.answers ->> '$.{country}'), ''), ?)),
       coalesce(r.answers -> '$.{types}', '[]'),
       (EXISTS (SELECT 1 FROM json_each(r.answers -> '$.{types}') WHERE value = ?)
        AND EXISTS (SELECT 1 FROM json_each(r.answers -> '$.{interests}') WHERE value = ?)),
       r.loi_status, r.created_at, ?
FROM registrations AS r
WHERE r.kind = 'follower' AND NOT EXISTS (SELECT 1 FROM directory AS d WHERE d.id = r.id)
"""


def consortium_tally(
    db: sqlite_utils.Database,
    *,
    country_field: str,
    types_field: str,
    interests_field: str,
    procurer: str,
    lea_network: str,
    this_laptop: str,
) -> Tally:
    """The consortium's followers (the directory, plus this laptop's not synced yet) counted
    as `stats.tally` counts a laptop's: by country, type, LEA-N candidate, letter of intent,
    local day and collecting laptop."""
    base = _CONSORTIUM.format(country=country_field, types=types_field, interests=interests_field)
    params = [UNKNOWN_COUNTRY, UNKNOWN_COUNTRY, procurer, lea_network, this_laptop]
    result = Tally()
    sql = f"""
    WITH f AS MATERIALIZED ({base}),
    g AS MATERIALIZED (
        SELECT country, types, lea_n, loi_status, count(*) AS n FROM f GROUP BY 1, 2, 3, 4
    ),{GROUP_FIGURES}
    UNION ALL
    SELECT 'candidate', country, '', sum(n) FROM g WHERE lea_n GROUP BY country
    UNION ALL
    SELECT 'day', date(created_at, 'localtime'), '', count(*) FROM f GROUP BY 2
    UNION ALL
    SELECT 'collector', collector, '', count(*) FROM f GROUP BY 2
    """
    for part, name, key, n in db.execute(sql, params):
        n = int(n)
        if not n:
            continue
        if part == "country":
            result.followers[name] += n
        elif part == "type":
            result.types[(name, str(key))] += n
        elif part == "candidate":
            result.candidates[name] += n
        elif part == "letter":
            result.letters[(name, str(key))] += n
        elif part == "day":
            if name:
                result.days[str(name)] += n
        else:
            result.collectors[str(name or "")] += n
    total = sum(result.followers.values())
    if total:
        result.kinds["follower"] = total
    return result


def event_span(db: sqlite_utils.Database) -> tuple[int, str, str]:
    """(events with followers, first start, last end) of the consortium's followers."""
    row = db.execute(
        "SELECT count(*), coalesce(min(starts), ''), coalesce(max(ends), '') FROM events "
        "WHERE id IN (SELECT event_id FROM directory UNION "
        "SELECT event_id FROM registrations WHERE kind = 'follower')"
    ).fetchone()
    return int(row[0]), str(row[1]), str(row[2])


def entry_row(entry: Any) -> tuple[Any, ...]:
    """A `protocol.DirectoryEntry` as a row in `COLUMNS` order."""
    return (
        entry.id,
        entry.email_key,
        entry.organisation,
        entry.country,
        entry.city,
        json.dumps(entry.types, ensure_ascii=False),
        entry.event_id,
        entry.partner,
        entry.device_id,
        entry.laptop,
        entry.created_at,
        entry.updated_at,
        1 if entry.lea_n else 0,
        entry.loi_status,
    )
