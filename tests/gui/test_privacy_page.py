"""The Privacy page in the main window: counts, retention, the kiosk PIN and starting the kiosk."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from lea_desktop.domain import clock
from lea_desktop.storage import registrations, settings
from lea_desktop.ui import workers
from lea_desktop.usecases import followers, kiosk_pin


def _page(qtbot, window):
    window.open_page("privacyPage")
    page = window.findChild(QWidget, "privacyPage")
    qtbot.waitUntil(lambda: not workers.active_tasks(), timeout=10000)
    return page


def test_counts_say_what_is_unsynced_and_purge_now_removes_expired_data(
    qtbot, window, store, event, good_answers, monkeypatch
):
    """The page counts records not yet synced; with one record acknowledged 40 days ago,
    "Remove expired personal data now" strips its personal answers and the counts follow."""
    synced = followers.save_new(store, good_answers, event_id=event.id).registration
    other = {**good_answers, "email": "other@example.eu"}
    followers.save_new(store, other, event_id=event.id)
    store.db.execute(
        "UPDATE registrations SET acknowledged_at = ? WHERE id = ?",
        [clock.iso(clock.now() - dt.timedelta(days=40)), synced.id],
    )
    store.db.execute("DELETE FROM outbox WHERE entity_id = ?", [synced.id])
    page = _page(qtbot, window)
    assert page.unsynced.text() == "1 sign-up not yet synced with the databank."
    assert "1 sign-up due" in page.counts.text()

    qtbot.mouseClick(page.purge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Removed the personal data of 1" in page.banner.text(), timeout=10000)
    qtbot.waitUntil(lambda: "1 kept without personal data" in page.counts.text(), timeout=10000)
    assert "email" not in registrations.get(store.db, synced.id).answers


def test_retention_days_are_saved_as_the_setting(qtbot, window, store):
    """Changing the retention spin box stores `retention.days`."""
    page = _page(qtbot, window)
    page.retention_days.setValue(14)
    page.retention_days.editingFinished.emit()
    assert settings.get(store.db, "retention.days") == 14


def test_the_pin_is_checked_then_stored_hashed(qtbot, window, store):
    """A short PIN or two different PINs are refused with a message; a good one is stored
    hashed and the page says a PIN is set."""
    page = _page(qtbot, window)
    qtbot.keyClicks(page.new_pin, "12")
    qtbot.mouseClick(page.set_pin_button, Qt.MouseButton.LeftButton)
    assert page.pin_error.isVisible() and "4 to 12 digits" in page.pin_error.text()
    page.new_pin.setText("5555")
    page.repeat_pin.setText("5556")
    qtbot.mouseClick(page.set_pin_button, Qt.MouseButton.LeftButton)
    assert "differ" in page.pin_error.text() and not kiosk_pin.has_pin(store.db)
    page.repeat_pin.setText("5555")
    qtbot.mouseClick(page.set_pin_button, Qt.MouseButton.LeftButton)
    assert kiosk_pin.check_pin(store.db, "5555") and page.pin_state.text().startswith(
        "A staff PIN is set"
    )


def test_without_a_pin_start_kiosk_is_off_and_the_page_says_why(qtbot, window, store, event):
    """No PIN: Start kiosk cannot be pressed, the page says a PIN is needed first and offers
    the fields to choose it; once set, Start kiosk is on."""
    page = _page(qtbot, window)
    assert not page.start_kiosk_button.isEnabled()
    assert "needs a staff PIN first" in page.pin_state.text()
    assert page.new_pin.isVisible() and page.set_pin_button.text() == "Set PIN"
    page.new_pin.setText("8642")
    page.repeat_pin.setText("8642")
    qtbot.mouseClick(page.set_pin_button, Qt.MouseButton.LeftButton)
    assert page.start_kiosk_button.isEnabled() and page.set_pin_button.text() == "Change PIN"


def test_start_kiosk_hides_the_staff_window_until_the_pin(qtbot, window, store, event):
    """Start kiosk hides the main window (its list is out of reach) and opens the kiosk; the
    staff PIN closes the kiosk and brings the main window back."""
    kiosk_pin.set_pin(store.db, "8642")
    page = _page(qtbot, window)
    qtbot.mouseClick(page.start_kiosk_button, Qt.MouseButton.LeftButton)
    opened = page.kiosk_window
    assert opened is not None and opened.isVisible() and not window.isVisible()
    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert visible == [opened]
    assert opened.close() is False
    for digit in "8642":
        qtbot.mouseClick(opened.findChild(QWidget, f"kioskKey{digit}"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(opened.findChild(QWidget, "kioskKeyOk"), Qt.MouseButton.LeftButton)
    assert window.isVisible() and page.kiosk_window is None


def test_erase_on_the_followers_page_scrubs_backups_in_the_background(
    qtbot, window, store, event, good_answers, monkeypatch
):
    """Followers → Erase… (confirmed): the row goes at once; once the background clean-up is
    done, no file of the data home (database, WAL, backups) holds the person's email or name,
    and a tombstone waits for the databank."""
    from lea_desktop.ui import follower_editor

    for i in range(26):  # 25 saves write a rolling backup
        other = {**good_answers, "email": f"p{i}@example.eu", "contact_name": f"Person {i}"}
        assert followers.save_new(store, other, event_id=event.id).ok
    reg = followers.save_new(store, good_answers, event_id=event.id).registration
    store.backup()
    secrets = (good_answers["email"].encode(), good_answers["contact_name"].encode())

    def holding() -> list[str]:
        return [
            p.name
            for p in store.home.rglob("*")
            if p.is_file() and any(s in p.read_bytes() for s in secrets)
        ]

    assert holding()
    window.open_page("followersPage")
    page = window.findChild(QWidget, "followersPage")
    page.set_all_events(True)
    row = next(r for r in range(page.model.rowCount()) if page.model.registration_id(r) == reg.id)
    page.select_row(row)
    asked = []
    monkeypatch.setattr(
        follower_editor, "confirm_delete", lambda p, what: asked.append(what) or True
    )
    assert page.delete_button.text() == "Erase…"
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert asked and registrations.get(store.db, reg.id) is None
    assert page.model.rowCount() == 26
    qtbot.waitUntil(lambda: not workers.active_tasks(), timeout=20000)
    assert holding() == []
    tombstone = "SELECT count(*) FROM outbox WHERE entity = 'tombstone' AND entity_id = ?"
    assert store.db.execute(tombstone, [reg.id]).fetchone()[0] == 1


def _retention_text(page) -> str:
    return page.findChild(QWidget, "retentionFields").text()


def test_the_retention_sentence_names_exactly_the_personal_fields(qtbot, window):
    """The sentence lists the labels of the form's fields flagged `personal`, and no other."""
    page = _page(qtbot, window)
    text = _retention_text(page)
    assert text.startswith(
        "Personal data (Contact name, Email, Phone, Notes (staff only), and Next step) is removed"
    ), text
    form = window.context.form()
    listed = text[: text.index(" is removed")]
    for f in form.fields:
        assert (f.label("en") in listed) == f.personal, f.id


