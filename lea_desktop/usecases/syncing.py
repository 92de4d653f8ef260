"""One sync cycle with the databank, as `lea-desktop sync` and the GUI's worker run it: the sync
engine (`sync.engine`) with the erasures it pulls from the databank carried out here, in full
(`usecases.erasure`: database, search index, WAL, backups; nothing queued back)."""

from __future__ import annotations

from collections.abc import Callable

from lea_desktop.storage import Store
from lea_desktop.sync import engine
from lea_desktop.sync.client import DatabankClient, SyncLimits
from lea_desktop.usecases import erasure


def erase_pulled(store: Store, ids: list[str]) -> None:
    """Erase here the records the databank says were erased."""
    erasure.erase_many(store, ids, origin="databank")


def sync_once(
    store: Store,
    client: DatabankClient | None = None,
    *,
    limits: SyncLimits | None = None,
    progress: engine.Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    record_result: bool = True,
) -> engine.SyncReport:
    """Run one full cycle (blocking; call it off the GUI thread) and return its report."""
    return engine.sync_once(
        store,
        client,
        erase=erase_pulled,
        limits=limits,
        progress=progress,
        should_stop=should_stop,
        record_result=record_result,
    )
