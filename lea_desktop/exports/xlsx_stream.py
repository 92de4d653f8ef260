"""openpyxl helpers: formula-safe text cells, styles, and a fast write-only sheet for big tables.

openpyxl's write-only mode builds a Python `Cell` object and three XML elements per cell: about
4 µs a cell with lxml and three times that without, so 100,000 followers × 17 columns take 6 to
20 s. `add_fast_sheet` gives a write-only worksheet whose rows are written as one piece of XML
text each (escaped here) — 100,000 rows in well under a second. Everything else (styles, column
widths, frozen header, autofilter, the zip package) stays openpyxl's. If a future openpyxl no
longer has the hooks used, the sheet falls back to the ordinary path (slower, same file).

Text is never written as a formula: every string is an inline string cell, and one that starts
like a formula (= + - @ tab CR) also carries Excel's "quote prefix" flag, so editing the cell
keeps it text. The value itself stays exactly what was typed.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any, NamedTuple

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from lea_desktop.exports.cells import FORMULA_STARTS

# Characters XML 1.0 forbids (openpyxl refuses them; we drop them).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A row's text needs the careful path when it holds a character to escape or to drop.
_NEEDS_CARE = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


class Styled(NamedTuple):
    """A value with an openpyxl style id (from `style_id`), e.g. a date with its number format."""

    value: Any
    style: int


def clean_text(text: str) -> str:
    """`text` without characters a spreadsheet file cannot hold."""
    return _ILLEGAL.sub("", text)


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def style_id(
    wb: Workbook,
    *,
    number_format: str | None = None,
    bold: bool = False,
    quote_prefix: bool = False,
    wrap: bool = False,
) -> int:
    """Register a cell style with the workbook and return its id (for `Styled` values)."""
    cell = WriteOnlyCell(SimpleNamespace(parent=wb))  # a cell only needs its workbook for styles
    if number_format:
        cell.number_format = number_format
    if bold:
        cell.font = Font(bold=True)
    if quote_prefix:
        cell.quotePrefix = True
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell.style_id


def text_cell(ws: WriteOnlyWorksheet, value: str, **style: Any) -> WriteOnlyCell:
    """An ordinary write-only cell holding `value` as text, never as a formula."""
    cell = WriteOnlyCell(ws, clean_text(value))
    if looks_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    for key, val in style.items():
        setattr(cell, key, val)
    return cell


def save_fast(wb: Workbook, fh: Any) -> None:
    """`wb.save(fh)` with the fastest deflate level: a 100,000-row workbook zips in a third of
    the time for a file about a third bigger. Falls back to openpyxl's own save."""
    import datetime as dt
    import zipfile

    try:
        from openpyxl.writer.excel import ExcelWriter
    except ImportError:  # pragma: no cover - depends on the openpyxl version
        wb.save(fh)
        return
    with zipfile.ZipFile(
        fh, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=1
    ) as archive:
        wb.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
        ExcelWriter(wb, archive).save()


def discard(wb: Workbook) -> None:
    """Abandon a write-only workbook that will not be saved: stop its sheets' row streams and
    delete their temporary files at once (they hold the rows written so far: personal data)."""
    for ws in list(getattr(wb, "_sheets", [])):
        rows, writer = getattr(ws, "_rows", None), getattr(ws, "_writer", None)
        try:
            if rows is not None:
                rows.close()
            if writer is not None:
                writer.close()
        except Exception:  # a half-written temporary file: it is deleted next anyway
            pass
        if writer is not None:
            with contextlib.suppress(OSError, ValueError):
                writer.cleanup()


def _hooks_available() -> bool:
    return all(
        hasattr(WriteOnlyWorksheet, name) for name in ("_values_to_row", "_get_writer", "_writer")
    )


def add_fast_sheet(wb: Workbook, title: str) -> WriteOnlyWorksheet:
    """A write-only worksheet for many rows of plain values (str, int, float, bool, None,
    `Styled`). Set column widths, `freeze_panes` and styles before the first `append`."""
    ws = wb.create_sheet(title)
    if not _hooks_available():  # pragma: no cover - depends on the openpyxl version
        return ws
    quote = style_id(wb, quote_prefix=True)

    def get_writer() -> None:
        if ws._writer is None:
            ws._writer = _fast_writer_class()(ws, quote)
            ws._writer.write_top()

    # Rows reach our writer as the plain sequences given to `append`.
    ws._values_to_row = lambda values, row_idx: values  # type: ignore[method-assign]
    ws._get_writer = get_writer  # type: ignore[method-assign]
    return ws


