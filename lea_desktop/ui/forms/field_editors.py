"""One editor per field type of the form engine: the input widget(s), label, help and error line.

Each editor gives its input `objectName` `field_<id>` and an accessible name equal to the field's
label (multichoice boxes are `field_<id>_<value>`). Editors never cut what was typed (no
maxLength): a too-long paste is kept and the message under the field says so.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from lea_desktop.formkit import Field
from lea_desktop.formkit.messages import screen_text
from lea_desktop.ui.style import repolish
from lea_desktop.ui.widgets import CountryCombo

# The example shown in an empty field, in the form's language (resources/formkit/messages.toml).
PLACEHOLDERS = {
    "email": "email_placeholder",
    "phone": "phone_placeholder",
    "url": "url_placeholder",
    "date": "date_placeholder",
}


def phone_example(region: str) -> str:
    """A phone number of the country `region` (ISO code) written as a visitor would dial it
    from abroad; "" for a code phonenumbers has no example for."""
    import phonenumbers

    number = phonenumbers.example_number_for_type(
        region.upper(), phonenumbers.PhoneNumberType.FIXED_LINE
    )
    if number is None:
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


class FieldEditor(QObject):
    """Label, input, help and error line of one field; `block` is the widget to lay out."""

    edited = Signal(str)  # field id

    def __init__(self, field: Field, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.lang = lang
        self.block = QWidget(parent)
        self.block.setObjectName(f"block_{field.id}")
        self.layout = QVBoxLayout(self.block)
        self.layout.setContentsMargins(0, 0, 0, 0)
        self.layout.setSpacing(3)
        self.label = QLabel(self.block)
        self.label.setObjectName(f"label_{field.id}")
        self.label.setProperty("role", "fieldLabel")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.help = QLabel(self.block)
        self.help.setObjectName(f"help_{field.id}")
        self.help.setProperty("role", "hint")
        self.help.setWordWrap(True)
        self.error = QLabel(self.block)
        self.error.setObjectName(f"error_{field.id}")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.hide()
        self._error_text = ""
        self.build()
        self.relabel(lang)

    # -- to be provided by each type --------------------------------------------------------
    def build(self) -> None:
        raise NotImplementedError

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def focus_widgets(self) -> list[QWidget]:
        """Widgets Tab visits, in order."""
        raise NotImplementedError

    def highlight_widgets(self) -> list[QWidget]:
        return self.focus_widgets()[:1]

    # -- shared ------------------------------------------------------------------------------
    def clear(self) -> None:
        self.set_value(self.field.empty_value())
        self.set_error("")

    def set_read_only(self, read_only: bool) -> None:
        for w in self.focus_widgets():
            w.setEnabled(not read_only)

    def label_text(self, lang: str) -> str:
        return self.field.label(lang)

    def relabel(self, lang: str) -> None:
        self.lang = lang
        text = self.label_text(lang)
        mark = ' <span style="color:#b3261e">*</span>' if self.field.required else ""
        self.label.setText(_escape(text) + mark)
        self.label.setAccessibleName(text)
        help_text = self.field.help(lang)
        self.help.setText(help_text)
        self.help.setVisible(bool(help_text))
        for w in self.focus_widgets()[:1]:
            w.setAccessibleName(text)

    def set_error(self, text: str) -> None:
        if text == self._error_text:
            return
        self._error_text = text
        self.error.setText(text)
        self.error.setVisible(bool(text))
        for w in self.highlight_widgets():
            w.setProperty("invalid", bool(text))
            repolish(w)
        for w in self.focus_widgets()[:1]:
            w.setAccessibleDescription(text)

    @property
    def error_text(self) -> str:
        return self._error_text

    def _changed(self, *_: object) -> None:
        if self._error_text:
            self.set_error("")
        self.edited.emit(self.field.id)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class LineEditor(FieldEditor):
    """text, email, phone, url, date: one line."""

    def build(self) -> None:
        self.input = QLineEdit(self.block)
        self.input.setObjectName(f"field_{self.field.id}")
        self.input.setMaxLength(1_000_000)  # never cut a paste; validation explains the limit
        self.region = ""  # phone: the country chosen in the form, for its example number
        if self.field.type in ("email", "url", "phone"):
            self.input.setInputMethodHints(
                {
                    "email": Qt.InputMethodHint.ImhEmailCharactersOnly,
                    "url": Qt.InputMethodHint.ImhUrlCharactersOnly,
                    "phone": Qt.InputMethodHint.ImhDialableCharactersOnly,
                }[self.field.type]
            )
        self.input.textEdited.connect(self._changed)
        for w in (self.label, self.input, self.help, self.error):
            self.layout.addWidget(w)
        self.label.setBuddy(self.input)

    def relabel(self, lang: str) -> None:
        super().relabel(lang)
        self._show_placeholder()

    def set_region(self, region: str) -> None:
        """Phone: show an example number of the country the visitor chose."""
        if region != self.region:
            self.region = region
            self._show_placeholder()

    def _show_placeholder(self) -> None:
        key = PLACEHOLDERS.get(self.field.type)
        example = screen_text(key, self.lang) if key else ""
        if self.field.type == "phone" and len(self.region) == 2:
            example = phone_example(self.region) or example
        self.input.setPlaceholderText(example)

    def value(self) -> str:
        return self.input.text()

    def set_value(self, value: Any) -> None:
        self.input.setText("" if value is None else str(value))

    def focus_widgets(self) -> list[QWidget]:
        return [self.input]


class LongTextEditor(FieldEditor):
    def build(self) -> None:
        self.input = QPlainTextEdit(self.block)
        self.input.setObjectName(f"field_{self.field.id}")
        self.input.setTabChangesFocus(True)  # Tab moves on through the form
        self.input.setFixedHeight(76)
        self.input.textChanged.connect(self._changed)
        for w in (self.label, self.input, self.help, self.error):
            self.layout.addWidget(w)
        self.label.setBuddy(self.input)

    def value(self) -> str:
        return self.input.toPlainText()

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if text != self.input.toPlainText():
            self.input.setPlainText(text)

    def focus_widgets(self) -> list[QWidget]:
        return [self.input]


class CountryEditor(FieldEditor):
    """An editable combo box: type any part of a name to search; EU member states come first."""

    def build(self) -> None:
        self.input = CountryCombo(self.lang, self.block)
        self.input.setObjectName(f"field_{self.field.id}")
        self.input.lineEdit().textEdited.connect(self._changed)
        self.input.activated.connect(self._changed)
        for w in (self.label, self.input, self.help, self.error):
            self.layout.addWidget(w)
        self.label.setBuddy(self.input)

    def ensure_loaded(self) -> None:
        self.input.ensure_loaded()

    def relabel(self, lang: str) -> None:
        super().relabel(lang)
        self.input.set_language(lang)
        self.input.lineEdit().setAccessibleName(self.field.label(lang))

    def value(self) -> str:
        return self.input.code()

    def set_value(self, value: Any) -> None:
        self.input.set_code(str(value or ""))

    def focus_widgets(self) -> list[QWidget]:
        return [self.input]

    def set_error(self, text: str) -> None:
        super().set_error(text)
        self.input.lineEdit().setAccessibleDescription(text)


class ChoiceEditor(FieldEditor):
    """A single choice from a fixed list."""

    def build(self) -> None:
        self.input = QComboBox(self.block)
        self.input.setObjectName(f"field_{self.field.id}")
        self.input.addItem("—", "")
        for choice in self.field.choices:
            self.input.addItem(choice.label(self.lang), choice.value)
        self.input.currentIndexChanged.connect(self._changed)
        for w in (self.label, self.input, self.help, self.error):
            self.layout.addWidget(w)
        self.label.setBuddy(self.input)

    def relabel(self, lang: str) -> None:
        super().relabel(lang)
        for i, choice in enumerate(self.field.choices, start=1):
            self.input.setItemText(i, choice.label(lang))

    def value(self) -> str:
        return str(self.input.currentData() or "")

    def set_value(self, value: Any) -> None:
        index = self.input.findData(str(value or ""))
        self.input.setCurrentIndex(max(index, 0))

    def focus_widgets(self) -> list[QWidget]:
        return [self.input]


class MultiChoiceEditor(FieldEditor):
    """A box per choice (`field_<id>_<value>`) in two columns, inside a frame named `field_<id>`."""

    COLUMNS = 2

    def build(self) -> None:
        self.frame = QFrame(self.block)
        self.frame.setObjectName(f"field_{self.field.id}")
        grid = QGridLayout(self.frame)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(4)
        self.boxes: dict[str, QCheckBox] = {}
        for i, choice in enumerate(self.field.choices):
            box = QCheckBox(self.frame)
            box.setObjectName(f"field_{self.field.id}_{choice.value}")
            box.toggled.connect(self._changed)
            grid.addWidget(box, i // self.COLUMNS, i % self.COLUMNS)
            self.boxes[choice.value] = box
        for w in (self.label, self.frame, self.help, self.error):
            self.layout.addWidget(w)

    def relabel(self, lang: str) -> None:
        super().relabel(lang)
        self.frame.setAccessibleName(self.field.label(lang))
        for choice in self.field.choices:
            label = choice.label(lang)
            self.boxes[choice.value].setText(label)
            self.boxes[choice.value].setAccessibleName(label)

    def value(self) -> list[str]:
        return [v for v, box in self.boxes.items() if box.isChecked()]

    def set_value(self, value: Any) -> None:
        chosen = set(value or [])
        for v, box in self.boxes.items():
            box.setChecked(v in chosen)

    def focus_widgets(self) -> list[QWidget]:
        return list(self.boxes.values())

    def highlight_widgets(self) -> list[QWidget]:
        return [self.frame]

    def set_read_only(self, read_only: bool) -> None:
        for box in self.boxes.values():
            box.setEnabled(not read_only)


class ConsentEditor(FieldEditor):
    """A checkbox that is never ticked for the person, with the consent text shown in full."""

    def build(self) -> None:
        self.input = QCheckBox(self.block)
        self.input.setObjectName(f"field_{self.field.id}")
        self.input.toggled.connect(self._changed)
        self.text = QLabel(self.block)
        self.text.setObjectName(f"consentText_{self.field.id}")
        self.text.setProperty("role", "consentText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setContentsMargins(26, 0, 0, 0)
        self.label.hide()  # the checkbox carries the label
        for w in (self.input, self.text, self.error):
            self.layout.addWidget(w)
        self.consent_version = ""

    def relabel(self, lang: str) -> None:
        super().relabel(lang)
        self.help.hide()
        label = self.field.label(lang) + (" *" if self.field.required else "")
        self.input.setText(label)
        self.input.setAccessibleName(self.field.label(lang))
        from lea_desktop import reference

        consent = reference.consent_text(self.field.consent or "", lang)
        self.consent_version = consent.version
        self.text.setText(consent.text)
        self.text.setAccessibleName(consent.text)

    def value(self) -> bool:
        return self.input.isChecked()

    def set_value(self, value: Any) -> None:
        self.input.setChecked(value is True)

    def focus_widgets(self) -> list[QWidget]:
        return [self.input]


EDITORS: dict[str, type[FieldEditor]] = {
    "text": LineEditor,
    "email": LineEditor,
    "phone": LineEditor,
    "url": LineEditor,
    "date": LineEditor,
    "longtext": LongTextEditor,
    "country": CountryEditor,
    "choice": ChoiceEditor,
    "multichoice": MultiChoiceEditor,
    "consent": ConsentEditor,
}


def editor_for(field: Field, lang: str, parent: QWidget | None = None) -> FieldEditor:
    return EDITORS[field.type](field, lang, parent)
