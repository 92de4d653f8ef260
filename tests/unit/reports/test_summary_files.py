"""The session summary and partner report files (JSON, XLSX, PDF) read back and checked figure by
figure against the seed-like fixture; PDFs are also rendered to images."""

from __future__ import annotations

import datetime as dt
import json
import stat
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from lea_desktop import reference
from lea_desktop.formkit import load_form
from lea_desktop.usecases import reports


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _pdf_lines(path: Path) -> list[str]:
    lines: list[str] = []
    for page in PdfReader(path).pages:
        lines += [line.strip() for line in page.extract_text().splitlines() if line.strip()]
    return lines


def _follows(lines: list[str], *seq: str) -> bool:
    """True when `seq` appears as consecutive lines."""
    n = len(seq)
    return any(tuple(lines[i : i + n]) == seq for i in range(len(lines) - n + 1))


def _render(path: Path, tmp_path: Path) -> list[Path]:
    prefix = tmp_path / path.stem
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(path), str(prefix)], check=True)
    pages = sorted(tmp_path.glob(f"{path.stem}-*.png"))
    assert pages and all(p.stat().st_size > 2000 for p in pages)
    return pages


def test_json_summary_of_one_event(seeded, tmp_path):
    """Every key of the JSON contract holds the fixture's figure; the file is private."""
    out = tmp_path / "bett.json"
    reports.write_summary(seeded["store"], seeded["a"].id, "json", out)
    assert _mode(out) == 0o600
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "lea-desktop/session-summary" and data["schema_version"] == 1
    assert data["scope"]["event"]["name"] == "BETT 2027"
    assert data["scope"]["event"]["starts"] == "2027-01-20"
    assert data["total"] == 96
    assert data["by_type"] == {"procurer": 33, "school": 42, "supplier": 30, "expert": 10}
    assert data["by_country"] == {"FI": 88, "DE": 3, "PT": 2, "HR": 1, "NO": 1, "US": 1}
    assert list(data["by_country"]) == ["FI", "DE", "PT", "HR", "NO", "US"]
    assert data["by_day"] == {"2027-01-20": 48, "2027-01-21": 48}
    assert data["eu_member_states_covered"] == ["DE", "FI", "HR", "PT"]
    missing = data["eu_member_states_missing"]
    assert len(missing) == 23
    assert missing[0] == {"country": "AT", "responsible_partner": "ENTER"}
    assert {"country": "BG", "responsible_partner": "INNOVA"} in missing
    assert {
        "country": "SE",
        "responsible_partner": "Gothenburg Region and Halmstad Municipality",
    } in missing
    assert data["procurer_share"] == round(33 / 96, 4) == 0.3438
    assert data["supplier_share"] == round(30 / 96, 4) == 0.3125
    assert data["lea_network_candidates"] == 14
    assert data["letters_of_intent"] == {"offered": 9, "signed": 4, "awaiting_signature": 5}
    assert data["assistance_requests"] == 2
    assert data["records_by_kind"] == {"follower": 96, "assistance_request": 2}
    assert data["collected_by"] == {"Anna": 50, "Ben": 38, "(not recorded)": 8}
    assert data["lea_n_member_states"] == ["DE", "FI", "HR"]
    assert [(k["key"], k["value"], k["target"], k["met"]) for k in data["kpis"]] == [
        ("lea_n_member_states", 3, 15, False),
        ("procurers", 33, 25, True),
        ("schools", 42, 30, True),
    ]


