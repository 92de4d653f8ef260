"""Debian's chromium for the browser tests (Playwright drives it; its own downloads are never
used): where it is, how it starts on this closed network, and the mark that skips without it."""

from __future__ import annotations

import shutil

import pytest

CHROMIUM = shutil.which("chromium")
# No sandbox (CI runs as root); no background networking, updates or sync: this machine's closed
# network refuses those connections, many at a time.
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium; .ci/run does)"
)
