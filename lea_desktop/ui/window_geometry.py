"""Where the main window opens: inside the available area of its screen (task bar and dock
excluded), at the size and place it last had on that screen.

The last geometry is remembered per screen — a laptop's own panel and the projector at the
stand each keep theirs — in `window.ini` in the data home (QSettings, INI format; read before
the database opens, so the window is placed before it is first drawn). A remembered place that
no longer fits (a smaller screen, a changed layout) is pulled back inside the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QCursor, QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

DEFAULT_SIZE = QSize(1180, 780)
FILE_NAME = "window.ini"


def _settings() -> QSettings:
    from lea_desktop.paths import data_home

    return QSettings(str(data_home() / FILE_NAME), QSettings.Format.IniFormat)


def screen_key(screen: QScreen) -> str:
    """The name a screen's geometry is remembered under (its name and full size)."""
    size = screen.geometry().size()
    name = "".join(c if c.isalnum() else "_" for c in screen.name()) or "screen"
    return f"{name}_{size.width()}x{size.height()}"


def _screen_for(window: QWidget) -> QScreen | None:
    shown = window.screen() if window.isVisible() else None
    return shown or QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()


def fit(rect: QRect, area: QRect) -> QRect:
    """`rect` moved (and, if need be, shrunk) to lie inside `area`."""
    width, height = min(rect.width(), area.width()), min(rect.height(), area.height())
    x = min(max(rect.x(), area.x()), area.right() + 1 - width)
    y = min(max(rect.y(), area.y()), area.bottom() + 1 - height)
    return QRect(x, y, width, height)


def place(window: QWidget, minimum: QSize) -> None:
    """Size and place `window` before it is shown: the remembered geometry for this screen,
    else the default size centred; either way inside the screen's available area. The minimum
    size is lowered to the available area on a screen smaller than `minimum`."""
    screen = _screen_for(window)
    if screen is None:
        window.resize(DEFAULT_SIZE)
        return
    area = screen.availableGeometry()
    window.setMinimumSize(minimum.boundedTo(area.size()))
    saved = _settings().value(f"{screen_key(screen)}/geometry")
    maximized = _settings().value(f"{screen_key(screen)}/maximized", False, type=bool)
    if isinstance(saved, QRect) and saved.isValid() and saved.intersects(area):
        rect = fit(saved, area)
    else:
        size = DEFAULT_SIZE.boundedTo(area.size())
        rect = QRect(QPoint(0, 0), size)
        rect.moveCenter(area.center())
        rect = fit(rect, area)
    window.setGeometry(rect)
    window.setProperty("placedGeometry", rect)
    if maximized:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def keep_frame_on_screen(window: QWidget) -> None:
    """Once shown (the frame's size is known then): pull the title bar and frame inside the
    available area too, shrinking the window if that is what it takes."""
    screen = window.screen()
    if screen is None or window.isMaximized() or window.isFullScreen():
        return
    if window.geometry() != window.property("placedGeometry"):
        return  # resized or moved since it was placed: that size was asked for
    area = screen.availableGeometry()
    frame = window.frameGeometry()
    if area.contains(frame):
        return
    inner = window.geometry()
    extra_w, extra_h = frame.width() - inner.width(), frame.height() - inner.height()
    moved = fit(frame, area)
    window.resize(moved.width() - extra_w, moved.height() - extra_h)
    window.move(moved.topLeft())


def remember(window: QWidget) -> None:
    """Keep the window's geometry for the screen it is on (its normal geometry if maximized)."""
    screen = window.screen()
    if screen is None:
        return
    settings = _settings()
    key = screen_key(screen)
    maximized = window.isMaximized()
    settings.setValue(
        f"{key}/geometry", window.normalGeometry() if maximized else window.geometry()
    )
    settings.setValue(f"{key}/maximized", maximized)
    settings.sync()
