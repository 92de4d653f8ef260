"""Email syntax checks through email-validator (no DNS look-up), with a short path for an
everyday address whose domain check is memoised. email-validator itself is used as shipped.

Most of email-validator's time goes into splitting the address character by character (to find
an unquoted @ outside display names, quotes and combining marks) and checking the part after
the @ (UTS-46 normalisation, one Unicode look-up per character). An everyday address — ASCII, a
dot-atom local part (RFC 5322 atext, the very class email-validator checks it with), one @, a
domain of letters, digits, dots and hyphens — has none of the former, so `normalised_email`
does the same steps in one regular expression: the local part as given (lower-cased for the
RFC 2142 role names, as email-validator does), the domain through email-validator's domain
check (`email_validator.syntax.validate_email_domain_name`, errors and all), the same length
limits. Anything else, and any address over a length limit (for email-validator's message),
goes through `validate_email` itself; a test compares both on thousands of tricky addresses.

The domain check is a pure function of the domain, and at a fair, in an import or in a
databank batch the same few domains come back again and again (school districts, `gmail.com`,
a ministry): its answers are memoised here. A domain not seen before that is a plain lower-case
ASCII host name skips even that: `_plain_domain` asks of it exactly what email-validator would
and answers only when it would certainly be accepted as it is.
"""

from __future__ import annotations

import functools
import re
import sys
from typing import Any


def _domain_check(
    domain: str, test_environment: bool, globally_deliverable: bool
) -> tuple[str, str]:
    """(ASCII domain, normalised domain) as email-validator's domain check gives them; raises
    its `EmailNotValidError`."""
    if _plain_domain(domain, test_environment):
        return domain, domain
    return _checked_domain(domain, test_environment, globally_deliverable)


@functools.lru_cache(maxsize=4096)
def _checked_domain(
    domain: str, test_environment: bool, globally_deliverable: bool
) -> tuple[str, str]:
    from email_validator.syntax import validate_email_domain_name

    found = validate_email_domain_name(
        domain, test_environment=test_environment, globally_deliverable=globally_deliverable
    )
    return found["ascii_domain"], found["domain"]


# A lower-case ASCII host name of two or more labels (letters, digits, inner hyphens; at most
# 63 characters each): what most organisations' domains look like.
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_PLAIN_DOMAIN = re.compile(rf"(?:{_LABEL}\.)+{_LABEL}")


def _plain_domain(domain: str, test_environment: bool) -> bool:
    """True when email-validator's domain check would certainly accept `domain` unchanged.

    Each new domain (every organisation has its own) cost the check ~30 µs: three passes over
    its characters and UTS-46 normalisation, which leave lower-case ASCII letters, digits, dots
    and hyphens as they are. What the check then asks of such a name is asked here: length,
    labels that neither start nor end with a hyphen, no "--" in a label's third and fourth
    place (Punycode or R-LDH), a top-level domain ending in a letter, not a special-use name.
    Anything else (upper case, non-ASCII, Punycode, an error) goes to email-validator itself.
    """
    if (
        len(domain) > 253
        or not domain[-1:].isalpha()
        or _PLAIN_DOMAIN.fullmatch(domain) is None
        or any(label[2:4] == "--" for label in domain.split("."))
    ):
        return False
    for special in sys.modules["email_validator"].SPECIAL_USE_DOMAIN_NAMES:
        if special == "test" and test_environment:
            continue
        if domain == special or domain.endswith("." + special):
            return False
    return True


@functools.cache
def _everyday() -> tuple[re.Pattern[str], Any, frozenset[str], int]:
    """(the everyday-address pattern, email-validator's module, RFC 2142 names, length limit)."""
    import email_validator
    from email_validator import rfc_constants

    atext = f"[{rfc_constants.ATEXT}]+"  # email-validator's DOT_ATOM_TEXT, with the @ after it
    pattern = re.compile(rf"({atext}(?:\.{atext})*)@([A-Za-z0-9.-]+)")
    names = frozenset(rfc_constants.CASE_INSENSITIVE_MAILBOX_NAMES)
    return pattern, email_validator, names, rfc_constants.EMAIL_MAX_LENGTH


def normalised_email(text: str) -> str:
    """The address as email-validator normalises it; raises `email_validator.EmailNotValidError`."""
    pattern, settings, role_names, longest = _everyday()
    found = pattern.fullmatch(text)
    if found is not None and not settings.STRICT:
        local, domain = found.groups()
        if local.lower() in role_names:
            local = local.lower()
        ascii_domain, normalised_domain = _domain_check(
            domain, settings.TEST_ENVIRONMENT, settings.GLOBALLY_DELIVERABLE
        )
        normalized = local + "@" + normalised_domain
        if (
            len(text) <= longest
            and len(normalized.encode("utf-8")) <= longest
            and len(local) + 1 + len(ascii_domain) <= longest
        ):
            return normalized
    return settings.validate_email(text, check_deliverability=False).normalized
