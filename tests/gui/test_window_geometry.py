"""The main window opens inside the screen's available area, comes back where it was on that
screen, and at the minimum size nothing is cut: Save reachable, language buttons whole, the
form in one column rather than scrolling sideways."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSettings, QSize
from PySide6.QtWidgets import QApplication, QWidget

from lea_desktop.ui import window_geometry
from lea_desktop.ui.main_window import MIN_HEIGHT, MIN_WIDTH


def _area():
    return QApplication.primaryScreen().availableGeometry()


def test_the_window_opens_inside_the_available_area(make_window, store):
    window = make_window(store)
    assert _area().contains(window.geometry()), (window.geometry(), _area())


def test_closing_remembers_the_geometry_for_this_screen(make_window, store, data_home):
    window = make_window(store)
    window.close()
    ini = QSettings(str(data_home / window_geometry.FILE_NAME), QSettings.Format.IniFormat)
    key = window_geometry.screen_key(QApplication.primaryScreen())
    assert ini.value(f"{key}/geometry") == window.geometry()


def test_the_last_geometry_comes_back_on_the_same_screen_only(qtbot, data_home):
    """(On a plain widget: the test screen is hardly bigger than the main window's minimum.)"""
    first = QWidget()
    qtbot.addWidget(first)
    window_geometry.place(first, QSize(200, 150))
    assert _area().contains(first.geometry())
    first.show()
    first.setGeometry(QRect(40, 30, 500, 400))
    window_geometry.remember(first)
    second = QWidget()
    qtbot.addWidget(second)
    window_geometry.place(second, QSize(200, 150))
    assert second.geometry() == QRect(40, 30, 500, 400)
    # What was remembered for another screen is not used here; a place off this screen is
    # pulled back inside it.
    ini = QSettings(str(data_home / window_geometry.FILE_NAME), QSettings.Format.IniFormat)
    key = window_geometry.screen_key(QApplication.primaryScreen())
    ini.remove(key)
    ini.setValue("Projector_1920x1080/geometry", QRect(100, 100, 1600, 900))
    ini.setValue(f"{key}/geometry", QRect(-300, 100, 450, 350))
    ini.sync()
    third = QWidget()
    qtbot.addWidget(third)
    window_geometry.place(third, QSize(200, 150))
    assert _area().contains(third.geometry())
    assert third.geometry().size() == QSize(450, 350)


def test_fit_keeps_a_rect_inside_the_area():
    area = QRect(0, 0, 1280, 680)
    assert window_geometry.fit(QRect(0, 0, 1180, 780), area) == QRect(0, 0, 1180, 680)
    assert window_geometry.fit(QRect(900, 500, 600, 400), area) == QRect(680, 280, 600, 400)


def _signup_at(qtbot, window, width: int, height: int):
    window.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
    window.resize(width, height)
    window.context.reload_active_event()
    page = window.open_page("signupPage")
    qtbot.waitUntil(lambda: page.isVisible())
    qtbot.wait(20)
    return page


def _inside_window(window, widget) -> bool:
    top_left = widget.mapTo(window, widget.rect().topLeft())
    bottom_right = widget.mapTo(window, widget.rect().bottomRight())
    return window.rect().contains(top_left) and window.rect().contains(bottom_right)


def test_at_1280x720_and_at_the_minimum_size_save_is_reachable(qtbot, window, event):
    for width, height in ((1280, 720), (MIN_WIDTH, MIN_HEIGHT)):
        page = _signup_at(qtbot, window, width, height)
        assert page.save_button.isVisible() and _inside_window(window, page.save_button)
        # The language buttons keep their whole code ("EN", never "…").
        for button in page.language_switch.buttons.values():
            needed = button.fontMetrics().horizontalAdvance(button.text())
            assert button.width() >= needed + 8, (button.text(), button.width())
        # No sideways scrolling: the form fits the width (one column if need be).
        bar = page.scroll.horizontalScrollBar()
        assert bar.maximum() == 0 or not bar.isVisible()
        for editor in page.form_widget.editors.values():
            assert (
                _inside_window(window, editor.block)
                or not editor.block.isVisible()
                or (
                    editor.block.mapTo(page.scroll.viewport(), editor.block.rect().topLeft()).y()
                    > page.scroll.viewport().height()  # below the fold: reached by scrolling down
                )
                or editor.block.mapTo(page.scroll.viewport(), editor.block.rect().topLeft()).y() < 0
            )


def test_a_narrow_form_goes_to_one_column(qtbot, styled_app):
    """Short fields sit two to a row on a wide form, one under the other on a narrow one (a
    follower editor or kiosk on a small screen): never a sideways scroll."""
    from lea_desktop.formkit import load_form
    from lea_desktop.ui.forms.form_widget import ONE_COLUMN_BELOW, FormWidget

    form = FormWidget(load_form("follower_signup"))
    qtbot.addWidget(form)
    form.resize(900, 1400)
    form.show()
    qtbot.waitExposed(form)
    org, name = (form.editors[f].block for f in ("organisation", "contact_name"))
    qtbot.waitUntil(lambda: form.columns == 2 and name.x() > org.x())
    assert name.y() == org.y()
    form.resize(590, 1800)
    qtbot.waitUntil(lambda: form.columns == 1 and name.y() > org.y())
    assert name.x() == org.x()
    # In one column the whole form fits the width it switched at: no sideways scroll.
    assert form.minimumSizeHint().width() <= ONE_COLUMN_BELOW


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_at_the_minimum_size_no_page_cuts_its_buttons_or_scrolls_sideways(
    qtbot, styled_app, make_window, store, event, lang
):
    """At 960×600, first-run questions showing, in English and in Finnish: every button on
    every page is as wide as its text needs, and no page needs a sideways scroll (the pages
    without a list of their own scroll down instead of squeezing)."""
    from PySide6.QtGui import QFont, QFontMetrics
    from PySide6.QtWidgets import QProgressBar, QPushButton, QScrollArea

    from lea_desktop.ui import i18n

    i18n.install(styled_app, lang)
    try:
        window = make_window(store)
        window.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        window.resize(MIN_WIDTH, MIN_HEIGHT)
        window.context.reload_active_event()
        for name in window.page_names():
            page = window.open_page(name)
            qtbot.waitUntil(page.isVisible)
            qtbot.wait(10)
            for button in page.findChildren(QPushButton):
                if button.isVisible():
                    assert button.width() >= button.sizeHint().width(), (name, button.text())
            bold = QFont(page.font())
            bold.setBold(True)
            for bar in page.findChildren(QProgressBar):  # the targets' words are on the bars
                if bar.isVisible() and bar.isTextVisible() and bar.text():
                    needed = QFontMetrics(bold).horizontalAdvance(bar.text())
                    assert bar.width() >= needed, (name, bar.text())
            for area in window.findChildren(QScrollArea):
                if area.isVisible():
                    bar = area.horizontalScrollBar()
                    qtbot.waitUntil(lambda bar=bar: bar.maximum() == 0, timeout=2000)
    finally:
        i18n.install(styled_app, "en")
