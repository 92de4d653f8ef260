"""The consortium's follower directory through the real databank, three laptops (three data
homes): a follower signed up on one is recognised on the others after their sync, offline and
without their personal data; erasures reach it; a pull cut off half way resumes."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest

from lea_desktop.formkit import load_form
from lea_desktop.storage import directory as stored
from lea_desktop.storage import settings
from lea_desktop.usecases import directory, erasure, followers


def _answers(email: str, **extra: object) -> dict[str, object]:
    return {
        "organisation": "Colegio San Isidro", "contact_name": "Lucía Fernández",
        "email": email, "phone": "+34 612 345 678", "country": "ES", "city": "Sevilla",
        "types": ["school", "procurer"], "interests": ["lea_network"],
        "notes": "Met at the stand, wants the LEA-N letter", "consent_contact": True, **extra,
    }  # fmt: skip


def _email() -> str:
    return f"lucia.{uuid.uuid4().hex[:10]}@colegio-example.es"


def _sign_up(laptop, event_id: str, email: str):  # type: ignore[no-untyped-def]
    result = followers.save_new(laptop.store, _answers(email), event_id=event_id)
    assert result.ok, result.errors
    return result.registration


def _files(home: Path) -> list[Path]:
    return [p for p in home.rglob("*") if p.is_file()]


def test_a_visitor_signed_up_on_laptop_a_is_recognised_on_b_and_c(databank, make_laptop):
    """A signs Lucía up at BETT; after A's sync and B's, B's duplicate check (offline, as she
    types again), its CSV-free save and `lookup` all know her — from the directory, which holds
    no email, name, phone or notes: no file of B's data home (database, WAL, backups, token)
    holds her address, name or notes."""
    a, b, c = make_laptop(databank), make_laptop(databank), make_laptop(databank)
    settings.set_value(a.db, "staff.partner", "INNOVA")
    event = a.add_event("BETT 2027", responsible_partner="INNOVA")
    email = _email()
    reg = _sign_up(a, event.id, email)
    assert a.sync().complete
    # Before B's sync it does not know her.
    assert directory.lookup(b.store, email) is None
    report = b.sync()
    assert report.complete and report.directory_pulled >= 1
    known = directory.lookup(b.store, email.upper() + "  ")  # as typed: case and spaces differ
    assert known is not None and known.id == reg.id
    assert not known.local and not known.this_laptop
    sentence = known.sentence()
    assert sentence.startswith("signed up at BETT 2027 on "), sentence
    assert sentence.endswith("(INNOVA, another laptop)"), sentence
    # Saving her again on B is refused with where she is known, unless staff insist.
    again = followers.save_new(b.store, _answers(email), event_id=event.id)
    assert not again.ok and again.known is not None and again.known.id == reg.id
    assert "email" in again.errors
    # A's own laptop knows her as its own record (open it), C after its own sync.
    assert directory.lookup(a.store, email).local
    assert c.sync().complete and directory.lookup(c.store, email).id == reg.id
    # B holds none of her personal data: grep every file of its data home (WAL included).
    b.store.db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    needles = [email.encode(), "Lucía Fernández".encode(), b"+34 612 345 678", b"Met at the stand"]
    for path in _files(b.home):
        data = path.read_bytes()
        for needle in needles:
            assert needle not in data, f"{needle!r} found in {path.name}"
    # The entry B keeps: the organisation, place, types, event and the keyed hash only.
    row = b.db.execute(
        "SELECT organisation, country, city, types, event_id, partner, lea_n, email_key "
        "FROM directory WHERE id = ?",
        [reg.id],
    ).fetchone()
    assert row[:3] == ("Colegio San Isidro", "ES", "Sevilla")
    assert sorted(json.loads(row[3])) == ["procurer", "school"]
    assert row[4:7] == (event.id, "INNOVA", 1)
    key = directory.consortium_key(b.store)
    assert key is not None and len(key) == 32
    assert row[7] == hmac.new(key, email.encode(), hashlib.sha256).hexdigest()


def test_lookup_on_the_command_line(databank, make_laptop):
    """`lea-desktop lookup --email` prints one line and exits 0 for a known address (local or
    in the directory), 1 for an unknown one."""
    a, b = make_laptop(databank), make_laptop(databank)
    event = a.add_event("Online Educa Berlin 2027", responsible_partner="FVA")
    email = _email()
    _sign_up(a, event.id, email)
    assert a.sync().complete and b.sync().complete
    env = {**os.environ, "LEA_DESKTOP_HOME": str(b.home), "QT_QPA_PLATFORM": "offscreen"}
    b.store.close()

    def lookup(address: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "lea_desktop", "lookup", "--email", address],
            capture_output=True, text=True, timeout=60, env=env,
        )  # fmt: skip

    found = lookup(email)
    assert found.returncode == 0, found.stderr
    lines = found.stdout.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Already a follower — signed up at Online Educa Berlin 2027 on ")
    assert lines[0].endswith("(FVA, another laptop).")
    unknown = lookup(_email())
    assert unknown.returncode == 1
    assert "Not a follower on this laptop or in the consortium directory" in unknown.stdout
    assert lookup("not an address").returncode == 2


def test_an_erasure_reaches_every_laptops_directory(databank, make_laptop):
    """A erases a follower (a tombstone at the next sync): B's directory entry goes at B's next
    sync, and the address is no longer known there."""
    a, b = make_laptop(databank), make_laptop(databank)
    event = a.add_event()
    keep, gone = _email(), _email()
    kept = _sign_up(a, event.id, keep)
    erased = _sign_up(a, event.id, gone)
    assert a.sync().complete and b.sync().complete
    assert directory.lookup(b.store, gone) is not None
    erasure.erase(a.store, erased.id)
    assert a.sync().complete
    report = b.sync()
    assert report.complete and report.directory_gone >= 1
    assert directory.lookup(b.store, gone) is None
    assert b.db.execute("SELECT count(*) FROM directory WHERE id = ?", [erased.id]).fetchone() == (
        0,
    )
    assert directory.lookup(b.store, keep).id == kept.id
    # A itself: the erased follower is gone from its directory as well.
    assert directory.lookup(a.store, gone) is None


def test_a_pull_cut_off_half_way_resumes_where_it_stopped(
    databank, make_laptop, fault_proxy, monkeypatch
):
    """Pages of 40: the third directory page never arrives (connection reset, every retry).
    The pages before it are kept with their cursor; the next sync asks from there on and ends
    with the whole directory."""
    from lea_desktop.sync import directory_pull

    monkeypatch.setattr(directory_pull, "PAGE", 40)
    a = make_laptop(databank)
    event = a.add_event()
    ids = a.add_followers(130, event.id)
    assert a.sync().complete
    proxy = fault_proxy(databank)
    b = make_laptop(databank, url=proxy.url)
    seen: list[str] = []

    def plan(req) -> str:  # type: ignore[no-untyped-def]
        if req.path.startswith("/api/v1/directory"):
            seen.append(req.path)
            if len(seen) >= 3:
                return "reset"
        return "pass"

    proxy.plan = plan
    cut = b.sync()
    assert not cut.complete and cut.state == "offline"
    kept = stored.size(b.db)
    assert 0 < kept <= 80  # two pages of 40 (less what they say is gone)
    cursor = stored.cursor(b.db, cut.databank_id)
    assert cursor > 0
    seen.clear()
    proxy.plan = lambda req: (
        (seen.append(req.path) or "pass") if "directory" in req.path else "pass"
    )
    done = b.sync()
    assert done.complete
    assert seen[0].endswith(f"since={cursor}&limit=40") or f"since={cursor}" in seen[0]
    held = {r[0] for r in b.db.execute("SELECT id FROM directory")}
    assert set(ids) <= held


def test_the_directory_endpoint_checks_the_token_first_and_its_bounds(databank, make_laptop):
    """No token: 401 even with a malformed cursor; bad `since`/`limit`: 422; an answer holds
    no email, name, phone or notes, and its `email_key` is the HMAC the laptop computes."""
    a = make_laptop(databank)
    b = make_laptop(databank)
    event = a.add_event()
    email = _email()
    _sign_up(a, event.id, email)
    assert a.sync().complete
    assert b.sync().complete
    url = databank.url + "/api/v1/directory"
    assert httpx.get(url, params={"since": "-1"}).status_code == 401
    auth = {"Authorization": f"Bearer {b.token}"}
    for params in ({"since": "-1"}, {"since": "x"}, {"limit": "0"}, {"limit": "5001"},
                   {"since": str(2**63)}):  # fmt: skip
        answer = httpx.get(url, params=params, headers=auth)
        assert answer.status_code == 422, params
        assert "detail" in answer.json()
    pages, since = [], 0
    while True:
        page = httpx.get(url, params={"since": since, "limit": 5000}, headers=auth).json()
        pages.append(page)
        since = page["cursor"]
        if not page["more"]:
            break
    text = str(pages)
    for secret in (email, "Lucía Fernández", "+34 612 345 678", "Met at the stand"):
        assert secret not in text
    who = httpx.get(databank.url + "/api/v1/whoami", headers=auth).json()
    key = bytes.fromhex(who["consortium_key"])
    wanted = hmac.new(key, email.encode(), hashlib.sha256).hexdigest()
    assert any(e.get("email_key") == wanted for p in pages for e in p["entries"])


@pytest.mark.parametrize("fmt", ["json"])
def test_consortium_figures_from_the_directory(databank, make_laptop, tmp_path, fmt):
    """`summary --all --scope consortium` on B counts A's followers too (the directory), and
    says as of when; B's own summary counts B's only."""
    from lea_desktop.usecases import reports

    a, b = make_laptop(databank), make_laptop(databank)
    event = a.add_event()
    for _ in range(3):
        _sign_up(a, event.id, _email())
    assert a.sync().complete and b.sync().complete
    _sign_up(b, event.id, _email())  # on A's event, which B has now
    mine = reports.build_summary(b.store, None)
    assert mine.summary.total == 1
    out = tmp_path / f"consortium.{fmt}"
    reports.write_summary(b.store, None, fmt, out, consortium=True)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["scope"]["followers_of"] == "consortium" and data["scope"]["as_of"]
    whole = stored.size(b.db)
    assert whole >= 4
    # The directory, plus B's follower saved since its sync (not in the directory yet).
    assert data["total"] == whole + 1
    assert load_form().id == "follower_signup"


def test_the_csv_import_reports_followers_known_elsewhere(databank, make_laptop, tmp_path):
    """B imports a sheet with a visitor A signed up: that row is reported (line, where she is
    known) and not saved; the others are."""
    from lea_desktop.usecases.csv_import import import_csv

    a, b = make_laptop(databank), make_laptop(databank)
    event = a.add_event("EC-TEL 2027", responsible_partner="HAMK")
    email = _email()
    _sign_up(a, event.id, email)
    assert a.sync().complete and b.sync().complete
    sheet = tmp_path / "paper.csv"
    sheet.write_text(
        "organisation,contact_name,email,country,city,types,consent_contact\n"
        f"Escola A,Rui Costa,rui.{uuid.uuid4().hex[:6]}@escola.pt,PT,Porto,school,yes\n"
        f"Colegio B,Lucía F.,{email.upper()},ES,Sevilla,school,yes\n",
        encoding="utf-8",
    )
    report = import_csv(b.store, sheet, form=load_form(), event_id=event.id)
    assert report.saved == 1 and report.rejected == 1
    line, reason = report.problems[0]
    assert line == 3
    assert reason.startswith("email: already a follower (signed up at EC-TEL 2027 on ")
    assert reason.endswith("(HAMK, another laptop))")


def test_a_laptops_own_followers_are_left_out_of_its_directory(databank, make_laptop):
    """Laptop A holds its followers in full: the databank leaves them out of A's pages (B gets
    them), and A's last page moves its cursor past them, so its next pull does not read
    through them again. A's directory table holds none of them, its duplicate check still
    knows them (from its own records)."""
    a = make_laptop(databank)
    b = make_laptop(databank)
    event = a.add_event()
    emails = [_email() for _ in range(5)]
    ids = [_sign_up(a, event.id, e).id for e in emails]
    assert a.sync().complete
    assert b.sync().complete
    url = databank.url + "/api/v1/directory"

    def pull(laptop):  # type: ignore[no-untyped-def]
        auth = {"Authorization": f"Bearer {laptop.token}"}
        page = httpx.get(url, params={"since": 0, "limit": 5000}, headers=auth).json()
        assert page["more"] is False
        return page

    mine, theirs = pull(a), pull(b)
    assert not {e["id"] for e in mine["entries"]} & set(ids)
    assert set(ids) <= {e["id"] for e in theirs["entries"]}
    assert mine["cursor"] == theirs["cursor"] > 0
    held = {r[0] for r in a.db.execute("SELECT id FROM directory")}
    assert not held & set(ids)
    assert set(ids) <= {r[0] for r in b.db.execute("SELECT id FROM directory")}
    found = directory.lookup(a.store, emails[0])
    assert found is not None and found.id == ids[0] and found.local
