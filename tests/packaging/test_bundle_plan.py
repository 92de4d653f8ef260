"""The bundle plan's rules (build/bundle_plan.py): which Qt plugins, translations and locale files
stay per platform, which libraries go with dropped plugins, the Windows version resource and the
macOS Info.plist values, all derived from the package and the forms rather than re-listed."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from lea_desktop import __version__
from lea_desktop.cli import COMMAND_MODULES
from lea_desktop.formkit import available_forms, load_form

QT = "PySide6/Qt/plugins"


def test_languages_are_those_of_the_forms(plan) -> None:
    """The shipped languages are the union of the forms' languages, nothing re-listed."""
    expected: list[str] = []
    for form_id in available_forms():
        for lang in load_form(form_id).languages:
            if lang not in expected:
                expected.append(lang)
    assert list(plan.app_languages()) == expected
    assert "en" in expected


@pytest.mark.parametrize(
    ("platform", "kept", "dropped"),
    [
        ("linux", ["qxcb", "qwayland", "qoffscreen", "qminimal"], ["qeglfs", "qvnc", "qlinuxfb"]),
        ("darwin", ["qcocoa", "qoffscreen", "qminimal"], ["qxcb", "qwindows"]),
        ("win32", ["qwindows", "qoffscreen", "qminimal"], ["qcocoa", "qdirect2d"]),
    ],
)
def test_platform_plugins_per_os(plan, platform, kept, dropped) -> None:
    """Each OS keeps its own desktop platform plugin plus offscreen and minimal, no others."""
    ext = {"linux": ".so", "darwin": ".dylib", "win32": ".dll"}[platform]
    prefix = "" if platform == "win32" else "lib"
    qt = "PySide6/plugins" if platform == "win32" else QT
    for stem in kept:
        assert plan.keep_file(
            f"{qt}/platforms/{prefix}{stem}{ext}", platform=platform, languages=["en"]
        )
    for stem in dropped:
        dest = f"{qt}/platforms/{prefix}{stem}{ext}"
        assert not plan.keep_file(dest, platform=platform, languages=["en"]), dest


def test_plugin_types_and_image_formats(plan) -> None:
    """Touch/evdev, EGL devices, the wayland server side and the GTK theme go; the wayland client
    shell, input methods (compose, for accents) and the icon/photo image formats stay."""
    keep = lambda dest: plan.keep_file(dest, platform="linux", languages=["en"])  # noqa: E731
    assert not keep(f"{QT}/generic/libqevdevtouchplugin.so")
    assert not keep(f"{QT}/egldeviceintegrations/libqeglfs-kms-integration.so")
    assert not keep(
        f"{QT}/wayland-graphics-integration-server/libqt-wayland-compositor-wayland-egl.so"
    )
    assert not keep(f"{QT}/platformthemes/libqgtk3.so")
    assert not keep(f"{QT}/imageformats/libqtiff.so")
    assert keep(f"{QT}/platformthemes/libqxdgdesktopportal.so")
    assert keep(f"{QT}/wayland-shell-integration/libxdg-shell.so")
    assert keep(f"{QT}/platforminputcontexts/libcomposeplatforminputcontextplugin.so")
    for fmt in ("qico", "qsvg", "qjpeg", "qgif"):
        assert keep(f"{QT}/imageformats/lib{fmt}.so")
    assert keep("PySide6/Qt/lib/libQt6Core.so.6")
    assert keep("PySide6/QtWidgets.abi3.so")


def test_translations_and_locale_data_follow_the_form_languages(plan) -> None:
    """Qt translations and Babel locale files stay only for the forms' languages (any region)."""
    langs = ["en", "fi", "pt"]
    keep = lambda dest: plan.keep_file(dest, platform="linux", languages=langs)  # noqa: E731
    assert keep("PySide6/Qt/translations/qtbase_fi.qm")
    assert keep("PySide6/translations/qt_help_pt_BR.qm")
    assert not keep("PySide6/Qt/translations/qtbase_ja.qm")
    assert keep("babel/locale-data/root.dat")
    assert keep("babel/locale-data/fi.dat")
    assert keep("babel/locale-data/en_GB.dat")
    assert keep("babel/locale-data/pt_PT.dat")
    assert not keep("babel/locale-data/ja.dat")
    assert not keep("babel/locale-data/fil.dat")  # Filipino is not Finnish
    assert keep("babel/global.dat")


def test_excluded_modules_never_include_the_app_outside_the_server(plan) -> None:
    """Only the databank server is excluded from lea_desktop; sub-commands are hidden imports."""
    assert plan.is_excluded("lea_desktop.databank")
    assert plan.is_excluded("lea_desktop.databank.app")
    assert plan.is_excluded("fastapi.routing")
    assert not plan.is_excluded("fastapix")
    for name in (
        "lea_desktop.ui.app",
        "lea_desktop.sync",
        "lea_desktop.printing.cards",
        "PIL.Image",
    ):
        assert not plan.is_excluded(name), name
    hidden = plan.hidden_imports(
        COMMAND_MODULES, ["lea_desktop.usecases.reports", "lea_desktop.databank.app"]
    )
    assert hidden[: len(COMMAND_MODULES)] == list(COMMAND_MODULES)
    assert "lea_desktop.usecases.reports" in hidden
    assert "lea_desktop.databank.app" not in hidden


