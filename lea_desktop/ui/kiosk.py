"""The self-service kiosk: the sign-up form full screen for a visitor, on a laptop turned round.

No list, no navigation, no staff-only fields; language buttons and the consent texts in full view;
large touch-friendly controls. It clears itself after each save (with a thank-you for a few
seconds) and after `kiosk.idle_seconds` without a touch. Leaving it — Escape, Alt+F4, the close
button, the small "Staff" button — needs the staff PIN (lea_desktop/usecases/kiosk_pin.py keeps it hashed). The PIN is set by staff
beforehand (Privacy page or `lea-desktop kiosk-pin`): a kiosk never opens without one, so no
visitor can ever be offered a "set the PIN" keypad.

Everything happens inside the one full-screen window (a stack of form / thank-you / PIN panels):
no dialog can open behind it or be dragged away, and tests drive it like any widget.
"""

from __future__ import annotations

import logging
import tomllib
from functools import cache

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from lea_desktop.paths import resource
from lea_desktop.ui.context import AppContext
from lea_desktop.ui.forms.form_widget import FormWidget
from lea_desktop.ui.style import ACCENT, BACKGROUND, BORDER, ERROR, MUTED, SUCCESS, TEXT
from lea_desktop.ui.widgets import LANGUAGE_NAMES
from lea_desktop.usecases import followers, kiosk_pin

log = logging.getLogger("lea_desktop.ui.kiosk")

THANKS_MS = 6000  # how long the thank-you stays before the form is back, empty
MAX_FAILURES = 5  # wrong PINs in a row before the keypad waits
LOCKOUT_MS = 30_000

# Big type and big targets: a visitor uses a finger, standing, at arm's length.
KIOSK_STYLE = f"""
#kioskWindow {{ background: {BACKGROUND}; }}
#kioskWindow QLabel, #kioskWindow QCheckBox, #kioskWindow QRadioButton {{ font-size: 20px; }}
#kioskWindow QLineEdit, #kioskWindow QComboBox, #kioskWindow QPlainTextEdit {{
    font-size: 21px; min-height: 46px; padding: 6px 10px;
}}
#kioskWindow QCheckBox, #kioskWindow QRadioButton {{ spacing: 14px; min-height: 44px; }}
#kioskWindow QCheckBox::indicator, #kioskWindow QRadioButton::indicator {{
    width: 34px; height: 34px;
}}
#kioskWindow QCheckBox::indicator {{
    border: 2px solid {BORDER}; border-radius: 6px; background: white;
}}
#kioskWindow QCheckBox::indicator:checked {{
    border: 2px solid {ACCENT}; background: {ACCENT};
    image: url({resource("kiosk", "check.svg").as_posix()});
}}
#kioskWindow QRadioButton::indicator {{
    border: 2px solid {BORDER}; border-radius: 17px; background: white;
}}
#kioskWindow QRadioButton::indicator:checked {{
    border: 9px solid {ACCENT}; background: white;
}}
#kioskWindow QPushButton {{ font-size: 22px; min-height: 62px; padding: 6px 26px; }}
#kioskWindow #kioskTitle {{ font-size: 38px; font-weight: 600; }}
#kioskWindow #kioskIntro {{ font-size: 21px; color: {MUTED}; }}
#kioskWindow #kioskPrivacyHint {{ font-size: 16px; color: {MUTED}; }}
#kioskWindow QPushButton[lang] {{
    font-size: 19px; min-height: 54px; min-width: 62px; padding: 4px 10px;
    border: 1px solid {BORDER}; border-radius: 8px; background: white;
}}
#kioskWindow QPushButton[lang]:checked {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
#kioskWindow #kioskStaffButton {{
    font-size: 17px; min-height: 48px; padding: 4px 18px; color: {TEXT};
    background: white; border: 1px solid {BORDER}; border-radius: 8px;
}}
#kioskWindow #kioskSendButton {{ font-size: 26px; min-height: 76px; min-width: 280px; }}
#kioskWindow #kioskBanner {{ font-size: 20px; color: {ERROR}; font-weight: 600; }}
#kioskWindow #kioskThanksTitle {{ font-size: 64px; font-weight: 700; color: {SUCCESS}; }}
#kioskWindow #kioskThanksText {{ font-size: 28px; }}
#kioskWindow #kioskThanksTick {{ font-size: 120px; color: {SUCCESS}; }}
#kioskWindow #kioskPinTitle {{ font-size: 30px; font-weight: 600; }}
#kioskWindow #kioskPinMessage {{ font-size: 20px; }}
#kioskWindow #kioskPinMessage[error="true"] {{ color: {ERROR}; font-weight: 600; }}
#kioskWindow #kioskPinField {{ font-size: 36px; min-height: 58px; max-width: 420px; }}
#kioskWindow QPushButton[key] {{ font-size: 30px; min-height: 62px; min-width: 110px; }}
"""


