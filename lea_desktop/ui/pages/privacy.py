"""The Privacy page: what personal data this laptop holds, retention, the kiosk and its PIN.

Counts come from `retention.holdings` and the purge runs in the background (`retention.purge_expired`
rebuilds the index and may rewrite backups). Erasing a person is on the Followers page (select,
Erase…), where staff find them; this page says so.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from lea_desktop.formkit.model import Form
from lea_desktop.ui import i18n
from lea_desktop.ui.context import AppContext
from lea_desktop.ui.i18n import counted
from lea_desktop.ui.timefmt import local_time
from lea_desktop.ui.widgets import hint_label, page_heading, section_card
from lea_desktop.usecases import kiosk_pin, retention


def retention_sentence(form: Form, lang: str) -> str:
    """What the retention period removes: the form's fields flagged `personal`, by their labels
    in the staff screens' language (English where the form has no label in it). The list is a
    placeholder so translators keep one sentence; the locale joins it ("a, b and c")."""
    labels = [f.label(lang) for f in form.fields if f.personal]
    return QCoreApplication.translate(
        "PrivacyPage",
        "Personal data ({fields}) is removed from this laptop (database and backups) this many days after the databank has confirmed it has them. The other answers stay for the reports.",
    ).format(fields=QLocale(lang).createSeparatedList(labels))


TWO_COLUMNS_FROM = 880  # px of page width: below, the cards go one under the other


class PrivacyPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.kiosk_window = None
        self._counting = False

        outer, self.banner = page_heading(
            self, QCoreApplication.translate("PrivacyPage", "Privacy"), "privacyBanner"
        )

        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(16)
        self._grid.setVerticalSpacing(16)
        self._cards = [
            self._build_holdings(),
            self._build_retention(),
            self._build_kiosk(),
            self._build_erasure(),
        ]
        self._columns = 0
        self._lay_out(2)
        outer.addLayout(self._grid)
        outer.addStretch(1)

        context.registrationsChanged.connect(self.refresh)
        context.settingsChanged.connect(self._on_setting)
        self.refresh()

    def _lay_out(self, columns: int) -> None:
        """The four cards two by two, or one under the other in a narrow window."""
        if columns == self._columns:
            return
        self._columns = columns
        for card in self._cards:
            self._grid.removeWidget(card)
        for i, card in enumerate(self._cards):
            self._grid.addWidget(card, i // columns, i % columns)
        self._grid.setColumnStretch(0, 1)
        self._grid.setColumnStretch(1, 1 if columns == 2 else 0)

    def _fit(self) -> None:
        """Two columns when they fit the room the page has (its scroll area's view, if any)."""
        room = self.parentWidget().width() if self.parentWidget() is not None else self.width()
        margins = self.layout().contentsMargins()
        pair = 2 * max(card.minimumSizeHint().width() for card in self._cards)
        needed = pair + self._grid.horizontalSpacing() + margins.left() + margins.right()
        self._lay_out(2 if room >= max(needed, TWO_COLUMNS_FROM) else 1)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        holder = self.parentWidget()
        if holder is not None and not getattr(self, "_watching", False):
            self._watching = True
            holder.installEventFilter(self)  # the view narrows without resizing the page
        self._fit()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._fit()
        return super().eventFilter(watched, event)

    # -- what the laptop holds ----------------------------------------------------------------
    def _build_holdings(self) -> QWidget:
        card, box = section_card(
            self, "privacyHoldings", QCoreApplication.translate("PrivacyPage", "On this laptop")
        )
        self.counts = QLabel("…", card)
        self.counts.setObjectName("privacyCounts")
        self.counts.setWordWrap(True)
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        self.unsynced = QLabel(card)
        self.unsynced.setObjectName("privacyUnsynced")
        self.unsynced.setWordWrap(True)
        box.addWidget(self.unsynced)
        box.addWidget(self.counts)
        box.addWidget(
            hint_label(
                card,
                QCoreApplication.translate(
                    "PrivacyPage",
                    "Records not yet synced are kept in full: they exist nowhere else. Personal data of synced records is removed after the retention period.",
                ),
            )
        )
        box.addStretch(1)
        return card

    def refresh(self) -> None:
        """Re-count in the background (a scan of the registrations table)."""
        if self._counting:
            return
        self._counting = True

        def op(job):
            return retention.holdings(job.store.db), retention.purge_expired(
                job.store, dry_run=True
            )

        def done(result) -> None:
            self._counting = False
            held, due = result
            if not held.total:
                self.unsynced.setText(
                    QCoreApplication.translate("PrivacyPage", "No sign-ups on this laptop yet.")
                )
            elif held.unsynced:
                self.unsynced.setText(
                    QCoreApplication.translate(
                        "PrivacyPage",
                        "{plural_held_unsynced_sign_up} not yet synced with the databank.",
                    ).format(
                        plural_held_unsynced_sign_up=counted(
                            held.unsynced,
                            QCoreApplication.translate("counts", "{n} sign-up"),
                            QCoreApplication.translate("counts", "{n} sign-ups"),
                        )
                    )
                )
            else:
                self.unsynced.setText(
                    QCoreApplication.translate(
                        "PrivacyPage", "Every record has reached the databank."
                    )
                )
            lines = [
                QCoreApplication.translate(
                    "PrivacyPage", "{total} in all; {personal:,} with personal data."
                ).format(
                    total=counted(
                        held.total,
                        QCoreApplication.translate("counts", "{n} sign-up"),
                        QCoreApplication.translate("counts", "{n} sign-ups"),
                    ),
                    personal=held.with_personal_data,
                ),
                QCoreApplication.translate(
                    "PrivacyPage",
                    "{purged:,} kept without personal data (retention); {erased:,} erased on request.",
                ).format(purged=held.purged, erased=held.erased),
            ]
            if due.purged:
                lines.append(
                    QCoreApplication.translate(
                        "PrivacyPage", "{due} due for removal of personal data now."
                    ).format(
                        due=counted(
                            due.purged,
                            QCoreApplication.translate("counts", "{n} sign-up"),
                            QCoreApplication.translate("counts", "{n} sign-ups"),
                        )
                    )
                )
            elif due.next_due:
                lines.append(
                    QCoreApplication.translate(
                        "PrivacyPage", "Next removal of personal data: {local_time_due_next_due}."
                    ).format(local_time_due_next_due=local_time(due.next_due))
                )
            self.counts.setText("\n".join(lines))

        def failed(exc: BaseException) -> None:
            self._counting = False
            self.counts.setText(
                QCoreApplication.translate(
                    "PrivacyPage", "Could not count the records ({type_exc_name})."
                ).format(type_exc_name=type(exc).__name__)
            )

        self.context.run_in_background(op, done, failed, parent=self, label="privacy counts")

    # -- retention ----------------------------------------------------------------------------
    def _build_retention(self) -> QWidget:
        card, box = section_card(
            self, "privacyRetention", QCoreApplication.translate("PrivacyPage", "Retention")
        )
        self.retention_text = hint_label(
            card, retention_sentence(self.context.form(), i18n.current())
        )
        self.retention_text.setObjectName("retentionFields")
        box.addWidget(self.retention_text)
        row = QHBoxLayout()
        self.retention_days = QSpinBox(card)
        self.retention_days.setObjectName("retentionDays")
        self.retention_days.setRange(1, 3650)
        self.retention_days.setSuffix(QCoreApplication.translate("PrivacyPage", " days"))
        self.retention_days.setAccessibleName(
            QCoreApplication.translate("PrivacyPage", "Retention period in days")
        )
        self.retention_days.setValue(int(self.context.setting("retention.days")))
        self.retention_days.editingFinished.connect(self._save_retention)
        row.addWidget(
            QLabel(QCoreApplication.translate("PrivacyPage", "Keep personal data for"), card)
        )
        row.addWidget(self.retention_days)
        row.addStretch(1)
        box.addLayout(row)
        self.purge_button = QPushButton(
            QCoreApplication.translate("PrivacyPage", "Remove expired personal data now"), card
        )
        self.purge_button.setObjectName("purgeNowButton")
        self.purge_button.clicked.connect(self.purge_now)
        box.addWidget(self.purge_button, 0, Qt.AlignmentFlag.AlignLeft)
        box.addStretch(1)
        return card

    def _save_retention(self) -> None:
        value = self.retention_days.value()
        if value != int(self.context.setting("retention.days")):
            self.context.set_setting("retention.days", value)
            self.refresh()

    def purge_now(self) -> None:
        self._save_retention()
        self.purge_button.setEnabled(False)
        self.banner.show_message(
            QCoreApplication.translate("PrivacyPage", "Removing expired personal data…"), "info"
        )

        def done(report: retention.PurgeReport) -> None:
            self.purge_button.setEnabled(True)
            self.banner.show_message(
                QCoreApplication.translate(
                    "PrivacyPage",
                    "Removed the personal data of {plural_report_purged_sign_up}; {report_unsynced:,} not yet synced are kept in full.",
                ).format(
                    plural_report_purged_sign_up=counted(
                        report.purged,
                        QCoreApplication.translate("counts", "{n} sign-up"),
                        QCoreApplication.translate("counts", "{n} sign-ups"),
                    ),
                    report_unsynced=report.unsynced,
                ),
                "success",
                8000,
            )
            if report.purged:
                self.context.notify_registrations_changed()
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.purge_button.setEnabled(True)
            self.banner.show_message(
                QCoreApplication.translate(
                    "PrivacyPage", "The purge failed ({type_exc_name})."
                ).format(type_exc_name=type(exc).__name__),
                "error",
            )

        self.context.run_in_background(
            lambda job: retention.purge_expired(job.store), done, failed, parent=self, label="purge"
        )

    # -- kiosk --------------------------------------------------------------------------------
    def _build_kiosk(self) -> QWidget:
        card, box = section_card(
            self,
            "privacyKiosk",
            QCoreApplication.translate("PrivacyPage", "Self-service kiosk"),
            hint=QCoreApplication.translate(
                "PrivacyPage",
                "Turn the laptop to a visitor: the sign-up form full screen, no list, no staff fields. It clears itself after each sign-up and when left unused; leaving it needs the staff PIN.",
            ),
        )
        self.pin_state = QLabel(card)
        self.pin_state.setObjectName("kioskPinState")
        self.pin_state.setWordWrap(True)
        box.addWidget(self.pin_state)
        row = QHBoxLayout()
        self.new_pin = QLineEdit(card)
        self.new_pin.setObjectName("newKioskPin")
        self.new_pin.setPlaceholderText(
            QCoreApplication.translate("PrivacyPage", "New PIN (4–12 digits)")
        )
        self.new_pin.setAccessibleName(QCoreApplication.translate("PrivacyPage", "New staff PIN"))
        self.new_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_pin.setMaxLength(kiosk_pin.MAX_DIGITS)
        self.repeat_pin = QLineEdit(card)
        self.repeat_pin.setObjectName("repeatKioskPin")
        self.repeat_pin.setPlaceholderText(QCoreApplication.translate("PrivacyPage", "Once more"))
        self.repeat_pin.setAccessibleName(
            QCoreApplication.translate("PrivacyPage", "New staff PIN once more")
        )
        self.repeat_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_pin.setMaxLength(kiosk_pin.MAX_DIGITS)
        self.repeat_pin.returnPressed.connect(self.set_pin)
        self.set_pin_button = QPushButton(
            QCoreApplication.translate("PrivacyPage", "Set PIN"), card
        )
        self.set_pin_button.setObjectName("setKioskPinButton")
        self.set_pin_button.clicked.connect(self.set_pin)
        for w in (self.new_pin, self.repeat_pin):
            row.addWidget(w, 1)
        row.addWidget(self.set_pin_button)
        box.addLayout(row)
        self.pin_error = QLabel(card)
        self.pin_error.setObjectName("kioskPinError")
        self.pin_error.setProperty("role", "error")
        self.pin_error.hide()
        box.addWidget(self.pin_error)
        row = QHBoxLayout()
        self.idle_seconds = QSpinBox(card)
        self.idle_seconds.setObjectName("kioskIdleSeconds")
        self.idle_seconds.setRange(10, 3600)
        self.idle_seconds.setSuffix(QCoreApplication.translate("PrivacyPage", " s"))
        self.idle_seconds.setAccessibleName(
            QCoreApplication.translate(
                "PrivacyPage", "Clear the kiosk form after this many idle seconds"
            )
        )
        self.idle_seconds.setValue(int(self.context.setting("kiosk.idle_seconds")))
        self.idle_seconds.editingFinished.connect(
            lambda: self.context.set_setting("kiosk.idle_seconds", self.idle_seconds.value())
        )
        row.addWidget(
            QLabel(QCoreApplication.translate("PrivacyPage", "Clear the form after"), card)
        )
        row.addWidget(self.idle_seconds)
        row.addWidget(QLabel(QCoreApplication.translate("PrivacyPage", "without a touch"), card))
        row.addStretch(1)
        box.addLayout(row)
        self.start_kiosk_button = QPushButton(
            QCoreApplication.translate("PrivacyPage", "Start kiosk"), card
        )
        self.start_kiosk_button.setObjectName("startKioskButton")
        self.start_kiosk_button.setProperty("accent", True)
        self.start_kiosk_button.clicked.connect(self.start_kiosk)
        box.addWidget(self.start_kiosk_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._show_pin_state()
        return card

    def _show_pin_state(self) -> None:
        has = kiosk_pin.has_pin(self.context.store.db)
        self.pin_state.setText(
            QCoreApplication.translate(
                "PrivacyPage", "A staff PIN is set: staff type it to leave the kiosk."
            )
            if has
            else QCoreApplication.translate(
                "PrivacyPage",
                "The kiosk needs a staff PIN first (staff type it to leave the kiosk). Choose one here:",
            )
        )
        self.pin_state.setProperty("role", "" if has else "warning")
        self.pin_state.style().unpolish(self.pin_state)
        self.pin_state.style().polish(self.pin_state)
        self.set_pin_button.setText(
            QCoreApplication.translate("PrivacyPage", "Change PIN")
            if has
            else QCoreApplication.translate("PrivacyPage", "Set PIN")
        )
        # Offered only when it can work: without a PIN nobody could leave the kiosk.
        self.start_kiosk_button.setEnabled(has)
        self.start_kiosk_button.setToolTip(
            ""
            if has
            else QCoreApplication.translate(
                "PrivacyPage", "Set the staff PIN first: it is needed to leave the kiosk."
            )
        )

    def set_pin(self) -> None:
        pin, again = self.new_pin.text(), self.repeat_pin.text()
        try:
            kiosk_pin.check_pin_format(pin)
            if pin != again:
                raise kiosk_pin.PinError(
                    QCoreApplication.translate("PrivacyPage", "The two PINs differ.")
                )
        except kiosk_pin.PinError as exc:
            self.pin_error.setText(str(exc))
            self.pin_error.show()
            return
        kiosk_pin.set_pin(self.context.store.db, pin)
        self.new_pin.clear()
        self.repeat_pin.clear()
        self.pin_error.hide()
        self._show_pin_state()
        self.context.show_status(QCoreApplication.translate("PrivacyPage", "Kiosk PIN set."))

    def start_kiosk(self) -> None:
        """Hide the staff window and open the kiosk; the PIN brings the window back."""
        if self.context.reload_active_event() is None:
            self.banner.show_message(
                QCoreApplication.translate(
                    "PrivacyPage",
                    "Choose the event first: kiosk sign-ups are recorded against the active event.",
                ),
                "warning",
                8000,
            )
            return
        if not kiosk_pin.has_pin(self.context.store.db):
            self.pin_error.setText(
                QCoreApplication.translate(
                    "PrivacyPage", "Set a staff PIN first: it is needed to leave the kiosk."
                )
            )
            self.pin_error.show()
            self.new_pin.setFocus()
            return
        from lea_desktop.ui.kiosk import open_kiosk

        staff_window = self.window()

        def back() -> None:
            self.kiosk_window = None
            staff_window.show()
            staff_window.raise_()
            self.refresh()

        self.kiosk_window = open_kiosk(self.context, on_left=back)
        staff_window.hide()

    def _on_setting(self, key: str) -> None:
        if key == "retention.days":
            self.retention_days.setValue(int(self.context.setting(key)))
            self.refresh()
        elif key == "kiosk.pin_hash":
            self._show_pin_state()

    # -- erasure ------------------------------------------------------------------------------
    def _build_erasure(self) -> QWidget:
        card, box = section_card(
            self,
            "privacyErasure",
            QCoreApplication.translate("PrivacyPage", "Erasing a person"),
            hint=QCoreApplication.translate(
                "PrivacyPage",
                "When someone asks to be forgotten: open Followers, select them and choose Erase… (or press Delete). Their record and what is attached to it leave this laptop, its backups and, at the next sync, the databank and every other laptop. Copies saved outside the app (exports, PDFs, e-mails) must be deleted by hand.",
            ),
        )
        button = QPushButton(QCoreApplication.translate("PrivacyPage", "Open Followers"), card)
        button.setObjectName("privacyOpenFollowers")
        button.clicked.connect(lambda: self.context.open_page("followersPage"))
        box.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        box.addStretch(1)
        return card

    def on_shown(self) -> None:
        self.refresh()
        self._show_pin_state()
