"""Writing scene pages (`printing.scene`) to a PDF file with reportlab.

The file appears whole or not at all (written beside the target, then renamed), and a file that
holds personal data is created readable by the user only (0600) from its first byte.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from lea_desktop import paths
from lea_desktop.printing import fonts
from lea_desktop.printing.scene import WHITE, Group, Line, Page, Place, Qr, Rect, Text


class PrintError(Exception):
    """A document could not be written; the message is meant for the user."""


class Cancelled(Exception):
    """The caller asked to stop (a GUI job cancelled): no file is left behind."""


@contextlib.contextmanager
def atomic_output(out: Path, *, private: bool = False) -> Iterator[BinaryIO]:
    """`paths.atomic_output` with its errors as `PrintError` sentences for the user."""
    out = Path(out)
    if out.is_dir():
        raise PrintError(f"{out} is a folder; give a file name ending in .pdf")
    stack = contextlib.ExitStack()
    try:
        fh = stack.enter_context(paths.atomic_output(out, private=private))
    except OSError as exc:
        raise PrintError(f"Cannot write {out}: {exc.strerror}") from None
    with stack:
        yield fh


def new_canvas(
    fh: BinaryIO, pagesize: tuple[float, float], *, title: str, subject: str = ""
) -> Any:
    from reportlab.pdfgen.canvas import Canvas

    fonts.register()
    canvas = Canvas(fh, pagesize=pagesize, pageCompression=1, invariant=0)
    canvas.setTitle(title)
    canvas.setAuthor("LEA Desktop")
    canvas.setCreator("LEA Desktop")
    if subject:
        canvas.setSubject(subject)
    return canvas


def write_pages(
    pages: Iterable[Page],
    out: Path,
    *,
    title: str,
    total: int | None = None,
    private: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write `pages` to `out` as one PDF; returns the number of pages.

    `progress(done, total)` is called after each page; when `cancelled()` turns true the work
    stops, nothing is written and `Cancelled` is raised.
    """
    count = 0
    try:
        with atomic_output(out, private=private) as fh:
            canvas = None
            painter = None
            for page in pages:
                if cancelled is not None and cancelled():
                    raise Cancelled()
                if canvas is None:
                    canvas = new_canvas(fh, (page.width, page.height), title=title)
                    painter = PdfPainter(canvas)
                else:
                    canvas.setPageSize((page.width, page.height))
                assert painter is not None
                painter.draw_items(page.items)
                canvas.showPage()
                painter.new_page()
                count += 1
                if progress is not None:
                    progress(count, total)
            if canvas is None:
                raise PrintError("Nothing to print (no pages).")
            canvas.save()
    except OSError as exc:
        raise PrintError(f"Cannot write {out}: {exc.strerror or exc}") from None
    return count


class PdfPainter:
    """Draws scene items on a reportlab canvas; groups become form XObjects defined once."""

    def __init__(self, canvas: Any) -> None:
        self.c = canvas
        self._forms: set[str] = set()
        self._font: tuple[str, float] | None = None
        self._fill: tuple[float, float, float] | None = None

    def draw_items(self, items: Iterable[Any]) -> None:
        for item in items:
            self.draw(item)

    def _set_fill(self, color: tuple[float, float, float]) -> None:
        if self._fill != color:
            self.c.setFillColorRGB(*color)
            self._fill = color

    def new_page(self) -> None:
        """reportlab resets colour and font at each page: forget what was set."""
        self._reset_state()

    def _reset_state(self) -> None:
        self._font = None
        self._fill = None

    def draw(self, item: Any) -> None:
        c = self.c
        if isinstance(item, Text):
            font = (fonts.font_name(item.style), item.size)
            if self._font != font:
                c.setFont(*font)
                self._font = font
            self._set_fill(item.color)
            if item.align == "right":
                c.drawRightString(item.x, item.y, item.text)
            elif item.align == "center":
                c.drawCentredString(item.x, item.y, item.text)
            else:
                c.drawString(item.x, item.y, item.text)
        elif isinstance(item, Qr):
            self._qr(item)
        elif isinstance(item, Rect):
            if item.stroke is not None:
                c.setStrokeColorRGB(*item.stroke)
                c.setLineWidth(item.width)
            if item.fill is not None:
                self._set_fill(item.fill)
            stroke, fill = int(item.stroke is not None), int(item.fill is not None)
            if item.radius:
                c.roundRect(item.x, item.y, item.w, item.h, item.radius, stroke=stroke, fill=fill)
            else:
                c.rect(item.x, item.y, item.w, item.h, stroke=stroke, fill=fill)
        elif isinstance(item, Line):
            c.setStrokeColorRGB(*item.color)
            c.setLineWidth(item.width)
            c.line(item.x1, item.y1, item.x2, item.y2)
        elif isinstance(item, Place):
            self._place(item)
        else:  # pragma: no cover - a layout bug
            raise TypeError(f"cannot draw {type(item).__name__}")

    def _qr(self, item: Qr) -> None:
        c = self.c
        m = item.matrix
        module = item.size / m.size
        self._set_fill(WHITE)  # the quiet zone stays white on any background
        c.rect(item.x, item.y, item.size, item.size, stroke=0, fill=1)
        path = c.beginPath()
        top = item.y + item.size
        for col, row, w, h in m.rects:
            path.rect(item.x + col * module, top - (row + h) * module, w * module, h * module)
        self._set_fill((0.0, 0.0, 0.0))
        c.drawPath(path, stroke=0, fill=1)

    def _place(self, item: Place) -> None:
        c = self.c
        group: Group = item.group
        name = "G" + "".join(ch if ch.isalnum() else "_" for ch in group.key)
        if name not in self._forms:
            saved = (self._font, self._fill)
            c.beginForm(name, 0, 0, group.width, group.height)
            self._reset_state()
            self.draw_items(group.items)
            c.endForm()
            self._font, self._fill = saved
            self._forms.add(name)
        c.saveState()
        c.translate(item.x, item.y)
        c.doForm(name)
        c.restoreState()
