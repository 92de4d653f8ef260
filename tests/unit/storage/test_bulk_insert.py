"""`registrations.insert_many` (imports) stores every row with its outbox row and full-text entry,
across its internal batch and multi-row-statement boundaries."""

from __future__ import annotations

from lea_desktop.domain.records import Registration, new_id
from lea_desktop.storage import registrations


def test_every_bulk_inserted_row_is_stored_queued_and_searchable(store, event) -> None:
    """2,345 rows (over one 2,000-row batch and several 500-row statements): all stored in
    order, each found by its own full-text term, each queued once."""
    stamp = "2027-01-20T10:00:00Z"
    rows = []
    for i in range(2345):
        answers = {"organisation": f"Koulu {i:05d}", "email": f"person{i:05d}@example.org"}
        reg = Registration(id=new_id(), event_id=event.id, form_id="follower_signup",
                           form_version=1, answers=answers, created_at=stamp, updated_at=stamp)  # fmt: skip
        rows.append(
            registrations.to_row(
                reg, f"Koulu {i:05d} • person{i:05d}@example.org", answers["email"]
            )
        )
    assert registrations.insert_many(store.db, rows) == 2345

    stored = [r[0] for r in store.db.execute("SELECT id FROM registrations ORDER BY seq")]
    assert stored == [r["id"] for r in rows]
    queued = store.db.execute(
        "SELECT count(*), count(DISTINCT entity_id) FROM outbox WHERE entity = 'registration'"
    ).fetchone()
    assert queued == (2345, 2345)
    for i in (0, 499, 500, 1999, 2000, 2344):
        assert len(registrations.search_seqs(store.db, f"person{i:05d}@")) == 1, i
    assert registrations.find_by_email(store.db, "person02000@example.org") is not None
