"""Codes read back from generated pictures: the formats a badge or a card carries, a code held
askew or printed pale, whole camera frames and image files."""

from __future__ import annotations

import pytest

from lea_desktop.scanning import GrayFrame, answers_from_codes, read_codes, read_image_file
from lea_desktop.scanning.decode import UnreadableImage

VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Müller\\, Jr.;Anna;;;\r\nFN:Anna Müller\\, Jr.\\; ö\r\n"
    "ORG:Koulu Oy;IT\r\nEMAIL;TYPE=INTERNET:anna@example.fi\r\nTEL;TYPE=CELL:+358 40 123 4567\r\n"
    "URL:https://example.fi\r\nADR;TYPE=WORK:;;Katu 1;Helsinki;;00100;Finland\r\nEND:VCARD\r\n"
)
ANNA = {
    "organisation": "Koulu Oy",
    "contact_name": "Anna Müller, Jr.; ö",
    "email": "anna@example.fi",
    "phone": "+358 40 123 4567",
    "country": "FI",
    "city": "Helsinki",
    "website": "https://example.fi",
}


@pytest.mark.parametrize("kind", ["qr", "datamatrix", "pdf417"])
def test_a_vcard_in_each_two_dimensional_format_fills_every_answer(picture, kind):
    codes = read_codes(picture(VCARD, kind))
    assert [c.format for c in codes] == [
        {"qr": "QRCode", "datamatrix": "DataMatrix", "pdf417": "PDF417"}[kind]
    ]
    assert answers_from_codes(codes) == ANNA


def test_a_mecard_and_a_plain_email(picture):
    mecard = "MECARD:N:Virtanen,Liisa;ORG:Espoon kaupunki;EMAIL:liisa@espoo.fi;TEL:+358501234567;;"
    assert answers_from_codes(read_codes(picture(mecard))) == {
        "organisation": "Espoon kaupunki",
        "contact_name": "Liisa Virtanen",
        "email": "liisa@espoo.fi",
        "phone": "+358501234567",
    }
    assert answers_from_codes(read_codes(picture("pia.holm@skola.se"))) == {
        "email": "pia.holm@skola.se"
    }


def test_a_rotated_code_in_a_camera_frame(picture, frame_of):
    frame = frame_of(picture(VCARD)).rotate(33, fillcolor=200)
    assert answers_from_codes(read_codes(frame)) == ANNA


def test_a_pale_low_contrast_code(picture, frame_of):
    pale = frame_of(picture(VCARD)).point(lambda v: 120 + v * 35 // 255)
    assert pale.getextrema() == (120, 155)  # dark modules 120, paper 155: a washed-out print
    assert answers_from_codes(read_codes(pale)) == ANNA


def test_a_light_on_dark_code(picture, frame_of):
    from PIL import ImageOps

    inverted = ImageOps.invert(frame_of(picture("mailto:jo@example.org")))
    assert answers_from_codes(read_codes(inverted)) == {"email": "jo@example.org"}


def test_a_grey_camera_frame_with_padded_rows(picture, frame_of):
    """The GUI hands over Qt's Grayscale8 bytes: rows may be longer than the width."""
    frame = frame_of(picture(VCARD), size=(1278, 720))
    stride = 1280
    rows = frame.tobytes()
    padded = b"".join(rows[y * 1278 : (y + 1) * 1278] + b"\0\0" for y in range(720))
    codes = read_codes(GrayFrame(padded, 1278, 720, stride), thorough=False)
    assert answers_from_codes(codes) == ANNA


def test_a_frame_shorter_than_it_says_is_refused():
    with pytest.raises(ValueError, match="shorter"):
        read_codes(GrayFrame(b"\0" * 100, 640, 480, 640))


def test_a_frame_without_a_code_gives_nothing():
    assert read_codes(GrayFrame(bytes(1280 * 720), 1280, 720)) == []


def test_an_image_file_from_a_phone_keeps_its_rotation(tmp_path, picture, frame_of):
    """A JPEG whose EXIF says "rotate" is read the way it is shown."""
    path = tmp_path / "badge.jpg"
    frame = frame_of(picture(VCARD)).rotate(90, expand=True)
    exif = frame.getexif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to show
    frame.save(path, quality=90, exif=exif)
    assert answers_from_codes(read_image_file(path)) == ANNA


def test_unreadable_files_raise_with_a_reason(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a picture")
    for path, reason in [
        (text, "not an image"),
        (tmp_path / "missing.png", "no such file"),
        (tmp_path, "is a folder"),
    ]:
        with pytest.raises(UnreadableImage, match=reason):
            read_image_file(path)
    cut = tmp_path / "cut.png"
    from PIL import Image

    Image.new("L", (200, 200), 255).save(cut)
    cut.write_bytes(cut.read_bytes()[:60])  # a download that stopped half-way
    with pytest.raises(UnreadableImage):
        read_image_file(cut)


def _grey(image):
    return GrayFrame(image.tobytes(), image.width, image.height)


def test_camera_frames_take_turns_and_every_kind_is_read_within_three(picture, frame_of):
    """Pass 0 reads QR codes at any angle, Data Matrix and PDF417 near upright; pass 1 the
    linear codes; pass 2 Data Matrix and PDF417 at the other angles."""
    import zxingcpp
    from PIL import Image

    askew_qr = frame_of(picture(VCARD)).rotate(25, fillcolor=200)
    assert answers_from_codes(read_codes(_grey(askew_qr), thorough=False, pass_no=0)) == ANNA
    for angle, pass_no in ((30, 0), (70, 2), (135, 2)):
        askew_dm = frame_of(picture(VCARD, "datamatrix", scale=5)).rotate(angle, fillcolor=200)
        codes = read_codes(_grey(askew_dm), thorough=False, pass_no=pass_no)
        assert answers_from_codes(codes) == ANNA, angle
    bars = zxingcpp.create_barcode("jo@example.org", zxingcpp.BarcodeFormat.Code128)
    linear = frame_of(Image.fromarray(bars.to_image(scale=3)).convert("L"))
    assert read_codes(_grey(linear), thorough=False, pass_no=0) == []
    (code,) = read_codes(_grey(linear), thorough=False, pass_no=1)
    assert (code.format, answers_from_codes([code])) == ("Code128", {"email": "jo@example.org"})
    upright = frame_of(picture(VCARD, "pdf417", scale=3), at=(100, 200))
    turned = upright.rotate(90, expand=True)
    assert answers_from_codes(read_codes(_grey(upright), thorough=False, pass_no=0)) == ANNA
    assert answers_from_codes(read_codes(_grey(turned), thorough=False, pass_no=2)) == ANNA
