"""The Sync page and the background sync, driven through real widgets (pytest-qt, offscreen)
against the real databank: Sync now, the status bar's words, rejected reasons, Reconcile."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from lea_desktop.sync import client as c


def _rows(tree) -> list[list[str]]:
    return [
        [tree.topLevelItem(i).text(col) for col in range(tree.columnCount())]
        for i in range(tree.topLevelItemCount())
    ]


def test_sync_now_sends_everything_and_the_status_bar_says_synced(
    databank, make_laptop, laptop_window, qtbot
):
    """The list shows what waits; Sync now (a worker) empties it; the status bar and the page
    say "Synced HH:MM"; Reconcile reports every record held at the same revision."""
    laptop = make_laptop(databank)
    event = laptop.add_event("Online Educa Berlin 2027")
    laptop.add_followers(12, event.id)
    window, page = laptop_window(laptop, "syncPage")
    qtbot.waitUntil(lambda: page.queue_list.topLevelItemCount() == 13)
    assert page.queue_counts.text() == "Waiting: 12 sign-ups, 1 event; 0 rejected."
    assert {row[0] for row in _rows(page.queue_list)} == {"Waiting"}
    assert sorted({row[1] for row in _rows(page.queue_list)}) == ["event", "sign-up"]
    window.refresh_status()  # the status bar counts the same things in the same words
    qtbot.waitUntil(lambda: window.status_outbox.text() == "To sync: 12 sign-ups, 1 event")
    assert "Online Educa Berlin 2027" in {row[3] for row in _rows(page.queue_list)}

    # The report of this click's cycle, from its own signal (the minute timer may start another
    # cycle afterwards, whose report would say there was nothing to send).
    with qtbot.waitSignal(page.controller.finished, timeout=20000) as finished:
        page.sync_button.click()
        assert page.controller.running  # the click returned at once: the cycle runs on a worker
    report = finished.args[0]
    qtbot.waitUntil(lambda: page.controller.text.startswith("Synced "), timeout=20000)
    status = window.findChild(type(page.state_label), "statusSync")
    assert status.text() == page.controller.text
    assert page.state_label.text().startswith("Synced ")
    # (what other laptops sent the shared databank may follow: events received, erasures)
    assert report.summary().startswith("Synced: 12 sign-ups, 1 event accepted")
    qtbot.waitUntil(lambda: page.queue_list.topLevelItemCount() == 0)
    assert page.queue_counts.text().startswith("Nothing is waiting")

    page.reconcile_button.click()
    qtbot.waitUntil(lambda: "held centrally" in page.reconcile_headline.text(), timeout=20000)
    assert page.reconcile_headline.text() == "12 records, all held centrally at the same revision."
    assert page.reconcile_list.isHidden()


def test_the_status_bar_says_offline_or_captive_portal(
    databank, make_laptop, laptop_window, fault_proxy, qtbot
):
    """Unreachable databank: "Offline — N waiting"; a portal's login page: "Wi-Fi needs a login
    (captive portal)"; the records stay listed as waiting."""
    from lea_desktop.storage import settings

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    laptop = make_laptop(databank, url=f"http://127.0.0.1:{closed}")
    event = laptop.add_event()
    laptop.add_followers(3, event.id)
    _window, page = laptop_window(laptop, "syncPage")
    page.sync_button.click()
    qtbot.waitUntil(lambda: page.controller.text.startswith("Offline"), timeout=20000)
    assert page.controller.text == "Offline — 4 waiting"
    assert page.banner.isVisible() and "Cannot reach the databank" in page.banner.label.text()

    proxy = fault_proxy(databank)
    proxy.plan = lambda req: "portal"
    settings.set_value(laptop.db, "databank.url", proxy.url)
    page.sync_button.click()
    qtbot.waitUntil(lambda: "captive portal" in page.controller.text, timeout=20000)
    assert page.controller.text == "Wi-Fi needs a login (captive portal) — 4 waiting"
    qtbot.waitUntil(lambda: page.queue_list.topLevelItemCount() == 4)


