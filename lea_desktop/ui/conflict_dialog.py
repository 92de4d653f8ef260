"""The dialog that settles a conflict: a follower changed on this laptop and on another one.

It lists the answers the two copies disagree on, side by side, each with a choice of which copy
to take, and offers three ways out: keep this laptop's copy, take the other laptop's, or merge
field by field with the choices made in the table. Nothing is decided until one is clicked; the
caller (`SyncPage`) carries the choice out with `usecases.conflicts.resolve`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lea_desktop.storage.pulled import Conflict
from lea_desktop.ui.timefmt import local_sortable
from lea_desktop.usecases import conflicts


def _text(value: Any) -> str:
    if value in (None, "", []):
        return QCoreApplication.translate("ConflictDialog", "(empty)")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if value is True:
        return "✓"
    return " ".join(str(value).split())


class ConflictDialog(QDialog):
    """`choice` (conflicts.KEEP_MINE, TAKE_THEIRS or MERGE) and `picks` once accepted."""

    def __init__(self, found: Conflict, lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.found = found
        self.choice = ""
        self.picks: dict[str, str] = {}
        self.differences = conflicts.differences(found, lang)
        self.setWindowTitle(QCoreApplication.translate("ConflictDialog", "Changed on two laptops"))
        box = QVBoxLayout(self)
        name = found.mine.answers.get("organisation") or found.mine.answers.get("email") or ""
        where = found.laptop or QCoreApplication.translate("ConflictDialog", "another laptop")
        if found.partner:
            where = f"{where} ({found.partner})"
        intro = QLabel(
            QCoreApplication.translate(
                "ConflictDialog",
                "{name} was changed on this laptop and on {where} (at {when}) before either knew "
                "of the other's change. Both copies are kept until you choose: keep all of one "
                "copy, or tick in each row the answer to keep and merge.",
            ).format(
                name=_text(name),
                where=where,
                when=local_sortable(found.theirs.updated_at),
            ),
            self,
            objectName="conflictIntro",
        )
        intro.setWordWrap(True)
        box.addWidget(intro)

        self.table = QTableWidget(len(self.differences), 3, self, objectName="conflictTable")
        self.table.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("ConflictDialog", "Field"),
                QCoreApplication.translate("ConflictDialog", "This laptop"),
                found.laptop or where,  # the partner is in the sentence above
            ]
        )
        self.table.horizontalHeaderItem(2).setToolTip(where)
        self.table.verticalHeader().hide()
        # A table to read and tick, not to edit or select: the labels are not answers.
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.groups: dict[str, QButtonGroup] = {}
        self.mine_buttons: dict[str, QRadioButton] = {}
        self.theirs_buttons: dict[str, QRadioButton] = {}
        for row, diff in enumerate(self.differences):
            label = QTableWidgetItem(diff.label)
            label.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, 0, label)
            group = QButtonGroup(self)
            mine = QRadioButton(_text(diff.mine), self.table)
            theirs = QRadioButton(_text(diff.theirs), self.table)
            mine.setObjectName(f"mine_{diff.field_id}")
            theirs.setObjectName(f"theirs_{diff.field_id}")
            for button in (mine, theirs):  # a long answer is cut in its cell: whole on hover
                button.setToolTip(button.text())
            mine.setChecked(True)
            group.addButton(mine)
            group.addButton(theirs)
            self.table.setCellWidget(row, 1, mine)
            self.table.setCellWidget(row, 2, theirs)
            self.groups[diff.field_id] = group
            self.mine_buttons[diff.field_id] = mine
            self.theirs_buttons[diff.field_id] = theirs
        box.addWidget(self.table, 1)
        if not self.differences:
            same = QLabel(
                QCoreApplication.translate(
                    "ConflictDialog",
                    "The answers are the same; the copies differ only in other details.",
                ),
                self,
            )
            box.addWidget(same)

        buttons = QHBoxLayout()
        self.mine_button = QPushButton(
            QCoreApplication.translate("ConflictDialog", "Keep all mine"),
            self,
            objectName="keepMine",
        )
        self.mine_button.setToolTip(
            QCoreApplication.translate(
                "ConflictDialog",
                "This laptop's copy, every answer, replaces the other at the next sync",
            )
        )
        self.theirs_button = QPushButton(
            QCoreApplication.translate("ConflictDialog", "Take all theirs"),
            self,
            objectName="takeTheirs",
        )
        self.theirs_button.setToolTip(
            QCoreApplication.translate(
                "ConflictDialog",
                "The other laptop's copy, every answer, replaces this laptop's edit",
            )
        )
        self.merge_button = QPushButton(
            QCoreApplication.translate("ConflictDialog", "Merge the ticked answers"),
            self,
            objectName="mergeFields",
        )
        self.merge_button.setToolTip(
            QCoreApplication.translate(
                "ConflictDialog", "Each answer from the copy ticked in its row above"
            )
        )
        self.merge_button.setEnabled(bool(self.differences))
        self.merge_button.setDefault(bool(self.differences))  # Enter: what the rows show
        self.merge_button.setProperty("accent", True)
        later = QPushButton(
            QCoreApplication.translate("ConflictDialog", "Decide later"), self, objectName="later"
        )
        self.mine_button.clicked.connect(lambda: self._choose(conflicts.KEEP_MINE))
        self.theirs_button.clicked.connect(lambda: self._choose(conflicts.TAKE_THEIRS))
        self.merge_button.clicked.connect(lambda: self._choose(conflicts.MERGE))
        later.clicked.connect(self.reject)
        for button in (self.mine_button, self.theirs_button, self.merge_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(later)
        box.addLayout(buttons)
        self.resize(720, 420)

    def pick(self, field_id: str, side: str) -> None:
        """Choose the copy of one answer (as a click on its row's button does)."""
        button = (self.theirs_buttons if side == conflicts.TAKE_THEIRS else self.mine_buttons)[
            field_id
        ]
        button.setChecked(True)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        if choice == conflicts.MERGE:
            self.picks = {
                fid: conflicts.TAKE_THEIRS
                if self.theirs_buttons[fid].isChecked()
                else conflicts.KEEP_MINE
                for fid in self.groups
            }
        self.accept()
