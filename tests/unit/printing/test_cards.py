"""QR business cards as printed: every code on every page decodes to the right payload, sheets
hold 10 cards with crop marks, card-printer pages are the card's size, text never leaves a card."""

from __future__ import annotations

import pytest

from lea_desktop.domain.records import Event
from lea_desktop.printing import cards, fonts
from lea_desktop.printing.scene import Qr, Text


def _vcard_fields(text: str) -> dict[str, str]:
    """Unfold and unescape a vCard into {property name: value} (first occurrence)."""
    out: dict[str, str] = {}
    for line in text.split("\r\n"):
        if ":" not in line:
            continue
        name, value = line.split(":", 1)
        raw, i, chars = value, 0, []
        while i < len(raw):
            if raw[i] == "\\" and i + 1 < len(raw):
                chars.append("\n" if raw[i + 1] in "nN" else raw[i + 1])
                i += 2
            else:
                chars.append(raw[i])
                i += 1
        out.setdefault(name.split(";")[0], "".join(chars))
    return out


def test_stand_cards_on_a4_carry_ten_attributed_links_a_page(tmp_path, event, pdf):
    """12 cards → two A4 pages (10 + 2); each code is the sign-up URL with the event's campaign."""
    out = tmp_path / "stand.pdf"
    pages = cards.render_stand_cards(
        event, 12, out, signup_url="https://lea.example.eu/join?ref=fair#top"
    )
    assert pages == 2
    assert pdf.sizes_mm(out) == [(210.0, 297.0), (210.0, 297.0)]
    expected = (
        "https://lea.example.eu/join?ref=fair&utm_source=lea-desktop&utm_medium=qr-card"
        "&utm_campaign=bett-2027#top"
    )
    images = pdf.render(out, dpi=150)
    found = [pdf.decode(im) for im in images]
    assert [len(codes) for codes in found] == [10, 2]
    for codes in found:
        for code in codes:
            assert code.text == expected
            assert code.ec_level == "M"
    texts = pdf.text(out)
    assert "BETT 2027" in texts[0] and "Become a LEA Follower" in texts[0]


def test_a4_cards_sit_in_a_2_by_5_grid_inside_crop_marks_that_stay_in_the_margin():
    """Cards butt edge to edge, centred on A4; crop marks sit on the cut lines, off the cards."""
    positions = cards.card_positions()
    assert len(positions) == 10
    xs = sorted({round(x, 3) for x, _ in positions})
    ys = sorted({round(y, 3) for _, y in positions})
    assert len(xs) == 2 and len(ys) == 5
    assert xs[1] - xs[0] == pytest.approx(cards.CARD_W)
    left, right = xs[0], xs[1] + cards.CARD_W
    bottom, top = ys[0], ys[-1] + cards.CARD_H
    assert left == pytest.approx(210 * 72 / 25.4 - right, abs=0.01)
    for mark in cards.crop_marks():
        inside_x = left < mark.x1 < right and left < mark.x2 < right
        inside_y = bottom < mark.y1 < top and bottom < mark.y2 < top
        assert not (inside_x and inside_y), "a crop mark would print on a card"
        if mark.x1 == mark.x2:  # vertical mark: on a column cut line
            assert any(mark.x1 == pytest.approx(x, abs=0.01) for x in (*xs, right))
        else:
            assert any(mark.y1 == pytest.approx(y, abs=0.01) for y in (*ys, top))


def test_single_layout_pages_are_the_card_size(tmp_path, event, pdf):
    """For card printers: one 85 × 55 mm page per card, each with one readable code."""
    out = tmp_path / "single.pdf"
    assert cards.render_stand_cards(event, 3, out, layout="single", lang="fi") == 3
    assert pdf.sizes_mm(out) == [(85.0, 55.0)] * 3
    images = pdf.render(out, dpi=300)
    assert [len(pdf.decode(im)) for im in images] == [1, 1, 1]
    assert "Ryhdy LEA-seuraajaksi" in pdf.text(out)[0]


def test_staff_card_qr_is_a_vcard_of_the_awkward_name(tmp_path, pdf):
    """Name, organisation, email and phone come back exactly, commas and semicolons included."""
    staff = cards.StaffDetails(
        name="Anna Müller, Jr.; ö",
        org="Tampereen yliopisto; Faculty of Education, Unit \\ 3",
        email="anna.muller@tuni.example.fi",
        phone="+358401234567",
    )
    out = tmp_path / "staff.pdf"
    cards.render_staff_cards(staff, 10, out)
    [image] = pdf.render(out, dpi=150)
    codes = pdf.decode(image)
    assert len(codes) == 10
    assert len({c.text for c in codes}) == 1
    vcard = codes[0].text
    assert vcard.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n") and vcard.endswith("END:VCARD\r\n")
    fields = _vcard_fields(vcard)
    assert fields["FN"] == "Anna Müller, Jr.; ö"
    assert fields["ORG"] == "Tampereen yliopisto; Faculty of Education, Unit \\ 3"
    assert fields["EMAIL"] == "anna.muller@tuni.example.fi"
    assert fields["TEL"] == "+358 40 1234567"
    text = pdf.text(out)[0]
    assert "Anna Müller, Jr.; ö" in text and "anna.muller@tuni.example.fi" in text


