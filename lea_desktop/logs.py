"""Logging to a private file beside the database. Never log answers, names, emails or tokens:
log ids, counts and error classes only.

The file is opened once the database is (it lives in the data home). What is logged before
that — opening and migrating the database, the GUI's start — is held in memory by
`hold_early_records` and written first when `setup` opens the file, so the GUI can open its log
after the window is ready without losing a line.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from lea_desktop.paths import make_private_file

LOGGER = "lea_desktop"
EARLY_LIMIT = 1000  # records held before the file opens; the oldest go first beyond that

_handler: logging.FileHandler | None = None  # the open log file's, once `setup` ran


class _EarlyRecords(logging.Handler):
    """Keeps the records logged before the log file is open, to write them there later."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) >= EARLY_LIMIT:
            del self.records[0]
        self.records.append(record)


def hold_early_records() -> None:
    """From now until `setup`, keep `lea_desktop` log records (INFO and up) in memory (and
    forget any held by an earlier run in this process that never opened its file)."""
    root = logging.getLogger(LOGGER)
    for old in [h for h in root.handlers if isinstance(h, _EarlyRecords)]:
        root.removeHandler(old)
    root.addHandler(_EarlyRecords())
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)


def setup(home: Path) -> Path:
    """Send the `lea_desktop` loggers to `home/logs/lea-desktop.log` (0600, rotated at 1 MB × 5),
    starting with the records held since `hold_early_records`."""
    global _handler
    path = home / "logs" / "lea-desktop.log"
    root = logging.getLogger(LOGGER)
    if _handler is None or _handler.baseFilename != os.path.abspath(path):
        # socket, pickle…: not worth loading before the window is up
        from logging.handlers import RotatingFileHandler

        folder = path.parent
        folder.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            os.chmod(folder, 0o700)
        path.touch(exist_ok=True)
        make_private_file(path)
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        for old in list(root.handlers):
            if not isinstance(old, _EarlyRecords):
                root.removeHandler(old)
                old.close()
        root.addHandler(handler)
        root.setLevel(logging.INFO)
        _handler = handler
    for early in [h for h in root.handlers if isinstance(h, _EarlyRecords)]:
        root.removeHandler(early)
        for record in early.records:
            _handler.handle(record)
    return path
