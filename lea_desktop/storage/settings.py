"""Settings kept in the database. Every key is declared once here, with its default and a check.

`lea-desktop config set KEY VALUE` and the Preferences page both go through `Setting.parse`.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from lea_desktop.domain import addresses

if TYPE_CHECKING:
    import sqlite_utils


class SettingError(ValueError):
    """A setting name or value the user gave is not acceptable; the message says why."""


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    help: str
    parse: Callable[[str], Any]
    # Never shown in clear (config list/get, Preferences): only "set" / "not set".
    secret: bool = False
    # A check of the parsed value against the other settings (raises SettingError).
    check: Callable[[Any, Any], None] | None = None


def _text(value: str) -> str:
    return " ".join(value.split())


def _url(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingError("must be an http:// or https:// address")
    return value


def _check_databank_url(db: Any, value: Any) -> None:
    """Plain http to another computer only when staff allowed it for a lab network."""
    if value and addresses.is_insecure(str(value)) and not get(db, "databank.allow_insecure_http"):
        raise SettingError(addresses.refusal(str(value)))


def _yes_no(value: str) -> bool:
    word = value.strip().lower()
    if word in ("true", "yes", "on", "1"):
        return True
    if word in ("false", "no", "off", "0", ""):
        return False
    raise SettingError("must be true or false")


def ca_file_problem(path: str) -> str | None:
    """Why `path` cannot serve as the databank's certificate authority, or None if it can."""
    import ssl

    try:
        ssl.create_default_context(cafile=path)
    except FileNotFoundError:
        return f"there is no file {path}"
    except IsADirectoryError:
        return f"{path} is a folder, not a certificate file"
    except PermissionError:
        return f"{path} cannot be read (permission denied)"
    except ssl.SSLError:  # before OSError, of which it is a kind
        return f"{path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
    except OSError as error:
        return f"{path} cannot be read ({error.strerror or type(error).__name__})"
    return None


def _ca_file(value: str) -> str:
    value = value.strip()
    if not value:
        return ""  # the system's certificate authorities
    path = str(Path(value).expanduser().absolute())
    problem = ca_file_problem(path)
    if problem:
        raise SettingError(problem)
    return path


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise SettingError("must be a whole number") from None
    if number < 1:
        raise SettingError("must be at least 1")
    return number


def _set_by_command(value: str) -> Any:
    raise SettingError("set the staff PIN with: lea-desktop kiosk-pin (it is stored hashed)")


def _language(value: str) -> str:
    value = value.strip().lower()
    if value not in ("en", "fi", "sv", "de", "it", "pt", "es", "fr"):
        raise SettingError("must be one of en fi sv de it pt es fr")
    return value


def _ui_language(value: str) -> str:
    # The languages of resources/i18n/ (lea_desktop/ui/i18n.py LANGUAGES; storage cannot
    # import the GUI package).
    value = value.strip().lower()
    if value not in ("", "en", "fi"):
        raise SettingError("must be en or fi (or empty for the computer's language)")
    return value


SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("staff.name", "", "Your name, recorded with each registration you collect.", _text),
        Setting("staff.partner", "", "Your LEA partner organisation.", _text),
        Setting("staff.email", "", "Your email, for your staff card (remembered from it).", _text),
        Setting("staff.phone", "", "Your phone, for your staff card (remembered from it).", _text),
        Setting("form.language", "en", "Language of the sign-up form.", _language),
        Setting(
            "ui.language",
            "",
            "Language of the staff screens: en or fi (empty: the computer's language if the "
            "screens are translated into it, else English). Takes effect at the next start.",
            _ui_language,
        ),
        Setting("event.active", "", "Id of the event registrations go to (last one used).", _text),
        Setting(
            "databank.url",
            "",
            "Address of the LEA databank, e.g. https://databank.example.eu",
            _url,
            check=_check_databank_url,
        ),
        Setting(
            "databank.allow_insecure_http",
            False,
            "Allow a plain http:// databank address on a closed lab network (the token and "
            "personal data travel readable on the network).",
            _yes_no,
        ),
        Setting(
            "databank.ca_file",
            "",
            "PEM file of the private certificate authority that signed the databank's "
            "certificate (empty: the system's authorities).",
            _ca_file,
        ),
        Setting(
            "databank.public_url",
            "",
            "Address visitors reach the databank at (its public sign-up form is there, at "
            "/join/<event>), e.g. https://databank.example.eu",
            _url,
        ),
        Setting(
            "signup.url",
            "https://www.learntechaccelerator.eu/",
            "Sign-up page the QR business cards lead to (when not set: the databank's public "
            "sign-up form of the event, if databank.public_url is known).",
            _url,
        ),
        Setting(
            "retention.days",
            30,
            "Days to keep personal data after the databank has it.",
            _positive_int,
        ),
        Setting(
            "kiosk.pin_hash",
            "",
            "Staff PIN that leaves the self-service kiosk (salted scrypt hash).",
            _set_by_command,
            secret=True,
        ),
        Setting(
            "kiosk.idle_seconds",
            60,
            "Seconds without a touch before the kiosk form clears itself.",
            _positive_int,
        ),
    )
}


def setting(key: str) -> Setting:
    try:
        return SETTINGS[key]
    except KeyError:
        known = ", ".join(sorted(SETTINGS))
        raise SettingError(f"Unknown setting {key!r}. Known settings: {known}") from None


def get(db: sqlite_utils.Database, key: str) -> Any:
    decl = setting(key)
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return decl.default if row is None else json.loads(row[0])


def set_value(db: sqlite_utils.Database, key: str, raw: Any) -> Any:
    """Validate and store a setting; returns the stored value."""
    decl = setting(key)
    value = decl.parse(str(raw)) if isinstance(raw, str) else raw
    if decl.check is not None:
        decl.check(db, value)
    with db.atomic():
        db.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, json.dumps(value)],
        )
    return value


def reset(db: sqlite_utils.Database, key: str) -> None:
    """Forget a stored value: `get` gives the setting's default again."""
    db.execute("DELETE FROM settings WHERE key = ?", [key])


def get_internal(db: sqlite_utils.Database, key: str, default: Any = None) -> Any:
    """Values the app keeps for itself (device id, save counter), not user settings."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", ["_" + key]).fetchone()
    return default if row is None else json.loads(row[0])


def set_internal(db: sqlite_utils.Database, key: str, value: Any) -> None:
    db.execute(
        "INSERT INTO settings(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        ["_" + key, json.dumps(value)],
    )


def is_set(db: sqlite_utils.Database, key: str) -> bool:
    """Has `key` been given a value here (rather than left at its default)?"""
    setting(key)
    return db.execute("SELECT 1 FROM settings WHERE key = ?", [key]).fetchone() is not None


def join_page(db: sqlite_utils.Database, event_slug: str) -> str:
    """The databank's public sign-up form of the event with `event_slug` when the databank's
    public address is known and `signup.url` was not set (visitors are then sent there); else
    "" (no public form to point at)."""
    public = str(get(db, "databank.public_url") or "").rstrip("/")
    if public and not is_set(db, "signup.url"):
        return f"{public}/join/{event_slug}"
    return ""


def signup_page(db: sqlite_utils.Database, event_slug: str) -> str:
    """The page a stand card's QR code opens for the event with `event_slug`: `signup.url`
    when it was set; else the databank's public sign-up form of the event when the databank's
    public address is known; else the LEA website (`signup.url`'s default)."""
    return join_page(db, event_slug) or str(get(db, "signup.url") or setting("signup.url").default)


def peek(database: Path, key: str) -> Any:
    """The stored value of `key` in the database file, read-only and without opening the store
    (no migration, no lock): for choices made before the app starts. None when the file, the
    table or the key is missing or unreadable, which is no reason not to start."""
    if not database.exists():
        return None
    with contextlib.suppress(sqlite3.Error, ValueError, TypeError):
        conn = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True, timeout=0.2)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        finally:
            conn.close()
        if row is not None:
            return json.loads(row[0])
    return None
