"""Registrations as flat export rows: fixed record columns, then one column per form field."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lea_desktop.domain.records import Registration
from lea_desktop.formkit import Form

RECORD_COLUMNS = ("id", "event_id", "created_at", "updated_at")


def json_object(form: Form, reg: Registration) -> dict[str, Any]:
    """The JSON export's object for one record: record columns, one key per field, consent."""
    obj: dict[str, Any] = {c: getattr(reg, c) for c in RECORD_COLUMNS}
    for f in form.fields:
        obj[f.id] = reg.answers.get(f.id, f.empty_value())
    obj["source"] = reg.source
    obj["collected_by"] = reg.collected_by
    obj["loi_status"] = reg.loi_status
    obj["loi_date"] = reg.loi_date
    if reg.consent:
        obj["consent"] = {
            k: reg.consent.get(k)
            for k in ("version", "text_sha256", "purposes", "given_at", "collected_by", "device_id")
        }
    else:
        obj["consent"] = None
    return obj


def header(form: Form) -> list[str]:
    return [*RECORD_COLUMNS, *form.field_ids(), "source", "collected_by", "loi_status",
            "loi_date", "consent_version",
            "consent_text_sha256", "consent_purposes", "consent_given_at", "consent_device_id"]  # fmt: skip


def flat_rows(form: Form, regs: Iterator[Registration]) -> Iterator[list[Any]]:
    """Rows matching `header(form)`, values still typed (lists for multi-choice answers)."""
    for reg in regs:
        consent = reg.consent or {}
        yield [
            *(getattr(reg, c) for c in RECORD_COLUMNS),
            *(reg.answers.get(f.id, f.empty_value()) for f in form.fields),
            reg.source,
            reg.collected_by,
            reg.loi_status,
            reg.loi_date,
            consent.get("version", ""),
            consent.get("text_sha256", ""),
            ";".join(consent.get("purposes", [])),
            consent.get("given_at", ""),
            consent.get("device_id", ""),
        ]
