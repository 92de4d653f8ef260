"""The one source of "now": UTC, ISO-8601. Tests replace `now` to move time (retention, sync)."""

from __future__ import annotations

import datetime as dt


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def now_iso() -> str:
    """Current UTC time as ISO-8601 with milliseconds, e.g. 2026-11-26T14:02:03.123Z."""
    return iso(now())


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def parse_iso(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def after(seconds: float) -> str:
    """The ISO time `seconds` from now (a lease's end, a retry's due time)."""
    return iso(now() + dt.timedelta(seconds=seconds))


def backoff(attempts: int, base: float, ceiling: float) -> float:
    """Seconds before attempt `attempts + 1` of something that failed: base, 2×base, 4×base …
    at most `ceiling`."""
    return min(base * 2 ** max(attempts - 1, 0), ceiling)


def today() -> dt.date:
    """Today's date in the laptop's local time zone (what staff at the stand call today)."""
    return dt.datetime.now().astimezone().date()


def date_span(starts: str, ends: str) -> str:
    """ "20–23 Jan 2027", "30 Jan – 2 Feb 2027", "2027-01-20" style input in, words out."""
    try:
        a, b = dt.date.fromisoformat(starts), dt.date.fromisoformat(ends)
    except ValueError:
        return " – ".join(x for x in (starts, ends) if x)
    if a == b:
        return f"{a.day} {a:%b %Y}"
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{b.day} {a:%b %Y}"
    if a.year == b.year:
        return f"{a.day} {a:%b} – {b.day} {b:%b %Y}"
    return f"{a.day} {a:%b %Y} – {b.day} {b:%b %Y}"
