"""Nothing a user reads is cut off or hard to read: headers, emails, event names, labels, and
the text on the dashboard's target bars (WCAG AA contrast, measured on the painted bar)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics

from lea_desktop.storage import events
from lea_desktop.usecases import followers


def _luminance(colour: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.red())
        + 0.7152 * channel(colour.green())
        + 0.0722 * channel(colour.blue())
    )


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG 2 contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.fixture
def busy_event(store, event, good_answers):
    """The active event with a few followers of several types (one long type list)."""
    for n, types in enumerate((["school"], ["supplier"], ["supplier", "expert", "procurer"])):
        answers = {**good_answers, "email": f"contact{n}@normaalikoulu.example.fi", "types": types}
        assert followers.save_new(store, answers, event_id=event.id).ok
    return event


def test_followers_headers_are_whole_and_emails_fit_at_1280x720(qtbot, window, busy_event):
    window.resize(1280, 720)
    window.context.reload_active_event()
    page = window.open_page("followersPage")
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=5000)
    qtbot.wait(50)  # the columns are fitted on the next turn of the event loop
    header = page.table.horizontalHeader()
    bold = QFont(header.font())
    bold.setBold(True)
    fm = QFontMetrics(bold)
    for col in range(page.model.columnCount()):
        if page.table.isColumnHidden(col):  # the staff's qualification, shown when narrowed
            continue
        text = str(page.model.headerData(col, Qt.Orientation.Horizontal))
        assert header.sectionSize(col) >= fm.horizontalAdvance(text) + 12, text
    email_col = next(c for c, f in enumerate(page.model.fields) if f.type == "email")
    cell_fm = page.table.fontMetrics()
    for row in range(3):
        email = str(page.model.index(row, email_col).data())
        assert header.sectionSize(email_col) >= cell_fm.horizontalAdvance(email) + 8, email


def test_the_cards_event_box_shows_the_whole_event_and_never_cuts_its_end(qtbot, window, store):
    """At 1280×720 the event (name, place, dates) is whole; squeezed, it loses its middle,
    so the year stays readable (it read "…2–4 Dec 202")."""
    events.create(
        store.db,
        {"name": "Online Educa Berlin 2026", "city": "Berlin", "country": "DE",
         "starts": "2026-12-02", "ends": "2026-12-04"},
    )  # fmt: skip
    window.resize(1280, 720)
    page = window.open_page("cardsPage")
    qtbot.waitUntil(lambda: page.event_combo.count() > 0)
    index = page.event_combo.findText("Online Educa", Qt.MatchFlag.MatchStartsWith)
    page.event_combo.setCurrentIndex(index)
    assert page.event_combo.currentText().endswith("2–4 Dec 2026")
    assert not page.event_combo.is_elided()
    page.event_combo.setFixedWidth(150)
    assert page.event_combo.is_elided()  # then ElideMiddle keeps the end (see ElidingComboBox)
    assert page.event_combo.itemData(index, Qt.ItemDataRole.ToolTipRole).endswith("2026")


def test_dashboard_targets_read_at_aa_contrast_and_labels_sit_on_their_box(
    qtbot, window, busy_event
):
    window.resize(1280, 720)
    window.context.reload_active_event()
    page = window.open_page("dashboardPage")
    qtbot.waitUntil(lambda: page.updates > 0 and not page._running, timeout=10000)
    bar = page.targets["schools"]  # 1 of 30: mostly track, a sliver done
    bar.setValue(bar.maximum() // 2)  # half done: the text crosses both parts
    image = bar.grab().toImage()
    mid = image.height() // 2
    done = image.pixelColor(4, mid)
    track = image.pixelColor(image.width() - 5, mid)
    assert done != track
    # The text: the darkest pixels painted on the bar.
    darkest = min(
        (image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())),
        key=_luminance,
    )
    assert contrast(darkest, done) >= 4.5 and contrast(darkest, track) >= 4.5
    met = page.targets["procurers"]
    met.setProperty("met", True)
    met.style().unpolish(met)
    met.style().polish(met)
    met.setValue(met.maximum())
    image = met.grab().toImage()
    darkest = min(
        (image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())),
        key=_luminance,
    )
    assert contrast(darkest, image.pixelColor(4, image.height() // 2)) >= 4.5

    # "Show" sits on the line of its box.
    label = page.scope_label_buddy
    label_mid = label.mapTo(page, QPoint(0, label.height() // 2)).y()
    box_mid = page.scope.mapTo(page, QPoint(0, page.scope.height() // 2)).y()
    assert abs(label_mid - box_mid) <= 2


def test_dashboard_type_labels_are_never_cut(qtbot, window, busy_event):
    """ "Supplier (company, SME, start-up)" is read whole: beside its bar when the chart is
    wide enough, above it when not."""
    window.resize(1280, 720)
    window.context.reload_active_event()
    page = window.open_page("dashboardPage")
    qtbot.waitUntil(lambda: page.updates > 0 and not page._running, timeout=10000)
    chart = page.types_chart
    labels = [label for label, _v, _t in chart.items()]
    assert any(label.startswith("Supplier (company") for label in labels)
    fm = QFontMetrics(chart.font())
    widest = max(fm.horizontalAdvance(label) for label in labels)
    for width in (260, 420, 900):
        chart.resize(width, chart.height())
        if chart.stacked:
            assert widest <= width
        else:
            assert widest + 10 <= int(width * chart.LABEL_SHARE)
    chart.resize(260, chart.height())
    assert chart.stacked and chart.height() >= len(labels) * (chart.ROW + fm.height())


def test_a_disabled_main_action_does_not_look_clickable(qtbot, styled_app):
    """The accent (main action) buttons — Save, Mark contacted — are painted pale when they
    cannot be used: the Follow-up page's "Mark contacted" looked ready with nothing to mark."""
    from PySide6.QtWidgets import QPushButton

    def fill(enabled: bool) -> QColor:
        button = QPushButton("Mark contacted")
        button.setProperty("accent", True)
        button.setEnabled(enabled)
        qtbot.addWidget(button)
        button.resize(160, 36)
        button.show()
        image = button.grab().toImage()
        return image.pixelColor(8, image.height() // 2)

    ready, unusable = fill(True), fill(False)
    assert contrast(ready, QColor("white")) >= 4.5  # the main action stands out
    assert contrast(unusable, QColor("white")) < 2  # a disabled one fades into the page
