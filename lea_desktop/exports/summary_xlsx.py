"""The session summary and the partner report as XLSX (openpyxl, write-only mode).

Summary workbook: "Summary" (key figures, Table 7 targets, types, missing member states, who
collected), "By country", "By day", and "Followers" (one row per follower, the columns of the
form definition). Numbers are numbers, dates are dates, shares are percentages: a reader can
sum, sort and chart them. Text is never a formula (`xlsx_stream`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook

from lea_desktop.domain import kpi
from lea_desktop.domain.countries import country_name, country_names, is_eu_member_state
from lea_desktop.exports.private_file import private_output
from lea_desktop.exports.xlsx_stream import Styled, add_fast_sheet, discard, save_fast, style_id
from lea_desktop.formkit import Field, Form

if TYPE_CHECKING:
    from lea_desktop.exports.summary_model import PartnerReport, SummaryReport

EXCEL_EPOCH_JD = 2415018.5  # Julian day of 1899-12-30, day 0 of Excel's (1900) date system
EXCEL_EPOCH = dt.date(1899, 12, 30)
PROGRESS_EVERY = 5000

# Column widths (characters) for the followers sheet, by field type.
_WIDTHS = {
    "text": 28, "longtext": 40, "email": 30, "phone": 18, "country": 18, "url": 28,
    "choice": 20, "multichoice": 34, "consent": 10, "date": 12,
}  # fmt: skip


class _Styles:
    def __init__(self, wb: Workbook) -> None:
        self.title = style_id(wb, bold=True)
        self.bold = style_id(wb, bold=True)
        self.percent = style_id(wb, number_format="0.0%")
        self.date = style_id(wb, number_format="yyyy-mm-dd")
        self.datetime = style_id(wb, number_format="yyyy-mm-dd hh:mm")


def _widths(ws: Any, widths: Sequence[float]) -> None:
    from openpyxl.utils import get_column_letter

    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def excel_date(day: str) -> int | str:
    """An ISO date as Excel's day number (shown as a date with the date style)."""
    try:
        return (dt.date.fromisoformat(day) - EXCEL_EPOCH).days
    except ValueError:
        return day


def _header(ws: Any, st: _Styles, *names: str) -> None:
    ws.append([Styled(n, st.bold) for n in names])


def _summary_sheet(wb: Workbook, st: _Styles, report: SummaryReport) -> None:
    s = report.summary
    ws = add_fast_sheet(wb, "Summary")
    _widths(ws, (46, 16, 16, 30))
    ws.append([Styled(report.title, st.title)])
    ws.append([report.subtitle])
    ws.append([report.generated_text])
    ws.append([])
    _header(ws, st, "Key figure", "Value")
    eu_total = len(s.eu_member_states_covered) + len(s.eu_member_states_missing)
    for label, value in (
        ("Followers", s.total),
        ("Procurers", s.procurers),
        ("Suppliers", s.suppliers),
        ("Share of procurers", Styled(s.procurer_share, st.percent)),
        ("Share of suppliers", Styled(s.supplier_share, st.percent)),
        (f"EU member states with followers (of {eu_total})", len(s.eu_member_states_covered)),
        ("EU member states without followers", len(s.eu_member_states_missing)),
        ("LEA-N candidates (procurers interested in LEA-N)", s.lea_network_candidates),
        ("Letters of intent offered", s.letters_offered),
        ("Letters of intent signed", s.letters_signed),
        ("Assistance requests", s.assistance_requests),
    ):
        ws.append([label, value])
    ws.append([])
    _header(ws, st, "Table 7 target", "Now", "Target", "Progress")
    for k in s.kpis:
        ws.append([k.label, k.value, k.target, Styled(k.fraction, st.percent)])
    ws.append([])
    _header(ws, st, "Followers by type (one may tick several)", "Followers", "Share")
    for value, n in s.by_type.items():
        ws.append([report.type_label(value), n, Styled(kpi.share(n, s.total), st.percent)])
    ws.append([])
    _header(ws, st, "EU member states without followers", "Code", "", "Responsible partner")
    for code, partner in s.eu_member_states_missing:
        ws.append([country_name(code), code, None, partner])
    if not s.eu_member_states_missing:
        ws.append(["(none: every EU member state has a follower)"])
    ws.append([])
    _header(ws, st, "Collected by", "Followers")
    for name, n in s.collected_by.items():
        ws.append([name, n])


