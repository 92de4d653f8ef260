"""The Dashboard page: where the project stands, for the active event or for all events.

Key figures, a map of Europe shaded by followers per country, the Table 7 targets with progress
bars, the EU member states still missing and who is responsible for each, followers by type and
by country, new followers per day, and who collected how many. Exports of the session summary
(PDF, XLSX, JSON) and the Appendix 7.1 partner report (PDF, XLSX) are one click away.

Keeping it current without making anyone wait: a full count (SQL, about half a second at
100,000 followers) runs in the background and remembers the last row it saw; after a save, only
the rows added since are counted on the GUI thread (a millisecond or two) and added to it, so a
new follower shows at once. A full recount follows in the background to take edits and
deletions into account.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lea_desktop.domain import kpi
from lea_desktop.domain.clock import date_span
from lea_desktop.domain.countries import EU_MEMBER_STATES, country_name
from lea_desktop.exports import formats
from lea_desktop.storage import stats
from lea_desktop.ui.context import AppContext
from lea_desktop.ui.dashboard_widgets import ACCENT_BAR, OTHERS_BAR, BarList, FigureTile
from lea_desktop.ui.europe_map import EuropeMap
from lea_desktop.ui.style import TEXT, repolish
from lea_desktop.ui.widgets import ElidingComboBox, hint_label, section_card
from lea_desktop.usecases import followup, handover, reports

log = logging.getLogger("lea_desktop.ui.dashboard")

ACTIVE, ALL = "active", "all"
CONSORTIUM = "consortium"  # every follower of the consortium: the directory, as of the last sync
QUICK_LIMIT = 2000  # more new rows than this (an import): recount in the background instead
RECOUNT_DELAY_MS = 400  # a burst of saves or an import leads to one background recount
TOP_COUNTRIES = 12

TILES = (
    ("followers", QT_TRANSLATE_NOOP("pages_dashboard", "followers")),
    ("procurers", QT_TRANSLATE_NOOP("pages_dashboard", "procurers")),
    ("suppliers", QT_TRANSLATE_NOOP("pages_dashboard", "suppliers")),
    ("schools", QT_TRANSLATE_NOOP("pages_dashboard", "schools")),
    ("member_states", QT_TRANSLATE_NOOP("pages_dashboard", "EU member states with followers")),
    (
        "candidates",
        QT_TRANSLATE_NOOP("pages_dashboard", "LEA-N candidates (procurers interested in LEA-N)"),
    ),
    ("letters", QT_TRANSLATE_NOOP("pages_dashboard", "letters of intent signed / offered")),
    ("assistance", QT_TRANSLATE_NOOP("pages_dashboard", "assistance requests")),
)

# (what, format, menu text, file dialog filter): literal for the translators; the formats are
# those of exports/formats.py (tests/gui/test_dashboard.py holds the two together).
EXPORTS = (
    (
        "summary",
        "pdf",
        QT_TRANSLATE_NOOP("pages_dashboard", "Session summary (PDF)…"),
        QT_TRANSLATE_NOOP("pages_dashboard", "PDF document (*.pdf)"),
    ),
    (
        "summary",
        "xlsx",
        QT_TRANSLATE_NOOP("pages_dashboard", "Session summary (Excel)…"),
        QT_TRANSLATE_NOOP("pages_dashboard", "Excel workbook (*.xlsx)"),
    ),
    (
        "summary",
        "json",
        QT_TRANSLATE_NOOP("pages_dashboard", "Session summary (JSON)…"),
        QT_TRANSLATE_NOOP("pages_dashboard", "JSON file (*.json)"),
    ),
    (
        "partners",
        "pdf",
        QT_TRANSLATE_NOOP("pages_dashboard", "Partner report, Appendix 7.1 (PDF)…"),
        QT_TRANSLATE_NOOP("pages_dashboard", "PDF document (*.pdf)"),
    ),
    (
        "partners",
        "xlsx",
        QT_TRANSLATE_NOOP("pages_dashboard", "Partner report, Appendix 7.1 (Excel)…"),
        QT_TRANSLATE_NOOP("pages_dashboard", "Excel workbook (*.xlsx)"),
    ),
    # The consented followers for a mailing tool (usecases/handover.py, docs/newsletter.md).
    (
        "mailing",
        "mailchimp",
        QT_TRANSLATE_NOOP("pages_dashboard", "Followers for Mailchimp (CSV)…"),
        QT_TRANSLATE_NOOP("pages_dashboard", "CSV file (*.csv)"),
    ),
    (
        "mailing",
        "hubspot",
        QT_TRANSLATE_NOOP("pages_dashboard", "Followers for HubSpot (CSV)…"),
        QT_TRANSLATE_NOOP("pages_dashboard", "CSV file (*.csv)"),
    ),
    (
        "mailing",
        "brevo",
        QT_TRANSLATE_NOOP("pages_dashboard", "Followers for Brevo (CSV)…"),
        QT_TRANSLATE_NOOP("pages_dashboard", "CSV file (*.csv)"),
    ),
)


# The target bars carry their text across both parts, done and to go: light fills under dark
# text keep it readable on either (WCAG AA, 4.5:1; tests/gui/test_dashboard.py measures it).
TARGET_TEXT = TEXT
TARGET_MIN_WIDTH = 120
TARGET_TRACK = "#edf0f4"
TARGET_DONE = "#a9c7f2"
TARGET_MET = "#a3d9b1"

PAGE_STYLE = f"""
QProgressBar[role="target"] {{
    border: 1px solid #9aa6b8; border-radius: 4px; background: {TARGET_TRACK}; min-height: 20px;
    text-align: center; font-weight: 600; color: {TARGET_TEXT};
}}
QProgressBar[role="target"]::chunk {{ background: {TARGET_DONE}; border-radius: 3px; }}
QProgressBar[role="target"][met="true"]::chunk {{ background: {TARGET_MET}; }}
"""


class DashboardPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.form = context.form()
        self.summary: kpi.Summary | None = None
        self._base: kpi.Tally | None = None  # the last full count …
        self._mark = 0  # … and the last row it saw
        self._base_scope: object = None
        self._running = False
        self._pending = False
        self._dirty = False
        self.last_quick_ms: float | None = None  # figures updated after a save (GUI thread)
        self.last_full_ms: float | None = None  # a full background count, start to shown
        self.updates = 0  # how many times figures were shown (tests wait on it)
        self._span: tuple[int, str, str] = (0, "", "")  # events with followers, first, last day
        self._followups: list[followup.OwnerCount] = []  # open follow-ups per partner
        self._as_of: str | None = None  # the consortium directory's last complete pull (UTC)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("dashboardScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self.scroll)
        content = QWidget(self.scroll)
        content.setObjectName("dashboardContent")
        self.scroll.setWidget(content)
        box = QVBoxLayout(content)
        box.setContentsMargins(24, 16, 24, 16)
        box.setSpacing(12)
        box.addLayout(self._build_header(content))
        box.addLayout(self._build_tiles(content))
        box.addLayout(self._build_middle(content))
        box.addLayout(self._build_charts(content))
        box.addStretch(1)

        self.setStyleSheet(PAGE_STYLE)
        self._recount_timer = QTimer(self, singleShot=True, interval=RECOUNT_DELAY_MS)
        self._recount_timer.timeout.connect(self.refresh)
        context.registrationsChanged.connect(self._on_registrations_changed)
        context.activeEventChanged.connect(self._on_active_event_changed)
        context.eventsChanged.connect(self._update_scope_texts)
        self._update_scope_texts()
        self.refresh()

    # -- construction -----------------------------------------------------------------------
    def _build_header(self, parent: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(10)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        title = QLabel(QCoreApplication.translate("DashboardPage", "Dashboard"), parent)
        title.setProperty("role", "pageTitle")
        self.scope_label = QLabel(parent)
        self.scope_label.setObjectName("dashboardScopeLabel")
        self.scope_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status = hint_label(parent)
        self.status.setObjectName("dashboardStatus")
        titles.addWidget(title)
        titles.addWidget(self.scope_label)
        titles.addWidget(self.status)
        row.addLayout(titles, 1)
        shown = QLabel(QCoreApplication.translate("DashboardPage", "Show"), parent)
        shown.setObjectName("dashboardShowLabel")
        self.scope_label_buddy = shown
        self.scope = ElidingComboBox(parent)
        # As wide as the header leaves it (the active event's name elides in the middle).
        self.scope.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.scope.setMinimumContentsLength(18)
        self.scope.setObjectName("dashboardScope")
        self.scope.setAccessibleName(
            QCoreApplication.translate("DashboardPage", "Show figures for")
        )
        self.scope.addItem(QCoreApplication.translate("DashboardPage", "Active event"), ACTIVE)
        self.scope.addItem(QCoreApplication.translate("DashboardPage", "All events"), ALL)
        self.scope.addItem(
            QCoreApplication.translate("DashboardPage", "Whole consortium"), CONSORTIUM
        )
        self.scope.currentIndexChanged.connect(self._on_scope_changed)
        shown.setBuddy(self.scope)
        self.export_button = QPushButton(
            QCoreApplication.translate("DashboardPage", "Export…"), parent
        )
        self.export_button.setObjectName("dashboardExport")
        self.export_button.setToolTip(
            QCoreApplication.translate(
                "DashboardPage",
                "Save the session summary (PDF, Excel, JSON) or the Appendix 7.1 partner report",
            )
        )
        menu = QMenu(self.export_button)
        for what, fmt, text, _filter in EXPORTS:
            action = menu.addAction(QCoreApplication.translate("pages_dashboard", text))
            action.setObjectName(f"export_{what}_{fmt}")
            action.triggered.connect(lambda _=False, w=what, f=fmt: self.export(w, f))
            if (what, fmt) in (
                ("summary", formats.SUMMARY[-1]),
                ("partners", formats.PARTNER_REPORT[-1]),
            ):
                menu.addSeparator()
        self.export_menu = menu
        self.export_button.setMenu(menu)
        # The label on the line of its box: the three share one row, at the top of the header.
        controls = QHBoxLayout()
        controls.setSpacing(8)
        for w in (shown, self.scope, self.export_button):
            controls.addWidget(w, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(controls)
        row.setAlignment(controls, Qt.AlignmentFlag.AlignTop)
        return row

    def _build_tiles(self, parent: QWidget) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(10)
        self.tiles: dict[str, FigureTile] = {}
        for i, (key, caption) in enumerate(TILES):
            tile = FigureTile(key, QCoreApplication.translate("pages_dashboard", caption), parent)
            self.tiles[key] = tile
            grid.addWidget(tile, i // 4, i % 4)
        for col in range(4):
            grid.setColumnStretch(col, 1)
        return grid

    def _build_middle(self, parent: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(12)
        card, box = section_card(
            parent,
            "dashboardMapCard",
            QCoreApplication.translate("DashboardPage", "Followers by country"),
            compact=True,
        )
        self.map = EuropeMap(card)
        self.map.setMinimumHeight(420)
        box.addWidget(self.map, 1)
        self.outside_map = hint_label(card)
        self.outside_map.setObjectName("outsideMap")
        box.addWidget(self.outside_map)
        row.addWidget(card, 3)

        side = QVBoxLayout()
        side.setSpacing(12)
        card, box = section_card(
            parent,
            "dashboardTargets",
            QCoreApplication.translate("DashboardPage", "Table 7 targets"),
            compact=True,
        )
        self.targets: dict[str, QProgressBar] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        for i, (key, name) in enumerate(
            (("lea_n_member_states", QCoreApplication.translate("DashboardPage", "LEA-N member states")),
             ("procurers", QCoreApplication.translate("DashboardPage", "Procurers")),
             ("schools", QCoreApplication.translate("DashboardPage", "Schools")))
        ):  # fmt: skip
            label = QLabel(name, card)
            label.setProperty("role", "fieldLabel")
            bar = QProgressBar(card)
            bar.setObjectName(f"target_{key}")
            bar.setAccessibleName(name)
            bar.setTextVisible(True)
            bar.setMinimumWidth(TARGET_MIN_WIDTH)
            label.setBuddy(bar)
            bar.setProperty("role", "target")
            grid.addWidget(label, i, 0)
            grid.addWidget(bar, i, 1)
            self.targets[key] = bar
        grid.setColumnStretch(1, 1)
        box.addLayout(grid)
        box.addWidget(
            hint_label(
                card,
                QCoreApplication.translate(
                    "DashboardPage",
                    "Table 7: LEA-N members from 15 member states, 25 procurers, 30 schools. A member state counts for LEA-N once it has a procurer who chose the LEA-N interest or a signed letter of intent.",
                ),
            )
        )
        side.addWidget(card)

        card, box = section_card(
            parent,
            "dashboardMissing",
            QCoreApplication.translate("DashboardPage", "Member states still missing"),
            compact=True,
        )
        self.missing_caption = QLabel(card)
        self.missing_caption.setObjectName("missingCaption")
        self.missing_caption.setWordWrap(True)
        box.addWidget(self.missing_caption)
        self.missing = QTableWidget(0, 2, card)
        self.missing.setObjectName("missingStates")
        self.missing.setAccessibleName(
            QCoreApplication.translate(
                "DashboardPage", "EU member states without followers and who is responsible"
            )
        )
        self.missing.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("DashboardPage", "Member state"),
                QCoreApplication.translate("DashboardPage", "Responsible partner"),
            ]
        )
        self.missing.verticalHeader().hide()
        self.missing.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.missing.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.missing.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.missing.setAlternatingRowColors(True)
        header = self.missing.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.missing.setMinimumHeight(240)
        box.addWidget(self.missing, 1)
        side.addWidget(card, 1)
        row.addLayout(side, 2)
        return row

    def _build_charts(self, parent: QWidget) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(12)
        self.types_chart = self._chart_card(
            parent, grid, (0, 0), "dashboardTypes",
            QCoreApplication.translate("DashboardPage", "Followers by type"),
            "typesChart", QCoreApplication.translate("DashboardPage", "Followers by type"),
            QCoreApplication.translate("DashboardPage", "One organisation may tick several types."),
        )  # fmt: skip
        self.collectors_chart = self._chart_card(
            parent, grid, (0, 1), "dashboardCollectors",
            QCoreApplication.translate("DashboardPage", "Who collected how many"),
            "collectorsChart",
            QCoreApplication.translate("DashboardPage", "Followers by staff member"),
        )  # fmt: skip
        self.countries_chart = self._chart_card(
            parent, grid, (1, 0), "dashboardCountries",
            QCoreApplication.translate("DashboardPage", "Top countries"),
            "countriesChart", QCoreApplication.translate("DashboardPage", "Followers by country"),
        )  # fmt: skip
        self.days_chart = self._chart_card(
            parent, grid, (1, 1), "dashboardDays",
            QCoreApplication.translate("DashboardPage", "New followers"),
            "daysChart", QCoreApplication.translate("DashboardPage", "New followers per day"),
        )  # fmt: skip
        self.followup_chart = self._chart_card(
            parent, grid, (2, 0), "dashboardFollowup",
            QCoreApplication.translate("DashboardPage", "To follow up"),
            "followupChart",
            QCoreApplication.translate(
                "DashboardPage", "Followers not contacted yet, by follow-up owner"
            ),
            QCoreApplication.translate(
                "DashboardPage",
                "Followers with an owner and no contact date; how many are due by today.",
            ),
        )  # fmt: skip
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        return grid

    def _chart_card(
        self,
        parent: QWidget,
        grid: QGridLayout,
        cell: tuple[int, int],
        card_name: str,
        title: str,
        chart_name: str,
        chart_title: str,
        hint: str = "",
    ) -> BarList:
        """A compact card holding one bar chart (and a hint under it), placed at `cell`."""
        card, box = section_card(parent, card_name, title, compact=True)
        chart = BarList(chart_name, chart_title, card)
        box.addWidget(chart)
        if hint:
            box.addWidget(hint_label(card, hint))
        box.addStretch(1)
        grid.addWidget(card, *cell)
        return chart

    # -- scope ------------------------------------------------------------------------------
    def scope_key(self) -> str:
        return str(self.scope.currentData() or ACTIVE)

    def set_scope(self, key: str) -> None:
        """Show the active event (`ACTIVE`) or all events (`ALL`)."""
        self.scope.setCurrentIndex(self.scope.findData(key))

    def _event_scope(self) -> tuple[bool, str | None]:
        """(anything to count?, event id or None for all events)."""
        if self.scope_key() in (ALL, CONSORTIUM):
            return True, None
        event = self.context.active_event
        return (event is not None), (event.id if event else None)

    def _update_scope_texts(self, *_args) -> None:
        event = self.context.active_event
        self.scope.setItemText(
            0,
            QCoreApplication.translate("DashboardPage", "Active event: {event_name}").format(
                event_name=event.name
            )
            if event
            else QCoreApplication.translate("DashboardPage", "Active event (none chosen)"),
        )
        self.scope.setItemText(2, self._consortium_text())
        if self.scope_key() == CONSORTIUM:
            count, first, last = self._span
            self.scope_label.setText(
                QCoreApplication.translate(
                    "DashboardPage", "{consortium} — {count} events with followers"
                ).format(consortium=self._consortium_text(), count=count)
                + (f", {date_span(first, last)}" if count else "")
            )
        elif self.scope_key() == ALL:
            count, first, last = self._span
            noun = "event" if count == 1 else "events"
            self.scope_label.setText(
                QCoreApplication.translate(
                    "DashboardPage", "All events — {count} {noun} with followers"
                ).format(count=count, noun=noun)
                + (f", {date_span(first, last)}" if count else "")
            )
        elif event is None:
            self.scope_label.setText(
                QCoreApplication.translate(
                    "DashboardPage",
                    "No active event. Choose one on the Events page, or show all events.",
                )
            )
        else:
            place = event.city or country_name(event.country)
            when = date_span(event.starts, event.ends)
            self.scope_label.setText(" · ".join(x for x in (event.name, place, when) if x))

    def _consortium_text(self) -> str:
        """ "Whole consortium (as of the last sync, 14:02)"."""
        if not self._as_of:
            return QCoreApplication.translate(
                "DashboardPage", "Whole consortium (no sync with the databank yet)"
            )
        moment = dt.datetime.fromisoformat(self._as_of.replace("Z", "+00:00")).astimezone()
        today = moment.date() == dt.datetime.now().astimezone().date()
        return QCoreApplication.translate(
            "DashboardPage", "Whole consortium (as of the last sync, {time})"
        ).format(time=f"{moment:%H:%M}" if today else f"{moment:%Y-%m-%d %H:%M}")

    def _on_scope_changed(self, *_args) -> None:
        self._base = None
        self._update_scope_texts()
        self.refresh()

    def _on_active_event_changed(self, *_args) -> None:
        self._update_scope_texts()
        if self.scope_key() == ACTIVE:
            self._base = None
            self.refresh()

    # -- counting ---------------------------------------------------------------------------
    def on_shown(self) -> None:
        self._update_scope_texts()
        if self._dirty or (self._base is None and not self._running):
            self.refresh()

    def refresh(self) -> None:
        """Count everything again in the background (figures stay as they are meanwhile)."""
        self._recount_timer.stop()
        self._dirty = False
        counted, event_id = self._event_scope()
        scope = (self.scope_key(), event_id)
        if not counted:
            self._base, self._mark, self._base_scope = kpi.Tally(), 0, scope
            self._followups = []
            self._show()
            return
        if self._running:
            self._pending = True
            return
        self._running = True
        started = time.perf_counter()
        if self.summary is None:
            self.status.setText(QCoreApplication.translate("DashboardPage", "Counting…"))

        consortium = self.scope_key() == CONSORTIUM

        def op(job):
            from lea_desktop.storage import directory

            with stats.read_snapshot(job.store.db):
                as_of = directory.synced_at(job.store.db)
                owners = followup.counts_by_owner(job.store.db, event_id=event_id)
                if consortium:
                    # The directory and this laptop's followers not in it yet; rows saved
                    # after `mark` are added as they come (`_current_tally`).
                    mark = stats.last_seq(job.store.db)
                    counted = (reports.consortium_tally(job.store), mark)
                    return counted, directory.event_span(job.store.db), owners, as_of
                return (
                    stats.snapshot(job.store.db, event_id),
                    stats.event_span(job.store.db),
                    owners,
                    as_of,
                )

        def done(result) -> None:
            self._running = False
            if self._event_scope()[1] == event_id and (self.scope_key(), event_id) == scope:
                (self._base, self._mark), self._span, self._followups, self._as_of = result
                self._base_scope = scope
                self._update_scope_texts()
                self._show()
                self.last_full_ms = (time.perf_counter() - started) * 1000
            else:
                self._pending = True  # the scope changed while counting
            if self._pending:
                self._pending = False
                self.refresh()

        def failed(exc: BaseException) -> None:
            self._running = False
            self.status.setText(
                QCoreApplication.translate(
                    "DashboardPage", "Could not count the followers ({type_exc_name})."
                ).format(type_exc_name=type(exc).__name__)
            )
            if self._pending:
                self._pending = False
                self.refresh()

        self.context.run_in_background(op, done, failed, parent=self, label="dashboard count")

    def _on_registrations_changed(self) -> None:
        """A save, edit, deletion or import: show new rows at once, recount in the background."""
        if self._base is not None:
            started = time.perf_counter()
            try:
                if stats.count_since(self.context.store.db, self._mark) <= QUICK_LIMIT:
                    self._show()
                    self.last_quick_ms = (time.perf_counter() - started) * 1000
            except Exception as exc:  # a busy database: the background recount will catch up
                log.warning("dashboard quick update failed: %s", type(exc).__name__)
        if self.isVisible():
            self._recount_timer.start()
        else:
            self._dirty = True

    def _current_tally(self) -> kpi.Tally:
        """The last full count plus the rows saved since (counted now, on this thread)."""
        base = self._base or kpi.Tally()
        counted, event_id = self._event_scope()
        if not counted or stats.last_seq(self.context.store.db) <= self._mark:
            return base
        return base + stats.tally(self.context.store.db, event_id, after_seq=self._mark)

    # -- showing ----------------------------------------------------------------------------
    def _show(self) -> None:
        s = reports.summarise_tally(self._current_tally(), self.form)
        self.summary = s
        eu_total = len(EU_MEMBER_STATES)
        t = self.tiles
        t["followers"].set_value(
            f"{s.total:,}",
            QCoreApplication.translate("DashboardPage", "follower")
            if s.total == 1
            else QCoreApplication.translate("DashboardPage", "followers"),
        )
        t["procurers"].set_value(
            f"{s.procurers:,}",
            QCoreApplication.translate("DashboardPage", "procurers · {share} of followers").format(
                share=kpi.percent(s.procurers, s.total)
            ),
        )
        t["suppliers"].set_value(
            f"{s.suppliers:,}",
            QCoreApplication.translate("DashboardPage", "suppliers · {share} of followers").format(
                share=kpi.percent(s.suppliers, s.total)
            ),
        )
        t["schools"].set_value(f"{s.schools:,}")
        t["member_states"].set_value(f"{len(s.eu_member_states_covered)} / {eu_total}")
        t["candidates"].set_value(f"{s.lea_network_candidates:,}")
        t["letters"].set_value(f"{s.letters_signed:,} / {s.letters_offered:,}")
        t["assistance"].set_value(f"{s.assistance_requests:,}")

        for k in s.kpis:
            bar = self.targets[k.key]
            bar.setRange(0, k.target)
            bar.setValue(min(k.value, k.target))
            left = QCoreApplication.translate("DashboardPage", "{count} to go").format(
                count=f"{k.target - k.value:,}"
            )
            bar.setFormat(
                f"{k.value:,} / {k.target:,}  ·  "
                + (QCoreApplication.translate("DashboardPage", "✓ met") if k.met else left)
            )
            if bar.property("met") != k.met:
                bar.setProperty("met", k.met)
                repolish(bar)
            # The bar is never narrower than its words (bold, as the style sheet draws them).
            bold = QFont(bar.font())
            bold.setBold(True)
            needed = QFontMetrics(bold).horizontalAdvance(bar.text()) + 24
            bar.setMinimumWidth(max(TARGET_MIN_WIDTH, needed))
            tip = QCoreApplication.translate(
                "DashboardPage", "{label}: {value:,} of {target:,} ({explanation})"
            ).format(label=k.label, value=k.value, target=k.target, explanation=k.explanation)
            if k.key == "lea_n_member_states":
                tip += QCoreApplication.translate("DashboardPage", ". Now: {states}").format(
                    states=", ".join(map(country_name, s.lea_n_member_states))
                    or QCoreApplication.translate("DashboardPage", "none")
                )
            bar.setToolTip(tip)

        missing = s.eu_member_states_missing
        self.missing_caption.setText(
            QCoreApplication.translate(
                "DashboardPage",
                "{len_missing} of {eu_total} EU member states have no follower yet — who is responsible (Appendix 7.1):",
            ).format(len_missing=len(missing), eu_total=eu_total)
            if missing
            else QCoreApplication.translate(
                "DashboardPage", "Every EU member state has at least one follower."
            )
        )
        self.missing.setRowCount(len(missing))
        for row, (code, partner) in enumerate(missing):
            name = QTableWidgetItem(f"{country_name(code)} ({code})")
            name.setData(Qt.ItemDataRole.UserRole, code)
            self.missing.setItem(row, 0, name)
            self.missing.setItem(row, 1, QTableWidgetItem(partner or "—"))

        self.map.set_counts(s.by_country)
        outside = {c: n for c, n in s.by_country.items() if not self.map.on_map(c)}
        if outside:
            top, (others, rest) = kpi.top_with_others(outside, 5)
            text = ", ".join(f"{country_name(c)} {n:,}" for c, n in top)
            if others:
                text += QCoreApplication.translate(
                    "DashboardPage", ", {others} more ({rest:,})"
                ).format(others=others, rest=rest)
            self.outside_map.setText(
                QCoreApplication.translate("DashboardPage", "Outside the map: {text}.").format(
                    text=text
                )
            )
        else:
            self.outside_map.setText("")

        type_items = sorted(
            ((self._type_label(v), n, v) for v, n in s.by_type.items()), key=lambda x: -x[1]
        )
        self.types_chart.set_items(
            [(label, n) for label, n, _v in type_items],
            value_text=[f"{n:,} ({kpi.percent(n, s.total)})" for _l, n, _v in type_items],
            colours={
                i: ACCENT_BAR for i, (_l, _n, v) in enumerate(type_items) if v == kpi.PROCURER
            },
        )
        top, (others, rest) = kpi.top_with_others(s.by_country, TOP_COUNTRIES)
        items = [(country_name(c), n) for c, n in top]
        if others:
            items.append(
                (
                    QCoreApplication.translate("DashboardPage", "{count} other countries").format(
                        count=others
                    ),
                    rest,
                )
            )
        self.countries_chart.set_items(
            items,
            colours={len(items) - 1: OTHERS_BAR} if others else None,
            empty=QCoreApplication.translate("DashboardPage", "No followers yet"),
        )
        unit, series = kpi.day_series(s.by_day, self._event_span())
        if unit == "day":
            labels = [_day_label(k) for k, _n in series]
        else:
            labels = [_month_label(k) for k, _n in series]
        self.days_chart.set_items(
            list(zip(labels, (n for _k, n in series), strict=True)),
            empty=QCoreApplication.translate("DashboardPage", "No followers yet"),
        )
        self.collectors_chart.set_items(
            list(s.collected_by.items()),
            empty=QCoreApplication.translate("DashboardPage", "No followers yet"),
        )
        self.followup_chart.set_items(
            [(row.owner, row.open) for row in self._followups],
            value_text=[
                QCoreApplication.translate("DashboardPage", "{open} · {due} due").format(
                    open=f"{row.open:,}", due=f"{row.due:,}"
                )
                for row in self._followups
            ],
            empty=QCoreApplication.translate("DashboardPage", "No follow-up waiting"),
        )
        self.status.setText(
            QCoreApplication.translate("DashboardPage", "Updated {time_strftime_h_m_s}").format(
                time_strftime_h_m_s=time.strftime("%H:%M:%S")
            )
        )
        self.updates += 1

    def _type_label(self, value: str) -> str:
        choice = self.form.field(kpi.TYPES_FIELD).choice(value)
        return choice.label("en") if choice else value

    def _event_span(self) -> tuple[str, str] | None:
        event = self.context.active_event if self.scope_key() == ACTIVE else None
        return (event.starts, event.ends) if event else None

    # -- exports ----------------------------------------------------------------------------
    @classmethod
    def ask_save_path(cls, parent: QWidget, title: str, suggested: str, filters: str) -> str:
        """The file to write, chosen by the user ("" when cancelled); tests replace this."""
        path, _selected = QFileDialog.getSaveFileName(parent, title, suggested, filters)
        return path

    def export(self, what: str, fmt: str) -> None:
        """Ask where, then write the summary or partner report in the background."""
        spec = next(e for e in EXPORTS if e[0] == what and e[1] == fmt)
        _counted, event_id = self._event_scope()
        event = self.context.active_event if event_id else None
        suffix = "csv" if what == "mailing" else fmt
        consortium = what == "summary" and self.scope_key() == CONSORTIUM
        if consortium:
            stem = "lea-summary-consortium"
        elif what == "summary":
            stem = f"lea-summary-{event.slug}" if event else "lea-summary-all-events"
        elif what == "mailing":
            stem = f"lea-followers-{fmt}-{event.slug}" if event else f"lea-followers-{fmt}"
        else:
            stem = "lea-n-partner-report"
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder or Path.home()) / f"{stem}.{suffix}")
        title = QCoreApplication.translate("pages_dashboard", spec[2]).rstrip("…")
        path = self.ask_save_path(
            self, title, suggested, QCoreApplication.translate("pages_dashboard", spec[3])
        )
        if not path:
            return
        out = Path(path)
        if out.suffix.lower() != f".{suffix}":
            out = out.with_name(out.name + f".{suffix}")
        self.export_button.setEnabled(False)
        self.status.setText(
            QCoreApplication.translate("DashboardPage", "Writing {out_name}…").format(
                out_name=out.name
            )
        )

        def op(job):
            if what == "summary":

                def progress(done: int, total: int) -> None:
                    job.raise_if_cancelled()
                    job.progress(done, total, "followers")

                reports.write_summary(
                    job.store, event_id, fmt, out, progress=progress, consortium=consortium
                )
            elif what == "mailing":
                handover.write_mailing_list(job.store, fmt, out, event_id=event_id)
            else:
                reports.write_partner_report(job.store, fmt, out)
            return out

        def done(written: Path) -> None:
            self.export_button.setEnabled(True)
            self.status.setText(
                QCoreApplication.translate("DashboardPage", "Saved {written_name}").format(
                    written_name=written.name
                )
            )
            self.context.show_status(
                QCoreApplication.translate("DashboardPage", "Saved {written}").format(
                    written=written
                )
            )

        def failed(exc: BaseException) -> None:
            self.export_button.setEnabled(True)
            if isinstance(exc, reports.ReportError):
                text = str(exc)
            elif isinstance(exc, OSError):
                text = QCoreApplication.translate(
                    "DashboardPage", "Cannot write {out}: {exc_strerror_or_exc}"
                ).format(out=out, exc_strerror_or_exc=exc.strerror or exc)
            else:
                text = QCoreApplication.translate(
                    "DashboardPage", "Could not write {out_name} ({type_exc_name})."
                ).format(out_name=out.name, type_exc_name=type(exc).__name__)
            self.status.setText(text)
            self.context.show_status(text, 10000)

        def progress(p) -> None:
            if p.total:
                self.status.setText(
                    QCoreApplication.translate(
                        "DashboardPage", "Writing {out_name}: {p_done:,} of {p_total:,} followers…"
                    ).format(out_name=out.name, p_done=p.done, p_total=p.total)
                )

        self.context.run_in_background(
            op, done, failed, progress, parent=self, label=f"export {what} {fmt}"
        )


def _day_label(day: str) -> str:
    import datetime as dt

    d = dt.date.fromisoformat(day)
    return f"{d:%a} {d.day} {d:%b %Y}"


def _month_label(month: str) -> str:
    import datetime as dt

    return dt.date.fromisoformat(month + "-01").strftime("%b %Y")
