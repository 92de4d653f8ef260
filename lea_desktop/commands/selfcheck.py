"""`lea-desktop self-check`: proves an installed copy (a bundle, or the source tree) works.

Each check prints one line: `ok   <check>: <what was proven>`, or `FAIL <check>: <why>`; the exit
status is 0 only when every check passed. Everything happens in a temporary data home that is
deleted afterwards: the user's own database is never opened. It is the bundle's smoke test in CI
and the first thing to ask a colleague to run when the app will not start on their laptop.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lea_desktop.domain.wording import plural

SAMPLE_EMAIL = "self-check@example.org"
SAMPLE_PHONE = "+358 40 123 4567"
SAMPLE_URL = "https://www.example.org/"
SAMPLE_COUNTRY = "FI"


class CheckFailed(Exception):
    """A check did not pass; the message says what is wrong in one line."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "self-check",
        help="check this installation works (in a temporary data home; your data is not touched)",
    )
    p.set_defaults(handler=self_check)


@contextmanager
def temporary_data_home() -> Iterator[Path]:
    """A fresh private data home for the duration, with LEA_DESKTOP_HOME pointing at it."""
    before = os.environ.get("LEA_DESKTOP_HOME")
    with tempfile.TemporaryDirectory(prefix="lea-self-check-") as tmp:
        home = Path(tmp) / "home"
        os.environ["LEA_DESKTOP_HOME"] = str(home)
        try:
            yield home
        finally:
            if before is None:
                os.environ.pop("LEA_DESKTOP_HOME", None)
            else:
                os.environ["LEA_DESKTOP_HOME"] = before


def sample_value(field: Any) -> Any:
    """A valid answer for one form field, made from its definition (type, choices, length)."""
    kind = field.type
    if kind == "email":
        value: Any = SAMPLE_EMAIL
    elif kind == "phone":
        value = SAMPLE_PHONE
    elif kind == "url":
        value = SAMPLE_URL
    elif kind == "country":
        value = SAMPLE_COUNTRY
    elif kind == "date":
        value = dt.date.today().isoformat()
    elif kind == "consent":
        return True
    elif kind in ("choice", "multichoice"):
        first = field.choice_values()[: max(field.min_choices, 1)]
        return list(first) if field.is_multi else (first[0] if first else "")
    else:  # text, longtext
        value = "LEA self-check"
    if field.max_length and isinstance(value, str):
        value = value[: field.max_length]
    return value


def sample_answers(form: Any) -> dict[str, Any]:
    """A complete, valid sign-up for `form`, built by iterating its fields."""
    return {f.id: sample_value(f) for f in form.fields}


# ---- the checks ---------------------------------------------------------------------------
# Each takes the shared state dict, may add to it, and returns the line to print after "ok".


def check_files(state: dict) -> str:
    from lea_desktop import paths, reference
    from lea_desktop.formkit import available_forms, load_form

    root = paths.install_root()
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen and Path(frozen).resolve() != root.resolve():
        raise CheckFailed(f"bundle files expected under {frozen}, looking in {root}")
    if not paths.forms_dir().is_dir():
        raise CheckFailed(f"no forms folder at {paths.forms_dir()}")
    forms = available_forms()
    if not forms:
        raise CheckFailed(f"no form definitions in {paths.forms_dir()}")
    for form_id in forms:
        form = load_form(form_id)
        if not form.fields:
            raise CheckFailed(f"form {form_id} has no fields")
    state["form"] = load_form()
    partners = reference.partners()
    consent = [
        reference.consent_text(f.consent or "") for f in state["form"].consent_fields() if f.consent
    ]
    if not paths.resource().is_dir():
        raise CheckFailed(f"no resources folder at {paths.resource()}")
    where = "bundle" if frozen else "source tree"
    return (
        f"forms and resources found ({where}: {root}): {len(forms)} forms, "
        f"{len(partners)} partners, {len(consent)} consent texts"
    )


# The desktop platform plugins Qt needs to open a window, per OS (the classic broken-bundle
# failure is "could not load the Qt platform plugin"); offscreen serves CI and headless checks.
PLATFORM_PLUGINS = {
    "linux": ("qxcb", "qwayland", "qoffscreen"),
    "darwin": ("qcocoa", "qoffscreen"),
    "win32": ("qwindows", "qoffscreen"),
}


