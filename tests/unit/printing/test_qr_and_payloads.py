"""What the QR codes say and how they are drawn: the attributed link, the vCard, the rectangles."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from lea_desktop.printing import payloads, qr


def test_rectangles_cover_exactly_the_dark_modules_with_a_quiet_zone_of_four():
    """Merged runs draw every dark module of qrcode's own matrix once, and the border stays light."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    payload = "https://www.learntechaccelerator.eu/?utm_source=lea-desktop&utm_campaign=bett-2027"
    ref = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=1, border=4)
    ref.add_data(payload)
    ref.make(fit=True)
    matrix = ref.get_matrix()
    expected = {(c, r) for r, row in enumerate(matrix) for c, dark in enumerate(row) if dark}

    code = qr.encode(payload)
    assert code.size == len(matrix)
    assert code.dark_modules() == expected
    covered = sum(w * h for _, _, w, h in code.rects)
    assert covered == len(expected), "rectangles overlap"
    assert len(code.rects) < len(expected) / 2, "runs are not merged"
    for c, r in expected:
        assert 4 <= c < code.size - 4 and 4 <= r < code.size - 4


def test_a_repeated_payload_is_encoded_once():
    """The same link on a thousand cards is encoded a single time (the cache returns one object)."""
    qr.encode.cache_clear()
    first = qr.encode("https://example.org/a")
    assert qr.encode("https://example.org/a") is first
    assert qr.encode.cache_info().hits == 1
    assert qr.encode("https://example.org/b") is not first


def test_a_payload_too_long_for_any_qr_code_is_a_clear_error():
    """More than a version-40 code holds gives a message, not a library traceback."""
    with pytest.raises(qr.QrTooLong, match="Too much text"):
        qr.encode("x" * 5000)


@pytest.mark.parametrize(
    ("base", "kept"),
    [
        ("https://www.learntechaccelerator.eu/", []),
        ("https://www.learntechaccelerator.eu", []),
        ("https://lea.example.eu/join?ref=fair&lang=fi#form", [("ref", "fair"), ("lang", "fi")]),
        ("https://lea.example.eu/join?utm_source=old&utm_campaign=old&x=", [("x", "")]),
    ],
)
def test_sign_up_link_is_attributed_and_keeps_its_own_query(base, kept):
    """utm_* are added once (old values replaced); other parameters and the fragment survive."""
    url = payloads.attributed_url(base, "bett-2027")
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    assert query == [
        *kept,
        ("utm_source", "lea-desktop"),
        ("utm_medium", "qr-card"),
        ("utm_campaign", "bett-2027"),
    ]
    assert parts.netloc == urlsplit(base).netloc
    assert parts.fragment == urlsplit(base).fragment
    assert url.count("?") == 1


def test_vcard_escapes_commas_semicolons_backslashes_and_newlines_with_crlf_lines():
    """RFC 2426/6350 text escaping, so a name like "Müller, Jr.; ö" survives the round trip."""
    card = payloads.vcard(
        name="Anna Müller, Jr.; ö",
        org="Back\\slash; Org, Ltd\nUnit 2",
        email="anna@example.fi",
        phone="+358 40 123 4567",
    )
    lines = card.split("\r\n")
    assert lines[0] == "BEGIN:VCARD" and lines[1] == "VERSION:3.0" and lines[-1] == ""
    assert lines[-2] == "END:VCARD"
    assert "\n" not in card.replace("\r\n", "")
    assert "FN:Anna Müller\\, Jr.\\; ö" in lines
    assert "ORG:Back\\\\slash\\; Org\\, Ltd\\nUnit 2" in lines
    assert "EMAIL;TYPE=INTERNET:anna@example.fi" in lines
    assert "TEL;TYPE=WORK,VOICE:+358 40 123 4567" in lines
    assert lines[2].startswith("N:ö;Anna Müller\\, Jr.\\;;")


def test_sheet_ids_avoid_characters_that_are_misread_in_handwriting():
    """Sheet ids are 6 characters without 0/O, 1/I/L, 2/Z, 5/S, 8/B."""
    ids = {payloads.new_sheet_id() for _ in range(500)}
    assert len(ids) > 490
    for sid in ids:
        assert len(sid) == 6
        assert not set(sid) & set("0O1IL2Z5S8B")
