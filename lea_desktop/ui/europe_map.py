"""A map of Europe shaded by followers per country (resources/map/europe.json, offline).

Countries are filled on a sequential blue scale with log-like classes (`domain.kpi.log_classes`)
so Finland 88 and Croatia 1 are both visibly shaded; countries with no followers are neutral
grey, and EU member states still without followers get an orange outline. A legend sits in the
corner; hovering a country shows its name and count.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTransform,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from lea_desktop.domain import kpi
from lea_desktop.domain.countries import country_name, is_eu_member_state
from lea_desktop.paths import resource

SEA = QColor("#eaf1f8")
NO_FOLLOWERS = QColor("#d3d6db")
BORDER = QColor("#ffffff")
MISSING_OUTLINE = QColor("#d9822b")
# ColorBrewer "Blues", light to dark: readable in print and for most colour-blind readers.
SCALE = ("#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08306b")


@cache
def map_paths() -> tuple[QRectF, dict[str, QPainterPath]]:
    """The map's view box and one odd-even-filled path per country (alpha-2), loaded once."""
    with open(resource("map", "europe.json"), encoding="utf-8") as fh:
        data = json.load(fh)
    x, y, w, h = data["viewbox"]
    paths: dict[str, QPainterPath] = {}
    for code, rings in data["countries"].items():
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.OddEvenFill)  # holes (San Marino in Italy) are rings too
        for ring in rings:
            path.addPolygon(QPolygonF([QPointF(px, py) for px, py in ring]))
            path.closeSubpath()
        paths[code] = path
    return QRectF(x, y, w, h), paths


def class_colour(index: int, classes: int) -> QColor:
    """The colour of class `index` of `classes`, spread over the whole scale."""
    if index < 0:
        return NO_FOLLOWERS
    if classes <= 1:
        return QColor(SCALE[3])
    step = (len(SCALE) - 1) / (classes - 1)
    return QColor(SCALE[round(index * step)])


