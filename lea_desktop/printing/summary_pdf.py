"""The session summary and the Appendix 7.1 partner report as A4 PDFs (reportlab platypus).

Summary: title with the event and its dates, key figures, the Table 7 targets as progress bars,
followers by type and by country (sorted, labelled, top 15 + others), new followers per day,
the member states still missing with the partner responsible, who collected how many, and every
country's count in a table. Partner report: one row per member state (and Norway) with its
responsible partner, followers, procurers, LEA-N members identified and committed, then the
same per partner.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from lea_desktop.domain import kpi
from lea_desktop.domain.countries import country_name
from lea_desktop.exports.private_file import private_output
from lea_desktop.printing import fonts
from lea_desktop.printing.summary_charts import (
    GRID,
    INK,
    MUTED,
    day_bars,
    horizontal_bars,
    progress_bars,
)

if TYPE_CHECKING:
    from lea_desktop.exports.summary_model import PartnerReport, SummaryReport

MARGIN = 16 * mm
TOP_COUNTRIES = 15
TILE_BG = colors.HexColor("#f1f5f8")
MISSING_BG = colors.HexColor("#fbeee4")
MET_BG = colors.HexColor("#e6f3ea")


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts.font_name("regular"), fonts.font_name("bold")
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=19, leading=23, textColor=INK),
        "subtitle": ParagraphStyle("sub", fontName=regular, fontSize=11, leading=14, textColor=INK),
        "small": ParagraphStyle("small", fontName=regular, fontSize=8, leading=10, textColor=MUTED),
        "h2": ParagraphStyle(
            "h2",
            fontName=bold,
            fontSize=12.5,
            leading=16,
            textColor=INK,
            spaceBefore=10,
            spaceAfter=4,
        ),
        "body": ParagraphStyle("body", fontName=regular, fontSize=9, leading=12, textColor=INK),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=8.5, leading=10.5, textColor=INK),
        "tile_value": ParagraphStyle(
            "tv", fontName=bold, fontSize=17, leading=20, textColor=INK, alignment=TA_LEFT
        ),
        "tile_label": ParagraphStyle(
            "tl", fontName=regular, fontSize=8, leading=10, textColor=MUTED
        ),
    }


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _footer(title: str) -> Any:
    def draw(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(fonts.font_name("regular"), 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, 9 * mm, title)
        canvas.drawRightString(A4[0] - MARGIN, 9 * mm, f"Page {doc.page}")
        canvas.restoreState()

    return draw


def _table_style(header_rows: int = 1, *, numeric_from: int = 1) -> list[tuple]:
    regular, bold = fonts.font_name("regular"), fonts.font_name("bold")
    return [
        ("FONT", (0, 0), (-1, -1), regular, 8.5),
        ("FONT", (0, 0), (-1, header_rows - 1), bold, 8.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, INK),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, GRID),
        ("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]


def _tiles(tiles: Sequence[tuple[str, str]], width: float, st: dict[str, ParagraphStyle]) -> Table:
    """Key figures as a grid of tiles: big number, small label underneath."""
    per_row = 4
    small = ParagraphStyle("tv_small", parent=st["tile_value"], fontSize=13, leading=20)
    cells = [
        [
            Paragraph(_esc(value), st["tile_value"] if len(value) <= 9 else small),
            Paragraph(_esc(label), st["tile_label"]),
        ]
        for value, label in tiles
    ]
    rows = [cells[i : i + per_row] for i in range(0, len(cells), per_row)]
    while len(rows[-1]) < per_row:
        rows[-1].append("")
    gap = 4
    col = (width - gap * (per_row - 1)) / per_row
    table = Table(rows, colWidths=[col] * per_row, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), TILE_BG),
                ("LINEAFTER", (0, 0), (-2, -1), gap, colors.white),
                ("LINEBELOW", (0, 0), (-1, -2), gap, colors.white),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return table


def summary_story(report: SummaryReport, width: float) -> list[Any]:
    """The flowables of a session summary (also used by tests to check the content)."""
    st = _styles()
    s = report.summary
    eu_total = len(s.eu_member_states_covered) + len(s.eu_member_states_missing)
    story: list[Any] = [
        Paragraph(_esc(report.title), st["title"]),
        Paragraph(_esc(report.subtitle), st["subtitle"]),
        Spacer(1, 2),
        Paragraph(_esc(report.generated_text), st["small"]),
        Spacer(1, 10),
    ]
    tiles = [
        (f"{s.total:,}", "followers"),
        (f"{s.procurers:,}", f"procurers · {kpi.percent(s.procurers, s.total)} of followers"),
        (f"{s.suppliers:,}", f"suppliers · {kpi.percent(s.suppliers, s.total)} of followers"),
        (f"{s.schools:,}", "schools"),
        (f"{len(s.eu_member_states_covered)} / {eu_total}", "EU member states with followers"),
        (f"{s.lea_network_candidates:,}", "LEA-N candidates (procurers interested in LEA-N)"),
        (f"{s.letters_signed:,} / {s.letters_offered:,}", "letters of intent signed / offered"),
        (f"{s.assistance_requests:,}", "assistance requests"),
    ]
    story.append(_tiles(tiles, width, st))
    story.append(
        KeepTogether(
            [
                Paragraph("Table 7 targets", st["h2"]),
                progress_bars([(k.name, k.value, k.target, k.unit) for k in s.kpis], width=width),
                Paragraph(
                    "Table 7: " + "; ".join(k.label for k in s.kpis) + ". LEA-N member states: "
                    "EU member states with at least one LEA-N candidate (a procurer who chose the "
                    "LEA-N interest) or one signed letter of intent.",
                    st["small"],
                ),
            ]
        )
    )
    if not s.total:
        story += [
            Paragraph("Followers", st["h2"]),
            Paragraph("No followers have been registered here yet.", st["body"]),
        ]
    else:
        type_items = [(report.type_label(v), n) for v, n in s.by_type.items()]
        order = sorted(range(len(type_items)), key=lambda i: -type_items[i][1])
        type_items = [type_items[i] for i in order]
        highlight = [i for i, v in enumerate(order) if list(s.by_type)[v] == kpi.PROCURER]
        story.append(
            KeepTogether(
                [
                    Paragraph("Followers by type", st["h2"]),
                    horizontal_bars(
                        type_items,
                        width=width,
                        label=lambda n: f"{n:,} ({kpi.percent(n, s.total)})",
                        highlight=highlight,
                        bar_height=18,
                    ),
                    Paragraph(
                        "An organisation may tick several types, so the types add up to more "
                        "than the followers. Procurers, the main target group, in orange.",
                        st["small"],
                    ),
                ]
            )
        )
        top, (others, others_sum) = kpi.top_with_others(s.by_country, TOP_COUNTRIES)
        items = [(f"{country_name(c)} ({c})", n) for c, n in top]
        if others:
            items.append((f"{others} other countries", others_sum))
        caption = f"Followers by country — {len(s.by_country)} countries" + (
            f", the {TOP_COUNTRIES} largest shown" if others else ""
        )
        story.append(
            KeepTogether(
                [
                    Paragraph(_esc(caption), st["h2"]),
                    horizontal_bars(
                        items,
                        width=width,
                        label=lambda n: f"{n:,}",
                        muted=[len(items) - 1] if others else [],
                    ),
                ]
            )
        )
        if s.by_day:
            span = (report.event.starts, report.event.ends) if report.event else None
            chart, per = day_bars(s.by_day, width=width, span=span)
            story.append(KeepTogether([Paragraph(f"New followers {per}", st["h2"]), chart]))
    story += _missing_section(s, width, st)
    story += _collectors_section(s, width, st)
    if s.by_country:
        story += _country_table(s, width, st)
    return story


def _missing_section(s: kpi.Summary, width: float, st: dict[str, ParagraphStyle]) -> list[Any]:
    head = Paragraph("EU member states still without followers — who is responsible", st["h2"])
    if not s.eu_member_states_missing:
        return [
            head,
            Paragraph("None: every EU member state has at least one follower.", st["body"]),
        ]
    entries = [(f"{country_name(c)} ({c})", p or "—") for c, p in s.eu_member_states_missing]
    half = -(-len(entries) // 2)
    right = entries[half:]
    rows: list[list[Any]] = [["Member state", "Responsible LEA partner"] * (2 if right else 1)]
    for i in range(half):
        row = [entries[i][0], Paragraph(_esc(entries[i][1]), st["cell"])]
        if right:
            row += (
                [right[i][0], Paragraph(_esc(right[i][1]), st["cell"])]
                if i < len(right)
                else ["", ""]
            )
        rows.append(row)
    col = width / 2
    widths = [col * 0.42, col * 0.58] * (2 if right else 1)
    table = Table(rows, colWidths=widths, hAlign="LEFT", repeatRows=1)
    style = _table_style(numeric_from=99)
    if right:
        style.append(("LEFTPADDING", (2, 0), (2, -1), 12))
    table.setStyle(TableStyle(style))
    intro = Paragraph(
        f"{len(s.eu_member_states_missing)} of "
        f"{len(s.eu_member_states_missing) + len(s.eu_member_states_covered)} "
        "EU member states have no follower yet (Appendix 7.1 names the partner responsible).",
        st["body"],
    )
    return [KeepTogether([head, intro, Spacer(1, 3), table])]


def _collectors_section(s: kpi.Summary, width: float, st: dict[str, ParagraphStyle]) -> list[Any]:
    if not s.collected_by:
        return []
    rows: list[list[Any]] = [["Collected by", "Followers", "Share"]]
    rows += [[_esc(n), f"{v:,}", kpi.percent(v, s.total)] for n, v in s.collected_by.items()]
    table = Table(rows, colWidths=[width * 0.5, width * 0.15, width * 0.15], hAlign="LEFT",
                  repeatRows=1)  # fmt: skip
    table.setStyle(TableStyle(_table_style()))
    return [KeepTogether([Paragraph("Who collected how many", st["h2"]), table])]


def _country_table(s: kpi.Summary, width: float, st: dict[str, ParagraphStyle]) -> list[Any]:
    """Every country with its count (Table 1 of the seed), in three column pairs."""
    entries = [(f"{country_name(c)} ({c})", f"{n:,}") for c, n in s.by_country.items()]
    per_col = -(-len(entries) // 3)
    columns = [entries[i : i + per_col] for i in range(0, len(entries), per_col)]
    while len(columns) < 3:
        columns.append([])
    rows: list[list[str]] = [["Country", "Followers"] * 3]
    for r in range(per_col):
        row: list[str] = []
        for col in columns:
            row += list(col[r]) if r < len(col) else ["", ""]
        rows.append(row)
    w = width / 3
    table = Table(rows, colWidths=[w * 0.72, w * 0.28] * 3, hAlign="LEFT", repeatRows=1)
    style = _table_style()
    style = [x for x in style if x[0] != "ALIGN"]
    style += [("ALIGN", (i, 0), (i, -1), "RIGHT") for i in (1, 3, 5)]
    style += [("LEFTPADDING", (i, 0), (i, -1), 10) for i in (2, 4)]
    table.setStyle(TableStyle(style))
    return [KeepTogether([Paragraph("All countries", st["h2"]), table])]


def _build(out: Path, story: list[Any], title: str, subject: str) -> None:
    fonts.register()
    with private_output(out) as fh:
        doc = SimpleDocTemplate(
            fh,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=16 * mm,
            title=title,
            author="LEA Desktop",
            creator="LEA Desktop",
            subject=subject,
        )
        footer = _footer(title)
        doc.build(story, onFirstPage=footer, onLaterPages=footer)


def write_summary_pdf(report: SummaryReport, out: Path) -> None:
    width = A4[0] - 2 * MARGIN
    _build(out, summary_story(report, width), report.title, report.subtitle)


def partner_story(report: PartnerReport, width: float) -> list[Any]:
    st = _styles()
    s = report.summary
    eu_rows = [r for r in report.member_states if r.is_eu]
    lea_n = len(s.lea_n_member_states)
    story: list[Any] = [
        Paragraph(_esc(report.title), st["title"]),
        Paragraph("Followers and LEA-N members per member state, all events", st["subtitle"]),
        Spacer(1, 2),
        Paragraph(_esc(report.generated_text), st["small"]),
        Spacer(1, 8),
        Paragraph(
            f"<b>{sum(1 for r in eu_rows if r.followers)}</b> of {len(eu_rows)} EU member states "
            f"have followers; <b>{lea_n}</b> have LEA-N members (target "
            f"{kpi.TARGET_LEA_N_MEMBER_STATES}). Followers in all: <b>{s.total:,}</b>, of whom "
            f"<b>{s.procurers:,}</b> procurers." + _others_note(report),
            st["body"],
        ),
        Spacer(1, 6),
    ]
    head = ["#", "Member state", "Responsible LEA partner", "Followers", "Procurers",
            "LEA-N\nidentified", "LEA-N\ncommitted"]  # fmt: skip
    rows: list[list[Any]] = [head]
    for i, r in enumerate(report.member_states, start=1):
        name = country_name(r.country) + ("" if r.is_eu else " (EEA)")
        rows.append(
            [str(i), name, Paragraph(_esc(r.responsible_partner), st["cell"]), f"{r.followers:,}",
             f"{r.procurers:,}", f"{r.lea_n_identified:,}", f"{r.lea_n_committed:,}"]
        )  # fmt: skip
    bold_rows = []
    if report.others:  # the appendix's subtotal, then every other country, then all
        rows.append(_sum_row("Subtotal", "EU-27 and Norway", report.member_states))
        bold_rows.append(len(rows) - 1)
        for r in report.others:
            rows.append(
                ["", _other_country(r.country), Paragraph("outside Appendix 7.1", st["cell"]),
                 f"{r.followers:,}", f"{r.procurers:,}", f"{r.lea_n_identified:,}",
                 f"{r.lea_n_committed:,}"]
            )  # fmt: skip
        rows.append(_sum_row("Total", "All countries", report.rows))
    else:
        rows.append(_sum_row("Total", "EU-27 and Norway", report.member_states))
    bold_rows.append(len(rows) - 1)
    widths = [0.05, 0.2, 0.33, 0.1, 0.1, 0.11, 0.11]
    table = Table(rows, colWidths=[width * w for w in widths], repeatRows=1, hAlign="LEFT")
    style = _table_style(numeric_from=3)
    style.append(("ALIGN", (0, 0), (0, -1), "RIGHT"))
    for i in bold_rows:
        style += [
            ("FONT", (0, i), (-1, i), fonts.font_name("bold"), 8.5),
            ("LINEABOVE", (0, i), (-1, i), 0.8, INK),
        ]
    for i, r in enumerate(report.member_states, start=1):
        if r.followers == 0:
            style.append(("BACKGROUND", (0, i), (-1, i), MISSING_BG))
        elif r.lea_n_member_state:
            style.append(("BACKGROUND", (5, i), (6, i), MET_BG))
    table.setStyle(TableStyle(style))
    story += [
        table,
        Spacer(1, 4),
        Paragraph(
            "LEA-N identified: procurers who chose the LEA-N interest (LEA-N candidates). "
            "LEA-N committed: followers who signed a letter of intent. Shaded orange: no "
            "follower yet; green: the member state has LEA-N members.",
            st["small"],
        ),
    ]
    prow: list[list[Any]] = [["Responsible LEA partner", "Member states", "Followers",
                              "Procurers", "LEA-N\nidentified", "LEA-N\ncommitted"]]  # fmt: skip
    for p in report.partners:
        states = ", ".join(p.countries)
        prow.append(
            [Paragraph(_esc(p.partner), st["cell"]),
             Paragraph(f"{_esc(states)} ({p.countries_covered} of {len(p.countries)} with "
                       "followers)", st["cell"]),
             f"{p.followers:,}", f"{p.procurers:,}", f"{p.lea_n_identified:,}",
             f"{p.lea_n_committed:,}"]
        )  # fmt: skip
    widths = [0.27, 0.31, 0.1, 0.1, 0.11, 0.11]
    ptable = Table(prow, colWidths=[width * w for w in widths], repeatRows=1, hAlign="LEFT")
    ptable.setStyle(TableStyle(_table_style(numeric_from=2)))
    block: list[Any] = [Paragraph("Per responsible partner", st["h2"]), ptable]
    note = kpi.shared_note(report.member_states, country_name)
    if note:
        block += [Spacer(1, 4), Paragraph(_esc(note), st["small"])]
    story.append(KeepTogether(block))
    return story


def _sum_row(label: str, scope: str, rows: Any) -> list[Any]:
    """A total line of the Appendix 7.1 table over `rows`."""
    return ["", label, scope, f"{sum(r.followers for r in rows):,}",
            f"{sum(r.procurers for r in rows):,}", f"{sum(r.lea_n_identified for r in rows):,}",
            f"{sum(r.lea_n_committed for r in rows):,}"]  # fmt: skip


def _other_country(code: str) -> str:
    return country_name(code) if code else "Country not given"


def _others_note(report: PartnerReport) -> str:
    """Why the table has rows below the appendix's countries (so the totals agree)."""
    if not report.others:
        return ""
    n = sum(r.followers for r in report.others)
    names = ", ".join(_other_country(r.country) for r in report.others)
    who = "follower comes" if n == 1 else "followers come"
    return (
        f" {n:,} {who} from countries outside Appendix 7.1 ({_esc(names)}): they are listed "
        "below its subtotal and counted in the total."
    )


def write_partner_pdf(report: PartnerReport, out: Path) -> None:
    width = A4[0] - 2 * MARGIN
    _build(out, partner_story(report, width), report.title, "LEA-N participation")
