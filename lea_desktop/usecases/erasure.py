"""Erasure (GDPR art. 17): a person's record and its child records (assistance requests, letters
of intent) removed from every place the app keeps them:

- the live database: rows deleted with `secure_delete=ON` (freed space is zeroed), the full-text
  index rebuilt (an FTS5 'delete' only adds a marker; the old trigram segments would otherwise keep
  the text), and the WAL checkpointed and truncated (old page versions live there until then);
- the rolling backups in `<data home>/backups/` (`usecases.backup_scrub`);
- app-kept exports in `<data home>/exports/` holding the person are deleted;
- the photo of their business card, if one was attached (`usecases.card_photos`);
- the outbox: pending copies are dropped and, for an erasure made here, a tombstone (UUID only)
  is queued for the databank. An erasure pulled from the databank queues nothing.

Every erased UUID is written to the `erasures` table (`storage.erasures`: UUID, time, origin; no
personal data), so a backup that was missed (the app was closed mid-way, a backup was being
written at that moment) is scrubbed at the next start, and a restored backup learns which records
it must not bring back.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lea_desktop.domain import clock
from lea_desktop.storage import Store, erasures, search_index, settings
from lea_desktop.storage.database import checkpoint_truncate
from lea_desktop.usecases import card_photos
from lea_desktop.usecases.backup_scrub import scrub_backups

log = logging.getLogger("lea_desktop.privacy")

EXPORTS_DIR = "exports"  # app-kept exports, if any part of the app writes them there


# -- erasure ----------------------------------------------------------------------------------
@dataclass
class ErasureReport:
    """What an erasure did. `erased` lists the UUIDs removed from the live database."""

    requested: list[str]
    erased: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # requested + children, present or not
    origin: str = "local"
    backups_rewritten: int = 0
    backups_removed: int = 0
    exports_removed: int = 0
    photos_removed: int = 0
    wal_cleared: bool = True
    # Erased here but collected on another laptop: the databank holds the erasure as a request
    # for a coordinator instead of erasing at once.
    requested_centrally: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.erased)


def erase(store: Store, reg_id: str, *, origin: str = "local") -> ErasureReport:
    """Erase one person's record (and its children) everywhere on this laptop. See module doc."""
    return erase_many(store, [reg_id], origin=origin)


def erase_many(store: Store, reg_ids: Iterable[str], *, origin: str = "local") -> ErasureReport:
    """Erase several records in one pass (one index rebuild, one rewrite per backup).

    `origin="local"`: a staff decision on this laptop; tombstones are queued for the databank.
    `origin="databank"`: tombstones pulled from the databank; nothing is queued back.
    Ids that are not (or no longer) in the database are still recorded as erased and scrubbed
    from backups: a central erasure may name a record this laptop only has in a backup.
    """
    report = remove_records(store, reg_ids, origin=origin)
    if report.requested:
        finish_erasure(store, report)
    return report


SCRUB_PENDING = "privacy_scrub_pending"  # internal setting: an erasure's clean-up is unfinished


def remove_records(store: Store, reg_ids: Iterable[str], *, origin: str = "local") -> ErasureReport:
    """Erasure, first half (milliseconds): delete the records and their children, drop their
    outbox rows, queue tombstones (local erasures), log the UUIDs — one transaction.

    The text still sits in the search index, the WAL and the backups until `finish_erasure`
    runs (the GUI runs it on a worker). A flag in the same transaction makes the next purge
    finish it if the app stops before then.
    """
    if origin not in ("local", "databank"):
        raise ValueError(f"origin must be 'local' or 'databank', not {origin!r}")
    db = store.db
    requested = list(dict.fromkeys(str(i) for i in reg_ids if i))
    report = ErasureReport(requested=requested)
    if not requested:
        return report
    stamp = clock.now_iso()
    with db.atomic():
        every = erasures.family(db, requested)
        present = erasures.present(db, every)
        elsewhere = (
            erasures.collected_elsewhere(db, every, store.device_id) if origin == "local" else []
        )
        erasures.remove(db, every, origin=origin, stamp=stamp)
        settings.set_internal(db, SCRUB_PENDING, True)
    report.ids = every
    report.origin = origin
    report.erased = [rid for rid in every if rid in present]
    report.requested_centrally = elsewhere
    return report


def finish_erasure(store: Store, report: ErasureReport | None = None) -> ErasureReport:
    """Erasure, second half (seconds on a big database): rebuild the search index, truncate the
    WAL, rewrite the backups and drop app-kept exports. Safe to run again; `store` may be a
    worker's own connection."""
    report = report or ErasureReport(requested=[])
    rebuild_search_index(store)
    report.wal_cleared = checkpoint(store)
    report.backups_rewritten, report.backups_removed = scrub_backups(store)
    report.exports_removed = drop_exports(store, report.ids)
    # The named photos, then any other left without a living record (an erasure that stopped
    # before this half, which the next purge finishes without the ids).
    report.photos_removed = card_photos.remove(store, report.ids) + card_photos.sweep(store)
    if report.wal_cleared:
        with store.db.atomic():
            settings.set_internal(store.db, SCRUB_PENDING, False)
    log.info(
        "erasure (%s): %d requested, %d records removed, %d backups rewritten, %d removed, "
        "%d exports removed, %d card photos removed, wal cleared: %s",
        report.origin, len(report.requested), len(report.erased), report.backups_rewritten,
        report.backups_removed, report.exports_removed, report.photos_removed, report.wal_cleared,
    )  # fmt: skip
    return report


def rebuild_search_index(store: Store) -> None:
    """Rebuild the search indexes so no segment keeps text of deleted or purged rows; the rows
    waiting in the search backlog are indexed by it too, so the backlog is emptied with it
    (storage/search_index.py)."""
    with store.db.atomic():
        search_index.rebuild(store.db.conn)


def checkpoint(store: Store) -> bool:
    """Copy the WAL into the database and truncate it; False when another connection kept it
    from finishing (the next start, purge or erasure finishes it)."""
    return checkpoint_truncate(store.db)


# -- exports the app keeps --------------------------------------------------------------------
def drop_exports(store: Store, ids: list[str]) -> int:
    """Delete files in `<data home>/exports/` that mention an erased record's UUID.

    Exports name every record by its UUID (CSV, JSON and XLSX first column), so the UUID finds
    them without reading personal data. Compressed files (XLSX, PDF) are matched by UUID in the
    uncompressed parts only where that is possible; files whose content cannot be searched are
    left alone and reported by `privacy_summary`.
    """
    folder = store.home / EXPORTS_DIR
    if not folder.is_dir() or not ids:
        return 0
    needles = [i.encode() for i in ids]
    removed = 0
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        try:
            blob = _searchable_bytes(path)
        except OSError:
            continue
        if any(n in blob for n in needles):
            try:
                path.unlink()
                removed += 1
            except OSError:
                log.error("export %s holds erased data and could not be deleted", path.name)
    return removed


def _searchable_bytes(path: Path) -> bytes:
    """The file's bytes, with the members of a ZIP container (XLSX) unpacked."""
    data = path.read_bytes()
    if data[:4] == b"PK\x03\x04":
        import io
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                return data + b"".join(zf.read(n) for n in zf.namelist())
        except zipfile.BadZipFile:
            return data
    return data
