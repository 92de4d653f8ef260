"""Paper versions of a form: the sign-up sheet for when laptops fail, the assistance request.

Laid out from the form definition alone (labels, help, choices, sections, consent purposes in any
of the form's languages): a box to write in for each field a visitor fills (staff-only fields
left out), check boxes for choices and consents (with the consent's full text), the event, and
on each sign-up sheet a short id (top right, with a small QR of it) that staff key into the notes
when they type the sheet in. When the databank's public sign-up form is known (`join_url`), the
foot of a sign-up sheet also carries a small QR opening it, for visitors who prefer their phone;
it sits bottom right, far from the sheet id's code. A form can also be printed filled in (`answers`): the boxes then
hold the saved values and grow to fit them.

Keyed-in sheets come back through `lea-desktop import FILE.csv --event ID --from-paper --lang L`
with a header row of the form's field ids (`csv_template` writes it).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lea_desktop import reference
from lea_desktop.domain.countries import country_name
from lea_desktop.domain.records import Event
from lea_desktop.formkit import Field, Form
from lea_desktop.printing import payloads, qr, strings
from lea_desktop.printing.pdf import PrintError, write_pages
from lea_desktop.printing.scene import (
    A4,
    BLACK,
    GREY,
    LEA_BLUE,
    LIGHT_GREY,
    MM,
    Color,
    Fitted,
    Group,
    Item,
    Line,
    Page,
    Place,
    Qr,
    Rect,
    Text,
    block_height,
    fit,
    text_lines,
    wrap,
)

PAGE_W, PAGE_H = A4
MARGIN_X = 16 * MM
MARGIN_TOP = 13 * MM
MARGIN_BOTTOM = 12 * MM
CONTENT_W = PAGE_W - 2 * MARGIN_X
CORNER_W = 52 * MM  # the sheet id and its QR, top right
SHEET_QR = 17 * MM
PHONE_QR = 16 * MM  # the public sign-up form's code, bottom right
GUTTER = 7 * MM
HALF_W = (CONTENT_W - GUTTER) / 2
BOX_H = 10 * MM  # one line of handwriting
LONG_BOX_H = 30 * MM  # a longtext answer
RULE_STEP = 8 * MM  # writing lines inside a longtext box
CHECK = 3.8 * MM
FIELD_GAP = 2.8 * MM
LABEL_SIZE = 8.6
HELP_SIZE = 7.0
VALUE_SIZE = 10.0
MAX_SHEETS = 2000

# Field types written in one line, narrow enough to share a row with a neighbour.
_SHORT_TYPES = ("phone", "country", "date", "url")
_SHORT_TEXT = 120


class PaperFormError(ValueError):
    """The paper form cannot be made as asked; the message is for the user."""


@dataclass
class SheetSpec:
    """What one printed form shows besides its fields."""

    form: Form
    lang: str = "en"
    event_line: str = ""  # "Event: BETT 2027 · London, United Kingdom · 12–15 Jan 2027"
    answers: dict[str, Any] = field(default_factory=dict)  # printed into the boxes
    subtitle: str = ""  # e.g. the date a request was received
    footer: str = ""  # a line for staff (in the sheet's language), at the foot of the last page
    numbered: bool = True  # print a sheet id top right
    hint: bool = True  # "Please write clearly. * required" under the title
    join_url: str = ""  # the databank's public sign-up page of the event: a QR at the foot


def event_line(event: Event, lang: str) -> str:
    where = ", ".join(x for x in (event.city, country_name(event.country, lang)) if x)
    dates = strings.format_dates(event.starts, event.ends, lang)
    return f"{strings.text('event', lang)}: " + " · ".join(
        x for x in (event.name, where, dates) if x
    )


def staff_footer(lang: str) -> str:
    """The sheet's one line for the staff who type it in, in the sheet's language: what the
    import needs that the sheet does not show elsewhere (the form language; the event is at the
    top, the sheet id top right). A visitor reads the sheet too: no command, no database id."""
    return strings.text("staff_footer", lang).format(lang=lang.upper())


# --- building blocks ---------------------------------------------------------------------------


@dataclass
class _Block:
    """A unit that is never split across pages: items drawn relative to (0, top), going down."""

    height: float
    items: list[Item]
    keep_with_next: bool = False


def _shift(items: list[Item], dx: float, dy: float) -> list[Item]:
    out: list[Item] = []
    for it in items:
        if isinstance(it, Text):
            out.append(Text(it.x + dx, it.y + dy, it.text, it.style, it.size, it.color, it.align))
        elif isinstance(it, Rect):
            out.append(
                Rect(it.x + dx, it.y + dy, it.w, it.h, it.stroke, it.fill, it.width, it.radius)
            )
        elif isinstance(it, Line):
            out.append(Line(it.x1 + dx, it.y1 + dy, it.x2 + dx, it.y2 + dy, it.color, it.width))
        elif isinstance(it, Qr):
            out.append(Qr(it.x + dx, it.y + dy, it.size, it.matrix))
        elif isinstance(it, Place):
            out.append(Place(it.group, it.x + dx, it.y + dy))
    return out


def _para(text: str, style: str, size: float, width: float, *, color: Color = BLACK,
          x: float = 0.0, leading: float = 1.25) -> tuple[list[Item], float]:  # fmt: skip
    """Wrapped text whose top is at y = 0 (items go to negative y); returns (items, height)."""
    if not text:
        return [], 0.0
    lines = wrap(text, style, size, width)
    items, h = text_lines(x, 0.0, _fitted(size, lines), style=style, color=color, leading=leading)
    return list(items), h


def _fitted(size: float, lines: list[str]) -> Fitted:
    return Fitted(size, lines)


def _label(f: Field, lang: str, width: float) -> tuple[list[Item], float]:
    """The field's label (with * when required) and its help: beside the label when it fits."""
    from lea_desktop.printing.fonts import text_width

    label = f.label(lang) + (" *" if f.required else "")
    items, h = _para(label, "bold", LABEL_SIZE, width)
    # The country help describes the screen's search box, not a paper form.
    help_text = f.help(lang) if f.type != "country" else ""
    if not help_text:
        return items, h
    after = text_width(label, "bold", LABEL_SIZE) + 2.2 * MM
    if len(items) == 1 and after + text_width(help_text, "regular", HELP_SIZE) <= width:
        base = items[0].y  # type: ignore[union-attr]
        items.append(Text(after, base, help_text, "regular", HELP_SIZE, GREY))
        return items, h
    more, mh = _para(help_text, "regular", HELP_SIZE, width, color=GREY)
    items += _shift(more, 0, -(h + 0.8 * MM))
    return items, h + 0.8 * MM + mh


