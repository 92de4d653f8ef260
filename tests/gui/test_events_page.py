"""The events page: example events on an empty database, create/edit/archive with messages at
the fields, and choosing the active event that the header and sign-ups follow."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLabel

from lea_desktop import reference
from lea_desktop.storage import events


@pytest.fixture
def page(qtbot, window):
    page = window.open_page("eventsPage")
    qtbot.waitUntil(page.isVisible)
    return page


def list_names(page) -> list[str]:
    return [
        page.event_list.item(i).text().split("\n")[0].lstrip("● ")
        for i in range(page.event_list.count())
    ]


def test_empty_database_offers_the_example_events_inside_the_window(qtbot, page, window, store):
    """No modal: a panel offers the seed report's events; one click loads them all once, as
    examples: none becomes active, none is queued for the databank, the header and status bar
    still say no event is chosen, and the panel now offers to remove them."""
    assert QApplication.activeModalWidget() is None
    assert page.seed_banner.isVisible()
    assert "example events" in page.seed_banner.text()
    assert window.active_event_label.text() == "No event chosen"
    qtbot.mouseClick(page.seed_button, Qt.MouseButton.LeftButton)
    seed = reference.seed_events()
    assert events.count(store.db) == len(seed)
    assert page.event_list.count() == len(seed)
    assert window.context.active_event is None
    assert window.active_event_label.text() == "No event chosen"
    assert window.status_event.text() == "No active event"
    queued = store.db.execute("SELECT count(*) FROM outbox WHERE entity = 'event'").fetchone()[0]
    assert queued == 0
    window.refresh_status()
    qtbot.waitUntil(lambda: window.status_outbox.text() == "To sync: nothing")
    assert not page.seed_button.isVisible()
    assert page.remove_examples_button.isVisible()
    assert all("· example" in page.event_list.item(i).text() for i in range(len(seed)))
    # an example cannot be chosen for sign-ups: it says so
    page.event_list.setCurrentRow(0)
    assert not page.use_button.isEnabled()
    assert "Example event" in page.active_note.text()


def test_an_example_edited_into_a_real_event_is_queued_and_usable(qtbot, page, window, store):
    """Changing an example's details and saving makes it a real event: queued for the databank
    and used for sign-ups; the untouched examples are still not queued."""
    qtbot.mouseClick(page.seed_button, Qt.MouseButton.LeftButton)
    page.event_list.setCurrentRow(0)
    page.name_edit.clear()
    qtbot.keyClicks(page.name_edit, "Our own fair 2027")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    [(entity_id,)] = store.db.execute(
        "SELECT entity_id FROM outbox WHERE entity = 'event'"
    ).fetchall()
    assert events.get(store.db, entity_id).name == "Our own fair 2027"
    assert not events.is_example(store.db, entity_id)
    # the only real event now: chosen by itself (the examples never are)
    assert window.context.active_event.id == entity_id
    assert page.active_note.text() == "Sign-ups now go to this event."
    assert window.active_event_label.text().startswith("Our own fair 2027")


def test_remove_example_events_in_one_step(qtbot, page, window, store, event):
    """One click removes every example (archived ones too) and keeps the real events."""
    from lea_desktop.usecases.event_rules import load_seed_events

    added = load_seed_events(store)
    page.reload()
    assert added == len(reference.seed_events())
    some_example = next(iter(events.example_ids(store.db)))
    events.archive(store.db, some_example)
    page.reload()
    assert page.remove_examples_button.isVisible()
    with qtbot.waitSignal(window.context.statusMessage) as said:
        qtbot.mouseClick(page.remove_examples_button, Qt.MouseButton.LeftButton)
    assert said.args[0] == f"Removed {added} example events."
    assert [e.id for e in events.list_events(store.db, include_archived=True)] == [event.id]
    assert list_names(page) == [event.name]
    assert not page.seed_banner.isVisible()
    assert window.context.active_event.id == event.id


def test_create_an_event_with_messages_at_the_fields(qtbot, page, window, store, pick_country):
    """Missing name and country are marked at their fields; fixed, the event is created and,
    being the first, becomes the active event."""
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.findChild(QLabel, "eventNameError").text() == "The event needs a name."
    assert "country" in page.findChild(QLabel, "eventCountryError").text()
    assert page.name_edit.property("invalid") is True
    assert events.count(store.db) == 0
    qtbot.keyClicks(page.name_edit, "EDUCA 2027")
    qtbot.keyClicks(page.city_edit, "Turin")
    pick_country(page.country_combo, "IT")
    page.starts_edit.setDate(QDate(2027, 3, 10))
    page.ends_edit.setDate(QDate(2027, 3, 12))
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("conference"))
    page.partner_combo.setCurrentIndex(page.partner_combo.findData("Citta di Torino"))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert not page.findChild(QLabel, "eventNameError").isVisibleTo(page)
    [event] = events.list_events(store.db)
    assert (event.name, event.city, event.country, event.starts, event.ends, event.kind) == (
        "EDUCA 2027", "Turin", "IT", "2027-03-10", "2027-03-12", "conference",
    )  # fmt: skip
    assert event.responsible_partner == "Citta di Torino"
    assert window.context.active_event.id == event.id
    assert window.active_event_label.text() == "EDUCA 2027 · Turin · 10–12 Mar 2027"
    assert list_names(page) == ["EDUCA 2027"]


def test_end_before_start_is_refused_at_the_end_date(qtbot, page, store, event):
    """Dates that run backwards get a message at 'Ends'; nothing changes in the database."""
    page.select_event(event.id)
    page.ends_edit.setDate(page.starts_edit.date().addDays(-1))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.findChild(QLabel, "eventEndsError").text() == "The event ends before it starts."
    assert events.get(store.db, event.id).ends == event.ends


def test_edit_choose_active_and_archive(qtbot, page, window, store, event):
    """Editing renames the event everywhere; 'Use for sign-ups' moves the header; archiving the
    active event hides it and the header falls back."""
    other = events.create(
        store.db,
        {
            "name": "OEB 2026",
            "city": "Berlin",
            "country": "DE",
            "starts": "2026-12-02",
            "ends": "2026-12-04",
        },
    )
    window.context.set_active_event(event)
    window.context.notify_events_changed()
    page.select_event(event.id)
    page.name_edit.clear()
    qtbot.keyClicks(page.name_edit, "BETT 2027 (ExCeL)")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert events.get(store.db, event.id).name == "BETT 2027 (ExCeL)"
    assert window.active_event_label.text().startswith("BETT 2027 (ExCeL)")
    assert "BETT 2027 (ExCeL)" in list_names(page)

    page.select_event(other.id)
    assert page.use_button.isEnabled()
    qtbot.mouseClick(page.use_button, Qt.MouseButton.LeftButton)
    assert window.context.active_event.id == other.id
    assert window.active_event_label.text().startswith("OEB 2026")
    assert page.event_list.currentItem().text().startswith("●")

    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    assert events.get(store.db, other.id).archived
    assert "OEB 2026" not in list_names(page)
    assert window.context.active_event.id == event.id  # falls back to the one running today
    page.show_archived.setChecked(True)
    assert "OEB 2026" in list_names(page)


def test_the_page_opens_on_the_active_event_and_a_new_event_starts_today(
    qtbot, window, store, event
):
    """Opening Events shows the event sign-ups go to, ready to edit; "New event" starts from
    today with the staff member's partner, never from a placeholder date."""
    from lea_desktop.domain import clock
    from lea_desktop.storage import settings

    with store.db.atomic():
        settings.set_value(store.db, "staff.partner", "University of Oulu")
    window.context.reload_active_event()
    page = window.open_page("eventsPage")
    qtbot.waitUntil(page.isVisible)
    assert page.editing is not None and page.editing.id == event.id
    assert page.name_edit.text() == "BETT 2027"
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    today = clock.today().isoformat()
    assert page.editing is None and page.name_edit.text() == ""
    assert page.starts_edit.date().toString("yyyy-MM-dd") == today
    assert page.ends_edit.date().toString("yyyy-MM-dd") == today
    assert page.partner_combo.currentData() == "University of Oulu"


