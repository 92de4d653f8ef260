"""Exporting the databank's records: JSON (every record, with `id`) or CSV (one form's columns,
laid out exactly as the laptop's exports, from the same form definition)."""

from __future__ import annotations

import io
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from lea_desktop.databank import repo
from lea_desktop.exports.csv_export import write_csv
from lea_desktop.exports.records import json_object
from lea_desktop.formkit import Form, load_form
from lea_desktop.paths import atomic_output


def export_json(engine: Engine, out: Path) -> int:
    """A JSON array: per record the laptop export's object plus kind, form, revision, device."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    forms: dict[str, Form | None] = defaultdict(lambda: None)
    count = 0
    # Personal data: 0600 from the first byte, the whole file or none.
    with atomic_output(out, private=True) as raw, engine.connect() as conn:
        fh = io.TextIOWrapper(raw, encoding="utf-8")
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
        fh.flush()
        fh.detach()  # leave closing (fsync, rename) to atomic_output
    return count


def export_csv(engine: Engine, out: Path, form_id: str = "follower_signup") -> int:
    """The records of one form, with the laptop's CSV layout (UTF-8 BOM, formula-safe cells)."""
    form = load_form(form_id)
    with engine.connect() as conn:
        return write_csv(form, repo.iter_registrations(conn, form_id=form_id), out)
