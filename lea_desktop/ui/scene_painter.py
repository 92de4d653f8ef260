"""Painting `printing.scene` pages with QPainter: the Cards page's preview (into a QImage, on a
worker thread) and printing through the system's print dialog (onto a QPrinter).

Both use the very items the PDF is written from, so the preview shows what the PDF holds and
a printed sheet matches a printed PDF. Qt allows painting on QImage and QPrinter off the GUI
thread; the fonts are registered once on the GUI thread (`register_fonts`) before any job runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPen,
)

from lea_desktop.printing import fonts
from lea_desktop.printing.scene import MM, Group, Line, Page, Place, Qr, Rect, Text

_FAMILIES: dict[str, QFont] = {}
_REF_PX = 100  # fonts are set at 100 px and scaled: QFont pixel sizes are whole numbers


def register_fonts() -> None:
    """Load the printing fonts into Qt (GUI thread, once)."""
    if _FAMILIES:
        return
    for style in fonts.STYLES:
        font_id = QFontDatabase.addApplicationFont(str(fonts.font_path(style)))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        font = QFont(families[0] if families else "DejaVu Sans")
        font.setPixelSize(_REF_PX)
        font.setBold(style == "bold")
        font.setItalic(style == "oblique")
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        font.setKerning(False)  # reportlab sets text without kerning; keep the same widths
        _FAMILIES[style] = font


def _color(rgb: tuple[float, float, float]) -> QColor:
    return QColor.fromRgbF(*rgb)


class ScenePainter:
    """Draws scene items with `painter`, `scale` device pixels per point, y flipped."""

    def __init__(self, painter: QPainter, scale: float, page_height: float) -> None:
        register_fonts()
        self.p = painter
        self.s = scale
        self.h = page_height
        self._paths: dict[tuple[int, float], QPainterPath] = {}
        self._metrics = {style: QFontMetricsF(font) for style, font in _FAMILIES.items()}

    def page(self, page: Page) -> None:
        self.h = page.height
        self.items(page.items, 0.0, 0.0)

    def items(self, items: Iterable[Any], ox: float, oy: float) -> None:
        for item in items:
            self.item(item, ox, oy)

    def _pt(self, x: float, y: float) -> QPointF:
        return QPointF(x * self.s, (self.h - y) * self.s)

    def item(self, item: Any, ox: float, oy: float) -> None:
        p, s = self.p, self.s
        if isinstance(item, Text):
            font = _FAMILIES[item.style]
            width = self._metrics[item.style].horizontalAdvance(item.text)
            shift = {"right": -width, "center": -width / 2}.get(item.align, 0.0)
            p.save()
            p.translate(self._pt(ox + item.x, oy + item.y))
            factor = item.size * s / _REF_PX
            p.scale(factor, factor)
            p.setFont(font)
            p.setPen(_color(item.color))
            p.drawText(QPointF(shift, 0.0), item.text)
            p.restore()
        elif isinstance(item, Qr):
            self._qr(item, ox, oy)
        elif isinstance(item, Rect):
            if item.stroke is not None:
                pen = QPen(_color(item.stroke), item.width * s)
                pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
                p.setPen(pen)
            else:
                p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(_color(item.fill) if item.fill is not None else Qt.BrushStyle.NoBrush)
            top_left = self._pt(ox + item.x, oy + item.y + item.h)
            rect = QRectF(top_left, QSizeF(item.w * s, item.h * s))
            if item.radius:
                p.drawRoundedRect(rect, item.radius * s, item.radius * s)
            else:
                p.drawRect(rect)
        elif isinstance(item, Line):
            pen = QPen(_color(item.color), item.width * s)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            p.setPen(pen)
            p.drawLine(self._pt(ox + item.x1, oy + item.y1), self._pt(ox + item.x2, oy + item.y2))
        elif isinstance(item, Place):
            group: Group = item.group
            self.items(group.items, ox + item.x, oy + item.y)

    def _qr(self, item: Qr, ox: float, oy: float) -> None:
        """The code as one filled path (cached per code and size), no antialiasing: crisp edges."""
        m = item.matrix
        module = item.size / m.size * self.s
        key = (id(m), round(module, 4))
        path = self._paths.get(key)
        if path is None:
            path = QPainterPath()
            path.setFillRule(Qt.FillRule.WindingFill)
            for col, row, w, h in m.rects:
                path.addRect(QRectF(col * module, row * module, w * module, h * module))
            self._paths[key] = path
        top_left = self._pt(ox + item.x, oy + item.y + item.size)
        p = self.p
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.fillRect(
            QRectF(top_left, QSizeF(item.size * self.s, item.size * self.s)), Qt.GlobalColor.white
        )
        p.translate(top_left)
        p.fillPath(path, QColor(0, 0, 0))
        p.restore()


def render_image(page: Page, width_px: int) -> QImage:
    """The page as an image `width_px` wide (any thread)."""
    scale = width_px / page.width
    image = QImage(max(1, int(page.width * scale)), max(1, int(page.height * scale)),
                   QImage.Format.Format_RGB32)  # fmt: skip
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        ScenePainter(painter, scale, page.height).page(page)
    finally:
        painter.end()
    return image


def page_layout(page: Page) -> QPageLayout:
    size = QPageSize(QSizeF(page.width / MM, page.height / MM), QPageSize.Unit.Millimeter)
    match = QPageSize(QPageSize.id(size.size(QPageSize.Unit.Millimeter), QPageSize.Unit.Millimeter,
                                   QPageSize.SizeMatchPolicy.FuzzyMatch))  # fmt: skip
    chosen = match if match.isValid() else size
    return QPageLayout(chosen, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0),
                       QPageLayout.Unit.Millimeter)  # fmt: skip


class PrintCancelled(Exception):
    pass


def print_pages(
    pages: Iterable[Page],
    printer: Any,
    *,
    total: int | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Paint `pages` onto `printer` (a QPrinter, any thread); returns the number of pages."""
    painter: QPainter | None = None
    painted = 0
    current_size: tuple[float, float] | None = None
    try:
        for page in pages:
            if cancelled is not None and cancelled():
                raise PrintCancelled()
            size = (page.width, page.height)
            if size != current_size:
                printer.setPageLayout(page_layout(page))
                current_size = size
            if painter is None:
                printer.setFullPage(True)
                painter = QPainter()
                if not painter.begin(printer):
                    raise OSError("The printer could not be opened.")
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
                drawer = ScenePainter(painter, printer.resolution() / 72.0, page.height)
            else:
                printer.newPage()
            drawer.page(page)
            painted += 1
            if progress is not None:
                progress(painted, total)
    except PrintCancelled:
        if painter is not None:
            printer.abort()
        raise
    finally:
        if painter is not None and painter.isActive():
            painter.end()
    return painted
