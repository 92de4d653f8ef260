"""An event's fields and rules are defined once (domain.records): the laptop's event form, its
store and the wire read them there; the wire's tolerance for laptops not updated yet is derived
from them, never a second copy."""

from __future__ import annotations

import dataclasses

import pytest

from lea_desktop.domain.records import (
    EVENT_EDITABLE,
    EVENT_TEXT_RULES,
    EVENT_WIRE_RULES,
    EVENT_WIRE_TOLERANCE,
    Event,
    TextRule,
)
from lea_desktop.storage import events, outbox
from lea_desktop.sync import protocol
from lea_desktop.usecases.event_rules import event_field_errors

GOOD = {"name": "BETT 2027", "city": "London", "country": "GB", "starts": "2027-01-22",
        "ends": "2027-01-24", "kind": "fair", "responsible_partner": "ENTER", "notes": "hall N"}  # fmt: skip


def _fields(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


def test_the_wire_event_is_the_domain_event():
    """WireEvent adds wire methods to Event and no field of its own; the rules name its fields."""
    assert issubclass(protocol.WireEvent, Event)
    assert _fields(protocol.WireEvent) == _fields(Event)
    assert set(EVENT_EDITABLE) <= set(_fields(Event))
    assert set(EVENT_TEXT_RULES) <= set(_fields(Event))
    assert events.EDITABLE is EVENT_EDITABLE


@pytest.mark.parametrize("field", ["name", "city", "responsible_partner", "notes"])
def test_the_form_allows_a_text_up_to_its_rule_and_names_the_field_beyond(field):
    most = EVENT_TEXT_RULES[field].max_len
    cleaned, errors = event_field_errors({**GOOD, field: "x" * most})
    assert errors == {}
    assert len(cleaned[field]) == most
    _cleaned, errors = event_field_errors({**GOOD, field: "x" * (most + 1)})
    assert list(errors) == [field]
    assert f"at most {most:,}" in errors[field] or f"at most {most}" in errors[field]


def test_the_form_requires_what_the_rules_require():
    _cleaned, errors = event_field_errors({**GOOD, "name": "", "country": ""})
    assert {"name", "country"} <= set(errors)
    assert EVENT_TEXT_RULES["name"].required and EVENT_TEXT_RULES["country"].required


def _wire(**changes: object) -> dict:
    event = protocol.WireEvent(
        id="9b1c6a43-0d0e-4d64-8d43-7f7d2f0f1c11", created_at="2027-01-01T00:00:00.000Z",
        updated_at="2027-01-01T00:00:00.000Z", origin_device="dev-1", **GOOD,
    )  # fmt: skip
    return {**event.to_json(), **changes}


def test_every_event_the_laptop_saves_crosses_the_wire_unchanged(store):
    """Longest texts the form lets through, saved in the store, queued, sent: the wire's parser
    (which the databank runs) gives back the same event."""
    longest = {f: "x" * EVENT_TEXT_RULES[f].max_len for f in ("name", "city", "notes")}
    cleaned, errors = event_field_errors({**GOOD, **longest})
    assert errors == {}
    saved = events.create(store.db, cleaned, device_id=store.device_id)
    assert outbox.queued_times(store.db, "event", saved.id) == 1
    sent = protocol.WireEvent(**saved.to_dict()).to_json()
    assert protocol.parse_event(sent).to_json() == sent


def test_the_wire_tolerates_what_older_laptops_sent_and_no_more():
    """Protocol v1 always let names of 300 characters, notes of 5,000 and no country through:
    still accepted; one character more is refused with the field named."""
    assert EVENT_WIRE_RULES["name"].max_len == 300
    assert EVENT_WIRE_RULES["notes"].max_len == 5000
    assert not EVENT_WIRE_RULES["country"].required
    old = protocol.parse_event(_wire(name="n" * 300, notes="o" * 5000, country=""))
    assert (len(old.name), len(old.notes), old.country) == (300, 5000, "")
    del_country = _wire()
    del del_country["country"]
    assert protocol.parse_event(del_country).country == ""
    for field in ("name", "notes"):
        most = EVENT_WIRE_RULES[field].max_len
        with pytest.raises(protocol.ProtocolError, match=f"{field} is too long"):
            protocol.parse_event(_wire(**{field: "x" * (most + 1)}))
    with pytest.raises(protocol.ProtocolError, match="name is missing"):
        protocol.parse_event(_wire(name=""))


def test_every_other_wire_rule_is_the_forms_rule():
    """Only the fields named in the tolerance differ, and only by letting more through."""
    for name, rule in EVENT_WIRE_RULES.items():
        form = EVENT_TEXT_RULES[name]
        if name not in EVENT_WIRE_TOLERANCE:
            assert rule == form
        else:
            assert rule.max_len >= form.max_len and (form.required or not rule.required)


def test_a_tolerance_cannot_tighten_a_rule():
    with pytest.raises(ValueError, match="stricter"):
        TextRule(200, required=False).widened(100)
    with pytest.raises(ValueError, match="stricter"):
        TextRule(200, required=False).widened(required=True)
