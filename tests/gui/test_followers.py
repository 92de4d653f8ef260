"""The followers page: filter as you type, switch event scope, open to edit, delete with care;
the table model passes Qt's model checks and stays lazy at 100,000 rows."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from lea_desktop.domain import clock
from lea_desktop.domain.records import Registration, new_id
from lea_desktop.formkit import load_form
from lea_desktop.storage import events, registrations
from lea_desktop.ui import follower_editor
from lea_desktop.ui.models.followers_model import PAGE_SIZE, FollowersModel
from lea_desktop.usecases import followers

ORGS = ["Escola Básica de Braga", "Lycée Jean Moulin", "Göteborgs Stad", "Oulun kaupunki",
        "Instituto Madrid Norte", "Scuola Torino Centro", "EdTech Startup Oy"]  # fmt: skip


def fake_rows(n: int, event_ids: list[str], seed: int = 7):
    """Prepared registration rows (see registrations.to_row) for bulk insertion."""
    form = load_form()
    rnd = random.Random(seed)
    stamp = clock.now_iso()
    for i in range(n):
        answers = {
            **form.blank_answers(),
            "organisation": f"{rnd.choice(ORGS)} {i}",
            "contact_name": f"Contact {i}",
            "email": f"contact{i}@example.org",
            "country": rnd.choice(["PT", "FR", "SE", "FI", "ES", "IT"]),
            "city": rnd.choice(["Braga", "Lyon", "Göteborg", "Oulu"]),
            "types": [rnd.choice(["school", "procurer", "supplier", "expert"])],
            "consent_contact": True,
        }
        reg = Registration(
            id=new_id(), event_id=event_ids[i % len(event_ids)], form_id=form.id,
            form_version=form.version, answers=answers, created_at=stamp, updated_at=stamp,
        )  # fmt: skip
        yield registrations.to_row(reg, form.search_text(answers), followers.email_key(answers))


@pytest.fixture
def other_event(store):
    return events.create(
        store.db,
        {
            "name": "OEB 2026",
            "city": "Berlin",
            "country": "DE",
            "starts": "2026-12-02",
            "ends": "2026-12-04",
        },
    )


@pytest.fixture
def page(qtbot, window, store, event, other_event, good_answers):
    """The followers page with three followers at BETT 2027 (active) and one at OEB 2026."""
    people = [
        ("Jyväskylän normaalikoulu", "Aino Virtanen", "aino@example.fi", "FI", event),
        ("Escola Básica de Braga", "João Silva", "joao@example.pt", "PT", event),
        ("Lycée Jean Moulin", "Claire Martin", "claire@example.fr", "FR", event),
        ("Göteborgs Stad", "Erik Berg", "erik@example.se", "SE", other_event),
    ]
    for org, name, email, country, ev in people:
        answers = {**good_answers, "organisation": org, "contact_name": name, "email": email,
                   "country": country, "phone": "", "city": ""}  # fmt: skip
        assert followers.save_new(store, answers, event_id=ev.id).ok
    window.context.set_active_event(event)
    page = window.open_page("followersPage")
    qtbot.waitUntil(page.isVisible)
    return page


def column_texts(page, column: int = 0) -> list[str]:
    return [page.model.index(r, column).data() for r in range(page.model.rowCount())]


def test_table_shows_the_active_event_newest_first_with_readable_columns(page):
    """Columns come from the form; country names, type labels and local times are shown."""
    model = page.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "Organisation",
        "Contact name",
        "Email",
        "Country",
        "City",
        "Type of organisation",
        "Rating",
        "Follow-up owner",
        "Follow up by",
        "Signed up",
    ]
    # The staff's qualification columns wait until the list is narrowed or sorted by them.
    hidden = [headers[c] for c in range(len(headers)) if page.table.isColumnHidden(c)]
    assert hidden == ["Rating", "Follow-up owner", "Follow up by"]
    assert column_texts(page) == [
        "Lycée Jean Moulin",
        "Escola Básica de Braga",
        "Jyväskylän normaalikoulu",
    ]
    assert model.index(0, 3).data() == "France"
    assert model.index(0, 5).data() == "Procurer / policy maker, School"
    assert model.index(0, model.columnCount() - 1).data().startswith(clock.today().isoformat()[:4])
    assert page.count_label.text() == "3 followers at BETT 2027"


def test_filter_as_you_type_and_switch_to_all_events(qtbot, page, type_into):
    """Each keystroke narrows the table (any part of a name, accents included); 'All events'
    widens it to every event."""
    type_into(page.filter_edit, "Mou")
    assert column_texts(page) == ["Lycée Jean Moulin"]
    page.filter_edit.clear()
    type_into(page.filter_edit, "Göteborg")
    assert column_texts(page) == []
    qtbot.mouseClick(page.scope_all, Qt.MouseButton.LeftButton)
    assert column_texts(page) == ["Göteborgs Stad"]
    assert page.count_label.text() == "1 follower in all events matching “Göteborg”"
    page.filter_edit.clear()
    assert page.model.rowCount() == 4
    type_into(page.filter_edit, "jo")  # short terms work too, after a pause in typing
    qtbot.waitUntil(lambda: column_texts(page) == ["Escola Básica de Braga"], timeout=2000)


def test_open_and_erase_are_enabled_only_with_a_follower_selected(qtbot, page, type_into):
    """Nothing selected (the page opens so, and a new filter drops the selection): Open… and
    Erase… are disabled; selecting a row enables them."""
    assert not page.table.selectionModel().hasSelection()
    assert not page.delete_button.isEnabled() and not page.open_button.isEnabled()
    page.select_row(1)
    assert page.delete_button.isEnabled() and page.open_button.isEnabled()
    type_into(page.filter_edit, "Mou")
    assert column_texts(page) == ["Lycée Jean Moulin"]
    assert not page.delete_button.isEnabled() and not page.open_button.isEnabled()
    page.table.clearSelection()
    page.select_row(0)
    assert page.delete_button.isEnabled()
    page.table.clearSelection()
    assert not page.delete_button.isEnabled()
    assert page.delete_selected() is False  # the Delete key with nothing selected: nothing


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("gote", ["Göteborgs Stad"]),
        ("goteborg", ["Göteborgs Stad"]),
        ("göte", ["Göteborgs Stad"]),
        ("GÖTEBORGS", ["Göteborgs Stad"]),
        ("got", ["Göteborgs Stad"]),  # three letters (trigram index) as two do (word index)
        ("go", ["Göteborgs Stad"]),
        ("lycee", ["Lycée Jean Moulin"]),
        ("LYCÉE", ["Lycée Jean Moulin"]),
        ("jyvaskylan", ["Jyväskylän normaalikoulu"]),
        ("basica", ["Escola Básica de Braga"]),
        ("jöão", ["Escola Básica de Braga"]),  # accents typed where there are none, too
    ],
)
def test_accents_and_case_never_matter_in_the_filter(qtbot, page, type_into, typed, found):
    """Typed with or without accents, in any case, at any length, the filter finds the same
    followers."""
    qtbot.mouseClick(page.scope_all, Qt.MouseButton.LeftButton)
    type_into(page.filter_edit, typed)
    qtbot.waitUntil(lambda: column_texts(page) == found, timeout=2000)


def test_open_with_enter_edit_in_the_form_engine_and_see_the_change(qtbot, page, store):
    """Enter on a row opens the follower in the same form; a fix saved there shows in the table."""
    page.table.setFocus()
    page.select_row(1)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    editor = page.findChild(QWidget, "followerEditor")
    qtbot.waitUntil(lambda: editor is not None and editor.isVisible())
    city = editor.form_widget.input_widget("city")
    city.setFocus()
    city.clear()
    qtbot.keyClicks(city, "Braga")
    consent = editor.form_widget.input_widget("consent_contact")
    assert not consent.isEnabled()  # nobody re-consents on someone's behalf
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert page.model.index(1, 4).data() == "Braga"
    reg = registrations.get(store.db, page.model.registration_id(1))
    assert reg.answers["city"] == "Braga" and reg.revision == 2


def test_edit_with_bad_input_keeps_the_dialog_and_the_text(qtbot, page, store, type_into):
    """An invalid email in the editor: message at the field, nothing stored, dialog stays."""
    editor = page.open_row(0)
    qtbot.waitUntil(editor.isVisible)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    email = editor.form_widget.input_widget("email")
    email.setFocus()
    email.clear()
    type_into(email, "claire@@ex")
    qtbot.keyClick(email, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "email" in editor.form_widget.errors()
    assert editor.isVisible() and email.text() == "claire@@ex"
    assert (
        registrations.get(store.db, page.model.registration_id(0)).answers["email"]
        == "claire@example.fr"
    )
    editor.reject()


def test_the_editor_is_built_ahead_and_reused_showing_each_follower_fresh(
    qtbot, page, store, type_into
):
    """Once the page has been shown a while, the editor is already built (hidden); opening a
    follower fills that one in. A second follower opened after a failed edit of the first shows
    its own answers, no message from before, and counts as unchanged."""
    editor = None

    def prepared():
        nonlocal editor
        editor = page.findChild(follower_editor.FollowerEditor)
        return editor is not None

    qtbot.waitUntil(prepared, timeout=5000)
    assert not editor.isVisible()
    opened = page.open_row(0)
    assert opened is editor
    qtbot.waitUntil(editor.isVisible)
    email = editor.form_widget.input_widget("email")
    email.clear()
    type_into(email, "claire@@ex")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "email" in editor.form_widget.errors()
    editor.done(0)  # closed without asking (as after "Discard changes")
    qtbot.waitUntil(lambda: not editor.isVisible())
    again = page.open_row(1)
    assert again is editor
    qtbot.waitUntil(editor.isVisible)
    second = registrations.get(store.db, page.model.registration_id(1))
    assert editor.reg.id == second.id
    assert editor.form_widget.answers()["email"] == second.answers["email"]
    assert editor.form_widget.errors() == {}
    assert not editor.has_changes()
    assert editor.windowTitle() == f"Follower: {follower_editor.describe(second)}"
    editor.reject()
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert len(page.findChildren(follower_editor.FollowerEditor)) == 1


def test_cancelling_an_edit_asks_before_dropping_the_changes(qtbot, page, store, type_into):
    """Escape on an unchanged follower just closes; with a change typed in it asks: "Keep
    editing" keeps the dialog and the text, "Discard changes" closes and stores nothing."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    def question() -> QMessageBox:
        qtbot.waitUntil(
            lambda: any(
                w.objectName() == "discardChangesQuestion" and w.isVisible()
                for w in QApplication.topLevelWidgets()
            ),
            timeout=5000,
        )
        return next(
            w
            for w in QApplication.topLevelWidgets()
            if w.objectName() == "discardChangesQuestion" and w.isVisible()
        )

    def click(box: QMessageBox, text: str) -> None:
        [button] = [b for b in box.buttons() if b.text() == text]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    editor = page.open_row(0)
    qtbot.waitUntil(editor.isVisible)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not editor.isVisible())

    editor = page.open_row(0)
    qtbot.waitUntil(editor.isVisible)
    city = editor.form_widget.input_widget("city")
    city.clear()
    type_into(city, "Braga")
    qtbot.mouseClick(editor.cancel_button, Qt.MouseButton.LeftButton)
    click(question(), "Keep editing")
    assert editor.isVisible() and city.text() == "Braga"
    editor.close()  # the window's close button asks the same
    click(question(), "Discard changes")
    qtbot.waitUntil(lambda: not editor.isVisible())
    reg = registrations.get(store.db, page.model.registration_id(0))
    assert reg.answers["city"] != "Braga" and reg.revision == 1


