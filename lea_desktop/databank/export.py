"""Exporting the databank's records: JSON (every record, with `id`) or CSV (one form's columns,
laid out exactly as the laptop's exports, from the same form definition)."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from lea_desktop.databank import repo
from lea_desktop.exports.csv_export import write_csv
from lea_desktop.exports.records import json_object
from lea_desktop.formkit import Form, load_form
from lea_desktop.paths import make_private_file


def export_json(engine: Engine, out: Path) -> int:
    """A JSON array: per record the laptop export's object plus kind, form, revision, device."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial")
    forms: dict[str, Form | None] = defaultdict(lambda: None)
    count = 0
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # personal data: 0600
    with open(fd, "w", encoding="utf-8") as fh, engine.connect() as conn:
        fh.write("[")
        for reg in repo.iter_registrations(conn):
            if reg.form_id not in forms:
                try:
                    forms[reg.form_id] = load_form(reg.form_id)
                except OSError:
                    forms[reg.form_id] = None
            form = forms[reg.form_id]
            obj: dict[str, Any] = json_object(form, reg) if form else {"id": reg.id, **reg.answers}
            obj.update(
                kind=reg.kind, form_id=reg.form_id, form_version=reg.form_version,
                revision=reg.revision, device_id=reg.device_id, event_id=reg.event_id,
                parent_id=reg.parent_id, loi_status=reg.loi_status, loi_date=reg.loi_date,
            )  # fmt: skip
            fh.write(",\n" if count else "\n")
            fh.write(json.dumps(obj, ensure_ascii=False))
            count += 1
        fh.write("\n]\n")
    tmp.replace(out)
    make_private_file(out)
    return count


def export_csv(engine: Engine, out: Path, form_id: str = "follower_signup") -> int:
    """The records of one form, with the laptop's CSV layout (UTF-8 BOM, formula-safe cells)."""
    form = load_form(form_id)
    with engine.connect() as conn:
        return write_csv(form, repo.iter_registrations(conn, form_id=form_id), out)
