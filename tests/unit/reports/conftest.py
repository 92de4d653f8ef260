"""Fixtures for the summary, dashboard arithmetic and partner report: a seed-like spread with
every figure known in advance (written out in EXPECTED_A / EXPECTED_ALL below).

Event A ("BETT 2027", 96 followers):
- Finland 88: i < 20 procurer; 20–29 procurer + school; 30–59 school; 60–79 supplier;
  80–87 supplier + expert. LEA-N interest: i < 12 (procurers → candidates) and 60–64
  (suppliers → not candidates). Letters: i < 3 signed, 3–7 offered. Collected by Anna (i < 50)
  and Ben (the rest). Days: i < 40 on 20 Jan, the rest on 21 Jan, i = 87 at 23:30 UTC on 21 Jan
  (22 Jan in Helsinki).
- Croatia 1: procurer, LEA-N interest (a candidate).
- Germany 3: supplier (letter signed); supplier + expert; school.
- Portugal 2: one purged record (only country, types, interests kept): procurer; one school.
- Norway 1: procurer, LEA-N interest (candidate, but not an EU member state).
- United States 1: expert.
- 2 assistance requests (another record kind) attached to Finnish followers.
Event B ("EC-TEL 2027", 2 followers): Sweden procurer + LEA-N interest + letter signed;
Finland school.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest

TYPES = ("procurer", "school", "supplier", "expert")

EXPECTED_A: dict[str, Any] = {
    "total": 96,
    "by_type": {"procurer": 33, "school": 42, "supplier": 30, "expert": 10},
    "by_country": {"FI": 88, "DE": 3, "PT": 2, "HR": 1, "NO": 1, "US": 1},
    "by_day_utc": {"2027-01-20": 40 + 8, "2027-01-21": 48},
    "eu_member_states_covered": ["DE", "FI", "HR", "PT"],
    "procurers": 33,
    "suppliers": 30,
    "schools": 42,
    "lea_network_candidates": 14,
    "letters_offered": 9,
    "letters_signed": 4,
    "assistance_requests": 2,
    "collected_by": {"Anna": 50, "Ben": 38, "(not recorded)": 8},
    "lea_n_member_states": ["DE", "FI", "HR"],
}
EXPECTED_ALL: dict[str, Any] = {
    "total": 98,
    "by_type": {"procurer": 34, "school": 43, "supplier": 30, "expert": 10},
    "by_country": {"FI": 89, "DE": 3, "PT": 2, "HR": 1, "NO": 1, "SE": 1, "US": 1},
    "eu_member_states_covered": ["DE", "FI", "HR", "PT", "SE"],
    "lea_network_candidates": 15,
    "letters_offered": 10,
    "letters_signed": 5,
    "lea_n_member_states": ["DE", "FI", "HR", "SE"],
}


@pytest.fixture(autouse=True)
def utc_local_time(monkeypatch: pytest.MonkeyPatch):
    """Run with the laptop's time zone set to UTC (tests that need another zone change it)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _stamp(day: int, minute: int) -> str:
    moment = dt.datetime(2027, 1, day, 9, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=minute)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _answers(i: int, country: str, types: list[str], interests: list[str]) -> dict[str, Any]:
    return {
        "organisation": f"Organisation {country} {i}",
        "contact_name": f"Person {country} {i}",
        "email": f"person{i}@example.{country.lower()}",
        "phone": "",
        "country": country,
        "city": "",
        "types": types,
        "website": "",
        "interests": interests,
        "notes": "",
        "consent_contact": True,
        "consent_map": False,
    }


def build_seed_like(store) -> dict[str, Any]:
    """Write the spread described in the module docstring; returns the two events."""
    from lea_desktop.domain.records import Registration, new_id
    from lea_desktop.formkit import load_form
    from lea_desktop.storage import events, registrations
    from lea_desktop.usecases.followers import email_key

    form = load_form()
    event_a = events.create(
        store.db,
        {"name": "BETT 2027", "city": "London", "country": "GB", "starts": "2027-01-20",
         "ends": "2027-01-23"},
    )  # fmt: skip
    event_b = events.create(
        store.db,
        {"name": "EC-TEL 2027", "city": "Tallinn", "country": "EE", "starts": "2027-09-14",
         "ends": "2027-09-15"},
    )  # fmt: skip
    rows: list[dict[str, Any]] = []
    fi_ids: list[str] = []

    def add(event, answers, created, *, collected="", loi="", purged=None, kind="follower",
            parent=None) -> str:  # fmt: skip
        reg = Registration(
            id=new_id(), event_id=event.id, form_id=form.id, form_version=form.version,
            answers=answers, kind=kind, created_at=created, updated_at=created,
            collected_by=collected, loi_status=loi, parent_id=parent,
        )  # fmt: skip
        row = registrations.to_row(reg, form.search_text(answers), email_key(answers))
        row["purged_at"] = purged
        rows.append(row)
        return reg.id

    for i in range(88):
        if i < 20:
            types = ["procurer"]
        elif i < 30:
            types = ["procurer", "school"]
        elif i < 60:
            types = ["school"]
        elif i < 80:
            types = ["supplier"]
        else:
            types = ["supplier", "expert"]
        interests = ["webinars"] + (["lea_network"] if i < 12 or 60 <= i < 65 else [])
        loi = "signed" if i < 3 else "offered" if i < 8 else ""
        created = _stamp(20, i) if i < 40 else _stamp(21, i)
        if i == 87:
            created = "2027-01-21T23:30:00.000Z"
        fi_ids.append(
            add(event_a, _answers(i, "FI", types, interests), created,
                collected="Anna" if i < 50 else "Ben", loi=loi)
        )  # fmt: skip
    add(event_a, _answers(100, "HR", ["procurer"], ["lea_network"]), _stamp(20, 200))
    add(event_a, _answers(101, "DE", ["supplier"], []), _stamp(20, 201), loi="signed")
    add(event_a, _answers(102, "DE", ["supplier", "expert"], ["newsletter"]), _stamp(20, 202))
    add(event_a, _answers(103, "DE", ["school"], []), _stamp(20, 203))
    purged_answers = {"country": "PT", "types": ["procurer"], "interests": []}
    add(event_a, purged_answers, _stamp(20, 204), purged="2027-03-01T00:00:00.000Z")
    add(event_a, _answers(105, "PT", ["school"], []), _stamp(20, 205))
    add(event_a, _answers(106, "NO", ["procurer"], ["lea_network"]), _stamp(20, 206))
    add(event_a, _answers(107, "US", ["expert"], []), _stamp(20, 207))
    for n, parent in enumerate(fi_ids[:2]):
        add(event_a, {"request": f"help {n}"}, _stamp(21, 300 + n), kind="assistance_request",
            parent=parent)  # fmt: skip
    add(event_b, _answers(200, "SE", ["procurer"], ["lea_network"]), "2027-09-14T10:00:00.000Z",
        collected="Carla", loi="signed")  # fmt: skip
    add(event_b, _answers(201, "FI", ["school"], []), "2027-09-14T11:00:00.000Z",
        collected="Carla")  # fmt: skip
    registrations.insert_many(store.db, rows)
    return {"a": event_a, "b": event_b}


@pytest.fixture
def expected_a() -> dict[str, Any]:
    return EXPECTED_A


@pytest.fixture
def expected_all() -> dict[str, Any]:
    return EXPECTED_ALL


@pytest.fixture
def seeded(store):
    """The store with the seed-like spread; returns {"store", "a", "b"} (a, b: the events)."""
    made = build_seed_like(store)
    return {"store": store, **made}
