"""The sign-up page driven like staff drive it: typing, ticking, Ctrl+Return, and bad input."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QLineEdit, QWidget

from lea_desktop.storage import registrations, settings


@pytest.fixture
def page(qtbot, window, event):
    """The sign-up page of a window whose active event is BETT 2027 (running today)."""
    window.context.reload_active_event()
    page = window.open_page("signupPage")
    qtbot.waitUntil(lambda: page.isVisible())
    return page


def save_with_keyboard(qtbot, page) -> None:
    qtbot.keyClick(
        QApplication.focusWidget() or page, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )


def test_focus_starts_on_organisation_and_tab_follows_the_form(qtbot, page):
    """Staff type straight away; Tab visits every input in the order of forms/follower_signup.toml."""
    qtbot.waitUntil(
        lambda: QApplication.focusWidget() is page.form_widget.input_widget("organisation")
    )
    expected = [w for e in page.form_widget.editors.values() for w in e.focus_widgets()]
    seen = []
    for _ in expected:
        seen.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert [w.objectName() for w in seen] == [w.objectName() for w in expected]


def test_every_field_has_its_object_name_and_accessible_label(page):
    """Each input is `field_<id>` with an accessible name equal to its label (screen readers, tests)."""
    form = page.form
    for field in form.fields:
        widget = page.findChild(QWidget, f"field_{field.id}")
        assert widget is not None, field.id
        assert widget.accessibleName() == field.label("en"), field.id
        for choice in field.choices if field.is_multi else ():  # a single choice: a combo box
            box = page.findChild(QCheckBox, f"field_{field.id}_{choice.value}")
            assert box is not None and box.text() == choice.label("en")
    assert page.findChild(QWidget, "saveButton") is page.save_button


def test_consent_is_never_preticked_and_its_text_is_shown_in_full(page):
    """Consent boxes start empty, and the exact consent text is on screen next to them."""
    from lea_desktop import reference

    for field in page.form.consent_fields():
        box = page.findChild(QCheckBox, f"field_{field.id}")
        assert not box.isChecked()
        text = page.findChild(QLabel, f"consentText_{field.id}")
        assert text.isVisibleTo(page)
        assert text.text() == reference.consent_text(field.consent, "en").text


def test_ctrl_return_saves_clears_and_confirms(qtbot, page, store, event, good_answers, fill_form):
    """Typed answers are stored against the active event; the form empties for the next visitor,
    focus returns to Organisation, and a non-modal confirmation names the count and event."""
    settings.set_value(store.db, "staff.name", "Maria Rossi")
    fill_form(page.form_widget, good_answers)
    save_with_keyboard(qtbot, page)
    assert page.form_widget.errors() == {}
    stored = list(registrations.iter_all(store.db))
    assert len(stored) == 1
    reg = stored[0]
    assert reg.event_id == event.id
    assert reg.answers["organisation"] == good_answers["organisation"]
    assert reg.answers["country"] == "FI"
    assert reg.answers["types"] == ["procurer", "school"]
    assert reg.answers["phone"] == "+358401234567"
    assert reg.collected_by == "Maria Rossi"
    assert reg.consent and reg.consent["purposes"] == ["contact", "map"]
    assert page.form_widget.answers() == page.form.blank_answers()
    assert page.confirmation.isVisible()
    assert page.confirmation.text().endswith("Saved — 1 follower at BETT 2027")
    assert QApplication.activeModalWidget() is None
    assert QApplication.focusWidget() is page.form_widget.input_widget("organisation")
    assert page.last_save_ms is not None
    second = {**good_answers, "email": "someone.else@example.fi", "consent_map": False}
    fill_form(page.form_widget, second)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.confirmation.text().endswith("Saved — 2 followers at BETT 2027")
    qtbot.waitUntil(lambda: page.window().status_today.text() == "Today: 2")


def test_missing_answers_are_marked_at_each_field(qtbot, page, store):
    """Saving an empty form stores nothing and says, under each required field, what is missing."""
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    errors = page.form_widget.errors()
    required = {f.id for f in page.form.fields if f.required}
    assert set(errors) == required
    for fid in required:
        label = page.findChild(QLabel, f"error_{fid}")
        assert label.isVisibleTo(page) and label.text() == errors[fid]
    assert page.form_widget.input_widget("organisation").property("invalid") is True
    assert QApplication.focusWidget() is page.form_widget.input_widget("organisation")
    assert registrations.count(store.db) == 0


def test_a_refused_save_says_near_save_how_many_and_takes_the_user_to_the_first(
    qtbot, window, page, store, good_answers, fill_form
):
    """At 1280×720 with everything but the consent filled in, Save is refused: next to Save
    "1 field needs attention.", the focus on the consent box, scrolled into view (it was
    below the fold); ticking it clears the summary. Two problems say "2 fields"."""
    window.resize(1280, 720)
    fill_form(page.form_widget, {**good_answers, "consent_contact": False})
    page.scroll.verticalScrollBar().setValue(0)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert registrations.count(store.db) == 0
    assert page.attention.isVisible() and page.attention.text() == "1 field needs attention."
    box = page.form_widget.input_widget("consent_contact")
    assert QApplication.focusWidget() is box
    viewport = page.scroll.viewport()
    top_left = box.mapTo(viewport, box.rect().topLeft())
    bottom_right = box.mapTo(viewport, box.rect().bottomRight())
    assert viewport.rect().contains(top_left) and viewport.rect().contains(bottom_right)
    qtbot.keyClick(box, Qt.Key.Key_Space)  # ticked from where the focus was taken
    assert box.isChecked()
    assert not page.attention.isVisible()

    page.form_widget.editors["email"].set_value("aino@@example")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    page.form_widget.editors["consent_contact"].set_value(False)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.attention.text() == "2 fields need attention."
    assert QApplication.focusWidget() is page.form_widget.input_widget("email")
    page.set_language("fi")
    assert page.attention.text() == "2 kenttää vaatii huomiota."


def test_the_words_around_the_form_follow_its_language(qtbot, page, pick_country):
    """Save, Clear form, the save hint and the examples in empty fields are the visitor's
    language; the phone example is one of the country chosen."""
    editors = page.form_widget.editors
    assert page.save_button.text() == "Save" and page.clear_button.text() == "Clear form"
    assert editors["email"].input.placeholderText() == "name@example.org"
    page.set_language("fi")
    assert page.save_button.text() == "Tallenna"
    assert page.clear_button.text() == "Tyhjennä lomake"
    assert page.hint.text().startswith("Ctrl+Enter tallentaa")
    assert editors["email"].input.placeholderText() == "nimi@esimerkki.fi"
    assert editors["phone"].input.placeholderText().startswith("+358 ")
    page.set_language("de")
    assert page.save_button.text() == "Speichern"
    assert editors["phone"].input.placeholderText().startswith("+49 ")
    pick_country(editors["country"].input, "SE")
    assert editors["phone"].input.placeholderText().startswith("+46 ")


@pytest.mark.parametrize(
    ("field_id", "typed", "fragment"),
    [
        ("email", "aino.virtanen@@example", "Not a valid email"),
        ("phone", "12", "phone"),
        ("website", "not a website", "Not a web address"),
        ("country", "Atlantis", "Choose a country"),
        ("organisation", "x" * 10_000, "Too long: 10,000 characters"),
    ],
)
def test_bad_input_gets_a_message_at_the_field_and_the_text_stays(
    qtbot, page, store, good_answers, field_id, typed, fragment, fill_form, pick_country
):
    """Invalid email, phone, website, country or a 10,000-character paste: a message under the
    field, the field highlighted, every answer still on screen, nothing stored."""
    fill_form(page.form_widget, {k: v for k, v in good_answers.items() if k != field_id})
    widget = page.form_widget.input_widget(field_id)
    if field_id == "country":
        pick_country(widget, typed)
    elif len(typed) > 100:  # a paste, not 10,000 key presses
        widget.setFocus()
        widget.insert(typed)
    else:
        qtbot.keyClicks(widget, typed)
    before = page.form_widget.answers()
    save_with_keyboard(qtbot, page)
    errors = page.form_widget.errors()
    assert list(errors) == [field_id]
    assert fragment in errors[field_id]
    assert page.findChild(QLabel, f"error_{field_id}").isVisibleTo(page)
    assert page.form_widget.answers() == before
    assert registrations.count(store.db) == 0
    qtbot.keyClicks(widget.lineEdit() if field_id == "country" else widget, "z")
    assert not page.findChild(QLabel, f"error_{field_id}").isVisibleTo(page)  # cleared on edit


@pytest.mark.parametrize(
    "name",
    ["Σχολείο Αθηνών 🎓", "Школа №5 Москва", "مدرسة الأمل", "בית ספר תל אביב", "学校 👩‍🏫 🇫🇮"],
)
def test_any_script_and_emoji_are_stored_exactly_and_found_again(
    qtbot, page, store, good_answers, name, fill_form, type_into
):
    """Greek, Cyrillic, Arabic and Hebrew (right-to-left) text and emoji go in and come back as typed."""
    fill_form(page.form_widget, {**good_answers, "organisation": name, "contact_name": name})
    save_with_keyboard(qtbot, page)
    assert page.form_widget.errors() == {}
    reg = next(registrations.iter_all(store.db))
    assert reg.answers["organisation"] == name
    followers_page = page.window().open_page("followersPage")
    followers_page.set_all_events(True)
    type_into(followers_page.filter_edit, name[:4])
    assert followers_page.model.rowCount() == 1
    assert followers_page.model.index(0, 0).data() == name


def test_language_switch_relabels_everything_and_keeps_what_was_typed(
    qtbot, page, good_answers, fill_form
):
    """A visitor switches to Finnish halfway: labels, choices and consent text change; answers stay."""
    from lea_desktop import reference

    partial = {k: good_answers[k] for k in ("organisation", "email", "country", "types")}
    fill_form(page.form_widget, partial)
    page.findChild(QCheckBox, "field_consent_contact").setChecked(True)
    before = page.form_widget.answers()
    qtbot.mouseClick(page.language_switch.buttons["fi"], Qt.MouseButton.LeftButton)
    assert page.form_widget.answers() == before
    form = page.form
    assert page.title.text() == form.title("fi")
    for field in form.fields:
        assert page.findChild(QWidget, f"field_{field.id}").accessibleName() == field.label("fi")
    assert page.findChild(QCheckBox, "field_types_school").text() == form.field("types").choice(
        "school"
    ).label("fi")
    assert (
        page.findChild(QLabel, "consentText_consent_contact").text()
        == reference.consent_text("contact", "fi").text
    )
    assert page.form_widget.input_widget("country").currentText() == "Suomi"
    qtbot.mouseClick(page.language_switch.buttons["pt"], Qt.MouseButton.LeftButton)
    assert page.form_widget.answers() == before
    assert page.form_widget.input_widget("country").currentText() == "Finlândia"


def test_messages_are_in_the_form_language_and_follow_a_switch(
    qtbot, page, store, good_answers, fill_form
):
    """A visitor reading the German form gets German messages at the fields; switching to
    Finnish afterwards says the same messages in Finnish, and what was typed stays."""
    from lea_desktop.formkit import validate

    qtbot.mouseClick(page.language_switch.buttons["de"], Qt.MouseButton.LeftButton)
    fill_form(page.form_widget, {"email": "aino@@example", "phone": "12", "country": "FI"})
    typed = page.form_widget.answers()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    shown = page.form_widget.errors()
    assert shown == validate(page.form, typed, lang="de").errors
    assert shown["organisation"] == "Organisation ist ein Pflichtfeld."
    assert "(Land: Finnland)" in shown["phone"]
    error_label = page.findChild(QLabel, "error_email")
    assert error_label.text().startswith("Keine gültige E-Mail-Adresse.")
    qtbot.mouseClick(page.language_switch.buttons["fi"], Qt.MouseButton.LeftButton)
    assert page.form_widget.errors() == validate(page.form, typed, lang="fi").errors
    assert (
        page.findChild(QLabel, "error_organisation").text() == "Organisaatio on pakollinen tieto."
    )
    assert page.form_widget.answers() == typed
    assert registrations.count(store.db) == 0


def test_consent_is_recorded_in_the_language_shown(qtbot, page, store, good_answers, fill_form):
    """The consent proof names the language and text the visitor actually read."""
    from lea_desktop import reference

    qtbot.mouseClick(page.language_switch.buttons["de"], Qt.MouseButton.LeftButton)
    fill_form(page.form_widget, good_answers)
    save_with_keyboard(qtbot, page)
    reg = next(registrations.iter_all(store.db))
    assert reg.consent["language"] == "de"
    assert (
        reg.consent["texts"]["contact"]["sha256"] == reference.consent_text("contact", "de").sha256
    )


def test_a_database_that_cannot_be_written_keeps_the_form_and_says_so(
    qtbot, page, store, good_answers, fill_form
):
    """Read-only database: a banner explains, every answer stays, nothing is half-saved.
    Once writable again, the same Ctrl+Return saves it."""
    fill_form(page.form_widget, good_answers)
    before = page.form_widget.answers()
    store.db.execute("PRAGMA query_only = ON")  # the connection now refuses every write
    save_with_keyboard(qtbot, page)
    banner = page.findChild(QLabel, "formBanner")
    assert banner.isVisibleTo(page)
    assert "cannot be written" in banner.text()
    assert page.form_widget.answers() == before
    assert not page.confirmation.isVisible()
    store.db.execute("PRAGMA query_only = OFF")
    save_with_keyboard(qtbot, page)
    assert not banner.isVisibleTo(page)
    assert registrations.count(store.db) == 1


def test_duplicate_email_offers_the_existing_follower_or_saving_anyway(
    qtbot, page, store, good_answers, fill_form
):
    """The same email again: the form stays, a warning offers to open the existing record (in the
    same form engine) or to save anyway."""
    fill_form(page.form_widget, good_answers)
    save_with_keyboard(qtbot, page)
    fill_form(page.form_widget, {**good_answers, "contact_name": "Aino V."})
    save_with_keyboard(qtbot, page)
    assert page.duplicate_banner.isVisible()
    assert "already registered" in page.duplicate_banner.text()
    assert "email" in page.form_widget.errors()
    assert page.form_widget.answers()["contact_name"] == "Aino V."
    qtbot.mouseClick(page.open_existing_button, Qt.MouseButton.LeftButton)
    editor = page.findChild(QWidget, "followerEditor")
    qtbot.waitUntil(lambda: editor.isVisible())
    assert editor.form_widget.answers()["contact_name"] == "Aino Virtanen"
    editor.reject()
    assert page.form_widget.answers()["contact_name"] == "Aino V."  # still there
    qtbot.mouseClick(page.save_anyway_button, Qt.MouseButton.LeftButton)
    assert registrations.count(store.db) == 2
    assert not page.duplicate_banner.isVisible()


def test_without_an_active_event_the_form_is_kept_and_the_way_on_is_offered(
    qtbot, store, make_window, good_answers, fill_form
):
    """No event yet: a banner (not a dialog) says so and links to the Events page; nothing is lost."""
    win = make_window(store)
    page = win.open_page("signupPage")
    assert page.no_event_banner.isVisible()
    fill_form(page.form_widget, good_answers)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "choose or create the event" in page.no_event_banner.text()
    assert page.form_widget.answers()["organisation"] == good_answers["organisation"]
    qtbot.mouseClick(page.findChild(QWidget, "chooseEventButton"), Qt.MouseButton.LeftButton)
    assert win.current_page().objectName() == "eventsPage"


def test_staff_notes_are_kept_and_line_edits_never_cut_text(
    qtbot, page, store, good_answers, fill_form
):
    """Multi-line staff notes are saved as typed; line edits accept long pastes (validation judges)."""
    fill_form(page.form_widget, {**good_answers, "notes": "Met at stand.\nWants a demo."})
    save_with_keyboard(qtbot, page)
    assert next(registrations.iter_all(store.db)).answers["notes"] == "Met at stand.\nWants a demo."
    for editor in page.form_widget.editors.values():
        for widget in editor.focus_widgets():
            if isinstance(widget, QLineEdit):
                assert widget.maxLength() >= 10_000


def test_the_rolling_backup_after_many_saves_is_written_off_the_gui_thread(
    qtbot, page, store, good_answers, data_home, monkeypatch
):
    """Every 25th save writes a rolling backup; in the app a worker writes it with its own
    connection, so the save itself never waits for a copy of the whole database."""
    import threading

    from lea_desktop.storage import Store, backups

    threads: list[str] = []
    real_backup = Store.backup

    def spy(self):
        threads.append(threading.current_thread().name)
        return real_backup(self)

    qtbot_monkeypatch = pytest.MonkeyPatch()
    qtbot_monkeypatch.setattr(Store, "backup", spy)
    try:
        for i in range(backups.EVERY_N_SAVES):
            page.form_widget.set_answers({**good_answers, "email": f"visitor{i}@example.fi"})
            assert page.save(), page.form_widget.errors()
        qtbot.waitUntil(
            lambda: len(backups.list_backups(data_home / "backups")) == 1, timeout=10000
        )
    finally:
        qtbot_monkeypatch.undo()
    assert threads and threading.main_thread().name not in threads


def test_a_full_disk_keeps_the_form_and_says_so(qtbot, page, store, good_answers, fill_form):
    """SQLite's "database or disk is full" (made real by capping the file's page count) shows
    the disk-full advice, keeps every answer, and nothing half-saved remains."""
    # A long staff note needs new pages, which the capped file cannot have.
    fill_form(page.form_widget, {**good_answers, "notes": "Met at the stand. " * 200})
    before = page.form_widget.answers()
    store.db.execute("VACUUM")  # no free pages left over (e.g. from indexes a migration dropped)
    pages_now = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages_now}")
    save_with_keyboard(qtbot, page)
    banner = page.findChild(QLabel, "formBanner")
    assert banner.isVisibleTo(page)
    assert "disk is full" in banner.text()
    assert page.form_widget.answers() == before
    assert registrations.count(store.db) == 0
    assert (
        store.db.execute("SELECT count(*) FROM outbox WHERE entity = 'registration'").fetchone()[0]
        == 0
    )
    store.db.execute("PRAGMA max_page_count = 1073741823")
    save_with_keyboard(qtbot, page)
    assert registrations.count(store.db) == 1


def test_a_database_locked_by_another_program_keeps_the_form(
    qtbot, page, store, good_answers, fill_form
):
    """Another process holding the write lock: the save waits its busy timeout, then the form
    explains that the database is locked and keeps the answers; after the lock goes, it saves."""
    store.db.execute("PRAGMA busy_timeout = 200")  # the app waits 5 s; keep the test short
    fill_form(page.form_widget, good_answers)
    before = page.form_widget.answers()
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        save_with_keyboard(qtbot, page)
        banner = page.findChild(QLabel, "formBanner")
        assert banner.isVisibleTo(page)
        assert "locked" in banner.text()
        assert page.form_widget.answers() == before
    finally:
        other.execute("ROLLBACK")
        other.close()
    save_with_keyboard(qtbot, page)
    assert registrations.count(store.db) == 1


def _question(qtbot):
    from PySide6.QtWidgets import QMessageBox

    qtbot.waitUntil(
        lambda: any(
            isinstance(w, QMessageBox) and w.objectName() == "unsavedWorkQuestion" and w.isVisible()
            for w in QApplication.topLevelWidgets()
        ),
        timeout=5000,
    )
    return next(
        w
        for w in QApplication.topLevelWidgets()
        if w.objectName() == "unsavedWorkQuestion" and w.isVisible()
    )


def _click(qtbot, box, text: str) -> None:
    [button] = [b for b in box.buttons() if b.text() == text]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_closing_with_a_half_filled_sign_up_asks_first(qtbot, page, window, type_into):
    """A visitor's answers are not thrown away by a stray close: the window asks (without
    blocking the app); "Go back to it" returns to the form with everything still typed, "Close
    and lose it" closes. Asked from any page, as the sign-up keeps its answers meanwhile."""
    type_into(page.form_widget.input_widget("organisation"), "Jyväskylän normaalikoulu")
    window.open_page("followersPage")
    window.close()
    box = _question(qtbot)
    assert window.isVisible()
    assert box.text() == "A sign-up is filled in but not saved."
    _click(qtbot, box, "Go back to it")
    qtbot.waitUntil(lambda: not box.isVisible())
    assert window.isVisible() and window.current_page() is page
    assert page.form_widget.answers()["organisation"] == "Jyväskylän normaalikoulu"

    window.close()
    _click(qtbot, _question(qtbot), "Close and lose it")
    qtbot.waitUntil(lambda: not window.isVisible())


def test_closing_with_an_empty_or_saved_form_does_not_ask(
    qtbot, page, window, store, good_answers, fill_form
):
    """Spaces alone are no answer; after a save the form is empty again: closing just closes."""
    page.form_widget.input_widget("notes").setPlainText("   ")
    assert page.form_widget.filled_fields() == []
    fill_form(page.form_widget, good_answers)
    save_with_keyboard(qtbot, page)
    assert registrations.count(store.db) == 1
    assert page.form_widget.filled_fields() == []
    window.close()
    assert not window.isVisible()
