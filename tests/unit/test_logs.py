"""The log file: private, and holding what was logged before it could be opened (the GUI opens
it once its window is up; opening and migrating the database come before that)."""

from __future__ import annotations

import logging
import stat

import pytest

from lea_desktop import logs


@pytest.fixture(autouse=True)
def fresh_logging(monkeypatch):
    """Each test starts with no log handler and leaves none behind."""
    root = logging.getLogger(logs.LOGGER)
    saved = (list(root.handlers), root.level)
    for h in saved[0]:
        root.removeHandler(h)
    monkeypatch.setattr(logs, "_handler", None)
    yield root
    for h in list(root.handlers):
        root.removeHandler(h)
        h.close()
    for h in saved[0]:
        root.addHandler(h)
    root.setLevel(saved[1])


def _lines(home):
    return (home / "logs" / "lea-desktop.log").read_text("utf-8").splitlines()


def test_lines_logged_before_the_file_opens_are_written_first_in_order(data_home):
    logs.hold_early_records()
    log = logging.getLogger("lea_desktop.storage")
    log.info("applied migration %s", "0008")
    log.warning("backup skipped: %s", "OSError")
    logging.getLogger("lea_desktop.ui").debug("not kept: below INFO")
    path = logs.setup(data_home)
    log.info("after the file opened")
    lines = _lines(data_home)
    assert [line.split(": ", 1)[1] for line in lines] == [
        "applied migration 0008",
        "backup skipped: OSError",
        "after the file opened",
    ]
    assert " INFO lea_desktop.storage: " in lines[0] and " WARNING " in lines[1]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_nothing_is_held_once_the_file_is_open_and_setup_twice_writes_each_line_once(
    data_home, fresh_logging
):
    logs.hold_early_records()
    logging.getLogger("lea_desktop").info("one")
    logs.setup(data_home)
    logs.setup(data_home)  # the GUI's exit path sets up again when the delayed set-up ran
    logging.getLogger("lea_desktop").info("two")
    assert [line.split(": ", 1)[1] for line in _lines(data_home)] == ["one", "two"]
    assert not [h for h in fresh_logging.handlers if isinstance(h, logs._EarlyRecords)]


def test_held_lines_are_bounded_and_the_newest_kept(data_home):
    logs.hold_early_records()
    log = logging.getLogger("lea_desktop")
    for i in range(logs.EARLY_LIMIT + 5):
        log.info("line %d", i)
    logs.setup(data_home)
    lines = _lines(data_home)
    assert len(lines) == logs.EARLY_LIMIT
    assert lines[0].endswith("line 5") and lines[-1].endswith(f"line {logs.EARLY_LIMIT + 4}")
