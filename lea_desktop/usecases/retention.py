"""Retention: `retention.days` after the databank acknowledged a record, its personal answers
(the form's `personal = true` fields) and the card photo, if any, are removed from the laptop. The record stays for summaries
with its non-personal answers and its consent proof. Purging is local only: it never re-queues.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from typing import Any

from lea_desktop.domain import clock
from lea_desktop.storage import Store, erasures, retention, settings
from lea_desktop.usecases import card_photos
from lea_desktop.usecases.backup_scrub import scrub_backups
from lea_desktop.usecases.erasure import (
    SCRUB_PENDING,
    checkpoint,
    drop_exports,
    rebuild_search_index,
)
from lea_desktop.usecases.personal_fields import stripped

log = logging.getLogger("lea_desktop.privacy")


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
    report.unsynced = retention.count_unacknowledged(db)
    rows = retention.acknowledged_unpurged(db)
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
            retention.strip_answers(db, due, stamp)
        report.purged = len(due)
        rebuild_search_index(store)
    report.wal_cleared = checkpoint(store)
    report.backups_rewritten, report.backups_removed = scrub_backups(store)
    dropped = [rid for rid, _k, _t in due] + (erasures.erased_ids(db) if pending else [])
    drop_exports(store, dropped)
    # A card photo is personal data: it goes with the purged answers (and with an erasure).
    card_photos.remove(store, [rid for rid, _k, _t in due])
    card_photos.sweep(store)
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
    total, unsynced, purged = retention.holdings_counts(db)
    return Holdings(
        total=total,
        unsynced=unsynced,
        with_personal_data=total - purged,
        purged=purged,
        erased=erasures.count(db),
    )
