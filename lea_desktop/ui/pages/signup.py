"""The sign-up page: the follower form for the person at the stand, saved with Ctrl+Return.

This page is the one drawn before the database is open (see app.py), so it imports storage
only when it saves. Saving runs on the GUI thread on purpose: `followers.save_new` takes a few milliseconds (one
small transaction), and doing it inline means the form is cleared only once the record is on
disk. What was typed is never lost: validation messages appear under the fields, a database
that cannot be written shows a banner, and the form keeps every answer until a save succeeds.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from lea_desktop.formkit.messages import attention_summary, screen_text
from lea_desktop.ui.context import AppContext
from lea_desktop.ui.forms.form_widget import FormWidget
from lea_desktop.ui.timefmt import local_time
from lea_desktop.ui.widgets import Banner, LanguageSwitch

if TYPE_CHECKING:
    from lea_desktop.domain.directory import Known
    from lea_desktop.domain.records import Registration

CONFIRMATION_MS = 8000
WARM_UP_DELAY_MS = 1500  # after the database is attached (see `_on_store_attached`)
CAMERA_CHECK_DELAY_MS = 2500  # QtMultimedia loads then, once the window is up and idle
KNOWN_CHECK_MS = 150  # the email is looked up once typing pauses this long


def known_message(known: Known) -> str:
    """ "Already a follower — signed up at BETT 2027 on 21 Jan 2027 (INNOVA, another laptop)."
    in the staff's language."""
    from lea_desktop.domain.directory import WEB_DEVICE, day_text

    if known.this_laptop:
        where = QCoreApplication.translate("SignupPage", "this laptop")
    elif known.device_id == WEB_DEVICE:
        where = QCoreApplication.translate("SignupPage", "the public sign-up form")
    else:
        where = QCoreApplication.translate("SignupPage", "another laptop")
    who = ", ".join(p for p in (known.partner, where) if p)
    day = day_text(known.created_at)
    if known.event_name:
        return QCoreApplication.translate(
            "SignupPage", "Already a follower — signed up at {event} on {day} ({who})."
        ).format(event=known.event_name, day=day, who=who)
    return QCoreApplication.translate(
        "SignupPage", "Already a follower — signed up on {day} ({who})."
    ).format(day=day, who=who)


def followers_phrase(count: int) -> str:
    if count == 1:
        return QCoreApplication.translate("SignupPage", "{count} follower").format(count=1)
    return QCoreApplication.translate("SignupPage", "{count} followers").format(count=f"{count:,}")


