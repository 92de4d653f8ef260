"""A small, toolkit-free description of printed pages: text, boxes, lines, QR codes, groups.

Layouts (cards, the paper form) produce `Page`s of these items; `printing.pdf` turns them into a
PDF with reportlab and the GUI's preview paints the very same items with QPainter. Units are PDF
points (1/72 inch), origin at the bottom left of the page or group, y upwards; text `y` is the
baseline. Text is measured with the fonts of `printing.fonts`, so fitting decisions (shrink,
wrap, ellipsis) are made once, here, and hold for every renderer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lea_desktop.printing.fonts import text_width
from lea_desktop.printing.qr import QrMatrix

Color = tuple[float, float, float]
BLACK: Color = (0.0, 0.0, 0.0)
WHITE: Color = (1.0, 1.0, 1.0)
GREY: Color = (0.35, 0.35, 0.38)
LIGHT_GREY: Color = (0.62, 0.62, 0.65)
LEA_BLUE: Color = (0.0, 0.27, 0.55)
LEA_ORANGE: Color = (0.93, 0.49, 0.0)

MM = 72 / 25.4  # points per millimetre
A4 = (210 * MM, 297 * MM)


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    style: str = "regular"
    size: float = 10.0
    color: Color = BLACK
    align: str = "left"  # left | right | center (x is the left edge, right edge or centre)


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    stroke: Color | None = BLACK
    fill: Color | None = None
    width: float = 0.5
    radius: float = 0.0


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    color: Color = BLACK
    width: float = 0.5


@dataclass(frozen=True)
class Qr:
    """A QR code with its quiet zone, `size` points square, bottom-left corner at (x, y)."""

    x: float
    y: float
    size: float
    matrix: QrMatrix


@dataclass
class Group:
    """A drawing placed many times (a card): the PDF holds it once, as a form XObject.

    Groups with the same `key` must have the same content; the key names the XObject.
    """

    key: str
    width: float
    height: float
    items: list[Item] = field(default_factory=list)


@dataclass(frozen=True)
class Place:
    group: Group
    x: float
    y: float


Item = Text | Rect | Line | Qr | Place


@dataclass
class Page:
    width: float
    height: float
    items: list[Item] = field(default_factory=list)


# --- fitting text ------------------------------------------------------------------------------

ELLIPSIS = "…"
_SPACES = re.compile(r"[ \t]+")  # a no-break space (U+00A0) keeps its neighbours together
_BREAK_AFTER = "@.-_/+,;"


def wrap(text: str, style: str, size: float, width: float) -> list[str]:
    """Greedy word wrap to `width`; a word wider than the line is broken (after @ . - / if it can)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in _SPACES.split(paragraph.strip(" \t")):
            if not word:
                continue
            candidate = f"{current} {word}" if current else word
            if text_width(candidate, style, size) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
                current = ""
            while text_width(word, style, size) > width:
                head, word = _break_word(word, style, size, width)
                lines.append(head)
            current = word
        lines.append(current)
    return lines


def _break_word(word: str, style: str, size: float, width: float) -> tuple[str, str]:
    """Split an over-long word: the longest head that fits, ending after a natural break if any."""
    fit = 1
    while fit < len(word) and text_width(word[: fit + 1], style, size) <= width:
        fit += 1
    head = word[:fit]
    natural = max(head.rfind(ch) for ch in _BREAK_AFTER)
    if natural >= fit // 2:
        fit = natural + 1
    return word[:fit], word[fit:]


def ellipsize(text: str, style: str, size: float, width: float) -> str:
    """`text` cut with "…" so it fits `width` (unchanged if it already fits)."""
    if text_width(text, style, size) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if text_width(text[:mid].rstrip() + ELLIPSIS, style, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + ELLIPSIS


@dataclass(frozen=True)
class Fitted:
    size: float
    lines: list[str]


def block_height(size: float, lines: int, leading: float = 1.2) -> float:
    """Height of `lines` lines set at `size` (cap height of the first to descender of the last)."""
    return size * (1 + leading * (lines - 1)) if lines else 0.0


def fit(
    text: str,
    style: str,
    width: float,
    *,
    max_size: float,
    min_size: float,
    max_lines: int = 1,
    shrink_first_to: float | None = None,
    max_height: float | None = None,
    step: float = 0.5,
) -> Fitted:
    """The largest size (≤ max_size, ≥ min_size) at which `text` fits `width` in ≤ max_lines lines.

    With `shrink_first_to`, one line is tried down to that size before wrapping (a name reads
    better smaller on one line than broken in two). `max_height` limits the block's height too.
    At `min_size` the last line that fits gets an ellipsis: text never runs out of its box.
    """
    one_line = " ".join(_SPACES.split(" ".join(text.split("\n")).strip()))
    text = one_line if max_lines == 1 else text.strip()
    if not text:
        return Fitted(max_size, [])

    def ok(size: float, lines: list[str]) -> bool:
        return (
            len(lines) <= max_lines
            and (max_height is None or block_height(size, len(lines)) <= max_height + 0.01)
            and all(text_width(ln, style, size) <= width for ln in lines)
        )

    sizes = _sizes(max_size, min_size, step)
    if max_lines > 1 and shrink_first_to is not None:
        for size in sizes:
            if size < shrink_first_to:
                break
            if ok(size, [one_line]):
                return Fitted(size, [one_line])
    for size in sizes:
        lines = wrap(text, style, size, width) if max_lines > 1 else [text]
        if ok(size, lines):
            return Fitted(size, lines)
    lines = wrap(text, style, min_size, width) if max_lines > 1 else [text]
    room = max_lines
    if max_height is not None:
        room = min(room, max(1, int((max_height / min_size - 1) / 1.2 + 1 + 1e-6)))
    kept = lines[:room]
    if len(lines) > room:
        kept[-1] = kept[-1] + " " + " ".join(lines[room:])
    kept[-1] = ellipsize(kept[-1], style, min_size, width)
    return Fitted(min_size, kept)


def _sizes(max_size: float, min_size: float, step: float) -> list[float]:
    sizes, size = [], max_size
    while size > min_size + 1e-6:
        sizes.append(round(size, 2))
        size -= step
    sizes.append(min_size)
    return sizes


def text_lines(
    x: float,
    y_top: float,
    fitted: Fitted,
    *,
    style: str,
    color: Color = BLACK,
    leading: float = 1.2,
    align: str = "left",
) -> tuple[list[Text], float]:
    """Text items for fitted lines whose first line's top is at `y_top`; returns (items, height)."""
    items: list[Text] = []
    step = fitted.size * leading
    # Cap height of DejaVu Sans is about 0.73 em: the first baseline sits that far below the top.
    baseline = y_top - fitted.size * 0.76
    for i, line in enumerate(fitted.lines):
        items.append(Text(x, baseline - i * step, line, style, fitted.size, color, align))
    return items, block_height(fitted.size, len(fitted.lines), leading)
