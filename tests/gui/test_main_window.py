"""The main window: navigation from the pages registry, lazy pages, header, status bar, banners."""

from __future__ import annotations

from typing import ClassVar

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from lea_desktop.domain.clock import date_span
from lea_desktop.ui import pages as registry
from lea_desktop.ui.main_window import MainWindow


class _Page(QWidget):
    built: ClassVar[list[str]] = []

    def __init__(self, context, name: str) -> None:
        super().__init__()
        self.context = context
        self.shown = 0
        _Page.built.append(name)
        QLabel(name, self)

    def on_shown(self) -> None:
        self.shown += 1


@pytest.fixture
def new_main_window(qtbot, context):
    """new_main_window() → a MainWindow over the test store, deleted after the test."""
    made = []

    def make():
        win = MainWindow(context)
        qtbot.addWidget(win)
        made.append(win)
        return win

    yield make
    for win in made:
        win.close()
        win.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _spec(name: str, order: int) -> registry.PageSpec:
    return registry.PageSpec(
        name.title(), f"{name}Page", lambda ctx, n=name: _Page(ctx, n), order=order
    )


def test_navigation_is_built_from_the_registry_in_order_and_pages_are_lazy(
    new_main_window, context, monkeypatch
):
    """Adding one PageSpec adds one navigation entry; `order` sorts; a page is built when opened."""
    _Page.built = []
    monkeypatch.setattr(
        registry, "PAGES", [_spec("beta", 20), _spec("alpha", 10), _spec("gamma", 30)]
    )
    win = new_main_window()
    titles = [win.nav.item(i).text() for i in range(win.nav.count())]
    assert titles == ["Alpha", "Beta", "Gamma"]
    assert _Page.built == ["alpha"]  # only the first page is built at start
    page = win.open_page("gammaPage")
    assert page.objectName() == "gammaPage"
    assert win.stack.currentWidget() is page
    assert page.shown == 1
    assert _Page.built == ["alpha", "gamma"]
    win.open_page("alphaPage")
    assert _Page.built == ["alpha", "gamma"]  # not rebuilt
    context.open_page("gammaPage")  # pages ask for another page through the context
    assert win.current_page() is page and page.shown == 2


def test_header_and_status_bar_show_the_active_event_and_counts(
    qtbot, new_main_window, context, event, good_answers
):
    """The header names the active event; the status bar counts (on a worker) the followers of
    the event and of today and what waits in the outbox."""
    from lea_desktop.usecases import followers

    win = new_main_window()
    assert "BETT 2027" in win.active_event_label.text()
    qtbot.waitUntil(lambda: win.status_today.text() == "Today: 0", timeout=5000)
    assert followers.save_new(context.store, good_answers, event_id=event.id).ok
    context.notify_registrations_changed()
    qtbot.waitUntil(lambda: win.status_event.text() == "BETT 2027: 1 follower", timeout=5000)
    assert win.status_today.text() == "Today: 1"
    # each kind named, so it agrees with the Privacy page (sign-ups) and the sync result
    assert win.status_outbox.text() == "To sync: 1 sign-up, 1 event"


def test_counts_do_not_go_back_when_a_count_was_running_during_a_save(
    qtbot, new_main_window, context, event, good_answers
):
    """A save during a background count: the stale result is dropped and counted again, so the
    figures never step back."""
    from lea_desktop.usecases import followers

    win = new_main_window()
    qtbot.waitUntil(lambda: context.counts.get("event") == 0, timeout=5000)
    context.refresh_counts()  # a count starts (it will see 0 followers) …
    assert followers.save_new(context.store, good_answers, event_id=event.id).ok
    context.note_saved(event.id)  # … and a save lands before its result
    assert win.status_event.text() == "BETT 2027: 1 follower"
    qtbot.waitUntil(
        lambda: context._counts_task.is_finished and not context._counts_stale, timeout=5000
    )
    qtbot.wait(50)
    assert context.counts["event"] == 1
    assert win.status_event.text() == "BETT 2027: 1 follower"


def test_status_messages_and_banners_do_not_block(new_main_window, context):
    """show_status reaches the status bar; a banner appears and disappears without a dialog."""
    win = new_main_window()
    win.show()
    context.show_status("Saved — 1 follower at BETT 2027")
    assert win.statusBar().currentMessage() == "Saved — 1 follower at BETT 2027"
    assert win.banner_area.isHidden()
    banner = QLabel("hello")
    win.add_banner(banner)
    assert win.banner_area.isVisible()
    win.remove_banner(banner)
    assert win.banner_area.isHidden()


def test_date_span_is_short_and_readable():
    """Event dates read like people write them."""
    assert date_span("2027-01-22", "2027-01-24") == "22–24 Jan 2027"
    assert date_span("2027-01-31", "2027-02-02") == "31 Jan – 2 Feb 2027"
    assert date_span("2027-03-05", "2027-03-05") == "5 Mar 2027"
