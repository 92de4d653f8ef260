"""A follower as an LEA-N procurer: the letter of intent (status, date, tasks, who signs) and the
assistance & support requests, each with its printout.

Opened from the follower editor. The letter's and the request's fields are drawn from their
forms (forms/letter_of_intent.toml, forms/assistance_request.toml) by the same `FormWidget` as
the sign-up form; writes go through `lea_desktop.usecases.procurers`. Printouts are PDFs written on a
worker thread and opened in the system's viewer, from which staff print them (the letter is
flowing text laid out by reportlab; there is no PDF renderer in PySide6-Essentials to print it
through Qt directly).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lea_desktop.domain import clock
from lea_desktop.domain.records import Registration, slug
from lea_desktop.formkit import load_form
from lea_desktop.storage import registrations
from lea_desktop.ui.context import AppContext
from lea_desktop.ui.forms.form_widget import FormWidget
from lea_desktop.ui.timefmt import local_time
from lea_desktop.usecases import procurers

STATUS_LABELS = (
    ("", QT_TRANSLATE_NOOP("procurer_dialog", "Not offered yet")),
    ("offered", QT_TRANSLATE_NOOP("procurer_dialog", "Offered")),
    ("signed", QT_TRANSLATE_NOOP("procurer_dialog", "Signed")),
)


def open_file(path: Path) -> bool:
    """Open a PDF in the system's viewer (tests replace this function)."""
    from lea_desktop.ui.pages.cards import open_file as open_with_viewer

    return open_with_viewer(path)


def _scroll(widget: QWidget, parent: QWidget) -> QScrollArea:
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area


def _one_column(form_widget: FormWidget) -> None:
    """Put every choice box on its own line: the letter's tasks are whole sentences, too long to
    sit two to a row (the form engine lays choices out in two columns)."""
    from PySide6.QtWidgets import QGridLayout

    for editor in form_widget.editors.values():
        boxes = list(getattr(editor, "boxes", {}).values())
        grid = editor.frame.layout() if boxes and hasattr(editor, "frame") else None
        if not isinstance(grid, QGridLayout):
            continue
        for box in boxes:
            grid.removeWidget(box)
        for row, box in enumerate(boxes):
            grid.addWidget(box, row, 0)


