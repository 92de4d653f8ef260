"""The paper sign-up sheet: made from the form definition in every language, one page a sheet,
each sheet with its own id (printed and as a QR), and the keyed-in sheets back via import."""

from __future__ import annotations

import csv
import re

import pytest

from lea_desktop.cli import main
from lea_desktop.formkit import load_form
from lea_desktop.printing import paper_form


def test_finnish_sheets_show_the_forms_labels_consent_texts_and_a_readable_sheet_id(
    tmp_path, event, pdf
):
    """Labels, choices, section titles and consent texts come from the form in Finnish; staff-only
    fields are left out; each sheet's id is printed top right and its QR decodes to it."""
    from lea_desktop import reference

    form = load_form()
    out = tmp_path / "sheets.pdf"
    ids = paper_form.render_signup_sheets(form, event, out, lang="fi", count=2)
    assert len(ids) == 2 and ids[0] != ids[1]
    texts = pdf.text(out)
    assert len(texts) == 2, "one page per sheet"
    for page_text, sheet_id in zip(texts, ids, strict=True):
        for f in form.public_fields():
            assert f.label("fi") in page_text, f.id
            for c in f.choices:
                assert c.label("fi") in page_text, c.value
                assert c.value in page_text  # the code staff key in
            if f.consent:
                consent = reference.consent_text(f.consent, "fi").text
                assert " ".join(consent.split()) in page_text
        for f in form.fields:
            if f.staff_only:
                assert f.label("fi") not in page_text
        assert form.title("fi") in page_text
        assert "BETT 2027" in page_text and "Lomake" in page_text
        assert sheet_id in page_text
        # The staff line is Finnish and short: no command, no event id, nothing in English.
        assert "Henkilökunnalle: syötä tämä lomake" in page_text and "kieli FI" in page_text
        for english in ("lea-desktop", event.id, "For staff", "--from-paper"):
            assert english not in page_text
    images = pdf.render(out, dpi=150)
    for image, sheet_id in zip(images, ids, strict=True):
        assert [c.text for c in pdf.decode(image)] == [sheet_id]


@pytest.mark.parametrize("join_url", ["", "https://databank.lea.example.eu/join/bett-2027"])
@pytest.mark.parametrize("lang", ["en", "fi", "sv", "de", "it", "pt", "es", "fr"])
def test_the_sheet_fits_on_one_page_in_every_language(lang, join_url, event):
    """A sign-up sheet that ran onto a second page would be lost at a busy stand (with the phone
    sign-up QR at its foot too)."""
    form = load_form()
    spec = paper_form.SheetSpec(
        form, lang, paper_form.event_line(event, lang),
        footer=paper_form.staff_footer(lang), join_url=join_url,
    )  # fmt: skip
    assert len(paper_form.layout_bodies(spec)) == 1


@pytest.mark.parametrize("lang", ["de", "pt"])
def test_a_known_public_form_adds_a_phone_qr_far_from_the_sheet_id(
    tmp_path, capsys, store, event, pdf, lang
):
    """With the databank's public address known (and no signup.url of its own), each sheet also
    carries a QR opening the event's public sign-up form, captioned in the sheet's language, at
    the foot of the page; the sheet id's code stays alone in the top right corner. A signup.url
    set by the user means no public form to point at: the sheet id's code is then the only one."""
    from lea_desktop.printing import strings
    from lea_desktop.storage import settings

    settings.set_value(store.db, "databank.public_url", "https://databank.lea.example.eu/")
    out = tmp_path / "sheets.pdf"
    argv = ["paper-form", "--event", event.id, "--lang", lang, "--count", "2", "--out", str(out)]
    assert main(argv) == 0
    ids = re.search(r"sheet ids (\w{6}), (\w{6})", capsys.readouterr().out).groups()
    join = f"https://databank.lea.example.eu/join/{event.slug}"
    texts = pdf.text(out)
    for image, page_text, sheet_id in zip(pdf.render(out, dpi=150), texts, ids, strict=True):
        assert strings.text("phone_sign_up", lang) in page_text
        assert f"databank.lea.example.eu/join/{event.slug}" in page_text
        codes = {c.text: c.position for c in pdf.decode(image)}
        assert set(codes) == {sheet_id, join}
        width, height = image.size
        sheet_pos, join_pos = codes[sheet_id], codes[join]
        assert sheet_pos.top_left.x > width / 2 and sheet_pos.bottom_left.y < height / 4
        assert join_pos.top_left.x > width / 2 and join_pos.top_left.y > height * 3 / 4

    settings.set_value(store.db, "signup.url", "https://lea.example.eu/signup")
    assert main(argv) == 0
    ids = re.search(r"sheet ids (\w{6}), (\w{6})", capsys.readouterr().out).groups()
    for image, sheet_id in zip(pdf.render(out, dpi=150), ids, strict=True):
        assert [c.text for c in pdf.decode(image)] == [sheet_id]


