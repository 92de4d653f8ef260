"""What one save asks of SQLite: nothing
read twice, nothing written outside the one transaction, one timestamp for the whole save."""

from __future__ import annotations

from lea_desktop.usecases import followers


def _statements(store, call) -> list[str]:
    seen: list[str] = []
    store.conn.set_trace_callback(seen.append)
    try:
        call()
    finally:
        store.conn.set_trace_callback(None)
    # A statement that fires triggers is reported again for each trigger program it runs.
    return [
        s for i, s in enumerate(seen) if not s.startswith("--") and (i == 0 or s != seen[i - 1])
    ]


def test_a_save_reads_the_staff_name_and_duplicates_once_and_writes_in_one_transaction(
    store, event, good_answers
) -> None:
    """After the first save (the device id is then known to the Store), a save runs: the
    duplicate-email lookup, the staff name, BEGIN, the record, its outbox row, COMMIT — no second
    settings read for the device id, no sqlite-utils introspection of the table."""
    first = followers.save_new(store, good_answers, event_id=event.id)
    assert first.ok, first.errors
    answers = dict(good_answers, email="second@example.fi", organisation="Other School")
    statements = _statements(store, lambda: followers.save_new(store, answers, event_id=event.id))
    heads = [" ".join(s.split()[:3]) for s in statements]
    assert heads == [
        "SELECT id, kind,",
        "SELECT value FROM",
        "BEGIN",
        "INSERT INTO registrations(id,",
        "INSERT INTO outbox(entity,",
        "COMMIT",
    ], statements
    assert "email_key" in statements[0] and "staff.name" in statements[1]


def test_one_moment_stamps_the_record_its_consent_and_its_outbox_row(
    store, event, good_answers
) -> None:
    """created_at, updated_at, the consent's given_at and the outbox row's enqueued_at are the
    same instant, and the device id in the record and consent is the one the store keeps."""
    saved = followers.save_new(store, good_answers, event_id=event.id)
    assert saved.ok, saved.errors
    reg = saved.registration
    (enqueued,) = store.db.execute(
        "SELECT enqueued_at FROM outbox WHERE entity = 'registration' AND entity_id = ?", [reg.id]
    ).fetchone()
    assert reg.created_at == reg.updated_at == reg.consent["given_at"] == enqueued
    (stored_device,) = store.db.execute(
        "SELECT value FROM settings WHERE key = '_device_id'"
    ).fetchone()
    assert reg.device_id == reg.consent["device_id"] == stored_device.strip('"')
