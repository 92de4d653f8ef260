"""The email check gives exactly email-validator's answers, errors included: the memoised
domain check, and the one-expression path for everyday addresses; email-validator itself is
left as shipped."""

from __future__ import annotations

import random
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

    def reference(text):
        return validate_email(text, check_deliverability=False).normalized

    expected = _outcome(reference, address)
    assert _outcome(normalised_email, address) == expected
    assert _outcome(normalised_email, address) == expected


def test_repeated_domains_are_answered_from_the_cache():
    """A fair's worth of addresses at one school district checks the domain once."""
    # Upper case: a plain lower-case domain does not even reach the cache (see below).
    from lea_desktop.formkit import email_check

    normalised_email("first@District.Example.FI")
    info = email_check._checked_domain.cache_info
    before = info().hits
    for i in range(50):
        normalised_email(f"teacher{i}@District.Example.FI")
    assert info().hits - before == 50


def _reference(text):
    """email-validator as shipped: its own walk through the address, its domain check."""
    from email_validator import validate_email

    return validate_email(text, check_deliverability=False).normalized


TRICKY = [
    # everyday shapes the fast path takes
    "a@example.org",
    "Aino.Virtanen@Koulu.Example.FI",
    "first.last+tag@sub.example.co.uk",
    "o'brien@example.ie",
    "x_y-z@example-school.eu",
    "{weird}|~^`!#$%&*/=?@example.org",
    "1234@example.org",
    # RFC 2142 role names are lower-cased, other local parts keep their case
    "INFO@example.org",
    "Support@Example.org",
    "WebMaster@example.org",
    "Infos@example.org",
    # dots in the wrong places
    ".a@example.org",
    "a.@example.org",
    "a..b@example.org",
    "a@.example.org",
    "a@example..org",
    "a@example.org.",
    "a@.",
    "a@...",
    # domains email-validator refuses
    "a@localhost",
    "a@example",
    "a@example.local",
    "a@example.test",
    "a@example.invalid",
    "a@example.onion",
    "a@1.2.3.4",
    "a@example.123",
    "a@-example.org",
    "a@example-.org",
    "a@ex--ample.org",
    "a@xn--ample.org",
    "a@xn--mller-kva.example.de",
    "a@XN--MLLER-KVA.EXAMPLE.DE",
    "a@" + "b" * 63 + ".example.org",
    "a@" + "b" * 64 + ".example.org",
    # length limits (254 in all, local part only in strict mode)
    "a" * 64 + "@example.org",
    "a" * 65 + "@example.org",
    "a" * 242 + "@example.org",
    "a" * 243 + "@example.org",
    "a@" + ".".join(["b" * 63] * 3) + ".example.org",
    "a" * 200 + "@" + ".".join(["b" * 20] * 3) + ".org",
    "info" + "@" + ".".join(["b" * 60] * 4) + ".org",
    # not everyday: quoting, display names, literals, spaces, several @, Unicode
    '"quoted"@example.org',
    '"a b"@example.org',
    '"a@b"@example.org',
    "Name <a@example.org>",
    "<a@example.org>",
    "a@[192.168.0.1]",
    "a@[IPv6:::1]",
    "a b@example.org",
    "a@b@example.org",
    "@example.org",
    "a@",
    "a",
    "",
    "a\\b@example.org",
    "a(comment)@example.org",
    "a,b@example.org",
    "a;b@example.org",
    "a:b@example.org",
    "jürgen@example.de",
    "a@müller.example.de",
    "e\u0301@example.org",
    "a\u0338@example.org",
    "a@\u0338example.org",
    "a＠example.org",
    "a﹫example.org",
    "a@exam_ple.org",
    "a@exam ple.org",
    "a@example.org\u200b",
    "δοκιμή@παράδειγμα.δοκιμή",
]


def _outcomes(address):
    return _outcome(_reference, address), _outcome(normalised_email, address)


@pytest.mark.parametrize("address", TRICKY)
def test_tricky_addresses_get_email_validators_answer(address):
    """Each hand-picked edge case: the same normalised address or the same error message."""
    expected, got = _outcomes(address)
    assert got == expected


def test_generated_addresses_get_email_validators_answer():
    """Thousands of addresses built from the characters that matter (atext, dots, @, quotes,
    brackets, spaces, combining marks, non-ASCII letters, role names, long labels): never a
    different answer from email-validator, valid or not."""
    rng = random.Random(20261126)
    atoms = [
        "a", "Z", "0", "9", "_", "-", "+", "!", "#", "$", "%", "&", "'", "*", "/", "=", "?",
        "^", "`", "{", "|", "}", "~", ".", ".", "@", "@", '"', "<", ">", " ", "\\", "[", "]",
        "(", ")", ",", ";", ":", "é", "e\u0301", "\u0338", "＠", "ß", "ı", "\u200b",
        "info", "INFO", "postmaster", "xn--", "xn--mller-kva", "localhost", "local", "test",
        "example", "org", "fi", "123", "a" * 63, "b" * 64,
    ]  # fmt: skip
    shapes = [
        lambda: "".join(rng.choices(atoms, k=rng.randint(1, 8))),
        lambda: "".join(rng.choices(atoms, k=rng.randint(1, 4)))
        + "@"
        + ".".join("".join(rng.choices(atoms, k=rng.randint(1, 3))) for _ in range(rng.randint(1, 4))),
        lambda: rng.choice(["info", "Info", "a.b", "x" * rng.randint(60, 250)])
        + "@"
        + ".".join(rng.choice(["a", "b-c", "xn--mller-kva", "d" * 63, "e" * 64, "example", "org", "1"])
                   for _ in range(rng.randint(1, 6))),
    ]  # fmt: skip
    differences = []
    for _ in range(4000):
        address = rng.choice(shapes)()
        expected, got = _outcomes(address)
        if got != expected:
            differences.append((address, expected, got))
    assert differences == []


