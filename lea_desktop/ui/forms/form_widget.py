"""`FormWidget`: draws any `Form` from `forms/*.toml` — sections, one editor per field, in form
order — and reads the answers back. Used by the sign-up page, the follower editor and the kiosk.

It knows nothing about saving: callers pass `answers()` to `followers.save_new/save_edit` and hand
the result's errors back to `show_errors`. Tab follows the form order; switching the language
relabels everything, says the messages on screen again in the new language, and keeps every
answer.
"""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from lea_desktop.formkit import Field, Form
from lea_desktop.formkit.messages import Message
from lea_desktop.ui.forms.field_editors import FieldEditor, editor_for
from lea_desktop.ui.style import repolish

# Field types laid out two to a row on a wide form; the others take the full width.
SHORT_TYPES = frozenset({"text", "email", "phone", "country", "url", "date", "choice"})
ONE_COLUMN_BELOW = 600  # px of form width


class FormWidget(QWidget):
    edited = Signal(str)  # field id of an answer the user changed

    def __init__(
        self,
        form: Form,
        lang: str = "en",
        *,
        staff: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        """`staff=False` leaves out staff-only fields (the kiosk, a visitor filling in alone)."""
        super().__init__(parent)
        self.setObjectName(f"form_{form.id}")
        self.form = form
        self.lang = lang if lang in form.languages else form.languages[0]
        self.fields: tuple[Field, ...] = form.fields if staff else form.public_fields()
        self.editors: dict[str, FieldEditor] = {}
        self._section_labels: dict[str, QLabel] = {}
        self._form_error = ""
        self._grids: list[tuple[QGridLayout, list[FieldEditor]]] = []
        self._prefilled: set[str] = set()  # filled from a scanned code, not yet touched
        self._columns = 0

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(14)
        self.banner = QLabel(self)
        self.banner.setObjectName("formBanner")
        self.banner.setProperty("banner", "error")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setContentsMargins(12, 8, 12, 8)
        self.banner.hide()
        outer.addWidget(self.banner)

        for section, fields in self._sections():
            card = QFrame(self)
            card.setObjectName(f"section_{section or 'main'}")
            card.setProperty("role", "card")
            box = QVBoxLayout(card)
            box.setContentsMargins(18, 12, 18, 16)
            box.setSpacing(10)
            if section:
                heading = QLabel(card)
                heading.setProperty("role", "section")
                heading.setObjectName(f"sectionTitle_{section}")
                self._section_labels[section] = heading
                box.addWidget(heading)
            grid = QGridLayout()
            grid.setHorizontalSpacing(18)
            grid.setVerticalSpacing(12)
            for f in fields:
                editor = editor_for(f, self.lang, card)
                editor.edited.connect(self.edited)
                editor.edited.connect(self._unmark_prefilled)
                self.editors[f.id] = editor
            self._grids.append((grid, [self.editors[f.id] for f in fields]))
            box.addLayout(grid)
            outer.addWidget(card)
        outer.addStretch(1)
        self._lay_out(2)
        self._chain_tab_order()
        self.set_language(self.lang)
        # The phone field's example follows the country chosen (validation reads it too).
        self._country = next((e for e in self.editors.values() if e.field.type == "country"), None)
        if self._country is not None:
            self._country.edited.connect(self._on_country)

    def _on_country(self, _field_id: str = "") -> None:
        region = str(self._country.value() or "") if self._country is not None else ""
        for editor in self.editors.values():
            if editor.field.type == "phone" and hasattr(editor, "set_region"):
                editor.set_region(region)

    def _lay_out(self, columns: int) -> None:
        """Place the editors: short fields two to a row, or all in one column (narrow form)."""
        if columns == self._columns:
            return
        self._columns = columns
        for grid, editors in self._grids:
            for editor in editors:
                grid.removeWidget(editor.block)
            row, col = 0, 0
            for editor in editors:
                if columns == 2 and editor.field.type in SHORT_TYPES:
                    grid.addWidget(editor.block, row, col, Qt.AlignmentFlag.AlignTop)
                    col += 1
                    if col == 2:
                        row, col = row + 1, 0
                else:
                    if col:
                        row, col = row + 1, 0
                    grid.addWidget(editor.block, row, 0, 1, columns, Qt.AlignmentFlag.AlignTop)
                    row += 1
            grid.setColumnStretch(0, 1)
            grid.setColumnStretch(1, 1 if columns == 2 else 0)
            grid.setColumnMinimumWidth(1, 0)

    @property
    def columns(self) -> int:
        """How many columns the short fields are in now (2, or 1 on a narrow form)."""
        return self._columns

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # Two columns need room for both: below that one column, never a sideways scroll.
        self._lay_out(1 if event.size().width() < ONE_COLUMN_BELOW else 2)

    def _sections(self) -> list[tuple[str, list[Field]]]:
        groups: list[tuple[str, list[Field]]] = []
        for f in self.fields:
            if not groups or groups[-1][0] != f.section:
                groups.append((f.section, []))
            groups[-1][1].append(f)
        return groups

    def _chain_tab_order(self) -> None:
        widgets = [w for e in self.editors.values() for w in e.focus_widgets()]
        for a, b in itertools.pairwise(widgets):
            QWidget.setTabOrder(a, b)

    # -- reading and writing ----------------------------------------------------------------
    def answers(self) -> dict[str, Any]:
        """What is on screen, keyed by field id (raw; `formkit.validate` cleans it)."""
        return {fid: editor.value() for fid, editor in self.editors.items()}

    def filled_fields(self) -> list[str]:
        """Ids of the fields that hold an answer on screen (spaces alone are none), form order."""
        filled = []
        for fid, editor in self.editors.items():
            value = editor.value()
            if isinstance(value, str):
                value = value.strip()
            if value not in ("", None, False, []):
                filled.append(fid)
        return filled

    def fill_empty(self, answers: dict[str, Any]) -> list[str]:
        """Put each of `answers` into its field only where that field is empty (what was typed
        or filled before is never overwritten) and highlight those fields until they are edited
        or the form is cleared. Returns the ids filled, in form order."""
        taken = set(self.filled_fields())
        filled = []
        for fid, editor in self.editors.items():
            if fid in taken or fid not in answers or answers[fid] in ("", None, [], False):
                continue
            editor.set_value(answers[fid])
            if fid not in self.filled_fields():  # e.g. a country code the list does not know
                editor.set_value(editor.field.empty_value())
                continue
            filled.append(fid)
        self._on_country()
        for fid in filled:
            self._mark_prefilled(fid, True)
        return filled

    @property
    def prefilled(self) -> list[str]:
        """Fields filled from a scanned code and not edited since, in form order."""
        return [fid for fid in self.editors if fid in self._prefilled]

    def _mark_prefilled(self, fid: str, on: bool) -> None:
        if on:
            self._prefilled.add(fid)
        else:
            self._prefilled.discard(fid)
        for w in self.editors[fid].highlight_widgets():
            w.setProperty("prefilled", on)
            repolish(w)

    def _unmark_prefilled(self, fid: str = "") -> None:
        for field_id in [fid] if fid else list(self._prefilled):
            if field_id in self._prefilled:
                self._mark_prefilled(field_id, False)

    def set_answers(self, answers: dict[str, Any]) -> None:
        self._unmark_prefilled()
        for fid, editor in self.editors.items():
            editor.set_value(answers.get(fid, editor.field.empty_value()))
        self.clear_errors()
        self._on_country()

    def clear(self) -> None:
        """Empty every answer (consent boxes unticked) and every message, for the next visitor."""
        self._unmark_prefilled()
        for editor in self.editors.values():
            editor.clear()
        self.show_form_error("")
        self._on_country()

    def set_read_only(self, field_ids: list[str] | tuple[str, ...], read_only: bool = True) -> None:
        for fid in field_ids:
            if fid in self.editors:
                self.editors[fid].set_read_only(read_only)

    # -- language ---------------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        """Relabel every field, choice, consent text and heading, and say the messages shown in
        `lang` too; answers stay as they are."""
        if lang not in self.form.languages:
            return
        self.lang = lang
        for editor in self.editors.values():
            editor.relabel(lang)
            if isinstance(editor.error_text, Message):
                editor.set_error(editor.error_text.in_language(lang))
        if isinstance(self._form_error, Message):
            self.show_form_error(self._form_error.in_language(lang))
        for section, label in self._section_labels.items():
            label.setText(self.form.section_title(section, lang).upper())
            label.setAccessibleName(self.form.section_title(section, lang))

    # -- messages ---------------------------------------------------------------------------
    def show_errors(self, errors: dict[str, str]) -> str | None:
        """Show each message under its field (and "_form" in the banner); returns the first
        field id with a message, in form order, so the caller can move the focus there."""
        first = None
        for fid, editor in self.editors.items():
            text = errors.get(fid, "")
            editor.set_error(text)
            if text and first is None:
                first = fid
        unknown = [t for k, t in errors.items() if k != "_form" and k not in self.editors]
        self.show_form_error(" ".join([errors.get("_form", ""), *unknown]).strip())
        return first

    def clear_errors(self) -> None:
        for editor in self.editors.values():
            editor.set_error("")
        self.show_form_error("")

    def show_form_error(self, text: str) -> None:
        self._form_error = text
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def errors(self) -> dict[str, str]:
        """Messages currently shown, by field id (for tests and accessibility checks)."""
        found = {fid: e.error_text for fid, e in self.editors.items() if e.error_text}
        if self.banner.isVisibleTo(self) and self.banner.text():
            found["_form"] = self.banner.text()
        return found

    # -- focus ------------------------------------------------------------------------------
    def input_widget(self, field_id: str) -> QWidget:
        return self.editors[field_id].focus_widgets()[0]

    def first_input(self) -> QWidget:
        return next(iter(self.editors.values())).focus_widgets()[0]

    def focus_field(self, field_id: str | None = None) -> None:
        widget = self.input_widget(field_id) if field_id else self.first_input()
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
