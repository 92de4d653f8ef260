"""The outbox as the sync engine reads and settles it: only an accepted outcome at the revision
sent removes a row; refusals stay visible with their reason; a retry re-stamps a conflict."""

from __future__ import annotations

from lea_desktop.storage import events, registrations, sync_queue
from lea_desktop.storage.sync_queue import Verdict


def _save(store, event, good_answers, email):
    from lea_desktop.usecases import followers

    result = followers.save_new(store, {**good_answers, "email": email}, event_id=event.id)
    assert result.ok, result.errors
    return result.registration


def test_accepted_rows_leave_and_are_acknowledged_only_at_the_sent_revision(
    store, event, good_answers
):
    """An accepted outcome for revision 1 of a record edited to revision 2 meanwhile leaves the
    row (now revision 2) in the outbox and the record unacknowledged."""
    from lea_desktop.usecases import followers

    a = _save(store, event, good_answers, "a@example.fi")
    b = _save(store, event, good_answers, "b@example.fi")
    sent = sync_queue.next_batch(store.db, "registration", after_seq=0, limit=10)
    assert [r.entity_id for r in sent] == [a.id, b.id]
    assert sent[0].data["answers"]["email"] == "a@example.fi"
    followers.save_edit(store, b.id, {**b.answers, "city": "Oulu"})  # revision 2, re-queued
    verdicts = [Verdict(a.id, 1, True), Verdict(b.id, 1, True)]
    sync_queue.apply_outcomes(store.db, "registration", sent, verdicts)
    left = store.db.execute(
        "SELECT entity_id, revision, status, attempts FROM outbox WHERE entity = 'registration'"
    ).fetchall()
    assert left == [(b.id, 2, "pending", 1)]
    assert registrations.get(store.db, a.id).acknowledged_at is not None
    assert registrations.get(store.db, b.id).acknowledged_at is None


def test_refused_rows_become_rejected_with_the_reason_and_retry_restamps_a_conflict(
    store, event, good_answers
):
    """A rejection keeps the row (status rejected, reason); a retry of a conflict sets the
    record's revision above the databank's so the laptop's copy goes through."""
    a = _save(store, event, good_answers, "a@example.fi")
    sent = sync_queue.next_batch(store.db, "registration", after_seq=0, limit=10)
    sync_queue.apply_outcomes(
        store.db, "registration", sent,
        [Verdict(a.id, 1, False, "conflict: the databank holds newer revision 4", 4)],
    )  # fmt: skip
    assert sync_queue.counts(store.db)["rejected"] == 1
    (item,) = sync_queue.items(store.db, status="rejected")
    assert item.reason.startswith("conflict:") and item.event_id == event.id
    assert sync_queue.requeue_rejected(store.db) == 1
    assert registrations.get(store.db, a.id).revision == 5
    assert store.db.execute(
        "SELECT revision, status, reason FROM outbox WHERE entity_id = ?", [a.id]
    ).fetchone() == (5, "pending", "")


def test_orphaned_rows_are_dropped_and_pulled_events_move_the_cursor_atomically(store, event):
    """An outbox row whose record is gone has nothing to send; a pulled page of events is stored
    with its cursor; an older copy of an event never overwrites a newer local one."""
    with store.db.atomic():
        store.db.execute(
            "INSERT INTO outbox(entity, entity_id, revision, enqueued_at) VALUES ('registration', 'gone', 1, 'x')"
        )
    rows = sync_queue.next_batch(store.db, "registration", after_seq=0, limit=10)
    assert sync_queue.drop_orphans(store.db, rows) == 1
    assert sync_queue.next_batch(store.db, "registration", after_seq=0, limit=10) == []
    events.update(store.db, event.id, {"notes": "local edit"})  # revision 2
    remote = {**event.to_dict(), "notes": "old", "revision": 1}
    fresh = {**event.to_dict(), "id": "ev-remote", "name": "ITK 2027", "revision": 1}
    assert sync_queue.apply_event_page(store.db, "bank-1", [remote, fresh], 17) == 1
    assert events.get(store.db, event.id).notes == "local edit"
    assert events.get(store.db, "ev-remote").name == "ITK 2027"
    assert sync_queue.cursors(store.db, "bank-1") == (17, 0)
    assert sync_queue.cursors(store.db, "another-bank") == (0, 0)


def test_wrong_calls_are_refused_with_an_exception_not_an_assert(store):
    """Argument checks hold with `python -O` too (asserts are stripped there)."""
    import pytest

    from lea_desktop.storage import outbox

    with pytest.raises(RuntimeError, match="transaction"):
        sync_queue.set_cursor(store.db, "db-1", "events", 5)
    with store.db.atomic(), pytest.raises(ValueError, match="cursor"):
        sync_queue.set_cursor(store.db, "db-1", "records", 5)
    with pytest.raises(RuntimeError, match="transaction"):
        outbox.enqueue(store.db, "event", "x", 1)
    with store.db.atomic(), pytest.raises(ValueError, match="entity"):
        outbox.enqueue(store.db, "letter", "x", 1)
