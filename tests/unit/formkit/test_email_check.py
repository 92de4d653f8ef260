"""The memoised domain check gives exactly email-validator's answers, errors included."""

from __future__ import annotations

import sys

import pytest
from email_validator import EmailNotValidError

from lea_desktop.formkit.email_check import normalised_email

ADDRESSES = [
    "aino.virtanen@koulu.example.fi",
    "Aino.Virtanen@KOULU.EXAMPLE.FI",
    "jürgen@müller.example.de",
    "info@xn--mller-kva.example",
    "δοκιμή@παράδειγμα.δοκιμή",
    "user@localhost",
    "user@example.invalid",
    "user@-bad.example.org",
    "user@bad-.example.org",
    "user@exa mple.org",
    "user@example..org",
    "user@" + "a" * 64 + ".example.org",
    "user@ab--cd.example.org",
    "user@exam\u200bple.org",
    "user@example.org.",
    "a@b",
]


def _outcome(fn, address):
    try:
        return ("ok", fn(address))
    except EmailNotValidError as exc:
        return ("error", str(exc))


@pytest.mark.parametrize("address", ADDRESSES)
def test_cached_check_matches_email_validator_twice(address):
    """Same normalised address or the same error message, on the first call and from the cache."""
    from email_validator import validate_email

    normalised_email("warm@example.org")  # installs the cache
    module = sys.modules["email_validator.validate_email"]
    check = module.validate_email_domain_name
    assert getattr(check, "lea_cached", False)

    def reference(text):
        # email-validator with the uncached domain check, as shipped
        saved = module.validate_email_domain_name
        module.validate_email_domain_name = sys.modules[
            "email_validator.syntax"
        ].validate_email_domain_name
        try:
            return validate_email(text, check_deliverability=False).normalized
        finally:
            module.validate_email_domain_name = saved

    expected = _outcome(reference, address)
    assert _outcome(normalised_email, address) == expected
    assert _outcome(normalised_email, address) == expected


def test_repeated_domains_are_answered_from_the_cache():
    """A fair's worth of addresses at one school district checks the domain once."""
    normalised_email("first@district.example.fi")
    info = sys.modules["email_validator.validate_email"].validate_email_domain_name.cache_info
    before = info().hits
    for i in range(50):
        normalised_email(f"teacher{i}@district.example.fi")
    assert info().hits - before == 50