@cache
def _strings() -> dict[str, dict[str, str]]:
    with open(resource("kiosk", "strings.toml"), "rb") as fh:
        return tomllib.load(fh)


def text(key: str, lang: str) -> str:
    """A visitor-facing kiosk string in `lang`, English when that language lacks it."""
    entry = _strings()[key]
    return entry.get(lang) or entry["en"]


class _ActivityWatch(QObject):
    """Restarts the idle timer on any touch, click, key or wheel inside the kiosk window."""

    KINDS = frozenset(
        {
            QEvent.Type.MouseButtonPress,
            QEvent.Type.KeyPress,
            QEvent.Type.TouchBegin,
            QEvent.Type.TouchUpdate,
            QEvent.Type.Wheel,
            QEvent.Type.InputMethod,
        }
    )

    def __init__(self, window: KioskWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() in self.KINDS
            and isinstance(watched, QWidget)
            and (watched is self.window or self.window.isAncestorOf(watched))
        ):
            self.window.touched()
            # Escape anywhere in the kiosk asks for the PIN; a field must not swallow it.
            if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
                self.window.ask_pin()
                return True
        return False


class KioskWindow(QWidget):
    """The kiosk. `left` is emitted once the right PIN is entered (then the window closes)."""

    left = Signal()
    saved = Signal(str)  # id of a registration stored from the kiosk

    def __init__(
        self,
        context: AppContext,
        *,
        idle_ms: int | None = None,
        thanks_ms: int = THANKS_MS,
        lockout_ms: int = LOCKOUT_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kioskWindow")
        self.setWindowTitle(QCoreApplication.translate("KioskWindow", "Become a LEA Follower"))
        self.setStyleSheet(KIOSK_STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.context = context
        self.store = context.store
        self.form = context.form("follower_signup")
        self.default_lang = str(context.setting("form.language") or "en")
        if idle_ms is None:
            idle_ms = int(context.setting("kiosk.idle_seconds")) * 1000
        self.thanks_ms = thanks_ms
        self.lockout_ms = lockout_ms
        if not kiosk_pin.has_pin(self.store.db):
            # Checked before anything is built: without a PIN nobody could leave the kiosk.
            raise kiosk_pin.PinError(kiosk_pin.NO_PIN_MESSAGE)
        self._unlocked = False
        self._failures = 0

        self.stack = QStackedWidget(self)
        self.stack.setObjectName("kioskStack")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.form_page = self._build_form_page()
        self.thanks_page = self._build_thanks_page()
        self.pin_page = self._build_pin_page()
        for page in (self.form_page, self.thanks_page, self.pin_page):
            self.stack.addWidget(page)

        self.idle_timer = QTimer(self, singleShot=True)
        self.idle_timer.setInterval(idle_ms)
        self.idle_timer.timeout.connect(self.on_idle)
        self.thanks_timer = QTimer(self, singleShot=True)
        self.thanks_timer.timeout.connect(self.reset)
        self.lockout_timer = QTimer(self, singleShot=True)
        self.lockout_timer.timeout.connect(self._end_lockout)
        self._watch = _ActivityWatch(self)
        QApplication.instance().installEventFilter(self._watch)

        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WindowShortcut)
        escape.activated.connect(self.ask_pin)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            send = QShortcut(QKeySequence(keys), self)
            send.setContext(Qt.ShortcutContext.WindowShortcut)
            send.activated.connect(self._send_shortcut)

        self.set_language(self.default_lang)
        self.stack.setCurrentWidget(self.form_page)
        self.idle_timer.start()
        self._focused_once = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._focused_once:
            # The first field has the focus from the start: a visitor who just types loses
            # nothing. (After the window is shown: focus given before that may not stick.)
            self._focused_once = True
            self.form_widget.focus_field()
            QTimer.singleShot(0, self, self._focus_form)

    def _focus_form(self) -> None:
        if self.stack.currentWidget() is self.form_page and not self.form_widget.isAncestorOf(
            QApplication.focusWidget()
        ):
            self.activateWindow()
            self.form_widget.focus_field()

    def _send_shortcut(self) -> None:
        if self.stack.currentWidget() is self.form_page:
            self.save()

    # -- building ---------------------------------------------------------------------------
    def _build_form_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("kioskFormPage")
        box = QVBoxLayout(page)
        box.setContentsMargins(48, 28, 48, 24)
        box.setSpacing(12)

        top = QHBoxLayout()
        titles = QVBoxLayout()
        self.title = QLabel(page)
        self.title.setObjectName("kioskTitle")
        self.title.setWordWrap(True)
        self.intro = QLabel(page)
        self.intro.setObjectName("kioskIntro")
        self.intro.setWordWrap(True)
        titles.addWidget(self.title)
        titles.addWidget(self.intro)
        top.addLayout(titles, 1)
        # Plainly visible, and plainly not for visitors: a framed "Staff only" in their language (the keypad
        # behind it asks for the PIN).
        self.staff_button = QPushButton(text("staff_only", self.default_lang), page)
        self.staff_button.setObjectName("kioskStaffButton")
        self.staff_button.setToolTip(
            QCoreApplication.translate("KioskWindow", "Staff: enter the PIN to leave the kiosk")
        )
        self.staff_button.setAccessibleName(
            QCoreApplication.translate("KioskWindow", "Staff only: leave the kiosk with the PIN")
        )
        self.staff_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.staff_button.clicked.connect(self.ask_pin)
        top.addWidget(self.staff_button, 0, Qt.AlignmentFlag.AlignTop)
        box.addLayout(top)

        langs = QHBoxLayout()
        langs.setSpacing(8)
        self.language_buttons: dict[str, QPushButton] = {}
        for lang in self.form.languages:
            button = QPushButton(LANGUAGE_NAMES.get(lang, lang.upper()), page)
            button.setObjectName(f"kioskLang_{lang}")
            button.setProperty("lang", lang)
            button.setCheckable(True)
            button.setAutoExclusive(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAccessibleName(LANGUAGE_NAMES.get(lang, lang))
            button.clicked.connect(lambda _=False, code=lang: self.set_language(code))
            self.language_buttons[lang] = button
            langs.addWidget(button)
        langs.addStretch(1)
        box.addLayout(langs)

        self.banner = QLabel(page)
        self.banner.setObjectName("kioskBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        box.addWidget(self.banner)

        # staff=False: staff-only fields (notes) are not even built, so they cannot be reached.
        self.form_widget = FormWidget(self.form, self.default_lang, staff=False)
        self.scroll = QScrollArea(page)
        self.scroll.setObjectName("kioskScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.form_widget)
        # Touch: drag the page with a finger as on a phone.
        from PySide6.QtWidgets import QScroller

        QScroller.grabGesture(self.scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        box.addWidget(self.scroll, 1)

        bottom = QHBoxLayout()
        self.privacy_hint = QLabel(page)
        self.privacy_hint.setObjectName("kioskPrivacyHint")
        self.privacy_hint.setWordWrap(True)
        bottom.addWidget(self.privacy_hint, 1)
        self.send_button = QPushButton(page)
        self.send_button.setObjectName("kioskSendButton")
        self.send_button.setProperty("accent", True)
        self.send_button.clicked.connect(self.save)
        bottom.addWidget(self.send_button)
        box.addLayout(bottom)
        return page

    def _build_thanks_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("kioskThanksPage")
        box = QVBoxLayout(page)
        box.setContentsMargins(80, 40, 80, 40)
        box.addStretch(1)
        tick = QLabel("✓", page)
        tick.setObjectName("kioskThanksTick")
        tick.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(tick)
        self.thanks_title = QLabel(page)
        self.thanks_title.setObjectName("kioskThanksTitle")
        self.thanks_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thanks_text = QLabel(page)
        self.thanks_text.setObjectName("kioskThanksText")
        self.thanks_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thanks_text.setWordWrap(True)
        box.addWidget(self.thanks_title)
        box.addSpacing(24)
        box.addWidget(self.thanks_text)
        box.addStretch(2)
        return page

    def _build_pin_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("kioskPinPage")
        # Fits a 1280×720 screen with the keypad (the stack is as tall as its tallest panel,
        # so a taller keypad would push the form's Sign up button off the screen).
        box = QVBoxLayout(page)
        box.setContentsMargins(32, 20, 32, 20)
        box.setSpacing(12)
        box.addStretch(1)
        self.pin_title = QLabel(page)
        self.pin_title.setObjectName("kioskPinTitle")
        self.pin_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin_message = QLabel(page)
        self.pin_message.setObjectName("kioskPinMessage")
        self.pin_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin_message.setWordWrap(True)
        self.pin_field = QLineEdit(page)
        self.pin_field.setObjectName("kioskPinField")
        self.pin_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_field.setMaxLength(kiosk_pin.MAX_DIGITS)
        self.pin_field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin_field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.pin_field.setAccessibleName(QCoreApplication.translate("KioskWindow", "Staff PIN"))
        self.pin_field.returnPressed.connect(self.submit_pin)
        for w in (self.pin_title, self.pin_message):
            box.addWidget(w)
        box.addWidget(self.pin_field, 0, Qt.AlignmentFlag.AlignHCenter)

        keypad = QGridLayout()
        keypad.setSpacing(8)
        self.keys: list[QPushButton] = []
        labels = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
        for i, label in enumerate(labels):
            key = QPushButton(label, page)
            key.setProperty("key", True)
            key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            key.setObjectName(
                {"⌫": "kioskKeyBack", "OK": "kioskKeyOk"}.get(label, f"kioskKey{label}")
            )
            key.setAccessibleName(
                {
                    "⌫": QCoreApplication.translate("KioskWindow", "Delete last digit"),
                    "OK": "OK",
                }.get(label, label)
            )
            if label == "⌫":
                key.clicked.connect(self.pin_field.backspace)
            elif label == "OK":
                key.setProperty("accent", True)
                key.clicked.connect(self.submit_pin)
            else:
                key.clicked.connect(lambda _=False, d=label: self.pin_field.insert(d))
            keypad.addWidget(key, i // 3, i % 3)
            self.keys.append(key)
        pad = QHBoxLayout()
        pad.addStretch(1)
        pad.addLayout(keypad)
        pad.addStretch(1)
        box.addLayout(pad)
        self.pin_cancel = QPushButton(
            QCoreApplication.translate("KioskWindow", "Back to the form"), page
        )
        self.pin_cancel.setObjectName("kioskPinCancel")
        self.pin_cancel.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pin_cancel.clicked.connect(self.back_to_form)
        box.addWidget(self.pin_cancel, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(2)
        return page

    # -- language ---------------------------------------------------------------------------
    @property
    def language(self) -> str:
        return self.form_widget.lang

    def set_language(self, lang: str) -> None:
        """Relabel the form and the kiosk's own words; what the visitor typed stays."""
        if lang not in self.form.languages:
            lang = "en"
        self.form_widget.set_language(lang)
        self.language_buttons[lang].setChecked(True)
        self.title.setText(self.form.title(lang))
        self.intro.setText(self.form.intro(lang))
        self.privacy_hint.setText(text("privacy_hint", lang))
        self.send_button.setText(text("send", lang))
        self.staff_button.setText(text("staff_only", lang))
        self.thanks_title.setText(text("thanks_title", lang))
        self.thanks_text.setText(text("thanks_text", lang))
        if self.banner.isVisibleTo(self):
            self.banner.setText(text("check_fields", lang))

    # -- the visitor's sign-up --------------------------------------------------------------
    def save(self) -> bool:
        """Store the visitor's sign-up; thank them and clear the form for the next one."""
        event = self.context.reload_active_event()
        if event is None:
            self._show_banner(
                QCoreApplication.translate(
                    "KioskWindow",
                    "Staff: no event is chosen. Leave the kiosk and choose the event first.",
                )
            )
            return False
        result = followers.save_new(
            self.store,
            self.form_widget.answers(),
            event_id=event.id,
            form=self.form,
            lang=self.language,
        )
        if result.duplicate_of is not None or result.known is not None:
            # Already a follower (on this laptop or anywhere in the consortium): "you are
            # already signed up — thank you", and nothing more: not where, when or by whom,
            # which would tell anyone at the stand about someone else.
            log.info("kiosk: a sign-up with an email already registered was not stored again")
            self._thank(already=True)
            return False
        if not result.ok:
            first = self.form_widget.show_errors(result.errors)
            if "_form" in result.errors:
                self._show_banner(result.errors["_form"])
            else:
                self._show_banner(text("check_fields", self.language))
            if first:
                self.form_widget.focus_field(first)
                self.scroll.ensureWidgetVisible(self.form_widget.input_widget(first), 40, 80)
            return False
        self.saved.emit(result.registration.id)
        QTimer.singleShot(0, self.context.notify_registrations_changed)
        self._thank()
        return True

    def _thank(self, *, already: bool = False) -> None:
        key = "already_text" if already else "thanks_text"
        self.thanks_text.setText(text(key, self.language))
        self.form_widget.clear()
        self.banner.hide()
        self.stack.setCurrentWidget(self.thanks_page)
        self.thanks_timer.start(self.thanks_ms)

    def _show_banner(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.show()

    def reset(self) -> None:
        """Back to an empty form in the default language, for the next visitor."""
        self.thanks_timer.stop()
        self.form_widget.clear()
        self.banner.hide()
        self.pin_field.clear()
        self.set_language(self.default_lang)
        self.scroll.verticalScrollBar().setValue(0)
        self.stack.setCurrentWidget(self.form_page)
        self.form_widget.focus_field()
        self.idle_timer.start()

    # -- idle -------------------------------------------------------------------------------
    def touched(self) -> None:
        self.idle_timer.start()

    def on_idle(self) -> None:
        """Nobody touched the kiosk for a while: forget what was typed."""
        if self.lockout_timer.isActive():
            self.idle_timer.start()
            return
        self.reset()

    # -- leaving: the staff PIN -------------------------------------------------------------
    def ask_pin(self) -> None:
        """Show the PIN keypad (Escape, close, the Staff button). The form's answers stay."""
        if self._unlocked:
            return
        self.pin_field.clear()
        self.pin_title.setText(text("staff_only", self.language))
        if not self.locked_out:
            self._set_pin_message(
                QCoreApplication.translate(
                    "KioskWindow", "Enter the staff PIN to leave the kiosk."
                ),
                error=False,
            )
        self.pin_cancel.setText(text("back_to_form", self.language))
        self.stack.setCurrentWidget(self.pin_page)
        self.pin_field.setFocus()

    def _set_pin_message(self, message: str, *, error: bool) -> None:
        self.pin_message.setText(message)
        self.pin_message.setProperty("error", error)
        self.pin_message.style().unpolish(self.pin_message)
        self.pin_message.style().polish(self.pin_message)

    def submit_pin(self) -> None:
        pin = self.pin_field.text()
        self.pin_field.clear()
        if self.lockout_timer.isActive():
            return
        if kiosk_pin.check_pin(self.store.db, pin):
            self._failures = 0
            self.leave()
            return
        self._failures += 1
        log.info("kiosk: wrong staff PIN (%d in a row)", self._failures)
        if self._failures >= MAX_FAILURES:
            self._lock_out()
        else:
            self._set_pin_message(
                QCoreApplication.translate("KioskWindow", "Wrong PIN."), error=True
            )

    def _lock_out(self) -> None:
        for key in self.keys:
            key.setEnabled(False)
        self.pin_field.setEnabled(False)
        self._set_pin_message(
            QCoreApplication.translate(
                "KioskWindow", "{max_failures} wrong PINs. Wait {lockout_ms_1000} seconds."
            ).format(max_failures=MAX_FAILURES, lockout_ms_1000=self.lockout_ms // 1000),
            error=True,
        )
        self.lockout_timer.start(self.lockout_ms)

    def _end_lockout(self) -> None:
        self._failures = 0
        for key in self.keys:
            key.setEnabled(True)
        self.pin_field.setEnabled(True)
        self._set_pin_message(
            QCoreApplication.translate("KioskWindow", "Enter the staff PIN to leave the kiosk."),
            error=False,
        )

    def back_to_form(self) -> None:
        self.pin_field.clear()
        self.stack.setCurrentWidget(self.form_page)
        self.form_widget.focus_field()

    @property
    def locked_out(self) -> bool:
        return self.lockout_timer.isActive()

    def leave(self) -> None:
        """The right PIN: forget the form's contents, close, and hand back to the staff."""
        self._unlocked = True
        self.form_widget.clear()
        self.idle_timer.stop()
        self.thanks_timer.stop()
        QApplication.instance().removeEventFilter(self._watch)
        log.info("kiosk: left with the staff PIN")
        # The staff's window shows first: closing the only visible window would quit the app.
        self.left.emit()
        self.close()

    # -- the window refuses to go without the PIN -------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._unlocked:
            for timer in (self.idle_timer, self.thanks_timer, self.lockout_timer):
                timer.stop()
            event.accept()
            return
        event.ignore()
        self.ask_pin()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.ask_pin()
            return
        super().keyPressEvent(event)


class KioskStarting(QWidget):
    """What a kiosk shows while the database is updated after an update of the app (a few
    seconds, once): the visitor sees the stand's screen getting ready, not an empty desktop."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskWindow")
        self.setWindowTitle(QCoreApplication.translate("KioskWindow", "Become a LEA Follower"))
        self.setStyleSheet(KIOSK_STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)  # shown once, at start
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel(
            QCoreApplication.translate("KioskWindow", "Become a LEA Follower"),
            objectName="kioskTitle",
        )
        note = QLabel(
            QCoreApplication.translate("KioskWindow", "Getting ready… one moment, please."),
            objectName="kioskStartingNote",
        )
        for label in (title, note):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addStretch(1)

    def show_full_screen(self) -> None:
        screen = QApplication.primaryScreen()
        if screen is not None:  # without a window manager, full screen alone may not resize
            self.setGeometry(screen.geometry())
        self.showFullScreen()


def open_kiosk(context: AppContext, *, on_left=None) -> KioskWindow:
    """Open the kiosk full screen over `context`'s store; `on_left()` runs after the PIN.
    Raises `kiosk_pin.PinError` when no staff PIN is set (callers check `kiosk_pin.has_pin` first)."""
    window = KioskWindow(context)
    if on_left is not None:
        window.left.connect(on_left)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    screen = QApplication.primaryScreen()
    if screen is not None:  # without a window manager, full screen alone may not resize
        window.setGeometry(screen.geometry())
    window.showFullScreen()
    window.raise_()
    window.activateWindow()
    log.info("kiosk: opened")
    return window