class EuropeMap(QWidget):
    """Followers per country as a choropleth. `set_counts({alpha-2: n})` redraws it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("europeMap")
        self.setAccessibleName(
            QCoreApplication.translate("EuropeMap", "Map of followers by country")
        )
        self.setMinimumSize(260, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self._counts: dict[str, int] = {}
        self._classes: list[tuple[int, int]] = []
        self._box, self._paths = map_paths()

    # -- data -----------------------------------------------------------------------------
    def set_counts(self, counts: Mapping[str, int]) -> None:
        self._counts = {c: int(n) for c, n in counts.items() if n}
        shown = [n for c, n in self._counts.items() if c in self._paths]
        self._classes = kpi.log_classes(max(shown, default=0))
        self.update()

    def on_map(self, code: str) -> bool:
        """Whether the map draws this country (e.g. not the United States)."""
        return code in self._paths

    @property
    def classes(self) -> list[tuple[int, int]]:
        return list(self._classes)

    def colour_of(self, code: str) -> QColor:
        """The fill of a country as drawn now (tests and the legend use it)."""
        index = kpi.class_of(self._counts.get(code, 0), self._classes)
        return class_colour(index, len(self._classes))

    def tooltip_for(self, code: str) -> str:
        n = self._counts.get(code, 0)
        if n == 1:
            text = QCoreApplication.translate("EuropeMap", "{country} — 1 follower").format(
                country=country_name(code)
            )
        else:
            text = QCoreApplication.translate("EuropeMap", "{country} — {count} followers").format(
                country=country_name(code), count=f"{n:,}"
            )
        if n == 0 and is_eu_member_state(code):
            text += QCoreApplication.translate("EuropeMap", " (EU member state still missing)")
        return text

    # -- geometry -------------------------------------------------------------------------
    def _transform(self) -> QTransform:
        """View box → widget (right of the legend), keeping the aspect ratio, centred."""
        margin = 6
        left = self._legend_size().width() + 2 * margin
        w = max(1, self.width() - left - margin)
        h = max(1, self.height() - 2 * margin)
        scale = min(w / self._box.width(), h / self._box.height())
        dx = left + (w - self._box.width() * scale) / 2 - self._box.x() * scale
        dy = margin + (h - self._box.height() * scale) / 2 - self._box.y() * scale
        return QTransform(scale, 0, 0, scale, dx, dy)

    def country_at(self, point: QPointF) -> str | None:
        """The country under a widget position, or None (sea)."""
        inverse, ok = self._transform().inverted()
        if not ok:
            return None
        p = inverse.map(QPointF(point))
        for code, path in self._paths.items():
            if path.controlPointRect().contains(p) and path.contains(p):
                return code
        return None

    def centre_of(self, code: str) -> QPointF:
        """A widget position inside the country (for tests that hover it)."""
        path = self._paths[code]
        rect = path.boundingRect()
        t = self._transform()
        centre = rect.center()
        if path.contains(centre):
            return t.map(centre)
        # Not convex (or islands): walk a grid until a point falls inside.
        for i in range(1, 20):
            for j in range(1, 20):
                p = QPointF(rect.x() + rect.width() * i / 20, rect.y() + rect.height() * j / 20)
                if path.contains(p):
                    return t.map(p)
        return t.map(centre)

    # -- painting -------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), SEA)
        painter.save()
        painter.setTransform(self._transform())
        border = QPen(BORDER, 0.8)
        border.setCosmetic(True)
        missing = QPen(MISSING_OUTLINE, 1.3)
        missing.setCosmetic(True)
        outlined = []
        for code, path in self._paths.items():
            painter.setPen(border)
            painter.setBrush(self.colour_of(code))
            painter.drawPath(path)
            if is_eu_member_state(code) and not self._counts.get(code):
                outlined.append(path)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(missing)
        for path in outlined:  # on top, so neighbours' borders do not hide the outline
            painter.drawPath(path)
        painter.restore()
        self._paint_legend(painter)
        painter.end()

    def _legend_rows(self) -> list[tuple[QColor, str, bool]]:
        rows = [
            (class_colour(i, len(self._classes)), kpi.class_label(lo, hi), False)
            for i, (lo, hi) in enumerate(self._classes)
        ]
        rows.append((NO_FOLLOWERS, QCoreApplication.translate("EuropeMap", "none"), False))
        rows.append((NO_FOLLOWERS, QCoreApplication.translate("EuropeMap", "EU, none yet"), True))
        return rows

    def _legend_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() * 0.9))
        return font

    def _legend_size(self) -> QSizeF:
        metrics = QFontMetrics(self._legend_font())
        rows = self._legend_rows()
        swatch = metrics.height() - 2
        title = QCoreApplication.translate("EuropeMap", "Followers")
        texts = [title, *(t for _c, t, _m in rows)]
        width = 10 + swatch + 6 + max(metrics.horizontalAdvance(t) for t in texts) + 10
        height = 8 + metrics.height() + 4 + (metrics.height() + 3) * len(rows) + 4
        return QSizeF(width, height)

    def _paint_legend(self, painter: QPainter) -> None:
        """Bottom-left, beside the map: the classes, none, and the outline of missing states."""
        painter.setFont(self._legend_font())
        metrics = painter.fontMetrics()
        rows = self._legend_rows()
        line = metrics.height() + 3
        swatch = metrics.height() - 2
        size = self._legend_size()
        box = QRectF(6, max(6.0, self.height() - size.height() - 6), size.width(), size.height())
        painter.setPen(QPen(QColor("#c9cfd9"), 1))
        painter.setBrush(QColor(255, 255, 255, 235))
        painter.drawRoundedRect(box, 5, 5)
        painter.setPen(QColor("#1d2330"))
        y = box.y() + 6
        painter.drawText(
            QRectF(box.x() + 10, y, size.width(), metrics.height()),
            QCoreApplication.translate("EuropeMap", "Followers"),
        )
        y += metrics.height() + 4
        for colour, text, outline in rows:
            rect = QRectF(box.x() + 10, y + 1, swatch, swatch)
            painter.setBrush(colour)
            painter.setPen(QPen(MISSING_OUTLINE, 1.6) if outline else QPen(QColor("#9aa1ad"), 0.5))
            painter.drawRect(rect)
            painter.setPen(QColor("#1d2330"))
            painter.drawText(
                QRectF(rect.right() + 6, y, size.width(), metrics.height()),
                Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            y += line

    # -- tooltips -------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            code = self.country_at(QPointF(event.pos()))
            if code:
                QToolTip.showText(event.globalPos(), self.tooltip_for(code), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)
