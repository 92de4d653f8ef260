"""The save path: one transaction for record + outbox row, consent provenance, clear errors."""

from __future__ import annotations

import hashlib
import os
import stat

import pytest

from lea_desktop import reference
from lea_desktop.formkit import load_form
from lea_desktop.storage import outbox, registrations, settings
from lea_desktop.usecases import followers


def test_save_stores_record_and_outbox_row_together(store, event, good_answers):
    """A saved follower is in the database with its outbox row at the same revision."""
    result = followers.save_new(store, good_answers, event_id=event.id)
    assert result.ok, result.errors
    reg = registrations.get(store.db, result.registration.id)
    assert reg.answers["email"] == "aino.virtanen@example.fi"
    assert reg.form_id == "follower_signup" and reg.form_version == load_form().version
    rows = store.db.execute(
        "SELECT entity, revision FROM outbox WHERE entity_id = ?", [reg.id]
    ).fetchall()
    assert rows == [("registration", 1)]


def test_a_failed_outbox_write_leaves_no_record(store, event, good_answers):
    """Nothing half-saved: if the outbox insert fails, the registration is rolled back too."""
    store.db.execute(
        "CREATE TRIGGER boom BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk I/O'); END"
    )
    result = followers.save_new(store, good_answers, event_id=event.id)
    assert not result.ok and "_form" in result.errors
    assert registrations.count(store.db) == 0


def test_a_save_the_database_refuses_is_logged_and_explained(store, event, good_answers, caplog):
    """The user reads a sentence; the log keeps what SQLite said (no answers)."""
    store.db.execute(
        "CREATE TRIGGER boom BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk I/O'); END"
    )
    with caplog.at_level("ERROR", logger="lea_desktop.followers"):
        result = followers.save_new(store, good_answers, event_id=event.id)
    assert not result.ok and result.errors["_form"].startswith("The database")
    assert any("disk I/O" in r.getMessage() for r in caplog.records)
    assert not any(good_answers["email"] in r.getMessage() for r in caplog.records)


def test_a_bug_in_the_save_path_is_not_passed_off_as_a_database_error(
    store, event, good_answers, monkeypatch
):
    """Only database and disk errors become a message for the user; anything else is a bug
    and reaches the application's error handler."""

    def broken(*_args, **_kwargs):
        raise TypeError("a programming error")

    monkeypatch.setattr(registrations, "insert", broken)
    with pytest.raises(TypeError):
        followers.save_new(store, good_answers, event_id=event.id)


def test_a_failed_rolling_backup_keeps_the_save_and_is_logged(
    store, event, good_answers, monkeypatch, caplog
):
    def full_disk() -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "note_save", full_disk)
    with caplog.at_level("WARNING", logger="lea_desktop.followers"):
        result = followers.save_new(store, good_answers, event_id=event.id)
    assert result.ok
    assert registrations.get(store.db, result.registration.id) is not None
    assert any("rolling backup" in r.getMessage() for r in caplog.records)


def test_consent_records_the_exact_text_shown(store, event, good_answers):
    """Consent proof: version, SHA-256 of the exact texts shown (in the form language), who, when, device."""
    settings.set_value(store.db, "staff.name", "Kati Clements")
    result = followers.save_new(store, good_answers, event_id=event.id, lang="fi")
    consent = result.registration.consent
    shown = [reference.consent_text("contact", "fi").text, reference.consent_text("map", "fi").text]
    assert consent["text_sha256"] == hashlib.sha256("\n\n".join(shown).encode()).hexdigest()
    assert consent["purposes"] == ["contact", "map"]
    assert consent["collected_by"] == "Kati Clements"
    assert consent["device_id"] == store.device_id
    assert consent["language"] == "fi"


def test_duplicate_email_is_refused_and_points_at_the_existing_follower(store, event, good_answers):
    """The same email (any case) is not saved twice unless staff insist."""
    first = followers.save_new(store, good_answers, event_id=event.id).registration
    again = followers.save_new(
        store, {**good_answers, "email": good_answers["email"].upper()}, event_id=event.id
    )
    assert not again.ok and again.duplicate_of.id == first.id
    forced = followers.save_new(store, good_answers, event_id=event.id, allow_duplicate=True)
    assert forced.ok


def test_edit_bumps_revision_and_requeues(store, event, good_answers):
    """An edited follower goes to the databank again at its new revision."""
    reg = followers.save_new(store, good_answers, event_id=event.id).registration
    store.db.execute("DELETE FROM outbox")
    edited = followers.save_edit(store, reg.id, {**good_answers, "city": "Espoo"})
    assert edited.ok and edited.registration.revision == 2
    assert store.db.execute(
        "SELECT revision FROM outbox WHERE entity_id = ?", [reg.id]
    ).fetchone() == (2,)
    assert registrations.search_seqs(store.db, "Espoo")


def test_delete_queues_a_tombstone_with_only_the_id(store, event, good_answers):
    """Deleting removes the record and leaves a tombstone (UUID only) for the databank."""
    reg = followers.save_new(store, good_answers, event_id=event.id).registration
    followers.delete(store, reg.id)
    assert registrations.get(store.db, reg.id) is None
    rows = store.db.execute(
        "SELECT entity, revision FROM outbox WHERE entity_id = ?", [reg.id]
    ).fetchall()
    assert rows == [("tombstone", 0)]


def test_filter_finds_by_any_searchable_field(store, event, good_answers):
    """Organisation, contact, email and city are searchable; short terms work too."""
    followers.save_new(store, good_answers, event_id=event.id)
    for term in ("normaalikoulu", "Virtanen", "aino.virtanen@", "Jyväs", "Ai", ""):
        assert len(registrations.search_seqs(store.db, term)) == 1, term
    assert registrations.search_seqs(store.db, "Helsinki") == []
    assert registrations.search_seqs(store.db, 'AND "OR') == []  # FTS syntax is plain text here


def test_rolling_backups_every_25_saves_keep_the_last_10(store, event, good_answers):
    """Backups are written through SQLite's backup API every 25 saves, newest 10 kept, private."""
    for i in range(25 * 11):
        r = followers.save_new(
            store, {**good_answers, "email": f"p{i}@example.org"}, event_id=event.id
        )
        assert r.ok
    files = sorted(store.backups_dir.glob("lea-*.sqlite"))
    assert len(files) == 10
    assert all(stat.S_IMODE(os.stat(f).st_mode) == 0o600 for f in files)
    import sqlite3

    newest = sqlite3.connect(files[-1])
    assert newest.execute("SELECT count(*) FROM registrations").fetchone()[0] == 275
    assert newest.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    newest.close()
    assert outbox.counts(store.db)["pending"] == 276  # 275 followers + the event
