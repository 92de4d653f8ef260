"""The staff PIN that guards the self-service kiosk (the Qt part lives in ui/kiosk.py).

The PIN is stored as a salted scrypt hash in the setting `kiosk.pin_hash`, never in clear. A PIN
of 4 to 12 digits is short: the slow KDF makes a guess cost ~50 ms offline, and the kiosk slows
down repeated wrong guesses; it keeps a visitor out of the follower list, it is not a password.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from typing import TYPE_CHECKING, Any

from lea_desktop.storage import settings

if TYPE_CHECKING:
    import sqlite_utils

KEY = "kiosk.pin_hash"
MIN_DIGITS, MAX_DIGITS = 4, 12
# scrypt cost: 2**14 × 8 × 128 bytes = 16 MiB of memory, tens of milliseconds per try.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


NO_PIN_MESSAGE = (
    "The kiosk needs a staff PIN (staff type it to leave the kiosk) and none is set: set one on "
    "the Privacy page or with `lea-desktop kiosk-pin`, then start the kiosk."
)


class PinError(ValueError):
    """A PIN the user typed is not acceptable; the message says why."""


def check_pin_format(pin: str) -> str:
    pin = pin.strip()
    if not pin.isdigit() or not (MIN_DIGITS <= len(pin) <= MAX_DIGITS) or not pin.isascii():
        raise PinError(f"The PIN must be {MIN_DIGITS} to {MAX_DIGITS} digits.")
    return pin


def _derive(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32)


def hash_pin(pin: str) -> dict[str, Any]:
    """A new salted hash of `pin` (format checked), as stored in the setting."""
    pin = check_pin_format(pin)
    salt = os.urandom(16)
    digest = _derive(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return {
        "kdf": "scrypt",
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": base64.b64encode(salt).decode(),
        "hash": base64.b64encode(digest).decode(),
    }


def matches(stored: Any, pin: str) -> bool:
    """True when `pin` is the PIN `stored` was made from (constant-time comparison)."""
    if not isinstance(stored, dict) or stored.get("kdf") != "scrypt":
        return False
    try:
        salt = base64.b64decode(stored["salt"])
        want = base64.b64decode(stored["hash"])
        got = _derive(pin.strip(), salt, int(stored["n"]), int(stored["r"]), int(stored["p"]))
    except (KeyError, ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


def has_pin(db: sqlite_utils.Database) -> bool:
    return bool(settings.get(db, KEY))


def set_pin(db: sqlite_utils.Database, pin: str) -> None:
    """Store a new staff PIN (hashed). Raises PinError for a malformed PIN."""
    # A dict is stored as given (the setting's parser only refuses raw text from `config set`).
    settings.set_value(db, KEY, hash_pin(pin))


def clear_pin(db: sqlite_utils.Database) -> None:
    with db.atomic():
        settings.reset(db, KEY)


def check_pin(db: sqlite_utils.Database, pin: str) -> bool:
    """True when `pin` is the staff PIN set on this laptop (False when none is set)."""
    return matches(settings.get(db, KEY), pin)