def test_json_summary_of_all_events(seeded, tmp_path):
    """--all: no event in the scope, both events counted."""
    out = tmp_path / "all.json"
    reports.write_summary(seeded["store"], None, "json", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["scope"]["event"] is None
    assert data["scope"]["events_counted"] == 2
    assert (data["scope"]["first_day"], data["scope"]["last_day"]) == ("2027-01-20", "2027-09-15")
    assert data["total"] == 98 and data["by_country"]["SE"] == 1 and data["by_country"]["FI"] == 89


def _rows(ws) -> list[tuple]:
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def _find(rows: list[tuple], first: str) -> tuple:
    return next(r for r in rows if r and r[0] == first)


def test_xlsx_summary_numbers_are_numbers(seeded, tmp_path):
    """The Summary, By country and By day sheets hold numbers (not text), shares as percent
    cells and dates as dates, with the fixture's values."""
    out = tmp_path / "bett.xlsx"
    reports.write_summary(seeded["store"], seeded["a"].id, "xlsx", out)
    assert _mode(out) == 0o600
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Summary", "By country", "By day", "Followers"]
    ws = wb["Summary"]
    rows = _rows(ws)
    assert rows[0][0] == "Session summary — BETT 2027"
    assert _find(rows, "Followers")[1] == 96
    assert isinstance(_find(rows, "Followers")[1], int)
    assert _find(rows, "Procurers")[1] == 33 and _find(rows, "Suppliers")[1] == 30
    share = next(c for c in ws["B"] if ws.cell(c.row, 1).value == "Share of procurers")
    assert share.data_type == "n" and share.value == pytest.approx(33 / 96)
    assert "%" in share.number_format
    assert _find(rows, "EU member states with followers (of 27)")[1] == 4
    assert _find(rows, "LEA-N candidates (procurers interested in LEA-N)")[1] == 14
    assert _find(rows, "Letters of intent offered")[1] == 9
    assert _find(rows, "Letters of intent signed")[1] == 4
    assert _find(rows, "Assistance requests")[1] == 2
    assert _find(rows, "LEA-N members from 15 member states")[1:3] == (3, 15)
    assert _find(rows, "25 procurers")[1:3] == (33, 25)
    assert _find(rows, "30 schools")[1:3] == (42, 30)
    assert _find(rows, "Procurer / policy maker")[1] == 33
    assert _find(rows, "Learntech expert")[1] == 10
    assert _find(rows, "Bulgaria")[1:4] == ("BG", None, "INNOVA")
    assert _find(rows, "Anna")[1] == 50 and _find(rows, "(not recorded)")[1] == 8

    countries = _rows(wb["By country"])
    assert countries[0] == ("Country", "Code", "EU member state", "Followers")
    assert countries[1] == ("Finland", "FI", "yes", 88)
    assert ("Croatia", "HR", "yes", 1) in countries and ("Norway", "NO", "no", 1) in countries
    days = _rows(wb["By day"])
    assert days[1:] == [(dt.datetime(2027, 1, 20), 48), (dt.datetime(2027, 1, 21), 48)]
    assert wb["By day"]["A2"].is_date


def test_xlsx_followers_sheet_follows_the_form(seeded, tmp_path):
    """One row per follower, the form's fields as columns (labels), purged answers blank,
    registration times as dates, column widths set, header frozen."""
    out = tmp_path / "bett.xlsx"
    reports.write_summary(seeded["store"], seeded["a"].id, "xlsx", out)
    ws = openpyxl.load_workbook(out)["Followers"]
    rows = _rows(ws)
    form = load_form()
    header = rows[0]
    assert header[:2] == ("Event", "Registered")
    assert header[2 : 2 + len(form.fields)] == tuple(f.label("en") for f in form.fields)
    assert header[2 + len(form.fields) :] == (
        "Collected by", "Source", "Letter of intent", "Letter of intent date", "Purged",
        "Consent version", "Consent text SHA-256", "Consent purposes", "Consent given at (UTC)",
        "Consent device",
    )  # fmt: skip
    assert len(rows) == 1 + 96
    col = {name: i for i, name in enumerate(header)}
    first = rows[1]
    assert first[col["Event"]] == "BETT 2027"
    assert first[col["Registered"]] == dt.datetime(2027, 1, 20, 9, 0)
    assert first[col["Organisation"]] == "Organisation FI 0"
    assert first[col["Country"]] == "Finland"
    assert first[col["Type of organisation"]] == "Procurer / policy maker"
    assert first[col["Letter of intent"]] == "signed"
    assert first[col["Collected by"]] == "Anna"
    purged = next(r for r in rows[1:] if r[col["Purged"]])
    assert purged[col["Purged"]] == "2027-03-01"
    assert purged[col["Country"]] == "Portugal"
    assert purged[col["Contact name"]] is None and purged[col["Email"]] is None
    assert ws.freeze_panes == "C2"
    assert ws.column_dimensions["A"].width == 24
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(header)).column_letter}97"


