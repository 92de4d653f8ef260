"""Erasing a person from the GUI: the records go at once, the clean-up runs on a worker.

`erasure.remove_records` (one small transaction) runs on the GUI thread so the list updates at
once; `erasure.finish_erasure` (index rebuild, WAL truncation, backup rewrites: seconds on a big
database) runs in the background. If the app stops in between, the next start finishes it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from lea_desktop.ui.context import AppContext
from lea_desktop.ui.i18n import counted
from lea_desktop.ui.workers import Job
from lea_desktop.usecases import erasure

log = logging.getLogger("lea_desktop.ui.erasure")


def erase(context: AppContext, reg_id: str, what: str = "the follower") -> erasure.ErasureReport:
    """Erase one record (and its children) everywhere; raises what the database raises."""
    report = erasure.remove_records(context.store, [reg_id])
    context.show_status(
        QCoreApplication.translate(
            "erasure", "Erased {what}. Clearing it from the backups…"
        ).format(what=what),
        10000,
    )

    def op(job: Job) -> erasure.ErasureReport:
        return erasure.finish_erasure(job.store, report)

    def done(result: erasure.ErasureReport) -> None:
        central = (
            QCoreApplication.translate(
                "erasure",
                "collected on another laptop: erasure requested centrally (a coordinator "
                "approves it at the databank)",
            )
            if result.requested_centrally
            else QCoreApplication.translate("erasure", "the databank is told at the next sync")
        )
        context.show_status(
            QCoreApplication.translate(
                "erasure",
                "Erased {what} from this laptop and {plural_result_backups_rewritte}; {central}.",
            ).format(
                what=what,
                plural_result_backups_rewritte=counted(
                    result.backups_rewritten,
                    QCoreApplication.translate("counts", "{n} backup"),
                    QCoreApplication.translate("counts", "{n} backups"),
                ),
                central=central,
            ),
            10000,
        )

    def failed(exc: BaseException) -> None:
        log.warning("finishing an erasure failed: %s", type(exc).__name__)
        context.show_status(
            QCoreApplication.translate(
                "erasure", "Erased {what}; clearing the backups is finished at the next start."
            ).format(what=what),
            10000,
        )

    context.run_in_background(op, done, failed, label="erasure")
    return report
