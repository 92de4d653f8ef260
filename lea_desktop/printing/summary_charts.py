"""Charts for the session summary and partner report (reportlab.graphics), readable on paper.

Real spreads are lopsided (Finland 88 next to Croatia 1): bars are sorted, every bar carries its
value, long tails fold into one "others" bar, and a tiny non-zero bar keeps a visible sliver.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors

from lea_desktop.domain import kpi
from lea_desktop.printing import fonts

INK = colors.HexColor("#1d2b36")
MUTED = colors.HexColor("#5b6b78")
BAR = colors.HexColor("#2b6f9e")
ACCENT = colors.HexColor("#d9822b")
TRACK = colors.HexColor("#e3e8ed")
DONE = colors.HexColor("#3a8f5c")
GRID = colors.HexColor("#c9d2da")
OTHERS = colors.HexColor("#9aa8b4")


def _font(style: str = "regular") -> str:
    return fonts.font_name(style)


def horizontal_bars(
    items: Sequence[tuple[str, int]],
    *,
    width: float,
    label: Callable[[int], str] = str,
    highlight: Sequence[int] = (),
    muted: Sequence[int] = (),
    bar_height: float = 14,
    label_width: float | None = None,
) -> Drawing:
    """One bar per (name, value), in the given order from the top, the value written after it.

    `highlight`: indexes drawn in the accent colour; `muted`: in grey (an "others" bar).
    """
    size = 8.5
    names = [n for n, _v in items]
    values = [v for _n, v in items]
    if label_width is None:
        widest = max((fonts.text_width(n, "regular", size) for n in names), default=40)
        label_width = min(widest + 8, width * 0.42)
    value_room = max((fonts.text_width(label(v), "regular", size) for v in values), default=20) + 10
    height = bar_height * len(items) + 8
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width, 4
    chart.width = max(40.0, width - label_width - value_room)
    chart.height = height - 8
    peak = max(values, default=0) or 1
    # A sliver for the smallest non-zero bar, so "1" next to "30,000" is still seen as a bar.
    floor = peak * 0.004
    chart.data = [[max(v, floor) if v else 0 for v in values]]
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.reverseDirection = 1
    chart.categoryAxis.visibleTicks = 0
    chart.categoryAxis.strokeColor = GRID
    chart.categoryAxis.labels.fontName = _font()
    chart.categoryAxis.labels.fontSize = size
    chart.categoryAxis.labels.fillColor = INK
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = peak
    chart.valueAxis.visible = 0
    chart.barWidth = bar_height * 0.7
    chart.groupSpacing = bar_height * 0.3
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    for index in highlight:
        chart.bars[(0, index)].fillColor = ACCENT
    for index in muted:
        chart.bars[(0, index)].fillColor = OTHERS
    labels = [label(v) for v in values]
    chart.barLabelFormat = "values"
    chart.barLabelArray = [labels]
    chart.barLabels.fontName = _font("bold")
    chart.barLabels.fontSize = size
    chart.barLabels.fillColor = INK
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 4
    drawing.add(chart)
    return drawing


def day_bars(
    by_day: dict[str, int],
    *,
    width: float,
    height: float = 150,
    span: tuple[str, str] | None = None,
) -> tuple[Drawing, str]:
    """New followers per day (or per month when the days span more than a month).

    `span` (first, last ISO day), e.g. the event's dates, adds days without followers at either
    end. Returns the drawing and the caption to put above it ("per day" / "per month").
    """
    unit, series = kpi.day_series(by_day, span)
    values = [n for _k, n in series]
    if unit == "day":
        names = [
            f"{dt.date.fromisoformat(k).day} {dt.date.fromisoformat(k):%b}" for k, _n in series
        ]
    else:
        names = [dt.date.fromisoformat(k + "-01").strftime("%b %Y") for k, _n in series]
    caption = f"per {unit}"
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 34, 28
    # At most ~56 pt per bar: two days should look like two bars, not two walls.
    chart.width, chart.height = min(width - 44, 56 * len(values)), height - 44
    chart.data = [values]
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.labels.fontName = _font()
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.fillColor = INK
    chart.categoryAxis.strokeColor = GRID
    chart.categoryAxis.visibleTicks = 0
    if len(names) > 12:  # keep labels from running into each other
        chart.categoryAxis.labels.angle = 45
        chart.categoryAxis.labels.boxAnchor = "ne"
        chart.categoryAxis.labels.dy = -2
    step = max(1, len(names) // 24)
    if step > 1:
        chart.categoryAxis.categoryNames = [n if i % step == 0 else "" for i, n in enumerate(names)]
    peak = max(values) or 1
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = peak * 1.15
    chart.valueAxis.labels.fontName = _font()
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.strokeColor = GRID
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = GRID
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.valueAxis.labelTextFormat = lambda v: f"{int(v):,}" if v == int(v) else ""
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barSpacing = 1
    if len(values) <= 40:
        chart.barLabelFormat = "values"
        chart.barLabelArray = [[f"{v:,}" if v else "" for v in values]]
        chart.barLabels.fontName = _font("bold")
        chart.barLabels.fontSize = 7.5 if len(values) <= 16 else 6
        chart.barLabels.fillColor = INK
        chart.barLabels.boxAnchor = "s"
        chart.barLabels.dy = 2
    drawing.add(chart)
    return drawing, caption


def progress_bars(
    rows: Sequence[tuple[str, int, int, str]], *, width: float, row_height: float = 30
) -> Drawing:
    """Targets as bars: (label, value, target, unit text) → "7 / 15 member states"."""
    height = row_height * len(rows)
    drawing = Drawing(width, height)
    label_w = max(fonts.text_width(r[0], "bold", 9) for r in rows) + 12 if rows else 0
    text_w = max(fonts.text_width(f"{r[1]:,} / {r[2]:,} {r[3]}  ✓ met", "regular", 9) for r in rows)
    bar_w = width - label_w - text_w - 10
    for i, (label, value, target, unit) in enumerate(rows):
        y = height - (i + 1) * row_height + 8
        drawing.add(String(0, y + 3, label, fontName=_font("bold"), fontSize=9, fillColor=INK))
        drawing.add(Rect(label_w, y, bar_w, 11, fillColor=TRACK, strokeColor=None))
        fraction = 1.0 if target <= 0 else min(1.0, value / target)
        if fraction > 0:
            colour = DONE if value >= target else BAR
            drawing.add(
                Rect(label_w, y, max(2.0, bar_w * fraction), 11, fillColor=colour, strokeColor=None)
            )
        text = f"{value:,} / {target:,} {unit}"
        if value >= target:
            text += "  ✓ met"
        drawing.add(
            String(label_w + bar_w + 8, y + 2, text, fontName=_font(), fontSize=9, fillColor=INK)
        )
    return drawing
