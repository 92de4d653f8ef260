"""The outbox read for sending, with each record made into wire JSON by SQLite, gives exactly
what decoding the stored record and encoding it in Python gives: same fields, same values."""

from __future__ import annotations

import json

from lea_desktop.storage import sync_queue
from lea_desktop.sync import protocol
from lea_desktop.sync.engine import _wire_record


def _save(store, event, answers):
    from lea_desktop.usecases import followers

    result = followers.save_new(store, answers, event_id=event.id)
    assert result.ok, result.errors
    return result.registration


def _python_wire(store):
    rows = sync_queue.next_batch(store.db, "registration", after_seq=0, limit=100)
    return {r.entity_id: _wire_record(r.data, store.device_id).to_json() for r in rows if r.data}


def test_wire_text_matches_the_python_encoding(store, event, good_answers):
    """Records with any script, emoji, quotes, backslashes, control-free odd text, no consent,
    an empty device id or source, a parent and a letter-of-intent status all come out of
    SQLite as the same JSON values the engine would encode, and the batch body parses as the
    protocol's record batch."""
    odd = 'Koulu "Äijä" \\ 東京 🚀 </script> \u2028'
    tricky = {"email": "b@example.fi", "organisation": odd, "notes": "line one\nline two\ttab"}
    records = [
        _save(store, event, good_answers),
        _save(store, event, {**good_answers, **tricky}),
        _save(store, event, {**good_answers, "email": "c@example.fi", "phone": ""}),
    ]
    # What older rows or other front ends may hold: no consent, empty device id and source,
    # a parent record and a letter-of-intent status.
    store.db.execute(
        "UPDATE registrations SET consent = NULL, device_id = '', source = '' WHERE id = ?",
        [records[1].id],
    )
    store.db.execute(
        "UPDATE registrations SET consent = '', parent_id = ?, loi_status = 'signed', "
        "loi_date = '2026-11-01' WHERE id = ?",
        [records[0].id, records[2].id],
    )
    expected = _python_wire(store)
    rows = sync_queue.next_wire_batch(store.db, device_id=store.device_id, after_seq=0, limit=100)
    assert [r.entity_id for r in rows] == [r.id for r in records]
    for row in rows:
        assert row.wire is not None
        assert json.loads(row.wire) == expected[row.entity_id]
        # same types too: True stays true, 1 stays 1 (== alone calls them equal)
        assert json.dumps(json.loads(row.wire), sort_keys=True) == json.dumps(
            expected[row.entity_id], sort_keys=True
        )
        assert row.data == {"id": row.entity_id, "revision": 1}
    body = protocol.record_batch_text(store.device_id, [r.wire for r in rows])
    batch = protocol.parse_record_batch(json.loads(body))
    assert batch.device_id == store.device_id
    assert [protocol.parse_record(r).id for r in batch.records] == [r.id for r in records]


def test_rows_sqlite_cannot_encode_come_decoded(store, event, good_answers):
    """Stored JSON that SQLite's JSON functions refuse (NaN, which Python writes and reads) is
    not lost or sent mangled: that row comes decoded, as next_batch gives it."""
    a = _save(store, event, good_answers)
    b = _save(store, event, {**good_answers, "email": "b@example.fi"})
    store.db.execute(
        "UPDATE registrations SET answers = ? WHERE id = ?",
        [json.dumps({**b.answers, "score": float("nan")}), b.id],
    )
    rows = sync_queue.next_wire_batch(store.db, device_id=store.device_id, after_seq=0, limit=10)
    assert rows[0].entity_id == a.id and rows[0].wire is not None
    assert rows[1].entity_id == b.id and rows[1].wire is None
    assert rows[1].data["id"] == b.id and rows[1].data["answers"]["email"] == "b@example.fi"


def test_records_gone_from_the_store_come_without_data(store, event, good_answers):
    """An outbox row whose record no longer exists has no data and no text (drop_orphans)."""
    a = _save(store, event, good_answers)
    store.db.execute("PRAGMA foreign_keys = OFF")
    store.db.execute("DELETE FROM registrations WHERE id = ?", [a.id])
    rows = sync_queue.next_wire_batch(store.db, device_id=store.device_id, after_seq=0, limit=10)
    assert [(r.entity_id, r.data, r.wire) for r in rows] == [(a.id, None, None)]