def _country_sheet(wb: Workbook, st: _Styles, report: SummaryReport) -> None:
    ws = add_fast_sheet(wb, "By country")
    _widths(ws, (24, 8, 18, 12))
    ws.freeze_panes = "A2"
    _header(ws, st, "Country", "Code", "EU member state", "Followers")
    for code, n in report.summary.by_country.items():
        ws.append([country_name(code), code, "yes" if is_eu_member_state(code) else "no", n])


def _day_sheet(wb: Workbook, st: _Styles, report: SummaryReport) -> None:
    ws = add_fast_sheet(wb, "By day")
    _widths(ws, (14, 14))
    ws.freeze_panes = "A2"
    _header(ws, st, "Date", "New followers")
    for day, n in report.summary.by_day.items():
        ws.append([Styled(excel_date(day), st.date), n])


def _converter(f: Field) -> Callable[[Any], Any] | None:
    """How one answer shows in a cell: choice labels, country names, yes/no; None for text
    shown as typed (the hot loop then skips a call)."""
    if f.is_multi:
        labels = {c.value: c.label("en") for c in f.choices}
        joined: dict[tuple, str] = {}  # few distinct combinations: join each once

        def multi(v: Any) -> str | None:
            if not v:
                return None
            key = tuple(v)
            text = joined.get(key)
            if text is None:
                text = joined[key] = "; ".join(labels.get(x, str(x)) for x in key)
            return text

        return multi
    if f.type == "choice":
        labels = {c.value: c.label("en") for c in f.choices}
        return lambda v: labels.get(v, str(v)) if v else None
    if f.type == "consent":
        return lambda v: "yes" if v is True else "no"
    if f.type == "country":
        names = country_names("en")
        return lambda v: names.get(v, v) if v else None
    if f.type in ("text", "longtext", "email", "phone", "url"):
        return None
    return lambda v: (v if isinstance(v, str) else str(v)) if v not in (None, "") else None


# The consent proof, as the CSV export has it (docs/privacy.md): (key in the record, width).
_CONSENT = (("version", 30), ("text_sha256", 66), ("purposes", 14), ("given_at", 25),
            ("device_id", 38))  # fmt: skip
CONSENT_COLUMNS = ["Consent version", "Consent text SHA-256", "Consent purposes",
                   "Consent given at (UTC)", "Consent device"]  # fmt: skip


def _consent_cells(consent_json: str | None) -> list[Any]:
    if not consent_json:
        return [None] * len(_CONSENT)
    consent = json.loads(consent_json)
    cells = [consent.get(key) for key, _w in _CONSENT]
    cells[2] = "; ".join(cells[2] or []) or None
    return cells


def _followers_sheet(
    wb: Workbook,
    st: _Styles,
    form: Form,
    rows: Iterable[tuple],
    total: int,
    progress: Callable[[int, int], None] | None,
) -> int:
    ws = add_fast_sheet(wb, "Followers")
    fields = form.fields
    names = ["Event", "Registered", *(f.label("en") for f in fields)]
    names += ["Collected by", "Source", "Letter of intent", "Letter of intent date", "Purged"]
    names += CONSENT_COLUMNS
    _widths(ws, (24, 17, *(_WIDTHS.get(f.type, 20) for f in fields), 16, 9, 14, 14, 12,
                 *(w for _k, w in _CONSENT)))  # fmt: skip
    ws.freeze_panes = "C2"
    _header(ws, st, *names)
    convert = [(f.id, _converter(f)) for f in fields]
    stamp = st.datetime
    loads = json.loads
    count = 0
    append = ws.append
    for (event_name, local_jd, answers_json, collected_by, source, loi, loi_date, purged,
         consent_json) in rows:  # fmt: skip
        get = loads(answers_json).get
        cells = [
            event_name,
            Styled(local_jd - EXCEL_EPOCH_JD, stamp) if local_jd is not None else None,
        ]
        cells += [fn(get(fid)) if fn else (get(fid) or None) for fid, fn in convert]
        cells += [collected_by, source, loi, loi_date, (purged or "")[:10]]
        cells += _consent_cells(consent_json)
        append(cells)
        count += 1
        if progress and count % PROGRESS_EVERY == 0:
            progress(count, total)
    from openpyxl.utils import get_column_letter

    ws.auto_filter.ref = f"A1:{get_column_letter(len(names))}{count + 1}"
    if progress:
        progress(count, total)
    return count


