"""What each kind of payload a visitor's code carries gives the sign-up form."""

from __future__ import annotations

import pytest

from lea_desktop.formkit import load_form
from lea_desktop.scanning import SCAN_FIELDS, answers_from_codes, answers_from_text
from lea_desktop.scanning.payloads import country_code


def test_the_answers_are_fields_of_the_sign_up_form_of_the_expected_types():
    form = load_form("follower_signup")
    types = {f.id: f.type for f in form.fields}
    assert {k: types.get(k) for k in SCAN_FIELDS} == {
        "organisation": "text",
        "contact_name": "text",
        "email": "email",
        "phone": "phone",
        "country": "country",
        "city": "text",
        "website": "url",
    }


def test_vcard_3_escapes_and_structured_values():
    card = (
        "BEGIN:VCARD\nVERSION:3.0\nN:Müller\\, Jr.;Anna;;;\nFN:Anna Müller\\, Jr.\\; ö\n"
        "ORG:Foo\\, Bar \\; Co;Unit\nEMAIL;TYPE=INTERNET;TYPE=HOME:home@x.fi\n"
        "EMAIL;TYPE=INTERNET,WORK:work@x.fi\nADR;TYPE=HOME:;;Koti 1;Tampere;;;Suomi\n"
        "ADR;TYPE=WORK:;;Katu 1;Helsinki;;00100;FI\nEND:VCARD"
    )
    assert answers_from_text(card) == {
        "organisation": "Foo, Bar ; Co",
        "contact_name": "Anna Müller, Jr.; ö",
        "email": "work@x.fi",
        "country": "FI",
        "city": "Helsinki",
    }


def test_vcard_2_1_quoted_printable_in_utf8_and_latin1_with_soft_line_breaks():
    card = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=B6rg\r\n"
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=B6rg M=C3=BC=\r\nller\r\n"
        "ORG;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Gymnasium K=F6ln\r\n"
        "TEL;FAX:+49 221 999\r\nTEL;WORK;VOICE:+49 221 12345\r\nEMAIL;PREF;INTERNET:j@k.de\r\n"
        "ADR;WORK;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;;Stra=C3=9Fe 1;K=C3=B6ln;;50667;Deutschland\r\n"
        "END:VCARD\r\n"
    )
    assert answers_from_text(card) == {
        "organisation": "Gymnasium Köln",
        "contact_name": "Jörg Müller",
        "email": "j@k.de",
        "phone": "+49 221 12345",
        "country": "DE",
        "city": "Köln",
    }


def test_vcard_4_folded_lines_tel_uri_and_n_without_fn():
    card = (
        "BEGIN:VCARD\nVERSION:4.0\nN:Smith;Zoë;;Dr.;PhD\nORG:ACME Lear\n ning Ltd\n"
        'TEL;VALUE=uri;TYPE="voice,work":tel:+44-20-7946-0000;ext=12\n'
        "EMAIL;PREF=1:zoe@acme.co.uk\nURL:https://acme.co.uk\n"
        'ADR;TYPE=work;LABEL="1 Road":;;1 Road;London;;SW1;United Kingdom\nEND:VCARD\n'
    )
    assert answers_from_text(card) == {
        "organisation": "ACME Learning Ltd",
        "contact_name": "Dr. Zoë Smith, PhD",
        "email": "zoe@acme.co.uk",
        "phone": "+44-20-7946-0000 ext. 12",
        "country": "GB",
        "city": "London",
        "website": "https://acme.co.uk",
    }


def test_a_badge_vcard_with_a_prefix_stray_lines_and_no_end():
    text = "EVT2027-000123\nBEGIN:VCARD\nVERSION:3.0\nFN:Ola Nordmann\nbadge type visitor\nEMAIL:ola@x.no"
    assert answers_from_text(text) == {"contact_name": "Ola Nordmann", "email": "ola@x.no"}


def test_mecard_with_escapes_and_address():
    text = r"MECARD:N:Rossi,Maria;ORG:Liceo \;Galilei\, Pisa;TEL:+39 050 123;EMAIL:m@liceo.it;URL:https://liceo.it;ADR:,,Via Roma 1,Pisa,PI,56100,Italia;;"
    assert answers_from_text(text) == {
        "organisation": "Liceo ;Galilei, Pisa",
        "contact_name": "Maria Rossi",
        "email": "m@liceo.it",
        "phone": "+39 050 123",
        "country": "IT",
        "city": "Pisa",
        "website": "https://liceo.it",
    }


def test_bizcard_matmsg_mailto_email_and_web_address():
    assert answers_from_text(
        "BIZCARD:N:Sean;X:Owen;T:Engineer;C:Example Corp;B:+12125551212;E:sean@example.com;;"
    ) == {
        "organisation": "Example Corp",
        "contact_name": "Sean Owen",
        "email": "sean@example.com",
        "phone": "+12125551212",
    }
    assert answers_from_text("MATMSG:TO:info@school.fi;SUB:Hi;BODY:x;;") == {
        "email": "info@school.fi"
    }
    assert answers_from_text("mailto:jo%40example.org,x@y.z?subject=LEA") == {
        "email": "jo@example.org"
    }
    assert answers_from_text("  Jo.Doe+lea@example.org\n") == {"email": "Jo.Doe+lea@example.org"}
    assert answers_from_text("https://www.school.example/en") == {
        "website": "https://www.school.example/en"
    }
    assert answers_from_text("www.school.example") == {"website": "www.school.example"}


def test_conference_badges_in_labelled_lines_json_or_delimited():
    assert answers_from_text(
        "Name: Kim Park\nCompany: EdTech GmbH\nE-Mail: kim@edtech.de\nCity: Köln\nCountry: Germany"
    ) == {
        "organisation": "EdTech GmbH",
        "contact_name": "Kim Park",
        "email": "kim@edtech.de",
        "country": "DE",
        "city": "Köln",
    }
    assert answers_from_text(
        '{"attendee": {"firstName": "Ana", "lastName": "Silva", "companyName": "Escola X",'
        ' "email": "ana@x.pt", "country": "PT", "badge": 123}}'
    ) == {
        "organisation": "Escola X",
        "contact_name": "Ana Silva",
        "email": "ana@x.pt",
        "country": "PT",
    }
    assert answers_from_text("ID:12345|Pia Holm|pia@holm.se") == {"email": "pia@holm.se"}


@pytest.mark.parametrize(
    "text",
    ["", "   ", "TICKET 123456789", "4006381333931", "{not json", "[1, 2]", "a@b, c@d.ee, f@g.hh"],
)
def test_payloads_that_name_no_one_give_nothing(text):
    assert answers_from_text(text) == {}


def test_several_codes_first_one_wins_each_field():
    assert answers_from_codes(["MECARD:N:Doe,Jo;EMAIL:jo@x.org;;", "www.x.org", "other@y.org"]) == {
        "contact_name": "Jo Doe",
        "email": "jo@x.org",
        "website": "www.x.org",
    }


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("FI", "FI"), ("fi", "FI"), ("Finland", "FI"), ("Suomi", "FI"), ("Finnland", "FI"),
        ("Allemagne", "DE"), ("UK", "GB"), ("United Kingdom", "GB"), ("EL", "GR"),
        ("Ελλάδα", "GR"), ("España", "ES"), ("espana", "ES"), ("FIN", "FI"), ("Nowhere", ""),
        ("XX", ""),
    ],
)  # fmt: skip
def test_country_written_as_code_name_or_alias(written, code):
    assert country_code(written) == code
