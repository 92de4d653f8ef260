"""The newsletter list (exports/newsletter.py): only followers who consented to be contacted,
in each mailing tool's import layout, read back with the csv module as the tools read it."""

from __future__ import annotations

import csv
import io
import stat

import pytest

from lea_desktop import reference
from lea_desktop.exports import newsletter
from lea_desktop.formkit import load_form, validate
from lea_desktop.formkit.consent import consent_record

FORM = load_form()


def _record(email: str, *, contact: bool = True, proof: bool = True, **answers):  # type: ignore[no-untyped-def]
    raw = {
        "organisation": "Koulu Oy", "contact_name": "Aino Maria Virtanen", "email": email,
        "phone": "+358 40 123 4567", "country": "FI", "city": "Jyväskylä",
        "types": ["school", "procurer"], "interests": ["webinars"],
        "consent_contact": True, "consent_map": True, **answers,
    }  # fmt: skip
    result = validate(FORM, raw)
    assert not result.errors, result.errors
    # The form requires the contact consent today; a record without it (an older form
    # version, an import from paper) is made by unticking it after the check.
    cleaned = {**result.cleaned, "consent_contact": contact}
    consent = consent_record(FORM, cleaned, lang="fi", collected_by="Kati", device_id="dev-1",
                             given_at="2027-01-20T10:11:12.000Z") if proof else None  # fmt: skip
    return cleaned, consent


def _read(layout: newsletter.Layout, records) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    out = io.StringIO(newline="")
    newsletter.write(layout, newsletter.contacts(FORM, records), out)
    text = out.getvalue()
    assert not text.startswith("\ufeff")
    assert text.endswith("\r\n")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_fields_the_list_names_are_the_forms() -> None:
    ids = set(FORM.field_ids())
    for fid in (newsletter.ORGANISATION_FIELD, newsletter.NAME_FIELD, newsletter.CITY_FIELD,
                newsletter.TYPES_FIELD):  # fmt: skip
        assert fid in ids
    reader = newsletter.Reader(FORM)
    assert (reader.email, reader.phone, reader.country, reader.consent_field) == (
        "email", "phone", "country", "consent_contact",
    )  # fmt: skip


def test_only_followers_who_agreed_to_be_contacted_are_listed() -> None:
    agreed = _record("aino@example.fi")
    declined = _record("ville@example.fi", contact=False)
    no_proof = _record("kalle@example.fi", proof=False)
    # Ticked box, but the proof names only the map: not a proof of contact consent.
    map_only = _record("liisa@example.fi")
    map_only = (map_only[0], {**map_only[1], "purposes": ["map"]})
    again = _record("AINO@example.fi", organisation="Toinen")  # the same address once
    rows = _read(newsletter.LAYOUTS["mailchimp"], [agreed, declined, no_proof, map_only, again])
    assert [r["Email Address"] for r in rows] == ["aino@example.fi"]


def test_mailchimp_columns() -> None:
    (row,) = _read(newsletter.LAYOUTS["mailchimp"], [_record("aino@example.fi")])
    assert list(row) == [
        "Email Address", "First Name", "Last Name", "Company", "Phone Number", "City",
        "Country", "Language", "Tags", "Consent Given At", "Consent Text Version",
        "Consent Text SHA-256",
    ]  # fmt: skip
    assert row["First Name"] == "Aino" and row["Last Name"] == "Maria Virtanen"
    assert row["Phone Number"] == "+358401234567"  # E.164, no apostrophe
    labels = {c.value: c.label("en") for c in FORM.field("types").choices}
    assert row["Tags"] == f"{labels['procurer']}, {labels['school']}"  # the form's order
    assert row["Consent Given At"] == "2027-01-20T10:11:12.000Z"
    assert row["Consent Text Version"] == reference.consent_text("contact").version
    assert row["Language"] == "fi" and len(row["Consent Text SHA-256"]) == 64
    assert row["City"] == "Jyväskylä" and row["Country"] == "FI"


def test_brevo_and_hubspot_columns() -> None:
    (brevo,) = _read(newsletter.LAYOUTS["brevo"], [_record("aino@example.fi")])
    assert list(brevo)[:4] == ["EMAIL", "FIRSTNAME", "LASTNAME", "SMS"]
    assert brevo["SMS"] == "+358401234567" and brevo["CONSENT_GIVEN_AT"].startswith("2027-01-20")
    assert brevo["CONSENT_TEXT_VERSION"]
    (hub,) = _read(newsletter.LAYOUTS["hubspot"], [_record("aino@example.fi")])
    assert list(hub)[:5] == ["Email", "First Name", "Last Name", "Company Name", "Phone Number"]
    assert hub["Country/Region"] == "FI" and hub["Consent text version"]


def test_the_consent_version_is_the_contact_texts() -> None:
    answers, consent = _record("aino@example.fi")
    consent = {**consent, "texts": {}, "version": "map:7;contact:3"}
    (row,) = _read(newsletter.LAYOUTS["brevo"], [(answers, consent)])
    assert row["CONSENT_TEXT_VERSION"] == "3"


def test_a_formula_is_written_as_text() -> None:
    record = _record("aino@example.fi", organisation='=HYPERLINK("http://x","y")',
                     contact_name="@Aino Virtanen", city="-Espoo")  # fmt: skip
    (row,) = _read(newsletter.LAYOUTS["mailchimp"], [record])
    assert row["Company"] == '\'=HYPERLINK("http://x","y")'
    assert row["First Name"] == "'@Aino" and row["City"] == "'-Espoo"


def test_a_name_with_commas_and_quotes_survives() -> None:
    record = _record("aino@example.fi", organisation='Koulu "Aurinko", Oy')
    (row,) = _read(newsletter.LAYOUTS["hubspot"], [record])
    assert row["Company Name"] == 'Koulu "Aurinko", Oy'


def test_layouts_by_name_and_unknown_ones() -> None:
    assert newsletter.layout(" Mailchimp ").name == "mailchimp"
    with pytest.raises(ValueError, match="mailchimp, brevo, hubspot"):
        newsletter.layout("constantcontact")


def test_the_file_is_private(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "list.csv"
    n = newsletter.write_file(
        newsletter.LAYOUTS["brevo"],
        newsletter.contacts(FORM, [_record("a@example.fi"), _record("b@example.fi")]),
        out,
    )
    assert n == 2
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_bytes().startswith(b"EMAIL,FIRSTNAME")
