"""Printed words that are not form labels (`resources/printing/strings.toml`), per language."""

from __future__ import annotations

import tomllib
from functools import cache
from typing import Any

from lea_desktop.formkit.model import pick
from lea_desktop.paths import resource


@cache
def _strings() -> dict[str, Any]:
    with open(resource("printing", "strings.toml"), "rb") as fh:
        return tomllib.load(fh)


def text(key: str, lang: str = "en") -> str:
    """The printed string `key` in `lang` (English when that language has none)."""
    return pick(_strings()[key], lang)


# The European variant of a language where CLDR's default is another continent's.
_LOCALES = {"en": "en_GB", "pt": "pt_PT"}


def locale(lang: str) -> str:
    return _LOCALES.get(lang, lang)


def format_date(day: str, lang: str = "en") -> str:
    """A date (YYYY-MM-DD) as people in `lang` write it: "30 Jan 2027", "30.1.2027"."""
    import datetime as dt

    from babel.dates import format_date as babel_format_date

    try:
        return babel_format_date(dt.date.fromisoformat(day), "medium", locale=locale(lang))
    except ValueError:
        return day


def format_dates(starts: str, ends: str, lang: str = "en") -> str:
    """An event's dates as people in `lang` write them: "12–15 Jan 2027", "12.–15. Jan. 2027"."""
    import datetime as dt

    from babel.dates import format_interval

    try:
        first, last = dt.date.fromisoformat(starts), dt.date.fromisoformat(ends)
    except ValueError:
        return " – ".join(x for x in (starts, ends) if x)
    if first == last:
        return format_date(starts, lang)
    return format_interval(first, last, "yMMMd", locale=locale(lang))