def test_xlsx_text_is_never_a_formula(store, event, good_answers, tmp_path):
    """An organisation typed as a formula is stored as text, unchanged, flagged quote-prefix."""
    from lea_desktop.usecases import followers

    evil = '=HYPERLINK("http://evil.example","click")'
    answers = dict(good_answers, organisation=evil, city="+1 & <b>", notes="-2\r\nline")
    assert followers.save_new(store, answers, event_id=event.id).ok
    out = tmp_path / "evil.xlsx"
    reports.write_summary(store, event.id, "xlsx", out)
    with zipfile.ZipFile(out) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in z.read(n) for n in sheets)
    ws = openpyxl.load_workbook(out)["Followers"]
    header = [c.value for c in ws[1]]
    org = ws.cell(2, header.index("Organisation") + 1)
    assert org.value == evil and org.data_type == "s" and org.quotePrefix
    city = ws.cell(2, header.index("City") + 1)
    assert city.value == "+1 & <b>" and city.data_type == "s"
    notes = (
        ws.cell(2, header.index("Notes (staff only)") + 1)
        if "Notes (staff only)" in header
        else None
    )
    if notes is not None:
        assert notes.value.startswith("-2") and notes.data_type == "s"


def test_pdf_summary_says_every_figure(seeded, tmp_path):
    """The PDF's text holds the title, dates, key figures, targets, the country table (Finland
    88, Croatia 1), the missing member states with partners and the collectors; it renders."""
    out = tmp_path / "bett.pdf"
    reports.write_summary(seeded["store"], seeded["a"].id, "pdf", out)
    assert _mode(out) == 0o600
    lines = _pdf_lines(out)
    assert "Session summary — BETT 2027" in lines
    assert "London, United Kingdom · 20–23 Jan 2027" in lines
    assert _follows(lines, "96", "followers")
    assert _follows(lines, "33", "procurers · 34 % of")
    assert _follows(lines, "30", "suppliers · 31 % of")
    assert _follows(lines, "42", "schools")
    assert _follows(lines, "4 / 27", "EU member states with")
    assert _follows(lines, "14", "LEA-N candidates")
    assert _follows(lines, "4 / 9", "letters of intent signed /")
    assert _follows(lines, "2", "assistance requests")
    assert "3 / 15 member states" in lines
    assert "33 / 25 procurers  ✓ met" in lines and "42 / 30 schools  ✓ met" in lines
    for text in ("42 (44 %)", "33 (34 %)", "30 (31 %)", "10 (10 %)"):
        assert text in lines
    assert _follows(lines, "Finland (FI)", "88")
    assert _follows(lines, "Croatia (HR)", "1")
    assert "23 of 27 EU member states have no follower yet (Appendix 7.1 names the partner "
    assert _follows(lines, "Bulgaria (BG)", "INNOVA")
    assert _follows(lines, "Slovenia (SI)", "University of Oulu")
    assert _follows(lines, "Anna", "50", "52 %")
    assert _follows(lines, "(not recorded)", "8", "8 %")
    assert "New followers per day" in lines
    assert _render(out, tmp_path)


