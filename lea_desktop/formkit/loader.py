"""Reading form definitions from `forms/<id>.toml`, and the released earlier versions of a form
from `forms/versions/<id>.v<N>.toml` (kept so a databank can check records of laptops not
updated yet against the definition they were entered with)."""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from lea_desktop import reference
from lea_desktop.formkit.model import FIELD_TYPES, Choice, Field, Form
from lea_desktop.paths import forms_dir


def _partner_choices(languages: tuple[str, ...]) -> tuple[Choice, ...]:
    """The consortium partners (resources/reference/partners.toml): a name is its own label in
    every language."""
    return tuple(Choice(name, dict.fromkeys(languages, name)) for name in reference.partners())


# `choices_from = "<name>"` in a form: choices kept in reference data rather than the form file.
CHOICE_SOURCES: dict[str, Callable[[tuple[str, ...]], tuple[Choice, ...]]] = {
    "partners": _partner_choices
}


class FormDefinitionError(ValueError):
    """A form file is malformed: a programming error caught by the tests, not a user error."""


def available_forms() -> list[str]:
    return sorted(p.stem for p in forms_dir().glob("*.toml"))


@cache
def load_form(form_id: str = "follower_signup") -> Form:
    return parse_form(forms_dir() / f"{form_id}.toml")


def released_versions(form_id: str) -> dict[int, Path]:
    """Version number → definition file of every earlier version of a form that was released."""
    found: dict[int, Path] = {}
    for path in (forms_dir() / "versions").glob(f"{form_id}.v*.toml"):
        number = path.name[len(form_id) + 2 : -len(".toml")]
        if number.isdigit():
            found[int(number)] = path
    return found


@cache
def load_form_version(form_id: str, version: int) -> Form | None:
    """The definition of `form_id` at `version`: the current one, a released earlier one from
    `forms/versions/`, or None when this install was never given that version."""
    current = load_form(form_id)
    if version == current.version:
        return current
    path = released_versions(form_id).get(version)
    if path is None:
        return None
    form = parse_form(path)
    if form.id != form_id or form.version != version:
        raise FormDefinitionError(f"{path.name}: holds form {form.id} version {form.version}")
    return form


def parse_form(path: Path) -> Form:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    head = data.get("form") or {}
    languages = tuple(head.get("languages", ["en"]))
    fields = tuple(_field(raw, path, languages) for raw in data.get("fields", []))
    sections = {str(k): dict(v) for k, v in (head.get("sections") or {}).items()}
    current = ""
    with_sections = []
    for f in fields:  # a field naming a section starts it; the next fields inherit it
        current = f.section or current
        if current and current not in sections:
            raise FormDefinitionError(
                f"{path.name}: field {f.id!r} names unknown section {current!r}"
            )
        with_sections.append(dataclasses.replace(f, section=current))
    fields = tuple(with_sections)
    ids = [f.id for f in fields]
    if len(set(ids)) != len(ids):
        raise FormDefinitionError(f"{path.name}: duplicate field ids")
    return Form(
        id=str(head["id"]),
        version=int(head["version"]),
        kind=str(head.get("kind", head["id"])),
        languages=languages,
        titles=dict(head.get("title", {})),
        intros=dict(head.get("intro", {})),
        fields=fields,
        sections=sections,
    )


def _field(raw: dict[str, Any], path: Path, languages: tuple[str, ...]) -> Field:
    ftype = raw.get("type")
    if ftype not in FIELD_TYPES:
        raise FormDefinitionError(
            f"{path.name}: field {raw.get('id')!r} has unknown type {ftype!r}"
        )
    choices = tuple(
        Choice(str(c["value"]), dict(c.get("label", {}))) for c in raw.get("choices", [])
    )
    source = raw.get("choices_from")
    if source is not None:
        if source not in CHOICE_SOURCES or choices:
            raise FormDefinitionError(
                f"{path.name}: field {raw.get('id')!r}: choices_from must be one of "
                f"{', '.join(sorted(CHOICE_SOURCES))}, without choices of its own"
            )
        choices = CHOICE_SOURCES[source](languages)
    if ftype in ("choice", "multichoice") and not choices:
        raise FormDefinitionError(f"{path.name}: field {raw['id']!r} needs choices")
    return Field(
        id=str(raw["id"]),
        type=ftype,
        labels=dict(raw.get("label", {})),
        helps=dict(raw.get("help", {})),
        required=bool(raw.get("required", False)),
        max_length=raw.get("max_length"),
        min_choices=int(
            raw.get("min_choices", 1 if raw.get("required") and ftype == "multichoice" else 0)
        ),
        choices=choices,
        searchable=bool(raw.get("searchable", False)),
        personal=bool(raw.get("personal", False)),
        staff_only=bool(raw.get("staff_only", False)),
        listed=bool(raw.get("listed", False)),
        consent=raw.get("consent"),
        section=str(raw.get("section", "")),
    )
