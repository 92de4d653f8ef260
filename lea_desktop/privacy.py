"""Personal data on the laptop: erasure (GDPR art. 17), retention purge and consent verification.

Erasing a person removes their record and its child records (assistance requests, letters of
intent) from every place the app keeps them:

- the live database: rows deleted with `secure_delete=ON` (freed space is zeroed), the full-text
  index rebuilt (an FTS5 'delete' only adds a marker; the old trigram segments would otherwise keep
  the text), and the WAL checkpointed and truncated (old page versions live there until then);
- the rolling backups in `<data home>/backups/`: each one holding the person is rewritten from an
  in-memory copy with `VACUUM INTO` (a fresh file, no journal with the old pages) and swapped in;
  a backup that cannot be rewritten is deleted rather than left behind;
- app-kept exports in `<data home>/exports/` holding the person are deleted;
- the outbox: pending copies are dropped and, for an erasure made here, a tombstone (UUID only)
  is queued for the databank. An erasure pulled from the databank queues nothing.

Every erased UUID is written to the `erasures` table (UUID, time, origin; no personal data), so a
backup that was missed (the app was closed mid-way, a backup was being written at that moment) is
scrubbed at the next start, and a restored backup learns which records it must not bring back.

Retention: `retention.days` after the databank acknowledged a record, its personal answers (the
form's `personal = true` fields) are removed from the laptop. The record stays for summaries
with its non-personal answers and its consent proof. Purging is local only: it never re-queues.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lea_desktop import reference
from lea_desktop.domain import clock
from lea_desktop.followers import search_text
from lea_desktop.formkit import Form, load_form
from lea_desktop.paths import make_private_file
from lea_desktop.storage import Store, backups, outbox, search_index, settings

log = logging.getLogger("lea_desktop.privacy")

EXPORTS_DIR = "exports"  # app-kept exports, if any part of the app writes them there
PARTIAL_BACKUP_AGE_S = 600  # a `.partial` backup older than this is a crash leftover


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
    wal_cleared: bool = True

    @property
    def found(self) -> bool:
        return bool(self.erased)


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
    assert origin in ("local", "databank"), origin
    db = store.db
    requested = list(dict.fromkeys(str(i) for i in reg_ids if i))
    report = ErasureReport(requested=requested)
    if not requested:
        return report
    stamp = clock.now_iso()
    with db.atomic():
        every = family(db, requested)
        present = _present(db, every)
        marks = ",".join("?" * len(every))
        db.execute(f"DELETE FROM registrations WHERE id IN ({marks})", every)
        db.execute(
            f"DELETE FROM outbox WHERE entity = 'registration' AND entity_id IN ({marks})", every
        )
        for rid in every:
            if origin == "local":
                outbox.enqueue(db, "tombstone", rid, 0)
            db.execute(
                "INSERT INTO erasures(id, erased_at, origin) VALUES (?, ?, ?) "
                "ON CONFLICT(id) DO NOTHING",
                [rid, stamp, origin],
            )
        settings.set_internal(db, SCRUB_PENDING, True)
    report.ids = every
    report.origin = origin
    report.erased = [rid for rid in every if rid in present]
    return report


def finish_erasure(store: Store, report: ErasureReport | None = None) -> ErasureReport:
    """Erasure, second half (seconds on a big database): rebuild the search index, truncate the
    WAL, rewrite the backups and drop app-kept exports. Safe to run again; `store` may be a
    worker's own connection."""
    report = report or ErasureReport(requested=[])
    rebuild_search_index(store)
    report.wal_cleared = checkpoint(store)
    report.backups_rewritten, report.backups_removed = scrub_backups(store)
    report.exports_removed = _drop_exports(store, report.ids)
    if report.wal_cleared:
        with store.db.atomic():
            settings.set_internal(store.db, SCRUB_PENDING, False)
    log.info(
        "erasure (%s): %d requested, %d records removed, %d backups rewritten, %d removed, "
        "%d exports removed, wal cleared: %s",
        report.origin, len(report.requested), len(report.erased), report.backups_rewritten,
        report.backups_removed, report.exports_removed, report.wal_cleared,
    )  # fmt: skip
    return report


def _present(db: Any, ids: list[str]) -> set[str]:
    marks = ",".join("?" * len(ids))
    return {r[0] for r in db.execute(f"SELECT id FROM registrations WHERE id IN ({marks})", ids)}


def erased_ids(db: Any) -> list[str]:
    """Every UUID this laptop has erased or been told to erase."""
    return [r[0] for r in db.execute("SELECT id FROM erasures ORDER BY erased_at, id")]


