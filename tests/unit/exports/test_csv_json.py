"""CSV and JSON exports and the CSV import: the form drives the columns; bad rows are reported."""

from __future__ import annotations

import csv
import json
import os
import stat

from lea_desktop.exports.csv_export import write_csv, write_json
from lea_desktop.formkit import load_form
from lea_desktop.storage import outbox, registrations, settings
from lea_desktop.usecases import followers
from lea_desktop.usecases.csv_import import import_csv


def _save(store, event, answers):
    r = followers.save_new(store, answers, event_id=event.id)
    assert r.ok, r.errors
    return r.registration


def test_json_export_has_record_keys_and_one_key_per_field(store, event, good_answers, tmp_path):
    """JSON: an array of objects with id, event_id, created_at, updated_at and every form field."""
    reg = _save(store, event, good_answers)
    out = tmp_path / "f.json"
    assert write_json(load_form(), registrations.iter_all(store.db), out) == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data[0]["id"] == reg.id and data[0]["event_id"] == event.id
    assert {"created_at", "updated_at", *load_form().field_ids()} <= set(data[0])
    assert data[0]["types"] == ["procurer", "school"]
    assert data[0]["loi_status"] == "" and data[0]["loi_date"] == ""
    assert set(data[0]["consent"]) == {
        "version",
        "text_sha256",
        "purposes",
        "given_at",
        "collected_by",
        "device_id",
    }
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


def test_csv_export_is_excel_friendly_and_formula_safe(store, event, good_answers, tmp_path):
    """UTF-8 with BOM; a cell starting with = + - @ tab or CR gets a leading apostrophe."""
    _save(store, event, {**good_answers, "organisation": '=HYPERLINK("http://x")', "city": "@evil"})
    out = tmp_path / "f.csv"
    write_csv(load_form(), registrations.iter_all(store.db), out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0]["organisation"].startswith("'=")
    assert rows[0]["city"] == "'@evil"
    assert rows[0]["phone"] == "'+358401234567"
    assert rows[0]["types"] == "procurer;school"


def test_export_then_import_round_trips(store, event, good_answers, tmp_path):
    """An exported CSV imports back into another event with the same answers."""
    _save(store, event, {**good_answers, "organisation": "=SUM(A1)"})
    out = tmp_path / "f.csv"
    write_csv(load_form(), registrations.iter_all(store.db), out)
    store.db.execute("DELETE FROM registrations")
    report = import_csv(store, out, form=load_form(), event_id=event.id)
    assert report.saved == 1 and report.problems == []
    again = next(registrations.iter_all(store.db))
    assert again.answers["organisation"] == "=SUM(A1)"
    assert again.answers["phone"] == "+358401234567"
    assert again.source == "import"


def test_import_saves_good_rows_and_reports_bad_ones_by_line(store, event, tmp_path):
    """Good rows are saved (with outbox rows); each bad row is named with its line and reason."""
    path = tmp_path / "in.csv"
    path.write_text(
        "organisation,contact_name,email,country,types,consent_contact\n"
        "Koulu,Anna,anna@example.fi,FI,school;procurer,yes\n"
        "Nobody,,not-an-email,FI,school,yes\n"
        "Firma,Bob,bob@example.de,DE,wizard,yes\n"
        "Firma 2,Bob,ANNA@example.fi,DE,supplier,yes\n"
        "\n"
        "Escola,Rui,rui@example.pt,PT,school,yes\n",
        encoding="utf-8",
    )
    report = import_csv(store, path, form=load_form(), event_id=event.id, source="paper")
    assert report.saved == 2
    assert [line for line, _ in report.problems] == [3, 4, 5]
    assert "email" in report.problems[0][1] and "wizard" in report.problems[1][1]
    assert "already registered (line 2)" in report.problems[2][1]
    assert registrations.count(store.db) == 2
    assert outbox.counts(store.db)["pending"] == 3  # two followers + the event
    assert {r.source for r in registrations.iter_all(store.db)} == {"paper"}


def test_an_imported_record_is_made_as_a_saved_one(
    store, event, good_answers, tmp_path, monkeypatch
):
    """The importer makes each record as `followers.save_new` does: consent given at the
    record's own moment, by the same staff member and device, with the same proof."""
    from lea_desktop.domain import clock

    ticks = iter(f"2027-01-20T10:00:0{n}.000Z" for n in range(10))
    monkeypatch.setattr(clock, "now_iso", lambda: next(ticks))  # each call a new moment
    settings.set_value(store.db, "staff.name", "Maija")
    saved = followers.save_new(store, good_answers, event_id=event.id).registration
    assert saved is not None
    path = tmp_path / "in.csv"
    write_csv(load_form(), [saved], path)
    store.db.execute("DELETE FROM registrations")
    assert import_csv(store, path, form=load_form(), event_id=event.id).saved == 1
    imported = next(registrations.iter_all(store.db))
    assert imported.consent is not None and saved.consent is not None
    assert imported.consent["given_at"] == imported.created_at == imported.updated_at
    assert saved.consent["given_at"] == saved.created_at
    same = ("version", "text_sha256", "purposes", "collected_by", "device_id", "texts")
    assert {k: imported.consent[k] for k in same} == {k: saved.consent[k] for k in same}


def test_import_refuses_a_header_that_is_not_the_form(store, event, tmp_path):
    """A file with unknown columns is refused as a whole, with the expected ids listed."""
    import pytest

    from lea_desktop.usecases.csv_import import CsvImportError

    path = tmp_path / "in.csv"
    path.write_text("Name,E-mail\nAnna,anna@example.fi\n", encoding="utf-8")
    with pytest.raises(CsvImportError) as info:
        import_csv(store, path, form=load_form(), event_id=event.id)
    assert "organisation" in str(info.value)
    assert registrations.count(store.db) == 0


def test_a_failed_export_leaves_no_half_file_and_keeps_the_old_one(
    store, event, good_answers, tmp_path
):
    """An export that fails midway (here: the records stop coming) leaves the previous file as
    it was and no partial file beside it."""
    import pytest

    _save(store, event, good_answers)
    out = tmp_path / "f.csv"
    out.write_text("previous export\n", encoding="utf-8")

    def broken():
        yield from registrations.iter_all(store.db)
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_csv(load_form(), broken(), out)
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.csv", "home"]


def test_a_large_import_reports_bad_rows_by_line_across_chunks(store, event, tmp_path):
    """An import larger than one validation chunk (validated in worker processes) saves every good
    row once and names each bad row by its line, wherever it falls."""
    path = tmp_path / "big.csv"
    lines = ["organisation,contact_name,email,country,types,consent_contact"]
    bad_lines = set()
    for i in range(5000):
        line_no = i + 2
        if i in (0, 1999, 2000, 4999):
            lines.append(f"Org {i},Anna,not-an-email,FI,school,yes")
            bad_lines.add(line_no)
        else:
            lines.append(f"Org {i},Anna,anna{i}@example.fi,FI,school,yes")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_csv(store, path, form=load_form(), event_id=event.id)
    assert report.saved == 4996
    assert {line for line, _ in report.problems} == bad_lines
    assert registrations.count(store.db) == 4996
