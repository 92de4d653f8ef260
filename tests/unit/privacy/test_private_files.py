"""Private files: a CLI session leaves the data home 0700 and every file in it 0600, and the logs
never carry the people's names or emails."""

from __future__ import annotations

import csv
import os
import stat

import pytest

from lea_desktop.cli import main

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


@pytest.fixture(autouse=True)
def restore_umask():
    """cli.main sets umask 077 for the process; give the rest of the test run its umask back."""
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _session(capsys, data_home, person, tmp_path) -> str:
    """Staff's day on the command line; returns the person's record id."""
    assert main(["config", "set", "staff.name", "Mikko Staff"]) == 0
    assert main(["events", "add", "--name", "BETT", "--country", "GB",
                 "--starts", "2027-01-20", "--ends", "2027-01-23"]) == 0  # fmt: skip
    event_id = capsys.readouterr().out.strip().splitlines()[-1]
    src = tmp_path / "paper.csv"
    with open(src, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(person.keys())
        writer.writerow(
            ";".join(v) if isinstance(v, list) else ("yes" if v is True else v)
            for v in person.values()
        )
        writer.writerow([*list(person.values())[:2], "not-an-email", *[""] * (len(person) - 3)])
    assert main(["import", str(src), "--event", event_id, "--from-paper"]) == 1  # one bad row
    exports = data_home / "exports"
    assert main(["export", "--all", "--format", "csv", "--out", str(exports / "all.csv")]) == 0
    assert main(["export", "--all", "--format", "json", "--out", str(exports / "all.json")]) == 0
    assert main(["backup", "--out", str(data_home / "backups" / "lea-manual.sqlite")]) == 0
    assert main(["purge"]) == 0
    capsys.readouterr()
    assert main(["export", "--all", "--format", "json", "--out", str(tmp_path / "x.json")]) == 0
    import json

    return json.loads((tmp_path / "x.json").read_text("utf-8"))[0]["id"]


def test_every_file_in_the_data_home_is_private(capsys, data_home, person, tmp_path):
    """After a session of commands the data home and its folders are 0700, and the database,
    its -wal/-shm, backups, exports and logs are 0600."""
    from lea_desktop.storage import Store, settings

    reg_id = _session(capsys, data_home, person, tmp_path)
    assert main(["consent", "--follower", reg_id]) == 0
    os.umask(0o022)  # as a GUI started some other way would have it
    with Store.open_default() as store:  # open, as the app holds it: -wal and -shm exist
        with store.db.atomic():
            settings.set_value(store.db, "staff.partner", "UTU")
        seen = {p.name for p in data_home.rglob("*")}
        assert {"lea.sqlite", "lea.sqlite-wal", "lea.sqlite-shm", "lea-desktop.log"} <= seen
        assert {"all.csv", "all.json", "lea-manual.sqlite"} <= seen
        assert _mode(data_home) == 0o700
        for path in data_home.rglob("*"):
            want = 0o700 if path.is_dir() else 0o600
            assert _mode(path) == want, f"{path.relative_to(data_home)} is {oct(_mode(path))}"


def test_logs_never_hold_names_or_emails(capsys, data_home, person, tmp_path, secrets):
    """A session of commands (import with a bad row, export, purge, consent, erase) writes log
    lines, none of which holds the person's name, email, phone or notes."""
    reg_id = _session(capsys, data_home, person, tmp_path)
    assert main(["consent", "--follower", reg_id]) == 0
    assert main(["erase", "--follower", reg_id, "--yes"]) == 0
    assert main(["export", "--event", "no-such-event", "--format", "csv", "--out", "x"]) == 2
    logs = list((data_home / "logs").glob("*.log*"))
    text = "".join(p.read_text("utf-8") for p in logs)
    assert "erasure (local)" in text  # the log is written, so the check below means something
    for secret in (*secrets, person["organisation"]):
        assert secret not in text


def test_the_databank_token_is_never_logged_or_exported(capsys, data_home, person, tmp_path):
    """After login, a failing sync (no databank there) and exports, the token appears in no file
    of the data home except its own 0600 token file (no OS keyring here), nor on screen."""
    token = "lea-tok-3f9c1d7e5b2a4c6e8f0a1b3c5d7e9f11"
    reg_id = _session(capsys, data_home, person, tmp_path)
    assert main(["login", "--token", token, "--url", "http://127.0.0.1:9"]) == 0
    main(["sync"])  # refused connection: reported, not raised
    assert main(["export", "--all", "--format", "json", "--out", str(data_home / "e.json")]) == 0
    assert main(["consent", "--follower", reg_id]) == 0
    shown = capsys.readouterr()
    assert token not in shown.out + shown.err
    holding = [
        p.relative_to(data_home).as_posix()
        for p in data_home.rglob("*")
        if p.is_file() and token.encode() in p.read_bytes()
    ]
    assert holding in ([], ["databank-token"])
    if holding:
        assert _mode(data_home / "databank-token") == 0o600
    assert (data_home / "logs" / "lea-desktop.log").stat().st_size > 0
