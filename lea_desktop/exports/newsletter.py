"""The newsletter list: the followers who agreed to be contacted, as a CSV file a mailing tool
imports (docs/newsletter.md).

Only a follower whose record holds the contact consent twice over is listed: the form's contact
consent field is ticked *and* the consent proof stored with the record names the `contact`
purpose (as the public map asks for its own consent). Each row carries when that consent was
given and the version of the text agreed to, so the mailing tool keeps the proof.

Column layouts are a small registry (`LAYOUTS`): each names its columns in the words the tool's
import matches to its own fields (Mailchimp: "Email Address", "First Name" …; Brevo: EMAIL,
FIRSTNAME …; HubSpot: "Email", "Company Name" …). Adding a tool is one `Layout` there.

Written with the csv module: UTF-8 without a byte-order mark (a BOM would glue itself to the
first header, which the tools then fail to recognise), comma-separated, every line ending CRLF.
A text that a spreadsheet would run as a formula is prefixed with an apostrophe, except the
phone number, which is always E.164 ("+358…", as the tools require) after the form's check.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from lea_desktop.exports.cells import defuse
from lea_desktop.exports.csv_export import _text_output
from lea_desktop.formkit import Form

PURPOSE = "contact"
# The sign-up form's fields a list needs beyond those found by type (email, phone, country):
# a form-specific feature, so the ids are written here once (a test checks each exists).
ORGANISATION_FIELD = "organisation"
NAME_FIELD = "contact_name"
CITY_FIELD = "city"
TYPES_FIELD = "types"


@dataclass(frozen=True)
class Contact:
    """One follower who may be contacted, as the layouts need it."""

    email: str
    first_name: str
    last_name: str
    organisation: str
    phone: str  # E.164 or ""
    country: str  # ISO 3166-1 alpha-2
    city: str
    types: tuple[str, ...]  # the form's English labels
    language: str  # of the consent text shown
    consent_given_at: str  # ISO 8601, UTC
    consent_version: str  # of the contact consent text agreed to
    consent_text_sha256: str  # of the exact texts shown
    record_id: str = ""


def split_name(name: str) -> tuple[str, str]:
    """ "Anna Maria Virtanen" → ("Anna", "Maria Virtanen"): the form asks for one name, the
    tools for two; the first word is taken as the first name, the rest as the last name."""
    words = name.split()
    if not words:
        return "", ""
    return words[0], " ".join(words[1:])


def _contact_version(consent: Mapping[str, Any]) -> str:
    """The contact text's version: from the proof's `texts`, else from its joined `version`
    ("contact:2;map:1")."""
    texts = consent.get("texts")
    if isinstance(texts, Mapping):
        entry = texts.get(PURPOSE)
        if isinstance(entry, Mapping) and entry.get("version") is not None:
            return str(entry["version"])
    for part in str(consent.get("version") or "").split(";"):
        purpose, _, version = part.partition(":")
        if purpose == PURPOSE and version:
            return version
    return ""


class Reader:
    """Turns a record's answers and consent proof into a `Contact` (None: not to be listed)."""

    def __init__(self, form: Form) -> None:
        self.form = form
        by_type = {f.type: f.id for f in reversed(form.fields)}
        self.email = by_type.get("email", "")
        self.phone = by_type.get("phone", "")
        self.country = by_type.get("country", "")
        consent = [f.id for f in form.consent_fields() if f.consent == PURPOSE]
        self.consent_field = consent[0] if consent else ""
        types = next((f for f in form.fields if f.id == TYPES_FIELD), None)
        self.type_labels = {c.value: c.label("en") for c in types.choices} if types else {}

    def contact(
        self, answers: Mapping[str, Any], consent: Mapping[str, Any] | None, record_id: str = ""
    ) -> Contact | None:
        if not self.consent_field or answers.get(self.consent_field) is not True:
            return None
        if not consent or PURPOSE not in (consent.get("purposes") or ()):
            return None
        email = str(answers.get(self.email) or "").strip()
        if not email:  # erased or purged: nobody left to write to
            return None
        first, last = split_name(str(answers.get(NAME_FIELD) or ""))
        types = answers.get(TYPES_FIELD) or ()
        return Contact(
            email=email,
            first_name=first,
            last_name=last,
            organisation=str(answers.get(ORGANISATION_FIELD) or "").strip(),
            phone=str(answers.get(self.phone) or "").strip(),
            country=str(answers.get(self.country) or "").strip().upper(),
            city=str(answers.get(CITY_FIELD) or "").strip(),
            types=tuple(self.type_labels.get(str(t), str(t)) for t in types),
            language=str(consent.get("language") or ""),
            consent_given_at=str(consent.get("given_at") or ""),
            consent_version=_contact_version(consent),
            consent_text_sha256=str(consent.get("text_sha256") or ""),
            record_id=record_id,
        )


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Contact], str]
    defused: bool = True  # a leading formula character gets an apostrophe


