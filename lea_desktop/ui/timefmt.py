"""Stored UTC timestamps shown in the laptop's local time."""

from __future__ import annotations

import datetime as dt

from lea_desktop.domain import clock


def local_time(stamp: str, *, with_date: bool = True) -> str:
    """ "2027-01-22T13:03:00.000Z" → "22 Jan 2027 14:03" in local time ("" for no stamp)."""
    if not stamp:
        return ""
    try:
        moment = clock.parse_iso(stamp).astimezone()
    except ValueError:
        return stamp
    return f"{moment.day} {moment:%b %Y %H:%M}" if with_date else f"{moment:%H:%M}"


def local_sortable(stamp: str) -> str:
    """ "2027-01-22 14:03" in local time: compact, and sorts like the stamp."""
    if not stamp:
        return ""
    try:
        return f"{clock.parse_iso(stamp).astimezone():%Y-%m-%d %H:%M}"
    except ValueError:
        return stamp


def local_midnight_utc_iso() -> str:
    """The start of today (the laptop's local time) as a stored UTC timestamp."""
    start = dt.datetime.combine(clock.today(), dt.time()).astimezone()
    return clock.iso(start)
