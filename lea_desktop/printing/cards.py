"""QR business cards, 85 × 55 mm: stand cards (sign-up link) and staff cards (vCard).

Two sheet layouts: `a4-10up` (2 × 5 cards on A4 with crop marks, cut with a guillotine) and
`single` (one card per page, the page the size of the card, for card printers).

Every copy of a card is the same drawing, so the PDF holds it once (a form XObject) and places
it N times: a thousand stand cards are a small file that prints fast, and the QR code is encoded
once per payload (`printing.qr` caches it).

    render_stand_cards(event, 1000, Path("cards.pdf"))   # the product path the bench measures
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from lea_desktop.domain.countries import country_name
from lea_desktop.domain.records import Event
from lea_desktop.printing import payloads, qr, strings
from lea_desktop.printing.pdf import write_pages
from lea_desktop.printing.scene import (
    A4,
    BLACK,
    GREY,
    LEA_BLUE,
    LEA_ORANGE,
    LIGHT_GREY,
    MM,
    Color,
    Group,
    Line,
    Page,
    Place,
    Qr,
    Rect,
    fit,
    text_lines,
)

CARD_W = 85 * MM
CARD_H = 55 * MM
LAYOUTS = ("a4-10up", "single")
COLUMNS, ROWS = 2, 5
PER_SHEET = COLUMNS * ROWS
MAX_COUNT = 20_000
DEFAULT_SIGNUP_URL = "https://www.learntechaccelerator.eu/"

# Geometry of a card, in points from its bottom-left corner.
PAD = 5 * MM  # safe margin: nothing printed closer to a cut edge than this
QR_SIZE = 37 * MM  # quiet zone included; the dark area is about 30 mm wide
QR_X = CARD_W - 2 * MM - QR_SIZE  # the white quiet zone (≈3.5 mm) may come closer to the edge
QR_Y = 15.8 * MM
TEXT_W = QR_X - PAD - 1.5 * MM  # the column left of the code
BAND_TOP = 14 * MM  # the rule above the bottom band
BAND_W = CARD_W - 2 * PAD

BRAND_NAME = "LEA"
BRAND_LONG = "Learning Technology Accelerator"


class CardError(ValueError):
    """Card details that cannot be printed; the message is for the user."""


@dataclass(frozen=True)
class StaffDetails:
    name: str
    org: str
    email: str
    phone: str = ""

    def checked(self) -> StaffDetails:
        """Cleaned details (email and phone normalised); raises CardError with what is wrong."""
        name = " ".join(self.name.split())
        org = " ".join(self.org.split())
        if not name:
            raise CardError("A staff card needs a name (--name, or set staff.name).")
        if not org:
            raise CardError(
                "A staff card needs the partner organisation (--org, or set staff.partner)."
            )
        from email_validator import EmailNotValidError, validate_email

        try:
            email = validate_email(self.email.strip(), check_deliverability=False).normalized
        except EmailNotValidError as exc:
            raise CardError(f"Not a valid email address ({self.email!r}): {exc}") from None
        phone = self.phone.strip()
        if phone:
            import phonenumbers

            try:
                number = phonenumbers.parse(phone, None)
                if not phonenumbers.is_valid_number(number):
                    raise ValueError
            except (phonenumbers.NumberParseException, ValueError):
                raise CardError(
                    f"Not a valid phone number ({phone!r}); write it with the country code, "
                    "e.g. +358 40 123 4567."
                ) from None
            phone = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        return StaffDetails(name, org, email, phone)


# --- the two cards -----------------------------------------------------------------------------


def signup_payload(event: Event, signup_url: str = DEFAULT_SIGNUP_URL) -> str:
    """The stand card's QR text: the sign-up page attributed to this event."""
    return payloads.attributed_url(signup_url, event.slug)


def _brand(items: list, *, big: float) -> float:
    """LEA name, long name and accent bar at the top left; returns the y below them."""
    top = CARD_H - PAD
    name = fit(BRAND_NAME, "bold", TEXT_W, max_size=big, min_size=big)
    texts, h = text_lines(PAD, top, name, style="bold", color=LEA_BLUE)
    items += texts
    y = top - h - 0.6 * MM
    long = fit(BRAND_LONG, "regular", TEXT_W, max_size=6.3, min_size=5)
    texts, h = text_lines(PAD, y, long, style="regular", color=GREY)
    items += texts
    y -= h + 1.4 * MM
    items.append(Rect(PAD, y - 0.8 * MM, 10 * MM, 0.8 * MM, stroke=None, fill=LEA_ORANGE))
    return y - 0.8 * MM - 2.2 * MM


