"""Validating and normalising a set of answers against a form definition.

Used by the screen form, the CSV importer and the databank alike. Messages are plain sentences
meant for the person at the form, keyed by field id, in the language asked for (the screen
form's; English by default), from `resources/formkit/messages.toml`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from lea_desktop.domain.countries import is_country
from lea_desktop.formkit.messages import Message, message
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
    form: Form, answers: dict[str, Any], *, allow_unknown: bool = False, lang: str = "en"
) -> ValidationResult:
    """Check every field of `form` in `answers`; return cleaned values and per-field errors
    (in `lang`, one of the form's languages; English otherwise).

    Missing keys count as empty answers. Unknown keys are an error under the key "_form" unless
    `allow_unknown` is set.
    """
    result = ValidationResult()
    known = form.field_id_set
    unknown = [] if known.issuperset(answers) else sorted(k for k in answers if k not in known)
    if unknown and not allow_unknown:
        result.errors["_form"] = "Unknown fields: " + ", ".join(unknown)
    cleaned, errors, get = result.cleaned, result.errors, answers.get
    for field_id, clean, is_empty, required_message, f in _plan(form):
        try:
            value = clean(get(field_id), answers)
        except _Invalid as exc:
            errors[field_id] = exc.text(lang)
            continue
        if is_empty is not None and is_empty(value):
            errors[field_id] = required_message if lang == "en" else _required_message(f, lang)
            continue
        cleaned[field_id] = value
    return result


# One step per field: (field id, cleaner, emptiness test if required else None, its message in
# English, the field).
_Step = tuple[str, Callable[[Any, dict[str, Any]], Any], Callable[[Any], bool] | None, str, Field]
_PLANS: dict[int, tuple[Form, tuple[_Step, ...]]] = {}


def _plan(form: Form) -> tuple[_Step, ...]:
    """The form's fields as ready-made steps, made once per form object.

    What each field's type, length limit and choices mean is decided here once, not again for
    every answer set: a databank batch or an import validates thousands against one form."""
    found = _PLANS.get(id(form))
    if found is not None and found[0] is form:
        return found[1]
    steps = tuple(
        (f.id, _cleaner(f), _emptiness(f) if f.required else None, _required_message(f), f)
        for f in form.fields
    )
    if len(_PLANS) > 64:  # forms made on the fly (tests): keep the cache small
        _PLANS.clear()
    _PLANS[id(form)] = (form, steps)  # the form is kept alive with its id: no reuse of the id
    return steps


def _emptiness(f: Field) -> Callable[[Any], bool]:
    if f.is_multi:
        least = max(f.min_choices, 1)
        return lambda value: len(value) < least
    if f.type == "consent":
        return lambda value: value is not True
    return lambda value: value in ("", None)


def _cleaner(f: Field) -> Callable[[Any, dict[str, Any]], Any]:
    """The function that cleans one answer to `f` (given all answers: phone reads the country)."""
    limit = f.max_length

    def line(value: Any) -> str:
        return _text(value, limit, multiline=False)

    match f.type:
        case "text":
            return lambda value, _answers: line(value)
        case "longtext":
            return lambda value, _answers: _text(value, limit, multiline=True)
        case "email":
            return lambda value, _answers: _email(line(value))
        case "phone":
            return lambda value, answers: _phone(line(value), answers.get("country"))
        case "country":
            return lambda value, _answers: _country(line(value))
        case "url":
            return lambda value, _answers: _url(line(value))
        case "choice":
            allowed = f.choice_values()

            def choice(value: Any, _answers: dict[str, Any]) -> str:
                text = line(value)
                if text and text not in allowed:
                    raise _Invalid("choice_unknown", allowed=", ".join(allowed))
                return text

            return choice
        case "multichoice":
            allowed = f.choice_values()
            return lambda value, _answers: _multi(allowed, value)
        case "consent":
            return lambda value, _answers: _boolean(value)
        case "date":
            return lambda value, _answers: _date(line(value))
    kind = f.type

    def unknown(_value: Any, _answers: dict[str, Any]) -> Any:  # pragma: no cover - the loader
        raise ValueError(f"Unknown field type {kind}")  # refuses such a form

    return unknown


class _Invalid(ValueError):
    """An answer that cannot be accepted: which message says why, and what fills it in."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def text(self, lang: str = "en") -> Message:
        return message(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.text()


def _required_message(f: Field, lang: str = "en") -> Message:
    if f.type == "consent":
        return message("consent_required", lang)
    if f.is_multi:
        return message("choose_one", lang)
    return message("required", lang, label=f)


def _text(value: Any, max_length: int | None, *, multiline: bool) -> str:
    if value is None:
        return ""
    text = str(value)
    if not text.isascii():  # ASCII text is already in NFC
        text = unicodedata.normalize("NFC", text)
    if not multiline:
        text = " ".join(text.split())  # a pasted line break or tab becomes one space
    else:
        text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if _CONTROL.search(text):
        raise _Invalid("control_characters")
    if max_length and len(text) > max_length:
        raise _Invalid("too_long", length=len(text), limit=max_length)
    return text


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
    except not_valid:
        # One sentence of our own in the visitor's language (email-validator's explanation is
        # English, and stitched after ours it read as two messages).
        raise _Invalid("email_invalid") from None


def _phone(text: str, country: Any) -> str:
    if not text:
        return ""
    phonenumbers = _phonenumbers()
    region = str(country).upper() if isinstance(country, str) and len(country) == 2 else None
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise _Invalid("phone_unreadable") from None
    if not phonenumbers.is_valid_number(number):
        if region and not text.startswith("+"):
            raise _Invalid("phone_invalid_for_country", country=region)
        raise _Invalid("phone_invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _country(text: str) -> str:
    if not text:
        return ""
    code = text.upper()
    if not is_country(code):
        raise _Invalid("country_unknown")
    return code


def _url(text: str) -> str:
    if not text:
        return ""
    candidate = text if "://" in text else "https://" + text
    parts = urlsplit(candidate)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or "." not in host or " " in candidate:
        raise _Invalid("url_invalid")
    return candidate


def _multi(allowed: tuple[str, ...], value: Any) -> list[str]:
    if value is None or value == "":
        items: list[str] = []
    elif isinstance(value, str):
        items = [v.strip() for v in value.split(MULTI_SEPARATOR) if v.strip()]
    else:
        items = [str(v).strip() for v in value]
    bad = [v for v in items if v not in allowed]
    if bad:
        raise _Invalid("choices_unknown", bad=", ".join(bad), allowed=", ".join(allowed))
    return [v for v in allowed if v in items]  # definition order, no duplicates


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _Invalid("yes_or_no")


def _date(text: str) -> str:
    if not text:
        return ""
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise _Invalid("date_invalid") from None
