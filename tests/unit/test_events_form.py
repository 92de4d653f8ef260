"""Event fields are checked once, for the CLI and the Events page alike; seed events load once."""

from __future__ import annotations

import pytest

from lea_desktop.storage import events
from lea_desktop.usecases.event_rules import (
    EventFieldError,
    check_event_fields,
    event_field_errors,
    load_seed_events,
)

GOOD = {"name": "  BETT   2027 ", "city": "London", "country": "gb", "starts": "2027-01-22",
        "ends": "2027-01-24", "kind": "Fair", "responsible_partner": "ENTER", "notes": " hall N "}  # fmt: skip


def test_good_fields_are_cleaned():
    """Spaces collapse, the country code is upper case, the kind lower case."""
    assert check_event_fields(GOOD) == {
        "name": "BETT 2027", "city": "London", "country": "GB", "starts": "2027-01-22",
        "ends": "2027-01-24", "kind": "fair", "responsible_partner": "ENTER", "notes": "hall N",
    }  # fmt: skip


def test_every_problem_is_named_with_its_field():
    """The Events page shows each message at its own field, all at once."""
    _cleaned, errors = event_field_errors(
        {
            "name": " ",
            "country": "XX",
            "starts": "22/01/2027",
            "ends": "2027-01-20",
            "kind": "party",
        }
    )
    assert set(errors) == {"name", "country", "starts", "kind"}
    _cleaned, errors = event_field_errors({**GOOD, "ends": "2027-01-21"})
    assert errors == {"ends": "The event ends before it starts."}


def test_check_raises_the_first_problem_with_its_field():
    """The CLI prints one line; the exception says which field it is about."""
    with pytest.raises(EventFieldError, match="Unknown country") as info:
        check_event_fields({**GOOD, "country": "XX"})
    assert info.value.field == "country"


def test_seed_events_load_once(store):
    """Loading the example events twice adds them once; each passes the same checks."""
    added = load_seed_events(store)
    assert added >= 5
    assert events.count(store.db) == added
    assert load_seed_events(store) == 0
    assert events.count(store.db) == added
