"""Editing a saved follower in the same form engine (`followers.save_edit`), and deleting it.

A window-modal dialog opened with `open()` (never `exec()`), so the app keeps running. Consent
boxes are read-only here: staff cannot give consent on someone's behalf after the fact. Cancel,
Escape or closing with changes typed in asks before dropping them.

Building the dialog (a hundred-odd styled widgets) is most of the cost of opening it, so it is
built once per parent and form — ahead of need, when the Followers page is idle — and filled
for each record (`FollowerEditor.load`); closing hides it for the next one.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from lea_desktop.domain.records import Registration
from lea_desktop.formkit import Form, load_form
from lea_desktop.storage import events, registrations
from lea_desktop.ui.context import AppContext
from lea_desktop.ui.forms.form_widget import FormWidget
from lea_desktop.ui.timefmt import local_time
from lea_desktop.ui.widgets import ask_before_dropping
from lea_desktop.usecases import followers


def confirm_delete(parent: QWidget, what: str) -> bool:
    """Ask before deleting (tests patch this one function)."""
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("follower_editor", "Erase follower"),
        QCoreApplication.translate(
            "follower_editor",
            "Erase {what}?\n\nThe record and anything attached to it (assistance requests, letter of intent) are removed from this laptop and its backups, and the databank is told to erase its copy. This cannot be undone.",
        ).format(what=what),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def describe(reg: Registration, form: Form | None = None) -> str:
    """A short, recognisable description of a record for messages to staff: its first two
    one-line text answers in form order (for followers: organisation — contact name)."""
    form = form or load_form(reg.form_id)
    texts = [str(reg.answers.get(f.id) or "") for f in form.fields if f.type == "text"][:2]
    return " — ".join(t for t in texts if t) or "this record"


class FollowerEditor(QDialog):
    """The editor of one form's records. Built once per form and window (the dialog and its
    form are most of the cost of opening it) and filled for each record with `load`; closing
    hides it for the next one (`open_follower_editor`)."""

    saved = Signal(str)  # registration id
    deleted = Signal(str)

    def __init__(self, context: AppContext, form_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("followerEditor")
        self.context = context
        self.form_id = form_id
        self.reg: Registration  # the record shown: set by `load` before every showing
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(860, 720)
        form = context.form(form_id)
        self.form_widget = FormWidget(form, str(context.setting("form.language")), staff=True)
        self.form_widget.set_read_only([f.id for f in form.consent_fields()])
        self._as_opened: dict = {}  # the answers as loaded, to tell whether anything changed

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 14, 16, 12)
        outer.setSpacing(10)
        self.meta = QLabel(self)
        self.meta.setObjectName("followerMeta")
        self.meta.setProperty("role", "hint")
        outer.addWidget(self.meta)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form_widget)
        self.scroll = scroll
        outer.addWidget(scroll, 1)

        buttons = QHBoxLayout()
        self.delete_button = QPushButton(
            QCoreApplication.translate("FollowerEditor", "Erase…"), self
        )
        self.delete_button.setObjectName("deleteFollowerButton")
        self.delete_button.setProperty("danger", True)
        self.delete_button.setAutoDefault(False)
        self.delete_button.clicked.connect(self.delete)
        self.cancel_button = QPushButton(
            QCoreApplication.translate("FollowerEditor", "Cancel"), self
        )
        self.cancel_button.setObjectName("cancelEditButton")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = QPushButton(
            QCoreApplication.translate("FollowerEditor", "Save changes"), self
        )
        self.save_button.setObjectName("saveEditButton")
        self.save_button.setProperty("accent", True)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.procurer_button = QPushButton(
            QCoreApplication.translate("FollowerEditor", "LEA-N procurer…"), self
        )
        self.procurer_button.setObjectName("procurerButton")
        self.procurer_button.setToolTip(
            QCoreApplication.translate("FollowerEditor", "Letter of intent and assistance requests")
        )
        self.procurer_button.setAutoDefault(False)
        self.procurer_button.clicked.connect(self.open_procurer)
        self.card_photo_button = QPushButton(
            QCoreApplication.translate("Scan", "Card photo…"), self
        )
        self.card_photo_button.setObjectName("cardPhotoButton")
        self.card_photo_button.setToolTip(
            QCoreApplication.translate(
                "Scan", "The photo of the business card kept at the stand, to key in the details"
            )
        )
        self.card_photo_button.setAutoDefault(False)
        self.card_photo_button.clicked.connect(self.open_card_photo)
        self.card_photo_button.hide()
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.procurer_button)
        buttons.addWidget(self.card_photo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.save)

    def _show_card_photo_button(self) -> None:
        from lea_desktop.usecases import card_photos

        self.card_photo_button.setVisible(
            card_photos.photo_path(self.context.store, self.reg.id) is not None
        )

    def open_card_photo(self):
        """Show the card photo (for keying in); its Remove deletes it. Returns the dialog."""
        from lea_desktop.ui.card_photo import CardPhotoDialog
        from lea_desktop.usecases import card_photos

        path = card_photos.photo_path(self.context.store, self.reg.id)
        if path is None:
            self.card_photo_button.hide()
            return None
        dialog = CardPhotoDialog(path, self)
        reg_id = self.reg.id

        def remove() -> None:
            card_photos.remove(self.context.store, [reg_id])
            self._show_card_photo_button()

        dialog.removed.connect(remove)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def prepare(self) -> None:
        """Do now, while nobody waits, what the first showing would do: style every widget and
        lay the dialog out."""
        self.ensurePolished()
        for child in self.findChildren(QWidget):
            child.ensurePolished()
        self.layout().activate()

    def load(self, reg: Registration) -> None:
        """Show `reg`: its answers in its language, what is known about it, no messages."""
        self.reg = reg
        self.setWindowTitle(
            QCoreApplication.translate("FollowerEditor", "Follower: {describe_reg}").format(
                describe_reg=describe(reg)
            )
        )
        lang = (reg.consent or {}).get("language") or self.context.setting("form.language")
        if lang != self.form_widget.lang:
            self.form_widget.set_language(str(lang))
        self.form_widget.set_answers(reg.answers)
        self._as_opened = self.form_widget.answers()
        self._show_card_photo_button()
        event = events.get(self.context.store.db, reg.event_id)
        facts = [
            QCoreApplication.translate(
                "FollowerEditor", "Signed up {local_time_reg_created_at}"
            ).format(local_time_reg_created_at=local_time(reg.created_at))
        ]
        if event is not None:
            facts.append(
                QCoreApplication.translate("FollowerEditor", "at {event}").format(event=event.name)
            )
        if reg.collected_by:
            facts.append(
                QCoreApplication.translate("FollowerEditor", "by {name}").format(
                    name=reg.collected_by
                )
            )
        if reg.loi_status:
            facts.append(
                QCoreApplication.translate(
                    "FollowerEditor", "· letter of intent {status} {date}"
                ).format(status=reg.loi_status, date=reg.loi_date)
            )
        if reg.source != "app":
            facts.append(f"({reg.source})")
        self.meta.setText(" ".join(facts))
        self.procurer_button.setVisible(reg.kind == "follower")
        self.scroll.verticalScrollBar().setValue(0)
        self.form_widget.focus_field()

    def save(self) -> bool:
        result = followers.save_edit(
            self.context.store, self.reg.id, self.form_widget.answers(), lang=self.form_widget.lang
        )
        if not result.ok:
            first = self.form_widget.show_errors(result.errors)
            if first:
                self.form_widget.focus_field(first)
            return False
        self.context.notify_registrations_changed()
        self.context.show_status(
            QCoreApplication.translate(
                "FollowerEditor", "Saved changes to {describe_result_registration}."
            ).format(describe_result_registration=describe(result.registration))
        )
        self.saved.emit(self.reg.id)
        self.accept()
        return True

    def has_changes(self) -> bool:
        return self.form_widget.answers() != self._as_opened

    def reject(self) -> None:
        """Cancel, Escape or the window's close button: changes typed in are not dropped
        without asking."""
        if not self.has_changes():
            super().reject()
            return
        ask_before_dropping(
            self,
            "discardChangesQuestion",
            QCoreApplication.translate("FollowerEditor", "Discard changes?"),
            QCoreApplication.translate(
                "FollowerEditor", "Your changes to {describe_self_reg} are not saved."
            ).format(describe_self_reg=describe(self.reg)),
            keep=QCoreApplication.translate("FollowerEditor", "Keep editing"),
            drop=QCoreApplication.translate("FollowerEditor", "Discard changes"),
            on_drop=lambda: QDialog.reject(self),
        )

    def open_procurer(self):
        """The letter of intent and assistance requests of this follower (with their printouts)."""
        from lea_desktop.ui.procurer_dialog import open_procurer_dialog

        self.procurer = open_procurer_dialog(self.context, self.reg.id, self)
        return self.procurer

    def delete(self) -> bool:
        if not confirm_delete(self, describe(self.reg)):
            return False
        try:  # an erasure: backups are scrubbed on a worker (lea_desktop/ui/erasure.py)
            from lea_desktop.ui import erasure

            erasure.erase(self.context, self.reg.id, describe(self.reg))
        except Exception as exc:
            from lea_desktop.storage.database import explain

            self.form_widget.show_form_error(explain(exc))
            return False
        self.context.notify_registrations_changed()
        self.deleted.emit(self.reg.id)
        self.accept()
        return True


def _idle_editor(parent: QWidget, form_id: str) -> FollowerEditor | None:
    """A hidden editor of `form_id` already built under `parent`, if there is one."""
    for child in parent.findChildren(
        FollowerEditor, options=Qt.FindChildOption.FindDirectChildrenOnly
    ):
        if child.form_id == form_id and not child.isVisible():
            return child
    return None


def prepare_follower_editor(context: AppContext, parent: QWidget, form_id: str) -> FollowerEditor:
    """Build and style an editor under `parent` ahead of need (when the app is idle), so that
    opening a follower only fills it in."""
    editor = _idle_editor(parent, form_id)
    if editor is None:
        editor = FollowerEditor(context, form_id, parent)
        editor.prepare()
    return editor


def open_follower_editor(
    context: AppContext, reg_id: str, parent: QWidget
) -> FollowerEditor | None:
    """Open the editor for a stored follower (non-blocking); None if it no longer exists.
    An editor built before under `parent` is reused (see `FollowerEditor`)."""
    reg = registrations.get(context.store.db, reg_id)
    if reg is None:
        context.show_status(
            QCoreApplication.translate(
                "follower_editor", "This follower no longer exists (deleted or erased)."
            )
        )
        return None
    dialog = _idle_editor(parent, reg.form_id) or FollowerEditor(context, reg.form_id, parent)
    dialog.load(reg)
    dialog.open()
    return dialog