def test_rejected_records_are_listed_with_the_reason_and_can_be_retried(
    databank, make_laptop, laptop_window, qtbot
):
    """A record the databank refuses shows as Rejected with the databank's reason; after the
    record is corrected, Retry rejected sends it and the list empties."""
    laptop = make_laptop(databank)
    event = laptop.add_event()
    (bad,) = laptop.add_followers(1, event.id)
    answers = json.loads(
        laptop.db.execute("SELECT answers FROM registrations WHERE id = ?", [bad]).fetchone()[0]
    )
    good_email = answers["email"]
    with laptop.db.atomic():
        laptop.db.execute(
            "UPDATE registrations SET answers = ? WHERE id = ?",
            [json.dumps({**answers, "email": "nope"}), bad],
        )
    _window, page = laptop_window(laptop, "syncPage")
    page.sync_button.click()
    qtbot.waitUntil(lambda: page.retry_button.isEnabled(), timeout=20000)
    (row,) = _rows(page.queue_list)
    assert row[0] == "Rejected" and row[5].startswith("answers not valid: email:")
    assert page.controller.text.endswith("— 1 rejected")
    with laptop.db.atomic():
        laptop.db.execute(
            "UPDATE registrations SET answers = ? WHERE id = ?", [json.dumps(answers), bad]
        )
    assert good_email
    page.retry_button.click()
    qtbot.waitUntil(
        lambda: (
            page.controller.text.startswith("Synced") and "rejected" not in page.controller.text
        ),
        timeout=20000,
    )
    qtbot.waitUntil(lambda: page.queue_list.topLevelItemCount() == 0)


def test_logging_in_from_the_page_keeps_the_token_and_syncs(
    databank, data_home, laptop_window, qtbot, tmp_path: Path
):
    """Address + token + Log in: the databank confirms the laptop's name, the token is kept
    (0600 file here) and not left in the field, and a sync follows."""
    from lea_desktop.storage import Store

    class Blank:
        """A laptop that has never been set up (no address, no token)."""

        def __init__(self) -> None:
            self.store = Store.open_default()

    blank = Blank()
    try:
        name, token = databank.token()
        _window, page = laptop_window(blank, "syncPage")
        page.url_field.setText(databank.url)
        page.token_field.setText(token)
        page.login_button.click()
        qtbot.waitUntil(lambda: "knows this laptop as" in page.banner.label.text(), timeout=20000)
        assert name in page.banner.label.text()
        assert page.token_field.text() == ""
        assert (data_home / "databank-token").read_text().strip() == token
        qtbot.waitUntil(lambda: page.controller.text.startswith("Synced"), timeout=20000)
    finally:
        from lea_desktop.ui import workers

        workers.shutdown(10000)
        blank.store.close()


def test_status_text_words():
    """The status bar's words for each outcome of a cycle."""
    from lea_desktop.ui.sync_controller import status_text

    base = {"finished_at": "2027-01-20T13:02:00.000Z", "pending": 0, "rejected": 0}
    assert status_text({**base, "state": c.OK}).startswith("Synced ")
    assert status_text({**base, "state": c.OFFLINE, "pending": 37}) == "Offline — 37 waiting"
    assert (
        status_text({**base, "state": c.CAPTIVE_PORTAL}) == "Wi-Fi needs a login (captive portal)"
    )
    assert status_text({**base, "state": c.OK, "rejected": 2}).endswith("— 2 rejected")
    assert "log in again" in status_text({**base, "state": c.UNAUTHORIZED})
    assert status_text({**base, "state": c.NOT_CONFIGURED}) == "Sync not set up"