def test_everyday_addresses_take_the_short_path():
    """The short path is really used (not always falling back), and never for a quoted local
    part or a display name, which only email-validator's own walk handles."""
    import email_validator

    calls = []
    real = email_validator.validate_email

    def spy(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    email_validator.validate_email = spy
    try:
        assert (
            normalised_email("Aino.Virtanen@Koulu.Example.FI") == "Aino.Virtanen@koulu.example.fi"
        )
        assert normalised_email("INFO@example.org") == "info@example.org"
        assert calls == []
        for address in ('"a b"@example.org', "Name <a@example.org>"):
            with pytest.raises(EmailNotValidError):  # quoting and display names: not allowed
                normalised_email(address)
        assert calls == ['"a b"@example.org', "Name <a@example.org>"]
    finally:
        email_validator.validate_email = real


def test_plain_domains_get_email_validators_answer_without_its_check():
    """A lower-case ASCII host name never seen before is answered without email-validator's
    domain check, with exactly its answer; thousands of names near every rule the short cut
    asks about (label and name lengths, hyphens, "--", Punycode, digits in the top-level
    domain, special-use names, upper case, test environment) never get a different answer."""
    from email_validator import EmailNotValidError, syntax

    from lea_desktop.formkit import email_check

    def check(domain, test_environment=False):
        ascii_domain, domain = email_check._domain_check(domain, test_environment, True)
        return {"ascii_domain": ascii_domain, "domain": domain}

    misses = email_check._checked_domain.cache_info().misses
    assert check("fresh-school-7.example.fi") == {
        "ascii_domain": "fresh-school-7.example.fi",
        "domain": "fresh-school-7.example.fi",
    }
    assert email_check._checked_domain.cache_info().misses == misses  # not the cache either

    def outcome(fn, domain, test_env):
        try:
            return ("ok", fn(domain, test_environment=test_env))
        except EmailNotValidError as exc:
            return ("error", str(exc))

    rng = random.Random(20261127)
    pieces = ["a", "z", "0", "9", "-", "--", "xn--", "ab--", "x" * 61, "y" * 62, "q" * 63, "k" * 64,
              "A", "é", "_"]  # fmt: skip
    tlds = ["org", "fi", "1", "a1", "test", "local", "arpa", "onion", "invalid", "localhost",
            "example", "x-y", "y-", "-y", "ORG", "xn--p1ai"]  # fmt: skip
    taken = 0
    differences = []
    for _ in range(4000):
        labels = [
            "".join(rng.choices(pieces, k=rng.randint(1, 4))) for _ in range(rng.randint(0, 5))
        ]
        domain = ".".join([*labels, rng.choice(tlds)])
        if rng.random() < 0.5:  # mostly clean names, near the length limits now and then
            words = rng.choices(["school", "x", "7", "edu-lab", "k" * 60, "ab-cd", "q-"], k=8)
            labels = [
                "".join(rng.sample(words, rng.randint(1, 3))) for _ in range(rng.randint(1, 5))
            ]
            domain = ".".join([*labels, rng.choice(["org", "fi", "eu", "test", "a1", "local"])])
        test_env = rng.random() < 0.3
        taken += email_check._plain_domain(domain, test_env)
        expected = outcome(
            lambda d, test_environment: {
                k: v
                for k, v in syntax.validate_email_domain_name(
                    d, test_environment=test_environment
                ).items()
                if k in ("ascii_domain", "domain")
            },
            domain,
            test_env,
        )
        got = outcome(check, domain, test_env)
        if got != expected:
            differences.append((domain, test_env, expected, got))
    assert differences == []
    assert taken > 400, taken  # the short cut was really exercised (about 500 times)


def test_email_validator_is_left_as_shipped():
    """Checking addresses replaces nothing inside email-validator (no other code in the
    process sees a changed library)."""
    from email_validator import syntax

    normalised_email("Someone@District.Example.FI")
    with pytest.raises(EmailNotValidError):
        normalised_email('"quoted"@example.org')  # the long way, through validate_email
    module = sys.modules["email_validator.validate_email"]
    assert module.validate_email_domain_name is syntax.validate_email_domain_name
