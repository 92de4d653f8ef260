"""Shared fixtures. Every test gets its own data home; Qt runs offscreen, one QApplication."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private, empty data home for this test (LEA_DESKTOP_HOME)."""
    home = tmp_path / "home"
    monkeypatch.setenv("LEA_DESKTOP_HOME", str(home))
    return home


@pytest.fixture
def store(data_home: Path) -> Iterator:
    from lea_desktop.storage import Store

    s = Store.open_default()
    yield s
    s.close()


@pytest.fixture
def event(store):
    """An event running today, as staff would have at the stand."""
    from lea_desktop.domain import clock
    from lea_desktop.storage import events

    today = clock.today().isoformat()
    return events.create(
        store.db,
        {"name": "BETT 2027", "city": "London", "country": "GB", "starts": today, "ends": today},
        device_id=store.device_id,
    )


@pytest.fixture
def good_answers() -> dict:
    """A complete, valid follower sign-up."""
    return {
        "organisation": "Jyväskylän normaalikoulu",
        "contact_name": "Aino Virtanen",
        "email": "aino.virtanen@example.fi",
        "phone": "+358 40 123 4567",
        "country": "FI",
        "city": "Jyväskylä",
        "types": ["school", "procurer"],
        "website": "www.example.fi",
        "interests": ["webinars", "lea_network"],
        "notes": "",
        "consent_contact": True,
        "consent_map": True,
    }
