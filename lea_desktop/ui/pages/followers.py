"""The followers page: every sign-up in a table, filtered as you type, opened to edit or delete.

The filter queries SQLite's full-text indexes on each keystroke (a trigram index for 3+
characters, word prefixes for one or two: about a millisecond at 100,000 rows); the table model
fetches only the rows on screen. When the page is hidden, changes are noted and the query runs
again the next time it is shown.
"""

from __future__ import annotations

import time

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lea_desktop.storage import registrations
from lea_desktop.ui import erasure, follower_editor
from lea_desktop.ui.context import AppContext
from lea_desktop.ui.models.followers_model import FollowersModel
from lea_desktop.usecases import followup

# Share of the table's width per column type, until the user drags a column edge.
COLUMN_SHARES = {"text": 1.0, "email": 1.2, "country": 0.7, "multichoice": 1.0}
CREATED_SHARE = 0.95
# How readily a column type gives up width when the view is too narrow for all (countries
# never; emails only once the others are down to their headers).
SHRINK_WEIGHTS = {"text": 1.0, "email": 1.0, "country": 0.0, "multichoice": 1.6}
# After the page is first shown: build the follower editor ahead of need (follower_editor.py),
# once the list has been drawn and the user is reading it.
PREPARE_EDITOR_MS = 400
NO_OWNER = "\x00none"  # the owner filter's "No owner yet" (never a partner's name)


class FollowersPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.form = context.form("follower_signup")
        self._dirty = False
        self.last_filter_ms: float | None = None  # time of the last query, for the bench

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 12)
        outer.setSpacing(10)
        title = QLabel(QCoreApplication.translate("FollowersPage", "Followers"), self)
        title.setProperty("role", "pageTitle")
        outer.addWidget(title)

        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("followersFilter")
        self.filter_edit.setAccessibleName(
            QCoreApplication.translate("FollowersPage", "Filter followers")
        )
        searchable = [self.form.field(fid).label("en").lower() for fid in self.form.searchable_ids]
        self.filter_edit.setPlaceholderText(
            QCoreApplication.translate("FollowersPage", "Filter by ") + ", ".join(searchable) + "…"
        )
        self.filter_edit.setClearButtonEnabled(True)
        # Every keystroke queries at once: one or two characters go to the word-prefix index,
        # as fast as the trigram index (no LIKE scan to wait a pause in typing for).
        self.filter_edit.textChanged.connect(self.apply_filter)
        bar.addWidget(self.filter_edit, 1)
        self.scope_active = QPushButton(
            QCoreApplication.translate("FollowersPage", "This event"), self
        )
        self.scope_active.setObjectName("scopeActiveEvent")
        self.scope_all = QPushButton(
            QCoreApplication.translate("FollowersPage", "All events"), self
        )
        self.scope_all.setObjectName("scopeAllEvents")
        self.scope_group = QButtonGroup(self)
        for button in (self.scope_active, self.scope_all):
            button.setCheckable(True)
            button.setProperty("segment", True)
            self.scope_group.addButton(button)
            bar.addWidget(button)
        self.scope_active.setChecked(True)
        self.scope_group.buttonClicked.connect(lambda _b: self.apply_filter())
        outer.addLayout(bar)
        outer.addLayout(self._build_qualification_bar())

        self.model = FollowersModel(context.store, self.form, "en", self)
        self.table = QTableView(self)
        self.table.setObjectName("followersTable")
        self.table.setAccessibleName(QCoreApplication.translate("FollowersPage", "Followers"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.table.verticalHeader()
        vertical.hide()
        # Fixed row heights: the view never measures 100,000 rows.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self._user_sized = False
        self._editor_prepared = False
        self._sizing = False
        header.sectionResized.connect(self._on_section_resized)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # A click on a header sorts by that column, in SQLite (FollowersModel.sort); the sign-up
        # time newest first is where it starts.
        header.setSortIndicator(self.model.columnCount() - 1, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.model.modelReset.connect(self._show_qualification_columns)
        self.table.doubleClicked.connect(self._open_index)
        self.table.viewport().installEventFilter(self)
        outer.addWidget(self.table, 1)

        bottom = QHBoxLayout()
        self.count_label = QLabel(self)
        self.count_label.setObjectName("followersCount")
        self.count_label.setProperty("role", "hint")
        bottom.addWidget(self.count_label, 1)
        self.open_button = QPushButton(QCoreApplication.translate("FollowersPage", "Open…"), self)
        self.open_button.setObjectName("openFollowerButton")
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button = QPushButton(
            QCoreApplication.translate("FollowersPage", "Erase…"), self
        )
        self.delete_button.setToolTip(
            QCoreApplication.translate(
                "FollowersPage", "Erase this person everywhere, backups included (Delete)"
            )
        )
        self.delete_button.setObjectName("deleteFollowerButton")
        self.delete_button.setProperty("danger", True)
        self.delete_button.clicked.connect(self.delete_selected)
        bottom.addWidget(self.open_button)
        bottom.addWidget(self.delete_button)
        outer.addLayout(bottom)

        for keys, slot in (
            (QKeySequence(Qt.Key.Key_Return), self.open_selected),
            (QKeySequence(Qt.Key.Key_Enter), self.open_selected),
            (QKeySequence(QKeySequence.StandardKey.Delete), self.delete_selected),
        ):
            shortcut = QShortcut(keys, self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(lambda: self.filter_edit.setFocus())
        self.filter_edit.returnPressed.connect(self._focus_table)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        # a new query resets the model and drops the selection without selectionChanged
        self.model.modelReset.connect(self._update_buttons)
        self.model.rowsRemoved.connect(self._update_buttons)
        self._update_buttons()

        context.registrationsChanged.connect(self._on_data_changed)
        context.activeEventChanged.connect(self._on_active_event)
        self._on_active_event(context.active_event)
        # Column widths follow what is shown: the first rows of each new result.
        self.model.modelReset.connect(lambda: QTimer.singleShot(0, self, self._size_columns))
        self._size_columns()

    def _build_qualification_bar(self) -> QHBoxLayout:
        """Narrow the list by the staff's qualification: rating, follow-up owner, due."""
        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.rating_filter = QComboBox(self)
        self.rating_filter.setObjectName("ratingFilter")
        self.rating_filter.setAccessibleName(
            QCoreApplication.translate("FollowersPage", "Filter by rating")
        )
        self.rating_filter.addItem(QCoreApplication.translate("FollowersPage", "Any rating"), "")
        for choice in self.form.field(followup.RATING).choices:
            self.rating_filter.addItem(choice.label("en"), choice.value)
        self.owner_filter = QComboBox(self)
        self.owner_filter.setObjectName("ownerFilter")
        self.owner_filter.setAccessibleName(
            QCoreApplication.translate("FollowersPage", "Filter by follow-up owner")
        )
        self.owner_filter.addItem(QCoreApplication.translate("FollowersPage", "Any owner"), "")
        self.owner_filter.addItem(
            QCoreApplication.translate("FollowersPage", "No owner yet"), NO_OWNER
        )
        for choice in self.form.field(followup.OWNER).choices:
            self.owner_filter.addItem(choice.label("en"), choice.value)
        self.due_filter = QPushButton(
            QCoreApplication.translate("FollowersPage", "Due for follow-up"), self
        )
        self.due_filter.setObjectName("dueFilter")
        self.due_filter.setCheckable(True)
        self.due_filter.setToolTip(
            QCoreApplication.translate(
                "FollowersPage", "Only followers due by today and not contacted yet"
            )
        )
        for combo in (self.rating_filter, self.owner_filter):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
            bar.addWidget(combo)
        self.due_filter.toggled.connect(lambda _on: self.apply_filter())
        bar.addWidget(self.due_filter)
        bar.addStretch(1)
        self.sort_box = QComboBox(self)
        self.sort_box.setObjectName("followersSort")
        self.sort_box.setAccessibleName(QCoreApplication.translate("FollowersPage", "Sort by"))
        self.sort_box.addItem(QCoreApplication.translate("FollowersPage", "Newest first"), "")
        for fid, text in (
            (followup.DUE, QT_TRANSLATE_NOOP("FollowersPage", "Follow-up date, soonest first")),
            (followup.RATING, QT_TRANSLATE_NOOP("FollowersPage", "Rating, hot first")),
            (followup.OWNER, QT_TRANSLATE_NOOP("FollowersPage", "Follow-up owner, A–Z")),
        ):
            self.sort_box.addItem(QCoreApplication.translate("FollowersPage", text), fid)
        self.sort_box.currentIndexChanged.connect(self._sort_chosen)
        bar.addWidget(self.sort_box)
        # Narrow windows: the boxes give up width (their lists still show whole names).
        for combo in (self.rating_filter, self.owner_filter, self.sort_box):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(10)
        return bar

    def _column_of(self, field_id: str) -> int:
        return next(c for c, f in enumerate(self.model.fields) if f.id == field_id)

    def _sort_chosen(self, _index: int) -> None:
        fid = self.sort_box.currentData()
        if fid:
            self.table.sortByColumn(self._column_of(fid), Qt.SortOrder.AscendingOrder)
        else:
            self.table.sortByColumn(self.model.columnCount() - 1, Qt.SortOrder.DescendingOrder)

    def _show_qualification_columns(self) -> None:
        """The staff's qualification columns (rating, owner, due date) are shown while the list
        is narrowed or sorted by them; otherwise the follower's own columns have the room."""
        qualification = [c for c, f in enumerate(self.model.fields) if f.listed]
        order = self.model.order
        wanted = bool(self.model.narrowing) or (order is not None and order[0] in qualification)
        changed = False
        for c in qualification:
            if self.table.isColumnHidden(c) == wanted:
                self.table.setColumnHidden(c, not wanted)
                changed = True
        if changed:
            QTimer.singleShot(0, self, self._size_columns)

    def _narrowing(self) -> dict[str, object]:
        """What the qualification bar asks of the followers' answers."""
        equals: dict[str, str] = {}
        blank: list[str] = []
        on_or_before: dict[str, str] = {}
        if rating := self.rating_filter.currentData():
            equals[followup.RATING] = str(rating)
        owner = self.owner_filter.currentData()
        if owner == NO_OWNER:
            blank.append(followup.OWNER)
        elif owner:
            equals[followup.OWNER] = str(owner)
        if self.due_filter.isChecked():
            due = followup.due_narrowing()
            on_or_before.update(due["on_or_before"])
            blank.extend(due["blank"])
        return {"equals": equals, "on_or_before": on_or_before, "blank": tuple(blank)}

    # -- querying ---------------------------------------------------------------------------
    @property
    def all_events(self) -> bool:
        return self.scope_all.isChecked()

    def set_all_events(self, value: bool) -> None:
        (self.scope_all if value else self.scope_active).setChecked(True)
        self.apply_filter()

    def apply_filter(self, *_: object) -> None:
        """Run the query for the filter text and scope; keep the selected follower if still shown."""
        started = time.perf_counter()
        keep = self.selected_id()
        event = self.context.active_event
        event_id = None if self.all_events or event is None else event.id
        try:
            self.model.set_narrowing(**self._narrowing())  # type: ignore[arg-type]
            self.model.set_query(self.filter_edit.text(), event_id)
        except Exception as exc:  # a locked database: say so, keep the filter text
            from lea_desktop.storage.database import explain

            self.count_label.setText(explain(exc))
            return
        self.last_filter_ms = (time.perf_counter() - started) * 1000
        self._dirty = False
        self._update_count()
        if keep:
            row = self.model.row_of(keep)
            if row >= 0:
                self.select_row(row)
        self._update_buttons()

    def _update_count(self) -> None:
        shown = self.model.rowCount()
        event = self.context.active_event
        where = (
            QCoreApplication.translate("FollowersPage", "in all events")
            if self.all_events or event is None
            else QCoreApplication.translate("FollowersPage", "at {event}").format(event=event.name)
        )
        what = (
            QCoreApplication.translate("FollowersPage", "1 follower")
            if shown == 1
            else QCoreApplication.translate("FollowersPage", "{count} followers").format(
                count=f"{shown:,}"
            )
        )
        term = self.filter_edit.text().strip()
        filtered = registrations.match_query(term) is not None  # "." alone filters nothing
        if self.model.narrowing:
            where += QCoreApplication.translate("FollowersPage", " (narrowed)")
        self.count_label.setText(
            f"{what} {where}"
            + (
                QCoreApplication.translate("FollowersPage", " matching “{term}”").format(term=term)
                if filtered
                else ""
            )
        )

    def _on_data_changed(self) -> None:
        self.model.invalidate()
        if self.isVisible():
            self.apply_filter()
        else:
            self._dirty = True

    def _on_active_event(self, event) -> None:
        self.scope_active.setEnabled(event is not None)
        name = event.name if event else QCoreApplication.translate("FollowersPage", "This event")
        self.scope_active.setText(
            self.scope_active.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, 200)
        )
        self.scope_active.setToolTip(
            QCoreApplication.translate("FollowersPage", "Only followers of the active event")
        )
        if event is None:
            self.scope_all.setChecked(True)
        if self.isVisible():
            self.apply_filter()
        else:
            self._dirty = True

    def on_shown(self) -> None:
        # Records may have arrived by paths that do not announce themselves (a sync pull, an
        # import in another window): read the scope again each time the page is shown.
        self.model.invalidate()
        self.apply_filter()
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()
        if not self._editor_prepared:  # build the editor while the user reads the list
            self._editor_prepared = True
            QTimer.singleShot(PREPARE_EDITOR_MS, self._prepare_editor)

    def _prepare_editor(self) -> None:
        follower_editor.prepare_follower_editor(self.context, self, self.form.id)

    def _size_columns(self) -> None:
        """Fit the columns to the view: every header whole, and each column as wide as the
        rows on screen need when there is room. When there is not, each gives up the same share
        of what it wanted beyond its header (so an email is cut no more than an organisation);
        when there is more, the free-text columns (organisation first) take it in COLUMN_SHARES
        proportions. Too narrow even for the headers, the table scrolls sideways."""
        if self._user_sized:
            return
        fields = self.model.fields
        hidden = {c for c in range(self.model.columnCount()) if self.table.isColumnHidden(c)}
        shares = [
            0.0 if c in hidden else COLUMN_SHARES.get(f.type, 1.0) for c, f in enumerate(fields)
        ]
        shares[0] *= 1.4  # the first column (organisation) is what people scan for
        shares.append(CREATED_SHARE)
        count = len(shares)
        header_font = QFont(self.table.horizontalHeader().font())
        header_font.setBold(True)  # the style sheet's header weight, at its widest
        header_fm = QFontMetrics(header_font)
        cell_fm = self.table.fontMetrics()
        pad = 30  # cell margins, and the header's sort indicator
        headers = [
            0
            if c in hidden
            else header_fm.horizontalAdvance(
                str(self.model.headerData(c, Qt.Orientation.Horizontal))
            )
            + pad
            for c in range(count)
        ]
        # The rows on screen (read for painting anyway: no extra page) say how wide content runs.
        first = max(0, self.table.rowAt(0))
        rows = range(first, min(self.model.rowCount(), first + 40))
        wanted = list(headers)
        for c in range(count):
            if c in hidden:
                continue
            widths = sorted(
                cell_fm.horizontalAdvance(str(self.model.index(r, c).data() or "")) for r in rows
            )
            if widths:  # the 90th percentile: one freak value does not widen the column
                wanted[c] = max(
                    headers[c], widths[min(len(widths) - 1, len(widths) * 9 // 10)] + 12
                )
        width = max(self.table.viewport().width() - 2, 400)
        room = width - sum(wanted)
        if room >= 0:
            flexible = [
                c
                for c, f in enumerate(fields)
                if f.type in ("text", "multichoice") and c not in hidden
            ]
            flexible = flexible or list(range(count))
            total = sum(shares[c] for c in flexible)
            sizes = list(wanted)
            for c in flexible:
                sizes[c] += int(room * shares[c] / total)
        else:
            # Dates and countries stay whole; the others give up width down to their header,
            # lists of types readily, emails last (a cut address is useless).
            floors = [
                wanted[c] if c == count - 1 or fields[c].type == "country" else headers[c]
                for c in range(count)
            ]
            sizes = list(wanted)
            # First the free text gives way; emails only when that is not enough.
            for stage in ("others", "emails"):
                weights = [
                    SHRINK_WEIGHTS.get(f.type, 1.0)
                    if (f.type == "email") == (stage == "emails")
                    else 0.0
                    for f in fields
                ] + [0.0]
                need = sum(sizes) - width
                for _ in range(4):  # a column at its floor hands its part to the others
                    slack = [(sizes[c] - floors[c]) * weights[c] for c in range(count)]
                    total = sum(slack)
                    if need <= 0 or total <= 0:
                        break
                    for c in range(count):
                        give = min(sizes[c] - floors[c], int(need * slack[c] / total) + 1)
                        if give > 0 and weights[c]:
                            sizes[c] -= give
                    need = sum(sizes) - width
        self._sizing = True
        for col, size in enumerate(sizes):
            if col not in hidden:
                self.table.setColumnWidth(col, size)
        self._sizing = False

    def _on_section_resized(self, column: int, _old: int, _new: int) -> None:
        # The last column stretches with the view; only a drag of another edge is the user's.
        if not self._sizing and column < self.model.columnCount() - 1:
            self._user_sized = True

    def eventFilter(self, watched, event) -> bool:
        # The viewport narrows when the vertical scroll bar appears: fit the columns again.
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self._size_columns)
        return super().eventFilter(watched, event)

    # -- selection --------------------------------------------------------------------------
    def selected_row(self) -> int:
        """The selected row, or -1: Open and Erase act on a selection only (a current cell
        left without one after a click away is not a choice)."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def selected_id(self) -> str:
        row = self.selected_row()
        return self.model.registration_id(row) if row >= 0 else ""

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def _focus_table(self) -> None:
        if self.model.rowCount():
            if self.selected_row() < 0:
                self.select_row(0)
            self.table.setFocus()

    def _update_buttons(self, *_: object) -> None:
        has = self.selected_row() >= 0
        self.open_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    # -- actions ----------------------------------------------------------------------------
    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_row(index.row())

    def open_selected(self) -> None:
        row = self.selected_row()
        if row >= 0:
            self.open_row(row)

    def open_row(self, row: int):
        reg_id = self.model.registration_id(row)
        if not reg_id:
            return None
        self.editor = follower_editor.open_follower_editor(self.context, reg_id, self)
        return self.editor

    def delete_selected(self) -> bool:
        reg_id = self.selected_id()
        if not reg_id:
            return False
        reg = registrations.get(self.context.store.db, reg_id)
        if reg is None:
            self.apply_filter()
            return False
        what = follower_editor.describe(reg, self.form)
        if not follower_editor.confirm_delete(self, what):
            return False
        row = self.selected_row()
        try:  # an erasure: backups are scrubbed on a worker (lea_desktop/ui/erasure.py)
            erasure.erase(self.context, reg_id, what)
        except Exception as exc:
            from lea_desktop.storage.database import explain

            self.context.show_status(explain(exc), 10000)
            return False
        self.context.notify_registrations_changed()  # re-runs the query while the page is shown
        if self.model.rowCount():
            self.select_row(min(row, self.model.rowCount() - 1))
        return True
