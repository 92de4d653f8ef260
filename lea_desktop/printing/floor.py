"""The speed floor for stand cards: what bare reportlab + qrcode take for the same cards.

Not used by the app. The bench compares `cards.render_stand_cards` against `floor_stand_cards`:
the same 1,000 cards (same texts, fonts, positions, crop marks, vector QR with one rectangle per
run of dark modules in a row), drawn straight onto the canvas card after card with no layout
engine, no text fitting and no reuse of the drawing. `encode_each=True` also encodes the QR
once per card, as a naive program would.
"""

from __future__ import annotations

from pathlib import Path

from lea_desktop.domain.records import Event
from lea_desktop.printing import cards
from lea_desktop.printing.scene import A4, Line, Text


def floor_stand_cards(
    event: Event,
    count: int,
    out: Path,
    *,
    signup_url: str = cards.DEFAULT_SIGNUP_URL,
    lang: str = "en",
    encode_each: bool = False,
) -> int:
    """Draw `count` stand cards on A4 sheets (10 up) with bare reportlab; returns pages written."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M
    from reportlab.pdfgen.canvas import Canvas

    from lea_desktop.printing import fonts

    fonts.register()
    # The card's texts and their places, taken once from the product layout (not timed as
    # drawing: the floor draws them, it does not lay them out).
    layout = cards.stand_card(event, signup_url=signup_url, lang=lang)
    texts = [i for i in layout.items if isinstance(i, Text)]
    lines = [i for i in layout.items if isinstance(i, Line)]
    payload = cards.signup_payload(event, signup_url)

    def encode() -> list[list[bool]]:
        code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=1, border=4)
        code.add_data(payload)
        code.make(fit=True)
        return code.get_matrix()

    matrix = encode()
    canvas = Canvas(str(out), pagesize=A4, pageCompression=1)
    positions = cards.card_positions()
    marks = cards.crop_marks()
    pages = 0
    for n in range(count):
        slot = n % cards.PER_SHEET
        if slot == 0:
            if n:
                canvas.showPage()
            pages += 1
            canvas.setLineWidth(0.3)
            for m in marks:
                canvas.line(m.x1, m.y1, m.x2, m.y2)
        if encode_each:
            matrix = encode()
        x0, y0 = positions[slot]
        for t in texts:
            canvas.setFont(fonts.font_name(t.style), t.size)
            canvas.setFillColorRGB(*t.color)
            canvas.drawString(x0 + t.x, y0 + t.y, t.text)
        for ln in lines:
            canvas.setStrokeColorRGB(*ln.color)
            canvas.setLineWidth(ln.width)
            canvas.line(x0 + ln.x1, y0 + ln.y1, x0 + ln.x2, y0 + ln.y2)
        canvas.setFillColorRGB(0, 0, 0)
        module = cards.QR_SIZE / len(matrix)
        top = y0 + cards.QR_Y + cards.QR_SIZE
        qx = x0 + cards.QR_X
        for r, row in enumerate(matrix):
            c = 0
            while c < len(row):
                if row[c]:
                    start = c
                    while c < len(row) and row[c]:
                        c += 1
                    canvas.rect(qx + start * module, top - (r + 1) * module, (c - start) * module,
                                module, stroke=0, fill=1)  # fmt: skip
                else:
                    c += 1
    canvas.save()
    return pages