def test_libraries_only_dropped_plugins_need_are_pruned(plan) -> None:
    """A library goes when only dropped plugins link to it; one that a kept file also links to
    stays, and one that nothing links to at all (maybe loaded with dlopen) is never touched."""
    links = {
        "/src/libqeglfs.so": ["libQt6EglFS.so.6", "libQt6Gui.so.6"],
        "/src/libQt6EglFS.so.6": ["libdrm-extra.so.1", "libQt6Gui.so.6"],
        "/src/libqxcb.so": ["libQt6XcbQpa.so.6", "libQt6Gui.so.6"],
        "/src/libQt6XcbQpa.so.6": ["libQt6Gui.so.6"],
        "/src/libQt6Gui.so.6": [],
        "/src/libdrm-extra.so.1": [],
        "/src/libdlopened.so.1": [],
    }
    entry = lambda dest: (dest, "/src/" + dest.rsplit("/", 1)[-1], "BINARY")  # noqa: E731
    dropped = [entry(f"{QT}/platforms/libqeglfs.so")]
    kept = [
        entry(f"{QT}/platforms/libqxcb.so"),
        entry("PySide6/Qt/lib/libQt6EglFS.so.6"),
        entry("PySide6/Qt/lib/libQt6XcbQpa.so.6"),
        entry("PySide6/Qt/lib/libQt6Gui.so.6"),
        entry("libdrm-extra.so.1"),
        entry("libdlopened.so.1"),
    ]
    remaining, removed = plan.prune_dependencies_of(dropped, kept, lambda path: links[path])
    assert removed == ["PySide6/Qt/lib/libQt6EglFS.so.6", "libdrm-extra.so.1"]
    assert [e[0] for e in remaining] == [
        f"{QT}/platforms/libqxcb.so",
        "PySide6/Qt/lib/libQt6XcbQpa.so.6",
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "libdlopened.so.1",
    ]


def test_links_to_removed_files_are_dropped(plan) -> None:
    """PyInstaller's top-level symlinks to removed libraries go; the others stay."""
    entries = [
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("libQt6EglFS.so.6", "PySide6/Qt/lib/libQt6EglFS.so.6", "SYMLINK"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/src/libQt6Gui.so.6", "BINARY"),
    ]
    present = {plan.normal_dest(e[0]) for e in entries if e[2] != "SYMLINK"}
    assert [e[0] for e in plan.drop_dangling_links(entries, present)] == [
        "libQt6Gui.so.6",
        "PySide6/Qt/lib/libQt6Gui.so.6",
    ]
    assert plan.normal_dest("a/b/../c/./d") == "a/c/d"


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("1.2", (1, 2, 0, 0)),
        ("2.0.1rc1", (2, 0, 1, 0)),
        ("3.4.5.6.7", (3, 4, 5, 6)),
    ],
)
def test_version_tuple(plan, version, expected) -> None:
    """Windows wants four numbers: the release part of the version, padded."""
    assert plan.version_tuple(version) == expected


def test_windows_version_resource_carries_the_package_version(plan) -> None:
    """The generated version file is a PyInstaller version expression (read the way PyInstaller's
    loader reads it: evaluated with its structure names) holding __version__ everywhere."""

    def record(kind):
        return lambda *args, **kwargs: {"kind": kind, "args": args, **kwargs}

    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
             "VarFileInfo", "VarStruct")  # fmt: skip
    info = eval(plan.windows_version_info(__version__), {n: record(n) for n in names})
    nums = plan.version_tuple(__version__)
    assert info["kind"] == "VSVersionInfo"
    assert info["ffi"]["filevers"] == nums and info["ffi"]["prodvers"] == nums
    table = info["kids"][0]["args"][0][0]
    strings = {s["args"][0]: s["args"][1] for s in table["args"][1]}
    assert strings["ProductVersion"] == __version__
    assert strings["FileVersion"] == ".".join(map(str, nums))
    assert strings["OriginalFilename"] == "lea-desktop.exe"


def test_macos_info_plist(plan) -> None:
    """The .app is a visible app (not a background agent, despite the console executable inside)
    with the package version and a reverse-DNS bundle id."""
    info = plan.macos_info_plist(__version__)
    assert info["CFBundleShortVersionString"] == __version__
    assert info["LSBackgroundOnly"] is False
    assert info["NSHighResolutionCapable"] is True
    assert plan.BUNDLE_ID.count(".") >= 2 and " " not in plan.BUNDLE_ID


