"""The Sync page before and after the laptop is set up: the setup card comes first, and nothing
promises or offers a sync that cannot happen."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from lea_desktop.ui import workers


def _visible_texts(page) -> list[str]:
    return [label.text() for label in page.findChildren(QLabel) if label.isVisible()]


def _open(qtbot, window):
    page = window.open_page("syncPage")
    qtbot.waitUntil(lambda: not workers.active_tasks(), timeout=10000)
    return page


def test_before_setup_the_setup_card_comes_first_and_nothing_offers_to_sync(
    qtbot, window, store, event
):
    window.resize(1280, 720)
    page = _open(qtbot, window)
    assert page.setup_card.isVisible() and not page.status_card.isVisible()
    assert not page.sync_button.isVisible() and not page.reconcile_card.isVisible()
    assert page.setup_card.y() < page.queue_card.y()
    assert page.url_field.isVisible() and page.token_field.isVisible()
    assert page.login_button.text() == "Check" and page.login_button.property("accent") is True
    texts = " ".join(_visible_texts(page))
    assert "every minute" not in texts and "above" not in texts
    assert "listed below" in texts  # the queue is indeed below
    # The waiting event's name is read whole in the Event column.
    qtbot.waitUntil(lambda: page.queue_list.topLevelItemCount() == 1)
    row = page.queue_list.topLevelItem(0)
    assert row.text(3) == event.name
    needed = page.queue_list.fontMetrics().horizontalAdvance(event.name)
    assert page.queue_list.header().sectionSize(3) >= needed

    page.controller.sync_now()  # e.g. from the status bar: it says how to set up, correctly
    qtbot.waitUntil(lambda: page.banner.isVisible(), timeout=10000)
    assert "Set up sync" in page.banner.label.text()
    assert "above" not in page.banner.label.text()


def test_once_set_up_the_status_and_sync_now_come_first(qtbot, window, store, event):
    from lea_desktop.sync import credentials

    store.db  # noqa: B018  (the wrapper the settings use)
    window.context.set_setting("databank.url", "https://databank.example.eu")
    credentials.save_token(store.home, "lea_token_for_tests")
    page = _open(qtbot, window)
    qtbot.waitUntil(lambda: page.status_card.isVisible(), timeout=5000)
    assert page.sync_button.isVisible() and page.sync_button.property("accent") is True
    assert page.status_card.y() < page.queue_card.y() < page.setup_card.y()
    assert page.login_button.property("accent") is False
    assert "every minute" in page.detail_label.text()
    # A long state never runs off the card: it wraps.
    assert page.state_label.wordWrap() and page.detail_label.wordWrap()
