"""The Cards page as staff use it: a live preview whose QR codes decode, Save PDF and Print off
the GUI thread with progress and cancel, and clear messages for details that cannot print."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PySide6.QtWidgets import QApplication, QFileDialog

from lea_desktop.printing import cards
from lea_desktop.ui import workers


def qr_texts(image) -> list[str]:
    return [
        b.text for b in zxingcpp.read_barcodes(image) if b.format == zxingcpp.BarcodeFormat.QRCode
    ]


def pdf_qr_texts(pdf: Path, page: int = 1) -> list[str]:
    """Render one page with poppler's pdftoppm and decode its QR codes."""
    from PIL import Image

    stem = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(stem)], check=True)  # fmt: skip
    with Image.open(f"{stem}.png") as im:
        return qr_texts(im.convert("L"))


@pytest.fixture
def page(qtbot, window, store, event):
    # The test screen is 800×600; a preview large enough for its codes to be read back.
    window.resize(1280, 800)
    window.context.set_active_event(event)
    page = window.open_page("cardsPage")
    qtbot.waitUntil(page.isVisible)
    qtbot.waitUntil(lambda: page.preview_image is not None, timeout=10000)
    return page


def wait_idle(qtbot) -> None:
    qtbot.waitUntil(lambda: not workers.active_tasks(), timeout=20000)


def accept_file_dialog(qtbot, path: Path) -> None:
    """Type a file name into the (non-native) save dialog and accept it, as a user would."""
    qtbot.waitUntil(lambda: any(isinstance(w, QFileDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()))  # fmt: skip
    dialog = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()
    )
    dialog.selectFile(str(path))
    dialog.accept()


def test_preview_shows_the_stand_card_whose_code_opens_the_attributed_link(page, event):
    """The first page is painted off the GUI thread; its codes decode to the campaign link."""
    expected = cards.signup_payload(event, cards.DEFAULT_SIGNUP_URL)
    codes = qr_texts(page.preview_image)
    assert codes and set(codes) == {expected}
    assert page.preview_caption.text() == "Page 1 of 1"
    # readable: host and path, not the raw link with its utm_ parameters (that is the tooltip)
    assert page.target_label.text() == (
        "The code opens learntechaccelerator.eu, tagged with this event."
    )
    assert "utm_" not in page.target_label.text()
    assert page.target_label.toolTip() == expected
    assert page.preview.pixmap() is not None and not page.preview.pixmap().isNull()


def test_staff_card_preview_follows_what_is_typed_and_bad_email_is_explained(
    qtbot, page, type_into
):
    """Switching to a staff card shows its fields; a wrong email disables Save and Print with a
    message; a good one brings the vCard preview back."""
    page.set_kind("staff")
    page.layout_combo.setCurrentIndex(page.layout_combo.findData("single"))  # a large preview
    assert page.email_edit.isVisible() and not page.event_combo.isVisible()
    page.name_edit.clear()
    type_into(page.name_edit, "Anna Müller, Jr.; ö")
    page.org_edit.setText("EUN Partnership")
    type_into(page.email_edit, "anna@")
    qtbot.waitUntil(lambda: page.error_label.isVisible(), timeout=5000)
    assert "Not a valid email" in page.error_label.text()
    assert not page.save_button.isEnabled() and not page.print_button.isEnabled()
    type_into(page.email_edit, "example.fi")
    qtbot.waitUntil(
        lambda: page.preview_image is not None and not page.error_label.isVisible(), timeout=10000
    )
    wait_idle(qtbot)
    [code] = set(qr_texts(page.preview_image))
    assert "FN:Anna Müller\\, Jr.\\; ö" in code and "EMAIL;TYPE=INTERNET:anna@example.fi" in code
    assert page.save_button.isEnabled()


def test_save_pdf_writes_the_cards_in_the_background(qtbot, page, tmp_path, event):
    """Save PDF… → file dialog → the PDF is written on a worker; 10 codes on the A4 page."""
    out = tmp_path / "stand.pdf"
    qtbot.mouseClick(page.save_button, qtbot_left())
    accept_file_dialog(qtbot, out)
    wait_idle(qtbot)
    assert out.exists()
    assert pdf_qr_texts(out) == [cards.signup_payload(event, cards.DEFAULT_SIGNUP_URL)] * 10
    assert page.open_button.isEnabled() and page.last_pdf == out
    assert not page.progress.isVisible()


