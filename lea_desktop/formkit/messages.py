"""The form engine's messages in the forms' languages (`resources/formkit/messages.toml`).

`screen_text(key, lang)` gives the form screen's own words (Save, the save hint, placeholders),
kept in the same file under `[screen.*]`.

`message(key, lang, **params)` fills a message in: `label` is passed as the field itself (its
label is then taken in `lang`), `country` as an ISO code (its name is then taken in `lang`),
numbers are written the way `lang` writes them. English is the fallback for a language a
message lacks, and is what imports, the command line and the databank report.

A message is a `Message`: a plain string to everything that shows, stores or sends it, that
can also say itself again in another language (`in_language`) — the form on screen does so
when the visitor switches language after a save was refused.
"""

from __future__ import annotations

import tomllib
from functools import cache
from typing import Any

from lea_desktop.paths import resource

FALLBACK = "en"


@cache
def _tables() -> dict[str, Any]:
    with open(resource("formkit", "messages.toml"), "rb") as fh:
        return tomllib.load(fh)


@cache
def catalog() -> dict[str, dict[str, str]]:
    """The messages about answers, by key, then language."""
    return {key: texts for key, texts in _tables().items() if key != "screen"}


def screen_catalog() -> dict[str, dict[str, str]]:
    """The form screen's own words (Save, the hints, placeholders), by key, then language."""
    return _tables()["screen"]


def screen_text(key: str, lang: str = FALLBACK, **params: Any) -> str:
    """One of the form screen's own words in `lang` (English when `lang` lacks it)."""
    texts = screen_catalog()[key]
    template = texts.get(lang) or texts[FALLBACK]
    return template.format(**{name: _shown(name, value, lang) for name, value in params.items()})


def attention_summary(count: int, lang: str = FALLBACK) -> str:
    """ "3 fields need attention." in `lang` (singular for one)."""
    if count == 1:
        return screen_text("one_field_needs_attention", lang)
    return screen_text("fields_need_attention", lang, count=count)


class Message(str):
    """The text of a message in one language, which knows how to say itself in another."""

    key: str
    params: dict[str, Any]

    def in_language(self, lang: str) -> Message:
        return message(self.key, lang, **self.params)

    def __reduce__(self) -> tuple[Any, ...]:
        # Across processes (databank and import workers) it travels as the plain text.
        return (str, (str(self),))


def message(key: str, lang: str = FALLBACK, **params: Any) -> Message:
    """The message `key` in `lang`, with its placeholders filled in (see the module docstring)."""
    texts = catalog()[key]
    template = texts.get(lang) or texts[FALLBACK]
    values = {name: _shown(name, value, lang) for name, value in params.items()}
    text = Message(template.format(**values))
    text.key, text.params = key, params
    return text


def _shown(name: str, value: Any, lang: str) -> str:
    if name == "label" and hasattr(value, "label"):
        return value.label(lang)
    if name == "country" and isinstance(value, str):
        from lea_desktop.domain.countries import country_name

        return country_name(value, lang)
    if isinstance(value, int) and not isinstance(value, bool):
        if lang == FALLBACK:
            return f"{value:,}"
        from babel.numbers import format_decimal  # the thousands separator of `lang`

        return format_decimal(value, locale=lang)
    return str(value)
