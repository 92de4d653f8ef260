"""The Dashboard page, driven like staff use it: figures, map, targets, missing member states,
updates as sign-ups arrive, switching to all events, and exporting."""

from __future__ import annotations

import json
import stat

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from lea_desktop.storage import events
from lea_desktop.usecases import followers


def _follower(store, event, n: int, country: str, types: list[str], interests=(), **extra):
    answers = {
        "organisation": f"Org {country} {n}", "contact_name": f"Person {n}",
        "email": f"p{n}.{country.lower()}@example.org", "country": country, "types": types,
        "interests": list(interests), "consent_contact": True, **extra,
    }  # fmt: skip
    result = followers.save_new(store, answers, event_id=event.id)
    assert result.ok, result.errors
    return result.registration


@pytest.fixture
def seeded_event(store, event):
    """BETT 2027 (active, today) with 5 Finnish followers and 1 Croatian procurer who wants to
    join LEA-N; a second event with one Swedish school."""
    for n in range(5):
        _follower(store, event, n, "FI", ["school"] if n else ["procurer", "school"])
    _follower(store, event, 10, "HR", ["procurer"], ["lea_network"])
    other = events.create(
        store.db,
        {"name": "EC-TEL 2027", "city": "Tallinn", "country": "EE", "starts": "2027-09-14",
         "ends": "2027-09-15"},
    )  # fmt: skip
    _follower(store, other, 20, "SE", ["school"])
    return event


@pytest.fixture
def dashboard(qtbot, window, seeded_event):
    window.context.reload_active_event()
    page = window.open_page("dashboardPage")
    qtbot.waitUntil(
        lambda: page.isVisible() and page.updates > 0 and not page._running, timeout=10000
    )
    return page


def _figure(page, key: str) -> str:
    return page.tiles[key].value.text()


def test_figures_of_the_active_event(dashboard):
    """Tiles, targets and the type and country bars show the active event's counts exactly."""
    page = dashboard
    assert page.scope.currentText() == "Active event: BETT 2027"
    assert _figure(page, "followers") == "6"
    assert _figure(page, "procurers") == "2"
    assert page.tiles["procurers"].caption.text() == "procurers · 33 % of followers"
    assert _figure(page, "schools") == "5"
    assert _figure(page, "member_states") == "2 / 27"
    assert _figure(page, "candidates") == "1"
    assert _figure(page, "letters") == "0 / 0"
    lea_n = page.targets["lea_n_member_states"]
    assert (lea_n.value(), lea_n.maximum()) == (1, 15)
    assert lea_n.text() == "1 / 15  ·  14 to go"
    assert page.targets["procurers"].text() == "2 / 25  ·  23 to go"
    assert page.targets["schools"].text() == "5 / 30  ·  25 to go"
    assert page.types_chart.items()[0] == ("School", 5, "5 (83 %)")
    assert ("Procurer / policy maker", 2, "2 (33 %)") in page.types_chart.items()
    assert page.countries_chart.items() == [("Finland", 5, "5"), ("Croatia", 1, "1")]
    assert [label for label, _n, _t in page.collectors_chart.items()] == ["(not recorded)"]


def test_missing_member_states_name_the_partner(dashboard):
    """The list of EU member states without followers says who is responsible for each."""
    page = dashboard
    assert page.missing.rowCount() == 25
    rows = {
        page.missing.item(r, 0).data(Qt.ItemDataRole.UserRole): page.missing.item(r, 1).text()
        for r in range(page.missing.rowCount())
    }
    assert rows["BG"] == "INNOVA" and rows["SI"] == "University of Oulu"
    assert "FI" not in rows and "HR" not in rows
    assert page.missing_caption.text().startswith("25 of 27 EU member states have no follower yet")


def test_map_shades_countries_and_explains_them(dashboard):
    """Finland (5) is darker than Croatia (1); countries without followers are neutral grey;
    hovering Finland names it with its count."""
    from lea_desktop.ui.europe_map import NO_FOLLOWERS

    m = dashboard.map
    assert m.classes == [(1, 1), (2, 4), (5, 5)]
    fi, hr, se = m.colour_of("FI"), m.colour_of("HR"), m.colour_of("SE")
    assert se == NO_FOLLOWERS
    assert fi.lightness() < hr.lightness() < NO_FOLLOWERS.lightness() + 40
    assert fi != hr
    assert m.country_at(m.centre_of("FI")) == "FI"
    assert m.country_at(QPointF(3, 3)) is None
    assert m.tooltip_for("FI") == "Finland — 5 followers"
    assert m.tooltip_for("HR") == "Croatia — 1 follower"
    assert m.tooltip_for("BG") == "Bulgaria — 0 followers (EU member state still missing)"