class ProcurerDialog(QDialog):
    def __init__(
        self, context: AppContext, follower: Registration, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("procurerDialog")
        self.context = context
        self.follower = follower
        self.lang = (
            (follower.consent or {}).get("language") or context.setting("form.language") or "en"
        )
        self.loi_form = load_form(procurers.LOI_FORM)
        self.assistance_form = load_form(procurers.ASSISTANCE_FORM)
        self.task: Any = None
        name = follower.answers.get("organisation") or "this follower"
        self.setWindowTitle(
            QCoreApplication.translate("ProcurerDialog", "LEA-N procurer: {name}").format(name=name)
        )
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(820, 700)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 14, 16, 12)
        outer.setSpacing(10)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("procurerTabs")
        self.tabs.addTab(
            self._loi_tab(), QCoreApplication.translate("ProcurerDialog", "Letter of intent")
        )
        self.tabs.addTab(
            self._assistance_tab(),
            QCoreApplication.translate("ProcurerDialog", "Assistance requests"),
        )
        outer.addWidget(self.tabs, 1)
        self.message = QLabel(self)
        self.message.setObjectName("procurerMessage")
        self.message.setProperty("role", "hint")
        self.message.setWordWrap(True)
        outer.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        close = QPushButton(QCoreApplication.translate("ProcurerDialog", "Close"), self)
        close.setObjectName("closeProcurerButton")
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        row.addWidget(close)
        outer.addLayout(row)
        self._load()

    # -- letter of intent -------------------------------------------------------------------
    def _loi_tab(self) -> QWidget:
        tab = QWidget(self)
        box = QVBoxLayout(tab)
        status_row = QHBoxLayout()
        status_row.addWidget(QLabel(QCoreApplication.translate("ProcurerDialog", "Status"), tab))
        self.status_combo = QComboBox(tab)
        self.status_combo.setObjectName("loiStatus")
        self.status_combo.setAccessibleName(
            QCoreApplication.translate("ProcurerDialog", "Letter of intent status")
        )
        for value, label in STATUS_LABELS:
            self.status_combo.addItem(QCoreApplication.translate("procurer_dialog", label), value)
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        status_row.addWidget(self.status_combo)
        status_row.addWidget(QLabel(QCoreApplication.translate("ProcurerDialog", "on"), tab))
        self.date_edit = QDateEdit(tab)
        self.date_edit.setObjectName("loiDate")
        self.date_edit.setAccessibleName(
            QCoreApplication.translate("ProcurerDialog", "Date offered or signed")
        )
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setMaximumDate(QDate.currentDate())
        status_row.addWidget(self.date_edit)
        status_row.addStretch(1)
        box.addLayout(status_row)
        self.loi_widget = FormWidget(self.loi_form, self.lang, staff=True)
        _one_column(self.loi_widget)
        box.addWidget(_scroll(self.loi_widget, tab), 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.loi_pdf_button = QPushButton(
            QCoreApplication.translate("ProcurerDialog", "Save and open PDF…"), tab
        )
        self.loi_pdf_button.setObjectName("printLoiButton")
        self.loi_pdf_button.setAutoDefault(False)
        self.loi_pdf_button.clicked.connect(self.print_letter)
        self.loi_save_button = QPushButton(
            QCoreApplication.translate("ProcurerDialog", "Save"), tab
        )
        self.loi_save_button.setObjectName("saveLoiButton")
        self.loi_save_button.setProperty("accent", True)
        self.loi_save_button.setAutoDefault(False)
        self.loi_save_button.clicked.connect(self.save_letter)
        buttons.addWidget(self.loi_pdf_button)
        buttons.addWidget(self.loi_save_button)
        box.addLayout(buttons)
        return tab

    def _status_changed(self, *_: object) -> None:
        self.date_edit.setEnabled(bool(self.status_combo.currentData()))

    def _load(self) -> None:
        store = self.context.store
        current = registrations.get(store.db, self.follower.id) or self.follower
        self.follower = current
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(current.loi_status)))
        day = QDate.fromString(current.loi_date, "yyyy-MM-dd")
        self.date_edit.setDate(day if day.isValid() else QDate.currentDate())
        self._status_changed()
        self.loi_widget.set_answers(procurers.loi_answers(store, current))
        self.assistance_widget.set_answers(procurers.prefill(self.assistance_form, current))
        self._reload_requests()

    def save_letter(self) -> bool:
        """Store the letter's contents and its status; messages appear beside the fields."""
        store = self.context.store
        result = procurers.save_letter_of_intent(store, self.follower.id, self.loi_widget.answers())
        if not result.ok:
            first = self.loi_widget.show_errors(result.errors)
            if first:
                self.loi_widget.focus_field(first)
            return False
        self.loi_widget.clear_errors()
        status = str(self.status_combo.currentData() or "")
        day = self.date_edit.date().toString("yyyy-MM-dd") if status else ""
        if (status, day) != (self.follower.loi_status, self.follower.loi_date):
            try:
                self.follower = procurers.set_loi_status(
                    store, self.follower.id, status, day or None
                )
            except procurers.ProcurerError as exc:
                self.loi_widget.show_form_error(str(exc))
                return False
        self.context.notify_registrations_changed()
        self._say(QCoreApplication.translate("ProcurerDialog", "Letter of intent saved."))
        return True

    def print_letter(self) -> QFileDialog | None:
        if not self.save_letter():
            return None
        org = str(self.follower.answers.get("organisation") or "follower")
        return self._ask_path(f"lea-n-letter-of-intent-{slug(org)}.pdf", self._write_letter)

    def _write_letter(self, path: Path) -> None:
        from lea_desktop.printing import letters

        answers = procurers.loi_answers(self.context.store, self.follower)
        details = letters.LetterDetails.from_answers(
            self.loi_form, answers, date=clock.today().isoformat(),
            reference=f"Follower {self.follower.id}",
        )  # fmt: skip
        self._run(lambda _job: letters.render_letter(details, path), path, "letter of intent")

    # -- assistance requests ----------------------------------------------------------------
    def _assistance_tab(self) -> QWidget:
        tab = QWidget(self)
        box = QVBoxLayout(tab)
        saved = QLabel(QCoreApplication.translate("ProcurerDialog", "Saved requests"), tab)
        saved.setProperty("role", "fieldLabel")
        box.addWidget(saved)
        self.request_list = QListWidget(tab)
        self.request_list.setObjectName("assistanceList")
        self.request_list.setAccessibleName(
            QCoreApplication.translate("ProcurerDialog", "Saved assistance requests")
        )
        self.request_list.setMaximumHeight(84)
        box.addWidget(self.request_list)
        new = QLabel(QCoreApplication.translate("ProcurerDialog", "New request"), tab)
        new.setProperty("role", "fieldLabel")
        box.addWidget(new)
        self.assistance_widget = FormWidget(self.assistance_form, self.lang, staff=True)
        box.addWidget(_scroll(self.assistance_widget, tab), 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.assistance_pdf_button = QPushButton(
            QCoreApplication.translate("ProcurerDialog", "Save and open PDF…"), tab
        )
        self.assistance_pdf_button.setObjectName("printAssistanceButton")
        self.assistance_pdf_button.setToolTip(
            QCoreApplication.translate(
                "ProcurerDialog",
                "The saved requests, or a blank form with the organisation filled in",
            )
        )
        self.assistance_pdf_button.setAutoDefault(False)
        self.assistance_pdf_button.clicked.connect(self.print_assistance)
        self.assistance_save_button = QPushButton(
            QCoreApplication.translate("ProcurerDialog", "Save request"), tab
        )
        self.assistance_save_button.setObjectName("saveAssistanceButton")
        self.assistance_save_button.setProperty("accent", True)
        self.assistance_save_button.setAutoDefault(False)
        self.assistance_save_button.clicked.connect(self.save_request)
        buttons.addWidget(self.assistance_pdf_button)
        buttons.addWidget(self.assistance_save_button)
        box.addLayout(buttons)
        return tab

    def _reload_requests(self) -> None:
        self.request_list.clear()
        saved = procurers.assistance_requests(self.context.store, self.follower.id)
        for reg in saved:
            first_line = str(reg.answers.get("assistance") or "").splitlines()[0:1]
            self.request_list.addItem(f"{local_time(reg.created_at)} — {''.join(first_line)[:90]}")
        if not saved:
            self.request_list.addItem(QCoreApplication.translate("ProcurerDialog", "None yet."))

    def save_request(self) -> bool:
        result = procurers.add_assistance_request(
            self.context.store, self.follower.id, self.assistance_widget.answers(), lang=self.lang
        )
        if not result.ok:
            first = self.assistance_widget.show_errors(result.errors)
            if first:
                self.assistance_widget.focus_field(first)
            return False
        self.assistance_widget.set_answers(procurers.prefill(self.assistance_form, self.follower))
        self._reload_requests()
        self.context.notify_registrations_changed()
        self._say(QCoreApplication.translate("ProcurerDialog", "Assistance request saved."))
        return True

    def print_assistance(self) -> QFileDialog | None:
        org = str(self.follower.answers.get("organisation") or "follower")
        return self._ask_path(f"lea-n-assistance-request-{slug(org)}.pdf", self._write_assistance)

    def _write_assistance(self, path: Path) -> None:
        from lea_desktop.printing import letters

        store = self.context.store
        saved = procurers.assistance_requests(store, self.follower.id)
        prefill = procurers.prefill(self.assistance_form, self.follower)
        follower, lang = self.follower, self.lang
        self._run(
            lambda _job: letters.render_assistance(follower, saved, prefill, path, lang=lang),
            path, "assistance request",
        )  # fmt: skip

    # -- shared -----------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.context.show_status(text)

    def _ask_path(self, name: str, then: Any) -> QFileDialog:
        dialog = QFileDialog(
            self,
            QCoreApplication.translate("ProcurerDialog", "Save PDF"),
            str(Path.home() / name),
            QCoreApplication.translate("ProcurerDialog", "PDF files (*.pdf)"),
        )
        dialog.setObjectName("savePdfDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda chosen: then(Path(chosen)))
        dialog.open()
        return dialog

    def _run(self, op: Any, path: Path, what: str) -> None:
        """Write a PDF on a worker thread, then open it in the system's viewer."""
        for button in (self.loi_pdf_button, self.assistance_pdf_button):
            button.setEnabled(False)

        def done(_pages: Any) -> None:
            self._say(
                QCoreApplication.translate("ProcurerDialog", "Saved the {what} to {path}.").format(
                    what=what, path=path
                )
            )
            if not open_file(path):
                self._say(
                    QCoreApplication.translate(
                        "ProcurerDialog",
                        "Saved the {what} to {path}; open it from there to print it.",
                    ).format(what=what, path=path)
                )

        def failed(exc: BaseException) -> None:
            self._say(
                QCoreApplication.translate(
                    "ProcurerDialog", "Could not write the {what}: {exc}"
                ).format(what=what, exc=exc)
            )

        def finished() -> None:
            for button in (self.loi_pdf_button, self.assistance_pdf_button):
                button.setEnabled(True)

        self.task = self.context.run_in_background(op, done, failed, parent=self, label=what)
        self.task.finished.connect(finished)


def open_procurer_dialog(
    context: AppContext, reg_id: str, parent: QWidget
) -> ProcurerDialog | None:
    reg = registrations.get(context.store.db, reg_id)
    if reg is None or reg.kind != "follower":
        context.show_status(
            QCoreApplication.translate(
                "procurer_dialog", "This follower no longer exists (deleted or erased)."
            )
        )
        return None
    dialog = ProcurerDialog(context, reg, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
