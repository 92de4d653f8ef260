"""The Cards page: stand cards, a staff card or paper sign-up sheets, with a live preview,
Save PDF and Print.

The preview is the first page of the very scene the PDF is written from (`printing.jobs`),
painted with QPainter into an image on a worker thread (no PDF renderer is needed: QtPdf is
not part of PySide6-Essentials, and poppler is not on staff laptops). Save PDF writes with
reportlab off the GUI thread, with progress and cancel; Print opens the system print dialog
(QtPrintSupport, which Essentials has) and paints the same pages onto the chosen printer, also
off the GUI thread. A saved PDF can be opened in the system's viewer.
"""

from __future__ import annotations

import contextlib
import itertools
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lea_desktop.domain.clock import date_span
from lea_desktop.printing import cards as card_layouts
from lea_desktop.printing.jobs import JobError, PrintJob
from lea_desktop.printing.payloads import readable_link
from lea_desktop.storage import events, settings
from lea_desktop.ui.context import AppContext
from lea_desktop.ui.i18n import counted
from lea_desktop.ui.widgets import ElidingComboBox

KIND_LABELS = (
    ("stand", QT_TRANSLATE_NOOP("pages_cards", "Stand cards (QR to the sign-up page)")),
    ("staff", QT_TRANSLATE_NOOP("pages_cards", "My staff card (QR with my contact)")),
    ("paper", QT_TRANSLATE_NOOP("pages_cards", "Paper sign-up sheets")),
)
LAYOUT_LABELS = (
    ("a4-10up", QT_TRANSLATE_NOOP("pages_cards", "A4, 10 cards per sheet, crop marks")),
    ("single", QT_TRANSLATE_NOOP("pages_cards", "One card per page (card printer)")),
)
PREVIEW_DELAY_MS = 250


