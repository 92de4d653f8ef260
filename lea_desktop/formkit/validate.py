"""Validating and normalising a set of answers against a form definition.

Used by the screen form, the CSV importer and the databank alike. Messages are plain sentences
meant for the person at the form, keyed by field id.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from lea_desktop.domain.countries import country_name, is_country
from lea_desktop.formkit.model import MULTI_SEPARATOR, Field, Form

# Control characters other than tab/newline would corrupt CSV cells, PDFs and terminals.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRUE = {"1", "true", "yes", "y", "x", "on", "✓", "ja", "kyllä", "oui", "sí", "si", "sim"}
_FALSE = {"", "0", "false", "no", "n", "off", "nein", "ei", "nej", "non", "não", "nao"}


@dataclass
class ValidationResult:
    cleaned: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def validate(
    form: Form, answers: dict[str, Any], *, allow_unknown: bool = False
) -> ValidationResult:
    """Check every field of `form` in `answers`; return cleaned values and per-field errors.

    Missing keys count as empty answers. Unknown keys are an error under the key "_form" unless
    `allow_unknown` is set.
    """
    result = ValidationResult()
    known = form.field_id_set
    unknown = [] if known.issuperset(answers) else sorted(k for k in answers if k not in known)
    if unknown and not allow_unknown:
        result.errors["_form"] = "Unknown fields: " + ", ".join(unknown)
    for f in form.fields:
        try:
            value = _clean(f, answers.get(f.id), answers)
        except _Invalid as exc:
            result.errors[f.id] = str(exc)
            continue
        if f.required and _is_empty(f, value):
            result.errors[f.id] = _required_message(f)
            continue
        result.cleaned[f.id] = value
    return result


class _Invalid(ValueError):
    pass


def _is_empty(f: Field, value: Any) -> bool:
    if f.is_multi:
        return len(value) < max(f.min_choices, 1)
    if f.type == "consent":
        return value is not True
    return value in ("", None)


def _required_message(f: Field) -> str:
    if f.type == "consent":
        return "Please tick this box: we cannot register without this consent."
    if f.is_multi:
        return "Please choose at least one."
    return f"{f.label('en')} is required."


def _text(value: Any, f: Field, *, multiline: bool) -> str:
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    if not multiline:
        text = " ".join(text.split())  # a pasted line break or tab becomes one space
    else:
        text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if _CONTROL.search(text):
        raise _Invalid("Contains control characters; please retype it.")
    if f.max_length and len(text) > f.max_length:
        raise _Invalid(f"Too long: {len(text):,} characters, at most {f.max_length:,}.")
    return text


def _clean(f: Field, value: Any, answers: dict[str, Any]) -> Any:
    match f.type:
        case "text":
            return _text(value, f, multiline=False)
        case "longtext":
            return _text(value, f, multiline=True)
        case "email":
            return _email(_text(value, f, multiline=False))
        case "phone":
            return _phone(_text(value, f, multiline=False), answers.get("country"))
        case "country":
            return _country(_text(value, f, multiline=False))
        case "url":
            return _url(_text(value, f, multiline=False))
        case "choice":
            text = _text(value, f, multiline=False)
            if text and text not in f.choice_values():
                raise _Invalid(f"Not one of: {', '.join(f.choice_values())}.")
            return text
        case "multichoice":
            return _multi(f, value)
        case "consent":
            return _boolean(value)
        case "date":
            return _date(_text(value, f, multiline=False))
    raise _Invalid(f"Unknown field type {f.type}")  # pragma: no cover - caught by the loader


@cache
def _email_check() -> tuple[Any, type[Exception]]:
    # Imported on first use (app start-up does not pay for it), then kept: an import statement
    # run for every address costs about a microsecond, paid per record in a databank batch.
    from email_validator import EmailNotValidError

    from lea_desktop.formkit.email_check import normalised_email

    return normalised_email, EmailNotValidError


@cache
def _phonenumbers() -> Any:
    import phonenumbers

    return phonenumbers


def _email(text: str) -> str:
    if not text:
        return ""
    normalised_email, not_valid = _email_check()
    try:
        return normalised_email(text)
    except not_valid as exc:
        raise _Invalid(f"Not a valid email address: {exc}") from None


def _phone(text: str, country: Any) -> str:
    if not text:
        return ""
    phonenumbers = _phonenumbers()
    region = str(country).upper() if isinstance(country, str) and len(country) == 2 else None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise _Invalid("Not a phone number. Use digits, with the country code (+44 …).") from None
    if not phonenumbers.is_valid_number(number):
        where = f" for {country_name(region)}" if region and not text.startswith("+") else ""
        raise _Invalid(f"This phone number is not valid{where}. Check the digits and country code.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _country(text: str) -> str:
    if not text:
        return ""
    code = text.upper()
    if not is_country(code):
        raise _Invalid("Choose a country from the list (ISO code such as FI, DE, GB).")
    return code


def _url(text: str) -> str:
    if not text:
        return ""
    candidate = text if "://" in text else "https://" + text
    parts = urlsplit(candidate)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or "." not in host or " " in candidate:
        raise _Invalid("Not a web address (for example www.example.org).")
    return candidate


def _multi(f: Field, value: Any) -> list[str]:
    if value is None or value == "":
        items: list[str] = []
    elif isinstance(value, str):
        items = [v.strip() for v in value.split(MULTI_SEPARATOR) if v.strip()]
    else:
        items = [str(v).strip() for v in value]
    allowed = f.choice_values()
    bad = [v for v in items if v not in allowed]
    if bad:
        raise _Invalid(f"Unknown choice {', '.join(bad)}; allowed: {', '.join(allowed)}.")
    return [v for v in allowed if v in items]  # definition order, no duplicates


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _Invalid("Answer yes or no.")


def _date(text: str) -> str:
    if not text:
        return ""
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise _Invalid("Not a date; use YYYY-MM-DD.") from None
