"""`lea-desktop login / sync / queue / reconcile` as staff use them, against the real databank."""

from __future__ import annotations

import json
import subprocess
import uuid
from pathlib import Path

import pytest

from lea_desktop.cli import main


@pytest.fixture
def logged_in(databank, data_home, capsys):
    """The test's data home logged in to the databank with a fresh token; returns the token."""
    name, token = databank.token()
    assert main(["login", "--token", token, "--url", databank.url]) == 0
    out = capsys.readouterr().out
    assert f"The databank knows this laptop as {name}." in out
    return token


def _add_followers(count: int) -> tuple[str, list[str]]:
    from lea_desktop.domain import clock
    from lea_desktop.storage import Store, events
    from lea_desktop.usecases import followers

    with Store.open_default() as store:
        today = clock.today().isoformat()
        event = events.create(
            store.db,
            {
                "name": "BETT 2027",
                "city": "London",
                "country": "GB",
                "starts": today,
                "ends": today,
            },
            device_id=store.device_id,
        )
        ids = []
        for i in range(count):
            answers = {
                "organisation": f"School {i}",
                "contact_name": "Jo Bloggs",
                "email": f"jo.{uuid.uuid4().hex[:8]}@example.org",
                "country": "GB",
                "types": ["school"],
                "interests": ["webinars"],
                "consent_contact": True,
            }
            saved = followers.save_new(store, answers, event_id=event.id)
            assert saved.ok, saved.errors
            ids.append(saved.registration.id)
    return event.id, ids


def test_login_keeps_the_token_in_a_private_file_when_there_is_no_keyring(
    databank, data_home, capsys
):
    """On a machine without a keyring backend (keyring's `fail` backend, as on a headless
    Linux: see the autouse fixture) the token goes to a 0600 file in the data home, the command says so, and the token
    is not printed back."""
    _name, token = databank.token()
    assert main(["login", "--token", token, "--url", databank.url]) == 0
    out = capsys.readouterr().out
    path = data_home / "databank-token"
    assert f"Token saved in {path}" in out and "no usable system keyring" in out
    assert token not in out
    assert path.read_text().strip() == token
    assert (path.stat().st_mode & 0o777) == 0o600


def test_login_refuses_a_token_the_databank_does_not_know(databank, data_home, capsys):
    """A wrong token is refused with exit 4 and a clear message, and nothing is saved."""
    code = main(["login", "--token", "lea_wrong-token-xyz", "--url", databank.url])
    err = capsys.readouterr().err
    assert code == 4
    assert "refused this token (wrong or revoked); not saved" in err
    assert not (data_home / "databank-token").exists()


