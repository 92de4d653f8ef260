"""Privacy work the GUI does by itself: the retention purge at start-up, in the background.

`retention.purge_expired` rebuilds the search index and may rewrite backups (seconds on a big
database), so it runs on a worker with its own connection; the window is usable meanwhile.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from lea_desktop.ui.context import AppContext
from lea_desktop.ui.i18n import counted
from lea_desktop.ui.workers import Job, Task
from lea_desktop.usecases import retention

log = logging.getLogger("lea_desktop.ui.housekeeping")


def start_retention_purge(context: AppContext) -> Task:
    """Purge personal data past `retention.days` and finish any backup scrubbing left undone."""

    def op(job: Job) -> retention.PurgeReport:
        return retention.purge_expired(job.store)

    def done(report: retention.PurgeReport) -> None:
        if report.purged:
            days = context.setting("retention.days")
            context.show_status(
                QCoreApplication.translate(
                    "housekeeping",
                    "Removed the personal data of {plural_report_purged_sign_up} the databank has had for more than {days} days.",
                ).format(
                    plural_report_purged_sign_up=counted(
                        report.purged,
                        QCoreApplication.translate("counts", "{n} sign-up"),
                        QCoreApplication.translate("counts", "{n} sign-ups"),
                    ),
                    days=days,
                ),
                10000,
            )
            context.notify_registrations_changed()

    def failed(exc: BaseException) -> None:
        log.warning("retention purge failed: %s", type(exc).__name__)
        context.show_status(
            QCoreApplication.translate(
                "housekeeping",
                "The retention purge could not run this time; it runs again at the next start.",
            ),
            10000,
        )

    return context.run_in_background(op, done, failed, label="retention purge")
