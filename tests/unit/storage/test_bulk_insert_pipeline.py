"""`registrations.insert_many` writes on a helper thread while the caller makes the rows: all rows
land in one transaction, and a failure on either side (the rows' maker or the database) saves
nothing and reaches the caller."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from lea_desktop.domain.records import Registration, new_id
from lea_desktop.formkit import load_form
from lea_desktop.storage import registrations
from lea_desktop.usecases.csv_import import CsvImportError, import_csv

STAMP = "2027-01-20T10:00:00Z"


def _row(event_id: str, i: int, reg_id: str | None = None) -> dict:
    answers = {"organisation": f"Koulu {i:05d}", "email": f"person{i:05d}@example.org"}
    reg = Registration(id=reg_id or new_id(), event_id=event_id, form_id="follower_signup",
                       form_version=1, answers=answers, created_at=STAMP, updated_at=STAMP)  # fmt: skip
    return registrations.to_row(reg, f"Koulu {i:05d}", answers["email"])


def _nothing_stored(store) -> bool:
    rows = store.db.execute("SELECT count(*) FROM registrations").fetchone()[0]
    queued = store.db.execute("SELECT count(*) FROM outbox WHERE entity = 'registration'")
    return rows == 0 and queued.fetchone()[0] == 0 and not store.db.conn.in_transaction


def test_a_failing_row_maker_rolls_back_batches_already_written(store, event) -> None:
    """The generator fails after 5,000 rows (two batches already handed to the writer): the
    error reaches the caller, nothing is stored or queued, and the connection is usable."""

    def rows() -> Iterator[dict]:
        for i in range(5000):
            yield _row(event.id, i)
        raise ValueError("the file broke here")

    with pytest.raises(ValueError, match="the file broke here"):
        registrations.insert_many(store.db, rows())
    assert _nothing_stored(store)
    assert registrations.insert_many(store.db, [_row(event.id, 1)]) == 1


def test_a_database_error_stops_the_row_maker_and_saves_nothing(store, event) -> None:
    """A duplicate id in the second batch makes the writer fail: the caller gets the database's
    error, the endless row maker is not read to the end, and nothing is stored."""
    twice = new_id()
    made = itertools.count()

    def rows() -> Iterator[dict]:
        for i in itertools.count():
            next(made)
            yield _row(event.id, i, twice if i in (10, 2500) else None)

    with pytest.raises(Exception, match="UNIQUE"):
        registrations.insert_many(store.db, rows())
    assert next(made) < 100_000
    assert _nothing_stored(store)


def test_an_import_unreadable_half_way_saves_none_of_its_good_rows(store, event, tmp_path) -> None:
    """A CSV whose line 4,502 is not UTF-8, after 4,500 good rows: the import is refused as a
    whole and none of those rows is saved (no half-saved file)."""
    form = load_form()
    lines = ["organisation,contact_name,email,country,types,consent_contact"]
    for i in range(4500):
        lines.append(f"Koulu {i},Aino {i},aino{i}@example.fi,FI,school,yes")
    path = tmp_path / "broken.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode() + b"Koulu \xff,Bad,bad@example.fi,FI\n")
    with pytest.raises(CsvImportError, match="unreadable CSV"):
        import_csv(store, path, form=form, event_id=event.id)
    assert _nothing_stored(store)
    path.write_bytes(("\n".join(lines) + "\n").encode())
    report = import_csv(store, path, form=form, event_id=event.id)
    assert (report.saved, report.rejected) == (4500, 0), report.problems[:3]
    assert len(registrations.search_seqs(store.db, "aino4499@")) == 1
