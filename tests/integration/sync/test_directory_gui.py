"""The consortium duplicate warning on real widgets (pytest-qt, offscreen), fed by the real
databank: a visitor signed up on laptop A is recognised on laptop B's sign-up page as her email
is typed, and B's kiosk only says "you are already signed up — thank you"."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt

from lea_desktop.domain import clock
from lea_desktop.storage import registrations
from lea_desktop.usecases import followers
from tests.gui.conftest import type_text


def _answers(email: str) -> dict[str, object]:
    return {
        "organisation": "Liceo Galilei", "contact_name": "Giulia Rossi", "email": email,
        "country": "IT", "city": "Firenze", "types": ["school"], "consent_contact": True,
    }  # fmt: skip


def _today_event(laptop, name: str, partner: str = ""):  # type: ignore[no-untyped-def]
    today = clock.today().isoformat()
    return laptop.add_event(name, starts=today, ends=today, responsible_partner=partner)


def _registered_on_a(databank, make_laptop):  # type: ignore[no-untyped-def]
    a, b = make_laptop(databank), make_laptop(databank)
    event = _today_event(a, "BETT 2027", "INNOVA")
    email = f"giulia.{uuid.uuid4().hex[:8]}@liceo-example.it"
    reg = followers.save_new(a.store, _answers(email), event_id=event.id).registration
    assert reg is not None
    _today_event(b, "BETT 2027 (stand B)")
    assert a.sync().complete and b.sync().complete
    return a, b, email, reg


def test_the_sign_up_page_warns_as_the_email_is_typed_and_offers_update_anyway(
    databank, make_laptop, laptop_window, qtbot
):
    _a, b, email, _reg = _registered_on_a(databank, make_laptop)
    _window, page = laptop_window(b, "signupPage")
    field = page.form_widget.input_widget("email")
    field.setFocus()
    type_text(qtbot, field, email)
    qtbot.waitUntil(lambda: page.duplicate_banner.isVisible(), timeout=5000)
    text = page.duplicate_banner.text()
    assert text.startswith("Already a follower — signed up at BETT 2027 on "), text
    assert text.endswith("(INNOVA, another laptop)."), text
    # Not on this laptop: nothing to open, "Update anyway" instead.
    assert not page.open_existing_button.isVisible()
    assert page.save_anyway_button.text() == "Update anyway"
    # Another address: the warning goes.
    type_text(qtbot, field, "x")
    qtbot.waitUntil(lambda: not page.duplicate_banner.isVisible(), timeout=5000)
    # Back to hers, the rest of the form filled in, then saved: refused with the warning; staff
    # insist with "Update anyway" and the sign-up is kept on B.
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: page.duplicate_banner.isVisible(), timeout=5000)
    for fid, value in _answers(email).items():
        if fid != "email":
            page.form_widget.editors[fid].set_value(value)
    assert not page.save()
    assert page.duplicate_banner.isVisible() and "email" in page.form_widget.errors()
    assert registrations.count(b.db) == 0
    qtbot.mouseClick(page.save_anyway_button, Qt.MouseButton.LeftButton)
    assert registrations.count(b.db) == 1
    assert not page.duplicate_banner.isVisible()


def test_on_the_laptop_that_holds_the_record_the_warning_opens_it(
    databank, make_laptop, laptop_window, qtbot
):
    a, _b, email, _reg = _registered_on_a(databank, make_laptop)
    _window, page = laptop_window(a, "signupPage")
    field = page.form_widget.input_widget("email")
    field.setFocus()
    type_text(qtbot, field, email.upper())
    qtbot.waitUntil(lambda: page.duplicate_banner.isVisible(), timeout=5000)
    assert "(INNOVA, this laptop)." in page.duplicate_banner.text()
    assert page.open_existing_button.isVisible()
    assert page.save_anyway_button.text() == "Save anyway"


def test_the_kiosk_says_only_already_signed_up(databank, make_laptop, qtbot, qapp):
    """The visitor at B's kiosk types the address she gave at A: "You are already signed up —
    thank you." and nothing about where, when or who; nothing is stored twice."""
    from lea_desktop.ui.app import create_application
    from lea_desktop.ui.context import AppContext
    from lea_desktop.ui.kiosk import KioskWindow
    from lea_desktop.usecases import kiosk_pin

    create_application()
    _a, b, email, _reg = _registered_on_a(databank, make_laptop)
    kiosk_pin.set_pin(b.db, "2468")
    context = AppContext(b.store, kiosk=True)
    window = KioskWindow(context, thanks_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        for fid, value in _answers(email).items():
            if fid in window.form_widget.editors:
                window.form_widget.editors[fid].set_value(value)
        qtbot.mouseClick(window.send_button, Qt.MouseButton.LeftButton)
        assert window.stack.currentWidget() is window.thanks_page
        assert window.thanks_text.text() == "You are already signed up — thank you."
        assert "BETT" not in window.thanks_text.text() and "INNOVA" not in window.thanks_text.text()
        assert registrations.count(b.db) == 0
    finally:
        window._unlocked = True
        window.close()


def test_the_dashboard_shows_the_whole_consortium_as_of_the_last_sync(
    databank, make_laptop, qtbot, qapp, tmp_path, monkeypatch
):
    """B's dashboard: "this laptop" counts B's own followers; "Whole consortium (as of the last
    sync, HH:MM)" counts the directory — A's followers too — plus B's saved since; its summary
    export says it is the consortium's."""
    import json

    from lea_desktop.storage import directory as stored
    from lea_desktop.ui import workers
    from lea_desktop.ui.app import build_window, create_application
    from lea_desktop.ui.pages.dashboard import DashboardPage

    create_application()
    _a, b, _email, _reg = _registered_on_a(databank, make_laptop)
    event = b.add_event("ITK 2027")
    followers.save_new(b.store, _answers(f"b.{uuid.uuid4().hex[:8]}@example.fi"), event_id=event.id)
    window = build_window(b.store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        page = window.open_page("dashboardPage")
        qtbot.waitUntil(lambda: page.updates > 0 and not page._running, timeout=10000)
        page.set_scope("all")
        qtbot.waitUntil(lambda: page.tiles["followers"].value.text() == "1", timeout=10000)
        page.set_scope("consortium")
        whole = stored.size(b.db) + 1  # the directory and B's follower saved since its sync
        qtbot.waitUntil(lambda: page.tiles["followers"].value.text() == f"{whole:,}", timeout=10000)
        assert page.scope.currentText().startswith("Whole consortium (as of the last sync, ")
        assert page.scope_label.text().startswith("Whole consortium (as of the last sync, ")
        out = tmp_path / "consortium.json"
        monkeypatch.setattr(DashboardPage, "ask_save_path", classmethod(lambda cls, *a: str(out)))
        next(
            a for a in page.export_menu.actions() if a.objectName() == "export_summary_json"
        ).trigger()
        qtbot.waitUntil(lambda: out.exists() and not workers.active_tasks(), timeout=10000)
        data = json.loads(out.read_text(encoding="utf-8"))
        assert data["scope"]["followers_of"] == "consortium" and data["total"] == whole
    finally:
        workers.shutdown(10000)
        qtbot.waitUntil(lambda: not workers.active_tasks(), timeout=10000)
        window.close()