def test_tooltip_appears_over_a_country(qtbot, dashboard):
    """A real hover over Finland shows the tooltip text."""
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    m = dashboard.map
    dashboard.scroll.ensureWidgetVisible(m)
    pos = m.centre_of("FI").toPoint()
    QApplication.sendEvent(m, QHelpEvent(QHelpEvent.Type.ToolTip, pos, m.mapToGlobal(pos)))
    qtbot.waitUntil(lambda: QToolTip.isVisible(), timeout=3000)
    assert QToolTip.text() == "Finland — 5 followers"


def test_a_sign_up_shows_on_the_dashboard(qtbot, window, dashboard, good_answers, fill_form):
    """Save a follower on the sign-up page (Ctrl+Return), come back: the figures include it."""
    page = dashboard
    signup = window.open_page("signupPage")
    qtbot.waitUntil(signup.isVisible)
    answers = dict(good_answers, email="new.person@example.de", country="DE",
                   types=["procurer"], interests=["lea_network"])  # fmt: skip
    fill_form(signup.form_widget, answers)
    qtbot.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    assert signup.form_widget.errors() == {}
    window.open_page("dashboardPage")
    qtbot.waitUntil(lambda: _figure(page, "followers") == "7", timeout=5000)
    assert _figure(page, "procurers") == "3"
    assert _figure(page, "member_states") == "3 / 27"
    assert _figure(page, "candidates") == "2"
    assert page.targets["lea_n_member_states"].text() == "2 / 15  ·  13 to go"
    assert ("Germany", 1, "1") in page.countries_chart.items()
    assert page.missing.rowCount() == 24
    assert page.map.colour_of("DE") != page.map.colour_of("SE")


def test_saves_through_the_save_path_update_at_once(qtbot, store, dashboard, seeded_event):
    """A save plus the context's signal updates the figures without waiting for a recount;
    the background recount then agrees."""
    page = dashboard
    _follower(store, seeded_event, 30, "PT", ["supplier"])
    before = page.updates
    page.context.notify_registrations_changed()
    assert page.updates == before + 1  # shown at once, on this turn of the event loop
    assert _figure(page, "followers") == "7" and _figure(page, "suppliers") == "1"
    assert page.last_quick_ms is not None
    qtbot.waitUntil(lambda: not page._running and not page._recount_timer.isActive(), timeout=5000)
    assert _figure(page, "followers") == "7"


def test_deletion_is_counted_by_the_background_recount(qtbot, store, dashboard, seeded_event):
    """Deleting a follower: after the recount the figures drop."""
    page = dashboard
    hr = next(iter(store.db.execute(
        "SELECT id FROM registrations WHERE answers ->> '$.country' = 'HR'"
    )))[0]  # fmt: skip
    followers.delete(store, hr)
    page.context.notify_registrations_changed()
    qtbot.waitUntil(lambda: _figure(page, "followers") == "5", timeout=5000)
    assert _figure(page, "member_states") == "1 / 27"


def test_all_events(qtbot, dashboard):
    """Switching to all events adds the other event's Swedish school."""
    page = dashboard
    page.set_scope("all")
    qtbot.waitUntil(lambda: _figure(page, "followers") == "7", timeout=5000)
    assert page.scope_label.text().startswith("All events — 2 events with followers")
    assert _figure(page, "member_states") == "3 / 27"
    assert ("Sweden", 1, "1") in page.countries_chart.items()


@pytest.mark.parametrize(("what", "fmt"), [("summary", "json"), ("partners", "xlsx")])
def test_export_from_the_dashboard(qtbot, dashboard, tmp_path, monkeypatch, what, fmt):
    """Export… → a file chosen in the save dialog is written in the background, private."""
    from lea_desktop.ui import workers
    from lea_desktop.ui.pages.dashboard import DashboardPage

    out = tmp_path / f"export.{fmt}"
    monkeypatch.setattr(DashboardPage, "ask_save_path", classmethod(lambda cls, *a: str(out)))
    action = next(
        a for a in dashboard.export_menu.actions() if a.objectName() == f"export_{what}_{fmt}"
    )
    action.trigger()
    qtbot.waitUntil(lambda: out.exists() and not workers.active_tasks(), timeout=10000)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert dashboard.status.text() == f"Saved {out.name}"
    if fmt == "json":
        data = json.loads(out.read_text())
        assert data["total"] == 6 and data["scope"]["event"]["name"] == "BETT 2027"


