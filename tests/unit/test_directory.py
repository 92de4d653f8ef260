"""The directory's pieces without a databank: the form fields it names, the keyed hash, the
wire parser's refusals, the local table's look-up and the words it says."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from lea_desktop.domain import directory as names
from lea_desktop.domain.directory import Known
from lea_desktop.formkit import load_form
from lea_desktop.storage import directory as stored
from lea_desktop.sync import protocol


def test_the_fields_it_names_exist_in_the_sign_up_form():
    ids = set(load_form("follower_signup").field_ids())
    assert {names.EMAIL_FIELD, names.ORGANISATION_FIELD, names.CITY_FIELD} <= ids


def test_email_key_is_hmac_sha256_of_the_normalised_address():
    key = bytes(range(32))
    want = hmac.new(key, b"ana@example.org", hashlib.sha256).hexdigest()
    assert protocol.email_key(key, "  Ana@Example.ORG ") == want
    assert protocol.email_key(key, "") == ""
    assert protocol.email_key(bytes(32), "ana@example.org") != want


@pytest.mark.parametrize(
    "entry",
    [
        {"id": "not-a-uuid"},
        {"id": "3f0c1f7e-8a7b-4b7e-9a0e-0d6f2b1c4e5a", "email_key": "zz"},
        {"id": "3f0c1f7e-8a7b-4b7e-9a0e-0d6f2b1c4e5a", "types": "school"},
        {"id": "3f0c1f7e-8a7b-4b7e-9a0e-0d6f2b1c4e5a", "lea_n": "yes"},
        {"id": "3f0c1f7e-8a7b-4b7e-9a0e-0d6f2b1c4e5a", "country": "ESP"},
        {"id": "3f0c1f7e-8a7b-4b7e-9a0e-0d6f2b1c4e5a", "city": "x\u0000"},
    ],
)
def test_a_malformed_entry_is_not_an_answer(entry):
    with pytest.raises(protocol.ProtocolError):
        protocol.parse_directory_page({"entries": [entry], "cursor": 5, "more": False}, 0)


def test_a_cursor_going_backwards_is_not_an_answer():
    with pytest.raises(protocol.ProtocolError):
        protocol.parse_directory_page({"entries": [], "cursor": 3, "more": False}, 4)


def test_pages_apply_update_and_remove_entries(store):
    key = bytes(range(32))
    ident = "3f0c1f7e-8a7b-4b7e-9a0e-0d6f2b1c4e5a"
    entry = protocol.DirectoryEntry(
        ident, email_key=protocol.email_key(key, "ana@example.org"), organisation="Escola",
        country="PT", types=["school"], created_at="2027-01-21T10:00:00Z",
    )  # fmt: skip
    stored.apply_page(store.db, "bank", 0, [stored.entry_row(entry)], [], 7, last=True)
    assert stored.cursor(store.db, "bank") == 7 and stored.synced_at(store.db)
    found = stored.find(store.db.conn, protocol.email_key(key, "ANA@example.org"))
    assert found is not None and found[0] == ident and found[6] == "Escola"
    stored.apply_page(store.db, "bank", 7, [], [ident], 9, last=True)
    assert stored.find(store.db.conn, entry.email_key) is None
    assert stored.cursor(store.db, "bank") == 9
    # The look-up uses the email_key index, never a scan.
    plan = store.db.execute("EXPLAIN QUERY PLAN " + stored._FIND, ["x"]).fetchall()
    assert any("directory_email" in str(row) for row in plan), plan


def test_a_pull_from_cursor_zero_starts_afresh(store):
    old = protocol.DirectoryEntry("3f0c1f7e-8a7b-4b7e-9a0e-0d6f2b1c4e5a", email_key="a" * 64)
    stored.apply_page(store.db, "bank-1", 0, [stored.entry_row(old)], [], 3, last=True)
    stored.apply_page(store.db, "bank-2", 0, [], [], 0, last=True)
    assert stored.size(store.db) == 0


def test_the_sentence_names_event_day_partner_and_laptop():
    known = Known(
        id="x", event_name="BETT 2027", created_at="2027-01-21T12:00:00+00:00",
        partner="INNOVA", laptop="laptop-es-1", device_id="dev-2",
    )  # fmt: skip
    assert known.sentence() == "signed up at BETT 2027 on 21 Jan 2027 (INNOVA, another laptop)"
    web = Known("y", "", "", "", "", names.WEB_DEVICE)
    assert web.sentence() == "signed up (the public sign-up form)"
