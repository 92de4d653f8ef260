"""`FollowersModel`: a table over the followers that match a filter, fast at 100,000 rows.

It holds the matching row numbers and fetches the rows themselves in pages of `PAGE_SIZE`
(`registrations.table_rows`: only the shown answers, via json_extract) when the view paints
them, keeping the last `MAX_PAGES` pages. No QSortFilterProxyModel: filtering in Python costs
0.4–1.8 s per keystroke at 100k rows; in SQLite it is about a millisecond.

A keystroke's query goes to the full-text indexes (`registrations.match_query`: trigram for 3+
characters, word prefixes for one or two). When the followers in scope are every indexed row
(one event, or all events with no other record kinds), a keystroke asks SQLite only for the
count and the newest `FIRST_ROWS` row numbers: building the Python list of every match cost more
than the index lookup itself (a 3-letter term matches ~25,000 rows at 100k). The full list is
read when the view scrolls past those rows. Otherwise the matches are narrowed to the scope in
Python.

Columns come from the form: the fields that identify a follower (searchable or required ones,
consent aside) and those marked `listed` (the staff's qualification), in form order, then the
time of sign-up.

Narrowing by answers (`set_narrowing`: rating, owner, due date) and sorting by a column (`sort`,
a click on its header) are done in SQLite too (`registrations.scope_seqs`, json_extract): the
followers in scope are read in that order once, and a keystroke keeps their order.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from lea_desktop.domain.countries import country_name
from lea_desktop.formkit import Field, Form
from lea_desktop.formkit.model import pick
from lea_desktop.storage import pulled, registrations
from lea_desktop.ui.timefmt import local_sortable

PAGE_SIZE = 50  # about two screens of rows
MAX_PAGES = 200
FIRST_ROWS = 2 * PAGE_SIZE  # row numbers read on a keystroke; the rest when scrolled to

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the registration's UUID
SEQ_ROLE = Qt.ItemDataRole.UserRole + 2  # its row number in the database
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)

FROM_TITLES = {"en": "From", "fi": "Mistä", "sv": "Från", "de": "Von", "it": "Da",
               "pt": "De", "es": "De", "fr": "De"}  # fmt: skip
WEB_MARKS = {"en": "Web sign-up", "fi": "Verkkolomake", "sv": "Webbanmälan",
             "de": "Web-Anmeldung", "it": "Iscrizione web", "pt": "Inscrição web",
             "es": "Inscripción web", "fr": "Inscription web"}  # fmt: skip
LAPTOP_MARKS = {"en": "another laptop", "fi": "toinen kone", "sv": "annan dator",
                "de": "anderer Laptop", "it": "altro portatile", "pt": "outro portátil",
                "es": "otro portátil", "fr": "autre portable"}  # fmt: skip


def origin_text(mark: tuple[str, str, str] | None, lang: str = "en") -> str:
    """Where a follower came from, for the "From" column: '' for this laptop's own."""
    if mark is None:
        return ""
    kind, laptop, partner = mark
    head = pick(WEB_MARKS, lang) if kind == "web" else (laptop or pick(LAPTOP_MARKS, lang))
    return f"{head} ({partner})" if partner else head


CREATED_TITLES = {"en": "Signed up", "fi": "Liittynyt", "sv": "Registrerad", "de": "Angemeldet",
                  "it": "Iscritto", "pt": "Inscrito", "es": "Inscrito", "fr": "Inscrit"}  # fmt: skip


def list_fields(form: Form) -> tuple[Field, ...]:
    """The fields shown as columns: searchable, required or `listed` answers (the staff's
    qualification: rating, follow-up owner and date), consent left out."""
    return tuple(
        f for f in form.fields if (f.searchable or f.required or f.listed) and f.type != "consent"
    )


def cell_text(field: Field, value: Any, lang: str = "en") -> str:
    """An answer as one line of table text (country names, choice labels)."""
    if value in (None, "", []):
        return ""
    if field.type == "country":
        return country_name(str(value), lang)
    if field.type in ("choice", "multichoice"):
        values = value if isinstance(value, list) else [value]
        return ", ".join((c.label(lang) if (c := field.choice(str(v))) else str(v)) for v in values)
    if field.type == "consent":
        return "✓" if value is True else ""
    return " ".join(str(value).split())


