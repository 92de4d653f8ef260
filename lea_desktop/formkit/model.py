"""Form, field and choice definitions as read from a form's TOML file."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from lea_desktop.domain.search_fold import fold

FIELD_TYPES = frozenset(
    {
        "text",
        "longtext",
        "email",
        "phone",
        "country",
        "url",
        "choice",
        "multichoice",
        "consent",
        "date",
    }
)
MULTI_SEPARATOR = ";"
SUMMARY_SEPARATOR = " \u2022 "  # between the answers of a summary (lists, search text)


def pick(texts: dict[str, str], lang: str) -> str:
    """The text in `lang`, falling back to English, then to any text there is."""
    if not texts:
        return ""
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()))


@dataclass(frozen=True)
class Choice:
    value: str
    labels: dict[str, str]

    def label(self, lang: str = "en") -> str:
        return pick(self.labels, lang)


@dataclass(frozen=True)
class Field:
    id: str
    type: str
    labels: dict[str, str]
    helps: dict[str, str] = field(default_factory=dict)
    required: bool = False
    max_length: int | None = None
    min_choices: int = 0
    choices: tuple[Choice, ...] = ()
    searchable: bool = False
    personal: bool = False
    staff_only: bool = False
    listed: bool = False  # a column of the followers list even when neither searchable nor required
    consent: str | None = None  # consent purpose whose text this checkbox shows
    section: str = ""  # id of the form section the field belongs to (see Form.sections)

    def label(self, lang: str = "en") -> str:
        return pick(self.labels, lang)

    def help(self, lang: str = "en") -> str:
        return pick(self.helps, lang)

    @property
    def is_multi(self) -> bool:
        return self.type == "multichoice"

    def choice_values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)

    def empty_value(self) -> Any:
        if self.is_multi:
            return []
        if self.type == "consent":
            return False
        return ""


@dataclass(frozen=True)
class Form:
    id: str
    version: int
    kind: str
    languages: tuple[str, ...]
    titles: dict[str, str]
    intros: dict[str, str]
    fields: tuple[Field, ...]
    # Section id → title per language. A field with `section = "<id>"` starts that section; the
    # fields after it stay in it until the next one that names a section.
    sections: dict[str, dict[str, str]] = field(default_factory=dict)

    def section_title(self, section_id: str, lang: str = "en") -> str:
        return pick(self.sections.get(section_id, {}), lang)

    def title(self, lang: str = "en") -> str:
        return pick(self.titles, lang)

    def intro(self, lang: str = "en") -> str:
        return pick(self.intros, lang)

    def field(self, field_id: str) -> Field:
        for f in self.fields:
            if f.id == field_id:
                return f
        raise KeyError(field_id)

    def field_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.fields)

    @cached_property
    def field_id_set(self) -> frozenset[str]:
        """The field ids as a set, made once (validation looks every answer's key up in it)."""
        return frozenset(f.id for f in self.fields)

    @cached_property
    def searchable_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.fields if f.searchable)

    def summary(self, answers: dict[str, Any]) -> str:
        """The `searchable` answers, joined, as typed: how lists name a record."""
        return SUMMARY_SEPARATOR.join(str(answers.get(fid) or "") for fid in self.searchable_ids)

    def search_text(self, answers: dict[str, Any]) -> str:
        """What the filter box searches: the summary folded (no accents, lower case;
        `domain.search_fold`), so accents and case never decide a match.

        Folded answer by answer, which gives the same text as folding the joined summary:
        most answers are plain ASCII and take `fold`'s fast path, which the separator (not
        ASCII) would deny the whole summary. A databank folds every record it receives."""
        return SUMMARY_SEPARATOR.join(
            fold(str(answers.get(fid) or "")) for fid in self.searchable_ids
        )

    def personal_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.fields if f.personal)

    def consent_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.type == "consent")

    def public_fields(self) -> tuple[Field, ...]:
        """Fields a visitor fills in (the staff-only ones left out): kiosk and paper form."""
        return tuple(f for f in self.fields if not f.staff_only)

    def blank_answers(self) -> dict[str, Any]:
        return {f.id: f.empty_value() for f in self.fields}
