"""Where things are: the read-only forms and resources, and the user's private data home.

One helper for resource paths, so the same code finds `forms/` and `resources/` when run from
source and inside a PyInstaller bundle (which unpacks them under `sys._MEIPASS`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "lea-desktop"
APP_AUTHOR = "LEA"


def install_root() -> Path:
    """The folder that holds `forms/` and `resources/`."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def forms_dir() -> Path:
    return install_root() / "forms"


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
