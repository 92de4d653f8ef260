"""The Follow-up page, driven like staff use it after the fair: who is due, by owner; "Write
email" hands a draft to the system mail client (QDesktopServices is where the product ends, so
it is replaced here); "Save draft…" writes an .eml read back with the `email` package; "Mark
contacted" records the date as an edit queued for the databank."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from urllib.parse import parse_qs, urlsplit

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices

from lea_desktop.storage import registrations, settings
from lea_desktop.ui.pages.followup import FollowupPage
from lea_desktop.usecases import followers


def _day(offset: int) -> str:
    return (dt.date.today() + dt.timedelta(days=offset)).isoformat()


def _save(store, event, good_answers, n: int, lang: str = "en", **changes) -> str:
    answers = {**good_answers, "organisation": f"Org {n}", "email": f"p{n}@example.fi", **changes}
    result = followers.save_new(store, answers, event_id=event.id, lang=lang)
    assert result.ok, result.errors
    return result.registration.id


@pytest.fixture
def page(qtbot, window, store, event, good_answers):
    settings.set_value(store.db, "staff.name", "Kati Clements")
    settings.set_value(store.db, "staff.partner", "ENTER")
    ids = {
        "overdue": _save(store, event, good_answers, 1, "de", types=["procurer"],
                         followup_owner="ENTER", followup_due=_day(-2)),
        "today": _save(store, event, good_answers, 2, "fi", types=["school"],
                       followup_owner="ENTER", followup_due=_day(0)),
        "later": _save(store, event, good_answers, 3, followup_owner="ENTER",
                       followup_due=_day(6)),
        "sern": _save(store, event, good_answers, 4, followup_owner="SERN",
                      followup_due=_day(-1)),
        "done": _save(store, event, good_answers, 5, followup_owner="ENTER",
                      followup_due=_day(-5), contacted_on=_day(-1)),
    }  # fmt: skip
    window.context.reload_active_event()
    page = window.open_page("followupPage")
    qtbot.waitUntil(page.isVisible)
    page.ids = ids
    return page


def _orgs(page) -> list[str]:
    return [page.table.item(r, 1).text() for r in range(page.table.rowCount())]


def test_who_is_due_by_owner(qtbot, page):
    assert page.owner() == "ENTER"  # the staff member's own partner first
    assert _orgs(page) == ["Org 1", "Org 2"]  # due by today, soonest first, contacted left out
    assert page.count_label.text() == "2 followers due for ENTER"
    assert page.table.item(0, 0).toolTip() == "Overdue"
    assert page.table.item(0, 7).text() == "DE" and page.table.item(1, 7).text() == "FI"
    page.when_box.setCurrentIndex(page.when_box.findData("open"))
    assert _orgs(page) == ["Org 1", "Org 2", "Org 3"]
    page.owner_box.setCurrentIndex(0)  # all partners
    page.when_box.setCurrentIndex(page.when_box.findData("due"))
    assert _orgs(page) == ["Org 1", "Org 4", "Org 2"]
    assert not page.write_button.isEnabled()


def test_write_email_opens_the_mail_client_with_a_draft_in_their_language(qtbot, page, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toString()) or True)
    )
    page.table.selectRow(1)  # Org 2, signed up in Finnish, a school
    qtbot.mouseClick(page.write_button, Qt.MouseButton.LeftButton)
    [link] = opened
    parts = urlsplit(link)
    assert parts.scheme == "mailto" and parts.path == "p2@example.fi"
    query = parse_qs(parts.query)
    assert query["subject"] == ["Tervetuloa LEA-seuraajaksi, Aino Virtanen"]
    assert "Kati Clements" in query["body"][0] and "ENTER" in query["body"][0]
    page.table.selectRow(0)  # a procurer: the link cannot carry the letter, staff are told
    qtbot.mouseClick(page.write_button, Qt.MouseButton.LeftButton)
    assert (
        len(opened) == 2
        and "Einladung zu LEA-N" in parse_qs(urlsplit(opened[1]).query)["subject"][0]
    )
    assert "Save draft" in page.window().statusBar().currentMessage()


def test_no_mail_client_says_so(qtbot, page, monkeypatch):
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    page.table.selectRow(0)
    qtbot.mouseClick(page.write_button, Qt.MouseButton.LeftButton)
    assert "No mail client" in page.window().statusBar().currentMessage()


def test_save_draft_writes_an_eml_with_the_letter_for_a_procurer(
    qtbot, page, monkeypatch, tmp_path
):
    target = tmp_path / "draft.eml"
    monkeypatch.setattr(FollowupPage, "ask_save_path", classmethod(lambda *a: str(target)))
    page.table.selectRow(0)  # Org 1: a procurer who signed up in German
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    msg = email.message_from_bytes(target.read_bytes(), policy=email.policy.default)
    assert msg["Subject"] == "Einladung zu LEA-N, dem Beschaffer-Netzwerk von LEA"
    assert msg["To"].addresses[0].addr_spec == "p1@example.fi"
    [letter] = list(msg.iter_attachments())
    assert letter.get_content_type() == "application/pdf"
    assert letter.get_content().startswith(b"%PDF")
    # The welcome instead, chosen by staff: no letter.
    page.template_box.setCurrentIndex(page.template_box.findData("welcome"))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    msg = email.message_from_bytes(target.read_bytes(), policy=email.policy.default)
    assert msg["Subject"].startswith("Willkommen") and list(msg.iter_attachments()) == []


def test_mark_contacted_records_the_date_and_queues_the_edit(qtbot, page, store):
    page.table.selectRow(0)
    reg_id = page.selected_id()
    assert reg_id == page.ids["overdue"]
    qtbot.mouseClick(page.contacted_button, Qt.MouseButton.LeftButton)
    reg = registrations.get(store.db, reg_id)
    assert reg.answers["contacted_on"] == _day(0) and reg.revision == 2
    queued = store.db.execute(
        "SELECT revision, status FROM outbox WHERE entity_id = ?", [reg_id]
    ).fetchall()
    assert queued == [(2, "pending")]
    assert _orgs(page) == ["Org 2"]
    assert page.count_label.text() == "1 follower due for ENTER"
