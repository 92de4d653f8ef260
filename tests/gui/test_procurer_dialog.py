"""From a follower's editor to the LEA-N procurer dialog: set the letter of intent's status and
tasks, save and open its PDF; add an assistance request and print it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QFileDialog

from lea_desktop.storage import registrations
from lea_desktop.ui import follower_editor, procurer_dialog, workers
from lea_desktop.usecases import followers, procurers

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def follower(store, event, good_answers):
    result = followers.save_new(store, {**good_answers, "organisation": "Gemeente Utrecht"},
                                event_id=event.id)  # fmt: skip
    assert result.ok
    return result.registration


@pytest.fixture
def dialog(qtbot, window, follower):
    editor = follower_editor.open_follower_editor(window.context, follower.id, window)
    qtbot.waitUntil(editor.isVisible)
    qtbot.mouseClick(editor.procurer_button, LEFT)
    qtbot.waitUntil(lambda: editor.procurer is not None and editor.procurer.isVisible())
    return editor.procurer


def accept_file_dialog(qtbot, path: Path) -> None:
    qtbot.waitUntil(lambda: any(isinstance(w, QFileDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()))  # fmt: skip
    box = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()
    )
    box.selectFile(str(path))
    box.accept()


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(str(path)).pages)


def test_letter_status_tasks_and_printout(qtbot, dialog, store, follower, tmp_path, monkeypatch):
    """Signed on a date, two tasks ticked, the signer named: saved on the follower and as its
    letter record; Save and open PDF writes the letter and hands it to the system viewer."""
    opened: list[Path] = []
    monkeypatch.setattr(procurer_dialog, "open_file", lambda p: opened.append(p) or True)
    assert dialog.loi_widget.answers()["organisation"] == "Gemeente Utrecht"
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("signed"))
    dialog.date_edit.setDate(QDate(2026, 1, 15))
    for value in ("capacity_building", "demand_policy"):
        box = dialog.loi_widget.findChild(QCheckBox, f"field_tasks_{value}")
        qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))  # on the indicator
    dialog.loi_widget.input_widget("representative").setText("Jan de Vries")
    qtbot.mouseClick(dialog.loi_save_button, LEFT)
    stored = registrations.get(store.db, follower.id)
    assert (stored.loi_status, stored.loi_date) == ("signed", "2026-01-15")
    letter = procurers.letter_of_intent(store, follower.id)
    assert letter.answers["tasks"] == ["capacity_building", "demand_policy"]
    assert letter.answers["representative"] == "Jan de Vries"

    out = tmp_path / "loi.pdf"
    qtbot.mouseClick(dialog.loi_pdf_button, LEFT)
    accept_file_dialog(qtbot, out)
    qtbot.waitUntil(lambda: not workers.active_tasks(), timeout=15000)
    assert opened == [out]
    text = pdf_text(out)
    assert "Gemeente Utrecht" in text and "☒ attend capacity building seminars" in text
    assert "☐ take part in possible upcoming PPI and PCP initiatives" in text


def test_assistance_request_is_saved_listed_and_printed(qtbot, dialog, store, follower, tmp_path,
                                                         monkeypatch, type_into):  # fmt: skip
    """A request typed into the form is saved as a child record, listed, and printed filled in;
    leaving out the requested assistance shows a message under that field."""
    monkeypatch.setattr(procurer_dialog, "open_file", lambda p: True)
    dialog.tabs.setCurrentIndex(1)
    qtbot.mouseClick(dialog.assistance_save_button, LEFT)
    assert "assistance" in dialog.assistance_widget.errors()
    assert procurers.assistance_requests(store, follower.id) == []
    type_into(dialog.assistance_widget.input_widget("assistance"), "Help with tender documents")
    type_into(dialog.assistance_widget.input_widget("timeline"), "Q3 2027")
    qtbot.mouseClick(dialog.assistance_save_button, LEFT)
    [saved] = procurers.assistance_requests(store, follower.id)
    assert saved.answers["organisation"] == "Gemeente Utrecht"
    assert saved.answers["assistance"] == "Help with tender documents"
    assert "Help with tender documents" in dialog.request_list.item(0).text()
    assert dialog.assistance_widget.answers()["assistance"] == ""  # ready for the next one

    out = tmp_path / "request.pdf"
    qtbot.mouseClick(dialog.assistance_pdf_button, LEFT)
    accept_file_dialog(qtbot, out)
    qtbot.waitUntil(lambda: not workers.active_tasks(), timeout=15000)
    text = pdf_text(out)
    assert "Help with tender documents" in text and "Q3 2027" in text and "Gemeente Utrecht" in text
