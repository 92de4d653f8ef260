"""The sync engine through fair Wi-Fi: a fault proxy between laptop and databank drops, cuts,
hangs, drips, answers with errors or a captive portal's login page, and kills the server mid-
batch. Whatever happens, every record reaches the databank exactly once."""

from __future__ import annotations

import json
import random
from collections import Counter

import pytest

from lea_desktop.sync import client as c

EVERY_FAULT = [
    "reset", "lose_answer", "cut_answer", "hang", "500", "502", "503", "portal", "restart",
    "lose_answer", "cut_answer", "restart",
]  # fmt: skip
RANDOM_FAULTS = ["reset", "lose_answer", "cut_answer", "500", "502", "503", "portal", "lose_answer"]


def _outbox(laptop) -> list[tuple]:
    return laptop.db.execute(
        "SELECT entity, entity_id, revision, status, reason FROM outbox ORDER BY seq"
    ).fetchall()


def check_databank_against_laptop(bank, laptop, tmp_path) -> dict[str, int]:
    """Compare the laptop's ids and revisions with the databank's export: lost, duplicated,
    unexpected and stale counts (all must be 0)."""
    exported = bank.export_json(tmp_path / f"export-{laptop.name}.json")
    device = laptop.store.device_id
    mine = [r for r in exported if r["device_id"] == device]
    counts = Counter(r["id"] for r in mine)
    local = laptop.local_revisions()
    emails = Counter(r["email"] for r in mine)
    return {
        "lost": len(set(local) - set(counts)),
        "duplicated": sum(1 for n in counts.values() if n > 1)
        + sum(1 for n in emails.values() if n > 1),
        "unexpected": len(set(counts) - set(local)),
        "stale": sum(1 for r in mine if local.get(r["id"]) != r["revision"]),
    }


@pytest.mark.slow
def test_2000_records_arrive_exactly_once_through_every_kind_of_fault(
    own_databank, make_laptop, fault_proxy, tmp_path
):
    """Resets, lost and cut answers, hangs, 5xx, a captive portal and server restarts mid-batch
    (each at least once, then at random): after the network heals, lost = duplicated =
    unexpected = 0 over 2,000 records, the outbox is empty and every record is acknowledged."""
    proxy = fault_proxy(own_databank)
    proxy.hang_limit = 3.0
    laptop = make_laptop(own_databank, url=proxy.url)
    event = laptop.add_event()
    ids = laptop.add_followers(2000, event.id)
    assert laptop.queue() == {"pending": 2001, "rejected": 0, "conflicts": 0}

    proxy.script.extend(EVERY_FAULT)
    rng = random.Random(20271120)
    proxy.plan = lambda req: rng.choice(RANDOM_FAULTS) if rng.random() < 0.25 else "pass"
    states: Counter[str] = Counter()
    for _cycle in range(400):
        report = laptop.sync(read_timeout=0.75)
        states[report.state] += 1
        if report.complete:
            break
    proxy.plan = lambda req: "pass"
    final = laptop.sync()
    print(f"faults injected: {dict(proxy.injected)}; cycle endings: {dict(states)}")

    assert final.complete, final.summary()
    assert set(proxy.injected) >= set(EVERY_FAULT), proxy.injected
    assert states[c.CAPTIVE_PORTAL] >= 1 and states[c.OFFLINE] + states[c.SERVER_ERROR] >= 1
    assert check_databank_against_laptop(own_databank, laptop, tmp_path) == {
        "lost": 0, "duplicated": 0, "unexpected": 0, "stale": 0,
    }  # fmt: skip
    assert _outbox(laptop) == []
    unacknowledged = laptop.db.execute(
        "SELECT count(*) FROM registrations WHERE acknowledged_at IS NULL"
    ).fetchone()[0]
    assert unacknowledged == 0
    assert len(ids) == 2000


def test_behind_a_captive_portal_nothing_leaves_the_outbox(databank, make_laptop, fault_proxy):
    """A portal answering every request with a 200 HTML login page: the sync says so and the
    outbox is exactly as it was (no record taken for sent)."""
    proxy = fault_proxy(databank)
    proxy.plan = lambda req: "portal"
    laptop = make_laptop(databank, url=proxy.url)
    event = laptop.add_event()
    laptop.add_followers(30, event.id)
    before = _outbox(laptop)
    report = laptop.sync()
    assert report.state == c.CAPTIVE_PORTAL
    assert "captive portal" in report.message
    assert _outbox(laptop) == before
    assert not report.complete and report.pending == 31


def test_a_portal_appearing_mid_sync_keeps_the_unanswered_records(
    databank, make_laptop, fault_proxy
):
    """Health and pulls pass, then the portal takes over before the records go: the records
    stay queued as they were; once the portal is gone they all arrive."""
    proxy = fault_proxy(databank)
    proxy.plan = lambda req: "portal" if req.path.startswith("/api/v1/records/batch") else "pass"
    laptop = make_laptop(databank, url=proxy.url)
    event = laptop.add_event()
    laptop.add_followers(250, event.id)
    before = [row for row in _outbox(laptop) if row[0] == "registration"]
    report = laptop.sync()
    assert report.state == c.CAPTIVE_PORTAL
    assert [row for row in _outbox(laptop) if row[0] == "registration"] == before
    proxy.plan = lambda req: "pass"
    assert laptop.sync().complete