class FollowersModel(QAbstractTableModel):
    def __init__(self, store, form: Form, lang: str = "en", parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.form = form
        self.lang = lang
        self.fields = list_fields(form)
        self._field_ids = [f.id for f in self.fields]
        self._seqs: list[int] = []  # row numbers of the first len(_seqs) rows shown
        self._total = 0  # rows shown
        self._complete = True  # False while only the first rows' numbers are read
        self._pages: OrderedDict[int, list[list[Any]]] = OrderedDict()
        self._last_number, self._last_page = -1, []  # the page read last, found without lookups
        self.term = ""
        self.event_id: str | None = None
        self._base: list[int] | None = None  # every follower in scope, newest first
        self._base_set: set[int] = set()
        self._base_is_all = False  # the scope holds every row the indexes hold
        self.fetches = 0  # page fetches so far (tests check rows are read lazily)
        self.narrowing: dict[str, Any] = {}  # keyword arguments of registrations.scope_seqs
        self.order: tuple[int, bool] | None = None  # (column, descending); None: newest first

        # A "From" column after the others while this laptop holds followers of another
        # origin (another laptop's in its scope, web sign-ups): where each came from.
        self.show_origin = False

    # -- narrowing and order ----------------------------------------------------------------
    def set_narrowing(
        self,
        *,
        equals: dict[str, str] | None = None,
        on_or_before: dict[str, str] | None = None,
        blank: tuple[str, ...] = (),
        not_blank: tuple[str, ...] = (),
    ) -> None:
        """Keep only followers whose answers match (applied at the next `set_query`)."""
        narrowing = {
            k: v
            for k, v in (
                ("equals", dict(equals or {})),
                ("on_or_before", dict(on_or_before or {})),
                ("blank", tuple(blank)),
                ("not_blank", tuple(not_blank)),
            )
            if v
        }
        if narrowing != self.narrowing:
            self.narrowing = narrowing
            self._base = None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Qt's sort (a header click): by that column's answers, in SQLite; the sign-up time
        column descending is the default order, newest first."""
        descending = order == Qt.SortOrder.DescendingOrder
        created = len(self.fields)
        wanted: tuple[int, bool] | None = None
        if 0 <= column < created:
            wanted = (column, descending)
        elif column == created and not descending:
            wanted = (created, False)
        if wanted != self.order:
            self.order = wanted
            self._base = None
            self.set_query(self.term, self.event_id)

    def _scope(self, event_id: str | None) -> tuple[list[int], bool]:
        """(every follower in scope in the order shown, whether that is every indexed row
        newest first)."""
        db = self.store.db
        if not self.narrowing and self.order is None:
            base = registrations.search_seqs(db, "", event_id=event_id)
            return base, len(base) == registrations.count_all(db)
        order: dict[str, Any] = {}
        reverse = False
        if self.order is not None:
            column, descending = self.order
            if column < len(self.fields):
                field = self.fields[column]
                order = {"order_by": field.id, "descending": descending}
                if field.type == "choice":
                    order["order_values"] = field.choice_values()
            else:  # the sign-up time, oldest first
                reverse = not descending
        base = registrations.scope_seqs(db, event_id=event_id, **self.narrowing, **order)
        return (base[::-1] if reverse else base), False

    # -- the query --------------------------------------------------------------------------
    def set_query(self, term: str = "", event_id: str | None = None) -> None:
        """Show the followers matching `term` (all events when `event_id` is None), newest first.

        The followers in scope (kind, event) are kept as a list and a set until `refresh`, so a
        keystroke costs one index lookup (plus a set intersection when the scope is narrower
        than the whole table).
        """
        db = self.store.db
        show_origin = self.show_origin
        if self._base is None or event_id != self.event_id:
            base, self._base_is_all = self._scope(event_id)
            self._base, self._base_set = base, set(base)
            show_origin = pulled.any_pulled(db)
        if registrations.match_query(term) is None:  # blank, or punctuation only
            seqs, total = self._base, len(self._base)
        elif self.order is not None:  # the matches in the order chosen
            matching = set(registrations.match_seqs(db, term) or ())
            seqs = [s for s in self._base if s in matching]
            total = len(seqs)
        elif self._base_is_all:
            seqs = registrations.match_first(db, term, FIRST_ROWS) or []
            # Fewer than asked for: that is every match, no count needed.
            total = len(seqs) if len(seqs) < FIRST_ROWS else registrations.match_count(db, term)
            total = total or 0
        else:
            in_scope = self._base_set
            seqs = [s for s in registrations.match_seqs(db, term) or () if s in in_scope]
            total = len(seqs)
        self.beginResetModel()
        self.show_origin = show_origin
        self.term = term
        self.event_id = event_id
        self._seqs = seqs
        self._total = total
        self._complete = len(seqs) >= total
        self._clear_pages()
        self.endResetModel()

    def invalidate(self) -> None:
        """Records changed: the next query reads the followers in scope again."""
        self._base = None

    def refresh(self) -> None:
        """Run the query again after records changed."""
        self.invalidate()
        self.set_query(self.term, self.event_id)

    def _seq_range(self, start: int, end: int) -> list[int]:
        if end > len(self._seqs) and not self._complete:
            # Scrolled past the first rows: read every match's number now (one index query).
            self._seqs = registrations.match_seqs(self.store.db, self.term) or []
            self._complete = True
        return self._seqs[start:end]

    def _clear_pages(self) -> None:
        self._pages.clear()
        self._last_number, self._last_page = -1, []

    def _fetch(self, number: int) -> list[list[Any]]:
        """Read page `number` from the database: each row as [UUID, (UUID, created_at,
        answers), None]; the third item is its cell texts, made when the view first asks."""
        start = number * PAGE_SIZE
        end = min(start + PAGE_SIZE, self._total)
        seqs = self._seq_range(start, end)
        found = registrations.table_rows(self.store.db, seqs, self._field_ids)
        if self.show_origin:
            origins = pulled.marks(self.store.db, [f[0] for f in found.values()])
            found = {seq: (*f, origins.get(f[0])) for seq, f in found.items()}
        self.fetches += 1
        # A row deleted since the query ran (another window, the sync engine) has no UUID, and
        # so has a row counted but gone before its number was read.
        page = [[f[0], f, None] if (f := found.get(seq)) else ["", None, None] for seq in seqs]
        page += [["", None, None] for _ in range(end - start - len(seqs))]
        self._pages[number] = page
        if len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return page

    def _entry(self, row: int) -> list[Any]:
        number = row // PAGE_SIZE
        if number == self._last_number:  # the view asks for a whole screen of cells in a row
            page = self._last_page
        else:
            page = self._pages.get(number)
            if page is None:
                page = self._fetch(number)
            else:
                self._pages.move_to_end(number)
            self._last_number, self._last_page = number, page
        return page[row - number * PAGE_SIZE]

    def _texts(self, entry: list[Any]) -> list[str]:
        texts = entry[2]
        if texts is None:
            found = entry[1]
            if found is None:
                texts = ["(deleted)"] + [""] * len(self.fields)
            else:
                _reg_id, created_at, values = found[:3]
                lang = self.lang
                texts = [cell_text(f, v, lang) for f, v in zip(self.fields, values, strict=True)]
                texts.append(local_sortable(created_at))
                if self.show_origin:
                    texts.append(origin_text(found[3] if len(found) > 3 else None, lang))
            entry[2] = texts
        return texts

    # -- Qt's model interface ---------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.fields) + 1 + int(self.show_origin)

    def index(
        self,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex = QModelIndex(),  # noqa: B008
    ) -> QModelIndex:
        # Asked for every visible cell: Qt's own would call back rowCount and columnCount.
        if 0 <= row < self._total and 0 <= column < self.columnCount() and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        # Called for every visible cell at every repaint: plain int roles, no enum lookups.
        row = index.row()
        if not 0 <= row < self._total:  # an invalid index has row -1
            return None
        if role in (_DISPLAY, _TOOLTIP):
            texts = self._texts(self._entry(row))
            col = index.column()
            text = texts[col] if col < len(texts) else ""
            if role == _TOOLTIP:
                return text if len(text) > 40 else None
            return text
        if role == ID_ROLE:
            return self._entry(row)[0]
        if role == SEQ_ROLE:
            seqs = self._seq_range(row, row + 1)
            return seqs[0] if seqs else None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return None
        if 0 <= section < len(self.fields):
            return self.fields[section].label(self.lang)
        if section == len(self.fields):
            return pick(CREATED_TITLES, self.lang)
        if section == len(self.fields) + 1 and self.show_origin:
            return pick(FROM_TITLES, self.lang)
        return None

    # -- helpers for the page ---------------------------------------------------------------
    def registration_id(self, row: int) -> str:
        return str(self.data(self.index(row, 0), ID_ROLE) or "")

    def row_of(self, reg_id: str) -> int:
        """The row showing `reg_id` among the rows already fetched, or -1."""
        for number, page in self._pages.items():
            for offset, entry in enumerate(page):
                if entry[0] == reg_id:
                    return number * PAGE_SIZE + offset
        return -1

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self._clear_pages()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._total:
            self.dataChanged.emit(
                self.index(0, 0), self.index(self._total - 1, self.columnCount() - 1)
            )
