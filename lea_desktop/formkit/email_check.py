"""Email syntax checks through email-validator (no DNS look-up), with its domain check memoised
and its walk through an everyday address skipped.

Checking the part after the @ is about 70 % of email-validator's time (UTS-46 normalisation, one
Unicode look-up per character), and it is a pure function of the domain. At a fair, in an import
or in a databank batch the same few domains come back again and again (school districts,
`gmail.com`, a ministry), so the domain check is cached; everything else — the local part,
lengths, special-use domains, IDNA — still runs in email-validator for every address. If a
future email-validator moves that function, the cache is simply not installed.

A domain not seen before that is a plain lower-case ASCII host name skips even that check:
`_plain_domain` asks of it exactly what email-validator would and answers only when it would
certainly be accepted as it is (anything else still goes to email-validator).

Most of what is left is email-validator splitting the address character by character (to find
an unquoted @ outside display names, quotes and combining marks). An everyday address — ASCII,
a dot-atom local part (RFC 5322 atext, the very class email-validator checks it with), one @, a
domain of letters, digits, dots and hyphens — has none of those, so `normalised_email` does the
same steps in one regular expression: the local part as given (lower-cased for the RFC 2142
role names, as email-validator does), the domain through email-validator's own domain check
(errors and all), the same length limits. Anything else, and any address over a length limit
(for email-validator's message), goes through `validate_email` itself; a test compares both
on thousands of tricky addresses.
"""

from __future__ import annotations

import functools
import re
import sys
from typing import Any

_installed = False


def _install_domain_cache() -> None:
    global _installed
    _installed = True
    module = sys.modules.get("email_validator.validate_email")
    original = getattr(module, "validate_email_domain_name", None)
    if module is None or not callable(original) or getattr(original, "lea_cached", False):
        return
    cached = functools.lru_cache(maxsize=4096)(original)

    def domain_check(
        domain: str, test_environment: bool = False, globally_deliverable: bool = True
    ) -> dict[str, Any]:
        if _plain_domain(domain, test_environment):
            return {"ascii_domain": domain, "domain": domain}
        # A copy: the caller must never be able to change what the cache hands out.
        return dict(
            cached(
                domain,
                test_environment=test_environment,
                globally_deliverable=globally_deliverable,
            )
        )

    domain_check.lea_cached = True  # type: ignore[attr-defined]
    domain_check.cache_info = cached.cache_info  # type: ignore[attr-defined]
    module.validate_email_domain_name = domain_check  # type: ignore[attr-defined]


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
    if not _installed:
        _install_domain_cache()
    pattern, settings, role_names, longest = _everyday()
    found = pattern.fullmatch(text)
    if found is not None and not settings.STRICT:
        local, domain = found.groups()
        if local.lower() in role_names:
            local = local.lower()
        checked = sys.modules["email_validator.validate_email"].validate_email_domain_name(
            domain,
            test_environment=settings.TEST_ENVIRONMENT,
            globally_deliverable=settings.GLOBALLY_DELIVERABLE,
        )
        normalized = local + "@" + checked["domain"]
        if (
            len(text) <= longest
            and len(normalized.encode("utf-8")) <= longest
            and len(local) + 1 + len(checked["ascii_domain"]) <= longest
        ):
            return normalized
    return settings.validate_email(text, check_deliverability=False).normalized
