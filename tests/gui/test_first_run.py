"""First-run questions appear inside the window (never a modal) and are stored as settings."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from lea_desktop.storage import settings


def test_first_run_panel_asks_in_the_window_and_stores_the_answers(qtbot, window, store):
    """On a fresh database the panel is shown; typing a name and choosing a partner stores both."""
    from lea_desktop.ui.first_run import FirstRunPanel

    panel = window.findChild(FirstRunPanel, "firstRunPanel")
    assert panel is not None and panel.isVisible()
    assert QApplication.activeModalWidget() is None
    panel.save_button.click()
    assert panel.error_label.isVisible()
    assert "name" in panel.error_label.text()
    qtbot.keyClicks(panel.name_edit, "Maria Rossi")
    panel.partner_combo.setCurrentIndex(panel.partner_combo.findData("Citta di Torino"))
    panel.save_button.click()
    assert settings.get(store.db, "staff.name") == "Maria Rossi"
    assert settings.get(store.db, "staff.partner") == "Citta di Torino"
    qtbot.waitUntil(lambda: window.banner_area.isHidden(), timeout=2000)


def test_no_panel_once_answered(qtbot, store, make_window):
    """With both answers stored, the window opens straight onto the work."""
    settings.set_value(store.db, "staff.name", "Maria Rossi")
    settings.set_value(store.db, "staff.partner", "ENTER")
    win = make_window(store)
    assert win.banner_area.isHidden()
    from lea_desktop.ui.first_run import FirstRunPanel

    assert win.findChild(FirstRunPanel, "firstRunPanel") is None
