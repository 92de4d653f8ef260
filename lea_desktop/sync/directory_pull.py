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

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from lea_desktop.storage import directory, erasures
from lea_desktop.sync import credentials, protocol
from lea_desktop.sync.client import BadAnswer, Refused

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


def _parse_envelope(value: Any, since: int) -> tuple[list[Any], int, bool]:
    """The page's entries (still to be checked, off the event loop), its cursor and `more`."""
    obj = value if isinstance(value, dict) else {}
    entries = obj.get("entries")
    if not isinstance(entries, list):
        raise protocol.ProtocolError("the answer has no list of entries")
    page = protocol.parse_directory_page({**obj, "entries": []}, since)
    return entries, page.cursor, page.more


async def pull_directory(cycle: _Cycle) -> None:
    """Bring this laptop's directory up to date with the databank's (see the module).

    The next page is asked for while this one is checked and stored (on a worker thread, with
    a connection of its own), so the databank reads page k+1 while the laptop writes page k;
    pages are still applied one after the other, in order, each with its cursor."""
    db = cycle.db
    databank = cycle.report.databank_id
    since = directory.cursor(db, databank)
    try:
        await fetch_consortium_key(cycle)
    except Refused as problem:
        if problem.status != 404:
            raise
    # Followers erased here whose erasure the databank has not carried out yet (it waits for
    # a coordinator when another laptop collected them) do not come back through the directory.
    erased = set(erasures.erased_ids(db))
    # This laptop's own followers are not kept in its directory: it holds them in full (a
    # databank leaves them out of its pages; one from before that sends them, and they are
    # skipped here).
    own = cycle.store.device_id

    def fetch(after: int) -> asyncio.Task[tuple[list[Any], int, bool]]:
        return asyncio.ensure_future(
            cycle._call(
                "GET",
                protocol.DIRECTORY,
                lambda v, s=after: _parse_envelope(v, s),
                params={"since": after, "limit": PAGE},
            )
        )

    def apply(raw: list[Any], after: int, cursor: int, more: bool) -> tuple[int, int]:
        try:
            entries = [protocol.parse_directory_entry(e) for e in raw]
        except protocol.ProtocolError as error:
            raise BadAnswer(f"The databank's answer is malformed: {error}.") from None
        rows = [
            directory.entry_row(e)
            for e in entries
            if not e.gone and e.id not in erased and e.device_id != own
        ]
        gone = [e.id for e in entries if e.gone or e.id in erased]
        # A connection of the worker's own, opened and closed here: a cycle stopped meanwhile
        # (deadline, cancel) never shares one with the page still being written.
        writer = cycle.store.reopen()
        try:
            directory.apply_page(writer.db, databank, after, rows, gone, cursor, last=not more)
        finally:
            writer.close()
        return len(rows), len(gone)

    cycle._check_stop()
    pending: asyncio.Task[tuple[list[Any], int, bool]] | None = fetch(since)
    try:
        while pending is not None:
            try:
                raw, cursor, more = await pending
            except Refused as problem:
                if problem.status != 404:
                    raise
                log.info("the databank serves no follower directory (an older version)")
                return
            pending = fetch(cursor) if more else None
            added, gone = await asyncio.to_thread(apply, raw, since, cursor, more)
            cycle.report.directory_pulled += added
            cycle.report.directory_gone += gone
            since = cursor
            cycle._check_stop()
    finally:
        if pending is not None:  # stopped or failed: the page asked for ahead is not wanted
            pending.cancel()
