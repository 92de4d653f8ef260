"""The self-service kiosk, driven as a visitor and a staff member would."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QTableView, QWidget

from lea_desktop.storage import registrations
from lea_desktop.usecases import kiosk_pin

PIN = "2468"


@pytest.fixture
def open_kiosk(qtbot, store, event, styled_app):
    """`open_kiosk(**options)`: a shown KioskWindow over the test's store, closed afterwards."""
    from lea_desktop.ui.context import AppContext
    from lea_desktop.ui.kiosk import KioskWindow

    made = []

    def make(*, pin: str | None = PIN, **options) -> KioskWindow:
        if pin:
            kiosk_pin.set_pin(store.db, pin)
        context = AppContext(store, kiosk=True)
        window = KioskWindow(context, **options)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield make
    for window in made:  # staff leave, before the store closes
        window._unlocked = True
        window.close()


def fill(window, answers: dict) -> None:
    for fid, value in answers.items():
        if fid in window.form_widget.editors:
            window.form_widget.editors[fid].set_value(value)


def type_pin(qtbot, window, pin: str) -> None:
    for digit in pin:
        qtbot.mouseClick(window.findChild(QWidget, f"kioskKey{digit}"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.findChild(QWidget, "kioskKeyOk"), Qt.MouseButton.LeftButton)


def test_the_kiosk_shows_the_form_only_no_list_no_staff_fields(open_kiosk):
    """No follower list, navigation or staff-only field exists in the kiosk; the consent texts
    are on screen in full, with a button per form language."""
    window = open_kiosk()
    assert window.stack.currentWidget() is window.form_page
    assert window.findChildren(QTableView) == []
    assert window.findChild(QWidget, "navList") is None
    assert window.findChild(QWidget, "followersPage") is None
    form = window.form
    assert any(f.staff_only for f in form.fields)
    qualification = {"rating", "next_step", "followup_owner", "followup_due", "contacted_on"}
    assert qualification <= {f.id for f in form.fields if f.staff_only}
    for f in form.fields:
        found = window.findChild(QWidget, f"field_{f.id}")
        assert (found is None) == f.staff_only, f.id
    for f in form.consent_fields():
        label = window.findChild(QLabel, f"consentText_{f.id}")
        window.scroll.ensureWidgetVisible(label)
        assert label.isVisible() and len(label.text()) > 80
    assert set(window.language_buttons) == set(form.languages)


def test_a_visitor_signs_up_is_thanked_and_the_form_clears(qtbot, open_kiosk, store, good_answers):
    """Save in German: the record is stored with consent in German whose hash is that of the
    consent texts shown on screen; a thank-you appears, then an empty form in the default
    language."""
    window = open_kiosk(thanks_ms=150)
    qtbot.mouseClick(window.language_buttons["de"], Qt.MouseButton.LeftButton)
    answers = {k: v for k, v in good_answers.items() if k != "notes"}
    fill(window, answers)
    shown = [
        window.findChild(QLabel, f"consentText_{f.id}").text() for f in window.form.consent_fields()
    ]
    with qtbot.waitSignal(window.saved) as saved:
        qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.thanks_page
    assert window.thanks_title.text() == "Vielen Dank!"
    reg = registrations.get(store.db, saved.args[0])
    assert reg.answers["email"] == good_answers["email"] and reg.consent["language"] == "de"
    joined = "\n\n".join(shown)
    assert reg.consent["text_sha256"] == hashlib.sha256(joined.encode("utf-8")).hexdigest()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.form_page, timeout=5000)
    assert window.form_widget.answers()["email"] == ""
    assert window.language == "en"


def test_idle_clears_what_was_typed(qtbot, open_kiosk):
    """Typed answers are forgotten once nobody touched the kiosk for the idle time."""
    window = open_kiosk(idle_ms=200)
    qtbot.mouseClick(window.language_buttons["fr"], Qt.MouseButton.LeftButton)
    email = window.form_widget.input_widget("email")
    qtbot.keyClicks(email, "someone@example.eu")
    assert window.form_widget.answers()["email"] == "someone@example.eu"
    qtbot.waitUntil(lambda: window.form_widget.answers()["email"] == "", timeout=5000)
    assert window.language == "en"


def test_mistakes_are_shown_and_nothing_is_saved(qtbot, open_kiosk, store):
    """An incomplete form stays on screen with messages in the visitor's language banner."""
    window = open_kiosk()
    qtbot.mouseClick(window.language_buttons["sv"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.form_page
    assert window.banner.text() == "Kontrollera fälten som är markerade med rött."
    errors = window.form_widget.errors()
    assert errors["email"] == "E-post måste fyllas i."
    assert errors["consent_contact"].startswith("Kryssa i rutan")
    assert registrations.count(store.db) == 0


def test_an_email_already_registered_is_thanked_but_not_stored_twice(
    qtbot, open_kiosk, store, good_answers
):
    """A second sign-up with the same email is thanked with "you are already signed up — thank
    you" (nothing about where, when or by whom) and makes no second record; the next visitor
    gets the usual thank-you again."""
    window = open_kiosk(thanks_ms=50)
    answers = {k: v for k, v in good_answers.items() if k != "notes"}
    fill(window, answers)
    qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.form_page, timeout=5000)
    fill(window, {**answers, "contact_name": "Someone Else"})
    qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.thanks_page
    assert window.thanks_text.text() == "You are already signed up — thank you."
    assert registrations.count(store.db) == 1
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.form_page, timeout=5000)
    fill(window, {**answers, "email": "someone.new@example.org"})
    qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)
    assert window.thanks_text.text().startswith("You are now a LEA Follower.")


