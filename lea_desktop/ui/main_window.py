"""The main window: a header with the active event, a navigation list on the left, the pages in a
stack on the right, a banner area for messages that must not block (first-run questions), and a
status bar (active event, today's count, records waiting to sync).

Pages come from `lea_desktop.ui.pages.PAGES` and are built the first time they are shown.
"""

from __future__ import annotations

import contextlib
import logging

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from lea_desktop.domain.clock import date_span
from lea_desktop.ui.context import AppContext
from lea_desktop.ui.i18n import counted, queue_counts
from lea_desktop.ui.pages import PageSpec, pages
from lea_desktop.ui.widgets import ask_before_dropping

log = logging.getLogger("lea_desktop.ui")

STATUS_REFRESH_MS = 30_000  # the sync engine may change the outbox behind our back
# The smallest window every page is laid out for (one form column, nothing cut off below 1000 px).
MIN_WIDTH, MIN_HEIGHT = 960, 600


def event_title(event) -> str:
    """One line naming an event: "BETT 2027 · London · 22–24 Jan 2027"."""
    if event is None:
        return QCoreApplication.translate("main_window", "No event chosen")
    place = event.city or event.country
    return " · ".join(x for x in (event.name, place, date_span(event.starts, event.ends)) if x)


class MainWindow(QMainWindow):
    pageChanged = Signal(str)  # objectName of the page now shown

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        context.window = self
        self.setObjectName("mainWindow")
        self.setWindowTitle(QCoreApplication.translate("MainWindow", "LEA Desktop"))
        self.setMinimumSize(QSize(MIN_WIDTH, MIN_HEIGHT))
        from lea_desktop.ui import window_geometry

        window_geometry.place(self, QSize(MIN_WIDTH, MIN_HEIGHT))
        self._framed_once = False
        self._specs: list[PageSpec] = pages()
        self._built: dict[str, QWidget] = {}
        self._close_confirmed = False  # the user chose to close despite unsaved work
        self._slots: dict[str, QWidget] = {}
        self._holders: dict[str, QWidget] = {}  # what the stack shows: the page, or its scroll area

        central = QWidget(objectName="central")
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._build_header())

        self.banner_area = QWidget(objectName="bannerArea")
        self._banner_layout = QVBoxLayout(self.banner_area)
        self._banner_layout.setContentsMargins(16, 8, 16, 8)
        self._banner_layout.setSpacing(6)
        self.banner_area.hide()
        outer.addWidget(self.banner_area)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        self.nav = QListWidget(objectName="navList")
        self.nav.setAccessibleName(QCoreApplication.translate("MainWindow", "Pages"))
        self.nav.setIconSize(QSize(18, 18))
        self.nav.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab stays within the page's form
        self.stack = QStackedWidget(objectName="pageStack")
        body.addWidget(self._build_nav_column())
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        for spec in self._specs:
            self._add_page_slot(spec)
        self.nav.currentRowChanged.connect(self._on_nav_row)

        self._build_status_bar()
        context.statusMessage.connect(self._show_status)
        context.openPageRequested.connect(self.open_page)
        context.activeEventChanged.connect(self._on_active_event)
        context.countsChanged.connect(self._show_counts)
        context.storeAttached.connect(self._on_store_attached)
        self._on_active_event(context.active_event)
        if not context.has_store:  # start-up: the form shows first, the rest once the DB is open
            self.nav.setEnabled(False)
            self.active_event_label.setText(
                QCoreApplication.translate("MainWindow", "Opening the database…")
            )

        self._status_timer = QTimer(self, interval=STATUS_REFRESH_MS)
        self._status_timer.timeout.connect(context.refresh_counts)
        self._status_timer.start()
        if self._specs:
            self.nav.setCurrentRow(0)

    def _build_nav_column(self) -> QWidget:
        """The page list, and under it the language of the staff screens (`ui.language`)."""
        from lea_desktop.ui import i18n

        column = QWidget(objectName="navColumn")
        column.setFixedWidth(190)
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.nav, 1)
        foot = QWidget(objectName="navFoot")
        foot_box = QVBoxLayout(foot)
        foot_box.setContentsMargins(14, 8, 14, 10)
        foot_box.setSpacing(3)
        label = QLabel(QCoreApplication.translate("MainWindow", "Language of these screens"), foot)
        label.setProperty("role", "hint")
        label.setWordWrap(True)
        self.ui_language = QComboBox(foot, objectName="uiLanguage")
        for code in i18n.LANGUAGES:
            self.ui_language.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.ui_language.setCurrentIndex(max(0, self.ui_language.findData(i18n.current())))
        self.ui_language.setAccessibleName(label.text())
        label.setBuddy(self.ui_language)
        self.ui_language.activated.connect(self._choose_ui_language)
        foot_box.addWidget(label)
        foot_box.addWidget(self.ui_language)
        box.addWidget(foot)
        return column

    def _choose_ui_language(self, _index: int) -> None:
        code = str(self.ui_language.currentData())
        if not self.context.has_store:
            return
        self.context.set_setting("ui.language", code)
        self._show_status(
            QCoreApplication.translate(
                "MainWindow", "The staff screens change to this language at the next start."
            ),
            10000,
        )

    def _on_store_attached(self) -> None:
        self.nav.setEnabled(True)
        self.statusBar().clearMessage()
        self.refresh_status()

    def show_database_updating(self) -> None:
        """Start-up, first run after an update of the app: the database's migrations run on a
        worker (ui/app.py `update_first`); the form stays usable, the rest waits."""
        self.active_event_label.setText(
            QCoreApplication.translate("MainWindow", "Updating the database…")
        )
        self.statusBar().showMessage(
            QCoreApplication.translate(
                "MainWindow",
                "Updating the database for this version of the app (once, a few seconds). What you type is kept.",
            )
        )

    # -- construction -----------------------------------------------------------------------
    def _build_header(self) -> QWidget:
        header = QFrame(objectName="appHeader")
        row = QHBoxLayout(header)
        row.setContentsMargins(18, 10, 14, 10)
        row.setSpacing(12)
        brand = QLabel(
            QCoreApplication.translate("MainWindow", "LEA Desktop"), objectName="appBrand"
        )
        row.addWidget(brand)
        row.addStretch(1)
        caption = QLabel(
            QCoreApplication.translate("MainWindow", "Signing up for"),
            objectName="activeEventCaption",
        )
        self.active_event_label = QLabel(objectName="activeEventLabel")
        self.active_event_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        row.addWidget(caption)
        row.addWidget(self.active_event_label)
        self.change_event_button = QPushButton(
            QCoreApplication.translate("MainWindow", "Change…"), objectName="changeEventButton"
        )
        self.change_event_button.setToolTip(
            QCoreApplication.translate("MainWindow", "Choose the event new sign-ups go to")
        )
        self.change_event_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.change_event_button.clicked.connect(lambda: self.open_page("eventsPage"))
        row.addWidget(self.change_event_button)
        return header

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setObjectName("statusBar")
        self.status_event = QLabel(objectName="statusEvent")
        self.status_today = QLabel(objectName="statusToday")
        self.status_outbox = QLabel(objectName="statusOutbox")
        for label in (self.status_event, self.status_today, self.status_outbox):
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)

    def _add_page_slot(self, spec: PageSpec) -> None:
        item = QListWidgetItem(QCoreApplication.translate("pages", spec.title))
        item.setData(Qt.ItemDataRole.UserRole, spec.object_name)
        item.setSizeHint(QSize(0, 40))
        if spec.icon:
            pixmap = getattr(QStyle.StandardPixmap, spec.icon, None)
            if pixmap is not None:
                item.setIcon(self.style().standardIcon(pixmap))
        if spec.tooltip:
            item.setToolTip(QCoreApplication.translate("pages", spec.tooltip))
        self.nav.addItem(item)
        slot = QWidget()  # replaced by the real page the first time it is shown
        self._slots[spec.object_name] = slot
        self.stack.addWidget(slot)
        if spec.shortcut:
            action = QAction(QCoreApplication.translate("pages", spec.title), self)
            action.setShortcut(QKeySequence(spec.shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _=False, n=spec.object_name: self._shortcut_open(n))
            self.addAction(action)

    # -- pages ------------------------------------------------------------------------------
    def page_names(self) -> list[str]:
        return [s.object_name for s in self._specs]

    def page(self, object_name: str) -> QWidget:
        """The page widget (built now if it was not shown yet)."""
        if object_name not in self._built:
            spec = next((s for s in self._specs if s.object_name == object_name), None)
            if spec is None:
                raise KeyError(object_name)
            widget = spec.factory(self.context)
            widget.setObjectName(spec.object_name)
            shown = widget
            if spec.scrolls:
                shown = QScrollArea(objectName=f"{spec.object_name}Scroll")
                shown.setWidgetResizable(True)
                shown.setFrameShape(QScrollArea.Shape.NoFrame)
                shown.setWidget(widget)
            self._holders[object_name] = shown
            slot = self._slots.pop(object_name)
            index = self.stack.indexOf(slot)
            self.stack.insertWidget(index, shown)
            self.stack.removeWidget(slot)
            slot.deleteLater()
            self._built[object_name] = widget
        return self._built[object_name]

    def current_page(self) -> QWidget | None:
        row = self.nav.currentRow()
        return self.page(self._specs[row].object_name) if 0 <= row < len(self._specs) else None

    def open_page(self, object_name: str) -> QWidget:
        if not self.context.has_store and self._built:
            raise RuntimeError("pages open once the database is attached")
        names = self.page_names()
        if object_name not in names:
            raise KeyError(object_name)
        self.nav.setCurrentRow(names.index(object_name))
        return self.page(object_name)

    def _shortcut_open(self, object_name: str) -> None:
        if self.context.has_store:  # at start-up, the database opens a moment after the form
            self.open_page(object_name)

    def _on_nav_row(self, row: int) -> None:
        if not 0 <= row < len(self._specs):
            return
        name = self._specs[row].object_name
        widget = self.page(name)
        self.stack.setCurrentWidget(self._holders.get(name, widget))
        shown = getattr(widget, "on_shown", None)
        if callable(shown):
            shown()
        self.pageChanged.emit(name)

    # -- banners ----------------------------------------------------------------------------
    def add_banner(self, widget: QWidget) -> None:
        """Show a non-blocking panel above the pages (first-run questions, warnings)."""
        self._banner_layout.addWidget(widget)
        self.banner_area.show()
        widget.destroyed.connect(self._update_banner_area)

    def remove_banner(self, widget: QWidget) -> None:
        self._banner_layout.removeWidget(widget)
        widget.hide()
        widget.deleteLater()
        self._update_banner_area()

    def _update_banner_area(self, *_: object) -> None:
        visible = any(
            (item := self._banner_layout.itemAt(i)) is not None
            and item.widget() is not None
            and not item.widget().isHidden()
            for i in range(self._banner_layout.count())
        )
        self.banner_area.setVisible(visible)

    # -- status -----------------------------------------------------------------------------
    def _show_status(self, text: str, timeout_ms: int) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def _on_active_event(self, event) -> None:
        self.active_event_label.setText(event_title(event))
        self.status_event.setText(
            f"{event.name}: …"
            if event is not None
            else QCoreApplication.translate("MainWindow", "No active event")
        )
        self.active_event_label.setProperty("empty", event is None)
        self.active_event_label.style().unpolish(self.active_event_label)
        self.active_event_label.style().polish(self.active_event_label)
        self.refresh_status()

    def refresh_status(self) -> None:
        """Ask for fresh figures (counted on a worker; `_show_counts` shows them)."""
        self.context.refresh_counts()

    def _show_counts(self, counts: dict) -> None:
        event = self.context.active_event
        if (
            event is not None
            and counts.get("event_id") == event.id
            and counts.get("event") is not None
        ):
            self.status_event.setText(
                f"{event.name}: {counted(counts['event'], QCoreApplication.translate('counts', '{n} follower'), QCoreApplication.translate('counts', '{n} followers'))}"
            )
        elif event is None:
            self.status_event.setText(QCoreApplication.translate("MainWindow", "No active event"))
        self.status_today.setText(
            QCoreApplication.translate("MainWindow", "Today: {counts_get_today_0:,}").format(
                counts_get_today_0=counts.get("today", 0)
            )
        )
        by_kind = counts.get("pending_by_kind")
        pending = counts.get("pending", 0)
        text = QCoreApplication.translate(
            "MainWindow", "To sync: {queue_counts_by_kind_if_by_kin}"
        ).format(
            queue_counts_by_kind_if_by_kin=queue_counts(by_kind)
            if by_kind is not None
            else f"{pending:,}"
        )
        if counts.get("rejected"):
            text += f" · rejected: {counts['rejected']:,}"
        self.status_outbox.setText(text)

    def closeEvent(self, event: QCloseEvent) -> None:
        from lea_desktop.ui import workers

        if not self._close_confirmed:
            for name, page in self._built.items():
                unsaved = getattr(page, "unsaved_work", None)
                text = unsaved() if callable(unsaved) else ""
                if text:
                    event.ignore()
                    self._ask_before_closing(name, text)
                    return
        workers.shutdown(3000)
        from lea_desktop.ui import window_geometry

        with contextlib.suppress(OSError):  # an unwritable data home: close all the same
            window_geometry.remember(self)
        super().closeEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._framed_once:
            self._framed_once = True
            from lea_desktop.ui import window_geometry

            # The frame (title bar) is known once the window manager has it.
            QTimer.singleShot(0, self, lambda: window_geometry.keep_frame_on_screen(self))

    def _ask_before_closing(self, page_name: str, text: str) -> QWidget:
        """Closing would throw typed work away: ask, and show the page again if the answer is
        to keep it."""

        def close_anyway() -> None:
            self._close_confirmed = True
            self.close()

        return ask_before_dropping(
            self,
            "unsavedWorkQuestion",
            QCoreApplication.translate("MainWindow", "Close LEA Desktop?"),
            text,
            informative=QCoreApplication.translate(
                "MainWindow", "Close anyway and lose it, or go back and save it?"
            ),
            keep=QCoreApplication.translate("MainWindow", "Go back to it"),
            drop=QCoreApplication.translate("MainWindow", "Close and lose it"),
            on_drop=close_anyway,
            on_keep=lambda: self.open_page(page_name),
        )
