"""The file formats the app writes, named once. The command line's `--format` choices
(`lea-desktop report summary|partner-report|export`, `lea-databank export`), the dashboard's
Export menu and the writers' dispatch (`usecases/reports.py`) all read them from here.

Adding a format: its writer (exports/ or printing/), its name below in each output it serves,
and its branch in the writer's dispatch; a test checks that every format named here has one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FileFormat:
    name: str  # what `--format` takes, and the file name's suffix: "xlsx"
    title: str  # in a menu: "Excel"
    file_type: str  # in a file dialog: "Excel workbook"

    @property
    def file_filter(self) -> str:
        """A file dialog's filter: "Excel workbook (*.xlsx)"."""
        return f"{self.file_type} (*.{self.name})"


FORMATS = {
    f.name: f
    for f in (
        FileFormat("pdf", "PDF", "PDF document"),
        FileFormat("xlsx", "Excel", "Excel workbook"),
        FileFormat("json", "JSON", "JSON file"),
        FileFormat("csv", "CSV", "CSV file"),
    )
}

# What each output can be written as, in the order they are offered.
SUMMARY = ("pdf", "xlsx", "json")  # the session summary (usecases/reports.py)
PARTNER_REPORT = ("pdf", "xlsx")  # the Appendix 7.1 partner report (usecases/reports.py)
RECORDS = ("csv", "json")  # the records themselves (exports/csv_export.py, databank/export.py)
# The consented followers in a mailing or CRM tool's import layout (exports/newsletter.py
# LAYOUTS, usecases/handover.py): CSV files; a test holds the two lists together.
MAILING = ("mailchimp", "hubspot", "brevo")
