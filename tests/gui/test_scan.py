"""Scan to prefill on the sign-up page: frames pushed through Qt's own frame input (the virtual
camera of QtMultimedia) into the real capture session, preview and decoder thread; the form's
empty fields filled and highlighted, typed ones kept; the card photo kept with the sign-up."""

from __future__ import annotations

import stat

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from lea_desktop.storage import registrations

VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Müller\\, Jr.\\; ö\r\nORG:Koulu Oy\r\n"
    "EMAIL:anna@example.fi\r\nTEL:+358 40 123 4567\r\nURL:https://example.fi\r\n"
    "ADR:;;Katu 1;Helsinki;;00100;Finland\r\nEND:VCARD\r\n"
)


def code_frame(payload: str, size=(1280, 720)) -> QImage:
    """A webcam-sized frame with a QR code of `payload` in it (a badge held up to the camera)."""
    import qrcode
    from PIL import Image

    code = qrcode.make(payload.encode("utf-8"), box_size=5).get_image().convert("L")
    frame = Image.new("L", size, 190)
    frame.paste(code, (size[0] // 3, size[1] // 6))
    rgb = frame.convert("RGB")
    data = rgb.tobytes()
    image = QImage(data, rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888)
    return image.copy()  # own its pixels


def blank_frame(size=(1280, 720)) -> QImage:
    image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.lightGray)
    return image


class VirtualCamera:
    """QtMultimedia's QVideoFrameInput: frames sent here go through the capture session."""

    def __init__(self):
        from PySide6.QtMultimedia import QVideoFrameInput

        self.input = QVideoFrameInput()

    def send(self, image: QImage) -> bool:
        from PySide6.QtMultimedia import QVideoFrame

        return self.input.sendVideoFrame(QVideoFrame(image))


@pytest.fixture
def page(qtbot, window, event):
    window.context.reload_active_event()
    page = window.open_page("signupPage")
    qtbot.waitUntil(lambda: page.isVisible())
    return page


def stream_until(qtbot, camera, image, done, timeout=15000):
    """Send `image` at ~30 frames a second until `done()`."""

    def step():
        if not done():
            camera.send(image)
        return done()

    qtbot.waitUntil(step, timeout=timeout)


def test_a_badge_fills_only_the_empty_fields_and_highlights_them(
    qtbot, page, store, type_into, fill_form
):
    form = page.form_widget
    type_into(form.input_widget("organisation"), "Oulun yliopisto")  # typed first: kept
    camera = VirtualCamera()
    dialog = page.open_scanner(source=camera.input)
    assert dialog is not None and dialog.isVisible()
    # Frames are read on the decoder's own thread, not the GUI thread.
    assert dialog.decoder.thread() is not QApplication.instance().thread()
    assert isinstance(dialog.decoder.thread(), QThread)

    stream_until(qtbot, camera, blank_frame(), lambda: dialog.frames_decoded >= 2)
    assert dialog.isVisible() and dialog.answers == {}
    stream_until(qtbot, camera, code_frame(VCARD), lambda: page.scan_dialog is None)

    answers = form.answers()
    assert answers["organisation"] == "Oulun yliopisto"
    assert answers["contact_name"] == "Anna Müller, Jr.; ö"
    assert answers["email"] == "anna@example.fi"
    assert answers["phone"] == "+358 40 123 4567"
    assert answers["website"] == "https://example.fi"
    assert (answers["city"], answers["country"]) == ("Helsinki", "FI")
    filled = ["contact_name", "email", "phone", "country", "city", "website"]
    assert form.prefilled == filled
    for fid in filled:
        assert form.input_widget(fid).property("prefilled") is True
    assert form.input_widget("organisation").property("prefilled") in (None, False)
    banner = page.scan_banner.label.text()
    assert banner.startswith("Filled from the code: Contact name, Email, Phone, Country, City")
    assert "check" in banner
    # Focus goes to the first field to check; editing one takes its highlight away.
    # (the window's focus widget: offscreen, no window is active once the dialog has gone)
    qtbot.waitUntil(lambda: page.window().focusWidget() is form.input_widget("contact_name"))
    type_into(form.input_widget("contact_name"), "Anna Müller")
    assert form.input_widget("contact_name").property("prefilled") is False
    assert "contact_name" not in form.prefilled

    fill_form(form, {"types": ["school"], "consent_contact": True})
    assert page.save()
    (saved,) = list(registrations.iter_all(store.db))
    assert saved.answers["organisation"] == "Oulun yliopisto"
    assert saved.answers["email"] == "anna@example.fi"
    assert saved.answers["phone"] == "+358401234567"  # validated as if typed
    assert form.prefilled == [] and page.scan_banner.isHidden()


def test_a_second_scan_never_overwrites_what_the_first_filled_or_was_typed(qtbot, page):
    form = page.form_widget
    assert page.fill_from_scan({"email": "first@example.org", "city": "Turku"}) == [
        "email",
        "city",
    ]
    assert page.fill_from_scan(
        {"email": "second@example.org", "city": "Pori", "organisation": "X Oy"}
    ) == ["organisation"]
    assert form.answers()["email"] == "first@example.org"
    assert page.fill_from_scan({"email": "third@example.org"}) == []
    assert "nothing was changed" in page.scan_banner.label.text()
    page.clear_form()
    assert form.prefilled == [] and form.filled_fields() == []


def test_a_code_without_contact_details_keeps_the_scanner_open_and_says_so(qtbot, page):
    camera = VirtualCamera()
    dialog = page.open_scanner(source=camera.input)
    stream_until(
        qtbot,
        camera,
        code_frame("TICKET 000123"),
        lambda: "no contact details" in dialog.status.text(),
    )
    assert dialog.isVisible() and page.form_widget.filled_fields() == []
    qtbot.mouseClick(
        dialog.findChild(type(dialog.photo_button), "scanCloseButton"), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: page.scan_dialog is None)


def test_a_photo_of_the_card_is_kept_with_the_saved_sign_up_only(
    qtbot, page, store, data_home, fill_form, good_answers
):
    camera = VirtualCamera()
    dialog = page.open_scanner(source=camera.input)
    stream_until(qtbot, camera, blank_frame(), lambda: dialog.photo_button.isEnabled())
    with qtbot.waitSignal(dialog.photoTaken, timeout=10000):
        qtbot.mouseClick(dialog.photo_button, Qt.MouseButton.LeftButton)
    assert page.card_photo is not None and page.card_photo[:3] == b"\xff\xd8\xff"
    assert (
        "photo of the card" in dialog.status.text().lower() or "Photo kept" in dialog.status.text()
    )
    dialog.reject()
    qtbot.waitUntil(lambda: page.scan_dialog is None)
    assert page.unsaved_work()  # a photo alone is a sign-up in progress
    assert not (data_home / "card-photos").exists()  # nothing on disk before the save

    # (a desktop gives the window back its activation when the dialog goes; offscreen does not)
    page.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page.window())
    fill_form(page.form_widget, good_answers)
    assert page.save(), (page.form_widget.errors(), page.form_widget.answers())
    (saved,) = list(registrations.iter_all(store.db))
    photo = data_home / "card-photos" / f"{saved.id}.jpg"
    assert photo.is_file() and stat.S_IMODE(photo.stat().st_mode) == 0o600
    assert page.card_photo is None

    # A photo taken for a visitor who then walks away goes with the cleared form.
    page.keep_card_photo(photo.read_bytes())
    assert page.card_photo_button.isVisible()
    page.clear_form()
    assert page.card_photo is None and len(list((data_home / "card-photos").iterdir())) == 1


