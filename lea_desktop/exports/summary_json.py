"""The session summary as JSON: a documented contract (docs/summary.md) for other tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lea_desktop.exports.private_file import private_output

if TYPE_CHECKING:
    from lea_desktop.exports.summary_model import SummaryReport

SCHEMA_VERSION = 1


def summary_object(report: SummaryReport) -> dict[str, Any]:
    """`scope` and provenance first, then the figures (`Summary.to_json`)."""
    event = report.event
    return {
        "schema": "lea-desktop/session-summary",
        "schema_version": SCHEMA_VERSION,
        "generated_at": report.generated_at.isoformat(timespec="seconds"),
        "scope": {
            "event": None
            if event is None
            else {
                "id": event.id,
                "name": event.name,
                "city": event.city,
                "country": event.country,
                "starts": event.starts,
                "ends": event.ends,
            },
            "events_counted": report.events_counted,
            "first_day": report.first_day,
            "last_day": report.last_day,
            # Whose followers: "laptop" (this laptop's) or "consortium" (the directory as of
            # `as_of`, the end of the last sync, plus this laptop's not synced yet).
            "followers_of": "consortium" if report.consortium else "laptop",
            "as_of": report.as_of if report.consortium else None,
        },
        **report.summary.to_json(),
    }


def write_summary_json(report: SummaryReport, out: Path) -> None:
    text = json.dumps(summary_object(report), ensure_ascii=False, indent=2) + "\n"
    with private_output(out) as fh:
        fh.write(text.encode("utf-8"))
