"""Where things are: the read-only forms and resources, and the user's private data home.

One helper for resource paths, so the same code finds `forms/` and `resources/` when run from
source and inside a PyInstaller bundle (which unpacks them under `sys._MEIPASS`).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

APP_NAME = "lea-desktop"
APP_AUTHOR = "LEA"


def install_root() -> Path:
    """The folder that holds `forms/` and `resources/`."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def forms_dir() -> Path:
    """`forms/` of the install, or the folder `LEA_FORMS_DIR` names (a databank deployed
    apart from the app, or a test databank given a newer form than the laptops')."""
    override = os.environ.get("LEA_FORMS_DIR")
    return Path(override) if override else install_root() / "forms"


def resource(*parts: str) -> Path:
    """Path of a file under `resources/`, e.g. `resource("consent", "consent.toml")`."""
    return install_root().joinpath("resources", *parts)


def data_home() -> Path:
    """The user's data folder: `LEA_DESKTOP_HOME` when set, else the platform's user data dir.

    Created on first use with mode 0700: it holds personal data of the people signed up.
    """
    env = os.environ.get("LEA_DESKTOP_HOME")
    if env:
        home = Path(env).expanduser()
    else:
        from platformdirs import user_data_path

        home = user_data_path(APP_NAME, APP_AUTHOR)
    make_private_dir(home)
    return home


def make_private_dir(path: Path) -> Path:
    """Create `path` (and parents) and make it readable only by the user on POSIX."""
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(path, 0o700)
    return path


def make_private_file(path: Path) -> None:
    """Restrict an existing file to the user (0600) on POSIX."""
    if os.name == "posix" and path.exists():
        os.chmod(path, 0o600)


@contextlib.contextmanager
def atomic_path(out: Path, *, private: bool = True) -> Iterator[Path]:
    """`atomic_output` for a writer that needs a file name rather than a handle (SQLite's
    backup API, `VACUUM INTO`): a hidden empty file beside `out` (0600 when `private`, from its
    first byte) that replaces `out`, fsynced, only when the block ends without error.
    """
    out = Path(out)
    if out.is_dir():
        raise IsADirectoryError(21, "Is a folder; give a file name", str(out))
    tmp = out.with_name(f".{out.name}.partial")
    tmp.unlink(missing_ok=True)
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644))
    try:
        yield tmp
        if private:
            make_private_file(tmp)  # the writer may have made it anew
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_output(out: Path, *, private: bool = True) -> Iterator[BinaryIO]:
    """A binary handle on a hidden file beside `out` whose contents replace `out` only when the
    block ends without error (fsynced), so a failed write never leaves half a file behind.
    `private` files (anything with personal data) are 0600 from their first byte.

    Raises OSError (no such folder, read-only, `out` is a folder) for the caller to explain.
    """
    out = Path(out)
    if out.is_dir():
        raise IsADirectoryError(21, "Is a folder; give a file name", str(out))
    tmp = out.with_name(f".{out.name}.partial")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if private:
        make_private_file(out)
