"""The sync cycle's directory step: pull the consortium's follower directory, after the push.

    await pull_directory(cycle)      # from sync.engine's `_Cycle.full`

Pages of `GET /api/v1/directory?since=CURSOR&limit=…` are applied one at a time, each with its
cursor in one local transaction (`storage.directory.apply_page`): a cycle cut off mid-pull
(network gone, deadline, cancel) resumes at the next sync from the last page applied. Entries
that say a follower is gone are removed. A laptop without the consortium key yet (logged in
before the databank had a directory) asks `whoami` for it first; a databank from before the
directory (404) is skipped and the cycle goes on.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from lea_desktop.storage import directory, erasures
from lea_desktop.sync import credentials, protocol
from lea_desktop.sync.client import Refused

if TYPE_CHECKING:
    from lea_desktop.sync.engine import _Cycle

log = logging.getLogger("lea_desktop.sync")

PAGE = protocol.MAX_PAGE  # entries asked for in one page (the databank may send fewer)


def _parse_whoami(value: Any) -> protocol.WhoAmI:
    return protocol.parse_whoami(value)


async def fetch_consortium_key(cycle: _Cycle) -> None:
    """Ask the databank for the consortium key when this data home has none yet."""
    home = cycle.store.home
    if credentials.load_consortium_key(home) is not None:
        return
    who = await cycle._call("GET", protocol.WHOAMI, _parse_whoami)
    if who.consortium_key:
        credentials.save_consortium_key(home, protocol.check_consortium_key(who.consortium_key))


async def pull_directory(cycle: _Cycle) -> None:
    """Bring this laptop's directory up to date with the databank's (see the module)."""
    db = cycle.db
    databank = cycle.report.databank_id
    since = directory.cursor(db, databank)
    # Followers erased here whose erasure the databank has not carried out yet (it waits for
    # a coordinator when another laptop collected them) do not come back through the directory.
    erased = set(erasures.erased_ids(db))
    try:
        await fetch_consortium_key(cycle)
    except Refused as problem:
        if problem.status != 404:
            raise
    while True:
        cycle._check_stop()
        try:
            page = await cycle._call(
                "GET",
                protocol.DIRECTORY,
                lambda v, s=since: protocol.parse_directory_page(v, s),
                params={"since": since, "limit": PAGE},
            )
        except Refused as problem:
            if problem.status != 404:
                raise
            log.info("the databank serves no follower directory (an older version)")
            return
        rows = [directory.entry_row(e) for e in page.entries if not e.gone and e.id not in erased]
        gone = [e.id for e in page.entries if e.gone or e.id in erased]
        directory.apply_page(db, databank, since, rows, gone, page.cursor, last=not page.more)
        cycle.report.directory_pulled += len(rows)
        cycle.report.directory_gone += len(gone)
        since = page.cursor
        if not page.more:
            return