@dataclass(frozen=True)
class Layout:
    name: str  # what `--format` takes: "mailchimp"
    title: str  # "Mailchimp"
    columns: tuple[Column, ...]
    note: str  # where the tool's documentation says how its import reads the file

    @property
    def header(self) -> list[str]:
        return [c.header for c in self.columns]

    def row(self, contact: Contact) -> list[str]:
        return [defuse(c.value(contact)) if c.defused else c.value(contact) for c in self.columns]

    @property
    def file_name(self) -> str:
        return f"lea-newsletter-{self.name}.csv"


def _types(separator: str) -> Callable[[Contact], str]:
    return lambda c: separator.join(c.types)


LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Layout(
            "mailchimp",
            "Mailchimp",
            (
                Column("Email Address", lambda c: c.email),
                Column("First Name", lambda c: c.first_name),
                Column("Last Name", lambda c: c.last_name),
                Column("Company", lambda c: c.organisation),
                Column("Phone Number", lambda c: c.phone, defused=False),
                Column("City", lambda c: c.city),
                Column("Country", lambda c: c.country),
                Column("Language", lambda c: c.language),
                Column("Tags", _types(", ")),
                Column("Consent Given At", lambda c: c.consent_given_at, defused=False),
                Column("Consent Text Version", lambda c: c.consent_version),
                Column("Consent Text SHA-256", lambda c: c.consent_text_sha256),
            ),
            "Audience → Add contacts → Import contacts → Upload a file (CSV); map each column "
            "to a field (new text fields for the consent columns), the Tags column to tags.",
        ),
        Layout(
            "brevo",
            "Brevo",
            (
                Column("EMAIL", lambda c: c.email),
                Column("FIRSTNAME", lambda c: c.first_name),
                Column("LASTNAME", lambda c: c.last_name),
                Column("SMS", lambda c: c.phone, defused=False),
                Column("COMPANY", lambda c: c.organisation),
                Column("CITY", lambda c: c.city),
                Column("COUNTRY", lambda c: c.country),
                Column("LANGUAGE", lambda c: c.language),
                Column("ORGANISATION_TYPES", _types("; ")),
                Column("CONSENT_GIVEN_AT", lambda c: c.consent_given_at, defused=False),
                Column("CONSENT_TEXT_VERSION", lambda c: c.consent_version),
                Column("CONSENT_TEXT_SHA256", lambda c: c.consent_text_sha256),
            ),
            "Contacts → Import contacts → Import a file; EMAIL, FIRSTNAME, LASTNAME and SMS are "
            "Brevo's own attributes, the others are created as text attributes while mapping.",
        ),
        Layout(
            "hubspot",
            "HubSpot",
            (
                Column("Email", lambda c: c.email),
                Column("First Name", lambda c: c.first_name),
                Column("Last Name", lambda c: c.last_name),
                Column("Company Name", lambda c: c.organisation),
                Column("Phone Number", lambda c: c.phone, defused=False),
                Column("City", lambda c: c.city),
                Column("Country/Region", lambda c: c.country),
                Column("Preferred language", lambda c: c.language),
                Column("LEA organisation types", _types("; ")),
                Column("Consent given at", lambda c: c.consent_given_at, defused=False),
                Column("Consent text version", lambda c: c.consent_version),
                Column("Consent text SHA-256", lambda c: c.consent_text_sha256),
            ),
            "Contacts → Import → File from computer → One file → Contacts; the first eight "
            "columns match HubSpot's default contact properties by their labels, the others "
            "become new single-line text properties.",
        ),
    )
}


def layout(name: str) -> Layout:
    """The layout called `name`; `ValueError` naming the known ones otherwise."""
    found = LAYOUTS.get(name.strip().lower())
    if found is None:
        raise ValueError(f"Unknown newsletter layout {name!r}; one of: {', '.join(LAYOUTS)}.")
    return found


def contacts(
    form: Form, records: Iterable[tuple[Mapping[str, Any], Mapping[str, Any] | None]]
) -> Iterable[Contact]:
    """The contacts among (answers, consent proof) pairs, each email address once (the first
    record of an address wins; a tool would reject or merge the second)."""
    reader = Reader(form)
    seen: set[str] = set()
    for answers, consent in records:
        found = reader.contact(answers, consent)
        if found is None:
            continue
        key = found.email.casefold()
        if key in seen:
            continue
        seen.add(key)
        yield found


def write(layout_: Layout, rows: Iterable[Contact], fh: TextIO) -> int:
    """Write the header and one line per contact to a text handle opened with newline=""."""
    writer = csv.writer(fh, lineterminator="\r\n")
    writer.writerow(layout_.header)
    count = 0
    for contact in rows:
        writer.writerow(layout_.row(contact))
        count += 1
    return count


def write_file(layout_: Layout, rows: Iterable[Contact], out: Path | str) -> int:
    """The list as a file: readable by its owner only from the first byte, whole or not at all
    (it is personal data)."""
    with _text_output(Path(out), "utf-8") as fh:
        return write(layout_, rows, fh)
