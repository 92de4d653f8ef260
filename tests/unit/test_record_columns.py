"""A registration's record columns are named once (`domain.records.RECORD_COLUMNS`): the wire
record, the laptop's table and type, and the databank's table all hold exactly those."""

from __future__ import annotations

from dataclasses import fields

from lea_desktop.databank import db as databank_db
from lea_desktop.domain.records import RECORD_COLUMNS, Registration
from lea_desktop.sync import protocol


def test_the_wire_record_has_exactly_the_record_columns_in_their_order():
    assert tuple(f.name for f in fields(protocol.WireRecord)) == RECORD_COLUMNS


def test_the_laptop_type_and_table_and_the_databank_table_hold_every_record_column(store):
    assert set(RECORD_COLUMNS) <= {f.name for f in fields(Registration)}
    laptop = {row[1] for row in store.db.execute("PRAGMA table_info(registrations)").fetchall()}
    assert set(RECORD_COLUMNS) <= laptop
    assert set(RECORD_COLUMNS) <= set(databank_db.records.c.keys())
