"""After the event: session summaries (PDF, XLSX, JSON) and the Appendix 7.1 partner report.

The one entry point the command line, the dashboard and the benchmarks use:

    write_summary(store, event_id_or_None, "pdf" | "xlsx" | "json", out)
    write_partner_report(store, "pdf" | "xlsx", out)

Counting happens in SQL (`storage.stats`), the arithmetic in `domain.kpi`, the drawing in
`printing.summary_pdf` / `exports.summary_xlsx` / `exports.summary_json`. Every file is written
0600 from its first byte (the XLSX holds the followers' personal data) and appears whole or not
at all.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lea_desktop import reference
from lea_desktop.domain import clock, kpi
from lea_desktop.domain.records import Event
from lea_desktop.exports import formats
from lea_desktop.exports.summary_model import PartnerReport, SummaryReport
from lea_desktop.formkit import Form, load_form
from lea_desktop.storage import Store, directory, events, settings, stats

SUMMARY_FORMATS = formats.SUMMARY
PARTNER_FORMATS = formats.PARTNER_REPORT

Progress = Callable[[int, int], None]  # (rows done, rows in all)


class ReportError(Exception):
    """A report cannot be made (unknown event, unwritable file); the message is for the user."""


def type_values(form: Form) -> tuple[str, ...]:
    return form.field(kpi.TYPES_FIELD).choice_values()


def summarise_tally(tally: kpi.Tally, form: Form | None = None) -> kpi.Summary:
    """The figures of a tally with this project's organisation types and Appendix 7.1 partners."""
    form = form or load_form()
    return kpi.summarise(
        tally,
        type_values=type_values(form),
        responsible_partners=reference.responsible_partners(),
    )


def _event_or_fail(store: Store, event_id: str) -> Event:
    event = events.get(store.db, event_id)
    if event is None:
        raise ReportError(f"No event with id {event_id}. See: lea-desktop events list")
    return event


def build_summary(
    store: Store, event_id: str | None, *, form: Form | None = None, consortium: bool = False
) -> SummaryReport:
    """Count one event's registrations (or all, `event_id=None`) and derive every figure;
    `consortium`: the whole consortium's followers (all events) from the directory."""
    form = form or load_form()
    if consortium:
        return build_consortium_summary(store, form=form)
    event = _event_or_fail(store, event_id) if event_id is not None else None
    with stats.read_snapshot(store.db):
        tally = stats.tally(store.db, event_id)
        count, first, last = stats.event_span(store.db)
    if event is not None:
        count, first, last = 1, event.starts, event.ends
    return SummaryReport(
        summary=summarise_tally(tally, form),
        event=event,
        events_counted=count,
        first_day=first,
        last_day=last,
        generated_at=clock.now().astimezone(),
        form=form,
    )


def consortium_tally(store: Store) -> kpi.Tally:
    """The consortium's followers counted from the directory (and this laptop's not synced)."""
    return directory.consortium_tally(
        store.db,
        country_field=kpi.COUNTRY_FIELD,
        types_field=kpi.TYPES_FIELD,
        interests_field=kpi.INTERESTS_FIELD,
        procurer=kpi.PROCURER,
        lea_network=kpi.LEA_NETWORK_INTEREST,
        this_laptop=str(settings.get(store.db, "staff.name") or "this laptop"),
    )


def build_consortium_summary(store: Store, *, form: Form | None = None) -> SummaryReport:
    """The summary of the whole consortium, as of the last sync (`docs/summary.md`)."""
    form = form or load_form()
    with stats.read_snapshot(store.db):
        tally = consortium_tally(store)
        count, first, last = directory.event_span(store.db)
        as_of = directory.synced_at(store.db)
    return SummaryReport(
        summary=summarise_tally(tally, form),
        event=None,
        events_counted=count,
        first_day=first,
        last_day=last,
        generated_at=clock.now().astimezone(),
        form=form,
        consortium=True,
        as_of=as_of,
    )


def write_summary(
    store: Store,
    event_id: str | None,
    fmt: str,
    out: Path | str,
    *,
    progress: Progress | None = None,
    consortium: bool = False,
) -> Path:
    """Write the session summary of one event (or all, None) as pdf, xlsx or json to `out`."""
    if fmt not in SUMMARY_FORMATS:
        raise ReportError(f"Unknown format {fmt!r}; one of: {', '.join(SUMMARY_FORMATS)}.")
    out = Path(out)
    if consortium and event_id is not None:
        raise ReportError("The consortium's summary covers all events: use --all.")
    if consortium and fmt == "xlsx":
        raise ReportError(
            "The consortium's summary has no follower list (the laptop holds no other laptop's "
            "personal data): use pdf or json."
        )
    report = build_summary(store, event_id, consortium=consortium)
    if fmt == "json":
        from lea_desktop.exports.summary_json import write_summary_json

        write_summary_json(report, out)
    elif fmt == "xlsx":
        from lea_desktop.exports.summary_xlsx import write_summary_xlsx

        rows = stats.follower_rows(store.db, event_id)
        write_summary_xlsx(
            report, rows, out, follower_count=report.summary.total, progress=progress
        )
    elif fmt == "pdf":
        from lea_desktop.printing.summary_pdf import write_summary_pdf

        write_summary_pdf(report, out)
    else:  # named in exports/formats.py without a writer here
        raise ReportError(f"No writer for the {fmt!r} summary.")
    return out


def build_partner_report(store: Store) -> PartnerReport:
    tally = stats.tally(store.db, None)
    summary = summarise_tally(tally)
    return PartnerReport(
        member_states=summary.member_states,
        partners=kpi.partner_rows(summary.member_states),
        summary=summary,
        generated_at=clock.now().astimezone(),
        others=kpi.other_country_rows(tally, reference.responsible_partners()),
    )


def write_partner_report(store: Store, fmt: str, out: Path | str) -> Path:
    """Write the Appendix 7.1 partner report (all events) as pdf or xlsx to `out`."""
    if fmt not in PARTNER_FORMATS:
        raise ReportError(f"Unknown format {fmt!r}; one of: {', '.join(PARTNER_FORMATS)}.")
    out = Path(out)
    report = build_partner_report(store)
    if fmt == "xlsx":
        from lea_desktop.exports.summary_xlsx import write_partner_xlsx

        write_partner_xlsx(report, out)
    elif fmt == "pdf":
        from lea_desktop.printing.summary_pdf import write_partner_pdf

        write_partner_pdf(report, out)
    else:  # named in exports/formats.py without a writer here
        raise ReportError(f"No writer for the {fmt!r} partner report.")
    return out
