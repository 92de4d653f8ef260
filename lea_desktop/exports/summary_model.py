"""What a session summary and the partner report say: the figures (`domain.kpi`) with where they
come from. Built by `usecases.reports`, drawn by `printing.summary_pdf`, `exports.summary_xlsx`
and `exports.summary_json`; it lives here, below the use cases, so the writers need nothing above
them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lea_desktop.domain import kpi
from lea_desktop.domain.clock import date_span
from lea_desktop.domain.countries import country_name
from lea_desktop.domain.records import Event
from lea_desktop.formkit import Form


@dataclass(frozen=True)
class SummaryReport:
    """A summary and what its pages say about where it comes from."""

    summary: kpi.Summary
    event: Event | None  # None: all events
    events_counted: int
    first_day: str  # of the events counted (ISO date, may be "")
    last_day: str
    generated_at: dt.datetime  # local time
    form: Form
    # The whole consortium's followers (the directory as of the last sync, UTC ISO time, plus
    # this laptop's not synced yet) rather than this laptop's: `consortium` True.
    consortium: bool = False
    as_of: str | None = None

    @property
    def title(self) -> str:
        if self.consortium:
            return f"Session summary — whole consortium ({self.as_of_text})"
        return (
            f"Session summary — {self.event.name}" if self.event else "Session summary — all events"
        )

    @property
    def as_of_text(self) -> str:
        return self.as_of_words(self.as_of)

    @staticmethod
    def as_of_words(as_of: str | None) -> str:
        """ "as of the last sync, 14:02" (local time; the date too when not today)."""
        if not as_of:
            return "no directory pulled yet"
        try:
            moment = dt.datetime.fromisoformat(as_of.replace("Z", "+00:00")).astimezone()
        except ValueError:
            return "as of the last sync"
        if moment.date() == dt.datetime.now().astimezone().date():
            return f"as of the last sync, {moment:%H:%M}"
        return f"as of the last sync, {moment:%Y-%m-%d %H:%M}"

    @property
    def subtitle(self) -> str:
        """Where and when: "London, United Kingdom · 20–23 Jan 2027"."""
        if self.event is not None:
            place = ", ".join(x for x in (self.event.city, country_name(self.event.country)) if x)
            return " · ".join(
                x for x in (place, date_span(self.event.starts, self.event.ends)) if x
            )
        if not self.events_counted:
            return "No events with followers yet"
        noun = "event" if self.events_counted == 1 else "events"
        return f"{self.events_counted} {noun} · {date_span(self.first_day, self.last_day)}"

    @property
    def generated_text(self) -> str:
        return f"Generated {self.generated_at:%Y-%m-%d %H:%M} (local time) by LEA Desktop"

    def type_label(self, value: str, lang: str = "en") -> str:
        """The form's label for an organisation type ("procurer" → "Procurer / policy maker")."""
        choice = self.form.field(kpi.TYPES_FIELD).choice(value)
        return choice.label(lang) if choice else value


@dataclass(frozen=True)
class PartnerReport:
    """Appendix 7.1: the member-state rows, their per-partner totals, and when it was made.
    `others`: followers from countries the appendix does not list, so that the rows add up to
    every follower (`total`, the summary's "followers in all")."""

    member_states: tuple[kpi.MemberStateRow, ...]
    partners: tuple[kpi.PartnerRow, ...]
    summary: kpi.Summary
    generated_at: dt.datetime
    others: tuple[kpi.MemberStateRow, ...] = ()

    @property
    def rows(self) -> tuple[kpi.MemberStateRow, ...]:
        """Every country row: the appendix's, then the others."""
        return self.member_states + self.others

    title = "Report on LEA-N participation (Appendix 7.1)"

    @property
    def generated_text(self) -> str:
        return f"Generated {self.generated_at:%Y-%m-%d %H:%M} (local time) by LEA Desktop"
