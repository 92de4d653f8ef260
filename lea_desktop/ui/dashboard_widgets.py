"""Small painted widgets for the dashboard: labelled horizontal bars and key-figure tiles."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from lea_desktop.ui.style import MUTED, TEXT

BAR = QColor("#2b6f9e")
ACCENT_BAR = QColor("#d9822b")
OTHERS_BAR = QColor("#9aa8b4")
TRACK = QColor("#edf0f4")


class BarList(QWidget):
    """Rows of "label ▇▇▇▇ value", largest first as given; every bar carries its value, and a
    non-zero value always shows at least a sliver, however large the biggest one. A label too
    long for the left 45 % of the width is never cut: the labels then go on their own line
    above each bar (`stacked`)."""

    ROW = 22
    LABEL_SHARE = 0.45

    def __init__(self, object_name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName(accessible)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._items: list[tuple[str, int, str]] = []
        self._colours: dict[int, QColor] = {}
        self._empty = QCoreApplication.translate("BarList", "Nothing yet")

    def set_items(
        self,
        items: Sequence[tuple[str, int]],
        *,
        value_text: Sequence[str] | None = None,
        colours: dict[int, QColor] | None = None,
        empty: str = "",
    ) -> None:
        texts = list(value_text) if value_text is not None else [f"{v:,}" for _l, v in items]
        self._items = [
            (label, value, text) for (label, value), text in zip(items, texts, strict=True)
        ]
        self._colours = dict(colours or {})
        self._empty = empty or QCoreApplication.translate("BarList", "Nothing yet")
        self.setAccessibleDescription("; ".join(f"{lab}: {t}" for lab, _v, t in self._items))
        self._fit_height()
        self.update()

    def _label_width(self) -> int:
        metrics = QFontMetrics(self.font())
        return max((metrics.horizontalAdvance(lab) for lab, _v, _t in self._items), default=0) + 10

    @property
    def stacked(self) -> bool:
        """True when the labels sit above their bars (too long to go beside them)."""
        return bool(self._items) and self._label_width() > int(self.width() * self.LABEL_SHARE)

    def _row_height(self) -> int:
        return self.ROW + (QFontMetrics(self.font()).height() + 2 if self.stacked else 0)

    def _fit_height(self) -> None:
        height = max(1, len(self._items)) * self._row_height() + 4
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)
        self.updateGeometry()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_height()  # a narrower widget may have to put its labels above the bars

    def items(self) -> list[tuple[str, int, str]]:
        """(label, value, value as shown) for each row — what tests read."""
        return list(self._items)

    def sizeHint(self) -> QSize:
        return QSize(260, max(1, len(self._items)) * self._row_height() + 4)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        if not self._items:
            painter.setPen(QColor(MUTED))
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, self._empty
            )
            return
        stacked = self.stacked
        label_w = 0 if stacked else self._label_width()
        row_h = self._row_height()
        bold = QFont(self.font())
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        value_w = max(bold_metrics.horizontalAdvance(t) for _l, _v, t in self._items) + 10
        bar_w = max(20, self.width() - label_w - value_w - 4)
        peak = max((v for _l, v, _t in self._items), default=0) or 1
        for i, (label, value, text) in enumerate(self._items):
            y = 2 + i * row_h
            painter.setPen(QColor(TEXT))
            painter.setFont(self.font())
            if stacked:  # the label whole on its own line, the bar under it
                painter.drawText(
                    QRectF(0, y, self.width(), metrics.height() + 2),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    metrics.elidedText(label, Qt.TextElideMode.ElideRight, self.width()),
                )
                y += metrics.height() + 2
            else:
                painter.drawText(
                    QRectF(0, y, label_w - 8, self.ROW),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    label,
                )
            bar_h = self.ROW - 8
            painter.fillRect(QRectF(label_w, y + 4, bar_w, bar_h), TRACK)
            length = 0.0 if not value else max(2.0, bar_w * value / peak)
            painter.fillRect(QRectF(label_w, y + 4, length, bar_h), self._colours.get(i, BAR))
            painter.setFont(bold)
            painter.drawText(
                QRectF(label_w + bar_w + 6, y, value_w, self.ROW),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
        painter.end()


class FigureTile(QFrame):
    """A key figure: a big number and a caption underneath."""

    def __init__(self, key: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"tile_{key}")
        self.setProperty("role", "card")
        box = QVBoxLayout(self)
        box.setContentsMargins(14, 8, 14, 10)
        box.setSpacing(0)
        self.value = QLabel("–", self)
        self.value.setObjectName(f"figure_{key}")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(caption, self)
        self.caption.setObjectName(f"caption_{key}")
        self.caption.setProperty("role", "hint")
        self.caption.setWordWrap(True)
        box.addWidget(self.value)
        box.addWidget(self.caption)
        self.setAccessibleName(caption)

    def set_value(self, text: str, caption: str | None = None) -> None:
        self.value.setText(text)
        if caption is not None:
            self.caption.setText(caption)
        self.setAccessibleDescription(f"{text} {self.caption.text()}")
