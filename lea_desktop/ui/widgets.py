"""Small shared widgets: section cards, banners (non-modal messages with buttons), the question
asked before typed work is dropped, a language switch and the country picker."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lea_desktop.ui.style import repolish

LANGUAGE_NAMES = {
    "en": "English",
    "fi": "Suomi",
    "sv": "Svenska",
    "de": "Deutsch",
    "it": "Italiano",
    "pt": "Português",
    "es": "Español",
    "fr": "Français",
}


def hint_label(parent: QWidget, text: str = "", object_name: str = "") -> QLabel:
    """A grey explanatory line (role `hint`), wrapped, never cut."""
    label = QLabel(text, parent)
    if object_name:
        label.setObjectName(object_name)
    label.setProperty("role", "hint")
    label.setWordWrap(True)
    return label


def page_heading(page: QWidget, title: str, banner_name: str) -> tuple[QVBoxLayout, Banner]:
    """A page's outer layout with its title and its banner (hidden until it has something to
    say), as every page lays them out; returns the layout and the banner."""
    outer = QVBoxLayout(page)
    outer.setContentsMargins(24, 16, 24, 12)
    outer.setSpacing(12)
    heading = QLabel(title, page)
    heading.setProperty("role", "pageTitle")
    outer.addWidget(heading)
    banner = Banner(banner_name, "info", page)
    outer.addWidget(banner)
    return outer, banner


def section_card(
    parent: QWidget, object_name: str, title: str, *, compact: bool = False, hint: str = ""
) -> tuple[QFrame, QVBoxLayout]:
    """A white card with an upper-case section heading (and under it a `hint`, if given);
    returns the card and its layout."""
    card = QFrame(parent)
    card.setObjectName(object_name)
    card.setProperty("role", "card")
    box = QVBoxLayout(card)
    if compact:
        box.setContentsMargins(16, 10, 16, 12)
        box.setSpacing(6)
    else:
        box.setContentsMargins(18, 12, 18, 14)
        box.setSpacing(8)
    heading = QLabel(title.upper(), card)
    heading.setProperty("role", "section")
    heading.setAccessibleName(title)
    box.addWidget(heading)
    if hint:
        box.addWidget(hint_label(card, hint))
    return card, box


def ask_before_dropping(
    parent: QWidget,
    object_name: str,
    title: str,
    text: str,
    *,
    keep: str,
    drop: str,
    on_drop: Callable[[], None],
    on_keep: Callable[[], None] | None = None,
    informative: str = "",
) -> QWidget:
    """Ask whether typed work may be thrown away: a window-modal question (the app keeps
    running) whose default and Escape answer is `keep`. `on_drop` runs only for `drop`. While
    the question is on screen, asking again brings it to the front instead of a second one."""
    from PySide6.QtWidgets import QMessageBox

    shown = parent.findChild(QMessageBox, object_name)
    if shown is not None and shown.isVisible():
        shown.raise_()
        return shown
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    box.setObjectName(object_name)
    if informative:
        box.setInformativeText(informative)
    keep_button = box.addButton(keep, QMessageBox.ButtonRole.RejectRole)
    box.addButton(drop, QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(keep_button)
    box.setEscapeButton(keep_button)
    box.setWindowModality(Qt.WindowModality.WindowModal)

    def answered(_result: int) -> None:
        box.deleteLater()
        if box.clickedButton() in (keep_button, None):
            if on_keep is not None:
                on_keep()
        else:
            on_drop()

    box.finished.connect(answered)
    box.open()
    return box


class Banner(QFrame):
    """A coloured strip with a message and optional buttons; never blocks, hides on demand."""

    expired = Signal()  # hidden because its timeout ran out

    def __init__(self, object_name: str, kind: str = "info", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setProperty("banner", kind)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 8, 8)
        row.setSpacing(8)
        self.label = QLabel(self)
        self.label.setObjectName(f"{object_name}Text")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        row.addWidget(self.label, 1)
        self._buttons = row
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._expire)
        self.hide()

    def set_kind(self, kind: str) -> None:
        if self.property("banner") != kind:
            self.setProperty("banner", kind)
            repolish(self)

    def add_button(self, text: str, object_name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(object_name)
        button.clicked.connect(slot)
        self._buttons.addWidget(button)
        return button

    def show_message(self, text: str, kind: str | None = None, timeout_ms: int = 0) -> None:
        if kind:
            self.set_kind(kind)
        self.label.setText(text)
        self.setAccessibleDescription(text)
        self.show()
        if timeout_ms:
            self._timer.start(timeout_ms)
        else:
            self._timer.stop()

    def _expire(self) -> None:
        self.hide()
        self.expired.emit()

    def text(self) -> str:
        return self.label.text()


class ElidingComboBox(QComboBox):
    """A combo box whose closed text, when too long for the box, loses its middle ("Online
    Educa Ber…2–4 Dec 2026") rather than its end; the list and the tooltip show it whole."""

    def paintEvent(self, _event) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideMiddle, max(0, field.width() - 4)
        )
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def is_elided(self) -> bool:
        """Whether the current text is shortened on screen (for tests)."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        return self.fontMetrics().horizontalAdvance(self.currentText()) > field.width() - 4


class LanguageSwitch(QWidget):
    """A row of buttons EN FI SV … (`lang_<code>`); each names its language in that language."""

    languageChosen = Signal(str)

    def __init__(
        self, languages: tuple[str, ...], current: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("languageSwitch")
        self.setAccessibleName(QCoreApplication.translate("LanguageSwitch", "Form language"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QToolButton] = {}
        for lang in languages:
            button = QToolButton(self)
            button.setObjectName(f"lang_{lang}")
            button.setText(lang.upper())
            button.setCheckable(True)
            button.setToolTip(LANGUAGE_NAMES.get(lang, lang))
            button.setAccessibleName(LANGUAGE_NAMES.get(lang, lang))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab stays in the form
            # Never squeezed to "…": the title beside the switch wraps instead.
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            button.setMinimumWidth(button.sizeHint().width())
            button.clicked.connect(lambda _=False, code=lang: self.languageChosen.emit(code))
            self.group.addButton(button)
            self.buttons[lang] = button
            row.addWidget(button)
        self.set_current(current)

    def set_current(self, lang: str) -> None:
        if lang in self.buttons:
            self.buttons[lang].setChecked(True)


SEARCH_PLACEHOLDER = {
    "en": "Type to search…",
    "fi": "Hae kirjoittamalla…",
    "sv": "Skriv för att söka…",
    "de": "Zum Suchen tippen…",
    "it": "Digita per cercare…",
    "pt": "Escreva para pesquisar…",
    "es": "Escriba para buscar…",
    "fr": "Tapez pour rechercher…",
}


class CountryCombo(QComboBox):
    """Pick a country by typing any part of its name (contains-match); EU member states first.

    `code()` is the ISO alpha-2 code of the chosen country, an ISO code typed directly, or the
    text as typed when it matches nothing (kept, so the message can ask to choose from the list).
    The names load on first need (Babel), not at start-up.
    """

    def __init__(self, lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(14)
        # As wide as its place in the layout, not as the longest country name in the list.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        self.lineEdit().setPlaceholderText(SEARCH_PLACEHOLDER.get(lang, SEARCH_PLACEHOLDER["en"]))
        self.lineEdit().setMaxLength(1_000_000)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        self.lang = lang
        self.loaded_lang = ""

    def ensure_loaded(self) -> None:
        self.set_language(self.lang, load=True)

    def focusInEvent(self, event) -> None:
        self.ensure_loaded()  # names load after start-up; someone may get here first
        super().focusInEvent(event)

    def set_language(self, lang: str, *, load: bool = False) -> None:
        """Show the names in `lang` (now if loaded or `load`), keeping the choice or typed text."""
        self.lang = lang
        self.lineEdit().setPlaceholderText(SEARCH_PLACEHOLDER.get(lang, SEARCH_PLACEHOLDER["en"]))
        if self.loaded_lang == lang or not (self.loaded_lang or load):
            return
        from lea_desktop.domain.countries import EU_MEMBER_STATES, countries_for_picker

        keep = self.code()
        self.blockSignals(True)
        self.clear()
        eu_done = False
        for code, name in countries_for_picker(lang):
            if not eu_done and code not in EU_MEMBER_STATES:
                self.insertSeparator(self.count())
                eu_done = True
            self.addItem(name, code)
        self.loaded_lang = lang
        self.set_code(keep)
        self.blockSignals(False)

    def code(self) -> str:
        text = self.currentText().strip()
        if not text:
            return ""
        if self.loaded_lang:
            index = self.findText(text, Qt.MatchFlag.MatchFixedString)  # case-insensitive
            if index >= 0:
                return str(self.itemData(index))
        if len(text) == 2 and text.isalpha():
            return text.upper()  # an ISO code typed directly
        return text

    def set_code(self, value: str) -> None:
        value = str(value or "")
        if value and not self.loaded_lang:
            self.ensure_loaded()
        index = self.findData(value.upper()) if len(value) == 2 else -1
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setCurrentIndex(-1)
            self.setEditText(value)