def is_erased(db: Any, reg_id: str) -> bool:
    """True when `reg_id` was erased: a pull must not bring it back."""
    return db.execute("SELECT 1 FROM erasures WHERE id = ?", [reg_id]).fetchone() is not None


def rebuild_search_index(store: Store) -> None:
    """Rebuild the search indexes so no segment keeps text of deleted or purged rows."""
    with store.db.atomic():
        _rebuild_indexes(store.db.conn)


def _rebuild_indexes(conn: Any) -> None:
    """Rebuild each search index the database has (a backup may predate the word index) from
    the rows that remain; the rows waiting in the search backlog are indexed by it too, so the
    backlog is emptied with it (storage/search_index.py)."""
    search_index.rebuild(conn)


def checkpoint(store: Store, *, attempts: int = 20) -> bool:
    """Copy the WAL into the database and truncate it to zero bytes.

    Another connection in the middle of a read keeps the checkpoint from finishing; retry for a
    moment, then report False (the next start, purge or erasure finishes it).
    """
    for attempt in range(attempts):
        busy, _log_frames, _done = store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if not busy:
            return True
        time.sleep(0.05 * (attempt + 1))
    log.warning("WAL checkpoint still blocked by another connection")
    return False


# -- backups ----------------------------------------------------------------------------------
def scrub_backups(store: Store) -> tuple[int, int]:
    """Bring every rolling backup in line with the erasure log and the retention purge.

    A backup holding an erased record, or the personal answers of a record purged in the live
    database, is rewritten; one that cannot be read or rewritten is deleted. Returns
    (rewritten, removed). Crash leftovers (`*.partial`, `*.scrub`) are removed too.
    """
    folder = store.backups_dir
    if not folder.is_dir():
        return 0, 0
    gone = erased_ids(store.db)
    purged = {
        r[0] for r in store.db.execute("SELECT id FROM registrations WHERE purged_at IS NOT NULL")
    }
    rewritten = removed = 0
    for leftover in (*folder.glob("*.partial"), *folder.glob("*.scrub")):
        try:
            if time.time() - leftover.stat().st_mtime > PARTIAL_BACKUP_AGE_S:
                leftover.unlink()
                removed += 1
        except OSError:
            pass
    for path in backups.list_backups(folder):
        try:
            if not _backup_needs_scrub(path, gone, purged):
                continue
            _rewrite_backup(path, gone, purged)
            rewritten += 1
        except (sqlite3.Error, OSError) as exc:
            if not path.exists():  # rotated away by a rolling backup meanwhile
                continue
            log.warning(
                "backup %s could not be rewritten (%s); deleting it", path.name, type(exc).__name__
            )
            try:
                path.unlink()
                removed += 1
            except OSError:
                log.error("backup %s could not be deleted either", path.name)
    return rewritten, removed


def _with_ids(conn: sqlite3.Connection, name: str, ids: Iterable[str]) -> None:
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name}(id TEXT PRIMARY KEY)")
    conn.execute(f"DELETE FROM {name}")
    conn.executemany(f"INSERT OR IGNORE INTO {name}(id) VALUES (?)", [(i,) for i in ids])


def _backup_needs_scrub(path: Path, gone: list[str], purged: set[str]) -> bool:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        _with_ids(conn, "gone", gone)
        _with_ids(conn, "purged", purged)
        hit = conn.execute(
            "SELECT 1 FROM registrations WHERE id IN (SELECT id FROM temp.gone) "
            "OR (purged_at IS NULL AND id IN (SELECT id FROM temp.purged)) LIMIT 1"
        ).fetchone()
        return hit is not None
    finally:
        conn.close()


