"""Where the laptop keeps its databank token: the OS keyring, else a private file.

The keyring (Windows Credential Manager, macOS Keychain, Secret Service on Linux desktops) is
used when a real backend is available. Headless machines and minimal Linux installs have none
(`keyring` then offers its `fail`/`null` backends or an empty chain); the token then goes to
`<data home>/databank-token`, readable only by the user (0600), like the database beside it.
The token is never logged, printed back or exported.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from lea_desktop.paths import atomic_output

log = logging.getLogger("lea_desktop.sync")

SERVICE = "lea-desktop"
TOKEN_FILE = "databank-token"


def _account(home: Path) -> str:
    # One token per data home: two data homes on one computer are two laptops to the databank.
    return f"databank-token:{Path(home).resolve()}"


def keyring_backend():  # type: ignore[no-untyped-def]
    """The usable keyring backend, or None when only a placeholder backend exists."""
    try:
        import keyring
        from keyring.backends import chainer, fail, null
    except Exception:  # keyring missing or broken: the file is the answer
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, fail.Keyring | null.Keyring):
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    return backend


def describe_backend(backend) -> str:  # type: ignore[no-untyped-def]
    return f"the system keyring ({type(backend).__module__}.{type(backend).__name__})"


def token_file(home: Path) -> Path:
    return Path(home) / TOKEN_FILE


def save_token(home: Path, token: str) -> str:
    """Store the token; return where, in words ("the system keyring (…)" or the file path)."""
    token = token.strip()
    backend = keyring_backend()
    if backend is not None:
        try:
            backend.set_password(SERVICE, _account(home), token)
            if backend.get_password(SERVICE, _account(home)) == token:
                token_file(home).unlink(missing_ok=True)  # one place only
                return describe_backend(backend)
        except Exception as error:  # locked keyring, no D-Bus session …
            log.warning(
                "keyring refused the token (%s); using the private file", type(error).__name__
            )
    path = token_file(home)
    with atomic_output(path, private=True) as fh:
        fh.write((token + "\n").encode("utf-8"))
    return f"{path} (readable only by you; no usable system keyring here)"


def load_token(home: Path) -> str | None:
    backend = keyring_backend()
    if backend is not None:
        try:
            found = backend.get_password(SERVICE, _account(home))
        except Exception:
            found = None
        if found:
            return found
    path = token_file(home)
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return text or None


def forget_token(home: Path) -> None:
    backend = keyring_backend()
    if backend is not None:
        with contextlib.suppress(Exception):  # nothing stored there: nothing to forget
            backend.delete_password(SERVICE, _account(home))
    token_file(home).unlink(missing_ok=True)


# --------------------------------------------------------------------------- the consortium key

# The key the follower directory's `email_key`s are made with (HMAC-SHA256 of an address),
# handed over at login (`whoami`): with it the laptop recognises a follower's address offline.
# Kept like the token (the keyring, else a 0600 file beside the database), never logged; read
# once per data home and kept in memory (the duplicate check asks at every keystroke).
KEY_FILE = "consortium-key"
_KEYS: dict[str, bytes | None] = {}  # None: none stored (asked once, until one is saved)


def _key_account(home: Path) -> str:
    return f"consortium-key:{Path(home).resolve()}"


def key_file(home: Path) -> Path:
    return Path(home) / KEY_FILE


def save_consortium_key(home: Path, key: bytes) -> None:
    """Keep the consortium key (32 bytes) for this data home."""
    text = key.hex()
    _KEYS.pop(str(Path(home).resolve()), None)  # read again at the next look-up
    backend = keyring_backend()
    if backend is not None:
        try:
            backend.set_password(SERVICE, _key_account(home), text)
            if backend.get_password(SERVICE, _key_account(home)) == text:
                key_file(home).unlink(missing_ok=True)
                return
        except Exception as error:
            log.warning(
                "keyring refused the consortium key (%s); using the private file",
                type(error).__name__,
            )
    with atomic_output(key_file(home), private=True) as fh:
        fh.write((text + "\n").encode("ascii"))


def load_consortium_key(home: Path) -> bytes | None:
    """The consortium key of this data home; None before the first login or sync that gave it."""
    where = str(Path(home).resolve())
    if where in _KEYS:
        return _KEYS[where]
    text: str | None = None
    backend = keyring_backend()
    if backend is not None:
        try:
            text = backend.get_password(SERVICE, _key_account(home))
        except Exception:
            text = None
    if not text:
        try:
            text = key_file(home).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            text = None
    try:
        key = bytes.fromhex(text) if text else None
    except ValueError:
        key = None
    if key is None or len(key) != 32:
        key = None
    _KEYS[where] = key
    return key


def forget_consortium_key(home: Path) -> None:
    _KEYS.pop(str(Path(home).resolve()), None)
    backend = keyring_backend()
    if backend is not None:
        with contextlib.suppress(Exception):
            backend.delete_password(SERVICE, _key_account(home))
    key_file(home).unlink(missing_ok=True)
