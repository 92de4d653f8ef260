"""Personal data across the real databank: consent travels with the record, an erasure leaves no
byte of the person on any laptop (database, WAL, backups) nor at the databank, and retention
purges the laptop without touching the databank's copy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lea_desktop.domain import clock
from lea_desktop.storage import registrations
from lea_desktop.usecases import consent, erasure, followers, retention

PERSON = {
    "organisation": "Kuopion lyseon lukio",
    # A surname no generated follower has: the laptop's directory holds other followers'
    # organisations, which bench.data names after common surnames ("Korhonen Oy").
    "contact_name": "Eeva-Liisa Korhosalo",
    "email": "eeva-liisa.korhosalo@example.fi",
    "phone": "+358 40 765 4321",
    "country": "FI",
    "city": "Kuopio",
    "types": ["school"],
    "interests": ["webinars"],
    "notes": "Call back about the pilot",
    "consent_contact": True,
    "consent_map": True,
}
SECRETS = (PERSON["email"], PERSON["contact_name"], PERSON["phone"], "Korhosalo")


def _holding(home: Path) -> dict[str, list[str]]:
    found = {}
    for path in (p for p in home.rglob("*") if p.is_file()):
        blob = path.read_bytes()
        hits = [s for s in SECRETS if s.encode() in blob]
        if hits:
            found[str(path.relative_to(home))] = hits
    return found


def _sign_up_person(laptop, event_id: str, lang: str = "fi"):
    """The person among 30 others, with an assistance request attached, and backups made."""
    laptop.add_followers(15, event_id)
    saved = followers.save_new(laptop.store, dict(PERSON), event_id=event_id, lang=lang)
    assert saved.ok, saved.errors
    child = followers.save_new(
        laptop.store,
        {**PERSON, "email": "other.person@example.eu", "notes": f"For {PERSON['contact_name']}"},
        event_id=event_id,
        parent_id=saved.registration.id,
    )
    assert child.ok, child.errors
    laptop.add_followers(15, event_id)
    laptop.store.backup()
    return saved.registration, child.registration


def test_the_databank_keeps_the_consent_proof_with_the_record(databank, make_laptop, tmp_path):
    """After sync, the databank's copy carries the same consent proof (version, hash of the
    exact text shown, purposes, time, collector, device) as the laptop's record."""
    a = make_laptop(databank)
    event = a.add_event()
    reg, _child = _sign_up_person(a, event.id, lang="sv")
    assert a.sync().complete
    central = {r["id"]: r for r in databank.export_json(tmp_path / "bank.json")}[reg.id]
    for key in ("version", "text_sha256", "purposes", "given_at", "collected_by", "device_id"):
        assert central["consent"][key] == reg.consent[key], key
    assert consent.verify_consent(central["consent"]).ok


def test_a_local_erasure_leaves_nothing_on_the_laptop_or_at_the_databank(
    databank, make_laptop, tmp_path
):
    """Erase on laptop A after the person was synced: no file of A's data home holds their
    email, name or phone; after the next sync the databank holds neither the record nor the
    attached request, and the other records are still there."""
    a = make_laptop(databank)
    event = a.add_event()
    reg, child = _sign_up_person(a, event.id)
    assert a.sync().complete
    before = {r["id"] for r in databank.export_json(tmp_path / "before.json")}
    assert {reg.id, child.id} <= before
    assert _holding(a.home)  # the test can fail

    report = erasure.erase(a.store, reg.id)
    assert report.backups_rewritten >= 1
    assert _holding(a.home) == {}
    sync = a.sync()
    assert sync.complete and sync.tombstones_sent == 2
    after = databank.export_json(tmp_path / "after.json")
    ids = {r["id"] for r in after}
    assert reg.id not in ids and child.id not in ids and len(ids) == len(before) - 2
    # The session's databank is shared with other tests: look at this laptop's records only.
    mine = str([r for r in after if r["device_id"] == a.store.device_id])
    assert len(mine) > 1000 and PERSON["email"] not in mine and "Korhosalo" not in mine


def test_a_central_erasure_reaches_every_laptop_backups_included(databank, make_laptop):
    """The person signed up on two laptops; the databank erases both records; each laptop's
    next sync erases its copy everywhere in its data home, backups included."""
    a, b = make_laptop(databank), make_laptop(databank)
    reg_a, _ = _sign_up_person(a, a.add_event("BETT 2027").id)
    reg_b, _ = _sign_up_person(b, b.add_event("ITK 2027", country="FI").id)
    assert a.sync().complete and b.sync().complete
    assert _holding(a.home) and _holding(b.home)

    out = databank.cli("erase", reg_a.id, reg_b.id).stdout
    assert f"{reg_a.id}\terased" in out and f"{reg_b.id}\terased" in out
    for laptop, reg in ((a, reg_a), (b, reg_b)):
        report = laptop.sync()
        assert report.complete and report.erasures_pulled >= 1
        assert registrations.get(laptop.db, reg.id) is None
        assert _holding(laptop.home) == {}, laptop.name
        # nothing goes back up: the databank made the erasure
        assert laptop.queue() == {"pending": 0, "rejected": 0, "conflicts": 0}


def test_retention_purges_the_laptop_not_the_databank(databank, make_laptop, tmp_path, monkeypatch):
    """31 days after the databank acknowledged the record, the laptop's files no longer hold
    the person's data; the databank's copy is untouched and the next sync sends nothing."""
    a = make_laptop(databank)
    reg, child = _sign_up_person(a, a.add_event().id)
    assert a.sync().complete
    assert registrations.get(a.db, reg.id).acknowledged_at
    later = clock.now() + dt.timedelta(days=31)
    monkeypatch.setattr(clock, "now", lambda: later)

    report = retention.purge_expired(a.store)
    assert report.purged >= 32 and report.unsynced == 0
    assert _holding(a.home) == {}
    assert a.sync().complete and a.queue() == {"pending": 0, "rejected": 0, "conflicts": 0}
    central = {r["id"]: r for r in databank.export_json(tmp_path / "bank.json")}
    assert central[reg.id]["email"] == PERSON["email"]
    assert central[child.id]["contact_name"] == PERSON["contact_name"]
