"""The reconciliation receipt as a PDF (reportlab): what an event team files after a fair.

One A4 page in the common case: who checked what and when, the one-sentence verdict in a
coloured box, and, if some records are not held centrally as they are on the laptop, a table of
them with the reason. UUIDs, revisions and dates only: no personal data.
"""

from __future__ import annotations

from pathlib import Path

from lea_desktop.domain import clock
from lea_desktop.paths import atomic_output
from lea_desktop.printing.fonts import font_name
from lea_desktop.sync.reconcile import Receipt

GREEN = "#1e7b34"
AMBER = "#9a5b00"
INK = "#1d1d1f"
MUTED = "#5f6368"


def _local_time(iso: str) -> str:
    if not iso:
        return ""
    try:
        moment = clock.parse_iso(iso).astimezone()
    except ValueError:
        return iso
    return moment.strftime("%Y-%m-%d %H:%M %Z").strip()


def write_receipt_pdf(receipt: Receipt, out: Path) -> Path:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = font_name("regular"), font_name("bold")
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=13, textColor=INK)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10)
    mono = ParagraphStyle("mono", parent=small, fontName=regular, fontSize=7, leading=9)
    title = ParagraphStyle("title", parent=body, fontName=bold, fontSize=18, leading=22)
    sub = ParagraphStyle("sub", parent=body, textColor=MUTED)
    verdict_colour = GREEN if receipt.all_held else AMBER
    verdict = ParagraphStyle(
        "verdict", parent=body, fontName=bold, fontSize=13, leading=17, textColor=colors.white
    )

    story: list = [
        Paragraph("Sync receipt", title),
        Paragraph("LEA Desktop — records on this laptop compared with the LEA databank", sub),
        Spacer(1, 6 * mm),
    ]
    meta = [
        ("Checked", _local_time(receipt.checked_at)),
        ("Event", receipt.event_name or receipt.event_id or "All events"),
        ("Databank", receipt.databank_url),
        ("Databank id", receipt.databank_id),
        ("Laptop", ", ".join(receipt.device_ids)),
        ("Records here", str(receipt.local_total)),
        ("Held at the same revision", str(receipt.held_same)),
    ]
    table = Table(
        [[Paragraph(escape(k), sub), Paragraph(escape(v), body)] for k, v in meta],
        colWidths=[52 * mm, 118 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (0, 0), (-1, -2), 0.3, colors.HexColor("#dddddd")),
            ]
        )
    )
    story += [table, Spacer(1, 6 * mm)]
    box = Table([[Paragraph(escape(receipt.headline()) + ".", verdict)]], colWidths=[170 * mm])
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(verdict_colour)),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
            ]
        )
    )
    story += [box, Spacer(1, 6 * mm)]
    if receipt.differences:
        story.append(Paragraph("Not held centrally as on this laptop", ParagraphStyle(
            "h2", parent=body, fontName=bold, fontSize=12, leading=15, spaceAfter=4
        )))  # fmt: skip
        head = ["Record id", "Created", "Laptop", "Databank", "Why"]
        rows = [[Paragraph(h, ParagraphStyle("th", parent=small, fontName=bold)) for h in head]]
        for d in receipt.differences:
            rows.append(
                [
                    Paragraph(escape(d.id), mono),
                    Paragraph(escape(_local_time(d.created_at)), small),
                    Paragraph("—" if d.local_revision is None else f"r{d.local_revision}", small),
                    Paragraph("—" if d.remote_revision is None else f"r{d.remote_revision}", small),
                    Paragraph(escape(d.why), small),
                ]
            )
        diffs = Table(rows, colWidths=[59 * mm, 24 * mm, 16 * mm, 20 * mm, 51 * mm], repeatRows=1)
        diffs.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor(INK)),
                    (
                        "ROWBACKGROUNDS",
                        (0, 1),
                        (-1, -1),
                        [colors.white, colors.HexColor("#f4f4f6")],
                    ),
                ]
            )
        )
        story.append(diffs)
        story.append(Spacer(1, 4 * mm))
        story.append(
            Paragraph(
                "Records waiting in the queue go at the next sync. Records not in the queue can be "
                "sent again with <b>lea-desktop reconcile --requeue</b>; rejected ones are listed "
                "with the databank's reason by <b>lea-desktop queue</b>.",
                small,
            )
        )

    def footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(regular, 7.5)
        canvas.setFillColor(colors.HexColor(MUTED))
        canvas.drawString(20 * mm, 12 * mm, f"LEA Desktop sync receipt · {receipt.checked_at}")
        canvas.drawRightString(A4[0] - 20 * mm, 12 * mm, f"Page {doc.page}")
        canvas.restoreState()

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(out, private=True) as fh:
        doc = SimpleDocTemplate(
            fh,
            pagesize=A4,
            leftMargin=20 * mm,
            rightMargin=20 * mm,
            topMargin=20 * mm,
            bottomMargin=20 * mm,
            title="LEA Desktop sync receipt",
            author="LEA Desktop",
        )
        doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out
