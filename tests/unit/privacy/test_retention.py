"""Retention: personal answers leave the laptop `retention.days` after the databank acknowledged
the record; what summaries need stays; nothing is re-queued; backups follow."""

from __future__ import annotations

import datetime as dt

import pytest

from lea_desktop.domain import clock
from lea_desktop.formkit import load_form
from lea_desktop.storage import StorageError, registrations, settings
from lea_desktop.usecases import consent, erasure, followers, retention

START = dt.datetime(2027, 1, 20, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def moment(monkeypatch):
    """A settable clock: `moment.now` is what `clock.now()` returns."""

    class Moment:
        now = START

    monkeypatch.setattr(clock, "now", lambda: Moment.now)
    return Moment


def acknowledge(store, reg_id: str) -> None:
    """What the sync engine does when the databank accepts a record: stamp it, drop its row."""
    with store.db.atomic():
        store.db.execute(
            "UPDATE registrations SET acknowledged_at = ? WHERE id = ?", [clock.now_iso(), reg_id]
        )
        store.db.execute("DELETE FROM outbox WHERE entity_id = ?", [reg_id])


def test_personal_answers_go_after_retention_days_and_the_rest_stays(
    store, event, moment, person, make_follower, find_in_files, secrets
):
    """31 days after acknowledgement the person's personal fields are gone from the database,
    WAL and backups; organisation, country, types, interests, dates and consent proof stay;
    the revision is unchanged and nothing is queued for sync."""
    reg = followers.save_new(store, person, event_id=event.id).registration
    for i in range(30):
        assert followers.save_new(store, make_follower(i), event_id=event.id).ok
    acknowledge(store, reg.id)
    store.backup()
    assert find_in_files(store.home) != {}
    pending_before = store.db.execute("SELECT count(*) FROM outbox").fetchone()[0]

    moment.now = START + dt.timedelta(days=29)
    early = retention.purge_expired(store)
    assert early.purged == 0 and early.waiting == 1 and early.unsynced == 30
    assert early.next_due.startswith("2027-02-19")

    moment.now = START + dt.timedelta(days=31)
    report = retention.purge_expired(store)
    assert report.purged == 1 and report.waiting == 0 and report.unsynced == 30

    after = registrations.get(store.db, reg.id)
    form = load_form()
    for f in form.fields:
        if f.personal:
            assert f.id not in after.answers, f.id
        elif f.id in reg.answers:
            assert after.answers[f.id] == reg.answers[f.id], f.id
    assert after.purged_at == clock.iso(moment.now)
    assert after.revision == reg.revision and after.created_at == reg.created_at
    assert after.consent["text_sha256"] == reg.consent["text_sha256"]
    assert consent.verify_consent(after.consent).ok
    assert store.db.execute("SELECT count(*) FROM outbox").fetchone()[0] == pending_before
    assert store.db.execute(
        "SELECT search_text, email_key FROM registrations WHERE id = ?", [reg.id]
    ).fetchone() == ("kuopion lyseon lukio \u2022  \u2022  \u2022 kuopio", "")  # folded
    assert find_in_files(store.home) == {}
    assert registrations.count(store.db) == 31  # summaries still count the record
    assert registrations.search_seqs(store.db, "Kuopion") != []  # found by organisation
    assert registrations.search_seqs(store.db, "Korhonen") == []


def test_unsynced_and_requeued_records_are_never_purged(store, event, moment, person):
    """A record the databank has not acknowledged, or one edited since (back in the outbox),
    keeps its personal data whatever the date."""
    never = followers.save_new(store, person, event_id=event.id).registration
    edited = followers.save_new(store, {**person, "email": "x@example.eu"}, event_id=event.id)
    acknowledge(store, edited.registration.id)
    store.db.execute(
        "INSERT INTO outbox(entity, entity_id, revision, enqueued_at) VALUES "
        "('registration', ?, 2, ?)",
        [edited.registration.id, clock.now_iso()],
    )
    moment.now = START + dt.timedelta(days=400)
    report = retention.purge_expired(store)
    assert report.purged == 0 and report.unsynced == 1
    for reg in (never, edited.registration):
        assert registrations.get(store.db, reg.id).answers["email"]


def test_retention_days_setting_and_dry_run(store, event, moment, person):
    """`retention.days` decides the delay; a dry run counts without changing anything."""
    reg = followers.save_new(store, person, event_id=event.id).registration
    acknowledge(store, reg.id)
    settings.set_value(store.db, "retention.days", "7")
    moment.now = START + dt.timedelta(days=8)
    dry = retention.purge_expired(store, dry_run=True)
    assert dry.purged == 1
    assert registrations.get(store.db, reg.id).purged_at is None
    assert retention.purge_expired(store).purged == 1
    assert retention.purge_expired(store).purged == 0  # once only


def test_a_purged_record_cannot_be_edited_into_the_databank(store, event, moment, person):
    """Editing a purged record would overwrite the databank's full copy with blanks: refused
    with a message, nothing queued."""
    reg = followers.save_new(store, person, event_id=event.id).registration
    acknowledge(store, reg.id)
    moment.now = START + dt.timedelta(days=31)
    retention.purge_expired(store)
    result = followers.save_edit(store, reg.id, {**person, "city": "Helsinki"})
    assert not result.ok and "databank" in result.errors["_form"]
    queued = "SELECT count(*) FROM outbox WHERE entity = 'registration'"
    assert store.db.execute(queued).fetchone()[0] == 0
    with pytest.raises(StorageError, match="databank"):
        registrations.update(store.db, reg.id, {"loi_status": "signed"})
    assert store.db.execute(queued).fetchone()[0] == 0


def test_holdings_count_what_the_laptop_holds(store, event, moment, person, make_follower):
    """The privacy summary counts unsynced, purged and erased records."""
    reg = followers.save_new(store, person, event_id=event.id).registration
    other = followers.save_new(store, make_follower(1), event_id=event.id).registration
    third = followers.save_new(store, make_follower(2), event_id=event.id).registration
    acknowledge(store, reg.id)
    moment.now = START + dt.timedelta(days=31)
    retention.purge_expired(store)
    erasure.erase(store, third.id)
    held = retention.holdings(store.db)
    assert (held.total, held.unsynced, held.purged, held.with_personal_data, held.erased) == (
        2, 1, 1, 1, 1,
    )  # fmt: skip
    assert other.id != reg.id