def _pyside_package() -> Path:
    """PySide6's folder: inside the bundle when frozen, else where Python finds the package."""
    import importlib.util

    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        package = Path(frozen) / "PySide6"
    else:
        spec = importlib.util.find_spec("PySide6")
        if spec is None or not spec.submodule_search_locations:
            raise CheckFailed("PySide6 is not installed")
        package = Path(next(iter(spec.submodule_search_locations)))
    return package


def check_qt_plugins(state: dict) -> str:
    """Qt's platform plugins are where Qt looks for them (files only: no window is opened)."""
    package = _pyside_package()
    folder = next(
        (
            p
            for p in (package / "Qt" / "plugins" / "platforms", package / "plugins" / "platforms")
            if p.is_dir()
        ),
        None,
    )
    if folder is None:
        raise CheckFailed(f"no Qt platform plugins under {package}")
    found = {p.name.split(".")[0].removeprefix("lib") for p in folder.iterdir()}
    key = "linux" if sys.platform.startswith("linux") else sys.platform
    wanted = PLATFORM_PLUGINS.get(key, ("qoffscreen",))
    missing = [name for name in wanted if name not in found]
    if missing:
        raise CheckFailed(f"missing Qt platform plugins in {folder}: {', '.join(missing)}")
    return f"Qt platform plugins present ({', '.join(n.removeprefix('q') for n in wanted)})"


def check_languages(state: dict) -> str:
    """Country names (Babel's CLDR data) for every language a form is written in."""
    from babel import Locale, UnknownLocaleError

    form = state.get("form")
    if form is None:
        raise CheckFailed("skipped: the forms could not be read")
    missing = []
    for lang in form.languages:
        try:
            names = Locale.parse(lang).territories
        except (UnknownLocaleError, ValueError, OSError):
            missing.append(lang)
            continue
        if not names.get(SAMPLE_COUNTRY):
            missing.append(lang)
    if missing:
        raise CheckFailed(f"no locale data for {', '.join(missing)}")
    return f"country names in {len(form.languages)} languages ({', '.join(form.languages)})"


def check_database(state: dict) -> str:
    from lea_desktop.storage import Store
    from lea_desktop.storage.database import journal_mode

    store = Store.open_default()
    state["store"] = store
    mode = journal_mode(store.db)
    return f"opened and migrated a new database ({store.path.name}, journal {mode})"


def check_save(state: dict) -> str:
    from lea_desktop.storage import events
    from lea_desktop.usecases import followers

    store, form = state.get("store"), state.get("form")
    if store is None or form is None:
        raise CheckFailed("skipped: no database or no form")
    today = dt.date.today().isoformat()
    event = events.create(
        store.db,
        {
            "name": "Self-check fair",
            "city": "Brussels",
            "country": "BE",
            "starts": today,
            "ends": today,
        },
        device_id=store.device_id,
    )
    state["event"] = event
    result = followers.save_new(store, sample_answers(form), event_id=event.id, form=form)
    if not result.ok:
        problems = "; ".join(f"{k}: {v}" for k, v in result.errors.items())
        raise CheckFailed(f"the save path refused a valid sign-up ({problems})")
    state["saved"] = result.registration
    return f"saved a registration through the save path (event + record + outbox, {len(form.fields)} fields)"


def check_read_back(state: dict) -> str:
    from lea_desktop.storage import outbox, registrations

    store, saved = state.get("store"), state.get("saved")
    if store is None or saved is None:
        raise CheckFailed("skipped: nothing was saved")
    found = registrations.get(store.db, saved.id)
    if found is None:
        raise CheckFailed("the saved registration is not in the database")
    if found.answers != saved.answers:
        changed = sorted(k for k in saved.answers if found.answers.get(k) != saved.answers[k])
        raise CheckFailed(f"read back differently: {', '.join(changed)}")
    if not found.consent:
        raise CheckFailed("the consent record was not stored")
    queued = outbox.queued_times(store.db, "registration", saved.id)
    if queued != 1:
        raise CheckFailed("the registration was not queued for the databank")
    pending = outbox.counts(store.db)["pending"]
    return f"read the registration back unchanged, with its consent record; {plural(pending, 'item')} queued to sync"