def write_summary_xlsx(
    report: SummaryReport,
    rows: Iterable[tuple],
    out: Path,
    *,
    follower_count: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the summary workbook; `rows` are `storage.stats.follower_rows`. Returns rows written."""
    written = 0

    def build(wb: Workbook) -> None:
        nonlocal written
        st = _Styles(wb)
        _summary_sheet(wb, st, report)
        _country_sheet(wb, st, report)
        _day_sheet(wb, st, report)
        written = _followers_sheet(wb, st, report.form, rows, follower_count, progress)

    _write_workbook(out, build)
    return written


def write_partner_xlsx(report: PartnerReport, out: Path) -> None:
    """Appendix 7.1 as a workbook: "Member states" (one row each, and Norway) and "Partners"."""
    _write_workbook(out, lambda wb: _partner_sheets(wb, report))


def _partner_sheets(wb: Workbook, report: PartnerReport) -> None:
    st = _Styles(wb)
    ws = add_fast_sheet(wb, "Member states")
    _widths(ws, (5, 20, 8, 30, 11, 11, 15, 15))
    ws.freeze_panes = "A5"
    ws.append([Styled(report.title, st.title)])
    ws.append([report.generated_text + " · all events"])
    ws.append([])
    _header(
        ws, st, "#", "Member state", "Code", "Responsible LEA partner", "Followers", "Procurers",
        "LEA-N identified", "LEA-N committed",
    )  # fmt: skip
    for i, r in enumerate(report.member_states, start=1):
        name = country_name(r.country) + ("" if r.is_eu else " (EEA)")
        ws.append(
            [i, name, r.country, r.responsible_partner, r.followers, r.procurers,
             r.lea_n_identified, r.lea_n_committed]
        )  # fmt: skip

    def total(label: str, scope: str, rows: Any) -> None:
        ws.append(
            [None, Styled(label, st.bold), None, scope, sum(r.followers for r in rows),
             sum(r.procurers for r in rows), sum(r.lea_n_identified for r in rows),
             sum(r.lea_n_committed for r in rows)]
        )  # fmt: skip

    if report.others:  # the appendix's subtotal, then every other country, then all
        total("Subtotal", "EU-27 and Norway", report.member_states)
        for r in report.others:
            name = country_name(r.country) if r.country else "Country not given"
            ws.append(
                [None, name, r.country, "outside Appendix 7.1", r.followers, r.procurers,
                 r.lea_n_identified, r.lea_n_committed]
            )  # fmt: skip
        total("Total", "All countries", report.rows)
    else:
        total("Total", "EU-27 and Norway", report.member_states)
    ws.append([])
    ws.append(["LEA-N identified: procurers who chose the LEA-N interest (LEA-N candidates)."])
    ws.append(["LEA-N committed: followers who signed a letter of intent."])

    ws = add_fast_sheet(wb, "Partners")
    _widths(ws, (30, 40, 14, 11, 11, 15, 15))
    ws.freeze_panes = "A2"
    _header(
        ws, st, "Responsible LEA partner", "Member states", "With followers", "Followers",
        "Procurers", "LEA-N identified", "LEA-N committed",
    )  # fmt: skip
    for p in report.partners:
        ws.append(
            [p.partner, ", ".join(p.countries), p.countries_covered, p.followers, p.procurers,
             p.lea_n_identified, p.lea_n_committed]
        )  # fmt: skip
    note = kpi.shared_note(report.member_states, country_name)
    if note:
        ws.append([])
        ws.append([note])


def _write_workbook(out: Path, build: Callable[[Workbook], None]) -> None:
    """Open the private output first (a bad path fails before any work), build, save; on any
    error or cancel the half-built workbook's temporary files are deleted at once."""
    with private_output(out) as fh:
        wb = Workbook(write_only=True)
        try:
            build(wb)
            save_fast(wb, fh)
        except BaseException:
            discard(wb)
            raise
