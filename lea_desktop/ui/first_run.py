"""First-run questions (staff name, partner organisation) in a panel inside the window.

Never a modal dialog at start: staff can begin signing people up at once and answer later; the
panel stays until both answers are stored (they are recorded with each registration).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from lea_desktop import reference
from lea_desktop.storage.settings import SettingError
from lea_desktop.ui.context import AppContext

NEEDED = ("staff.name", "staff.partner")


class FirstRunPanel(QFrame):
    """Asks who is collecting sign-ups on this laptop; stores `staff.name` and `staff.partner`."""

    def __init__(self, context: AppContext) -> None:
        super().__init__(objectName="firstRunPanel")
        self.context = context
        self.setProperty("banner", "info")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 10, 14, 10)
        outer.setSpacing(6)
        title = QLabel(
            QCoreApplication.translate(
                "FirstRunPanel", "Welcome! Who is collecting sign-ups on this laptop?"
            ),
            objectName="bannerTitle",
        )
        hint = QLabel(
            QCoreApplication.translate(
                "FirstRunPanel",
                "Your name and partner organisation are recorded with each sign-up you collect. You can start signing people up now and answer this later.",
            ),
            objectName="bannerText",
        )
        hint.setWordWrap(True)
        outer.addWidget(title)
        outer.addWidget(hint)
        row = QHBoxLayout()
        row.setSpacing(8)
        self.name_edit = QLineEdit(objectName="staffNameEdit")
        self.name_edit.setPlaceholderText(QCoreApplication.translate("FirstRunPanel", "Your name"))
        self.name_edit.setAccessibleName(QCoreApplication.translate("FirstRunPanel", "Your name"))
        self.name_edit.setText(str(context.setting("staff.name") or ""))
        self.partner_combo = QComboBox(objectName="staffPartnerCombo")
        self.partner_combo.setAccessibleName(
            QCoreApplication.translate("FirstRunPanel", "Partner organisation")
        )
        self.partner_combo.addItem(
            QCoreApplication.translate("FirstRunPanel", "Choose your partner organisation…"), ""
        )
        for partner in reference.partners():
            self.partner_combo.addItem(partner, partner)
        current = str(context.setting("staff.partner") or "")
        if current:
            index = self.partner_combo.findData(current)
            if index < 0:  # a partner name typed on the command line that is not in the list
                self.partner_combo.addItem(current, current)
                index = self.partner_combo.count() - 1
            self.partner_combo.setCurrentIndex(index)
        self.save_button = QPushButton(
            QCoreApplication.translate("FirstRunPanel", "Save"), objectName="firstRunSaveButton"
        )
        self.save_button.setProperty("accent", True)
        self.later_button = QPushButton(
            QCoreApplication.translate("FirstRunPanel", "Later"), objectName="firstRunLaterButton"
        )
        self.save_button.clicked.connect(self.save)
        self.later_button.clicked.connect(self.dismiss)
        self.name_edit.returnPressed.connect(self.save)
        row.addWidget(self.name_edit, 2)
        row.addWidget(self.partner_combo, 2)
        row.addWidget(self.save_button)
        row.addWidget(self.later_button)
        outer.addLayout(row)
        self.error_label = QLabel(objectName="firstRunError")
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        outer.addWidget(self.error_label)
        for w in (self.name_edit, self.partner_combo, self.save_button, self.later_button):
            w.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab stays in the sign-up form

    def save(self) -> None:
        name = self.name_edit.text()
        partner = str(self.partner_combo.currentData() or "")
        problems = []
        if not " ".join(name.split()):
            problems.append(QCoreApplication.translate("FirstRunPanel", "Please type your name."))
        if not partner:
            problems.append(
                QCoreApplication.translate(
                    "FirstRunPanel", "Please choose your partner organisation."
                )
            )
        if problems:
            self._show_error(" ".join(problems))
            return
        try:
            self.context.set_setting("staff.name", name)
            self.context.set_setting("staff.partner", partner)
        except SettingError as exc:
            self._show_error(str(exc))
            return
        except Exception as exc:  # database locked / read-only: keep what was typed
            from lea_desktop.storage.database import explain

            self._show_error(explain(exc))
            return
        self.context.show_status(
            QCoreApplication.translate(
                "FirstRunPanel",
                "Thank you, {join_name_split}. Sign-ups you collect carry your name.",
            ).format(join_name_split=" ".join(name.split()))
        )
        self.dismiss()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def dismiss(self) -> None:
        window = self.context.window
        if window is not None and hasattr(window, "remove_banner"):
            window.remove_banner(self)
        else:
            self.hide()


def needs_first_run(context: AppContext) -> bool:
    return any(not context.setting(key) for key in NEEDED)


def maybe_add_first_run_panel(window) -> FirstRunPanel | None:
    """Add the panel to the window's banner area when a first-run answer is missing."""
    if not needs_first_run(window.context):
        return None
    panel = FirstRunPanel(window.context)
    window.add_banner(panel)
    return panel