def test_staff_files_are_private(tmp_path):
    """A staff card PDF holds a person's details: readable by the user only."""
    out = tmp_path / "staff.pdf"
    cards.render_staff_cards(
        cards.StaffDetails("A B", "Org", "a@b.example.fi"), 1, out, layout="single"
    )
    assert out.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "  ", "needs a name"),
        ("org", "", "partner organisation"),
        ("email", "not-an-email", "Not a valid email"),
        ("phone", "12345", "Not a valid phone number"),
    ],
)
def test_bad_staff_details_are_refused_with_a_message(field, value, message):
    """A card that would carry a wrong address is never printed."""
    details = {"name": "A B", "org": "Org", "email": "a@b.example.fi", "phone": ""}
    details[field] = value
    with pytest.raises(cards.CardError, match=message):
        cards.staff_card(cards.StaffDetails(**details))


def _assert_inside(group):
    """Every text item lies inside the card's safe area and clear of the QR code."""
    qr_items = [i for i in group.items if isinstance(i, Qr)]
    assert len(qr_items) == 1
    code = qr_items[0]
    texts = [i for i in group.items if isinstance(i, Text)]
    assert texts
    for t in texts:
        width = fonts.text_width(t.text, t.style, t.size)
        left = t.x if t.align == "left" else t.x - width
        right = left + width
        assert left >= 4 * 72 / 25.4 - 0.01 and right <= cards.CARD_W - 4 * 72 / 25.4 + 0.01, t
        assert t.y - t.size * 0.25 >= 3 * 72 / 25.4 and t.y + t.size <= cards.CARD_H, t
        beside_code = code.y - t.size < t.y < code.y + code.size
        if beside_code:
            assert right <= code.x + 0.01, f"text runs into the QR code: {t.text!r}"


LONG = (
    "Internationale Fachmesse für digitale Bildung, Lerntechnologien und Innovationsbeschaffung "
    "im Schulwesen DIDACTA 2027 Stuttgart — Sonderausstellung"
)


@pytest.mark.parametrize("lang", ["en", "fi", "sv", "de", "it", "pt", "es", "fr"])
def test_long_event_names_shrink_or_wrap_but_never_leave_the_card(lang):
    """A 140-character event name in a long city, in every language: all text stays on the card."""
    event = Event(
        id="e", name=LONG, city="Stuttgart-Bad Cannstatt-Münster", country="DE",
        starts="2027-02-23", ends="2027-03-02",
    )  # fmt: skip
    card = cards.stand_card(event, lang=lang)
    _assert_inside(card)
    shown = " ".join(t.text for t in card.items if isinstance(t, Text))
    assert "Internationale Fachmesse" in shown


@pytest.mark.parametrize(
    "staff",
    [
        cards.StaffDetails("Li Na", "EUN", "li@eun.example.org", ""),
        cards.StaffDetails(
            "Maria Guadalupe Fernández de la Concepción Rodríguez-Villanueva y Świętochowska",
            "Consejería de Educación, Cultura y Deportes de la Junta de Comunidades de Castilla-La Mancha",
            "maria.guadalupe.fernandez.rodriguez-villanueva@educacion.castillalamancha.example.es",
            "+34 925 247 400",
        ),
    ],
)
def test_long_staff_details_stay_on_the_card_and_the_email_is_never_cut(staff):
    """Names and organisations shrink/wrap; an email wraps rather than losing characters."""
    card = cards.staff_card(staff)
    _assert_inside(card)
    band = [t for t in card.items if isinstance(t, Text) and t.y < cards.BAND_TOP]
    band.sort(key=lambda t: -t.y)
    assert staff.email in "".join(t.text for t in band)
    assert "…" not in "".join(t.text for t in band)


def test_counts_and_layouts_out_of_range_are_refused(tmp_path, event):
    """0 cards, absurd counts or an unknown layout give a message, and no file."""
    for count, layout in ((0, "a4-10up"), (cards.MAX_COUNT + 1, "a4-10up"), (1, "a5")):
        with pytest.raises(cards.CardError):
            cards.render_stand_cards(event, count, tmp_path / "x.pdf", layout=layout)
    assert not (tmp_path / "x.pdf").exists()