def test_double_click_opens_and_delete_asks_first(qtbot, page, store, monkeypatch):
    """Double-click opens the editor; Delete asks, and only a yes removes the record."""
    index = page.model.index(2, 0)
    rect = page.table.visualRect(index)
    # A real double-click is press, release, then the double-click event.
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = page.findChild(QWidget, "followerEditor")
    qtbot.waitUntil(lambda: editor is not None and editor.isVisible())
    editor.reject()
    qtbot.waitUntil(lambda: not editor.isVisible())

    asked: list[str] = []
    monkeypatch.setattr(
        follower_editor, "confirm_delete", lambda parent, what: asked.append(what) or False
    )
    page.select_row(0)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert asked == ["Lycée Jean Moulin — Claire Martin"]
    assert page.model.rowCount() == 3
    monkeypatch.setattr(follower_editor, "confirm_delete", lambda parent, what: True)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert column_texts(page) == ["Escola Básica de Braga", "Jyväskylän normaalikoulu"]
    assert registrations.count(store.db) == 3
    assert QApplication.activeModalWidget() is None


def test_a_sign_up_appears_in_the_table(qtbot, page, window, good_answers, fill_form):
    """Saved on the sign-up page, found on the followers page at once."""
    signup = window.open_page("signupPage")
    fill_form(
        signup.form_widget, {**good_answers, "organisation": "Nova Escola", "email": "n@example.pt"}
    )
    qtbot.mouseClick(signup.save_button, Qt.MouseButton.LeftButton)
    window.open_page("followersPage")
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    assert column_texts(page)[0] == "Nova Escola"


