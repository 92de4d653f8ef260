"""The business card photo of a follower, shown beside the editor for keying in the details
(`usecases/card_photos.py` keeps it; docs/privacy.md)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class CardPhotoDialog(QDialog):
    """The photo at a readable size, with Remove (once keyed in, it is no longer needed)."""

    removed = Signal()

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardPhotoDialog")
        self.setWindowTitle(QCoreApplication.translate("Scan", "Business card photo"))
        self.path = path
        layout = QVBoxLayout(self)
        self.picture = QLabel(self)
        self.picture.setObjectName("cardPhoto")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pixmap = QPixmap(str(path))
        if pixmap.isNull():
            self.picture.setText(QCoreApplication.translate("Scan", "The photo cannot be shown."))
        else:
            self.picture.setPixmap(
                pixmap.scaled(
                    900, 600, Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )  # fmt: skip
        layout.addWidget(self.picture, 1)
        note = QLabel(
            QCoreApplication.translate(
                "Scan",
                "Kept on this laptop only. Remove it once the details are keyed in; it is erased with the person anyway.",
            ),
            self,
        )
        note.setWordWrap(True)
        note.setProperty("role", "hint")
        layout.addWidget(note)
        row = QHBoxLayout()
        self.remove_button = QPushButton(QCoreApplication.translate("Scan", "Remove photo"), self)
        self.remove_button.setObjectName("removeCardPhotoButton")
        self.remove_button.setProperty("danger", True)
        self.remove_button.clicked.connect(self._remove)
        close = QPushButton(QCoreApplication.translate("Scan", "Close"), self)
        close.clicked.connect(self.accept)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)

    def _remove(self) -> None:
        self.removed.emit()
        self.accept()
