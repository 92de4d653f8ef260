"""A follower's history at the databank (`databank/history.py`): a laptop's new record keeps its
`created` entry on its own row; every later change (a laptop's new revision, a console edit, a
web sign-up, an erasure) first writes that entry as it was, then its own."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from lea_desktop.databank import db, history, repo
from lea_desktop.formkit import load_form
from lea_desktop.sync import protocol

DEVICE = str(uuid.uuid4())


@pytest.fixture
def engine(tmp_path):  # type: ignore[no-untyped-def]
    engine = db.make_engine(f"sqlite:///{tmp_path / 'bank.sqlite'}")
    db.init_schema(engine)
    yield engine
    engine.dispose()


def _record(rid: str, revision: int, **answers: object) -> dict[str, object]:
    form = load_form()
    stamp = f"2026-12-0{revision}T10:00:00.000Z"
    return protocol.WireRecord(
        id=rid, kind=form.kind, form_id=form.id, form_version=form.version, revision=revision,
        event_id=str(uuid.uuid4()), device_id=DEVICE, created_at="2026-12-01T10:00:00.000Z",
        updated_at=stamp, collected_by="Aino", consent=None,
        answers={"organisation": "Koulu", "contact_name": "Aino Virtanen",
                 "email": "aino@example.fi", "country": "FI", "types": ["school"],
                 "consent_contact": True, **answers},
    ).to_json()  # fmt: skip


def _push(engine, *records: dict[str, object]) -> list[str]:  # type: ignore[no-untyped-def]
    prepared = repo.prepare_records(list(records))
    outcomes = repo.in_transaction(
        engine, lambda conn: repo.store_records(conn, prepared, "laptop-7", DEVICE)
    )
    return [o.status for o in outcomes]


def _rows(engine, rid: str) -> int:  # type: ignore[no-untyped-def]
    h = db.record_history
    with engine.connect() as conn:
        return conn.execute(
            select(func.count()).select_from(h).where(h.c.record_id == rid)
        ).scalar_one()


def test_a_new_record_s_creation_is_read_from_its_row(engine):
    rid = str(uuid.uuid4())
    assert _push(engine, _record(rid, 1, city="Turku")) == ["created"]
    assert _rows(engine, rid) == 0  # nothing written besides the record
    with engine.connect() as conn:
        [created] = history.of_record(conn, rid)
        received = conn.execute(
            select(db.records.c.received_at).where(db.records.c.id == rid)
        ).scalar_one()
    assert created.action == history.CREATED and created.revision == 1
    assert created.actor == "Aino (laptop laptop-7)" and created.at == received
    assert {"organisation", "email", "city", "types"} <= set(created.fields)
    with engine.connect() as conn:
        assert history.of_record(conn, str(uuid.uuid4())) == []  # no record, no history


def test_a_new_revision_keeps_the_creation_as_it_was(engine):
    rid = str(uuid.uuid4())
    _push(engine, _record(rid, 1, city="Turku"))
    with engine.connect() as conn:
        [before] = history.of_record(conn, rid)
    assert _push(engine, _record(rid, 2, city="Oulu", phone="+358 40 123 4567")) == ["updated"]
    with engine.connect() as conn:
        updated, created = history.of_record(conn, rid)
    assert created == before  # when, who and what, as at the first push
    assert updated.action == history.UPDATED and updated.revision == 2
    assert set(updated.fields) == {"city", "phone"}
    # A third revision: the creation is not written twice.
    _push(engine, _record(rid, 3, city="Vaasa"))
    with engine.connect() as conn:
        actions = [c.action for c in history.of_record(conn, rid)]
    assert actions == [history.UPDATED, history.UPDATED, history.CREATED]


def test_an_erasure_keeps_the_creation_and_the_erasure(engine):
    rid = str(uuid.uuid4())
    _push(engine, _record(rid, 1))
    with engine.begin() as conn:
        repo.erase(conn, [rid], "databank", "cli")
    with engine.connect() as conn:
        erased, created = history.of_record(conn, rid)
    assert (erased.action, created.action) == (history.ERASED, history.CREATED)
    assert created.actor == "Aino (laptop laptop-7)"


def test_settle_writes_each_creation_once(engine):
    ids = [str(uuid.uuid4()) for _ in range(3)]
    _push(engine, *(_record(i, 1) for i in ids))
    with engine.begin() as conn:
        history.settle(conn, ids[:2])
        history.settle(conn, ids)
    assert [_rows(engine, i) for i in ids] == [1, 1, 1]