def test_model_passes_qt_model_checks(qtmodeltester, store, event, good_answers):
    """The hand-written model obeys Qt's item model contract (qtmodeltester)."""
    for i in range(5):
        assert followers.save_new(
            store, {**good_answers, "email": f"p{i}@example.fi"}, event_id=event.id
        ).ok
    model = FollowersModel(store, load_form())
    model.set_query("", None)
    qtmodeltester.check(model, force_py=True)
    model.set_query("normaal", event.id)
    qtmodeltester.check(model, force_py=True)


@pytest.mark.slow
def test_one_hundred_thousand_rows_filter_and_scroll_lazily(
    qtbot, page, store, event, other_event, type_into
):
    """With 100,000 followers the table still filters per keystroke through the index and
    reads only the pages of rows it shows (timings: see the report, not asserted here)."""
    assert (
        registrations.insert_many(store.db, fake_rows(100_000, [event.id, other_event.id]))
        == 100_000
    )
    page.set_all_events(True)
    assert page.model.rowCount() == 100_004
    fetches = page.model.fetches
    page.table.scrollToBottom()
    qtbot.wait(10)
    assert page.model.fetches - fetches <= 3  # only the pages on screen were read
    page.filter_edit.clear()
    type_into(page.filter_edit, "Moulin 4242")
    assert column_texts(page) == ["Lycée Jean Moulin 4242"] or all(
        "Moulin 4242" in t for t in column_texts(page)
    )
    assert page.last_filter_ms is not None
    page.filter_edit.clear()
    type_into(page.filter_edit, "contact99999@")
    assert column_texts(page, 2) == ["contact99999@example.org"]
    assert len(page.model._pages) <= 1 + 100_004 // PAGE_SIZE