def _rewrite_backup(path: Path, gone: list[str], purged: set[str]) -> None:
    """Rewrite one backup without the erased records and with purged answers stripped.

    The work happens on an in-memory copy; the result is written with `VACUUM INTO` to a new
    file (so no rollback journal ever holds the old pages) that atomically replaces the backup.
    """
    src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    mem = sqlite3.connect(":memory:", isolation_level=None)
    try:
        src.backup(mem)
        src.close()
        mem.execute("BEGIN")
        _with_ids(mem, "gone", gone)
        mem.execute("DELETE FROM registrations WHERE id IN (SELECT id FROM temp.gone)")
        mem.execute(
            "DELETE FROM outbox WHERE entity = 'registration' AND entity_id IN "
            "(SELECT id FROM temp.gone)"
        )
        has_log = mem.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'erasures'"
        ).fetchone()
        if has_log:  # a restored backup then knows what must not come back
            stamp = clock.now_iso()
            mem.executemany(
                "INSERT OR IGNORE INTO erasures(id, erased_at, origin) VALUES (?, ?, 'local')",
                [(i, stamp) for i in gone],
            )
        _with_ids(mem, "purged", purged)
        rows = mem.execute(
            "SELECT id, form_id, answers FROM registrations "
            "WHERE purged_at IS NULL AND id IN (SELECT id FROM temp.purged)"
        ).fetchall()
        stamp = clock.now_iso()
        # The index is rebuilt below anyway: lift the per-row index trigger while updating (in
        # this throwaway copy only) and put it back as it was, so the backup keeps it.
        triggers = mem.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = "
            "'registrations' AND sql LIKE '%UPDATE OF search_text%'"
        ).fetchall()
        if rows:
            for name, _sql in triggers:
                mem.execute(f'DROP TRIGGER "{name}"')
        for rid, form_id, answers in rows:
            kept, text = stripped(form_id, json.loads(answers))
            mem.execute(
                "UPDATE registrations SET answers = ?, search_text = ?, email_key = '', "
                "purged_at = ? WHERE id = ?",
                [json.dumps(kept, ensure_ascii=False), text, stamp, rid],
            )
        if rows:
            for _name, sql in triggers:
                mem.execute(sql)
        _rebuild_indexes(mem)
        mem.execute("COMMIT")
        tmp = path.with_name(path.name + ".scrub")
        tmp.unlink(missing_ok=True)
        # VACUUM INTO accepts an empty file: create it 0600 so no byte is ever world-readable.
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        mem.execute("VACUUM INTO ?", [str(tmp)])
    finally:
        mem.close()
    make_private_file(tmp)
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    tmp.replace(path)


# -- exports the app keeps --------------------------------------------------------------------
def _drop_exports(store: Store, ids: list[str]) -> int:
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


# -- retention --------------------------------------------------------------------------------
@dataclass
class PurgeReport:
    purged: int = 0  # records whose personal answers were removed now
    waiting: int = 0  # acknowledged by the databank, personal answers kept until their day comes
    unsynced: int = 0  # not acknowledged by the databank yet: kept in full
    skipped: int = 0  # acknowledged but of a form this version does not know: kept in full
    backups_rewritten: int = 0
    backups_removed: int = 0
    wal_cleared: bool = True
    next_due: str | None = None  # when the next record's personal answers go


def _form(form_id: str) -> Form | None:
    try:
        return load_form(form_id)
    except (OSError, KeyError, ValueError):
        return None


