"""The Sync page: the databank address and login, "Sync now", what waits and what the databank
rejected (with its reason), and reconciliation with a PDF receipt.

Before the laptop is set up (no address, or no token) the page opens on a setup card —
address, token, Check — and then the queue; nothing on it offers to sync or promises that
sync runs by itself, since it cannot. Once set up, the status card with Sync now comes first
and the address and token move to a card at the bottom.

Everything that touches the network, the keyring or more than a few rows runs on a worker
(`context.run_in_background`); the cycles themselves belong to the window's `SyncController`,
which also syncs every minute and when the network comes back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lea_desktop.ui.context import AppContext
from lea_desktop.ui.i18n import counted, queue_counts, queue_noun
from lea_desktop.ui.sync_controller import SyncController, install_sync, progress_text
from lea_desktop.ui.timefmt import local_sortable, local_time
from lea_desktop.ui.widgets import hint_label, page_heading, section_card

LIST_LIMIT = 500
SETTLE_RETRY_MS = 300  # a choice made during a sync waits for its end, looking this often


class SyncPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.controller: SyncController = getattr(context, "sync", None) or self._own_controller()
        self.receipt: Any = None
        self._loading = False
        self.conflicts: dict[str, Any] = {}
        self._chosen: list[tuple[str, str, dict[str, str]]] = []  # choices not carried out yet
        self._settling = False
        self._conflict_reads = 0

        outer, self.banner = page_heading(
            self, QCoreApplication.translate("SyncPage", "Sync"), "syncBanner"
        )
        self.status_card = self._build_status()
        self.setup_card = self._build_setup()
        self.queue_card = self._build_queue()
        self.reconcile_card = self._build_reconcile()
        self._outer = outer
        self._has_token: bool | None = None  # not known until read on a worker
        self._arranged: bool | None = None
        self._arrange()

        self.controller.started.connect(self._on_started)
        self.controller.progressed.connect(self._on_progress)
        self.controller.finished.connect(self._on_finished)
        self.controller.textChanged.connect(self._show_state)
        context.registrationsChanged.connect(self.refresh)
        context.settingsChanged.connect(self._on_setting)
        context.storeAttached.connect(self._look_for_token)
        self._show_state(self.controller.text)
        self._fill_address()
        self._look_for_token()
        self.refresh()

    # -- set up or not ------------------------------------------------------------------------
    def is_set_up(self) -> bool:
        """An address and a token: what a sync needs before it can even try."""
        if not self.context.has_store or not self.context.setting("databank.url"):
            return False
        return self._has_token is not False  # unknown yet: the address says it was set up

    def _look_for_token(self) -> None:
        if not self.context.has_store:
            return

        def op(job: Any) -> bool:
            from lea_desktop.sync import credentials

            return credentials.load_token(job.store.home) is not None

        def done(found: bool) -> None:
            self._has_token = found
            self._arrange()

        self.context.run_in_background(op, done, lambda _exc: None, parent=self, label="token")

    def _arrange(self) -> None:
        """Put the cards in the order that fits: setup first until sync can work."""
        set_up = self.is_set_up()
        if set_up == self._arranged:
            return
        self._arranged = set_up
        for card in (self.status_card, self.setup_card, self.queue_card, self.reconcile_card):
            self._outer.removeWidget(card)
        if set_up:
            order = [(self.status_card, 0), (self.queue_card, 2), (self.reconcile_card, 0),
                     (self.setup_card, 0)]  # fmt: skip
        else:
            order = [(self.setup_card, 0), (self.queue_card, 2)]
        for card, stretch in order:
            self._outer.addWidget(card, stretch)
        self.status_card.setVisible(set_up)
        self.reconcile_card.setVisible(set_up)
        heading = (
            QCoreApplication.translate("SyncPage", "Databank address and token")
            if set_up
            else QCoreApplication.translate("SyncPage", "Set up sync")
        )
        self.setup_title.setText(heading.upper())
        self.setup_title.setAccessibleName(heading)
        self.setup_intro.setText(
            QCoreApplication.translate(
                "SyncPage", "To change the databank or the token, enter both and Check again."
            )
            if set_up
            else QCoreApplication.translate(
                "SyncPage",
                "Sign-ups are sent to the LEA databank once this laptop is set up. Enter the databank's address and the token from the databank administrator, then Check. Until then everything stays on this laptop, listed below.",
            )
        )
        self.login_button.setProperty("accent", not set_up)
        self.login_button.style().unpolish(self.login_button)
        self.login_button.style().polish(self.login_button)
        self._show_state(self.controller.text)

    def _own_controller(self) -> SyncController:
        """A page built without the window's controller (tests of the page alone)."""
        window = self.context.window
        if window is not None:
            return install_sync(window)
        controller = SyncController(self.context, self)
        self.context.sync = controller
        return controller

    # -- the status card ----------------------------------------------------------------------
    def _build_status(self) -> QWidget:
        card, box = section_card(
            self, "syncStatusCard", QCoreApplication.translate("SyncPage", "Databank")
        )
        self.state_label = QLabel(card, objectName="syncState")
        self.state_label.setStyleSheet("font-size: 16px; font-weight: 600;")
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        self.state_label.setWordWrap(True)  # a long message wraps; it is never cut
        self.detail_label = hint_label(card, object_name="syncDetail")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(self.state_label)
        box.addWidget(self.detail_label)

        row = QHBoxLayout()
        self.sync_button = QPushButton(
            QCoreApplication.translate("SyncPage", "Sync now"), card, objectName="syncButton"
        )
        self.sync_button.setProperty("accent", True)
        self.sync_button.setToolTip(
            QCoreApplication.translate(
                "SyncPage", "Send what is waiting and fetch events and erasures"
            )
        )
        self.sync_button.clicked.connect(lambda: self.controller.sync_now())
        self.progress = QProgressBar(card, objectName="syncProgress")
        self.progress.setTextVisible(True)
        self.progress.setMaximumWidth(320)
        self.progress.hide()
        row.addWidget(self.sync_button)
        row.addWidget(self.progress)
        row.addStretch(1)
        box.addLayout(row)
        return card

    # -- the setup card -----------------------------------------------------------------------
    def _build_setup(self) -> QWidget:
        card, box = section_card(
            self, "syncSetupCard", QCoreApplication.translate("SyncPage", "Set up sync")
        )
        self.setup_title = card.findChild(QLabel)
        self.setup_intro = hint_label(card, object_name="syncSetupIntro")
        self.setup_intro.setWordWrap(True)
        box.addWidget(self.setup_intro)
        login = QGridLayout()
        login.setHorizontalSpacing(10)
        login.setVerticalSpacing(8)
        self.url_field = QLineEdit(card, objectName="databankUrlField")
        self.url_field.setPlaceholderText(
            QCoreApplication.translate("SyncPage", "https://databank.example.eu")
        )
        self.url_field.setAccessibleName(QCoreApplication.translate("SyncPage", "Databank address"))
        self.token_field = QLineEdit(card, objectName="tokenField")
        self.token_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_field.setPlaceholderText(
            QCoreApplication.translate("SyncPage", "Token from the databank administrator")
        )
        self.token_field.setAccessibleName(QCoreApplication.translate("SyncPage", "Databank token"))
        self.login_button = QPushButton(
            QCoreApplication.translate("SyncPage", "Check"), card, objectName="loginButton"
        )
        self.login_button.setToolTip(
            QCoreApplication.translate(
                "SyncPage",
                "Ask the databank whether the address and token work, then keep them (system keyring if any) and sync",
            )
        )
        self.login_button.clicked.connect(self.log_in)
        self.token_field.returnPressed.connect(self.log_in)
        self.url_field.editingFinished.connect(self.check_address)
        address = QLabel(QCoreApplication.translate("SyncPage", "Address"), card)
        address.setBuddy(self.url_field)
        token = QLabel(QCoreApplication.translate("SyncPage", "Token"), card)
        token.setBuddy(self.token_field)
        login.addWidget(address, 0, 0)
        login.addWidget(self.url_field, 0, 1)
        login.addWidget(token, 1, 0)
        login.addWidget(self.token_field, 1, 1)
        login.addWidget(self.login_button, 1, 2)
        login.setColumnStretch(1, 1)
        box.addLayout(login)
        return card

    def _fill_address(self) -> None:
        self.url_field.setText(str(self.context.setting("databank.url") or ""))

    def _on_setting(self, key: str) -> None:
        if key == "databank.url":
            self._fill_address()
            self._arrange()

    def _show_state(self, text: str) -> None:
        if not self._arranged:
            return  # the status card is hidden: nothing to sync with yet
        self.state_label.setText(text or QCoreApplication.translate("SyncPage", "Not synced yet"))
        report = self.controller.last_report
        if report is None:
            detail = QCoreApplication.translate(
                "SyncPage", "Sync runs by itself every minute and when the network comes back."
            )
        else:
            get = report.get if isinstance(report, dict) else lambda k: getattr(report, k)
            when = local_time(get("finished_at") or "")
            detail = QCoreApplication.translate(
                "SyncPage", "Last attempt {when}: {get_message_or_completed}"
            ).format(when=when, get_message_or_completed=get("message") or "completed")
            if get("state") == "ok":
                detail = QCoreApplication.translate("SyncPage", "Last sync {when}.").format(
                    when=when
                )
        self.detail_label.setText(detail)

    # -- a cycle ------------------------------------------------------------------------------
    def _on_started(self) -> None:
        self.sync_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.banner.hide()

    def _on_progress(self, progress: Any) -> None:
        if progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(progress.done)
        self.progress.setFormat(progress_text(progress))

    def _on_finished(self, report: Any) -> None:
        self.sync_button.setEnabled(True)
        self.progress.hide()
        for warning in report.warnings:
            self.banner.show_message(warning, "warning")
        if report.state == "ok":
            words = []
            # A conflict's way out is Resolve…, not Retry: the report counts them apart.
            conflicts, rejected = report.conflicts, report.rejected
            if conflicts:
                words.append(
                    QCoreApplication.translate(
                        "SyncPage",
                        "{followers} changed here and on another laptop: choose which copy to keep with Resolve… below.",
                    ).format(
                        followers=counted(
                            conflicts,
                            QCoreApplication.translate("counts", "{n} follower"),
                            QCoreApplication.translate("counts", "{n} followers"),
                        )
                    )
                )
            if rejected:
                words.append(
                    QCoreApplication.translate(
                        "SyncPage",
                        "{rejected} rejected by the databank: the reasons are below. Correct the record (an edit sends it again) or Retry.",
                    ).format(
                        rejected=counted(
                            rejected,
                            QCoreApplication.translate("counts", "{n} item"),
                            QCoreApplication.translate("counts", "{n} items"),
                        )
                    )
                )
            if report.erasures_requested:
                words.append(
                    QCoreApplication.translate(
                        "SyncPage",
                        "{requested} requested centrally: the followers were collected on another laptop, so a coordinator approves the erasure at the databank. They are already erased here.",
                    ).format(
                        requested=counted(
                            report.erasures_requested,
                            QCoreApplication.translate("counts", "{n} erasure"),
                            QCoreApplication.translate("counts", "{n} erasures"),
                        )
                    )
                )
            if words:
                self.banner.show_message(
                    " ".join(words), "warning" if rejected or conflicts else "info"
                )
        elif report.state not in ("not_configured", "no_token"):
            self.banner.show_message(report.message, "warning", 20000)
        else:
            if report.state == "no_token":
                self._has_token = False
            self._arrange()
            self.banner.show_message(
                QCoreApplication.translate(
                    "SyncPage",
                    "Sync is not set up yet: enter the databank's address and your token under Set up sync, then Check.",
                ),
                "info",
            )
        self.refresh()

    # -- logging in ---------------------------------------------------------------------------
    def address_problem(self, url: str) -> str:
        """Why the address cannot be used (empty if it can): a malformed address, or plain http
        to another computer while databank.allow_insecure_http is off."""
        from lea_desktop.storage import settings

        try:
            value = settings.setting("databank.url").parse(url)
        except settings.SettingError as exc:
            return QCoreApplication.translate("SyncPage", "Databank address: {exc}.").format(
                exc=exc
            )
        from lea_desktop.domain import addresses

        if addresses.is_insecure(value) and not self.context.setting(
            "databank.allow_insecure_http"
        ):
            return QCoreApplication.translate(
                "SyncPage", "Databank address refused: {addresses_refusal_value}"
            ).format(addresses_refusal_value=addresses.refusal(value))
        return ""

    def check_address(self) -> bool:
        """Check the typed address as soon as it is entered; say at once why it is refused."""
        url = self.url_field.text().strip()
        problem = self.address_problem(url) if url else ""
        if problem:
            self.banner.show_message(problem, "error")
        return not problem

    def log_in(self) -> None:
        from lea_desktop.storage.settings import SettingError

        url = self.url_field.text().strip()
        token = self.token_field.text().strip()
        if not url or not token:
            self.banner.show_message(
                QCoreApplication.translate(
                    "SyncPage", "Enter both the databank's address and the token."
                ),
                "error",
            )
            return
        if not self.check_address():
            return
        try:
            self.context.set_setting("databank.url", url)
        except SettingError as exc:
            self.banner.show_message(
                QCoreApplication.translate("SyncPage", "Databank address: {exc}").format(exc=exc),
                "error",
            )
            return
        self.login_button.setEnabled(False)

        def op(job: Any) -> tuple[str, str]:
            from lea_desktop.sync import credentials
            from lea_desktop.sync.client import SyncLimits, SyncProblem
            from lea_desktop.sync.engine import make_client, whoami

            limits = SyncLimits(deadline=15, retries=1)
            try:
                name = whoami(make_client(job.store, limits, url=url, token=token), job.store.home)
            except SyncProblem as problem:
                if problem.state == "unauthorized":
                    return "refused", problem.message
                where = credentials.save_token(job.store.home, token)
                return "saved", QCoreApplication.translate(
                    "SyncPage", "Token saved in {where}. Not checked now: {problem_message}"
                ).format(where=where, problem_message=problem.message)
            where = credentials.save_token(job.store.home, token)
            return (
                "ok",
                QCoreApplication.translate(
                    "SyncPage",
                    "Logged in: the databank knows this laptop as {name}. Token kept in {where}.",
                ).format(name=name, where=where),
            )

        def done(result: tuple[str, str]) -> None:
            self.login_button.setEnabled(True)
            kind, message = result
            if kind == "refused":
                self.banner.show_message(
                    QCoreApplication.translate(
                        "SyncPage", "The databank refused this token; it was not kept. {message}"
                    ).format(message=message),
                    "error",
                )
                return
            self.token_field.clear()
            self._has_token = True
            self._arrange()
            from lea_desktop.sync.client import insecure_warning

            warning = insecure_warning(url)  # plain http, allowed for a lab network
            if warning:
                kind, message = "warning", f"{message} {warning}"
            self.banner.show_message(message, "success" if kind == "ok" else "warning")
            self.controller.sync_now()

        def failed(exc: BaseException) -> None:
            self.login_button.setEnabled(True)
            self.banner.show_message(
                QCoreApplication.translate(
                    "SyncPage", "Could not store the token ({type_exc_name})."
                ).format(type_exc_name=type(exc).__name__),
                "error",
            )

        self.context.run_in_background(op, done, failed, parent=self, label="databank login")

    # -- what waits ---------------------------------------------------------------------------
    def _build_queue(self) -> QWidget:
        card, box = section_card(
            self, "syncQueueCard", QCoreApplication.translate("SyncPage", "Waiting and rejected")
        )
        head = QHBoxLayout()
        self.queue_counts = QLabel(card, objectName="queueCounts")
        self.retry_button = QPushButton(
            QCoreApplication.translate("SyncPage", "Retry rejected"), card, objectName="retryButton"
        )
        self.retry_button.setToolTip(
            QCoreApplication.translate(
                "SyncPage",
                "Send rejected records again at the next sync (a conflict: this laptop's copy wins)",
            )
        )
        self.retry_button.clicked.connect(self.retry_rejected)
        self.retry_button.setEnabled(False)
        head.addWidget(self.queue_counts, 1)
        head.addWidget(self.retry_button)
        box.addLayout(head)
        box.addWidget(self._build_conflicts(card))
        self.queue_list = QTreeWidget(card, objectName="queueList")
        self.queue_list.setHeaderLabels(
            [
                QCoreApplication.translate("SyncPage", "Status"),
                QCoreApplication.translate("SyncPage", "What"),
                QCoreApplication.translate("SyncPage", "Details"),
                QCoreApplication.translate("SyncPage", "Event"),
                QCoreApplication.translate("SyncPage", "Saved"),
                QCoreApplication.translate("SyncPage", "Reason"),
            ]
        )
        self.queue_list.setRootIsDecorated(False)
        self.queue_list.setAlternatingRowColors(True)
        self.queue_list.setAccessibleName(
            QCoreApplication.translate("SyncPage", "Records waiting for the databank")
        )
        header = self.queue_list.header()
        header.setStretchLastSection(True)
        # Status, what, event and date are read whole (at most LIST_LIMIT rows to measure); the
        # record's summary takes what is left and the reason the rest.
        for column in (0, 1, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(2, 280)
        box.addWidget(self.queue_list, 1)
        return card

    # -- conflicts ----------------------------------------------------------------------------
    def _build_conflicts(self, parent: QWidget) -> QWidget:
        """Followers changed here and on another laptop: both copies kept until a choice."""
        box = QWidget(parent, objectName="conflictBox")
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.conflict_label = QLabel(box, objectName="conflictLabel")
        self.conflict_label.setWordWrap(True)
        self.resolve_button = QPushButton(
            QCoreApplication.translate("SyncPage", "Resolve…"), box, objectName="resolveButton"
        )
        self.resolve_button.setToolTip(
            QCoreApplication.translate(
                "SyncPage", "Keep this laptop's copy, take the other laptop's, or merge them"
            )
        )
        self.resolve_button.clicked.connect(self.resolve_selected)
        head.addWidget(self.conflict_label, 1)
        head.addWidget(self.resolve_button)
        lay.addLayout(head)
        self.conflict_list = QTreeWidget(box, objectName="conflictList")
        self.conflict_list.setHeaderLabels(
            [
                QCoreApplication.translate("SyncPage", "Follower"),
                QCoreApplication.translate("SyncPage", "Changed also on"),
                QCoreApplication.translate("SyncPage", "Found"),
            ]
        )
        self.conflict_list.setRootIsDecorated(False)
        self.conflict_list.setMaximumHeight(140)
        self.conflict_list.itemDoubleClicked.connect(lambda *_: self.resolve_selected())
        lay.addWidget(self.conflict_list)
        self.conflict_dialog: Any = None
        box.hide()
        self.conflict_box = box
        return box

    def _refresh_conflicts(self) -> None:
        """Read the conflicts again; only the latest read is shown (an older one, finishing
        late, could show a conflict settled since)."""
        self._conflict_reads += 1
        read = self._conflict_reads

        def op(job: Any) -> list[Any]:
            from lea_desktop.usecases import conflicts

            return conflicts.list_conflicts(job.store)

        def done(found: list[Any]) -> None:
            if read == self._conflict_reads:
                self._show_conflicts(found)

        self.context.run_in_background(op, done, lambda _exc: None, parent=self, label="conflicts")

    def _show_conflicts(self, found: list[Any]) -> None:
        self.conflicts = {c.id: c for c in found}
        self.conflict_box.setVisible(bool(found))
        self.conflict_label.setText(
            QCoreApplication.translate(
                "SyncPage",
                "{followers} changed here and on another laptop: both copies are kept until you "
                "choose which to keep.",
            ).format(
                followers=counted(
                    len(found),
                    QCoreApplication.translate("counts", "{n} follower"),
                    QCoreApplication.translate("counts", "{n} followers"),
                )
            )
        )
        self.conflict_list.clear()
        for c in found:
            name = c.mine.answers.get("organisation") or c.mine.answers.get("email") or c.id
            where = c.laptop or QCoreApplication.translate("SyncPage", "another laptop")
            if c.partner:
                where = f"{where} ({c.partner})"
            row = QTreeWidgetItem([str(name), where, local_sortable(c.found_at)])
            row.setData(0, Qt.ItemDataRole.UserRole, c.id)
            self.conflict_list.addTopLevelItem(row)
        for column in range(self.conflict_list.columnCount()):  # names whole, not cut
            self.conflict_list.resizeColumnToContents(column)
        if found and self.conflict_list.currentItem() is None:
            self.conflict_list.setCurrentItem(self.conflict_list.topLevelItem(0))

    def resolve_selected(self) -> None:
        """Open the conflict dialog for the selected follower (the first if none is)."""
        from lea_desktop.ui.conflict_dialog import ConflictDialog

        item = self.conflict_list.currentItem() or self.conflict_list.topLevelItem(0)
        found = self.conflicts.get(item.data(0, Qt.ItemDataRole.UserRole)) if item else None
        if found is None:
            return
        # The answers' labels in the form's language, as the follower editor shows them.
        dialog = ConflictDialog(found, str(self.context.setting("form.language")), self)
        dialog.accepted.connect(lambda: self._resolve(dialog))
        self.conflict_dialog = dialog
        dialog.open()

    def _resolve(self, dialog: Any) -> None:
        """Carry out the choice made in the dialog (after a running sync: see `_settle`)."""
        record_id = dialog.found.id
        self._chosen.append((record_id, dialog.choice, dialog.picks))
        # Off the list at once: it is being settled, there is nothing more to choose.
        self.conflicts.pop(record_id, None)
        for i in range(self.conflict_list.topLevelItemCount()):
            if self.conflict_list.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == record_id:
                self.conflict_list.takeTopLevelItem(i)
                break
        self._settle()

    def _settle(self) -> None:
        """Settle the conflicts chosen so far, on one worker, never while a sync cycle writes
        (the sync started after a choice is still running when the next choice is made: two
        writers on a busy laptop could outwait SQLite's lock timeout). The sync follows."""
        if self._settling or not self._chosen:
            return
        if self.controller.running:
            QTimer.singleShot(SETTLE_RETRY_MS, self._settle)
            return
        chosen, self._chosen = self._chosen, []
        self._settling = True

        def op(job: Any) -> list[str]:
            from lea_desktop.usecases import conflicts

            problems = []
            for record_id, choice, picks in chosen:
                try:
                    conflicts.resolve(job.store, record_id, choice, picks)
                except conflicts.ConflictError as exc:  # settled or erased meanwhile, invalid
                    problems.append(str(exc))
            return problems

        def done(problems: list[str]) -> None:
            self._settling = False
            if problems:
                self.banner.show_message(" ".join(problems), "warning")
            else:
                self.context.show_status(
                    QCoreApplication.translate(
                        "SyncPage", "Conflict settled; the databank hears of it at the next sync."
                    )
                )
            self.context.registrationsChanged.emit()
            self.refresh()
            if self._chosen:  # chosen while these were settled
                self._settle()
            else:
                self.controller.sync_now()

        def failed(exc: BaseException) -> None:
            self._settling = False
            self.banner.show_message(str(exc), "warning")
            self.refresh()

        self.context.run_in_background(op, done, failed, parent=self, label="resolve conflict")

    def on_shown(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Reload the list of waiting and rejected items, and the conflicts (on workers)."""
        if not self.context.has_store:
            return
        self._refresh_conflicts()
        if self._loading:
            return
        self._loading = True

        def op(job: Any) -> tuple[dict[str, int], list[Any]]:
            from lea_desktop.storage import outbox, sync_queue
            from lea_desktop.usecases.followers import queue_summary

            counts = {**sync_queue.counts(job.store.db), **outbox.pending_by_entity(job.store.db)}
            found = sync_queue.items(job.store.db, limit=LIST_LIMIT, summarise=queue_summary)
            return counts, found

        def done(result: tuple[dict[str, int], list[Any]]) -> None:
            self._loading = False
            self._show_queue(*result)

        def failed(exc: BaseException) -> None:
            self._loading = False
            self.queue_counts.setText(
                QCoreApplication.translate(
                    "SyncPage", "Could not read the queue ({type_exc_name})."
                ).format(type_exc_name=type(exc).__name__)
            )

        self.context.run_in_background(op, done, failed, parent=self, label="sync queue")

    def _show_queue(self, counts: dict[str, int], items: list[Any]) -> None:
        pending, rejected = counts["pending"], counts["rejected"]
        conflicts = counts.get("conflicts", 0)
        if not pending and not rejected and not conflicts:
            text = QCoreApplication.translate(
                "SyncPage", "Nothing is waiting: the databank has everything from this laptop."
            )
        else:
            text = QCoreApplication.translate(
                "SyncPage", "Waiting: {queue_counts_counts}; {rejected:,} rejected."
            ).format(queue_counts_counts=queue_counts(counts), rejected=rejected)
            if conflicts:
                text += QCoreApplication.translate(
                    "SyncPage", " {conflicts} to settle below (Resolve…)."
                ).format(
                    conflicts=counted(
                        conflicts,
                        QCoreApplication.translate("counts", "{n} conflict"),
                        QCoreApplication.translate("counts", "{n} conflicts"),
                    )
                )
            if pending + rejected + conflicts > len(items):
                text += QCoreApplication.translate(
                    "SyncPage", " The first {count:,} are listed."
                ).format(count=len(items))
        self.queue_counts.setText(text)
        self.retry_button.setEnabled(rejected + conflicts > 0)  # a conflict: this copy wins
        self.queue_list.clear()
        rows = []
        for item in items:
            status = (
                QCoreApplication.translate("SyncPage", "Rejected")
                if item.status == "rejected"
                else QCoreApplication.translate("SyncPage", "Waiting")
            )
            what = queue_noun(item.entity)
            summary = item.summary if item.entity != "tombstone" else item.entity_id
            saved = local_sortable(item.created_at or item.enqueued_at)
            row = QTreeWidgetItem([status, what, summary, item.event_name, saved, item.reason])
            row.setData(0, Qt.ItemDataRole.UserRole, item.entity_id)
            row.setToolTip(5, item.reason)
            row.setToolTip(
                2,
                QCoreApplication.translate(
                    "SyncPage", "{summary}\n{id} (revision {revision})"
                ).format(summary=summary, id=item.entity_id, revision=item.revision),
            )
            rows.append(row)
        self.queue_list.addTopLevelItems(rows)

    def retry_rejected(self) -> None:
        def op(job: Any) -> int:
            from lea_desktop.storage import sync_queue

            return sync_queue.requeue_rejected(job.store.db)

        def done(count: int) -> None:
            self.context.show_status(
                QCoreApplication.translate(
                    "SyncPage", "{plural_count_rejected_item} will be sent again now."
                ).format(
                    plural_count_rejected_item=counted(
                        count,
                        QCoreApplication.translate("counts", "{n} rejected item"),
                        QCoreApplication.translate("counts", "{n} rejected items"),
                    )
                )
            )
            self.refresh()
            self.controller.sync_now()

        self.context.run_in_background(op, done, parent=self, label="retry rejected")

    # -- reconciliation -----------------------------------------------------------------------
    def _build_reconcile(self) -> QWidget:
        card, box = section_card(
            self, "reconcileCard", QCoreApplication.translate("SyncPage", "Reconciliation")
        )
        row = QHBoxLayout()
        self.reconcile_button = QPushButton(
            QCoreApplication.translate("SyncPage", "Reconcile"), card, objectName="reconcileButton"
        )
        self.reconcile_button.setToolTip(
            QCoreApplication.translate(
                "SyncPage",
                "Ask the databank which of this laptop's records it holds, at which revision",
            )
        )
        self.reconcile_button.clicked.connect(self.reconcile)
        self.receipt_button = QPushButton(
            QCoreApplication.translate("SyncPage", "Save receipt as PDF…"),
            card,
            objectName="receiptButton",
        )
        self.receipt_button.setEnabled(False)
        self.receipt_button.clicked.connect(self.save_receipt)
        self.requeue_button = QPushButton(
            QCoreApplication.translate("SyncPage", "Queue again"), card, objectName="requeueButton"
        )
        self.requeue_button.setToolTip(
            QCoreApplication.translate(
                "SyncPage",
                "Send again the records the databank lacks that are not waiting in the queue",
            )
        )
        self.requeue_button.clicked.connect(self.requeue_missing)
        self.requeue_button.hide()
        self.reconcile_headline = QLabel(card, objectName="reconcileHeadline")
        self.reconcile_headline.setWordWrap(True)
        self.reconcile_headline.setTextFormat(Qt.TextFormat.PlainText)
        self.reconcile_headline.setText(QCoreApplication.translate("SyncPage", "Not checked yet."))
        row.addWidget(self.reconcile_button)
        row.addWidget(self.receipt_button)
        row.addWidget(self.reconcile_headline, 1)
        row.addWidget(self.requeue_button)
        box.addLayout(row)
        self.reconcile_list = QTreeWidget(card, objectName="reconcileList")
        self.reconcile_list.setHeaderLabels(
            [
                QCoreApplication.translate("SyncPage", "Record id"),
                QCoreApplication.translate("SyncPage", "Laptop"),
                QCoreApplication.translate("SyncPage", "Databank"),
                QCoreApplication.translate("SyncPage", "Why"),
            ]
        )
        self.reconcile_list.setRootIsDecorated(False)
        self.reconcile_list.setAccessibleName(
            QCoreApplication.translate("SyncPage", "Records not held centrally as on this laptop")
        )
        self.reconcile_list.header().resizeSection(0, 290)
        self.reconcile_list.hide()
        box.addWidget(self.reconcile_list, 1)
        return card

    def reconcile(self) -> None:
        self.reconcile_button.setEnabled(False)
        self.reconcile_headline.setText(
            QCoreApplication.translate("SyncPage", "Asking the databank…")
        )

        def op(job: Any) -> Any:
            from lea_desktop.sync.client import SyncLimits
            from lea_desktop.sync.engine import make_client
            from lea_desktop.sync.reconcile import reconcile

            client = make_client(job.store, SyncLimits(deadline=60, retries=1))
            return reconcile(job.store, client)

        def done(receipt: Any) -> None:
            self.reconcile_button.setEnabled(True)
            self.receipt = receipt
            self.receipt_button.setEnabled(True)
            self.reconcile_headline.setText(receipt.headline() + ".")
            self.reconcile_list.clear()
            for d in receipt.differences:
                self.reconcile_list.addTopLevelItem(
                    QTreeWidgetItem(
                        [
                            d.id,
                            "—" if d.local_revision is None else str(d.local_revision),
                            "—" if d.remote_revision is None else str(d.remote_revision),
                            d.why,
                        ]
                    )
                )
            self.reconcile_list.setVisible(bool(receipt.differences))
            self._outer.setStretchFactor(self.reconcile_card, 2 if receipt.differences else 0)
            self.requeue_button.setVisible(bool(receipt.requeueable()))

        def failed(exc: BaseException) -> None:
            self.reconcile_button.setEnabled(True)
            message = getattr(exc, "message", None) or type(exc).__name__
            self.reconcile_headline.setText(
                QCoreApplication.translate("SyncPage", "Could not reconcile: {message}").format(
                    message=message
                )
            )

        self.context.run_in_background(op, done, failed, parent=self, label="reconcile")

    def requeue_missing(self) -> None:
        ids = self.receipt.requeueable() if self.receipt is not None else []

        def op(job: Any) -> int:
            from lea_desktop.storage import sync_queue

            return sync_queue.requeue_records(job.store.db, ids)

        def done(count: int) -> None:
            self.requeue_button.hide()
            self.context.show_status(
                QCoreApplication.translate(
                    "SyncPage", "{plural_count_record} queued again; syncing now."
                ).format(
                    plural_count_record=counted(
                        count,
                        QCoreApplication.translate("counts", "{n} record"),
                        QCoreApplication.translate("counts", "{n} records"),
                    )
                )
            )
            self.refresh()
            self.controller.sync_now()

        self.context.run_in_background(op, done, parent=self, label="requeue missing")

    def save_receipt(self) -> None:
        if self.receipt is None:
            return
        suggested = str(Path.home() / f"lea-sync-receipt-{self.receipt.checked_at[:10]}.pdf")
        path = self.ask_save_path(suggested)
        if not path:
            return
        receipt = self.receipt

        def op(job: Any) -> str:
            from lea_desktop.sync.receipt_pdf import write_receipt_pdf

            return str(write_receipt_pdf(receipt, Path(path)))

        def done(written: str) -> None:
            self.context.show_status(
                QCoreApplication.translate("SyncPage", "Receipt saved: {written}").format(
                    written=written
                ),
                10000,
            )

        def failed(exc: BaseException) -> None:
            self.banner.show_message(
                QCoreApplication.translate(
                    "SyncPage", "The receipt could not be saved ({exc})."
                ).format(exc=exc),
                "error",
            )

        self.context.run_in_background(op, done, failed, parent=self, label="receipt pdf")

    def ask_save_path(self, suggested: str) -> str:
        """The file to write (tests replace this one method)."""
        path, _filter = QFileDialog.getSaveFileName(
            self,
            QCoreApplication.translate("SyncPage", "Save the sync receipt"),
            suggested,
            QCoreApplication.translate("SyncPage", "PDF (*.pdf)"),
        )
        return path