def test_a_long_job_shows_progress_and_cancel_leaves_no_file(qtbot, page, tmp_path):
    """Thousands of cards: the progress bar and Cancel appear; cancelling writes nothing."""
    page.count_spin.setValue(cards.MAX_COUNT)
    page.set_kind("paper")
    page.count_spin.setValue(2000)
    out = tmp_path / "many.pdf"
    page.save_to(out)
    assert page.progress.isVisible() and page.cancel_button.isVisible()
    assert not page.save_button.isEnabled()
    qtbot.mouseClick(page.cancel_button, qtbot_left())
    wait_idle(qtbot)
    assert not out.exists()
    assert not any(p.name.endswith(".partial") for p in tmp_path.iterdir())
    assert not page.progress.isVisible() and page.save_button.isEnabled()


def test_paper_sheets_carry_the_public_forms_code_when_the_databank_is_known(
    qtbot, page, tmp_path, store, event
):
    """With the databank's public address known, the saved paper sheet carries two codes: its
    sheet id and the event's public sign-up form."""
    from lea_desktop.storage import settings

    settings.set_value(store.db, "databank.public_url", "https://databank.lea.example.eu")
    page.set_kind("paper")
    page.count_spin.setValue(1)
    out = tmp_path / "sheet.pdf"
    page.save_to(out)
    wait_idle(qtbot)
    codes = pdf_qr_texts(out)
    join = f"https://databank.lea.example.eu/join/{event.slug}"
    assert join in codes and len(codes) == 2
    [sheet_id] = [c for c in codes if c != join]
    assert len(sheet_id) == 6 and sheet_id.isalnum()


def test_print_goes_through_the_system_print_dialog(qtbot, page, tmp_path, event):
    """Print… opens QtPrintSupport's dialog; once accepted the pages are painted on the printer
    (here a PDF printer) off the GUI thread, and the printed codes decode."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    out = tmp_path / "printed.pdf"
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    page.printer = printer
    page.count_spin.setValue(12)
    qtbot.mouseClick(page.print_button, qtbot_left())
    qtbot.waitUntil(lambda: page.findChild(QPrintDialog, "printDialog") is not None)
    dialog = page.findChild(QPrintDialog, "printDialog")
    printer.setOutputFileName(str(out))  # the dialog may re-read the printer's defaults
    dialog.accept()
    wait_idle(qtbot)
    assert out.exists()
    assert pdf_qr_texts(out, 1) == [cards.signup_payload(event, cards.DEFAULT_SIGNUP_URL)] * 10
    assert len(pdf_qr_texts(out, 2)) == 2


def test_open_last_pdf_hands_the_file_to_the_system_viewer(qtbot, page, tmp_path, monkeypatch):
    """After saving, Open last PDF opens that file with the system's viewer."""
    from lea_desktop.ui.pages import cards as cards_page

    opened = []
    monkeypatch.setattr(cards_page, "open_file", lambda path: opened.append(path) or True)
    out = tmp_path / "cards.pdf"
    page.save_to(out)
    wait_idle(qtbot)
    qtbot.mouseClick(page.open_button, qtbot_left())
    assert opened == [out]


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_the_staff_cards_email_and_phone_are_remembered_for_next_time(
    qtbot, page, tmp_path, store, type_into
):
    """Staff type their email and phone once: after a staff card is saved, the Cards page of
    the next start is filled in with them."""
    from lea_desktop.storage import settings
    from lea_desktop.ui.pages.cards import CardsPage

    page.set_kind("staff")
    page.name_edit.setText("Anna Müller")
    page.org_edit.setText("EUN Partnership")
    page.email_edit.clear()
    type_into(page.email_edit, "anna@example.fi")
    type_into(page.phone_edit, "+358 40 123 4567")
    qtbot.waitUntil(page.save_button.isEnabled, timeout=10000)
    out = tmp_path / "me.pdf"
    qtbot.mouseClick(page.save_button, qtbot_left())
    accept_file_dialog(qtbot, out)
    wait_idle(qtbot)
    assert out.exists()
    assert settings.get(store.db, "staff.email") == "anna@example.fi"
    assert settings.get(store.db, "staff.phone") == "+358 40 123 4567"

    again = CardsPage(page.context)  # as the next start builds it
    qtbot.addWidget(again)
    assert again.email_edit.text() == "anna@example.fi"
    assert again.phone_edit.text() == "+358 40 123 4567"
    wait_idle(qtbot)
