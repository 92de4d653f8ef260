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