def stripped(form_id: str, answers: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """Answers without the form's personal fields, and the search text of what is left.

    Only fields the form declares and does not mark `personal` are kept (an unknown key might be
    personal). Raises KeyError for a form this version does not know.
    """
    form = _form(form_id)
    if form is None:
        raise KeyError(form_id)
    kept = {f.id: answers[f.id] for f in form.fields if not f.personal and f.id in answers}
    return kept, search_text(form, kept)


def retention_days(store: Store) -> int:
    return int(settings.get(store.db, "retention.days"))


def purge_expired(store: Store, *, days: int | None = None, dry_run: bool = False) -> PurgeReport:
    """Remove personal answers of records the databank acknowledged more than `days` days ago.

    Local only: the revision is not bumped and nothing is queued (the databank keeps its copy).
    Records still waiting in the outbox are never purged, whatever their acknowledgement says.
    Also finishes any backup scrubbing an earlier erasure or purge left undone.
    """
    db = store.db
    days = retention_days(store) if days is None else days
    now = clock.now()
    cutoff = now - dt.timedelta(days=days)
    report = PurgeReport()
    report.unsynced = db.execute(
        "SELECT count(*) FROM registrations WHERE acknowledged_at IS NULL"
    ).fetchone()[0]
    rows = db.execute(
        """SELECT id, form_id, answers, acknowledged_at FROM registrations r
           WHERE acknowledged_at IS NOT NULL AND purged_at IS NULL
             AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity = 'registration'
                             AND o.entity_id = r.id)"""
    ).fetchall()
    due: list[tuple[str, dict[str, Any], str]] = []
    next_due: dt.datetime | None = None
    for rid, form_id, answers, acked in rows:
        try:
            moment = clock.parse_iso(acked)
        except ValueError:
            report.skipped += 1
            continue
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        if moment > cutoff:
            report.waiting += 1
            when = moment + dt.timedelta(days=days)
            next_due = when if next_due is None or when < next_due else next_due
            continue
        try:
            kept, text = stripped(form_id, json.loads(answers))
        except KeyError:
            report.skipped += 1
            continue
        due.append((rid, kept, text))
    report.next_due = clock.iso(next_due) if next_due else None
    if dry_run:
        report.purged = len(due)
        return report
    pending = bool(settings.get_internal(db, SCRUB_PENDING, False))
    if due or pending:
        stamp = clock.iso(now)
        with db.atomic():
            for rid, kept, text in due:
                db.execute(
                    "UPDATE registrations SET answers = ?, search_text = ?, email_key = '', "
                    "purged_at = ? WHERE id = ? AND purged_at IS NULL",
                    [json.dumps(kept, ensure_ascii=False), text, stamp, rid],
                )
        report.purged = len(due)
        rebuild_search_index(store)
    report.wal_cleared = checkpoint(store)
    report.backups_rewritten, report.backups_removed = scrub_backups(store)
    dropped = [rid for rid, _k, _t in due] + (erased_ids(db) if pending else [])
    _drop_exports(store, dropped)
    if pending and report.wal_cleared:  # an interrupted erasure is finished now
        with db.atomic():
            settings.set_internal(db, SCRUB_PENDING, False)
    log.info(
        "retention purge: %d purged, %d waiting, %d unsynced, %d skipped, %d backups rewritten",
        report.purged, report.waiting, report.unsynced, report.skipped, report.backups_rewritten,
    )  # fmt: skip
    return report


# -- what the laptop holds --------------------------------------------------------------------
@dataclass(frozen=True)
class Holdings:
    total: int
    unsynced: int  # not yet acknowledged by the databank
    with_personal_data: int  # not purged
    purged: int
    erased: int  # UUIDs in the erasure log


def holdings(db: Any) -> Holdings:
    """Counts for the privacy page and `lea-desktop purge`: what personal data is here."""
    total, unsynced, purged = db.execute(
        "SELECT count(*), sum(acknowledged_at IS NULL), sum(purged_at IS NOT NULL) "
        "FROM registrations"
    ).fetchone()
    erased = db.execute("SELECT count(*) FROM erasures").fetchone()[0]
    return Holdings(
        total=total,
        unsynced=int(unsynced or 0),
        with_personal_data=total - int(purged or 0),
        purged=int(purged or 0),
        erased=erased,
    )


# -- consent ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class ConsentCheck:
    ok: bool
    message: str
    texts: tuple[reference.ConsentText, ...] = ()


def verify_consent(consent: dict[str, Any] | None) -> ConsentCheck:
    """Re-derive a record's consent hash from the versioned texts shipped with the app.

    Proves which words the person was shown: each purpose's text is looked up by the version
    stored with the record (current or previous versions) and the language, hashed, and
    compared. Exports carry no language; then every language on file is tried, and the one
    whose texts give the recorded hash is the language the form was in.
    """
    if not consent:
        return ConsentCheck(False, "No consent was recorded with this registration.")
    purposes = list(consent.get("purposes") or [])
    if not purposes:
        return ConsentCheck(False, "The consent names no purpose.")
    per_purpose = consent.get("texts") or {}
    pairs = dict(p.split(":", 1) for p in str(consent.get("version", "")).split(";") if ":" in p)
    versions = {
        purpose: str((per_purpose.get(purpose) or {}).get("version") or pairs.get(purpose, ""))
        for purpose in purposes
    }
    for purpose, version in versions.items():
        if version not in reference.consent_versions(purpose):
            return ConsentCheck(
                False, f"The {purpose!r} consent text version {version!r} is not on file."
            )
    if consent.get("language"):
        languages = [str(consent["language"])]
    else:
        on_file = [set(reference.consent_versions(p)[v]) for p, v in versions.items()]
        languages = sorted(set.intersection(*on_file))
    last: tuple[reference.ConsentText, ...] = ()
    for lang in languages:
        texts = tuple(reference.consent_text_version(p, v, lang) for p, v in versions.items())
        if any(t is None for t in texts):
            return ConsentCheck(
                False,
                f"The consent texts of {consent.get('version')!r} in {lang!r} are not on file.",
            )
        found = tuple(t for t in texts if t is not None)
        for t in found:
            expected = (per_purpose.get(t.purpose) or {}).get("sha256")
            if expected and len(languages) == 1 and expected != t.sha256:
                return ConsentCheck(
                    False, f"The {t.purpose!r} text on file does not match its hash."
                )
        joined = "\n\n".join(t.text for t in found)
        if hashlib.sha256(joined.encode("utf-8")).hexdigest() == consent.get("text_sha256"):
            return ConsentCheck(
                True, f"The recorded hash matches the texts on file ({lang}).", found
            )
        last = found
    return ConsentCheck(False, "The texts on file do not match the recorded hash.", last)