def test_an_event_made_on_another_laptop_is_shown_but_not_changed(qtbot, page, store):
    """An event pulled from the databank that another laptop created can be chosen for
    sign-ups, but Save and Archive are off and a note says why (the databank takes changes
    only from the laptop that made it); this laptop's own event stays editable."""
    own = events.create(
        store.db,
        {"name": "Own fair", "city": "Turku", "country": "FI", "starts": "2027-05-02",
         "ends": "2027-05-03"},
        device_id=store.device_id,
    )  # fmt: skip
    events.upsert_remote(
        store.db,
        {"id": "ev-elsewhere", "name": "Their fair", "city": "Oslo", "country": "NO",
         "starts": "2027-05-01", "ends": "2027-05-01", "kind": "fair", "archived": False,
         "created_at": "2027-01-01T00:00:00.000Z", "updated_at": "2027-01-01T00:00:00.000Z",
         "revision": 1, "origin_device": "another-laptop"},
    )  # fmt: skip
    page.reload()
    page.select_event("ev-elsewhere")
    assert not page.save_button.isEnabled() and not page.archive_button.isEnabled()
    assert "only that laptop can change it" in page.active_note.text()
    assert page.active_note.isVisible() and page.use_button.isEnabled()
    page.select_event(own.id)
    assert page.save_button.isEnabled() and page.archive_button.isEnabled()
    assert "another laptop" not in page.active_note.text()