def _stack(
    items: list,
    y: float,
    text: str,
    style: str,
    *,
    bottom: float,
    max_size: float,
    min_size: float,
    max_lines: int = 1,
    shrink_first_to: float | None = None,
    width: float = TEXT_W,
    x: float = PAD,
    gap: float = 1.2 * MM,
    color: Color = BLACK,
) -> float:
    """Fit `text` with its top at `y`, going down; returns the next y. Never goes below `bottom`."""
    if not text or y - bottom < min_size * 0.99:
        return y
    fitted = fit(text, style, width, max_size=max_size, min_size=min_size, max_lines=max_lines,
                 shrink_first_to=shrink_first_to, max_height=y - bottom)  # fmt: skip
    texts, h = text_lines(x, y, fitted, style=style, color=color)
    items += texts
    return y - h - gap


def _key(kind: str, *parts: str) -> str:
    return kind + "-" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:12]


def stand_card(event: Event, *, signup_url: str = DEFAULT_SIGNUP_URL, lang: str = "en") -> Group:
    """The card handed to visitors: LEA, "become a LEA Follower", the event, the sign-up QR."""
    from lea_desktop.formkit import load_form

    payload = signup_payload(event, signup_url)
    items: list = []
    y = _brand(items, big=22)
    floor = BAND_TOP + 1.5 * MM
    y = _stack(items, y, load_form().title(lang), "bold", bottom=floor, max_size=10.5,
               min_size=7, max_lines=2, shrink_first_to=9, color=LEA_BLUE)  # fmt: skip
    y = _stack(items, y, strings.text("scan_to_sign_up", lang) + "\u00a0→", "regular", bottom=floor,
               max_size=7, min_size=6, max_lines=2, color=GREY)  # fmt: skip
    host = urlsplit(signup_url).netloc.removeprefix("www.")
    _stack(items, y, host, "regular", bottom=floor, max_size=6.5, min_size=5.5, color=LEA_BLUE)

    items.append(Line(PAD, BAND_TOP, CARD_W - PAD, BAND_TOP, color=LIGHT_GREY, width=0.4))
    band_y = BAND_TOP - 1.4 * MM
    where = ", ".join(x for x in (event.city, country_name(event.country, lang)) if x)
    details = " · ".join(
        x for x in (where, strings.format_dates(event.starts, event.ends, lang)) if x
    )
    band_y = _stack(items, band_y, event.name, "bold", bottom=PAD + 1.5 * MM, width=BAND_W,
                    max_size=8.5, min_size=6.5, max_lines=2, shrink_first_to=7.5, gap=0.8 * MM)  # fmt: skip
    _stack(items, band_y, details, "regular", bottom=PAD - 1.5 * MM, width=BAND_W, max_size=7,
           min_size=5.5, color=GREY)  # fmt: skip
    items.append(Qr(QR_X, QR_Y, QR_SIZE, qr.encode(payload)))
    return Group(_key("stand", payload, event.name, event.city, event.country, event.starts,
                      event.ends, lang), CARD_W, CARD_H, items)  # fmt: skip


def staff_payload(staff: StaffDetails) -> str:
    return payloads.vcard(name=staff.name, org=staff.org, email=staff.email, phone=staff.phone)


def staff_card(staff: StaffDetails) -> Group:
    """A staff member's own card: name, partner organisation, email, phone; the QR is their vCard."""
    staff = staff.checked()
    payload = staff_payload(staff)
    items: list = []
    y = _brand(items, big=18)
    floor = BAND_TOP + 1.5 * MM
    y = _stack(items, y, staff.name, "bold", bottom=floor, max_size=12, min_size=7.5, max_lines=3,
               shrink_first_to=9.5)  # fmt: skip
    _stack(items, y, staff.org, "regular", bottom=floor, max_size=8, min_size=6, max_lines=3,
           shrink_first_to=7, color=GREY)  # fmt: skip

    items.append(Line(PAD, BAND_TOP, CARD_W - PAD, BAND_TOP, color=LIGHT_GREY, width=0.4))
    band_y = BAND_TOP - 1.4 * MM
    # An email is never cut short: it may wrap (after @ or a dot) before it gets an ellipsis.
    band_y = _stack(items, band_y, staff.email, "regular", bottom=PAD - 1 * MM, width=BAND_W,
                    max_size=8, min_size=6, max_lines=2, shrink_first_to=6.5, gap=0.6 * MM,
                    color=LEA_BLUE)  # fmt: skip
    _stack(items, band_y, staff.phone, "regular", bottom=PAD - 1 * MM, width=BAND_W, max_size=8,
           min_size=6)  # fmt: skip
    items.append(Qr(QR_X, QR_Y, QR_SIZE, qr.encode(payload)))
    return Group(_key("staff", payload), CARD_W, CARD_H, items)


