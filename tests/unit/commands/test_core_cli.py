"""The command line as staff use it: events, config, import, export, backup."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from lea_desktop import __version__
from lea_desktop.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_from_python_dash_m():
    """`python -m lea_desktop --version` prints the package version and opens no window."""
    done = subprocess.run(
        [sys.executable, "-m", "lea_desktop", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == f"lea-desktop {__version__}"


def test_events_add_prints_the_id_last_and_list_json_shows_it(capsys):
    """`events add` ends with the new id; `events list --json` returns it with its fields."""
    code, out, _ = run(capsys, "events", "add", "--name", "BETT 2027", "--city", "London", "--country", "gb",
                       "--starts", "2027-01-20", "--ends", "2027-01-23")  # fmt: skip
    assert code == 0
    event_id = out.strip().splitlines()[-1]
    _, out, _ = run(capsys, "events", "list", "--json")
    listed = json.loads(out)
    assert (
        listed[0]["id"] == event_id and listed[0]["country"] == "GB" and listed[0]["followers"] == 0
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--country", "XX", "--starts", "2027-01-20", "--ends", "2027-01-23"], "Unknown country"),
        (["--country", "GB", "--starts", "20.1.2027", "--ends", "2027-01-23"], "YYYY-MM-DD"),
        (["--country", "GB", "--starts", "2027-01-23", "--ends", "2027-01-20"], "ends before"),
        (
            [
                "--country",
                "GB",
                "--starts",
                "2027-01-20",
                "--ends",
                "2027-01-23",
                "--kind",
                "party",
            ],
            "Unknown kind",
        ),
    ],
)
def test_bad_event_input_gets_one_line_and_status_2(capsys, args, message):
    """Bad event fields are refused with one clear line, no traceback."""
    code, _out, err = run(capsys, "events", "add", "--name", "X", *args)
    assert code == 2 and message in err and "Traceback" not in err


def test_config_set_get_and_refusal(capsys):
    """Settings are validated; unknown keys list the known ones."""
    assert run(capsys, "config", "set", "retention.days", "14")[0] == 0
    assert run(capsys, "config", "get", "retention.days")[1].strip() == "14"
    code, _, err = run(capsys, "config", "set", "retention.days", "soon")
    assert code == 2 and "whole number" in err
    code, _, err = run(capsys, "config", "get", "colour")
    assert code == 2 and "Known settings" in err


def test_import_export_backup_from_the_command_line(capsys, tmp_path):
    """A CSV imported into an event comes out of the JSON export; a backup is a valid database."""
    event_id = run(capsys, "events", "add", "--name", "ITK", "--country", "FI", "--starts", "2027-03-10",
                   "--ends", "2027-03-12")[1].strip().splitlines()[-1]  # fmt: skip
    src = tmp_path / "in.csv"
    src.write_text("organisation,contact_name,email,country,types,consent_contact\n"
                   "Koulu,Anna,anna@example.fi,FI,school,yes\nBad,,x,FI,school,no\n", encoding="utf-8")  # fmt: skip
    code, out, err = run(capsys, "import", str(src), "--event", event_id)
    assert code == 1 and "Imported 1 follower; 1 row rejected." in out and "line 3:" in err
    dest = tmp_path / "out.json"
    assert (
        run(capsys, "export", "--event", event_id, "--format", "json", "--out", str(dest))[0] == 0
    )
    assert [r["email"] for r in json.loads(dest.read_text(encoding="utf-8"))] == ["anna@example.fi"]
    backup = tmp_path / "copy.sqlite"
    assert run(capsys, "backup", "--out", str(backup))[0] == 0
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT count(*) FROM registrations").fetchone()[0] == 1


def test_unknown_event_is_a_clear_error(capsys, tmp_path):
    """Exporting or importing for an event id that does not exist says so."""
    code, _, err = run(
        capsys, "export", "--event", "nope", "--format", "csv", "--out", str(tmp_path / "x.csv")
    )
    assert code == 2 and "No event with id nope" in err


def test_example_events_are_listed_as_such_refused_for_imports_and_removed_at_once(
    capsys, tmp_path
):
    """`events list` marks examples; an import into one is refused (sign-ups never go to an
    example); `events remove-examples` removes them all and keeps real events."""
    from lea_desktop import reference
    from lea_desktop.storage import Store, events
    from lea_desktop.usecases.event_rules import load_seed_events

    real = run(capsys, "events", "add", "--name", "ITK", "--country", "FI", "--starts",
               "2027-03-10", "--ends", "2027-03-12")[1].strip().splitlines()[-1]  # fmt: skip
    with Store.open_default() as store:
        added = load_seed_events(store)
        example = sorted(events.example_ids(store.db))[0]
    assert added == len(reference.seed_events())
    out = run(capsys, "events", "list")[1]
    assert out.count("(example)") == added
    src = tmp_path / "in.csv"
    src.write_text("organisation,contact_name,email,country,types,consent_contact\n"
                   "Koulu,Anna,anna@example.fi,FI,school,yes\n", encoding="utf-8")  # fmt: skip
    code, _, err = run(capsys, "import", str(src), "--event", example)
    assert code == 2 and "is an example event" in err
    code, out, _ = run(capsys, "events", "remove-examples")
    assert code == 0 and out.strip() == f"Removed {added} example events."
    with Store.open_default() as store:
        assert [e.id for e in events.list_events(store.db, include_archived=True)] == [real]