def test_sync_queue_and_reconcile_as_staff_use_them(
    databank, logged_in, data_home, capsys, tmp_path
):
    """queue --json counts what waits; sync sends it (exit 0); reconcile prints the one-line
    receipt and writes a PDF receipt that renders and reads back."""
    from pypdf import PdfReader

    event_id, _ids = _add_followers(3)
    assert main(["queue", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"pending": 4, "rejected": 0, "conflicts": 0}
    assert main(["queue"]) == 0
    assert capsys.readouterr().out.startswith("Waiting: 3 sign-ups, 1 event; 0 rejected.")
    assert main(["sync"]) == 0
    assert capsys.readouterr().out.startswith("Synced: 3 sign-ups, 1 event accepted")
    assert main(["queue", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"pending": 0, "rejected": 0, "conflicts": 0}

    pdf = tmp_path / "receipt.pdf"
    assert main(["reconcile", "--event", event_id, "--pdf", str(pdf)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "3 records, all held centrally at the same revision"
    text = PdfReader(str(pdf)).pages[0].extract_text()
    assert "3 records, all held centrally at the same revision" in text
    assert "BETT 2027" in text
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "page")], check=True)
    assert (tmp_path / "page-1.png").stat().st_size > 1000
    log = (data_home / "logs" / "lea-desktop.log").read_text()
    assert logged_in not in log and "@example.org" not in log


def test_reconcile_lists_what_the_databank_lacks_and_requeue_mends_it(
    databank, logged_in, data_home, capsys, tmp_path
):
    """A record missing centrally and not queued (an outbox row lost) is listed with its reason;
    --requeue queues it again and the next sync makes everything held."""
    from lea_desktop.storage import Store

    _add_followers(2)
    assert main(["sync"]) == 0
    _later_event, later = _add_followers(2)
    with Store.open_default() as store, store.db.atomic():
        store.db.execute("DELETE FROM outbox WHERE entity_id = ?", [later[0]])
    capsys.readouterr()
    pdf = tmp_path / "problems.pdf"
    assert main(["reconcile", "--pdf", str(pdf)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "4 records: 2 held centrally at the same revision, 2 not"
    assert any(later[0] in ln and "not held centrally; not in the queue" in ln for ln in lines)
    assert any(later[1] in ln and "waiting in the queue" in ln for ln in lines)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", str(pdf), str(tmp_path / "problems")], check=True
    )
    assert main(["reconcile", "--requeue"]) == 1
    assert "1 record queued again" in capsys.readouterr().out
    assert main(["sync"]) == 0
    capsys.readouterr()
    assert main(["reconcile"]) == 0
    assert capsys.readouterr().out.startswith("4 records, all held centrally")


def test_sync_exit_codes_and_messages(databank, data_home, capsys):
    """Not set up → 2; offline → 3 with 'offline:'; revoked token → 4 with 'token refused';
    each a single line on stderr, no traceback."""
    import socket

    assert main(["sync"]) == 2
    assert "No databank address set" in capsys.readouterr().err
    name, token = databank.token()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    assert main(["login", "--token", token, "--url", f"http://127.0.0.1:{closed_port}"]) == 0
    _add_followers(1)
    capsys.readouterr()
    assert main(["sync"]) == 3
    err = capsys.readouterr().err.strip()
    assert err.startswith("lea-desktop: offline: Cannot reach the databank") and "2 waiting" in err
    assert len(err.splitlines()) == 1
    assert main(["config", "set", "databank.url", databank.url]) == 0
    databank.cli("token", "revoke", name)
    capsys.readouterr()
    assert main(["sync"]) == 4
    err = capsys.readouterr().err.strip()
    assert err.startswith("lea-desktop: token refused:") and "lea-desktop login --token" in err
    assert len(err.splitlines()) == 1
    assert main(["queue", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"pending": 2, "rejected": 0, "conflicts": 0}


def test_databank_cli_token_lifecycle(databank, tmp_path: Path):
    """token create prints the token as its last line; list shows names only; revoke twice
    says there is no such active token; a bad --db gives a one-line message."""
    done = databank.cli("token", "create", "fair-laptop-7")
    token = done.stdout.strip().splitlines()[-1]
    assert token.startswith("lea_") and len(token) > 30
    again = databank.cli("token", "create", "fair-laptop-7", check=False)
    assert again.returncode == 2 and "already exists; revoke it first" in again.stderr
    assert token not in databank.cli("token", "list").stdout
    databank.cli("token", "revoke", "fair-laptop-7")
    twice = databank.cli("token", "revoke", "fair-laptop-7", check=False)
    assert twice.returncode == 2 and "No active token" in twice.stderr
    bad = subprocess.run(
        databank.command("token", "list", "--db", "mysql://nope/x"), capture_output=True, text=True
    )
    assert bad.returncode == 2 and bad.stderr.startswith("lea-databank: unsupported database")
    assert "Traceback" not in bad.stderr


def test_databank_cli_token_partner_and_scope(databank):
    """A token is made with a partner and a scope, both shown by `token list` and changed by
    `token partner` / `token scope`; a partner's name the consortium does not know is kept with
    a note; an unprintable one, a scope that does not exist, the scope partner without a partner and an unknown token get a clear
    message and exit 2, and change nothing."""
    name = f"coord-{uuid.uuid4().hex[:8]}"
    databank.cli("token", "create", name, "--partner", "braga   municipality", "--scope", "all")
    line = next(
        ln for ln in databank.cli("token", "list").stdout.splitlines() if ln.startswith(name)
    )
    assert "partner Braga Municipality" in line and line.endswith("scope all")

    done = databank.cli("token", "scope", name, "partner")
    assert done.stdout.strip() == f"{name} now has the scope partner (from its laptop's next sync)."
    done = databank.cli("token", "partner", name, "INNOVA")
    assert done.stdout.strip() == f"{name} now belongs to the partner INNOVA."
    line = next(
        ln for ln in databank.cli("token", "list").stdout.splitlines() if ln.startswith(name)
    )
    assert "partner INNOVA" in line and line.endswith("scope partner")

    # A name the consortium does not know is kept (a partner may join later), but said.
    odd = databank.cli("token", "partner", name, "Acme   Ltd")
    assert odd.stdout.strip() == f"{name} now belongs to the partner Acme Ltd."
    assert "'Acme Ltd' is not one of the consortium's partners" in odd.stderr
    assert "INNOVA" in odd.stderr and "Traceback" not in odd.stderr
    quiet = databank.cli("token", "partner", name, "innova")
    assert quiet.stdout.strip() == f"{name} now belongs to the partner INNOVA."
    assert "not one of" not in quiet.stderr
    bad = databank.cli("token", "partner", name, "x" * 201, check=False)
    assert bad.returncode == 2 and "at most 200 printable characters" in bad.stderr
    bad = databank.cli("token", "scope", name, "everything", check=False)
    assert bad.returncode == 2 and "A scope is one of own, partner, all" in bad.stderr
    bad = databank.cli("token", "scope", "no-such-token", "all", check=False)
    assert bad.returncode == 2 and "No active token named 'no-such-token'" in bad.stderr
    other = f"lone-{uuid.uuid4().hex[:8]}"
    bad = databank.cli("token", "create", other, "--scope", "partner", check=False)
    assert bad.returncode == 2 and "needs the token's partner" in bad.stderr
    assert other not in databank.cli("token", "list").stdout
    bad = databank.cli("token", "create", other, "--partner", "Nobo\x07dy", check=False)
    assert bad.returncode == 2 and "printable" in bad.stderr

    databank.cli("token", "create", other)
    line = next(
        ln for ln in databank.cli("token", "list").stdout.splitlines() if ln.startswith(other)
    )
    assert "no partner" in line and line.endswith("scope own")
    bad = databank.cli("token", "scope", other, "partner", check=False)
    assert bad.returncode == 2 and "needs the token's partner" in bad.stderr
    line = next(
        ln for ln in databank.cli("token", "list").stdout.splitlines() if ln.startswith(other)
    )
    assert line.endswith("scope own")
