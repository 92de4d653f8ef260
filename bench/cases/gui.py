"""Driving the real GUI inside a benchmark process (offscreen): the app's QApplication and window."""

from __future__ import annotations

import os
import time
from typing import Any

from bench.harness import BenchError


def application() -> Any:
    """The app's QApplication (its style and stylesheet), offscreen unless told otherwise."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from lea_desktop.ui.app import create_application
    except ImportError as exc:
        raise BenchError(f"the GUI cannot be imported: {exc}") from exc
    return create_application([])


def main_window(store: Any) -> Any:
    """The app's main window over `store`, shown, as `lea-desktop` builds it."""
    try:
        from lea_desktop.ui.app import build_window
    except ImportError as exc:
        raise BenchError(f"lea_desktop.ui.app has no build_window: {exc}") from exc
    window = build_window(store)
    window.resize(1280, 800)
    window.show()
    settle()
    return window


def settle(seconds: float = 0.05) -> None:
    """Let the event loop run pending work (paints, deferred single-shot timers)."""
    from PySide6.QtWidgets import QApplication

    end = time.perf_counter() + seconds
    while True:
        QApplication.processEvents()
        if time.perf_counter() >= end:
            break
        time.sleep(0.002)


def page(window: Any, object_name: str) -> Any:
    """Open the page `object_name` in the window and return it."""
    try:
        widget = window.open_page(object_name)
    except Exception as exc:
        raise BenchError(f"the main window cannot open {object_name}: {exc}") from exc
    settle()
    return widget


def type_text(widget: Any, text: str) -> None:
    """Type `text` into `widget` as key presses (QTest's ASCII key map cannot type "ä")."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        key = Qt.Key(ord(ch.upper())) if ch.isascii() and ch.isalnum() else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))
