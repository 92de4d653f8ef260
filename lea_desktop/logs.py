"""Logging to a private file beside the database. Never log answers, names, emails or tokens:
log ids, counts and error classes only."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from lea_desktop.paths import make_private_file

_configured: Path | None = None


def setup(home: Path) -> Path:
    """Send the `lea_desktop` loggers to `home/logs/lea-desktop.log` (0600, rotated at 1 MB × 5)."""
    global _configured
    folder = home / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(folder, 0o700)
    path = folder / "lea-desktop.log"
    if _configured == path:
        return path
    path.touch(exist_ok=True)
    make_private_file(path)
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("lea_desktop")
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    _configured = path
    return path
