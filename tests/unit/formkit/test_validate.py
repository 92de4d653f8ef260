"""Validation of sign-up answers: clear messages for bad input, normalised values for good."""

from __future__ import annotations

import pytest

from lea_desktop.formkit import load_form, validate


@pytest.fixture
def form():
    return load_form()


def test_good_answers_are_normalised(form, good_answers):
    """Email lower-cased domain, phone to E.164, URL given a scheme, choices in definition order."""
    result = validate(form, {**good_answers, "email": "Aino.Virtanen@EXAMPLE.fi", "country": "fi",
                              "phone": "040 123 4567", "types": ["school", "procurer", "school"]})  # fmt: skip
    assert result.ok, result.errors
    assert result.cleaned["email"] == "Aino.Virtanen@example.fi"
    assert result.cleaned["phone"] == "+358401234567"
    assert result.cleaned["country"] == "FI"
    assert result.cleaned["website"] == "https://www.example.fi"
    assert result.cleaned["types"] == ["procurer", "school"]


def test_missing_required_answers_each_get_a_message(form):
    """An empty form names every required field, including the consent box."""
    result = validate(form, {})
    assert set(result.errors) == {
        "organisation",
        "contact_name",
        "email",
        "country",
        "types",
        "consent_contact",
    }
    assert "consent" in result.errors["consent_contact"]


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("email", "not-an-email", "email"),
        ("email", "a@b", "email"),
        ("phone", "12", "phone"),
        ("phone", "+44 12", "not valid"),
        ("country", "XX", "country"),
        ("website", "not a url", "web address"),
        ("types", ["wizard"], "Unknown choice"),
        ("organisation", "x" * 10_000, "Too long"),
        ("organisation", "bad\x07bell", "control"),
    ],
)
def test_bad_values_get_a_clear_message(form, good_answers, field, value, fragment):
    """Each kind of bad input is reported at its own field, in words a person understands."""
    result = validate(form, {**good_answers, field: value})
    assert field in result.errors
    assert fragment.lower() in result.errors[field].lower()
    assert set(result.errors) == {field}


@pytest.mark.parametrize(
    "text",
    [
        "Σχολείο Αθηνών",
        "Школа № 5 🚀",
        "مدرسة المستقبل",
        "בית ספר",
        "Åbo Akademi – Vasa",
        "東京学校",
    ],
)
def test_any_script_and_emoji_are_kept_exactly(form, good_answers, text):
    """Greek, Cyrillic, right-to-left text and emoji are valid names and stay as typed."""
    result = validate(form, {**good_answers, "organisation": text, "contact_name": text})
    assert result.ok, result.errors
    assert result.cleaned["organisation"] == text


def test_phone_uses_the_chosen_country_as_default_region(form, good_answers):
    """A local number is read in the visitor's country: 020 7946 0000 in GB is +44 20 …"""
    result = validate(form, {**good_answers, "country": "GB", "phone": "020 7946 0000"})
    assert result.cleaned["phone"] == "+442079460000"


def test_csv_style_values_are_accepted(form, good_answers):
    """Imports give multi-choice as 'a;b' and consent as yes/no text."""
    result = validate(form, {**good_answers, "types": "supplier; expert", "consent_contact": "yes",
                              "consent_map": "no"})  # fmt: skip
    assert result.ok
    assert result.cleaned["types"] == ["supplier", "expert"]
    assert result.cleaned["consent_contact"] is True
    assert result.cleaned["consent_map"] is False


def test_unknown_fields_are_refused(form, good_answers):
    """The databank must not silently accept answers to questions that were never asked."""
    result = validate(form, {**good_answers, "shoe_size": "44"})
    assert "_form" in result.errors and "shoe_size" in result.errors["_form"]
