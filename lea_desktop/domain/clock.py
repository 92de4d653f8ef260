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


def today() -> dt.date:
    """Today's date in the laptop's local time zone (what staff at the stand call today)."""
    return dt.datetime.now().astimezone().date()
