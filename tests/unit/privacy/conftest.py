"""Helpers for the privacy tests: many followers, one person to erase, raw-byte searches."""

from __future__ import annotations

from pathlib import Path

import pytest

from lea_desktop.storage import Store
from lea_desktop.usecases import followers

PERSON = {
    "organisation": "Kuopion lyseon lukio",
    "contact_name": "Eeva-Liisa Korhonen",
    "email": "eeva-liisa.korhonen@example.fi",
    "phone": "+358 40 765 4321",
    "country": "FI",
    "city": "Kuopio",
    "types": ["school"],
    "website": "",
    "interests": ["webinars"],
    "notes": "Met at the stand; call back about the pilot",
    "consent_contact": True,
    "consent_map": True,
}

# What must not survive anywhere once the person is erased (or their personal data purged).
SECRETS = (
    PERSON["email"],
    PERSON["contact_name"],
    PERSON["phone"],
    PERSON["notes"],
    "Eeva-Liisa",
    "Korhonen",
)


def someone(i: int) -> dict:
    return {
        **PERSON,
        "organisation": f"School number {i}",
        "contact_name": f"Teacher Number{i}",
        "email": f"teacher{i}@school{i}.example.eu",
        "phone": "",
        "city": "Tampere",
        "notes": "",
    }


def holding(home: Path, texts=SECRETS) -> dict[str, list[str]]:
    """{file name: [texts found in its raw bytes]} for every file under `home` holding any."""
    found: dict[str, list[str]] = {}
    for path in (p for p in home.rglob("*") if p.is_file()):
        blob = path.read_bytes()
        hits = [t for t in texts if t.encode("utf-8") in blob or t.encode("utf-16-le") in blob]
        if hits:
            found[str(path.relative_to(home))] = hits
    return found


@pytest.fixture
def person() -> dict:
    """The person whose data the tests erase or purge."""
    return dict(PERSON)


@pytest.fixture
def secrets() -> tuple[str, ...]:
    return SECRETS


@pytest.fixture
def find_in_files():
    """`find_in_files(home[, texts])`: which files under home hold which of the texts, raw bytes."""
    return holding


@pytest.fixture
def make_follower():
    """`make_follower(i)`: answers of another, valid follower number i."""
    return someone


@pytest.fixture
def person_with_history(store: Store, event):
    """The person saved among 30 others, edited twice, with a child record, and backups made.

    Returns (person's registration, child registration). Nothing is checkpointed on purpose: the
    WAL still holds page versions with the person's answers.
    """
    for i in range(12):
        assert followers.save_new(store, someone(i), event_id=event.id).ok
    saved = followers.save_new(store, dict(PERSON), event_id=event.id, lang="fi")
    assert saved.ok, saved.errors
    reg = saved.registration
    for i in range(12, 30):
        assert followers.save_new(store, someone(i), event_id=event.id).ok
    edited = followers.save_edit(store, reg.id, {**PERSON, "city": "Kuopio (Savilahti)"})
    assert edited.ok, edited.errors
    child = followers.save_new(
        store,
        {**someone(99), "notes": f"Assistance for {PERSON['contact_name']}"},
        event_id=event.id,
        parent_id=reg.id,
        allow_duplicate=True,
    )
    assert child.ok, child.errors
    store.db.execute(
        "UPDATE registrations SET kind = 'assistance_request' WHERE id = ?", [child.registration.id]
    )
    store.backup()
    assert len(list(store.backups_dir.glob("lea-*.sqlite"))) >= 2  # one every 25 saves + this one
    return reg, child.registration