# --- sheets ------------------------------------------------------------------------------------


def check_layout(layout: str, count: int) -> None:
    if layout not in LAYOUTS:
        raise CardError(f"Unknown layout {layout!r}; use one of: {', '.join(LAYOUTS)}.")
    if not 1 <= count <= MAX_COUNT:
        raise CardError(f"The number of cards must be between 1 and {MAX_COUNT:,}.")


def page_count(count: int, layout: str) -> int:
    return count if layout == "single" else -(-count // PER_SHEET)


def card_positions() -> list[tuple[float, float]]:
    """Bottom-left corners of the 10 cards on an A4 sheet, left to right, top to bottom."""
    x0 = (A4[0] - COLUMNS * CARD_W) / 2
    y0 = (A4[1] - ROWS * CARD_H) / 2
    return [
        (x0 + col * CARD_W, y0 + (ROWS - 1 - row) * CARD_H)
        for row in range(ROWS)
        for col in range(COLUMNS)
    ]


def crop_marks() -> list[Line]:
    """Short marks in the margins where the guillotine cuts, kept clear of the cards."""
    x0 = (A4[0] - COLUMNS * CARD_W) / 2
    y0 = (A4[1] - ROWS * CARD_H) / 2
    gap, length = 2 * MM, 5 * MM
    marks: list[Line] = []
    top = y0 + ROWS * CARD_H
    right = x0 + COLUMNS * CARD_W
    for col in range(COLUMNS + 1):
        x = x0 + col * CARD_W
        marks.append(Line(x, y0 - gap, x, y0 - gap - length, width=0.3))
        marks.append(Line(x, top + gap, x, top + gap + length, width=0.3))
    for row in range(ROWS + 1):
        y = y0 + row * CARD_H
        marks.append(Line(x0 - gap, y, x0 - gap - length, y, width=0.3))
        marks.append(Line(right + gap, y, right + gap + length, y, width=0.3))
    return marks


def sheets(card: Group, count: int, layout: str = "a4-10up") -> Iterator[Page]:
    """Pages holding `count` copies of `card` in `layout`."""
    check_layout(layout, count)
    if layout == "single":
        for _ in range(count):
            yield Page(CARD_W, CARD_H, [Place(card, 0, 0)])
        return
    positions = card_positions()
    marks = crop_marks()
    left = count
    while left > 0:
        n = min(left, PER_SHEET)
        yield Page(A4[0], A4[1], [*marks, *(Place(card, x, y) for x, y in positions[:n])])
        left -= n


def _write(card: Group, count: int, out: Path, layout: str, *, title: str, private: bool,
           progress: Callable[[int, int | None], None] | None,
           cancelled: Callable[[], bool] | None) -> int:  # fmt: skip
    check_layout(layout, count)
    return write_pages(
        sheets(card, count, layout), Path(out), title=title, total=page_count(count, layout),
        private=private, progress=progress, cancelled=cancelled,
    )  # fmt: skip


def render_stand_cards(
    event: Event,
    count: int,
    out: Path,
    *,
    signup_url: str = DEFAULT_SIGNUP_URL,
    lang: str = "en",
    layout: str = "a4-10up",
    progress: Callable[[int, int | None], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write `count` stand cards for `event` to `out`; returns the number of pages."""
    card = stand_card(event, signup_url=signup_url, lang=lang)
    return _write(card, count, out, layout, title=f"LEA stand cards — {event.name}", private=False,
                  progress=progress, cancelled=cancelled)  # fmt: skip


def render_staff_cards(
    staff: StaffDetails,
    count: int,
    out: Path,
    *,
    layout: str = "a4-10up",
    progress: Callable[[int, int | None], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write `count` copies of a staff member's card to `out` (0600: it holds their details)."""
    card = staff_card(staff)
    return _write(card, count, out, layout, title="LEA staff cards", private=True,
                  progress=progress, cancelled=cancelled)  # fmt: skip