def test_pdf_summary_with_no_followers(store, event, tmp_path):
    """An event without followers still gives a readable summary that says so."""
    out = tmp_path / "empty.pdf"
    reports.write_summary(store, event.id, "pdf", out)
    lines = _pdf_lines(out)
    assert "No followers have been registered here yet." in lines
    assert _follows(lines, "0", "followers")
    assert (
        "27 of 27 EU member states have no follower yet (Appendix 7.1 names the partner"
        in " ".join(lines)
        or any("27 of 27" in line for line in lines)
    )
    _render(out, tmp_path)


def test_partner_report_xlsx(seeded, tmp_path):
    """Appendix 7.1 as a workbook: 27 member states in the table's order, then Norway, with
    partner, followers, procurers, LEA-N identified and committed; totals; per partner."""
    out = tmp_path / "partners.xlsx"
    reports.write_partner_report(seeded["store"], "xlsx", out)
    assert _mode(out) == 0o600
    wb = openpyxl.load_workbook(out)
    rows = _rows(wb["Member states"])
    assert rows[3] == ("#", "Member state", "Code", "Responsible LEA partner", "Followers",
                       "Procurers", "LEA-N identified", "LEA-N committed")  # fmt: skip
    body = rows[4:32]
    assert [r[0] for r in body] == list(range(1, 29))
    by_code = {r[2]: r for r in body}
    assert body[0][1:4] == ("Austria", "AT", "ENTER")
    assert body[3][2] == "HR"  # Croatia is 4th, as in the seed's table
    assert by_code["FI"][3:] == ("Konnevesi Municipality", 89, 30, 12, 3)
    assert by_code["HR"][4:] == (1, 1, 1, 0)
    assert by_code["DE"][4:] == (3, 0, 0, 1)
    assert by_code["SE"][4:] == (1, 1, 1, 1)
    assert by_code["BG"][3:] == ("INNOVA", 0, 0, 0, 0)
    assert body[-1][1:4] == ("Norway (EEA)", "NO", "EUPK") and body[-1][4:] == (1, 1, 1, 0)
    assert by_code["SE"][3] == "Gothenburg Region and Halmstad Municipality"
    # the appendix's subtotal, the follower from the US (not in the appendix), and a total
    # that is every follower, as the summary's "followers in all" says
    assert rows[32][1] == "Subtotal" and rows[32][4:] == (97, 34, 15, 5)
    assert rows[33][1:] == ("United States", "US", "outside Appendix 7.1", 1, 0, 0, 0)
    total = rows[34]
    assert total[1] == "Total" and total[4:] == (98, 34, 15, 5)
    sheet = [r for r in _rows(wb["Partners"])[1:] if r and r[0]]
    partners = {r[0]: r for r in sheet if isinstance(r[2], int)}
    assert partners["OVGU"][1:] == ("DE, RO", 1, 3, 0, 0, 1)
    assert partners["ENTER"][1:] == ("AT, GR, MT, SK", 0, 0, 0, 0, 0)
    # every partner row is a consortium partner by its own name: Sweden's two partners are
    # not a third organisation "Gothenburg Region, Halmstad"
    assert set(partners) <= set(reference.partners())
    assert partners["Gothenburg Region"][1:4] == ("SE", 1, 1)
    assert partners["Halmstad Municipality"][1:4] == ("IE, SE", 1, 1)
    assert sheet[-1][0].startswith("Shared: Sweden by Gothenburg Region and Halmstad Municipality")