def test_reconcile_lists_what_is_missing_and_queue_again_mends_it(
    databank, make_laptop, laptop_window, qtbot, tmp_path
):
    """A record the databank lacks and the queue lost: Reconcile lists it with the reason,
    Queue again sends it, a second Reconcile says all held; the receipt saves as a PDF."""
    from pypdf import PdfReader

    laptop = make_laptop(databank)
    event = laptop.add_event()
    first, lost = laptop.add_followers(2, event.id)
    _window, page = laptop_window(laptop, "syncPage")
    page.sync_button.click()
    qtbot.waitUntil(lambda: page.controller.text.startswith("Synced"), timeout=20000)
    from lea_desktop.databank import db as bank_db

    engine = bank_db.make_engine(databank.db_url)
    with engine.begin() as conn:  # the databank lost it (restored from an older backup)
        # …as that backup had it: without the record, its directory entry and its change
        # cursor (all three are its `records` row).
        conn.execute(bank_db.records.delete().where(bank_db.records.c.id == lost))
    engine.dispose()
    page.reconcile_button.click()
    qtbot.waitUntil(lambda: "not" in page.reconcile_headline.text(), timeout=20000)
    assert (
        page.reconcile_headline.text() == "2 records: 1 held centrally at the same revision, 1 not."
    )
    (row,) = _rows(page.reconcile_list)
    assert row[0] == lost and row[3] == "not held centrally; not in the queue"
    # The list gets as much room as the queue above it (its card takes none while there is
    # nothing to list).
    qtbot.waitUntil(
        lambda: page.reconcile_list.height() >= min(page.queue_list.height(), 60), timeout=5000
    )
    assert page.requeue_button.isVisible()
    out = tmp_path / "receipt.pdf"
    page.ask_save_path = lambda suggested: str(out)
    page.receipt_button.click()
    qtbot.waitUntil(out.exists, timeout=20000)
    assert "1 not" in PdfReader(str(out)).pages[0].extract_text()

    page.requeue_button.click()
    qtbot.waitUntil(lambda: not page.requeue_button.isVisible(), timeout=20000)
    qtbot.waitUntil(
        lambda: not page.controller.running and page.controller.text.startswith("Synced"),
        timeout=20000,
    )
    page.reconcile_button.click()
    qtbot.waitUntil(lambda: "all held" in page.reconcile_headline.text(), timeout=20000)
    assert first


def test_conflicts_are_counted_apart_from_rejected_in_the_status_line(
    databank, make_laptop, laptop_window, qtbot
):
    """Three followers changed on this laptop and on another one, and an edit of the other
    laptop's event, which the databank refuses: after Sync now the status line (on the page and
    in the status bar) says "1 rejected, 3 conflicts to settle on the Sync page", the report and
    the queue line count the conflicts apart, and the three wait in the list for Resolve…."""
    import re
    import uuid

    from lea_desktop.storage import events, registrations

    partner = "Halmstad Municipality"
    a = make_laptop(databank, partner=partner, scope="partner")
    b = make_laptop(databank, partner=partner)
    ev = b.add_event(f"Skolforum {uuid.uuid4().hex[:6]}", responsible_partner=partner)
    ids = b.add_followers(3, ev.id)
    assert b.sync().complete and a.sync().complete
    for laptop, city in ((a, "Malmö"), (b, "Lund")):
        for rid in ids:
            answers = registrations.get(laptop.db, rid).answers
            registrations.update(laptop.db, rid, {"answers": {**answers, "city": city}})
    events.update(a.db, ev.id, {"notes": "Stand 14, hall B"})  # B created it: refused
    assert b.sync().complete

    window, page = laptop_window(a, "syncPage")
    page.sync_button.click()
    qtbot.waitUntil(lambda: page.conflict_list.topLevelItemCount() == 3, timeout=30000)
    qtbot.waitUntil(lambda: "conflicts" in page.state_label.text(), timeout=30000)
    line = page.state_label.text()
    assert re.fullmatch(
        r"Synced \d\d:\d\d — 1 rejected, 3 conflicts to settle on the Sync page", line
    ), line
    assert window.context.sync.label.text() == line  # the status bar says the same
    # …and its "To sync" figure counts the refused edit alone as rejected.
    qtbot.waitUntil(lambda: window.context.counts.get("conflicts") == 3, timeout=30000)
    assert window.status_outbox.text().endswith(" · rejected: 1")
    report = page.controller.last_report
    assert (report.rejected, report.conflicts, report.complete) == (1, 3, False)
    qtbot.waitUntil(lambda: "conflicts to settle below" in page.queue_counts.text())
    assert "; 1 rejected. 3 conflicts to settle below (Resolve…)." in page.queue_counts.text()
    banner = page.banner.text()
    assert "3 followers changed here and on another laptop" in banner
    assert "1 item rejected by the databank" in banner
    assert registrations.get(a.db, ids[0]).answers["city"] == "Malmö"  # nothing overwritten