def _display(f: Field, value: Any, lang: str) -> str:
    if value in (None, "", [], False):
        return ""
    if f.type == "country":
        return f"{country_name(str(value), lang)} ({value})"
    return str(value)


def _box(
    f: Field,
    lang: str,
    width: float,
    value: Any,
    *,
    label_h: float | None = None,
    long_h: float = LONG_BOX_H,
) -> _Block:
    """Label, help and a box to write in (lined and taller for long answers).

    `label_h` sets the room left for the label, so the boxes of two fields side by side align.
    """
    items, own_h = _label(f, lang, width)
    label_h = max(own_h, label_h or 0.0)
    top = -(label_h + 1.2 * MM)
    text = _display(f, value, lang)
    # Only an empty long-answer box takes the stretched height; a filled one fits its text.
    base_h = (LONG_BOX_H if text else long_h) if f.type == "longtext" else BOX_H
    lines: list[str] = []
    if text:
        lines = wrap(text, "regular", VALUE_SIZE, width - 4 * MM)
    box_h = max(base_h, block_height(VALUE_SIZE, len(lines), 1.3) + 5 * MM)
    items.append(Rect(0, top - box_h, width, box_h, stroke=LIGHT_GREY, width=0.7, radius=1.2 * MM))
    if f.type == "longtext" and not text:
        y = top - RULE_STEP
        while y > top - box_h + 3 * MM:
            items.append(Line(3 * MM, y, width - 3 * MM, y, color=(0.85, 0.85, 0.87), width=0.4))
            y -= RULE_STEP
    if lines:
        if len(lines) == 1 and f.type != "longtext":
            y = top - box_h / 2 - VALUE_SIZE * 0.36
            items.append(Text(2 * MM, y, lines[0], "regular", VALUE_SIZE))
        else:
            value_items, _ = text_lines(2 * MM, top - 2.5 * MM, _fitted(VALUE_SIZE, lines),
                                        style="regular", leading=1.3)  # fmt: skip
            items += value_items
    return _Block(label_h + 1.2 * MM + box_h, items)