class SignupPage(QWidget):
    saved = Signal(str)  # id of the registration just stored

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.form = context.form("follower_signup")
        self._duplicate: Registration | None = None
        # The address typed is a follower already (here or in the consortium's directory).
        self._known: Known | None = None
        self._email_field = next((f.id for f in self.form.fields if f.type == "email"), "")
        self._known_timer = QTimer(self)
        self._known_timer.setSingleShot(True)
        self._known_timer.setInterval(KNOWN_CHECK_MS)
        self._known_timer.timeout.connect(self.check_known)
        self.last_save_ms: float | None = None  # click → cleared form, for the bench and tests
        lang = str(context.setting("form.language") or "en")

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 12)
        outer.setSpacing(10)

        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        self.title = QLabel(self)
        self.title.setObjectName("signupTitle")
        self.title.setProperty("role", "pageTitle")
        self.intro = QLabel(self)
        self.intro.setObjectName("signupIntro")
        self.intro.setProperty("role", "hint")
        self.intro.setWordWrap(True)
        titles.addWidget(self.title)
        titles.addWidget(self.intro)
        top.addLayout(titles, 1)
        self.language_switch = LanguageSwitch(self.form.languages, lang, self)
        self.language_switch.languageChosen.connect(self.set_language)
        self._build_scan(top)
        top.addWidget(self.language_switch, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(top)

        self.no_event_banner = Banner("noEventBanner", "warning", self)
        self.no_event_banner.add_button(
            QCoreApplication.translate("SignupPage", "Choose or create an event"),
            "chooseEventButton",
            self._go_to_events,
        )
        outer.addWidget(self.no_event_banner)

        self.duplicate_banner = Banner("duplicateBanner", "warning", self)
        self.open_existing_button = self.duplicate_banner.add_button(
            QCoreApplication.translate("SignupPage", "Open the existing follower"),
            "openExistingButton",
            self.open_existing,
        )
        self.save_anyway_button = self.duplicate_banner.add_button(
            QCoreApplication.translate("SignupPage", "Save anyway"),
            "saveAnywayButton",
            lambda: self.save(allow_duplicate=True),
        )
        outer.addWidget(self.duplicate_banner)

        self.scan_banner = Banner("scanBanner", "info", self)
        self.card_photo_button = self.scan_banner.add_button(
            QCoreApplication.translate("Scan", "Remove the card photo"),
            "removeCardPhotoButton",
            self.drop_card_photo,
        )
        outer.addWidget(self.scan_banner)

        self.form_widget = FormWidget(self.form, lang, staff=not context.kiosk)
        self.form_widget.edited.connect(self._on_edited)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("signupScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(self.form_widget)
        outer.addWidget(self.scroll, 1)

        # The confirmation sits in the bottom bar, where the eye is after saving, and does not
        # push the form around when it comes and goes. The bar's words are the visitor's: they
        # follow the form's language (resources/formkit/messages.toml, [screen.*]).
        bottom = QHBoxLayout()
        self.hint = QLabel(self)
        self.hint.setObjectName("saveHint")
        self.hint.setProperty("role", "hint")
        self.hint.setWordWrap(True)
        self.confirmation = Banner("saveConfirmation", "success", self)
        self.confirmation.label.setObjectName("saveConfirmationText")
        self.confirmation.expired.connect(self._show_hint)
        # How many answers a refused save left to fix, next to Save (the first is focused and
        # scrolled to; the others may be below the fold).
        self.attention = QLabel(self)
        self.attention.setObjectName("attentionSummary")
        self.attention.setProperty("role", "error")
        self.attention.setWordWrap(True)
        self.attention.hide()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.confirmation, 1)
        bottom.addWidget(self.attention, 1)
        self.clear_button = QPushButton(self)
        self.clear_button.setObjectName("clearButton")
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.clicked.connect(self.clear_form)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveButton")
        self.save_button.setProperty("accent", True)
        self.save_button.setMinimumWidth(120)
        self.save_button.clicked.connect(lambda: self.save())
        bottom.addWidget(self.clear_button)
        bottom.addWidget(self.save_button)
        outer.addLayout(bottom)

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda: self.save())

        self._relabel_page(lang)
        context.activeEventChanged.connect(self._on_active_event)
        context.settingsChanged.connect(self._on_setting)
        context.storeAttached.connect(self._on_store_attached)
        self._on_active_event(context.active_event)
        QApplication.instance().focusChanged.connect(self._keep_focus_visible)
        self._focused_once = False

    # -- page hooks -------------------------------------------------------------------------
    def on_shown(self) -> None:
        if not self.form_widget.isAncestorOf(QApplication.focusWidget()):
            self.form_widget.focus_field()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._focused_once:
            self._focused_once = True
            QTimer.singleShot(0, self.form_widget.focus_field)

    def _load_country_lists(self) -> None:
        for editor in self.form_widget.editors.values():
            loader = getattr(editor, "ensure_loaded", None)
            if callable(loader):
                loader()

    def _keep_focus_visible(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.form_widget.isAncestorOf(new):
            self.scroll.ensureWidgetVisible(new, 40, 60)

    # -- language ---------------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        """Relabel the whole form in `lang`; every answer typed so far stays."""
        self.form_widget.set_language(lang)
        self.language_switch.set_current(lang)
        self._relabel_page(lang)

    @property
    def language(self) -> str:
        return self.form_widget.lang

    def _relabel_page(self, lang: str) -> None:
        self.title.setText(self.form.title(lang))
        self.intro.setText(self.form.intro(lang))
        self.hint.setText(screen_text("save_hint", lang))
        self.clear_button.setText(screen_text("clear_form", lang))
        self.save_button.setText(screen_text("save", lang))
        self.save_button.setToolTip(screen_text("save_tooltip", lang))
        self._count_attention()

    def _show_hint(self) -> None:
        if not self.attention.isVisibleTo(self):
            self.hint.show()

    def _count_attention(self) -> None:
        """Say near Save how many answers still need fixing (hidden when none)."""
        count = len(self.form_widget.errors())
        self.attention.setText(attention_summary(count, self.language) if count else "")
        self.attention.setVisible(bool(count))
        if count:
            self.hint.hide()
        elif not self.confirmation.isVisibleTo(self):
            self.hint.show()

    def _on_setting(self, key: str) -> None:
        if key == "form.language":
            self.set_language(str(self.context.setting(key)))

    def _on_store_attached(self) -> None:
        lang = str(self.context.setting("form.language") or "en")
        if lang != self.language:
            self.set_language(lang)
        # Not at once: importing the validators holds the GIL for ~40 ms, which would compete
        # with the first paint and the first keystrokes. A save or the country box before then
        # loads what it needs itself.
        QTimer.singleShot(WARM_UP_DELAY_MS, self, self._warm_up)
        QTimer.singleShot(CAMERA_CHECK_DELAY_MS, self, self.check_camera)

    def _warm_up(self) -> None:
        """After start-up, on a worker: load the country names (Babel), the email and phone
        validators and sqlite-utils, so neither the country list nor the first save waits for them. (Focusing
        the country box before this is done loads the names there and then.)"""
        lang = self.language

        def op(_job) -> None:
            import email_validator  # noqa: F401
            import phonenumbers
            import sqlite_utils  # noqa: F401  (the GUI's store loads it at the first save)

            from lea_desktop.domain.countries import countries_for_picker

            countries_for_picker(lang)
            phonenumbers.parse("+358401234567", None)  # loads the metadata a first save needs

        self.context.run_in_background(
            op,
            lambda _none: self._load_country_lists(),
            lambda _exc: None,
            parent=self,
            label="warm-up",
        )

    # -- the active event -------------------------------------------------------------------
    def _on_active_event(self, event) -> None:
        if not self.context.has_store:
            self.no_event_banner.hide()
        elif event is None:
            self.no_event_banner.show_message(
                QCoreApplication.translate(
                    "SignupPage",
                    "No event is chosen yet. Sign-ups are recorded against an event: choose or create one (what you type here is kept).",
                ),
                "warning",
            )
        else:
            self.no_event_banner.hide()

    def _go_to_events(self) -> None:
        self.context.open_page("eventsPage")

    # -- saving -----------------------------------------------------------------------------
    def save(self, *, allow_duplicate: bool = False) -> bool:
        """Validate and store the form; on success clear it for the next visitor."""
        started = time.perf_counter()
        self._known_timer.stop()  # the save looks the address up itself
        if not self.context.has_store:
            # The database opens a fraction of a second after the form shows (seconds, once,
            # when it is being updated after an update of the app).
            self.context.show_status(
                QCoreApplication.translate(
                    "SignupPage",
                    "Not saved yet: the database is still opening. Everything typed is kept; save again in a moment.",
                )
            )
            return False
        from lea_desktop.storage import registrations
        from lea_desktop.usecases import followers

        event = self.context.active_event
        if event is None:
            self._on_active_event(None)
            self.no_event_banner.show_message(
                QCoreApplication.translate(
                    "SignupPage",
                    "Not saved yet: choose or create the event these sign-ups belong to. Everything typed is kept.",
                ),
                "error",
            )
            return False
        result = followers.save_new(
            self.context.store,
            self.form_widget.answers(),
            event_id=event.id,
            form=self.form,
            lang=self.language,
            allow_duplicate=allow_duplicate,
        )
        if not result.ok:
            self._show_problems(result.errors, result.duplicate_of)
            if result.known is not None:
                self._show_known(result.known)
            return False
        self._duplicate = None
        self._known = None
        self._known_timer.stop()
        self.duplicate_banner.hide()
        self._attach_card_photo(result.registration.id)
        self.form_widget.clear()
        self.attention.hide()
        self.form_widget.focus_field()
        self.scroll.verticalScrollBar().setValue(0)
        self.last_save_ms = (time.perf_counter() - started) * 1000
        self.context.note_saved(event.id)
        count = self.context.event_count(event.id)
        if count is None:  # not counted yet (the first seconds after start): count now
            try:
                count = registrations.count(self.context.store.db, event_id=event.id)
            except Exception:
                count = None
        message = (
            QCoreApplication.translate(
                "SignupPage", "Saved — {followers_phrase_count} at {event_name}"
            ).format(followers_phrase_count=followers_phrase(count), event_name=event.name)
            if count
            else QCoreApplication.translate("SignupPage", "Saved at {event_name}").format(
                event_name=event.name
            )
        )
        self.hint.hide()
        self.confirmation.show_message("✓  " + message, "success", CONFIRMATION_MS)
        self.context.show_status(message, CONFIRMATION_MS)
        self.saved.emit(result.registration.id)
        # Counters and tables refresh after this event-loop turn, so the cleared form paints first.
        QTimer.singleShot(0, self.context.notify_registrations_changed)
        return True

    def _show_problems(self, errors: dict[str, str], duplicate: Registration | None) -> None:
        self.confirmation.hide()
        first = self.form_widget.show_errors(errors)
        self._count_attention()
        self._duplicate = duplicate
        if duplicate is not None:
            from lea_desktop.ui.follower_editor import describe

            self._known = None
            self.open_existing_button.show()
            self.save_anyway_button.setText(QCoreApplication.translate("SignupPage", "Save anyway"))

            when = local_time(duplicate.created_at)
            self.duplicate_banner.show_message(
                QCoreApplication.translate(
                    "SignupPage",
                    "This email is already registered: {describe_duplicate_self_form}, signed up {when}. Open that follower to update it, or save this sign-up anyway.",
                ).format(describe_duplicate_self_form=describe(duplicate, self.form), when=when),
                "warning",
            )
        elif self._known is None:
            self.duplicate_banner.hide()
        if first:
            self.form_widget.focus_field(first)
            # Focus alone scrolls only when it changes; the first field may already have it.
            self.scroll.ensureWidgetVisible(self.form_widget.editors[first].block, 40, 60)
        elif "_form" in errors:
            self.scroll.verticalScrollBar().setValue(0)

    def open_existing(self) -> None:
        from lea_desktop.ui.follower_editor import open_follower_editor

        if self._duplicate is not None:
            open_follower_editor(self.context, self._duplicate.id, self)
        elif self._known is not None and self._known.local:
            open_follower_editor(self.context, self._known.id, self)

    def clear_form(self) -> None:
        self.form_widget.clear()
        self.drop_card_photo()
        self._count_attention()
        self._duplicate = None
        self._known = None
        self._known_timer.stop()
        self.duplicate_banner.hide()
        self.form_widget.focus_field()

    def _on_edited(self, field_id: str) -> None:
        if self.attention.isVisibleTo(self):
            self._count_attention()  # an answer being fixed drops its message
        if field_id == self._email_field:
            if self._duplicate is not None:
                self._duplicate = None
                self.duplicate_banner.hide()
            self._known_timer.start()  # looked up when typing pauses

    # -- already a follower? ----------------------------------------------------------------
    def check_known(self) -> None:
        """Look the typed address up (this laptop, then the consortium's directory: offline,
        under a millisecond) and say where it is known, or take the warning away."""
        self._known_timer.stop()
        if not self.context.has_store or not self._email_field or self.context.kiosk:
            return  # the kiosk tells a visitor nothing about anyone
        address = str(self.form_widget.answers().get(self._email_field) or "").strip()
        known = None
        if "@" in address:
            from lea_desktop.usecases import directory

            try:
                known = directory.lookup(self.context.store, address)
            except Exception:  # never in the visitor's way: the save checks again
                known = None
        self._show_known(known)

    def _show_known(self, known: Known | None) -> None:
        if known is None:
            if self._known is not None:
                self._known = None
                self.duplicate_banner.hide()
            return
        self._known = known
        self._duplicate = None
        self.open_existing_button.setVisible(known.local)
        self.save_anyway_button.setText(
            QCoreApplication.translate("SignupPage", "Save anyway")
            if known.local
            else QCoreApplication.translate("SignupPage", "Update anyway")
        )
        self.duplicate_banner.show_message(known_message(known), "warning")

    def unsaved_work(self) -> str:
        """A sign-up typed in but not saved (what the visitor gave is lost if the window closes).
        It is not kept on disk meanwhile: the visitor has not agreed to anything yet."""
        if not self.form_widget.filled_fields() and self.card_photo is None:
            return ""
        return QCoreApplication.translate("SignupPage", "A sign-up is filled in but not saved.")

    # -- scan to prefill ----------------------------------------------------------------------
    def _build_scan(self, row: QHBoxLayout) -> None:
        """The Scan button (Ctrl+B): the camera reads a badge's or card's code and fills the
        empty fields. Whether there is a camera is asked once the window is up
        (`check_camera`); until then the button is there and asks on a click."""
        self.card_photo: bytes | None = None
        self.has_camera: bool | None = None  # None: not asked yet
        self._media_devices = None
        self.scan_dialog = None
        self.scan_button = QPushButton(self)
        self.scan_button.setObjectName("scanButton")
        self.scan_button.clicked.connect(lambda: self.open_scanner())
        row.addWidget(self.scan_button, 0, Qt.AlignmentFlag.AlignTop)
        shortcut = QShortcut(QKeySequence("Ctrl+B"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda: self.open_scanner())
        self._label_scan_button()

    def _label_scan_button(self) -> None:
        if self.has_camera is False:
            self.scan_button.setText(QCoreApplication.translate("Scan", "No camera"))
            self.scan_button.setToolTip(
                QCoreApplication.translate(
                    "Scan",
                    "No camera found on this laptop: connect one to scan badges and business cards. Type the details in meanwhile.",
                )
            )
            self.scan_button.setEnabled(False)
        else:
            self.scan_button.setText(QCoreApplication.translate("Scan", "Scan badge…"))
            self.scan_button.setToolTip(
                QCoreApplication.translate(
                    "Scan",
                    "Read the QR code or barcode of a badge or business card with the camera: it fills the empty fields (Ctrl+B)",
                )
            )
            self.scan_button.setEnabled(True)
        self.scan_button.setAccessibleDescription(self.scan_button.toolTip())

    def check_camera(self) -> bool:
        """Ask QtMultimedia for a camera, say so on the button, and follow cameras plugged in
        or out from then on."""
        from lea_desktop.ui import camera_scan

        self.has_camera = bool(camera_scan.cameras())
        if self._media_devices is None:
            try:
                from PySide6.QtMultimedia import QMediaDevices
            except ImportError:
                pass
            else:
                self._media_devices = QMediaDevices(self)
                self._media_devices.videoInputsChanged.connect(self.check_camera)
        self._label_scan_button()
        return self.has_camera

    def open_scanner(self, *, source=None):
        """Open the camera preview (`source`: a QVideoFrameInput instead of the camera, for
        tests and the bench). Returns the dialog, or None when there is no camera."""
        if self.scan_dialog is not None:
            return self.scan_dialog
        if source is None and not self.check_camera():
            self.scan_banner.show_message(self.scan_button.toolTip(), "warning", CONFIRMATION_MS)
            self.card_photo_button.setVisible(self.card_photo is not None)
            return None
        from lea_desktop.ui.camera_scan import ScanDialog

        dialog = ScanDialog(self, source=source)
        dialog.found.connect(self.fill_from_scan)
        dialog.photoTaken.connect(self.keep_card_photo)
        dialog.finished.connect(self._scanner_closed)
        self.scan_dialog = dialog
        dialog.open()
        return dialog

    def _scanner_closed(self, _result: int) -> None:
        dialog, self.scan_dialog = self.scan_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        # After Qt has given the focus back to where it was before the dialog.
        QTimer.singleShot(
            0, self, lambda: self.form_widget.focus_field(self._first_to_check() or None)
        )

    def _first_to_check(self) -> str:
        prefilled = self.form_widget.prefilled
        if prefilled:
            return prefilled[0]
        empty = [f for f in self.form_widget.editors if f not in self.form_widget.filled_fields()]
        return empty[0] if empty else ""

    def fill_from_scan(self, answers: dict) -> list[str]:
        """Fill the empty fields from a scanned code and say which, for the visitor to check."""
        filled = self.form_widget.fill_empty(answers)
        for fid in filled:
            self.form_widget.editors[fid].set_error("")
        labels = ", ".join(self.form.field(fid).label(self.language) for fid in filled)
        if filled:
            text = QCoreApplication.translate(
                "Scan", "Filled from the code: {fields}. Please check them with the visitor."
            ).format(fields=labels)
        else:
            text = QCoreApplication.translate(
                "Scan",
                "The code was read, but every field it carries is already filled in: nothing was changed.",
            )
        self._show_scan_banner(text)
        self._count_attention()
        return filled

    def keep_card_photo(self, jpeg: bytes) -> None:
        """Hold a photo of the card until the sign-up is saved (then it is attached)."""
        self.card_photo = bytes(jpeg)
        self._show_scan_banner(
            QCoreApplication.translate(
                "Scan",
                "A photo of the card will be attached to this sign-up when it is saved (kept on this laptop only).",
            ),
            photo_note=False,
        )

    def drop_card_photo(self) -> None:
        self.card_photo = None
        self.scan_banner.hide()

    def _show_scan_banner(self, text: str, *, photo_note: bool = True) -> None:
        if self.card_photo is not None and photo_note:
            text += " " + QCoreApplication.translate("Scan", "A photo of the card is attached too.")
        self.scan_banner.show_message(text, "info")
        self.card_photo_button.setVisible(self.card_photo is not None)

    def _attach_card_photo(self, reg_id: str) -> None:
        self.scan_banner.hide()
        photo, self.card_photo = self.card_photo, None
        if photo is None:
            return
        from lea_desktop.usecases import card_photos

        try:
            card_photos.attach(self.context.store, reg_id, photo)
        except card_photos.PhotoError as exc:
            self.context.show_status(
                QCoreApplication.translate(
                    "Scan", "Saved, but the card photo could not be kept: {reason}"
                ).format(reason=str(exc)),
                CONFIRMATION_MS,
            )
