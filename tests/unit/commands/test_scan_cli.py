"""`lea-desktop scan --image FILE [--json]` as staff run it, in a real process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def scan(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lea_desktop", "scan", *argv],
        capture_output=True,
        text=True,
        timeout=120,
    )


def qr_file(tmp_path, payload: str, name: str = "badge.png"):
    import qrcode

    path = tmp_path / name
    qrcode.make(payload.encode("utf-8")).save(path)
    return path


def test_json_prints_the_answers_of_a_badge_vcard(tmp_path):
    path = qr_file(
        tmp_path,
        "BEGIN:VCARD\nVERSION:3.0\nFN:Anna Müller\\, Jr.\\; ö\nORG:Koulu Oy\n"
        "EMAIL:anna@example.fi\nADR:;;;Oulu;;;Finland\nEND:VCARD\n",
    )
    done = scan("--image", str(path), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "organisation": "Koulu Oy",
        "contact_name": "Anna Müller, Jr.; ö",
        "email": "anna@example.fi",
        "country": "FI",
        "city": "Oulu",
    }
    assert done.stderr == ""


def test_without_json_one_line_per_answer(tmp_path):
    done = scan("--image", str(qr_file(tmp_path, "mailto:jo@example.org")))
    assert (done.returncode, done.stdout) == (0, "email  jo@example.org\n")


def test_no_code_exits_1_with_a_clear_message(tmp_path):
    from PIL import Image

    blank = tmp_path / "blank.png"
    Image.new("RGB", (640, 480), "white").save(blank)
    done = scan("--image", str(blank), "--json")
    assert done.returncode == 1
    assert done.stdout == ""
    assert "no code found in" in done.stderr and "Traceback" not in done.stderr


def test_a_code_without_contact_details_exits_1(tmp_path):
    done = scan("--image", str(qr_file(tmp_path, "TICKET 000123")), "--json")
    assert done.returncode == 1
    assert "carries no contact details" in done.stderr


@pytest.mark.parametrize("what", ["missing", "text", "folder"])
def test_an_unreadable_file_exits_2(tmp_path, what):
    path = {"missing": tmp_path / "nope.png", "text": tmp_path / "a.png", "folder": tmp_path}[what]
    if what == "text":
        path.write_text("this is not a picture")
    done = scan("--image", str(path), "--json")
    assert done.returncode == 2
    assert done.stderr.startswith("lea-desktop: cannot read the image:")
    assert "Traceback" not in done.stderr
