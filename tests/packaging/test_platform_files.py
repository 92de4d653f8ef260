"""Packaging sources in build/: the committed icons are the SVG's current rendering in every size
each platform needs (PNG set, Windows .ico, macOS .icns), and the Linux desktop entry installs
into a user's menu pointing at the bundle it came with."""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "build" / "icons"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    return struct.unpack(">II", data[16:24])


def load_make_icons():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_icons", ROOT / "build" / "make_icons.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_png_icons_exist_in_every_size() -> None:
    """lea-16.png … lea-512.png are square PNGs of their stated size."""
    make_icons = load_make_icons()
    for size in make_icons.PNG_SIZES:
        assert png_size((ICONS / f"lea-{size}.png").read_bytes()) == (size, size)


def test_windows_ico_holds_every_size_up_to_256() -> None:
    """The .ico directory lists 16…256 (0 meaning 256), each entry a PNG of that size."""
    data = (ICONS / "lea.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        w, h, _, _, _, _, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i : 22 + 16 * i]
        )
        assert w == h
        side = w or 256
        assert png_size(data[offset : offset + length]) == (side, side)
        sizes.append(side)
    assert sizes == list(load_make_icons().ICO_SIZES)


def test_macos_icns_blocks_are_pngs_of_the_right_sizes() -> None:
    """The .icns header length is the file length; each block is a PNG of its type's size."""
    data = (ICONS / "lea.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    expected = dict(load_make_icons().ICNS_TYPES)
    seen = {}
    pos = 8
    while pos < len(data):
        code, length = data[pos : pos + 4].decode(), struct.unpack(">I", data[pos + 4 : pos + 8])[0]
        seen[code] = png_size(data[pos + 8 : pos + length])[0]
        pos += length
    assert seen == expected


def test_committed_icons_match_the_svg(qapp) -> None:
    """The committed 64 px icon is what the SVG renders to now (re-run build/make_icons.py after
    editing resources/icons/lea.svg); compared pixel by pixel with a small tolerance."""
    from PySide6.QtGui import QImage

    make_icons = load_make_icons()
    fresh = QImage.fromData(make_icons.render_png(make_icons.SVG, 64))
    committed = QImage(str(ICONS / "lea-64.png"))
    assert fresh.size() == committed.size()
    worst = 0
    for y in range(64):
        for x in range(64):
            a, b = fresh.pixelColor(x, y), committed.pixelColor(x, y)
            worst = max(worst, *(abs(p - q) for p, q in zip(a.getRgb(), b.getRgb(), strict=True)))
    assert worst <= 8, f"build/icons differ from resources/icons/lea.svg (max channel diff {worst})"


def test_desktop_entry_has_what_menus_need() -> None:
    """The .desktop file is an Application entry with name, command, icon name and categories."""
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(ROOT / "build" / "linux" / "lea-desktop.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Name"] == "LEA Desktop"
    assert section["Exec"] == "lea-desktop"
    assert section["Icon"] == "lea-desktop"
    assert section["Terminal"] == "false"
    assert section["Categories"].endswith(";")
    if shutil.which("desktop-file-validate"):
        subprocess.run(
            ["desktop-file-validate", str(ROOT / "build" / "linux" / "lea-desktop.desktop")],
            check=True,
        )


@pytest.mark.skipif(os.name != "posix", reason="the installer script is for Linux desktops")
def test_install_script_adds_and_removes_the_menu_entry(tmp_path: Path) -> None:
    """Run from an unpacked bundle folder (with a space in its path), the script writes a menu
    entry whose Exec is the absolute, quoted path of the executable and installs the icons;
    `--remove` takes both away and leaves the folder alone."""
    bundle = tmp_path / "LEA Desktop 0.1" / "lea-desktop"
    (bundle / "icons").mkdir(parents=True)
    shutil.copy2(ROOT / "build" / "linux" / "install-desktop-entry.sh", bundle)
    shutil.copy2(ROOT / "build" / "linux" / "lea-desktop.desktop", bundle)
    for png in ICONS.glob("lea-*.png"):
        shutil.copy2(png, bundle / "icons")
    exe = bundle / "lea-desktop"
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    data = tmp_path / "xdg-data"
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(data)}

    done = subprocess.run(
        [str(bundle / "install-desktop-entry.sh")], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    written = configparser.ConfigParser(interpolation=None)
    written.optionxform = str
    written.read(data / "applications" / "lea-desktop.desktop", encoding="utf-8")
    assert written["Desktop Entry"]["Exec"] == f'"{exe}"'
    assert (data / "icons" / "hicolor" / "256x256" / "apps" / "lea-desktop.png").read_bytes() == (
        ICONS / "lea-256.png"
    ).read_bytes()

    done = subprocess.run(
        [str(bundle / "install-desktop-entry.sh"), "--remove"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert not (data / "applications" / "lea-desktop.desktop").exists()
    assert not list((data / "icons").rglob("lea-desktop.png"))
    assert exe.exists()