_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def check_stand_card(state: dict) -> str:
    from lea_desktop.printing.cards import render_stand_cards

    event = state.get("event")
    if event is None:
        raise CheckFailed("skipped: no event")
    out = Path(os.environ["LEA_DESKTOP_HOME"]) / "self-check-stand-card.pdf"
    pages = render_stand_cards(event, 1, out, layout="single")
    data = out.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise CheckFailed(f"{out.name} is not a PDF")
    found = len(_PAGE.findall(data))
    if found < 1 or found != pages:
        raise CheckFailed(f"the stand card PDF has {found} pages, expected {pages}")
    return f"rendered a stand card PDF ({found} page, {len(data) // 1024} KB, fonts and QR code)"


def check_scanner(state: dict) -> str:
    """Scan to prefill: zxing-cpp reads a badge's vCard QR code into the form's answers, and
    QtMultimedia's backend plugin (the camera) is where Qt looks for it (files only)."""
    import qrcode
    from PIL import Image

    from lea_desktop.scanning import answers_from_codes, read_codes

    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Self Check\r\nEMAIL:self.check@example.org\r\nEND:VCARD"
    )
    qr = qrcode.QRCode(border=4)
    qr.add_data(card.encode("utf-8"))
    matrix = qr.get_matrix()  # (no qrcode image factory: the bundle leaves PIL.ImageFont out)
    size = len(matrix)
    picture = Image.new("L", (size, size))
    picture.putdata([0 if dark else 255 for row in matrix for dark in row])
    picture = picture.resize((size * 6, size * 6), Image.Resampling.NEAREST)
    answers = answers_from_codes(read_codes(picture))
    if answers.get("email") != "self.check@example.org":
        raise CheckFailed(f"a vCard QR code was read as {answers!r}")
    package = _pyside_package()
    folder = next(
        (p for p in (package / "Qt" / "plugins" / "multimedia", package / "plugins" / "multimedia") if p.is_dir()),
        None,
    )  # fmt: skip
    plugins = sorted(p.name for p in folder.iterdir()) if folder is not None else []
    if not plugins:
        raise CheckFailed(f"no QtMultimedia backend plugin under {package}: no camera")
    from lea_desktop.ui.camera_scan import backend_decodes_video

    codecs = backend_decodes_video()
    if not codecs:
        raise CheckFailed(
            f"the QtMultimedia backend ({', '.join(plugins)}) does not load: no camera"
        )
    return (
        f"read a vCard QR code; camera backend {', '.join(plugins)} loads ({codecs} video codecs)"
    )


CHECKS: tuple[tuple[str, Callable[[dict], str]], ...] = (
    ("files", check_files),
    ("qt plugins", check_qt_plugins),
    ("languages", check_languages),
    ("database", check_database),
    ("save", check_save),
    ("read back", check_read_back),
    ("stand card", check_stand_card),
    ("scanner", check_scanner),
)


def run_checks(out=None) -> int:
    """Run every check in a temporary data home; print one line each; return the failure count."""
    out = out or sys.stdout
    failures = 0
    state: dict = {}
    with temporary_data_home():
        try:
            for name, check in CHECKS:
                try:
                    line = check(state)
                except CheckFailed as exc:
                    failures += 1
                    print(f"FAIL {name}: {exc}", file=out, flush=True)
                except Exception as exc:  # a broken install shows up as any exception at all
                    failures += 1
                    detail = str(exc).splitlines()[0] if str(exc) else ""
                    print(
                        f"FAIL {name}: {type(exc).__name__}: {detail}".rstrip(": "),
                        file=out,
                        flush=True,
                    )
                else:
                    print(f"ok   {name}: {line}", file=out, flush=True)
        finally:
            store = state.get("store")
            if store is not None:
                store.close()  # before the folder goes (Windows cannot delete open files)
    return failures


def self_check(args: argparse.Namespace) -> int:
    from lea_desktop import __version__

    failures = run_checks()
    verdict = "all checks passed" if not failures else f"{plural(failures, 'check')} failed"
    print(f"lea-desktop {__version__}: {verdict}")
    return 0 if not failures else 1