def _fast_writer_class() -> type:
    """openpyxl's worksheet writer, with each row written as text straight into the stream.

    The worksheet XML goes through a sink of ours that both openpyxl's XML writer and the rows
    write to, in order: lxml's writer is flushed before each row; the standard-library writer
    (et_xmlfile, used when lxml is not installed, as in the bundle) is unbuffered in "unicode"
    mode. Either way the document is openpyxl's own, with our `<row>` elements inside.
    """
    global _FAST_WRITER
    if _FAST_WRITER is not None:
        return _FAST_WRITER
    from openpyxl import LXML
    from openpyxl.worksheet._writer import WorksheetWriter
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import xmlfile

    class FastRowWriter(WorksheetWriter):
        def __init__(self, ws: WriteOnlyWorksheet, quote_style: int) -> None:
            self._sink: _Sink | None = None
            self._quote = quote_style
            self._letters = [get_column_letter(i + 1) for i in range(64)]
            super().__init__(ws)

        def get_stream(self) -> Any:  # the same document as openpyxl's, through our sink
            self._sink = _Sink(open(self.out, "wb"))  # noqa: SIM115 - closed in close()
            stream = xmlfile(self._sink) if LXML else xmlfile(self._sink, encoding="unicode")
            with stream as xf, xf.element("worksheet", xmlns=SHEET_MAIN_NS):
                try:
                    while True:
                        el = yield
                        if el is True:
                            yield xf
                        elif el is not None:
                            xf.write(el)
                except GeneratorExit:
                    pass

        def write_row(self, xf: Any, row: Sequence[Any], row_idx: int) -> None:  # type: ignore[override]
            if len(row) > len(self._letters):
                self._letters = [get_column_letter(i + 1) for i in range(len(row))]
            if LXML:
                xf.flush()  # lxml buffers: what it has so far must come before this row
            assert self._sink is not None
            self._sink.write(row_xml(row, row_idx, self._letters, self._quote))

        def close(self) -> None:
            try:
                super().close()
            finally:
                if self._sink is not None:
                    self._sink.close()
                    self._sink = None

    _FAST_WRITER = FastRowWriter
    return FastRowWriter


class _Sink:
    """Where a worksheet's XML goes: text is encoded as UTF-8, bytes pass through."""

    def __init__(self, fh: Any) -> None:
        self._fh = fh

    def write(self, data: str | bytes) -> None:
        self._fh.write(data.encode("utf-8") if isinstance(data, str) else data)

    def close(self) -> None:
        self._fh.close()


_FAST_WRITER: type | None = None


_FORMULA_FIRST = "".join(FORMULA_STARTS)  # each is one character
_XML_SPACE = " \t\n\r"  # what XML readers would trim from the edges of a text


def row_xml(row: Sequence[Any], row_idx: int, letters: Sequence[str], quote_style: int) -> str:
    """The `<row>` element of one worksheet row, as XML text."""
    r = str(row_idx)
    # Most rows need no escaping at all: one search over the row's text instead of one per cell.
    texts = [v for v in row if type(v) is str]
    plain = not _NEEDS_CARE.search("\n".join(texts)) if texts else True
    quote = f' s="{quote_style}"'
    parts = [f'<row r="{r}">']
    add = parts.append
    for letter, value in zip(letters, row, strict=False):
        if value is None:
            continue
        kind = type(value)
        if kind is str:
            if not plain:
                value = _ILLEGAL.sub("", value).translate(_ESCAPE)
            if not value:
                continue
            first = value[0]
            style = quote if first in _FORMULA_FIRST else ""
            if first in _XML_SPACE or value[-1] in _XML_SPACE:
                add(f'<c r="{letter}{r}"{style} t="inlineStr"><is><t xml:space="preserve">')
                add(f"{value}</t></is></c>")
            else:
                add(f'<c r="{letter}{r}"{style} t="inlineStr"><is><t>{value}</t></is></c>')
            continue
        style = ""
        if kind is Styled:
            style = f' s="{value.style}"'
            value = value.value
            kind = type(value)
            if value is None:
                add(f'<c r="{letter}{r}"{style}/>')
                continue
        if kind is bool:
            add(f'<c r="{letter}{r}"{style} t="b"><v>{int(value)}</v></c>')
        elif kind is int or kind is float:
            add(f'<c r="{letter}{r}"{style} t="n"><v>{value!r}</v></c>')
        else:
            text = _ILLEGAL.sub("", str(value)).translate(_ESCAPE)
            if text:
                add(f'<c r="{letter}{r}"{style} t="inlineStr"><is><t>{text}</t></is></c>')
    add("</row>")
    return "".join(parts)
