"""The staff screens in Finnish, the Qt way: every translate() string of lea_desktop/ui/ is in
resources/i18n/lea_desktop_fi.ts with a finished translation, the compiled .qm is current, and
with `ui.language = fi` the pages show Finnish words, not English ones."""

from __future__ import annotations

import shutil
import string
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

import lea_desktop
from lea_desktop.storage import settings
from lea_desktop.ui import i18n

ROOT = Path(lea_desktop.__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _messages(ts: Path) -> list[tuple[str, str, str | None]]:
    """(source, translation, type) of every message of a .ts file."""
    found = []
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        found.append((message.findtext("source"), translation.text or "", translation.get("type")))
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_staff_string_has_a_finished_finnish_translation(tmp_path):
    """lupdate run again on today's code finds nothing new, and nothing is unfinished; each
    translation keeps the placeholders its English source fills in."""
    ts = tmp_path / "fi.ts"
    shutil.copy(i18n.ts_file("fi"), ts)
    sources = sorted(str(p) for p in (ROOT / "lea_desktop" / "ui").rglob("*.py"))
    out = subprocess.run(
        [str(BIN / "pyside6-lupdate"), *sources, "-no-obsolete", "-ts", str(ts)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "(0 new and" in out.stdout, out.stdout
    messages = _messages(ts)
    assert len(messages) > 300
    unfinished = [src for src, _tr, kind in messages if kind == "unfinished"]
    assert unfinished == []
    for source, translation, _kind in messages:
        assert translation.strip(), source
        assert _fields(translation) == _fields(source), (source, translation)


def test_the_compiled_translation_is_current(tmp_path):
    qm = tmp_path / "fi.qm"
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(i18n.ts_file("fi")), "-qm", str(qm)],
        capture_output=True,
        check=True,
    )
    assert qm.read_bytes() == i18n.qm_file("fi").read_bytes(), "run `make translations`"


@pytest.fixture
def finnish(styled_app):
    assert i18n.install(styled_app, "fi") == "fi"
    yield
    i18n.install(styled_app, "en")


def _visible_texts(widget: QWidget) -> list[str]:
    texts = []
    for child in widget.findChildren(QWidget):
        if not child.isVisible():
            continue
        if isinstance(child, QLabel | QAbstractButton) and child.text():
            texts.append(child.text())
    return texts


def test_in_finnish_the_pages_speak_finnish(qtbot, finnish, make_window, store, event):
    english = {src for src, tr, _k in _messages(i18n.ts_file("fi")) if tr != src}
    window = make_window(store)
    window.resize(1280, 800)
    window.context.reload_active_event()
    nav = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert nav[:3] == ["Ilmoittautuminen", "Seuraajat", "Tapahtumat"]
    assert "Tietosuoja" in nav and "Synkronointi" in nav
    titles = {
        "followersPage": "Seuraajat",
        "eventsPage": "Tapahtumat",
        "cardsPage": "Kortit ja paperilomakkeet",
        "dashboardPage": "Yleiskatsaus",
        "syncPage": "Synkronointi",
        "privacyPage": "Tietosuoja",
    }
    for name, title in titles.items():
        page = window.open_page(name)
        qtbot.waitUntil(page.isVisible)
        shown = _visible_texts(page)
        assert title in shown, (name, shown[:10])
        left_in_english = [t for t in shown if t in english]
        assert left_in_english == [], (name, left_in_english)
    # The header and status bar are the staff's too.
    assert window.change_event_button.text() == "Vaihda…"


def test_the_language_comes_from_the_setting_else_the_computer(store, data_home, styled_app):
    database = data_home / "lea.sqlite"
    assert i18n.chosen_language(database) == i18n.system_language()
    settings.set_value(store.db, "ui.language", "fi")
    assert i18n.chosen_language(database) == "fi"
    with pytest.raises(settings.SettingError):
        settings.set_value(store.db, "ui.language", "xx")
    assert i18n.chosen_language(data_home / "missing.sqlite") == i18n.system_language()


def test_choosing_the_language_in_the_window_stores_it(qtbot, window, store):
    combo = window.ui_language
    assert combo.currentData() == "en"
    combo.setCurrentIndex(combo.findData("fi"))
    combo.activated.emit(combo.currentIndex())
    assert settings.get(store.db, "ui.language") == "fi"
    assert "next start" in window.statusBar().currentMessage()


def test_the_app_starts_in_the_language_set(data_home, store, styled_app, monkeypatch):
    """`lea-desktop` with ui.language = fi: the window it opens is in Finnish."""
    from lea_desktop.ui import app as app_module
    from lea_desktop.ui.main_window import MainWindow

    settings.set_value(store.db, "ui.language", "fi")
    store.close()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    seen: dict = {}

    def close_when_ready():
        windows = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        if not windows or not windows[0].nav.isEnabled():
            QTimer.singleShot(20, close_when_ready)
            return
        seen["nav"] = windows[0].nav.item(1).text()
        windows[0].close()

    QTimer.singleShot(0, close_when_ready)
    try:
        assert app_module.run() == 0
    finally:
        i18n.install(styled_app, "en")
    assert seen["nav"] == "Seuraajat"