def test_without_a_camera_the_button_says_so(qtbot, page):
    from lea_desktop.ui import camera_scan

    if camera_scan.cameras():
        pytest.skip("this machine has a camera")
    assert page.check_camera() is False
    assert page.scan_button.text() == "No camera"
    assert not page.scan_button.isEnabled()
    assert "No camera found" in page.scan_button.toolTip()
    assert page.open_scanner() is None
    assert page.scan_dialog is None


def test_ctrl_b_opens_the_scanner(qtbot, page, monkeypatch):
    opened = []
    monkeypatch.setattr(page, "open_scanner", lambda **kw: opened.append(kw))
    page.form_widget.focus_field()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert opened == [{}]


def test_the_follower_editor_shows_the_card_photo_for_keying_in_and_removes_it(
    qtbot, window, store, event, good_answers, data_home
):
    from PySide6.QtWidgets import QLabel

    from lea_desktop.ui.follower_editor import open_follower_editor
    from lea_desktop.usecases import card_photos, followers

    with_photo = followers.save_new(store, good_answers, event_id=event.id).registration
    without = followers.save_new(
        store, {**good_answers, "email": "other@example.fi"}, event_id=event.id
    ).registration
    image = code_frame("card")
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG")
    card_photos.attach(store, with_photo.id, bytes(buffer.data()))

    editor = open_follower_editor(window.context, without.id, window)
    assert editor.card_photo_button.isHidden()
    editor.reject()
    editor = open_follower_editor(window.context, with_photo.id, window)
    qtbot.waitUntil(editor.isVisible)
    assert editor.card_photo_button.isVisible()
    qtbot.mouseClick(editor.card_photo_button, Qt.MouseButton.LeftButton)
    dialog = editor.findChild(QLabel, "cardPhoto").window()
    assert not editor.findChild(QLabel, "cardPhoto").pixmap().isNull()
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert card_photos.photo_path(store, with_photo.id) is None
    assert editor.card_photo_button.isHidden()
    editor.reject()
