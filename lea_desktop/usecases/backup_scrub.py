"""Keeping the rolling backups in `<data home>/backups/` in line with the erasure log and the
retention purge: each one holding an erased record or purged personal answers is rewritten from
an in-memory copy with `VACUUM INTO` (a fresh file, no journal with the old pages) and swapped in
(`storage.backup_rewrite`); a backup that cannot be rewritten is deleted rather than left behind.
"""

from __future__ import annotations

import logging
import sqlite3
import time

from lea_desktop.storage import Store, backup_rewrite, backups, erasures, retention
from lea_desktop.usecases.personal_fields import stripped

log = logging.getLogger("lea_desktop.privacy")

PARTIAL_BACKUP_AGE_S = 600  # a `.partial` backup older than this is a crash leftover


def scrub_backups(store: Store) -> tuple[int, int]:
    """Bring every rolling backup in line with the erasure log and the retention purge.

    A backup holding an erased record, or the personal answers of a record purged in the live
    database, is rewritten; one that cannot be read or rewritten is deleted. Returns
    (rewritten, removed). Crash leftovers (`*.partial`, `*.scrub`) are removed too.
    """
    folder = store.backups_dir
    if not folder.is_dir():
        return 0, 0
    gone = erasures.erased_ids(store.db)
    purged = retention.purged_ids(store.db)
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
            if not backup_rewrite.needs_scrub(path, gone, purged):
                continue
            backup_rewrite.rewrite(path, gone, purged, stripped)
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
