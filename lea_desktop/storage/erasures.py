"""The erasure log and the deletion of erased records (SQL for `usecases.erasure`).

`erasures` holds every UUID this laptop erased or was told to erase (UUID, time, origin; no
personal data), so a pull cannot bring a record back and a missed backup is scrubbed later.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lea_desktop.storage import outbox


def family(db: Any, ids: Iterable[str]) -> list[str]:
    """The given record ids plus every record below them (children, grandchildren) by parent_id."""
    roots = list(dict.fromkeys(ids))
    if not roots:
        return []
    marks = ",".join("?" * len(roots))
    rows = db.execute(
        f"""WITH RECURSIVE fam(id) AS (
              SELECT id FROM registrations WHERE id IN ({marks})
              UNION SELECT r.id FROM registrations r JOIN fam ON r.parent_id = fam.id
            ) SELECT id FROM fam""",
        roots,
    ).fetchall()
    found = [r[0] for r in rows]
    return list(dict.fromkeys([*roots, *found]))


def present(db: Any, ids: list[str]) -> set[str]:
    """Which of `ids` are records in the database."""
    marks = ",".join("?" * len(ids))
    return {r[0] for r in db.execute(f"SELECT id FROM registrations WHERE id IN ({marks})", ids)}


def collected_elsewhere(db: Any, ids: list[str], device_id: str) -> list[str]:
    """Those of `ids` that another laptop collected (another device id on the record)."""
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        f"SELECT id FROM registrations WHERE id IN ({marks}) AND device_id NOT IN ('', ?)",
        [*ids, device_id],
    )
    return [r[0] for r in rows]


def remove(db: Any, ids: list[str], *, origin: str, stamp: str) -> None:
    """Delete the records `ids` and their outbox rows, queue a tombstone for each (a local
    erasure only) and log them as erased. Runs inside the caller's transaction."""
    marks = ",".join("?" * len(ids))
    db.execute(f"DELETE FROM registrations WHERE id IN ({marks})", ids)
    db.execute(f"DELETE FROM outbox WHERE entity = 'registration' AND entity_id IN ({marks})", ids)
    db.execute(f"DELETE FROM directory WHERE id IN ({marks})", ids)  # the consortium's entry
    # A pulled record's mark, and the databank's copy kept for a conflict (storage.pulled).
    db.execute(f"DELETE FROM record_conflicts WHERE id IN ({marks})", ids)
    db.execute(f"DELETE FROM pulled_records WHERE id IN ({marks})", ids)
    for rid in ids:
        if origin == "local":
            outbox.enqueue(db, "tombstone", rid, 0)
        db.execute(
            "INSERT INTO erasures(id, erased_at, origin) VALUES (?, ?, ?) "
            "ON CONFLICT(id) DO NOTHING",
            [rid, stamp, origin],
        )


def erased_ids(db: Any) -> list[str]:
    """Every UUID this laptop has erased or been told to erase."""
    return [r[0] for r in db.execute("SELECT id FROM erasures ORDER BY erased_at, id")]


def is_erased(db: Any, reg_id: str) -> bool:
    """True when `reg_id` was erased: a pull must not bring it back."""
    return db.execute("SELECT 1 FROM erasures WHERE id = ?", [reg_id]).fetchone() is not None


def count(db: Any) -> int:
    """How many UUIDs the erasure log holds."""
    return int(db.execute("SELECT count(*) FROM erasures").fetchone()[0])