def test_boxes_are_tall_enough_to_write_in():
    """One-line boxes are at least 9 mm high, long answers at least 25 mm."""
    assert paper_form.BOX_H >= 9 * 72 / 25.4
    assert paper_form.LONG_BOX_H >= 25 * 72 / 25.4


def test_template_header_is_the_forms_field_ids(tmp_path, capsys):
    """`paper-form --template` writes exactly the header the importer reads: the form's field ids."""
    out = tmp_path / "keyin.csv"
    assert main(["paper-form", "--template", str(out)]) == 0
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows == [list(load_form().field_ids())]


def test_keyed_in_sheets_come_back_as_paper_registrations_with_the_sheets_consent(
    tmp_path, capsys, store, event, pdf
):
    """Print Finnish sheets, key one in under the template header, import --from-paper --lang fi:
    the follower is saved with source "paper", the sheet id in notes, and consent recorded
    against the Finnish texts printed on the sheet. The sheet also carries the phone sign-up QR
    (the databank's public address is known); the sheet id's code is still found beside it."""
    from lea_desktop import reference
    from lea_desktop.storage import registrations, settings

    settings.set_value(store.db, "databank.public_url", "https://databank.lea.example.eu")
    sheets = tmp_path / "sheets.pdf"
    template = tmp_path / "keyin.csv"
    code = main(["paper-form", "--event", event.id, "--lang", "fi", "--count", "1",
                 "--out", str(sheets), "--template", str(template)])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    sheet_id = re.search(r"sheet ids (\w{6})", out).group(1)
    [image] = pdf.render(sheets, dpi=150)
    codes = sorted(c.text for c in pdf.decode(image))
    assert codes == sorted([sheet_id, f"https://databank.lea.example.eu/join/{event.slug}"])
    row = {
        "organisation": "Jyväskylän normaalikoulu", "contact_name": "Aino Virtanen",
        "email": "aino@example.fi", "phone": "+358 40 123 4567", "country": "FI",
        "city": "Jyväskylä", "types": "school;procurer", "website": "",
        "interests": "webinars;lea_network", "notes": f"paper sheet {sheet_id}",
        "consent_contact": "yes", "consent_map": "no",
    }  # fmt: skip
    with open(template, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    with open(template, "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow([row.get(h, "") for h in header])  # staff fields blank
    code = main(["import", str(template), "--event", event.id, "--from-paper", "--lang", "fi"])
    assert code == 0, capsys.readouterr().err
    [reg] = list(registrations.iter_all(store.db))
    assert reg.source == "paper"
    assert reg.answers["notes"] == f"paper sheet {sheet_id}"
    assert reg.answers["types"] == ["procurer", "school"]
    assert reg.consent["purposes"] == ["contact"]
    assert reg.consent["language"] == "fi"
    assert (
        reg.consent["texts"]["contact"]["sha256"] == reference.consent_text("contact", "fi").sha256
    )


def test_paper_form_command_explains_bad_input(tmp_path, capsys, store):
    """No event, a wrong file name or no output at all: one line saying what to do."""
    assert main(["paper-form", "--out", str(tmp_path / "x.pdf")]) == 2
    assert "No event yet" in capsys.readouterr().err
    assert main(["paper-form"]) == 2
    assert "--out" in capsys.readouterr().err
    assert main(["paper-form", "--event", "nope", "--out", str(tmp_path / "x.pdf")]) == 2
    assert "No event with id nope" in capsys.readouterr().err