def test_partner_report_pdf(seeded, tmp_path):
    """The partner report PDF lists every member state with its partner and figures."""
    out = tmp_path / "partners.pdf"
    reports.write_partner_report(seeded["store"], "pdf", out)
    assert _mode(out) == 0o600
    lines = _pdf_lines(out)
    assert "Report on LEA-N participation (Appendix 7.1)" in lines
    assert _follows(lines, "9", "Finland", "Konnevesi Municipality", "89", "30", "12", "3")
    assert _follows(lines, "4", "Croatia", "University of Jyväskylä", "1", "1", "1", "0")
    assert _follows(lines, "3", "Bulgaria", "INNOVA", "0", "0", "0", "0")
    assert _follows(lines, "28", "Norway (EEA)", "EUPK", "1", "1", "1", "0")
    assert _follows(lines, "Subtotal", "EU-27 and Norway", "97", "34", "15", "5")
    assert _follows(lines, "United States", "outside Appendix 7.1", "1", "0", "0", "0")
    assert _follows(lines, "Total", "All countries", "98", "34", "15", "5")
    text = " ".join(lines)
    assert "Followers in all: 98" in text
    assert "1 follower comes from countries outside Appendix 7.1 (United States)" in text
    assert "Gothenburg Region, Halmstad" not in text
    assert "Gothenburg Region and Halmstad Municipality" in text
    assert "Per responsible partner" in lines
    _render(out, tmp_path)


def test_unknown_event_and_unwritable_file(seeded, tmp_path):
    """Plain errors: an unknown event id, a folder given as the file, a missing folder."""
    store = seeded["store"]
    with pytest.raises(reports.ReportError, match="No event with id nope"):
        reports.write_summary(store, "nope", "json", tmp_path / "x.json")
    with pytest.raises(reports.ReportError, match="Unknown format"):
        reports.write_summary(store, None, "docx", tmp_path / "x.docx")
    with pytest.raises(IsADirectoryError):
        reports.write_summary(store, None, "pdf", tmp_path)
    with pytest.raises(FileNotFoundError):
        reports.write_summary(store, None, "xlsx", tmp_path / "no" / "x.xlsx")
    assert not list(tmp_path.glob(".*.partial"))


def test_xlsx_failure_leaves_nothing_behind(seeded, tmp_path):
    """A failure half-way (here: the rows source breaks) leaves no output, no partial file and no
    openpyxl temporary file with followers' data in it."""
    from openpyxl.worksheet._writer import ALL_TEMP_FILES

    from lea_desktop.exports.summary_xlsx import write_summary_xlsx
    from lea_desktop.storage import stats

    store = seeded["store"]
    report = reports.build_summary(store, None)
    before = set(ALL_TEMP_FILES)

    def broken_rows():
        for n, row in enumerate(stats.follower_rows(store.db)):
            if n == 10:
                raise RuntimeError("disk went away")
            yield row

    out = tmp_path / "broken.xlsx"
    with pytest.raises(RuntimeError):
        write_summary_xlsx(report, broken_rows(), out, follower_count=98)
    assert not out.exists() and not list(tmp_path.glob(".*partial"))
    assert set(ALL_TEMP_FILES) == before
    assert all(Path(p).exists() for p in before)


def test_xlsx_reports_progress(seeded, tmp_path):
    """The followers sheet reports progress, ending at the total."""
    seen: list[tuple[int, int]] = []
    reports.write_summary(
        seeded["store"],
        None,
        "xlsx",
        tmp_path / "p.xlsx",
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen[-1] == (98, 98)


def test_every_format_the_registry_names_has_a_writer(store, event, tmp_path, monkeypatch):
    """Each summary and partner-report format of exports/formats.py writes a file; a format
    named there without a writer is an error, never a file of another kind."""
    from lea_desktop.exports import formats

    for fmt in formats.SUMMARY:
        out = reports.write_summary(store, event.id, fmt, tmp_path / f"s.{fmt}")
        assert out.stat().st_size > 0
    for fmt in formats.PARTNER_REPORT:
        out = reports.write_partner_report(store, fmt, tmp_path / f"p.{fmt}")
        assert out.stat().st_size > 0
    monkeypatch.setattr(reports, "SUMMARY_FORMATS", (*formats.SUMMARY, "odt"))
    with pytest.raises(reports.ReportError, match="odt"):
        reports.write_summary(store, event.id, "odt", tmp_path / "s.odt")
    assert not (tmp_path / "s.odt").exists()
