"""The pages registry: the main window's navigation is built from `PAGES`, nothing else.

To add a page: write `lea_desktop/ui/pages/<name>.py` with a QWidget class whose `__init__` takes
the `AppContext` (and an optional parent), then add ONE `PageSpec` below (`scrolls=True` if
the page has no scrolling list or form of its own). The module is imported
only when the page is first shown, so a page never slows start-up; `order` places it in the list
(lower first), so where the line sits in this file does not matter.

A page may define `on_shown(self)` (called each time it becomes the visible page) and
`unsaved_work(self) -> str` (what closing the window now would throw away, "" for nothing: the
window then asks before it closes).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from lea_desktop.ui.context import AppContext


@dataclass(frozen=True)
class PageSpec:
    title: str  # shown in the navigation list
    object_name: str  # objectName of the page widget, e.g. "signupPage"; also its id
    factory: Callable[[AppContext], QWidget]
    order: int = 100
    icon: str | None = None  # a QStyle.StandardPixmap name such as "SP_FileDialogDetailedView"
    shortcut: str | None = None  # e.g. "Ctrl+1"; the main window binds it to open the page
    tooltip: str = ""
    # Shown in a scroll area: a page without a list or form scroll of its own scrolls as a whole
    # when the window is too small for it, rather than squeezing (and cutting) its words.
    scrolls: bool = False


def lazy(module: str, cls: str) -> Callable[[AppContext], QWidget]:
    """A factory that imports `lea_desktop.ui.pages.<module>` only when the page is built."""

    def build(context: AppContext) -> QWidget:
        return getattr(importlib.import_module(f"lea_desktop.ui.pages.{module}"), cls)(context)

    build.__qualname__ = f"lazy({module}.{cls})"
    return build


PAGES: list[PageSpec] = [
    PageSpec(QT_TRANSLATE_NOOP("pages", "Sign up"), "signupPage", lazy("signup", "SignupPage"), order=10,
             shortcut="Ctrl+1", tooltip=QT_TRANSLATE_NOOP("pages", "Sign a visitor up (Ctrl+1)")),
    PageSpec(QT_TRANSLATE_NOOP("pages", "Followers"), "followersPage", lazy("followers", "FollowersPage"), order=20,
             shortcut="Ctrl+2", tooltip=QT_TRANSLATE_NOOP("pages", "Find, edit and delete sign-ups (Ctrl+2)")),
    PageSpec(QT_TRANSLATE_NOOP("pages", "Events"), "eventsPage", lazy("events", "EventsPage"), scrolls=True, order=30,
             shortcut="Ctrl+3", tooltip=QT_TRANSLATE_NOOP("pages", "Create events and choose the active one (Ctrl+3)")),
    PageSpec(QT_TRANSLATE_NOOP("pages", "Cards"), "cardsPage", lazy("cards", "CardsPage"), scrolls=True, order=40,
             tooltip=QT_TRANSLATE_NOOP("pages", "QR business cards and paper sign-up sheets: preview, save as PDF, print")),
    PageSpec(QT_TRANSLATE_NOOP("pages", "Dashboard"), "dashboardPage", lazy("dashboard", "DashboardPage"), order=50,
             shortcut="Ctrl+4", tooltip=QT_TRANSLATE_NOOP("pages", "Where the project stands: figures, map, targets (Ctrl+4)")),
    PageSpec(QT_TRANSLATE_NOOP("pages", "Follow-up"), "followupPage", lazy("followup", "FollowupPage"), order=60,
             shortcut="Ctrl+5", tooltip=QT_TRANSLATE_NOOP("pages", "Who is due for a follow-up, by owner: email drafts, mark contacted (Ctrl+5)")),
    PageSpec(QT_TRANSLATE_NOOP("pages", "Sync"), "syncPage", lazy("sync", "SyncPage"), scrolls=True, order=70,
             tooltip=QT_TRANSLATE_NOOP("pages", "Send sign-ups to the LEA databank; what waits, what was rejected, receipts")),
    PageSpec(QT_TRANSLATE_NOOP("pages", "Privacy"), "privacyPage", lazy("privacy", "PrivacyPage"), scrolls=True, order=80,
             tooltip=QT_TRANSLATE_NOOP("pages", "Personal data on this laptop, retention, the self-service kiosk")),
]  # fmt: skip


def pages() -> list[PageSpec]:
    """The registered pages in navigation order."""
    return sorted(PAGES, key=lambda p: p.order)
