"""GUI fixtures: the real main window over a real store in the test's own data home."""

from __future__ import annotations

import pytest


@pytest.fixture
def styled_app(qapp):
    """The pytest-qt QApplication with the app's style applied (as `lea-desktop` runs it)."""
    from lea_desktop.ui.app import create_application

    return create_application()


@pytest.fixture
def context(store, styled_app):
    from lea_desktop.ui.context import AppContext

    return AppContext(store)


@pytest.fixture
def window(qtbot, store, styled_app):
    """The main window as `lea-desktop` opens it (first-run panel included when needed)."""
    from lea_desktop.ui import workers
    from lea_desktop.ui.app import build_window

    win = build_window(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    workers.shutdown(5000)
    qtbot.waitUntil(lambda: not workers.active_tasks(), timeout=5000)
