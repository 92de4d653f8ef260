"""Qualification at the stand, driven like staff use it: the staff-only fields on the sign-up
page and in the editor (never in the kiosk), the followers list narrowed and sorted by them, and
the dashboard's open follow-ups per partner."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from lea_desktop.storage import registrations
from lea_desktop.ui import follower_editor
from lea_desktop.usecases import followers

QUALIFICATION = ("rating", "next_step", "followup_owner", "followup_due", "contacted_on")


def _day(offset: int) -> str:
    return (dt.date.today() + dt.timedelta(days=offset)).isoformat()


def _save(store, event, good_answers, n: int, **qualification) -> str:
    answers = {**good_answers, "organisation": f"Org {n}", "email": f"p{n}@example.fi",
               **qualification}  # fmt: skip
    result = followers.save_new(store, answers, event_id=event.id)
    assert result.ok, result.errors
    return result.registration.id


def test_staff_qualify_a_visitor_on_the_sign_up_page(
    qtbot, window, store, event, good_answers, fill_form
):
    window.context.reload_active_event()
    page = window.open_page("signupPage")
    qtbot.waitUntil(page.isVisible)
    for fid in QUALIFICATION:
        assert page.findChild(QWidget, f"field_{fid}") is not None, fid
    owner = page.findChild(QComboBox, "field_followup_owner")
    assert owner.itemText(owner.findData("University of Jyväskylä")) == "University of Jyväskylä"
    fill_form(
        page.form_widget,
        {**good_answers, "rating": "hot", "next_step": "Send the letter of intent",
         "followup_owner": "University of Jyväskylä", "followup_due": _day(7)},
    )  # fmt: skip
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.form_widget.errors() == {}
    [reg] = list(registrations.iter_all(store.db))
    assert reg.answers["rating"] == "hot"
    assert reg.answers["next_step"] == "Send the letter of intent"
    assert reg.answers["followup_owner"] == "University of Jyväskylä"
    assert reg.answers["followup_due"] == _day(7)
    assert reg.answers["contacted_on"] == ""
    # A date staff mistype is refused at its field, and nothing is saved.
    fill_form(page.form_widget, {**good_answers, "email": "x@example.fi",
                                 "followup_due": "next Tuesday"})  # fmt: skip
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "followup_due" in page.form_widget.errors()
    assert len(list(registrations.iter_all(store.db))) == 1


def test_the_editor_qualifies_a_follower_and_the_edit_is_queued(
    qtbot, window, store, event, good_answers
):
    reg_id = _save(store, event, good_answers, 1)
    window.context.reload_active_event()
    editor = follower_editor.open_follower_editor(window.context, reg_id, window)
    qtbot.waitUntil(editor.isVisible)
    rating = editor.form_widget.findChild(QComboBox, "field_rating")
    rating.setCurrentIndex(rating.findData("warm"))
    due = editor.form_widget.findChild(QLineEdit, "field_followup_due")
    due.setFocus()
    qtbot.keyClicks(due, _day(2))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    reg = registrations.get(store.db, reg_id)
    assert reg.answers["rating"] == "warm" and reg.answers["followup_due"] == _day(2)
    assert reg.revision == 2


@pytest.fixture
def qualified(store, event, good_answers):
    """Four followers: cold/ENTER overdue, hot/ENTER later, warm/SERN contacted, one bare."""
    return {
        "cold": _save(store, event, good_answers, 1, rating="cold", followup_owner="ENTER",
                      followup_due=_day(-2)),
        "hot": _save(store, event, good_answers, 2, rating="hot", followup_owner="ENTER",
                     followup_due=_day(5)),
        "warm": _save(store, event, good_answers, 3, rating="warm", followup_owner="SERN",
                      followup_due=_day(-1), contacted_on=_day(-1)),
        "bare": _save(store, event, good_answers, 4),
    }  # fmt: skip


def _shown(page) -> list[str]:
    return [page.model.index(r, 0).data() for r in range(page.model.rowCount())]


def test_the_followers_list_filters_and_sorts_by_qualification(qtbot, window, event, qualified):
    window.context.reload_active_event()
    page = window.open_page("followersPage")
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    assert _shown(page) == ["Org 4", "Org 3", "Org 2", "Org 1"]  # newest first
    rating_col = next(c for c, f in enumerate(page.model.fields) if f.id == "rating")
    assert page.table.isColumnHidden(rating_col)

    page.rating_filter.setCurrentIndex(page.rating_filter.findData("hot"))
    assert _shown(page) == ["Org 2"]
    assert not page.table.isColumnHidden(rating_col)  # narrowed: the columns show
    assert page.model.index(0, rating_col).data() == "Hot"
    assert "(narrowed)" in page.count_label.text()
    page.rating_filter.setCurrentIndex(0)
    page.owner_filter.setCurrentIndex(page.owner_filter.findData("ENTER"))
    assert _shown(page) == ["Org 2", "Org 1"]
    qtbot.keyClicks(page.filter_edit, "Org 1")  # the text filter works inside the narrowing
    assert _shown(page) == ["Org 1"]
    page.filter_edit.clear()
    page.owner_filter.setCurrentIndex(page.owner_filter.findText("No owner yet"))
    assert _shown(page) == ["Org 4"]
    page.owner_filter.setCurrentIndex(0)
    qtbot.mouseClick(page.due_filter, Qt.MouseButton.LeftButton)  # due by today, not contacted
    assert _shown(page) == ["Org 1"]
    qtbot.mouseClick(page.due_filter, Qt.MouseButton.LeftButton)
    assert _shown(page) == ["Org 4", "Org 3", "Org 2", "Org 1"]
    assert page.table.isColumnHidden(rating_col)

    page.sort_box.setCurrentIndex(page.sort_box.findData("rating"))  # hot first, bare last
    assert _shown(page) == ["Org 2", "Org 3", "Org 1", "Org 4"]
    assert not page.table.isColumnHidden(rating_col)
    page.sort_box.setCurrentIndex(page.sort_box.findData("followup_due"))
    assert _shown(page) == ["Org 1", "Org 3", "Org 2", "Org 4"]
    # A click on the header turns the order round; the undated stay last.
    due_col = next(c for c, f in enumerate(page.model.fields) if f.id == "followup_due")
    header = page.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(due_col) + 10, header.height() // 2),
    )
    assert _shown(page) == ["Org 2", "Org 3", "Org 1", "Org 4"]
    qtbot.keyClicks(page.filter_edit, "Org")  # typing keeps the order chosen
    assert _shown(page) == ["Org 2", "Org 3", "Org 1", "Org 4"]
    page.filter_edit.clear()
    page.sort_box.setCurrentIndex(0)
    assert _shown(page) == ["Org 4", "Org 3", "Org 2", "Org 1"]


def test_the_dashboard_shows_who_is_to_follow_up_per_partner(qtbot, window, event, qualified):
    window.context.reload_active_event()
    page = window.open_page("dashboardPage")
    qtbot.waitUntil(lambda: page.updates > 0 and not page._running, timeout=10000)
    assert page.followup_chart.items() == [("ENTER", 2, "2 · 1 due")]
