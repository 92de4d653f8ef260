"""The app works without what the bundle leaves out: self-check and the GUI start, from source,
with every excluded module (server, test tooling, unused Pillow and Qt parts, geocoder data)
blocked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run_blocked(*args: str, home: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "LEA_DESKTOP_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", **env}
    return subprocess.run(
        [sys.executable, str(HERE / "run_without_excluded.py"), *args],
        capture_output=True,
        text=True,
        env=environ,
        timeout=180,
    )


def test_self_check_passes_without_excluded_modules(data_home: Path) -> None:
    """self-check (database, save path, stand card PDF) passes when the excluded modules cannot be
    imported, so the bundle's exclusions do not break these paths."""
    done = run_blocked("self-check", home=data_home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "all checks passed" in done.stdout
    assert "FAIL" not in done.stdout


def test_gui_starts_without_excluded_modules(data_home: Path) -> None:
    """The main window comes up (LEA_DESKTOP_EXIT_WHEN_READY) with the excluded modules blocked."""
    done = run_blocked(home=data_home, LEA_DESKTOP_EXIT_WHEN_READY="1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "lea-desktop: ready" in done.stdout
    assert "left out of the bundle" not in done.stderr


def test_the_blocker_really_blocks(data_home: Path, tmp_path: Path) -> None:
    """Guard for the two tests above: an excluded module imported by name fails under the hook."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import runpy, sys\n"
        f"sys.argv = [{str(HERE / 'run_without_excluded.py')!r}, '--version']\n"
        "try:\n"
        f"    runpy.run_path({str(HERE / 'run_without_excluded.py')!r}, run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "try:\n"
        "    import fastapi\n"
        "except ModuleNotFoundError as exc:\n"
        "    print('blocked:', exc)\n"
    )
    done = subprocess.run([sys.executable, str(probe)], capture_output=True, text=True, timeout=60)
    assert "blocked:" in done.stdout and "left out of the bundle" in done.stdout, done.stderr


STAFF_DAY = r"""
import sys
sys.path.insert(0, {here!r})
import run_without_excluded
run_without_excluded.install()

from pathlib import Path
from lea_desktop.cli import main
from lea_desktop.commands.selfcheck import sample_answers
from lea_desktop.usecases.followers import save_new
from lea_desktop.formkit import load_form
from lea_desktop.storage import Store, events

out = Path({out!r})
with Store.open_default() as store:
    event = events.create(store.db, {{"name": "Fair", "city": "Oulu", "country": "FI",
                                      "starts": "2027-03-01", "ends": "2027-03-02"}},
                          device_id=store.device_id)
    saved = save_new(store, sample_answers(load_form()), event_id=event.id)
    assert saved.ok, saved.errors
steps = [
    ["summary", "--all", "--format", "xlsx", "--out", str(out / "summary.xlsx")],
    ["summary", "--all", "--format", "pdf", "--out", str(out / "summary.pdf")],
    ["summary", "--all", "--format", "json", "--out", str(out / "summary.json")],
    ["partner-report", "--format", "xlsx", "--out", str(out / "partners.xlsx")],
    ["partner-report", "--format", "pdf", "--out", str(out / "partners.pdf")],
    ["cards", "--kind", "stand", "--event", event.id, "--count", "10", "--out", str(out / "cards.pdf")],
    ["paper-form", "--event", event.id, "--out", str(out / "paper.pdf")],
    ["loi", "--follower", saved.registration.id, "--out", str(out / "loi.pdf")],
    ["export", "--all", "--format", "csv", "--out", str(out / "all.csv")],
]
for argv in steps:
    code = main(argv)
    if code != 0:
        raise SystemExit(f"{{argv[0]}} exited {{code}}")
print("staff day done")
"""


def test_reports_and_printing_work_without_excluded_modules(
    data_home: Path, tmp_path: Path
) -> None:
    """A staff day's outputs (summary PDF/XLSX/JSON, partner report, stand cards, paper form,
    letter of intent, CSV export) are written with the excluded modules blocked: openpyxl
    without lxml, reportlab with the trimmed Pillow, no server code."""
    out = tmp_path / "out"
    out.mkdir()
    script = tmp_path / "staff_day.py"
    script.write_text(STAFF_DAY.format(here=str(HERE), out=str(out)), encoding="utf-8")
    environ = {**os.environ, "LEA_DESKTOP_HOME": str(data_home), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=environ, timeout=240
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "staff day done" in done.stdout
    for name in ("summary.pdf", "partners.pdf", "cards.pdf", "paper.pdf", "loi.pdf"):
        assert (out / name).read_bytes().startswith(b"%PDF-"), name
    for name in ("summary.xlsx", "partners.xlsx"):
        assert (out / name).read_bytes()[:2] == b"PK", name  # a zip container, as XLSX is


def test_the_scanner_camera_loads_without_excluded_modules(data_home: Path, tmp_path: Path) -> None:
    """QtMultimedia (it imports QtNetwork) and the scanner dialog's module load with the excluded
    modules blocked, and a frame decodes: the bundle's scanner is not a silent 'No camera'."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(HERE)!r})\n"
        "import run_without_excluded\n"
        "run_without_excluded.install()\n"
        "from PySide6.QtGui import QImage\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from lea_desktop.ui import camera_scan\n"
        "from PySide6.QtMultimedia import QMediaDevices, QVideoFrame, QVideoFrameInput\n"
        "from PySide6.QtMultimediaWidgets import QVideoWidget\n"
        "import qrcode\n"
        "qr = qrcode.QRCode(box_size=1)\n"
        "qr.add_data(b'mailto:jo@example.org')\n"
        "m = qr.get_matrix()\n"
        "q = QImage(len(m), len(m), QImage.Format.Format_RGB32)\n"
        "[q.setPixel(x, y, 0xFF000000 if d else 0xFFFFFFFF) for y, r in enumerate(m) for x, d in enumerate(r)]\n"
        "q = q.scaled(len(m) * 6, len(m) * 6)\n"
        "print(camera_scan.FrameDecoder._read(QVideoFrame(q), 0).answers)\n"
    )
    environ = {**os.environ, "LEA_DESKTOP_HOME": str(data_home), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, str(probe)], capture_output=True, text=True, timeout=120, env=environ
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "{'email': 'jo@example.org'}"


def test_scan_command_works_without_excluded_modules(data_home: Path, tmp_path: Path) -> None:
    """`lea-desktop scan --image` (Pillow's core and zxing-cpp) needs nothing the bundle leaves out."""
    import qrcode

    picture = tmp_path / "badge.png"
    qrcode.make(b"MECARD:N:Holm,Pia;EMAIL:pia@holm.se;;").save(picture)
    done = run_blocked("scan", "--image", str(picture), "--json", home=data_home)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == '{"contact_name": "Pia Holm", "email": "pia@holm.se"}'