def test_a_field_flagged_personal_in_the_form_joins_the_sentence(
    qtbot, context, tmp_path, monkeypatch
):
    """A form definition with `personal = true` on the organisation: the page names it too."""
    from lea_desktop.formkit import load_form
    from lea_desktop.formkit.loader import parse_form
    from lea_desktop.paths import forms_dir
    from lea_desktop.ui.pages.privacy import PrivacyPage

    source = (forms_dir() / "follower_signup.toml").read_text(encoding="utf-8")
    head = '[[fields]]\nid = "organisation"\n'
    assert head in source
    test_form = tmp_path / "follower_signup.toml"
    test_form.write_text(source.replace(head, head + "personal = true\n", 1), encoding="utf-8")
    form = parse_form(test_form)
    assert form.personal_ids() == ("organisation", *load_form().personal_ids())
    monkeypatch.setattr(context, "form", lambda form_id="follower_signup": form)

    page = PrivacyPage(context)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not workers.active_tasks(), timeout=10000)
    assert _retention_text(page).startswith(
        "Personal data (Organisation, Contact name, Email, Phone, Notes (staff only), and Next "
        "step) is"
    ), _retention_text(page)


def test_in_finnish_the_sentence_names_the_fields_by_their_finnish_labels(
    qtbot, context, styled_app
):
    from lea_desktop.ui import i18n
    from lea_desktop.ui.pages.privacy import PrivacyPage

    assert i18n.install(styled_app, "fi") == "fi"
    try:
        page = PrivacyPage(context)
        qtbot.addWidget(page)
        qtbot.waitUntil(lambda: not workers.active_tasks(), timeout=10000)
        text = _retention_text(page)
    finally:
        i18n.install(styled_app, "en")
    assert text.startswith(
        "Henkilötiedot (Yhteyshenkilö, Sähköposti, Puhelin, Muistiinpanot (vain "
        "henkilökunnalle) ja Seuraava askel) poistetaan tältä koneelta"
    ), text