def test_cups_comes_from_the_laptop_on_linux(plan) -> None:
    """libcups is left to the system on Linux (it talks to the laptop's print server); the Qt
    print plugin that loads it stays."""
    assert not plan.keep_file("libcups.so.2", platform="linux", languages=["en"])
    assert plan.keep_file(
        f"{QT}/printsupport/libcupsprintersupport.so", platform="linux", languages=["en"]
    )
    assert plan.keep_file("libcups.2.dylib", platform="darwin", languages=["en"])


def test_the_camera_stays_and_qtnetwork_plugins_and_libpulse_go(plan) -> None:
    """Scan to prefill: QtMultimedia, its Python bindings and the camera backend plugin stay, and
    so does QtNetwork, which QtMultimedia's bindings import; QtNetwork's TLS and network
    information plugins go (the app's HTTP is httpx), and libpulse comes from the laptop."""
    keep = lambda dest, platform="linux": plan.keep_file(dest, platform=platform, languages=["en"])  # noqa: E731
    for dest in (
        "PySide6/QtMultimedia.abi3.so",
        "PySide6/QtMultimediaWidgets.abi3.so",
        "PySide6/QtNetwork.abi3.so",
        "PySide6/Qt/lib/libQt6Multimedia.so.6",
        f"{QT}/multimedia/libffmpegmediaplugin.so",
        "PySide6/Qt/lib/libavcodec.so.61",
    ):
        assert keep(dest), dest
    assert not plan.is_excluded("PySide6.QtMultimedia")
    assert not plan.is_excluded("PySide6.QtNetwork")
    assert not plan.is_excluded("zxingcpp")
    assert not keep(f"{QT}/tls/libqopensslbackend.so")
    assert not keep(f"{QT}/networkinformation/libqnetworkmanager.so")
    assert not keep("libpulse.so.0")
    assert keep("libpulse.0.dylib", "darwin")


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or not shutil.which("objdump"), reason="ELF"
)
def test_direct_imports_are_direct(plan) -> None:
    """direct_imports lists what a binary links to itself, not the closure ldd would print:
    PySide6's QtCore module links libQt6Core but not ICU, which libQt6Core links."""
    import PySide6

    module = next(Path(PySide6.__file__).parent.glob("QtCore.*.so"))
    names = plan.direct_imports(str(module))
    assert "libQt6Core.so.6" in names
    assert not any(name.startswith("libicu") for name in names)


def test_macos_frameworks_are_never_pruned(plan) -> None:
    """A framework binary only a dropped plugin links to stays (its symlinks, resources and
    signature would otherwise be left half there); plain libraries still go."""
    links = {
        "/src/libqtuiotouchplugin.dylib": [
            "@rpath/QtNetwork.framework/Versions/A/QtNetwork",
            "libextra.dylib",
        ],
        "/src/QtNetwork": [],
        "/src/libextra.dylib": [],
    }
    dropped = [
        (f"{QT}/generic/libqtuiotouchplugin.dylib", "/src/libqtuiotouchplugin.dylib", "BINARY")
    ]
    kept = [
        ("PySide6/Qt/lib/QtNetwork.framework/Versions/A/QtNetwork", "/src/QtNetwork", "BINARY"),
        ("libextra.dylib", "/src/libextra.dylib", "BINARY"),
    ]
    remaining, removed = plan.prune_dependencies_of(dropped, kept, lambda path: links[path])
    assert removed == ["libextra.dylib"]
    assert [e[0] for e in remaining] == ["PySide6/Qt/lib/QtNetwork.framework/Versions/A/QtNetwork"]


def test_the_staff_screens_translations_ship_compiled(plan) -> None:
    """resources/i18n/: the .qm the app loads goes in the bundle, its .ts source does not."""
    assert plan.keep_file("resources/i18n/lea_desktop_fi.qm", platform="linux", languages=["en"])
    assert not plan.keep_file(
        "resources/i18n/lea_desktop_fi.ts", platform="linux", languages=["en"]
    )


def test_the_databank_only_map_files_stay_out_of_the_laptop_bundle(plan) -> None:
    keep = lambda dest: plan.keep_file(dest, platform="linux", languages=["en"])  # noqa: E731
    assert not keep("resources/map/places.tsv.gz")
    assert not keep("resources/map/page/map.js")
    assert keep("resources/map/europe.json")  # the dashboard draws it


def test_ffmpeg_libraries_are_put_back_as_shipped(plan) -> None:
    """strip leaves PySide6's FFmpeg libraries unloadable (the camera backend then fails): the
    spec copies those back unstripped; every other library is stripped as before."""
    for name in ("libavcodec.so.61", "libavformat.so.61", "libavutil.so.59", "libswscale.so.8",
                 "libswresample.so.5"):  # fmt: skip
        assert plan.keep_unstripped(f"PySide6/Qt/lib/{name}"), name
    for name in (
        "libQt6Multimedia.so.6",
        "libQt6Core.so.6",
        "libavcodec-helper.so",
        "libpython3.11.so.1.0",
    ):
        assert not plan.keep_unstripped(f"PySide6/Qt/lib/{name}"), name