def open_file(path: Path) -> bool:
    """Open a file with the system's viewer (tests replace this function)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def language_name(code: str) -> str:
    from babel import Locale

    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, LookupError):
        name = code
    return f"{name[:1].upper()}{name[1:]} ({code})"


class CardsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from lea_desktop.ui.scene_painter import register_fonts

        register_fonts()  # on the GUI thread, before any preview is painted on a worker
        self.context = context
        self.form = context.form("follower_signup")
        self.last_pdf: Path | None = None
        self.preview_image: QImage | None = None
        self.preview_pages = 0
        self._generation = itertools.count(1)
        self._latest = 0
        self._preview_task: Any = None
        self._preview_again = False
        self.job_task: Any = None
        self.printer: Any = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 12)
        outer.setSpacing(10)
        title = QLabel(QCoreApplication.translate("CardsPage", "Cards and paper forms"), self)
        title.setProperty("role", "pageTitle")
        outer.addWidget(title)

        body = QHBoxLayout()
        body.setSpacing(18)
        outer.addLayout(body, 1)

        panel = QFrame(self)
        panel.setProperty("role", "card")
        panel.setMinimumWidth(330)
        panel.setMaximumWidth(520)
        form = QFormLayout(panel)
        form.setContentsMargins(16, 14, 16, 14)
        form.setVerticalSpacing(10)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.kind_combo = self._combo(
            "cardKind", QCoreApplication.translate("CardsPage", "What to print"), KIND_LABELS
        )
        form.addRow(QCoreApplication.translate("CardsPage", "Print"), self.kind_combo)
        self.event_combo = ElidingComboBox(panel)
        self.event_combo.setObjectName("cardEvent")
        self.event_combo.setAccessibleName(QCoreApplication.translate("CardsPage", "Event"))
        form.addRow(QCoreApplication.translate("CardsPage", "Event"), self.event_combo)
        self.lang_combo = self._combo(
            "cardLanguage",
            QCoreApplication.translate("CardsPage", "Language"),
            [(code, language_name(code)) for code in self.form.languages],
        )
        form.addRow(QCoreApplication.translate("CardsPage", "Language"), self.lang_combo)

        self.name_edit = self._line(
            "staffName",
            QCoreApplication.translate("CardsPage", "Your name"),
            context.setting("staff.name"),
        )
        self.org_edit = self._line(
            "staffOrg",
            QCoreApplication.translate("CardsPage", "Partner organisation"),
            context.setting("staff.partner"),
        )
        # Your email and phone are remembered from the last staff card you saved or printed.
        self.email_edit = self._line(
            "staffEmail",
            QCoreApplication.translate("CardsPage", "Email"),
            context.setting("staff.email"),
        )
        self.phone_edit = self._line(
            "staffPhone",
            QCoreApplication.translate("CardsPage", "Phone"),
            context.setting("staff.phone"),
        )
        self.phone_edit.setPlaceholderText("+358 40 123 4567")
        self.staff_rows = []
        for label, edit in (
            (QCoreApplication.translate("CardsPage", "Name"), self.name_edit),
            (QCoreApplication.translate("CardsPage", "Organisation"), self.org_edit),
            (QCoreApplication.translate("CardsPage", "Email"), self.email_edit),
            (QCoreApplication.translate("CardsPage", "Phone"), self.phone_edit),
        ):
            form.addRow(label, edit)
            self.staff_rows.append(edit)

        self.count_spin = QSpinBox(panel)
        self.count_spin.setObjectName("cardCount")
        self.count_spin.setAccessibleName(QCoreApplication.translate("CardsPage", "How many"))
        self.count_spin.setRange(1, card_layouts.MAX_COUNT)
        self.count_spin.setValue(card_layouts.PER_SHEET)
        self.count_spin.setGroupSeparatorShown(True)
        form.addRow(QCoreApplication.translate("CardsPage", "How many"), self.count_spin)
        self.layout_combo = self._combo(
            "cardLayout", QCoreApplication.translate("CardsPage", "Layout"), LAYOUT_LABELS
        )
        form.addRow(QCoreApplication.translate("CardsPage", "Layout"), self.layout_combo)

        self.target_label = QLabel(panel)
        self.target_label.setObjectName("qrTarget")
        self.target_label.setProperty("role", "hint")
        self.target_label.setWordWrap(True)
        self.target_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.target_label)
        self.error_label = QLabel(panel)
        self.error_label.setObjectName("cardsError")
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        form.addRow(self.error_label)
        body.addWidget(panel, 3, Qt.AlignmentFlag.AlignTop)

        right = QVBoxLayout()
        right.setSpacing(6)
        self.preview = QLabel(self)
        self.preview.setObjectName("cardsPreview")
        self.preview.setAccessibleName(
            QCoreApplication.translate("CardsPage", "Preview of the first page")
        )
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(QSize(240, 240))
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.preview.setStyleSheet(
            "QLabel#cardsPreview { background: #e9ecf1; border-radius: 6px; }"
        )
        right.addWidget(self.preview, 1)
        self.preview_caption = QLabel(self)
        self.preview_caption.setObjectName("previewCaption")
        self.preview_caption.setProperty("role", "hint")
        self.preview_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        right.addWidget(self.preview_caption)
        body.addLayout(right, 2)

        bar = QHBoxLayout()
        self.progress = QProgressBar(self)
        self.progress.setObjectName("cardsProgress")
        self.progress.hide()
        self.cancel_button = QPushButton(QCoreApplication.translate("CardsPage", "Cancel"), self)
        self.cancel_button.setObjectName("cancelCardsJob")
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel_job)
        bar.addWidget(self.progress, 1)
        bar.addWidget(self.cancel_button)
        bar.addStretch(0)
        self.open_button = QPushButton(
            QCoreApplication.translate("CardsPage", "Open last PDF"), self
        )
        self.open_button.setObjectName("openLastPdf")
        self.open_button.setEnabled(False)
        self.open_button.setToolTip(
            QCoreApplication.translate(
                "CardsPage", "Open the PDF you saved last in the system's viewer"
            )
        )
        self.open_button.clicked.connect(self.open_last_pdf)
        self.print_button = QPushButton(QCoreApplication.translate("CardsPage", "Print…"), self)
        self.print_button.setObjectName("printCards")
        self.print_button.clicked.connect(self.print_dialog)
        self.save_button = QPushButton(QCoreApplication.translate("CardsPage", "Save PDF…"), self)
        self.save_button.setObjectName("saveCardsPdf")
        self.save_button.setProperty("accent", True)
        self.save_button.clicked.connect(self.save_dialog)
        for button in (self.open_button, self.print_button, self.save_button):
            bar.addWidget(button)
        outer.addLayout(bar)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        for combo in (self.kind_combo, self.event_combo, self.lang_combo, self.layout_combo):
            combo.currentIndexChanged.connect(self._changed)
        for edit in self.staff_rows:
            edit.textChanged.connect(self._changed)
        self.count_spin.valueChanged.connect(self._changed)
        context.eventsChanged.connect(self.reload_events)
        context.activeEventChanged.connect(lambda _e: self.reload_events())
        context.settingsChanged.connect(self._on_setting)

        lang = context.setting("form.language")
        self.lang_combo.setCurrentIndex(max(0, self.lang_combo.findData(lang)))
        self.reload_events()
        self._update_visibility()

    # -- building ---------------------------------------------------------------------------
    def _combo(self, name: str, accessible: str, items: Any) -> QComboBox:
        combo = ElidingComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        for value, label in items:
            combo.addItem(QCoreApplication.translate("pages_cards", label), value)
        return combo

    def _line(self, name: str, accessible: str, text: Any) -> QLineEdit:
        edit = QLineEdit(str(text or ""), self)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        return edit

    def reload_events(self) -> None:
        chosen = self.event_combo.currentData()
        active = self.context.active_event
        self.event_combo.blockSignals(True)
        self.event_combo.clear()
        for event in events.list_events(self.context.store.db):
            place = event.city or event.country
            text = f"{event.name} — {place}, {date_span(event.starts, event.ends)}"
            self.event_combo.addItem(text, event.id)
            self.event_combo.setItemData(
                self.event_combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole
            )
        wanted = chosen or (active.id if active else None)
        index = self.event_combo.findData(wanted) if wanted else -1
        self.event_combo.setCurrentIndex(
            index if index >= 0 else 0 if self.event_combo.count() else -1
        )
        self.event_combo.blockSignals(False)
        self._changed()

    def _on_setting(self, key: str) -> None:
        if key == "staff.name" and not self.name_edit.text():
            self.name_edit.setText(str(self.context.setting(key) or ""))
        elif key == "staff.partner" and not self.org_edit.text():
            self.org_edit.setText(str(self.context.setting(key) or ""))
        elif key in ("signup.url", "databank.public_url"):
            self._changed()

    def _update_visibility(self) -> None:
        kind = self.kind
        form: QFormLayout = self.kind_combo.parentWidget().layout()  # type: ignore[assignment]
        for widget, shown in (
            (self.event_combo, kind in ("stand", "paper")),
            (self.lang_combo, kind in ("stand", "paper")),
            (self.layout_combo, kind != "paper"),
            *((edit, kind == "staff") for edit in self.staff_rows),
        ):
            form.setRowVisible(widget, shown)

    @property
    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def set_kind(self, kind: str) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))

    def _changed(self, *_: object) -> None:
        self._update_visibility()
        self._timer.start()

    # -- the job ----------------------------------------------------------------------------
    def current_job(self) -> PrintJob:
        """The job the widgets describe (raises JobError with a message for the user)."""
        kind = self.kind
        event = None
        if kind in ("stand", "paper"):
            event_id = self.event_combo.currentData()
            event = events.get(self.context.store.db, event_id) if event_id else None
        staff = None
        if kind == "staff":
            staff = card_layouts.StaffDetails(
                self.name_edit.text(), self.org_edit.text(), self.email_edit.text(),
                self.phone_edit.text(),
            )  # fmt: skip
        url = (
            settings.signup_page(self.context.store.db, event.slug)
            if event is not None
            else card_layouts.DEFAULT_SIGNUP_URL
        )
        job = PrintJob(
            kind=kind, count=self.count_spin.value(), layout=str(self.layout_combo.currentData()),
            event=event, lang=str(self.lang_combo.currentData()), signup_url=url, staff=staff,
            join_url=settings.join_page(self.context.store.db, event.slug) if event else "",
        )  # fmt: skip
        job.check()
        return job

    def _describe(self, job: PrintJob) -> str:
        if job.kind == "stand" and job.event is not None:
            # the link as a visitor reads it; the full one (with its campaign tags) is the
            # label's tooltip
            return QCoreApplication.translate(
                "CardsPage",
                "The code opens {readable_link_job_signup_url}, tagged with this event.",
            ).format(readable_link_job_signup_url=readable_link(job.signup_url))
        if job.kind == "staff":
            return QCoreApplication.translate(
                "CardsPage", "The code holds your contact as a vCard, ready to save in a phone."
            )
        return QCoreApplication.translate(
            "CardsPage",
            "Each sheet gets its own short id (top right). Key sheets in as CSV and import them with --from-paper (the sheet explains how).",
        )

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    # -- preview ----------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        """Paint the first page on a worker thread; a newer request supersedes older ones."""
        try:
            job = self.current_job()
        except (JobError, card_layouts.CardError) as exc:
            self._show_error(str(exc))
            self.target_label.clear()
            self.preview.clear()
            self.preview_image = None
            self.preview_caption.setText("")
            self._update_buttons(valid=False)
            return
        self._show_error("")
        self.target_label.setText(self._describe(job))
        self.target_label.setToolTip(
            card_layouts.signup_payload(job.event, job.signup_url)
            if job.kind == "stand" and job.event is not None
            else ""
        )
        self._update_buttons(valid=True)
        if self._preview_task is not None and not self._preview_task.is_finished:
            self._preview_again = True
            return
        generation = next(self._generation)
        self._latest = generation
        ratio = self.devicePixelRatioF() or 1.0
        box = (
            max(200, self.preview.width() - 24) * ratio,
            max(200, self.preview.height() - 24) * ratio,
        )

        def op(_job: Any) -> tuple[int, QImage, int]:
            from lea_desktop.ui.scene_painter import render_image

            pages, total = job.pages()
            first = next(pages)
            width = int(min(box[0], box[1] * first.width / first.height))
            return generation, render_image(first, width), total

        self._preview_task = self.context.run_in_background(
            op, self._preview_done, self._preview_failed, parent=self, label="card preview"
        )
        self._preview_task.finished.connect(self._preview_finished)

    def _preview_done(self, result: tuple[int, QImage, int]) -> None:
        generation, image, total = result
        if generation != self._latest:
            return
        self.preview_image = image
        self.preview_pages = total
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF() or 1.0)
        self.preview.setPixmap(pixmap)
        self.preview_caption.setText(
            QCoreApplication.translate("CardsPage", "Page 1 of {total:,}").format(total=total)
        )

    def _preview_failed(self, exc: BaseException) -> None:
        self._show_error(
            str(exc)
            if isinstance(exc, ValueError)
            else QCoreApplication.translate(
                "CardsPage", "Preview failed ({type_exc_name})."
            ).format(type_exc_name=type(exc).__name__)
        )
        self.preview.clear()
        self.preview_image = None
        self.preview_caption.setText("")
        self._update_buttons(valid=False)

    def _preview_finished(self) -> None:
        if self._preview_again:
            self._preview_again = False
            self.refresh_preview()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.isVisible():
            self._timer.start()

    def on_shown(self) -> None:
        self.reload_events()

    # -- save, print, open ------------------------------------------------------------------
    def _update_buttons(self, *, valid: bool) -> None:
        busy = self.job_task is not None and not self.job_task.is_finished
        self.save_button.setEnabled(valid and not busy)
        self.print_button.setEnabled(valid and not busy)

    def _suggested_name(self, job: PrintJob) -> str:
        from lea_desktop.domain.records import slug

        if job.kind == "staff":
            return f"lea-staff-card-{slug(self.name_edit.text())}.pdf"
        what = "stand-cards" if job.kind == "stand" else f"signup-sheets-{job.lang}"
        return f"lea-{what}-{job.event.slug if job.event else 'event'}.pdf"

    def save_dialog(self) -> QFileDialog | None:
        """Ask where to save (a window-modal dialog, not blocking the app), then save there."""
        try:
            job = self.current_job()
        except JobError as exc:
            self._show_error(str(exc))
            return None
        folder = self.last_pdf.parent if self.last_pdf else Path.home()
        dialog = QFileDialog(
            self,
            QCoreApplication.translate("CardsPage", "Save PDF"),
            str(folder / self._suggested_name(job)),
            QCoreApplication.translate("CardsPage", "PDF files (*.pdf)"),
        )
        dialog.setObjectName("savePdfDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self.save_to(Path(path)))
        dialog.open()
        return dialog

    def _job_to_run(self) -> PrintJob | None:
        """The job Save PDF or Print is about to run (None once the user is told why it cannot);
        a staff card's contact is remembered for next time."""
        try:
            job = self.current_job()
        except JobError as exc:
            self._show_error(str(exc))
            return None
        self._remember_staff_contact(job)
        return job

    def save_to(self, path: Path) -> None:
        """Write the job's PDF to `path` on a worker thread, with progress and cancel."""
        job = self._job_to_run()
        if job is None:
            return

        def op(worker: Any) -> int:
            from lea_desktop.printing.pdf import Cancelled as PdfCancelled
            from lea_desktop.ui.workers import Cancelled

            try:
                return job.write_pdf(
                    path, progress=lambda done, total: worker.progress(done, total, "pages"),
                    cancelled=lambda: worker.cancelled,
                )  # fmt: skip
            except PdfCancelled:
                raise Cancelled() from None

        def done(pages: int) -> None:
            self.last_pdf = path
            self.open_button.setEnabled(True)
            self.context.show_status(
                QCoreApplication.translate(
                    "CardsPage", "Saved {what_job} ({pages:,} pages) to {path}."
                ).format(what_job=self._what(job), pages=pages, path=path),
                10000,
            )

        self._start_job(
            op,
            done,
            QCoreApplication.translate("CardsPage", "Saving {what_job}…").format(
                what_job=self._what(job)
            ),
        )

    def _remember_staff_contact(self, job: PrintJob) -> None:
        """A staff card's email and phone are kept (settings `staff.email`, `staff.phone`), so the
        next card at the next fair starts from them."""
        if job.kind != "staff" or job.staff is None:
            return
        for key, value in (("staff.email", job.staff.email), ("staff.phone", job.staff.phone)):
            if value != (self.context.setting(key) or ""):
                with contextlib.suppress(Exception):  # not remembered is no reason to stop
                    self.context.set_setting(key, value)

    def _what(self, job: PrintJob) -> str:
        n = job.count
        if job.kind == "stand":
            return counted(
                n,
                QCoreApplication.translate("CardsPage", "{n} stand card"),
                QCoreApplication.translate("CardsPage", "{n} stand cards"),
            )
        if job.kind == "staff":
            return counted(
                n,
                QCoreApplication.translate("CardsPage", "{n} staff card"),
                QCoreApplication.translate("CardsPage", "{n} staff cards"),
            )
        return counted(
            n,
            QCoreApplication.translate("CardsPage", "{n} sign-up sheet"),
            QCoreApplication.translate("CardsPage", "{n} sign-up sheets"),
        )

    def print_dialog(self) -> Any:
        """The system print dialog (QtPrintSupport); printing runs on a worker once accepted."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        try:
            job = self.current_job()
        except JobError as exc:
            self._show_error(str(exc))
            return None
        if self.printer is None:
            self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setDocName(job.title)
        dialog = QPrintDialog(self.printer, self)
        dialog.setObjectName("printDialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.print_to(self.printer))
        # QPrintDialog.open(receiver, member) hides QDialog.open() in PySide6: call the base one.
        QDialog.open(dialog)
        return dialog

    def print_to(self, printer: Any) -> None:
        job = self._job_to_run()
        if job is None:
            return

        def op(worker: Any) -> int:
            from lea_desktop.ui.scene_painter import PrintCancelled, print_pages
            from lea_desktop.ui.workers import Cancelled

            pages, total = job.pages()
            try:
                return print_pages(
                    pages, printer, total=total,
                    progress=lambda done, all_: worker.progress(done, all_, "pages"),
                    cancelled=lambda: worker.cancelled,
                )  # fmt: skip
            except PrintCancelled:
                raise Cancelled() from None

        def done(pages: int) -> None:
            self.context.show_status(
                QCoreApplication.translate(
                    "CardsPage", "Sent {what_job} ({pages:,} pages) to the printer."
                ).format(what_job=self._what(job), pages=pages),
                10000,
            )

        self._start_job(
            op,
            done,
            QCoreApplication.translate("CardsPage", "Printing {what_job}…").format(
                what_job=self._what(job)
            ),
        )

    def _start_job(self, op: Any, done: Any, text: str) -> None:
        self.progress.setRange(0, 0)
        self.progress.setFormat(text)
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)

        def progress(p: Any) -> None:
            if p.total:
                self.progress.setRange(0, p.total)
                self.progress.setValue(p.done)
                self.progress.setFormat(
                    QCoreApplication.translate("CardsPage", "{text} %v of %m pages").format(
                        text=text
                    )
                )

        def failed(exc: BaseException) -> None:
            from lea_desktop.printing.pdf import PrintError

            message = (
                str(exc)
                if isinstance(exc, PrintError | ValueError | OSError)
                else (
                    QCoreApplication.translate(
                        "CardsPage", "Could not finish ({type_exc_name}); nothing was changed."
                    ).format(type_exc_name=type(exc).__name__)
                )
            )
            self._show_error(message)

        self.job_task = self.context.run_in_background(
            op, done, failed, progress, parent=self, label="cards"
        )
        self.job_task.finished.connect(self._job_finished)
        self._update_buttons(valid=True)

    def _job_finished(self) -> None:
        if self.job_task is not None and self.job_task.is_cancelled:
            self.context.show_status(
                QCoreApplication.translate("CardsPage", "Cancelled; no file was written.")
            )
        self.progress.hide()
        self.cancel_button.hide()
        self.job_task = None
        self._update_buttons(valid=not self.error_label.isVisible())

    def cancel_job(self) -> None:
        if self.job_task is not None:
            self.job_task.cancel()
            self.cancel_button.setEnabled(False)

    def open_last_pdf(self) -> None:
        if self.last_pdf is not None and not open_file(self.last_pdf):
            self.context.show_status(
                QCoreApplication.translate(
                    "CardsPage", "No PDF viewer could open {last_pdf}."
                ).format(last_pdf=self.last_pdf)
            )