def test_a_dripping_server_cannot_hold_a_sync_past_its_deadline(
    databank, make_laptop, fault_proxy, tmp_path
):
    """Answers arriving one byte at a time never trip a read timeout; the cycle's own deadline
    ends it anyway, and what it did not finish goes next time without loss or duplicates."""
    proxy = fault_proxy(databank)
    proxy.drip_delay = 0.2
    proxy.plan = lambda req: "drip" if req.method == "POST" else "pass"
    laptop = make_laptop(databank, url=proxy.url)
    event = laptop.add_event()
    laptop.add_followers(120, event.id)
    report = laptop.sync(read_timeout=1.0, deadline=1.5)
    assert report.state == c.TIMEOUT
    assert report.pending > 0 and "Stopped after 1.5 s" in report.message
    proxy.plan = lambda req: "pass"
    assert laptop.sync().complete
    assert check_databank_against_laptop(databank, laptop, tmp_path) == {
        "lost": 0, "duplicated": 0, "unexpected": 0, "stale": 0,
    }  # fmt: skip


def test_a_silent_server_ends_the_cycle_as_offline_after_the_retries(
    databank, make_laptop, fault_proxy
):
    """Every batch swallowed without an answer: the read timeout and the bounded retries end the
    cycle as offline; the records wait, untouched."""
    proxy = fault_proxy(databank)
    proxy.plan = lambda req: "hang" if req.method == "POST" else "pass"
    laptop = make_laptop(databank, url=proxy.url)
    event = laptop.add_event()
    laptop.add_followers(5, event.id)
    before = _outbox(laptop)
    report = laptop.sync(read_timeout=0.3, retries=1)
    assert report.state == c.OFFLINE
    assert "did not answer in time" in report.message
    assert [r[:4] for r in _outbox(laptop)] == [r[:4] for r in before]


def test_a_record_edited_while_its_batch_is_in_flight_stays_queued_at_its_new_revision(
    databank, make_laptop, fault_proxy
):
    """The answer accepts revision 1, but the record was edited to revision 2 meanwhile: its
    outbox row stays (not acknowledged) and the next sync sends revision 2, 'updated'."""
    from lea_desktop.storage import Store, registrations
    from lea_desktop.usecases import followers

    laptop = make_laptop(databank)
    event = laptop.add_event()
    (target,) = laptop.add_followers(1, event.id)
    proxy = fault_proxy(databank)
    edited = []

    def edit_then_pass(req):  # type: ignore[no-untyped-def]
        if req.path.startswith("/api/v1/records/batch") and not edited:
            with Store(laptop.store.path, check=False) as other:  # another window, same laptop
                current = registrations.get(other.db, target)
                result = followers.save_edit(other, target, {**current.answers, "city": "Tampere"})
                edited.append(result.registration.revision)
        return "pass"

    proxy.plan = edit_then_pass
    first = laptop.sync(url=proxy.url)
    assert edited == [2]
    assert first.records == {"created": 1}
    assert laptop.db.execute(
        "SELECT revision, status FROM outbox WHERE entity_id = ?", [target]
    ).fetchall() == [(2, "pending")]
    assert registrations.get(laptop.db, target).acknowledged_at is None
    second = laptop.sync()
    assert second.records == {"updated": 1} and second.complete
    assert registrations.get(laptop.db, target).acknowledged_at is not None


def test_rejected_records_stay_visible_with_the_databanks_reason(databank, make_laptop):
    """A record the databank refuses (here: answers edited behind the form's back) becomes
    'rejected' with the reason; the others go; `sync` is not complete until it is dealt with."""
    laptop = make_laptop(databank)
    event = laptop.add_event()
    good, bad = laptop.add_followers(2, event.id)
    row = json.loads(
        laptop.db.execute("SELECT answers FROM registrations WHERE id = ?", [bad]).fetchone()[0]
    )
    row["email"] = "broken"
    with laptop.db.atomic():
        laptop.db.execute(
            "UPDATE registrations SET answers = ? WHERE id = ?", [json.dumps(row), bad]
        )
    report = laptop.sync()
    assert report.state == c.OK and not report.complete
    assert report.rejected == 1 and report.records == {"created": 1, "rejected": 1}
    status, reason = laptop.db.execute(
        "SELECT status, reason FROM outbox WHERE entity_id = ?", [bad]
    ).fetchone()
    assert status == "rejected" and reason.startswith("answers not valid: email:")
    assert (
        laptop.db.execute("SELECT count(*) FROM outbox WHERE entity_id = ?", [good]).fetchone()[0]
        == 0
    )