def test_the_consented_followers_for_a_mailing_tool_from_the_dashboard(
    qtbot, dashboard, store, tmp_path, monkeypatch
):
    """Export… → Followers for HubSpot: the active event's followers who agreed to be contacted,
    in HubSpot's columns, read back with the csv module."""
    import csv

    from lea_desktop.exports import newsletter
    from lea_desktop.ui import workers
    from lea_desktop.ui.pages.dashboard import DashboardPage

    out = tmp_path / "hubspot"  # no suffix typed: .csv is added
    monkeypatch.setattr(DashboardPage, "ask_save_path", classmethod(lambda cls, *a: str(out)))
    action = next(
        a for a in dashboard.export_menu.actions() if a.objectName() == "export_mailing_hubspot"
    )
    action.trigger()
    written = tmp_path / "hubspot.csv"
    qtbot.waitUntil(lambda: written.exists() and not workers.active_tasks(), timeout=10000)
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    with open(written, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == newsletter.LAYOUTS["hubspot"].header
    assert len(rows) == 1 + 6  # the active event's six followers all agreed to be contacted
    assert all(r[0].endswith("@example.org") and r[9] and r[10] for r in rows[1:])


def test_export_cancelled_writes_nothing(qtbot, dashboard, tmp_path, monkeypatch):
    """Cancelling the save dialog writes nothing and starts no work."""
    from lea_desktop.ui import workers
    from lea_desktop.ui.pages.dashboard import DashboardPage

    monkeypatch.setattr(DashboardPage, "ask_save_path", classmethod(lambda cls, *a: ""))
    before = set(tmp_path.rglob("*"))
    dashboard.export("summary", "pdf")
    assert not workers.active_tasks() and dashboard.export_button.isEnabled()
    assert set(tmp_path.rglob("*")) == before
    assert not dashboard.status.text().startswith("Writing")


def test_no_active_event(qtbot, window, store):
    """Without an event the dashboard says so and offers all events instead of failing."""
    page = window.open_page("dashboardPage")
    qtbot.waitUntil(lambda: page.updates > 0, timeout=5000)
    assert page.scope.currentText() == "Active event (none chosen)"
    assert page.scope_label.text().startswith("No active event")
    assert _figure(page, "followers") == "0"
    assert page.missing.rowCount() == 27


def test_page_is_reached_with_ctrl_4(qtbot, window, seeded_event):
    """Ctrl+4 opens the dashboard."""
    window.context.reload_active_event()
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.stack.currentWidget().objectName() == "dashboardPage")


def test_the_export_menu_offers_the_formats_of_the_registry():
    """Every summary and partner-report format of exports/formats.py is in the Export menu, and
    nothing else (the menu's words are literal for the translators)."""
    from lea_desktop.exports import formats, newsletter
    from lea_desktop.ui.pages.dashboard import EXPORTS

    offered = [(what, fmt) for what, fmt, _text, _filter in EXPORTS]
    assert offered == [("summary", f) for f in formats.SUMMARY] + [
        ("partners", f) for f in formats.PARTNER_REPORT
    ] + [("mailing", f) for f in formats.MAILING]
    assert set(formats.MAILING) == set(newsletter.LAYOUTS)
    for what, fmt, text, file_filter in EXPORTS:
        if what == "mailing":  # a tool's layout, always CSV
            assert file_filter == formats.FORMATS["csv"].file_filter
            assert f"for {newsletter.LAYOUTS[fmt].title} (CSV)" in text
            continue
        assert file_filter == formats.FORMATS[fmt].file_filter
        assert f"({formats.FORMATS[fmt].title})" in text


def test_the_targets_shown_are_those_of_table_7(dashboard):
    """The dashboard's words are literal for the translators; the targets they name are
    `domain.kpi.TARGETS`, so a changed target fails here rather than showing stale numbers."""
    from PySide6.QtWidgets import QLabel

    from lea_desktop.domain import kpi

    assert list(dashboard.targets) == [t.key for t in kpi.TARGETS]
    [hint] = [
        label.text()
        for label in dashboard.findChildren(QLabel)
        if label.text().startswith("Table 7:")
    ]
    assert hint.startswith("Table 7: " + ", ".join(t.label for t in kpi.TARGETS) + ".")
