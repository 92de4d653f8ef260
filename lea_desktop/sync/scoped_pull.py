"""The scoped records pull, one step of a sync cycle (`engine._Cycle.full`): the full records of
this laptop's token scope that other laptops (or the public form) wrote, stored here marked with
where they came from (`storage.pulled`).

    await pull_scoped_records(cycle)

Page by page from the databank's `GET /api/v1/records?since=CURSOR&device_id=ID`; each page and the cursor
past it are stored in one transaction, so an interrupted pull resumes where it stopped. The
cursor belongs to the token's scope and partner as the databank names them: when the
coordinator changes either, the pull starts again from 0. A record this laptop has edited
itself and not yet sent is not overwritten: both copies are kept as a conflict to resolve.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from lea_desktop.domain.records import Registration
from lea_desktop.storage import pulled
from lea_desktop.sync import scope_protocol
from lea_desktop.sync.client import Refused

if TYPE_CHECKING:
    from lea_desktop.sync.engine import _Cycle

log = logging.getLogger("lea_desktop.sync")


async def pull_scoped_records(cycle: _Cycle) -> None:
    from lea_desktop.formkit import load_form

    db = cycle.db
    databank = cycle.report.databank_id
    scope, since = pulled.scope_cursor(db, databank)
    while True:
        cycle._check_stop()
        try:
            page = await cycle.call(
                "GET",
                scope_protocol.RECORDS,
                lambda v, s=since: scope_protocol.parse_record_page(v, s),
                params={"since": since, "device_id": cycle.device_id},
            )
        except Refused as problem:
            if problem.status not in (404, 405):
                raise
            log.info("the databank serves no scoped records (an older version)")
            return
        if page.scope_key != scope and since:
            # The token's scope or partner changed: what it covers now is pulled from the start.
            log.info("the token's scope changed: pulling its records from the start")
            with db.atomic():
                pulled.set_scope_cursor(db, databank, page.scope_key, 0)
            scope, since = page.scope_key, 0
            continue
        with db.atomic():
            for item in page.records:
                rec = item.record
                try:
                    form = load_form(rec.form_id)
                except (OSError, KeyError, ValueError):  # a form this version lacks
                    continue
                outcome = pulled.store(
                    db,
                    Registration(**rec.to_json()),
                    form.search_text(rec.answers),
                    str(rec.answers.get("email") or "").strip().casefold(),
                    laptop=item.laptop,
                    partner=item.partner,
                    own_device=cycle.device_id,
                )
                if outcome == pulled.STORED:
                    cycle.report.records_pulled += 1
                elif outcome == pulled.CONFLICT:
                    cycle.report.record_conflicts += 1
            pulled.set_scope_cursor(db, databank, page.scope_key, page.cursor)
        scope, since = page.scope_key, page.cursor
        if not page.more:
            return
