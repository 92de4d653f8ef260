"""GUI fixtures: the real main window over a real store in the test's own data home, and
helpers that drive the sign-up form the way staff do (typing, ticking, picking a country)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget


@pytest.fixture(autouse=True)
def drain_workers(qtbot):
    """After each GUI test: cancel background work and let it finish before the data home goes."""
    yield
    from lea_desktop.ui import workers

    workers.shutdown(5000)
    qtbot.waitUntil(lambda: not workers.active_tasks(), timeout=5000)


@pytest.fixture
def styled_app(qapp):
    """The pytest-qt QApplication with the app's style applied (as `lea-desktop` runs it)."""
    from lea_desktop.ui.app import create_application

    return create_application()


@pytest.fixture
def context(store, styled_app):
    from lea_desktop.ui.context import AppContext

    return AppContext(store)


@pytest.fixture
def window(qtbot, store, styled_app):
    """The main window as `lea-desktop` opens it (first-run panel included when needed)."""
    from lea_desktop.ui import workers
    from lea_desktop.ui.app import build_window

    win = build_window(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    workers.shutdown(5000)
    qtbot.waitUntil(lambda: not workers.active_tasks(), timeout=5000)
    dispose(win)


@pytest.fixture
def make_window(qtbot, styled_app):
    """make_window(store) → a shown main window, deleted after the test."""
    from lea_desktop.ui.app import build_window

    made = []

    def make(store, **kwargs):
        win = build_window(store, **kwargs)
        qtbot.addWidget(win)
        win.show()
        made.append(win)
        return win

    yield make
    for win in made:
        dispose(win)


def dispose(widget: QWidget) -> None:
    """Close and really delete a window (pytest-qt only closes it), so tests do not slow down
    as hundreds of old widgets pile up. A window the test closed may be gone already (pytest-qt
    deletes what it closed once a key press left events to process)."""
    from shiboken6 import isValid

    if not isValid(widget):
        return
    widget.close()
    widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type `text` as key presses. QTest's keyClicks only knows ASCII, so any other character
    (ä, Σ, ש, emoji…) is sent as a key event carrying that text, as a keyboard layout or
    input method delivers it."""
    for ch in text:
        if ch.isascii() and (ch.isprintable() or ch == "\n"):
            if ch == "\n":
                qtbot.keyClick(widget, Qt.Key.Key_Return)
            else:
                qtbot.keyClicks(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def click_box(qtbot, box: QCheckBox) -> None:
    """Click a checkbox on its indicator, where a user aims."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def _fill_form(qtbot, form_widget, answers: dict[str, Any]) -> None:
    """Type each answer into its widget (found by objectName `field_<id>`), in form order."""
    for field in form_widget.fields:
        if field.id not in answers:
            continue
        value = answers[field.id]
        if field.type == "multichoice":
            for choice in field.choices:
                box = form_widget.findChild(QCheckBox, f"field_{field.id}_{choice.value}")
                if box.isChecked() != (choice.value in value):
                    click_box(qtbot, box)
            continue
        widget = form_widget.findChild(QWidget, f"field_{field.id}")
        if isinstance(widget, QCheckBox):
            if widget.isChecked() != bool(value):
                click_box(qtbot, widget)
        elif isinstance(widget, QComboBox) and widget.isEditable():
            _pick_country(qtbot, widget, value)
        elif isinstance(widget, QComboBox):  # a single choice: pick the item as a user does
            widget.setFocus()
            index = widget.findData(str(value or ""))
            assert index >= 0, (field.id, value)
            widget.setCurrentIndex(index)
        elif isinstance(widget, QLineEdit | QPlainTextEdit):
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                widget.clear()
            else:
                widget.setPlainText("")
            if value:
                type_text(qtbot, widget, str(value))
        else:  # pragma: no cover - a new field type needs a helper here
            raise AssertionError(f"no helper for {field.id} ({type(widget).__name__})")


def _pick_country(qtbot, combo: QComboBox, code_or_text: str) -> None:
    """Type the country's name (or the given text) into the combo and pick the completion."""
    from lea_desktop.domain.countries import country_name

    combo.setFocus()
    combo.lineEdit().clear()
    lang = getattr(combo, "lang", "en")
    text = country_name(code_or_text, lang) if len(code_or_text) == 2 else code_or_text
    type_text(qtbot, combo.lineEdit(), text)
    popup = combo.completer().popup()
    if popup.isVisible():
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)


@pytest.fixture
def fill_form(qtbot):
    """fill_form(form_widget, answers): type/tick/pick each answer like a user."""
    return lambda form_widget, answers: _fill_form(qtbot, form_widget, answers)


@pytest.fixture
def pick_country(qtbot):
    """pick_country(combo, code_or_text): type into the country box and take the completion."""
    return lambda combo, text: _pick_country(qtbot, combo, text)


@pytest.fixture
def type_into(qtbot):
    """type_into(widget, text): key presses for any text, ASCII or not."""
    return lambda widget, text: type_text(qtbot, widget, text)
