"""The Follow-up page: who is due for a follow-up, by owner (a consortium partner), with a
draft email in the follower's language and "mark contacted".

"Write email" opens the system mail client with a `mailto:` link (QDesktopServices); "Save
draft…" writes an `.eml` file that also carries the letter of intent for a procurer's LEA-N
invitation (a mailto link cannot). Marking a follower contacted records today's date in their
`contacted_on` answer: an edit like any other, synced with the databank.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lea_desktop.domain.records import Registration, slug
from lea_desktop.ui.context import AppContext
from lea_desktop.ui.models.followers_model import cell_text
from lea_desktop.usecases import followup, followup_mail

ALL_OWNERS = ""
DUE_NOW, ALL_OPEN = "due", "open"
SUGGESTED = ""
TEMPLATE_TITLES = (
    (SUGGESTED, QT_TRANSLATE_NOOP("FollowupPage", "Suggested (LEA-N invitation for procurers)")),
    (followup_mail.WELCOME, QT_TRANSLATE_NOOP("FollowupPage", "Welcome")),
    (followup_mail.LEA_N_INVITATION, QT_TRANSLATE_NOOP("FollowupPage", "LEA-N invitation")),
)
COLUMNS = (
    (followup.DUE, QT_TRANSLATE_NOOP("FollowupPage", "Follow up by")),
    ("organisation", QT_TRANSLATE_NOOP("FollowupPage", "Organisation")),
    ("contact_name", QT_TRANSLATE_NOOP("FollowupPage", "Contact")),
    ("email", QT_TRANSLATE_NOOP("FollowupPage", "Email")),
    (followup.RATING, QT_TRANSLATE_NOOP("FollowupPage", "Rating")),
    (followup.NEXT_STEP, QT_TRANSLATE_NOOP("FollowupPage", "Next step")),
    (followup.OWNER, QT_TRANSLATE_NOOP("FollowupPage", "Owner")),
    ("_lang", QT_TRANSLATE_NOOP("FollowupPage", "Language")),
)
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def tr(text: str) -> str:
    return QCoreApplication.translate("FollowupPage", text)


class FollowupPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("followupPage")
        self.context = context
        self.form = context.form("follower_signup")
        self.shown: list[Registration] = []
        self._dirty = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 12)
        outer.setSpacing(10)
        title = QLabel(tr("Follow-up"), self)
        title.setProperty("role", "pageTitle")
        outer.addWidget(title)

        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.owner_box = QComboBox(self)
        self.owner_box.setObjectName("followupOwner")
        self.owner_box.setAccessibleName(tr("Follow-up owner"))
        self.owner_box.addItem(tr("All partners"), ALL_OWNERS)
        for choice in self.form.field(followup.OWNER).choices:
            self.owner_box.addItem(choice.label("en"), choice.value)
        mine = str(context.setting("staff.partner") or "")
        if (index := self.owner_box.findData(mine)) > 0:
            self.owner_box.setCurrentIndex(index)  # your own partner's list first
        self.when_box = QComboBox(self)
        self.when_box.setObjectName("followupWhen")
        self.when_box.setAccessibleName(tr("Which follow-ups"))
        self.when_box.addItem(tr("Due by today"), DUE_NOW)
        self.when_box.addItem(tr("All not contacted yet"), ALL_OPEN)
        for box in (self.owner_box, self.when_box):
            box.currentIndexChanged.connect(lambda _i: self.refresh())
            bar.addWidget(box)
        bar.addStretch(1)
        outer.addLayout(bar)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("followupTable")
        self.table.setAccessibleName(tr("Followers to follow up"))
        self.table.setHorizontalHeaderLabels([tr(text) for _f, text in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        outer.addWidget(self.table, 1)

        bottom = QHBoxLayout()
        self.count_label = QLabel(self)
        self.count_label.setObjectName("followupCount")
        self.count_label.setProperty("role", "hint")
        self.count_label.setWordWrap(True)
        bottom.addWidget(self.count_label, 1)
        self.template_box = QComboBox(self)
        self.template_box.setObjectName("followupTemplate")
        self.template_box.setAccessibleName(tr("Email template"))
        for value, text in TEMPLATE_TITLES:
            self.template_box.addItem(tr(text), value)
        bottom.addWidget(self.template_box)
        self.write_button = QPushButton(tr("Write email"), self)
        self.write_button.setObjectName("writeEmailButton")
        self.write_button.setToolTip(tr("Open your mail client with a draft in their language"))
        self.write_button.clicked.connect(self.write_email)
        self.save_button = QPushButton(tr("Save draft…"), self)
        self.save_button.setObjectName("saveDraftButton")
        self.save_button.setToolTip(
            tr("Save the draft as an .eml file (with the letter of intent for procurers)")
        )
        self.save_button.clicked.connect(self.save_draft)
        self.contacted_button = QPushButton(tr("Mark contacted"), self)
        self.contacted_button.setObjectName("markContactedButton")
        self.contacted_button.setProperty("accent", True)
        self.contacted_button.clicked.connect(self.mark_contacted)
        for button in (self.write_button, self.save_button, self.contacted_button):
            bottom.addWidget(button)
        outer.addLayout(bottom)

        context.registrationsChanged.connect(self._on_data_changed)
        self.refresh()

    # -- the list ---------------------------------------------------------------------------
    def owner(self) -> str:
        return str(self.owner_box.currentData() or "")

    def refresh(self) -> None:
        keep = self.selected_id()
        due_by = followup.today() if self.when_box.currentData() == DUE_NOW else None
        try:
            self.shown = followup.due_list(self.context.store, self.owner() or None, due_by=due_by)
        except Exception as exc:  # a locked database: say so, keep what is shown
            from lea_desktop.storage.database import explain

            self.count_label.setText(explain(exc))
            return
        self._dirty = False
        today = followup.today()
        self.table.setRowCount(len(self.shown))
        for row, reg in enumerate(self.shown):
            for col, (fid, _title) in enumerate(COLUMNS):
                if fid == "_lang":
                    text = followup.language_of(reg, self.form).upper()
                else:
                    text = cell_text(self.form.field(fid), reg.answers.get(fid), "en")
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, reg.id)
                if fid == followup.DUE and text and text < today:
                    item.setToolTip(tr("Overdue"))
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, col, item)
        owner = self.owner() or tr("all partners")
        self.count_label.setText(
            (
                tr("1 follower due for {owner}")
                if len(self.shown) == 1
                else tr("{count} followers due for {owner}")
            ).format(count=f"{len(self.shown):,}", owner=owner)
            if due_by
            else (
                tr("1 follower not contacted yet for {owner}")
                if len(self.shown) == 1
                else tr("{count} followers not contacted yet for {owner}")
            ).format(count=f"{len(self.shown):,}", owner=owner)
        )
        if keep:
            self.select_id(keep)
        self._update_buttons()

    def _on_data_changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def on_shown(self) -> None:
        self.refresh()

    # -- selection --------------------------------------------------------------------------
    def selected_id(self) -> str:
        rows = self.table.selectionModel().selectedRows()
        return str(rows[0].data(ID_ROLE) or "") if rows else ""

    def select_id(self, reg_id: str) -> bool:
        for row, reg in enumerate(self.shown):
            if reg.id == reg_id:
                self.table.selectRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        has = bool(self.selected_id())
        for button in (self.write_button, self.save_button, self.contacted_button):
            button.setEnabled(has)

    # -- actions ----------------------------------------------------------------------------
    def _draft(self) -> followup_mail.Draft | None:
        reg_id = self.selected_id()
        if not reg_id:
            return None
        try:
            return followup_mail.compose(
                self.context.store, reg_id, self.template_box.currentData() or None
            )
        except Exception as exc:  # no address, an erased follower, a letter that failed
            self.context.show_status(tr("No draft: {reason}").format(reason=_reason(exc)), 10000)
            return None

    def write_email(self) -> bool:
        """Open the system mail client with the draft (subject and body)."""
        draft = self._draft()
        if draft is None:
            return False
        if not QDesktopServices.openUrl(QUrl(draft.mailto())):
            self.context.show_status(
                tr("No mail client opened the draft: use Save draft… instead."), 10000
            )
            return False
        if draft.attachment is not None:
            self.context.show_status(
                tr(
                    "Your mail client has the draft; a mail link cannot carry the letter of "
                    "intent: attach it, or use Save draft…, which includes it."
                ),
                15000,
            )
        else:
            self.context.show_status(tr("Your mail client has the draft."), 5000)
        return True

    @classmethod
    def ask_save_path(cls, parent: QWidget, title: str, suggested: str, filters: str) -> str:
        """The file to write, chosen by the user ("" when cancelled); tests replace this."""
        path, _selected = QFileDialog.getSaveFileName(parent, title, suggested, filters)
        return path

    def save_draft(self) -> Path | None:
        draft = self._draft()
        if draft is None:
            return None
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        reg = next((r for r in self.shown if r.id == self.selected_id()), None)
        name = slug(str(reg.answers.get("organisation") or "follower")) if reg else "follower"
        path = self.ask_save_path(
            self,
            tr("Save email draft"),
            str(Path(folder) / f"{name}-{draft.template}.eml"),
            tr("Email draft (*.eml)"),
        )
        if not path:
            return None
        try:
            written = followup_mail.save_eml(draft, Path(path))
        except OSError as exc:
            self.context.show_status(
                tr("Could not save the draft: {reason}").format(reason=_reason(exc)), 10000
            )
            return None
        self.context.show_status(
            tr("Saved the draft to {path}; open it in your mail client to send.").format(
                path=written
            ),
            10000,
        )
        return written

    def mark_contacted(self) -> bool:
        reg_id = self.selected_id()
        if not reg_id:
            return False
        result = followup.mark_contacted(self.context.store, reg_id)
        if not result.ok:
            self.context.show_status(
                tr("Not marked: {reason}").format(
                    reason="; ".join(str(v) for v in result.errors.values())
                ),
                10000,
            )
            return False
        self.context.notify_registrations_changed()  # synced like any edit; the list updates
        if self.isVisible() is False:
            self.refresh()
        self.context.show_status(tr("Marked contacted today."), 5000)
        return True


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        from lea_desktop.storage.database import explain

        return explain(exc)
    return str(exc) or type(exc).__name__