def test_escape_and_close_need_the_pin_a_wrong_pin_stays(qtbot, open_kiosk):
    """Escape and a close request only bring up the PIN keypad; a wrong PIN keeps the kiosk;
    the right PIN leaves it."""
    window = open_kiosk()
    left = []
    window.left.connect(lambda: left.append(True))
    qtbot.keyClick(window.form_widget.input_widget("email"), Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.pin_page
    qtbot.mouseClick(window.pin_cancel, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.form_page

    assert window.close() is False  # Alt+F4 / the close button
    assert window.isVisible() and window.stack.currentWidget() is window.pin_page
    type_pin(qtbot, window, "1111")
    assert window.isVisible() and not left
    assert window.pin_message.text() == "Wrong PIN."
    type_pin(qtbot, window, PIN)
    assert left == [True]
    assert not window.isVisible()


def test_five_wrong_pins_make_the_keypad_wait(qtbot, open_kiosk):
    """After five wrong PINs the keypad is disabled for a while, then works again."""
    window = open_kiosk(lockout_ms=200)
    window.ask_pin()
    for _ in range(5):
        type_pin(qtbot, window, "0000")
    assert window.locked_out and not window.findChild(QWidget, "kioskKeyOk").isEnabled()
    qtbot.waitUntil(lambda: not window.locked_out, timeout=5000)
    type_pin(qtbot, window, PIN)
    assert not window.isVisible()


def test_without_a_pin_there_is_no_kiosk_and_no_keypad_to_choose_one(qtbot, store, event):
    """No staff PIN: the kiosk refuses to open (a visitor must never be offered a keypad that
    sets the PIN, and nobody could leave without one); nothing is shown."""
    from lea_desktop.ui.context import AppContext
    from lea_desktop.ui.kiosk import KioskWindow

    before = set(QApplication.topLevelWidgets())
    with pytest.raises(kiosk_pin.PinError, match="needs a staff PIN"):
        KioskWindow(AppContext(store, kiosk=True))
    assert not [w for w in set(QApplication.topLevelWidgets()) - before if w.isVisible()]


def test_the_first_field_has_the_focus_so_the_first_keys_count(qtbot, open_kiosk):
    """A visitor who just starts typing: the letters land in the first field."""
    window = open_kiosk()
    first = window.form_widget.first_input()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first, timeout=3000)
    qtbot.keyClicks(QApplication.focusWidget(), "Koulu")
    assert window.form_widget.answers()[window.form_widget.fields[0].id] == "Koulu"


def test_ctrl_return_sends_the_form(qtbot, open_kiosk, store, good_answers):
    """Ctrl+Return (and Ctrl+Enter) sends the sign-up, as on the staff form."""
    window = open_kiosk(thanks_ms=60_000)
    fill(window, good_answers)
    qtbot.waitUntil(lambda: window.form_widget.isAncestorOf(QApplication.focusWidget()))
    qtbot.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    assert window.stack.currentWidget() is window.thanks_page
    assert registrations.count(store.db) == 1


def test_the_staff_exit_is_visible_and_says_it_is_for_staff(qtbot, open_kiosk):
    """The way out is a real framed button (not a small grey label), saying "Staff only" in the
    visitor's language; it leads to the PIN keypad, whose way back is in that language too."""
    window = open_kiosk()
    button = window.staff_button
    assert button.isVisible() and button.text() == "Staff only"
    assert button.height() >= 44 and button.font().pixelSize() >= 16
    window.set_language("fi")
    assert button.text() == "Vain henkilökunnalle"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.pin_page
    assert window.pin_title.text() == "Vain henkilökunnalle"
    assert window.pin_cancel.text() == "Takaisin lomakkeeseen"


def test_on_a_1280x720_screen_sign_up_is_on_screen(qtbot, open_kiosk):
    """The kiosk fits a 1280×720 laptop: its send button (and the keypad behind Staff only)
    lie inside the screen, none pushed off its bottom edge."""
    window = open_kiosk()
    window.resize(1280, 720)
    assert window.minimumSizeHint().height() <= 720
    qtbot.waitUntil(lambda: window.height() == 720)
    bottom = window.send_button.mapTo(window, window.send_button.rect().bottomLeft()).y()
    assert bottom < 720
    window.ask_pin()
    ok = window.findChild(QWidget, "kioskKeyOk")
    assert ok.mapTo(window, ok.rect().bottomLeft()).y() < 720
