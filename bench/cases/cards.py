"""1,000 stand cards to PDF (A4, 10 up, crop marks, vector QR).

App (A): `printing.cards.render_stand_cards` — layout with text fitting, the card drawn once as a
form XObject and placed on every slot, written atomically and fsynced. Floor (B): bare reportlab
+ qrcode written here, independently of the product's drawing code: the same card content (the
texts, rules, bar and positions of the product's layout, the same fonts, the same QR payload
encoded once with qrcode, the QR as one filled rectangle per run of dark modules in a row),
drawn once into a reportlab form (`beginForm`) and placed on every slot (`doForm`) — the way the
bare library prints many copies of one drawing — then saved and fsynced. Drawing every card anew
instead is measured once and reported beside it.
"""

from __future__ import annotations

import os
from pathlib import Path

from bench.harness import BenchError, Context, Metric, alternate, case, paired, timed

CARDS = 1_000


def floor_cards(event, count: int, out: Path, *, per_card: bool = False) -> None:
    """The floor: bare reportlab + qrcode writing `count` copies of the product's stand card.

    The card is drawn once as a reportlab form and placed on each slot; `per_card=True` draws
    every card anew instead (the naive program).
    """
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M
    from reportlab.pdfgen.canvas import Canvas

    from lea_desktop.printing import cards, fonts
    from lea_desktop.printing.scene import A4, Line, Qr, Rect, Text

    layout = cards.stand_card(event)  # the card's content and positions: data, not drawing
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=1, border=4)
    code.add_data(cards.signup_payload(event))
    code.make(fit=True)
    matrix = code.get_matrix()
    names = {style: fonts.font_name(style) for style in ("regular", "bold")}
    positions = cards.card_positions()
    marks = cards.crop_marks()
    canvas = Canvas(str(out), pagesize=A4, pageCompression=1)

    def draw_card(x0: float, y0: float) -> None:
        for item in layout.items:
            if isinstance(item, Text):
                canvas.setFont(names.get(item.style) or fonts.font_name(item.style), item.size)
                canvas.setFillColorRGB(*item.color)
                draw = {"left": canvas.drawString, "right": canvas.drawRightString,
                        "center": canvas.drawCentredString}[item.align]  # fmt: skip
                draw(x0 + item.x, y0 + item.y, item.text)
            elif isinstance(item, Line):
                canvas.setStrokeColorRGB(*item.color)
                canvas.setLineWidth(item.width)
                canvas.line(x0 + item.x1, y0 + item.y1, x0 + item.x2, y0 + item.y2)
            elif isinstance(item, Rect):
                if item.fill:
                    canvas.setFillColorRGB(*item.fill)
                if item.stroke:
                    canvas.setStrokeColorRGB(*item.stroke)
                    canvas.setLineWidth(item.width)
                canvas.rect(x0 + item.x, y0 + item.y, item.w, item.h,
                            stroke=int(bool(item.stroke)), fill=int(bool(item.fill)))  # fmt: skip
            elif isinstance(item, Qr):
                canvas.setFillColorRGB(0, 0, 0)
                module = item.size / len(matrix)
                top = y0 + item.y + item.size
                for r, row in enumerate(matrix):
                    c = 0
                    while c < len(row):
                        if not row[c]:
                            c += 1
                            continue
                        start = c
                        while c < len(row) and row[c]:
                            c += 1
                        canvas.rect(x0 + item.x + start * module, top - (r + 1) * module,
                                    (c - start) * module, module, stroke=0, fill=1)  # fmt: skip
            else:
                raise BenchError(
                    f"the stand card has an item the floor cannot draw: {type(item).__name__}"
                )

    if not per_card:
        canvas.beginForm("card", 0, 0, cards.CARD_W, cards.CARD_H)
        draw_card(0, 0)
        canvas.endForm()
    for n in range(count):
        slot = n % cards.PER_SHEET
        if slot == 0:
            if n:
                canvas.showPage()
            canvas.setStrokeColorRGB(0, 0, 0)
            for m in marks:
                canvas.setLineWidth(m.width)
                canvas.line(m.x1, m.y1, m.x2, m.y2)
        x0, y0 = positions[slot]
        if per_card:
            draw_card(x0, y0)
        else:
            canvas.saveState()
            canvas.translate(x0, y0)
            canvas.doForm("card")
            canvas.restoreState()
    canvas.save()
    with open(out, "rb+") as fh:
        os.fsync(fh.fileno())


@case(
    "cards",
    "1,000 stand cards to PDF (printing.cards.render_stand_cards)",
    floor="bare reportlab + qrcode: the same card (vector QR) drawn once as a reportlab form, placed 1,000 times, saved and fsynced",
    order=70,
)
def run(ctx: Context) -> list[Metric]:
    try:
        from lea_desktop.printing import cards, qr
    except ImportError as exc:
        raise BenchError(f"the printing package is missing: {exc}") from exc
    if not hasattr(cards, "render_stand_cards"):
        raise BenchError("lea_desktop.printing.cards has no render_stand_cards")
    from pypdf import PdfReader

    from lea_desktop.domain.records import Event

    count = ctx.size(CARDS, CARDS, smoke=20)
    rounds = ctx.size(5, 2, smoke=1)
    event = Event(id="00000000-0000-4000-8000-000000000001", name="BETT 2027", city="London",
                  country="GB", starts="2027-01-20", ends="2027-01-23")  # fmt: skip
    pages = -(-count // cards.PER_SHEET)

    def check(out: Path) -> None:
        found = len(PdfReader(str(out)).pages)
        if found != pages:
            raise BenchError(f"{out.name} has {found} pages, expected {pages}")

    def app(i: int) -> float:
        out = ctx.workdir / f"app{i}.pdf"
        qr.encode.cache_clear()  # each run encodes its code, as a fresh print job would
        seconds = timed(lambda: cards.render_stand_cards(event, count, out))
        check(out)
        return seconds

    def floor(i: int) -> float:
        out = ctx.workdir / f"floor{i}.pdf"
        seconds = timed(lambda: floor_cards(event, count, out))
        check(out)
        return seconds

    apps, floors = alternate(app, floor, rounds)
    naive = timed(lambda: floor_cards(event, count, ctx.workdir / "naive.pdf", per_card=True))
    size_app = (ctx.workdir / "app1.pdf").stat().st_size
    size_floor = (ctx.workdir / "floor1.pdf").stat().st_size
    return [
        paired(
            f"{count:,} cards",
            "s",
            apps,
            floors,
            max_ratio=1.5,
            detail=(
                f"{pages} A4 pages; PDF size app {size_app / 1e3:,.0f} kB, floor "
                f"{size_floor / 1e3:,.0f} kB; drawing every card anew (bare reportlab, no form) "
                f"took {naive:.2f} s once"
            ),
        )
    ]