def _tick(x: float, y: float, ticked: bool, *, round_: bool = False) -> list[Item]:
    items: list[Item] = [
        Rect(x, y, CHECK, CHECK, stroke=BLACK, width=0.8, radius=CHECK / 2 if round_ else 0.4)
    ]
    if ticked:
        pad = 0.8 * MM
        items.append(Line(x + pad, y + pad, x + CHECK - pad, y + CHECK - pad, width=1.3))
        items.append(Line(x + pad, y + CHECK - pad, x + CHECK - pad, y + pad, width=1.3))
    return items


def _choices(f: Field, lang: str, width: float, value: Any) -> _Block:
    """Label and one check box per choice (two columns when the labels allow), with its code."""
    items, label_h = _label(f, lang, width)
    chosen = set(value if isinstance(value, list) else [value] if value else [])
    size = 9.0
    code_size = 6.0
    col_w = (width - GUTTER) / 2
    text_room = col_w - CHECK - 2 * MM

    def label_lines(c: Any, room: float) -> list[str]:
        return wrap(c.label(lang), "regular", size, room - 1 * MM)

    two_columns = all(len(label_lines(c, text_room)) <= 2 for c in f.choices)
    cols = 2 if two_columns and len(f.choices) > 1 else 1
    room = text_room if cols == 2 else width - CHECK - 2 * MM
    y = -(label_h + 2 * MM)
    per_col = -(-len(f.choices) // cols)
    row_tops: list[float] = []
    heights = []
    from lea_desktop.printing.fonts import text_width

    def code_beside(c: Any, lines: list[str]) -> bool:
        last = text_width(lines[-1], "regular", size) + 1.8 * MM
        return last + text_width(c.value, "regular", code_size) <= room

    for c in f.choices:
        lines = label_lines(c, room)
        h = block_height(size, len(lines), 1.2)
        if not code_beside(c, lines):
            h += 0.6 * MM + code_size * 1.1
        heights.append(max(CHECK, h))
    for row in range(per_col):
        row_tops.append(y)
        row_h = max(
            heights[row + k * per_col] for k in range(cols) if row + k * per_col < len(f.choices)
        )
        y -= row_h + 1.8 * MM
    for i, c in enumerate(f.choices):
        col, row = divmod(i, per_col)
        x = col * (col_w + GUTTER)
        top = row_tops[row]
        # The box is centred on the first line's capitals.
        items += _tick(x, top - CHECK + 0.75 * MM, c.value in chosen, round_=f.type == "choice")
        lines = label_lines(c, room)
        texts, h = text_lines(x + CHECK + 2 * MM, top + 0.2 * MM, _fitted(size, lines),
                              style="regular")  # fmt: skip
        items += texts
        # The value staff type when keying the sheet in, small and grey beside or under the label.
        if code_beside(c, lines):
            last = texts[-1]
            cx = last.x + text_width(last.text, "regular", size) + 1.8 * MM
            items.append(Text(cx, last.y, c.value, "regular", code_size, LIGHT_GREY))
        else:
            items.append(Text(x + CHECK + 2 * MM, top - h - code_size * 1.0, c.value, "regular",
                              code_size, LIGHT_GREY))  # fmt: skip
    return _Block(-y - 1.8 * MM, items)


def _consent(f: Field, lang: str, width: float, value: Any) -> _Block:
    """A consent check box with its label and the full text the person agrees to."""
    room = width - CHECK - 3 * MM
    x = CHECK + 3 * MM
    label = f.label(lang) + (" *" if f.required else "")
    items, h = _para(label, "bold", 9.0, room, x=x)
    consent = reference.consent_text(f.consent, lang) if f.consent else None
    if consent is not None:
        more, mh = _para(consent.text, "regular", 7.3, room, color=GREY, x=x)
        items += _shift(more, 0, -(h + 1.0 * MM))
        h += 1.0 * MM + mh
        items.append(Text(x, -(h + 6.0 * 1.1), f"{f.consent} · {consent.version}", "regular", 5.5,
                          LIGHT_GREY))  # fmt: skip
        h += 6.0 * 1.2
    items += _tick(0, -CHECK + 0.6 * MM, value is True)
    return _Block(max(h, CHECK), items)


def _section_heading(title: str) -> _Block:
    items, h = _para(title, "bold", 11.0, CONTENT_W, color=LEA_BLUE)
    items.append(Line(0, -(h + 1.3 * MM), CONTENT_W, -(h + 1.3 * MM), color=LEA_BLUE, width=0.6))
    return _Block(h + 1.3 * MM, items, keep_with_next=True)


def _pairable(f: Field) -> bool:
    return f.type in _SHORT_TYPES or (f.type == "text" and (f.max_length or 999) <= _SHORT_TEXT)


def _field_blocks(spec: SheetSpec, long_h: float = LONG_BOX_H) -> list[_Block | str]:
    """Section headings and field blocks in form order; "section" markers carry extra spacing."""
    form, lang, answers = spec.form, spec.lang, spec.answers
    fields = list(form.public_fields())
    out: list[_Block | str] = []
    section = None
    i = 0
    while i < len(fields):
        f = fields[i]
        if f.section != section:
            section = f.section
            title = form.section_title(section, lang) if section else ""
            if title:
                out.append("space")
                out.append(_section_heading(title))
        if f.type in ("choice", "multichoice"):
            out.append(_choices(f, lang, CONTENT_W, answers.get(f.id)))
        elif f.type == "consent":
            out.append(_consent(f, lang, CONTENT_W, answers.get(f.id)))
        else:
            # Up to three short one-line fields share a row (phone, country, city …).
            row = [f]
            while (
                not answers.get(f.id)
                and _pairable(f)
                and len(row) < 3
                and i + len(row) < len(fields)
                and fields[i + len(row)].section == f.section
                and _pairable(fields[i + len(row)])
                and not answers.get(fields[i + len(row)].id)
            ):
                row.append(fields[i + len(row)])
            if len(row) == 1:
                out.append(_box(f, lang, CONTENT_W, answers.get(f.id), long_h=long_h))
            else:
                col_w = (CONTENT_W - GUTTER * (len(row) - 1)) / len(row)
                label_h = max(_label(g, lang, col_w)[1] for g in row)
                boxes = [_box(g, lang, col_w, None, label_h=label_h) for g in row]
                items: list[Item] = []
                for k, b in enumerate(boxes):
                    items += _shift(b.items, k * (col_w + GUTTER), 0)
                out.append(_Block(max(b.height for b in boxes), items))
            i += len(row)
            continue
        i += 1
    return out


# --- pages -------------------------------------------------------------------------------------


def _header(spec: SheetSpec, *, first: bool) -> tuple[list[Item], float]:
    """Brand, title, intro, event and writing hint; returns (items, y below them)."""
    form, lang = spec.form, spec.lang
    items: list[Item] = []
    top = PAGE_H - MARGIN_TOP
    x = MARGIN_X
    texts, h = text_lines(x, top, _fitted(18, ["LEA"]), style="bold", color=LEA_BLUE)
    items += texts
    items.append(Text(x + 17 * MM, top - 18 * 0.76, "Learning Technology Accelerator", "regular",
                      7.5, GREY))  # fmt: skip
    y = top - h - 3 * MM
    width = CONTENT_W - (CORNER_W if spec.numbered else 0)
    title = form.title(lang) if first else f"{form.title(lang)} (…)"
    fitted = fit(title, "bold", width, max_size=17, min_size=12, max_lines=2)
    texts, h = text_lines(x, y, fitted, style="bold", color=LEA_BLUE)
    items += texts
    y -= h + 2.4 * MM
    if not first:
        return items, y - 2 * MM
    for text, style, size, color in (
        (spec.subtitle, "bold", 9.0, BLACK),
        (form.intro(lang), "regular", 9.0, GREY),
        (spec.event_line, "bold", 9.0, BLACK),
    ):
        if text:
            para, ph = _para(text, style, size, CONTENT_W, color=color)
            items += _shift(para, x, y)
            y -= ph + 1.6 * MM
    if spec.hint:
        hint = strings.text("write_clearly", lang) + "   " + strings.text("required_legend", lang)
        items.append(Text(x, y - 7.5 * 0.76, hint, "oblique", 7.5, GREY))
        y -= 7.5 + 1.6 * MM
    return items, y - 1.5 * MM


def _footer(spec: SheetSpec) -> tuple[list[Item], float]:
    """Staff instructions at the foot of the page, and the phone sign-up QR beside them when the
    sheet has a `join_url`; returns (items, height reserved)."""
    from lea_desktop.printing.fonts import text_width

    if not spec.footer and not spec.join_url:
        return [], 0.0
    bottom = MARGIN_BOTTOM
    items: list[Item] = []
    text_w = CONTENT_W
    phone_h = 0.0
    if spec.join_url:
        matrix = qr.encode(spec.join_url)
        quiet = PHONE_QR * qr.QUIET_ZONE / matrix.size
        # The code's quiet zone may reach into the page margin; its dark part lines up with
        # the content's right edge.
        qx = PAGE_W - MARGIN_X + quiet - PHONE_QR
        qy = bottom - quiet
        items.append(Qr(qx, qy, PHONE_QR, matrix))
        caption = strings.text("phone_sign_up", spec.lang) + "\u00a0→"
        link = payloads.readable_link(spec.join_url)
        right = qx + quiet - 2 * MM
        mid = qy + PHONE_QR / 2
        items.append(Text(right, mid + 0.6 * MM, caption, "bold", 8, LEA_BLUE, "right"))
        items.append(Text(right, mid - 3.4 * MM, link, "regular", 6.5, GREY, "right"))
        room = max(text_width(caption, "bold", 8), text_width(link, "regular", 6.5))
        text_w = CONTENT_W - (PHONE_QR - 2 * quiet) - 2 * MM - room - 6 * MM
        phone_h = PHONE_QR - 2 * quiet
    h = 0.0
    if spec.footer:
        para, h = _para(spec.footer, "regular", 6.4, text_w, color=GREY, leading=1.3)
        # Level with the QR's middle when there is one.
        lift = max(0.0, (phone_h - h) / 2)
        items += _shift(para, MARGIN_X, bottom + lift + h)
    band = max(h, phone_h)
    items.append(Line(MARGIN_X, bottom + band + 1.8 * MM, MARGIN_X + CONTENT_W,
                      bottom + band + 1.8 * MM, color=LIGHT_GREY, width=0.4))  # fmt: skip
    return items, band + 4 * MM


def layout_bodies(spec: SheetSpec) -> list[list[Item]]:
    """The pages of one form, without the sheet id (the same for every copy).

    A form that fits on one page with room to spare shares that room among its empty long-answer
    boxes, so a blank request form gives the hand as much space as the page has.
    """
    pages, spare = _layout(spec, LONG_BOX_H)
    stretchable = [
        f for f in spec.form.public_fields() if f.type == "longtext" and not spec.answers.get(f.id)
    ]
    if len(pages) == 1 and stretchable and spare > 15 * MM:
        extra = min((spare - 8 * MM) / len(stretchable), 60 * MM)
        stretched, _ = _layout(spec, LONG_BOX_H + extra)
        if len(stretched) == 1:
            pages = stretched
    if len(pages) > 1:
        for n, page in enumerate(pages, start=1):
            page.append(Text(PAGE_W - MARGIN_X, MARGIN_BOTTOM - 5 * MM, f"{n} / {len(pages)}",
                             "regular", 7, GREY, "right"))  # fmt: skip
    return pages


def _layout(spec: SheetSpec, long_h: float) -> tuple[list[list[Item]], float]:
    """Pages of blocks; returns them and the room left at the foot of the last page."""
    pages: list[list[Item]] = []
    footer_items, footer_h = _footer(spec)
    floor = MARGIN_BOTTOM + footer_h
    items, y = _header(spec, first=True)
    blocks = _field_blocks(spec, long_h)
    pending_space = 0.0
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block == "space":
            pending_space = 2.5 * MM
            i += 1
            continue
        assert isinstance(block, _Block)
        need = pending_space + block.height
        if block.keep_with_next and i + 1 < len(blocks) and isinstance(blocks[i + 1], _Block):
            need += FIELD_GAP + blocks[i + 1].height  # type: ignore[union-attr]
        if y - need < floor and y < PAGE_H - MARGIN_TOP - 60 * MM:  # a page break helps
            pages.append(items + footer_items)
            items, y = _header(spec, first=False)
            pending_space = 0.0
        y -= pending_space
        pending_space = 0.0
        items += _shift(block.items, MARGIN_X, y)
        y -= block.height + FIELD_GAP
        i += 1
    pages.append(items + footer_items)
    return pages, y + FIELD_GAP - floor


def _corner(sheet_id: str, lang: str) -> list[Item]:
    """The sheet id, large, with a small QR of it, in the top right corner."""
    top = PAGE_H - MARGIN_TOP + 3 * MM  # the QR's quiet zone may use part of the margin
    matrix = qr.encode(sheet_id)
    quiet = SHEET_QR * qr.QUIET_ZONE / matrix.size
    qx = PAGE_W - MARGIN_X + quiet - SHEET_QR
    items: list[Item] = [Qr(qx, top - SHEET_QR, SHEET_QR, matrix)]
    right = qx + quiet - 2.5 * MM
    items.append(Text(right, top - quiet - 7 * 0.76, strings.text("sheet", lang), "regular", 7, GREY,
                      "right"))  # fmt: skip
    items.append(Text(right, top - quiet - 7 - 2 * MM - 15 * 0.76, sheet_id, "bold", 15, BLACK,
                      "right"))  # fmt: skip
    return items


def sheet_pages(
    spec: SheetSpec, count: int = 1, *, sheet_ids: list[str] | None = None
) -> Iterator[Page]:
    """`count` copies of the form; each copy gets its own sheet id when `spec.numbered`."""
    if not 1 <= count <= MAX_SHEETS:
        raise PaperFormError(f"The number of sheets must be between 1 and {MAX_SHEETS:,}.")
    bodies = layout_bodies(spec)
    key = f"{spec.form.id}-{spec.lang}-{id(bodies)}"
    groups = [Group(f"{key}-{n}", PAGE_W, PAGE_H, body) for n, body in enumerate(bodies)]
    ids = sheet_ids or unique_sheet_ids(count)
    for copy in range(count):
        for group in groups:
            items: list[Item] = [Place(group, 0, 0)]
            if spec.numbered:
                items = [*_corner(ids[copy], spec.lang), *items]
            yield Page(PAGE_W, PAGE_H, items)


def unique_sheet_ids(count: int) -> list[str]:
    """`count` distinct random sheet ids."""
    ids: dict[str, None] = {}
    while len(ids) < count:
        ids[payloads.new_sheet_id()] = None
    return list(ids)


def render_signup_sheets(
    form: Form,
    event: Event,
    out: Path,
    *,
    lang: str = "en",
    count: int = 1,
    join_url: str = "",
    progress: Callable[[int, int | None], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[str]:
    """Write `count` blank sign-up sheets for `event` in `lang`; returns their sheet ids.

    `join_url`, when given, is the databank's public sign-up page of the event: each sheet then
    also carries a small QR opening it."""
    if lang not in form.languages:
        raise PaperFormError(
            f"The form has no language {lang!r}; choose one of {' '.join(form.languages)}."
        )
    spec = SheetSpec(
        form, lang, event_line(event, lang), footer=staff_footer(lang), join_url=join_url
    )
    ids = unique_sheet_ids(count)
    pages_per_sheet = len(layout_bodies(spec))
    write_pages(
        sheet_pages(spec, count, sheet_ids=ids), out, title=f"{form.title(lang)} — {event.name}",
        total=count * pages_per_sheet, progress=progress, cancelled=cancelled,
    )  # fmt: skip
    return ids


def render_filled(specs: list[SheetSpec], out: Path, *, title: str, private: bool = True) -> int:
    """Write forms printed with their answers (or blank boxes where none), one after another."""
    if not specs:
        raise PrintError("Nothing to print.")

    def pages() -> Iterator[Page]:
        for spec in specs:
            yield from sheet_pages(spec, 1)

    return write_pages(pages(), out, title=title, private=private)


def csv_template(form: Form, out: Path) -> None:
    """A CSV file holding only the header row staff key paper sheets in under (the field ids)."""
    try:
        with open(out, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerow(form.field_ids())
    except OSError as exc:
        raise PrintError(f"Cannot write {out}: {exc.strerror}") from None
