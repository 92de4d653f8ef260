"""What goes into the PyInstaller bundle and what is left out, in one place.

`lea_desktop.spec` builds from these rules, and `tests/packaging/` checks them against the app
running from source (for instance that self-check passes with every excluded module blocked),
so a new import that needs something we trim shows up as a failing test, not a broken laptop.
Plain Python with no PyInstaller import at module level: the tests load it without PyInstaller.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent

APP_NAME = "lea-desktop"  # the folder, the console executable, the Linux executable
WINDOWED_NAME = "LEA Desktop"  # the windowed executable on Windows and macOS, the .app name
BUNDLE_ID = "eu.learntechaccelerator.lea-desktop"  # macOS CFBundleIdentifier
PUBLISHER = "LEA — Learning Technology Accelerator consortium"
DESCRIPTION = "LEA Desktop: sign organisations up as LEA Followers, offline first"

# The databank server (the app talks to it over HTTP only) and everything only it needs.
SERVER_MODULES = (
    "lea_desktop.databank",
    "fastapi", "starlette", "uvicorn", "sqlalchemy", "psycopg", "psycopg_binary", "psycopg_pool",
    "pydantic", "pydantic_core", "pydantic_settings", "uvloop", "httptools", "watchfiles",
    "websockets", "multipart", "python_multipart",
)  # fmt: skip
# Test and build tooling that is installed in the venv but never runs in the app.
TOOLING_MODULES = (
    "pytest", "_pytest", "pytestqt", "pytest_timeout", "pypdf",
    "pyinstrument", "PyInstaller", "ruff", "tkinter", "_tkinter", "IPython", "setuptools",
    "pkg_resources", "pip", "lib2to3", "pydoc_data",
)  # fmt: skip
# Optional data the app does not use: phonenumbers' geocoder, carrier and time-zone tables
# (about 45 MB of source; the app only parses, validates and formats numbers).
UNUSED_DATA_MODULES = (
    "phonenumbers.geocoder", "phonenumbers.geodata", "phonenumbers.carrier",
    "phonenumbers.carrierdata", "phonenumbers.timezone", "phonenumbers.tzdata",
)  # fmt: skip
# Optional accelerators and extras that libraries use only when installed: openpyxl reads and
# writes with the standard library's XML when lxml is absent (lxml: 9 MB); `httpx._main` is
# httpx's own command line, the one user of pygments (4.5 MB of lexers).
OPTIONAL_EXTRAS = ("lxml", "httpx._main", "pygments")
# Pillow: reportlab imports PIL.Image unconditionally (reportlab/lib/utils.py), so Pillow stays,
# but the app prints vectors only (QR codes are drawn as rectangles, no raster images), so the
# parts with their own big libraries go: AVIF (libavif, 5 MB), WebP, colour management (lcms2),
# FreeType text drawing and Tk.
PILLOW_UNUSED_MODULES = (
    "PIL._avif", "PIL.AvifImagePlugin", "PIL._webp", "PIL.WebPImagePlugin",
    "PIL._imagingcms", "PIL.ImageCms", "PIL._imagingft", "PIL.ImageFont",
    "PIL._imagingtk", "PIL.ImageTk", "PIL.ImageQt", "PIL.ImageShow", "PIL.ImageGrab",
)  # fmt: skip
# Qt modules the app does not use that PySide6 or a hook could still drag in.
UNUSED_QT_MODULES = (
    "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.QtQuickControls2",
    "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtSql", "PySide6.QtTest",
    "PySide6.QtDesigner", "PySide6.QtUiTools", "PySide6.QtHelp", "PySide6.QtDBus",
    "PySide6.QtConcurrent", "PySide6.QtXml",
    # (PySide6.QtNetwork stays: PySide6.QtMultimedia, the scanner's camera, imports it. The app
    # does its own HTTP with httpx.)
)  # fmt: skip

EXCLUDES = (
    *SERVER_MODULES,
    *TOOLING_MODULES,
    *UNUSED_DATA_MODULES,
    *OPTIONAL_EXTRAS,
    *PILLOW_UNUSED_MODULES,
    *UNUSED_QT_MODULES,
)


def app_languages() -> tuple[str, ...]:
    """Every language a form in `forms/` is written in (the app ships nothing else)."""
    found: list[str] = []
    for path in sorted((ROOT / "forms").glob("*.toml")):
        with open(path, "rb") as fh:
            head = tomllib.load(fh).get("form", {})
        for lang in head.get("languages", ["en"]):
            if lang not in found:
                found.append(lang)
    return tuple(found or ["en"])


def hidden_imports(command_modules: Iterable[str], all_app_modules: Iterable[str]) -> list[str]:
    """Modules the analysis cannot see: sub-command modules (imported from strings in cli.py)
    and, as a safety net, every other module of the app except the server."""
    wanted = list(command_modules)
    for name in all_app_modules:
        if name not in wanted and not is_excluded(name):
            wanted.append(name)
    return wanted


def is_excluded(module: str) -> bool:
    return any(module == ex or module.startswith(ex + ".") for ex in EXCLUDES)


# ---- Qt plugins and translations ----------------------------------------------------------

# Platform plugins per OS: the desktop's own, plus offscreen (CI, self-check) and minimal.
PLATFORM_PLUGINS = {
    "linux": {"qxcb", "qwayland", "qwayland-egl", "qwayland-generic", "qoffscreen", "qminimal"},
    "darwin": {"qcocoa", "qoffscreen", "qminimal"},
    "win32": {"qwindows", "qoffscreen", "qminimal"},
}
# Plugin types never used by a desktop widgets app: touch/evdev input and EGL device integration
# are for the embedded eglfs/linuxfb platforms; the wayland *server* side is for compositors.
# QtNetwork comes along with QtMultimedia (the scanner's camera), but the app does its HTTP
# with httpx: QtNetwork's TLS backends and network-information plugins are never loaded.
DROP_PLUGIN_TYPES = {
    "generic", "egldeviceintegrations", "wayland-graphics-integration-server",
    "tls", "networkinformation",
}  # fmt: skip
# Image formats the app reads: icons (ico, svg) and photos a user might pick (jpeg, gif).
# PNG, BMP and XPM are built into QtGui.
IMAGE_FORMATS = {"qico", "qsvg", "qjpeg", "qgif"}
# Platform themes: the GTK 3 theme would pull the build machine's GTK stack into the bundle
# (a classic source of crashes on other distributions); the app draws its own style, and the
# XDG portal theme still gives native file dialogs on GNOME and KDE.
DROP_PLUGINS = {
    "platformthemes": {"qgtk3"},
    "platforminputcontexts": {"qtvirtualkeyboardplugin"},  # needs QtQuick; not a kiosk keyboard
}

# Libraries taken from the laptop, never from the build machine. libcups (loaded by Qt's CUPS
# print plugin) talks to the laptop's own print server, and brings its TLS, Kerberos and
# Avahi stacks (about 10 MB) that are better matched to the system they run on; every Linux
# desktop that prints has it. Without it the print dialog still offers printing to PDF.
# libpulse (QtMultimedia links it for sound, which the scanner never plays) likewise: it talks to
# the laptop's own sound server (PulseAudio, or PipeWire's pulse layer) and would bring the build
# machine's libsndfile and audio codecs (about 4 MB); every Linux desktop has it.
SYSTEM_LIBRARIES = {"linux": {"libcups.so.2", "libpulse.so.0"}}

# Libraries `strip` breaks: PySide6's FFmpeg builds (QtMultimedia's camera backend) come
# stripped already and laid out so that GNU strip's rewrite leaves them unloadable ("ELF load
# command address/offset not page-aligned"). The spec copies the originals back after the build.
_KEEP_UNSTRIPPED = re.compile(r"^lib(?:avcodec|avformat|avutil|swscale|swresample)\.so(?:\.\d+)*$")


def keep_unstripped(dest: str) -> bool:
    return bool(_KEEP_UNSTRIPPED.match(_base(dest)))


# Files of resources/ that only the databank uses: the public map's gazetteer (2.4 MB) and page.
DATABANK_ONLY = ("resources/map/places.tsv.gz", "resources/map/page/")

_PLUGIN = re.compile(r"(?:^|/)PySide6/(?:Qt/)?plugins/([^/]+)/([^/]+)$")
_TRANSLATION = re.compile(
    r"(?:^|/)PySide6/(?:Qt/)?translations/([a-z_]+?)_([a-z]{2}(?:_[A-Za-z]+)?)\.qm$"
)
# resources/i18n/: the staff screens' translations; the bundle ships the compiled .qm only.
_UI_TRANSLATION_SOURCE = re.compile(r"(?:^|/)resources/i18n/[^/]+\.ts$")
_BABEL_LOCALE = re.compile(r"(?:^|/)babel/locale-data/([A-Za-z0-9_]+)\.dat$")


def plugin_stem(filename: str) -> str:
    """`libqxcb.so` / `qxcb.dll` / `libqcocoa.dylib` → `qxcb` / `qcocoa`."""
    stem = filename.split(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def keep_file(
    dest: str, platform: str = sys.platform, languages: Iterable[str] | None = None
) -> bool:
    """Whether a collected file (destination path inside the bundle) belongs in the bundle."""
    dest = PurePosixPath(dest.replace("\\", "/")).as_posix()
    langs = set(languages if languages is not None else app_languages())
    system_key = "linux" if platform.startswith("linux") else platform
    if PurePosixPath(dest).name in SYSTEM_LIBRARIES.get(system_key, ()):
        return False
    if any(dest == p or (p.endswith("/") and dest.startswith(p)) for p in DATABANK_ONLY):
        return False
    plugin = _PLUGIN.search(dest)
    if plugin:
        kind, stem = plugin.group(1), plugin_stem(plugin.group(2))
        if kind in DROP_PLUGIN_TYPES or stem in DROP_PLUGINS.get(kind, ()):
            return False
        if kind == "platforms":
            key = "linux" if platform.startswith("linux") else platform
            return stem in PLATFORM_PLUGINS.get(key, {stem})
        if kind == "imageformats":
            return stem in IMAGE_FORMATS
        return True
    if _UI_TRANSLATION_SOURCE.search(dest):
        return False  # the .ts sources of our own translations: the app loads the .qm
    translation = _TRANSLATION.search(dest)
    if translation:
        return translation.group(2).split("_")[0] in langs
    locale = _BABEL_LOCALE.search(dest)
    if locale:
        name = locale.group(1)
        return name == "root" or name.split("_")[0] in langs
    return True


# ---- binaries left without a user ---------------------------------------------------------


def _base(dest: str) -> str:
    return PurePosixPath(dest.replace("\\", "/")).name


def prune_dependencies_of(
    dropped: list[tuple], kept: list[tuple], imports_of
) -> tuple[list[tuple], list[str]]:
    """Remove the libraries that were collected only for files `keep_file` dropped.

    The analysis collects each plugin's link-time dependencies before the spec can filter
    plugins; once eglfs, the GTK theme or the wayland compositor side are gone, their libraries
    (EGL device integration, cairo, pango, …) are dead weight. A library goes only if a dropped
    file links to it (directly or through other such libraries) AND nothing kept links to it,
    so a library some kept file loads with dlopen (which no link table shows) is never touched
    unless a dropped plugin was its only reason to be here. `imports_of(path)` returns the
    names a binary links to; entries are PyInstaller TOC tuples (dest, src, typecode).
    """
    by_name: dict[str, list[tuple]] = {}
    for entry in kept:
        by_name.setdefault(_base(entry[0]), []).append(entry)

    def reach(starts: list[tuple], skip: set[str]) -> set[str]:
        found: set[str] = set()
        todo = [e[1] for e in starts]
        seen: set[str] = set()
        while todo:
            path = todo.pop()
            if path in seen:
                continue
            seen.add(path)
            for name in imports_of(path):
                base = _base(name)
                if base in by_name and base not in found and base not in skip:
                    found.add(base)
                    todo.extend(e[1] for e in by_name[base])
        return found

    # macOS frameworks come with symlinks, resources and code signatures: never taken apart.
    candidates = {
        name
        for name in reach(dropped, set())
        if not any(".framework/" in e[0].replace("\\", "/") for e in by_name[name])
    }
    roots = [e for e in kept if _base(e[0]) not in candidates]
    live = reach(roots, set())
    dead = candidates - live
    return [e for e in kept if _base(e[0]) not in dead], sorted(
        e[0] for e in kept if _base(e[0]) in dead
    )


def direct_imports(path: str) -> list[str]:
    """The libraries a binary itself links to (ELF DT_NEEDED, PE imports, Mach-O load commands).

    PyInstaller's `bindepend.get_imports` answers with ldd on Linux, which lists the whole
    transitive closure resolved on the build machine; for pruning we need the direct links only,
    so Linux reads them with objdump (binutils: PyInstaller needs it there anyway).
    """
    if sys.platform.startswith("linux"):
        import subprocess

        out = subprocess.run(
            ["objdump", "-p", path], capture_output=True, text=True, check=False
        ).stdout
        return [line.split()[1] for line in out.splitlines() if line.strip().startswith("NEEDED")]
    from PyInstaller.depend import bindepend

    return [name for name, _ in bindepend.get_imports(path)]


def drop_dangling_links(entries: list[tuple], present: set[str]) -> list[tuple]:
    """Drop PyInstaller SYMLINK entries (dest, target, "SYMLINK") whose target left the bundle
    (PyInstaller 6 links top-level library names to the copies under PySide6/Qt/lib)."""
    kept = []
    for entry in entries:
        if entry[2] == "SYMLINK":
            target = PurePosixPath(entry[0].replace("\\", "/")).parent / entry[1].replace("\\", "/")
            if normal_dest(str(target)) not in present:
                continue
        kept.append(entry)
    return kept


def normal_dest(dest: str) -> str:
    parts: list[str] = []
    for part in dest.replace("\\", "/").split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


# ---- Windows version resource -------------------------------------------------------------


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """`0.1.0` → (0, 1, 0, 0); `1.2rc1` → (1, 2, 0, 0): the numeric release part, four places."""
    release = re.match(r"\d+(?:\.\d+)*", version.strip())
    parts = [int(p) for p in release.group(0).split(".")][:4] if release else []
    return tuple([*parts, 0, 0, 0, 0][:4])  # type: ignore[return-value]


def windows_version_info(version: str) -> str:
    """The version resource in PyInstaller's text format (what `pyi-grab_version` writes)."""
    nums = version_tuple(version)
    dotted = ".".join(str(n) for n in nums)
    strings = {
        "CompanyName": PUBLISHER,
        "FileDescription": DESCRIPTION,
        "FileVersion": dotted,
        "InternalName": APP_NAME,
        "LegalCopyright": "EUPL-1.2",
        "OriginalFilename": f"{APP_NAME}.exe",
        "ProductName": "LEA Desktop",
        "ProductVersion": version,
    }
    items = ",\n            ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""# Generated from lea_desktop.__version__ by build/bundle_plan.py; do not edit.
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={nums!r},
    prodvers={nums!r},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable(
        '040904B0',
        [
            {items}
        ])
    ]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""


def macos_info_plist(version: str) -> dict:
    """Info.plist values for `LEA Desktop.app` (PyInstaller fills in the executable and icon)."""
    return {
        "CFBundleName": "LEA Desktop",
        "CFBundleDisplayName": "LEA Desktop",
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "LSMinimumSystemVersion": "11.0",
        "NSHighResolutionCapable": True,
        # The console executable (lea-desktop) shares the .app; the app itself is a normal,
        # visible application with a Dock icon, not a background agent.
        "LSBackgroundOnly": False,
        "LSApplicationCategoryType": "public.app-category.business",
        "NSHumanReadableCopyright": "EUPL-1.2 — LEA consortium",
        "NSRequiresAquaSystemAppearance": False,
    }