def test_a_cancelled_job_leaves_no_file(tmp_path, event):
    """The GUI's cancel stops the writing; neither the PDF nor a partial file stays behind."""
    from lea_desktop.printing.pdf import Cancelled

    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "many.pdf"
    seen = []
    with pytest.raises(Cancelled):
        cards.render_stand_cards(
            event, 200, out, progress=lambda done, total: seen.append((done, total)),
            cancelled=lambda: len(seen) >= 3,
        )  # fmt: skip
    assert seen[:3] == [(1, 20), (2, 20), (3, 20)]
    assert list(folder.iterdir()) == []


def test_cards_command_prints_stand_and_staff_cards(tmp_path, capsys, store, event, pdf):
    """`lea-desktop cards` as staff use it: the active event's stand cards with the signup.url
    setting; a staff card from --name/--org/--email/--phone; one line for every mistake."""
    from lea_desktop.cli import main
    from lea_desktop.storage import settings

    settings.set_value(store.db, "signup.url", "https://lea.example.eu/follow?src=desk")
    stand = tmp_path / "stand.pdf"
    assert main(["cards", "--count", "3", "--layout", "single", "--out", str(stand)]) == 0
    assert "3 stand cards for BETT 2027" in capsys.readouterr().out
    [image] = pdf.render(stand, dpi=200, first=1, last=1)
    [code] = pdf.decode(image)
    assert code.text.startswith("https://lea.example.eu/follow?src=desk&utm_source=lea-desktop")

    staff = tmp_path / "staff.pdf"
    assert main(["cards", "--kind", "staff", "--name", "Jan de Vries", "--org", "EUN",
                 "--email", "jan@eun.example.org", "--out", str(staff)]) == 0  # fmt: skip
    assert "10 staff cards" in capsys.readouterr().out

    for argv, message in (
        (["--kind", "staff", "--name", "A", "--org", "B"], "needs --email"),
        (["--kind", "staff", "--name", "A", "--org", "B", "--email", "x@y"], "Not a valid email"),
        (["--name", "A"], "for --kind staff"),
        (["--event", "nope"], "No event with id nope"),
    ):
        assert main(["cards", *argv, "--out", str(tmp_path / "x.pdf")]) == 2
        assert message in capsys.readouterr().err
    assert main(["cards", "--out", str(tmp_path / "x.png")]) == 2
    assert ".pdf" in capsys.readouterr().err
    # With the staff email and phone in the settings, a staff card needs no more flags.
    settings.set_value(store.db, "staff.email", "jan@eun.example.org")
    settings.set_value(store.db, "staff.phone", "+32 2 790 75 75")
    settings.set_value(store.db, "staff.name", "Jan de Vries")
    settings.set_value(store.db, "staff.partner", "EUN")
    assert main(["cards", "--kind", "staff", "--layout", "single", "--out", str(staff)]) == 0
    capsys.readouterr()
    [image] = pdf.render(staff, dpi=200, first=1, last=1)
    [code] = pdf.decode(image)
    assert "EMAIL;TYPE=INTERNET:jan@eun.example.org" in code.text
    assert "TEL;TYPE=WORK,VOICE:+32 2 790 75 75" in code.text
    assert main(["cards", "--out", str(tmp_path / "missing" / "x.pdf")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_stand_cards_lead_to_the_databanks_sign_up_form_when_its_address_is_known(
    tmp_path, capsys, store, event, pdf
):
    """With the databank's public address known (`login --public-url` or `config set`) and
    signup.url left alone, the code opens the databank's form of the event; a signup.url set
    explicitly still wins."""
    from lea_desktop.cli import main
    from lea_desktop.storage import settings

    def printed_code() -> str:
        out = tmp_path / "stand.pdf"
        assert main(["cards", "--count", "1", "--layout", "single", "--out", str(out)]) == 0
        [image] = pdf.render(out, dpi=200, first=1, last=1)
        [code] = pdf.decode(image)
        return code.text

    assert printed_code().startswith("https://www.learntechaccelerator.eu/?utm_source=")
    settings.set_value(store.db, "databank.public_url", "https://databank.lea.example.eu/")
    code = printed_code()
    assert code.startswith("https://databank.lea.example.eu/join/bett-2027?utm_source=lea-desktop")
    assert "utm_campaign=bett-2027" in code
    texts = pdf.text(tmp_path / "stand.pdf")
    assert "databank.lea.example.eu" in texts[0]
    settings.set_value(store.db, "signup.url", "https://lea.example.eu/follow")
    assert printed_code().startswith("https://lea.example.eu/follow?utm_source=")
    capsys.readouterr()
