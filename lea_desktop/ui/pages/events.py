"""The events page: the list of events (`eventList`), an editor beside it, and the choice of the
active event sign-ups go to. On an empty database it offers the seed report's example events;
once loaded they are marked as examples (never used for sign-ups, never sent to the databank)
and one button removes them all.

Fields are checked by `lea_desktop.usecases.event_rules` (the same checks as `lea-desktop events add`);
each message appears under its field and nothing typed is cleared by a failed save.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lea_desktop import reference
from lea_desktop.domain import clock
from lea_desktop.domain.clock import date_span
from lea_desktop.domain.records import EVENT_KINDS, Event
from lea_desktop.storage import events, stats
from lea_desktop.ui.context import AppContext
from lea_desktop.ui.i18n import counted
from lea_desktop.ui.style import repolish
from lea_desktop.ui.widgets import Banner, CountryCombo, ElidingComboBox
from lea_desktop.usecases.event_rules import event_field_errors, load_seed_events

ID_ROLE = Qt.ItemDataRole.UserRole + 1
DATE_FORMAT = "yyyy-MM-dd"
# The event kinds (domain.records.EVENT_KINDS) as the kind box shows them, for the translators.
KIND_WORDS = (
    QT_TRANSLATE_NOOP("EventsPage", "Fair"),
    QT_TRANSLATE_NOOP("EventsPage", "Conference"),
    QT_TRANSLATE_NOOP("EventsPage", "Workshop"),
    QT_TRANSLATE_NOOP("EventsPage", "Webinar"),
    QT_TRANSLATE_NOOP("EventsPage", "Open market consultation"),
)


def _qdate(text: str) -> QDate:
    date = QDate.fromString(text, DATE_FORMAT)
    return date if date.isValid() else QDate.currentDate()


class EventsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.editing: Event | None = None  # None: the editor holds a new event

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 12)
        outer.setSpacing(10)
        title = QLabel(QCoreApplication.translate("EventsPage", "Events"), self)
        title.setProperty("role", "pageTitle")
        outer.addWidget(title)

        self.seed_banner = Banner("seedPanel", "info", self)
        self.seed_button = self.seed_banner.add_button(
            QCoreApplication.translate("EventsPage", "Load example events"),
            "loadSeedEventsButton",
            self.load_seed_events,
        )
        self.remove_examples_button = self.seed_banner.add_button(
            QCoreApplication.translate("EventsPage", "Remove example events"),
            "removeExampleEventsButton",
            self.remove_examples,
        )
        self._examples: set[str] = set()
        outer.addWidget(self.seed_banner)

        body = QHBoxLayout()
        body.setSpacing(16)
        left = QVBoxLayout()
        left.setSpacing(8)
        self.event_list = QListWidget(self)
        self.event_list.setObjectName("eventList")
        self.event_list.setAccessibleName(QCoreApplication.translate("EventsPage", "Events"))
        self.event_list.setMinimumWidth(240)
        self.event_list.setWordWrap(True)  # a long name or line wraps; it is not cut
        self.event_list.currentItemChanged.connect(self._on_current)
        self.event_list.itemDoubleClicked.connect(lambda _item: self.use_selected())
        left.addWidget(self.event_list, 1)
        row = QHBoxLayout()
        self.show_archived = QCheckBox(
            QCoreApplication.translate("EventsPage", "Show archived"), self
        )
        self.show_archived.setObjectName("showArchivedEvents")
        self.show_archived.toggled.connect(lambda _v: self.reload())
        self.new_button = QPushButton(QCoreApplication.translate("EventsPage", "New event"), self)
        self.new_button.setObjectName("newEventButton")
        self.new_button.clicked.connect(self.new_event)
        row.addWidget(self.show_archived, 1)
        row.addWidget(self.new_button)
        left.addLayout(row)
        body.addLayout(left, 2)
        body.addWidget(self._build_editor(), 3)
        outer.addLayout(body, 1)

        context.eventsChanged.connect(self.reload)
        context.activeEventChanged.connect(lambda _e: self.reload())
        context.registrationsChanged.connect(self._refresh_counts_later)
        self._counts_stale = False
        self.reload()
        if self.event_list.count() == 0:
            self.new_event()
        else:  # open on the event sign-ups go to (its details, ready to edit), else the first
            active = context.active_event
            if active is not None:
                self.select_event(active.id)
            if self.event_list.currentItem() is None:
                self.event_list.setCurrentRow(0)

    # -- the editor -------------------------------------------------------------------------
    def _build_editor(self) -> QWidget:
        card = QFrame(self)
        card.setObjectName("eventEditor")
        card.setProperty("role", "card")
        box = QVBoxLayout(card)
        box.setContentsMargins(18, 14, 18, 14)
        box.setSpacing(8)
        self.editor_title = QLabel(card)
        self.editor_title.setProperty("role", "section")
        box.addWidget(self.editor_title)
        self.active_note = QLabel(card)
        self.active_note.setObjectName("eventActiveNote")
        self.active_note.setProperty("role", "hint")
        self.active_note.setWordWrap(True)
        box.addWidget(self.active_note)

        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}

        self.name_edit = QLineEdit(card)
        self.city_edit = QLineEdit(card)
        self.country_combo = CountryCombo("en", card)
        self.starts_edit = QDateEdit(card)
        self.ends_edit = QDateEdit(card)
        for edit in (self.starts_edit, self.ends_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE_FORMAT)
        self.starts_edit.dateChanged.connect(self._keep_end_after_start)
        self.kind_combo = QComboBox(card)
        self.kind_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.kind_combo.setMinimumContentsLength(10)
        for kind in EVENT_KINDS:
            self.kind_combo.addItem(
                QCoreApplication.translate("EventsPage", kind.capitalize()), kind
            )
        self.partner_combo = ElidingComboBox(card)
        # Sized by the box, not by the longest partner's name (which elides in the middle).
        self.partner_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.partner_combo.setMinimumContentsLength(12)
        self.partner_combo.addItem("—", "")
        for partner in reference.partners():
            self.partner_combo.addItem(partner, partner)
        self.notes_edit = QPlainTextEdit(card)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(80)

        layout = (
            ("name", QCoreApplication.translate("EventsPage", "Name"), self.name_edit, 0, 0, 2),
            ("city", QCoreApplication.translate("EventsPage", "City"), self.city_edit, 2, 0, 1),
            (
                "country",
                QCoreApplication.translate("EventsPage", "Country"),
                self.country_combo,
                2,
                1,
                1,
            ),
            (
                "starts",
                QCoreApplication.translate("EventsPage", "Starts"),
                self.starts_edit,
                4,
                0,
                1,
            ),
            ("ends", QCoreApplication.translate("EventsPage", "Ends"), self.ends_edit, 4, 1, 1),
            ("kind", QCoreApplication.translate("EventsPage", "Kind"), self.kind_combo, 6, 0, 1),
            (
                "responsible_partner",
                QCoreApplication.translate("EventsPage", "Responsible partner"),
                self.partner_combo,
                6,
                1,
                1,
            ),
            ("notes", QCoreApplication.translate("EventsPage", "Notes"), self.notes_edit, 8, 0, 2),
        )
        for key, label_text, widget, row, col, span in layout:
            name = "event" + "".join(p.capitalize() for p in key.split("_"))
            widget.setObjectName(name)
            widget.setAccessibleName(label_text)
            required = key in ("name", "country", "starts", "ends")
            mark = ' <span style="color:#b3261e">*</span>' if required else ""
            label = QLabel(label_text + mark, card)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setProperty("role", "fieldLabel")
            label.setBuddy(widget)
            error = QLabel(card)
            error.setObjectName(name + "Error")
            error.setProperty("role", "error")
            error.setWordWrap(True)
            error.hide()
            cell = QVBoxLayout()
            cell.setSpacing(3)
            cell.addWidget(label)
            cell.addWidget(widget)
            cell.addWidget(error)
            cell.addSpacing(6)
            grid.addLayout(cell, row, col, 1, span, Qt.AlignmentFlag.AlignTop)
            self.inputs[key] = widget
            self.errors[key] = error
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        box.addLayout(grid)
        box.addStretch(1)

        self.editor_banner = Banner("eventEditorBanner", "error", card)
        box.addWidget(self.editor_banner)
        buttons = QHBoxLayout()
        self.archive_button = QPushButton(QCoreApplication.translate("EventsPage", "Archive"), card)
        self.archive_button.setObjectName("archiveEventButton")
        self.archive_button.clicked.connect(self.toggle_archive)
        self.use_button = QPushButton(
            QCoreApplication.translate("EventsPage", "Use for sign-ups"), card
        )
        self.use_button.setObjectName("useEventButton")
        self.use_button.clicked.connect(self.use_selected)
        self.save_button = QPushButton(QCoreApplication.translate("EventsPage", "Save event"), card)
        self.save_button.setObjectName("saveEventButton")
        self.save_button.setProperty("accent", True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.archive_button)
        buttons.addStretch(1)
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.save_button)
        box.addLayout(buttons)
        return card

    def _keep_end_after_start(self, starts: QDate) -> None:
        if self.ends_edit.date() < starts:
            self.ends_edit.setDate(starts)

    def editor_values(self) -> dict[str, str]:
        return {
            "name": self.name_edit.text(),
            "city": self.city_edit.text(),
            "country": self.country_combo.code(),
            "starts": self.starts_edit.date().toString(DATE_FORMAT),
            "ends": self.ends_edit.date().toString(DATE_FORMAT),
            "kind": str(self.kind_combo.currentData()),
            "responsible_partner": str(self.partner_combo.currentData() or ""),
            "notes": self.notes_edit.toPlainText(),
        }

    def _fill_editor(self, event: Event | None) -> None:
        self.editing = event
        self._show_errors({})
        today = clock.today().isoformat()
        self.name_edit.setText(event.name if event else "")
        self.city_edit.setText(event.city if event else "")
        self.country_combo.set_code(event.country if event else "")
        self.starts_edit.setDate(_qdate(event.starts if event else today))
        self.ends_edit.setDate(_qdate(event.ends if event else today))
        self.kind_combo.setCurrentIndex(
            max(0, self.kind_combo.findData(event.kind if event else "fair"))
        )
        partner = (
            event.responsible_partner if event else str(self.context.setting("staff.partner") or "")
        )
        index = self.partner_combo.findData(partner)
        if index < 0 and partner:
            self.partner_combo.addItem(partner, partner)
            index = self.partner_combo.count() - 1
        self.partner_combo.setCurrentIndex(max(0, index))
        self.notes_edit.setPlainText(event.notes if event else "")
        self._update_editor_state()

    def _update_editor_state(self) -> None:
        event = self.editing
        active = self.context.active_event
        self.editor_title.setText(
            QCoreApplication.translate("EventsPage", "EDIT EVENT")
            if event
            else QCoreApplication.translate("EventsPage", "NEW EVENT")
        )
        self.save_button.setText(
            QCoreApplication.translate("EventsPage", "Save changes")
            if event
            else QCoreApplication.translate("EventsPage", "Create event")
        )
        self.archive_button.setVisible(event is not None)
        self.archive_button.setText(
            QCoreApplication.translate("EventsPage", "Restore")
            if event and event.archived
            else QCoreApplication.translate("EventsPage", "Archive")
        )
        self.use_button.setVisible(event is not None)
        is_active = event is not None and active is not None and active.id == event.id
        example = event is not None and event.id in self._examples
        self.use_button.setEnabled(
            event is not None and not event.archived and not is_active and not example
        )
        # The databank takes an event's changes only from the laptop that created it.
        elsewhere = self._made_elsewhere(event)
        self.save_button.setEnabled(not elsewhere)
        self.archive_button.setEnabled(not elsewhere)
        notes = []
        if example:
            notes.append(
                QCoreApplication.translate(
                    "EventsPage",
                    "Example event: for looking only, not used for sign-ups and never sent to the databank. Change its details and save to make it a real event.",
                )
            )
        elif is_active:
            notes.append(QCoreApplication.translate("EventsPage", "Sign-ups now go to this event."))
        elif event is not None and event.archived:
            notes.append(
                QCoreApplication.translate("EventsPage", "Archived: not offered for sign-ups.")
            )
        if elsewhere:
            notes.append(
                QCoreApplication.translate(
                    "EventsPage", "Made on another laptop: only that laptop can change it."
                )
            )
        self.active_note.setText(" ".join(notes))
        self.active_note.setVisible(bool(self.active_note.text()))

    def _made_elsewhere(self, event: Event | None) -> bool:
        """True for an event another laptop created (pulled from the databank)."""
        return event is not None and event.origin_device not in ("", self.context.store.device_id)

    def _show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            text = errors.get(key, "")
            label.setText(text)
            label.setVisible(bool(text))
            widget = self.inputs[key]
            if bool(widget.property("invalid")) != bool(text):
                widget.setProperty("invalid", bool(text))
                repolish(widget)
        self.editor_banner.hide()

    # -- the list ---------------------------------------------------------------------------
    def reload(self) -> None:
        """Rebuild the list from the database, keeping the selected event."""
        keep = self.editing.id if self.editing else None
        db = self.context.store.db
        found = events.list_events(db, include_archived=self.show_archived.isChecked())
        counts = stats.followers_per_event(db)
        active = self.context.active_event
        self._examples = events.example_ids(db)
        self.event_list.blockSignals(True)
        self.event_list.clear()
        select = None
        for event in found:
            item = QListWidgetItem(self._item_text(event, counts.get(event.id, 0), active))
            item.setData(ID_ROLE, event.id)
            item.setSizeHint(QSize(0, 58))  # two lines of text with room to breathe
            item.setData(Qt.ItemDataRole.AccessibleTextRole, item.text().replace("\n", ", "))
            if active is not None and active.id == event.id:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            if event.archived:
                item.setForeground(Qt.GlobalColor.gray)
            self.event_list.addItem(item)
            if event.id == keep:
                select = item
        self.event_list.blockSignals(False)
        total = events.count(db)
        self.seed_button.setVisible(total == 0)
        self.remove_examples_button.setVisible(bool(self._examples))
        if total == 0:
            seed = reference.seed_events()
            names = ", ".join(e["name"] for e in seed[:3])
            self.seed_banner.show_message(
                QCoreApplication.translate(
                    "EventsPage",
                    "No events yet. Create the event you are at, or load the {len_seed} example events of the LEA report ({names}, …) to try the app out.",
                ).format(len_seed=len(seed), names=names),
                "info",
            )
        elif self._examples:
            n = len(self._examples)
            self.seed_banner.show_message(
                counted(
                    n,
                    QCoreApplication.translate(
                        "EventsPage",
                        "{n} example event to try the app out: never used for sign-ups and never sent to the databank.",
                    ),
                    QCoreApplication.translate(
                        "EventsPage",
                        "{n} example events to try the app out: never used for sign-ups and never sent to the databank.",
                    ),
                ),
                "info",
            )
        else:
            self.seed_banner.hide()
        if select is not None:
            self.event_list.setCurrentItem(select)
            if self.editing is not None:
                refreshed = events.get(db, self.editing.id)
                if refreshed is not None and refreshed != self.editing:
                    self._fill_editor(refreshed)
        self._update_editor_state()
        self._counts_stale = False

    def _item_text(self, event: Event, count: int, active: Event | None) -> str:
        mark = "●  " if active is not None and active.id == event.id else ""
        place = ", ".join(x for x in (event.city, event.country) if x)
        status = (
            QCoreApplication.translate("EventsPage", " · example")
            if event.id in self._examples
            else ""
        )
        status += QCoreApplication.translate("EventsPage", " · archived") if event.archived else ""
        people = counted(
            count,
            QCoreApplication.translate("counts", "{n} follower"),
            QCoreApplication.translate("counts", "{n} followers"),
        )
        return f"{mark}{event.name}\n{place} · {date_span(event.starts, event.ends)} · {people}{status}"

    def _refresh_counts_later(self) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._counts_stale = True

    def on_shown(self) -> None:
        if self._counts_stale:
            self.reload()
        self.country_combo.ensure_loaded()

    def _on_current(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        if current is None:
            return
        event = events.get(self.context.store.db, str(current.data(ID_ROLE)))
        if event is not None:
            self._fill_editor(event)

    def select_event(self, event_id: str) -> None:
        for i in range(self.event_list.count()):
            if self.event_list.item(i).data(ID_ROLE) == event_id:
                self.event_list.setCurrentRow(i)
                return

    # -- actions ----------------------------------------------------------------------------
    def new_event(self) -> None:
        self.event_list.clearSelection()
        self.event_list.setCurrentItem(None)
        self._fill_editor(None)
        self.name_edit.setFocus()

    def save(self) -> Event | None:
        cleaned, errors = event_field_errors(self.editor_values())
        self._show_errors(errors)
        if errors:
            first = next(k for k in self.inputs if k in errors)
            self.inputs[first].setFocus()
            return None
        if self._made_elsewhere(self.editing):
            return None
        db = self.context.store.db
        try:
            if self.editing is None:
                event = events.create(db, cleaned, device_id=self.context.store.device_id)
                if self.context.active_event is None:
                    self.context.set_active_event(event)
                message = QCoreApplication.translate("EventsPage", "Created {event_name}.").format(
                    event_name=event.name
                )
            else:
                event = events.update(db, self.editing.id, cleaned)
                message = QCoreApplication.translate("EventsPage", "Saved {event_name}.").format(
                    event_name=event.name
                )
        except Exception as exc:  # locked / read-only database: keep the editor as typed
            from lea_desktop.storage.database import explain

            self.editor_banner.show_message(explain(exc), "error")
            return None
        self.editing = event
        self.context.notify_events_changed()
        self.select_event(event.id)
        self.context.show_status(message)
        return event

    def use_selected(self) -> None:
        if self.editing is None or self.editing.archived:
            return
        try:
            event = self.context.set_active_event(self.editing)
        except Exception as exc:
            from lea_desktop.storage.database import explain

            self.editor_banner.show_message(explain(exc), "error")
            return
        if event is not None:
            self.context.show_status(
                QCoreApplication.translate("EventsPage", "Sign-ups now go to {event_name}.").format(
                    event_name=event.name
                )
            )
        self.reload()

    def toggle_archive(self) -> None:
        if self.editing is None or self._made_elsewhere(self.editing):
            return
        try:
            event = events.archive(
                self.context.store.db, self.editing.id, not self.editing.archived
            )
        except Exception as exc:
            from lea_desktop.storage.database import explain

            self.editor_banner.show_message(explain(exc), "error")
            return
        self.editing = event
        active = self.context.active_event
        if event.archived and active is not None and active.id == event.id:
            self.context.set_active_event(None)  # fall back to the running or newest event
        self.context.notify_events_changed()
        done = (
            QCoreApplication.translate("EventsPage", "Archived {event}.")
            if event.archived
            else QCoreApplication.translate("EventsPage", "Restored {event}.")
        )
        self.context.show_status(done.format(event=event.name))
        if event.archived and not self.show_archived.isChecked():
            self.new_event()
        else:
            self._fill_editor(event)

    def load_seed_events(self) -> int:
        try:
            added = load_seed_events(self.context.store)
        except Exception as exc:
            from lea_desktop.storage.database import explain

            self.seed_banner.show_message(explain(exc), "error")
            return 0
        self.context.notify_events_changed()
        self.context.show_status(
            counted(
                added,
                QCoreApplication.translate(
                    "EventsPage",
                    "Loaded {n} example event: for looking only, not used for sign-ups.",
                ),
                QCoreApplication.translate(
                    "EventsPage",
                    "Loaded {n} example events: for looking only, not used for sign-ups.",
                ),
            )
        )
        active = self.context.active_event
        if active is not None:
            self.select_event(active.id)
        elif self.event_list.count():
            self.event_list.setCurrentRow(0)
        return added

    def remove_examples(self) -> int:
        """Delete every example event in one step (see `events.remove_examples`)."""
        try:
            removed, kept = events.remove_examples(self.context.store.db)
        except Exception as exc:
            from lea_desktop.storage.database import explain

            self.seed_banner.show_message(explain(exc), "error")
            return 0
        if self.editing is not None and events.get(self.context.store.db, self.editing.id) is None:
            self.editing = None
        self.context.notify_events_changed()
        message = counted(
            removed,
            QCoreApplication.translate("EventsPage", "Removed {n} example event."),
            QCoreApplication.translate("EventsPage", "Removed {n} example events."),
        )
        if kept:
            message += counted(
                kept,
                QCoreApplication.translate(
                    "EventsPage", " {n} kept: sign-ups were imported into it."
                ),
                QCoreApplication.translate(
                    "EventsPage", " {n} kept: sign-ups were imported into them."
                ),
            )
        self.context.show_status(message)
        if self.editing is None:
            if self.event_list.count():
                self.event_list.setCurrentRow(0)
            else:
                self.new_event()
        return removed
